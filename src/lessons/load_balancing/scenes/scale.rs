//! Scenario `lb-scale`: traffic doubles at [`DOUBLE_AT_US`] (80 → 160 requests/s of
//! exponential cost, mean 40 ms of work at 1×). Scale up: one server 4× as fast
//! ([`PRICE_BIG_USD`]), or scale out: commodity servers ([`PRICE_COMMODITY_USD`] each,
//! 1×, 2 workers, queue 8, 50 requests/s each), two at first and two more joining the
//! pool a second after the doubling, as an autoscaler would; more can join or leave on
//! the schedule. The read-out is what the pool costs.
//!
//! The page runs both side by side ([`build_lanes`]): the big server above, the small ones
//! below, with the same arrivals, and the reader adds and removes small servers as it runs
//! (each change a step of the schedule, written in the share link's setting).

use super::balancer::{BalancerConfig, PoolChange};
use super::cluster::{self, ClusterConfig, Node};
use super::lanes::Lanes;
use super::presets;
use super::server::ServerSpec;
use super::slug;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist, Step};
use crate::lessons::kit::Part;
use crate::sim::{Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-scale";
pub const TITLE: &str = "Scale up or scale out";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 10 * SECOND;

pub const RATE_PER_S: u32 = 80;
pub const DOUBLE_AT_US: SimTime = 3 * SECOND;
pub const MEAN_COST_US: u64 = 40 * MS;
pub const PRICE_BIG_USD: u64 = 100_000;
pub const PRICE_COMMODITY_USD: u64 = 1_000;
/// The big server's speed: 4×.
pub const BIG_SPEED_PCT: u32 = 400;
pub const WORKERS: u32 = 2;
pub const QUEUE: u32 = 8;
/// Commodity servers built: as many as it takes to match the big one.
pub const MAX_COMMODITY: usize = 4;
/// The most pool changes a setting holds (a share link has room for this many).
pub const MAX_STEPS: usize = 8;

/// A server joining (`joins`) or leaving the pool at `at_us`; `server` counts from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolStep {
    pub at_us: SimTime,
    pub server: usize,
    pub joins: bool,
}

impl PoolStep {
    /// Applies the step to `pool`, a sorted list of server indexes: a joining server is
    /// added, a leaving one removed (a server already in, or already out, is left so).
    pub fn apply_to(&self, pool: &mut Vec<usize>) {
        match (self.joins, pool.binary_search(&self.server)) {
            (true, Err(at)) => pool.insert(at, self.server),
            (false, Ok(at)) => {
                pool.remove(at);
            }
            _ => {}
        }
    }

    /// The step as a setting writes it: `a` joins or `r` leaves, the server's letter
    /// (`a` for A), the time in ms: `ac4000`.
    pub fn token(&self) -> String {
        let verb = if self.joins { 'a' } else { 'r' };
        let letter = char::from(b'a' + self.server.min(25) as u8);
        format!("{verb}{letter}{}", self.at_us / MS)
    }

    /// The step `token` writes, if its server is one of `servers` and its time is at most
    /// `horizon_us`.
    pub fn from_token(token: &str, servers: usize, horizon_us: SimTime) -> Option<PoolStep> {
        let mut chars = token.chars();
        let joins = match chars.next()? {
            'a' => true,
            'r' => false,
            _ => return None,
        };
        let server = (chars.next()? as u32).checked_sub('a' as u32)? as usize;
        let ms = slug::number(chars.as_str(), "", 0..=horizon_us / MS)?;
        (server < servers).then_some(PoolStep {
            at_us: ms * MS,
            server,
            joins,
        })
    }
}

/// How to meet the doubled traffic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scaling {
    /// One server, 4× as fast.
    Vertical,
    /// `max` commodity servers built, the first `initial` in the pool, the rest standing
    /// by until a step of `schedule` adds them.
    Horizontal {
        initial: usize,
        max: usize,
        schedule: Vec<PoolStep>,
    },
}

impl Scaling {
    /// Scale out as the scene does by default: 2 servers, 2 more a second after the doubling.
    pub fn horizontal() -> Self {
        let at_us = DOUBLE_AT_US + SECOND;
        Scaling::Horizontal {
            initial: 2,
            max: MAX_COMMODITY,
            schedule: (2..4)
                .map(|server| PoolStep {
                    at_us,
                    server,
                    joins: true,
                })
                .collect(),
        }
    }
}

