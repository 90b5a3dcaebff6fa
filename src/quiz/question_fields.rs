//! The fields that depend on a question's kind: choices, answers, tolerance, items
//! and predictors.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::de::DeValue;

use super::fields::{describe, Scope, Value};
use super::model::{Body, Choice, Kind};
use super::predictors::Predictors;
use super::shuffle::shown_order;
use super::suggest::closest;

/// Fields that belong to some kinds of question only.
pub(super) const KIND_FIELDS: [&str; 7] = [
    "choices",
    "choice_explanations",
    "answer",
    "tolerance",
    "unit",
    "items",
    "predict",
];

/// The fields a question of `kind` takes besides the common ones.
fn fields_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Single | Kind::Multiple => &["choices", "choice_explanations", "answer"],
        Kind::TrueFalse => &["answer"],
        Kind::Numeric => &["answer", "tolerance", "unit"],
        Kind::Ordering => &["items"],
        Kind::Predict => &["choices", "choice_explanations", "predict"],
    }
}

impl<'a, 'i> Scope<'_, '_, 'a, 'i> {
    pub(super) fn kind(&mut self) -> Option<Kind> {
        let names: Vec<&str> = Kind::ALL.iter().map(|kind| kind.name()).collect();
        let name = self.required_text(
            "kind",
            &format!("say which kind of question this is: {}", names.join(", ")),
        )?;
        if let Some(kind) = Kind::from_name(&name) {
            return Some(kind);
        }
        let hint = closest(&name, &names)
            .map(|close| format!("did you mean \"{close}\"? "))
            .unwrap_or_default();
        let span = self.fields.span_of("kind");
        self.error(
            "kind",
            span,
            format!(
                "unknown kind \"{name}\"; {hint}the kinds are {}",
                names.join(", ")
            ),
        );
        None
    }

    /// Reports fields that exist for some kinds but not for `kind`.
    pub(super) fn reject_inapplicable(&mut self, kind: Kind) {
        let applicable = fields_of(kind);
        let misplaced: Vec<(&str, Range<usize>)> = self
            .fields
            .entries
            .iter()
            .filter(|(name, _)| KIND_FIELDS.contains(name) && !applicable.contains(name))
            .map(|(&name, (span, _))| (name, span.clone()))
            .collect();
        for (name, span) in misplaced {
            let reason = match (kind, name) {
                (Kind::Ordering, "answer") => {
                    "ordering questions take no answer: list the items in the right order"
                }
                (Kind::Predict, "answer") => {
                    "predict questions take no answer: the simulation decides which choice is right"
                }
                _ => "does not apply to this kind of question",
            };
            self.error(name, span, format!("{reason} (kind \"{}\")", kind.name()));
        }
    }

    pub(super) fn body(
        &mut self,
        kind: Kind,
        id: &str,
        predictors: &dyn Predictors,
    ) -> Option<Body> {
        match kind {
            Kind::Single => {
                let choices = self.choices()?;
                let value =
                    self.required("answer", "give the index (from 0) of the right choice")?;
                if matches!(value.get_ref(), DeValue::Array(_)) {
                    self.error(
                        "answer",
                        value.span(),
                        "expected one index; for several right choices use kind = \"multiple\"",
                    );
                    return None;
                }
                let answer = self.index("answer", value, choices.len())?;
                Some(Body::Single { choices, answer })
            }
            Kind::Multiple => {
                let choices = self.choices()?;
                let answer = self.choice_set(choices.len())?;
                Some(Body::Multiple { choices, answer })
            }
            Kind::TrueFalse => {
                let value = self.required("answer", "write answer = true or answer = false")?;
                match value.get_ref() {
                    DeValue::Boolean(answer) => Some(Body::TrueFalse { answer: *answer }),
                    DeValue::String(_) => {
                        self.error("answer", value.span(), "write true or false without quotes");
                        None
                    }
                    _ => {
                        self.wrong_type("answer", value, "true or false");
                        None
                    }
                }
            }
            Kind::Numeric => {
                let answer = self.number("answer");
                let tolerance = self.number("tolerance");
                let unit = self.text("unit");
                let answer = match answer? {
                    Some(answer) => answer,
                    None => {
                        self.missing("answer", "give the expected number, such as answer = 42");
                        return None;
                    }
                };
                let tolerance = tolerance?.unwrap_or(0.0);
                if tolerance < 0.0 {
                    let span = self.fields.span_of("tolerance");
                    self.error("tolerance", span, "must not be negative");
                    return None;
                }
                Some(Body::Numeric {
                    answer,
                    tolerance,
                    unit: unit?,
                })
            }
            Kind::Ordering => {
                let items = self.required_text_list("items", "item", 2)?;
                let shown = shown_order(id, items.len());
                Some(Body::Ordering { items, shown })
            }
            Kind::Predict => {
                let predictor = self.required_text(
                    "predict",
                    "name the predictor of the lesson that decides the right choice",
                );
                let choices = self.choices()?;
                let predictor = predictor?;
                let span = self.fields.span_of("predict");
                match predictors.expected_choices(&predictor) {
                    None => {
                        self.error(
                            "predict",
                            span,
                            format!("the lesson has no predictor named \"{predictor}\""),
                        );
                        None
                    }
                    Some(expected) if expected != choices.len() => {
                        let span = self.fields.span_of("choices");
                        self.error(
                            "choices",
                            span,
                            format!(
                                "predictor \"{predictor}\" decides between {expected} choices, this question lists {}",
                                choices.len()
                            ),
                        );
                        None
                    }
                    Some(_) => Some(Body::Predict { choices, predictor }),
                }
            }
        }
    }

