//! One question: its prompt, its controls, the Check and Try again buttons, and the
//! feedback once checked.

use std::rc::Rc;

use leptos::prelude::*;

use super::panel::AnswerEvent;
use super::{controls, feedback, focus_soon};
use crate::quiz::{grade, AnswerRecord, Draft, Graded, Input, Predictors, Question, Quiz};
use crate::ui::storage::ProgressStore;

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
    fn new(prefix: &str, question_id: &str) -> Self {
        Self {
            root: format!("{prefix}-{}", super::dom_fragment(question_id)),
        }
    }

    pub fn part(&self, name: &str) -> String {
        format!("{}-{name}", self.root)
    }
}

#[component]
pub(super) fn QuestionCard(
    question: Question,
    state: QuestionState,
    shared: QuizShared,
) -> impl IntoView {
    let public = question.public();
    let ids = QuestionIds::new(&shared.dom_prefix.get_value(), &public.id);
    let question_id = StoredValue::new(public.id.clone());
    let input = StoredValue::new(public.input.clone());
    let question = StoredValue::new(question);
    let check_id = ids.part("check");

    let check = move |_| {
        if state.result.with_untracked(Option::is_some) {
            return;
        }
        let response = match state.draft.with_untracked(Draft::response) {
            Ok(response) => response,
            Err(hint) => {
                state.hint.set(Some(hint));
                state.announcement.set(hint.to_owned());
                return;
            }
        };
        let graded = question.with_value(|question| {
            shared
                .predictors
                .with_value(|predictors| grade(question, &response, predictors.as_ref()))
        });
        let correct = graded.correct;
        let lesson = shared.lesson.get_value();
        let id = question_id.get_value();
        shared.store.with_value(|store| {
            store.update(|progress| progress.record(&lesson, &id, correct, &response));
        });
        state.hint.set(None);
        state.announcement.set(feedback::verdict_sentence(&graded));
        state.result.set(Some(graded));
        if let Some(on_answer) = shared.on_answer {
            let score = shared.quiz.with_value(|quiz| {
                shared
                    .store
                    .with_value(|store| store.progress().with_untracked(|p| p.score(&lesson, quiz)))
            });
            on_answer.run(AnswerEvent {
                lesson,
                question: id,
                correct,
                score: score.correct,
                max: score.total,
                completed: score.is_complete(),
            });
        }
    };

    let retry_focus = check_id.clone();
    let retry = move |_| {
        let lesson = shared.lesson.get_value();
        let id = question_id.get_value();
        shared.store.with_value(|store| {
            store.update(|progress| progress.retry_question(&lesson, &id));
        });
        input.with_value(|input| state.clear(input));
        focus_soon(retry_focus.clone());
    };

    let answered = move || state.is_answered();
    let controls = input.with_value(|input| controls::input_view(input, state, &ids));
    view! {
        <fieldset class="quiz-question" id=ids.root.clone() data-question=public.id.clone()>
            <legend class="quiz-legend">
                <span class="quiz-number">{format!("Question {}", public.number)}</span>
                <span class="quiz-kind">{public.kind.describe()}</span>
                <span class="quiz-prompt">{public.prompt.clone()}</span>
            </legend>
            <p class="quiz-section">"Tests the section “" {public.section.clone()} "”"</p>
            {controls}
            <div class="quiz-actions">
                <button
                    type="button"
                    class="quiz-button quiz-check"
                    id=check_id
                    aria-disabled=move || answered().to_string()
                    on:click=check
                >
                    "Check"
                </button>
                <Show when=answered>
                    <button type="button" class="quiz-button quiz-retry" on:click=retry.clone()>
                        "Try again"
                    </button>
                </Show>
                <p class="quiz-hint">{move || state.hint.get()}</p>
            </div>
            <p class="quiz-visually-hidden" aria-live="polite">{move || state.announcement.get()}</p>
            {feedback::feedback_view(state.result, shared.render_run)}
        </fieldset>
    }
}
