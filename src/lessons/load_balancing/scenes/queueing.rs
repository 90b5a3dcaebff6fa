//! Scenario `lb-queueing` (a tab, and the run of the quiz's p99 question): one 1× server with one worker and
//! a queue long enough never to refuse, requests of 100 ms on average (exponential), so
//! that the network's few milliseconds barely count; run side by side at two loads, 50%
//! and 90% of its capacity by default, for five simulated minutes, long enough for a
//! stable 99th percentile. Clients wait a minute, so no request of the tail times out.

use super::cluster::{self, ClusterConfig, Node};
use super::lanes::Lanes;
use super::slug;
use super::strategies::StrategiesConfig;
use super::strategy::Strategy;
use super::traffic::CostDist;
use crate::sim::{Protocol, SimTime, MS, SECOND};

pub const NAME: &str = "lb-queueing";
pub const TITLE: &str = "One server, two loads";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 300 * SECOND;
/// Work of an average request at 1×.
pub const MEAN_COST_US: u64 = 100 * MS;
/// How long the clients wait.
pub const TIMEOUT_US: SimTime = 60 * SECOND;
/// The loads offered, in % of the server's capacity.
pub const LOADS_PCT: std::ops::RangeInclusive<u32> = 10..=98;

/// The two loads, above and below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueingConfig {
    pub loads_pct: [u32; 2],
}

impl Default for QueueingConfig {
    fn default() -> Self {
        QueueingConfig {
            loads_pct: [50, 90],
        }
    }
}

impl QueueingConfig {
    /// The setting in share links: `u50-u90`.
    pub fn to_setting(&self) -> String {
        format!("u{}-u{}", self.loads_pct[0], self.loads_pct[1])
    }

    /// The loads `text` names, if it is a setting [`to_setting`](Self::to_setting) writes.
    pub fn from_setting(text: &str) -> Option<QueueingConfig> {
        let (low, high) = text.split_once('-')?;
        let range = *LOADS_PCT.start() as u64..=*LOADS_PCT.end() as u64;
        let load = |token| slug::number(token, "u", range.clone()).map(|n| n as u32);
        Some(QueueingConfig {
            loads_pct: [load(low)?, load(high)?],
        })
    }
}

/// The single server at `utilisation` (0 to 1) of its capacity, as the scene's settings.
pub fn single_server(utilisation: f64) -> StrategiesConfig {
    let mut config = StrategiesConfig::with(Strategy::RoundRobin);
    config.speeds_pct = vec![100];
    config.workers = 1;
    config.queue = 10_000;
    config.cost = CostDist::Exponential {
        mean_us: MEAN_COST_US,
    };
    config.rate_per_s = (utilisation * config.capacity_per_s()).round() as u32;
    config
}

/// The cluster of one lane: the single server at `utilisation`, clients waiting a minute.
pub fn lane_cluster(utilisation: f64) -> ClusterConfig {
    let mut config = single_server(utilisation).cluster();
    for client in &mut config.clients {
        client.timeout_us = TIMEOUT_US;
    }
    config
}

/// Both loads at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &QueueingConfig, seed: u64) -> Lanes<P> {
    let [low, high] = config.loads_pct.map(|pct| lane_cluster(pct as f64 / 100.0));
    cluster::build_lanes(&low, &high, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_rates_follow_the_load() {
        let config = QueueingConfig::default();
        assert_eq!(config.to_setting(), "u50-u90");
        assert_eq!(QueueingConfig::from_setting("u50-u90"), Some(config));
        assert_eq!(QueueingConfig::from_setting("u50-u99"), None);
        assert_eq!(single_server(0.5).rate_per_s, 5);
        assert_eq!(single_server(0.9).rate_per_s, 9);
    }
}
