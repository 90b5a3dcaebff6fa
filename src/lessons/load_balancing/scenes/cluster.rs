//! The nodes every scene of the lesson is built from: clients, one load balancer, servers
//! and an optional shared database, with their messages, timers, builder and read-outs.
//!
//! A request travels as real messages Client → LB → Server (→ Database → Server) → LB →
//! Client: replies go back through the balancer, as through a reverse proxy, so it knows
//! exactly how many requests each server has outstanding and how long each took. Every
//! request a client issues ends completed, dropped (a full queue, or no server to send it
//! to) or timed out; a reply after the timeout is counted as `late` and ignored.

use std::fmt;

use super::balancer::{Balancer, BalancerConfig, Member, PoolChange, PoolEvent};
use super::client::{Client, ClientSpec, Tally};
use super::lanes::Lanes;
use super::server::{Server, ServerSpec};
use super::stats;
use crate::lessons::kit::{part, parts, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation};

/// A request as it travels: who asked, its number at that client, its key and its cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub client: NodeId,
    pub id: u64,
    /// What consistent hashing hashes (a user or object id).
    pub key: u64,
    /// Work in µs at speed 1×.
    pub cost_us: u64,
}

/// The scene's messages; [`SceneMsg::kind`] is in brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// Client → LB → server (`request`).
    Request(Request),
    /// Server → LB → client: done (`reply`) or refused, queue full (`rejected`).
    Reply {
        client: NodeId,
        id: u64,
        ok: bool,
    },
    /// App server → database, from worker `slot` (`query`).
    Query {
        request: Request,
        slot: u32,
    },
    /// Database → app server (`result`; `ok` false when the database's queue was full).
    Result {
        request: Request,
        slot: u32,
        ok: bool,
    },
    /// LB → server health check for `round` (`ping`), and its answer (`pong`).
    Ping {
        round: u64,
    },
    Pong {
        round: u64,
    },
    /// A pool change, injected at the balancer (`pool`).
    Pool(PoolChange),
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Request(_) => "request",
            Msg::Reply { ok: true, .. } => "reply",
            Msg::Reply { ok: false, .. } => "rejected",
            Msg::Query { .. } => "query",
            Msg::Result { .. } => "result",
            Msg::Ping { .. } => "ping",
            Msg::Pong { .. } => "pong",
            Msg::Pool(_) => "pool",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Msg::Request(r) => write!(out, "request #{}", r.id),
            Msg::Reply { id, ok: true, .. } => write!(out, "reply #{id}"),
            Msg::Reply { id, ok: false, .. } => write!(out, "rejected #{id}"),
            Msg::Query { request, .. } => write!(out, "query for #{}", request.id),
            Msg::Result { request, .. } => write!(out, "result for #{}", request.id),
            Msg::Ping { round } => write!(out, "ping {round}"),
            Msg::Pong { round } => write!(out, "pong {round}"),
            Msg::Pool(PoolChange::Add(n)) => write!(out, "add node {n} to the pool"),
            Msg::Pool(PoolChange::Remove(n)) => write!(out, "remove node {n} from the pool"),
        }
    }
}

/// The scene's timers. A tag is `kind << 40 | argument`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Client: the next candidate arrival.
    Arrive,
    /// Client: request `id` has waited its timeout.
    Timeout(u64),
    /// Server: worker `slot` finished its own work.
    Done(u32),
    /// LB: copy the live load into the view strategies read.
    Refresh,
    /// LB: send the next round of pings.
    Health,
    /// LB: pings of `round` not answered by now count as missed.
    PingDeadline(u64),
    /// LB: forget requests outstanding for longer than the clients wait.
    Sweep,
    /// LB: apply entry `i` of the pool schedule.
    Pool(u64),
}

const ARG_BITS: u32 = 40;
const ARG_MASK: u64 = (1 << ARG_BITS) - 1;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        let (kind, arg) = match *self {
            Timer::Arrive => (1, 0),
            Timer::Timeout(id) => (2, id),
            Timer::Done(slot) => (3, slot as u64),
            Timer::Refresh => (4, 0),
            Timer::Health => (5, 0),
            Timer::PingDeadline(round) => (6, round),
            Timer::Sweep => (7, 0),
            Timer::Pool(i) => (8, i),
        };
        kind << ARG_BITS | (arg & ARG_MASK)
    }

    fn decode(tag: u64) -> Option<Self> {
        let arg = tag & ARG_MASK;
        Some(match tag >> ARG_BITS {
            1 => Timer::Arrive,
            2 => Timer::Timeout(arg),
            3 => Timer::Done(arg as u32),
            4 => Timer::Refresh,
            5 => Timer::Health,
            6 => Timer::PingDeadline(arg),
            7 => Timer::Sweep,
            8 => Timer::Pool(arg),
            _ => return None,
        })
    }
}

