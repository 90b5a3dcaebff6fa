//! The nodes of the request/response scenes (`retry` and `what-happened`): the
//! simulator's request/response client and server, and a counting server that may take
//! its time to answer.

use crate::lessons::kit::{SceneMsg, SceneNode};
use crate::sim::protocols::reqresp::{ReqResp, RpcMsg, RpcTimer};
use crate::sim::{Ctx, MessageInfo, NodeId, TimerTag};

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = RpcNode;
pub type Msg = RpcMsg;

/// A node of a request/response scene.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RpcNode {
    /// The simulator's request/response client or server.
    Peer(ReqResp),
    /// A server that adds 1 to its counter per request and answers after `work_us`.
    Server {
        counter: u64,
        work_us: u64,
        /// Requests being worked on: (client, request id).
        working: Vec<(NodeId, u64)>,
    },
}

impl RpcNode {
    /// A server that answers at once, or after `work_us` of work.
    pub fn server(work_us: u64) -> Self {
        RpcNode::Server {
            counter: 0,
            work_us,
            working: Vec::new(),
        }
    }

    /// The simulator's client or server, if this is one.
    pub fn peer(&self) -> Option<&ReqResp> {
        match self {
            RpcNode::Peer(peer) => Some(peer),
            RpcNode::Server { .. } => None,
        }
    }
}

/// The scene's timers: a client's own, or the slow server's "reply now".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Peer(RpcTimer),
    Reply,
}

/// The slow server's tag: one that [`RpcTimer`] never uses.
const REPLY_TAG: u64 = 2;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match self {
            Timer::Peer(timer) => timer.encode(),
            Timer::Reply => REPLY_TAG,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        match tag {
            REPLY_TAG => Some(Timer::Reply),
            _ => RpcTimer::decode(tag).map(Timer::Peer),
        }
    }
}

impl SceneMsg for RpcMsg {
    fn kind(&self) -> &'static str {
        MessageInfo::kind(self)
    }

    fn write_label(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        MessageInfo::write_label(self, out)
    }
}

impl<M: From<RpcMsg>> SceneNode<M> for RpcNode {
    type Msg = RpcMsg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            RpcNode::Peer(peer) => peer.role(),
            RpcNode::Server { .. } => "server",
        }
    }

    fn display_state(&self) -> String {
        match self {
            RpcNode::Peer(peer) => peer.display_state(),
            RpcNode::Server { working, .. } if !working.is_empty() => {
                format!("working on #{}", working[0].1)
            }
            RpcNode::Server { counter, .. } => format!("counter = {counter}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let RpcNode::Peer(peer) = self {
            peer.start(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: RpcMsg) {
        match (self, msg) {
            (RpcNode::Peer(peer), msg) => peer.receive(ctx, from, msg),
            (
                RpcNode::Server {
                    counter,
                    work_us,
                    working,
                },
                RpcMsg::Request { id, .. },
            ) => {
                if *work_us == 0 {
                    *counter += 1;
                    let value = *counter;
                    ctx.send(from, RpcMsg::Response { id, value }.into());
                } else {
                    working.push((from, id));
                    ctx.set_timer(*work_us, Timer::Reply.encode());
                }
                ctx.state_changed();
            }
            (RpcNode::Server { .. }, RpcMsg::Response { .. }) => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match (self, timer) {
            (RpcNode::Peer(peer), Timer::Peer(timer)) => peer.fire(ctx, timer),
            (
                RpcNode::Server {
                    counter, working, ..
                },
                Timer::Reply,
            ) if !working.is_empty() => {
                let (client, id) = working.remove(0);
                *counter += 1;
                let value = *counter;
                ctx.send(client, RpcMsg::Response { id, value }.into());
                ctx.state_changed();
            }
            _ => {}
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        if let RpcNode::Peer(peer) = self {
            peer.restart(ctx);
        }
    }
}
