//! Two runs side by side in one world: two simulations of the same kind, built with the
//! same seed, that never talk to each other, shown and stepped as one. Lane 0's nodes keep
//! their ids; lane 1's follow them (`id + offset`). Events are processed in time order
//! across the lanes (lane 0 first on ties), so one timeline, one share link and one
//! drawing cover both. Because each lane is exactly the simulation it would be alone
//! (same node ids inside it, same random streams), two lanes that differ only in the
//! balancer's strategy see the very same arrivals. A leaf: it imports no scene.

use std::any::Any;

use crate::sim::{
    combine_hashes, Counters, Halt, Intervention, LinkConfig, LinkCounters, LinkView, MessageRef,
    MsgId, NodeId, Protocol, SimTime, Simulation, Snapshot, TraceEvent, TraceKind, World,
};

/// Lane 1's message ids are offset by this, so that no two messages share an id.
const MSG_OFFSET: MsgId = 1 << 48;

/// Two simulations as one world.
#[derive(Clone)]
pub struct Lanes<P: Protocol> {
    lanes: [Simulation<P>; 2],
}

impl<P: Protocol> Lanes<P> {
    /// `first` above, `second` below.
    pub fn new(first: Simulation<P>, second: Simulation<P>) -> Self {
        Lanes {
            lanes: [first, second],
        }
    }

    /// Lane `i` (0 or 1; anything else is lane 1).
    pub fn lane(&self, i: usize) -> &Simulation<P> {
        &self.lanes[i.min(1)]
    }

    /// Where lane 1's node ids start.
    pub fn offset(&self) -> NodeId {
        World::node_count(&self.lanes[0])
    }

    /// The node of the world that is node `id` of lane `lane`.
    pub fn global_id(&self, lane: usize, id: NodeId) -> NodeId {
        if lane == 0 {
            id
        } else {
            id + self.offset()
        }
    }

    /// The lane and local id of world node `id`.
    fn local(&self, id: NodeId) -> (usize, NodeId) {
        let offset = self.offset();
        if id < offset {
            (0, id)
        } else {
            (1, id - offset)
        }
    }

    /// The lane whose next event comes first (lane 0 on ties), if any has one.
    fn next_lane(&self) -> Option<usize> {
        match (
            World::next_event_time(&self.lanes[0]),
            World::next_event_time(&self.lanes[1]),
        ) {
            (Some(a), Some(b)) => Some(if b < a { 1 } else { 0 }),
            (Some(_), None) => Some(0),
            (None, Some(_)) => Some(1),
            (None, None) => None,
        }
    }

    /// `iv` in lane terms: to which lanes it goes, with lane-local node ids.
    fn route(&self, iv: &Intervention) -> Vec<(usize, Intervention)> {
        let one = |n: NodeId, make: fn(NodeId) -> Intervention| {
            let (lane, local) = self.local(n);
            vec![(lane, make(local))]
        };
        let pair = |a: NodeId, b: NodeId, make: &dyn Fn(NodeId, NodeId) -> Intervention| {
            let ((la, a), (lb, b)) = (self.local(a), self.local(b));
            if la == lb {
                vec![(la, make(a, b))]
            } else {
                Vec::new()
            }
        };
        match *iv {
            Intervention::Crash(n) => one(n, Intervention::Crash),
            Intervention::Restart(n) => one(n, Intervention::Restart),
            Intervention::Pause(n) => one(n, Intervention::Pause),
            Intervention::Resume(n) => one(n, Intervention::Resume),
            Intervention::Cut(a, b) => pair(a, b, &Intervention::Cut),
            Intervention::Heal(a, b) => pair(a, b, &Intervention::Heal),
            Intervention::CutOneWay { from, to } => {
                pair(from, to, &|from, to| Intervention::CutOneWay { from, to })
            }
            Intervention::SetClock {
                node,
                offset_us,
                drift_ppm,
            } => {
                let (lane, node) = self.local(node);
                let set = Intervention::SetClock {
                    node,
                    offset_us,
                    drift_ppm,
                };
                vec![(lane, set)]
            }
            global => vec![(0, global), (1, global)],
        }
    }

