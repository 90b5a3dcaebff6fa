//! A section of lesson text: HTML that `build.rs` rendered from the lesson's Markdown.

use leptos::prelude::*;

/// A section of lesson text, rendered from Markdown at build time. The HTML is the
/// project's own (never user-supplied text).
#[component]
pub fn Prose(html: &'static str, #[prop(optional)] class: &'static str) -> impl IntoView {
    let class = match class {
        "" => "prose".to_owned(),
        extra => format!("prose {extra}"),
    };
    view! { <div class=class inner_html=html></div> }
}
