#![cfg(not(target_arch = "wasm32"))]
//! Clocks, natively. The simulator's physical clocks: offset + drift in integer ppm, step
//! adjustment, slewing, and use from handlers. The clocks lesson: exact clock arithmetic,
//! the last-writer-wins anomaly and its absence with synchronised clocks, vector clocks
//! against a brute-force happened-before closure on random traces, Cristian's error bound,
//! the offset histories its charts draw, and its quiz. Every property failure names the
//! seed that reproduces it.

use std::fmt;

use distlab::lessons::clocks::predictors::{ClocksPredictors, CONCURRENT_PAIR, LWW_WINNER};
use distlab::lessons::clocks::scenes::history::{offset_histories, worst_offset_us, Start};
use distlab::lessons::clocks::scenes::setting::{
    read_drift_ppm, read_offset_ms, ClockSetting, MATERIAL_CLOCKS, MAX_DRIFT_PPM, MAX_OFFSET_US,
};
use distlab::lessons::clocks::scenes::sync::{SyncNode, CLIENTS};
use distlab::lessons::clocks::scenes::{
    chatter, cristian, drift, lww, sync, ClocksNode, ClocksSim,
};
use distlab::quiz::Predictors;
use distlab::sim::causality::{relation, HappenedBefore, Relation};
use distlab::sim::{
    Ctx, Intervention, LinkConfig, MessageInfo, NodeId, PhysicalClock, Protocol, SimTime,
    Simulation, TraceEvent, TraceKind, MS, SECOND,
};
use proptest::prelude::*;

// ----- The simulator's physical clocks -----

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

// ----- The lesson's clock arithmetic -----

#[test]
fn drift_is_exact_in_integers() {
    let clock = PhysicalClock::new(0, 250);
    assert_eq!(clock.read(SECOND), SECOND as i64 + 250);
    assert_eq!(clock.error_us(SECOND), 250);
    // 50 ppm for an hour is exactly 180 ms.
    assert_eq!(PhysicalClock::new(0, 50).error_us(3_600 * SECOND), 180_000);
    // A slow clock loses exactly as much.
    assert_eq!(PhysicalClock::new(0, -250).error_us(SECOND), -250);
    // Offsets from the material.
    for (clock, reading) in MATERIAL_CLOCKS
        .iter()
        .zip([1_123_000i64, 2_456_000, -211_000])
    {
        assert_eq!(
            PhysicalClock::new(clock.offset_us, clock.drift_ppm).read(0),
            reading
        );
    }
    // Many small steps give the same reading as one big one: no accumulated rounding.
    let clock = PhysicalClock::new(-7, 333);
    let mut t = 0;
    while t < 10 * SECOND {
        t += 1_234;
        let expected = t as i64 - 7 + (333 * t as i64).div_euclid(1_000_000);
        assert_eq!(clock.read(t), expected, "at {t}");
    }
}

#[test]
fn adjust_set_and_slew_are_exact() {
    let mut clock = PhysicalClock::new(1_000, 100);
    let before = clock.read(2 * SECOND);
    clock.adjust(-1_500);
    assert_eq!(clock.read(2 * SECOND), before - 1_500);

    clock.set(5 * SECOND, -211_000, 250);
    assert_eq!(clock.error_us(5 * SECOND), -211_000);
    assert_eq!(clock.error_us(6 * SECOND), -211_000 + 250);
    assert_eq!(clock.drift_ppm(), 250);

    // Slew +500 ppm for 2 s: continuous at the start, exactly +1 ms after, drift alone after.
    let mut clock = PhysicalClock::new(0, 0);
    clock.slew(SECOND, 500, 2 * SECOND);
    assert_eq!(clock.error_us(SECOND), 0);
    assert_eq!(clock.error_us(2 * SECOND), 500);
    assert_eq!(clock.error_us(3 * SECOND), 1_000);
    assert_eq!(clock.error_us(10 * SECOND), 1_000);
    assert_eq!(clock.rate_ppm(2 * SECOND), 500);
    assert_eq!(clock.rate_ppm(4 * SECOND), 0);
}

