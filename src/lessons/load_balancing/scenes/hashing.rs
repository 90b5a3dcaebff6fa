//! Scenario `lb-hashing`: four equal servers behind a consistent-hash ring (100 virtual
//! nodes each) and a fifth that joins at [`JOIN_AT_US`]; requests carry one of 10,000
//! user keys. The read-outs are mostly pure ([`super::ring`]): how evenly keys spread,
//! and how many move on a join, on the ring and under `hash mod N`.

use super::balancer::{BalancerConfig, PoolChange};
use super::cluster::{self, ClusterConfig, Node};
use super::presets;
use super::ring::{self, JoinReport, Ring};
use super::server::ServerSpec;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist};
use crate::sim::{NodeId, Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-hashing";
pub const TITLE: &str = "Consistent hashing";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 8 * SECOND;

pub const SERVERS: usize = 4;
pub const VIRTUAL_NODES: u32 = 100;
pub const JOIN_AT_US: SimTime = 3 * SECOND;
pub const RATE_PER_S: u32 = 60;
pub const MEAN_COST_US: u64 = 40 * MS;

/// The scene's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashingConfig {
    /// Servers in the pool at the start; one more stands by.
    pub servers: usize,
    pub virtual_nodes: u32,
    /// When the standby server joins (`None`: never).
    pub join_at_us: Option<SimTime>,
    pub rate_per_s: u32,
    pub keys: u64,
}

impl Default for HashingConfig {
    fn default() -> Self {
        HashingConfig {
            servers: SERVERS,
            virtual_nodes: VIRTUAL_NODES,
            join_at_us: Some(JOIN_AT_US),
            rate_per_s: RATE_PER_S,
            keys: presets::KEYS,
        }
    }
}

impl HashingConfig {
    /// The cluster these settings describe.
    pub fn cluster(&self) -> ClusterConfig {
        let cost = CostDist::Exponential {
            mean_us: MEAN_COST_US,
        };
        let mut client = presets::client(Arrivals::poisson(self.rate_per_s), cost);
        client.keys = self.keys;
        let strategy = Strategy::ConsistentHash {
            virtual_nodes: self.virtual_nodes,
        };
        let mut servers = vec![ServerSpec::new(100, 2, 8); self.servers + 1];
        servers[self.servers].in_pool = false;
        let mut config = ClusterConfig {
            clients: vec![client],
            balancer: presets::balancer(strategy),
            servers,
            database: None,
            link: presets::link(),
        };
        let joiner = config.server_id(self.servers);
        config.balancer = BalancerConfig {
            schedule: self
                .join_at_us
                .map(|at| (at, PoolChange::Add(joiner)))
                .into_iter()
                .collect(),
            ..config.balancer
        };
        config
    }

    /// The ring the balancer uses before the join (its servers' node ids).
    pub fn ring_before(&self) -> Ring {
        Ring::new(&self.ids(self.servers), self.virtual_nodes)
    }

    /// The ring after the join.
    pub fn ring_after(&self) -> Ring {
        Ring::new(&self.ids(self.servers + 1), self.virtual_nodes)
    }

    fn ids(&self, n: usize) -> Vec<NodeId> {
        let config = self.cluster();
        (0..n).map(|i| config.server_id(i)).collect()
    }

    /// Keys each server owns before the join, and their standard deviation.
    pub fn spread(&self) -> (Vec<u64>, f64) {
        let counts = ring::keys_per_server(&self.ring_before(), &self.ids(self.servers), self.keys);
        let sd = ring::std_dev(&counts);
        (counts, sd)
    }

    /// Keys that move when the fifth server joins: on this ring and under `hash mod N`.
    pub fn join(&self) -> JoinReport {
        JoinReport {
            keys: self.keys,
            servers_before: self.servers,
            moved_ring: ring::moved_keys(&self.ring_before(), &self.ring_after(), self.keys),
            moved_mod_n: ring::moved_keys_mod_n(self.servers, self.servers + 1, self.keys),
        }
    }
}

/// The scene with `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &HashingConfig, seed: u64) -> Simulation<P> {
    cluster::build(&config.cluster(), seed)
}

/// The scene with its defaults.
pub fn build_default<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    build(&HashingConfig::default(), seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    #[test]
    fn the_joining_server_takes_about_a_fifth_of_the_keys() {
        let report = HashingConfig::default().join();
        let fifth = report.ideal();
        assert!((report.moved_ring as f64) < 1.3 * fifth, "{report:?}");
        assert!(
            report.moved_mod_n as f64 > 0.75 * report.keys as f64,
            "{report:?}"
        );
    }

    #[test]
    fn the_balancer_sends_each_key_where_the_ring_says() {
        let config = HashingConfig::default();
        let mut sim: Simulation<Only> = build(&config, DEFAULT_SEED);
        sim.run_until(HORIZON_US);
        let reports = cluster::server_reports(&sim);
        assert_eq!(reports.len(), SERVERS + 1);
        let joiner = &reports[SERVERS];
        assert!(joiner.in_pool && joiner.sent > 0);
        let before_join = reports[0].sent + reports[1].sent + reports[2].sent + reports[3].sent;
        assert!(before_join > joiner.sent);
    }
}
