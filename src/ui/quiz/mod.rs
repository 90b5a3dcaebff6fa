//! Quiz widgets: every kind of question with real form controls, feedback after
//! checking, the lesson's score, and controls to retry, review missed questions and
//! reset progress.
//!
//! A lesson page shows its quiz with [`QuizPanel`]. An instructor's quiz file is
//! fetched with [`fetch_quiz`], loaded with [`crate::quiz::parse_quiz`], and either
//! shown in a `QuizPanel` (saving progress under [`instructor_progress_key`]) or, when
//! it has problems, listed with [`QuizFileProblems`].

mod controls;
mod dom;
mod feedback;
pub mod fetch;
mod panel;
mod problems;
mod question;
mod state;

pub use super::storage::lesson_score;
pub use fetch::fetch_quiz;
pub use panel::QuizPanel;
pub use problems::QuizFileProblems;
pub use state::AnswerEvent;

/// The progress key for an instructor's quiz file shown in a lesson, kept apart from
/// the lesson's own quiz so their question ids cannot mix.
pub fn instructor_progress_key(lesson_id: &str, file: &str) -> String {
    format!("{lesson_id}@{file}")
}