#[test]
fn set_clock_intervention_is_exact_in_a_running_simulation() {
    let mut sim: ClocksSim = drift::build(3);
    sim.run_until(2 * SECOND);
    let iv = ClockSetting::new(0, 250).intervention(1);
    assert_eq!(
        iv,
        Intervention::SetClock {
            node: 1,
            offset_us: 0,
            drift_ppm: 250
        }
    );
    sim.apply_intervention(&iv);
    assert_eq!(sim.clock(1).unwrap().error_us(sim.now()), 0);
    sim.run_until(3 * SECOND);
    assert_eq!(sim.clock(1).unwrap().error_us(3 * SECOND), 250);
}

#[test]
fn absurd_settings_are_clamped_with_a_message() {
    let offset = read_offset_ms("99999999999", 0);
    assert_eq!(offset.value, MAX_OFFSET_US);
    assert!(offset.message.is_some());
    let drift = read_drift_ppm("-1e9", 0);
    assert_eq!(drift.value, -MAX_DRIFT_PPM);
    assert!(drift.message.is_some());
    assert!(read_offset_ms("1123", 0).message.is_none());
    // A clamped extreme clock still runs without overflow.
    let mut sim: ClocksSim = drift::build(1);
    sim.apply_intervention(&ClockSetting::new(MAX_OFFSET_US, MAX_DRIFT_PPM).intervention(0));
    sim.run_until(drift::HORIZON_US);
    assert!(sim.local_clock_us(0).unwrap() > MAX_OFFSET_US);
}

// ----- Last writer wins -----

#[test]
fn skewed_clocks_make_last_writer_wins_keep_the_earlier_write() {
    let report = lww::run_to_end::<ClocksNode>(lww::DEFAULT_SEED, None);
    let verdict = report.verdict.expect("both writes replicated everywhere");
    assert_eq!(verdict.really_last, 1, "W2 was accepted later in true time");
    assert_eq!(verdict.kept, 0, "yet every replica keeps W1");
    assert!(verdict.anomaly());
    let (w1, w2) = (
        report.writes[0].accepted.unwrap(),
        report.writes[1].accepted.unwrap(),
    );
    assert!(w2.true_us > w1.true_us);
    assert!(
        w2.stamp_us < w1.stamp_us,
        "C's clock is behind A's by more than the gap"
    );
    // The lesson's predictor computes the same answer by running the scenario.
    assert_eq!(ClocksPredictors.correct_choice(LWW_WINNER), Some(0));
    assert_eq!(ClocksPredictors.expected_choices(LWW_WINNER), Some(2));
    assert_eq!(
        ClocksPredictors.scenario(LWW_WINNER).as_deref(),
        Some("lww")
    );
}

#[test]
fn synchronised_clocks_keep_the_write_that_came_last() {
    let synced = [ClockSetting::new(0, 0); 3];
    for seed in 0..50 {
        let verdict = lww::run_to_end::<ClocksNode>(seed, Some(synced))
            .verdict
            .unwrap_or_else(|| panic!("seed {seed}: no verdict"));
        assert_eq!(verdict.kept, 1, "seed {seed}");
        assert!(!verdict.anomaly(), "seed {seed}");
        let skewed = lww::run_to_end::<ClocksNode>(seed, None).verdict.unwrap();
        assert!(
            skewed.anomaly(),
            "seed {seed}: the material's clocks lose W2"
        );
    }
}

#[test]
fn moving_one_clock_flips_the_verdict() {
    // C ahead of A: W2 gets the larger stamp and survives.
    let mut clocks = MATERIAL_CLOCKS;
    clocks[2] = ClockSetting::new(2_200_000, 0);
    let verdict = lww::run_to_end::<ClocksNode>(lww::DEFAULT_SEED, Some(clocks))
        .verdict
        .unwrap();
    assert_eq!(verdict.kept, 1);
    assert!(!verdict.anomaly());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the clocks, every replica ends with the write whose (stamp, server) is larger.
    #[test]
    fn replicas_agree_on_the_larger_stamp(
        seed in 0u64..10_000,
        offsets in prop::array::uniform3(-3_000_000i64..3_000_000),
        drifts in prop::array::uniform3(-1_000i64..=1_000),
    ) {
        let clocks = [0, 1, 2].map(|i| ClockSetting::new(offsets[i], drifts[i]));
        let report = lww::run_to_end::<ClocksNode>(seed, Some(clocks));
        let verdict = report.verdict;
        prop_assert!(verdict.is_some(), "seed {seed}: replicas disagree or missed a write");
        let verdict = verdict.unwrap();
        let key = |w: usize| {
            let a = report.writes[w].accepted.unwrap();
            (a.stamp_us, report.writes[w].server)
        };
        let expected = if key(1) > key(0) { 1 } else { 0 };
        prop_assert_eq!(verdict.kept, expected, "seed {}", seed);
        prop_assert_eq!(verdict.really_last, 1, "seed {}", seed);
    }
}

