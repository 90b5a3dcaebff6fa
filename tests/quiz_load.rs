#![cfg(not(target_arch = "wasm32"))]
//! Loading quiz files: the example quiz, every kind of question, and error reports
//! that name the file, the question and the field.

use distlab::quiz::{
    parse_quiz, FixedPredictors, Input, Kind, NoPredictors, QuizError, MAX_QUIZ_FILE_BYTES,
};

const EXAMPLE: &str = include_str!("../public/example-quiz.toml");

fn clocks_predictors() -> FixedPredictors {
    FixedPredictors::new().with("clocks.lww-winner", 2, Some(0), "clocks.lww-skew")
}

const HEADER: &str = "title = \"T\"\nlesson = \"clocks\"\n";

/// A quiz with one question made of `fields`, loaded without predictors.
fn errors_of_question(fields: &str) -> Vec<QuizError> {
    let text = format!("{HEADER}\n[[question]]\n{fields}");
    match parse_quiz("my-quiz.toml", &text, &clocks_predictors()) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(errors) => errors,
    }
}

fn single_error_of_question(fields: &str) -> QuizError {
    let errors = errors_of_question(fields);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, got {errors:#?}"
    );
    errors.into_iter().next().expect("one error")
}

fn assert_names(error: &QuizError, question: &str, field: &str, message_part: &str) {
    let shown = error.to_string();
    assert!(shown.starts_with("my-quiz.toml"), "{shown}");
    assert!(shown.contains(question), "{shown} should name {question}");
    assert!(
        shown.contains(&format!("field \"{field}\"")),
        "{shown} should name field {field}"
    );
    assert!(
        shown.contains(message_part),
        "{shown} should say {message_part}"
    );
    assert_eq!(error.field.as_deref(), Some(field));
}

const GOOD_SINGLE: &str = "id = \"q2\"\nkind = \"single\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nchoices = [\"a\", \"b\", \"c\"]\n";

#[test]
fn example_quiz_loads_with_every_kind() {
    let quiz = parse_quiz("example-quiz.toml", EXAMPLE, &clocks_predictors())
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(quiz.lesson(), "clocks");
    assert_eq!(quiz.title(), "Clocks and ordering");
    assert!(quiz.description().is_some());
    let kinds: Vec<Kind> = quiz.questions().iter().map(|q| q.kind()).collect();
    for kind in Kind::ALL {
        assert!(kinds.contains(&kind), "example lacks {kind:?}");
    }
    for (position, question) in quiz.questions().iter().enumerate() {
        assert_eq!(question.number(), position + 1);
        assert!(!question.section().is_empty());
    }
}

#[test]
fn example_quiz_without_the_lesson_predictor_is_rejected() {
    let errors = parse_quiz("example-quiz.toml", EXAMPLE, &NoPredictors).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0]
        .to_string()
        .contains("question \"last-writer-wins-skew\", field \"predict\": the lesson has no predictor named \"clocks.lww-winner\""));
}

#[test]
fn out_of_range_answer_names_file_line_question_and_field() {
    let error = single_error_of_question(&format!("{GOOD_SINGLE}answer = 5\n"));
    assert_eq!(
        error.to_string(),
        "my-quiz.toml, line 11: question \"q2\", field \"answer\": index 5 is out of range (3 choices, indexes 0 to 2)"
    );
    assert_eq!(error.file, "my-quiz.toml");
    assert_eq!(error.line, Some(11));
    let question = error.question.expect("names a question");
    assert_eq!((question.number, question.id.as_deref()), (1, Some("q2")));
}

#[test]
fn question_without_id_is_named_by_position() {
    let text = format!(
        "{HEADER}[[question]]\n{GOOD_SINGLE}answer = 0\n[[question]]\nkind = \"true-false\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nanswer = true\n"
    );
    let errors = parse_quiz("my-quiz.toml", &text, &NoPredictors).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_names(&errors[0], "question 2", "id", "is missing");
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    let errors = errors_of_question(
        "id = \"q1\"\nkind = \"single\"\nprompt = \"\"\nchoices = []\nanswer = \"a\"\nexplaination = \"E\"\n",
    );
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    for field in [
        "section",
        "prompt",
        "explanation",
        "explaination",
        "choices",
    ] {
        assert!(fields.contains(&field), "no error for {field}: {errors:#?}");
    }
}

#[test]
fn syntax_error_gives_line_and_column() {
    let text = "title = \"T\"\nlesson = clocks\n";
    let errors = parse_quiz("broken.toml", text, &NoPredictors).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(2));
    assert_eq!(errors[0].column, Some(10));
    let shown = errors[0].to_string();
    assert!(
        shown.starts_with("broken.toml, line 2, column 10: this is not valid TOML"),
        "{shown}"
    );
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let error = single_error_of_question(
        "id = \"q\"\nkind = \"singel\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\n",
    );
    assert_names(&error, "question \"q\"", "kind", "did you mean \"single\"");
}

