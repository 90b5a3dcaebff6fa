//! A live space-time diagram: one line per node, events as dots, messages as arrows.
//!
//! It reads the same [`SimController`] as the simulation widget, so playing, stepping and
//! scrubbing move both. Selecting an event (pointer, or keyboard: arrow keys move along and
//! between lines, Enter or Space selects, Escape clears) marks every other event as having
//! happened before it (filled), after it (ringed) or concurrently (hollow, dashed), by
//! comparing vector timestamps. Below the picture, a summary in words and a table of all
//! events say the same for screen readers and keyboard users.

pub mod label;
pub mod layout;

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::label::{describe, event_name, vector_text};
use self::layout::{Frame, Layout, Move};
use crate::sim::causality::{relation, Relation};
use crate::sim::{SimTime, TraceEvent, TraceKind};
use crate::ui::chart::{nice_ticks, tick_text};
use crate::ui::sim::SimController;

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
    /// How much room the event's label (or name) needs on each side of its dot.
    fn half_width(self, event: &TraceEvent) -> f64 {
        let label = self.text(event).map_or(0, |t| t.chars().count());
        label as f64 * LABEL_CHAR_PX / 2.0
    }

    fn text(self, event: &TraceEvent) -> Option<String> {
        match self {
            Labels::None => None,
            Labels::Lamport => Some(event.lamport.to_string()),
            Labels::Vector => Some(vector_text(&event.vector)),
            Labels::Custom(f) => f(event),
        }
    }
}

/// How every drawn event stands to the selected one, by trace `seq` (ascending).
#[derive(Clone, Debug, Default, PartialEq)]
struct Relations(Vec<(u64, Relation)>);

impl Relations {
    fn get(&self, seq: u64) -> Option<Relation> {
        self.0
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()
            .map(|i| self.0[i].1)
    }
}

/// Everything drawn at one instant, recomputed when the world changes.
#[derive(Clone, Debug, Default, PartialEq)]
struct Diagram {
    names: Vec<String>,
    /// The trace ring, oldest first (dots index into it).
    events: Vec<TraceEvent>,
    layout: Layout,
    horizon_us: SimTime,
}

impl Diagram {
    fn dot_event(&self, dot: usize) -> Option<&TraceEvent> {
        self.layout
            .dots
            .get(dot)
            .and_then(|d| self.events.get(d.event))
    }

    fn dot_of_seq(&self, seq: u64) -> Option<usize> {
        (0..self.layout.dots.len()).find(|&i| self.dot_event(i).is_some_and(|e| e.seq == seq))
    }

    fn event_of_seq(&self, seq: u64) -> Option<&TraceEvent> {
        self.dot_of_seq(seq).and_then(|i| self.dot_event(i))
    }
}

/// One dot as the keyed list renders it.
#[derive(Clone, Debug, PartialEq)]
struct DotView {
    seq: u64,
    /// Identity across re-runs: the same `seq` after a new seed may be another event.
    key: (u64, SimTime, u64, usize),
    x: f64,
    y: f64,
    name: String,
    summary: String,
    label: Option<String>,
    kind: &'static str,
}

fn kind_class(kind: TraceKind) -> &'static str {
    match kind {
        TraceKind::Send => "send",
        TraceKind::Deliver => "receive",
        _ => "local",
    }
}

fn next_instance() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Words for a relation, as the table and the summary use them.
pub fn relation_words(relation: Relation) -> &'static str {
    match relation {
        Relation::Equal => "selected",
        Relation::Before => "happened before",
        Relation::After => "happened after",
        Relation::Concurrent => "concurrent",
    }
}

