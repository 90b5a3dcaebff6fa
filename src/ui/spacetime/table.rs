//! The diagram in words: the summary of the selection and the table of every event.

use std::fmt::Write as _;

use crate::sim::causality::Relation;

use super::diagram::{Diagram, Relations};
use super::label::{describe, event_name, vector_text};
use crate::ui::markup::escape;

/// Words for a relation, as the table and the summary use them.
pub fn relation_words(relation: Relation) -> &'static str {
    match relation {
        Relation::Equal => "selected",
        Relation::Before => "happened before",
        Relation::After => "happened after",
        Relation::Concurrent => "concurrent",
    }
}

/// What the selection `selected` means, in a sentence or two.
pub fn selection_summary(d: &Diagram, relations: &Relations, selected: Option<u64>) -> String {
    let Some(seq) = selected else {
        return "No event selected. Click an event, or move to one with the arrow keys and press Enter, to see what happened before it, after it, and concurrently.".to_owned();
    };
    let Some(chosen) = d.event_of_seq(seq) else {
        return "The selected event is not on the diagram at this point of the run; play on or select another.".to_owned();
    };
    let group = |wanted: Relation| -> String {
        let names: Vec<String> = d
            .drawn_events()
            .filter(|e| relations.get(e.seq) == Some(wanted))
            .map(|e| event_name(&d.names, e))
            .collect();
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
        group(Relation::Before),
        group(Relation::After),
        group(Relation::Concurrent),
    )
}

/// The rows of the events table: one per drawn event, with a button to select it.
pub fn table_rows(
    d: &Diagram,
    relations: &Relations,
    selected: Option<u64>,
    clock_text: fn(i64) -> String,
) -> String {
    let mut html = String::new();
    for e in d.drawn_events() {
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