/// A node of a load-balancing scene.
#[derive(Clone, Debug)]
pub enum Node {
    Client(Box<Client>),
    Balancer(Box<Balancer>),
    /// An app server or the database.
    Server(Box<Server>),
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            Node::Client(_) => "client",
            Node::Balancer(_) => "load balancer",
            Node::Server(s) if s.is_database() => "database",
            Node::Server(_) => "server",
        }
    }

    fn display_state(&self) -> String {
        match self {
            Node::Client(c) => c.display_state(),
            Node::Balancer(b) => b.display_state(),
            Node::Server(s) => s.display_state(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        match self {
            Node::Client(c) => c.start(ctx),
            Node::Balancer(b) => b.start(ctx),
            Node::Server(_) => {}
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match self {
            Node::Client(c) => c.receive(ctx, msg),
            Node::Balancer(b) => b.receive(ctx, from, msg),
            Node::Server(s) => s.receive(ctx, from, msg),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match self {
            Node::Client(c) => c.fire(ctx, timer),
            Node::Balancer(b) => b.fire(ctx, timer),
            Node::Server(s) => s.fire(ctx, timer),
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        match self {
            Node::Client(c) => c.restart(ctx),
            Node::Balancer(b) => b.restart(ctx),
            Node::Server(s) => s.restart(ctx),
        }
    }
}

/// The shared database every app server calls once per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatabaseSpec {
    pub server: ServerSpec,
    /// Work of one query, in µs at 1×.
    pub query_cost_us: u64,
}

/// Everything a scene's cluster is made of. Node ids: clients `0..C`, the balancer `C`,
/// servers `C+1..C+1+S` in `servers` order, then the database, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub clients: Vec<ClientSpec>,
    pub balancer: BalancerConfig,
    pub servers: Vec<ServerSpec>,
    pub database: Option<DatabaseSpec>,
    /// Every link (client–LB, LB–server, server–database).
    pub link: LinkConfig,
}

impl ClusterConfig {
    /// The balancer's node id.
    pub fn balancer_id(&self) -> NodeId {
        self.clients.len()
    }

    /// Server `i`'s node id.
    pub fn server_id(&self, i: usize) -> NodeId {
        self.clients.len() + 1 + i
    }

    /// The database's node id, if there is one.
    pub fn database_id(&self) -> Option<NodeId> {
        self.database.map(|_| self.server_id(self.servers.len()))
    }
}

/// Server `i`'s name: A, B, … Z, then S26, S27, … (S0 … for pools of more than 26).
pub fn server_name(i: usize, servers: usize) -> String {
    if servers <= 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("S{i}")
    }
}

fn client_name(i: usize, clients: usize) -> String {
    if clients == 1 {
        "Client".to_owned()
    } else {
        format!("C{}", i + 1)
    }
}

/// The cluster of `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &ClusterConfig, seed: u64) -> Simulation<P> {
    build_marked(config, seed, "")
}

/// [`build`], with `mark` after every node's name (`′` for the second of two runs shown
/// side by side, so that its `A′` is not mistaken for the first run's `A`).
pub fn build_marked<P: Protocol + From<Node>>(
    config: &ClusterConfig,
    seed: u64,
    mark: &str,
) -> Simulation<P> {
    let lb = config.balancer_id();
    let db = config
        .database
        .map(|d| (config.database_id().unwrap_or(0), d.query_cost_us));
    let mut builder = Simulation::builder(seed).link_all(config.link);
    for (i, spec) in config.clients.iter().enumerate() {
        let client = Node::Client(Box::new(Client::new(*spec, lb)));
        let name = client_name(i, config.clients.len()) + mark;
        builder = builder.node(name, client.into());
    }
    let members = (0..config.servers.len())
        .map(|i| Member::new(config.server_id(i), &config.servers[i]))
        .collect();
    let balancer = Balancer::new(config.balancer.clone(), members);
    let balancer = Node::Balancer(Box::new(balancer));
    builder = builder.node(format!("LB{mark}"), balancer.into());
    for (i, spec) in config.servers.iter().enumerate() {
        let server = Node::Server(Box::new(Server::new(*spec, db)));
        let name = server_name(i, config.servers.len()) + mark;
        builder = builder.node(name, server.into());
    }
    if let Some(d) = config.database {
        let database = Node::Server(Box::new(Server::database(d.server)));
        builder = builder.node(format!("DB{mark}"), database.into());
    }
    builder.build()
}

