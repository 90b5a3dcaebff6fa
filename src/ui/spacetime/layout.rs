//! Where things go in a space-time diagram: one row per node, time to the right.
//!
//! Every event sits exactly at its true time: the x axis is in seconds and never lies, so
//! x order is time order across the whole diagram. Events of one node closer together
//! than a dot's width (a handler's receive and send share an instant) stack up and down
//! around their line instead, in the order they happened, top first. Only labels move to
//! avoid each other: a label that would touch its left neighbour's goes up a tier, then
//! right. Pure geometry, tested natively.

use std::collections::BTreeMap;

use crate::sim::causality::is_causal;
use crate::sim::{MessageView, MsgId, NodeId, SimTime, TraceEvent, TraceKind};

/// Events of one node closer than this (a dot's width and a little) stack vertically.
pub const DOT_SPACING_PX: f64 = 14.0;
/// How far a stack may reach above and below its line.
const STACK_REACH_PX: f64 = 24.0;
/// Radius of the area that picks a dot, unless a neighbour is closer than twice that.
pub const HIT_RADIUS_PX: f64 = 13.0;
/// Room kept between neighbouring labels on one tier.
const LABEL_PADDING_PX: f64 = 4.0;
/// Vertical distance between label tiers.
const TIER_PX: f64 = 13.0;
/// How far above its dot a label's first tier sits, and below it a name's.
const LABEL_RISE_PX: f64 = 12.0;
const NAME_DROP_PX: f64 = 22.0;

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
    /// Where its label (above) and its name (below) are anchored.
    pub label: (f64, f64),
    pub name: (f64, f64),
    /// Radius of the area that picks it: [`HIT_RADIUS_PX`], or half the distance to
    /// the nearest dot on its line, so that neighbours' areas never cover each other.
    pub hit_radius: f64,
}

/// How much room an event's texts need on each side of their anchor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextWidths {
    pub label_half: f64,
    pub name_half: f64,
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
/// plus `in_flight` messages as arrows growing towards their receiver. `widths` says how
/// much room an event's label and name need.
pub fn layout(
    frame: &Frame,
    node_count: usize,
    events: &[TraceEvent],
    horizon_us: SimTime,
    now_us: SimTime,
    in_flight: &[MessageView],
    widths: &dyn Fn(&TraceEvent) -> TextWidths,
) -> Layout {
    let placed: Vec<(usize, NodeId)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| is_causal(e))
        .filter_map(|(i, e)| Some((i, e.node.filter(|&n| n < node_count)?)))
        .collect();
    let mut dots: Vec<Dot> = placed
        .iter()
        .map(|&(event, node)| {
            let x = frame.x_of(events[event].time, horizon_us);
            let y = frame.y_of(node);
            Dot {
                event,
                node,
                x,
                y,
                label: (x, y - LABEL_RISE_PX),
                name: (x, y + NAME_DROP_PX),
                hit_radius: HIT_RADIUS_PX,
            }
        })
        .collect();
    let extents = stack_close_events(&mut dots);
    place_texts(&mut dots, &extents, events, widths);
    limit_hit_areas(&mut dots);
    let arrows = arrows(frame, events, &dots, in_flight, horizon_us, node_count);
    Layout {
        dots,
        arrows,
        now_x: frame.x_of(now_us, horizon_us),
        height: frame.height(node_count),
    }
}

/// The dots of each node, by index, in event order.
fn per_node(dots: &[Dot]) -> BTreeMap<NodeId, Vec<usize>> {
    let mut lines: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
    for (k, dot) in dots.iter().enumerate() {
        lines.entry(dot.node).or_default().push(k);
    }
    lines
}

/// Stacks each run of a node's events that lie closer than [`DOT_SPACING_PX`] to the
/// previous one: spread up and down around the line, earliest on top, x unchanged.
/// Returns, per dot, the top and bottom y of its stack (its own y when alone).
fn stack_close_events(dots: &mut [Dot]) -> Vec<(f64, f64)> {
    let mut extents: Vec<(f64, f64)> = dots.iter().map(|d| (d.y, d.y)).collect();
    for own in per_node(dots).values() {
        let runs: Vec<&[usize]> = own
            .chunk_by(|&a, &b| dots[b].x - dots[a].x < DOT_SPACING_PX)
            .collect();
        for run in runs.into_iter().filter(|run| run.len() > 1) {
            let span = (run.len() - 1) as f64;
            let step = DOT_SPACING_PX.min(2.0 * STACK_REACH_PX / span);
            for (j, &k) in run.iter().enumerate() {
                dots[k].y += (j as f64 - span / 2.0) * step;
            }
            let extent = (dots[run[0]].y, dots[run[run.len() - 1]].y);
            for &k in run {
                extents[k] = extent;
            }
        }
    }
    extents
}

