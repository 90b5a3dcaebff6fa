//! The generic simulation `Simulation<P>`: state, construction, and read access.
//!
//! Processing lives in `dispatch` (events and handlers), `transport` (the send
//! pipeline and drops), `control` (interventions and scenario inputs) and `view`
//! (snapshots and the [`World`](crate::sim::World) implementation).

mod builder;
mod control;
mod dispatch;
mod flights;
mod queue;
mod transport;
mod view;

use std::collections::{BTreeMap, VecDeque};

pub use builder::SimulationBuilder;

use self::flights::FlightTable;
use self::queue::{EventKind, EventQueue};
use super::clock::PhysicalClock;
use super::network::{LinkConfig, LinkCounters, Rule};
use super::protocol::{Effect, Protocol};
use super::rng::SimRng;
use super::trace::{TraceEvent, TraceLog};
use super::world::{DropCounts, DropView, LatencyStats};
use super::{MsgId, NodeId, SimTime, TimerId};

/// One node: its protocol state plus what the simulator keeps about it.
#[derive(Clone)]
pub(crate) struct NodeSlot<P> {
    pub name: String,
    pub protocol: P,
    pub up: bool,
    pub paused: bool,
    pub clock: PhysicalClock,
    pub lamport: u64,
    pub rng: SimRng,
    /// Inputs that arrived while paused, handled in order on resume.
    pub deferred: Vec<EventKind>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PendingTimer {
    pub node: NodeId,
    pub tag: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Injected<M> {
    pub to: NodeId,
    pub from: NodeId,
    pub msg: M,
}

/// Events one simulated instant may hold before the simulation halts: far more than any
/// lesson scene, far fewer than a hung tab.
pub const MAX_EVENTS_AT_ONE_INSTANT: u64 = 200_000;

/// Messages that may be on the wire at once before the simulation halts: far more than
/// any lesson scene, far fewer than would exhaust the page's memory (a storm from
/// extreme duplication grows without bound).
pub const MAX_IN_FLIGHT: usize = 200_000;

/// Why a simulation stopped processing events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaltCause {
    /// The protocol kept scheduling events at one instant without letting time pass.
    StalledTime,
    /// More than [`MAX_IN_FLIGHT`] messages were on the wire at once.
    Flood,
}

/// Why a simulation stopped, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Halt {
    /// The instant time could not get past.
    pub at_us: SimTime,
    /// Events processed at that instant before halting.
    pub events: u64,
    pub cause: HaltCause,
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cause {
            HaltCause::StalledTime => write!(
                f,
                "The simulation stopped at {} µs: its protocol kept scheduling events at that instant ({} of them) without letting time pass.",
                self.at_us, self.events
            ),
            HaltCause::Flood => write!(
                f,
                "The simulation stopped at {} µs: more than {MAX_IN_FLIGHT} messages were on the wire at once, a storm that would exhaust the page's memory (extreme duplication does this).",
                self.at_us
            ),
        }
    }
}

/// A deterministic discrete-event simulation of nodes running protocol `P`.
///
/// Build one with [`Simulation::builder`]; drive it with [`step`](Self::step),
/// [`run_until`](Self::run_until) or [`run_events`](Self::run_events); hand it to the UI as a
/// `Box<dyn World>`.
pub struct Simulation<P: Protocol> {
    pub(crate) seed: u64,
    /// Set when the protocol stalled time (see `run_until`).
    pub(crate) halted: Option<Halt>,
    /// Events processed at the current instant (for [`MAX_EVENTS_AT_ONE_INSTANT`]).
    pub(crate) events_at_instant: u64,
    pub(crate) now: SimTime,
    pub(crate) events_processed: u64,
    pub(crate) queue: EventQueue,
    pub(crate) nodes: Vec<NodeSlot<P>>,
    /// Vector clocks, `node_count × node_count`, row per node.
    pub(crate) node_vectors: Vec<u32>,
    pub(crate) zero_vector: Vec<u32>,
    pub(crate) default_link: LinkConfig,
    pub(crate) link_overrides: BTreeMap<(NodeId, NodeId), LinkConfig>,
    /// `cut[from * n + to]`: the directed link is partitioned.
    pub(crate) cut: Vec<bool>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) link_rngs: Vec<Option<Box<SimRng>>>,
    pub(crate) link_counters: Vec<LinkCounters>,
    pub(crate) flights: FlightTable<P::Msg>,
    pub(crate) injected: Vec<Option<Injected<P::Msg>>>,
    pub(crate) injected_free: Vec<u32>,
    pub(crate) pending_timers: BTreeMap<TimerId, PendingTimer>,
    pub(crate) next_timer_id: TimerId,
    pub(crate) next_msg_id: MsgId,
    pub(crate) sent: u64,
    pub(crate) delivered: u64,
    pub(crate) dropped: DropCounts,
    pub(crate) duplicated: u64,
    pub(crate) named: BTreeMap<&'static str, u64>,
    pub(crate) delivery_latency: LatencyStats,
    pub(crate) request_latency: LatencyStats,
    pub(crate) trace: TraceLog,
    pub(crate) recent_drops: VecDeque<DropView>,
    pub(crate) recent_drop_window_us: u64,
    pub(crate) effects_buf: Vec<Effect<P::Msg>>,
}

