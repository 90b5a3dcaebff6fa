//! The lesson registry: every lesson DistLab offers, in course order.
//!
//! A lesson is one folder you can read top to bottom: its text, the scenarios
//! its simulations run, and its quiz. Adding a lesson means adding its folder
//! and one line to [`all`].

use leptos::prelude::*;

use crate::quiz::{Prediction, PredictionTable, Predictors};
use crate::ui::sim::Stage;

pub mod chunk;
pub mod clocks;
pub mod intro;
pub mod kit;
pub mod load_balancing;
pub mod messages;

/// A simulation a lesson offers in its simulation area. Its view is in the lesson's
/// [`LessonViews`], under the same name.
pub struct Scenario {
    /// Stable name used in URLs (`&scenario=`), unique across the course.
    pub name: &'static str,
    /// Tab title.
    pub title: &'static str,
    /// Whether it has a tab of its own or opens only when a link names it.
    pub listing: Listing,
}

/// Whether a scenario has a tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// A tab, in the lesson's order.
    Tab,
    /// Opens only when the address names it: in place of the tab `replaces`, or on its
    /// own when that is `None` (a benchmark scene, say).
    ByName { replaces: Option<&'static str> },
}

impl Scenario {
    /// A scenario with a tab of its own.
    pub const fn tab(name: &'static str, title: &'static str) -> Self {
        Scenario {
            name,
            title,
            listing: Listing::Tab,
        }
    }
}

/// The parts of a lesson that draw: its reading column and its live simulations. They
/// are the lesson's own chunk of the wasm in a release build, fetched when the lesson
/// first needs them ([`Lesson::views`]), so no other page pays for them.
pub struct LessonViews {
    /// The reading column: text and small inline illustrations.
    pub reading: fn() -> AnyView,
    /// One view per scenario of the lesson, in the same order.
    pub scenarios: &'static [ScenarioView],
}

/// Builds the live simulation widget of the scenario `name`.
pub struct ScenarioView {
    pub name: &'static str,
    pub view: fn(&Stage) -> AnyView,
}

impl LessonViews {
    /// The view of the scenario called `name`.
    pub fn scenario(&self, name: &str) -> Option<fn(&Stage) -> AnyView> {
        self.scenarios
            .iter()
            .find(|scenario| scenario.name == name)
            .map(|scenario| scenario.view)
    }
}

/// Loading a lesson's views: immediate in a build that is not split, a fetch of its
/// chunk in one that is (see [`chunk`]).
pub type ViewsLoad = chunk::ChunkLoad<LessonViews>;

/// One lesson of the course.
pub struct Lesson {
    /// Stable id used in URLs (`?lesson=`).
    pub id: &'static str,
    pub title: &'static str,
    /// One line for the home page.
    pub summary: &'static str,
    /// Loads the lesson's reading column and simulations ([`LessonViews`]).
    pub views: fn() -> ViewsLoad,
    /// The lesson's simulations, first one by default (see [`Lesson::tabs`]).
    pub scenarios: &'static [Scenario],
    /// The name of the quiz file that ships with the lesson (`quiz.toml` in its folder),
    /// served beside the page as `lessons/<id>/<name>` (see [`Lesson::quiz_url`]).
    pub quiz_file: Option<&'static str>,
    /// The outcomes of the lesson's predict-then-run questions (names start with
    /// `<id>.`), worked out by its `predictors` module; empty when it has none.
    pub predictions: &'static [Prediction],
}

impl Lesson {
    /// Where the page fetches the lesson's text (written by `build.rs`).
    pub fn text_url(&self) -> String {
        format!("lessons/{}/text.json", self.id)
    }

    /// Where the page fetches the lesson's own quiz file, if it has one.
    pub fn quiz_url(&self) -> Option<String> {
        self.quiz_file
            .map(|file| format!("lessons/{}/{file}", self.id))
    }

    /// The scenarios on show when the address asks for `asked`: every tab, with a
    /// by-name scenario in its place when it is the one asked for.
    pub fn tabs(&self, asked: Option<&str>) -> Vec<&'static Scenario> {
        let asked = self
            .scenarios
            .iter()
            .find(|s| Some(s.name) == asked && s.listing != Listing::Tab);
        if let Some(scenario) = asked {
            if scenario.listing == (Listing::ByName { replaces: None }) {
                return vec![scenario];
            }
        }
        self.scenarios
            .iter()
            .filter(|s| s.listing == Listing::Tab)
            .map(|tab| match asked {
                Some(by_name)
                    if by_name.listing
                        == (Listing::ByName {
                            replaces: Some(tab.name),
                        }) =>
                {
                    by_name
                }
                _ => tab,
            })
            .collect()
    }

    /// The scenario called `name`, tab or not.
    pub fn scenario(&self, name: &str) -> Option<&'static Scenario> {
        self.scenarios.iter().find(|s| s.name == name)
    }
}

/// Every lesson that exists, in course order.
pub fn all() -> &'static [Lesson] {
    static LESSONS: [Lesson; 4] = [
        intro::LESSON,
        messages::LESSON,
        load_balancing::LESSON,
        clocks::LESSON,
    ];
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
    fn owner(name: &str) -> Option<PredictionTable> {
        let (lesson_id, _) = name.split_once('.')?;
        find(lesson_id).map(|lesson| PredictionTable(lesson.predictions))
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
