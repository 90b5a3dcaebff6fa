//! Lesson `messages`: message passing and why networks are unreliable — delay,
//! duplication, reordering and loss; the four cases a sender cannot tell apart; and
//! timeouts, retries and idempotency.
//!
//! - [`scenes`]: the scenes' protocols and builders, pure Rust, tested natively.
//! - `views`: the reading column and the live simulations.
//! - `text/*.md`: the lesson text; `quiz.toml`: the quiz, whose predict questions
//!   [`predictors`] decides; `style.css`: its stylesheet.

use super::{Lesson, Listing, Scenario};

pub mod predictors;
pub mod scenes;
mod views;

pub const LESSON_ID: &str = "messages";

/// The quiz that ships with the lesson, as (file name, TOML text); the page fetches
/// it as a static file, the native tests read it from here.
pub const QUIZ_FILE: (&str, &str) = ("quiz.toml", include_str!("quiz.toml"));

pub const LESSON: Lesson = Lesson {
    id: LESSON_ID,
    title: "Message passing and unreliable networks",
    summary: "Nodes only know what messages tell them — and messages get delayed, duplicated, reordered and lost. Timeouts, retries and idempotency.",
    views: load_views,
    // The idempotent variant of the retry scene and the benchmark open only when a link
    // names them.
    scenarios: &[
        Scenario::tab(scenes::sequence::NAME, scenes::sequence::TITLE),
        Scenario::tab(scenes::retry::NAME, scenes::retry::TITLE),
        Scenario {
            name: scenes::retry::NAME_IDEMPOTENT,
            title: scenes::retry::TITLE,
            listing: Listing::ByName {
                replaces: Some(scenes::retry::NAME),
            },
        },
        Scenario::tab(scenes::mystery::NAME, scenes::mystery::TITLE),
        Scenario {
            name: scenes::bench::NAME,
            title: scenes::bench::TITLE,
            listing: Listing::ByName { replaces: None },
        },
    ],
    quiz_file: Some(QUIZ_FILE.0),
    predictions: predictors::PREDICTIONS,
};

crate::lesson_views!(messages, views::VIEWS);
