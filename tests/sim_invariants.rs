#![cfg(not(target_arch = "wasm32"))]
//! Invariants checked after every event over a seed sweep of random topologies and fault schedules.
//!
//! Time never goes back; `sent + duplicated = delivered + dropped + in_flight`; each copy ends
//! once, after its send; Lamport clocks grow along every edge; vector clocks order exactly the
//! happened-before relation, and so does `causality::HappenedBefore` (both checked against an
//! independent brute-force transitive closure); a crashed or paused node handles nothing.
//! Every failure message starts with the seed that reproduces it.

use std::collections::BTreeMap;
use std::rc::Rc;

use distlab::sim::causality::{self, HappenedBefore, Relation};
use distlab::sim::protocols::gossip::Gossip;
use distlab::sim::protocols::reqresp::{ClientConfig, ReqResp};
use distlab::sim::{
    Intervention, LinkConfig, MsgId, NodeId, SimTime, Simulation, Timeline, TraceEvent, TraceKind,
    World, WorldBuilder, MS,
};
use proptest::prelude::*;

const HORIZON_US: SimTime = 600 * MS;
const HAPPENED_BEFORE_SAMPLE: usize = 160;

#[derive(Clone, Debug)]
struct Scenario {
    seed: u64,
    nodes: usize,
    loss_ppm: u32,
    duplicate_ppm: u32,
    reorder_ppm: u32,
    min_latency_us: u64,
    latency_spread_us: u64,
    faults: Vec<(SimTime, Intervention)>,
}

impl Scenario {
    fn link(&self) -> LinkConfig {
        LinkConfig::uniform(
            self.min_latency_us,
            self.min_latency_us + self.latency_spread_us,
        )
        .with_loss_ppm(self.loss_ppm)
        .with_duplicate_ppm(self.duplicate_ppm)
        .with_reordering(self.reorder_ppm, 7 * MS)
    }
}

fn fault(nodes: usize) -> impl Strategy<Value = Intervention> {
    // Node ids up to `nodes` inclusive: sometimes out of range, which must be ignored.
    let node = 0..=nodes;
    prop_oneof![
        3 => node.clone().prop_map(Intervention::Crash),
        3 => node.clone().prop_map(Intervention::Restart),
        1 => node.clone().prop_map(Intervention::Pause),
        1 => node.clone().prop_map(Intervention::Resume),
        2 => (node.clone(), node.clone()).prop_map(|(a, b)| Intervention::Cut(a, b)),
        1 => (node.clone(), node.clone()).prop_map(|(from, to)| Intervention::CutOneWay { from, to }),
        1 => (node.clone(), node.clone()).prop_map(|(a, b)| Intervention::Heal(a, b)),
        1 => Just(Intervention::HealAll),
        1 => (0u32..400_000).prop_map(|ppm| Intervention::SetLoss { ppm }),
        1 => (0u32..300_000).prop_map(|ppm| Intervention::SetDuplication { ppm }),
        1 => (node, -20_000i64..20_000, -500i64..500).prop_map(|(node, offset_us, drift_ppm)| Intervention::SetClock { node, offset_us, drift_ppm }),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        2usize..=8,
        0u32..300_000,
        0u32..200_000,
        0u32..200_000,
        100u64..5_000,
        0u64..20_000,
    )
        .prop_flat_map(
            |(
                seed,
                nodes,
                loss_ppm,
                duplicate_ppm,
                reorder_ppm,
                min_latency_us,
                latency_spread_us,
            )| {
                proptest::collection::vec((0..HORIZON_US, fault(nodes)), 0..10).prop_map(
                    move |mut faults| {
                        faults.sort_by_key(|f| f.0);
                        Scenario {
                            seed,
                            nodes,
                            loss_ppm,
                            duplicate_ppm,
                            reorder_ppm,
                            min_latency_us,
                            latency_spread_us,
                            faults,
                        }
                    },
                )
            },
        )
}