/// Shrinks each dot's hit area to half the distance to its nearest neighbour on its line.
fn limit_hit_areas(dots: &mut [Dot]) {
    for own in per_node(dots).values() {
        for (i, &a) in own.iter().enumerate() {
            for &b in &own[i + 1..] {
                if dots[b].x - dots[a].x > 2.0 * HIT_RADIUS_PX {
                    break;
                }
                let half = (dots[b].x - dots[a].x).hypot(dots[b].y - dots[a].y) / 2.0;
                dots[a].hit_radius = dots[a].hit_radius.min(half);
                dots[b].hit_radius = dots[b].hit_radius.min(half);
            }
        }
    }
}

/// Anchors labels (above each dot's stack) and names (below it) so that neighbours on
/// one node do not overlap: each goes on the first tier where it clears the text to its
/// left, and when no tier does, right of the nearest one.
fn place_texts(
    dots: &mut [Dot],
    extents: &[(f64, f64)],
    events: &[TraceEvent],
    widths: &dyn Fn(&TraceEvent) -> TextWidths,
) {
    const TIERS: usize = 2;
    // Per node and tier: the right edge of the last label and of the last name.
    let mut label_edges: BTreeMap<NodeId, [f64; TIERS]> = BTreeMap::new();
    let mut name_edges: BTreeMap<NodeId, [f64; TIERS]> = BTreeMap::new();
    for (dot, &(top, bottom)) in dots.iter_mut().zip(extents) {
        let w = widths(&events[dot.event]);
        let edges = label_edges
            .entry(dot.node)
            .or_insert([f64::NEG_INFINITY; TIERS]);
        let (x, tier) = fit(edges, dot.x, w.label_half);
        dot.label = (x, top - LABEL_RISE_PX - tier as f64 * TIER_PX);
        let edges = name_edges
            .entry(dot.node)
            .or_insert([f64::NEG_INFINITY; TIERS]);
        let (x, tier) = fit(edges, dot.x, w.name_half);
        dot.name = (x, bottom + NAME_DROP_PX + tier as f64 * TIER_PX);
    }
}

/// Where a text of half-width `half` wanted at `x` goes, given each tier's right edge so
/// far: the anchor and the tier. Updates the chosen tier's edge.
fn fit(edges: &mut [f64], x: f64, half: f64) -> (f64, usize) {
    let left = x - half;
    let tier = edges
        .iter()
        .position(|&edge| edge + LABEL_PADDING_PX <= left)
        .unwrap_or_else(|| {
            (0..edges.len())
                .min_by(|&a, &b| edges[a].total_cmp(&edges[b]))
                .unwrap_or(0)
        });
    let anchor = x.max(edges[tier] + LABEL_PADDING_PX + half);
    edges[tier] = anchor + half;
    (anchor, tier)
}

