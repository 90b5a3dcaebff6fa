//! One event of the diagram as an interactive SVG group: a roving tab stop that selects
//! on click, Enter or Space, and moves along and between lines with the arrow keys.

use leptos::prelude::*;

use crate::sim::causality::Relation;

use super::diagram::{Diagram, DotView, Relations};
use super::layout::{self, Move};
use super::table::relation_words;

/// A label further than this from its dot gets a leader line to it.
const LEADER_MIN_PX: f64 = 6.0;

/// What every dot of one diagram shares.
#[derive(Clone, Copy)]
pub struct Dots {
    pub instance: usize,
    pub diagram: Memo<Diagram>,
    pub relations: Memo<Relations>,
    pub selected: RwSignal<Option<u64>>,
    /// The dot that has the roving tab stop, when the student has moved to one.
    pub active: RwSignal<Option<u64>>,
    pub tab_stop: Memo<Option<u64>>,
    pub marked: Option<Signal<Vec<u64>>>,
}

impl Dots {
    pub fn dom_id(self, seq: u64) -> String {
        format!("st{}-e{seq}", self.instance)
    }

    pub fn toggle(self, seq: u64) {
        self.selected
            .update(|s| *s = if *s == Some(seq) { None } else { Some(seq) });
        self.active.set(Some(seq));
    }

    fn relation_of(self, seq: u64) -> Option<Relation> {
        self.relations.with(|r| r.get(seq))
    }

    fn is_marked(self, seq: u64) -> bool {
        self.marked
            .is_some_and(|m| m.with(|list| list.contains(&seq)))
    }

    fn on_key(self, seq: u64, event: leptos::ev::KeyboardEvent) {
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
            let target = self.diagram.with_untracked(|d| {
                let from = d.dot_of_seq(seq)?;
                let to = layout::step(&d.layout.dots, from, movement)?;
                d.dot_event(to).map(|e| e.seq)
            });
            if let Some(target) = target {
                self.active.set(Some(target));
                crate::ui::browser::focus_by_id(&self.dom_id(target));
            }
            return;
        }
        match event.key().as_str() {
            "Enter" | " " => {
                event.prevent_default();
                self.toggle(seq);
            }
            "Escape" => self.selected.set(None),
            _ => {}
        }
    }

    /// The view of `dot`.
    pub fn view(self, dot: DotView) -> impl IntoView {
        let seq = dot.seq;
        let kind = dot.kind;
        let class = move || {
            let relation = self.relation_of(seq).map_or("none", |r| match r {
                Relation::Equal => "selected",
                Relation::Before => "before",
                Relation::After => "after",
                Relation::Concurrent => "concurrent",
            });
            let mut class = format!("st-event st-{kind} st-rel-{relation}");
            if self.is_marked(seq) {
                class.push_str(" st-marked");
            }
            class
        };
        let summary = dot.summary.clone();
        let aria_label = move || match self.relation_of(seq) {
            Some(Relation::Equal) => format!("{summary}. Selected."),
            Some(r) => format!("{summary}. {} the selected event.", relation_words(r)),
            None => summary.clone(),
        };
        view! {
            <g
                id=self.dom_id(seq)
                class=class
                role="button"
                tabindex=move || if self.tab_stop.get() == Some(seq) { "0" } else { "-1" }
                aria-pressed=move || (self.selected.get() == Some(seq)).to_string()
                aria-label=aria_label
                data-seq=seq.to_string()
                data-name=dot.name.clone()
                data-x=format!("{:.3}", dot.x)
                data-time-us=dot.key.1.to_string()
                data-relation=move || self.relation_of(seq).map_or("none", Relation::name)
                on:click=move |_| self.toggle(seq)
                on:focus=move |_| self.active.set(Some(seq))
                on:keydown=move |event| self.on_key(seq, event)
            >
                <circle class="st-hit" cx=dot.x cy=dot.y r=format!("{:.1}", dot.hit_radius) />
                <circle class="st-focus" cx=dot.x cy=dot.y r="13" />
                <circle class="st-halo" cx=dot.x cy=dot.y r="11" />
                <circle class="st-dot" cx=dot.x cy=dot.y r="6" />
                <circle class="st-core" cx=dot.x cy=dot.y r="2.2" />
                {texts(&dot)}
            </g>
        }
    }
}

/// The dot's name below it and its label above, each with a leader line when it had to
/// move away from the dot.
fn texts(dot: &DotView) -> impl IntoView {
    let leader = |(x, y): (f64, f64), toward_y: f64| {
        ((x - dot.x).abs() > LEADER_MIN_PX).then(|| {
            view! { <line class="st-leader" x1=dot.x y1=toward_y x2=x y2=y /> }
        })
    };
    let (name_x, name_y) = dot.name_at;
    let name_leader = leader((name_x, name_y - 10.0), dot.y + 7.0);
    let label = dot.label.clone().map(|text| {
        let (x, y) = dot.label_at;
        view! {
            {leader((x, y + 2.0), dot.y - 7.0)}
            <text class="st-label" x=x y=y text-anchor="middle">{text}</text>
        }
    });
    view! {
        {name_leader}
        <text class="st-name" x=name_x y=name_y text-anchor="middle">{dot.name.clone()}</text>
        {label}
    }
}
