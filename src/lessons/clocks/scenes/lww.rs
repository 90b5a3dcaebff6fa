//! The "last writer wins" scenario: two clients write the same key through different servers.
//!
//! Each server stamps a write with its own physical clock, keeps it if its stamp is the
//! latest it has seen (ties broken by server id), and copies it to the other servers, which
//! apply the same rule. When the second write's server has a clock far enough behind the
//! first's, the second write carries the smaller stamp and every replica throws it away.

use super::setting::{ClockSetting, MATERIAL_CLOCKS};
use crate::lessons::kit::{self, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS};
use crate::ui::wall;

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = LwwNode;
pub type Msg = LwwMsg;

/// The scene's one timer: a client issues its write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    IssueWrite,
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        0
    }

    fn decode(tag: u64) -> Option<Self> {
        (tag == 0).then_some(Timer::IssueWrite)
    }
}

/// Node names, by id: the clients sit next to the server they write through.
pub const NAMES: [&str; 5] = ["client 1", "A", "B", "C", "client 2"];
/// The servers (ids into [`NAMES`]); they start with the material's clocks A, B, C.
pub const SERVERS: [NodeId; 3] = [1, 2, 3];
/// The two writes, in the order they are issued: (client, server, value, true issue time).
pub const WRITES: [(NodeId, NodeId, u32, SimTime); 2] = [(0, 1, 1, 100 * MS), (4, 3, 2, 400 * MS)];
/// The seed a fresh page starts with.
pub const DEFAULT_SEED: u64 = 1;

/// The links the scene uses: each client to its server, and the servers among themselves.
pub fn topology() -> Vec<(NodeId, NodeId)> {
    let mut links: Vec<(NodeId, NodeId)> = WRITES.iter().map(|w| (w.0, w.1)).collect();
    for (i, &a) in SERVERS.iter().enumerate() {
        links.extend(SERVERS[i + 1..].iter().map(|&b| (a, b)));
    }
    links
}
/// Length of the scenario: both writes are replicated everywhere well before.
pub const HORIZON_US: SimTime = 1_000 * MS;
/// One-way delay of every link: uniform in this range.
pub const LATENCY_US: (SimTime, SimTime) = (40 * MS, 120 * MS);

/// A write as replicas see it: which write, its timestamp, and the server that stamped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamped {
    /// 0 for the write issued first (W1), 1 for the second (W2).
    pub write: usize,
    pub value: u32,
    pub stamp_us: i64,
    pub origin: NodeId,
}

impl Stamped {
    /// Last-writer-wins: the larger stamp wins, then the larger server id.
    pub fn beats(&self, other: &Stamped) -> bool {
        (self.stamp_us, self.origin) > (other.stamp_us, other.origin)
    }
}

/// What the key-value store exchanges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LwwMsg {
    /// A client's write `x = value`.
    Write { write: usize, value: u32 },
    /// The server accepted the write with this stamp.
    Ack { write: usize, stamp_us: i64 },
    /// A server copies a stamped write to another server.
    Replicate(Stamped),
}

impl SceneMsg for LwwMsg {
    fn kind(&self) -> &'static str {
        match self {
            LwwMsg::Write { .. } => "write",
            LwwMsg::Ack { .. } => "ack",
            LwwMsg::Replicate(_) => "replicate",
        }
    }

    fn write_label(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str(&self.text())
    }
}

impl LwwMsg {
    /// The label the drawing and the event log show.
    pub fn text(&self) -> String {
        match *self {
            LwwMsg::Write { write, value } => format!("W{}: x = {value}", write + 1),
            LwwMsg::Ack { write, stamp_us } => {
                format!("ack W{} @ {}", write + 1, wall::clock_reading(stamp_us))
            }
            LwwMsg::Replicate(s) => format!(
                "copy W{} @ {}",
                s.write + 1,
                wall::clock_reading(s.stamp_us)
            ),
        }
    }
}

/// A write a server took directly from a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub write: usize,
    pub stamp_us: i64,
    /// True time of acceptance (for the lesson's verdict; the server cannot know it).
    pub true_us: SimTime,
}

/// A node of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LwwNode {
    Client {
        write: usize,
        server: NodeId,
        value: u32,
        issue_at_us: SimTime,
        acked_stamp_us: Option<i64>,
    },
    Server {
        stored: Option<Stamped>,
        accepted: Vec<Accepted>,
        seen: [bool; 2],
    },
}

impl LwwNode {
    fn server() -> Self {
        LwwNode::Server {
            stored: None,
            accepted: Vec::new(),
            seen: [false; 2],
        }
    }

    /// The write a server keeps for `x`, if any.
    pub fn stored(&self) -> Option<Stamped> {
        match self {
            LwwNode::Server { stored, .. } => *stored,
            LwwNode::Client { .. } => None,
        }
    }
}

fn apply(stored: &mut Option<Stamped>, seen: &mut [bool; 2], incoming: Stamped) {
    seen[incoming.write] = true;
    if stored.is_none_or(|current| incoming.beats(&current)) {
        *stored = Some(incoming);
    }
}

