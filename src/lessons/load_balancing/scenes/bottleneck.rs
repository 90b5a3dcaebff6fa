//! Scenario `lb-bottleneck`: N app servers (default 4; 1×, 8 workers, queue 16, cost
//! exponential with mean 20 ms) that each make one query (10 ms of work) to a single
//! shared database (1×, 4 workers, queue 32: 400 queries/s at most). An app worker waits
//! for its query, so adding app servers raises throughput only until the database is
//! saturated; past that it stays flat near 400 requests/s and the database refuses the
//! rest.
//!
//! The page sets the app servers and the request rate (`n4-r300`), and charts what
//! [`measure`] finds for every other number of app servers at the same rate.

use super::cluster::{self, ClusterConfig, DatabaseSpec, Node};
use super::presets;
use super::server::ServerSpec;
use super::slug;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist};
use crate::sim::{Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-bottleneck";
pub const TITLE: &str = "The bottleneck";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 6 * SECOND;

pub const SERVERS: usize = 4;
pub const RATE_PER_S: u32 = 300;
pub const MEAN_COST_US: u64 = 20 * MS;
pub const QUERY_COST_US: u64 = 10 * MS;
pub const APP: ServerSpec = ServerSpec::new(100, 8, 16);
pub const DATABASE: ServerSpec = ServerSpec::new(100, 4, 32);

/// Bounds of the page's settings.
pub const SERVER_COUNTS: std::ops::RangeInclusive<usize> = 1..=6;
pub const RATES_PER_S: std::ops::RangeInclusive<u32> = 50..=1_000;

/// The scene's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BottleneckConfig {
    pub servers: usize,
    pub rate_per_s: u32,
    pub app: ServerSpec,
    pub database: ServerSpec,
    pub query_cost_us: u64,
}

impl Default for BottleneckConfig {
    fn default() -> Self {
        BottleneckConfig {
            servers: SERVERS,
            rate_per_s: RATE_PER_S,
            app: APP,
            database: DATABASE,
            query_cost_us: QUERY_COST_US,
        }
    }
}

impl BottleneckConfig {
    /// The defaults with `servers` app servers and `rate_per_s`.
    pub fn sized(servers: usize, rate_per_s: u32) -> Self {
        BottleneckConfig {
            servers,
            rate_per_s,
            ..Self::default()
        }
    }

    /// The setting in share links: `n4-r300`.
    pub fn to_setting(&self) -> String {
        format!("n{}-r{}", self.servers, self.rate_per_s)
    }

    /// The app servers and rate `text` names, if [`to_setting`](Self::to_setting) can
    /// write it; the rest are the defaults.
    pub fn from_setting(text: &str) -> Option<BottleneckConfig> {
        let (servers, rate) = text.split_once('-')?;
        let counts = *SERVER_COUNTS.start() as u64..=*SERVER_COUNTS.end() as u64;
        let rates = *RATES_PER_S.start() as u64..=*RATES_PER_S.end() as u64;
        Some(BottleneckConfig::sized(
            slug::number(servers, "n", counts)? as usize,
            slug::number(rate, "r", rates)? as u32,
        ))
    }

    /// Queries per second the database completes when always busy.
    pub fn database_capacity_per_s(&self) -> f64 {
        self.database.capacity_per_s(self.query_cost_us as f64)
    }

    /// The cluster these settings describe.
    pub fn cluster(&self) -> ClusterConfig {
        let cost = CostDist::Exponential {
            mean_us: MEAN_COST_US,
        };
        ClusterConfig {
            clients: vec![presets::client(Arrivals::poisson(self.rate_per_s), cost)],
            balancer: presets::balancer(Strategy::LeastConnections),
            servers: vec![self.app; self.servers],
            database: Some(DatabaseSpec {
                server: self.database,
                query_cost_us: self.query_cost_us,
            }),
            link: presets::link(),
        }
    }
}