impl<P: Protocol> Clone for Simulation<P> {
    fn clone(&self) -> Self {
        Self {
            seed: self.seed,
            halted: self.halted,
            events_at_instant: self.events_at_instant,
            now: self.now,
            events_processed: self.events_processed,
            queue: self.queue.clone(),
            nodes: self.nodes.clone(),
            node_vectors: self.node_vectors.clone(),
            zero_vector: self.zero_vector.clone(),
            default_link: self.default_link,
            link_overrides: self.link_overrides.clone(),
            cut: self.cut.clone(),
            rules: self.rules.clone(),
            link_rngs: self.link_rngs.clone(),
            link_counters: self.link_counters.clone(),
            flights: self.flights.clone(),
            injected: self.injected.clone(),
            injected_free: self.injected_free.clone(),
            pending_timers: self.pending_timers.clone(),
            next_timer_id: self.next_timer_id,
            next_msg_id: self.next_msg_id,
            sent: self.sent,
            delivered: self.delivered,
            dropped: self.dropped,
            duplicated: self.duplicated,
            named: self.named.clone(),
            delivery_latency: self.delivery_latency,
            request_latency: self.request_latency,
            trace: self.trace.clone(),
            recent_drops: self.recent_drops.clone(),
            recent_drop_window_us: self.recent_drop_window_us,
            effects_buf: Vec::new(),
        }
    }
}

impl<P: Protocol> Simulation<P> {
    /// Start describing a simulation whose randomness all derives from `seed`.
    pub fn builder(seed: u64) -> SimulationBuilder<P> {
        SimulationBuilder::new(seed)
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.events_processed
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A node's protocol state.
    pub fn node(&self, id: NodeId) -> Option<&P> {
        self.nodes.get(id).map(|n| &n.protocol)
    }

    /// Every node's protocol state, by id.
    pub fn nodes(&self) -> impl Iterator<Item = &P> + '_ {
        self.nodes.iter().map(|n| &n.protocol)
    }

    /// Mutable protocol state. Changing it outside a handler is not recorded by the timeline:
    /// use it only while setting a scenario up.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut P> {
        self.nodes.get_mut(id).map(|n| &mut n.protocol)
    }

    /// A node's name.
    pub fn node_name(&self, id: NodeId) -> Option<&str> {
        self.nodes.get(id).map(|n| n.name.as_str())
    }

    /// Whether a node is up (not crashed). False for unknown ids.
    pub fn is_up(&self, id: NodeId) -> bool {
        self.nodes.get(id).is_some_and(|n| n.up)
    }

    /// Whether a node is paused.
    pub fn is_paused(&self, id: NodeId) -> bool {
        self.nodes.get(id).is_some_and(|n| n.paused)
    }

    /// A node's physical clock.
    pub fn clock(&self, id: NodeId) -> Option<&PhysicalClock> {
        self.nodes.get(id).map(|n| &n.clock)
    }

    /// A node's physical clock reading now.
    pub fn local_clock_us(&self, id: NodeId) -> Option<i64> {
        self.nodes.get(id).map(|n| n.clock.read(self.now))
    }

    /// A node's Lamport clock.
    pub fn lamport(&self, id: NodeId) -> Option<u64> {
        self.nodes.get(id).map(|n| n.lamport)
    }

    /// A node's vector clock (one entry per node).
    pub fn vector_clock(&self, id: NodeId) -> Option<&[u32]> {
        let n = self.nodes.len();
        (id < n).then(|| &self.node_vectors[id * n..(id + 1) * n])
    }

    /// The full trace (empty unless enabled with [`SimulationBuilder::full_trace`]).
    pub fn full_trace(&self) -> &[TraceEvent] {
        self.trace.full()
    }

    /// Stable hash of the trace so far.
    pub fn trace_hash(&self) -> u64 {
        self.trace.hash_value()
    }

    /// Named protocol counter (0 if never bumped).
    pub fn named_counter(&self, name: &str) -> u64 {
        self.named.get(name).copied().unwrap_or(0)
    }

    /// Counters of the directed link `from → to`.
    pub fn link_counters(&self, from: NodeId, to: NodeId) -> Option<LinkCounters> {
        let n = self.nodes.len();
        (from < n && to < n).then(|| self.link_counters[from * n + to])
    }

    /// The configuration in force on the directed link `from → to`.
    pub fn link_config(&self, from: NodeId, to: NodeId) -> LinkConfig {
        if self.link_overrides.is_empty() {
            return self.default_link;
        }
        self.link_overrides
            .get(&(from, to))
            .copied()
            .unwrap_or(self.default_link)
    }

    /// Whether the directed link `from → to` is cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        let n = self.nodes.len();
        from < n && to < n && self.cut[from * n + to]
    }

    /// The scripted rules, in evaluation order (with their remaining match counts).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Number of queued events (including cancelled timers not yet skipped).
    pub fn queued_events(&self) -> usize {
        self.queue.len()
    }
}
