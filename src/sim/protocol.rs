//! The protocol interface: node state machines, their messages, and the handler context.

use std::fmt;

use super::clock::PhysicalClock;
use super::rng::{below, SimRng};
use super::{NodeId, SimTime, TimerId};

/// What the UI and trace need to know about a message.
pub trait MessageInfo {
    /// A short, fixed name of the message type (e.g. `"request"`); rules match on it.
    fn kind(&self) -> &'static str;
    /// A human-readable label (e.g. `"Request #3"`).
    fn label(&self) -> String;
    /// Write the label without allocating. Override for speed; the default calls [`label`](Self::label).
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(&self.label())
    }
}

/// A node's state machine. All nodes of one simulation share one `Protocol` type;
/// scenarios with several roles use an enum.
///
/// Handlers never perform effects directly: they ask the [`Ctx`], and the simulator
/// applies the requests in order after the handler returns.
pub trait Protocol: Clone + 'static {
    /// The messages nodes exchange.
    type Msg: Clone + fmt::Debug + MessageInfo + 'static;

    /// The role shown in the UI (e.g. `"client"`).
    fn role(&self) -> &'static str;
    /// The state shown in the UI (short, e.g. `"counter = 3"`).
    fn display_state(&self) -> String;
    /// Called once for every node at time 0, in node order, when the simulation is built.
    fn on_start(&mut self, ctx: &mut Ctx<'_, Self::Msg>) {
        let _ = ctx;
    }
    /// A message (or an injected input) arrived from `from`.
    fn on_message(&mut self, ctx: &mut Ctx<'_, Self::Msg>, from: NodeId, msg: Self::Msg);
    /// A timer set with `tag` fired.
    fn on_timer(&mut self, ctx: &mut Ctx<'_, Self::Msg>, tag: u64) {
        let _ = (ctx, tag);
    }
    /// The node restarted after a crash. The default keeps the state as it was;
    /// a protocol that loses state on restart resets itself here (e.g. `*self = self.fresh()`).
    fn on_restart(&mut self, ctx: &mut Ctx<'_, Self::Msg>) {
        let _ = ctx;
    }
}

/// A request a handler made, applied by the simulator after the handler returns.
#[derive(Clone, Debug)]
pub(crate) enum Effect<M> {
    Send {
        to: NodeId,
        msg: M,
    },
    Broadcast {
        msg: M,
    },
    SetTimer {
        id: TimerId,
        delay_us: u64,
        tag: u64,
    },
    CancelTimer {
        id: TimerId,
    },
    Note {
        text: String,
    },
    Count {
        name: &'static str,
        by: u64,
    },
    RequestCompleted {
        latency_us: SimTime,
    },
    StateChanged,
}

/// What a handler can see and do.
pub struct Ctx<'a, M> {
    pub(crate) me: NodeId,
    pub(crate) node_count: usize,
    pub(crate) now: SimTime,
    pub(crate) lamport: u64,
    pub(crate) clock: &'a mut PhysicalClock,
    pub(crate) rng: &'a mut SimRng,
    pub(crate) effects: &'a mut Vec<Effect<M>>,
    pub(crate) next_timer_id: &'a mut TimerId,
}

impl<M> Ctx<'_, M> {
    /// This node's id.
    pub fn me(&self) -> NodeId {
        self.me
    }

    /// Number of nodes in the simulation (ids are `0..node_count`).
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Every other node id, in order.
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        let me = self.me;
        (0..self.node_count).filter(move |&n| n != me)
    }

    /// This node's physical clock reading (what a real node can know about time).
    pub fn local_clock_us(&self) -> i64 {
        self.clock.read(self.now)
    }

    /// True simulated time. For instrumentation only: a real node cannot read it.
    pub fn true_time_us(&self) -> SimTime {
        self.now
    }

    /// This node's Lamport clock as of the event being handled.
    pub fn lamport(&self) -> u64 {
        self.lamport
    }

    /// Send `msg` to `to` (ignored if `to` is not a node).
    pub fn send(&mut self, to: NodeId, msg: M) {
        self.effects.push(Effect::Send { to, msg });
    }

    /// Send a copy of `msg` to every other node, in id order.
    pub fn broadcast(&mut self, msg: M) {
        self.effects.push(Effect::Broadcast { msg });
    }

    /// Fire `on_timer(tag)` after `delay_us` of true time. Timers die when the node crashes.
    pub fn set_timer(&mut self, delay_us: u64, tag: u64) -> TimerId {
        let id = *self.next_timer_id;
        *self.next_timer_id += 1;
        self.effects.push(Effect::SetTimer { id, delay_us, tag });
        id
    }

    /// Cancel a pending timer of this node (no effect if it already fired).
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.effects.push(Effect::CancelTimer { id });
    }

    /// Log a note in the trace.
    pub fn note(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Note { text: text.into() });
    }

    /// Add one to the named protocol counter (e.g. `"retries"`).
    pub fn count(&mut self, name: &'static str) {
        self.count_by(name, 1);
    }

    /// Add `by` to the named protocol counter.
    pub fn count_by(&mut self, name: &'static str, by: u64) {
        self.effects.push(Effect::Count { name, by });
    }

    /// Report that a request this node made got its answer `latency_us` after the
    /// first try (retries included), for the request-latency counters.
    pub fn request_completed(&mut self, latency_us: SimTime) {
        self.effects.push(Effect::RequestCompleted { latency_us });
    }

    /// Record a StateChange event carrying the new `display_state()` (read after the handler returns).
    pub fn state_changed(&mut self) {
        self.effects.push(Effect::StateChanged);
    }

    /// This node's own random stream.
    pub fn rng(&mut self) -> &mut SimRng {
        self.rng
    }

    /// A uniform random integer in `0..bound` from this node's stream.
    pub fn random_below(&mut self, bound: u64) -> u64 {
        below(self.rng, bound)
    }

    /// Step this node's physical clock by `delta_us` (takes effect immediately).
    pub fn adjust_clock(&mut self, delta_us: i64) {
        self.clock.adjust(delta_us);
    }

    /// Run this node's physical clock `extra_ppm` faster (negative: slower) for `duration_us`.
    pub fn slew_clock(&mut self, extra_ppm: i64, duration_us: u64) {
        self.clock.slew(self.now, extra_ppm, duration_us);
    }
}

/// A protocol's timer kinds as a typed value. The simulator carries a timer's tag as a
/// `u64`; [`TimerTag::encode`] and [`TimerTag::decode`] are the only place that sees it.
pub trait TimerTag: Sized {
    /// The tag the simulator carries.
    fn encode(&self) -> u64;
    /// The timer a tag stands for; `None` for a tag this protocol never sets.
    fn decode(tag: u64) -> Option<Self>;
}
