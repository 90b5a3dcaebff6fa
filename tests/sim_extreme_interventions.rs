//! Every lesson scene survives any list of interventions a link can carry, extreme
//! values included: run to its horizon, it never panics, its ledgers balance after every
//! event (the simulator's debug assertions), and it either reaches the horizon or says
//! why it halted.

use std::rc::Rc;

use distlab::lessons::clocks::scenes::{self as clocks, ClocksSim};
use distlab::lessons::intro::scenes::{self as intro, IntroSim};
use distlab::lessons::load_balancing::scenes::{self as lb, LoadBalancingSim};
use distlab::lessons::messages::scenes::{self as messages, MessagesSim};
use distlab::sim::{Intervention, SimTime, Timeline, World, WorldBuilder};
use distlab::ui::sim::settings::{sanitize, MAX_EVENTS_PER_SEEK};
use proptest::prelude::*;

mod common;
use common::intervention;

/// A scene: its name, how to build it, and how far it runs.
struct Scene {
    name: &'static str,
    build: WorldBuilder,
    horizon_us: SimTime,
}

fn scene<W: World + 'static>(
    name: &'static str,
    horizon_us: SimTime,
    build: impl Fn(u64) -> W + 'static,
) -> Scene {
    Scene {
        name,
        build: Rc::new(move || Box::new(build(7)) as Box<dyn World>),
        horizon_us,
    }
}

/// Every scene the lessons open, the benchmark scenes left out (they are large on
/// purpose and have their own storm test in `sim_guard.rs`).
fn scenes() -> Vec<Scene> {
    vec![
        scene(
            "cdn",
            intro::cdn::HORIZON_US,
            intro::cdn::build::<intro::IntroNode>,
        ),
        scene(
            "clocks",
            intro::clocks::HORIZON_US,
            intro::clocks::build::<intro::IntroNode>,
        ),
        scene(
            "concurrency",
            intro::concurrency::HORIZON_US,
            |s| -> IntroSim { intro::concurrency::build(s) },
        ),
        scene("failure", intro::failure::HORIZON_US, |s| -> IntroSim {
            intro::failure::build(s)
        }),
        scene("search", intro::search::HORIZON_US, |s| -> IntroSim {
            intro::search::build(s)
        }),
        scene("sharing", intro::sharing::HORIZON_US, |s| -> IntroSim {
            intro::sharing::build(Default::default(), s)
        }),
        scene("shop", intro::shop::HORIZON_US, |s| -> IntroSim {
            intro::shop::build(s)
        }),
        scene(
            "sequence",
            messages::sequence::HORIZON_US,
            |s| -> MessagesSim { messages::sequence::build(s) },
        ),
        scene("retry", messages::retry::HORIZON_US, |s| -> MessagesSim {
            messages::retry::build(false, s)
        }),
        scene(
            "mystery",
            messages::mystery::FULL_HORIZON_US,
            |s| -> MessagesSim { messages::mystery::build(s) },
        ),
        scene("chatter", clocks::chatter::HORIZON_US, |s| -> ClocksSim {
            clocks::chatter::build(s)
        }),
        scene("drift", clocks::drift::HORIZON_US, |s| -> ClocksSim {
            clocks::drift::build(s)
        }),
        scene("lww", clocks::lww::HORIZON_US, |s| -> ClocksSim {
            clocks::lww::build(s)
        }),
        scene("sync", clocks::sync::HORIZON_US, |s| -> ClocksSim {
            clocks::sync::build(s, clocks::sync::DEFAULT_INTERVAL_US)
        }),
        scene(
            "lb-strategies",
            lb::strategies::HORIZON_US,
            |s| -> LoadBalancingSim { lb::strategies::build_default(s) },
        ),
        scene(
            "lb-health",
            lb::health::HORIZON_US,
            |s| -> LoadBalancingSim { lb::health::build_default(s) },
        ),
        scene(
            "lb-bottleneck",
            lb::bottleneck::HORIZON_US,
            |s| -> LoadBalancingSim { lb::bottleneck::build_default(s) },
        ),
    ]
}

