//! A bounded window of recent request latencies: percentiles and throughput over a
//! sliding window. A leaf: it imports no scene.

use std::collections::VecDeque;

use crate::sim::SimTime;

/// How many recent completions a client keeps by default.
pub const DEFAULT_WINDOW: usize = 2_048;

/// The most recent completions, oldest first, as `(completed_at_us, latency_us)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatencyWindow {
    capacity: usize,
    recent: VecDeque<(SimTime, SimTime)>,
}

impl Default for LatencyWindow {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW)
    }
}

impl LatencyWindow {
    /// An empty window keeping at most `capacity` completions.
    pub fn new(capacity: usize) -> Self {
        LatencyWindow {
            capacity: capacity.max(1),
            recent: VecDeque::new(),
        }
    }

    /// Records one completion, forgetting the oldest when full.
    pub fn record(&mut self, at_us: SimTime, latency_us: SimTime) {
        if self.recent.len() == self.capacity {
            self.recent.pop_front();
        }
        self.recent.push_back((at_us, latency_us));
    }

    /// The completions kept, oldest first.
    pub fn entries(&self) -> impl Iterator<Item = (SimTime, SimTime)> + '_ {
        self.recent.iter().copied()
    }

    /// How many completions are kept.
    pub fn len(&self) -> usize {
        self.recent.len()
    }

    /// Whether nothing completed yet.
    pub fn is_empty(&self) -> bool {
        self.recent.is_empty()
    }
}

/// The `pct`-th percentile (nearest rank, `0 < pct <= 100`) of `latencies_us`, which it
/// sorts; `None` when empty.
pub fn percentile_us(latencies_us: &mut [SimTime], pct: u32) -> Option<SimTime> {
    if latencies_us.is_empty() {
        return None;
    }
    latencies_us.sort_unstable();
    let n = latencies_us.len();
    let rank = (n * pct.clamp(1, 100) as usize).div_ceil(100);
    Some(latencies_us[rank.clamp(1, n) - 1])
}

/// Completions per second in the `window_us` before `now_us`, from `(completed_at, _)`
/// pairs. Exact while the windows hold every completion of that span.
pub fn throughput_per_s(
    entries: impl Iterator<Item = (SimTime, SimTime)>,
    now_us: SimTime,
    window_us: SimTime,
) -> f64 {
    let span_us = window_us.min(now_us);
    if span_us == 0 {
        return 0.0;
    }
    let since = now_us - span_us;
    let count = entries
        .filter(|&(at, _)| at > since && at <= now_us)
        .count();
    count as f64 * 1e6 / span_us as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut values: Vec<u64> = (1..=100).rev().collect();
        assert_eq!(percentile_us(&mut values, 50), Some(50));
        assert_eq!(percentile_us(&mut values, 99), Some(99));
        assert_eq!(percentile_us(&mut values, 100), Some(100));
        assert_eq!(percentile_us(&mut [], 50), None);
    }

    #[test]
    fn the_window_forgets_the_oldest_and_counts_throughput() {
        let mut window = LatencyWindow::new(3);
        for t in 1..=5 {
            window.record(t * 100_000, 7);
        }
        assert_eq!(window.len(), 3);
        assert_eq!(window.entries().next(), Some((300_000, 7)));
        let rate = throughput_per_s(window.entries(), 500_000, 200_000);
        assert_eq!(rate, 10.0);
    }
}
