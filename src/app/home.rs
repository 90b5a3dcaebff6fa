//! The home page: every lesson with its summary and the student's progress.

use leptos::prelude::*;

use crate::lessons;
use crate::ui::nav::{lesson_href, AppLink};

#[component]
pub fn Home() -> impl IntoView {
    let cards = lessons::all()
        .iter()
        .enumerate()
        .map(|(index, lesson)| {
            view! {
                <li class="lesson-card" data-lesson=lesson.id>
                    <span class="lesson-number" aria-hidden="true">{index + 1}</span>
                    <div>
                        <h2>
                            <AppLink href=lesson_href(lesson.id)>{lesson.title}</AppLink>
                        </h2>
                        <p>{lesson.summary}</p>
                        <super::quiz_chunk::LessonProgress lesson=lesson />
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="home" aria-labelledby="home-title">
            <h1 id="home-title">"Distributed systems, running in your browser"</h1>
            <p class="lede">
                "Each lesson pairs a short text with a live, deterministic cluster simulation: "
                "watch messages cross the network, break things on purpose, rewind, and check "
                "what you learned with a quiz."
            </p>
            <ol class="lesson-list">{cards}</ol>
        </section>
    }
}
