//! Lesson `intro`: what a distributed system is, why we build them, the three things that
//! make them hard, the shapes they come in, and systems the reader uses every day.
//!
//! - [`scenes`]: the small simulated systems (pure Rust): the shop, concurrency, clocks,
//!   independent failure, client-server against peer-to-peer, search fan-out, a CDN.
//! - [`predictors`]: the answers to the quiz's predict-then-run questions, found by
//!   running those scenes.
//! - `views`: the reading column, its inline illustrations and the live simulations.
//! - `text/*.md`: the lesson text; `quiz.toml`: the quiz.

use super::{Lesson, Scenario};

pub mod predictors;
pub mod scenes;
mod views;

/// The quiz that ships with the lesson, as (file name, TOML text); the page fetches
/// it as a static file, the native tests read it from here.
pub const QUIZ_FILE: (&str, &str) = ("quiz.toml", include_str!("quiz.toml"));

pub const LESSON: Lesson = Lesson {
    id: "intro",
    title: "What is a distributed system?",
    summary: "Many computers that look like one: why we build them, and the three things that make them hard.",
    views: load_views,
    scenarios: &[
        Scenario::tab(scenes::shop::SCENARIO, "The shop"),
        Scenario::tab(scenes::concurrency::SCENARIO, "Concurrency"),
        Scenario::tab(scenes::clocks::SCENARIO, "No global clock"),
        Scenario::tab(scenes::failure::SCENARIO, "Independent failure"),
        Scenario::tab(scenes::sharing::SCENARIO, "Client-server vs P2P"),
        Scenario::tab(scenes::search::SCENARIO, "Search fan-out"),
        Scenario::tab(scenes::cdn::SCENARIO, "CDN"),
    ],
    quiz_file: Some(QUIZ_FILE.0),
    predictions: predictors::PREDICTIONS,
};

crate::lesson_views!(intro, views::VIEWS);