fn reqresp_world(sc: &Scenario) -> WorldBuilder {
    let sc = sc.clone();
    Rc::new(move || -> Box<dyn World> {
        let config = ClientConfig {
            requests: 30,
            timeout_us: 15 * MS,
            max_retries: 3,
            think_time_us: MS,
            auto_start: true,
        };
        let mut builder = Simulation::builder(sc.seed)
            .link_all(sc.link())
            .full_trace(true);
        builder = builder.node(
            "server",
            if sc.seed.is_multiple_of(2) {
                ReqResp::server(true)
            } else {
                ReqResp::volatile_server(false)
            },
        );
        for id in 1..sc.nodes {
            builder = builder.node(format!("client{id}"), ReqResp::client(0, config));
        }
        Box::new(builder.build())
    })
}

fn gossip_world(sc: &Scenario) -> WorldBuilder {
    let sc = sc.clone();
    Rc::new(move || -> Box<dyn World> {
        let mut builder = Simulation::builder(sc.seed)
            .link_all(sc.link())
            .full_trace(true);
        for id in 0..sc.nodes {
            builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 2, 20 * MS, 6));
        }
        Box::new(builder.build())
    })
}

/// Where a message copy came from: the send event that stamped it.
#[derive(Clone, Copy)]
struct Origin {
    seq: u64,
    time: SimTime,
    lamport: u64,
}

struct Checker {
    seed: u64,
    checked: usize,
    last_time: SimTime,
    last_now: SimTime,
    origins: BTreeMap<MsgId, Origin>,
    ended: BTreeMap<MsgId, u64>,
    lamport: Vec<u64>,
    local_events: Vec<u32>,
    up: Vec<bool>,
    paused: Vec<bool>,
}

impl Checker {
    fn new(seed: u64, nodes: usize) -> Self {
        Self {
            seed,
            checked: 0,
            last_time: 0,
            last_now: 0,
            origins: BTreeMap::new(),
            ended: BTreeMap::new(),
            lamport: vec![0; nodes],
            local_events: vec![0; nodes],
            up: vec![true; nodes],
            paused: vec![false; nodes],
        }
    }

    fn fail(&self, what: String) -> Result<(), TestCaseError> {
        Err(TestCaseError::fail(format!("seed {}: {what}", self.seed)))
    }

    fn after_event(&mut self, world: &dyn World) -> Result<(), TestCaseError> {
        let seed = self.seed;
        if world.now() < self.last_now {
            return self.fail(format!(
                "time went back from {} to {}",
                self.last_now,
                world.now()
            ));
        }
        self.last_now = world.now();
        let c = world.counters();
        prop_assert_eq!(
            c.sent + c.duplicated,
            c.delivered + c.dropped.total() + c.in_flight,
            "seed {}: message accounting broken: {:?}",
            seed,
            c
        );
        prop_assert_eq!(
            c.delivery_latency.count,
            c.delivered,
            "seed {}: every delivery has a latency",
            seed
        );
        let trace = world.full_trace();
        while self.checked < trace.len() {
            let event = trace[self.checked].clone();
            self.checked += 1;
            self.check_event(&event, world.now())?;
        }
        Ok(())
    }

