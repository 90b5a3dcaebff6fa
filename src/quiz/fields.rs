//! Reading the fields of a quiz file's tables, reporting every problem against its
//! line, question and field.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::{line_and_column, QuestionRef, QuizError};
use super::ids::{is_valid_id, MAX_ID_CHARS};
use super::suggest::closest;

/// The problems found so far.
pub(super) struct Report<'t> {
    pub(super) file: &'t str,
    pub(super) text: &'t str,
    pub(super) errors: Vec<QuizError>,
}

impl Report<'_> {
    pub(super) fn add(
        &mut self,
        span: Option<Range<usize>>,
        question: Option<&QuestionRef>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.errors.push(QuizError {
            file: self.file.to_owned(),
            line: span.map(|span| line_and_column(self.text, span.start).0),
            column: None,
            question: question.cloned(),
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }
}

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A TOML table's entries by name (with the key's span), and the table's own span.
pub(super) struct Fields<'a, 'i> {
    pub(super) entries: BTreeMap<&'a str, (Range<usize>, &'a Value<'i>)>,
    pub(super) span: Range<usize>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub(super) fn of(table: &'a DeTable<'i>, span: Range<usize>) -> Self {
        let entries = table
            .iter()
            .map(|(key, value)| (key.get_ref().as_ref(), (key.span(), value)))
            .collect();
        Self { entries, span }
    }

    pub(super) fn get(&self, name: &str) -> Option<&'a Value<'i>> {
        self.entries.get(name).map(|&(_, value)| value)
    }

    /// Where the value of `name` is, or the table itself when the field is absent.
    pub(super) fn span_of(&self, name: &str) -> Range<usize> {
        self.get(name)
            .map_or_else(|| self.span.clone(), Spanned::span)
    }
}

/// Reads fields of one table (the quiz's, or one question's), reporting problems
/// against that question.
pub(super) struct Scope<'r, 't, 'a, 'i> {
    pub(super) report: &'r mut Report<'t>,
    pub(super) question: Option<QuestionRef>,
    pub(super) fields: &'r Fields<'a, 'i>,
}

impl<'a, 'i> Scope<'_, '_, 'a, 'i> {
    pub(super) fn error(&mut self, field: &str, span: Range<usize>, message: impl Into<String>) {
        self.report
            .add(Some(span), self.question.as_ref(), Some(field), message);
    }

    pub(super) fn missing(&mut self, field: &str, why: &str) {
        let span = self.fields.span.clone();
        self.error(field, span, format!("is missing; {why}"));
    }

    pub(super) fn wrong_type(&mut self, field: &str, value: &Value<'i>, expected: &str) {
        let found = describe(value.get_ref());
        self.error(
            field,
            value.span(),
            format!("expected {expected}, found {found}"),
        );
    }

    /// Reports every field not in `known`, suggesting a close known name.
    pub(super) fn reject_unknown(
        &mut self,
        known: &[&str],
        also_known: Option<&[&str]>,
        what: &str,
    ) {
        let unknown: Vec<(&str, Range<usize>)> = self
            .fields
            .entries
            .iter()
            .filter(|(name, _)| {
                !known.contains(name) && !also_known.is_some_and(|also| also.contains(name))
            })
            .map(|(&name, (span, _))| (name, span.clone()))
            .collect();
        for (name, span) in unknown {
            let candidates: Vec<&str> = known
                .iter()
                .chain(also_known.unwrap_or_default())
                .copied()
                .collect();
            let hint = closest(name, &candidates)
                .map(|close| format!("; did you mean \"{close}\"?"))
                .unwrap_or_default();
            self.error(name, span, format!("{what}{hint}"));
        }
    }

