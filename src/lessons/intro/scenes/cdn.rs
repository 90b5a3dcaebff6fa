//! A content delivery network: a viewer in New York fetching video chunks from the nearest edge.
//!
//! Three data centres hold copies of the video: New York, London and Tokyo, with round
//! trips of 10, 70 and 150 ms from the viewer (the course material's figures). The viewer asks
//! the nearest data centre it believes is up for the next chunk every
//! [`CHUNK_INTERVAL_US`]. When one does not answer within [`TIMEOUT_US`], the viewer
//! marks it down for [`RETRY_AFTER_US`] and asks the next nearest at once.

use std::fmt;

use super::units::round_ms;
use crate::lessons::kit::{part, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, TimerId, MS, SECOND};

pub const VIEWER: NodeId = 0;
/// The data centres, nearest first: New York, London, Tokyo.
pub const EDGES: [NodeId; 3] = [1, 2, 3];
/// Round trip from the viewer to each data centre, in [`EDGES`] order.
pub const ROUND_TRIP_US: [SimTime; 3] = [10 * MS, 70 * MS, 150 * MS];
/// Data-centre cities, in [`EDGES`] order.
pub const CITIES: [&str; 3] = ["New York", "London", "Tokyo"];
/// Time between two chunk requests.
pub const CHUNK_INTERVAL_US: SimTime = 100 * MS;
/// How long the viewer waits for a chunk before asking the next data centre.
pub const TIMEOUT_US: SimTime = 200 * MS;
/// How long a data centre that did not answer is skipped.
pub const RETRY_AFTER_US: SimTime = 2 * SECOND;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "cdn";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 30 * SECOND;

/// The scene's timers. Ids stay below bit 40, so a timer's kind and its id share one tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Ask for the next chunk.
    Chunk,
    /// No answer for chunk `n` yet.
    Timeout(u64),
}

const ID_MASK: u64 = (1 << 40) - 1;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match *self {
            Timer::Chunk => 1,
            Timer::Timeout(id) => 1 << 40 | id,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        if tag == 1 {
            return Some(Timer::Chunk);
        }
        if tag & 1 << 40 != 0 {
            return Some(Timer::Timeout(tag & ID_MASK));
        }
        None
    }
}

/// A request for chunk `n` and the chunk itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Get(u64),
    Chunk(u64),
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Get(_) => "get",
            Msg::Chunk(_) => "chunk",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Msg::Get(n) => write!(out, "get chunk {n}"),
            Msg::Chunk(n) => write!(out, "chunk {n}"),
        }
    }
}

/// One chunk the viewer received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub chunk: u64,
    /// Index into [`EDGES`] of the data centre that sent it.
    pub edge: usize,
    /// From the request that got an answer to the answer.
    pub round_trip_us: SimTime,
}

/// The request the viewer is waiting on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub chunk: u64,
    pub edge: usize,
    pub sent_at_us: SimTime,
    pub timer: TimerId,
}

/// A node: the viewer or a data centre.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Viewer {
        requested: u64,
        waiting: Option<Waiting>,
        /// Until when each data centre is skipped, by its own clock.
        skip_until_us: [i64; 3],
        last: Option<Delivery>,
        /// Chunks received from each data centre.
        received: [u64; 3],
        failovers: u64,
    },
    Edge {
        served: u64,
    },
}

impl Node {
    fn viewer() -> Self {
        Node::Viewer {
            requested: 0,
            waiting: None,
            skip_until_us: [i64::MIN; 3],
            last: None,
            received: [0; 3],
            failovers: 0,
        }
    }
}

