//! The lesson registry: every lesson DistLab offers, in course order.
//!
//! A lesson is one folder you can read top to bottom: its text, the scenarios
//! its simulations run, and its quiz. Adding a lesson means adding its folder
//! and one line to [`all`].

use leptos::prelude::*;

pub mod intro;

/// A simulation a lesson offers in its simulation area.
pub struct Scenario {
    /// Stable name used in URLs (`&scenario=`).
    pub name: &'static str,
    /// Tab title.
    pub title: &'static str,
    /// Builds the live simulation widget for this scenario.
    pub view: fn(&crate::embed::Params) -> AnyView,
}

/// One lesson of the course.
pub struct Lesson {
    /// Stable id used in URLs (`?lesson=`).
    pub id: &'static str,
    pub title: &'static str,
    /// One line for the home page.
    pub summary: &'static str,
    /// The reading column: text and small inline illustrations.
    pub reading: fn() -> AnyView,
    /// The simulations shown in the simulation area, first one by default.
    pub scenarios: fn() -> Vec<Scenario>,
    /// The quiz file that ships with the lesson, as (file name, TOML text).
    pub quiz_file: Option<(&'static str, &'static str)>,
}

/// Lesson ids reserved for the lessons of the course outline.
pub const RESERVED_IDS: [&str; 6] = [
    "intro",
    "messages",
    "load-balancing",
    "replication",
    "clocks",
    "cap",
];

/// Every lesson that exists, in course order.
pub fn all() -> &'static [Lesson] {
    static LESSONS: [Lesson; 1] = [intro::LESSON];
    &LESSONS
}

/// Finds a lesson by id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|lesson| lesson.id == id)
}

/// Renders Markdown that was turned into HTML at build time (see `build.rs`).
#[macro_export]
macro_rules! lesson_html {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/lessons/", $path, ".html"))
    };
}
