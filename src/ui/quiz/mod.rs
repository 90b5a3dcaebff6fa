//! Quiz widgets: every kind of question with real form controls, feedback after
//! checking, the lesson's score, and controls to retry, review missed questions and
//! reset progress.
//!
//! A lesson page shows its quiz with [`QuizPanel`]. A quiz file (the lesson's own or
//! an instructor's) is fetched with [`fetch_quiz`], loaded with [`crate::quiz::parse_quiz`], and either
//! shown in a `QuizPanel` (saving progress under [`instructor_progress_key`]) or, when
//! it has problems, listed with [`QuizFileProblems`].

mod controls;
mod dom;
mod feedback;
mod panel;
mod problems;
mod question;
mod state;

pub use super::storage::lesson_score;
pub use panel::QuizPanel;
pub use problems::QuizFileProblems;
pub use state::AnswerEvent;

/// Fetches the quiz file at `url` (same origin only, at most
/// [`MAX_QUIZ_FILE_BYTES`](crate::quiz::MAX_QUIZ_FILE_BYTES)).
pub async fn fetch_quiz(url: &str) -> Result<String, String> {
    let file = super::fetch::TextFile {
        what: "quiz file",
        max_bytes: crate::quiz::MAX_QUIZ_FILE_BYTES,
    };
    super::fetch::fetch_text(url, file).await
}

/// The progress key for an instructor's quiz file shown in a lesson, kept apart from
/// the lesson's own quiz so their question ids cannot mix.
pub fn instructor_progress_key(lesson_id: &str, file: &str) -> String {
    format!("{lesson_id}@{file}")
}
