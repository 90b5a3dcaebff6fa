//! The "clock synchronisation" scenario: three drifting clocks set from a time server.
//!
//! Every `interval` each client runs one Cristian exchange with the server over links
//! whose delay varies, and steps its clock to the estimate. Between exchanges the clock
//! drifts away again, so the worst error is about RTT/2 plus drift × interval.

use super::cristian::{self, Estimate, Exchange};
use super::setting::{ClockSetting, MATERIAL_CLOCKS};
use crate::lessons::kit::{SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};
use crate::ui::wall;

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = SyncNode;
pub type Msg = SyncMsg;

/// The scene's one timer: a client asks the time server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    AskServer,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        0
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 0).then_some(Timer::AskServer)
    }
}

/// Node names, by id: the server, then the clients A, B, C.
pub const NAMES: [&str; 4] = ["time server", "A", "B", "C"];
/// The time server's id. Its clock is exact.
pub const SERVER: NodeId = 0;
/// The clients (ids into [`NAMES`]); they start with the material's clocks.
pub const CLIENTS: [NodeId; 3] = [1, 2, 3];
/// The seed a fresh page starts with.
pub const DEFAULT_SEED: u64 = 1;
/// Length of the scenario.
pub const HORIZON_US: SimTime = 120 * SECOND;
/// One-way delay of every link: uniform in this range.
pub const LATENCY_US: (SimTime, SimTime) = (2 * MS, 12 * MS);
/// Sync intervals the lesson offers, and the default.
pub const MIN_INTERVAL_US: SimTime = SECOND;
pub const MAX_INTERVAL_US: SimTime = 30 * SECOND;
pub const DEFAULT_INTERVAL_US: SimTime = 10 * SECOND;
const TRACE_EVENTS: usize = 16_384;

/// The sync interval's name in share links (`&set=every-20s`).
pub fn interval_setting(interval_us: SimTime) -> String {
    format!("every-{}s", interval_us / SECOND)
}

/// Reads a share link's `every-<n>s`, exactly as [`interval_setting`] writes it: whole
/// seconds within the offered range.
pub fn interval_from_setting(text: &str) -> Option<SimTime> {
    let seconds: SimTime = text
        .strip_prefix("every-")?
        .strip_suffix('s')?
        .parse()
        .ok()?;
    let interval_us = seconds.checked_mul(SECOND)?;
    ((MIN_INTERVAL_US..=MAX_INTERVAL_US).contains(&interval_us)
        && interval_setting(interval_us) == text)
        .then_some(interval_us)
}

/// Messages of the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMsg {
    /// "What time is it?"
    Request { seq: u32 },
    /// The server's clock when it answered.
    Reply { seq: u32, server_us: i64 },
}

impl SceneMsg for SyncMsg {
    fn kind(&self) -> &'static str {
        match self {
            SyncMsg::Request { .. } => "time?",
            SyncMsg::Reply { .. } => "time",
        }
    }

    fn write_label(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str(&self.text())
    }
}

impl SyncMsg {
    /// The label the drawing and the event log show.
    pub fn text(&self) -> String {
        match *self {
            SyncMsg::Request { seq } => format!("time? #{seq}"),
            SyncMsg::Reply { seq, server_us } => {
                format!("time #{seq}: {}", wall::clock_reading(server_us))
            }
        }
    }
}

/// One completed exchange, with what only the simulator knows: the true error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncRecord {
    pub exchange: Exchange,
    pub estimate: Estimate,
    /// True time the answer arrived.
    pub true_us: SimTime,
    /// Clock − true time just before and just after the step.
    pub error_before_us: i64,
    pub error_after_us: i64,
}

/// A node of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncNode {
    Server,
    Client {
        interval_us: SimTime,
        seq: u32,
        /// The request in flight: its number and the clock when it left.
        pending: Option<(u32, i64)>,
        last: Option<SyncRecord>,
        /// Largest |error| right after a step so far.
        worst_residual_us: u64,
    },
}

impl SyncNode {
    /// A client that synchronises every `interval_us` (clamped to the offered range).
    pub fn client(interval_us: SimTime) -> Self {
        SyncNode::Client {
            interval_us: interval_us.clamp(MIN_INTERVAL_US, MAX_INTERVAL_US),
            seq: 0,
            pending: None,
            last: None,
            worst_residual_us: 0,
        }
    }

    /// The client's last exchange.
    pub fn last(&self) -> Option<SyncRecord> {
        match self {
            SyncNode::Client { last, .. } => *last,
            SyncNode::Server => None,
        }
    }
}

