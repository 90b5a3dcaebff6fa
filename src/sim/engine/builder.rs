//! Describing a simulation before it starts: nodes, links, rules, clocks and trace options.

use std::collections::{BTreeMap, VecDeque};

use super::flights::FlightTable;
use super::queue::EventQueue;
use super::{NodeSlot, Simulation};
use crate::sim::clock::PhysicalClock;
use crate::sim::network::{LinkConfig, LinkCounters, Rule};
use crate::sim::protocol::Protocol;
use crate::sim::rng::{child_stream, node_stream_id};
use crate::sim::trace::TraceLog;
use crate::sim::world::{DropCounts, LatencyStats};
use crate::sim::NodeId;

/// Default number of events kept in the trace ring.
pub const DEFAULT_TRACE_RING: usize = 1024;
/// Default window for [`Snapshot::recent_drops`](crate::sim::Snapshot::recent_drops).
pub const DEFAULT_RECENT_DROP_WINDOW_US: u64 = 300_000;

/// Builder for [`Simulation`]. Node ids are assigned in the order nodes are added, from 0.
#[derive(Clone)]
pub struct SimulationBuilder<P: Protocol> {
    seed: u64,
    nodes: Vec<(String, P)>,
    default_link: LinkConfig,
    link_overrides: BTreeMap<(NodeId, NodeId), LinkConfig>,
    rules: Vec<Rule>,
    clocks: Vec<(NodeId, PhysicalClock)>,
    ring_capacity: usize,
    full_trace: bool,
    recent_drop_window_us: u64,
}

impl<P: Protocol> SimulationBuilder<P> {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            seed,
            nodes: Vec::new(),
            default_link: LinkConfig::default(),
            link_overrides: BTreeMap::new(),
            rules: Vec::new(),
            clocks: Vec::new(),
            ring_capacity: DEFAULT_TRACE_RING,
            full_trace: false,
            recent_drop_window_us: DEFAULT_RECENT_DROP_WINDOW_US,
        }
    }

    /// Add a node (its id is the number of nodes added before it).
    pub fn node(mut self, name: impl Into<String>, protocol: P) -> Self {
        self.nodes.push((name.into(), protocol));
        self
    }

    /// The configuration of every link not set individually (default: 1 ms constant, no faults).
    pub fn link_all(mut self, config: LinkConfig) -> Self {
        self.default_link = config;
        self
    }

    /// Configure both directions between `a` and `b`.
    pub fn link(mut self, a: NodeId, b: NodeId, config: LinkConfig) -> Self {
        self.link_overrides.insert((a, b), config);
        self.link_overrides.insert((b, a), config);
        self
    }

    /// Configure only `from → to`.
    pub fn link_one_way(mut self, from: NodeId, to: NodeId, config: LinkConfig) -> Self {
        self.link_overrides.insert((from, to), config);
        self
    }

    /// Append a scripted network rule (evaluated in the order added).
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Give `node` a clock reading `true + offset_us + drift_ppm · true / 1e6`.
    pub fn clock(mut self, node: NodeId, offset_us: i64, drift_ppm: i64) -> Self {
        self.clocks
            .push((node, PhysicalClock::new(offset_us, drift_ppm)));
        self
    }

    /// How many recent events the trace ring keeps (default 1024; 0 disables it).
    pub fn trace_ring_capacity(mut self, events: usize) -> Self {
        self.ring_capacity = events;
        self
    }

    /// Keep every trace event in memory (off by default; for tests).
    pub fn full_trace(mut self, keep: bool) -> Self {
        self.full_trace = keep;
        self
    }

    /// How long a drop stays in [`Snapshot::recent_drops`](crate::sim::Snapshot::recent_drops).
    pub fn recent_drop_window_us(mut self, window_us: u64) -> Self {
        self.recent_drop_window_us = window_us;
        self
    }

    /// Create the simulation at time 0 and run every node's `on_start`, in node order.
    pub fn build(self) -> Simulation<P> {
        let n = self.nodes.len();
        let seed = self.seed;
        let nodes = self
            .nodes
            .into_iter()
            .enumerate()
            .map(|(id, (name, protocol))| NodeSlot {
                name,
                protocol,
                up: true,
                paused: false,
                clock: PhysicalClock::default(),
                lamport: 0,
                rng: child_stream(seed, node_stream_id(id)),
                deferred: Vec::new(),
            })
            .collect::<Vec<_>>();
        let mut sim = Simulation {
            halted: None,
            events_at_instant: 0,
            seed,
            now: 0,
            events_processed: 0,
            queue: EventQueue::default(),
            nodes,
            node_vectors: vec![0; n * n],
            zero_vector: vec![0; n],
            default_link: self.default_link,
            link_overrides: self
                .link_overrides
                .into_iter()
                .filter(|((a, b), _)| *a < n && *b < n)
                .collect(),
            cut: vec![false; n * n],
            rules: self.rules,
            link_rngs: vec![None; n * n],
            link_counters: vec![LinkCounters::default(); n * n],
            flights: FlightTable::new(n),
            injected: Vec::new(),
            injected_free: Vec::new(),
            pending_timers: BTreeMap::new(),
            next_timer_id: 0,
            next_msg_id: 0,
            sent: 0,
            delivered: 0,
            dropped: DropCounts::default(),
            duplicated: 0,
            named: BTreeMap::new(),
            delivery_latency: LatencyStats::default(),
            request_latency: LatencyStats::default(),
            trace: TraceLog::new(n, self.ring_capacity, self.full_trace),
            recent_drops: VecDeque::new(),
            recent_drop_window_us: self.recent_drop_window_us,
            effects_buf: Vec::new(),
        };
        for (node, clock) in self.clocks {
            if let Some(slot) = sim.nodes.get_mut(node) {
                slot.clock = clock;
            }
        }
        for node in 0..n {
            sim.run_handler(node, |protocol, ctx| protocol.on_start(ctx));
        }
        sim.discard_cancelled_front();
        sim
    }
}
