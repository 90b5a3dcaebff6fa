//! Independent failure: three nodes that each do their own work and send each other heartbeats.
//!
//! Every [`TICK_US`] a running node finishes one unit of its own work and tells the
//! others it is alive. Crash one node: the other two go on working, and after
//! [`SUSPECT_AFTER_US`] of silence they suspect it is down — which is all they can
//! know, since a crashed node and a slow one look the same from outside.

use std::fmt;

use crate::lessons::kit::{parts, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};

/// Time between two units of work (and heartbeats) of one node.
pub const TICK_US: SimTime = 40 * MS;
/// Silence after which a node suspects a peer is down.
pub const SUSPECT_AFTER_US: SimTime = 130 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "independent-failure";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 10 * SECOND;
/// Number of nodes.
pub const NODES: usize = 3;

/// The scene's one timer: check on the peers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Tick,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        1
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 1).then_some(Timer::Tick)
    }
}

/// "I am alive, and have done this much work."
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    pub work: u64,
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        "heartbeat"
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str("alive")
    }
}

/// A node doing its own work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Units of work done.
    pub work: u64,
    /// When this node last heard from each node, by its own clock (None: never).
    pub last_heard_us: [Option<i64>; NODES],
    /// Which peers this node currently suspects, as of its latest tick.
    pub suspects: [bool; NODES],
}

impl Node {
    fn new() -> Self {
        Self {
            work: 0,
            last_heard_us: [None; NODES],
            suspects: [false; NODES],
        }
    }

    fn check<M>(&mut self, ctx: &mut Ctx<'_, M>) {
        let now = ctx.local_clock_us();
        let me = ctx.me();
        let mut changed = false;
        for peer in (0..NODES).filter(|&p| p != me) {
            let silent =
                self.last_heard_us[peer].is_none_or(|heard| now - heard > SUSPECT_AFTER_US as i64);
            if silent != self.suspects[peer] {
                self.suspects[peer] = silent;
                changed = true;
                let verb = if silent {
                    "suspects"
                } else {
                    "hears again from"
                };
                ctx.note(format!("{verb} node {}", peer + 1));
            }
        }
        if changed {
            ctx.state_changed();
        }
    }
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        "node"
    }

    fn display_state(&self) -> String {
        let down: Vec<String> = (0..NODES)
            .filter(|&p| self.suspects[p])
            .map(|p| (p + 1).to_string())
            .collect();
        match down.as_slice() {
            [] => format!("work {}", self.work),
            _ => format!("work {} · suspects {}", self.work, down.join(", ")),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        let now = ctx.local_clock_us();
        self.last_heard_us = [Some(now); NODES];
        ctx.set_timer(5 * MS + ctx.me() as u64 * 13 * MS, Timer::Tick.encode());
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, _msg: Msg) {
        if let Some(heard) = self.last_heard_us.get_mut(from) {
            *heard = Some(ctx.local_clock_us());
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
        self.work += 1;
        ctx.broadcast(Msg { work: self.work }.into());
        self.check(ctx);
        ctx.set_timer(TICK_US, Timer::Tick.encode());
        ctx.state_changed();
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        // Give everyone a fresh grace period rather than suspecting the whole world at once.
        let now = ctx.local_clock_us();
        self.last_heard_us = [Some(now); NODES];
        self.suspects = [false; NODES];
        ctx.set_timer(TICK_US, Timer::Tick.encode());
        ctx.state_changed();
    }
}

/// Three nodes at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    let mut builder = Simulation::builder(seed);
    for name in ["Node 1", "Node 2", "Node 3"] {
        builder = builder.node(name, Node::new().into());
    }
    builder
        .link_all(LinkConfig::uniform(5 * MS, 15 * MS))
        .build()
}

/// A triangle.
pub fn layout() -> Vec<(f32, f32)> {
    vec![(0.5, 0.0), (0.0, 1.0), (1.0, 1.0)]
}

/// One node as the read-out shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    pub up: bool,
    pub work: u64,
    /// Peers this node suspects are down.
    pub suspects: Vec<NodeId>,
}

/// Every node: whether it runs, how much work it has done, whom it suspects.
pub fn rows<P: Protocol>(sim: &Simulation<P>) -> Vec<Row>
where
    Node: Part<P>,
{
    parts::<Node, _>(sim)
        .map(|(id, node)| Row {
            id,
            up: sim.is_up(id),
            work: node.work,
            suspects: (0..NODES).filter(|&p| node.suspects[p]).collect(),
        })
        .collect()
}
