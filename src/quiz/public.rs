//! What the page may show of a question before it is answered.

use super::model::Kind;

/// A question as the student first sees it: everything but the answer and the
/// explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicQuestion {
    /// Position in the quiz, counting from 1.
    pub number: usize,
    /// The question's id.
    pub id: String,
    /// The lesson section the question tests.
    pub section: String,
    /// The question itself (plain text; line breaks are meaningful).
    pub prompt: String,
    /// The question's kind.
    pub kind: Kind,
    /// What the student answers with.
    pub input: Input,
}

/// The control a question needs, with the texts it shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// Pick one choice (single and predict questions); answer with
    /// [`Response::Choice`](crate::quiz::Response::Choice).
    OneOf { choices: Vec<String> },
    /// Select any number of choices; answer with
    /// [`Response::Choices`](crate::quiz::Response::Choices).
    AnyOf { choices: Vec<String> },
    /// True or false; answer with [`Response::Bool`](crate::quiz::Response::Bool).
    TrueFalse,
    /// A number in `unit`; answer with [`Response::Number`](crate::quiz::Response::Number).
    Number { unit: Option<String> },
    /// Items in their starting (shuffled, never already right) order; answer with
    /// [`Response::Order`](crate::quiz::Response::Order): positions in this list,
    /// in the order the student put them.
    Order { items: Vec<String> },
}
