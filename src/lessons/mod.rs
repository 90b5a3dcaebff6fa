//! The lesson registry: every lesson DistLab offers, in course order.
//!
//! A lesson is one folder you can read top to bottom: its text, the scenarios
//! its simulations run, and its quiz. Adding a lesson means adding its folder
//! and one line to [`all`].

use leptos::prelude::*;

use crate::quiz::Predictors;

pub mod clocks;
pub mod intro;
pub mod messages;
pub mod wall;

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
    /// Decides the lesson's predict-then-run questions (names start with `<id>.`)
    /// by running its simulations; `&NoPredictors` when it has none.
    pub predictors: &'static (dyn Predictors + Sync),
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
    static LESSONS: [Lesson; 3] = [intro::LESSON, messages::LESSON, clocks::LESSON];
    &LESSONS
}

/// Finds a lesson by id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|lesson| lesson.id == id)
}

/// Every lesson's predictors behind one lookup: a predictor named
/// `clocks.lww-winner` is answered by the `clocks` lesson. Instructor quiz files
/// for any lesson can use any of them.
pub struct CoursePredictors;

impl CoursePredictors {
    fn owner(name: &str) -> Option<&'static (dyn Predictors + Sync)> {
        let (lesson_id, _) = name.split_once('.')?;
        find(lesson_id).map(|lesson| lesson.predictors)
    }
}

impl Predictors for CoursePredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        Self::owner(name)?.expected_choices(name)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        Self::owner(name)?.correct_choice(name)
    }

    fn scenario(&self, name: &str) -> Option<String> {
        Self::owner(name)?.scenario(name)
    }
}

/// Renders Markdown that was turned into HTML at build time (see `build.rs`).
#[macro_export]
macro_rules! lesson_html {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/lessons/", $path, ".html"))
    };
}
