//! The "physical clocks" scenario: three nodes whose clocks disagree, passing timestamped notes.
//!
//! Every node sends the next one (A → B → C → A) a beacon stamped with its own clock,
//! once a second. The receiver compares the stamp with its own clock: with skewed clocks
//! a message can seem to take seconds, or to arrive before it was sent.

use super::setting::{ClockSetting, MATERIAL_CLOCKS};
use crate::lessons::kit::{SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = Beaconing;
pub type Msg = Beacon;

/// The scene's one timer: send the next beacon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    SendBeacon,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        0
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 0).then_some(Timer::SendBeacon)
    }
}

/// Node names, by id.
pub const NAMES: [&str; 3] = ["A", "B", "C"];
/// How often each node sends its beacon.
pub const PERIOD_US: SimTime = SECOND;
/// The seed a fresh page starts with.
pub const DEFAULT_SEED: u64 = 1;
/// Length of the scenario.
pub const HORIZON_US: SimTime = 60 * SECOND;
/// One-way delay of every link: uniform in this range.
pub const LATENCY_US: (SimTime, SimTime) = (20 * MS, 80 * MS);
const TRACE_EVENTS: usize = 4_096;

/// A beacon: "my clock read this when I sent you this".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Beacon {
    pub sent_local_us: i64,
}

impl SceneMsg for Beacon {
    fn kind(&self) -> &'static str {
        "beacon"
    }

    fn write_label(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str(&self.text())
    }
}

impl Beacon {
    /// The label the drawing and the event log show.
    pub fn text(&self) -> String {
        format!(
            "beacon {}",
            crate::ui::wall::clock_reading(self.sent_local_us)
        )
    }
}

/// What a node made of the last beacon it received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    pub from: NodeId,
    pub sent_local_us: i64,
    pub received_local_us: i64,
}

impl Received {
    /// How long the trip looks by the two clocks (negative: "arrived before it was sent").
    pub fn apparent_trip_us(&self) -> i64 {
        self.received_local_us - self.sent_local_us
    }
}

/// A node of the scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Beaconing {
    pub last: Option<Received>,
}

impl<M: From<Beacon>> SceneNode<M> for Beaconing {
    type Msg = Beacon;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        "node"
    }
    fn display_state(&self) -> String {
        match self.last {
            Some(r) => format!(
                "last beacon took {} by the clocks",
                crate::ui::wall::signed_ms(r.apparent_trip_us())
            ),
            None => "no beacon yet".to_owned(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        ctx.set_timer(
            200 * MS + ctx.me() as SimTime * 300 * MS,
            Timer::SendBeacon.encode(),
        );
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Beacon) {
        self.last = Some(Received {
            from,
            sent_local_us: msg.sent_local_us,
            received_local_us: ctx.local_clock_us(),
        });
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
        let next = (ctx.me() + 1) % ctx.node_count();
        let sent_local_us = ctx.local_clock_us();
        ctx.send(next, Beacon { sent_local_us }.into());
        ctx.set_timer(PERIOD_US, Timer::SendBeacon.encode());
    }
}

/// The clocks the scenario starts with.
pub fn start_clocks() -> [ClockSetting; 3] {
    MATERIAL_CLOCKS
}

/// The scenario at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Beaconing>>(seed: u64) -> Simulation<P> {
    let mut builder = Simulation::builder(seed)
        .link_all(LinkConfig::uniform(LATENCY_US.0, LATENCY_US.1))
        .trace_ring_capacity(TRACE_EVENTS);
    for (id, (name, clock)) in NAMES.iter().zip(start_clocks()).enumerate() {
        builder = builder.node(*name, Beaconing::default().into()).clock(
            id,
            clock.offset_us,
            clock.drift_ppm,
        );
    }
    builder.build()
}
