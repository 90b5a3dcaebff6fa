//! The course material's online shop: two clients, a load balancer, servers A–D and a database.
//!
//! Each client issues a request every [`REQUEST_INTERVAL_US`], cycling through the four
//! kinds of request. The load balancer forwards each request to the server for its
//! kind (A logs in, B serves the catalog, C takes orders, D takes payments), the server
//! queries the database and answers through the load balancer. A request without an
//! answer after [`TIMEOUT_US`] counts as failed. Crashing one server fails only its
//! own kind of request: partial failure.

use std::collections::BTreeMap;
use std::fmt;

use crate::lessons::kit::{parts, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, TimerId, MS, SECOND};

pub const CLIENT_1: NodeId = 0;
pub const CLIENT_2: NodeId = 1;
pub const LOAD_BALANCER: NodeId = 2;
pub const SERVER_A: NodeId = 3;
pub const SERVER_B: NodeId = 4;
pub const SERVER_C: NodeId = 5;
pub const SERVER_D: NodeId = 6;
pub const DATABASE: NodeId = 7;

/// Time between two requests of one client.
pub const REQUEST_INTERVAL_US: SimTime = 60 * MS;
/// How long a client waits for an answer before counting the request as failed.
pub const TIMEOUT_US: SimTime = 80 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "architecture";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 6 * SECOND;

/// The scene's timers. Ids stay below bit 40, so a timer's kind and its id share one tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Issue the next request.
    Issue,
    /// No answer to request `id` yet.
    Timeout(u64),
}

const ID_MASK: u64 = (1 << 40) - 1;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match *self {
            Timer::Issue => 1,
            Timer::Timeout(id) => 1 << 40 | id,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        if tag == 1 {
            return Some(Timer::Issue);
        }
        if tag & 1 << 40 != 0 {
            return Some(Timer::Timeout(tag & ID_MASK));
        }
        None
    }
}

/// The four kinds of request, each served by its own server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Path {
    Login,
    Catalog,
    Order,
    Payment,
}

impl Path {
    pub const ALL: [Path; 4] = [Path::Login, Path::Catalog, Path::Order, Path::Payment];

    /// Position in [`Path::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The server that handles this kind of request.
    pub fn server(self) -> NodeId {
        SERVER_A + self.index()
    }

    /// The short verb used in message labels.
    pub fn verb(self) -> &'static str {
        ["log in", "browse", "order", "pay"][self.index()]
    }

    /// The name used in the read-out and as the server's role, in lower case ("payments").
    pub fn title(self) -> &'static str {
        ["logins", "catalog", "orders", "payments"][self.index()]
    }

    /// The letter of the server that handles this kind of request.
    pub fn server_letter(self) -> &'static str {
        ["A", "B", "C", "D"][self.index()]
    }
}

/// One request, as every message about it carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub client: NodeId,
    pub id: u64,
    pub path: Path,
}

/// Messages of the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// Client → load balancer → server.
    Request(Ticket),
    /// Server → database.
    Query(Ticket),
    /// Database → server.
    Rows(Ticket),
    /// Server → load balancer → client.
    Reply(Ticket),
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Request(_) => "request",
            Msg::Query(_) => "query",
            Msg::Rows(_) => "rows",
            Msg::Reply(_) => "reply",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        let (prefix, t) = match self {
            Msg::Request(t) => ("", t),
            Msg::Query(t) => ("query: ", t),
            Msg::Rows(t) => ("rows: ", t),
            Msg::Reply(t) => ("done: ", t),
        };
        write!(out, "{prefix}{} #{}", t.path.verb(), t.id)
    }
}

/// When a request of one kind last finished, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// True time it finished (instrumentation for the read-out).
    pub at_us: SimTime,
    pub ok: bool,
}

/// One client's results for one kind of request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub ok: u64,
    pub failed: u64,
    pub last: Option<Outcome>,
}

/// A shopper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// Which kind of request comes first in this client's cycle.
    pub first_path: usize,
    /// Delay before the first request.
    pub start_us: SimTime,
    pub issued: u64,
    /// Requests waiting for an answer: id → (kind, timeout timer).
    pub pending: BTreeMap<u64, (Path, TimerId)>,
    pub tally: [Tally; 4],
}

