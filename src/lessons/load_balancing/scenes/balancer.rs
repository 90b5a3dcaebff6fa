//! The load balancer: picks a server per request with its [`Strategy`], forwards replies
//! back to clients, and tracks each server's outstanding requests exactly. Strategies read
//! a load view that is refreshed only every `view_refresh_us` (0: live). Optional health
//! checks ping every pool member each `interval_us`; a member that misses `threshold`
//! pings in a row gets no more requests until it answers a ping again. The pool can
//! change while it runs: a schedule of [`PoolChange`]s, or a `pool` message injected at
//! the balancer.

use std::collections::BTreeMap;

use super::cluster::{Msg, Request, Timer};
use super::server::ServerSpec;
use super::strategy::{Candidate, Picker, Strategy};
use super::traffic::exp;
use crate::lessons::kit::TimerTag;
use crate::sim::{Ctx, NodeId, SimTime};

/// Health checking: a ping every `interval_us`; one not answered within `timeout_us`
/// (keep it below the interval, above a round trip) is missed; `threshold` misses in a
/// row take a server out until it answers again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthConfig {
    pub interval_us: SimTime,
    pub threshold: u32,
    pub timeout_us: SimTime,
}

/// A server joining or leaving the pool (by node id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolChange {
    Add(NodeId),
    Remove(NodeId),
}

/// How the balancer works.
#[derive(Clone, Debug, PartialEq)]
pub struct BalancerConfig {
    pub strategy: Strategy,
    /// How often the load view strategies read is refreshed; 0 = always live.
    pub view_refresh_us: SimTime,
    pub health: Option<HealthConfig>,
    /// Outstanding requests older than this are forgotten (the clients' timeout).
    pub forget_after_us: SimTime,
    /// Peak-EWMA decay time constant.
    pub ewma_decay_us: SimTime,
    /// Pool changes at fixed times.
    pub schedule: Vec<(SimTime, PoolChange)>,
}

/// What happened to a pool member, as the balancer saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolEventKind {
    MarkedDown,
    BackUp,
    Added,
    Removed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolEvent {
    pub at_us: SimTime,
    pub server: NodeId,
    pub kind: PoolEventKind,
}

/// The events the balancer keeps (oldest are forgotten).
const EVENT_LOG: usize = 256;

/// One server as the balancer knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub server: NodeId,
    /// Its speed, the weight of weighted round robin.
    pub weight: u32,
    pub in_pool: bool,
    /// False once health checks took it out.
    pub healthy: bool,
    /// Pings missed in a row.
    pub missed: u32,
    /// Whether it answered the current round's ping.
    answered: bool,
    /// Exactly: requests sent to it and not answered (nor forgotten).
    pub outstanding: u32,
    pub sent: u64,
    pub last_sent_at_us: Option<SimTime>,
    /// Peak-EWMA of latency through it, as of `ewma_at_us`.
    pub ewma_us: f64,
    pub ewma_at_us: SimTime,
}

impl Member {
    /// Server `server` built from `spec`.
    pub fn new(server: NodeId, spec: &ServerSpec) -> Self {
        Member {
            server,
            weight: spec.speed_pct.max(1),
            in_pool: spec.in_pool,
            healthy: true,
            missed: 0,
            answered: true,
            outstanding: 0,
            sent: 0,
            last_sent_at_us: None,
            ewma_us: 0.0,
            ewma_at_us: 0,
        }
    }
}

/// What strategies read about one member: outstanding, EWMA and its time.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Seen {
    outstanding: u32,
    ewma_us: f64,
    ewma_at_us: SimTime,
}

/// The balancer node.
#[derive(Clone, Debug, PartialEq)]
pub struct Balancer {
    config: BalancerConfig,
    members: Vec<Member>,
    view: Vec<Seen>,
    picker: Picker,
    /// `(client, id)` → (member, sent at).
    pending: BTreeMap<(NodeId, u64), (usize, SimTime)>,
    round: u64,
    events: Vec<PoolEvent>,
    unrouted: u64,
}

impl Balancer {
    pub fn new(config: BalancerConfig, members: Vec<Member>) -> Self {
        let mut balancer = Balancer {
            config,
            members,
            view: Vec::new(),
            picker: Picker::default(),
            pending: BTreeMap::new(),
            round: 0,
            events: Vec::new(),
            unrouted: 0,
        };
        balancer.refresh_view();
        balancer
    }

