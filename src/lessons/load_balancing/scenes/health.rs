//! Scenario `lb-health`: three equal servers (1×, 2 workers, queue 8: 50 requests/s each)
//! behind round robin, 75 requests/s of exponential cost (mean 40 ms). Crash one (the
//! scene suggests B at 2 s, back at 6 s): without health checks a third of the requests
//! go to it and time out until it is back; with them (a ping every 250 ms, 50 ms to
//! answer, 3 misses take it out) only the requests of the detection time are lost.
//!
//! The page runs both side by side ([`build_lanes`]): without health checks above, with
//! them below, the same arrivals; the reader sets the interval and the threshold.

use super::balancer::{BalancerConfig, HealthConfig, PoolEvent, PoolEventKind};
use super::cluster::{self, ClusterConfig, Node};
use super::lanes::Lanes;
use super::presets;
use super::server::ServerSpec;
use super::slug;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist};
use crate::lessons::kit::Part;
use crate::sim::{Intervention, NodeId, Protocol, SimTime, Simulation, MS, SECOND};

pub const NAME: &str = "lb-health";
pub const TITLE: &str = "Health checks";
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: SimTime = 10 * SECOND;

pub const SERVERS: usize = 3;
pub const RATE_PER_S: u32 = 75;
pub const MEAN_COST_US: u64 = 40 * MS;
pub const HEALTH: HealthConfig = HealthConfig {
    interval_us: 250 * MS,
    threshold: 3,
    timeout_us: 50 * MS,
};
/// The server the lesson suggests crashing (B), and when.
pub const SUGGESTED_SERVER: usize = 1;
pub const SUGGESTED_CRASH_AT_US: SimTime = 2 * SECOND;
pub const SUGGESTED_RESTART_AT_US: SimTime = 6 * SECOND;

/// The scene's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthSceneConfig {
    /// `None`: no health checks.
    pub health: Option<HealthConfig>,
    pub rate_per_s: u32,
    pub strategy: Strategy,
}

impl Default for HealthSceneConfig {
    fn default() -> Self {
        HealthSceneConfig {
            health: Some(HEALTH),
            rate_per_s: RATE_PER_S,
            strategy: Strategy::RoundRobin,
        }
    }
}

impl HealthSceneConfig {
    /// The defaults without health checks.
    pub fn unchecked() -> Self {
        HealthSceneConfig {
            health: None,
            ..Self::default()
        }
    }

    /// The cluster these settings describe.
    pub fn cluster(&self) -> ClusterConfig {
        let cost = CostDist::Exponential {
            mean_us: MEAN_COST_US,
        };
        ClusterConfig {
            clients: vec![presets::client(Arrivals::poisson(self.rate_per_s), cost)],
            balancer: BalancerConfig {
                health: self.health,
                ..presets::balancer(self.strategy)
            },
            servers: vec![ServerSpec::new(100, 2, 8); SERVERS],
            database: None,
            link: presets::link(),
        }
    }

    /// Node id of server `i` (0 = A).
    pub fn server_id(&self, i: usize) -> NodeId {
        self.cluster().server_id(i)
    }

    /// The suggested crash of B and its restart.
    pub fn suggested_script(&self) -> Vec<(SimTime, Intervention)> {
        let b = self.server_id(SUGGESTED_SERVER);
        vec![
            (SUGGESTED_CRASH_AT_US, Intervention::Crash(b)),
            (SUGGESTED_RESTART_AT_US, Intervention::Restart(b)),
        ]
    }
}

/// Bounds of the health-check settings.
pub const INTERVALS_MS: std::ops::RangeInclusive<u64> = 50..=2_000;
pub const THRESHOLDS: std::ops::RangeInclusive<u32> = 1..=10;

/// Health checks every `interval_ms` that take a server out after `threshold` misses; a
/// ping is missed when not answered within 50 ms (or half the interval, if shorter).
pub fn health_config(interval_ms: u64, threshold: u32) -> HealthConfig {
    let interval_us = interval_ms.clamp(*INTERVALS_MS.start(), *INTERVALS_MS.end()) * MS;
    HealthConfig {
        interval_us,
        threshold: threshold.clamp(*THRESHOLDS.start(), *THRESHOLDS.end()),
        timeout_us: HEALTH.timeout_us.min(interval_us / 2),
    }
}

/// The health checks as a setting writes them: `i250-t3`.
pub fn health_setting(health: &HealthConfig) -> String {
    format!("i{}-t{}", health.interval_us / MS, health.threshold)
}

/// The health checks `text` names, if [`health_setting`] can write it.
pub fn health_from_setting(text: &str) -> Option<HealthConfig> {
    let (interval, threshold) = text.split_once('-')?;
    let interval_ms = slug::number(interval, "i", INTERVALS_MS)?;
    let thresholds = *THRESHOLDS.start() as u64..=*THRESHOLDS.end() as u64;
    let threshold = slug::number(threshold, "t", thresholds)? as u32;
    Some(health_config(interval_ms, threshold))
}

