//! What a space-time diagram shows at one instant, derived from the simulation: the
//! events placed by [`layout`](super::layout), each dot's words, and how every event
//! stands to the selected one.

use crate::sim::causality::{relation, Relation};
use crate::sim::{SimTime, TraceEvent, TraceKind};
use crate::ui::sim::SimController;

use super::label::{describe, event_name, vector_text};
use super::layout::{self, Frame, Layout, TextWidths};

/// What to write next to each event.
#[derive(Clone, Copy)]
pub enum Labels {
    None,
    /// The Lamport timestamp.
    Lamport,
    /// The vector timestamp.
    Vector,
    /// Whatever the function returns (e.g. a physical timestamp on some events).
    Custom(fn(&TraceEvent) -> Option<String>),
}

/// Width of one character of a label (12 px monospace), in SVG units.
const LABEL_CHAR_PX: f64 = 7.4;
/// Width of one character of an event's name (11 px sans-serif), in SVG units.
const NAME_CHAR_PX: f64 = 6.8;

impl Labels {
    pub fn text(self, event: &TraceEvent) -> Option<String> {
        match self {
            Labels::None => None,
            Labels::Lamport => Some(event.lamport.to_string()),
            Labels::Vector => Some(vector_text(&event.vector)),
            Labels::Custom(f) => f(event),
        }
    }

    /// How much room the event's label and name need on each side of their anchors.
    fn widths(self, names: &[String], event: &TraceEvent) -> TextWidths {
        let label = self.text(event).map_or(0, |t| t.chars().count());
        let name = event_name(names, event).chars().count();
        TextWidths {
            label_half: label as f64 * LABEL_CHAR_PX / 2.0,
            name_half: name as f64 * NAME_CHAR_PX / 2.0,
        }
    }
}

/// How every drawn event stands to the selected one, by trace `seq` (ascending).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relations(Vec<(u64, Relation)>);

impl Relations {
    pub fn get(&self, seq: u64) -> Option<Relation> {
        self.0
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()
            .map(|i| self.0[i].1)
    }
}

/// Everything drawn at one instant, recomputed when the world changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub names: Vec<String>,
    /// The trace ring, oldest first (dots index into it).
    pub events: Vec<TraceEvent>,
    pub layout: Layout,
    pub horizon_us: SimTime,
}

impl Diagram {
    /// The diagram of `sim` as it is now.
    pub fn of(sim: SimController, frame: &Frame, labels: Labels) -> Self {
        sim.with_world(|world| {
            let names = world.node_names();
            let events = world.recent_events();
            let horizon_us = sim.horizon_us();
            let in_flight = world.snapshot().messages;
            let layout = layout::layout(
                frame,
                names.len(),
                &events,
                horizon_us,
                world.now(),
                &in_flight,
                &|e| labels.widths(&names, e),
            );
            Diagram {
                names,
                events,
                layout,
                horizon_us,
            }
        })
    }

    pub fn dot_event(&self, dot: usize) -> Option<&TraceEvent> {
        self.layout
            .dots
            .get(dot)
            .and_then(|d| self.events.get(d.event))
    }

    pub fn dot_of_seq(&self, seq: u64) -> Option<usize> {
        (0..self.layout.dots.len()).find(|&i| self.dot_event(i).is_some_and(|e| e.seq == seq))
    }

    pub fn event_of_seq(&self, seq: u64) -> Option<&TraceEvent> {
        self.dot_of_seq(seq).and_then(|i| self.dot_event(i))
    }

    /// The drawn events, in trace order.
    pub fn drawn_events(&self) -> impl Iterator<Item = &TraceEvent> {
        self.layout
            .dots
            .iter()
            .filter_map(|dot| self.events.get(dot.event))
    }

    /// How every drawn event stands to the event `seq` (empty if it is not drawn).
    pub fn relations_to(&self, seq: u64) -> Relations {
        let Some(chosen) = self.event_of_seq(seq) else {
            return Relations::default();
        };
        let list = self
            .drawn_events()
            .map(|e| {
                let r = if e.seq == seq {
                    Relation::Equal
                } else {
                    relation(&e.vector, &chosen.vector)
                };
                (e.seq, r)
            })
            .collect();
        Relations(list)
    }

    /// One view per drawn event.
    pub fn dot_views(&self, labels: Labels) -> Vec<DotView> {
        self.layout
            .dots
            .iter()
            .filter_map(|dot| {
                let e = self.events.get(dot.event)?;
                let name = event_name(&self.names, e);
                Some(DotView {
                    seq: e.seq,
                    key: (
                        e.seq,
                        e.time,
                        e.lamport,
                        dot.node,
                        [
                            dot.x,
                            dot.hit_radius,
                            dot.label.0,
                            dot.label.1,
                            dot.name.0,
                            dot.name.1,
                        ]
                        .map(|v| (v * 10.0) as i32),
                    ),
                    x: dot.x,
                    y: dot.y,
                    summary: format!(
                        "{name}: {} at {}, Lamport {}, vector {}",
                        describe(&self.names, e),
                        crate::ui::wall::seconds(e.time as i64),
                        e.lamport,
                        vector_text(&e.vector)
                    ),
                    name,
                    label: labels.text(e),
                    label_at: dot.label,
                    name_at: dot.name,
                    hit_radius: dot.hit_radius,
                    kind: kind_class(e.kind),
                })
            })
            .collect()
    }
}

/// One dot as the keyed list renders it.
#[derive(Clone, Debug, PartialEq)]
pub struct DotView {
    pub seq: u64,
    /// Identity across re-runs (the same `seq` after a new seed may be another event)
    /// and across moves: a dot fans out when another event joins its instant.
    pub key: (u64, SimTime, u64, usize, [i32; 6]),
    pub x: f64,
    pub y: f64,
    pub name: String,
    pub summary: String,
    pub label: Option<String>,
    pub label_at: (f64, f64),
    pub name_at: (f64, f64),
    pub hit_radius: f64,
    pub kind: &'static str,
}

fn kind_class(kind: TraceKind) -> &'static str {
    match kind {
        TraceKind::Send => "send",
        TraceKind::Deliver => "receive",
        _ => "local",
    }
}
