//! A deterministic discrete-event simulator of small distributed systems.
//!
//! Pure Rust, no browser dependencies: it runs natively (tests, benchmarks) and in wasm
//! with identical results. Time is integer microseconds ([`SimTime`]); every random
//! choice comes from a seeded ChaCha8 stream per node and per link; the event queue is
//! ordered by `(time, sequence number)`; nothing iterates a `HashMap`.
//!
//! # Pieces
//!
//! - [`Protocol`]: a node's state machine. Handlers get a [`Ctx`] to send, broadcast,
//!   set/cancel timers, log notes, bump named counters, read clocks and use their random stream.
//! - [`Simulation<P>`]: built with [`Simulation::builder`]; nodes, links ([`LinkConfig`]:
//!   [`Latency`], loss, duplication, reordering), scripted [`Rule`]s, partitions, clocks.
//! - [`World`]: the object-safe view the UI uses (`Box<dyn World>`): step, run, apply an
//!   [`Intervention`], [`Snapshot`] for drawing, [`Counters`], the trace ring, the trace hash.
//! - [`Timeline`]: time travel over a world: seek back and forth, record interventions,
//!   restore them from a share link ([`Recorded`] text form).
//! - [`protocols`]: reference protocols (`reqresp`, `gossip`, `pingpong`); [`golden`]: the
//!   pinned cross-platform scenario.
//!
//! # Semantics worth knowing
//!
//! - **Messages** end either delivered or dropped with a [`DropCause`]. Partitions and drop
//!   rules act at send; random loss is decided at send but the message disappears half-way
//!   along its trip (so it can be drawn); a crashed receiver drops it on arrival.
//!   `sent + duplicated == delivered + dropped + in_flight` always holds.
//! - **Send pipeline**: partition → rules in order (`Pass` stops rule evaluation, `Delay`
//!   adds, `Drop` drops) → duplication draw → per copy: loss draw, latency draw, reordering draw.
//! - **Crash** kills the node's timers and its paused inbox; it keeps its Lamport and vector
//!   clocks (simulator bookkeeping). **Restart** calls `Protocol::on_restart`, which decides
//!   whether state survives. **Pause** defers: messages and timers that arrive while paused
//!   wait in an inbox (still counted in flight) and are handled, in arrival order, at the
//!   instant of **resume**.
//! - **Clocks**: physical `true + offset + drift` (integer ppm), adjustable and slewable;
//!   Lamport and vector clocks tick on send, receive, timer, external input, note and state
//!   change (see [`TraceKind::ticks_clock`]).
//!
//! # Example
//!
//! ```
//! use std::rc::Rc;
//! use distlab::sim::protocols::reqresp::{ClientConfig, ReqResp};
//! use distlab::sim::{Intervention, LinkConfig, Simulation, Timeline, World};
//!
//! let build = || -> Box<dyn World> {
//!     Box::new(
//!         Simulation::builder(42)
//!             .node("client", ReqResp::client(1, ClientConfig::default()))
//!             .node("server", ReqResp::server(false))
//!             .link_all(LinkConfig::uniform(1_000, 5_000).with_loss_ppm(100_000))
//!             .build(),
//!     )
//! };
//! let mut timeline = Timeline::new(Rc::new(build));
//! timeline.advance_to(50_000);
//! timeline.intervene(Intervention::Crash(1));
//! timeline.advance_to(200_000);
//! let frame = timeline.world().snapshot();
//! assert_eq!(frame.nodes.len(), 2);
//! let hash = timeline.world().trace_hash();
//! timeline.seek(10_000);
//! timeline.seek(200_000);
//! assert_eq!(timeline.world().trace_hash(), hash);
//! let sim = timeline.world_as::<Simulation<ReqResp>>().unwrap();
//! assert!(!sim.is_up(1));
//! ```

pub mod causality;
pub mod clock;
mod engine;
pub mod golden;
pub mod intervention;
pub mod network;
pub mod protocol;
pub mod protocols;
pub mod rng;
pub mod timeline;
pub mod trace;
pub mod world;

pub use clock::PhysicalClock;
pub use engine::{
    Halt, HaltCause, Simulation, SimulationBuilder, MAX_EVENTS_AT_ONE_INSTANT, MAX_IN_FLIGHT,
};
pub use intervention::{Intervention, ParseInterventionError, Recorded};
pub use network::{DropCause, Latency, LinkConfig, LinkCounters, Rule, RuleAction};
pub use protocol::{Ctx, MessageInfo, Protocol, TimerTag};
pub use timeline::{Timeline, WorldBuilder};
pub use trace::{combine_hashes, MessageRef, TraceEvent, TraceKind};
pub use world::{
    Counters, DropCounts, DropView, LatencyStats, LinkView, MessageView, NodeView, Snapshot, World,
};

/// Simulated time in microseconds since the start.
pub type SimTime = u64;
/// A node's index, `0..node_count`, in the order nodes were added.
pub type NodeId = usize;
/// A message copy's unique id.
pub type MsgId = u64;
/// A timer's unique id.
pub type TimerId = u64;

/// Microseconds per millisecond, for readable scenario code.
pub const MS: SimTime = 1_000;
/// Microseconds per second.
pub const SECOND: SimTime = 1_000_000;
