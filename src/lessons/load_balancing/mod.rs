//! Lesson `load-balancing`: a load balancer in front of servers, its strategies, scaling
//! up against scaling out, health checks, consistent hashing and the shared bottleneck.
//!
//! - [`scenes`]: the clients, balancer, servers and database, pure Rust, tested natively
//!   (`tests/lessons_load_balancing.rs`).
//! - `text/*.md` and `quiz.toml`: the lesson text and its quiz.
//!
//! Not in the course yet: the lesson has no page parts (`views`) or predictors, so it is
//! not listed in [`all`](super::all) and the page carries none of its code.

pub mod predictors;
pub mod scenes;
