//! Scenario `lb-strategies`: one client's arrival stream spread over servers A–D of
//! unequal speed (A and B 2×, C 1×, D 0.5×; 2 workers and a queue of 8 each) by the
//! strategy of your choice. With the default 160 requests/s of exponential cost (mean
//! 50 ms of work at 1×) the pool runs at 73% of its 220/s capacity, but round robin and
//! random send D 40/s, twice what it can do: its queue fills and it drops requests.
//! The arrival stream depends only on the seed, never on the strategy.
//!
//! The page runs two of these side by side ([`SideBySide`]): the same settings and seed
//! through two strategies, so that both see the very same requests.

use super::balancer::BalancerConfig;
use super::cluster::{self, ClusterConfig, Node};
use super::lanes::Lanes;
use super::presets;
use super::server::ServerSpec;
use super::slug;
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

/// How much request costs vary (every shape has a mean of [`MEAN_COST_US`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostShape {
    /// Every request the same.
    Constant,
    /// Exponential: as often far below the mean as a little above it.
    Exponential,
    /// Bounded Pareto: most requests cheap, a few 100× the typical one.
    HeavyTailed,
}

impl CostShape {
    pub const ALL: [CostShape; 3] = [
        CostShape::Constant,
        CostShape::Exponential,
        CostShape::HeavyTailed,
    ];

    /// Its word in settings.
    pub fn code(&self) -> &'static str {
        match self {
            CostShape::Constant => "const",
            CostShape::Exponential => "exp",
            CostShape::HeavyTailed => "heavy",
        }
    }

    /// The cost distribution, with mean [`MEAN_COST_US`].
    pub fn dist(&self) -> CostDist {
        match self {
            CostShape::Constant => CostDist::Constant { us: MEAN_COST_US },
            CostShape::Exponential => CostDist::Exponential {
                mean_us: MEAN_COST_US,
            },
            CostShape::HeavyTailed => CostDist::heavy_tailed(MEAN_COST_US),
        }
    }
}

/// The servers' speeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speeds {
    /// A, B 2×, C 1×, D 0.5×, then again (the course material's servers A–D).
    Material,
    /// The same total speed, shared out equally.
    Equal,
}

impl Speeds {
    /// Its word in settings.
    pub fn code(&self) -> &'static str {
        match self {
            Speeds::Material => "ad",
            Speeds::Equal => "equal",
        }
    }

    /// The speeds of `n` servers, in % of 1×.
    pub fn of(&self, n: usize) -> Vec<u32> {
        let material = StrategiesConfig::preset_speeds(n);
        match self {
            Speeds::Material => material,
            Speeds::Equal => {
                let total: u32 = material.iter().sum();
                let n32 = n.max(1) as u32;
                (0..n32)
                    .map(|i| total / n32 + u32::from(i < total % n32))
                    .collect()
            }
        }
    }
}

/// Bounds of the side-by-side settings.
pub const RATES_PER_S: std::ops::RangeInclusive<u32> = 10..=400;
pub const SERVER_COUNTS: std::ops::RangeInclusive<usize> = 1..=8;
pub const VIEW_REFRESH_MS: std::ops::RangeInclusive<u32> = 0..=1_000;

/// Two strategies on the same pool, the same settings and the same seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SideBySide {
    /// The strategy above, and the one below.
    pub strategies: [Strategy; 2],
    pub rate_per_s: u32,
    pub cost: CostShape,
    pub servers: usize,
    pub speeds: Speeds,
    /// How old the balancer's view of each server's load may be (0: live).
    pub view_refresh_ms: u32,
}

impl Default for SideBySide {
    /// Round robin against least connections at the scene's defaults.
    fn default() -> Self {
        SideBySide {
            strategies: [Strategy::RoundRobin, Strategy::LeastConnections],
            rate_per_s: RATE_PER_S,
            cost: CostShape::Exponential,
            servers: PRESET_SPEEDS_PCT.len(),
            speeds: Speeds::Material,
            view_refresh_ms: 0,
        }
    }
}