    fn check_event(&mut self, e: &TraceEvent, now: SimTime) -> Result<(), TestCaseError> {
        if e.time < self.last_time || e.time > now {
            return self.fail(format!(
                "event #{} at {} out of order (previous {}, now {})",
                e.seq, e.time, self.last_time, now
            ));
        }
        self.last_time = e.time;
        let node = e.node;
        if e.kind.ticks_clock() {
            let n = node.expect("local events have a node");
            if !self.up[n] || self.paused[n] {
                return self.fail(format!(
                    "node {n} handled {:?} while up={} paused={}",
                    e.kind, self.up[n], self.paused[n]
                ));
            }
            if e.lamport <= self.lamport[n] {
                return self.fail(format!(
                    "node {n} Lamport did not increase: {} then {}",
                    self.lamport[n], e.lamport
                ));
            }
            self.lamport[n] = e.lamport;
            self.local_events[n] += 1;
            if e.vector[n] != self.local_events[n] {
                return self.fail(format!(
                    "node {n} own vector entry {} after {} local events",
                    e.vector[n], self.local_events[n]
                ));
            }
        }
        match e.kind {
            TraceKind::Send => {
                let id = e.message.unwrap().id;
                self.origins.insert(
                    id,
                    Origin {
                        seq: e.seq,
                        time: e.time,
                        lamport: e.lamport,
                    },
                );
            }
            TraceKind::Duplicate { original } => {
                let copy = e.message.unwrap().id;
                let Some(&origin) = self.origins.get(&original) else {
                    return self.fail(format!("duplicate of unknown message {original}"));
                };
                self.origins.insert(copy, origin);
            }
            TraceKind::Deliver | TraceKind::Drop { .. } => {
                let m = e.message.unwrap();
                let Some(&origin) = self.origins.get(&m.id) else {
                    return self.fail(format!("message {} ended without a send", m.id));
                };
                if origin.seq >= e.seq || origin.time > e.time {
                    return self.fail(format!(
                        "message {} ended (#{} at {}) before its send (#{} at {})",
                        m.id, e.seq, e.time, origin.seq, origin.time
                    ));
                }
                if let Some(previous) = self.ended.insert(m.id, e.seq) {
                    return self.fail(format!(
                        "message {} ended twice (#{previous} and #{})",
                        m.id, e.seq
                    ));
                }
                if e.kind == TraceKind::Deliver && e.lamport <= origin.lamport {
                    return self.fail(format!(
                        "receive Lamport {} not after send Lamport {}",
                        e.lamport, origin.lamport
                    ));
                }
                if e.node != Some(m.to) {
                    return self.fail(format!(
                        "message {} ended at {:?} but was for {}",
                        m.id, e.node, m.to
                    ));
                }
            }
            TraceKind::Crash => {
                let n = node.unwrap();
                self.up[n] = false;
                self.paused[n] = false;
            }
            TraceKind::Restart => self.up[node.unwrap()] = true,
            TraceKind::Pause => self.paused[node.unwrap()] = true,
            TraceKind::Resume => self.paused[node.unwrap()] = false,
            _ => {}
        }
        Ok(())
    }

