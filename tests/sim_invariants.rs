#![cfg(not(target_arch = "wasm32"))]
//! Invariants checked after every event over a seed sweep of random topologies and fault schedules.
//!
//! Time never goes back; `sent + duplicated = delivered + dropped + in_flight`; each copy ends
//! once, after its send; Lamport clocks grow along every edge; vector clocks order exactly the
//! happened-before relation (checked against a brute-force transitive closure); a crashed or
//! paused node handles nothing. Every failure message starts with the seed that reproduces it.

use std::collections::BTreeMap;
use std::rc::Rc;

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
    /// For a duplicate copy, the id of the message whose send stamped it.
    send_of: BTreeMap<MsgId, MsgId>,
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
            send_of: BTreeMap::new(),
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
                self.send_of.insert(copy, original);
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

    /// Compare vector-clock order with a brute-force happened-before closure on the first local events.
    fn check_happened_before(&self, trace: &[TraceEvent]) -> Result<(), TestCaseError> {
        let events: Vec<&TraceEvent> = trace
            .iter()
            .filter(|e| e.kind.ticks_clock())
            .take(HAPPENED_BEFORE_SAMPLE)
            .collect();
        let count = events.len();
        let index_of_seq: BTreeMap<u64, usize> =
            events.iter().enumerate().map(|(i, e)| (e.seq, i)).collect();
        let send_seq: BTreeMap<MsgId, u64> = events
            .iter()
            .filter(|e| e.kind == TraceKind::Send)
            .map(|e| (e.message.unwrap().id, e.seq))
            .collect();
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut last_at_node: BTreeMap<NodeId, usize> = BTreeMap::new();
        for (i, e) in events.iter().enumerate() {
            let n = e.node.unwrap();
            if let Some(&prev) = last_at_node.get(&n) {
                successors[prev].push(i);
            }
            last_at_node.insert(n, i);
            if e.kind == TraceKind::Deliver {
                let id = e.message.unwrap().id;
                let sent_as = self.send_of.get(&id).copied().unwrap_or(id);
                let Some(send) = send_seq.get(&sent_as).and_then(|s| index_of_seq.get(s)) else {
                    return self.fail(format!(
                        "delivery of {id} has no send among the sampled events"
                    ));
                };
                successors[*send].push(i);
            }
        }
        let words = count.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; count];
        for i in (0..count).rev() {
            for &s in &successors[i] {
                reach[i][s / 64] |= 1 << (s % 64);
                let (head, tail) = reach.split_at_mut(s);
                for (mine, theirs) in head[i].iter_mut().zip(&tail[0]) {
                    *mine |= theirs;
                }
            }
        }
        let vector_less = |a: &[u32], b: &[u32]| a.iter().zip(b).all(|(x, y)| x <= y) && a != b;
        for i in 0..count {
            for j in 0..count {
                if i == j {
                    continue;
                }
                let happened_before = reach[i][j / 64] >> (j % 64) & 1 == 1;
                let (a, b) = (events[i], events[j]);
                if happened_before != vector_less(&a.vector, &b.vector) {
                    return self.fail(format!(
                        "event #{} {:?} → #{} {:?}: happened-before {} but vectors {:?} vs {:?}",
                        a.seq, a.kind, b.seq, b.kind, happened_before, a.vector, b.vector
                    ));
                }
                if happened_before && a.lamport >= b.lamport {
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
