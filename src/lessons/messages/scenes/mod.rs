//! The lesson's scenes, pure Rust, tested natively: [`sequence`] (a request fanning out
//! to two servers), [`retry`] (timeouts, retries and an idempotency switch), [`mystery`]
//! (guess why no reply came), and the benchmark [`bench`]; [`rpc`] holds the
//! request/response nodes that `retry` and `mystery` share.
//!
//! Every scene runs on one protocol type, [`MessagesNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol), so the page carries a single copy of the
//! simulator's generic code for this lesson.

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
