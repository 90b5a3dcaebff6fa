#![cfg(not(target_arch = "wasm32"))]
//! One test per network, node and clock fault, each showing its exact effect.

use std::fmt;

use distlab::sim::rng::{child_stream, link_stream_id};
use distlab::sim::{
    Ctx, DropCause, Intervention, Latency, LinkConfig, MessageInfo, NodeId, Protocol, Rule,
    RuleAction, SimTime, Simulation, TraceKind, World, MS,
};

#[derive(Clone, Debug)]
struct Data {
    seq: u64,
    kind: &'static str,
}

impl MessageInfo for Data {
    fn kind(&self) -> &'static str {
        self.kind
    }
    fn label(&self) -> String {
        format!("{} #{}", self.kind, self.seq)
    }
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{} #{}", self.kind, self.seq)
    }
}

/// Sends `count` numbered messages to each target, one round every `interval_us`, and records what it receives.
#[derive(Clone, Debug, Default)]
struct Chatter {
    targets: Vec<NodeId>,
    count: u64,
    interval_us: u64,
    kind: &'static str,
    received: Vec<(NodeId, u64, SimTime)>,
    timers_fired: Vec<u64>,
    forget_on_restart: bool,
    restarts: u32,
}

impl Protocol for Chatter {
    type Msg = Data;
    fn role(&self) -> &'static str {
        "chatter"
    }
    fn display_state(&self) -> String {
        format!("received {}", self.received.len())
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Data>) {
        for k in 0..self.count {
            ctx.set_timer(k * self.interval_us, k);
        }
    }
    fn on_message(&mut self, ctx: &mut Ctx<'_, Data>, from: NodeId, msg: Data) {
        self.received.push((from, msg.seq, ctx.true_time_us()));
    }
    fn on_timer(&mut self, ctx: &mut Ctx<'_, Data>, tag: u64) {
        self.timers_fired.push(tag);
        for &to in &self.targets {
            ctx.send(
                to,
                Data {
                    seq: tag,
                    kind: self.kind,
                },
            );
        }
    }
    fn on_restart(&mut self, _ctx: &mut Ctx<'_, Data>) {
        self.restarts += 1;
        if self.forget_on_restart {
            self.received.clear();
        }
    }
}

fn chatter(targets: Vec<NodeId>, count: u64, interval_us: u64) -> Chatter {
    Chatter {
        targets,
        count,
        interval_us,
        kind: "data",
        ..Chatter::default()
    }
}

/// `n` nodes, each sending `count` messages to every other node.
fn all_to_all(n: usize, count: u64, link: LinkConfig, seed: u64) -> Simulation<Chatter> {
    let mut builder = Simulation::builder(seed).link_all(link).full_trace(true);
    for id in 0..n {
        builder = builder.node(
            format!("n{id}"),
            chatter((0..n).filter(|&t| t != id).collect(), count, MS),
        );
    }
    builder.build()
}

fn received_from(sim: &Simulation<Chatter>, at: NodeId, from: NodeId) -> usize {
    sim.node(at)
        .unwrap()
        .received
        .iter()
        .filter(|r| r.0 == from)
        .count()
}

fn drops_with(sim: &Simulation<Chatter>, cause: DropCause) -> Vec<(NodeId, NodeId)> {
    sim.full_trace()
        .iter()
        .filter(|e| e.kind == TraceKind::Drop { cause })
        .map(|e| {
            let m = e.message.unwrap();
            (m.from, m.to)
        })
        .collect()
}

