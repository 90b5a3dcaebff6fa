//! A bounded window of recent request latencies: percentiles and throughput over a
//! sliding window, and the same read as series over time for charts; a bounded list of
//! the instants something happened (a drop, a timeout), and its running count. A leaf:
//! it imports no scene.

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

/// The most recent instants something happened, oldest first, and how many happened in
/// all (also those forgotten).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instants {
    capacity: usize,
    recent: VecDeque<SimTime>,
    total: u64,
}

impl Default for Instants {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW)
    }
}

impl Instants {
    /// An empty list keeping at most `capacity` instants.
    pub fn new(capacity: usize) -> Self {
        Instants {
            capacity: capacity.max(1),
            recent: VecDeque::new(),
            total: 0,
        }
    }

    /// Records `count` happenings at `at_us`.
    pub fn record(&mut self, at_us: SimTime, count: u64) {
        for _ in 0..count.min(self.capacity as u64) {
            if self.recent.len() == self.capacity {
                self.recent.pop_front();
            }
            self.recent.push_back(at_us);
        }
        self.total += count;
    }

    /// The running count at every `step_us` from 0 to `now_us` (and at `now_us`), as
    /// `(time, happened up to then)`; exact from the oldest instant kept on.
    pub fn running_count(&self, now_us: SimTime, step_us: SimTime) -> Vec<(SimTime, u64)> {
        let forgotten = self.total - self.recent.len() as u64;
        let mut points = Vec::new();
        let mut seen = self.recent.iter().peekable();
        let mut count = forgotten;
        for t in steps(now_us, step_us) {
            while seen.next_if(|&&at| at <= t).is_some() {
                count += 1;
            }
            points.push((t, count));
        }
        points
    }
}

/// `0, step, 2·step, …` up to `now_us`, then `now_us` itself.
fn steps(now_us: SimTime, step_us: SimTime) -> impl Iterator<Item = SimTime> {
    let step = step_us.max(1);
    let whole = (0..=now_us / step).map(move |i| i * step);
    let last = (!now_us.is_multiple_of(step)).then_some(now_us);
    whole.chain(last)
}

/// The `pct`-th percentile latency of the completions of the `window_us` before each
/// step (every `step_us` after 0 up to `now_us`, and `now_us`), from `(completed_at,
/// latency)` pairs oldest first; steps without a completion in their window are left out.
pub fn percentile_series(
    entries: &[(SimTime, SimTime)],
    now_us: SimTime,
    window_us: SimTime,
    step_us: SimTime,
    pct: u32,
) -> Vec<(SimTime, SimTime)> {
    let mut points = Vec::new();
    let mut latencies = Vec::new();
    for t in steps(now_us, step_us).filter(|&t| t > 0) {
        let since = t.saturating_sub(window_us);
        let from = entries.partition_point(|&(at, _)| at <= since);
        let to = entries.partition_point(|&(at, _)| at <= t);
        latencies.clear();
        latencies.extend(entries[from..to].iter().map(|&(_, latency)| latency));
        if let Some(p) = percentile_us(&mut latencies, pct) {
            points.push((t, p));
        }
    }
    points
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

    #[test]
    fn the_running_count_counts_forgotten_instants_too() {
        let mut instants = Instants::new(2);
        instants.record(100, 1);
        instants.record(250, 2);
        instants.record(420, 1);
        let points = instants.running_count(500, 200);
        // 100 and one 250 are forgotten: counted from the start.
        assert_eq!(points, [(0, 2), (200, 2), (400, 3), (500, 4)]);
    }

    #[test]
    fn percentile_series_read_each_window() {
        // One completion every 100 µs, latency = its time / 100.
        let entries: Vec<_> = (1..=10).map(|i| (i * 100, i)).collect();
        let series = percentile_series(&entries, 1_000, 300, 250, 100);
        assert_eq!(series, [(250, 2), (500, 5), (750, 7), (1_000, 10)]);
        let medians = percentile_series(&entries, 1_000, 300, 500, 50);
        assert_eq!(medians, [(500, 4), (1_000, 9)]);
        assert!(percentile_series(&[], 1_000, 300, 250, 99).is_empty());
    }
}