/// A node of the shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Client(Client),
    LoadBalancer { forwarded: u64 },
    Server { path: Path, served: u64 },
    Database { queries: u64 },
}

impl Node {
    fn client(first_path: usize, start_us: SimTime) -> Self {
        Node::Client(Client {
            first_path,
            start_us,
            issued: 0,
            pending: BTreeMap::new(),
            tally: [Tally::default(); 4],
        })
    }
}

impl Client {
    fn issue<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        self.issued += 1;
        let id = self.issued;
        let path = Path::ALL[(self.first_path + id as usize - 1) % Path::ALL.len()];
        let ticket = Ticket {
            client: ctx.me(),
            id,
            path,
        };
        ctx.send(LOAD_BALANCER, Msg::Request(ticket).into());
        let timer = ctx.set_timer(TIMEOUT_US, Timer::Timeout(id).encode());
        self.pending.insert(id, (path, timer));
        ctx.set_timer(REQUEST_INTERVAL_US, Timer::Issue.encode());
        ctx.state_changed();
    }

    fn finish<M>(&mut self, ctx: &mut Ctx<'_, M>, path: Path, ok: bool) {
        let tally = &mut self.tally[path.index()];
        match ok {
            true => tally.ok += 1,
            false => tally.failed += 1,
        }
        tally.last = Some(Outcome {
            at_us: ctx.true_time_us(),
            ok,
        });
        ctx.state_changed();
    }

    fn totals(&self) -> (u64, u64) {
        self.tally
            .iter()
            .fold((0, 0), |(ok, failed), t| (ok + t.ok, failed + t.failed))
    }
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            Node::Client(_) => "client",
            Node::LoadBalancer { .. } => "load balancer",
            Node::Server { path, .. } => path.title(),
            Node::Database { .. } => "database",
        }
    }

    fn display_state(&self) -> String {
        match self {
            Node::Client(c) => {
                let (ok, failed) = c.totals();
                format!("ok {ok} · failed {failed}")
            }
            Node::LoadBalancer { forwarded } => format!("forwarded {forwarded}"),
            Node::Server { served, .. } => format!("served {served}"),
            Node::Database { queries } => format!("queries {queries}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::Client(c) = self {
            ctx.set_timer(c.start_us, Timer::Issue.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match (self, msg) {
            (Node::LoadBalancer { forwarded }, Msg::Request(t)) => {
                *forwarded += 1;
                ctx.send(t.path.server(), Msg::Request(t).into());
                ctx.state_changed();
            }
            (Node::LoadBalancer { .. }, Msg::Reply(t)) => {
                ctx.send(t.client, Msg::Reply(t).into());
            }
            (Node::Server { .. }, Msg::Request(t)) => ctx.send(DATABASE, Msg::Query(t).into()),
            (Node::Server { served, .. }, Msg::Rows(t)) => {
                *served += 1;
                ctx.send(LOAD_BALANCER, Msg::Reply(t).into());
                ctx.state_changed();
            }
            (Node::Database { queries }, Msg::Query(t)) => {
                *queries += 1;
                ctx.send(from, Msg::Rows(t).into());
                ctx.state_changed();
            }
            (Node::Client(c), Msg::Reply(t)) => {
                if let Some((path, timer)) = c.pending.remove(&t.id) {
                    ctx.cancel_timer(timer);
                    c.finish(ctx, path, true);
                }
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        let Node::Client(c) = self else { return };
        match timer {
            Timer::Issue => c.issue(ctx),
            Timer::Timeout(id) => {
                if let Some((path, _)) = c.pending.remove(&id) {
                    ctx.note(format!("no answer to {} #{id}", path.verb()));
                    c.finish(ctx, path, false);
                }
            }
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::Client(c) = self {
            // Requests in progress died with the client; start shopping again.
            c.pending.clear();
            ctx.set_timer(c.start_us, Timer::Issue.encode());
            ctx.state_changed();
        }
    }
}

/// The shop at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    let client_link = LinkConfig::uniform(8 * MS, 15 * MS);
    let mut builder = Simulation::builder(seed)
        .node("Client 1", Node::client(0, 5 * MS).into())
        .node("Client 2", Node::client(1, 35 * MS).into())
        .node("Load balancer", Node::LoadBalancer { forwarded: 0 }.into());
    for path in Path::ALL {
        let name = format!("Server {}", path.server_letter());
        builder = builder.node(name, Node::Server { path, served: 0 }.into());
    }
    builder
        .node("Database", Node::Database { queries: 0 }.into())
        .link_all(LinkConfig::uniform(3 * MS, 6 * MS))
        .link(CLIENT_1, LOAD_BALANCER, client_link)
        .link(CLIENT_2, LOAD_BALANCER, client_link)
        .build()
}

/// The shop's links, a tree: each client to the load balancer, the load balancer to each
/// server, each server to the database.
pub fn topology() -> Vec<(NodeId, NodeId)> {
    let servers = [SERVER_A, SERVER_B, SERVER_C, SERVER_D];
    let mut links = vec![(CLIENT_1, LOAD_BALANCER), (CLIENT_2, LOAD_BALANCER)];
    links.extend(servers.iter().map(|&s| (LOAD_BALANCER, s)));
    links.extend(servers.iter().map(|&s| (s, DATABASE)));
    links
}

/// Where each node is drawn, as in the course material's diagram: the load balancer under the
/// clients, servers A and B above the database, C and D below it. Three columns at most,
/// so that the cards fit side by side on a phone.
pub fn layout() -> Vec<(f32, f32)> {
    vec![
        (0.0, 0.0),
        (1.0, 0.0),
        (0.5, 0.2),
        (0.0, 0.42),
        (1.0, 0.42),
        (0.0, 1.0),
        (1.0, 1.0),
        (0.5, 0.7),
    ]
}

/// How one kind of request is doing, over both clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathStatus {
    pub path: Path,
    pub ok: u64,
    pub failed: u64,
    /// The most recent outcome of this kind.
    pub last: Option<Outcome>,
}

impl PathStatus {
    /// `Some(true)` if the latest request of this kind succeeded, `Some(false)` if it failed.
    pub fn working(&self) -> Option<bool> {
        self.last.map(|outcome| outcome.ok)
    }
}

/// How each kind of request is doing, in [`Path::ALL`] order.
pub fn path_status<P: Protocol>(sim: &Simulation<P>) -> [PathStatus; 4]
where
    Node: Part<P>,
{
    let mut status = Path::ALL.map(|path| PathStatus {
        path,
        ok: 0,
        failed: 0,
        last: None,
    });
    for (_, node) in parts::<Node, _>(sim) {
        let Node::Client(client) = node else { continue };
        for (total, tally) in status.iter_mut().zip(client.tally) {
            total.ok += tally.ok;
            total.failed += tally.failed;
            if tally.last.map(|o| o.at_us) > total.last.map(|o| o.at_us) {
                total.last = tally.last;
            }
        }
    }
    status
}

/// One sentence on which kinds of request work now, e.g. "Payments failing; logins, catalog and orders fine."
pub fn summary(status: &[PathStatus; 4]) -> String {
    let names = |wanted: Option<bool>| -> Vec<&'static str> {
        status
            .iter()
            .filter(|s| s.working() == wanted)
            .map(|s| s.path.title())
            .collect()
    };
    let (fine, failing) = (names(Some(true)), names(Some(false)));
    let text = match (fine.len(), failing.len()) {
        (0, 0) => "no request has finished yet.".to_owned(),
        (_, 0) => format!("{} fine.", sentence_list(&fine)),
        (0, _) => format!("{} failing: nothing gets through.", sentence_list(&failing)),
        _ => format!(
            "{} failing; {} fine.",
            sentence_list(&failing),
            sentence_list(&fine)
        ),
    };
    capitalize(&text)
}

/// "A", "A and B", "A, B and C".
pub fn sentence_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text with its first letter in upper case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