// ----- Vector clocks against the definition of happened-before -----

/// A node that, on each timer, either takes a local step or sends to a random peer, and
/// sometimes forwards what it receives.
#[derive(Clone, Debug)]
struct Random {
    steps_left: u32,
}

#[derive(Clone, Copy, Debug)]
struct Hop(u32);

impl MessageInfo for Hop {
    fn kind(&self) -> &'static str {
        "hop"
    }

    fn label(&self) -> String {
        format!("hop {}", self.0)
    }
}

impl Protocol for Random {
    type Msg = Hop;

    fn role(&self) -> &'static str {
        "node"
    }

    fn display_state(&self) -> String {
        String::new()
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, Hop>) {
        let delay = 1 + ctx.random_below(30 * MS);
        ctx.set_timer(delay, 0);
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, Hop>, _tag: u64) {
        if self.steps_left == 0 {
            return;
        }
        self.steps_left -= 1;
        match ctx.random_below(3) {
            0 => ctx.note("local step"),
            _ => {
                let peers = ctx.node_count() as u64 - 1;
                let pick = ctx.random_below(peers) as NodeId;
                let to = if pick >= ctx.me() { pick + 1 } else { pick };
                ctx.send(to, Hop(0));
            }
        }
        let delay = 1 + ctx.random_below(40 * MS);
        ctx.set_timer(delay, 0);
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, Hop>, from: NodeId, msg: Hop) {
        if msg.0 < 2 && ctx.random_below(2) == 0 {
            let to = (from + 1 + ctx.random_below(ctx.node_count() as u64 - 1) as usize)
                % ctx.node_count();
            if to != ctx.me() {
                ctx.send(to, Hop(msg.0 + 1));
            }
        }
    }
}

fn random_trace(seed: u64, nodes: usize, duplicate_ppm: u32, reorder_ppm: u32) -> Vec<TraceEvent> {
    let mut builder = Simulation::builder(seed)
        .link_all(
            LinkConfig::uniform(MS, 25 * MS)
                .with_duplicate_ppm(duplicate_ppm)
                .with_reordering(reorder_ppm, 20 * MS),
        )
        .full_trace(true);
    for i in 0..nodes {
        builder = builder.node(format!("n{i}"), Random { steps_left: 12 });
    }
    let mut sim = builder.build();
    sim.run_until(SECOND);
    sim.full_trace().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// For every pair of events, comparing vector timestamps gives exactly the relation
    /// built from program order and messages, and Lamport clocks respect it.
    #[test]
    fn vector_clocks_match_the_happened_before_closure(
        seed in any::<u64>(),
        nodes in 2usize..6,
        duplicate_ppm in prop_oneof![Just(0u32), 0u32..300_000],
        reorder_ppm in prop_oneof![Just(0u32), 0u32..300_000],
    ) {
        let trace = random_trace(seed, nodes, duplicate_ppm, reorder_ppm);
        let closure = HappenedBefore::from_trace(&trace);
        let causal: Vec<&TraceEvent> = trace.iter().filter(|e| e.kind.ticks_clock()).collect();
        prop_assert_eq!(closure.len(), causal.len(), "seed {}", seed);
        for (i, a) in causal.iter().enumerate() {
            prop_assert_eq!(closure.seq(i), Some(a.seq));
            for (j, b) in causal.iter().enumerate() {
                let defined = closure.relation(i, j);
                let by_vectors = relation(&a.vector, &b.vector);
                prop_assert_eq!(
                    defined, by_vectors,
                    "seed {}: events #{} and #{} ({:?} {:?} vs {:?} {:?})",
                    seed, a.seq, b.seq, a.kind, a.vector, b.kind, b.vector
                );
                if defined == Relation::Before {
                    prop_assert!(a.lamport < b.lamport, "seed {}: L(#{}) ≥ L(#{})", seed, a.seq, b.seq);
                }
            }
        }
        if let Some((x, y)) = chatter::concurrent_yet_ordered(&trace) {
            prop_assert_eq!(relation(&trace[x].vector, &trace[y].vector), Relation::Concurrent, "seed {}", seed);
            prop_assert!(trace[x].lamport < trace[y].lamport, "seed {}", seed);
        }
    }
}