    /// Check the happened-before relation of `causality` and the Lamport and vector clocks
    /// against [`Oracle`] on the first [`HAPPENED_BEFORE_SAMPLE`] local events.
    fn check_happened_before(&self, trace: &[TraceEvent]) -> Result<(), TestCaseError> {
        // A prefix ending at the last sampled local event: it holds every send, duplicate and
        // earlier local event a sampled event can depend on.
        let end = trace
            .iter()
            .enumerate()
            .filter(|(_, e)| is_local_event(e.kind))
            .nth(HAPPENED_BEFORE_SAMPLE - 1)
            .map_or(trace.len(), |(i, _)| i + 1);
        let prefix = &trace[..end];
        for e in prefix {
            if causality::is_causal(e) != is_local_event(e.kind) {
                return self.fail(format!(
                    "event #{} {:?}: causality::is_causal says {}",
                    e.seq,
                    e.kind,
                    causality::is_causal(e)
                ));
            }
        }
        let oracle = match Oracle::build(prefix) {
            Ok(oracle) => oracle,
            Err(what) => return self.fail(what),
        };
        let count = oracle.events.len();
        let nodes = self.lamport.len();

        // The library's relation, on the prefix and on the whole trace (whose first `count`
        // local events are the sampled ones).
        let from_prefix = HappenedBefore::from_trace(prefix);
        let from_whole = HappenedBefore::from_trace(trace);
        for (name, hb) in [("prefix", &from_prefix), ("whole trace", &from_whole)] {
            let expected_len = if name == "prefix" {
                count
            } else {
                trace.iter().filter(|e| is_local_event(e.kind)).count()
            };
            if hb.len() != expected_len || hb.is_empty() != (expected_len == 0) {
                return self.fail(format!(
                    "HappenedBefore of the {name} covers {} events, expected {expected_len}",
                    hb.len()
                ));
            }
            for (i, e) in oracle.events.iter().enumerate() {
                if hb.seq(i) != Some(e.seq) {
                    return self.fail(format!(
                        "HappenedBefore of the {name}: event {i} is #{:?}, expected #{}",
                        hb.seq(i),
                        e.seq
                    ));
                }
            }
            if hb.seq(expected_len).is_some() || hb.before(expected_len, 0) {
                return self.fail(format!(
                    "HappenedBefore of the {name} answers for index {expected_len}"
                ));
            }
        }

        for (i, a) in oracle.events.iter().enumerate() {
            if a.vector.len() != nodes {
                return self.fail(format!(
                    "event #{} has a {}-entry vector for {nodes} nodes",
                    a.seq,
                    a.vector.len()
                ));
            }
            // A vector clock counts, per node, that node's events in the causal past
            // (the event itself included).
            for k in 0..nodes {
                let past = oracle
                    .events
                    .iter()
                    .enumerate()
                    .filter(|(f, e)| e.node == Some(k) && (*f == i || oracle.before[*f][i]))
                    .count();
                if a.vector[k] as usize != past {
                    return self.fail(format!(
                        "event #{} {:?}: vector {:?} has {} for node {k}, but {past} of its \
                         events happened before",
                        a.seq, a.kind, a.vector, a.vector[k]
                    ));
                }
            }
            for (j, b) in oracle.events.iter().enumerate() {
                let expected = oracle.relation(i, j);
                let pair = || {
                    format!(
                        "#{} {:?} {:?} vs #{} {:?} {:?}: expected {}",
                        a.seq,
                        a.kind,
                        a.vector,
                        b.seq,
                        b.kind,
                        b.vector,
                        expected.name()
                    )
                };
                for (name, hb) in [("prefix", &from_prefix), ("whole trace", &from_whole)] {
                    if hb.relation(i, j) != expected || hb.before(i, j) != oracle.before[i][j] {
                        return self.fail(format!(
                            "{}: HappenedBefore of the {name} says {}",
                            pair(),
                            hb.relation(i, j).name()
                        ));
                    }
                }
                let by_vector = causality::relation(&a.vector, &b.vector);
                if by_vector != expected
                    || causality::happened_before(&a.vector, &b.vector) != oracle.before[i][j]
                    || causality::concurrent(&a.vector, &b.vector)
                        != (expected == Relation::Concurrent)
                    || by_vector.flip() != causality::relation(&b.vector, &a.vector)
                {
                    return self.fail(format!("{}: vectors say {}", pair(), by_vector.name()));
                }
                if oracle.before[i][j] && a.lamport >= b.lamport {
                    return self.fail(format!(
                        "#{} happened before #{} but Lamport {} ≥ {}",
                        a.seq, b.seq, a.lamport, b.lamport
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether `kind` is a local event of its node in the causal history: the kinds `TraceKind`
/// documents as ticking the clocks, listed here rather than taken from the library.
fn is_local_event(kind: TraceKind) -> bool {
    matches!(
        kind,
        TraceKind::Send
            | TraceKind::Deliver
            | TraceKind::Timer { .. }
            | TraceKind::External
            | TraceKind::Note
            | TraceKind::StateChange
    )
}

/// Happened-before straight from its definition, by brute force: the transitive closure of
/// each node's order of its own local events and of every send → its delivery, found by a
/// search from every event over those edges (so it assumes nothing about trace order).
struct Oracle<'a> {
    /// The local events, in trace order.
    events: Vec<&'a TraceEvent>,
    /// `before[i][j]`: event `i` happened before event `j`.
    before: Vec<Vec<bool>>,
}

impl<'a> Oracle<'a> {
    /// Builds the relation over the local events of `trace`, which must hold the send of
    /// every delivery in it.
    fn build(trace: &'a [TraceEvent]) -> Result<Self, String> {
        let events: Vec<&TraceEvent> = trace.iter().filter(|e| is_local_event(e.kind)).collect();
        let count = events.len();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); count];

        // (a) Each node's own events, in the order it handled them.
        let mut per_node: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
        for (i, e) in events.iter().enumerate() {
            let Some(node) = e.node else {
                return Err(format!("local event #{} {:?} has no node", e.seq, e.kind));
            };
            per_node.entry(node).or_default().push(i);
        }
        for own in per_node.values() {
            for step in own.windows(2) {
                edges[step[0]].push(step[1]);
            }
        }

        // (b) Each send → the delivery of the message or of any copy the network made of it.
        let mut sends: BTreeMap<MsgId, usize> = BTreeMap::new();
        for (i, e) in events.iter().enumerate() {
            if e.kind == TraceKind::Send {
                let Some(m) = e.message else {
                    return Err(format!("send #{} carries no message", e.seq));
                };
                if sends.insert(m.id, i).is_some() {
                    return Err(format!("message {} sent twice", m.id));
                }
            }
        }
        let copied_from: BTreeMap<MsgId, MsgId> = trace
            .iter()
            .filter_map(|e| match (e.kind, e.message) {
                (TraceKind::Duplicate { original }, Some(copy)) => Some((copy.id, original)),
                _ => None,
            })
            .collect();
        for (i, e) in events.iter().enumerate() {
            if e.kind != TraceKind::Deliver {
                continue;
            }
            let Some(m) = e.message else {
                return Err(format!("delivery #{} carries no message", e.seq));
            };
            let mut sent_as = m.id;
            for _ in 0..=copied_from.len() {
                match copied_from.get(&sent_as) {
                    Some(&original) => sent_as = original,
                    None => break,
                }
            }
            let Some(&send) = sends.get(&sent_as) else {
                return Err(format!("delivery #{} of {} has no send", e.seq, m.id));
            };
            let sender = events[send];
            if sender.node != Some(m.from) || e.node != Some(m.to) {
                return Err(format!(
                    "message {} ({} → {}) sent at {:?}, delivered at {:?}",
                    m.id, m.from, m.to, sender.node, e.node
                ));
            }
            edges[send].push(i);
        }

        // Transitive closure: everything reachable from each event.
        let mut before = vec![vec![false; count]; count];
        for (source, reach) in before.iter_mut().enumerate() {
            let mut stack = edges[source].clone();
            while let Some(v) = stack.pop() {
                if !reach[v] {
                    reach[v] = true;
                    stack.extend(&edges[v]);
                }
            }
            if reach[source] {
                let e = events[source];
                return Err(format!(
                    "event #{} {:?} happened before itself",
                    e.seq, e.kind
                ));
            }
        }
        Ok(Self { events, before })
    }

    /// How event `i` stands to event `j`.
    fn relation(&self, i: usize, j: usize) -> Relation {
        if i == j {
            Relation::Equal
        } else if self.before[i][j] {
            Relation::Before
        } else if self.before[j][i] {
            Relation::After
        } else {
            Relation::Concurrent
        }
    }
}

fn run_checked(sc: &Scenario, build: WorldBuilder) -> Result<(), TestCaseError> {
    let mut timeline = Timeline::new(build);
    let mut checker = Checker::new(sc.seed, sc.nodes);
    checker.after_event(timeline.world())?;
    let play_until =
        |timeline: &mut Timeline, checker: &mut Checker, t: SimTime| -> Result<(), TestCaseError> {
            while timeline
                .world()
                .next_event_time()
                .is_some_and(|next| next <= t)
            {
                timeline.step();
                checker.after_event(timeline.world())?;
            }
            timeline.advance_to(t);
            checker.after_event(timeline.world())
        };
    for &(at, iv) in &sc.faults {
        play_until(&mut timeline, &mut checker, at)?;
        timeline.intervene(iv);
        checker.after_event(timeline.world())?;
    }
    play_until(&mut timeline, &mut checker, HORIZON_US)?;
    checker.check_happened_before(timeline.world().full_trace())?;

    // Replaying the recorded history from scratch gives the same trace.
    let hash = timeline.world().trace_hash();
    timeline.seek(0);
    timeline.seek(HORIZON_US);
    prop_assert_eq!(
        timeline.world().trace_hash(),
        hash,
        "seed {}: replay differs",
        sc.seed
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reqresp_invariants_hold_after_every_event(sc in scenario()) {
        run_checked(&sc, reqresp_world(&sc))?;
    }

    #[test]
    fn gossip_invariants_hold_after_every_event(sc in scenario()) {
        run_checked(&sc, gossip_world(&sc))?;
    }
}
