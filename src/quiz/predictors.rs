//! Predict-then-run questions: the lesson, not the quiz file, knows the right answer.
//!
//! A predict question names a predictor (`predict = "clocks.lww-winner"`). The lesson
//! that owns the predictor runs its simulation scenario to find which choice is right,
//! and names the scenario the page shows once the student has answered.

use std::collections::BTreeMap;

/// What a lesson offers predict questions.
pub trait Predictors {
    /// How many choices a question bound to `name` must list, or `None` when this
    /// lesson has no predictor of that name. Used to validate quiz files.
    fn expected_choices(&self, name: &str) -> Option<usize>;

    /// The index (from 0) of the right choice, found by running the simulation,
    /// or `None` when it cannot be computed.
    fn correct_choice(&self, name: &str) -> Option<usize>;

    /// The simulation the page runs and shows after the student answers: a scenario name,
    /// optionally followed by the link parameters that set it up as the question describes
    /// (`seed`, `ops`, `set`, and `t` to open at the moment that matters), e.g.
    /// `retry&ops=0~0~loss.300000`.
    fn scenario(&self, name: &str) -> Option<String>;
}

/// No predictors at all: every predict question is rejected as unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoPredictors;

impl Predictors for NoPredictors {
    fn expected_choices(&self, _name: &str) -> Option<usize> {
        None
    }

    fn correct_choice(&self, _name: &str) -> Option<usize> {
        None
    }

    fn scenario(&self, _name: &str) -> Option<String> {
        None
    }
}

/// A predict question's outcome, worked out ahead of time by running its lesson's
/// simulation, which is deterministic. The page grades with it, so grading runs no
/// simulation and needs none of the lesson's code; a native test runs every simulation
/// again and checks that it still gives this (`tests/lessons_registry.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The predictor's name, `<lesson id>.<name>`.
    pub name: &'static str,
    /// How many choices its question must list.
    pub choices: usize,
    /// The right choice, from 0.
    pub correct: usize,
    /// The scenario (and link parameters) the page shows after the answer.
    pub scenario: &'static str,
}

/// A lesson's [`Prediction`]s as [`Predictors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PredictionTable(pub &'static [Prediction]);

impl PredictionTable {
    fn find(&self, name: &str) -> Option<&'static Prediction> {
        self.0.iter().find(|prediction| prediction.name == name)
    }
}

impl Predictors for PredictionTable {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        self.find(name).map(|prediction| prediction.choices)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        self.find(name).map(|prediction| prediction.correct)
    }

    fn scenario(&self, name: &str) -> Option<String> {
        self.find(name)
            .map(|prediction| prediction.scenario.to_owned())
    }
}

/// One predictor with a fixed outcome, as held by [`FixedPredictors`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct FixedPrediction {
    /// Number of choices a question bound to this predictor must list.
    choices: usize,
    /// The right choice, or `None` to act as a predictor whose run failed.
    correct: Option<usize>,
    /// Scenario named after answering.
    scenario: String,
}

/// Predictors whose outcomes are given up front rather than computed: a stand-in
/// for a lesson in tests, and a way to preview a quiz without its simulation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixedPredictors {
    predictions: BTreeMap<String, FixedPrediction>,
}

impl FixedPredictors {
    /// No predictors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the predictor `name`, deciding between `choices` choices:
    /// `correct` is its right choice (`None` acts as a run that gave no result), and
    /// `scenario` the scenario named after answering.
    pub fn with(
        mut self,
        name: &str,
        choices: usize,
        correct: Option<usize>,
        scenario: &str,
    ) -> Self {
        self.predictions.insert(
            name.to_owned(),
            FixedPrediction {
                choices,
                correct,
                scenario: scenario.to_owned(),
            },
        );
        self
    }
}

impl Predictors for FixedPredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        self.predictions
            .get(name)
            .map(|prediction| prediction.choices)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        self.predictions
            .get(name)
            .and_then(|prediction| prediction.correct)
    }

    fn scenario(&self, name: &str) -> Option<String> {
        self.predictions
            .get(name)
            .map(|prediction| prediction.scenario.clone())
    }
}
