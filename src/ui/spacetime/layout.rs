//! Where things go in a space-time diagram: one row per node, time to the right.
//!
//! An event sits at its true time, except that events of one node never sit closer than
//! [`MIN_GAP_PX`] or than their labels need (a handler's events share an instant), and a
//! receive never sits left of its send. Pure geometry, so it is tested natively.

use std::collections::BTreeMap;

use crate::sim::causality::is_causal;
use crate::sim::{MessageView, MsgId, NodeId, SimTime, TraceEvent, TraceKind};

/// Smallest horizontal distance between two events of one node.
pub const MIN_GAP_PX: f64 = 22.0;
/// Room kept between the labels of neighbouring events of one node.
const LABEL_PADDING_PX: f64 = 6.0;

/// The drawing's frame, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    /// Room for node names on the left.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    /// Distance between two node lines.
    pub row: f64,
    pub bottom: f64,
}

impl Default for Frame {
    fn default() -> Self {
        Self {
            width: 720.0,
            left: 74.0,
            right: 34.0,
            top: 44.0,
            row: 76.0,
            bottom: 56.0,
        }
    }
}

impl Frame {
    /// Total height for `rows` node lines.
    pub fn height(&self, rows: usize) -> f64 {
        self.top + self.row * rows.saturating_sub(1) as f64 + self.bottom
    }

    /// The x of true time `t` on a time axis `0..=horizon_us`.
    pub fn x_of(&self, t: SimTime, horizon_us: SimTime) -> f64 {
        let span = (self.width - self.left - self.right).max(1.0);
        let fraction = t.min(horizon_us) as f64 / horizon_us.max(1) as f64;
        self.left + fraction * span
    }

    /// The y of node `node`'s line.
    pub fn y_of(&self, node: NodeId) -> f64 {
        self.top + self.row * node as f64
    }
}

/// One event as drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// Index into the events given to [`layout`].
    pub event: usize,
    pub node: NodeId,
    pub x: f64,
    pub y: f64,
}

/// A message as drawn: from its send to its receive, or to where it is now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// Index into the dots of the send.
    pub send: usize,
    /// Index into the dots of the receive; `None` while the message is on its way.
    pub receive: Option<usize>,
}

/// Everything placed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// In event order.
    pub dots: Vec<Dot>,
    pub arrows: Vec<Arrow>,
    pub now_x: f64,
    pub height: f64,
}

/// Places the causal events of `events` (oldest first) and the messages between them,
/// plus `in_flight` messages as arrows growing towards their receiver. `half_width` says
/// how much room an event's label needs on each side.
pub fn layout(
    frame: &Frame,
    node_count: usize,
    events: &[TraceEvent],
    horizon_us: SimTime,
    now_us: SimTime,
    in_flight: &[MessageView],
    half_width: &dyn Fn(&TraceEvent) -> f64,
) -> Layout {
    let mut dots: Vec<Dot> = Vec::new();
    // Per node: the x and label half-width of its last event.
    let mut last: Vec<Option<(f64, f64)>> = vec![None; node_count];
    let mut send_dot: BTreeMap<MsgId, usize> = BTreeMap::new();
    let mut original_of: BTreeMap<MsgId, MsgId> = BTreeMap::new();
    let mut arrows = Vec::new();
    for (index, event) in events.iter().enumerate() {
        if let (TraceKind::Duplicate { original }, Some(copy)) = (event.kind, event.message) {
            original_of.insert(copy.id, original);
        }
        let Some(node) = event.node.filter(|&n| n < node_count) else {
            continue;
        };
        if !is_causal(event) {
            continue;
        }
        let half = half_width(event);
        let mut x = frame.x_of(event.time, horizon_us);
        if let Some((previous, previous_half)) = last[node] {
            x = x.max(previous + MIN_GAP_PX.max(previous_half + half + LABEL_PADDING_PX));
        }
        let sent_from = match (event.kind, event.message) {
            (TraceKind::Deliver, Some(m)) => {
                let id = original_of.get(&m.id).copied().unwrap_or(m.id);
                send_dot.get(&id).copied()
            }
            _ => None,
        };
        if let Some(send) = sent_from {
            x = x.max(dots[send].x + MIN_GAP_PX / 2.0);
        }
        last[node] = Some((x, half));
        let dot = Dot {
            event: index,
            node,
            x,
            y: frame.y_of(node),
        };
        if let (TraceKind::Send, Some(m)) = (event.kind, event.message) {
            send_dot.insert(m.id, dots.len());
        }
        if let Some(send) = sent_from {
            arrows.push(Arrow {
                from: (dots[send].x, dots[send].y),
                to: (dot.x, dot.y),
                send,
                receive: Some(dots.len()),
            });
        }
        dots.push(dot);
    }
    let now_x = frame.x_of(now_us, horizon_us);
    for message in in_flight {
        let id = original_of.get(&message.id).copied().unwrap_or(message.id);
        let Some(&send) = send_dot.get(&id) else {
            continue;
        };
        if message.to >= node_count {
            continue;
        }
        let from = (dots[send].x, dots[send].y);
        let progress = f64::from(message.progress.clamp(0.0, 1.0));
        let target_y = frame.y_of(message.to);
        let arrive_x = frame.x_of(message.arrive_at, horizon_us).max(from.0);
        let to = (
            from.0 + (arrive_x - from.0) * progress,
            from.1 + (target_y - from.1) * progress,
        );
        arrows.push(Arrow {
            from,
            to,
            send,
            receive: None,
        });
    }
    Layout {
        dots,
        arrows,
        now_x,
        height: frame.height(node_count),
    }
}