#[test]
fn missing_common_fields_are_each_named() {
    let errors = errors_of_question("id = \"q\"\n");
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, ["kind", "section", "prompt", "explanation"]);
    for error in &errors {
        assert!(error.to_string().contains("is missing"), "{error}");
    }
}

#[test]
fn wrong_types_are_reported() {
    let error = single_error_of_question(
        "id = \"q\"\nkind = \"true-false\"\nsection = \"S\"\nprompt = 3\nexplanation = \"E\"\nanswer = true\n",
    );
    assert_names(
        &error,
        "question \"q\"",
        "prompt",
        "expected text in quotes, found a whole number",
    );

    let error = single_error_of_question(
        "id = \"q\"\nkind = \"true-false\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nanswer = \"true\"\n",
    );
    assert_names(&error, "question \"q\"", "answer", "without quotes");
}

#[test]
fn single_answer_errors() {
    for (answer, message) in [
        ("-1", "choices are counted from 0"),
        ("\"b\"", "not its text"),
        ("[0, 1]", "use kind = \"multiple\""),
        ("1.0", "found a decimal number"),
    ] {
        let error = single_error_of_question(&format!("{GOOD_SINGLE}answer = {answer}\n"));
        assert_names(&error, "question \"q2\"", "answer", message);
    }
    let error = single_error_of_question(GOOD_SINGLE);
    assert_names(&error, "question \"q2\"", "answer", "is missing");
}

#[test]
fn multiple_answer_errors() {
    let base = "id = \"m\"\nkind = \"multiple\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nchoices = [\"a\", \"b\", \"c\"]\n";
    for (answer, message) in [
        ("1", "expected a list of indexes"),
        ("[]", "lists no right choice"),
        ("[0, 0]", "listed twice"),
        ("[0, 3]", "index 3 is out of range (3 choices"),
    ] {
        let error = single_error_of_question(&format!("{base}answer = {answer}\n"));
        assert_names(&error, "question \"m\"", "answer", message);
    }
}

#[test]
fn choice_list_errors() {
    let base = "id = \"c\"\nkind = \"single\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nanswer = 0\n";
    for (choices, message) in [
        ("[]", "lists 0 choice(s); a question needs at least 2"),
        ("[\"only\"]", "at least 2"),
        (
            "[\"a\", \"a\"]",
            "the choices at index 0 and 1 are the same",
        ),
        ("[\"a\", \"  \"]", "choice 1 is empty"),
        ("[\"a\", 2]", "choice 1 should be text in quotes"),
        ("\"a, b\"", "expected a list of choices"),
    ] {
        let error = single_error_of_question(&format!("{base}choices = {choices}\n"));
        assert_names(&error, "question \"c\"", "choices", message);
    }
}

#[test]
fn choice_explanations_must_match_choices() {
    let error = single_error_of_question(&format!(
        "{GOOD_SINGLE}answer = 0\nchoice_explanations = [\"x\", \"\"]\n"
    ));
    assert_names(
        &error,
        "question \"q2\"",
        "choice_explanations",
        "lists 2 explanations for 3 choices",
    );
}

#[test]
fn numeric_errors() {
    let base =
        "id = \"n\"\nkind = \"numeric\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\n";
    let error = single_error_of_question(&format!("{base}answer = 3\ntolerance = -0.5\n"));
    assert_names(
        &error,
        "question \"n\"",
        "tolerance",
        "must not be negative",
    );
    let error = single_error_of_question(&format!("{base}answer = nan\n"));
    assert_names(&error, "question \"n\"", "answer", "finite");
    let error = single_error_of_question(&format!("{base}answer = inf\n"));
    assert_names(&error, "question \"n\"", "answer", "finite");
    let error = single_error_of_question(&format!("{base}answer = \"3\"\n"));
    assert_names(&error, "question \"n\"", "answer", "expected a number");
    let error = single_error_of_question(base);
    assert_names(&error, "question \"n\"", "answer", "is missing");
    let error = single_error_of_question(&format!("{base}answer = 3\nunit = \"\"\n"));
    assert_names(&error, "question \"n\"", "unit", "is empty");
}

#[test]
fn ordering_errors() {
    let base =
        "id = \"o\"\nkind = \"ordering\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\n";
    let error = single_error_of_question(&format!("{base}items = [\"a\"]\n"));
    assert_names(&error, "question \"o\"", "items", "at least 2");
    let error = single_error_of_question(&format!("{base}items = [\"a\", \"b\", \"a\"]\n"));
    assert_names(
        &error,
        "question \"o\"",
        "items",
        "the items at index 0 and 2 are the same",
    );
    let error =
        single_error_of_question(&format!("{base}items = [\"a\", \"b\"]\nanswer = [0, 1]\n"));
    assert_names(
        &error,
        "question \"o\"",
        "answer",
        "ordering questions take no answer",
    );
}

