//! A client: issues requests by its arrival process, waits for each up to its timeout,
//! and counts every request's fate (`issued`, `completed`, `dropped`, `timed_out`, and
//! `late` for a reply after the timeout, which is ignored). It keeps the latency of its
//! recent completions, and when its recent drops and timeouts happened, for charts.

use std::collections::BTreeMap;

use super::cluster::{Msg, Request, Timer};
use super::ring::hash64;
use super::stats::{Instants, LatencyWindow};
use super::traffic::{Arrivals, CostDist};
use crate::lessons::kit::TimerTag;
use crate::sim::rng::below;
use crate::sim::{Ctx, NodeId, SimTime, TimerId};

/// What one client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSpec {
    pub arrivals: Arrivals,
    pub cost: CostDist,
    /// Keys are uniform in `0..keys` (users, say).
    pub keys: u64,
    pub timeout_us: SimTime,
    /// Completions kept for percentiles and throughput.
    pub window: usize,
}

/// How requests ended. Invariant: `issued = completed + dropped + timed_out + in_flight`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub issued: u64,
    pub completed: u64,
    /// Refused: a full queue, or no server to send to.
    pub dropped: u64,
    pub timed_out: u64,
    /// Waiting for an answer now.
    pub in_flight: u64,
    /// Replies that came after their timeout (not a fate: already timed out).
    pub late: u64,
}

impl Tally {
    /// Both tallies added.
    pub fn plus(&self, other: &Tally) -> Tally {
        Tally {
            issued: self.issued + other.issued,
            completed: self.completed + other.completed,
            dropped: self.dropped + other.dropped,
            timed_out: self.timed_out + other.timed_out,
            in_flight: self.in_flight + other.in_flight,
            late: self.late + other.late,
        }
    }

    /// Whether every issued request is accounted for.
    pub fn balances(&self) -> bool {
        self.issued == self.completed + self.dropped + self.timed_out + self.in_flight
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pending {
    issued_at_us: SimTime,
    timer: TimerId,
}

/// A client node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    spec: ClientSpec,
    balancer: NodeId,
    next_id: u64,
    pending: BTreeMap<u64, Pending>,
    tally: Tally,
    window: LatencyWindow,
    drops: Instants,
    timeouts: Instants,
    arrivals_hash: u64,
}

impl Client {
    /// A client sending to `balancer`.
    pub fn new(spec: ClientSpec, balancer: NodeId) -> Self {
        Client {
            spec,
            balancer,
            next_id: 0,
            pending: BTreeMap::new(),
            tally: Tally::default(),
            window: LatencyWindow::new(spec.window),
            drops: Instants::new(spec.window),
            timeouts: Instants::new(spec.window),
            arrivals_hash: 0,
        }
    }

    pub fn spec(&self) -> &ClientSpec {
        &self.spec
    }

    /// Fates so far, with `in_flight` filled in.
    pub fn tally(&self) -> Tally {
        Tally {
            in_flight: self.pending.len() as u64,
            ..self.tally
        }
    }

    /// Recent completions.
    pub fn window(&self) -> &LatencyWindow {
        &self.window
    }

    /// When recent requests were refused.
    pub fn drops(&self) -> &Instants {
        &self.drops
    }

    /// When recent requests timed out.
    pub fn timeouts(&self) -> &Instants {
        &self.timeouts
    }

    /// A hash of every `(time, key, cost)` issued so far: equal streams, equal hashes.
    pub fn arrivals_hash(&self) -> u64 {
        self.arrivals_hash
    }

    pub(super) fn display_state(&self) -> String {
        format!("{} waiting", self.pending.len())
    }

    pub(super) fn start<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        self.schedule_next(ctx);
    }

    fn schedule_next<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Some(gap) = self.spec.arrivals.next_gap_us(ctx.rng()) {
            ctx.set_timer(gap, Timer::Arrive.encode());
        }
    }

    pub(super) fn fire<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match timer {
            Timer::Arrive => {
                let now = ctx.true_time_us();
                if self.spec.arrivals.keep(ctx.rng(), now) {
                    self.issue(ctx);
                }
                self.schedule_next(ctx);
            }
            Timer::Timeout(id) if self.pending.remove(&id).is_some() => {
                self.tally.timed_out += 1;
                self.timeouts.record(ctx.true_time_us(), 1);
                ctx.count("timed_out");
            }
            _ => {}
        }
    }

    fn issue<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let now = ctx.true_time_us();
        let key = below(ctx.rng(), self.spec.keys.max(1));
        let cost_us = self.spec.cost.sample_us(ctx.rng());
        let id = self.next_id;
        self.next_id += 1;
        let request = Request {
            client: ctx.me(),
            id,
            key,
            cost_us,
        };
        ctx.send(self.balancer, Msg::Request(request).into());
        let timer = ctx.set_timer(self.spec.timeout_us, Timer::Timeout(id).encode());
        self.pending.insert(
            id,
            Pending {
                issued_at_us: now,
                timer,
            },
        );
        self.tally.issued += 1;
        ctx.count("issued");
        self.arrivals_hash =
            hash64(self.arrivals_hash ^ hash64(now ^ hash64(key ^ hash64(cost_us))));
    }

    pub(super) fn receive<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, msg: Msg) {
        let Msg::Reply { id, ok, .. } = msg else {
            return;
        };
        let Some(pending) = self.pending.remove(&id) else {
            self.tally.late += 1;
            ctx.count("late");
            return;
        };
        ctx.cancel_timer(pending.timer);
        if ok {
            let now = ctx.true_time_us();
            let latency = now - pending.issued_at_us;
            self.window.record(now, latency);
            self.tally.completed += 1;
            ctx.count("completed");
            ctx.request_completed(latency);
        } else {
            self.tally.dropped += 1;
            self.drops.record(ctx.true_time_us(), 1);
            ctx.count("dropped");
        }
    }

    /// Back from a crash: its timers died, so whatever it was waiting for has timed out.
    pub(super) fn restart<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let lost = self.pending.len() as u64;
        self.pending.clear();
        self.tally.timed_out += lost;
        self.timeouts.record(ctx.true_time_us(), lost);
        ctx.count_by("timed_out", lost);
        self.schedule_next(ctx);
    }
}