impl SideBySide {
    /// The scene's settings for lane `lane` (0 above, 1 below).
    pub fn lane(&self, lane: usize) -> StrategiesConfig {
        StrategiesConfig {
            strategy: self.strategies[lane.min(1)],
            rate_per_s: self.rate_per_s,
            cost: self.cost.dist(),
            speeds_pct: self.speeds.of(self.servers),
            view_refresh_us: self.view_refresh_ms as SimTime * MS,
            ..StrategiesConfig::default()
        }
    }

    /// What the pool can complete per second.
    pub fn capacity_per_s(&self) -> f64 {
        self.lane(0).capacity_per_s()
    }

    /// The setting in share links: `rr-vs-lc-r160-exp-n4-ad-v0`.
    pub fn to_setting(&self) -> String {
        let [a, b] = self.strategies;
        format!(
            "{}-vs-{}-r{}-{}-n{}-{}-v{}",
            a.code(),
            b.code(),
            self.rate_per_s,
            self.cost.code(),
            self.servers,
            self.speeds.code(),
            self.view_refresh_ms
        )
    }

    /// The settings `text` names, if it is one [`to_setting`](Self::to_setting) writes.
    pub fn from_setting(text: &str) -> Option<SideBySide> {
        let tokens: Vec<&str> = text.split('-').collect();
        let [a, "vs", b, rate, cost, servers, speeds, view] = tokens[..] else {
            return None;
        };
        let (min_rate, max_rate) = (*RATES_PER_S.start() as u64, *RATES_PER_S.end() as u64);
        let (min_n, max_n) = (*SERVER_COUNTS.start() as u64, *SERVER_COUNTS.end() as u64);
        Some(SideBySide {
            strategies: [Strategy::from_code(a)?, Strategy::from_code(b)?],
            rate_per_s: slug::number(rate, "r", min_rate..=max_rate)? as u32,
            cost: CostShape::ALL.into_iter().find(|c| c.code() == cost)?,
            servers: slug::number(servers, "n", min_n..=max_n)? as usize,
            speeds: [Speeds::Material, Speeds::Equal]
                .into_iter()
                .find(|s| s.code() == speeds)?,
            view_refresh_ms: slug::number(view, "v", 0..=*VIEW_REFRESH_MS.end() as u64)? as u32,
        })
    }
}

/// The two lanes of `side_by_side` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build_side_by_side<P: Protocol + From<Node>>(
    side_by_side: &SideBySide,
    seed: u64,
) -> Lanes<P> {
    let (above, below) = (side_by_side.lane(0), side_by_side.lane(1));
    cluster::build_lanes(&above.cluster(), &below.cluster(), seed)
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
    fn side_by_side_settings_round_trip_and_lanes_match_single_runs() {
        let setting = SideBySide::default();
        assert_eq!(setting.to_setting(), "rr-vs-lc-r160-exp-n4-ad-v0");
        let other = SideBySide {
            strategies: [Strategy::HashModN, Strategy::PeakEwma],
            rate_per_s: 400,
            cost: CostShape::HeavyTailed,
            servers: 8,
            speeds: Speeds::Equal,
            view_refresh_ms: 1_000,
        };
        for s in [setting, other] {
            assert!(slug::fits(&s.to_setting()));
            assert_eq!(SideBySide::from_setting(&s.to_setting()), Some(s));
        }
        assert_eq!(
            SideBySide::from_setting("rr-vs-lc-r9999-exp-n4-ad-v0"),
            None
        );
        assert_eq!(Speeds::Equal.of(4), [138, 138, 137, 137]);
        let mut lanes: Lanes<Only> = build_side_by_side(&setting, 3);
        crate::sim::World::run_until(&mut lanes, 2 * SECOND);
        let alone = run(
            &StrategiesConfig::with(Strategy::LeastConnections),
            3,
            2 * SECOND,
        );
        assert_eq!(lanes.lane(1).trace_hash(), alone.trace_hash());
        assert_eq!(
            cluster::arrival_fingerprints(lanes.lane(0)),
            cluster::arrival_fingerprints(lanes.lane(1))
        );
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
