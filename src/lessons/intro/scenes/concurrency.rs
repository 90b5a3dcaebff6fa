//! Concurrency: the course material's sequence User → A, then A → B and A → C at once.
//!
//! The user sends a request every [`REQUEST_INTERVAL_US`], before the previous one
//! has finished, so several requests overlap. For each request, server A queries B and
//! updates C at once and answers the user when both have replied. Link delays vary, so
//! sometimes B's response reaches A first and sometimes C's acknowledgement does:
//! nobody chose that order.

use std::collections::BTreeMap;
use std::fmt;

use crate::lessons::kit::{part, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};

pub const USER: NodeId = 0;
pub const SERVER_A: NodeId = 1;
pub const SERVER_B: NodeId = 2;
pub const SERVER_C: NodeId = 3;

/// Time between two requests of the user.
pub const REQUEST_INTERVAL_US: SimTime = 30 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "concurrency";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 5 * SECOND;
/// Fastest and slowest one-way trip on every link.
pub const LATENCY_US: (SimTime, SimTime) = (4 * MS, 20 * MS);
/// How many recent orderings server A remembers for the read-out.
pub const HISTORY_LEN: usize = 8;

/// The scene's one timer: issue the next request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Issue,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        1
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 1).then_some(Timer::Issue)
    }
}

/// Messages of the sequence, each about request `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Request(u64),
    Query(u64),
    Update(u64),
    Response(u64),
    Ack(u64),
    Result(u64),
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Request(_) => "request",
            Msg::Query(_) => "query",
            Msg::Update(_) => "update",
            Msg::Response(_) => "response",
            Msg::Ack(_) => "ack",
            Msg::Result(_) => "result",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        let (Msg::Request(id)
        | Msg::Query(id)
        | Msg::Update(id)
        | Msg::Response(id)
        | Msg::Ack(id)
        | Msg::Result(id)) = *self;
        write!(out, "{} #{id}", self.kind())
    }
}

/// Which reply reached server A first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum First {
    /// B's response.
    B,
    /// C's acknowledgement.
    C,
}

/// What server A knows about one request in progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub from_b: bool,
    pub from_c: bool,
}

/// A node of the sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    User {
        sent: u64,
        results: u64,
    },
    Coordinator {
        pending: BTreeMap<u64, Progress>,
        b_first: u64,
        c_first: u64,
        /// The latest finished requests and which reply came first, oldest first.
        history: Vec<(u64, First)>,
    },
    Reader {
        answered: u64,
    },
    Writer {
        applied: u64,
    },
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            Node::User { .. } => "client",
            _ => "server",
        }
    }

    fn display_state(&self) -> String {
        match self {
            Node::User { sent, results } => format!("sent {sent} · results {results}"),
            Node::Coordinator { pending, .. } => format!("in progress {}", pending.len()),
            Node::Reader { answered } => format!("answered {answered}"),
            Node::Writer { applied } => format!("updated {applied}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::User { .. } = self {
            ctx.set_timer(5 * MS, Timer::Issue.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        match (self, msg) {
            (Node::User { results, .. }, Msg::Result(_)) => {
                *results += 1;
                ctx.state_changed();
            }
            (Node::Coordinator { pending, .. }, Msg::Request(id)) => {
                pending.insert(id, Progress::default());
                ctx.send(SERVER_B, Msg::Query(id).into());
                ctx.send(SERVER_C, Msg::Update(id).into());
                ctx.state_changed();
            }
            (
                Node::Coordinator {
                    pending,
                    b_first,
                    c_first,
                    history,
                },
                Msg::Response(id) | Msg::Ack(id),
            ) => {
                let from_b = matches!(msg, Msg::Response(_));
                let Some(progress) = pending.get_mut(&id) else {
                    return;
                };
                if !progress.from_b && !progress.from_c {
                    let first = if from_b { First::B } else { First::C };
                    match first {
                        First::B => *b_first += 1,
                        First::C => *c_first += 1,
                    }
                    ctx.count(if from_b { "b-first" } else { "c-first" });
                    history.push((id, first));
                    if history.len() > HISTORY_LEN {
                        history.remove(0);
                    }
                }
                if from_b {
                    progress.from_b = true;
                } else {
                    progress.from_c = true;
                }
                if progress.from_b && progress.from_c {
                    pending.remove(&id);
                    ctx.send(USER, Msg::Result(id).into());
                    ctx.state_changed();
                }
            }
            (Node::Reader { answered }, Msg::Query(id)) => {
                *answered += 1;
                ctx.send(from, Msg::Response(id).into());
                ctx.state_changed();
            }
            (Node::Writer { applied }, Msg::Update(id)) => {
                *applied += 1;
                ctx.send(from, Msg::Ack(id).into());
                ctx.state_changed();
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        if let (Node::User { sent, .. }, Timer::Issue) = (self, timer) {
            *sent += 1;
            ctx.send(SERVER_A, Msg::Request(*sent).into());
            ctx.set_timer(REQUEST_INTERVAL_US, Timer::Issue.encode());
            ctx.state_changed();
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        match self {
            Node::User { .. } => {
                ctx.set_timer(REQUEST_INTERVAL_US, Timer::Issue.encode());
            }
            Node::Coordinator { pending, .. } => {
                pending.clear();
                ctx.state_changed();
            }
            _ => {}
        }
    }
}

/// The sequence at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    Simulation::builder(seed)
        .node(
            "User",
            Node::User {
                sent: 0,
                results: 0,
            }
            .into(),
        )
        .node(
            "Server A",
            Node::Coordinator {
                pending: BTreeMap::new(),
                b_first: 0,
                c_first: 0,
                history: Vec::new(),
            }
            .into(),
        )
        .node("Server B", Node::Reader { answered: 0 }.into())
        .node("Server C", Node::Writer { applied: 0 }.into())
        .link_all(LinkConfig::uniform(LATENCY_US.0, LATENCY_US.1))
        .build()
}

/// The user on the left, A in the middle, B and C on the right.
pub fn layout() -> Vec<(f32, f32)> {
    vec![(0.0, 0.5), (0.5, 0.5), (1.0, 0.0), (1.0, 1.0)]
}

/// What server A has seen so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orderings {
    /// Requests whose first reply came from B.
    pub b_first: u64,
    /// Requests whose first reply came from C.
    pub c_first: u64,
    /// Requests A is still working on.
    pub in_progress: usize,
    /// The latest requests and which reply came first, oldest first.
    pub history: Vec<(u64, First)>,
}

/// Server A's counts of which reply arrived first.
pub fn orderings<P: Protocol>(sim: &Simulation<P>) -> Orderings
where
    Node: Part<P>,
{
    match part::<Node, _>(sim, SERVER_A) {
        Some(Node::Coordinator {
            pending,
            b_first,
            c_first,
            history,
        }) => Orderings {
            b_first: *b_first,
            c_first: *c_first,
            in_progress: pending.len(),
            history: history.clone(),
        },
        _ => Orderings::default(),
    }
}
