//! Lesson text: sections of HTML that `build.rs` rendered from a lesson's Markdown,
//! fetched as one file when the lesson opens ([`TextGate`]) and shown by [`Prose`].

use std::collections::HashMap;
use std::sync::Arc;

use leptos::context::Provider;
use leptos::prelude::*;

use super::fetch::{fetch_text, TextFile};
use super::gate::{fetch, gate, Fetch, Waiting};

/// The largest lesson text file DistLab reads (today's are 7–27 KB).
const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// A lesson's text, by section path (`"clocks/text/sync"`), as [`TextGate`] provides it.
#[derive(Clone)]
pub struct Texts(Arc<HashMap<String, String>>);

impl Texts {
    /// Reads a text file: a JSON object from section path to HTML.
    pub fn parse(url: &str, json: &str) -> Result<Texts, String> {
        serde_json::from_str(json)
            .map(|sections| Texts(Arc::new(sections)))
            .map_err(|_| format!("“{url}” is not a lesson text file"))
    }
}

async fn load(url: String) -> Result<Texts, String> {
    let file = TextFile {
        what: "lesson text",
        max_bytes: MAX_TEXT_BYTES,
    };
    Texts::parse(&url, &fetch_text(&url, file).await?)
}

/// Starts fetching the lesson text file at `url`, for a [`TextGate`] to show.
pub fn fetch_texts(url: String) -> Fetch<Texts> {
    fetch(move || load(url.clone()))
}

/// Once `texts` has arrived, shows `children` (whose [`Prose`] sections read it) and
/// calls `on_ready` when they are laid out. Until then it says the text is loading; if
/// the fetch failed, it says why and offers to try again.
#[component]
pub fn TextGate(
    texts: Fetch<Texts>,
    on_ready: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let waiting = Waiting {
        loading: "Loading the lesson text…",
        what: "The lesson text",
        test_id: "text",
    };
    gate(texts, waiting, move |texts| {
        request_animation_frame(move || on_ready.run(()));
        let children = children.clone();
        view! { <Provider value=texts>{children()}</Provider> }
    })
}

/// A section of lesson text (`section` is its path, `"clocks/text/sync"`), from the
/// [`Texts`] of the [`TextGate`] around it. The HTML is the project's own, rendered at
/// build time and served from DistLab's origin (never user-supplied text).
#[component]
pub fn Prose(section: &'static str, #[prop(optional)] class: &'static str) -> impl IntoView {
    let class = match class {
        "" => "prose".to_owned(),
        extra => format!("prose {extra}"),
    };
    let html = use_context::<Texts>().and_then(|texts| texts.0.get(section).cloned());
    match html {
        Some(html) => view! { <div class=class inner_html=html></div> }.into_any(),
        None => view! {
            <p class="load-status" role="alert">"This part of the lesson text (" {section} ") is missing from its file."</p>
        }
        .into_any(),
    }
}
