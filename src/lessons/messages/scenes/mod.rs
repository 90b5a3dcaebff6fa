//! The lesson's scenes, pure Rust, tested natively: [`sequence`] (a request fanning out
//! to two servers), [`retry`] (timeouts, retries and an idempotency switch), [`mystery`]
//! (guess why no reply came), and the benchmark [`bench`](mod@bench); [`rpc`] holds the
//! request/response nodes that `retry` and `mystery` share.
//!
//! Every scene runs on one protocol type, [`MessagesNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol), so the page carries a single copy of the
//! simulator's generic code for this lesson.
//!
//! A scene never imports its lesson: it is generic over the lesson's node and message
//! types (`impl<M: From<Msg>> SceneNode<M> for Node`, `build::<P>`, read-outs through
//! [`Part`]), and only this file names [`MessagesNode`] and [`MessagesMsg`]. Scenes may use
//! their siblings (`retry` and `mystery` build `rpc` nodes), never this file; a scene's
//! unit tests run it in a protocol of its own. Callers name the lesson's type:
//! `let sim: MessagesSim = sequence::build(seed);`.

use crate::lessons::kit::Part;
use crate::sim::protocols::reqresp::ReqResp;
use crate::sim::Simulation;

pub mod bench;
pub mod mystery;
pub mod retry;
pub mod rpc;
pub mod sequence;

/// A running scene of the lesson.
pub type MessagesSim = Simulation<MessagesNode>;

crate::lesson_protocol!(
    MessagesNode, MessagesMsg;
    Seq(sequence),
    Rpc(rpc),
    Bench(bench),
);

impl MessagesNode {
    /// The simulator's request/response client or server, if this node is one.
    pub fn rpc_peer(&self) -> Option<&ReqResp> {
        <rpc::RpcNode as Part<MessagesNode>>::part(self).and_then(rpc::RpcNode::peer)
    }
}