#[test]
fn the_chatter_shows_concurrent_events_with_ordered_lamport_times() {
    for seed in 0..100 {
        let mut sim: ClocksSim = chatter::build(seed);
        sim.run_until(chatter::HORIZON_US);
        let events = sim.recent_events();
        let (x, y) = chatter::concurrent_yet_ordered(&events)
            .unwrap_or_else(|| panic!("seed {seed}: no pair to point out"));
        assert!(
            events[x].time > events[y].time,
            "seed {seed}: the pair contradicts real time"
        );
        let (send, step) = chatter::quiz_pair(&events).expect("the quiz's events happen");
        assert_eq!(
            relation(&events[send].vector, &events[step].vector),
            Relation::Concurrent,
            "seed {seed}: C's local step never hears of A's send"
        );
        assert!(events[send].time < events[step].time, "seed {seed}");
    }
    assert_eq!(ClocksPredictors.correct_choice(CONCURRENT_PAIR), Some(0));
    assert_eq!(
        ClocksPredictors.scenario(CONCURRENT_PAIR).as_deref(),
        Some("vector")
    );
    assert_eq!(ClocksPredictors.expected_choices("clocks.unknown"), None);
}

// ----- Cristian's algorithm -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// With a clock that runs true during the exchange, the estimate is off by at most RTT/2;
    /// a drifting clock adds at most its drift over the round trip.
    #[test]
    fn cristian_error_is_bounded_by_half_the_round_trip(
        seed in any::<u64>(),
        offset_us in -3_600_000_000i64..3_600_000_000,
        drift_ppm in -1_000i64..=1_000,
        sent_us in 0u64..1_000_000_000,
        there_us in 0u64..500_000,
        back_us in 0u64..500_000,
    ) {
        for drift in [0, drift_ppm] {
            let clock = PhysicalClock::new(offset_us, drift);
            let answered_us = sent_us + there_us;
            let received_us = answered_us + back_us;
            let estimate = cristian::estimate(cristian::Exchange {
                sent_local_us: clock.read(sent_us),
                server_us: answered_us as i64,
                received_local_us: clock.read(received_us),
            });
            let error = estimate.estimate_us - received_us as i64;
            let rtt_true = (there_us + back_us) as i64;
            let slack = (drift.abs() * rtt_true) / 1_000_000 + 2;
            let bound = if drift == 0 { estimate.uncertainty_us } else { estimate.uncertainty_us + slack };
            prop_assert!(
                error.abs() <= bound,
                "seed {}: error {} µs beyond bound {} µs (rtt {} µs, drift {} ppm)",
                seed, error, bound, estimate.rtt_us, drift
            );
            // After stepping by the correction, the clock reads the estimate.
            let mut stepped = clock.clone();
            stepped.adjust(estimate.correction_us);
            prop_assert_eq!(stepped.read(received_us), estimate.estimate_us);
        }
    }
}

#[test]
fn every_sync_in_the_scenario_lands_within_its_uncertainty() {
    for seed in 0..20 {
        for interval in [sync::MIN_INTERVAL_US, sync::DEFAULT_INTERVAL_US] {
            let mut sim: ClocksSim = sync::build(seed, interval);
            let mut seen = [None; 3];
            let mut syncs = 0;
            while sim.step() && sim.now() <= sync::HORIZON_US {
                for (slot, &client) in CLIENTS.iter().enumerate() {
                    let last = sim
                        .node(client)
                        .and_then(ClocksNode::sync)
                        .and_then(SyncNode::last);
                    if last != seen[slot] {
                        seen[slot] = last;
                        let record = last.unwrap();
                        syncs += 1;
                        let drift = sim.clock(client).unwrap().drift_ppm();
                        let slack = (drift.abs() * record.estimate.rtt_us) / 1_000_000 + 2;
                        assert!(
                            record.error_after_us.abs() <= record.estimate.uncertainty_us + slack,
                            "seed {seed}: residual {} µs, uncertainty {} µs",
                            record.error_after_us,
                            record.estimate.uncertainty_us
                        );
                        assert!(record.estimate.uncertainty_us <= sync::LATENCY_US.1 as i64 + 1);
                    }
                }
            }
            assert!(
                syncs >= 3 * (sync::HORIZON_US / interval) as usize - 3,
                "seed {seed}"
            );
        }
    }
}

// ----- Offset histories (what the charts draw) -----

