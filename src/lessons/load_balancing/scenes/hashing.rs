//! Scenario `lb-hashing`: four equal servers behind a consistent-hash ring (100 virtual
//! nodes each) and a fifth that joins at [`JOIN_AT_US`]; requests carry one of 10,000
//! user keys. The read-outs are mostly pure ([`super::ring`]): how evenly keys spread,
//! and how many move on a join, on the ring and under `hash mod N`.
//!
//! The page builds it from a [`HashingSetting`]: ring or `hash mod N`, the virtual nodes,
//! the keys, and when servers leave and join the pool (E standing by at first).

use super::balancer::{BalancerConfig, PoolChange};
use super::cluster::{self, ClusterConfig, Node};
use super::presets;
use super::ring::{self, JoinReport, Ring};
use super::scale::PoolStep;
use super::server::ServerSpec;
use super::slug;
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

/// How the balancer maps a key to a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashMode {
    /// The consistent-hash ring.
    Ring,
    /// `hash(key) mod N` over the servers in the pool.
    ModN,
}

impl HashMode {
    /// Its word in settings.
    pub fn code(&self) -> &'static str {
        match self {
            HashMode::Ring => "ring",
            HashMode::ModN => "modn",
        }
    }
}

/// Servers built: [`SERVERS`] in the pool and one (E) standing by.
pub const BUILT: usize = SERVERS + 1;
pub const VIRTUAL_NODE_COUNTS: std::ops::RangeInclusive<u32> = 1..=200;
pub const KEY_COUNTS: std::ops::RangeInclusive<u64> = 100..=100_000;
/// The most pool changes a setting holds (a share link has room for this many).
pub const MAX_STEPS: usize = 6;

/// What the page's hashing run is: mode, virtual nodes, keys and pool changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashingSetting {
    pub mode: HashMode,
    pub virtual_nodes: u32,
    pub keys: u64,
    /// Pool changes in time order; servers count from 0 (A), E is [`SERVERS`].
    pub steps: Vec<PoolStep>,
}

impl Default for HashingSetting {
    /// The scene's defaults: the ring, 100 virtual nodes, 10,000 keys, E joins at 3 s.
    fn default() -> Self {
        HashingSetting {
            mode: HashMode::Ring,
            virtual_nodes: VIRTUAL_NODES,
            keys: presets::KEYS,
            steps: vec![PoolStep {
                at_us: JOIN_AT_US,
                server: SERVERS,
                joins: true,
            }],
        }
    }
}

impl HashingSetting {
    fn base(&self) -> HashingConfig {
        HashingConfig {
            virtual_nodes: self.virtual_nodes,
            join_at_us: None,
            keys: self.keys,
            ..HashingConfig::default()
        }
    }

    /// The balancer's strategy.
    pub fn strategy(&self) -> Strategy {
        match self.mode {
            HashMode::Ring => Strategy::ConsistentHash {
                virtual_nodes: self.virtual_nodes,
            },
            HashMode::ModN => Strategy::HashModN,
        }
    }

    /// The cluster this setting describes.
    pub fn cluster(&self) -> ClusterConfig {
        let mut config = self.base().cluster();
        config.balancer.strategy = self.strategy();
        config.balancer.schedule = self
            .steps
            .iter()
            .map(|step| {
                let id = config.server_id(step.server);
                let change = match step.joins {
                    true => PoolChange::Add(id),
                    false => PoolChange::Remove(id),
                };
                (step.at_us, change)
            })
            .collect();
        config
    }

    /// Node ids of the servers, A first.
    pub fn server_ids(&self) -> Vec<NodeId> {
        self.base().ids(BUILT)
    }

    /// The servers in the pool (by index, A = 0) after the first `steps` changes.
    pub fn pool_after(&self, steps: usize) -> Vec<usize> {
        let mut pool: Vec<usize> = (0..SERVERS).collect();
        for step in self.steps.iter().take(steps) {
            step.apply_to(&mut pool);
        }
        pool
    }

    /// How many of the changes have happened by `t_us`.
    pub fn steps_by(&self, t_us: SimTime) -> usize {
        self.steps.iter().filter(|s| s.at_us <= t_us).count()
    }

    /// Who owns each key among `pool` (server indices), in this setting's mode: a
    /// function from key to server index.
    pub fn owner_of(&self, pool: &[usize]) -> impl Fn(u64) -> Option<usize> {
        let ids = self.server_ids();
        let pool_ids: Vec<NodeId> = pool.iter().map(|&i| ids[i]).collect();
        let ring = Ring::new(&pool_ids, self.virtual_nodes);
        let mode = self.mode;
        move |key| {
            let owner = match mode {
                HashMode::Ring => ring.owner(key),
                HashMode::ModN => ring::mod_n_pool_owner(key, &pool_ids),
            };
            owner.and_then(|id| ids.iter().position(|&s| s == id))
        }
    }

    /// Keys each server of `pool` owns, in pool order, and their standard deviation.
    pub fn spread(&self, pool: &[usize]) -> (Vec<u64>, f64) {
        let owner = self.owner_of(pool);
        let mut counts = vec![0; pool.len()];
        for key in 0..self.keys {
            if let Some(at) = owner(key).and_then(|s| pool.iter().position(|&p| p == s)) {
                counts[at] += 1;
            }
        }
        let sd = ring::std_dev(&counts);
        (counts, sd)
    }

