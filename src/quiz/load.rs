//! Loading a quiz file: TOML text in, a checked [`Quiz`] or every problem found out.
//!
//! The text is parsed into a spanned TOML table, then each field is checked on its
//! own, so one pass reports all the problems of a file, each with its line, its
//! question and its field.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::error::{line_and_column, QuestionRef, QuizError};
use super::fields::{Fields, Report, Scope, Value};
use super::model::{Question, Quiz};
use super::predictors::Predictors;
use super::question_fields::KIND_FIELDS;

/// Quiz files larger than this are refused unread.
pub const MAX_QUIZ_FILE_BYTES: usize = 512 * 1024;

const TOP_LEVEL_FIELDS: [&str; 4] = ["title", "lesson", "description", "question"];
const COMMON_FIELDS: [&str; 5] = ["id", "kind", "section", "prompt", "explanation"];

/// Loads the quiz file `text`, named `file_name` in error messages. Predict questions
/// are checked against `predictors`. Returns every problem found, never panics.
pub fn parse_quiz(
    file_name: &str,
    text: &str,
    predictors: &dyn Predictors,
) -> Result<Quiz, Vec<QuizError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = Report {
        file: file_name,
        text,
        errors: Vec::new(),
    };
    if text.len() > MAX_QUIZ_FILE_BYTES {
        report.add(
            None,
            None,
            None,
            format!(
                "the file is {} KB; a quiz file may be at most {} KB",
                text.len() / 1024,
                MAX_QUIZ_FILE_BYTES / 1024
            ),
        );
        return Err(report.errors);
    }
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(error) => return Err(vec![syntax_error(file_name, text, &error)]),
    };
    let root = Fields::of(document.get_ref(), document.span());
    let mut scope = Scope {
        report: &mut report,
        question: None,
        fields: &root,
    };
    scope.reject_unknown(&TOP_LEVEL_FIELDS, None, "is not a quiz field");
    let title = scope.required_text("title", "every quiz needs a title");
    let lesson = scope.required_id("lesson", "name the lesson this quiz belongs to");
    let description = scope.text("description");
    let questions = read_questions(&mut report, &root, predictors);

    match (title, lesson, description, questions) {
        (Some(title), Some(lesson), Some(description), Some(questions))
            if report.errors.is_empty() =>
        {
            Ok(Quiz {
                title,
                lesson,
                description,
                questions,
            })
        }
        _ => {
            if report.errors.is_empty() {
                report.add(None, None, None, "the quiz could not be read");
            }
            Err(report.errors)
        }
    }
}

fn syntax_error(file_name: &str, text: &str, error: &toml::de::Error) -> QuizError {
    let place = error.span().map(|span| line_and_column(text, span.start));
    QuizError {
        file: file_name.to_owned(),
        line: place.map(|(line, _)| line),
        column: place.map(|(_, column)| column),
        question: None,
        field: None,
        message: format!("this is not valid TOML: {}", error.message().trim_end()),
    }
}

fn read_questions(
    report: &mut Report<'_>,
    root: &Fields<'_, '_>,
    predictors: &dyn Predictors,
) -> Option<Vec<Question>> {
    let Some(value) = root.get("question") else {
        report.add(
            None,
            None,
            Some("question"),
            "the quiz has no questions; start each one with a [[question]] line",
        );
        return None;
    };
    let DeValue::Array(array) = value.get_ref() else {
        let message = if matches!(value.get_ref(), DeValue::Table(_)) {
            "write [[question]] with double brackets before each question, so that they form a list"
        } else {
            "expected a list of questions, each started by a [[question]] line"
        };
        report.add(Some(value.span()), None, Some("question"), message);
        return None;
    };
    if array.is_empty() {
        report.add(
            Some(value.span()),
            None,
            Some("question"),
            "the quiz has no questions",
        );
        return None;
    }
    let mut first_use_of_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut questions = Vec::with_capacity(array.len());
    let mut all_read = true;
    for (position, value) in array.iter().enumerate() {
        match read_question(
            report,
            predictors,
            position + 1,
            value,
            &mut first_use_of_id,
        ) {
            Some(question) => questions.push(question),
            None => all_read = false,
        }
    }
    all_read.then_some(questions)
}

fn read_question(
    report: &mut Report<'_>,
    predictors: &dyn Predictors,
    number: usize,
    value: &Value<'_>,
    first_use_of_id: &mut BTreeMap<String, usize>,
) -> Option<Question> {
    let DeValue::Table(table) = value.get_ref() else {
        report.add(
            Some(value.span()),
            Some(&QuestionRef { number, id: None }),
            None,
            "expected the fields of a question, after a [[question]] line",
        );
        return None;
    };
    let fields = Fields::of(table, value.span());
    let id_text = fields.get("id").and_then(|id| match id.get_ref() {
        DeValue::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    });
    let errors_before = report.errors.len();
    let mut scope = Scope {
        report,
        question: Some(QuestionRef {
            number,
            id: id_text,
        }),
        fields: &fields,
    };

    let id = scope.required_id("id", "give the question a short id, unique in this file");
    if let Some(id) = &id {
        if let Some(&first) = first_use_of_id.get(id) {
            let span = fields.span_of("id");
            scope.error(
                "id",
                span,
                format!(
                    "question {number} uses the same id as question {first}; ids must be unique"
                ),
            );
        } else {
            first_use_of_id.insert(id.clone(), number);
        }
    }
    let kind = scope.kind();
    let section = scope.required_text("section", "name the lesson section this question tests");
    let prompt = scope.required_text("prompt", "write the question itself");
    let explanation = scope.required_text(
        "explanation",
        "explain the answer (the page shows it after an answer is checked)",
    );
    scope.reject_unknown(
        &COMMON_FIELDS,
        Some(&KIND_FIELDS),
        "is not a question field",
    );
    let body = kind.and_then(|kind| {
        scope.reject_inapplicable(kind);
        scope.body(kind, id.as_deref().unwrap_or_default(), predictors)
    });

    if report.errors.len() > errors_before {
        return None;
    }
    Some(Question {
        number,
        id: id?,
        section: section?,
        prompt: prompt?,
        explanation: explanation?,
        body: body?,
    })
}
