//! Connects a lesson to its quiz: the built-in file or an instructor's own.

use leptos::prelude::*;

use crate::embed::Params;
use crate::lessons::Lesson;

/// The quiz area of a lesson page.
#[component]
pub fn LessonQuiz(lesson: &'static Lesson, params: Params) -> impl IntoView {
    let _ = (lesson, params);
}

/// The student's progress in one lesson, as shown on the home page.
#[component]
pub fn LessonProgress(lesson: &'static Lesson) -> impl IntoView {
    let _ = lesson;
}
