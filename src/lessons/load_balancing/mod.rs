//! Lesson `load-balancing`: a load balancer in front of servers, its strategies, scaling
//! up against scaling out, health checks, consistent hashing and the shared bottleneck.
//!
//! - [`scenes`]: the clients, balancer, servers and database, pure Rust, tested natively
//!   (`tests/lessons_load_balancing.rs`).
//! - `views`: the reading column and the live simulations.
//! - `text/*.md`: the lesson text; `quiz.toml`: the quiz, whose predict questions
//!   [`predictors`] decides; `style.css`: its stylesheet.

use super::{Lesson, Listing, Scenario};

pub mod predictors;
pub mod scenes;
mod views;

pub const LESSON_ID: &str = "load-balancing";

/// The quiz that ships with the lesson, as (file name, TOML text); the page fetches
/// it as a static file, the native tests read it from here.
pub const QUIZ_FILE: (&str, &str) = ("quiz.toml", include_str!("quiz.toml"));

pub const LESSON: Lesson = Lesson {
    id: LESSON_ID,
    title: "Load balancing and scaling",
    summary: "One address in front of many servers: how a load balancer picks a server, scaling up against scaling out, health checks, consistent hashing, and the bottleneck that stops the growth.",
    views: load_views,
    // The benchmark opens only when a link names it.
    scenarios: &[
        Scenario::tab(scenes::strategies::NAME, scenes::strategies::TITLE),
        Scenario::tab(scenes::scale::NAME, scenes::scale::TITLE),
        Scenario::tab(scenes::health::NAME, scenes::health::TITLE),
        Scenario::tab(scenes::hashing::NAME, scenes::hashing::TITLE),
        Scenario::tab(scenes::queueing::NAME, scenes::queueing::TITLE),
        Scenario::tab(scenes::bottleneck::NAME, scenes::bottleneck::TITLE),
        Scenario {
            name: scenes::bench::NAME,
            title: scenes::bench::TITLE,
            listing: Listing::ByName { replaces: None },
        },
    ],
    quiz_file: Some(QUIZ_FILE.0),
    predictions: predictors::PREDICTIONS,
};

crate::lesson_views!(load_balancing, views::VIEWS);
