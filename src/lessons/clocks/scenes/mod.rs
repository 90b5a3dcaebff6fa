//! The lesson's scenarios, pure Rust (no browser imports), natively tested in
//! `tests/sim_clocks.rs`:
//! - [`setting`]: clock settings a student types, clamped; the material's starting clocks.
//! - [`history`]: each clock's offset over time, rebuilt from the trace (for the charts).
//! - [`drift`], [`lww`], [`sync`], [`chatter`]: the scenarios' protocols and builders
//!   (`chatter` serves both the Lamport and the vector clock scenario).
//! - [`cristian`]: Cristian's estimate and its uncertainty.
//!
//! Every scenario runs on one protocol type, [`ClocksNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol), so the page carries a single copy of the
//! simulator's generic code for this lesson.
//!
//! A scene never imports its lesson: it is generic over the lesson's node and message
//! types (`impl<M: From<Msg>> SceneNode<M> for Node`, `build::<P>`, read-outs through
//! [`Part`]), and only this file names [`ClocksNode`] and [`ClocksMsg`]. Scenes may use
//! their siblings (`sync` uses `cristian` and `setting`), never this file. Callers name
//! the lesson's type: `let sim: ClocksSim = drift::build(seed);`.

use crate::lessons::kit::Part;
use crate::sim::Simulation;

pub mod chatter;
pub mod cristian;
pub mod drift;
pub mod history;
pub mod lww;
pub mod setting;
pub mod sync;

/// Scenario names (`&scenario=`), in tab order.
pub const DRIFT: &str = "drift";
pub const LWW: &str = "lww";
pub const SYNC: &str = "sync";
pub const LAMPORT: &str = "lamport";
pub const VECTOR: &str = "vector";

/// A running scenario of the lesson.
pub type ClocksSim = Simulation<ClocksNode>;

crate::lesson_protocol!(
    ClocksNode, ClocksMsg;
    Beacon(drift),
    Lww(lww),
    Sync(sync),
    Chatter(chatter),
);

impl ClocksNode {
    /// The node of the physical-clocks scenario, if it is one.
    pub fn beacon(&self) -> Option<&drift::Beaconing> {
        Part::part(self)
    }

    /// The node of the last-writer-wins scenario, if it is one.
    pub fn lww(&self) -> Option<&lww::LwwNode> {
        Part::part(self)
    }

    /// The node of the clock-sync scenario, if it is one.
    pub fn sync(&self) -> Option<&sync::SyncNode> {
        Part::part(self)
    }
}
