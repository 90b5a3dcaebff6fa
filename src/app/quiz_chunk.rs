//! The quiz as its own chunk of the wasm (with the quiz file parser and the quiz
//! widgets): fetched when a page shows a quiz, or when the home page shows the progress
//! of a lesson the student has started. A new visitor's home page and an embedded
//! simulation never fetch it.

use leptos::prelude::*;

use super::chunks::fetch_chunk;
use crate::embed::Params;
use crate::lessons::Lesson;
use crate::ui::gate::{gate, Waiting};
use crate::ui::storage::progress_store;

/// What the quiz chunk offers the page.
pub struct QuizViews {
    /// The inside of a lesson's quiz area.
    pub area: fn(&'static Lesson, Params) -> AnyView,
    /// A started lesson's progress line, graded again from its quiz file.
    pub progress: fn(&'static Lesson) -> AnyView,
}

crate::on_demand!(quiz, fn load_quiz_views() -> QuizViews = super::lesson_quiz::QUIZ_VIEWS);

/// Whether the lesson page has a quiz: the lesson's own, or an instructor's (`&quiz=`).
pub fn has_quiz(lesson: &Lesson, params: &Params) -> bool {
    lesson.quiz_file.is_some() || params.quiz.is_some()
}

/// The quiz area of a lesson page, if it has a quiz.
#[component]
pub fn LessonQuiz(lesson: &'static Lesson, params: Params) -> impl IntoView {
    if !has_quiz(lesson, &params) {
        return ().into_any();
    }
    let waiting = Waiting {
        loading: "Loading the quiz…",
        what: "The quiz",
        test_id: "quiz-code",
    };
    let area = gate(fetch_chunk(load_quiz_views), waiting, move |views| {
        (views.area)(lesson, params.clone())
    });
    view! { <section class="quiz-area" aria-label="Quiz" id="quiz">{area}</section> }.into_any()
}

/// The student's progress in one lesson, as shown on the home page. A lesson with no
/// saved answer is "not started" without fetching anything.
#[component]
pub fn LessonProgress(lesson: &'static Lesson) -> impl IntoView {
    let started = progress_store().progress().with_untracked(|progress| {
        progress
            .lesson(lesson.id)
            .is_some_and(|l| !l.answers.is_empty())
    });
    if !started {
        return progress_line(0, 0).into_any();
    }
    let waiting = Waiting {
        loading: "Quiz: checking your saved answers…",
        what: "Your quiz progress",
        test_id: "progress-code",
    };
    gate(fetch_chunk(load_quiz_views), waiting, move |views| {
        (views.progress)(lesson)
    })
    .into_any()
}

/// "Quiz: 3 of 12 correct" with a bar; `total` 0 means not started.
pub fn progress_line(correct: usize, total: usize) -> impl IntoView {
    let label = match correct {
        0 if total == 0 => "Quiz: not started".to_owned(),
        0 => format!("Quiz: {total} questions, not started"),
        c if c == total => format!("Quiz complete: {c} of {total} correct"),
        c => format!("Quiz: {c} of {total} correct"),
    };
    view! {
        <p class="lesson-progress" data-testid="lesson-progress">
            <progress max=total.max(1) value=correct aria-hidden="true"></progress>
            " "
            {label}
        </p>
    }
}
