//! The object-safe view of a running simulation that the UI and the timeline use.

use std::any::Any;
use std::collections::BTreeMap;

use super::intervention::Intervention;
use super::network::{DropCause, LinkConfig, LinkCounters};
use super::trace::TraceEvent;
use super::{MsgId, NodeId, SimTime};

/// A node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub id: NodeId,
    pub name: String,
    pub role: &'static str,
    /// The protocol's `display_state()`.
    pub state: String,
    /// False while crashed.
    pub up: bool,
    pub paused: bool,
    /// Physical clock reading now.
    pub clock_us: i64,
    pub lamport: u64,
    /// Vector clock now (one entry per node).
    pub vector: Vec<u32>,
    /// Inputs waiting while paused.
    pub inbox: usize,
}

/// An unordered pair of nodes and which directions are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkView {
    /// Always `a < b`.
    pub a: NodeId,
    pub b: NodeId,
    /// `a → b` is cut.
    pub cut_ab: bool,
    /// `b → a` is cut.
    pub cut_ba: bool,
}

/// A message on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    pub label: String,
    /// Fraction of the trip `sent_at → arrive_at` covered at `now` (display only).
    pub progress: f32,
    pub sent_at: SimTime,
    pub arrive_at: SimTime,
    /// The message will be lost; it disappears at `drop_at`.
    pub doomed: bool,
    pub drop_at: Option<SimTime>,
}

/// A recent drop, for a brief "lost here" mark.
#[derive(Clone, Debug, PartialEq)]
pub struct DropView {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    /// Where along the link it was lost (0 at the sender, 1 at the receiver).
    pub progress_at_drop: f32,
    /// When it was dropped.
    pub at: SimTime,
    pub cause: DropCause,
}

/// Everything needed to draw one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub now: SimTime,
    pub nodes: Vec<NodeView>,
    /// Every unordered pair of nodes.
    pub links: Vec<LinkView>,
    pub messages: Vec<MessageView>,
    /// Drops within the simulation's recent-drop window before `now`.
    pub recent_drops: Vec<DropView>,
}

/// Dropped-message counts by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DropCounts {
    pub loss: u64,
    pub partition: u64,
    pub crashed_receiver: u64,
    pub rule: u64,
}

impl DropCounts {
    /// The count for one cause.
    pub fn get(&self, cause: DropCause) -> u64 {
        match cause {
            DropCause::Loss => self.loss,
            DropCause::Partition => self.partition,
            DropCause::CrashedReceiver => self.crashed_receiver,
            DropCause::Rule => self.rule,
        }
    }

    pub(crate) fn add(&mut self, cause: DropCause) {
        match cause {
            DropCause::Loss => self.loss += 1,
            DropCause::Partition => self.partition += 1,
            DropCause::CrashedReceiver => self.crashed_receiver += 1,
            DropCause::Rule => self.rule += 1,
        }
    }

    /// All drops.
    pub fn total(&self) -> u64 {
        self.loss + self.partition + self.crashed_receiver + self.rule
    }
}

/// How long something took, summed over many: count, total and worst case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LatencyStats {
    pub count: u64,
    pub total_us: u64,
    pub max_us: SimTime,
}

impl LatencyStats {
    /// Adds one measurement.
    pub fn record(&mut self, latency_us: SimTime) {
        self.count += 1;
        self.total_us = self.total_us.saturating_add(latency_us);
        self.max_us = self.max_us.max(latency_us);
    }

    /// The mean, rounded down; `None` before the first measurement.
    pub fn mean_us(&self) -> Option<SimTime> {
        self.total_us.checked_div(self.count)
    }
}

/// Overall counters. Invariant: `sent + duplicated == delivered + dropped.total() + in_flight`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Events processed so far.
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub dropped: DropCounts,
    pub duplicated: u64,
    /// Copies on the wire or waiting in a paused node's inbox.
    pub in_flight: u64,
    /// Pending timers.
    pub timers: u64,
    /// Protocol counters bumped with `Ctx::count` (e.g. `"retries"`).
    pub named: BTreeMap<&'static str, u64>,
    /// Time from send to delivery of every delivered message.
    pub delivery_latency: LatencyStats,
    /// Time from first try to answer of every completed request, as protocols report
    /// it with `Ctx::request_completed` (retries included).
    pub request_latency: LatencyStats,
}

impl Counters {
    /// A named protocol counter (0 if never bumped).
    pub fn named(&self, name: &str) -> u64 {
        self.named.get(name).copied().unwrap_or(0)
    }
}

/// A running simulation, as the UI and the timeline see it. Implemented by
/// [`Simulation<P>`](super::Simulation); downcast with `as_any()` to read protocol state.
pub trait World: Any {
    /// Current simulated time.
    fn now(&self) -> SimTime;
    /// Time of the next event to process (cancelled timers are never reported).
    fn next_event_time(&self) -> Option<SimTime>;
    /// Events processed so far.
    fn events_processed(&self) -> u64;
    /// Process one event; false if the queue is empty.
    fn step(&mut self) -> bool;
    /// Process every event with time ≤ `t`, then set `now = t` (never moves time back).
    fn run_until(&mut self, t: SimTime);
    /// Apply an intervention now. Out-of-range nodes are ignored.
    fn apply(&mut self, iv: &Intervention);
    /// Everything needed to draw a frame.
    fn snapshot(&self) -> Snapshot;
    /// Overall counters.
    fn counters(&self) -> Counters;
    /// Counters of the directed link `from → to` (`None` if either is not a node).
    fn link_counters(&self, from: NodeId, to: NodeId) -> Option<LinkCounters>;
    /// The configuration in force on the directed link `from → to` (`None` if either is
    /// not a node).
    fn link_config(&self, from: NodeId, to: NodeId) -> Option<LinkConfig>;
    /// The bounded ring of recent trace events, oldest first.
    fn recent_events(&self) -> Vec<TraceEvent>;
    /// The newest `max` events of the ring, oldest first.
    fn recent_events_tail(&self, max: usize) -> Vec<TraceEvent>;
    /// The full trace, if enabled on the builder (empty otherwise).
    fn full_trace(&self) -> &[TraceEvent];
    /// Number of trace events recorded so far.
    fn trace_len(&self) -> u64;
    /// Stable hash of the whole trace so far.
    fn trace_hash(&self) -> u64;
    /// Why the run stopped processing events, if its protocol stalled time.
    fn halted(&self) -> Option<super::Halt>;
    /// Node names, by id.
    fn node_names(&self) -> Vec<String>;
    /// Number of nodes.
    fn node_count(&self) -> usize;
    /// A deep copy (used for checkpoints).
    fn box_clone(&self) -> Box<dyn World>;
    /// For downcasting to `Simulation<P>`.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting to `Simulation<P>` mutably.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl Clone for Box<dyn World> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}

#[cfg(test)]
mod tests {
    use super::LatencyStats;

    #[test]
    fn latency_stats_keep_count_mean_and_worst_case() {
        let mut stats = LatencyStats::default();
        assert_eq!(stats.mean_us(), None);
        for latency_us in [2_000, 6_000, 4_000] {
            stats.record(latency_us);
        }
        assert_eq!(stats.count, 3);
        assert_eq!(stats.mean_us(), Some(4_000));
        assert_eq!(stats.max_us, 6_000);
    }
}
