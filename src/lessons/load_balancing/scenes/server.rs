//! A server: `workers` requests at a time at `speed_pct` % of 1× speed, the rest wait in
//! a bounded queue; a request that finds the queue full is refused at once. An app server
//! may call the shared database once per request (its worker waits for the answer); the
//! database is a server too. Health-check pings are answered at once, outside the queue.
//! A crash loses everything being worked on or queued.

use std::collections::VecDeque;

use super::cluster::{Msg, Request, Timer};
use crate::lessons::kit::TimerTag;
use crate::sim::{Ctx, NodeId, SimTime};

/// What a server is: speed, workers, queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerSpec {
    /// 100 = 1×: a request of cost `c` µs takes `c × 100 / speed_pct` µs.
    pub speed_pct: u32,
    pub workers: u32,
    /// Requests that may wait for a worker.
    pub queue: u32,
    /// Whether it starts in the balancer's pool (false: standing by).
    pub in_pool: bool,
}

impl ServerSpec {
    /// A server in the pool.
    pub const fn new(speed_pct: u32, workers: u32, queue: u32) -> Self {
        ServerSpec {
            speed_pct,
            workers,
            queue,
            in_pool: true,
        }
    }

    /// Requests per second it completes when always busy, for mean cost `mean_cost_us`.
    pub fn capacity_per_s(&self, mean_cost_us: f64) -> f64 {
        self.workers as f64 * self.speed_pct as f64 / 100.0 * 1e6 / mean_cost_us
    }

    /// How long a request of `cost_us` takes here (at least 1 µs).
    pub fn service_us(&self, cost_us: u64) -> SimTime {
        (cost_us * 100)
            .div_ceil(self.speed_pct.max(1) as u64)
            .max(1)
    }
}

/// Counts over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerStats {
    pub received: u64,
    pub served: u64,
    pub rejected: u64,
    pub max_queue: u32,
}

/// Where an answer goes: to the balancer as a `Reply`, or to an app server as a `Result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Job {
    request: Request,
    from: NodeId,
    /// The caller's worker slot, when this is a database query.
    query_slot: Option<u32>,
    /// Its own work is done and it waits for the database.
    awaiting_db: bool,
}

/// A server node (app server or database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    spec: ServerSpec,
    /// The database and the cost of one query, for an app server that calls one.
    db: Option<(NodeId, u64)>,
    database: bool,
    workers: Vec<Option<Job>>,
    queue: VecDeque<Job>,
    stats: ServerStats,
}

impl Server {
    /// An app server, calling `db = (database, query cost)` once per request if set.
    pub fn new(spec: ServerSpec, db: Option<(NodeId, u64)>) -> Self {
        Server {
            spec,
            db,
            database: false,
            workers: vec![None; spec.workers.max(1) as usize],
            queue: VecDeque::new(),
            stats: ServerStats::default(),
        }
    }

    /// The shared database.
    pub fn database(spec: ServerSpec) -> Self {
        Server {
            database: true,
            ..Server::new(spec, None)
        }
    }

    pub fn is_database(&self) -> bool {
        self.database
    }

    pub fn spec(&self) -> &ServerSpec {
        &self.spec
    }

    pub fn stats(&self) -> &ServerStats {
        &self.stats
    }

    /// Workers busy now (including those waiting for the database).
    pub fn busy(&self) -> u32 {
        self.workers.iter().filter(|w| w.is_some()).count() as u32
    }

    /// Requests waiting for a worker now.
    pub fn queued(&self) -> u32 {
        self.queue.len() as u32
    }

    pub(super) fn display_state(&self) -> String {
        format!(
            "queue {}/{} · busy {}/{}",
            self.queue.len(),
            self.spec.queue,
            self.busy(),
            self.workers.len()
        )
    }

    pub(super) fn receive<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Ping { round } => ctx.send(from, Msg::Pong { round }.into()),
            Msg::Request(request) => self.admit(ctx, job(request, from, None)),
            Msg::Query { request, slot } => self.admit(ctx, job(request, from, Some(slot))),
            Msg::Result { request, slot, ok } => self.db_answered(ctx, request, slot, ok),
            _ => {}
        }
    }

    fn admit<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, job: Job) {
        self.stats.received += 1;
        if let Some(slot) = self.workers.iter().position(Option::is_none) {
            self.begin(ctx, slot, job);
        } else if self.queue.len() < self.spec.queue as usize {
            self.queue.push_back(job);
            self.stats.max_queue = self.stats.max_queue.max(self.queue.len() as u32);
        } else {
            self.stats.rejected += 1;
            answer(ctx, &job, false);
        }
        ctx.state_changed();
    }

    fn begin<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, slot: usize, job: Job) {
        let service = self.spec.service_us(job.request.cost_us);
        self.workers[slot] = Some(job);
        ctx.set_timer(service, Timer::Done(slot as u32).encode());
    }

    pub(super) fn fire<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        let Timer::Done(slot) = timer else {
            return;
        };
        let Some(Some(job)) = self.workers.get_mut(slot as usize) else {
            return;
        };
        match self.db {
            Some((db, query_cost_us)) if !job.awaiting_db => {
                job.awaiting_db = true;
                let request = Request {
                    cost_us: query_cost_us,
                    ..job.request
                };
                ctx.send(db, Msg::Query { request, slot }.into());
            }
            _ => self.finish(ctx, slot as usize, true),
        }
    }

    fn db_answered<M: From<Msg>>(
        &mut self,
        ctx: &mut Ctx<'_, M>,
        request: Request,
        slot: u32,
        ok: bool,
    ) {
        let waiting = self.workers.get(slot as usize).copied().flatten();
        let matches = waiting.is_some_and(|j| {
            j.awaiting_db && j.request.client == request.client && j.request.id == request.id
        });
        if matches {
            self.finish(ctx, slot as usize, ok);
        }
    }

    /// Worker `slot` answers its job and takes the next one from the queue.
    fn finish<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, slot: usize, ok: bool) {
        let Some(job) = self.workers[slot].take() else {
            return;
        };
        if ok {
            self.stats.served += 1;
        } else {
            self.stats.rejected += 1;
        }
        answer(ctx, &job, ok);
        if let Some(next) = self.queue.pop_front() {
            self.begin(ctx, slot, next);
        }
        ctx.state_changed();
    }

    /// Back from a crash: its timers died, and with them everything it was doing.
    pub(super) fn restart<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        self.workers.iter_mut().for_each(|w| *w = None);
        self.queue.clear();
        ctx.state_changed();
    }
}

fn job(request: Request, from: NodeId, query_slot: Option<u32>) -> Job {
    Job {
        request,
        from,
        query_slot,
        awaiting_db: false,
    }
}

/// Sends `job`'s answer to whoever asked.
fn answer<M: From<Msg>>(ctx: &mut Ctx<'_, M>, job: &Job, ok: bool) {
    let msg = match job.query_slot {
        Some(slot) => Msg::Result {
            request: job.request,
            slot,
            ok,
        },
        None => Msg::Reply {
            client: job.request.client,
            id: job.request.id,
            ok,
        },
    };
    ctx.send(job.from, msg.into());
}