#[test]
fn two_way_partition_drops_exactly_the_crossing_messages() {
    let mut sim = all_to_all(3, 10, LinkConfig::constant(500), 1);
    sim.cut(0, 1);
    sim.run_until(100 * MS);
    let c = sim.counters();
    assert_eq!(c.sent, 60);
    assert_eq!(c.dropped.partition, 20);
    assert_eq!(c.dropped.total(), 20);
    assert_eq!(c.delivered, 40);
    assert_eq!(received_from(&sim, 1, 0), 0);
    assert_eq!(received_from(&sim, 0, 1), 0);
    assert_eq!(received_from(&sim, 2, 0), 10);
    assert_eq!(received_from(&sim, 0, 2), 10);
    assert_eq!(sim.link_counters(0, 1).unwrap().dropped, 10);
    assert_eq!(sim.link_counters(1, 0).unwrap().dropped, 10);
    assert_eq!(sim.link_counters(0, 2).unwrap().dropped, 0);
    let drops = drops_with(&sim, DropCause::Partition);
    assert!(drops
        .iter()
        .all(|&(f, t)| (f, t) == (0, 1) || (f, t) == (1, 0)));
    // Partition drops happen at send: same instant as the send.
    for e in sim
        .full_trace()
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::Drop { .. }))
    {
        let send = sim
            .full_trace()
            .iter()
            .find(|s| s.kind == TraceKind::Send && s.message.unwrap().id == e.message.unwrap().id)
            .unwrap();
        assert_eq!(send.time, e.time);
        assert!(send.seq < e.seq);
    }
    let links = sim.snapshot().links;
    let l01 = links.iter().find(|l| (l.a, l.b) == (0, 1)).unwrap();
    assert!(l01.cut_ab && l01.cut_ba);
}

#[test]
fn one_way_partition_drops_only_one_direction() {
    let mut sim = all_to_all(2, 10, LinkConfig::constant(500), 2);
    sim.cut_one_way(0, 1);
    sim.run_until(100 * MS);
    assert_eq!(received_from(&sim, 1, 0), 0);
    assert_eq!(received_from(&sim, 0, 1), 10);
    assert_eq!(sim.counters().dropped.partition, 10);
    assert_eq!(drops_with(&sim, DropCause::Partition), vec![(0, 1); 10]);
    let link = sim.snapshot().links[0];
    assert!(link.cut_ab && !link.cut_ba);
}

#[test]
fn heal_restores_delivery_from_that_instant() {
    let mut sim = all_to_all(2, 10, LinkConfig::constant(500), 3);
    sim.cut(0, 1);
    sim.run_until(4 * MS + 100); // rounds 0..=4 sent while cut
    sim.heal(0, 1);
    sim.run_until(100 * MS);
    assert_eq!(sim.counters().dropped.partition, 10);
    let seqs: Vec<u64> = sim.node(1).unwrap().received.iter().map(|r| r.1).collect();
    assert_eq!(seqs, vec![5, 6, 7, 8, 9]);
}

#[test]
fn loss_of_100_percent_drops_everything_half_way_and_0_percent_nothing() {
    let latency_us = 10 * MS;
    let mut sim = all_to_all(
        3,
        20,
        LinkConfig::constant(latency_us).with_loss_ppm(1_000_000),
        4,
    );
    sim.run_until(latency_us); // first round is half-way lost, later ones still flying
    let snapshot = sim.snapshot();
    assert!(snapshot
        .messages
        .iter()
        .all(|m| m.doomed && m.drop_at == Some(m.sent_at + latency_us / 2)));
    assert!(!snapshot.recent_drops.is_empty());
    assert!(snapshot
        .recent_drops
        .iter()
        .all(|d| d.cause == DropCause::Loss && (d.progress_at_drop - 0.5).abs() < 1e-6));
    sim.run_until(200 * MS);
    let c = sim.counters();
    assert_eq!(c.sent, 120);
    assert_eq!(c.dropped.loss, 120);
    assert_eq!(c.delivered, 0);
    for drop in sim
        .full_trace()
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::Drop { .. }))
    {
        assert_eq!(
            drop.kind,
            TraceKind::Drop {
                cause: DropCause::Loss
            }
        );
        let send = sim
            .full_trace()
            .iter()
            .find(|s| {
                s.kind == TraceKind::Send && s.message.unwrap().id == drop.message.unwrap().id
            })
            .unwrap();
        assert_eq!(drop.time, send.time + latency_us / 2);
    }

    let mut reliable = all_to_all(3, 20, LinkConfig::constant(latency_us).with_loss_ppm(0), 4);
    reliable.run_until(200 * MS);
    assert_eq!(reliable.counters().delivered, 120);
    assert_eq!(reliable.counters().dropped.total(), 0);
}

