//! Quiz widgets: every kind of question with real form controls, feedback after
//! checking, the lesson's score, and controls to retry, review missed questions and
//! reset progress.
//!
//! A lesson page shows its quiz with [`QuizPanel`]. An instructor's quiz file is
//! fetched with [`fetch_quiz`], loaded with [`crate::quiz::parse_quiz`], and either
//! shown in a `QuizPanel` (saving progress under [`instructor_progress_key`]) or, when
//! it has problems, listed with [`QuizFileProblems`].

mod controls;
mod feedback;
pub mod fetch;
mod panel;
mod problems;
mod question;

pub use super::storage::lesson_score;
pub use fetch::fetch_quiz;
pub use panel::{AnswerEvent, QuizPanel};
pub use problems::QuizFileProblems;

/// The progress key for an instructor's quiz file shown in a lesson, kept apart from
/// the lesson's own quiz so their question ids cannot mix.
pub fn instructor_progress_key(lesson_id: &str, file: &str) -> String {
    format!("{lesson_id}@{file}")
}

/// Turns any text into a fragment safe inside an element id.
fn dom_fragment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Moves keyboard focus to the element with `id` once the page has been updated.
fn focus_soon(id: String) {
    leptos::prelude::request_animation_frame(move || crate::ui::browser::focus_by_id(&id));
}
