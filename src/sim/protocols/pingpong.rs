//! Two nodes bouncing one message back and forth: the simplest protocol, and the hot-path benchmark.

use std::fmt;

use crate::sim::{Ctx, MessageInfo, NodeId, Protocol};

/// The ball.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ball {
    Ping(u64),
    Pong(u64),
}

impl MessageInfo for Ball {
    fn kind(&self) -> &'static str {
        match self {
            Ball::Ping(_) => "ping",
            Ball::Pong(_) => "pong",
        }
    }

    fn label(&self) -> String {
        self.kind().to_owned()
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(self.kind())
    }
}

/// A player. Node 0 serves on start; every hit is returned until `max_hits` (0 = forever).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PingPong {
    pub hits: u64,
    pub max_hits: u64,
}

impl PingPong {
    /// A player that keeps returning the ball until it has received `max_hits` (0 = forever).
    pub fn new(max_hits: u64) -> Self {
        Self { hits: 0, max_hits }
    }
}

impl Protocol for PingPong {
    type Msg = Ball;

    fn role(&self) -> &'static str {
        "player"
    }

    fn display_state(&self) -> String {
        format!("hits = {}", self.hits)
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, Ball>) {
        if ctx.me() == 0 && ctx.node_count() > 1 {
            ctx.send(1, Ball::Ping(0));
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, Ball>, from: NodeId, msg: Ball) {
        self.hits += 1;
        if self.max_hits != 0 && self.hits >= self.max_hits {
            return;
        }
        let reply = match msg {
            Ball::Ping(n) => Ball::Pong(n + 1),
            Ball::Pong(n) => Ball::Ping(n + 1),
        };
        ctx.send(from, reply);
    }
}
