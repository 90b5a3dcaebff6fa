//! Grading: is a student's response right, and what does the page reveal afterwards.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{Body, Choice, Kind, Question};
use super::predictors::Predictors;

/// A student's answer to one question.
///
/// Stored in saved progress as `{"choice": 1}`, `{"choices": [0, 2]}`, `{"bool": true}`,
/// `{"number": 42.5}` or `{"order": [2, 0, 1]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Index (from 0) of the chosen choice: single and predict questions.
    Choice(usize),
    /// Indexes (from 0) of the selected choices: multiple questions.
    Choices(BTreeSet<usize>),
    /// True or false.
    Bool(bool),
    /// A number, in the question's unit.
    Number(f64),
    /// Ordering questions: positions in the shown (shuffled) list of items, in the
    /// order the student put them. `[2, 0, 1]` means "third shown item first".
    Order(Vec<usize>),
}

impl Response {
    /// True when this kind of response answers `kind` of question.
    pub fn fits(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Response::Choice(_), Kind::Single | Kind::Predict)
                | (Response::Choices(_), Kind::Multiple)
                | (Response::Bool(_), Kind::TrueFalse)
                | (Response::Number(_), Kind::Numeric)
                | (Response::Order(_), Kind::Ordering)
        )
    }
}

/// True when `response` could have been given to `question` on the page: the right
/// kind, and only choices or positions the question shows. Saved progress that fails
/// this was edited or belongs to an older quiz file.
pub fn response_fits_question(response: &Response, question: &Question) -> bool {
    let in_range = |i: &usize, n: usize| *i < n;
    match (&question.body, response) {
        (Body::Single { choices, .. } | Body::Predict { choices, .. }, Response::Choice(i)) => {
            in_range(i, choices.len())
        }
        (Body::Multiple { choices, .. }, Response::Choices(set)) => {
            set.iter().all(|i| in_range(i, choices.len()))
        }
        (Body::TrueFalse { .. }, Response::Bool(_)) => true,
        (Body::Numeric { .. }, Response::Number(n)) => n.is_finite(),
        (Body::Ordering { items, .. }, Response::Order(order)) => {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            sorted.iter().copied().eq(0..items.len())
        }
        _ => false,
    }
}

/// The right answer, revealed once the student has answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Reveal {
    /// Index of the right choice.
    Choice(usize),
    /// Indexes of all the right choices.
    Choices(BTreeSet<usize>),
    /// The statement's truth.
    Bool(bool),
    /// The expected number and how far off an answer may be.
    Number {
        value: f64,
        tolerance: f64,
        unit: Option<String>,
    },
    /// Positions in the shown list of items, in the right order.
    Order(Vec<usize>),
    /// The simulation could not say which choice is right.
    Unavailable,
}

/// The outcome of [`grade`]: everything the page shows after the student answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    /// Whether the response is right.
    pub correct: bool,
    /// The right answer, structured (to mark controls) …
    pub answer: Reveal,
    /// … and in words (`"Write W2 (issued second)"`, `"40 ms (± 5)"`); one line per
    /// right choice of a multiple question, one numbered line per ordering item.
    pub answer_text: String,
    /// The question's explanation.
    pub explanation: String,
    /// Per-choice explanations, one entry per choice (empty for questions without choices).
    pub choice_explanations: Vec<Option<String>>,
    /// For predict questions: the simulation to show now, as its scenario name optionally
    /// followed by how to set it up (`retry&ops=0~0~loss.300000`, see [`Predictors::scenario`]).
    pub scenario: Option<String>,
    /// For predict questions: the prediction in words, to set beside the run's outcome.
    pub predicted: Option<String>,
    /// Why the response could not be graded normally, if it could not
    /// (an answer of the wrong kind, a simulation that gave no result).
    pub note: Option<String>,
}

