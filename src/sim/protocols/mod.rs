//! Reference protocols used by lessons, tests and benchmarks.

pub mod gossip;
pub mod pingpong;
pub mod reqresp;
