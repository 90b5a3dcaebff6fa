//! Scenario `bench-100`, reachable only by address (`?lesson=messages&scenario=bench-100`):
//! 100 nodes passing 2,000 messages around at once, to measure the widget's frame time
//! (see `tests/e2e/bench.mjs`). Every node starts 20 messages; every message that
//! arrives is passed on to a random node, so 2,000 stay in flight.

use std::fmt;

use crate::lessons::kit::{NoTimer, SceneMsg, SceneNode};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, Simulation, MS};

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = Relay;
pub type Msg = Token;

pub const NAME: &str = "bench-100";
pub const TITLE: &str = "Benchmark: 100 nodes";

const NODES: usize = 100;
const MESSAGES_PER_NODE: u32 = 20;
pub const LATENCY_MIN_US: u64 = 20 * MS;
pub const LATENCY_MAX_US: u64 = 60 * MS;

/// A token passed from node to node; kinds alternate so the drawing has two styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub hops: u32,
}

impl SceneMsg for Token {
    fn kind(&self) -> &'static str {
        if self.hops.is_multiple_of(2) {
            "token"
        } else {
            "echo"
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "Token (hop {})", self.hops)
    }
}

/// A node that passes every token on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relay;

impl Relay {
    fn pass_on<M: From<Token>>(ctx: &mut Ctx<'_, M>, token: Token) {
        let others = ctx.node_count().saturating_sub(1) as u64;
        if others == 0 {
            return;
        }
        let pick = ctx.random_below(others) as NodeId;
        let to = if pick >= ctx.me() { pick + 1 } else { pick };
        ctx.send(to, token.into());
    }
}

impl<M: From<Token>> SceneNode<M> for Relay {
    type Msg = Token;
    type Timer = NoTimer;

    fn role(&self) -> &'static str {
        "relay"
    }

    fn display_state(&self) -> String {
        "relaying".into()
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        for _ in 0..MESSAGES_PER_NODE {
            Self::pass_on(ctx, Token { hops: 0 });
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, _from: NodeId, msg: Token) {
        Self::pass_on(ctx, Token { hops: msg.hops + 1 });
    }
}

/// The hundred relays at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Relay>>(seed: u64) -> Simulation<P> {
    let mut builder =
        Simulation::builder(seed).link_all(LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US));
    for i in 0..NODES {
        builder = builder.node(format!("N{i}"), P::from(Relay));
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::messages::scenes::bench;
    use crate::sim::SECOND;

    // The scene on its own, in a protocol of its own: it needs nothing of its lesson.
    crate::lesson_protocol!(BenchOnly, BenchOnlyMsg; Bench(bench));

    #[test]
    fn two_thousand_messages_stay_in_flight() {
        let mut world: Simulation<BenchOnly> = build(1);
        world.run_until(2 * SECOND);
        assert_eq!(world.counters().in_flight, 2_000);
        assert_eq!(world.snapshot().messages.len(), 2_000);
    }
}
