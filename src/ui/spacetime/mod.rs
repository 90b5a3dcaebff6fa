//! A live space-time diagram: one line per node, events as dots, messages as arrows.
//!
//! It reads the same [`SimController`] as the simulation widget, so playing, stepping and
//! scrubbing move both. Selecting an event (pointer, or keyboard: arrow keys move along and
//! between lines, Enter or Space selects, Escape clears) marks every other event as having
//! happened before it (filled), after it (ringed) or concurrently (hollow, dashed), by
//! comparing vector timestamps. Below the picture, a summary in words and a table of all
//! events say the same for screen readers and keyboard users.

mod diagram;
mod dot;
pub mod label;
pub mod layout;
mod svg;
mod table;

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::diagram::{Diagram, DotView, Relations};
use self::dot::Dots;
use self::layout::Frame;
use self::table::{selection_summary, table_rows};
use crate::ui::sim::SimController;

pub use self::diagram::Labels;
pub use self::table::relation_words;

fn next_instance() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
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
    let frame = Frame::default();
    let diagram = Memo::new(move |_| Diagram::of(sim, &frame, labels));
    let dot_views = Memo::new(move |_| diagram.with(|d| d.dot_views(labels)));
    // How every drawn event stands to the selected one (empty when nothing is selected).
    let relations = Memo::new(move |_| match selected.get() {
        Some(seq) => diagram.with(|d| d.relations_to(seq)),
        None => Relations::default(),
    });
    // Roving tab stop: the active dot, or the first one.
    let active = RwSignal::new(None::<u64>);
    let tab_stop = Memo::new(move |_| {
        let first = dot_views.with(|d| d.first().map(|x| x.seq));
        match active.get() {
            Some(seq) if dot_views.with(|d| d.iter().any(|x| x.seq == seq)) => Some(seq),
            _ => first,
        }
    });
    let dots = Dots {
        instance: next_instance(),
        diagram,
        relations,
        selected,
        active,
        tab_stop,
        marked,
    };
    let count = Signal::derive(move || dot_views.with(Vec::len));
    let summary =
        move || diagram.with(|d| relations.with(|r| selection_summary(d, r, selected.get())));
    let clock_text = clock_text.unwrap_or(crate::ui::wall::seconds);
    let rows = move || {
        let chosen = selected.get();
        diagram.with(|d| table_rows(d, &relations.get(), chosen, clock_text))
    };

    view! {
        <div class="spacetime" data-testid="spacetime">
            <Picture frame diagram relations dots dot_views caption=caption.clone() />
            <RelationKey />
            <p class="st-summary" role="status" aria-live="polite" data-testid="spacetime-summary">{summary}</p>
            <EventTable caption count rows=Signal::derive(rows) dots />
        </div>
    }
}

/// The SVG: the drawn-only backdrop and the interactive dots on top.
#[component]
fn Picture(
    frame: Frame,
    diagram: Memo<Diagram>,
    relations: Memo<Relations>,
    dots: Dots,
    dot_views: Memo<Vec<DotView>>,
    caption: String,
) -> impl IntoView {
    let width = frame.width;
    let view_box = move || format!("0 0 {width} {}", diagram.with(|d| d.layout.height));
    let backdrop =
        Memo::new(move |_| diagram.with(|d| svg::backdrop_svg(&frame, d, &relations.get())));
    view! {
        <div class="st-scroll" tabindex="0" role="region" aria-label="Space-time diagram, scrollable">
            <svg class="st-svg" viewBox=view_box role="group" aria-label=caption>
                <g aria-hidden="true" inner_html=move || backdrop.get()></g>
                <g class="st-events">
                    <For each=move || dot_views.get() key=|d: &DotView| d.key children=move |d| dots.view(d) />
                </g>
            </svg>
        </div>
    }
}

/// What the four dot styles mean.
#[component]
fn RelationKey() -> impl IntoView {
    view! {
        <ul class="st-legend" aria-hidden="true">
            <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-selected"><circle class="st-halo" cx="12" cy="12" r="10" /><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"selected"</li>
            <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-before"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"happened before it (filled)"</li>
            <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-after"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"happened after it (ringed)"</li>
            <li><svg viewBox="0 0 24 24"><g class="st-key st-rel-concurrent"><circle class="st-dot" cx="12" cy="12" r="6" /><circle class="st-core" cx="12" cy="12" r="2.2" /></g></svg>"concurrent (hollow, dashed)"</li>
        </ul>
    }
}

/// Every drawn event as a table row, with a button that selects it.
#[component]
fn EventTable(
    caption: String,
    count: Signal<usize>,
    rows: Signal<String>,
    dots: Dots,
) -> impl IntoView {
    // One handler for every "select" button of the table.
    let on_table_click = move |event: leptos::ev::MouseEvent| {
        let seq = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button[data-seq]").ok().flatten())
            .and_then(|b| b.get_attribute("data-seq"))
            .and_then(|text| text.parse::<u64>().ok());
        if let Some(seq) = seq {
            dots.toggle(seq);
        }
    };
    view! {
        <details class="st-table-wrap">
            <summary>{move || format!("The events as a table ({})", count.get())}</summary>
            <div class="st-table-scroll" tabindex="0" role="region" aria-label="Events table, scrollable">
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
                    <tbody on:click=on_table_click inner_html=move || rows.get()></tbody>
                </table>
            </div>
        </details>
    }
}