#[test]
fn partial_loss_is_roughly_its_probability() {
    let mut sim = all_to_all(4, 500, LinkConfig::constant(MS).with_loss_ppm(200_000), 5);
    sim.run_until(SimTime::MAX / 2);
    let c = sim.counters();
    let rate = c.dropped.loss as f64 / c.sent as f64;
    assert!((0.17..0.23).contains(&rate), "loss rate {rate}");
    assert_eq!(c.sent, c.delivered + c.dropped.loss);
}

#[test]
fn duplication_produces_exact_duplicate_counts() {
    let mut sim = all_to_all(
        3,
        10,
        LinkConfig::constant(MS).with_duplicate_ppm(1_000_000),
        6,
    );
    sim.run_until(100 * MS);
    let c = sim.counters();
    assert_eq!(c.sent, 60);
    assert_eq!(c.duplicated, 60);
    assert_eq!(c.delivered, 120);
    assert_eq!(
        sim.full_trace()
            .iter()
            .filter(|e| matches!(e.kind, TraceKind::Duplicate { .. }))
            .count(),
        60
    );
    for seq in 0..10 {
        assert_eq!(
            sim.node(1)
                .unwrap()
                .received
                .iter()
                .filter(|r| r.0 == 0 && r.1 == seq)
                .count(),
            2
        );
    }
    assert_eq!(sim.link_counters(0, 1).unwrap().duplicated, 10);

    let mut none = all_to_all(3, 10, LinkConfig::constant(MS).with_duplicate_ppm(0), 6);
    none.run_until(100 * MS);
    assert_eq!(none.counters().duplicated, 0);
    assert_eq!(none.counters().delivered, 60);
}

#[test]
fn reordering_really_reorders_and_fifo_otherwise() {
    let fifo_link = LinkConfig::constant(MS);
    let mut fifo = Simulation::builder(7)
        .node("a", chatter(vec![1], 200, 100))
        .node("b", chatter(vec![], 0, 0))
        .link_all(fifo_link)
        .build();
    fifo.run_until(SimTime::MAX / 2);
    let order: Vec<u64> = fifo.node(1).unwrap().received.iter().map(|r| r.1).collect();
    assert_eq!(order, (0..200).collect::<Vec<_>>());

    let mut shuffled = Simulation::builder(7)
        .node("a", chatter(vec![1], 200, 100))
        .node("b", chatter(vec![], 0, 0))
        .link_all(fifo_link.with_reordering(300_000, 2 * MS))
        .build();
    shuffled.run_until(SimTime::MAX / 2);
    let order: Vec<u64> = shuffled
        .node(1)
        .unwrap()
        .received
        .iter()
        .map(|r| r.1)
        .collect();
    assert_eq!(order.len(), 200, "reordering loses nothing");
    let inversions = order.windows(2).filter(|w| w[0] > w[1]).count();
    assert!(inversions > 10, "only {inversions} inversions");
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, (0..200).collect::<Vec<_>>());
}

#[test]
fn crash_drops_arrivals_with_crashed_receiver_and_kills_timers() {
    let mut sim = all_to_all(2, 10, LinkConfig::constant(500), 8);
    sim.run_until(3 * MS + 600); // rounds 0..=3 sent and delivered
    let timers_before = sim.counters().timers;
    assert_eq!(timers_before, 12); // 6 pending at each node
    assert!(sim.crash(1));
    assert!(!sim.crash(1), "crashing a crashed node does nothing");
    assert_eq!(sim.counters().timers, 6);
    sim.run_until(100 * MS);
    let node1 = sim.node(1).unwrap();
    assert_eq!(node1.timers_fired, vec![0, 1, 2, 3]);
    assert_eq!(received_from(&sim, 1, 0), 4);
    assert_eq!(sim.counters().dropped.crashed_receiver, 6);
    assert!(drops_with(&sim, DropCause::CrashedReceiver)
        .iter()
        .all(|&d| d == (0, 1)));
    assert!(sim.snapshot().nodes[1].up.eq(&false));
    // Restart does not resurrect the dead timers.
    assert!(sim.restart(1));
    sim.run_until(200 * MS);
    assert_eq!(sim.node(1).unwrap().timers_fired, vec![0, 1, 2, 3]);
}

