//! The simulator guards itself: a protocol that never lets time pass, or a message storm,
//! halts the run with a reason instead of hanging the page or exhausting its memory,
//! however the run is driven (`run_until`, single steps, or the widget's timeline).

use std::rc::Rc;

use distlab::sim::{
    Ctx, HaltCause, LinkConfig, MessageInfo, NodeId, Protocol, Simulation, Timeline, World,
    WorldBuilder, MAX_EVENTS_AT_ONE_INSTANT, MAX_IN_FLIGHT, MS,
};

#[derive(Clone, Debug)]
struct Msg;

impl MessageInfo for Msg {
    fn kind(&self) -> &'static str {
        "msg"
    }

    fn label(&self) -> String {
        "msg".into()
    }
}

/// Sets a timer with zero delay every time its timer fires, from `start_us` on.
#[derive(Clone, Debug)]
struct Spinner {
    start_us: u64,
}

impl Protocol for Spinner {
    type Msg = Msg;

    fn role(&self) -> &'static str {
        "spinner"
    }

    fn display_state(&self) -> String {
        String::new()
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, Msg>) {
        ctx.set_timer(self.start_us, 0);
    }

    fn on_message(&mut self, _ctx: &mut Ctx<'_, Msg>, _from: NodeId, _msg: Msg) {}

    fn on_timer(&mut self, ctx: &mut Ctx<'_, Msg>, _tag: u64) {
        ctx.set_timer(0, 0);
    }
}

#[test]
fn a_zero_delay_timer_loop_halts_with_a_reason_instead_of_hanging() {
    let mut sim = Simulation::builder(1)
        .node("S", Spinner { start_us: 5 * MS })
        .build();
    sim.run_until(MS);
    assert_eq!(
        sim.halted(),
        None,
        "nothing is wrong before the loop starts"
    );
    sim.run_until(10 * MS);
    let halt = sim.halted().expect("the loop halts the run");
    assert_eq!(halt.at_us, 5 * MS);
    assert_eq!(halt.events, MAX_EVENTS_AT_ONE_INSTANT);
    assert_eq!(sim.now(), 5 * MS, "time stays where it stalled");
    let processed = sim.events_processed();
    sim.run_until(20 * MS);
    assert_eq!(
        sim.events_processed(),
        processed,
        "a halted run does no more work"
    );
    assert!(halt.to_string().contains("without letting time pass"));
}

#[test]
fn a_busy_but_moving_run_does_not_halt() {
    // Many events in total, but never many at one instant.
    #[derive(Clone, Debug)]
    struct Ticker;
    impl Protocol for Ticker {
        type Msg = Msg;
        fn role(&self) -> &'static str {
            "ticker"
        }
        fn display_state(&self) -> String {
            String::new()
        }
        fn on_start(&mut self, ctx: &mut Ctx<'_, Msg>) {
            ctx.set_timer(1, 0);
        }
        fn on_message(&mut self, _ctx: &mut Ctx<'_, Msg>, _from: NodeId, _msg: Msg) {}
        fn on_timer(&mut self, ctx: &mut Ctx<'_, Msg>, _tag: u64) {
            ctx.set_timer(1, 0);
        }
    }
    let mut sim = Simulation::builder(1).node("T", Ticker).build();
    let until_us = 2 * MAX_EVENTS_AT_ONE_INSTANT;
    sim.run_until(until_us);
    assert_eq!(sim.halted(), None);
    assert_eq!(sim.now(), until_us);
    assert!(sim.events_processed() >= until_us);
}

#[test]
fn the_widgets_timeline_halts_a_zero_delay_loop_too() {
    let build: WorldBuilder = Rc::new(|| {
        let sim = Simulation::builder(1)
            .node("S", Spinner { start_us: 5 * MS })
            .build();
        Box::new(sim) as Box<dyn World>
    });
    let mut timeline = Timeline::new(build);
    timeline.advance_to(10 * MS);
    let halt = timeline
        .world()
        .halted()
        .expect("the loop halts the timeline's run");
    assert_eq!(halt.cause, HaltCause::StalledTime);
    assert_eq!(halt.at_us, 5 * MS);
    // Stepping and seeking stay cheap and stay halted.
    assert!(!timeline.step());
    timeline.seek(20 * MS);
    assert!(timeline.world().halted().is_some());
}

/// Answers every message with two, so the messages in flight double each round trip.
#[derive(Clone, Debug)]
struct Doubler;

impl Protocol for Doubler {
    type Msg = Msg;

    fn role(&self) -> &'static str {
        "doubler"
    }

    fn display_state(&self) -> String {
        String::new()
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, Msg>) {
        if ctx.me() == 0 {
            ctx.send(1, Msg);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, Msg>, from: NodeId, _msg: Msg) {
        ctx.send(from, Msg);
        ctx.send(from, Msg);
    }
}

#[test]
fn a_message_storm_halts_before_it_exhausts_memory() {
    let mut sim = Simulation::builder(1)
        .node("A", Doubler)
        .node("B", Doubler)
        .link_all(LinkConfig::uniform(MS, 2 * MS))
        .build();
    sim.run_until(10_000 * MS);
    let halt = sim.halted().expect("the storm halts the run");
    assert_eq!(halt.cause, HaltCause::Flood);
    let in_flight = sim.counters().in_flight as usize;
    assert!(in_flight <= MAX_IN_FLIGHT + 2, "{in_flight} in flight");
    assert!(halt.to_string().contains("messages were on the wire"));
    let processed = sim.events_processed();
    assert!(!sim.step());
    assert_eq!(sim.events_processed(), processed);
}
