//! Event processing: popping the queue, running handlers, applying their effects, and stamping the trace.

use super::queue::{EventKind, QueuedEvent};
use super::{Halt, HaltCause, Simulation, MAX_EVENTS_AT_ONE_INSTANT, MAX_IN_FLIGHT};
use crate::sim::network::DropCause;
use crate::sim::protocol::{Ctx, Effect, MessageInfo, Protocol};
use crate::sim::trace::{CompactText, MessageRef, Record, TraceKind};
use crate::sim::{NodeId, SimTime};

pub(crate) fn label_of<M: MessageInfo>(msg: &M) -> CompactText {
    let mut text = CompactText::new();
    let _ = msg.write_label(&mut text);
    text
}

impl<P: Protocol> Simulation<P> {
    /// Process the next event. Returns false when nothing is queued, or when the run has
    /// halted (see [`halted`](Self::halted)). Cancelled timers are skipped without
    /// counting as events.
    ///
    /// A protocol that keeps scheduling events at one instant (a zero-delay timer loop)
    /// would never let time pass, and a message storm would exhaust memory: after
    /// [`MAX_EVENTS_AT_ONE_INSTANT`] events at one instant, or with more than
    /// [`MAX_IN_FLIGHT`] messages on the wire, the simulation halts instead. It stays at
    /// that instant and processes nothing more, whichever way it is driven.
    pub fn step(&mut self) -> bool {
        if self.halted.is_some() {
            return false;
        }
        self.discard_cancelled_front();
        let Some(next) = self.queue.peek_time() else {
            return false;
        };
        if next > self.now {
            self.events_at_instant = 0;
        }
        if self.events_at_instant >= MAX_EVENTS_AT_ONE_INSTANT {
            self.halt(HaltCause::StalledTime);
            return false;
        }
        let Some(event) = self.queue.pop() else {
            return false;
        };
        self.events_at_instant += 1;
        self.handle(event);
        if self.flights.live() > MAX_IN_FLIGHT {
            self.halt(HaltCause::Flood);
        }
        self.discard_cancelled_front();
        #[cfg(debug_assertions)]
        self.assert_invariants();
        true
    }

    /// The message ledger balances after every event: every message sent or duplicated
    /// was delivered, dropped, or is still in flight.
    #[cfg(debug_assertions)]
    fn assert_invariants(&self) {
        let c = self.counters();
        debug_assert_eq!(
            c.sent + c.duplicated,
            c.delivered + c.dropped.total() + c.in_flight,
            "message ledger out of balance at t = {} µs: {c:?}",
            self.now
        );
        debug_assert!(
            self.queue.peek_time().is_none_or(|next| next >= self.now),
            "an event is queued in the past"
        );
    }

    /// Drop cancelled or dead timers from the front of the queue, so that the front is always a
    /// real event: `next_event_time` is then exact and `step` never runs past a time limit.
    pub(crate) fn discard_cancelled_front(&mut self) {
        while let Some(EventKind::Timer(id)) = self.queue.peek_kind() {
            if self.pending_timers.contains_key(&id) {
                break;
            }
            self.queue.pop();
        }
    }

    /// Process every event with time ≤ `t`, then set the time to `t` (time never goes back).
    /// A run that halts (see [`step`](Self::step)) stays at the instant it halted.
    pub fn run_until(&mut self, t: SimTime) {
        while self.queue.peek_time().is_some_and(|next| next <= t) {
            if !self.step() {
                break;
            }
        }
        if self.halted.is_none() {
            self.now = self.now.max(t);
        }
    }

    fn halt(&mut self, cause: HaltCause) {
        self.halted = Some(Halt {
            at_us: self.now,
            events: self.events_at_instant,
            cause,
        });
    }

    /// Why the simulation stopped processing events, if it did (see [`run_until`](Self::run_until)).
    pub fn halted(&self) -> Option<Halt> {
        self.halted
    }

    /// Process up to `limit` events; returns how many were processed.
    pub fn run_events(&mut self, limit: u64) -> u64 {
        let mut done = 0;
        while done < limit && self.step() {
            done += 1;
        }
        done
    }

