//! Lesson `clocks`: physical clocks that disagree, what that does to timestamp ordering,
//! clock synchronisation, and the logical clocks (Lamport, vector) that order events anyway.
//!
//! Pure Rust (no browser imports), natively tested in `tests/sim_clocks.rs`:
//! - [`setting`]: clock settings a student types, clamped; the material's starting clocks.
//! - [`wall`]: clock readings and durations as text.
//! - [`history`]: each clock's offset over time, rebuilt from the trace (for the charts).
//! - [`beacon`], [`lww`], [`sync`], [`chatter`]: the scenarios' protocols and builders;
//!   [`node`] joins them into one protocol type.
//! - [`cristian`]: Cristian's estimate and its uncertainty.
//! - [`predictors`]: the quiz's predict-then-run answers, found by running the scenarios.
//!
//! `views` holds the page parts; `text/*.md` the lesson text; `quiz.toml` the quiz.

use super::Lesson;

pub mod beacon;
pub mod chatter;
pub mod cristian;
pub mod history;
pub mod lww;
pub mod node;
pub mod predictors;
pub mod setting;
pub mod sync;
mod views;

/// The quiz that ships with the lesson, as (file name, TOML text).
pub const QUIZ_FILE: (&str, &str) = ("quiz.toml", include_str!("quiz.toml"));

pub const LESSON: Lesson = Lesson {
    id: "clocks",
    title: "Clocks and ordering",
    summary: "No global clock: skewed and drifting clocks, timestamps that lie, clock sync, and the Lamport and vector clocks that order events anyway.",
    reading: views::reading,
    scenarios: views::scenarios,
    quiz_file: Some(QUIZ_FILE),
    predictors: &predictors::ClocksPredictors,
};
