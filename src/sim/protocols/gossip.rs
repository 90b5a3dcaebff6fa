//! Gossip broadcast: an informed node forwards the rumour to `fanout` random peers, for a few rounds.
//!
//! When a node first hears the rumour it forwards it at once, then again every
//! `period_us` for `rounds` more rounds, so lost messages are compensated and every
//! reachable node is eventually informed. Counters: `"informed"`, `"redundant"`.

use std::fmt;

use crate::sim::{Ctx, MessageInfo, NodeId, Protocol};

const TAG_ROUND: u64 = 1;
const MAX_FANOUT: usize = 32;

/// The rumour, with how many hops it has travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rumour {
    pub hops: u32,
}

impl MessageInfo for Rumour {
    fn kind(&self) -> &'static str {
        "rumour"
    }

    fn label(&self) -> String {
        format!("rumour (hop {})", self.hops)
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "rumour (hop {})", self.hops)
    }
}

/// A gossiping node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gossip {
    pub informed: bool,
    /// Hops the rumour had travelled when this node heard it.
    pub heard_at_hop: Option<u32>,
    pub fanout: usize,
    pub period_us: u64,
    pub rounds: u32,
    pub rounds_left: u32,
}

impl Gossip {
    /// A node that starts uninformed (or, with `origin`, holding the rumour).
    pub fn new(origin: bool, fanout: usize, period_us: u64, rounds: u32) -> Self {
        Self {
            informed: origin,
            heard_at_hop: origin.then_some(0),
            fanout: fanout.min(MAX_FANOUT),
            period_us,
            rounds,
            rounds_left: rounds,
        }
    }

    fn spread(&mut self, ctx: &mut Ctx<'_, Rumour>) {
        let hops = self.heard_at_hop.unwrap_or(0) + 1;
        let peers = ctx.node_count().saturating_sub(1);
        if self.fanout >= peers {
            ctx.broadcast(Rumour { hops });
            return;
        }
        let mut chosen = [usize::MAX; MAX_FANOUT];
        let me = ctx.me();
        for k in 0..self.fanout {
            let peer = loop {
                let pick = ctx.random_below(peers as u64) as NodeId;
                let peer = if pick >= me { pick + 1 } else { pick };
                if !chosen[..k].contains(&peer) {
                    break peer;
                }
            };
            chosen[k] = peer;
            ctx.send(peer, Rumour { hops });
        }
    }

    fn become_informed(&mut self, ctx: &mut Ctx<'_, Rumour>, hop: u32) {
        self.informed = true;
        self.heard_at_hop = Some(hop);
        self.rounds_left = self.rounds;
        ctx.count("informed");
        ctx.state_changed();
        self.spread(ctx);
        if self.rounds_left > 0 {
            ctx.set_timer(self.period_us, TAG_ROUND);
        }
    }
}

impl Protocol for Gossip {
    type Msg = Rumour;

    fn role(&self) -> &'static str {
        "peer"
    }

    fn display_state(&self) -> String {
        match self.heard_at_hop {
            Some(hop) if self.informed => format!("informed (hop {hop})"),
            _ => "uninformed".to_owned(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, Rumour>) {
        if self.informed {
            self.become_informed(ctx, 0);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, Rumour>, _from: NodeId, msg: Rumour) {
        if self.informed {
            ctx.count("redundant");
        } else {
            self.become_informed(ctx, msg.hops);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, Rumour>, tag: u64) {
        if tag != TAG_ROUND || !self.informed || self.rounds_left == 0 {
            return;
        }
        self.rounds_left -= 1;
        self.spread(ctx);
        if self.rounds_left > 0 {
            ctx.set_timer(self.period_us, TAG_ROUND);
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, Rumour>) {
        if self.informed && self.rounds_left > 0 {
            ctx.set_timer(self.period_us, TAG_ROUND);
        }
    }
}
