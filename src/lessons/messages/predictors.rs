//! The lesson's predict-then-run questions, each answered by running its scene with the
//! fault the question describes; the run the page shows after the answer is the same one.
//!
//! - `messages.retry-lossy`: the counter after one "add 1" with 30% loss and retries, on a
//!   server that is not idempotent. Choices: 0 → counter 0, 1 → counter 1, 2 → counter 2.
//! - `messages.retry-idempotent`: the same run on an idempotent server. Same choices.
//! - `messages.fanout-crash-b`: server B crashed before the request arrives; does the user
//!   get its Result? Choice 0 yes, 1 no (A waits forever).

use super::scenes::{retry, sequence, MessagesSim};
use crate::lessons::kit::run_script_recorded;
use crate::quiz::{Prediction, Predictors};
use crate::sim::{Intervention, SimTime};

/// Predictor names.
pub const RETRY_LOSSY: &str = "messages.retry-lossy";
pub const RETRY_IDEMPOTENT: &str = "messages.retry-idempotent";
pub const FANOUT_CRASH_B: &str = "messages.fanout-crash-b";

/// The loss the retry questions set, in parts per million (30%).
pub const QUESTION_LOSS_PPM: u32 = retry::SUGGESTED_LOSS_PPM;

/// The counter values the retry questions offer, in choice order.
const COUNTER_CHOICES: [u64; 3] = [0, 1, 2];

/// A predictor's run: the simulation at its end and the link that replays it.
struct Run {
    sim: MessagesSim,
    link: String,
}

fn run(
    scenario: &str,
    seed: u64,
    sim: MessagesSim,
    script: &[(SimTime, Intervention)],
    until_us: SimTime,
) -> Run {
    let (sim, ops) = run_script_recorded(sim, script, until_us);
    Run {
        sim,
        link: format!("{scenario}&seed={seed}&ops={ops}"),
    }
}

/// The retry scene with 30% loss from the start, idempotent or not.
fn retry_run(idempotent: bool) -> Run {
    let scenario = if idempotent {
        retry::NAME_IDEMPOTENT
    } else {
        retry::NAME
    };
    let loss = Intervention::SetLoss {
        ppm: QUESTION_LOSS_PPM,
    };
    let sim = retry::build(idempotent, retry::DEFAULT_SEED);
    run(
        scenario,
        retry::DEFAULT_SEED,
        sim,
        &[(0, loss)],
        retry::HORIZON_US,
    )
}

/// The fan-out with server B crashed from the start.
fn fanout_crash_b_run() -> Run {
    let crash = Intervention::Crash(sequence::SERVER_B);
    let sim = sequence::build(sequence::DEFAULT_SEED);
    let seed = sequence::DEFAULT_SEED;
    run(
        sequence::NAME,
        seed,
        sim,
        &[(0, crash)],
        sequence::HORIZON_US,
    )
}

fn counter_choice(run: &Run) -> Option<usize> {
    let counter = retry::server_counter(&run.sim);
    COUNTER_CHOICES.iter().position(|&c| c == counter)
}

/// The predictors of the messages lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessagesPredictors;

impl MessagesPredictors {
    fn run(name: &str) -> Option<Run> {
        match name {
            RETRY_LOSSY => Some(retry_run(false)),
            RETRY_IDEMPOTENT => Some(retry_run(true)),
            FANOUT_CRASH_B => Some(fanout_crash_b_run()),
            _ => None,
        }
    }
}

impl Predictors for MessagesPredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        match name {
            RETRY_LOSSY | RETRY_IDEMPOTENT => Some(COUNTER_CHOICES.len()),
            FANOUT_CRASH_B => Some(2),
            _ => None,
        }
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        let run = Self::run(name)?;
        match name {
            FANOUT_CRASH_B => Some(if sequence::user_answered(&run.sim) {
                0
            } else {
                1
            }),
            _ => counter_choice(&run),
        }
    }

    fn scenario(&self, name: &str) -> Option<String> {
        Self::run(name).map(|run| run.link)
    }
}

/// What the predictors above give, as the page grades with it: `tests/lessons_registry.rs`
/// runs them again and fails when a change to the lesson's simulations changes an answer.
pub const PREDICTIONS: &[Prediction] = &[
    Prediction {
        name: "messages.fanout-crash-b",
        choices: 2,
        correct: 1,
        scenario: "sequence&seed=7&ops=0~0~crash.2",
    },
    Prediction {
        name: "messages.retry-lossy",
        choices: 3,
        correct: 2,
        scenario: "retry&seed=7&ops=0~0~loss.300000",
    },
    Prediction {
        name: "messages.retry-idempotent",
        choices: 3,
        correct: 1,
        scenario: "retry-idempotent&seed=7&ops=0~0~loss.300000",
    },
];
