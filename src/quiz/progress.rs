//! Saved progress: every lesson's answers and scores, as versioned JSON.
//!
//! The stored form (version 1):
//!
//! ```json
//! { "version": 1,
//!   "lessons": { "clocks": { "answers": {
//!       "lamport-converse": { "correct": true, "attempts": 2, "response": { "choice": 1 } },
//!       "skew-order":       { "attempts": 1 } } } } }
//! ```
//!
//! An answer record without `correct` belongs to a question the student chose to
//! retry: it keeps the attempt count but has no current answer. Reading never fails:
//! a record that cannot be read yields a fresh progress plus a [`ProgressProblem`]
//! telling the page to keep the unreadable text aside.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::grade::{grade, response_fits_question, Response};
use super::model::Quiz;
use super::predictors::Predictors;

/// The format version this code reads and writes.
pub const PROGRESS_VERSION: u64 = 1;

/// One question's saved state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    /// Whether the current answer is right; `None` when there is no current answer
    /// (the question was retried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// How many times the student checked an answer, retries included.
    pub attempts: u32,
    /// The current answer, to show it again on the next visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

impl AnswerRecord {
    /// True when the question has a current answer.
    pub fn is_answered(&self) -> bool {
        self.correct.is_some()
    }
}

/// One lesson's saved answers, by question id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerRecord>,
}

/// A lesson's score against its current quiz: answers to questions no longer in the
/// quiz do not count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Questions answered right.
    pub correct: usize,
    /// Questions with a current answer, right or wrong.
    pub answered: usize,
    /// Questions in the quiz.
    pub total: usize,
}

impl Score {
    /// True when every question of the quiz has a current answer.
    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.answered == self.total
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} correct", self.correct, self.total)
    }
}

/// Every lesson's saved answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    lessons: BTreeMap<String, LessonProgress>,
}

/// The stored shape, version included.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    version: u64,
    #[serde(default)]
    lessons: BTreeMap<String, LessonProgress>,
}

/// The result of [`Progress::load`]: always a usable progress, and maybe a problem
/// the page must act on.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    pub problem: Option<ProgressProblem>,
}

/// Saved progress that could not be read. The page keeps [`raw`](Self::raw) under
/// another storage key before saving anything, then shows [`notice`](Self::notice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressProblem {
    /// Why it could not be read.
    pub cause: ProblemCause,
    /// The text that was stored, unchanged.
    pub raw: String,
}

/// Why saved progress could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemCause {
    /// Not JSON at all.
    NotJson(String),
    /// JSON, but not shaped like saved progress.
    WrongShape(String),
    /// Saved progress in a format version this page does not know.
    UnknownVersion(u64),
}

impl fmt::Display for ProblemCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemCause::NotJson(detail) => write!(f, "it is not valid JSON: {detail}"),
            ProblemCause::WrongShape(detail) => write!(f, "it has an unexpected shape: {detail}"),
            ProblemCause::UnknownVersion(version) if *version > PROGRESS_VERSION => write!(
                f,
                "it was saved in format {version} by a newer DistLab; this page reads format {PROGRESS_VERSION}"
            ),
            ProblemCause::UnknownVersion(version) => write!(
                f,
                "it is in format {version}, which this page does not read (it reads format {PROGRESS_VERSION})"
            ),
        }
    }
}

impl ProgressProblem {
    /// The sentence the page shows once the raw text is kept under `kept_under`.
    pub fn notice(&self, kept_under: &str) -> String {
        format!(
            "Your saved progress could not be read ({}); it was kept under \"{kept_under}\" and a fresh record started.",
            self.cause
        )
    }
}

impl Progress {
    /// No answers at all.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads stored progress. `None` (nothing stored) or blank text gives a fresh
    /// progress and no problem; anything unreadable gives a fresh progress and a
    /// problem carrying the text. Never panics.
    pub fn load(raw: Option<&str>) -> Loaded {
        let fresh = |problem| Loaded {
            progress: Progress::new(),
            problem,
        };
        let Some(raw) = raw.filter(|raw| !raw.trim().is_empty()) else {
            return fresh(None);
        };
        let problem = |cause| {
            Some(ProgressProblem {
                cause,
                raw: raw.to_owned(),
            })
        };
        let value: serde_json::Value = match serde_json::from_str(raw) {
            Ok(value) => value,
            Err(error) => return fresh(problem(ProblemCause::NotJson(error.to_string()))),
        };
        let Some(object) = value.as_object() else {
            return fresh(problem(ProblemCause::WrongShape(
                "expected an object with \"version\" and \"lessons\"".to_owned(),
            )));
        };
        match object.get("version").map(serde_json::Value::as_u64) {
            Some(Some(PROGRESS_VERSION)) => {}
            Some(Some(other)) => return fresh(problem(ProblemCause::UnknownVersion(other))),
            Some(None) => {
                return fresh(problem(ProblemCause::WrongShape(
                    "\"version\" is not a whole number".to_owned(),
                )))
            }
            None => {
                return fresh(problem(ProblemCause::WrongShape(
                    "there is no \"version\"".to_owned(),
                )))
            }
        }
        match serde_json::from_value::<Stored>(value) {
            Ok(stored) => Loaded {
                progress: Progress {
                    lessons: stored.lessons,
                },
                problem: None,
            },
            Err(error) => fresh(problem(ProblemCause::WrongShape(error.to_string()))),
        }
    }

