//! Client-server against peer-to-peer: five machines that want the same data.
//!
//! In [`Mode::ClientServer`] one server holds the data and four clients fetch it from
//! the server every [`FETCH_INTERVAL_US`]. In [`Mode::PeerToPeer`] all five are peers:
//! each holds the data, serves anyone who asks, and fetches from the others in turn,
//! moving on to the next peer when one does not answer within [`TIMEOUT_US`].
//! Crash the server and no client gets anything; crash a peer and the rest carry on.

use std::fmt;

use crate::lessons::kit::{parts, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, TimerId, MS, SECOND};

/// How the five machines are organised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Node 0 is the server, nodes 1–4 its clients.
    #[default]
    ClientServer,
    /// All five are equal peers.
    PeerToPeer,
}

impl Mode {
    /// The mode's name in share links (`&set=`).
    pub fn setting(self) -> &'static str {
        match self {
            Mode::ClientServer => "client-server",
            Mode::PeerToPeer => "p2p",
        }
    }

    /// Reads a share link's `&set=`.
    pub fn from_setting(text: &str) -> Option<Mode> {
        [Mode::ClientServer, Mode::PeerToPeer]
            .into_iter()
            .find(|mode| mode.setting() == text)
    }
}

/// Number of machines.
pub const NODES: usize = 5;
/// The server in client-server mode (the peer drawn in the middle in peer-to-peer mode).
pub const SERVER: NodeId = 0;
/// Time between two fetches of one machine.
pub const FETCH_INTERVAL_US: SimTime = 60 * MS;
/// How long a machine waits for data before giving up on that source.
pub const TIMEOUT_US: SimTime = 40 * MS;
/// A machine "gets data" if its last successful fetch is at most this old.
pub const FRESH_US: SimTime = 200 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "client-server-vs-p2p";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 10 * SECOND;

/// The scene's timers. Ids stay below bit 40, so a timer's kind and its id share one tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Fetch the next piece.
    Fetch,
    /// No answer to request `id` yet.
    Timeout(u64),
}

const ID_MASK: u64 = (1 << 40) - 1;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match *self {
            Timer::Fetch => 1,
            Timer::Timeout(id) => 1 << 40 | id,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        if tag == 1 {
            return Some(Timer::Fetch);
        }
        if tag & 1 << 40 != 0 {
            return Some(Timer::Timeout(tag & ID_MASK));
        }
        None
    }
}

/// Messages: a request for the data and the data itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Get(u64),
    Data(u64),
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Get(_) => "get",
            Msg::Data(_) => "data",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Msg::Get(id) => write!(out, "get #{id}"),
            Msg::Data(id) => write!(out, "data #{id}"),
        }
    }
}

/// A fetch waiting for its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    pub id: u64,
    pub source: NodeId,
    /// Sources tried for this fetch so far.
    pub tries: usize,
    pub timer: TimerId,
}

/// A machine of either mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Serves data (the server, or any peer).
    pub serves: bool,
    /// Fetches data (a client, or any peer).
    pub fetches: bool,
    /// Where a client fetches from; a peer rotates over the others instead.
    pub server: Option<NodeId>,
    /// The next peer to ask.
    pub next_source: NodeId,
    pub served: u64,
    pub fetched: u64,
    pub failed: u64,
    /// True time of the latest successful fetch (instrumentation for the read-out).
    pub last_ok_us: Option<SimTime>,
    pub issued: u64,
    pub pending: Option<Pending>,
}

impl Node {
    fn new(mode: Mode, id: NodeId) -> Self {
        let peer = mode == Mode::PeerToPeer;
        Self {
            serves: peer || id == SERVER,
            fetches: peer || id != SERVER,
            server: (!peer).then_some(SERVER),
            next_source: (id + 1) % NODES,
            served: 0,
            fetched: 0,
            failed: 0,
            last_ok_us: None,
            issued: 0,
            pending: None,
        }
    }

    fn pick_source(&mut self, me: NodeId) -> NodeId {
        if let Some(server) = self.server {
            return server;
        }
        if self.next_source == me {
            self.next_source = (self.next_source + 1) % NODES;
        }
        let source = self.next_source;
        self.next_source = (source + 1) % NODES;
        source
    }

