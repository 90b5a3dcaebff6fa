//! What the student has entered so far, before checking it: the state behind a
//! question's form controls, turned into a [`Response`] once complete.

use std::collections::BTreeSet;

use super::grade::Response;
use super::public::Input;

/// A question's answer while the student is still working on it.
#[derive(Clone, Debug, PartialEq)]
pub enum Draft {
    /// The chosen choice, if any (single and predict questions).
    OneOf(Option<usize>),
    /// The selected choices (multiple questions).
    AnyOf(BTreeSet<usize>),
    /// True, false, or not chosen yet.
    TrueFalse(Option<bool>),
    /// The number as typed.
    Number(String),
    /// Positions in the shown list of items, in the student's current order.
    Order(Vec<usize>),
}

impl Draft {
    /// Nothing entered yet; ordering items in the order they are shown.
    pub fn blank(input: &Input) -> Draft {
        match input {
            Input::OneOf { .. } => Draft::OneOf(None),
            Input::AnyOf { .. } => Draft::AnyOf(BTreeSet::new()),
            Input::TrueFalse => Draft::TrueFalse(None),
            Input::Number { .. } => Draft::Number(String::new()),
            Input::Order { items } => Draft::Order((0..items.len()).collect()),
        }
    }

    /// The draft showing a saved response again, or a blank one when the response
    /// no longer fits the question (the quiz file changed since).
    pub fn from_response(input: &Input, response: &Response) -> Draft {
        let fits = match (input, response) {
            (Input::OneOf { choices }, Response::Choice(index)) => {
                (*index < choices.len()).then_some(Draft::OneOf(Some(*index)))
            }
            (Input::AnyOf { choices }, Response::Choices(selected)) => selected
                .iter()
                .all(|&index| index < choices.len())
                .then(|| Draft::AnyOf(selected.clone())),
            (Input::TrueFalse, Response::Bool(value)) => Some(Draft::TrueFalse(Some(*value))),
            (Input::Number { .. }, Response::Number(value)) => {
                value.is_finite().then(|| Draft::Number(value.to_string()))
            }
            (Input::Order { items }, Response::Order(order)) => {
                is_permutation(order, items.len()).then(|| Draft::Order(order.clone()))
            }
            _ => None,
        };
        fits.unwrap_or_else(|| Draft::blank(input))
    }

    /// The response to check, or what is still missing, in words.
    pub fn response(&self) -> Result<Response, &'static str> {
        match self {
            Draft::OneOf(Some(index)) => Ok(Response::Choice(*index)),
            Draft::OneOf(None) => Err("Choose an answer first."),
            Draft::AnyOf(selected) if selected.is_empty() => {
                Err("Select at least one choice first.")
            }
            Draft::AnyOf(selected) => Ok(Response::Choices(selected.clone())),
            Draft::TrueFalse(Some(value)) => Ok(Response::Bool(*value)),
            Draft::TrueFalse(None) => Err("Choose true or false first."),
            Draft::Number(text) if text.trim().is_empty() => Err("Enter a number first."),
            Draft::Number(text) => parse_number(text)
                .map(Response::Number)
                .ok_or("That is not a number; write it like 42 or 0.5."),
            Draft::Order(order) => Ok(Response::Order(order.clone())),
        }
    }

    /// Selects or clears choice `index` of a multiple question.
    pub fn toggle(&mut self, index: usize) {
        if let Draft::AnyOf(selected) = self {
            if !selected.remove(&index) {
                selected.insert(index);
            }
        }
    }

    /// Moves the item at rank `from` to rank `to` (both from 0) of an ordering
    /// question. Returns whether anything moved.
    pub fn move_item(&mut self, from: usize, to: usize) -> bool {
        let Draft::Order(order) = self else {
            return false;
        };
        if from == to || from >= order.len() || to >= order.len() {
            return false;
        }
        let item = order.remove(from);
        order.insert(to, item);
        true
    }
}

/// Reads a number as a student types it: spaces around it, a leading `+`, and a
/// decimal comma (`0,5`) are accepted; infinities and "NaN" are not numbers.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_owned()
    };
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E'))
    {
        return None;
    }
    text.parse::<f64>().ok().filter(|number| number.is_finite())
}

fn is_permutation(order: &[usize], len: usize) -> bool {
    let distinct: BTreeSet<usize> = order.iter().copied().collect();
    order.len() == len && distinct.len() == len && order.iter().all(|&index| index < len)
}