/// Every value the polyline `history` takes at `t` (two at a step).
fn offset_on(history: &[(SimTime, i64)], t: SimTime) -> Vec<i64> {
    let mut values = Vec::new();
    for pair in history.windows(2) {
        let ((t0, v0), (t1, v1)) = (pair[0], pair[1]);
        if t0 <= t && t <= t1 {
            let v = if t1 == t0 {
                v1
            } else {
                v0 + ((v1 - v0) as i128 * (t - t0) as i128 / (t1 - t0) as i128) as i64
            };
            values.push(v);
        }
    }
    values
}

#[test]
fn histories_pass_through_every_reading_steps_and_interventions_included() {
    for seed in 0..10 {
        let mut sim: ClocksSim = sync::build(seed, 5 * SECOND);
        sim.run_until(20 * SECOND);
        sim.apply_intervention(&ClockSetting::new(40_000, -900).intervention(2));
        sim.run_until(sync::HORIZON_US);
        let events = sim.recent_events();
        let starts: Vec<Start> = std::iter::once(Start {
            offset_us: 0,
            drift_ppm: 0,
        })
        .chain(sync::start_clocks().iter().map(|c| Start {
            offset_us: c.offset_us,
            drift_ppm: c.drift_ppm,
        }))
        .collect();
        let histories = offset_histories(&starts, &events, sim.now());
        for event in events.iter().filter(|e| e.node.is_some()) {
            let node = event.node.unwrap();
            let actual = event.local_clock_us - event.time as i64;
            let on_line = offset_on(&histories[node], event.time);
            assert!(
                on_line.iter().any(|v| (v - actual).abs() <= 2),
                "seed {seed}: node {node} reads {actual} at {} but the history has {on_line:?}",
                event.time
            );
        }
        for (node, history) in histories.iter().enumerate() {
            let end = *history.last().unwrap();
            assert_eq!(end.0, sim.now());
            let now_error = sim.clock(node).unwrap().error_us(sim.now());
            assert!((end.1 - now_error).abs() <= 2, "seed {seed}: node {node}");
        }
        // Once synchronised, every client stays within RTT/2 + drift × interval.
        for (slot, &client) in CLIENTS.iter().enumerate() {
            let drift = if client == 2 {
                900
            } else {
                sync::start_clocks()[slot].drift_ppm
            };
            let bound = sync::expected_worst_us(drift, 5 * SECOND) + 100;
            let worst = worst_offset_us(&histories[client], 22 * SECOND);
            assert!(
                worst <= bound,
                "seed {seed}: {client} off by {worst} µs > {bound} µs"
            );
        }
    }
}

// ----- The quiz -----

fn load(file: &str, text: &str) -> distlab::quiz::Quiz {
    distlab::quiz::parse_quiz(file, text, &distlab::lessons::CoursePredictors).unwrap_or_else(
        |errors| {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        },
    )
}

#[test]
fn predict_questions_are_graded_by_running_the_simulation() {
    use distlab::quiz::{grade, Kind, Response};
    let (file, text) = distlab::lessons::clocks::QUIZ_FILE;
    let quiz = load(file, text);
    for name in [LWW_WINNER, CONCURRENT_PAIR] {
        assert!(text.contains(name), "{name} has a question");
    }
    let predictors = distlab::lessons::CoursePredictors;
    let lww = quiz.question("lww-winner").unwrap();
    assert_eq!(lww.kind(), Kind::Predict);
    let graded = grade(lww, &Response::Choice(0), &predictors);
    assert!(graded.correct, "W1 survives");
    assert_eq!(graded.scenario.as_deref(), Some("lww"));
    assert!(!grade(lww, &Response::Choice(1), &predictors).correct);
    let pair = quiz.question("concurrent-pair").unwrap();
    assert!(grade(pair, &Response::Choice(0), &predictors).correct);
    // The instructor's example file names the same predictor.
    let example = include_str!("../public/example-quiz.toml");
    load("example-quiz.toml", example);
}

#[test]
fn with_a_clock_set_right_the_later_write_survives() {
    use distlab::lessons::clocks::predictors::LWW_A_CORRECTED;
    assert_eq!(ClocksPredictors.correct_choice(LWW_A_CORRECTED), Some(1));
    let run = ClocksPredictors.scenario(LWW_A_CORRECTED).unwrap();
    assert!(run.starts_with("lww&seed=1&ops=0~0~clk.1.0."), "{run}");
}
