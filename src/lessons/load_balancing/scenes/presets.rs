//! Defaults the scenes share: link latency, client timeout and a balancer with no extras.

use super::balancer::BalancerConfig;
use super::client::ClientSpec;
use super::stats::DEFAULT_WINDOW;
use super::strategy::Strategy;
use super::traffic::{Arrivals, CostDist};
use crate::sim::{LinkConfig, SimTime, MS, SECOND};

/// One-way latency of every link: uniform 4–8 ms, so a request's four hops are visible
/// but short next to its service time (tens of ms).
pub const LINK_MIN_US: SimTime = 4 * MS;
pub const LINK_MAX_US: SimTime = 8 * MS;
/// How long a client waits for an answer.
pub const TIMEOUT_US: SimTime = SECOND;
/// Distinct request keys (users).
pub const KEYS: u64 = 10_000;
/// Peak-EWMA decay time constant.
pub const EWMA_DECAY_US: SimTime = 500 * MS;

/// The links of every scene.
pub fn link() -> LinkConfig {
    LinkConfig::uniform(LINK_MIN_US, LINK_MAX_US)
}

/// A client sending `arrivals` of `cost`, with the default keys, timeout and window.
pub fn client(arrivals: Arrivals, cost: CostDist) -> ClientSpec {
    ClientSpec {
        arrivals,
        cost,
        keys: KEYS,
        timeout_us: TIMEOUT_US,
        window: DEFAULT_WINDOW,
    }
}

/// A balancer with `strategy`, a live view, no health checks and no schedule.
pub fn balancer(strategy: Strategy) -> BalancerConfig {
    BalancerConfig {
        strategy,
        view_refresh_us: 0,
        health: None,
        forget_after_us: TIMEOUT_US,
        ewma_decay_us: EWMA_DECAY_US,
        schedule: Vec::new(),
    }
}
