//! The send pipeline (partition → rules → loss, latency, reordering → duplication) and drops.

use super::dispatch::label_of;
use super::flights::Flight;
use super::queue::EventKind;
use super::Simulation;
use crate::sim::network::{DropCause, RuleAction};
use crate::sim::protocol::{MessageInfo, Protocol};
use crate::sim::rng::{chance_ppm, child_stream, link_stream_id, SimRng};
use crate::sim::trace::{CompactText, MessageRef, Record, TraceKind};
use crate::sim::world::DropView;
use crate::sim::{MsgId, NodeId};

const MAX_RECENT_DROPS: usize = 512;

enum RuleOutcome {
    Continue { extra_delay_us: u64 },
    Drop(DropCause),
}

fn link_rng(
    rngs: &mut [Option<Box<SimRng>>],
    seed: u64,
    n: usize,
    from: NodeId,
    to: NodeId,
) -> &mut SimRng {
    rngs[from * n + to]
        .get_or_insert_with(|| Box::new(child_stream(seed, link_stream_id(from, to))))
}

impl<P: Protocol> Simulation<P> {
    /// Send one message from `from` to `to` through the network.
    pub(crate) fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let n = self.nodes.len();
        if to >= n {
            return;
        }
        self.tick(from);
        let id = self.next_msg_id;
        self.next_msg_id += 1;
        self.sent += 1;
        self.link_counters[from * n + to].sent += 1;
        let message = MessageRef {
            id,
            from,
            to,
            kind: msg.kind(),
        };
        let label = label_of(&msg);
        self.trace_at_node(from, TraceKind::Send, Some(message), label.clone());

        if self.cut[from * n + to] {
            self.drop_at_send(message, DropCause::Partition, label);
            return;
        }
        let extra_delay_us = match self.evaluate_rules(from, to, message.kind) {
            RuleOutcome::Drop(cause) => {
                self.drop_at_send(message, cause, label);
                return;
            }
            RuleOutcome::Continue { extra_delay_us } => extra_delay_us,
        };
        let duplicate_ppm = self.link_config(from, to).duplicate_ppm;
        let duplicate = duplicate_ppm > 0
            && chance_ppm(
                link_rng(&mut self.link_rngs, self.seed, n, from, to),
                duplicate_ppm,
            );
        if duplicate {
            let copy = msg.clone();
            self.launch(id, from, to, msg, label.clone(), extra_delay_us);
            let copy_id = self.next_msg_id;
            self.next_msg_id += 1;
            self.duplicated += 1;
            self.link_counters[from * n + to].duplicated += 1;
            let copy_ref = MessageRef {
                id: copy_id,
                ..message
            };
            self.trace_at_node(
                from,
                TraceKind::Duplicate { original: id },
                Some(copy_ref),
                label.clone(),
            );
            self.launch(copy_id, from, to, copy, label, extra_delay_us);
        } else {
            self.launch(id, from, to, msg, label, extra_delay_us);
        }
    }

    fn evaluate_rules(&mut self, from: NodeId, to: NodeId, kind: &str) -> RuleOutcome {
        let mut extra_delay_us = 0u64;
        for rule in self.rules.iter_mut().filter(|r| r.matches(from, to, kind)) {
            if let Some(remaining) = rule.remaining.as_mut() {
                *remaining -= 1;
            }
            match rule.action {
                RuleAction::Pass => break,
                RuleAction::Delay(us) => extra_delay_us = extra_delay_us.saturating_add(us),
                RuleAction::Drop(cause) => return RuleOutcome::Drop(cause),
            }
        }
        RuleOutcome::Continue { extra_delay_us }
    }

    /// Put one copy on the wire: decide loss, latency and reordering from the link's stream.
    fn launch(
        &mut self,
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
        label: CompactText,
        extra_delay_us: u64,
    ) {
        let n = self.nodes.len();
        let config = self.link_config(from, to);
        let rng = link_rng(&mut self.link_rngs, self.seed, n, from, to);
        let doomed = chance_ppm(rng, config.loss_ppm);
        let mut latency_us = config.latency.sample(rng).saturating_add(extra_delay_us);
        if config.reorder_ppm > 0 && chance_ppm(rng, config.reorder_ppm) {
            latency_us = latency_us.saturating_add(config.reorder_delay_us);
        }
        let sent_at = self.now;
        let arrive_at = sent_at.saturating_add(latency_us);
        let drop_at = doomed.then(|| sent_at.saturating_add(latency_us / 2));
        let flight = Flight {
            id,
            from,
            to,
            msg,
            label,
            sent_at,
            arrive_at,
            drop_at,
            lamport: self.nodes[from].lamport,
            waiting: false,
        };
        let slot = self
            .flights
            .insert(flight, &self.node_vectors[from * n..(from + 1) * n]);
        match drop_at {
            Some(at) => self.queue.push(at, EventKind::Lose(slot)),
            None => self.queue.push(arrive_at, EventKind::Arrive(slot)),
        }
    }

    /// Drop a message at the moment it is sent (partition or rule).
    fn drop_at_send(&mut self, message: MessageRef, cause: DropCause, label: CompactText) {
        let n = self.nodes.len();
        self.count_drop(message, cause, 0.0);
        let record = Record {
            time: self.now,
            node: Some(message.to),
            local_clock_us: self.nodes[message.to].clock.read(self.now),
            lamport: self.nodes[message.from].lamport,
            kind: TraceKind::Drop { cause },
            message: Some(message),
            text: label,
        };
        let from = message.from;
        self.trace
            .push(record, &self.node_vectors[from * n..(from + 1) * n]);
    }

    /// Drop a message that is in flight (or waiting in a paused inbox).
    pub(crate) fn drop_flight(&mut self, slot: u32, cause: DropCause) {
        let Some(flight) = self.flights.take(slot) else {
            return;
        };
        let message = MessageRef {
            id: flight.id,
            from: flight.from,
            to: flight.to,
            kind: flight.msg.kind(),
        };
        let progress = flight.progress_at(self.now);
        self.count_drop(message, cause, progress);
        let record = Record {
            time: self.now,
            node: Some(flight.to),
            local_clock_us: self.nodes[flight.to].clock.read(self.now),
            lamport: flight.lamport,
            kind: TraceKind::Drop { cause },
            message: Some(message),
            text: flight.label,
        };
        self.trace.push(record, self.flights.vector(slot));
        self.flights.release(slot);
    }

    fn count_drop(&mut self, message: MessageRef, cause: DropCause, progress_at_drop: f32) {
        let n = self.nodes.len();
        self.dropped.add(cause);
        self.link_counters[message.from * n + message.to].dropped += 1;
        let horizon = self.now.saturating_sub(self.recent_drop_window_us);
        while self.recent_drops.front().is_some_and(|d| d.at < horizon)
            || self.recent_drops.len() >= MAX_RECENT_DROPS
        {
            self.recent_drops.pop_front();
        }
        self.recent_drops.push_back(DropView {
            id: message.id,
            from: message.from,
            to: message.to,
            kind: message.kind,
            progress_at_drop,
            at: self.now,
            cause,
        });
    }
}
