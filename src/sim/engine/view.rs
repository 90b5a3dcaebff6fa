//! Read-only views for drawing (snapshots, counters) and the `World` implementation.

use std::any::Any;

use super::Simulation;
use crate::sim::intervention::Intervention;
use crate::sim::network::{LinkConfig, LinkCounters};
use crate::sim::protocol::{MessageInfo, Protocol};
use crate::sim::trace::TraceEvent;
use crate::sim::world::{Counters, LinkView, MessageView, NodeView, Snapshot, World};
use crate::sim::{NodeId, SimTime};

impl<P: Protocol> Simulation<P> {
    /// Everything needed to draw one frame.
    pub fn snapshot(&self) -> Snapshot {
        let mut messages = Vec::with_capacity(self.flights.live());
        self.for_each_message(|view| messages.push(view));
        Snapshot {
            now: self.now,
            nodes: self.node_views(),
            links: self.link_views(),
            messages,
            recent_drops: self.recent_drop_views(),
        }
    }

    /// The nodes as drawn.
    pub fn node_views(&self) -> Vec<NodeView> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(id, node)| NodeView {
                id,
                name: node.name.clone(),
                role: node.protocol.role(),
                state: node.protocol.display_state(),
                up: node.up,
                paused: node.paused,
                clock_us: node.clock.read(self.now),
                lamport: node.lamport,
                vector: self.vector_clock(id).map_or_else(Vec::new, <[u32]>::to_vec),
                inbox: node.deferred.len(),
            })
            .collect()
    }

    /// Every unordered pair of nodes with its cut state.
    pub fn link_views(&self) -> Vec<LinkView> {
        let n = self.nodes.len();
        let mut links = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        for a in 0..n {
            for b in a + 1..n {
                links.push(LinkView {
                    a,
                    b,
                    cut_ab: self.cut[a * n + b],
                    cut_ba: self.cut[b * n + a],
                });
            }
        }
        links
    }

    /// Drops within the recent-drop window before now.
    pub fn recent_drop_views(&self) -> Vec<crate::sim::DropView> {
        let horizon = self.now.saturating_sub(self.recent_drop_window_us);
        self.recent_drops
            .iter()
            .filter(|d| d.at >= horizon && d.at <= self.now)
            .cloned()
            .collect()
    }

    /// Visit every message on the wire (not those waiting in a paused inbox).
    pub fn for_each_message(&self, mut visit: impl FnMut(MessageView)) {
        for flight in self.flights.iter().filter(|f| !f.waiting) {
            visit(MessageView {
                id: flight.id,
                from: flight.from,
                to: flight.to,
                kind: flight.msg.kind(),
                label: flight.msg.label(),
                progress: flight.progress_at(self.now),
                sent_at: flight.sent_at,
                arrive_at: flight.arrive_at,
                doomed: flight.drop_at.is_some(),
                drop_at: flight.drop_at,
            });
        }
    }

    /// Overall counters.
    pub fn counters(&self) -> Counters {
        Counters {
            events: self.events_processed,
            sent: self.sent,
            delivered: self.delivered,
            dropped: self.dropped,
            duplicated: self.duplicated,
            in_flight: self.flights.live() as u64,
            timers: self.pending_timers.len() as u64,
            named: self.named.clone(),
            delivery_latency: self.delivery_latency,
            request_latency: self.request_latency,
        }
    }

    /// The trace ring, oldest first.
    pub fn recent_events(&self) -> Vec<TraceEvent> {
        self.trace.recent(usize::MAX)
    }
}

impl<P: Protocol> World for Simulation<P> {
    fn now(&self) -> SimTime {
        self.now
    }

    fn next_event_time(&self) -> Option<SimTime> {
        Simulation::next_event_time(self)
    }

    fn events_processed(&self) -> u64 {
        self.events_processed
    }

    fn step(&mut self) -> bool {
        Simulation::step(self)
    }

    fn run_until(&mut self, t: SimTime) {
        Simulation::run_until(self, t)
    }

    fn apply(&mut self, iv: &Intervention) {
        self.apply_intervention(iv);
    }

    fn snapshot(&self) -> Snapshot {
        Simulation::snapshot(self)
    }

    fn counters(&self) -> Counters {
        Simulation::counters(self)
    }

    fn halted(&self) -> Option<crate::sim::Halt> {
        Simulation::halted(self)
    }

    fn link_counters(&self, from: NodeId, to: NodeId) -> Option<LinkCounters> {
        Simulation::link_counters(self, from, to)
    }

    fn link_config(&self, from: NodeId, to: NodeId) -> Option<LinkConfig> {
        let n = self.nodes.len();
        (from < n && to < n).then(|| Simulation::link_config(self, from, to))
    }

    fn recent_events(&self) -> Vec<TraceEvent> {
        self.trace.recent(usize::MAX)
    }

    fn recent_events_tail(&self, max: usize) -> Vec<TraceEvent> {
        self.trace.recent(max)
    }

    fn full_trace(&self) -> &[TraceEvent] {
        self.trace.full()
    }

    fn trace_len(&self) -> u64 {
        self.trace.total_events()
    }

    fn trace_hash(&self) -> u64 {
        self.trace.hash_value()
    }

    fn node_names(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn box_clone(&self) -> Box<dyn World> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
