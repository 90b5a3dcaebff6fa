#![cfg(not(target_arch = "wasm32"))]
//! Saved progress: the stored format, round trips, scores, retries, and records that
//! cannot be read.

use std::collections::BTreeSet;

use distlab::quiz::{parse_quiz, NoPredictors, ProblemCause, Progress, Quiz, Response, Score};

fn quiz() -> Quiz {
    let mut text = String::from("title = \"T\"\nlesson = \"clocks\"\n");
    for id in ["a", "b", "c"] {
        text.push_str(&format!(
            "[[question]]\nid = \"{id}\"\nkind = \"true-false\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nanswer = true\n"
        ));
    }
    parse_quiz("t.toml", &text, &NoPredictors).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

#[test]
fn nothing_stored_gives_fresh_progress_without_a_problem() {
    for raw in [None, Some(""), Some("  \n")] {
        let loaded = Progress::load(raw);
        assert_eq!(loaded.progress, Progress::new());
        assert_eq!(loaded.problem, None);
    }
}

#[test]
fn the_stored_format_is_versioned_json() {
    let mut progress = Progress::new();
    progress.record("clocks", "a", true, &Response::Choice(1));
    let json: serde_json::Value = serde_json::from_str(&progress.to_json()).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "version": 1,
            "lessons": { "clocks": { "answers": {
                "a": { "correct": true, "attempts": 1, "response": { "choice": 1 } }
            } } }
        })
    );
}

#[test]
fn every_response_kind_round_trips() {
    let mut progress = Progress::new();
    progress.record("l", "choice", true, &Response::Choice(2));
    progress.record(
        "l",
        "choices",
        false,
        &Response::Choices(BTreeSet::from([0, 3])),
    );
    progress.record("l", "bool", true, &Response::Bool(false));
    progress.record("l", "number", true, &Response::Number(-12.625));
    progress.record("l", "order", false, &Response::Order(vec![2, 0, 1]));
    progress.record("other \"lesson\" ✓", "q", true, &Response::Bool(true));
    progress.retry_question("l", "bool");

    let loaded = Progress::load(Some(&progress.to_json()));
    assert_eq!(loaded.problem, None);
    assert_eq!(loaded.progress, progress);
    let ids: Vec<&str> = loaded.progress.lesson_ids().collect();
    assert_eq!(ids, ["l", "other \"lesson\" ✓"]);
}

#[test]
fn non_finite_numbers_are_counted_but_not_stored() {
    let mut progress = Progress::new();
    progress.record("l", "n", false, &Response::Number(f64::NAN));
    let record = progress.answer("l", "n").expect("recorded");
    assert_eq!(
        (record.correct, record.attempts, &record.response),
        (Some(false), 1, &None)
    );
    let loaded = Progress::load(Some(&progress.to_json()));
    assert_eq!(loaded.problem, None);
    assert_eq!(loaded.progress, progress);
}

#[test]
fn score_counts_only_questions_of_the_current_quiz() {
    let quiz = quiz();
    let mut progress = Progress::new();
    assert_eq!(
        progress.score("clocks", &quiz),
        Score {
            correct: 0,
            answered: 0,
            total: 3
        }
    );
    progress.record("clocks", "a", true, &Response::Bool(true));
    progress.record("clocks", "b", false, &Response::Bool(false));
    progress.record("clocks", "removed-question", true, &Response::Bool(true));
    progress.record("other-lesson", "c", true, &Response::Bool(true));
    let score = progress.score("clocks", &quiz);
    assert_eq!(
        score,
        Score {
            correct: 1,
            answered: 2,
            total: 3
        }
    );
    assert!(!score.is_complete());
    assert_eq!(score.to_string(), "1 of 3 correct");
    assert_eq!(progress.missed("clocks", &quiz), ["b"]);

    progress.record("clocks", "c", false, &Response::Bool(false));
    assert!(progress.score("clocks", &quiz).is_complete());
    assert_eq!(progress.missed("clocks", &quiz), ["b", "c"]);
}

#[test]
fn attempts_count_and_retries_keep_them() {
    let quiz = quiz();
    let mut progress = Progress::new();
    progress.record("clocks", "a", false, &Response::Bool(false));
    progress.record("clocks", "a", true, &Response::Bool(true));
    assert_eq!(progress.answer("clocks", "a").map(|r| r.attempts), Some(2));

    progress.retry_question("clocks", "a");
    let record = progress.answer("clocks", "a").expect("kept");
    assert!(!record.is_answered());
    assert_eq!((record.attempts, &record.response), (2, &None));
    assert_eq!(progress.score("clocks", &quiz).answered, 0);

    progress.record("clocks", "a", true, &Response::Bool(true));
    progress.record("clocks", "b", false, &Response::Bool(false));
    progress.retry_lesson("clocks");
    assert_eq!(
        progress.score("clocks", &quiz),
        Score {
            correct: 0,
            answered: 0,
            total: 3
        }
    );
    assert_eq!(progress.answer("clocks", "a").map(|r| r.attempts), Some(3));
    assert!(progress.missed("clocks", &quiz).is_empty());

    progress.reset_lesson("clocks");
    assert_eq!(progress.answer("clocks", "a"), None);
    progress.record("x", "y", true, &Response::Bool(true));
    progress.reset_all();
    assert_eq!(progress, Progress::new());

    progress.retry_question("nowhere", "nothing");
    progress.retry_lesson("nowhere");
    assert_eq!(progress, Progress::new());
}

