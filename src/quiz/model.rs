//! The quiz model: a lesson's quiz and its questions, with answer keys kept private.
//!
//! Nothing here hands the right answer to the page: the page shows a question through
//! [`Question::public`] and learns whether an answer is right only from
//! [`grade`](crate::quiz::grade).

use std::collections::BTreeSet;

use super::public::{Input, PublicQuestion};

/// The kinds of question a quiz file may contain, spelled in the file as
/// `single`, `multiple`, `true-false`, `numeric`, `ordering` and `predict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Pick the one right choice.
    Single,
    /// Select all the choices that apply.
    Multiple,
    /// Is the statement true or false?
    TrueFalse,
    /// A number, right within a tolerance, with an optional unit.
    Numeric,
    /// Put steps or events in the right order.
    Ordering,
    /// Predict what a simulation will do; the simulation decides the right choice.
    Predict,
}

impl Kind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [Kind; 6] = [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::Numeric,
        Kind::Ordering,
        Kind::Predict,
    ];

    /// The kind's name as written in a quiz file (`kind = "true-false"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "true-false",
            Kind::Numeric => "numeric",
            Kind::Ordering => "ordering",
            Kind::Predict => "predict",
        }
    }

    /// The kind named `name` in a quiz file, if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// A short description for people: "select all that apply", …
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Single => "single choice",
            Kind::Multiple => "select all that apply",
            Kind::TrueFalse => "true or false",
            Kind::Numeric => "numeric answer",
            Kind::Ordering => "put in order",
            Kind::Predict => "predict, then run",
        }
    }
}

/// One choice of a choice question.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Choice {
    pub(crate) text: String,
    /// Why this choice is right or wrong, shown after answering.
    pub(crate) explanation: Option<String>,
}

/// What a question asks for and what counts as right.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    Single {
        choices: Vec<Choice>,
        answer: usize,
    },
    Multiple {
        choices: Vec<Choice>,
        answer: BTreeSet<usize>,
    },
    TrueFalse {
        answer: bool,
    },
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: Option<String>,
    },
    Ordering {
        /// In the right order.
        items: Vec<String>,
        /// `shown[position]` is the index in `items` of the item shown at `position`.
        shown: Vec<usize>,
    },
    Predict {
        choices: Vec<Choice>,
        predictor: String,
    },
}

impl Body {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Body::Single { .. } => Kind::Single,
            Body::Multiple { .. } => Kind::Multiple,
            Body::TrueFalse { .. } => Kind::TrueFalse,
            Body::Numeric { .. } => Kind::Numeric,
            Body::Ordering { .. } => Kind::Ordering,
            Body::Predict { .. } => Kind::Predict,
        }
    }
}

/// One question of a quiz, loaded and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub(crate) number: usize,
    pub(crate) id: String,
    pub(crate) section: String,
    pub(crate) prompt: String,
    pub(crate) explanation: String,
    pub(crate) body: Body,
}

impl Question {
    /// The question's id, unique within its quiz.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Position in the quiz, counting from 1.
    pub fn number(&self) -> usize {
        self.number
    }

    /// The lesson section this question tests.
    pub fn section(&self) -> &str {
        &self.section
    }

    /// The question's kind.
    /// The predictor that decides a predict-then-run question.
    pub fn predictor(&self) -> Option<&str> {
        match &self.body {
            Body::Predict { predictor, .. } => Some(predictor),
            _ => None,
        }
    }

    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// What the page may show before the student answers: no answer key,
    /// no explanation, ordering items already shuffled.
    pub fn public(&self) -> PublicQuestion {
        let texts = |choices: &[Choice]| choices.iter().map(|choice| choice.text.clone()).collect();
        let input = match &self.body {
            Body::Single { choices, .. } | Body::Predict { choices, .. } => Input::OneOf {
                choices: texts(choices),
            },
            Body::Multiple { choices, .. } => Input::AnyOf {
                choices: texts(choices),
            },
            Body::TrueFalse { .. } => Input::TrueFalse,
            Body::Numeric { unit, .. } => Input::Number { unit: unit.clone() },
            Body::Ordering { items, shown } => Input::Order {
                items: shown
                    .iter()
                    .filter_map(|&index| items.get(index).cloned())
                    .collect(),
            },
        };
        PublicQuestion {
            number: self.number,
            id: self.id.clone(),
            section: self.section.clone(),
            prompt: self.prompt.clone(),
            kind: self.kind(),
            input,
        }
    }
}

/// A lesson's quiz, loaded from a quiz file and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    pub(crate) title: String,
    pub(crate) lesson: String,
    pub(crate) description: Option<String>,
    pub(crate) questions: Vec<Question>,
}

impl Quiz {
    /// The quiz's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The id of the lesson the quiz belongs to (`"clocks"`).
    pub fn lesson(&self) -> &str {
        &self.lesson
    }

    /// An optional introduction shown above the questions.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The questions, in file order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }

    /// Number of questions.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// True when the quiz has no questions (a loaded quiz file always has some).
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }
}
