#![cfg(not(target_arch = "wasm32"))]
//! Grading every kind of question: right answers, wrong answers, edge cases, and
//! responses of the wrong kind.

use std::collections::BTreeSet;

use distlab::quiz::{
    grade, parse_quiz, FixedPredictors, Input, NoPredictors, Question, Quiz, Response, Reveal,
};

const QUIZ: &str = r#"
title = "Grading"
lesson = "grading"

[[question]]
id = "single"
kind = "single"
section = "S"
prompt = "Pick b."
choices = ["a", "b", "c"]
answer = 1
choice_explanations = ["not a", "", "not c"]
explanation = "b it is."

[[question]]
id = "multiple"
kind = "multiple"
section = "S"
prompt = "Pick a and c."
choices = ["a", "b", "c"]
answer = [2, 0]
explanation = "a and c."

[[question]]
id = "true-false"
kind = "true-false"
section = "S"
prompt = "False?"
answer = false
explanation = "False."

[[question]]
id = "numeric"
kind = "numeric"
section = "S"
prompt = "About 0.3 s?"
answer = 0.3
tolerance = 0.1
unit = "s"
explanation = "0.3 s."

[[question]]
id = "exact"
kind = "numeric"
section = "S"
prompt = "Exactly 42?"
answer = 42
explanation = "42."

[[question]]
id = "ordering"
kind = "ordering"
section = "S"
prompt = "Order them."
items = ["first", "second", "third", "fourth"]
explanation = "In order."

[[question]]
id = "predict"
kind = "predict"
section = "S"
predict = "demo.winner"
prompt = "Which wins?"
choices = ["W1", "W2"]
explanation = "The run shows it."
"#;

fn predictors() -> FixedPredictors {
    FixedPredictors::new().with("demo.winner", 2, Some(1), "demo.scenario")
}