#[test]
fn predict_errors() {
    let base =
        "id = \"p\"\nkind = \"predict\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\n";
    let error = single_error_of_question(&format!(
        "{base}predict = \"clocks.nothing\"\nchoices = [\"a\", \"b\"]\n"
    ));
    assert_names(
        &error,
        "question \"p\"",
        "predict",
        "no predictor named \"clocks.nothing\"",
    );
    let error = single_error_of_question(&format!(
        "{base}predict = \"clocks.lww-winner\"\nchoices = [\"a\", \"b\", \"c\"]\n"
    ));
    assert_names(
        &error,
        "question \"p\"",
        "choices",
        "decides between 2 choices, this question lists 3",
    );
    let error = single_error_of_question(&format!(
        "{base}predict = \"clocks.lww-winner\"\nchoices = [\"a\", \"b\"]\nanswer = 1\n"
    ));
    assert_names(&error, "question \"p\"", "answer", "the simulation decides");
    let error = single_error_of_question(&format!("{base}choices = [\"a\", \"b\"]\n"));
    assert_names(&error, "question \"p\"", "predict", "is missing");
}

#[test]
fn fields_of_other_kinds_are_rejected() {
    let error = single_error_of_question(&format!("{GOOD_SINGLE}answer = 0\ntolerance = 1\n"));
    assert_names(
        &error,
        "question \"q2\"",
        "tolerance",
        "does not apply to this kind of question (kind \"single\")",
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let text = format!(
        "{HEADER}[[question]]\n{GOOD_SINGLE}answer = 0\n[[question]]\n{GOOD_SINGLE}answer = 1\n"
    );
    let errors = parse_quiz("my-quiz.toml", &text, &NoPredictors).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_names(
        &errors[0],
        "question \"q2\"",
        "id",
        "question 2 uses the same id as question 1",
    );
}

#[test]
fn unusable_ids_are_reported() {
    let error = single_error_of_question(
        &GOOD_SINGLE
            .replace("\"q2\"", "\"has space\"")
            .replace("choices", "answer = 0\nchoices"),
    );
    assert_names(&error, "question \"has space\"", "id", "is not a usable id");
}

#[test]
fn top_level_problems_name_their_field() {
    let question = format!("[[question]]\n{GOOD_SINGLE}answer = 0\n");
    let errors = parse_quiz(
        "q.toml",
        &format!("lesson = \"clocks\"\ntitel = \"T\"\n{question}"),
        &NoPredictors,
    )
    .unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown
        .iter()
        .any(|e| e.contains("field \"titel\": is not a quiz field; did you mean \"title\"?")));
    assert!(shown
        .iter()
        .any(|e| e.starts_with("q.toml, line 1: field \"title\": is missing")));

    let errors = parse_quiz("q.toml", HEADER, &NoPredictors).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0]
        .to_string()
        .contains("field \"question\": the quiz has no questions"));

    let errors = parse_quiz(
        "q.toml",
        &format!("{HEADER}[question]\nid = \"x\"\n"),
        &NoPredictors,
    )
    .unwrap_err();
    assert!(
        errors[0].to_string().contains("double brackets"),
        "{errors:#?}"
    );

    let errors = parse_quiz(
        "q.toml",
        &format!("title = \"T\"\nlesson = \"bad lesson\"\n{question}"),
        &NoPredictors,
    )
    .unwrap_err();
    assert_eq!(errors[0].field.as_deref(), Some("lesson"));
}

#[test]
fn oversized_files_are_refused() {
    let text = format!("{HEADER}# {}\n", "x".repeat(MAX_QUIZ_FILE_BYTES));
    let errors = parse_quiz("big.toml", &text, &NoPredictors).unwrap_err();
    assert!(errors[0].to_string().contains("at most"), "{errors:#?}");
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{HEADER}[[question]]\n{GOOD_SINGLE}answer = 0\n");
    assert!(parse_quiz("bom.toml", &text, &NoPredictors).is_ok());
}

#[test]
fn public_view_hides_the_answer_and_shuffles_ordering_items() {
    let quiz = parse_quiz("example-quiz.toml", EXAMPLE, &clocks_predictors()).expect("loads");
    let ordering = quiz.question("lamport-receive").expect("exists").public();
    let Input::Order { items } = &ordering.input else {
        panic!("ordering input expected, got {:?}", ordering.input);
    };
    assert_eq!(items.len(), 4);
    assert_ne!(
        items[0], "Read the timestamp the message carries.",
        "the first right item must not be shown first here"
    );
    assert_eq!(ordering.kind, Kind::Ordering);
    assert_eq!(
        quiz.question("lamport-receive").expect("exists").public(),
        ordering,
        "stable"
    );

    let numeric = quiz
        .question("drift-after-an-hour")
        .expect("exists")
        .public();
    assert_eq!(
        numeric.input,
        Input::Number {
            unit: Some("ms".to_owned())
        }
    );
    let debug = format!("{numeric:?}");
    assert!(
        !debug.contains("180"),
        "public view leaks the answer: {debug}"
    );
}
