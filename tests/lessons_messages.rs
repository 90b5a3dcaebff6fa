//! The messages lesson's predict-then-run questions: each predictor's answer, and the run
//! the page shows after the answer replaying, through the widget's timeline, to the same
//! outcome the predictor saw.

use std::rc::Rc;

use distlab::embed::Params;
use distlab::lessons::messages::predictors::{
    MessagesPredictors, FANOUT_CRASH_B, RETRY_IDEMPOTENT, RETRY_LOSSY,
};
use distlab::lessons::messages::scenes::{retry, sequence, MessagesSim};
use distlab::quiz::Predictors;
use distlab::sim::{Recorded, SimTime, Timeline, World, WorldBuilder};

/// The timeline the page builds from a predictor's link, played to `until_us`.
fn replay(link: &str, build: WorldBuilder, until_us: SimTime) -> Timeline {
    let (_, setup) = link.split_once('&').expect("the link sets the run up");
    let (params, notices) = Params::parse(setup);
    assert!(notices.is_empty(), "{notices:?}");
    let recorded = Recorded::decode_list(&params.ops.expect("the link has ops")).unwrap();
    let mut timeline = Timeline::with_interventions(build, recorded);
    timeline.advance_to(until_us);
    timeline
}

fn retry_builder(idempotent: bool) -> WorldBuilder {
    Rc::new(move || {
        let sim: MessagesSim = retry::build(idempotent, retry::DEFAULT_SEED);
        Box::new(sim) as Box<dyn World>
    })
}

#[test]
fn a_lost_reply_is_applied_twice_unless_the_server_is_idempotent() {
    let p = MessagesPredictors;
    assert_eq!(p.correct_choice(RETRY_LOSSY), Some(2), "counter 2");
    assert_eq!(p.correct_choice(RETRY_IDEMPOTENT), Some(1), "counter 1");
    for (name, idempotent, counter) in [(RETRY_LOSSY, false, 2), (RETRY_IDEMPOTENT, true, 1)] {
        let link = p.scenario(name).unwrap();
        let scenario = if idempotent {
            retry::NAME_IDEMPOTENT
        } else {
            retry::NAME
        };
        assert!(link.starts_with(&format!("{scenario}&")), "{link}");
        let timeline = replay(&link, retry_builder(idempotent), retry::HORIZON_US);
        let sim = timeline.world_as::<MessagesSim>().unwrap();
        assert_eq!(
            retry::server_counter(sim),
            counter,
            "{name}: the shown run agrees"
        );
        assert!(
            sim.counters().named("retries") >= 1,
            "{name}: the client retried"
        );
    }
}

#[test]
fn with_server_b_crashed_the_user_never_gets_its_result() {
    let p = MessagesPredictors;
    assert_eq!(p.correct_choice(FANOUT_CRASH_B), Some(1));
    let link = p.scenario(FANOUT_CRASH_B).unwrap();
    let build: WorldBuilder = Rc::new(|| {
        let sim: MessagesSim = sequence::build(sequence::DEFAULT_SEED);
        Box::new(sim) as Box<dyn World>
    });
    let timeline = replay(&link, build, sequence::HORIZON_US);
    let sim = timeline.world_as::<MessagesSim>().unwrap();
    assert!(!sequence::user_answered(sim));
    assert!(
        !sim.snapshot().nodes[sequence::SERVER_B].up,
        "B is down in the shown run"
    );
    // Without the crash the same seed answers the user.
    let mut healthy: MessagesSim = sequence::build(sequence::DEFAULT_SEED);
    healthy.run_until(sequence::HORIZON_US);
    assert!(sequence::user_answered(&healthy));
}

#[test]
fn the_text_names_seeds_that_show_both_orders_of_the_replies() {
    // "With the default seed, 7, C's Ack reaches A before B's Response. Change the seed
    // to 2 … now the Response comes back first."
    let first_reply = |seed: u64| {
        let mut sim: MessagesSim = sequence::build(seed);
        sim.run_until(sequence::HORIZON_US);
        sim.recent_events()
            .iter()
            .filter(|e| e.node == Some(sequence::SERVER_A))
            .filter(|e| e.kind == distlab::sim::TraceKind::Deliver)
            .filter_map(|e| e.message.map(|m| m.kind))
            .find(|kind| *kind != "request")
    };
    assert_eq!(sequence::DEFAULT_SEED, 7);
    assert_eq!(first_reply(7), Some("ack"));
    assert_eq!(first_reply(2), Some("response"));
}