    /// Time of the next queued event.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.queue.peek_time().filter(|_| self.halted.is_none())
    }

    fn handle(&mut self, event: QueuedEvent) {
        self.now = self.now.max(event.time);
        self.events_processed += 1;
        match event.kind {
            EventKind::Arrive(slot) => self.arrive(slot),
            EventKind::Lose(slot) => self.drop_flight(slot, DropCause::Loss),
            EventKind::Timer(id) => self.fire_timer(id),
            EventKind::External(slot) => self.handle_external(slot),
        }
    }

    fn arrive(&mut self, slot: u32) {
        let Some(flight) = self.flights.get_mut(slot) else {
            return;
        };
        let to = flight.to;
        let node = &mut self.nodes[to];
        if !node.up {
            self.drop_flight(slot, DropCause::CrashedReceiver);
        } else if node.paused {
            flight.waiting = true;
            node.deferred.push(EventKind::Arrive(slot));
        } else {
            self.deliver(slot);
        }
    }

    fn deliver(&mut self, slot: u32) {
        let Some(flight) = self.flights.take(slot) else {
            return;
        };
        let n = self.nodes.len();
        let (from, to) = (flight.from, flight.to);
        let node = &mut self.nodes[to];
        node.lamport = node.lamport.max(flight.lamport) + 1;
        let own = &mut self.node_vectors[to * n..(to + 1) * n];
        for (mine, theirs) in own.iter_mut().zip(self.flights.vector(slot)) {
            *mine = (*mine).max(*theirs);
        }
        own[to] += 1;
        self.flights.release(slot);
        self.delivered += 1;
        self.delivery_latency
            .record(self.now.saturating_sub(flight.sent_at));
        self.link_counters[from * n + to].delivered += 1;
        let message = MessageRef {
            id: flight.id,
            from,
            to,
            kind: flight.msg.kind(),
        };
        self.trace_at_node(to, TraceKind::Deliver, Some(message), flight.label);
        let msg = flight.msg;
        self.run_handler(to, |protocol, ctx| protocol.on_message(ctx, from, msg));
    }

    fn fire_timer(&mut self, id: u64) {
        let Some(&timer) = self.pending_timers.get(&id) else {
            return;
        };
        let node = &mut self.nodes[timer.node];
        if node.paused && node.up {
            node.deferred.push(EventKind::Timer(id));
            return;
        }
        self.pending_timers.remove(&id);
        if !node.up {
            return;
        }
        self.tick(timer.node);
        self.trace_at_node(
            timer.node,
            TraceKind::Timer { tag: timer.tag },
            None,
            CompactText::new(),
        );
        self.run_handler(timer.node, |protocol, ctx| {
            protocol.on_timer(ctx, timer.tag)
        });
    }

    fn handle_external(&mut self, slot: u32) {
        let Some(input) = self.injected.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        let node = &mut self.nodes[input.to];
        if node.up && node.paused {
            node.deferred.push(EventKind::External(slot));
            self.injected[slot as usize] = Some(input);
            return;
        }
        self.injected_free.push(slot);
        if !node.up {
            return;
        }
        let id = self.next_msg_id;
        self.next_msg_id += 1;
        self.tick(input.to);
        let message = MessageRef {
            id,
            from: input.from,
            to: input.to,
            kind: input.msg.kind(),
        };
        self.trace_at_node(
            input.to,
            TraceKind::External,
            Some(message),
            label_of(&input.msg),
        );
        let (from, msg) = (input.from, input.msg);
        self.run_handler(input.to, |protocol, ctx| {
            protocol.on_message(ctx, from, msg)
        });
    }

    /// Run a handler of `node` and apply the effects it requested, in order.
    pub(crate) fn run_handler(
        &mut self,
        node: NodeId,
        handler: impl FnOnce(&mut P, &mut Ctx<'_, P::Msg>),
    ) {
        let mut effects = std::mem::take(&mut self.effects_buf);
        let node_count = self.nodes.len();
        let slot = &mut self.nodes[node];
        let mut ctx = Ctx {
            me: node,
            node_count,
            now: self.now,
            lamport: slot.lamport,
            clock: &mut slot.clock,
            rng: &mut slot.rng,
            effects: &mut effects,
            next_timer_id: &mut self.next_timer_id,
        };
        handler(&mut slot.protocol, &mut ctx);
        for effect in effects.drain(..) {
            self.apply_effect(node, effect);
        }
        self.effects_buf = effects;
    }

    fn apply_effect(&mut self, node: NodeId, effect: Effect<P::Msg>) {
        match effect {
            Effect::Send { to, msg } => self.send(node, to, msg),
            Effect::Broadcast { msg } => {
                for to in 0..self.nodes.len() {
                    if to != node {
                        self.send(node, to, msg.clone());
                    }
                }
            }
            Effect::SetTimer { id, delay_us, tag } => {
                self.pending_timers
                    .insert(id, super::PendingTimer { node, tag });
                self.queue
                    .push(self.now.saturating_add(delay_us), EventKind::Timer(id));
            }
            Effect::CancelTimer { id } => {
                if self.pending_timers.get(&id).is_some_and(|t| t.node == node) {
                    self.pending_timers.remove(&id);
                }
            }
            Effect::Note { text } => {
                self.tick(node);
                self.trace_at_node(node, TraceKind::Note, None, CompactText::Owned(text));
            }
            Effect::Count { name, by } => *self.named.entry(name).or_insert(0) += by,
            Effect::RequestCompleted { latency_us } => self.request_latency.record(latency_us),
            Effect::StateChanged => {
                self.tick(node);
                let state = self.nodes[node].protocol.display_state();
                self.trace_at_node(
                    node,
                    TraceKind::StateChange,
                    None,
                    CompactText::Owned(state),
                );
            }
        }
    }

    /// A local event at `node`: Lamport +1 and its own vector entry +1.
    pub(crate) fn tick(&mut self, node: NodeId) {
        let n = self.nodes.len();
        self.nodes[node].lamport += 1;
        self.node_vectors[node * n + node] += 1;
    }

    /// Record an event stamped with `node`'s current clocks.
    pub(crate) fn trace_at_node(
        &mut self,
        node: NodeId,
        kind: TraceKind,
        message: Option<MessageRef>,
        text: CompactText,
    ) {
        let n = self.nodes.len();
        let slot = &self.nodes[node];
        let record = Record {
            time: self.now,
            node: Some(node),
            local_clock_us: slot.clock.read(self.now),
            lamport: slot.lamport,
            kind,
            message,
            text,
        };
        self.trace
            .push(record, &self.node_vectors[node * n..(node + 1) * n]);
    }

    /// Record a network-wide event that belongs to no node.
    pub(crate) fn trace_global(&mut self, kind: TraceKind, text: CompactText) {
        let record = Record {
            time: self.now,
            node: None,
            local_clock_us: 0,
            lamport: 0,
            kind,
            message: None,
            text,
        };
        self.trace.push(record, &self.zero_vector);
    }
}
