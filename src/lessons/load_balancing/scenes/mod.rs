//! The lesson's scenes, pure Rust, tested natively: [`strategies`] (how the balancer
//! picks a server), [`scale`] (one big server or many small ones), [`health`] (health
//! checks), [`hashing`] (consistent hashing), [`bottleneck`] (a shared database) and the
//! benchmark [`bench`](mod@bench). They are all built from the nodes of [`cluster`]
//! (clients, balancer, servers) with [`client`], [`balancer`] and [`server`]; [`ring`],
//! [`strategy`], [`traffic`] and [`stats`] are pure helpers, [`presets`] the shared
//! defaults, and [`lanes`] puts two runs side by side in one world (same seed, same
//! arrivals) for the scenes that compare two set-ups. [`queueing`] is such a
//! comparison: one server at two loads.
//!
//! Every scene runs on one protocol type, [`LoadBalancingNode`], made by
//! [`lesson_protocol!`](crate::lesson_protocol); only this file names it. Callers name
//! the lesson's type: `let sim: LoadBalancingSim = strategies::build_default(seed);`.

use crate::sim::Simulation;

pub mod balancer;
pub mod bench;
pub mod bottleneck;
pub mod client;
pub mod cluster;
pub mod hashing;
pub mod health;
pub mod lanes;
pub mod presets;
pub mod queueing;
pub mod ring;
pub mod scale;
pub mod server;
pub mod slug;
pub mod stats;
pub mod strategies;
pub mod strategy;
pub mod traffic;

/// A running scene of the lesson.
pub type LoadBalancingSim = Simulation<LoadBalancingNode>;

/// Two runs of the lesson side by side (see [`lanes`]).
pub type LoadBalancingLanes = lanes::Lanes<LoadBalancingNode>;

crate::lesson_protocol!(
    LoadBalancingNode, LoadBalancingMsg;
    Cluster(cluster),
);
