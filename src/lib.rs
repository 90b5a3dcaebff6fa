//! DistLab: an interactive distributed-systems course that runs in the browser.
//!
//! The crate has one rule: [`sim`] knows nothing of the browser. It is a
//! deterministic discrete-event cluster simulator that compiles and is tested
//! natively, and everything the page animates is read from it.
//!
//! - [`sim`]: the simulator (time, network, clocks, trace, time travel).
//! - [`quiz`]: question model, grading, quiz files, saved progress.
//! - [`lessons`]: one module per lesson: scenarios, text and quiz.
//! - [`ui`]: Leptos components for the shell, the cluster view and the quizzes.
//! - [`embed`]: URL parameters and the postMessage protocol with a host page.

pub mod embed;
pub mod lessons;
pub mod quiz;
pub mod sim;
pub mod ui;