/// No health checks above, `health` below, at time 0 for `seed`, in the lesson's
/// protocol `P`.
pub fn build_lanes<P: Protocol + From<Node>>(health: HealthConfig, seed: u64) -> Lanes<P> {
    let checked = HealthSceneConfig {
        health: Some(health),
        ..HealthSceneConfig::default()
    };
    let unchecked = HealthSceneConfig::unchecked().cluster();
    cluster::build_lanes(&unchecked, &checked.cluster(), seed)
}

/// The longest a crashed server can still be sent requests, with `health`: `threshold`
/// pings (every `interval`) must go unanswered, the last one decided `timeout` after it.
pub fn detection_bound_us(health: &HealthConfig) -> SimTime {
    health.interval_us * health.threshold as u64 + health.timeout_us
}

/// The scene with `config` at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(config: &HealthSceneConfig, seed: u64) -> Simulation<P> {
    cluster::build(&config.cluster(), seed)
}

/// The scene with its defaults (health checks on).
pub fn build_default<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    build(&HealthSceneConfig::default(), seed)
}

/// Requests lost so far: they timed out (sent to a crashed server, or stuck on it).
pub fn lost<P: Protocol>(sim: &Simulation<P>) -> u64
where
    Node: Part<P>,
{
    cluster::totals(sim).timed_out
}

/// When the balancer last marked `server` down, or put it back.
pub fn last_event_at_us<P: Protocol>(
    sim: &Simulation<P>,
    server: NodeId,
    kind: PoolEventKind,
) -> Option<SimTime>
where
    Node: Part<P>,
{
    cluster::pool_events(sim)
        .iter()
        .rev()
        .find(|e: &&PoolEvent| e.server == server && e.kind == kind)
        .map(|e| e.at_us)
}

/// When the balancer last sent `server` a request.
pub fn last_sent_at_us<P: Protocol>(sim: &Simulation<P>, server: NodeId) -> Option<SimTime>
where
    Node: Part<P>,
{
    cluster::balancer(sim)?
        .members()
        .iter()
        .find(|m| m.server == server)?
        .last_sent_at_us
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::kit::run_script;
    use crate::lessons::load_balancing::scenes::cluster;

    crate::lesson_protocol!(Only, OnlyMsg; Cluster(cluster));

    /// B's node id inside one lane.
    const HEALTH_B: NodeId = 3;

    fn crashed_run(config: &HealthSceneConfig) -> Simulation<Only> {
        let sim: Simulation<Only> = build(config, DEFAULT_SEED);
        run_script(sim, &config.suggested_script(), HORIZON_US)
    }

    #[test]
    fn health_checks_lose_far_fewer_requests() {
        let with = lost(&crashed_run(&HealthSceneConfig::default()));
        let without = lost(&crashed_run(&HealthSceneConfig::unchecked()));
        assert!(
            with > 0 && with * 4 < without,
            "with {with}, without {without}"
        );
    }

    #[test]
    fn settings_round_trip_and_keep_the_ping_timeout_inside_the_interval() {
        assert_eq!(health_setting(&HEALTH), "i250-t3");
        assert_eq!(health_from_setting("i250-t3"), Some(HEALTH));
        assert_eq!(health_from_setting("i10-t3"), None);
        let fast = health_config(50, 1);
        assert_eq!(fast.timeout_us, 25 * MS);
        assert_eq!(health_from_setting(&health_setting(&fast)), Some(fast));
        let mut lanes: Lanes<Only> = build_lanes(HEALTH, DEFAULT_SEED);
        let b = |lane| lanes.global_id(lane, HEALTH_B);
        let (above, below) = (b(0), b(1));
        for (at, iv) in [
            (
                SUGGESTED_CRASH_AT_US,
                [Intervention::Crash(above), Intervention::Crash(below)],
            ),
            (
                SUGGESTED_RESTART_AT_US,
                [Intervention::Restart(above), Intervention::Restart(below)],
            ),
        ] {
            crate::sim::World::run_until(&mut lanes, at);
            iv.iter()
                .for_each(|iv| crate::sim::World::apply(&mut lanes, iv));
        }
        crate::sim::World::run_until(&mut lanes, HORIZON_US);
        let (without, with) = (lost(lanes.lane(0)), lost(lanes.lane(1)));
        assert!(
            with > 0 && with * 4 < without,
            "with {with}, without {without}"
        );
    }

    #[test]
    fn the_crashed_server_is_marked_down_and_back_up() {
        let config = HealthSceneConfig::default();
        let sim = crashed_run(&config);
        let b = config.server_id(SUGGESTED_SERVER);
        let down = last_event_at_us(&sim, b, PoolEventKind::MarkedDown).unwrap();
        let up = last_event_at_us(&sim, b, PoolEventKind::BackUp).unwrap();
        assert!(down > SUGGESTED_CRASH_AT_US);
        assert!(down <= SUGGESTED_CRASH_AT_US + detection_bound_us(&HEALTH));
        assert!(up > SUGGESTED_RESTART_AT_US && up < SUGGESTED_RESTART_AT_US + 400 * MS);
    }
}