/// An arrow for every delivered message whose send is drawn, and for every message in
/// flight, growing from its send towards its receiver.
fn arrows(
    frame: &Frame,
    events: &[TraceEvent],
    dots: &[Dot],
    in_flight: &[MessageView],
    horizon_us: SimTime,
    node_count: usize,
) -> Vec<Arrow> {
    let mut original_of: BTreeMap<MsgId, MsgId> = BTreeMap::new();
    for event in events {
        if let (TraceKind::Duplicate { original }, Some(copy)) = (event.kind, event.message) {
            original_of.insert(copy.id, original);
        }
    }
    let sent_as = |id: MsgId| original_of.get(&id).copied().unwrap_or(id);
    let mut send_dot: BTreeMap<MsgId, usize> = BTreeMap::new();
    let mut arrows = Vec::new();
    for (k, dot) in dots.iter().enumerate() {
        let event = &events[dot.event];
        match (event.kind, event.message) {
            (TraceKind::Send, Some(m)) => {
                send_dot.insert(m.id, k);
            }
            (TraceKind::Deliver, Some(m)) => {
                if let Some(&send) = send_dot.get(&sent_as(m.id)) {
                    arrows.push(Arrow {
                        from: (dots[send].x, dots[send].y),
                        to: (dot.x, dot.y),
                        send,
                        receive: Some(k),
                    });
                }
            }
            _ => {}
        }
    }
    for message in in_flight.iter().filter(|m| m.to < node_count) {
        let Some(&send) = send_dot.get(&sent_as(message.id)) else {
            continue;
        };
        let from = (dots[send].x, dots[send].y);
        let progress = f64::from(message.progress.clamp(0.0, 1.0));
        let arrive_x = frame.x_of(message.arrive_at, horizon_us).max(from.0);
        let to = (
            from.0 + (arrive_x - from.0) * progress,
            from.1 + (frame.y_of(message.to) - from.1) * progress,
        );
        arrows.push(Arrow {
            from,
            to,
            send,
            receive: None,
        });
    }
    arrows
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
                    let far = |d: &Dot| (d.x - current.x).hypot(d.y - current.y);
                    far(a).total_cmp(&far(b))
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

    fn widths(_: &TraceEvent) -> TextWidths {
        TextWidths {
            label_half: 20.0,
            name_half: 8.0,
        }
    }

    #[test]
    fn same_instant_events_stack_at_their_time() {
        let frame = Frame::default();
        let events = vec![
            event(0, 100_000, 0, TraceKind::Timer { tag: 0 }, None),
            event(1, 100_000, 0, TraceKind::Send, Some((7, 0, 1))),
            event(2, 160_000, 1, TraceKind::Deliver, Some((7, 0, 1))),
        ];
        let placed = layout(&frame, 2, &events, 1_000_000, 200_000, &[], &widths);
        assert_eq!(placed.dots.len(), 3);
        let at_100ms = frame.x_of(100_000, 1_000_000);
        let [a, b, c] = [placed.dots[0], placed.dots[1], placed.dots[2]];
        assert_eq!(
            (a.x, b.x),
            (at_100ms, at_100ms),
            "both exactly at their time"
        );
        let line = frame.y_of(0);
        assert_eq!((a.y, b.y), (line - 7.0, line + 7.0), "earliest on top");
        assert_eq!(c.x, frame.x_of(160_000, 1_000_000));
        assert_eq!(c.y, frame.y_of(1));
        // Their pick areas touch but do not cover each other.
        assert_eq!(a.hit_radius, 7.0);
        assert_eq!(c.hit_radius, HIT_RADIUS_PX);
        assert_eq!(placed.arrows.len(), 1);
        assert_eq!(placed.arrows[0].from, (b.x, b.y));
        assert_eq!(placed.arrows[0].receive, Some(2));
        assert_eq!(step(&placed.dots, 0, Move::Later), Some(1));
        assert_eq!(step(&placed.dots, 1, Move::Down), Some(2));
        assert_eq!(step(&placed.dots, 2, Move::Up), Some(1));
        assert_eq!(step(&placed.dots, 2, Move::Down), None);
        assert_eq!(step(&placed.dots, 1, Move::First), Some(0));
    }

    #[test]
    fn close_events_stay_at_their_time_and_only_labels_move() {
        let frame = Frame::default();
        // Three events 1 ms apart on a 10 s axis: far closer than their labels are wide.
        let events: Vec<TraceEvent> = (0..3)
            .map(|i| {
                event(
                    i,
                    5_000_000 + i * 1_000,
                    0,
                    TraceKind::Timer { tag: 0 },
                    None,
                )
            })
            .collect();
        let placed = layout(&frame, 1, &events, 10_000_000, 0, &[], &widths);
        for (dot, e) in placed.dots.iter().zip(&events) {
            assert_eq!(dot.x, frame.x_of(e.time, 10_000_000));
        }
        let [a, b, c] = [placed.dots[0], placed.dots[1], placed.dots[2]];
        assert_eq!(a.label, (a.x, a.y - LABEL_RISE_PX));
        assert_eq!(
            b.label.1,
            a.y - LABEL_RISE_PX - TIER_PX,
            "second label goes up a tier"
        );
        // The third fits on no tier: it moves right of the first tier's label.
        assert!(c.label.0 >= a.label.0 + 40.0 + LABEL_PADDING_PX);
    }

    #[test]
    fn x_order_is_time_order_across_the_diagram() {
        let frame = Frame::default();
        let times = [
            0, 0, 0, 3_000, 3_000, 3_010, 9_000, 9_000, 9_000, 9_000, 9_001,
        ];
        let events: Vec<TraceEvent> = times
            .iter()
            .enumerate()
            .map(|(i, &t)| event(i as u64, t, i % 2, TraceKind::Timer { tag: 0 }, None))
            .collect();
        let placed = layout(&frame, 2, &events, 1_000_000, 0, &[], &widths);
        for a in &placed.dots {
            assert_eq!(a.x, frame.x_of(events[a.event].time, 1_000_000));
            for b in &placed.dots {
                if events[a.event].time < events[b.event].time {
                    assert!(a.x < b.x);
                }
            }
        }
        // Events of one node within a dot's width stay within reach of their line.
        for dot in &placed.dots {
            assert!((dot.y - frame.y_of(dot.node)).abs() <= STACK_REACH_PX);
        }
    }
}
