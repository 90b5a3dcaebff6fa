//! Lesson `intro`: what a distributed system is.

use leptos::prelude::*;

use super::{Lesson, Scenario};

pub const LESSON: Lesson = Lesson {
    id: "intro",
    title: "What is a distributed system?",
    summary: "Many computers that look like one: why we build them, and the three things that make them hard.",
    reading,
    scenarios,
    quiz_file: None,
};

fn reading() -> AnyView {
    view! { <div class="prose" inner_html=crate::lesson_html!("intro/definition")></div> }
        .into_any()
}

fn scenarios() -> Vec<Scenario> {
    Vec::new()
}
