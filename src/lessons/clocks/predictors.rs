//! The lesson's predict-then-run questions, answered by running its scenarios.
//!
//! - `clocks.lww-winner`: which write does last-writer-wins keep? Choice 0 is the write
//!   issued first (W1), choice 1 the write issued second (W2). Shown in scenario `lww`.
//! - `clocks.concurrent-pair`: are A's send of m1 and C's first local step concurrent?
//!   Choice 0 is "yes, concurrent", choice 1 "no, one happened before the other".
//!   Shown in scenario `vector`.

use super::scenes::{chatter, lww, ClocksNode, ClocksSim};
use crate::quiz::Predictors;
use crate::sim::causality::{relation, Relation};

/// Predictor names.
pub const LWW_WINNER: &str = "clocks.lww-winner";
pub const CONCURRENT_PAIR: &str = "clocks.concurrent-pair";

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
        matches!(name, LWW_WINNER | CONCURRENT_PAIR).then_some(2)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        match name {
            LWW_WINNER => lww_winner(),
            CONCURRENT_PAIR => quiz_pair_concurrent().map(|yes| if yes { 0 } else { 1 }),
            _ => None,
        }
    }

    fn scenario(&self, name: &str) -> Option<String> {
        match name {
            LWW_WINNER => Some("lww".to_owned()),
            CONCURRENT_PAIR => Some("vector".to_owned()),
            _ => None,
        }
    }
}
