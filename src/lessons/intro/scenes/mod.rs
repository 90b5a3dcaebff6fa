//! The lesson's small simulated systems, one module per scene, all pure Rust.
//!
//! Every scene runs on one protocol type, [`IntroNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol) from each scene's `Node`, `Msg` and
//! `Timer` (see [`crate::lessons::kit`]).

use crate::sim::{SimTime, Simulation};

pub mod cdn;
pub mod clocks;
pub mod concurrency;
pub mod failure;
pub mod search;
pub mod sharing;
pub mod shop;

/// A simulation of any of the lesson's scenes.
pub type IntroSim = Simulation<IntroNode>;

pub use crate::lessons::kit::{part, parts, run_script, Part, SceneMsg, SceneNode};

crate::lesson_protocol!(
    IntroNode, IntroMsg;
    Shop(shop),
    Relay(concurrency),
    Clock(clocks),
    Heart(failure),
    Share(sharing),
    Search(search),
    Edge(cdn),
);

/// The seed every scene starts with.
pub const DEFAULT_SEED: u64 = 7;

/// Whole milliseconds in `us` microseconds, rounded to nearest.
pub fn round_ms(us: SimTime) -> u64 {
    (us + 500) / 1_000
}