impl<M: From<SyncMsg>> SceneNode<M> for SyncNode {
    type Msg = SyncMsg;
    type Timer = Timer;
    fn role(&self) -> &'static str {
        match self {
            SyncNode::Server => "time server",
            SyncNode::Client { .. } => "client",
        }
    }

    fn display_state(&self) -> String {
        match (self, self.last()) {
            (SyncNode::Server, _) => "exact clock".to_owned(),
            (_, Some(r)) => format!("set ± {:.1} ms", r.estimate.uncertainty_us as f64 / 1_000.0),
            (_, None) => "not synchronised".to_owned(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let SyncNode::Client { .. } = self {
            ctx.set_timer(
                500 * MS + ctx.me() as SimTime * 300 * MS,
                Timer::AskServer.encode(),
            );
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
        if let SyncNode::Client {
            interval_us,
            seq,
            pending,
            ..
        } = self
        {
            *seq += 1;
            *pending = Some((*seq, ctx.local_clock_us()));
            ctx.send(SERVER, SyncMsg::Request { seq: *seq }.into());
            ctx.set_timer(*interval_us, Timer::AskServer.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: SyncMsg) {
        match (self, msg) {
            (SyncNode::Server, SyncMsg::Request { seq }) => {
                let server_us = ctx.local_clock_us();
                ctx.send(from, SyncMsg::Reply { seq, server_us }.into());
            }
            (
                SyncNode::Client {
                    pending,
                    last,
                    worst_residual_us,
                    ..
                },
                SyncMsg::Reply { seq, server_us },
            ) => {
                let Some((asked, sent_local_us)) = *pending else {
                    return;
                };
                if asked != seq {
                    return;
                }
                *pending = None;
                let true_us = ctx.true_time_us();
                let exchange = Exchange {
                    sent_local_us,
                    server_us,
                    received_local_us: ctx.local_clock_us(),
                };
                let estimate = cristian::estimate(exchange);
                let error_before_us = exchange.received_local_us - true_us as i64;
                ctx.adjust_clock(estimate.correction_us);
                let error_after_us = ctx.local_clock_us() - true_us as i64;
                *worst_residual_us = (*worst_residual_us).max(error_after_us.unsigned_abs());
                *last = Some(SyncRecord {
                    exchange,
                    estimate,
                    true_us,
                    error_before_us,
                    error_after_us,
                });
                ctx.note(format!(
                    "steps its clock by {} (± {})",
                    wall::signed_ms(estimate.correction_us),
                    wall::ms(estimate.uncertainty_us.unsigned_abs())
                ));
            }
            _ => {}
        }
    }
}

/// The clocks the clients start with.
pub fn start_clocks() -> [ClockSetting; 3] {
    MATERIAL_CLOCKS
}

/// The scenario at time 0 for `seed`, with clients synchronising every `interval_us`, in
/// the lesson's protocol `P`.
pub fn build<P: Protocol + From<SyncNode>>(seed: u64, interval_us: SimTime) -> Simulation<P> {
    let mut builder = Simulation::builder(seed)
        .link_all(LinkConfig::uniform(LATENCY_US.0, LATENCY_US.1))
        .trace_ring_capacity(TRACE_EVENTS)
        .node(NAMES[SERVER], SyncNode::Server.into());
    for &client in &CLIENTS {
        builder = builder.node(NAMES[client], SyncNode::client(interval_us).into());
    }
    for (&client, clock) in CLIENTS.iter().zip(start_clocks()) {
        builder = builder.clock(client, clock.offset_us, clock.drift_ppm);
    }
    builder.build()
}

/// The error bound the lesson quotes: RTT/2 (at most the slowest round trip) plus
/// what `drift_ppm` adds over one interval.
pub fn expected_worst_us(drift_ppm: i64, interval_us: SimTime) -> u64 {
    let drifted = (drift_ppm.unsigned_abs() as u128 * interval_us as u128 / 1_000_000) as u64;
    LATENCY_US.1 + drifted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip_through_their_link_setting() {
        for seconds in [1, 10, 30] {
            let interval_us = seconds * SECOND;
            let setting = interval_setting(interval_us);
            assert_eq!(interval_from_setting(&setting), Some(interval_us));
        }
        for bad in [
            "every-0s",
            "every-31s",
            "every-5",
            "every-010s",
            "10s",
            "every-99999999999999999999s",
        ] {
            assert_eq!(interval_from_setting(bad), None, "{bad}");
        }
    }
}
