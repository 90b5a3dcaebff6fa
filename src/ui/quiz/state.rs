//! The state a quiz's questions share and each question keeps, their element ids, and
//! the event sent after every checked answer.

use std::rc::Rc;

use leptos::prelude::*;

use crate::quiz::{grade, AnswerRecord, Draft, Graded, Input, Predictors, Question, Quiz};
use crate::ui::storage::ProgressStore;

/// Sent to `on_answer` after every checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerEvent {
    /// The key the quiz saves progress under (the lesson id for a lesson's own quiz).
    pub lesson: String,
    /// The question's id.
    pub question: String,
    /// Whether the answer was right.
    pub correct: bool,
    /// Questions of the quiz now answered right.
    pub score: usize,
    /// Questions in the quiz.
    pub max: usize,
    /// Whether every question now has an answer.
    pub completed: bool,
}

/// What every question of a quiz shares: where progress goes, how predict questions
/// are decided, and the page's hooks.
#[derive(Clone, Copy)]
pub(super) struct QuizShared {
    pub lesson: StoredValue<String>,
    pub quiz: StoredValue<Quiz>,
    pub store: StoredValue<ProgressStore>,
    pub predictors: StoredValue<Rc<dyn Predictors>, LocalStorage>,
    pub on_answer: Option<Callback<AnswerEvent>>,
    pub render_run: Option<Callback<String, AnyView>>,
    /// Prefix of every element id in this quiz.
    pub dom_prefix: StoredValue<String>,
}

/// A question's live state.
#[derive(Clone, Copy)]
pub(super) struct QuestionState {
    /// What the student has entered.
    pub draft: RwSignal<Draft>,
    /// The outcome of the last check; `None` until checked.
    pub result: RwSignal<Option<Graded>>,
    /// Why the last Check did nothing ("Choose an answer first.").
    pub hint: RwSignal<Option<&'static str>>,
    /// Read out by screen readers: verdicts and moves.
    pub announcement: RwSignal<String>,
}

impl QuestionState {
    /// The state of `question` as saved: its last checked answer, graded again to
    /// show its feedback.
    pub fn restore(
        question: &Question,
        input: &Input,
        record: Option<&AnswerRecord>,
        predictors: &dyn Predictors,
    ) -> Self {
        let saved = record
            .filter(|record| record.is_answered())
            .and_then(|record| record.response.as_ref());
        let draft = saved.map_or_else(
            || Draft::blank(input),
            |response| Draft::from_response(input, response),
        );
        let result = saved.map(|response| grade(question, response, predictors));
        Self {
            draft: RwSignal::new(draft),
            result: RwSignal::new(result),
            hint: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// Back to a blank, unanswered question.
    pub fn clear(&self, input: &Input) {
        self.draft.set(Draft::blank(input));
        self.result.set(None);
        self.hint.set(None);
        self.announcement.set(String::new());
    }

    /// Whether the question has been checked (reactive).
    pub fn is_answered(&self) -> bool {
        self.result.with(Option::is_some)
    }
}

/// Element ids of one question.
#[derive(Clone)]
pub(super) struct QuestionIds {
    pub root: String,
}

impl QuestionIds {
    pub fn new(prefix: &str, question_id: &str) -> Self {
        Self {
            root: format!("{prefix}-{}", super::dom::dom_fragment(question_id)),
        }
    }

    pub fn part(&self, name: &str) -> String {
        format!("{}-{name}", self.root)
    }
}