/// The scene with `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &BottleneckConfig, seed: u64) -> Simulation<P> {
    cluster::build(&config.cluster(), seed)
}

/// The scene with its defaults.
pub fn build_default<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    build(&BottleneckConfig::default(), seed)
}

/// Completed requests per second between 1 s and 3 s of a run of `config` (for a chart of
/// throughput against servers or offered rate), in the lesson's protocol `P`.
pub fn measured_throughput_per_s<P: Protocol + From<Node>>(
    config: &BottleneckConfig,
    seed: u64,
) -> f64
where
    Node: crate::lessons::kit::Part<P>,
{
    measure::<P>(config, seed).throughput_per_s
}

/// What one run of [`measure`] found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    pub servers: usize,
    /// Completed requests per second between 1 s and 3 s.
    pub throughput_per_s: f64,
    /// 99th-percentile latency of the requests completed by 3 s (recent ones).
    pub p99_us: Option<SimTime>,
    /// Requests refused by 3 s, of those issued.
    pub dropped: u64,
    pub issued: u64,
}

/// Runs `config` for 3 s with `seed` and measures it (as [`measured_throughput_per_s`]).
pub fn measure<P: Protocol + From<Node>>(config: &BottleneckConfig, seed: u64) -> Measured
where
    Node: crate::lessons::kit::Part<P>,
{
    let mut sim: Simulation<P> = build(config, seed);
    sim.run_until(SECOND);
    let before = cluster::totals(&sim).completed;
    sim.run_until(3 * SECOND);
    let totals = cluster::totals(&sim);
    Measured {
        servers: config.servers,
        throughput_per_s: (totals.completed - before) as f64 / 2.0,
        p99_us: cluster::p99_us(&sim),
        dropped: totals.dropped,
        issued: totals.issued,
    }
}

/// [`measure`] for every number of app servers the page offers, at `config`'s rate.
pub fn measure_all<P: Protocol + From<Node>>(config: &BottleneckConfig, seed: u64) -> Vec<Measured>
where
    Node: crate::lessons::kit::Part<P>,
{
    SERVER_COUNTS
        .map(|servers| {
            let sized = BottleneckConfig { servers, ..*config };
            measure::<P>(&sized, seed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    #[test]
    fn throughput_flattens_at_the_database() {
        let at =
            |servers| measured_throughput_per_s::<Only>(&BottleneckConfig::sized(servers, 800), 3);
        let (one, four, eight) = (at(1), at(4), at(8));
        let cap = BottleneckConfig::default().database_capacity_per_s();
        assert!(one < 0.75 * four, "1 server {one}, 4 servers {four}");
        assert!(four > 0.85 * cap && four <= 1.02 * cap, "4 servers {four}");
        assert!(
            (eight - four).abs() < 0.08 * cap,
            "4 servers {four}, 8 servers {eight}"
        );
    }

    #[test]
    fn settings_round_trip_and_measure_agrees_with_the_throughput() {
        let config = BottleneckConfig::default();
        assert_eq!(config.to_setting(), "n4-r300");
        assert_eq!(BottleneckConfig::from_setting("n4-r300"), Some(config));
        assert_eq!(BottleneckConfig::from_setting("n9-r300"), None);
        let busy = BottleneckConfig::sized(4, 800);
        let measured = measure::<Only>(&busy, 3);
        assert_eq!(
            measured.throughput_per_s,
            measured_throughput_per_s::<Only>(&busy, 3)
        );
        assert!(measured.dropped > 0 && measured.p99_us.is_some());
        let all = measure_all::<Only>(&busy, 3);
        assert_eq!(all.len(), 6);
        assert!(all[0].throughput_per_s < all[3].throughput_per_s);
    }

    #[test]
    fn below_saturation_everything_completes() {
        let mut sim: Simulation<Only> = build_default(DEFAULT_SEED);
        sim.run_until(HORIZON_US);
        let t = cluster::totals(&sim);
        assert_eq!(t.dropped + t.timed_out, 0, "{t:?}");
    }
}