    /// Keys that change server between pools `before` and `after`: on the ring (with
    /// this setting's virtual nodes) and under `hash mod N`, whatever the mode.
    pub fn moved(&self, before: &[usize], after: &[usize]) -> (u64, u64) {
        let ids = self.server_ids();
        let to_ids = |pool: &[usize]| -> Vec<NodeId> { pool.iter().map(|&i| ids[i]).collect() };
        let (before, after) = (to_ids(before), to_ids(after));
        let ring_moved = ring::moved_keys(
            &Ring::new(&before, self.virtual_nodes),
            &Ring::new(&after, self.virtual_nodes),
            self.keys,
        );
        let mod_n_moved = ring::moved_keys_mod_n_pools(&before, &after, self.keys);
        (ring_moved, mod_n_moved)
    }

    /// The ring of `pool`'s servers (whatever the mode), for drawing.
    pub fn ring(&self, pool: &[usize]) -> Ring {
        let ids = self.server_ids();
        let pool_ids: Vec<NodeId> = pool.iter().map(|&i| ids[i]).collect();
        Ring::new(&pool_ids, self.virtual_nodes)
    }

    /// The setting in share links: `ring-v100-k10000-ae3000` (a step: `a` joins or `r`
    /// leaves, the server's letter, then the time in ms).
    pub fn to_setting(&self) -> String {
        let mut text = format!(
            "{}-v{}-k{}",
            self.mode.code(),
            self.virtual_nodes,
            self.keys
        );
        for step in &self.steps {
            text.push('-');
            text.push_str(&step.token());
        }
        text
    }

    /// The setting `text` names, if [`to_setting`](Self::to_setting) can write it.
    pub fn from_setting(text: &str) -> Option<HashingSetting> {
        let mut tokens = text.split('-');
        let mode = match tokens.next()? {
            "ring" => HashMode::Ring,
            "modn" => HashMode::ModN,
            _ => return None,
        };
        let vn = (*VIRTUAL_NODE_COUNTS.start() as u64)..=(*VIRTUAL_NODE_COUNTS.end() as u64);
        let virtual_nodes = slug::number(tokens.next()?, "v", vn)? as u32;
        let keys = slug::number(tokens.next()?, "k", KEY_COUNTS)?;
        let steps: Vec<PoolStep> = tokens
            .map(|t| PoolStep::from_token(t, BUILT, HORIZON_US))
            .collect::<Option<_>>()?;
        let ordered = steps.windows(2).all(|w| w[0].at_us <= w[1].at_us);
        (ordered && steps.len() <= MAX_STEPS).then_some(HashingSetting {
            mode,
            virtual_nodes,
            keys,
            steps,
        })
    }
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
    fn settings_round_trip_and_pools_follow_the_steps() {
        let setting = HashingSetting::default();
        assert_eq!(setting.to_setting(), "ring-v100-k10000-ae3000");
        let other = HashingSetting {
            mode: HashMode::ModN,
            virtual_nodes: 1,
            keys: 1_000,
            steps: vec![
                PoolStep {
                    at_us: 0,
                    server: 1,
                    joins: false,
                },
                PoolStep {
                    at_us: 4_500 * MS,
                    server: 4,
                    joins: true,
                },
            ],
        };
        for s in [&setting, &other] {
            assert!(slug::fits(&s.to_setting()), "{}", s.to_setting());
            assert_eq!(
                HashingSetting::from_setting(&s.to_setting()).as_ref(),
                Some(s)
            );
        }
        assert_eq!(
            HashingSetting::from_setting("ring-v100-k10000-az3000"),
            None
        );
        assert_eq!(other.pool_after(0), [0, 1, 2, 3]);
        assert_eq!(other.pool_after(2), [0, 2, 3, 4]);
        assert_eq!(other.steps_by(4_000 * MS), 1);
        let (ring_moved, mod_n_moved) =
            setting.moved(&setting.pool_after(0), &setting.pool_after(1));
        assert_eq!(ring_moved, HashingConfig::default().join().moved_ring);
        assert_eq!(mod_n_moved, HashingConfig::default().join().moved_mod_n);
    }

    #[test]
    fn a_mode_and_virtual_nodes_set_what_the_balancer_does() {
        let one = HashingSetting {
            virtual_nodes: 1,
            ..HashingSetting::default()
        };
        let many = HashingSetting::default();
        let pool = many.pool_after(0);
        assert!(one.spread(&pool).1 > 2.0 * many.spread(&pool).1);
        let mod_n = HashingSetting {
            mode: HashMode::ModN,
            ..HashingSetting::default()
        };
        assert_eq!(mod_n.spread(&pool).0.iter().sum::<u64>(), mod_n.keys);
        let mut sim: Simulation<Only> = cluster::build(&mod_n.cluster(), DEFAULT_SEED);
        sim.run_until(HORIZON_US);
        let sent: Vec<u64> = cluster::server_reports(&sim)
            .iter()
            .map(|r| r.sent)
            .collect();
        assert!(sent.iter().all(|&n| n > 0), "{sent:?}");
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