/// A keyboard move through the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Next event on the same line.
    Later,
    /// Previous event on the same line.
    Earlier,
    /// The nearest event on the line below.
    Down,
    /// The nearest event on the line above.
    Up,
    /// First event on the line.
    First,
    /// Last event on the line.
    Last,
}

/// The dot a keyboard move from dot `from` lands on (`None`: nowhere to go).
pub fn step(dots: &[Dot], from: usize, direction: Move) -> Option<usize> {
    let current = dots.get(from)?;
    let same_line = || {
        dots.iter()
            .enumerate()
            .filter(move |(_, d)| d.node == current.node)
    };
    match direction {
        Move::Later => same_line().find(|(i, _)| *i > from).map(|(i, _)| i),
        Move::Earlier => same_line().rfind(|(i, _)| *i < from).map(|(i, _)| i),
        Move::First => same_line().next().map(|(i, _)| i),
        Move::Last => same_line().next_back().map(|(i, _)| i),
        Move::Down | Move::Up => {
            let lines = dots.iter().map(|d| d.node);
            let target = match direction {
                Move::Down => lines.filter(|&n| n > current.node).min()?,
                _ => lines.filter(|&n| n < current.node).max()?,
            };
            dots.iter()
                .enumerate()
                .filter(|(_, d)| d.node == target)
                .min_by(|(_, a), (_, b)| {
                    (a.x - current.x).abs().total_cmp(&(b.x - current.x).abs())
                })
                .map(|(i, _)| i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::MessageRef;

    fn event(
        seq: u64,
        time: SimTime,
        node: NodeId,
        kind: TraceKind,
        msg: Option<(MsgId, NodeId, NodeId)>,
    ) -> TraceEvent {
        TraceEvent {
            seq,
            time,
            node: Some(node),
            local_clock_us: 0,
            lamport: 0,
            vector: vec![0, 0],
            kind,
            message: msg.map(|(id, from, to)| MessageRef {
                id,
                from,
                to,
                kind: "m",
            }),
            text: String::new(),
        }
    }

    #[test]
    fn same_instant_events_are_spread_and_arrows_point_forward() {
        let frame = Frame::default();
        let events = vec![
            event(0, 100, 0, TraceKind::Timer { tag: 0 }, None),
            event(1, 100, 0, TraceKind::Send, Some((7, 0, 1))),
            event(2, 101, 1, TraceKind::Deliver, Some((7, 0, 1))),
        ];
        let placed = layout(&frame, 2, &events, 1_000_000, 200, &[], &|_| 20.0);
        assert_eq!(placed.dots.len(), 3);
        assert!(placed.dots[1].x >= placed.dots[0].x + 46.0);
        assert!(placed.dots[2].x > placed.dots[1].x);
        assert_eq!(placed.arrows.len(), 1);
        assert_eq!(placed.arrows[0].receive, Some(2));
        assert_eq!(step(&placed.dots, 0, Move::Later), Some(1));
        assert_eq!(step(&placed.dots, 1, Move::Down), Some(2));
        assert_eq!(step(&placed.dots, 2, Move::Up), Some(1));
        assert_eq!(step(&placed.dots, 2, Move::Down), None);
        assert_eq!(step(&placed.dots, 1, Move::First), Some(0));
    }
}
