//! The logical-clocks scenario: three processes following a short script of local steps and
//! messages, for reading Lamport and vector timestamps off a space-time diagram.
//!
//! The script: A sends m1 to B at 0.10 s, and B passes it on to C as m2 as soon as it
//! arrives. C takes a local step at 0.21 s, always before m2 can reach it: a step that
//! comes later in real time than A's send, yet is concurrent with it. Later messages
//! (m3, m4, m5) tie the three histories together. Latencies vary with the seed.

use crate::lessons::kit::{SceneMsg, SceneNode, TimerTag};
use crate::sim::causality::{is_causal, relation, Relation};
use crate::sim::{
    Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, TraceEvent, TraceKind, MS,
};

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = Process;
pub type Msg = Note;

/// The scene's timers: step `n` of a process's script is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Step(usize),
}

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match *self {
            Timer::Step(step) => step as u64,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        usize::try_from(tag).ok().map(Timer::Step)
    }
}

/// Node names, by id.
pub const NAMES: [&str; 3] = ["A", "B", "C"];
/// The seed a fresh page starts with.
pub const DEFAULT_SEED: u64 = 1;
/// Length of the scenario.
pub const HORIZON_US: SimTime = 1_000 * MS;
/// One-way delay of every link: uniform in this range.
pub const LATENCY_US: (SimTime, SimTime) = (60 * MS, 140 * MS);

/// A scripted action of one process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A local step (the timer firing is the event).
    Local,
    /// Send the named message to a process.
    Send { to: NodeId, name: &'static str },
}

/// Every process's script: (true time, action).
const SCRIPT: [&[(SimTime, Action)]; 3] = [
    &[
        (100 * MS, Action::Send { to: 1, name: "m1" }),
        (330 * MS, Action::Local),
        (560 * MS, Action::Send { to: 2, name: "m4" }),
        (820 * MS, Action::Local),
    ],
    &[
        (130 * MS, Action::Local),
        (450 * MS, Action::Send { to: 0, name: "m3" }),
        (700 * MS, Action::Local),
    ],
    &[
        (210 * MS, Action::Local),
        (430 * MS, Action::Send { to: 1, name: "m5" }),
        (880 * MS, Action::Local),
    ],
];

/// B passes m1 on to C under this name.
const RELAY: (NodeId, &str, NodeId, &str) = (1, "m1", 2, "m2");

/// A message: just its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note {
    pub name: &'static str,
}

impl SceneMsg for Note {
    fn kind(&self) -> &'static str {
        "message"
    }

    fn write_label(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str(&self.text())
    }
}

impl Note {
    /// The label the drawing and the event log show.
    pub fn text(&self) -> String {
        self.name.to_owned()
    }
}

/// A process of the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    script: &'static [(SimTime, Action)],
    received: u32,
}

impl<M: From<Note>> SceneNode<M> for Process {
    type Msg = Note;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        "process"
    }
    fn display_state(&self) -> String {
        format!("{} received", self.received)
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        for (step, (at, _)) in self.script.iter().enumerate() {
            ctx.set_timer(*at, Timer::Step(step).encode());
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        let Timer::Step(step) = timer;
        if let Some((_, Action::Send { to, name })) = self.script.get(step) {
            ctx.send(*to, Note { name }.into());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, _from: NodeId, msg: Note) {
        self.received += 1;
        let (relay_at, incoming, to, outgoing) = RELAY;
        if ctx.me() == relay_at && msg.name == incoming {
            ctx.send(to, Note { name: outgoing }.into());
        }
    }
}

/// The scenario at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Process>>(seed: u64) -> Simulation<P> {
    let mut builder =
        Simulation::builder(seed).link_all(LinkConfig::uniform(LATENCY_US.0, LATENCY_US.1));
    for (name, script) in NAMES.iter().zip(SCRIPT) {
        builder = builder.node(
            *name,
            Process {
                script,
                received: 0,
            }
            .into(),
        );
    }
    builder.build()
}

/// A pair of concurrent events whose Lamport timestamps are ordered anyway: `(x, y)` with
/// `L(x) < L(y)` and `x ∥ y`, as indices into `events`. Prefers a pair where `x` happened
/// later in real time than `y` (the timestamps then even contradict real time), and then the
/// earliest such pair in trace order.
pub fn concurrent_yet_ordered(events: &[TraceEvent]) -> Option<(usize, usize)> {
    let causal: Vec<usize> = (0..events.len())
        .filter(|&i| is_causal(&events[i]))
        .collect();
    let mut fallback = None;
    for &y in &causal {
        for &x in &causal {
            let (a, b) = (&events[x], &events[y]);
            if a.node == b.node
                || a.lamport >= b.lamport
                || relation(&a.vector, &b.vector) != Relation::Concurrent
            {
                continue;
            }
            if a.time > b.time {
                return Some((x, y));
            }
            fallback = fallback.or(Some((x, y)));
        }
    }
    fallback
}

/// In a run of this scenario: the index of A's send of m1 and of C's first local step.
pub fn quiz_pair(events: &[TraceEvent]) -> Option<(usize, usize)> {
    let send = events
        .iter()
        .position(|e| e.kind == TraceKind::Send && e.node == Some(0) && e.text == "m1")?;
    let step = events
        .iter()
        .position(|e| matches!(e.kind, TraceKind::Timer { .. }) && e.node == Some(2))?;
    Some((send, step))
}
