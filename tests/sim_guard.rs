//! The simulator guards itself: a protocol that never lets time pass halts the run with
//! a reason instead of hanging the page.

use distlab::sim::{Ctx, MessageInfo, NodeId, Protocol, Simulation, MAX_EVENTS_AT_ONE_INSTANT, MS};

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
