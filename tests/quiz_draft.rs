#![cfg(not(target_arch = "wasm32"))]
//! Drafts: form state becomes a response only when complete, and saved responses
//! come back as drafts.

use std::collections::BTreeSet;

use distlab::quiz::{parse_number, Draft, Input, Response};

fn choices(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("choice {n}")).collect()
}

#[test]
fn blank_drafts_are_incomplete_except_ordering() {
    let one = Input::OneOf {
        choices: choices(3),
    };
    let any = Input::AnyOf {
        choices: choices(3),
    };
    let order = Input::Order { items: choices(3) };
    assert_eq!(
        Draft::blank(&one).response(),
        Err("Choose an answer first.")
    );
    assert!(Draft::blank(&any).response().is_err());
    assert!(Draft::blank(&Input::TrueFalse).response().is_err());
    assert!(Draft::blank(&Input::Number { unit: None })
        .response()
        .is_err());
    assert_eq!(
        Draft::blank(&order).response(),
        Ok(Response::Order(vec![0, 1, 2]))
    );
}

#[test]
fn complete_drafts_give_responses() {
    assert_eq!(Draft::OneOf(Some(2)).response(), Ok(Response::Choice(2)));
    assert_eq!(
        Draft::TrueFalse(Some(false)).response(),
        Ok(Response::Bool(false))
    );
    assert_eq!(
        Draft::Number(" 0,5 ".into()).response(),
        Ok(Response::Number(0.5))
    );
    assert!(Draft::Number("five".into()).response().is_err());

    let mut any = Draft::AnyOf(BTreeSet::new());
    any.toggle(2);
    any.toggle(0);
    any.toggle(1);
    any.toggle(1);
    assert_eq!(
        any.response(),
        Ok(Response::Choices(BTreeSet::from([0, 2])))
    );
}

#[test]
fn ordering_moves() {
    let mut draft = Draft::Order(vec![0, 1, 2, 3]);
    assert!(draft.move_item(3, 0));
    assert_eq!(draft, Draft::Order(vec![3, 0, 1, 2]));
    assert!(draft.move_item(1, 2));
    assert_eq!(draft, Draft::Order(vec![3, 1, 0, 2]));
    assert!(!draft.move_item(0, 4), "out of range");
    assert!(!draft.move_item(2, 2));
    assert!(!Draft::OneOf(None).move_item(0, 1));
}

#[test]
fn saved_responses_come_back_when_they_still_fit() {
    let one = Input::OneOf {
        choices: choices(2),
    };
    assert_eq!(
        Draft::from_response(&one, &Response::Choice(1)),
        Draft::OneOf(Some(1))
    );
    assert_eq!(
        Draft::from_response(&one, &Response::Choice(5)),
        Draft::OneOf(None)
    );
    assert_eq!(
        Draft::from_response(&one, &Response::Bool(true)),
        Draft::OneOf(None)
    );

    let order = Input::Order { items: choices(3) };
    assert_eq!(
        Draft::from_response(&order, &Response::Order(vec![2, 0, 1])),
        Draft::Order(vec![2, 0, 1])
    );
    assert_eq!(
        Draft::from_response(&order, &Response::Order(vec![0, 0, 1])),
        Draft::Order(vec![0, 1, 2])
    );
    let number = Input::Number { unit: None };
    assert_eq!(
        Draft::from_response(&number, &Response::Number(-2.5)),
        Draft::Number("-2.5".into())
    );
    assert_eq!(
        Draft::from_response(&number, &Response::Number(f64::NAN)),
        Draft::Number(String::new())
    );
}

#[test]
fn numbers_as_students_type_them() {
    for (text, expected) in [
        ("42", 42.0),
        (" 3.5 ", 3.5),
        ("+7", 7.0),
        ("-0,25", -0.25),
        ("1e3", 1000.0),
    ] {
        assert_eq!(parse_number(text), Some(expected), "{text}");
    }
    for text in [
        "", "inf", "NaN", "infinity", "1,000.5", "12 ms", "1.2.3", "--1", "1e999",
    ] {
        assert_eq!(parse_number(text), None, "{text}");
    }
}
