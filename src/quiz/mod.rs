//! Quizzes: the question model, quiz files, grading and saved progress.
//!
//! Pure Rust, with no browser imports, so all of it is tested natively.
//!
//! - [`parse_quiz`] loads a quiz file (TOML) into a checked [`Quiz`], or lists every
//!   problem in it ([`QuizError`]).
//! - [`Question::public`] is what the page shows before an answer: no answer key.
//! - [`grade`] turns a [`Response`] into a [`Graded`] outcome with the explanation.
//! - [`Progress`] holds saved answers and scores, read and written as versioned JSON.
//! - [`Draft`] is a question's answer while the student is still entering it.
//! - [`Predictors`] lets a lesson decide predict-then-run questions by running its
//!   simulation.

mod draft;
mod error;
mod fields;
mod grade;
mod ids;
mod load;
mod model;
mod predictors;
mod progress;
mod public;
mod question_fields;
mod section_id;
mod shuffle;
mod suggest;

pub use draft::{parse_number, Draft};
pub use error::{QuestionRef, QuizError};
pub use grade::{grade, Graded, Response, Reveal};
pub use ids::{is_valid_id, MAX_ID_CHARS};
pub use load::{parse_quiz, MAX_QUIZ_FILE_BYTES};
pub use model::{Kind, Question, Quiz};
pub use predictors::{FixedPredictors, NoPredictors, Prediction, PredictionTable, Predictors};
pub use progress::{
    AnswerRecord, LessonProgress, Loaded, ProblemCause, Progress, ProgressProblem, Score,
    PROGRESS_VERSION,
};
pub use public::{Input, PublicQuestion};
pub use section_id::heading_id;
