//! Changing a running simulation: interventions (crash, partition, loss…), rules, and scenario inputs.

use std::fmt::Write as _;

use super::queue::EventKind;
use super::{Injected, PendingTimer, Simulation};
use crate::sim::intervention::Intervention;
use crate::sim::network::{DropCause, Latency, Rule};
use crate::sim::protocol::Protocol;
use crate::sim::trace::{CompactText, TraceKind};
use crate::sim::{NodeId, SimTime, TimerId};

fn text_of(iv: Option<&Intervention>) -> CompactText {
    let mut text = CompactText::new();
    if let Some(iv) = iv {
        let _ = write!(text, "{iv}");
    }
    text
}

impl<P: Protocol> Simulation<P> {
    /// Apply an intervention now. Interventions naming a node that does not exist are ignored.
    /// Returns whether anything changed.
    pub fn apply_intervention(&mut self, iv: &Intervention) -> bool {
        let changed = self.apply_intervention_inner(iv);
        self.discard_cancelled_front();
        changed
    }

    fn apply_intervention_inner(&mut self, iv: &Intervention) -> bool {
        let n = self.nodes.len();
        let valid = |node: NodeId| node < n;
        match *iv {
            Intervention::Crash(node) => self.crash_with(node, Some(iv)),
            Intervention::Restart(node) => self.restart_with(node, Some(iv)),
            Intervention::Pause(node) => self.pause_with(node, Some(iv)),
            Intervention::Resume(node) => self.resume_with(node, Some(iv)),
            Intervention::Cut(a, b) if valid(a) && valid(b) => {
                self.cut[a * n + b] = true;
                self.cut[b * n + a] = true;
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::CutOneWay { from, to } if valid(from) && valid(to) => {
                self.cut[from * n + to] = true;
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::Heal(a, b) if valid(a) && valid(b) => {
                self.cut[a * n + b] = false;
                self.cut[b * n + a] = false;
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::HealAll => {
                self.cut.fill(false);
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::SetLoss { ppm } => {
                self.default_link.loss_ppm = ppm;
                self.link_overrides
                    .values_mut()
                    .for_each(|c| c.loss_ppm = ppm);
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::SetDuplication { ppm } => {
                self.default_link.duplicate_ppm = ppm;
                self.link_overrides
                    .values_mut()
                    .for_each(|c| c.duplicate_ppm = ppm);
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::SetLatency { min_us, max_us } => {
                let latency = if min_us == max_us {
                    Latency::Constant { us: min_us }
                } else {
                    Latency::Uniform {
                        min_us: min_us.min(max_us),
                        max_us: max_us.max(min_us),
                    }
                };
                self.set_latency(latency);
                self.trace_global(TraceKind::Intervention, text_of(Some(iv)));
                true
            }
            Intervention::SetClock {
                node,
                offset_us,
                drift_ppm,
            } if valid(node) => {
                self.nodes[node].clock.set(self.now, offset_us, drift_ppm);
                self.trace_at_node(node, TraceKind::Intervention, None, text_of(Some(iv)));
                true
            }
            _ => false,
        }
    }

    /// Crash `node`: its timers die, its paused inbox is dropped, and messages reaching it are
    /// dropped with [`DropCause::CrashedReceiver`] until it restarts.
    pub fn crash(&mut self, node: NodeId) -> bool {
        let changed = self.crash_with(node, None);
        self.discard_cancelled_front();
        changed
    }

    /// Restart a crashed node and call its protocol's `on_restart`.
    pub fn restart(&mut self, node: NodeId) -> bool {
        let changed = self.restart_with(node, None);
        self.discard_cancelled_front();
        changed
    }

    /// Pause an up node: arriving messages and firing timers wait in its inbox until resumed.
    pub fn pause(&mut self, node: NodeId) -> bool {
        self.pause_with(node, None)
    }

    /// Resume a paused node: everything in its inbox is handled now, in arrival order.
    pub fn resume(&mut self, node: NodeId) -> bool {
        self.resume_with(node, None)
    }

    fn crash_with(&mut self, node: NodeId, iv: Option<&Intervention>) -> bool {
        let Some(slot) = self.nodes.get_mut(node) else {
            return false;
        };
        if !slot.up {
            return false;
        }
        slot.up = false;
        slot.paused = false;
        let inbox = std::mem::take(&mut slot.deferred);
        self.pending_timers.retain(|_, timer| timer.node != node);
        self.trace_at_node(node, TraceKind::Crash, None, text_of(iv));
        for input in inbox {
            match input {
                EventKind::Arrive(slot) => self.drop_flight(slot, DropCause::CrashedReceiver),
                EventKind::External(slot) => {
                    if let Some(entry) = self.injected.get_mut(slot as usize) {
                        *entry = None;
                        self.injected_free.push(slot);
                    }
                }
                EventKind::Timer(_) | EventKind::Lose(_) => {}
            }
        }
        true
    }

    fn restart_with(&mut self, node: NodeId, iv: Option<&Intervention>) -> bool {
        let Some(slot) = self.nodes.get_mut(node) else {
            return false;
        };
        if slot.up {
            return false;
        }
        slot.up = true;
        self.trace_at_node(node, TraceKind::Restart, None, text_of(iv));
        self.run_handler(node, |protocol, ctx| protocol.on_restart(ctx));
        true
    }

    fn pause_with(&mut self, node: NodeId, iv: Option<&Intervention>) -> bool {
        let Some(slot) = self.nodes.get_mut(node) else {
            return false;
        };
        if !slot.up || slot.paused {
            return false;
        }
        slot.paused = true;
        self.trace_at_node(node, TraceKind::Pause, None, text_of(iv));
        true
    }

    fn resume_with(&mut self, node: NodeId, iv: Option<&Intervention>) -> bool {
        let Some(slot) = self.nodes.get_mut(node) else {
            return false;
        };
        if !slot.paused {
            return false;
        }
        slot.paused = false;
        let inbox = std::mem::take(&mut slot.deferred);
        self.trace_at_node(node, TraceKind::Resume, None, text_of(iv));
        for input in inbox {
            if let EventKind::Arrive(slot) = input {
                if let Some(flight) = self.flights.get_mut(slot) {
                    flight.waiting = false;
                }
            }
            self.queue.push(self.now, input);
        }
        true
    }

    /// Cut both directions between `a` and `b`.
    pub fn cut(&mut self, a: NodeId, b: NodeId) -> bool {
        self.apply_intervention(&Intervention::Cut(a, b))
    }

    /// Cut only `from → to`.
    pub fn cut_one_way(&mut self, from: NodeId, to: NodeId) -> bool {
        self.apply_intervention(&Intervention::CutOneWay { from, to })
    }

    /// Heal both directions between `a` and `b`.
    pub fn heal(&mut self, a: NodeId, b: NodeId) -> bool {
        self.apply_intervention(&Intervention::Heal(a, b))
    }

    /// Set the latency distribution of every link (no trace event).
    pub fn set_latency(&mut self, latency: Latency) {
        self.default_link.latency = latency;
        self.link_overrides
            .values_mut()
            .for_each(|c| c.latency = latency);
    }

    /// Append a scripted rule (evaluated after the existing ones).
    pub fn add_rule(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    /// Remove every scripted rule.
    pub fn clear_rules(&mut self) {
        self.rules.clear();
    }

    /// Deliver `msg` to `to` as if from `from` at time `at` (or now, if `at` is past), outside the
    /// network: it cannot be lost, and it is not counted as sent. Use it for external inputs such
    /// as "the client issues a request". Returns false if `to` is not a node.
    pub fn inject(&mut self, at: SimTime, to: NodeId, from: NodeId, msg: P::Msg) -> bool {
        if to >= self.nodes.len() {
            return false;
        }
        let entry = Some(Injected { to, from, msg });
        let slot = match self.injected_free.pop() {
            Some(slot) => {
                self.injected[slot as usize] = entry;
                slot
            }
            None => {
                self.injected.push(entry);
                (self.injected.len() - 1) as u32
            }
        };
        self.queue.push(at.max(self.now), EventKind::External(slot));
        true
    }

    /// Fire `on_timer(tag)` at `node` at time `at` (or now, if past). `None` if `node` does not exist.
    pub fn schedule_timer(&mut self, node: NodeId, at: SimTime, tag: u64) -> Option<TimerId> {
        if node >= self.nodes.len() {
            return None;
        }
        let id = self.next_timer_id;
        self.next_timer_id += 1;
        self.pending_timers.insert(id, PendingTimer { node, tag });
        self.queue.push(at.max(self.now), EventKind::Timer(id));
        Some(id)
    }
}
