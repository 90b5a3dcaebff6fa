//! The lesson's predict-then-run questions, each answered by running its scene:
//!
//! - `load-balancing.fewest-drops`: servers A–D (2×, 2×, 1×, 0.5×) at 90% of their total
//!   capacity, live load view. Choices: round robin, random, least connections, power of
//!   two choices; the answer is the one that dropped fewest (the first of equals).
//! - `load-balancing.keys-move-fifth`: 1,000 keys on 4 servers × 100 virtual nodes, a
//!   fifth joins. Choices: about 50, 200, 500, 800 keys; the answer is the nearest.
//! - `load-balancing.p99-at-90`: one server at 50% and then 90% of its capacity. Choices:
//!   about the same, roughly doubles, three times or more, falls; by the measured ratio.
//!
//! Each answer's link opens the run it was decided from, with the settings the scenario
//! views read from `&set=`: round robin above least connections at 90% (the other two
//! choices are a click away), the ring with the question's 1,000 keys, and the single
//! server at 50% above 90% (`lb-queueing`, whose two lanes are exactly the runs measured).

use super::scenes::hashing::{HashingConfig, HashingSetting};
use super::scenes::queueing::{self, QueueingConfig};
use super::scenes::strategies::{self, SideBySide, StrategiesConfig};
use super::scenes::strategy::Strategy;
use super::scenes::{cluster, hashing, LoadBalancingSim};
use crate::quiz::{Prediction, Predictors};
use crate::sim::SimTime;

/// Predictor names.
pub const FEWEST_DROPS: &str = "load-balancing.fewest-drops";
pub const KEYS_MOVE_FIFTH: &str = "load-balancing.keys-move-fifth";
pub const P99_AT_90: &str = "load-balancing.p99-at-90";

/// The strategies the drops question offers, in choice order.
pub const DROP_CHOICES: [Strategy; 4] = [
    Strategy::RoundRobin,
    Strategy::Random,
    Strategy::LeastConnections,
    Strategy::PowerOfTwoChoices,
];
/// The key counts the hashing question offers, in choice order.
pub const KEY_CHOICES: [u64; 4] = [50, 200, 500, 800];
const KEYS: u64 = 1_000;
/// How long the queueing runs last: long enough for a stable 99th percentile.
const QUEUEING_RUN_US: SimTime = queueing::HORIZON_US;

/// Servers A–D at 90% of what they can do together, seen live by the balancer.
pub fn drops_config(strategy: Strategy) -> StrategiesConfig {
    let mut config = StrategiesConfig::with(strategy);
    config.rate_per_s = (0.9 * config.capacity_per_s()).round() as u32;
    config
}

/// Requests `strategy` dropped in the drops question's run.
pub fn drops_with(strategy: Strategy) -> u64 {
    let mut sim: LoadBalancingSim =
        strategies::build(&drops_config(strategy), strategies::DEFAULT_SEED);
    sim.run_until(strategies::HORIZON_US);
    cluster::totals(&sim).dropped
}

/// The drops question's run as the page shows it: round robin above least connections.
pub fn drops_side_by_side() -> SideBySide {
    SideBySide {
        rate_per_s: drops_config(Strategy::RoundRobin).rate_per_s,
        ..SideBySide::default()
    }
}

/// The 99th-percentile latency of the single server at `utilisation`
/// ([`queueing::lane_cluster`]).
pub fn single_server_p99_us(utilisation: f64) -> Option<SimTime> {
    let config = queueing::lane_cluster(utilisation);
    let mut sim: LoadBalancingSim = cluster::build(&config, queueing::DEFAULT_SEED);
    sim.run_until(QUEUEING_RUN_US);
    cluster::p99_us(&sim)
}

/// How many times p99 grows from 50% to 90% utilisation.
pub fn p99_ratio() -> Option<f64> {
    let low = single_server_p99_us(0.5)?;
    let high = single_server_p99_us(0.9)?;
    (low > 0).then(|| high as f64 / low as f64)
}

fn ratio_choice(ratio: f64) -> usize {
    match ratio {
        r if r < 0.9 => 3,
        r if r < 1.5 => 0,
        r if r < 3.0 => 1,
        _ => 2,
    }
}

/// The hashing question's set-up: 1,000 keys, 4 servers × 100 virtual nodes, E joins.
pub fn keys_question() -> HashingSetting {
    HashingSetting {
        keys: KEYS,
        ..HashingSetting::default()
    }
}

/// Keys the ring moves when the fifth server joins, as the page counts them.
pub fn keys_moved_by_fifth() -> u64 {
    let config = HashingConfig {
        keys: KEYS,
        ..HashingConfig::default()
    };
    config.join().moved_ring
}

fn nearest(choices: &[u64], value: u64) -> Option<usize> {
    (0..choices.len()).min_by_key(|&i| choices[i].abs_diff(value))
}

/// The predictors of the load-balancing lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadBalancingPredictors;

impl Predictors for LoadBalancingPredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        match name {
            FEWEST_DROPS | KEYS_MOVE_FIFTH | P99_AT_90 => Some(4),
            _ => None,
        }
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        match name {
            FEWEST_DROPS => (0..DROP_CHOICES.len()).min_by_key(|&i| drops_with(DROP_CHOICES[i])),
            KEYS_MOVE_FIFTH => nearest(&KEY_CHOICES, keys_moved_by_fifth()),
            P99_AT_90 => p99_ratio().map(ratio_choice),
            _ => None,
        }
    }

    fn scenario(&self, name: &str) -> Option<String> {
        let seed = strategies::DEFAULT_SEED;
        match name {
            FEWEST_DROPS => Some(format!(
                "{}&seed={seed}&set={}",
                strategies::NAME,
                drops_side_by_side().to_setting()
            )),
            KEYS_MOVE_FIFTH => Some(format!(
                "{}&seed={}&set={}",
                hashing::NAME,
                hashing::DEFAULT_SEED,
                keys_question().to_setting()
            )),
            P99_AT_90 => Some(format!(
                "{}&seed={}&set={}",
                queueing::NAME,
                queueing::DEFAULT_SEED,
                QueueingConfig::default().to_setting()
            )),
            _ => None,
        }
    }
}

/// What the predictors above give, as the page grades with it: `tests/lessons_registry.rs`
/// runs them again and fails when a change to the lesson's simulations changes an answer.
pub const PREDICTIONS: &[Prediction] = &[
    Prediction {
        name: FEWEST_DROPS,
        choices: 4,
        correct: 2,
        scenario: "lb-strategies&seed=7&set=rr-vs-lc-r198-exp-n4-ad-v0",
    },
    Prediction {
        name: P99_AT_90,
        choices: 4,
        correct: 2,
        scenario: "lb-queueing&seed=7&set=u50-u90",
    },
    Prediction {
        name: KEYS_MOVE_FIFTH,
        choices: 4,
        correct: 1,
        scenario: "lb-hashing&seed=7&set=ring-v100-k1000-ae3000",
    },
];
