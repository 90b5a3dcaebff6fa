//! Scenario `lb-bench` (by address only): 20 clients at 300 requests/s each (6,000/s)
//! through power of two choices to 100 servers (1×, 16 workers, queue 32, cost
//! exponential with mean 200 ms: 80/s each, 8,000/s in all, so 75% busy). By Little's
//! law about 6,000/s × ~0.23 s ≈ 1,400 requests are in flight at once, to measure the
//! widget's frame time with a big cluster.

use super::cluster::{self, ClusterConfig, Node};
use super::presets;
use super::server::ServerSpec;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist};
use crate::sim::{Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-bench";
pub const TITLE: &str = "Benchmark";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 5 * SECOND;

pub const SERVERS: usize = 100;
pub const CLIENTS: usize = 20;
pub const RATE_PER_CLIENT_PER_S: u32 = 300;
pub const MEAN_COST_US: u64 = 200 * MS;
pub const SERVER: ServerSpec = ServerSpec::new(100, 16, 32);

/// The benchmark's cluster.
pub fn cluster_config() -> ClusterConfig {
    let cost = CostDist::Exponential {
        mean_us: MEAN_COST_US,
    };
    let mut client = presets::client(Arrivals::poisson(RATE_PER_CLIENT_PER_S), cost);
    client.timeout_us = 2 * SECOND;
    ClusterConfig {
        clients: vec![client; CLIENTS],
        balancer: presets::balancer(Strategy::PowerOfTwoChoices),
        servers: vec![SERVER; SERVERS],
        database: None,
        link: presets::link(),
    }
}

/// The benchmark at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    cluster::build(&cluster_config(), seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    #[test]
    fn over_a_thousand_requests_stay_in_flight() {
        let mut sim: Simulation<Only> = build(DEFAULT_SEED);
        sim.run_until(2 * SECOND);
        let t = cluster::totals(&sim);
        assert!(t.in_flight >= 1_000, "{t:?}");
        assert_eq!(t.dropped + t.timed_out, 0, "{t:?}");
    }
}