/// Two clusters side by side, `first` above and `second` below, built with the same seed
/// (the second's names marked `′`): see [`Lanes`].
pub fn build_lanes<P: Protocol + From<Node>>(
    first: &ClusterConfig,
    second: &ClusterConfig,
    seed: u64,
) -> Lanes<P> {
    Lanes::new(build(first, seed), build_marked(second, seed, "′"))
}

/// Delivers a pool change to the balancer at `at_us`, as an external input (not recorded
/// by a `Timeline`: scenes that need it in share links use the balancer's schedule).
pub fn inject_pool_change<P: Protocol>(
    sim: &mut Simulation<P>,
    balancer: NodeId,
    at_us: SimTime,
    change: PoolChange,
) -> bool
where
    P::Msg: From<Msg>,
{
    sim.inject(at_us, balancer, balancer, Msg::Pool(change).into())
}

/// Every client of `sim`.
pub fn clients<P: Protocol>(sim: &Simulation<P>) -> impl Iterator<Item = &Client> + '_
where
    Node: Part<P>,
{
    parts::<Node, _>(sim).filter_map(|(_, node)| match node {
        Node::Client(c) => Some(&**c),
        _ => None,
    })
}

/// The balancer of `sim`, if it has one.
pub fn balancer<P: Protocol>(sim: &Simulation<P>) -> Option<&Balancer>
where
    Node: Part<P>,
{
    parts::<Node, _>(sim).find_map(|(_, node)| match node {
        Node::Balancer(b) => Some(&**b),
        _ => None,
    })
}

/// Node `id` of `sim` if it is a server or the database.
pub fn server<P: Protocol>(sim: &Simulation<P>, id: NodeId) -> Option<&Server>
where
    Node: Part<P>,
{
    match part::<Node, _>(sim, id) {
        Some(Node::Server(s)) => Some(s),
        _ => None,
    }
}

/// Every request's fate so far, summed over the clients.
pub fn totals<P: Protocol>(sim: &Simulation<P>) -> Tally
where
    Node: Part<P>,
{
    clients(sim).fold(Tally::default(), |sum, c| sum.plus(&c.tally()))
}

/// The `pct`-th percentile of the latency of recent completed requests, all clients.
pub fn latency_percentile_us<P: Protocol>(sim: &Simulation<P>, pct: u32) -> Option<SimTime>
where
    Node: Part<P>,
{
    let mut all: Vec<SimTime> = clients(sim)
        .flat_map(|c| c.window().entries().map(|(_, latency)| latency))
        .collect();
    stats::percentile_us(&mut all, pct)
}

/// Several percentiles of the latency of recent completed requests, all clients, from one
/// copy of the latencies (a read-out's p50, p95 and p99 at once).
pub fn latency_percentiles_us<P: Protocol, const N: usize>(
    sim: &Simulation<P>,
    pcts: [u32; N],
) -> [Option<SimTime>; N]
where
    Node: Part<P>,
{
    let mut all: Vec<SimTime> = clients(sim)
        .flat_map(|c| c.window().entries().map(|(_, latency)| latency))
        .collect();
    all.sort_unstable();
    pcts.map(|pct| stats::percentile_us(&mut all, pct))
}

/// Median latency of recent completed requests.
pub fn p50_us<P: Protocol>(sim: &Simulation<P>) -> Option<SimTime>
where
    Node: Part<P>,
{
    latency_percentile_us(sim, 50)
}

/// 95th-percentile latency of recent completed requests.
pub fn p95_us<P: Protocol>(sim: &Simulation<P>) -> Option<SimTime>
where
    Node: Part<P>,
{
    latency_percentile_us(sim, 95)
}

/// 99th-percentile latency of recent completed requests.
pub fn p99_us<P: Protocol>(sim: &Simulation<P>) -> Option<SimTime>
where
    Node: Part<P>,
{
    latency_percentile_us(sim, 99)
}

/// Completed requests per second over the `window_us` before now, all clients.
pub fn throughput_per_s<P: Protocol>(sim: &Simulation<P>, window_us: SimTime) -> f64
where
    Node: Part<P>,
{
    let now = sim.now();
    clients(sim)
        .map(|c| stats::throughput_per_s(c.window().entries(), now, window_us))
        .sum()
}

