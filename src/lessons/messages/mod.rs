//! Lesson `messages`: message passing and why networks are unreliable — delay,
//! duplication, reordering and loss; the four cases a sender cannot tell apart; and
//! timeouts, retries and idempotency.
//!
//! Scenarios: [`sequence`] (a request fanning out to two servers), [`retry`] (timeouts,
//! retries and an idempotency switch), [`mystery`] (guess why no reply came), and the
//! hidden benchmark [`bench`], opened only by its address.

use leptos::prelude::*;

use super::{Lesson, Scenario};
use crate::embed::Params;
use crate::ui::nav::Nav;

pub mod bench;
pub mod mystery;
pub mod retry;
pub mod sequence;

pub const LESSON_ID: &str = "messages";

pub const LESSON: Lesson = Lesson {
    id: LESSON_ID,
    title: "Message passing and unreliable networks",
    summary: "Nodes only know what messages tell them — and messages get delayed, duplicated, reordered and lost. Timeouts, retries and idempotency.",
    reading,
    scenarios,
    quiz_file: Some(("messages/quiz.toml", include_str!("quiz.toml"))),
    predictors: &crate::quiz::NoPredictors,
};

fn reading() -> AnyView {
    view! {
        <div class="prose" inner_html=crate::lesson_html!("messages/text/passing")></div>
        <div class="prose" inner_html=crate::lesson_html!("messages/text/unreliable")></div>
        <div class="prose" inner_html=crate::lesson_html!("messages/text/cannot_tell")></div>
        <div class="prose" inner_html=crate::lesson_html!("messages/text/timeouts")></div>
    }
    .into_any()
}

/// The scenario the address asks for, if any (the benchmark and the idempotent variant
/// of the retry scenario are only offered when asked for by name).
fn asked_scenario() -> Option<String> {
    use_context::<Nav>().and_then(|nav| {
        nav.params()
            .with_untracked(|(params, _)| params.scenario.clone())
    })
}

fn scenarios() -> Vec<Scenario> {
    let asked = asked_scenario();
    if asked.as_deref() == Some(bench::NAME) {
        return vec![Scenario {
            name: bench::NAME,
            title: bench::TITLE,
            view: bench::view,
        }];
    }
    let retry = match asked.as_deref() == Some(retry::NAME_IDEMPOTENT) {
        true => Scenario {
            name: retry::NAME_IDEMPOTENT,
            title: retry::TITLE,
            view: retry_idempotent_view,
        },
        false => Scenario {
            name: retry::NAME,
            title: retry::TITLE,
            view: retry_view,
        },
    };
    vec![
        Scenario {
            name: sequence::NAME,
            title: sequence::TITLE,
            view: sequence::view,
        },
        retry,
        Scenario {
            name: mystery::NAME,
            title: mystery::TITLE,
            view: mystery::view,
        },
    ]
}

fn retry_view(params: &Params) -> AnyView {
    retry::view(params, false)
}

fn retry_idempotent_view(params: &Params) -> AnyView {
    retry::view(params, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{parse_quiz, Kind, NoPredictors};

    #[test]
    fn the_quiz_file_loads() {
        let (name, text) = LESSON.quiz_file.expect("the lesson has a quiz");
        let quiz = parse_quiz(name, text, &NoPredictors).unwrap_or_else(|errors| {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert_eq!(quiz.lesson(), LESSON_ID);
        assert!(quiz.len() >= 8);
        for kind in [
            Kind::Single,
            Kind::Multiple,
            Kind::TrueFalse,
            Kind::Ordering,
            Kind::Numeric,
        ] {
            assert!(
                quiz.questions().iter().any(|q| q.kind() == kind),
                "no {kind:?} question"
            );
        }
    }

    #[test]
    fn scenarios_have_distinct_names() {
        let names: Vec<_> = scenarios().iter().map(|s| s.name).collect();
        assert_eq!(names, [sequence::NAME, retry::NAME, mystery::NAME]);
    }
}