/// The diagram, a summary of the selection in words, and a table of every event.
///
/// `selected` holds the trace `seq` of the selected event; the lesson may read and set it
/// (e.g. a "show me" button). `marked` events get an extra halo and a note (e.g. a pair
/// the text points out).
#[component]
pub fn SpaceTime(
    sim: SimController,
    labels: Labels,
    selected: RwSignal<Option<u64>>,
    #[prop(into)] caption: String,
    #[prop(optional, into)] marked: Option<Signal<Vec<u64>>>,
    #[prop(optional)] clock_text: Option<fn(i64) -> String>,
) -> impl IntoView {
    let instance = next_instance();
    let dom_id = move |seq: u64| format!("st{instance}-e{seq}");
    let frame = Frame::default();
    let diagram = Memo::new(move |_| {
        sim.with_world(|world| {
            let names = world.node_names();
            let events = world.recent_events();
            let horizon_us = sim.horizon_us();
            let in_flight = world.snapshot().messages;
            let layout = layout::layout(
                &frame,
                names.len(),
                &events,
                horizon_us,
                world.now(),
                &in_flight,
                &|e| {
                    let name = event_name(&names, e).chars().count() as f64 * NAME_CHAR_PX / 2.0;
                    labels.half_width(e).max(name)
                },
            );
            Diagram {
                names,
                events,
                layout,
                horizon_us,
            }
        })
    });
    let dots = Memo::new(move |_| {
        diagram.with(|d| {
            d.layout
                .dots
                .iter()
                .filter_map(|dot| {
                    let e = d.events.get(dot.event)?;
                    Some(DotView {
                        seq: e.seq,
                        key: (e.seq, e.time, e.lamport, dot.node),
                        x: dot.x,
                        y: dot.y,
                        name: event_name(&d.names, e),
                        summary: format!(
                            "{}: {} at {}, Lamport {}, vector {}",
                            event_name(&d.names, e),
                            describe(&d.names, e),
                            crate::ui::wall::seconds(e.time as i64),
                            e.lamport,
                            vector_text(&e.vector)
                        ),
                        label: labels.text(e),
                        kind: kind_class(e.kind),
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    // How every drawn event stands to the selected one (empty when nothing is selected).
    let relations = Memo::new(move |_| {
        let Some(seq) = selected.get() else {
            return Relations::default();
        };
        diagram.with(|d| {
            let Some(chosen) = d.event_of_seq(seq) else {
                return Relations::default();
            };
            let list = d
                .layout
                .dots
                .iter()
                .filter_map(|dot| d.events.get(dot.event))
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
        })
    });
    let relation_of = move |seq: u64| relations.with(|r| r.get(seq));
    let is_marked = move |seq: u64| marked.is_some_and(|m| m.with(|list| list.contains(&seq)));
    // Roving tab stop: the active dot, or the first one.
    let active = RwSignal::new(None::<u64>);
    let tab_stop = Memo::new(move |_| {
        let first = dots.with(|d| d.first().map(|x| x.seq));
        match active.get() {
            Some(seq) if dots.with(|d| d.iter().any(|x| x.seq == seq)) => Some(seq),
            _ => first,
        }
    });
    let toggle = move |seq: u64| {
        selected.update(|s| *s = if *s == Some(seq) { None } else { Some(seq) });
        active.set(Some(seq));
    };
    let on_key = move |seq: u64, event: leptos::ev::KeyboardEvent| {
        let movement = match event.key().as_str() {
            "ArrowRight" => Some(Move::Later),
            "ArrowLeft" => Some(Move::Earlier),
            "ArrowDown" => Some(Move::Down),
            "ArrowUp" => Some(Move::Up),
            "Home" => Some(Move::First),
            "End" => Some(Move::Last),
            _ => None,
        };
        if let Some(movement) = movement {
            event.prevent_default();
            let target = diagram.with_untracked(|d| {
                let from = d.dot_of_seq(seq)?;
                let to = layout::step(&d.layout.dots, from, movement)?;
                d.dot_event(to).map(|e| e.seq)
            });
            if let Some(target) = target {
                active.set(Some(target));
                crate::ui::browser::focus_by_id(&dom_id(target));
            }
            return;
        }
        match event.key().as_str() {
            "Enter" | " " => {
                event.prevent_default();
                toggle(seq);
            }
            "Escape" => selected.set(None),
            _ => {}
        }
    };

    let width = frame.width;
    let height = move || diagram.with(|d| d.layout.height);
    let view_box = move || format!("0 0 {width} {}", height());
    // Everything that is only drawn (lines, ticks, arrows, "now") as one SVG string: the
    // dots are the interactive part.
    let backdrop = Memo::new(move |_| diagram.with(|d| backdrop_svg(&frame, d, &relations.get())));
    let dot_list = move || dots.get();
    let dot_view = move |dot: DotView| {
        let seq = dot.seq;
        let class = move || {
            let relation = relation_of(seq).map_or("none", |r| match r {
                Relation::Equal => "selected",
                Relation::Before => "before",
                Relation::After => "after",
                Relation::Concurrent => "concurrent",
            });
            let mut class = format!("st-event st-{} st-rel-{relation}", dot.kind);
            if is_marked(seq) {
                class.push_str(" st-marked");
            }
            class
        };
        let aria_label = {
            let summary = dot.summary.clone();
            move || match relation_of(seq) {
                Some(Relation::Equal) => format!("{summary}. Selected."),
                Some(r) => format!("{summary}. {} the selected event.", relation_words(r)),
                None => summary.clone(),
            }
        };
        let label_y = dot.y - 12.0;
        let label = dot.label.clone().map(|text| {
            view! { <text class="st-label" x=dot.x y=label_y text-anchor="middle">{text}</text> }
        });
        let name_y = dot.y + 22.0;
        view! {
            <g
                id=dom_id(seq)
                class=class
                role="button"
                tabindex=move || if tab_stop.get() == Some(seq) { "0" } else { "-1" }
                aria-pressed=move || (selected.get() == Some(seq)).to_string()
                aria-label=aria_label
                data-seq=seq.to_string()
                data-name=dot.name.clone()
                data-relation=move || relation_of(seq).map_or("none", Relation::name)
                on:click=move |_| toggle(seq)
                on:focus=move |_| active.set(Some(seq))
                on:keydown=move |event| on_key(seq, event)
            >
                <circle class="st-hit" cx=dot.x cy=dot.y r="13" />
                <circle class="st-focus" cx=dot.x cy=dot.y r="13" />
                <circle class="st-halo" cx=dot.x cy=dot.y r="11" />
                <circle class="st-dot" cx=dot.x cy=dot.y r="6" />
                <circle class="st-core" cx=dot.x cy=dot.y r="2.2" />
                <text class="st-name" x=dot.x y=name_y text-anchor="middle">{dot.name.clone()}</text>
                {label}
            </g>
        }
    };

    let summary = move || {
        let Some(seq) = selected.get() else {
            return "No event selected. Click an event, or move to one with the arrow keys and press Enter, to see what happened before it, after it, and concurrently.".to_owned();
        };
        diagram.with(|d| {
            let Some(chosen) = d.event_of_seq(seq) else {
                return "The selected event is not on the diagram at this point of the run; play on or select another.".to_owned();
            };
            let group = |wanted: Relation| -> Vec<String> {
                relations.with(|r| {
                    d.layout
                        .dots
                        .iter()
                        .filter_map(|dot| d.events.get(dot.event))
                        .filter(|e| r.get(e.seq) == Some(wanted))
                        .map(|e| event_name(&d.names, e))
                        .collect()
                })
            };
            let list = |names: Vec<String>| {
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    format!("{} ({})", names.join(", "), names.len())
                }
            };
            format!(
                "Selected {}: {} (Lamport {}, vector {}). Happened before it: {}. Happened after it: {}. Concurrent with it: {}.",
                event_name(&d.names, chosen),
                describe(&d.names, chosen),
                chosen.lamport,
                vector_text(&chosen.vector),
                list(group(Relation::Before)),
                list(group(Relation::After)),
                list(group(Relation::Concurrent)),
            )
        })
    };
    let clock_text = clock_text.unwrap_or(crate::ui::wall::seconds);
    let rows = move || {
        let chosen = selected.get();
        diagram.with(|d| table_rows(d, &relations.get(), chosen, clock_text))
    };
    // One handler for every "select" button of the table.
    let on_table_click = move |event: leptos::ev::MouseEvent| {
        let seq = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button[data-seq]").ok().flatten())
            .and_then(|b| b.get_attribute("data-seq"))
            .and_then(|text| text.parse::<u64>().ok());
        if let Some(seq) = seq {
            toggle(seq);
        }
    };
    let count = move || dots.with(Vec::len);
    let caption_for_svg = caption.clone();

    view! {
        <div class="spacetime" data-testid="spacetime">
            <div class="st-scroll">
                <svg class="st-svg" viewBox=view_box role="group" aria-label=caption_for_svg>
                    <g aria-hidden="true" inner_html=move || backdrop.get()></g>
                    <g class="st-events">
                        <For each=dot_list key=|d: &DotView| d.key children=dot_view />
                    </g>
                </svg>
            </div>
            <ul class="st-legend" aria-hidden="true">
                <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-selected"><circle class="st-halo" cx="12" cy="12" r="10" /><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"selected"</li>
                <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-before"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"happened before it (filled)"</li>
                <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-after"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"happened after it (ringed)"</li>
                <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-concurrent"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"concurrent (hollow, dashed)"</li>
            </ul>
            <p class="st-summary" role="status" aria-live="polite" data-testid="spacetime-summary">{summary}</p>
            <details class="st-table-wrap">
                <summary>{move || format!("The events as a table ({})", count())}</summary>
                <div class="st-table-scroll">
                    <table class="st-table" data-testid="spacetime-table">
                        <caption>{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Event"</th>
                                <th scope="col">"Node"</th>
                                <th scope="col">"What"</th>
                                <th scope="col">"True time"</th>
                                <th scope="col">"Its clock"</th>
                                <th scope="col">"Lamport"</th>
                                <th scope="col">"Vector"</th>
                                <th scope="col">"Relation to the selected event"</th>
                            </tr>
                        </thead>
                        <tbody on:click=on_table_click inner_html=rows></tbody>
                    </table>
                </div>
            </details>
        </div>
    }
}

/// Escapes text for HTML and SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The drawn-only part of the diagram: time ticks, node lines and names, message arrows
/// (coloured by how they stand to the selection) and the "now" line.
fn backdrop_svg(frame: &Frame, d: &Diagram, relations: &Relations) -> String {
    use std::fmt::Write as _;
    let mut svg = String::new();
    let last_row = d.layout.height - frame.bottom;
    let seconds = d.horizon_us as f64 / 1e6;
    let marks = nice_ticks(0.0, seconds, 8);
    let step = marks.get(1).map_or(1.0, |second| second - marks[0]);
    for s in &marks {
        let x = frame.x_of((s * 1e6).round() as SimTime, d.horizon_us);
        let _ = write!(
            svg,
            r#"<g class="st-tick"><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{} s</text></g>"#,
            frame.top - 16.0,
            last_row + 30.0,
            last_row + 44.0,
            tick_text(*s, step)
        );
    }
    for (node, name) in d.names.iter().enumerate() {
        let y = frame.y_of(node);
        let _ = write!(
            svg,
            r#"<g class="st-line"><text class="st-node-name" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/></g>"#,
            frame.left - 12.0,
            y + 4.0,
            escape(name),
            frame.left,
            frame.width - frame.right
        );
    }
    let relation_of = |dot: usize| d.dot_event(dot).and_then(|e| relations.get(e.seq));
    for arrow in &d.layout.arrows {
        let mut class = String::from("st-msg");
        if arrow.receive.is_none() {
            class.push_str(" st-msg-flying");
        }
        if matches!(
            arrow.receive.and_then(relation_of),
            Some(Relation::Before | Relation::Equal)
        ) {
            class.push_str(" st-msg-past");
        } else if matches!(
            relation_of(arrow.send),
            Some(Relation::After | Relation::Equal)
        ) {
            class.push_str(" st-msg-future");
        }
        let (x1, y1) = arrow.from;
        let (x2, y2) = arrow.to;
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / length, dy / length);
        // Stop short of the receiving dot, and draw the head there.
        let inset = if arrow.receive.is_some() { 8.0 } else { 0.0 };
        let (tx, ty) = (x2 - ux * inset, y2 - uy * inset);
        let _ = write!(
            svg,
            r#"<g class="{class}"><line x1="{x1:.1}" y1="{y1:.1}" x2="{tx:.1}" y2="{ty:.1}"/>"#
        );
        if length > 14.0 {
            let _ = write!(
                svg,
                r#"<polygon points="{tx:.1},{ty:.1} {:.1},{:.1} {:.1},{:.1}"/>"#,
                tx - ux * 9.0 - uy * 4.5,
                ty - uy * 9.0 + ux * 4.5,
                tx - ux * 9.0 + uy * 4.5,
                ty - uy * 9.0 - ux * 4.5
            );
        }
        svg.push_str("</g>");
    }
    let x = d.layout.now_x;
    let anchor = if x > frame.width - frame.right - 10.0 {
        "end"
    } else {
        "middle"
    };
    let _ = write!(
        svg,
        r#"<g class="st-now"><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="{anchor}">now</text></g>"#,
        frame.top - 20.0,
        last_row + 30.0,
        frame.top - 23.0
    );
    svg
}

/// The rows of the events table: one per drawn event, with a button to select it.
fn table_rows(
    d: &Diagram,
    relations: &Relations,
    selected: Option<u64>,
    clock_text: fn(i64) -> String,
) -> String {
    use std::fmt::Write as _;
    let mut html = String::new();
    for e in d
        .layout
        .dots
        .iter()
        .filter_map(|dot| d.events.get(dot.event))
    {
        let name = escape(&event_name(&d.names, e));
        let relation = relations.get(e.seq);
        let node = e
            .node
            .and_then(|n| d.names.get(n))
            .map_or(String::new(), |n| escape(n));
        let _ = write!(
            html,
            r#"<tr data-seq="{seq}" data-name="{name}" data-relation="{rel}"><th scope="row"><button type="button" class="st-pick" data-seq="{seq}" aria-pressed="{pressed}">{name}</button></th><td>{node}</td><td>{what}</td><td class="num">{time}</td><td class="num">{clock}</td><td class="num">{lamport}</td><td class="num">{vector}</td><td>{words}</td></tr>"#,
            seq = e.seq,
            rel = relation.map_or("none", Relation::name),
            pressed = selected == Some(e.seq),
            what = escape(&describe(&d.names, e)),
            time = crate::ui::wall::seconds(e.time as i64),
            clock = escape(&clock_text(e.local_clock_us)),
            lamport = e.lamport,
            vector = vector_text(&e.vector),
            words = relation.map_or("—", relation_words),
        );
    }
    html
}