fn quiz() -> Quiz {
    parse_quiz("grading.toml", QUIZ, &predictors()).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

fn question<'q>(quiz: &'q Quiz, id: &str) -> &'q Question {
    quiz.question(id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

fn is_right(quiz: &Quiz, id: &str, response: Response) -> bool {
    grade(question(quiz, id), &response, &predictors()).correct
}

/// The response that puts the shown items of `id` back in `right_order`.
fn order_response(quiz: &Quiz, id: &str, right_order: &[&str]) -> Response {
    let Input::Order { items } = question(quiz, id).public().input else {
        panic!("{id} is not an ordering question");
    };
    Response::Order(
        right_order
            .iter()
            .map(|item| {
                items
                    .iter()
                    .position(|shown| shown == item)
                    .expect("item is shown")
            })
            .collect(),
    )
}

#[test]
fn single_choice() {
    let quiz = quiz();
    assert!(is_right(&quiz, "single", Response::Choice(1)));
    assert!(!is_right(&quiz, "single", Response::Choice(0)));
    assert!(!is_right(&quiz, "single", Response::Choice(99)));
    assert!(!is_right(&quiz, "single", Response::Choice(usize::MAX)));

    let graded = grade(
        question(&quiz, "single"),
        &Response::Choice(0),
        &NoPredictors,
    );
    assert!(!graded.correct);
    assert_eq!(graded.answer, Reveal::Choice(1));
    assert_eq!(graded.answer_text, "b");
    assert_eq!(graded.explanation, "b it is.");
    assert_eq!(
        graded.choice_explanations,
        [Some("not a".to_owned()), None, Some("not c".to_owned())]
    );
    assert_eq!(graded.scenario, None);
    assert_eq!(graded.note, None);
}

#[test]
fn multiple_choice_needs_the_exact_set() {
    let quiz = quiz();
    let set = |indexes: &[usize]| Response::Choices(indexes.iter().copied().collect());
    assert!(is_right(&quiz, "multiple", set(&[0, 2])));
    assert!(is_right(&quiz, "multiple", set(&[2, 0])));
    assert!(!is_right(&quiz, "multiple", set(&[0])), "a subset is wrong");
    assert!(
        !is_right(&quiz, "multiple", set(&[0, 1, 2])),
        "a superset is wrong"
    );
    assert!(!is_right(&quiz, "multiple", set(&[])));
    assert!(!is_right(&quiz, "multiple", set(&[0, 2, 7])));
    let graded = grade(question(&quiz, "multiple"), &set(&[0]), &NoPredictors);
    assert_eq!(graded.answer, Reveal::Choices(BTreeSet::from([0, 2])));
    assert_eq!(graded.answer_text, "a\nc");
}

#[test]
fn true_false() {
    let quiz = quiz();
    assert!(is_right(&quiz, "true-false", Response::Bool(false)));
    assert!(!is_right(&quiz, "true-false", Response::Bool(true)));
    let graded = grade(
        question(&quiz, "true-false"),
        &Response::Bool(true),
        &NoPredictors,
    );
    assert_eq!(
        (graded.answer, graded.answer_text.as_str()),
        (Reveal::Bool(false), "False")
    );
}

#[test]
fn numeric_within_tolerance_inclusive() {
    let quiz = quiz();
    for right in [0.3, 0.2, 0.4, 0.25, 0.399_999] {
        assert!(
            is_right(&quiz, "numeric", Response::Number(right)),
            "{right}"
        );
    }
    for wrong in [
        0.41,
        0.19,
        -0.3,
        3.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert!(
            !is_right(&quiz, "numeric", Response::Number(wrong)),
            "{wrong}"
        );
    }
    let graded = grade(
        question(&quiz, "numeric"),
        &Response::Number(1.0),
        &NoPredictors,
    );
    assert_eq!(graded.answer_text, "0.3 s (± 0.1)");
    assert_eq!(
        graded.answer,
        Reveal::Number {
            value: 0.3,
            tolerance: 0.1,
            unit: Some("s".to_owned())
        }
    );
}

#[test]
fn numeric_without_tolerance_is_exact() {
    let quiz = quiz();
    assert!(is_right(&quiz, "exact", Response::Number(42.0)));
    assert!(!is_right(&quiz, "exact", Response::Number(42.001)));
    assert!(!is_right(&quiz, "exact", Response::Number(41.0)));
    let graded = grade(
        question(&quiz, "exact"),
        &Response::Number(1.0),
        &NoPredictors,
    );
    assert_eq!(graded.answer_text, "42");
}

#[test]
fn ordering() {
    let quiz = quiz();
    let right = order_response(&quiz, "ordering", &["first", "second", "third", "fourth"]);
    assert!(is_right(&quiz, "ordering", right.clone()));
    let swapped = order_response(&quiz, "ordering", &["second", "first", "third", "fourth"]);
    assert!(!is_right(&quiz, "ordering", swapped));
    assert!(
        !is_right(&quiz, "ordering", Response::Order(vec![0, 1, 2, 3])),
        "shown order is never right"
    );
    assert!(!is_right(&quiz, "ordering", Response::Order(vec![])));
    assert!(!is_right(
        &quiz,
        "ordering",
        Response::Order(vec![0, 0, 0, 0])
    ));
    assert!(!is_right(
        &quiz,
        "ordering",
        Response::Order(vec![9, 1, 2, 3])
    ));
    let Response::Order(mut too_long) = right.clone() else {
        unreachable!()
    };
    too_long.push(0);
    assert!(!is_right(&quiz, "ordering", Response::Order(too_long)));

    let graded = grade(
        question(&quiz, "ordering"),
        &Response::Order(vec![]),
        &NoPredictors,
    );
    assert_eq!(
        graded.answer_text,
        "1. first\n2. second\n3. third\n4. fourth"
    );
    let Response::Order(right_positions) = right else {
        unreachable!()
    };
    assert_eq!(graded.answer, Reveal::Order(right_positions));
}

#[test]
fn predict_is_decided_by_the_predictor() {
    let quiz = quiz();
    let predict = question(&quiz, "predict");
    let graded = grade(predict, &Response::Choice(1), &predictors());
    assert!(graded.correct);
    assert_eq!(graded.scenario.as_deref(), Some("demo.scenario"));
    assert_eq!(graded.answer_text, "W2");

    let other_run = FixedPredictors::new().with("demo.winner", 2, Some(0), "demo.scenario");
    assert!(!grade(predict, &Response::Choice(1), &other_run).correct);
    assert!(grade(predict, &Response::Choice(0), &other_run).correct);
}

#[test]
fn predict_without_a_result_is_never_right() {
    let quiz = quiz();
    let predict = question(&quiz, "predict");
    let failed = FixedPredictors::new().with("demo.winner", 2, None, "demo.scenario");
    let graded = grade(predict, &Response::Choice(0), &failed);
    assert!(!graded.correct);
    assert_eq!(graded.answer, Reveal::Unavailable);
    assert!(graded.note.is_some());

    let out_of_range = FixedPredictors::new().with("demo.winner", 2, Some(5), "demo.scenario");
    let graded = grade(predict, &Response::Choice(5), &out_of_range);
    assert!(!graded.correct);
    assert_eq!(graded.answer, Reveal::Unavailable);

    assert!(!grade(predict, &Response::Choice(1), &NoPredictors).correct);
}

#[test]
fn responses_of_the_wrong_kind_are_wrong_with_a_note() {
    let quiz = quiz();
    let wrong_kinds = [
        ("single", Response::Bool(true)),
        ("single", Response::Choices(BTreeSet::from([1]))),
        ("multiple", Response::Choice(0)),
        ("true-false", Response::Number(0.0)),
        ("numeric", Response::Choice(0)),
        ("ordering", Response::Choices(BTreeSet::new())),
        ("predict", Response::Order(vec![1])),
    ];
    for (id, response) in wrong_kinds {
        let graded = grade(question(&quiz, id), &response, &predictors());
        assert!(!graded.correct, "{id} {response:?}");
        assert!(graded.note.is_some(), "{id} {response:?}");
        assert!(!graded.explanation.is_empty());
    }
}
