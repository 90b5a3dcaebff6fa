//! The lesson's small simulated systems, one module per scene, all pure Rust.
//!
//! Every scene runs on one protocol type, [`IntroNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol) from each scene's `Node`, `Msg` and
//! `Timer` (see [`crate::lessons::kit`]).
//!
//! A scene never imports its lesson: it is generic over the lesson's node and message
//! types (`impl<M: From<Msg>> SceneNode<M> for Node`, `build::<P>`, read-outs through
//! [`Part`](crate::lessons::kit::Part)), and only this file names [`IntroNode`] and
//! [`IntroMsg`]. What several scenes share lives in the leaf module [`units`], never
//! here. Callers name the lesson's type: `let sim: IntroSim = shop::build(seed);`.

use crate::sim::Simulation;

pub mod cdn;
pub mod clocks;
pub mod concurrency;
pub mod failure;
pub mod search;
pub mod sharing;
pub mod shop;
pub mod units;

/// A simulation of any of the lesson's scenes.
pub type IntroSim = Simulation<IntroNode>;

pub use crate::lessons::kit::run_script;
pub use units::round_ms;

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