/// The `pct`-th percentile latency over time, every `step_us`, each over the `window_us`
/// before it (see [`stats::percentile_series`]), all clients' recent completions.
pub fn percentile_series<P: Protocol>(
    sim: &Simulation<P>,
    window_us: SimTime,
    step_us: SimTime,
    pct: u32,
) -> Vec<(SimTime, SimTime)>
where
    Node: Part<P>,
{
    let mut entries: Vec<(SimTime, SimTime)> =
        clients(sim).flat_map(|c| c.window().entries()).collect();
    entries.sort_unstable();
    stats::percentile_series(&entries, sim.now(), window_us, step_us, pct)
}

/// Requests timed out so far, every `step_us` up to now (the first client's; a scene of
/// this lesson that charts it has one client).
pub fn timeouts_series<P: Protocol>(sim: &Simulation<P>, step_us: SimTime) -> Vec<(SimTime, u64)>
where
    Node: Part<P>,
{
    clients(sim)
        .next()
        .map_or_else(Vec::new, |c| c.timeouts().running_count(sim.now(), step_us))
}

/// Requests refused so far, every `step_us` up to now (the first client's).
pub fn drops_series<P: Protocol>(sim: &Simulation<P>, step_us: SimTime) -> Vec<(SimTime, u64)>
where
    Node: Part<P>,
{
    clients(sim)
        .next()
        .map_or_else(Vec::new, |c| c.drops().running_count(sim.now(), step_us))
}

/// One server as the read-outs show it: the balancer's view and the server's own state.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerReport {
    pub id: NodeId,
    /// Not crashed.
    pub up: bool,
    pub in_pool: bool,
    pub healthy: bool,
    /// Its speed in % of 1×, its workers and the length of its queue.
    pub speed_pct: u32,
    pub workers: u32,
    pub queue_capacity: u32,
    /// Requests the balancer sent it, and has outstanding on it now.
    pub sent: u64,
    pub outstanding: u32,
    pub busy: u32,
    pub queued: u32,
    /// The longest its queue has been.
    pub max_queue: u32,
    pub served: u64,
    pub rejected: u64,
}

/// Every pool member, in pool order.
pub fn server_reports<P: Protocol>(sim: &Simulation<P>) -> Vec<ServerReport>
where
    Node: Part<P>,
{
    let Some(lb) = balancer(sim) else {
        return Vec::new();
    };
    lb.members()
        .iter()
        .filter_map(|m| {
            let s = server(sim, m.server)?;
            Some(ServerReport {
                id: m.server,
                up: sim.is_up(m.server),
                in_pool: m.in_pool,
                healthy: m.healthy,
                speed_pct: s.spec().speed_pct,
                workers: s.spec().workers,
                queue_capacity: s.spec().queue,
                sent: m.sent,
                outstanding: m.outstanding,
                busy: s.busy(),
                queued: s.queued(),
                max_queue: s.stats().max_queue,
                served: s.stats().served,
                rejected: s.stats().rejected,
            })
        })
        .collect()
}

/// The longest any app server's queue has been so far.
pub fn max_queue<P: Protocol>(sim: &Simulation<P>) -> u32
where
    Node: Part<P>,
{
    server_reports(sim)
        .iter()
        .map(|r| r.max_queue)
        .max()
        .unwrap_or(0)
}

/// Servers in the pool now.
pub fn pool_size<P: Protocol>(sim: &Simulation<P>) -> usize
where
    Node: Part<P>,
{
    balancer(sim).map_or(0, |b| b.members().iter().filter(|m| m.in_pool).count())
}

/// What the balancer saw happen to its pool (health and membership), oldest first.
pub fn pool_events<P: Protocol>(sim: &Simulation<P>) -> Vec<PoolEvent>
where
    Node: Part<P>,
{
    balancer(sim).map_or_else(Vec::new, |b| b.events().to_vec())
}

/// Each client's arrival fingerprint: (hash of every (time, key, cost) issued, count).
pub fn arrival_fingerprints<P: Protocol>(sim: &Simulation<P>) -> Vec<(u64, u64)>
where
    Node: Part<P>,
{
    clients(sim)
        .map(|c| (c.arrivals_hash(), c.tally().issued))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timer_tags_round_trip() {
        for timer in [
            Timer::Arrive,
            Timer::Timeout(123_456),
            Timer::Done(7),
            Timer::Refresh,
            Timer::Health,
            Timer::PingDeadline(9),
            Timer::Sweep,
            Timer::Pool(2),
        ] {
            assert_eq!(Timer::decode(timer.encode()), Some(timer));
        }
        assert_eq!(Timer::decode(0), None);
    }

    #[test]
    fn server_names_are_letters_for_small_pools() {
        assert_eq!(server_name(0, 4), "A");
        assert_eq!(server_name(3, 4), "D");
        assert_eq!(server_name(42, 100), "S42");
    }
}