#[test]
fn message_in_flight_to_a_crashed_node_that_restarted_in_time_is_delivered() {
    let mut sim = all_to_all(2, 1, LinkConfig::constant(10 * MS), 9);
    sim.run_until(MS);
    sim.crash(1);
    sim.run_until(5 * MS);
    sim.restart(1);
    sim.run_until(50 * MS);
    assert_eq!(received_from(&sim, 1, 0), 1);
    assert_eq!(sim.counters().dropped.total(), 0);
}

#[test]
fn restart_with_and_without_state() {
    for forget in [false, true] {
        let mut sim = Simulation::builder(10)
            .node("a", chatter(vec![1], 5, MS))
            .node(
                "b",
                Chatter {
                    forget_on_restart: forget,
                    ..chatter(vec![], 0, 0)
                },
            )
            .link_all(LinkConfig::constant(100))
            .build();
        sim.run_until(20 * MS);
        assert_eq!(sim.node(1).unwrap().received.len(), 5);
        sim.crash(1);
        sim.restart(1);
        let b = sim.node(1).unwrap();
        assert_eq!(b.restarts, 1);
        assert_eq!(b.received.len(), if forget { 0 } else { 5 });
    }
}

#[test]
fn pause_defers_messages_and_timers_until_resume() {
    let mut sim = all_to_all(2, 10, LinkConfig::constant(500), 11);
    sim.run_until(2 * MS + 600); // rounds 0..=2 delivered
    assert!(sim.pause(1));
    sim.run_until(6 * MS + 600); // rounds 3..=6 arrive at a paused node
    let b = sim.node(1).unwrap();
    assert_eq!(b.received.len(), 3);
    assert_eq!(b.timers_fired, vec![0, 1, 2]);
    let c = sim.counters();
    assert_eq!(c.in_flight, 4, "waiting messages are still in flight");
    assert_eq!(
        c.sent + c.duplicated,
        c.delivered + c.dropped.total() + c.in_flight
    );
    assert_eq!(sim.snapshot().nodes[1].inbox, 8); // 4 messages + 4 timers
    assert!(sim.snapshot().nodes[1].paused);
    assert!(
        sim.snapshot().messages.iter().all(|m| m.to != 1),
        "waiting messages are not drawn on the wire"
    );
    let resumed_at = 10 * MS + 300;
    sim.run_until(resumed_at);
    assert!(sim.resume(1));
    sim.run_until(resumed_at); // handle the inbox at the same instant
    let b = sim.node(1).unwrap();
    let late: Vec<(u64, SimTime)> = b
        .received
        .iter()
        .skip(3)
        .take(4)
        .map(|r| (r.1, r.2))
        .collect();
    assert_eq!(
        late,
        vec![
            (3, resumed_at),
            (4, resumed_at),
            (5, resumed_at),
            (6, resumed_at)
        ]
    );
    assert_eq!(&b.timers_fired[..7], &[0, 1, 2, 3, 4, 5, 6]);
    sim.run_until(100 * MS);
    assert_eq!(sim.node(1).unwrap().received.len(), 10);
    assert_eq!(sim.node(1).unwrap().timers_fired.len(), 10);
}

#[test]
fn crash_while_paused_drops_the_inbox() {
    let mut sim = all_to_all(2, 5, LinkConfig::constant(500), 12);
    sim.pause(1);
    sim.run_until(10 * MS);
    sim.crash(1);
    assert_eq!(sim.counters().dropped.crashed_receiver, 5);
    assert_eq!(sim.counters().in_flight, 0);
}