    /// The stored form, as JSON.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            version: PROGRESS_VERSION,
            lessons: self.lessons.clone(),
        };
        // Serialising maps with string keys, numbers and enums cannot fail.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Lesson ids with saved answers.
    pub fn lesson_ids(&self) -> impl Iterator<Item = &str> {
        self.lessons.keys().map(String::as_str)
    }

    /// One lesson's saved answers.
    pub fn lesson(&self, lesson: &str) -> Option<&LessonProgress> {
        self.lessons.get(lesson)
    }

    /// The saved state of one question.
    pub fn answer(&self, lesson: &str, question: &str) -> Option<&AnswerRecord> {
        self.lessons.get(lesson)?.answers.get(question)
    }

    /// Records a checked answer: counts the attempt and makes it the current answer.
    /// A non-finite number is counted but not kept (JSON cannot hold it).
    pub fn record(&mut self, lesson: &str, question: &str, correct: bool, response: &Response) {
        let record = self
            .lessons
            .entry(lesson.to_owned())
            .or_default()
            .answers
            .entry(question.to_owned())
            .or_default();
        record.attempts = record.attempts.saturating_add(1);
        record.correct = Some(correct);
        record.response = match response {
            Response::Number(number) if !number.is_finite() => None,
            storable => Some(storable.clone()),
        };
    }

    /// Clears one question's current answer so it can be tried again; its attempt
    /// count stays.
    pub fn retry_question(&mut self, lesson: &str, question: &str) {
        if let Some(record) = self
            .lessons
            .get_mut(lesson)
            .and_then(|lesson| lesson.answers.get_mut(question))
        {
            record.correct = None;
            record.response = None;
        }
    }

    /// Clears every current answer of a lesson; attempt counts stay.
    pub fn retry_lesson(&mut self, lesson: &str) {
        if let Some(lesson) = self.lessons.get_mut(lesson) {
            for record in lesson.answers.values_mut() {
                record.correct = None;
                record.response = None;
            }
        }
    }

    /// Forgets everything saved for a lesson, attempt counts included.
    pub fn reset_lesson(&mut self, lesson: &str) {
        self.lessons.remove(lesson);
    }

    /// Forgets everything.
    pub fn reset_all(&mut self) {
        self.lessons.clear();
    }

    /// Grades the lesson's saved answers again against `quiz`, so a saved `correct` flag
    /// is never trusted: a missing answer, or one the question could not have been given
    /// (wrong kind, a choice it does not show), is dropped; one whose grade changed gets
    /// the new grade; an answered question counts at least one attempt. Returns whether
    /// anything changed.
    pub fn regrade(&mut self, lesson: &str, quiz: &Quiz, predictors: &dyn Predictors) -> bool {
        let Some(answers) = self.lessons.get_mut(lesson).map(|l| &mut l.answers) else {
            return false;
        };
        let mut changed = false;
        for question in quiz.questions() {
            let Some(record) = answers.get_mut(question.id()) else {
                continue;
            };
            if record.correct.is_none() {
                changed |= record.response.take().is_some();
                continue;
            }
            let fresh = match &record.response {
                Some(response) if response_fits_question(response, question) => {
                    Some(grade(question, response, predictors).correct)
                }
                _ => None,
            };
            if fresh.is_none() {
                record.response = None;
            }
            changed |= fresh != record.correct;
            record.correct = fresh;
            if fresh.is_some() && record.attempts == 0 {
                record.attempts = 1;
                changed = true;
            }
        }
        changed
    }

    /// The lesson's score against `quiz`, its current quiz.
    pub fn score(&self, lesson: &str, quiz: &Quiz) -> Score {
        let mut score = Score {
            total: quiz.len(),
            ..Score::default()
        };
        for question in quiz.questions() {
            match self
                .answer(lesson, question.id())
                .and_then(|record| record.correct)
            {
                Some(true) => {
                    score.correct += 1;
                    score.answered += 1;
                }
                Some(false) => score.answered += 1,
                None => {}
            }
        }
        score
    }

    /// Ids of the questions of `quiz` whose current answer is wrong, in quiz order.
    pub fn missed(&self, lesson: &str, quiz: &Quiz) -> Vec<String> {
        quiz.questions()
            .iter()
            .filter(|question| {
                self.answer(lesson, question.id())
                    .is_some_and(|record| record.correct == Some(false))
            })
            .map(|question| question.id().to_owned())
            .collect()
    }
}
