//! Each node's clock offset over true time, rebuilt exactly from the trace.
//!
//! Between two events of a node its clock runs at a constant rate, so the offset is a
//! straight line. Every event records the node's clock reading, which pins the line down;
//! where a reading is not where the previous line leads (the clock was stepped, or set by
//! an intervention), the history gets a vertical step. A `SetClock` intervention also
//! changes the slope from then on.

use crate::sim::{Intervention, NodeId, SimTime, TraceEvent, TraceKind};

/// One point of an offset history: (true time, clock reading − true time), in microseconds.
pub type OffsetPoint = (SimTime, i64);

/// Readings that differ from the extrapolated line by at most this much are on it
/// (clocks round down to whole microseconds).
const ON_LINE_US: i64 = 2;

/// Where a node's clock stood when the history starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    pub offset_us: i64,
    pub drift_ppm: i64,
}

fn extrapolate(from: OffsetPoint, drift_ppm: i64, to_us: SimTime) -> i64 {
    let elapsed = to_us.saturating_sub(from.0) as i128;
    let gained = (drift_ppm as i128 * elapsed).div_euclid(1_000_000);
    (from.1 as i128 + gained).clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// Offset histories for `starts.len()` nodes from `events` (oldest first), extended to `now_us`.
/// Events of other nodes, or not about one node, are skipped.
pub fn offset_histories(
    starts: &[Start],
    events: &[TraceEvent],
    now_us: SimTime,
) -> Vec<Vec<OffsetPoint>> {
    let mut drift: Vec<i64> = starts.iter().map(|s| s.drift_ppm).collect();
    let mut histories: Vec<Vec<OffsetPoint>> =
        starts.iter().map(|s| vec![(0, s.offset_us)]).collect();
    for event in events {
        let Some(node) = event.node.filter(|&n| n < starts.len()) else {
            continue;
        };
        let history = &mut histories[node];
        let last = *history.last().expect("starts with a point");
        if event.time < last.0 {
            continue;
        }
        let expected = extrapolate(last, drift[node], event.time);
        let actual = event.local_clock_us - event.time.min(i64::MAX as u64) as i64;
        if (actual - expected).abs() > ON_LINE_US && event.time > last.0 {
            history.push((event.time, expected));
        }
        history.push((event.time, actual));
        if let Some(ppm) = set_clock_drift(event, node) {
            drift[node] = ppm;
        }
    }
    for (node, history) in histories.iter_mut().enumerate() {
        let last = *history.last().expect("starts with a point");
        if now_us > last.0 {
            history.push((now_us, extrapolate(last, drift[node], now_us)));
        }
    }
    histories
}

/// The new drift if `event` is a `SetClock` intervention on `node`.
fn set_clock_drift(event: &TraceEvent, node: NodeId) -> Option<i64> {
    if event.kind != TraceKind::Intervention {
        return None;
    }
    match event.text.parse::<Intervention>() {
        Ok(Intervention::SetClock {
            node: target,
            drift_ppm,
            ..
        }) if target == node => Some(drift_ppm),
        _ => None,
    }
}

/// The part of a history from `from_us` on: its last point at or before `from_us` (after a
/// step there, the value after the step), then the rest.
pub fn since(history: &[OffsetPoint], from_us: SimTime) -> &[OffsetPoint] {
    let start = history
        .iter()
        .rposition(|(t, _)| *t <= from_us)
        .unwrap_or(0);
    &history[start..]
}

/// The largest |offset| of [`since`]`(history, from_us)` (0 when there is none).
/// Histories are piecewise linear, so the largest value sits on a point.
pub fn worst_offset_us(history: &[OffsetPoint], from_us: SimTime) -> u64 {
    since(history, from_us)
        .iter()
        .map(|(_, offset)| offset.unsigned_abs())
        .max()
        .unwrap_or(0)
}
