//! The legend: every message kind seen so far with its colour and shape, and what the
//! loss, crash and cut marks mean.

use leptos::prelude::*;

use super::palette::{KindStyles, Shape};

/// What the marks mean, then the message kinds seen so far, in the order first seen: new
/// kinds only ever join at the end, and the list keeps room for them (see `sim.css`).
#[component]
pub fn Legend(kinds: RwSignal<KindStyles>) -> impl IntoView {
    let items = move || {
        kinds
            .get()
            .iter()
            .map(|(kind, (colour, shape))| {
                let glyph = match shape {
                    Shape::Circle => "●",
                    Shape::Square => "■",
                    Shape::Diamond => "◆",
                    Shape::Triangle => "▲",
                };
                view! {
                    <li>
                        <span class="swatch" aria-hidden="true" style:color=format!("var({colour})")>{glyph}</span>
                        {kind}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="sim-legend" aria-label="Legend" data-testid="sim-legend">
            <li><span class="swatch bad" aria-hidden="true">"✕"</span>"lost message"</li>
            <li><span class="swatch crashed" aria-hidden="true"></span>"crashed node"</li>
            <li><span class="swatch cut" aria-hidden="true"></span>"cut link"</li>
            {items}
        </ul>
    }
}