/// Asks the nearest data centre not being skipped for `chunk`; false if all are skipped.
fn ask<M: From<Msg>>(
    ctx: &mut Ctx<'_, M>,
    skip_until_us: &[i64; 3],
    waiting: &mut Option<Waiting>,
    chunk: u64,
) -> bool {
    let now = ctx.local_clock_us();
    let Some(edge) = (0..EDGES.len()).find(|&e| skip_until_us[e] <= now) else {
        return false;
    };
    ctx.send(EDGES[edge], Msg::Get(chunk).into());
    let timer = ctx.set_timer(TIMEOUT_US, Timer::Timeout(chunk).encode());
    *waiting = Some(Waiting {
        chunk,
        edge,
        sent_at_us: ctx.true_time_us(),
        timer,
    });
    true
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            Node::Viewer { .. } => "client",
            Node::Edge { .. } => "data centre",
        }
    }

    fn display_state(&self) -> String {
        match self {
            Node::Viewer { last: Some(d), .. } => {
                format!("chunk {} in {} ms", d.chunk, round_ms(d.round_trip_us))
            }
            Node::Viewer { last: None, .. } => "waiting".to_owned(),
            Node::Edge { served } => format!("served {served}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::Viewer { .. } = self {
            ctx.set_timer(10 * MS, Timer::Chunk.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match (self, msg) {
            (Node::Edge { served }, Msg::Get(n)) => {
                *served += 1;
                ctx.send(from, Msg::Chunk(n).into());
                ctx.state_changed();
            }
            (
                Node::Viewer {
                    waiting,
                    last,
                    received,
                    ..
                },
                Msg::Chunk(n),
            ) => {
                let Some(w) = waiting.filter(|w| w.chunk == n && EDGES[w.edge] == from) else {
                    return;
                };
                ctx.cancel_timer(w.timer);
                *waiting = None;
                received[w.edge] += 1;
                *last = Some(Delivery {
                    chunk: n,
                    edge: w.edge,
                    round_trip_us: ctx.true_time_us().saturating_sub(w.sent_at_us),
                });
                ctx.state_changed();
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        let Node::Viewer {
            requested,
            waiting,
            skip_until_us,
            failovers,
            ..
        } = self
        else {
            return;
        };
        if timer == Timer::Chunk {
            ctx.set_timer(CHUNK_INTERVAL_US, Timer::Chunk.encode());
            if waiting.is_none() {
                *requested += 1;
                if !ask(ctx, skip_until_us, waiting, *requested) {
                    ctx.note("no data centre left to ask");
                }
            }
        } else if let Some(w) = waiting.filter(|w| timer == Timer::Timeout(w.chunk)) {
            *waiting = None;
            *failovers += 1;
            skip_until_us[w.edge] = ctx.local_clock_us() + RETRY_AFTER_US as i64;
            ctx.count("failovers");
            ctx.note(format!(
                "{} did not answer: skipping it for a while",
                CITIES[w.edge]
            ));
            ask(ctx, skip_until_us, waiting, w.chunk);
            ctx.state_changed();
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::Viewer { waiting, .. } = self {
            *waiting = None;
            ctx.set_timer(CHUNK_INTERVAL_US, Timer::Chunk.encode());
        }
    }
}

/// The viewer and the three data centres at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    let mut builder = Simulation::builder(seed).node("Viewer", Node::viewer().into());
    for city in CITIES {
        builder = builder.node(city, Node::Edge { served: 0 }.into());
    }
    for (edge, round_trip) in EDGES.into_iter().zip(ROUND_TRIP_US) {
        builder = builder.link(VIEWER, edge, LinkConfig::constant(round_trip / 2));
    }
    builder.link_all(LinkConfig::constant(40 * MS)).build()
}

/// The viewer on the left, the data centres farther away the farther they are.
pub fn layout() -> Vec<(f32, f32)> {
    vec![(0.0, 0.4), (0.45, 0.95), (0.6, 0.05), (1.0, 0.6)]
}

/// What the viewer has received so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewerStats {
    pub last: Option<Delivery>,
    /// Chunks from each data centre, in [`EDGES`] order.
    pub received: [u64; 3],
    pub failovers: u64,
}

/// The viewer's deliveries and failovers.
pub fn viewer_stats<P: Protocol>(sim: &Simulation<P>) -> ViewerStats
where
    Node: Part<P>,
{
    match part::<Node, _>(sim, VIEWER) {
        Some(Node::Viewer {
            last,
            received,
            failovers,
            ..
        }) => ViewerStats {
            last: *last,
            received: *received,
            failovers: *failovers,
        },
        _ => ViewerStats::default(),
    }
}
