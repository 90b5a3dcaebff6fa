//! Lesson `clocks`: physical clocks that disagree, what that does to timestamp ordering,
//! clock synchronisation, and the logical clocks (Lamport, vector) that order events anyway.
//!
//! - [`scenes`]: the scenarios' protocols and builders, pure Rust, tested natively.
//! - [`predictors`]: the quiz's predict-then-run answers, found by running the scenarios.
//! - `views`: the reading column and the live simulations.
//! - `text/*.md`: the lesson text; `quiz.toml`: the quiz; `style.css`: its stylesheet.

use super::{Lesson, Scenario};
use scenes::{DRIFT, LAMPORT, LWW, SYNC, VECTOR};

pub mod predictors;
pub mod scenes;
mod views;

/// The quiz that ships with the lesson, as (file name, TOML text); the page fetches
/// it as a static file, the native tests read it from here.
pub const QUIZ_FILE: (&str, &str) = ("quiz.toml", include_str!("quiz.toml"));

pub const LESSON: Lesson = Lesson {
    id: "clocks",
    title: "Clocks and ordering",
    summary: "No global clock: skewed and drifting clocks, timestamps that lie, clock sync, and the Lamport and vector clocks that order events anyway.",
    views: load_views,
    scenarios: &[
        Scenario::tab(DRIFT, "Physical clocks"),
        Scenario::tab(LWW, "Last writer wins"),
        Scenario::tab(SYNC, "Clock sync"),
        Scenario::tab(LAMPORT, "Lamport clocks"),
        Scenario::tab(VECTOR, "Vector clocks"),
    ],
    quiz_file: Some(QUIZ_FILE.0),
    predictions: predictors::PREDICTIONS,
};

crate::lesson_views!(clocks, views::VIEWS);