    /// Lane `lane`'s event with world ids and a vector entry for every world node.
    fn lift_event(&self, lane: usize, mut event: TraceEvent) -> TraceEvent {
        let offset = if lane == 0 { 0 } else { self.offset() };
        let msg_offset = if lane == 0 { 0 } else { MSG_OFFSET };
        event.node = event.node.map(|n| n + offset);
        event.message = event.message.map(|m| MessageRef {
            id: m.id + msg_offset,
            from: m.from + offset,
            to: m.to + offset,
            ..m
        });
        if let TraceKind::Duplicate { original } = event.kind {
            event.kind = TraceKind::Duplicate {
                original: original + msg_offset,
            };
        }
        let mut vector = vec![0; self.node_count()];
        for (i, v) in event.vector.iter().enumerate() {
            if let Some(slot) = vector.get_mut(i + offset) {
                *slot = *v;
            }
        }
        event.vector = vector;
        event
    }

    /// Both lanes' events (each oldest first), merged by time, lane 0 first on ties.
    fn merge(&self, a: Vec<TraceEvent>, b: Vec<TraceEvent>) -> Vec<TraceEvent> {
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
        loop {
            let take_b = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => y.time < x.time,
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            let (lane, event) = match take_b {
                true => (1, b.next()),
                false => (0, a.next()),
            };
            if let Some(event) = event {
                merged.push(self.lift_event(lane, event));
            }
        }
        let first_seq = self.trace_len().saturating_sub(merged.len() as u64);
        for (i, event) in merged.iter_mut().enumerate() {
            event.seq = first_seq + i as u64;
        }
        merged
    }

    /// Lane 1's snapshot moved to world ids, added to lane 0's.
    fn merged_snapshot(&self) -> Snapshot {
        let mut snapshot = self.lanes[0].snapshot();
        let below = self.lanes[1].snapshot();
        let offset = self.offset();
        snapshot.now = snapshot.now.max(below.now);
        snapshot
            .nodes
            .extend(below.nodes.into_iter().map(|mut node| {
                node.id += offset;
                node
            }));
        snapshot
            .links
            .extend(below.links.into_iter().map(|l| LinkView {
                a: l.a + offset,
                b: l.b + offset,
                ..l
            }));
        snapshot
            .messages
            .extend(below.messages.into_iter().map(|mut m| {
                m.id += MSG_OFFSET;
                m.from += offset;
                m.to += offset;
                m
            }));
        snapshot
            .recent_drops
            .extend(below.recent_drops.into_iter().map(|mut d| {
                d.id += MSG_OFFSET;
                d.from += offset;
                d.to += offset;
                d
            }));
        snapshot
    }
}

/// Two sets of counters added up.
fn sum_counters(a: Counters, b: Counters) -> Counters {
    let mut named = a.named;
    for (name, count) in b.named {
        *named.entry(name).or_insert(0) += count;
    }
    let latency =
        |x: crate::sim::LatencyStats, y: crate::sim::LatencyStats| crate::sim::LatencyStats {
            count: x.count + y.count,
            total_us: x.total_us.saturating_add(y.total_us),
            max_us: x.max_us.max(y.max_us),
        };
    Counters {
        events: a.events + b.events,
        sent: a.sent + b.sent,
        delivered: a.delivered + b.delivered,
        dropped: crate::sim::DropCounts {
            loss: a.dropped.loss + b.dropped.loss,
            partition: a.dropped.partition + b.dropped.partition,
            crashed_receiver: a.dropped.crashed_receiver + b.dropped.crashed_receiver,
            rule: a.dropped.rule + b.dropped.rule,
        },
        duplicated: a.duplicated + b.duplicated,
        in_flight: a.in_flight + b.in_flight,
        timers: a.timers + b.timers,
        named,
        delivery_latency: latency(a.delivery_latency, b.delivery_latency),
        request_latency: latency(a.request_latency, b.request_latency),
    }
}

impl<P: Protocol> World for Lanes<P> {
    fn now(&self) -> SimTime {
        self.lanes[0].now().max(self.lanes[1].now())
    }

    fn next_event_time(&self) -> Option<SimTime> {
        self.next_lane()
            .and_then(|lane| World::next_event_time(&self.lanes[lane]))
    }

    fn events_processed(&self) -> u64 {
        World::events_processed(&self.lanes[0]) + World::events_processed(&self.lanes[1])
    }

    fn step(&mut self) -> bool {
        let Some(lane) = self.next_lane() else {
            return false;
        };
        let stepped = World::step(&mut self.lanes[lane]);
        // The other lane's clock follows, unless it has an event at this very instant.
        let now = self.lanes[lane].now();
        let other = &mut self.lanes[1 - lane];
        if other.now() < now && World::next_event_time(other).is_none_or(|t| t > now) {
            World::run_until(other, now);
        }
        stepped
    }

    fn run_until(&mut self, t: SimTime) {
        World::run_until(&mut self.lanes[0], t);
        World::run_until(&mut self.lanes[1], t);
    }

