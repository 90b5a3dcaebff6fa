//! One question: its prompt, its controls, the Check and Try again buttons, and the
//! feedback once checked.

use leptos::prelude::*;

use super::dom::focus_soon;
use super::state::{AnswerEvent, QuestionIds, QuestionState, QuizShared};
use super::{controls, feedback};
use crate::quiz::{grade, heading_id, Draft, Question};

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
            <p class="quiz-section">"Tests the section “" {section_link(&shared.quiz.with_value(|q| q.lesson().to_owned()), &public.section)} "”"</p>
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

/// The section's name as a link to its heading in lesson `lesson`'s text: it scrolls
/// there when the text is on the page, and otherwise opens the lesson at that section in
/// a new tab (a quiz alone in a course page's frame).
fn section_link(lesson: &str, section: &str) -> impl IntoView {
    let id = heading_id(section);
    let href = format!("?lesson={lesson}#{id}");
    let go = move |event: leptos::ev::MouseEvent| {
        if let Some(heading) = document().get_element_by_id(&id) {
            event.prevent_default();
            heading.scroll_into_view();
        }
    };
    view! {
        <a class="quiz-section-link" href=href target="_blank" on:click=go>{section.to_owned()}</a>
    }
}