/// Runs `scene` with `actions` (each at a fraction of its horizon), the way the widget
/// applies a link's actions: sanitized, and only those naming machines it has.
fn run(scene: &Scene, actions: &[(u16, Intervention)]) -> Result<(), TestCaseError> {
    let mut timeline = Timeline::new(scene.build.clone());
    let node_count = timeline.world().node_count();
    let mut actions: Vec<(SimTime, Intervention)> = actions
        .iter()
        .filter(|(_, iv)| iv.fits(node_count))
        .map(|&(at, iv)| {
            (
                scene.horizon_us / 1000 * SimTime::from(at % 1000),
                sanitize(iv),
            )
        })
        .collect();
    actions.sort_by_key(|&(at, _)| at);
    for (at, iv) in actions {
        timeline.advance_to(at);
        timeline.intervene(iv);
    }
    timeline.advance_to(scene.horizon_us);
    let world = timeline.world();
    prop_assert!(
        world.now() == scene.horizon_us || world.halted().is_some(),
        "{}: stopped at {} µs of {} without saying why",
        scene.name,
        world.now(),
        scene.horizon_us
    );
    let c = world.counters();
    prop_assert_eq!(
        c.sent + c.duplicated,
        c.delivered + c.dropped.total() + c.in_flight,
        "{}: the message ledger does not balance",
        scene.name
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Any list of up to six interventions, extreme values included, on every scene.
    #[test]
    fn every_scene_survives_any_link_actions(
        actions in prop::collection::vec((any::<u16>(), intervention()), 0..6)
    ) {
        for scene in scenes() {
            run(&scene, &actions)?;
        }
    }
}

/// The worst single actions, one at a time at the start, on every scene.
#[test]
fn every_scene_survives_the_worst_single_actions() {
    let worst = [
        Intervention::SetDuplication { ppm: u32::MAX },
        Intervention::SetLoss { ppm: u32::MAX },
        Intervention::SetLatency {
            min_us: u64::MAX,
            max_us: u64::MAX,
        },
        Intervention::SetClock {
            node: 0,
            offset_us: i64::MIN,
            drift_ppm: i64::MAX,
        },
    ];
    for scene in scenes() {
        for iv in worst {
            run(&scene, &[(0, iv)]).unwrap_or_else(|e| panic!("{iv}: {e}"));
        }
    }
}

/// One jump from time 0 to the end reaches the end of every lesson scene within the
/// widget's per-jump work cap, with room to spare: the cap only ever stops storms.
#[test]
fn every_scene_reaches_its_end_in_one_jump() {
    for scene in scenes() {
        let mut timeline = Timeline::new(scene.build.clone());
        assert!(
            timeline.seek_within(scene.horizon_us, MAX_EVENTS_PER_SEEK / 4),
            "{}: one jump to the end stopped at {} µs",
            scene.name,
            timeline.now()
        );
    }
}

/// A jump that hits the work cap stops part-way, and the next one goes on from there to
/// the same world as an uncapped run.
#[test]
fn a_capped_jump_goes_on_where_it_stopped() {
    let scene = scenes()
        .into_iter()
        .find(|s| s.name == "lb-bottleneck")
        .unwrap();
    let mut capped = Timeline::new(scene.build.clone());
    let mut jumps = 0;
    while !capped.seek_within(scene.horizon_us, 1_000) {
        jumps += 1;
        assert!(capped.now() < scene.horizon_us);
    }
    assert!(jumps > 5, "the cap never bit ({jumps} jumps)");
    let mut straight = Timeline::new(scene.build.clone());
    straight.advance_to(scene.horizon_us);
    assert_eq!(capped.world().trace_hash(), straight.world().trace_hash());
    assert_eq!(capped.now(), straight.now());
}
