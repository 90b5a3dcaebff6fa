//! No global clock: three nodes whose clocks read 10:00:01.123, 10:00:02.456 and 09:59:59.789
//! at the same instant, passing timestamped messages round a ring.
//!
//! Each node stamps a message with its own clock and sends it to the next node
//! (A → B → C → A). The receiver compares the stamp with its own clock: by the two
//! clocks, a message can seem to take more than a second, or to arrive before it was
//! sent, although every trip really takes a few tens of milliseconds.

use std::fmt;

use crate::lessons::kit::{parts, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};
use crate::ui::wall::{clock_reading, signed_seconds};

/// Each node's clock offset at time 0 (A, B, C), from the course material's example.
pub const OFFSETS_US: [i64; 3] = [1_123_000, 2_456_000, -211_000];
/// Each node's drift in parts per million (A, B, C): the clocks also tick at different rates.
/// Real clocks drift far less; these rates are exaggerated so the drift shows within seconds.
pub const DRIFTS_PPM: [i64; 3] = [5_000, -10_000, 15_000];
/// Time between two messages of one node.
pub const SEND_INTERVAL_US: SimTime = 300 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "no-global-clock";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 20 * SECOND;
/// The node names, in id order.
pub const NAMES: [&str; 3] = ["Node A", "Node B", "Node C"];

/// The scene's one timer: send the next message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Send,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        1
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 1).then_some(Timer::Send)
    }
}

/// A message stamped with its sender's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    pub seq: u64,
    /// The sender's clock reading when it sent the message, in µs since the run started.
    pub sent_local_us: i64,
    /// The true time it was sent: instrumentation for the read-out, never used by a node.
    pub sent_true_us: SimTime,
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        "stamp"
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(&clock_reading(self.sent_local_us))
    }
}

/// A message as its receiver saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reception {
    pub from: NodeId,
    pub to: NodeId,
    /// The stamp: the sender's clock at sending.
    pub sent_local_us: i64,
    /// The receiver's clock at receiving.
    pub received_local_us: i64,
    /// The real trip time (instrumentation; no node can know it).
    pub true_trip_us: SimTime,
    /// The true time it arrived (instrumentation).
    pub at_us: SimTime,
}

impl Reception {
    /// How long the trip seems by the two clocks (negative: it seems to arrive before it left).
    pub fn apparent_trip_us(&self) -> i64 {
        self.received_local_us.saturating_sub(self.sent_local_us)
    }
}

/// A node with its own clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub sent: u64,
    /// Messages that seemed to arrive before they were sent.
    pub from_the_future: u64,
    pub last: Option<Reception>,
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        "node"
    }

    fn display_state(&self) -> String {
        match self.last {
            Some(r) => format!("trip {}", signed_seconds(r.apparent_trip_us())),
            None => "no message yet".to_owned(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        ctx.set_timer(20 * MS + ctx.me() as u64 * 100 * MS, Timer::Send.encode());
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Msg) {
        let now = ctx.true_time_us();
        let reception = Reception {
            from,
            to: ctx.me(),
            sent_local_us: msg.sent_local_us,
            received_local_us: ctx.local_clock_us(),
            true_trip_us: now.saturating_sub(msg.sent_true_us),
            at_us: now,
        };
        if reception.apparent_trip_us() < 0 {
            self.from_the_future += 1;
            ctx.count("from-the-future");
        }
        self.last = Some(reception);
        ctx.state_changed();
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
        self.sent += 1;
        let next = (ctx.me() + 1) % ctx.node_count();
        let msg = Msg {
            seq: self.sent,
            sent_local_us: ctx.local_clock_us(),
            sent_true_us: ctx.true_time_us(),
        };
        ctx.send(next, msg.into());
        ctx.set_timer(SEND_INTERVAL_US, Timer::Send.encode());
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        ctx.set_timer(SEND_INTERVAL_US, Timer::Send.encode());
    }
}

/// The three nodes at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    let mut builder = Simulation::builder(seed);
    for (id, name) in NAMES.iter().enumerate() {
        let node = Node {
            sent: 0,
            from_the_future: 0,
            last: None,
        };
        builder = builder
            .node(*name, node.into())
            .clock(id, OFFSETS_US[id], DRIFTS_PPM[id]);
    }
    builder
        .link_all(LinkConfig::uniform(20 * MS, 80 * MS))
        .build()
}

/// A triangle, as in the course material's picture.
pub fn layout() -> Vec<(f32, f32)> {
    vec![(0.0, 0.0), (1.0, 0.0), (0.5, 1.0)]
}

/// The most recent message received by any node.
pub fn latest_reception<P: Protocol>(sim: &Simulation<P>) -> Option<Reception>
where
    Node: Part<P>,
{
    parts::<Node, _>(sim)
        .filter_map(|(_, node)| node.last)
        .max_by_key(|r| r.at_us)
}
