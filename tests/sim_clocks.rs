#![cfg(not(target_arch = "wasm32"))]
//! Physical clocks: offset + drift in integer ppm, step adjustment, slewing, and use from handlers.

use std::fmt;

use distlab::sim::{
    Ctx, Intervention, MessageInfo, NodeId, PhysicalClock, Protocol, SimTime, Simulation,
    TraceKind, MS,
};

#[derive(Clone, Debug)]
struct Tick;

impl MessageInfo for Tick {
    fn kind(&self) -> &'static str {
        "tick"
    }
    fn label(&self) -> String {
        "tick".to_owned()
    }
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str("tick")
    }
}

#[test]
fn physical_clock_arithmetic_is_exact() {
    let clock = PhysicalClock::new(5_000, 200);
    assert_eq!(clock.read(0), 5_000);
    assert_eq!(clock.read(1_000_000), 1_005_200);
    assert_eq!(clock.read(2_500_000), 2_505_500);
    assert_eq!(clock.read(4_999), 9_999); // 200 · 4999 / 1e6 = 0.9998 → floor 0
    let slow = PhysicalClock::new(0, -100);
    assert_eq!(slow.read(1), 0); // floor(−100 / 1e6) = −1
    assert_eq!(slow.read(10_000_000), 9_999_000);

    let mut clock = PhysicalClock::new(0, 0);
    clock.adjust(-300);
    assert_eq!(clock.read(1_000), 700);
    // Slew +1000 ppm for 0.5 s starting at 1 s: gains exactly 500 µs, then stops gaining.
    clock.slew(1_000_000, 1_000, 500_000);
    assert_eq!(clock.read(1_000_000), 999_700);
    assert_eq!(clock.read(1_250_000), 1_249_950);
    assert_eq!(clock.read(1_500_000), 1_500_200);
    assert_eq!(clock.read(3_000_000), 3_000_200);
    assert_eq!(clock.rate_ppm(1_200_000), 1_000);
    assert_eq!(clock.rate_ppm(1_600_000), 0);
    // Setting the clock re-anchors it at now.
    clock.set(2_000_000, -5_000, 200);
    assert_eq!(clock.read(2_000_000), 1_995_000);
    assert_eq!(clock.read(3_000_000), 2_995_200);
    assert_eq!(clock.error_us(3_000_000), -4_800);
}

/// Adjusts its own clock from a handler and records readings.
#[derive(Clone, Debug, Default)]
struct ClockUser {
    readings: Vec<i64>,
}

impl Protocol for ClockUser {
    type Msg = Tick;
    fn role(&self) -> &'static str {
        "clock"
    }
    fn display_state(&self) -> String {
        String::new()
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Tick>) {
        ctx.set_timer(MS, 0);
    }
    fn on_message(&mut self, _ctx: &mut Ctx<'_, Tick>, _from: NodeId, _msg: Tick) {}
    fn on_timer(&mut self, ctx: &mut Ctx<'_, Tick>, tag: u64) {
        self.readings.push(ctx.local_clock_us());
        if tag == 0 {
            ctx.adjust_clock(250);
            self.readings.push(ctx.local_clock_us());
            ctx.slew_clock(-10_000, 100 * MS);
            ctx.set_timer(100 * MS, 1);
        }
    }
}

#[test]
fn clocks_are_readable_and_adjustable_from_handlers_and_interventions() {
    let mut sim = Simulation::builder(16)
        .node("x", ClockUser::default())
        .clock(0, 1_000, 1_000)
        .full_trace(true)
        .build();
    sim.run_until(SimTime::MAX / 2);
    // At 1 ms: 1000 + 1000 + 1 µs drift; +250 step; then 100 ms at (1000 − 10000) ppm = −900 µs.
    assert_eq!(
        sim.node(0).unwrap().readings,
        vec![2_001, 2_251, 101_000 + 1_251 - 900]
    );
    let timer_events: Vec<i64> = sim
        .full_trace()
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::Timer { .. }))
        .map(|e| e.local_clock_us)
        .collect();
    assert_eq!(timer_events, vec![2_001, 101_351]);
    let now = sim.now();
    sim.apply_intervention(&Intervention::SetClock {
        node: 0,
        offset_us: -7,
        drift_ppm: 0,
    });
    assert_eq!(sim.local_clock_us(0), Some(now as i64 - 7));
}
