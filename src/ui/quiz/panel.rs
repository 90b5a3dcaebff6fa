//! The quiz of one lesson: title, score, the saved-progress notice, the toolbar
//! (review missed, retry all, reset progress) and the questions.

use std::collections::BTreeSet;
use std::rc::Rc;

use leptos::prelude::*;

use super::dom::focus_soon;
use super::question::QuestionCard;
use super::state::{AnswerEvent, QuestionState, QuizShared};
use crate::quiz::{Predictors, Question, Quiz, Score};
use crate::ui::storage::progress_store;

/// A lesson's quiz, with progress saved under `lesson_id`.
///
/// `predictors` decides predict questions; once one is answered, `render_run` is
/// given the scenario name and shows that simulation run under the explanation.
#[component]
pub fn QuizPanel(
    /// Key for saved progress: the lesson id for a lesson's own quiz.
    #[prop(into)]
    lesson_id: String,
    quiz: Quiz,
    predictors: Rc<dyn Predictors>,
    /// Called after every checked answer.
    #[prop(optional)]
    on_answer: Option<Callback<AnswerEvent>>,
    /// Shows the simulation scenario named after a predict question is answered.
    #[prop(optional)]
    render_run: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    let store = progress_store();
    store.regrade(&lesson_id, &quiz, predictors.as_ref());
    let dom_prefix = format!("quiz-{}", super::dom::dom_fragment(&lesson_id));
    let title = quiz.title().to_owned();
    let description = quiz.description().map(str::to_owned);

    let cards: Vec<(String, QuestionState, Question)> =
        store.progress().with_untracked(|progress| {
            quiz.questions()
                .iter()
                .map(|question| {
                    let record = progress.answer(&lesson_id, question.id());
                    let state = QuestionState::restore(
                        question,
                        &question.public().input,
                        record,
                        predictors.as_ref(),
                    );
                    (question.id().to_owned(), state, question.clone())
                })
                .collect()
        });
    let shared = QuizShared {
        lesson: StoredValue::new(lesson_id),
        quiz: StoredValue::new(quiz),
        store: StoredValue::new(store),
        predictors: StoredValue::new_local(predictors),
        on_answer,
        render_run,
        dom_prefix: StoredValue::new(dom_prefix.clone()),
    };
    let states = StoredValue::new(cards.iter().map(|(_, state, _)| *state).collect::<Vec<_>>());

    let score = Memo::new(move |_| {
        let lesson = shared.lesson.get_value();
        shared
            .quiz
            .with_value(|quiz| shared.store.with_value(|store| store.score(&lesson, quiz)))
    });
    let missed = Memo::new(move |_| {
        let lesson = shared.lesson.get_value();
        shared.quiz.with_value(|quiz| {
            shared.store.with_value(|store| {
                store
                    .progress()
                    .with(|progress| progress.missed(&lesson, quiz))
            })
        })
    });
    // Questions shown while reviewing: those missed when the review began, so a
    // question retried during the review stays in view.
    let review = RwSignal::new(None::<BTreeSet<String>>);
    let confirming_reset = RwSignal::new(false);

    let clear_all = move || {
        shared.quiz.with_value(|quiz| {
            states.with_value(|states| {
                for (question, state) in quiz.questions().iter().zip(states) {
                    state.clear(&question.public().input);
                }
            });
        });
    };
    let retry_all = move |_| {
        let lesson = shared.lesson.get_value();
        shared
            .store
            .with_value(|store| store.update(|progress| progress.retry_lesson(&lesson)));
        clear_all();
        review.set(None);
    };
    let reset_id = format!("{dom_prefix}-reset");
    let cancel_id = format!("{dom_prefix}-reset-cancel");
    let ask_reset = {
        let cancel_id = cancel_id.clone();
        move |_| {
            confirming_reset.set(true);
            focus_soon(cancel_id.clone());
        }
    };
    let confirm_reset = {
        let reset_id = reset_id.clone();
        move |_| {
            let lesson = shared.lesson.get_value();
            shared
                .store
                .with_value(|store| store.update(|progress| progress.reset_lesson(&lesson)));
            clear_all();
            review.set(None);
            confirming_reset.set(false);
            focus_soon(reset_id.clone());
        }
    };
    let cancel_reset = {
        let reset_id = reset_id.clone();
        move |_| {
            confirming_reset.set(false);
            focus_soon(reset_id.clone());
        }
    };
    let toggle_review = move |_| {
        review.update(|review| {
            *review = match review {
                Some(_) => None,
                None => Some(missed.get_untracked().into_iter().collect()),
            }
        });
    };

    let notice = move || {
        shared.store.with_value(|store| store.notice().get()).map(|text| {
            view! {
                <div class="quiz-notice" role="status" data-testid="quiz-progress-notice">
                    <p>{text}</p>
                    <button
                        type="button"
                        class="quiz-button"
                        on:click=move |_| shared.store.with_value(|store| store.dismiss_notice())
                    >
                        "Dismiss"
                    </button>
                </div>
            }
        })
    };

    let items = cards
        .into_iter()
        .map(|(id, state, question)| {
            let hidden = move || {
                review.with(|review| review.as_ref().is_some_and(|shown| !shown.contains(&id)))
            };
            view! {
                <li class="quiz-item" hidden=hidden>
                    <QuestionCard question=question state=state shared=shared />
                </li>
            }
        })
        .collect_view();

    let title_id = format!("{dom_prefix}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="quiz" aria-labelledby=labelled_by data-testid="quiz-panel">
            <header class="quiz-header">
                <h2 class="quiz-title" id=title_id>{title}</h2>
                {description.map(|text| view! { <p class="quiz-description">{text}</p> })}
                <p class="quiz-score" aria-live="polite" data-testid="quiz-score">
                    {move || score_sentence(score.get())}
                </p>
            </header>
            {notice}
            <div class="quiz-toolbar" role="group" aria-label="Quiz controls">
                <button
                    type="button"
                    class="quiz-button"
                    aria-pressed=move || review.with(Option::is_some).to_string()
                    on:click=toggle_review
                >
                    {move || format!("Review missed ({})", missed.with(Vec::len))}
                </button>
                <button type="button" class="quiz-button" on:click=retry_all>
                    "Retry the whole quiz"
                </button>
                <button
                    type="button"
                    class="quiz-button"
                    id=reset_id
                    aria-expanded=move || confirming_reset.get().to_string()
                    on:click=ask_reset
                >
                    "Reset progress…"
                </button>
            </div>
            <Show when=move || confirming_reset.get()>
                <div class="quiz-confirm" role="group" aria-label="Confirm reset">
                    <p>"Erase your answers and attempt counts for this quiz? This cannot be undone."</p>
                    <button type="button" class="quiz-button quiz-danger" on:click=confirm_reset.clone()>
                        "Erase my progress"
                    </button>
                    <button type="button" class="quiz-button" id=cancel_id.clone() on:click=cancel_reset.clone()>
                        "Keep it"
                    </button>
                </div>
            </Show>
            <Show when=move || review.with(|review| review.as_ref().is_some_and(BTreeSet::is_empty))>
                <p class="quiz-muted">"No missed questions to review. Press “Review missed” again to see them all."</p>
            </Show>
            <ol class="quiz-questions">{items}</ol>
        </section>
    }
}

fn score_sentence(score: Score) -> String {
    if score.is_complete() {
        format!(
            "Quiz complete: {} of {} correct.",
            score.correct, score.total
        )
    } else {
        format!(
            "Score: {} of {} correct ({} of {} answered).",
            score.correct, score.total, score.answered, score.total
        )
    }
}
