//! DistLab: an interactive distributed-systems course that runs in the browser.
//!
//! Imports run one way: [`app`] → [`lessons`] → [`ui`] widgets, [`quiz`] and [`sim`].
//! [`sim`] knows nothing of the browser. It is a
//! deterministic discrete-event cluster simulator that compiles and is tested
//! natively, and everything the page animates is read from it.
//!
//! - [`sim`]: the simulator (time, network, clocks, trace, time travel).
//! - [`quiz`]: question model, grading, quiz files, saved progress.
//! - [`lessons`]: one module per lesson: scenarios, text and quiz.
//! - [`app`]: the app shell above the lessons: home page, lesson page, quiz wiring, embed dialog.
//! - [`ui`]: Leptos widgets below the lessons: the cluster view, charts, quizzes.
//! - [`embed`]: URL parameters and the postMessage protocol with a host page.

pub mod app;
pub mod embed;
pub mod lessons;
pub mod quiz;
pub mod sim;
pub mod ui;