    /// An optional string field, trimmed: `Some(None)` when absent, `None` on error.
    pub(super) fn text(&mut self, name: &str) -> Option<Option<String>> {
        let Some(value) = self.fields.get(name) else {
            return Some(None);
        };
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(name, value, "text in quotes");
            return None;
        };
        let text = text.trim();
        if text.is_empty() {
            self.error(name, value.span(), "is empty");
            return None;
        }
        Some(Some(text.to_owned()))
    }

    pub(super) fn required_text(&mut self, name: &str, why: &str) -> Option<String> {
        match self.text(name) {
            Some(Some(text)) => Some(text),
            Some(None) => {
                self.missing(name, why);
                None
            }
            None => None,
        }
    }

    pub(super) fn required_id(&mut self, name: &str, why: &str) -> Option<String> {
        let id = self.required_text(name, why)?;
        if is_valid_id(&id) {
            Some(id)
        } else {
            let span = self.fields.span_of(name);
            self.error(
                name,
                span,
                format!(
                    "\"{id}\" is not a usable id; use up to {MAX_ID_CHARS} letters, digits, '-', '_' or '.'"
                ),
            );
            None
        }
    }

    /// An optional list of non-empty, distinct strings with at least `at_least` entries.
    pub(super) fn text_list(
        &mut self,
        name: &str,
        noun: &str,
        at_least: usize,
    ) -> Option<Option<Vec<String>>> {
        let Some(value) = self.fields.get(name) else {
            return Some(None);
        };
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(name, value, &format!("a list of {noun}s in quotes"));
            return None;
        };
        let mut texts: Vec<String> = Vec::with_capacity(array.len());
        let mut ok = true;
        for (index, entry) in array.iter().enumerate() {
            match entry.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => {
                    let text = text.trim().to_owned();
                    if let Some(first) = texts.iter().position(|earlier| *earlier == text) {
                        self.error(
                            name,
                            entry.span(),
                            format!("the {noun}s at index {first} and {index} are the same"),
                        );
                        ok = false;
                    }
                    texts.push(text);
                }
                DeValue::String(_) => {
                    self.error(name, entry.span(), format!("{noun} {index} is empty"));
                    ok = false;
                }
                other => {
                    let found = describe(other);
                    self.error(
                        name,
                        entry.span(),
                        format!("{noun} {index} should be text in quotes, found {found}"),
                    );
                    ok = false;
                }
            }
        }
        if ok && texts.len() < at_least {
            self.error(
                name,
                value.span(),
                format!(
                    "lists {} {noun}(s); a question needs at least {at_least}",
                    texts.len()
                ),
            );
            ok = false;
        }
        ok.then_some(Some(texts))
    }

    pub(super) fn required_text_list(
        &mut self,
        name: &str,
        noun: &str,
        at_least: usize,
    ) -> Option<Vec<String>> {
        match self.text_list(name, noun, at_least) {
            Some(Some(texts)) => Some(texts),
            Some(None) => {
                self.missing(
                    name,
                    &format!("list the {noun}s, such as {name} = [\"…\", \"…\"]"),
                );
                None
            }
            None => None,
        }
    }

    /// An optional finite number (whole or decimal): `Some(None)` when absent.
    pub(super) fn number(&mut self, name: &str) -> Option<Option<f64>> {
        let Some(value) = self.fields.get(name) else {
            return Some(None);
        };
        let number = match value.get_ref() {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(float) => float.as_str().parse::<f64>().ok(),
            _ => {
                self.wrong_type(name, value, "a number");
                return None;
            }
        };
        match number {
            Some(number) if number.is_finite() => Some(Some(number)),
            _ => {
                self.error(name, value.span(), "must be a finite number");
                None
            }
        }
    }

    /// A choice index (from 0) into `len` choices.
    pub(super) fn index(&mut self, name: &str, value: &Value<'i>, len: usize) -> Option<usize> {
        let DeValue::Integer(integer) = value.get_ref() else {
            let message = match value.get_ref() {
                DeValue::String(_) => {
                    "expected the index (from 0) of a choice, not its text".to_owned()
                }
                other => format!(
                    "expected the index (from 0) of a choice, found {}",
                    describe(other)
                ),
            };
            self.error(name, value.span(), message);
            return None;
        };
        let index = i64::from_str_radix(integer.as_str(), integer.radix()).ok();
        match index.and_then(|index| usize::try_from(index).ok()) {
            Some(index) if index < len => Some(index),
            Some(index) => {
                self.error(
                    name,
                    value.span(),
                    format!(
                        "index {index} is out of range ({len} choices, indexes 0 to {})",
                        len.saturating_sub(1)
                    ),
                );
                None
            }
            None => {
                self.error(
                    name,
                    value.span(),
                    format!(
                        "index {} is not usable; choices are counted from 0",
                        integer.as_str()
                    ),
                );
                None
            }
        }
    }
}

pub(super) fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
