//! The lesson's predict-then-run questions, answered by running its scenarios.
//!
//! - `clocks.lww-winner`: which write does last-writer-wins keep? Choice 0 is the write
//!   issued first (W1), choice 1 the write issued second (W2). Shown in scenario `lww`.
//! - `clocks.concurrent-pair`: are A's send of m1 and C's first local step concurrent?
//!   Choice 0 is "yes, concurrent", choice 1 "no, one happened before the other".
//!   Shown in scenario `vector`.
//! - `clocks.lww-a-corrected`: the same writes after A's clock is set right (C still
//!   0.211 s behind). Choices as for `clocks.lww-winner`. Shown in `lww`, with A's clock
//!   already set.

use super::scenes::setting::ClockSetting;
use super::scenes::{chatter, lww, ClocksNode, ClocksSim};
use crate::quiz::{Prediction, Predictors};
use crate::sim::causality::{relation, Relation};
use crate::sim::Recorded;

/// Predictor names.
pub const LWW_WINNER: &str = "clocks.lww-winner";
pub const CONCURRENT_PAIR: &str = "clocks.concurrent-pair";
pub const LWW_A_CORRECTED: &str = "clocks.lww-a-corrected";

/// A's clock with the offset set right and its drift unchanged, as one intervention at 0.
fn a_corrected() -> Recorded {
    let a = lww::SERVERS[0];
    let drift_ppm = lww::start_clocks()[0].drift_ppm;
    Recorded {
        at: 0,
        events: 0,
        intervention: ClockSetting::new(0, drift_ppm).intervention(a),
    }
}

/// Which write the replicas keep once A's clock is set right (0 = W1, 1 = W2).
pub fn lww_winner_a_corrected() -> Option<usize> {
    let mut clocks = lww::start_clocks();
    clocks[0] = ClockSetting::new(0, clocks[0].drift_ppm);
    lww::run_to_end::<ClocksNode>(lww::DEFAULT_SEED, Some(clocks))
        .verdict
        .map(|v| v.kept)
}

/// The predictors of the clocks lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClocksPredictors;

/// Which write the replicas keep in the default run of `lww` (0 = W1, 1 = W2).
pub fn lww_winner() -> Option<usize> {
    lww::run_to_end::<ClocksNode>(lww::DEFAULT_SEED, None)
        .verdict
        .map(|v| v.kept)
}

/// Whether the quiz's pair of events is concurrent in the default run of the chatter.
pub fn quiz_pair_concurrent() -> Option<bool> {
    let mut sim: ClocksSim = chatter::build(chatter::DEFAULT_SEED);
    sim.run_until(chatter::HORIZON_US);
    let events = sim.recent_events();
    let (send, step) = chatter::quiz_pair(&events)?;
    Some(relation(&events[send].vector, &events[step].vector) == Relation::Concurrent)
}

impl Predictors for ClocksPredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        matches!(name, LWW_WINNER | CONCURRENT_PAIR | LWW_A_CORRECTED).then_some(2)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        match name {
            LWW_WINNER => lww_winner(),
            LWW_A_CORRECTED => lww_winner_a_corrected(),
            CONCURRENT_PAIR => quiz_pair_concurrent().map(|yes| if yes { 0 } else { 1 }),
            _ => None,
        }
    }

    fn scenario(&self, name: &str) -> Option<String> {
        match name {
            LWW_WINNER => Some("lww".to_owned()),
            LWW_A_CORRECTED => Some(format!(
                "lww&seed={}&ops={}",
                lww::DEFAULT_SEED,
                Recorded::encode_list(&[a_corrected()])
            )),
            CONCURRENT_PAIR => Some("vector".to_owned()),
            _ => None,
        }
    }
}

/// What the predictors above give, as the page grades with it: `tests/lessons_registry.rs`
/// runs them again and fails when a change to the lesson's simulations changes an answer.
pub const PREDICTIONS: &[Prediction] = &[
    Prediction {
        name: "clocks.lww-winner",
        choices: 2,
        correct: 0,
        scenario: "lww",
    },
    Prediction {
        name: "clocks.lww-a-corrected",
        choices: 2,
        correct: 1,
        scenario: "lww&seed=1&ops=0~0~clk.1.0.300",
    },
    Prediction {
        name: "clocks.concurrent-pair",
        choices: 2,
        correct: 0,
        scenario: "vector",
    },
];
