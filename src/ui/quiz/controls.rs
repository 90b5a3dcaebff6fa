//! The form controls of each kind of question: radio buttons, checkboxes, a number
//! field, and an ordering list moved with buttons. After a check they are locked and
//! marked right or wrong in words, not colour alone.

use leptos::prelude::*;

use super::dom::focus_soon;
use super::state::{QuestionIds, QuestionState};
use crate::quiz::{Draft, Input, Reveal};

/// The controls for `input`, bound to `state`.
pub(super) fn input_view(input: &Input, state: QuestionState, ids: &QuestionIds) -> AnyView {
    match input {
        Input::OneOf { choices } => choice_list(choices, false, state, ids),
        Input::AnyOf { choices } => choice_list(choices, true, state, ids),
        Input::TrueFalse => {
            let labels = vec!["True".to_owned(), "False".to_owned()];
            choice_list(&labels, false, state, ids)
        }
        Input::Number { unit } => number_field(unit.clone(), state, ids),
        Input::Order { items } => order_list(items.clone(), state, ids),
    }
}

/// Radio buttons (`several == false`) or checkboxes. True/false questions use radio
/// buttons labelled True (index 0) and False (index 1).
fn choice_list(
    choices: &[String],
    several: bool,
    state: QuestionState,
    ids: &QuestionIds,
) -> AnyView {
    let group = ids.part("choice");
    let rows = choices
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let chosen = move || state.draft.with(|draft| draft_chooses(draft, index));
            let mark = move || {
                state.result.with(|result| {
                    result
                        .as_ref()
                        .map(|graded| choice_mark(&graded.answer, index, chosen()))
                        .unwrap_or_default()
                })
            };
            let note = move || {
                state.result.with(|result| {
                    result
                        .as_ref()
                        .and_then(|graded| graded.choice_explanations.get(index).cloned().flatten())
                })
            };
            let select = move |_| {
                state.draft.update(|draft| match draft {
                    Draft::OneOf(choice) => *choice = Some(index),
                    Draft::TrueFalse(value) => *value = Some(index == 0),
                    Draft::AnyOf(_) => draft.toggle(index),
                    _ => {}
                });
                state.hint.set(None);
            };
            let row_class = move || {
                let (_, _, class) = mark();
                format!("quiz-choice {class}")
            };
            view! {
                <li class=row_class>
                    <label class="quiz-choice-label">
                        <input
                            type=if several { "checkbox" } else { "radio" }
                            name=group.clone()
                            value=index.to_string()
                            prop:checked=chosen
                            disabled=move || state.is_answered()
                            on:change=select
                        />
                        <span class="quiz-choice-text">{text.clone()}</span>
                    </label>
                    {move || {
                        let (icon, words, _) = mark();
                        (!words.is_empty()).then(|| mark_view(icon, words))
                    }}
                    {move || note().map(|note| view! { <p class="quiz-choice-note">{note}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="quiz-choices" role="list">{rows}</ul> }.into_any()
}

/// "✓ Right answer", "✗ Your choice: wrong", …
fn mark_view(icon: &'static str, words: &'static str) -> impl IntoView {
    view! {
        <span class="quiz-mark">
            <span class="quiz-icon" aria-hidden="true">{icon}</span>
            " "
            {words}
        </span>
    }
}

fn draft_chooses(draft: &Draft, index: usize) -> bool {
    match draft {
        Draft::OneOf(choice) => *choice == Some(index),
        Draft::AnyOf(selected) => selected.contains(&index),
        Draft::TrueFalse(value) => *value == Some(index == 0),
        _ => false,
    }
}

/// Icon, words and class marking choice `index` after a check.
fn choice_mark(
    answer: &Reveal,
    index: usize,
    chosen: bool,
) -> (&'static str, &'static str, &'static str) {
    let right = match answer {
        Reveal::Choice(right) => *right == index,
        Reveal::Choices(right) => right.contains(&index),
        Reveal::Bool(value) => *value == (index == 0),
        _ => false,
    };
    match (right, chosen) {
        (true, true) => ("✓", "Your choice: right", "quiz-choice-right"),
        (true, false) => ("✓", "Right answer", "quiz-choice-right"),
        (false, true) => ("✗", "Your choice: wrong", "quiz-choice-wrong"),
        (false, false) => ("", "", ""),
    }
}

/// A text field for a number (decimal comma accepted), with its unit.
fn number_field(unit: Option<String>, state: QuestionState, ids: &QuestionIds) -> AnyView {
    let field = ids.part("number");
    let check = ids.part("check");
    let unit_in_words = unit.as_ref().map(|unit| {
        view! { <span class="quiz-visually-hidden">{format!(", in {unit}")}</span> }
    });
    let text = move || {
        state.draft.with(|draft| match draft {
            Draft::Number(text) => text.clone(),
            _ => String::new(),
        })
    };
    view! {
        <div class="quiz-number-field">
            <label for=field.clone()>"Your answer" {unit_in_words}</label>
            <input
                id=field
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                prop:value=text
                disabled=move || state.is_answered()
                on:input=move |event| {
                    state.draft.set(Draft::Number(event_target_value(&event)));
                    state.hint.set(None);
                }
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Enter" {
                        event.prevent_default();
                        crate::ui::browser::click_by_id(&check);
                    }
                }
            />
            {unit.map(|unit| view! { <span class="quiz-unit" aria-hidden="true">{unit}</span> })}
        </div>
    }
    .into_any()
}

/// The items in the student's order, each with Move up / Move down buttons.
fn order_list(items: Vec<String>, state: QuestionState, ids: &QuestionIds) -> AnyView {
    let items = StoredValue::new(items);
    let count = items.with_value(Vec::len);
    let root = StoredValue::new(ids.part("item"));
    let button_id =
        move |item: usize, direction: &str| format!("{}-{item}-{direction}", root.get_value());

    let move_item = move |rank: usize, to: usize, item: usize| {
        let mut moved = false;
        state
            .draft
            .update(|draft| moved = draft.move_item(rank, to));
        if !moved {
            return;
        }
        let text = items.with_value(|items| items.get(item).cloned().unwrap_or_default());
        state
            .announcement
            .set(format!("“{text}” moved to position {} of {count}.", to + 1));
        // Keep focus on the button just used, unless the item reached the end where
        // that button is disabled.
        let at_top = to == 0;
        let at_bottom = to + 1 == count;
        let direction = if !at_top && (to < rank || at_bottom) {
            "up"
        } else {
            "down"
        };
        focus_soon(button_id(item, direction));
    };

    let rows = move || {
        let order = state.draft.with(|draft| match draft {
            Draft::Order(order) => order.clone(),
            _ => Vec::new(),
        });
        let answered = state.is_answered();
        let right_order =
            state.result.with(
                |result| match result.as_ref().map(|graded| &graded.answer) {
                    Some(Reveal::Order(right)) => Some(right.clone()),
                    _ => None,
                },
            );
        order
            .into_iter()
            .enumerate()
            .map(|(rank, item)| {
                let text = items.with_value(|items| items.get(item).cloned().unwrap_or_default());
                let placed_right = right_order.as_ref().map(|right| right.get(rank) == Some(&item));
                let (icon, words, class) = match placed_right {
                    Some(true) => ("✓", "right place", "quiz-order-item quiz-choice-right"),
                    Some(false) => ("✗", "wrong place", "quiz-order-item quiz-choice-wrong"),
                    None => ("", "", "quiz-order-item"),
                };
                view! {
                    <li class=class>
                        <span class="quiz-order-rank" aria-hidden="true">{format!("{}.", rank + 1)}</span>
                        <span class="quiz-order-text">{text.clone()}</span>
                        {(!words.is_empty()).then(|| mark_view(icon, words))}
                        <span class="quiz-order-buttons">
                            <button
                                type="button"
                                class="quiz-button quiz-move"
                                id=button_id(item, "up")
                                aria-label=format!("Move “{text}” up (now {} of {count})", rank + 1)
                                disabled=answered || rank == 0
                                on:click=move |_| move_item(rank, rank.saturating_sub(1), item)
                            >
                                <span aria-hidden="true">"↑ Up"</span>
                            </button>
                            <button
                                type="button"
                                class="quiz-button quiz-move"
                                id=button_id(item, "down")
                                aria-label=format!("Move “{text}” down (now {} of {count})", rank + 1)
                                disabled=answered || rank + 1 == count
                                on:click=move |_| move_item(rank, rank + 1, item)
                            >
                                <span aria-hidden="true">"↓ Down"</span>
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="quiz-order">
            <p class="quiz-muted" id=ids.part("order-help")>
                "Put the items in order, first at the top, with the Up and Down buttons."
            </p>
            <ol class="quiz-order-list" aria-describedby=ids.part("order-help")>{rows}</ol>
        </div>
    }
    .into_any()
}