    pub fn config(&self) -> &BalancerConfig {
        &self.config
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn events(&self) -> &[PoolEvent] {
        &self.events
    }

    /// Requests refused because no server was in the pool and healthy.
    pub fn unrouted(&self) -> u64 {
        self.unrouted
    }

    pub(super) fn display_state(&self) -> String {
        format!(
            "{} · {} out",
            self.config.strategy.name(),
            self.pending.len()
        )
    }

    pub(super) fn start<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        self.arm_timers(ctx);
    }

    fn arm_timers<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let now = ctx.true_time_us();
        if self.config.view_refresh_us > 0 {
            ctx.set_timer(self.config.view_refresh_us, Timer::Refresh.encode());
        }
        if let Some(health) = self.config.health {
            ctx.set_timer(health.interval_us.max(1), Timer::Health.encode());
        }
        ctx.set_timer(self.sweep_every_us(), Timer::Sweep.encode());
        for (i, &(at, _)) in self.config.schedule.iter().enumerate() {
            if at >= now {
                ctx.set_timer(at - now, Timer::Pool(i as u64).encode());
            }
        }
    }

    fn sweep_every_us(&self) -> SimTime {
        (self.config.forget_after_us / 2).max(1)
    }

    pub(super) fn receive<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Request(request) => self.route(ctx, request),
            Msg::Reply { client, id, ok } => self.relay(ctx, client, id, ok),
            Msg::Pong { round } => self.ponged(ctx, from, round),
            Msg::Pool(change) => self.change_pool(ctx, change),
            _ => {}
        }
    }

    fn candidates(&self, now: SimTime) -> Vec<Candidate> {
        let live = self.config.view_refresh_us == 0;
        let decay = self.config.ewma_decay_us.max(1) as f64;
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.in_pool && m.healthy)
            .map(|(i, m)| {
                let seen = if live { seen_of(m) } else { self.view[i] };
                let age = now.saturating_sub(seen.ewma_at_us) as f64;
                Candidate {
                    member: i,
                    server: m.server,
                    weight: m.weight,
                    outstanding: seen.outstanding,
                    ewma_us: seen.ewma_us * exp(-age / decay),
                }
            })
            .collect()
    }

    fn route<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, request: Request) {
        let now = ctx.true_time_us();
        let candidates = self.candidates(now);
        let strategy = self.config.strategy;
        let picked = self
            .picker
            .pick(strategy, &candidates, request.key, ctx.rng());
        let Some(i) = picked else {
            self.unrouted += 1;
            let reply = Msg::Reply {
                client: request.client,
                id: request.id,
                ok: false,
            };
            ctx.send(request.client, reply.into());
            return;
        };
        let member = &mut self.members[i];
        member.outstanding += 1;
        member.sent += 1;
        member.last_sent_at_us = Some(now);
        self.pending.insert((request.client, request.id), (i, now));
        ctx.send(member.server, Msg::Request(request).into());
    }

    fn relay<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, client: NodeId, id: u64, ok: bool) {
        let now = ctx.true_time_us();
        if let Some((i, sent_at)) = self.pending.remove(&(client, id)) {
            let decay = self.config.ewma_decay_us;
            let member = &mut self.members[i];
            member.outstanding = member.outstanding.saturating_sub(1);
            observe(member, now - sent_at, now, decay);
        }
        ctx.send(client, Msg::Reply { client, id, ok }.into());
    }

    pub(super) fn fire<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match timer {
            Timer::Refresh => {
                self.refresh_view();
                ctx.set_timer(self.config.view_refresh_us.max(1), Timer::Refresh.encode());
            }
            Timer::Health => self.ping_all(ctx),
            Timer::PingDeadline(round) if round == self.round => self.count_misses(ctx),
            Timer::Sweep => {
                self.sweep(ctx.true_time_us());
                ctx.set_timer(self.sweep_every_us(), Timer::Sweep.encode());
            }
            Timer::Pool(i) => {
                if let Some(&(_, change)) = self.config.schedule.get(i as usize) {
                    self.change_pool(ctx, change);
                }
            }
            _ => {}
        }
    }

    fn refresh_view(&mut self) {
        self.view = self.members.iter().map(seen_of).collect();
    }

    fn ping_all<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let Some(health) = self.config.health else {
            return;
        };
        self.round += 1;
        for member in self.members.iter_mut().filter(|m| m.in_pool) {
            member.answered = false;
            ctx.send(member.server, Msg::Ping { round: self.round }.into());
        }
        ctx.set_timer(health.timeout_us, Timer::PingDeadline(self.round).encode());
        ctx.set_timer(health.interval_us.max(1), Timer::Health.encode());
    }

    fn count_misses<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let threshold = self.config.health.map_or(u32::MAX, |h| h.threshold.max(1));
        let now = ctx.true_time_us();
        for i in 0..self.members.len() {
            let member = &mut self.members[i];
            if !member.in_pool || member.answered {
                continue;
            }
            member.missed += 1;
            if member.healthy && member.missed >= threshold {
                member.healthy = false;
                self.forget_member(i);
                self.log(now, self.members[i].server, PoolEventKind::MarkedDown);
                ctx.note(format!("node {} marked down", self.members[i].server));
            }
        }
    }

    fn ponged<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, round: u64) {
        let now = ctx.true_time_us();
        let Some(member) = self.members.iter_mut().find(|m| m.server == from) else {
            return;
        };
        member.missed = 0;
        member.answered |= round == self.round;
        if !member.healthy {
            member.healthy = true;
            self.log(now, from, PoolEventKind::BackUp);
            ctx.note(format!("node {from} back in service"));
        }
    }

    /// A member marked down: what it had outstanding is given up.
    fn forget_member(&mut self, i: usize) {
        self.pending.retain(|_, (member, _)| *member != i);
        self.members[i].outstanding = 0;
    }

    fn sweep(&mut self, now: SimTime) {
        let limit = self.config.forget_after_us;
        let members = &mut self.members;
        self.pending.retain(|_, &mut (i, sent_at)| {
            let keep = now.saturating_sub(sent_at) < limit;
            if !keep {
                members[i].outstanding = members[i].outstanding.saturating_sub(1);
            }
            keep
        });
    }

    fn change_pool<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, change: PoolChange) {
        let (server, joins) = match change {
            PoolChange::Add(s) => (s, true),
            PoolChange::Remove(s) => (s, false),
        };
        let Some(member) = self.members.iter_mut().find(|m| m.server == server) else {
            return;
        };
        if member.in_pool == joins {
            return;
        }
        member.in_pool = joins;
        member.answered = true;
        member.missed = 0;
        let kind = if joins {
            PoolEventKind::Added
        } else {
            PoolEventKind::Removed
        };
        self.log(ctx.true_time_us(), server, kind);
        ctx.state_changed();
    }

    fn log(&mut self, at_us: SimTime, server: NodeId, kind: PoolEventKind) {
        if self.events.len() == EVENT_LOG {
            self.events.remove(0);
        }
        self.events.push(PoolEvent {
            at_us,
            server,
            kind,
        });
    }

    /// Back from a crash: it forgets what was outstanding and starts its timers again.
    pub(super) fn restart<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        self.pending.clear();
        self.members.iter_mut().for_each(|m| m.outstanding = 0);
        self.refresh_view();
        self.arm_timers(ctx);
    }
}

fn seen_of(m: &Member) -> Seen {
    Seen {
        outstanding: m.outstanding,
        ewma_us: m.ewma_us,
        ewma_at_us: m.ewma_at_us,
    }
}

/// Peak-EWMA: a latency above the average replaces it at once; one below is blended in
/// with weight `1 - e^(-Δt/τ)`, Δt the time since the last observation.
fn observe(member: &mut Member, latency_us: SimTime, now: SimTime, decay_us: SimTime) {
    let latency = latency_us as f64;
    if latency > member.ewma_us {
        member.ewma_us = latency;
    } else {
        let age = now.saturating_sub(member.ewma_at_us) as f64;
        let w = exp(-age / decay_us.max(1) as f64);
        member.ewma_us = member.ewma_us * w + latency * (1.0 - w);
    }
    member.ewma_at_us = now;
}