impl Scaling {
    /// The servers (from 0) in the pool at `t_us`; the big server is server 0.
    pub fn pool_at(&self, t_us: SimTime) -> Vec<usize> {
        let Scaling::Horizontal {
            initial, schedule, ..
        } = self
        else {
            return vec![0];
        };
        let mut pool: Vec<usize> = (0..*initial).collect();
        for step in schedule.iter().filter(|s| s.at_us <= t_us) {
            step.apply_to(&mut pool);
        }
        pool
    }

    /// Scaling out as a setting writes it: `i2-ac4000-ad4000` (2 servers at first, then
    /// the steps; see [`PoolStep::token`]); `None` for scaling up.
    pub fn to_setting(&self) -> Option<String> {
        let Scaling::Horizontal {
            initial, schedule, ..
        } = self
        else {
            return None;
        };
        let steps: String = schedule.iter().map(|s| format!("-{}", s.token())).collect();
        Some(format!("i{initial}{steps}"))
    }

    /// The scaling out `text` names, if [`to_setting`](Self::to_setting) can write it.
    pub fn from_setting(text: &str) -> Option<Scaling> {
        let mut tokens = text.split('-');
        let initial = slug::number(tokens.next()?, "i", 1..=MAX_COMMODITY as u64)? as usize;
        let schedule: Vec<PoolStep> = tokens
            .map(|t| PoolStep::from_token(t, MAX_COMMODITY, HORIZON_US))
            .collect::<Option<_>>()?;
        let ordered = schedule.windows(2).all(|w| w[0].at_us <= w[1].at_us);
        (ordered && schedule.len() <= MAX_STEPS).then_some(Scaling::Horizontal {
            initial,
            max: MAX_COMMODITY,
            schedule,
        })
    }
}

/// The scene's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleConfig {
    pub scaling: Scaling,
    pub rate_per_s: u32,
    pub double_at_us: SimTime,
    pub cost: CostDist,
}

impl Default for ScaleConfig {
    fn default() -> Self {
        ScaleConfig {
            scaling: Scaling::horizontal(),
            rate_per_s: RATE_PER_S,
            double_at_us: DOUBLE_AT_US,
            cost: CostDist::Exponential {
                mean_us: MEAN_COST_US,
            },
        }
    }
}

impl ScaleConfig {
    /// The defaults, scaled up.
    pub fn vertical() -> Self {
        ScaleConfig {
            scaling: Scaling::Vertical,
            ..Self::default()
        }
    }

    fn servers(&self) -> Vec<ServerSpec> {
        match &self.scaling {
            Scaling::Vertical => vec![ServerSpec::new(BIG_SPEED_PCT, WORKERS, QUEUE)],
            Scaling::Horizontal { initial, max, .. } => (0..*max.max(initial))
                .map(|i| ServerSpec {
                    in_pool: i < *initial,
                    ..ServerSpec::new(100, WORKERS, QUEUE)
                })
                .collect(),
        }
    }

    /// The cluster these settings describe.
    pub fn cluster(&self) -> ClusterConfig {
        let arrivals = Arrivals {
            step: Some(Step {
                at_us: self.double_at_us,
                factor_pct: 200,
            }),
            ..Arrivals::poisson(self.rate_per_s)
        };
        let mut config = ClusterConfig {
            clients: vec![presets::client(arrivals, self.cost)],
            balancer: presets::balancer(Strategy::LeastConnections),
            servers: self.servers(),
            database: None,
            link: presets::link(),
        };
        config.balancer = BalancerConfig {
            schedule: self.schedule(&config),
            ..config.balancer
        };
        config
    }

    fn schedule(&self, config: &ClusterConfig) -> Vec<(SimTime, PoolChange)> {
        let Scaling::Horizontal { schedule, .. } = &self.scaling else {
            return Vec::new();
        };
        schedule
            .iter()
            .map(|step| {
                let id = config.server_id(step.server);
                let change = if step.joins {
                    PoolChange::Add(id)
                } else {
                    PoolChange::Remove(id)
                };
                (step.at_us, change)
            })
            .collect()
    }