#[test]
fn rule_drop_next_n_drops_exactly_n() {
    let mut sim = Simulation::builder(13)
        .node("a", chatter(vec![1, 2], 10, MS))
        .node("b", chatter(vec![], 0, 0))
        .node("c", chatter(vec![], 0, 0))
        .link_all(LinkConfig::constant(100))
        .rule(
            Rule::new(RuleAction::Drop(DropCause::Rule))
                .from(0)
                .to(1)
                .kind("data")
                .times(3),
        )
        .rule(Rule::new(RuleAction::Drop(DropCause::Rule)).kind("other"))
        .build();
    sim.run_until(100 * MS);
    assert_eq!(sim.counters().dropped.rule, 3);
    let seqs: Vec<u64> = sim.node(1).unwrap().received.iter().map(|r| r.1).collect();
    assert_eq!(seqs, (3..10).collect::<Vec<_>>());
    assert_eq!(sim.node(2).unwrap().received.len(), 10);
    assert_eq!(sim.rules()[0].remaining, Some(0));
}

#[test]
fn rule_delay_adds_exactly_and_pass_stops_evaluation() {
    let mut sim = Simulation::builder(14)
        .node("a", chatter(vec![1], 3, MS))
        .node("b", chatter(vec![], 0, 0))
        .link_all(LinkConfig::constant(100))
        .rule(Rule::new(RuleAction::Delay(5 * MS)).to(1).times(1))
        .rule(Rule::new(RuleAction::Pass).kind("data"))
        .rule(Rule::new(RuleAction::Drop(DropCause::Rule)))
        .build();
    sim.run_until(100 * MS);
    let times: Vec<(u64, SimTime)> = sim
        .node(1)
        .unwrap()
        .received
        .iter()
        .map(|r| (r.1, r.2))
        .collect();
    assert_eq!(
        times,
        vec![(1, MS + 100), (2, 2 * MS + 100), (0, 5 * MS + 100)]
    );
    assert_eq!(sim.counters().dropped.total(), 0);
}

#[test]
fn latency_distributions_stay_within_bounds() {
    let mut rng = child_stream(99, link_stream_id(0, 1));
    let constant = Latency::Constant { us: 1234 };
    let uniform = Latency::Uniform {
        min_us: 1_000,
        max_us: 3_000,
    };
    let pareto = Latency::Pareto {
        min_us: 2_000,
        max_us: 200_000,
    };
    let mut pareto_samples = Vec::new();
    let (mut uniform_min, mut uniform_max) = (u64::MAX, 0);
    for _ in 0..20_000 {
        assert_eq!(constant.sample(&mut rng), 1234);
        let u = uniform.sample(&mut rng);
        assert!((1_000..=3_000).contains(&u));
        uniform_min = uniform_min.min(u);
        uniform_max = uniform_max.max(u);
        let p = pareto.sample(&mut rng);
        assert!((2_000..=200_000).contains(&p));
        pareto_samples.push(p);
    }
    assert!(uniform_min < 1_010 && uniform_max > 2_990);
    pareto_samples.sort();
    let median = pareto_samples[pareto_samples.len() / 2] as f64;
    assert!(
        (median / 2_000.0 - std::f64::consts::SQRT_2).abs() < 0.05,
        "median {median}"
    );
    assert!(
        pareto_samples[pareto_samples.len() * 99 / 100] > 15_000,
        "the tail is long"
    );

    // In a simulation: every delivery takes between min and max.
    let mut sim = all_to_all(
        3,
        50,
        LinkConfig {
            latency: pareto,
            ..LinkConfig::default()
        },
        15,
    );
    sim.run_until(SimTime::MAX / 2);
    let trace = sim.full_trace();
    for deliver in trace.iter().filter(|e| e.kind == TraceKind::Deliver) {
        let id = deliver.message.unwrap().id;
        let send = trace
            .iter()
            .find(|s| s.kind == TraceKind::Send && s.message.unwrap().id == id)
            .unwrap();
        assert!((2_000..=200_000).contains(&(deliver.time - send.time)));
    }
    // The counters agree with the trace.
    let delays = sim.counters().delivery_latency;
    let deliveries = trace
        .iter()
        .filter(|e| e.kind == TraceKind::Deliver)
        .count();
    assert_eq!(delays.count, deliveries as u64);
    assert!((2_000..=200_000).contains(&delays.max_us));
    assert!((2_000..=delays.max_us).contains(&delays.mean_us().unwrap()));
}

