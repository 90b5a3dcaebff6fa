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
//! The links name the settings the scenario views read from `&set=`.

use super::scenes::ring::join_report;
use super::scenes::strategies::{self, StrategiesConfig};
use super::scenes::strategy::Strategy;
use super::scenes::traffic::CostDist;
use super::scenes::{cluster, hashing, LoadBalancingSim};
use crate::quiz::Predictors;
use crate::sim::{SimTime, MS, SECOND};

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
const VIRTUAL_NODES: u32 = 100;
/// How long the queueing runs last: long enough for a stable 99th percentile.
const QUEUEING_RUN_US: SimTime = 300 * SECOND;
/// The single server's client waits this long, so no request of the tail times out.
const QUEUEING_TIMEOUT_US: SimTime = 60 * SECOND;

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

/// One 1× server, one worker, a long queue, requests of 100 ms on average (so that the
/// network's few milliseconds barely count), at `utilisation` of its capacity.
pub fn single_server_config(utilisation: f64) -> StrategiesConfig {
    let mut config = StrategiesConfig::with(Strategy::RoundRobin);
    config.speeds_pct = vec![100];
    config.workers = 1;
    config.queue = 10_000;
    config.cost = CostDist::Exponential { mean_us: 100 * MS };
    config.rate_per_s = (utilisation * config.capacity_per_s()).round() as u32;
    config
}

/// The 99th-percentile latency of the single server at `utilisation`.
pub fn single_server_p99_us(utilisation: f64) -> Option<SimTime> {
    let mut config = single_server_config(utilisation).cluster();
    for client in &mut config.clients {
        client.timeout_us = QUEUEING_TIMEOUT_US;
    }
    let mut sim: LoadBalancingSim = cluster::build(&config, strategies::DEFAULT_SEED);
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

/// Keys the ring moves when the fifth server joins.
pub fn keys_moved_by_fifth() -> u64 {
    join_report(4, VIRTUAL_NODES, KEYS).moved_ring
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
            FEWEST_DROPS => Some(format!("{}&seed={seed}&set=a-d-90", strategies::NAME)),
            KEYS_MOVE_FIFTH => Some(hashing::NAME.to_owned()),
            P99_AT_90 => Some(format!(
                "{}&seed={seed}&set=one-server-90",
                strategies::NAME
            )),
            _ => None,
        }
    }
}
