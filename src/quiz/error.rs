//! Problems found in a quiz file, each naming the file, the place, the question and the field.

use std::fmt;

/// Which question a [`QuizError`] is about: its id when it has a usable one,
/// otherwise its position in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionRef {
    /// Position of the question in the file, counting from 1.
    pub number: usize,
    /// The question's id, when the file gives one that is a string.
    pub id: Option<String>,
}

impl fmt::Display for QuestionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "question \"{id}\""),
            None => write!(f, "question {}", self.number),
        }
    }
}

/// One problem in a quiz file.
///
/// Displays as, for example:
/// `my-quiz.toml, line 14: question "q2", field "answer": index 5 is out of range (3 choices)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizError {
    /// The file name the quiz was loaded under.
    pub file: String,
    /// Line in the file (from 1), when the problem has a place.
    pub line: Option<usize>,
    /// Column in the line (from 1); given for syntax errors only.
    pub column: Option<usize>,
    /// The question concerned, if any.
    pub question: Option<QuestionRef>,
    /// The field concerned, if any (`"answer"`, `"choices"`, `"title"` …).
    pub field: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for QuizError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(question) = &self.question {
            write!(f, "{question}, ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for QuizError {}

/// Line and column (both from 1) of a byte offset in `text`. Offsets past the end
/// or inside a character are clamped, never a panic.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, column)
}
