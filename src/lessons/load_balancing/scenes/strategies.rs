//! Scenario `lb-strategies`: one client's arrival stream spread over servers A–D of
//! unequal speed (A and B 2×, C 1×, D 0.5×; 2 workers and a queue of 8 each) by the
//! strategy of your choice. With the default 160 requests/s of exponential cost (mean
//! 50 ms of work at 1×) the pool runs at 73% of its 220/s capacity, but round robin and
//! random send D 40/s, twice what it can do: its queue fills and it drops requests.
//! The arrival stream depends only on the seed, never on the strategy.

use super::balancer::BalancerConfig;
use super::cluster::{self, ClusterConfig, Node};
use super::presets;
use super::server::ServerSpec;
use super::strategy::Strategy;
use super::traffic::{Arrivals, Burst, CostDist};
use crate::sim::{Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-strategies";
pub const TITLE: &str = "Strategies side by side";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 10 * SECOND;

/// Speeds of the preset servers A–D, in % of 1×.
pub const PRESET_SPEEDS_PCT: [u32; 4] = [200, 200, 100, 50];
pub const WORKERS: u32 = 2;
pub const QUEUE: u32 = 8;
pub const RATE_PER_S: u32 = 160;
pub const MEAN_COST_US: u64 = 50 * MS;

/// The scene's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategiesConfig {
    pub strategy: Strategy,
    pub rate_per_s: u32,
    pub burst: Option<Burst>,
    pub cost: CostDist,
    /// One server per entry (the server count), in % of 1×.
    pub speeds_pct: Vec<u32>,
    pub workers: u32,
    pub queue: u32,
    /// How often the balancer's load view is refreshed (0: live).
    pub view_refresh_us: SimTime,
}

impl Default for StrategiesConfig {
    fn default() -> Self {
        StrategiesConfig {
            strategy: Strategy::RoundRobin,
            rate_per_s: RATE_PER_S,
            burst: None,
            cost: CostDist::Exponential {
                mean_us: MEAN_COST_US,
            },
            speeds_pct: PRESET_SPEEDS_PCT.to_vec(),
            workers: WORKERS,
            queue: QUEUE,
            view_refresh_us: 0,
        }
    }
}

impl StrategiesConfig {
    /// The defaults with `strategy`.
    pub fn with(strategy: Strategy) -> Self {
        StrategiesConfig {
            strategy,
            ..Self::default()
        }
    }

    /// `n` servers with the preset speeds, repeated (A, B 2×, C 1×, D 0.5×, E 2×, …).
    pub fn preset_speeds(n: usize) -> Vec<u32> {
        PRESET_SPEEDS_PCT.iter().copied().cycle().take(n).collect()
    }

    fn servers(&self) -> Vec<ServerSpec> {
        self.speeds_pct
            .iter()
            .map(|&speed| ServerSpec::new(speed, self.workers, self.queue))
            .collect()
    }

    /// Requests per second the whole pool completes when always busy.
    pub fn capacity_per_s(&self) -> f64 {
        let mean = self.cost.mean_us();
        self.servers().iter().map(|s| s.capacity_per_s(mean)).sum()
    }

    /// Offered load over capacity (bursts not counted).
    pub fn utilisation(&self) -> f64 {
        self.rate_per_s as f64 / self.capacity_per_s()
    }

    /// The cluster these settings describe.
    pub fn cluster(&self) -> ClusterConfig {
        let arrivals = Arrivals {
            burst: self.burst,
            ..Arrivals::poisson(self.rate_per_s)
        };
        ClusterConfig {
            clients: vec![presets::client(arrivals, self.cost)],
            balancer: BalancerConfig {
                view_refresh_us: self.view_refresh_us,
                ..presets::balancer(self.strategy)
            },
            servers: self.servers(),
            database: None,
            link: presets::link(),
        }
    }
}

/// The scene with `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &StrategiesConfig, seed: u64) -> Simulation<P> {
    cluster::build(&config.cluster(), seed)
}

/// The scene with its defaults (round robin).
pub fn build_default<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    build(&StrategiesConfig::default(), seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    fn run(config: &StrategiesConfig, seed: u64, until_us: SimTime) -> Simulation<Only> {
        let mut sim: Simulation<Only> = build(config, seed);
        sim.run_until(until_us);
        sim
    }

    #[test]
    fn the_default_pool_runs_at_about_three_quarters() {
        let u = StrategiesConfig::default().utilisation();
        assert!((0.72..0.74).contains(&u), "{u}");
    }

    #[test]
    fn every_strategy_sees_the_same_arrivals() {
        let base = run(&StrategiesConfig::default(), 3, 2 * SECOND);
        let expected = cluster::arrival_fingerprints(&base);
        assert!(expected[0].1 > 250);
        for strategy in Strategy::ALL {
            let sim = run(&StrategiesConfig::with(strategy), 3, 2 * SECOND);
            assert_eq!(
                cluster::arrival_fingerprints(&sim),
                expected,
                "{strategy:?}"
            );
        }
    }

    #[test]
    fn weighted_round_robin_drops_less_than_round_robin_on_unequal_servers() {
        let drops = |s| cluster::totals(&run(&StrategiesConfig::with(s), 7, 5 * SECOND)).dropped;
        let (rr, wrr) = (
            drops(Strategy::RoundRobin),
            drops(Strategy::WeightedRoundRobin),
        );
        assert!(rr > 10 * wrr.max(1), "round robin {rr}, weighted {wrr}");
    }
}