    /// A field that must be present, whatever its type.
    fn required(&mut self, name: &str, why: &str) -> Option<&'a Value<'i>> {
        let value = self.fields.get(name);
        if value.is_none() {
            self.missing(name, why);
        }
        value
    }

    /// The `choices` list with its optional `choice_explanations`.
    fn choices(&mut self) -> Option<Vec<Choice>> {
        let texts = self.required_text_list("choices", "choice", 2);
        let notes = self.choice_explanations(texts.as_ref().map(Vec::len));
        let texts = texts?;
        let notes = notes?.unwrap_or_else(|| vec![None; texts.len()]);
        Some(
            texts
                .into_iter()
                .zip(notes)
                .map(|(text, explanation)| Choice { text, explanation })
                .collect(),
        )
    }

    /// `choice_explanations`: one string per choice, `""` for none.
    fn choice_explanations(
        &mut self,
        choice_count: Option<usize>,
    ) -> Option<Option<Vec<Option<String>>>> {
        let Some(value) = self.fields.get("choice_explanations") else {
            return Some(None);
        };
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(
                "choice_explanations",
                value,
                "a list of texts, one per choice",
            );
            return None;
        };
        let mut notes = Vec::with_capacity(array.len());
        for (index, entry) in array.iter().enumerate() {
            let DeValue::String(text) = entry.get_ref() else {
                let found = describe(entry.get_ref());
                self.error(
                    "choice_explanations",
                    entry.span(),
                    format!("explanation {index} should be text in quotes (\"\" for none), found {found}"),
                );
                return None;
            };
            let text = text.trim();
            notes.push((!text.is_empty()).then(|| text.to_owned()));
        }
        match choice_count {
            Some(count) if count != notes.len() => {
                self.error(
                    "choice_explanations",
                    value.span(),
                    format!(
                        "lists {} explanations for {count} choices; give one per choice (\"\" for none)",
                        notes.len()
                    ),
                );
                None
            }
            _ => Some(Some(notes)),
        }
    }

    /// The `answer` of a multiple question: distinct indexes into `len` choices.
    fn choice_set(&mut self, len: usize) -> Option<BTreeSet<usize>> {
        let value = self.required(
            "answer",
            "list the indexes (from 0) of all the right choices, such as answer = [0, 2]",
        )?;
        let DeValue::Array(array) = value.get_ref() else {
            let message = format!(
                "expected a list of indexes such as [0, 2], found {}",
                describe(value.get_ref())
            );
            self.error("answer", value.span(), message);
            return None;
        };
        if array.is_empty() {
            self.error(
                "answer",
                value.span(),
                "lists no right choice; give at least one index",
            );
            return None;
        }
        let mut answer = BTreeSet::new();
        let mut ok = true;
        for entry in array.iter() {
            match self.index("answer", entry, len) {
                Some(index) if !answer.insert(index) => {
                    self.error(
                        "answer",
                        entry.span(),
                        format!("index {index} is listed twice"),
                    );
                    ok = false;
                }
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(answer)
    }
}