/// Grades `response` to `question`. Never panics: a response of the wrong kind,
/// out-of-range indexes or a non-finite number are simply wrong.
pub fn grade(question: &Question, response: &Response, predictors: &dyn Predictors) -> Graded {
    let mut graded = reveal(question, predictors);
    if !response.fits(question.kind()) {
        graded.note = Some(format!(
            "This answer does not fit a question of kind \"{}\".",
            question.kind().name()
        ));
        return graded;
    }
    graded.correct = match (&question.body, &graded.answer, response) {
        (Body::Predict { choices, .. }, Reveal::Choice(right), Response::Choice(chosen)) => {
            graded.predicted = Some(choice_text(choices, *chosen));
            chosen == right
        }
        (_, Reveal::Choice(right), Response::Choice(chosen)) => chosen == right,
        (_, Reveal::Choices(right), Response::Choices(chosen)) => chosen == right,
        (_, Reveal::Bool(right), Response::Bool(given)) => given == right,
        (
            Body::Numeric {
                answer, tolerance, ..
            },
            _,
            Response::Number(given),
        ) => number_matches(*given, *answer, *tolerance),
        (Body::Ordering { shown, .. }, _, Response::Order(positions)) => {
            order_matches(positions, shown)
        }
        _ => false,
    };
    graded
}

/// Everything about the right answer, with `correct` still false.
fn reveal(question: &Question, predictors: &dyn Predictors) -> Graded {
    let mut graded = Graded {
        correct: false,
        answer: Reveal::Unavailable,
        answer_text: String::new(),
        explanation: question.explanation.clone(),
        choice_explanations: Vec::new(),
        scenario: None,
        predicted: None,
        note: None,
    };
    match &question.body {
        Body::Single { choices, answer } => {
            graded.answer = Reveal::Choice(*answer);
            graded.answer_text = choice_text(choices, *answer);
            graded.choice_explanations = explanations(choices);
        }
        Body::Multiple { choices, answer } => {
            graded.answer = Reveal::Choices(answer.clone());
            graded.answer_text = answer
                .iter()
                .map(|&index| choice_text(choices, index))
                .collect::<Vec<_>>()
                .join("\n");
            graded.choice_explanations = explanations(choices);
        }
        Body::TrueFalse { answer } => {
            graded.answer = Reveal::Bool(*answer);
            graded.answer_text = if *answer { "True" } else { "False" }.to_owned();
        }
        Body::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            graded.answer = Reveal::Number {
                value: *answer,
                tolerance: *tolerance,
                unit: unit.clone(),
            };
            graded.answer_text = number_text(*answer, *tolerance, unit.as_deref());
        }
        Body::Ordering { items, shown } => {
            graded.answer = Reveal::Order(
                (0..items.len())
                    .filter_map(|index| shown.iter().position(|&item| item == index))
                    .collect(),
            );
            graded.answer_text = items
                .iter()
                .enumerate()
                .map(|(rank, item)| format!("{}. {item}", rank + 1))
                .collect::<Vec<_>>()
                .join("\n");
        }
        Body::Predict { choices, predictor } => {
            graded.choice_explanations = explanations(choices);
            graded.scenario = predictors.scenario(predictor);
            match predictors
                .correct_choice(predictor)
                .filter(|&index| index < choices.len())
            {
                Some(index) => {
                    graded.answer = Reveal::Choice(index);
                    graded.answer_text = choice_text(choices, index);
                }
                None => {
                    graded.answer_text = "unknown: the simulation gave no result".to_owned();
                    graded.note = Some(
                        "The simulation behind this question gave no result, so it cannot be graded."
                            .to_owned(),
                    );
                }
            }
        }
    }
    graded
}

/// `given` is within `tolerance` of `answer`, forgiving the rounding of decimal
/// fractions (0.4 is within 0.1 of 0.3). Non-finite numbers are never right.
pub(crate) fn number_matches(given: f64, answer: f64, tolerance: f64) -> bool {
    let rounding = 1e-9 * answer.abs().max(1.0);
    given.is_finite() && (given - answer).abs() <= tolerance + rounding
}

/// `positions` (into the shown list) put the items back in their right order.
fn order_matches(positions: &[usize], shown: &[usize]) -> bool {
    positions.len() == shown.len()
        && positions
            .iter()
            .enumerate()
            .all(|(rank, &position)| shown.get(position) == Some(&rank))
}

fn choice_text(choices: &[Choice], index: usize) -> String {
    choices
        .get(index)
        .map_or_else(String::new, |choice| choice.text.clone())
}

fn explanations(choices: &[Choice]) -> Vec<Option<String>> {
    choices
        .iter()
        .map(|choice| choice.explanation.clone())
        .collect()
}

fn number_text(answer: f64, tolerance: f64, unit: Option<&str>) -> String {
    let unit = unit.map(|unit| format!(" {unit}")).unwrap_or_default();
    if tolerance > 0.0 {
        format!("{answer}{unit} (± {tolerance})")
    } else {
        format!("{answer}{unit}")
    }
}