#[test]
fn interventions_naming_missing_nodes_are_ignored() {
    let mut sim = all_to_all(2, 3, LinkConfig::constant(500), 17);
    let hash = sim.trace_hash();
    for iv in [
        Intervention::Crash(9),
        Intervention::Restart(2),
        Intervention::Pause(usize::MAX),
        Intervention::Resume(5),
        Intervention::Cut(0, 7),
        Intervention::CutOneWay { from: 3, to: 0 },
        Intervention::Heal(100, 1),
        Intervention::SetClock {
            node: 2,
            offset_us: 1,
            drift_ppm: 1,
        },
    ] {
        assert!(!sim.apply_intervention(&iv), "{iv} should be ignored");
        World::apply(&mut sim, &iv);
    }
    assert_eq!(sim.trace_hash(), hash);
    assert!(!sim.inject(
        0,
        5,
        0,
        Data {
            seq: 0,
            kind: "data"
        }
    ));
    assert_eq!(sim.schedule_timer(3, 0, 0), None);
    sim.run_until(10 * MS);
    assert_eq!(sim.counters().delivered, 6);
}

#[test]
fn injected_inputs_and_scheduled_timers_reach_the_node_at_their_time() {
    let mut sim = Simulation::builder(18)
        .node("a", chatter(vec![], 0, 0))
        .node("b", chatter(vec![0], 0, 0))
        .build();
    assert!(sim.inject(
        7 * MS,
        0,
        1,
        Data {
            seq: 42,
            kind: "data"
        }
    ));
    sim.schedule_timer(1, 9 * MS, 5);
    sim.run_until(20 * MS);
    assert_eq!(
        sim.node(0).unwrap().received,
        vec![(1, 42, 7 * MS), (1, 5, 9 * MS + 1_000)]
    );
    assert_eq!(
        sim.counters().sent,
        1,
        "injected inputs are not network messages"
    );
}

/// Sets a timer, cancels it from another timer, and sends one slow message.
#[derive(Clone, Debug, Default)]
struct Canceller {
    doomed_timer: Option<u64>,
}

impl Protocol for Canceller {
    type Msg = Data;
    fn role(&self) -> &'static str {
        "canceller"
    }
    fn display_state(&self) -> String {
        String::new()
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Data>) {
        if ctx.me() == 0 {
            self.doomed_timer = Some(ctx.set_timer(5 * MS, 1));
            ctx.set_timer(MS, 2);
            ctx.send(
                1,
                Data {
                    seq: 0,
                    kind: "data",
                },
            );
        }
    }
    fn on_message(&mut self, _ctx: &mut Ctx<'_, Data>, _from: NodeId, _msg: Data) {}
    fn on_timer(&mut self, ctx: &mut Ctx<'_, Data>, tag: u64) {
        if tag == 2 {
            if let Some(id) = self.doomed_timer.take() {
                ctx.cancel_timer(id);
            }
        }
    }
}

#[test]
fn cancelled_timers_never_let_time_run_past_the_limit() {
    let mut sim = Simulation::builder(19)
        .node("a", Canceller::default())
        .node("b", Canceller::default())
        .link_all(LinkConfig::constant(10 * MS))
        .build();
    sim.run_until(7 * MS);
    assert_eq!(sim.events_processed(), 1, "only the cancelling timer ran");
    assert_eq!(sim.now(), 7 * MS);
    assert_eq!(sim.next_event_time(), Some(10 * MS));
    assert_eq!(sim.counters().timers, 0);
    sim.run_until(20 * MS);
    assert_eq!(sim.counters().delivered, 1);
}

/// An intervention fits a simulation when every node it names exists.
#[test]
fn interventions_fit_only_simulations_with_their_nodes() {
    use distlab::sim::Intervention;
    assert!(Intervention::Crash(2).fits(3));
    assert!(!Intervention::Crash(3).fits(3));
    assert!(!Intervention::Cut(0, 99).fits(3));
    assert!(!Intervention::CutOneWay { from: 5, to: 0 }.fits(3));
    assert!(Intervention::SetLoss { ppm: 1 }.fits(0), "names no node");
    assert!(!Intervention::SetClock {
        node: 7,
        offset_us: 0,
        drift_ppm: 0
    }
    .fits(7));
}
