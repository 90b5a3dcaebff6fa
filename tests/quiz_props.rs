#![cfg(not(target_arch = "wasm32"))]
//! Property tests: no input, however malformed, makes the quiz engine panic.

use distlab::quiz::{grade, parse_quiz, FixedPredictors, Input, Progress, Quiz, Response};
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../public/example-quiz.toml");

fn predictors() -> FixedPredictors {
    FixedPredictors::new().with("clocks.lww-winner", 2, Some(1), "clocks.lww-skew")
}

fn example() -> Quiz {
    parse_quiz("example-quiz.toml", EXAMPLE, &predictors()).expect("example loads")
}

/// TOML-flavoured text, more likely than random bytes to get past the parser.
fn tomlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[[question]]\n",
        "[question]\n",
        "title = \"T\"\n",
        "lesson = \"clocks\"\n",
        "id = \"q\"\n",
        "id = 3\n",
        "kind = \"single\"\n",
        "kind = \"multiple\"\n",
        "kind = \"numeric\"\n",
        "kind = \"ordering\"\n",
        "kind = \"predict\"\n",
        "kind = \"true-false\"\n",
        "section = \"S\"\n",
        "prompt = \"P\"\n",
        "explanation = \"E\"\n",
        "choices = [\"a\", \"b\"]\n",
        "choices = []\n",
        "answer = 1\n",
        "answer = [0, 1]\n",
        "answer = true\n",
        "answer = -7\n",
        "answer = 1e400\n",
        "answer = nan\n",
        "tolerance = -1\n",
        "tolerance = 0.5\n",
        "unit = \"ms\"\n",
        "items = [\"x\", \"y\", \"z\"]\n",
        "items = [1]\n",
        "predict = \"clocks.lww-winner\"\n",
        "predict = \"nope\"\n",
        "choice_explanations = [\"\", \"why\"]\n",
        "answer = 99999999999999999999\n",
        "x = { a = [ [ ] ] }\n",
        "\"\u{1F600}\" = 1\n",
        "= \n",
        "\n",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

/// Any response at all, numbers included that no one would type.
fn any_response() -> impl Strategy<Value = Response> {
    prop_oneof![any::<f64>().prop_map(Response::Number), typed_response(),]
}

/// Responses as the page produces them: numbers are decimals a student types.
fn typed_response() -> impl Strategy<Value = Response> {
    prop_oneof![
        any::<usize>().prop_map(Response::Choice),
        prop::collection::btree_set(0usize..8, 0..5).prop_map(Response::Choices),
        any::<bool>().prop_map(Response::Bool),
        (-1_000_000_000i64..1_000_000_000, 0i32..6)
            .prop_map(|(digits, decimals)| Response::Number(digits as f64 / 10f64.powi(decimals))),
        prop::collection::vec(0usize..8, 0..8).prop_map(Response::Order),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_as_a_quiz_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_quiz("fuzz.toml", &text, &predictors());
    }

    #[test]
    fn tomlish_quiz_files_never_panic_and_errors_name_the_file(text in tomlish()) {
        match parse_quiz("fuzz.toml", &text, &predictors()) {
            Ok(quiz) => prop_assert!(!quiz.is_empty()),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(error.to_string().starts_with("fuzz.toml"));
                }
            }
        }
    }

    #[test]
    fn arbitrary_stored_progress_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let loaded = Progress::load(Some(&text));
        if let Some(problem) = &loaded.problem {
            prop_assert_eq!(&problem.raw, &text);
        }
    }

    #[test]
    fn json_shaped_progress_never_panics(text in r#"\{("version":(1|2|"1"|-1|1.5)|,|"lessons":\{("l":\{("answers":\{("q":\{("correct":(true|1)|,|"attempts":(0|4294967296)|"response":\{"(choice|order|number)":(1|\[1\]|null)\})*\})?\})?\})?\})*\}"#) {
        let loaded = Progress::load(Some(&text));
        if loaded.problem.is_none() {
            prop_assert_eq!(Progress::load(Some(&loaded.progress.to_json())), loaded);
        }
    }

    #[test]
    fn any_response_to_any_question_grades_without_panic(response in any_response()) {
        let quiz = example();
        for question in quiz.questions() {
            let graded = grade(question, &response, &predictors());
            prop_assert!(!graded.explanation.is_empty());
            if graded.correct {
                prop_assert!(response.fits(question.kind()));
            }
        }
    }

    #[test]
    fn progress_round_trips(records in prop::collection::vec(("[a-z\"\\\\ é]{0,6}", "[a-z0-9-]{1,6}", any::<bool>(), typed_response()), 0..20)) {
        let mut progress = Progress::new();
        for (lesson, question, correct, response) in &records {
            progress.record(lesson, question, *correct, response);
        }
        let loaded = Progress::load(Some(&progress.to_json()));
        prop_assert_eq!(loaded.problem, None);
        prop_assert_eq!(loaded.progress, progress);
    }

    #[test]
    fn ordering_items_never_start_in_the_right_order(id in "[a-z0-9._-]{1,20}", len in 2usize..9) {
        let items: Vec<String> = (0..len).map(|n| format!("\"item {n}\"")).collect();
        let text = format!(
            "title = \"T\"\nlesson = \"l\"\n[[question]]\nid = \"{id}\"\nkind = \"ordering\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nitems = [{}]\n",
            items.join(", ")
        );
        let quiz = parse_quiz("o.toml", &text, &predictors()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let question = &quiz.questions()[0];
        let Input::Order { items: shown } = question.public().input else {
            return Err(TestCaseError::fail("not an ordering input"));
        };
        let expected: Vec<String> = (0..len).map(|n| format!("item {n}")).collect();
        prop_assert_ne!(&shown, &expected);
        let mut sorted = shown.clone();
        sorted.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        prop_assert_eq!(sorted, expected_sorted);
        let identity: Vec<usize> = (0..len).collect();
        prop_assert!(!grade(question, &Response::Order(identity), &predictors()).correct);
        let right: Vec<usize> = expected.iter().filter_map(|item| shown.iter().position(|s| s == item)).collect();
        prop_assert!(grade(question, &Response::Order(right), &predictors()).correct);
    }
}

#[test]
fn deeply_nested_values_are_refused_without_overflowing_the_stack() {
    for opener in ["[", "{a=", "[{b=["] {
        let text = format!("title = {}", opener.repeat(100_000));
        let errors = parse_quiz("deep.toml", &text, &predictors()).expect_err("refused");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .starts_with("deep.toml, line 1, column"),
            "{}",
            errors[0]
        );
    }
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Progress::load(Some(&deep_json)).problem.is_some());
}