#[test]
fn unreadable_text_gives_fresh_progress_and_keeps_the_text() {
    for raw in [
        "{not json",
        "null",
        "[1, 2]",
        "\"text\"",
        "{\"lessons\": {}}",
        "{\"version\": \"1\"}",
    ] {
        let loaded = Progress::load(Some(raw));
        assert_eq!(loaded.progress, Progress::new(), "{raw}");
        let problem = loaded
            .problem
            .unwrap_or_else(|| panic!("no problem for {raw}"));
        assert_eq!(problem.raw, raw);
        let notice = problem.notice("distlab.progress.corrupt.1700000000000");
        assert!(
            notice.starts_with("Your saved progress could not be read ("),
            "{notice}"
        );
        assert!(
            notice.ends_with("); it was kept under \"distlab.progress.corrupt.1700000000000\" and a fresh record started."),
            "{notice}"
        );
    }
    let problem = Progress::load(Some("{oops")).problem.expect("problem");
    assert!(matches!(problem.cause, ProblemCause::NotJson(_)));
}

#[test]
fn wrong_shapes_are_problems() {
    for raw in [
        r#"{"version": 1, "lessons": []}"#,
        r#"{"version": 1, "lessons": {"l": {"answers": {"q": {"correct": "yes", "attempts": 1}}}}}"#,
        r#"{"version": 1, "lessons": {"l": {"answers": {"q": {"attempts": -1}}}}}"#,
        r#"{"version": 1, "lessons": {"l": {"answers": {"q": {"attempts": 1, "response": {"colour": 1}}}}}}"#,
        r#"{"version": 1, "lessons": {}, "extra": true}"#,
    ] {
        let loaded = Progress::load(Some(raw));
        assert_eq!(loaded.progress, Progress::new(), "{raw}");
        let problem = loaded
            .problem
            .unwrap_or_else(|| panic!("no problem for {raw}"));
        assert!(
            matches!(problem.cause, ProblemCause::WrongShape(_)),
            "{raw}: {problem:?}"
        );
    }
}

#[test]
fn unknown_versions_are_problems() {
    let newer = Progress::load(Some(r#"{"version": 2, "lessons": {}}"#));
    let problem = newer.problem.expect("problem");
    assert_eq!(problem.cause, ProblemCause::UnknownVersion(2));
    assert!(
        problem.notice("k").contains("newer DistLab"),
        "{}",
        problem.notice("k")
    );

    let older = Progress::load(Some(r#"{"version": 0}"#))
        .problem
        .expect("problem");
    assert_eq!(older.cause, ProblemCause::UnknownVersion(0));
}

#[test]
fn a_minimal_version_one_record_reads() {
    let loaded = Progress::load(Some(r#"{"version": 1}"#));
    assert_eq!(loaded.problem, None);
    let loaded = Progress::load(Some(r#"{"version": 1, "lessons": {"l": {}}}"#));
    assert_eq!(loaded.problem, None);
    assert!(loaded.progress.lesson("l").is_some());
}

#[test]
fn saved_correct_flags_are_graded_again_and_misfits_dropped() {
    // Edited by hand: a wrong answer marked right, an answer of the wrong kind, a flag
    // with no answer at all, and a right answer with no attempts.
    let raw = r#"{"version": 1, "lessons": {"clocks": {"answers": {
        "a": {"correct": true, "attempts": 1, "response": {"bool": false}},
        "b": {"correct": true, "attempts": 3, "response": {"choice": 99}},
        "c": {"correct": true, "attempts": 0}
    }}}}"#;
    let mut progress = Progress::load(Some(raw)).progress;
    let quiz = quiz();
    assert_eq!(progress.score("clocks", &quiz).correct, 3, "as stored");
    assert!(progress.regrade("clocks", &quiz, &NoPredictors));
    let score = progress.score("clocks", &quiz);
    assert_eq!((score.correct, score.answered), (0, 1), "{score:?}");
    let a = progress.answer("clocks", "a").expect("kept");
    assert_eq!(a.correct, Some(false), "graded again: false is wrong");
    assert_eq!(
        a.response,
        Some(Response::Bool(false)),
        "its answer is kept"
    );
    for id in ["b", "c"] {
        let record = progress.answer("clocks", id).expect("kept");
        assert_eq!((record.correct, &record.response), (None, &None), "{id}");
    }
    assert_eq!(progress.answer("clocks", "b").map(|r| r.attempts), Some(3));
    assert!(
        !progress.regrade("clocks", &quiz, &NoPredictors),
        "a second pass changes nothing"
    );

    let mut right = Progress::new();
    right.record("clocks", "a", true, &Response::Bool(true));
    let before = right.clone();
    assert!(!right.regrade("clocks", &quiz, &NoPredictors));
    assert_eq!(right, before, "honest progress is left as it is");
}

#[test]
fn a_saved_choice_the_question_does_not_show_is_dropped() {
    let text = "title = \"T\"\nlesson = \"l\"\n[[question]]\nid = \"s\"\nkind = \"single\"\nsection = \"S\"\nprompt = \"P\"\nexplanation = \"E\"\nchoices = [\"a\", \"b\"]\nanswer = 1\n";
    let quiz = parse_quiz("t.toml", text, &NoPredictors).unwrap_or_else(|e| panic!("{e:#?}"));
    for (choice, kept) in [(99, None), (2, None), (1, Some(true)), (0, Some(false))] {
        let mut progress = Progress::new();
        progress.record("l", "s", true, &Response::Choice(choice));
        progress.regrade("l", &quiz, &NoPredictors);
        let record = progress.answer("l", "s").expect("kept");
        assert_eq!(record.correct, kept, "choice {choice}");
        assert_eq!(record.response.is_some(), kept.is_some(), "choice {choice}");
    }
}
