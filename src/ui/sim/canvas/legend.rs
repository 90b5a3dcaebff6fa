//! The legend: every message kind seen so far with its colour and shape, and what the
//! loss, crash and cut marks mean.

use leptos::prelude::*;

use super::palette::{kind_style, Shape};

/// Message kinds seen so far, and what the marks mean.
#[component]
pub fn Legend(kinds: RwSignal<Vec<&'static str>>) -> impl IntoView {
    let items = move || {
        kinds
            .get()
            .into_iter()
            .map(|kind| {
                let (colour, shape) = kind_style(kind);
                let glyph = match shape {
                    Shape::Circle => "●",
                    Shape::Square => "■",
                    Shape::Diamond => "◆",
                    Shape::Triangle => "▲",
                };
                view! {
                    <li>
                        <span class="swatch" aria-hidden="true" style=format!("color: var({colour})")>{glyph}</span>
                        {kind}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="sim-legend" aria-label="Legend">
            {items}
            <li><span class="swatch bad" aria-hidden="true">"✕"</span>"lost message"</li>
            <li><span class="swatch crashed" aria-hidden="true"></span>"crashed node"</li>
            <li><span class="swatch cut" aria-hidden="true"></span>"cut link"</li>
        </ul>
    }
}