impl<M: From<LwwMsg>> SceneNode<M> for LwwNode {
    type Msg = LwwMsg;
    type Timer = Timer;
    fn role(&self) -> &'static str {
        match self {
            LwwNode::Client { .. } => "client",
            LwwNode::Server { .. } => "server",
        }
    }

    fn display_state(&self) -> String {
        match self {
            LwwNode::Client {
                write,
                acked_stamp_us: Some(_),
                ..
            } => format!("W{} acked", write + 1),
            LwwNode::Client { write, .. } => format!("W{} not acked", write + 1),
            LwwNode::Server {
                stored: Some(s), ..
            } => format!("x = {} (W{})", s.value, s.write + 1),
            LwwNode::Server { .. } => "x unset".to_owned(),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let LwwNode::Client { issue_at_us, .. } = self {
            ctx.set_timer(*issue_at_us, Timer::IssueWrite.encode());
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
        if let LwwNode::Client {
            write,
            server,
            value,
            ..
        } = *self
        {
            ctx.send(server, LwwMsg::Write { write, value }.into());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: LwwMsg) {
        match (self, msg) {
            (LwwNode::Client { acked_stamp_us, .. }, LwwMsg::Ack { stamp_us, .. }) => {
                *acked_stamp_us = Some(stamp_us);
            }
            (
                LwwNode::Server {
                    stored,
                    accepted,
                    seen,
                },
                LwwMsg::Write { write, value },
            ) => {
                let stamp_us = ctx.local_clock_us();
                accepted.push(Accepted {
                    write,
                    stamp_us,
                    true_us: ctx.true_time_us(),
                });
                let stamped = Stamped {
                    write,
                    value,
                    stamp_us,
                    origin: ctx.me(),
                };
                apply(stored, seen, stamped);
                ctx.send(from, LwwMsg::Ack { write, stamp_us }.into());
                let me = ctx.me();
                for server in SERVERS.into_iter().filter(|&s| s != me) {
                    ctx.send(server, LwwMsg::Replicate(stamped).into());
                }
            }
            (LwwNode::Server { stored, seen, .. }, LwwMsg::Replicate(stamped)) => {
                apply(stored, seen, stamped);
            }
            _ => {}
        }
    }
}

/// The clocks the servers start with (A, B, C of the material).
pub fn start_clocks() -> [ClockSetting; 3] {
    MATERIAL_CLOCKS
}

/// The scenario at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<LwwNode>>(seed: u64) -> Simulation<P> {
    let mut nodes: Vec<LwwNode> = NAMES.iter().map(|_| LwwNode::server()).collect();
    for (write, &(client, server, value, issue_at_us)) in WRITES.iter().enumerate() {
        nodes[client] = LwwNode::Client {
            write,
            server,
            value,
            issue_at_us,
            acked_stamp_us: None,
        };
    }
    let mut builder =
        Simulation::builder(seed).link_all(LinkConfig::uniform(LATENCY_US.0, LATENCY_US.1));
    for (name, node) in NAMES.iter().zip(nodes) {
        builder = builder.node(*name, node.into());
    }
    for (&server, clock) in SERVERS.iter().zip(start_clocks()) {
        builder = builder.clock(server, clock.offset_us, clock.drift_ppm);
    }
    builder.build()
}

/// One write as the lesson reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteReport {
    pub issued_us: SimTime,
    pub server: NodeId,
    pub value: u32,
    /// (true time, stamp) once its server accepted it.
    pub accepted: Option<Accepted>,
}

/// Which write really came last, and which one the replicas kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The write accepted later in true time (index into [`WRITES`]).
    pub really_last: usize,
    /// The write every replica kept.
    pub kept: usize,
}

impl Verdict {
    /// Whether last-writer-wins threw away the write that really came last.
    pub fn anomaly(&self) -> bool {
        self.really_last != self.kept
    }
}

/// The state of both writes and, once every replica has seen both, the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LwwReport {
    pub writes: [WriteReport; 2],
    /// What each server stores, in [`SERVERS`] order.
    pub stored: [Option<Stamped>; 3],
    pub verdict: Option<Verdict>,
}

/// Reads the writes, the replicas and the verdict from a running scenario.
pub fn report<P: Protocol>(sim: &Simulation<P>) -> LwwReport
where
    LwwNode: Part<P>,
{
    let node = |id: NodeId| kit::part::<LwwNode, _>(sim, id);
    let writes = std::array::from_fn(|write| {
        let (_, server, value, issued_us) = WRITES[write];
        let accepted = match node(server) {
            Some(LwwNode::Server { accepted, .. }) => {
                accepted.iter().find(|a| a.write == write).copied()
            }
            _ => None,
        };
        WriteReport {
            issued_us,
            server,
            value,
            accepted,
        }
    });
    let stored = SERVERS.map(|s| node(s).and_then(LwwNode::stored));
    let all_seen = SERVERS
        .iter()
        .all(|&s| matches!(node(s), Some(LwwNode::Server { seen, .. }) if seen.iter().all(|&x| x)));
    let verdict = verdict(&writes, &stored).filter(|_| all_seen);
    LwwReport {
        writes,
        stored,
        verdict,
    }
}

fn verdict(writes: &[WriteReport; 2], stored: &[Option<Stamped>; 3]) -> Option<Verdict> {
    let (first, second) = (writes[0].accepted?, writes[1].accepted?);
    let really_last = if second.true_us >= first.true_us {
        1
    } else {
        0
    };
    let kept = stored[0]?.write;
    stored
        .iter()
        .all(|s| s.is_some_and(|s| s.write == kept))
        .then_some(Verdict { really_last, kept })
}

/// Runs the scenario for `seed` in the lesson's protocol `P` with the servers' clocks set
/// to `clocks` at time 0 (`None`: the starting clocks) and returns the final report.
pub fn run_to_end<P>(seed: u64, clocks: Option<[ClockSetting; 3]>) -> LwwReport
where
    P: Protocol + From<LwwNode>,
    LwwNode: Part<P>,
{
    let mut sim = build::<P>(seed);
    if let Some(clocks) = clocks {
        for (&server, clock) in SERVERS.iter().zip(clocks) {
            sim.apply_intervention(&clock.intervention(server));
        }
    }
    sim.run_until(HORIZON_US);
    report(&sim)
}
