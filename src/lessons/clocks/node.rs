//! One protocol type for all of the lesson's scenarios, so that the page carries a single
//! copy of the simulator's generic code for this lesson instead of one per scenario.
//!
//! Each scenario module defines its node state and handlers against [`ClocksMsg`];
//! [`ClocksNode`] dispatches to them. A message of another scenario is ignored.

use std::fmt;

use super::beacon::{Beacon, Beaconing};
use super::chatter::{Note, Process};
use super::lww::{LwwMsg, LwwNode};
use super::sync::{SyncMsg, SyncNode};
use crate::sim::{Ctx, MessageInfo, NodeId, Protocol, Simulation};

/// A running scenario of the lesson.
pub type ClocksSim = Simulation<ClocksNode>;

/// Every message of the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClocksMsg {
    Beacon(Beacon),
    Lww(LwwMsg),
    Sync(SyncMsg),
    Chatter(Note),
}

impl MessageInfo for ClocksMsg {
    fn kind(&self) -> &'static str {
        match self {
            ClocksMsg::Beacon(m) => m.kind(),
            ClocksMsg::Lww(m) => m.kind(),
            ClocksMsg::Sync(m) => m.kind(),
            ClocksMsg::Chatter(m) => m.kind(),
        }
    }

    fn label(&self) -> String {
        match self {
            ClocksMsg::Beacon(m) => m.label(),
            ClocksMsg::Lww(m) => m.label(),
            ClocksMsg::Sync(m) => m.label(),
            ClocksMsg::Chatter(m) => m.label(),
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            ClocksMsg::Chatter(m) => out.write_str(m.name),
            other => out.write_str(&other.label()),
        }
    }
}

/// Every node of the lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClocksNode {
    Beacon(Beaconing),
    Lww(LwwNode),
    Sync(SyncNode),
    Chatter(Process),
}

impl ClocksNode {
    /// The node of the physical-clocks scenario, if it is one.
    pub fn beacon(&self) -> Option<&Beaconing> {
        match self {
            ClocksNode::Beacon(node) => Some(node),
            _ => None,
        }
    }

    /// The node of the last-writer-wins scenario, if it is one.
    pub fn lww(&self) -> Option<&LwwNode> {
        match self {
            ClocksNode::Lww(node) => Some(node),
            _ => None,
        }
    }

    /// The node of the clock-sync scenario, if it is one.
    pub fn sync(&self) -> Option<&SyncNode> {
        match self {
            ClocksNode::Sync(node) => Some(node),
            _ => None,
        }
    }
}

impl Protocol for ClocksNode {
    type Msg = ClocksMsg;

    fn role(&self) -> &'static str {
        match self {
            ClocksNode::Beacon(_) => "node",
            ClocksNode::Lww(node) => node.role(),
            ClocksNode::Sync(node) => node.role(),
            ClocksNode::Chatter(_) => "process",
        }
    }

    fn display_state(&self) -> String {
        match self {
            ClocksNode::Beacon(node) => node.display_state(),
            ClocksNode::Lww(node) => node.display_state(),
            ClocksNode::Sync(node) => node.display_state(),
            ClocksNode::Chatter(node) => node.display_state(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, ClocksMsg>) {
        match self {
            ClocksNode::Beacon(node) => node.on_start(ctx),
            ClocksNode::Lww(node) => node.on_start(ctx),
            ClocksNode::Sync(node) => node.on_start(ctx),
            ClocksNode::Chatter(node) => node.on_start(ctx),
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, ClocksMsg>, from: NodeId, msg: ClocksMsg) {
        match (self, msg) {
            (ClocksNode::Beacon(node), ClocksMsg::Beacon(m)) => node.on_message(ctx, from, m),
            (ClocksNode::Lww(node), ClocksMsg::Lww(m)) => node.on_message(ctx, from, m),
            (ClocksNode::Sync(node), ClocksMsg::Sync(m)) => node.on_message(ctx, from, m),
            (ClocksNode::Chatter(node), ClocksMsg::Chatter(m)) => node.on_message(ctx, m),
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, ClocksMsg>, tag: u64) {
        match self {
            ClocksNode::Beacon(node) => node.on_timer(ctx),
            ClocksNode::Lww(node) => node.on_timer(ctx),
            ClocksNode::Sync(node) => node.on_timer(ctx),
            ClocksNode::Chatter(node) => node.on_timer(ctx, tag),
        }
    }
}