    fn apply(&mut self, iv: &Intervention) {
        for (lane, iv) in self.route(iv) {
            self.lanes[lane].apply_intervention(&iv);
        }
    }

    fn snapshot(&self) -> Snapshot {
        self.merged_snapshot()
    }

    fn counters(&self) -> Counters {
        sum_counters(self.lanes[0].counters(), self.lanes[1].counters())
    }

    fn link_counters(&self, from: NodeId, to: NodeId) -> Option<LinkCounters> {
        let ((la, from), (lb, to)) = (self.local(from), self.local(to));
        (la == lb)
            .then(|| World::link_counters(&self.lanes[la], from, to))
            .flatten()
    }

    fn link_config(&self, from: NodeId, to: NodeId) -> Option<LinkConfig> {
        let ((la, from), (lb, to)) = (self.local(from), self.local(to));
        (la == lb)
            .then(|| World::link_config(&self.lanes[la], from, to))
            .flatten()
    }

    fn recent_events(&self) -> Vec<TraceEvent> {
        self.merge(self.lanes[0].recent_events(), self.lanes[1].recent_events())
    }

    fn recent_events_tail(&self, max: usize) -> Vec<TraceEvent> {
        let mut merged = self.merge(
            self.lanes[0].recent_events_tail(max),
            self.lanes[1].recent_events_tail(max),
        );
        let extra = merged.len().saturating_sub(max);
        merged.drain(..extra);
        merged
    }

    fn full_trace(&self) -> &[TraceEvent] {
        &[]
    }

    fn trace_len(&self) -> u64 {
        World::trace_len(&self.lanes[0]) + World::trace_len(&self.lanes[1])
    }

    fn trace_hash(&self) -> u64 {
        combine_hashes(&[
            World::trace_hash(&self.lanes[0]),
            World::trace_hash(&self.lanes[1]),
        ])
    }

    fn halted(&self) -> Option<Halt> {
        World::halted(&self.lanes[0]).or_else(|| World::halted(&self.lanes[1]))
    }

    fn node_names(&self) -> Vec<String> {
        let mut names = self.lanes[0].node_names();
        names.extend(self.lanes[1].node_names());
        names
    }

    fn node_count(&self) -> usize {
        World::node_count(&self.lanes[0]) + World::node_count(&self.lanes[1])
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::protocols::pingpong::PingPong;
    use crate::sim::LinkConfig;

    fn pair(seed: u64) -> Simulation<PingPong> {
        Simulation::builder(seed)
            .node("a", PingPong::new(0))
            .node("b", PingPong::new(0))
            .link_all(LinkConfig::uniform(1_000, 5_000))
            .build()
    }

    #[test]
    fn each_lane_runs_exactly_as_it_would_alone() {
        let mut alone = pair(3);
        alone.run_until(200_000);
        let mut lanes = Lanes::new(pair(3), pair(3));
        lanes.run_until(200_000);
        assert_eq!(lanes.lane(0).trace_hash(), alone.trace_hash());
        assert_eq!(lanes.lane(1).trace_hash(), alone.trace_hash());
        // Stepping event by event gives the same runs as jumping.
        let mut stepped = Lanes::new(pair(3), pair(3));
        while stepped.next_event_time().is_some_and(|t| t <= 200_000) {
            assert!(stepped.step());
        }
        stepped.run_until(200_000);
        assert_eq!(stepped.trace_hash(), lanes.trace_hash());
        assert_eq!(stepped.events_processed(), lanes.events_processed());
    }

    #[test]
    fn ids_are_the_worlds_and_interventions_reach_their_lane() {
        let mut lanes = Lanes::new(pair(3), pair(3));
        lanes.run_until(10_000);
        lanes.apply(&Intervention::Crash(3));
        let snapshot = lanes.snapshot();
        let ids: Vec<_> = snapshot.nodes.iter().map(|n| n.id).collect();
        assert_eq!(ids, [0, 1, 2, 3]);
        assert!(snapshot.nodes[1].up && !snapshot.nodes[3].up);
        assert_eq!(snapshot.links.len(), 2, "no links between the lanes");
        assert!(lanes.link_counters(0, 3).is_none());
        let events = lanes.recent_events();
        assert!(events.windows(2).all(|w| w[0].time <= w[1].time));
        assert!(events.iter().all(|e| e.vector.len() == 4));
        let below = events
            .iter()
            .filter_map(|e| e.message)
            .find(|m| m.from >= 2);
        assert!(below.is_some_and(|m| m.id >= MSG_OFFSET && m.to >= 2));
        assert_eq!(lanes.recent_events_tail(5).len(), 5);
    }
}