    fn ask<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, id: u64, tries: usize) {
        let source = self.pick_source(ctx.me());
        ctx.send(source, Msg::Get(id).into());
        let timer = ctx.set_timer(TIMEOUT_US, Timer::Timeout(id).encode());
        self.pending = Some(Pending {
            id,
            source,
            tries,
            timer,
        });
    }

    fn on_timeout<M: From<Msg>>(&mut self, ctx: &mut Ctx<'_, M>, id: u64) {
        let Some(pending) = self.pending.filter(|p| p.id == id) else {
            return;
        };
        self.failed += 1;
        ctx.count("failed");
        ctx.note(format!("no data from node {}", pending.source));
        self.pending = None;
        // A peer tries the next peer at once; a client can only wait for its next turn.
        if self.server.is_none() && pending.tries < NODES - 1 {
            self.ask(ctx, id, pending.tries + 1);
        }
        ctx.state_changed();
    }
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match (self.serves, self.fetches) {
            (true, true) => "peer",
            (true, false) => "server",
            _ => "client",
        }
    }

    fn display_state(&self) -> String {
        match (self.serves, self.fetches) {
            (true, false) => format!("served {}", self.served),
            _ => format!("got {} · failed {}", self.fetched, self.failed),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if self.fetches {
            ctx.set_timer(5 * MS + ctx.me() as u64 * 11 * MS, Timer::Fetch.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Get(id) if self.serves => {
                self.served += 1;
                ctx.send(from, Msg::Data(id).into());
                ctx.state_changed();
            }
            Msg::Data(id) => {
                let Some(pending) = self.pending.filter(|p| p.id == id) else {
                    return;
                };
                ctx.cancel_timer(pending.timer);
                self.pending = None;
                self.fetched += 1;
                self.last_ok_us = Some(ctx.true_time_us());
                ctx.count("fetched");
                ctx.state_changed();
            }
            Msg::Get(_) => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match timer {
            Timer::Fetch => {
                ctx.set_timer(FETCH_INTERVAL_US, Timer::Fetch.encode());
                if self.pending.is_none() {
                    self.issued += 1;
                    self.ask(ctx, self.issued, 1);
                }
            }
            Timer::Timeout(id) => self.on_timeout(ctx, id),
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        self.pending = None;
        if self.fetches {
            ctx.set_timer(FETCH_INTERVAL_US, Timer::Fetch.encode());
        }
        ctx.state_changed();
    }
}

/// The five machines in `mode` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(mode: Mode, seed: u64) -> Simulation<P> {
    let mut builder = Simulation::builder(seed);
    for id in 0..NODES {
        let name = match (mode, id) {
            (Mode::ClientServer, SERVER) => "Server".to_owned(),
            (Mode::ClientServer, _) => format!("Client {id}"),
            (Mode::PeerToPeer, _) => format!("Peer {}", id + 1),
        };
        builder = builder.node(name, Node::new(mode, id).into());
    }
    builder
        .link_all(LinkConfig::uniform(5 * MS, 15 * MS))
        .build()
}

/// The server (or one peer) in the middle, the others at the corners.
pub fn layout() -> Vec<(f32, f32)> {
    vec![(0.5, 0.5), (0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
}

/// How many machines that want data are getting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Supply {
    /// Running machines that fetch data.
    pub running: usize,
    /// Of those, how many had a successful fetch within [`FRESH_US`].
    pub getting_data: usize,
    /// Whether any fetch has finished yet, successfully or not.
    pub started: bool,
}

/// Counts the running fetchers and those whose data is fresh at the current time.
pub fn supply<P: Protocol>(sim: &Simulation<P>) -> Supply
where
    Node: Part<P>,
{
    let now = sim.now();
    let fetchers = parts::<Node, _>(sim).filter(|(id, node)| node.fetches && sim.is_up(*id));
    let mut supply = Supply {
        running: 0,
        getting_data: 0,
        started: false,
    };
    for (_, node) in fetchers {
        supply.running += 1;
        supply.started |= node.fetched + node.failed > 0;
        if node
            .last_ok_us
            .is_some_and(|at| now.saturating_sub(at) <= FRESH_US)
        {
            supply.getting_data += 1;
        }
    }
    supply
}

#[cfg(test)]
mod tests {
    use super::Mode;

    #[test]
    fn modes_round_trip_through_their_link_setting() {
        for mode in [Mode::ClientServer, Mode::PeerToPeer] {
            assert_eq!(Mode::from_setting(mode.setting()), Some(mode));
        }
        assert_eq!(Mode::from_setting("mesh"), None);
    }
}