    /// What one server in the pool costs.
    pub fn price_each_usd(&self) -> u64 {
        match self.scaling {
            Scaling::Vertical => PRICE_BIG_USD,
            Scaling::Horizontal { .. } => PRICE_COMMODITY_USD,
        }
    }
}

/// The scene with `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &ScaleConfig, seed: u64) -> Simulation<P> {
    cluster::build(&config.cluster(), seed)
}

/// The scene with its defaults (scale out).
pub fn build_default<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    build(&ScaleConfig::default(), seed)
}

/// Scaling up above, scaling out by `scale_out` below, at time 0 for `seed`, in the
/// lesson's protocol `P`.
pub fn build_lanes<P: Protocol + From<Node>>(scale_out: &Scaling, seed: u64) -> Lanes<P> {
    let below = ScaleConfig {
        scaling: scale_out.clone(),
        ..ScaleConfig::default()
    };
    cluster::build_lanes(&ScaleConfig::vertical().cluster(), &below.cluster(), seed)
}

/// What the servers in the pool now cost, in dollars.
pub fn pool_cost_usd<P: Protocol>(sim: &Simulation<P>, config: &ScaleConfig) -> u64
where
    Node: Part<P>,
{
    cluster::pool_size(sim) as u64 * config.price_each_usd()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    #[test]
    fn scaling_out_adds_two_servers_and_costs_a_fraction_of_scaling_up() {
        let config = ScaleConfig::default();
        let mut sim: Simulation<Only> = build(&config, DEFAULT_SEED);
        sim.run_until(DOUBLE_AT_US);
        assert_eq!(pool_cost_usd(&sim, &config), 2_000);
        sim.run_until(HORIZON_US);
        assert_eq!(pool_cost_usd(&sim, &config), 4_000);
        let vertical = ScaleConfig::vertical();
        let big: Simulation<Only> = build(&vertical, DEFAULT_SEED);
        assert_eq!(pool_cost_usd(&big, &vertical), 100_000);
    }

    #[test]
    fn scaling_out_settings_round_trip_and_name_the_pool() {
        let default = Scaling::horizontal();
        assert_eq!(default.to_setting().as_deref(), Some("i2-ac4000-ad4000"));
        assert_eq!(
            Scaling::from_setting("i2-ac4000-ad4000"),
            Some(default.clone())
        );
        assert_eq!(Scaling::Vertical.to_setting(), None);
        assert_eq!(Scaling::from_setting("i2-ae4000"), None, "no fifth server");
        assert_eq!(
            Scaling::from_setting("i2-ac5000-ad4000"),
            None,
            "in time order"
        );
        assert_eq!(default.pool_at(0), [0, 1]);
        assert_eq!(default.pool_at(HORIZON_US), [0, 1, 2, 3]);
        let shrunk = Scaling::from_setting("i2-ac4000-ad4000-ra6000").unwrap();
        assert_eq!(shrunk.pool_at(HORIZON_US), [1, 2, 3]);
        assert!(slug::fits(&shrunk.to_setting().unwrap()));
        let mut lanes: Lanes<Only> = build_lanes(&default, DEFAULT_SEED);
        crate::sim::World::run_until(&mut lanes, HORIZON_US);
        assert_eq!(cluster::pool_size(lanes.lane(0)), 1);
        assert_eq!(cluster::pool_size(lanes.lane(1)), 4);
    }

    #[test]
    fn the_doubling_overloads_two_servers_until_the_others_join() {
        let config = ScaleConfig::default();
        let mut sim: Simulation<Only> = build(&config, DEFAULT_SEED);
        sim.run_until(DOUBLE_AT_US);
        let before = cluster::totals(&sim).dropped;
        sim.run_until(DOUBLE_AT_US + SECOND);
        let during = cluster::totals(&sim).dropped - before;
        sim.run_until(HORIZON_US);
        let after = cluster::totals(&sim).dropped - before - during;
        assert!(during > 5 * (before + 1), "{before} {during}");
        assert!(
            after * 4 < during * 6,
            "after {after} over 6 s vs {during} in 1 s"
        );
    }
}
