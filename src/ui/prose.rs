//! Lesson text: sections of HTML that `build.rs` rendered from a lesson's Markdown,
//! fetched as one file when the lesson opens ([`TextGate`]) and shown by [`Prose`].

use std::collections::HashMap;
use std::sync::Arc;

use leptos::context::Provider;
use leptos::prelude::*;

use super::fetch::{fetch_text, TextFile};

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

/// Fetches the text file at `url`, then shows `children` (whose [`Prose`] sections read
/// it) and calls `on_ready` once they are laid out. Until then it says the text is
/// loading; if the fetch fails, it says why and offers to try again.
#[component]
pub fn TextGate(url: String, on_ready: Callback<()>, children: ChildrenFn) -> impl IntoView {
    let fetched = LocalResource::new(move || load(url.clone()));
    let children = StoredValue::new(children);
    move || {
        match fetched.get() {
        None => view! {
            <p class="prose-status" role="status" data-testid="text-loading">"Loading the lesson text…"</p>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <div class="prose-status" role="alert" data-testid="text-failed">
                <p>"The lesson text could not be loaded: " {message} "."</p>
                <button type="button" on:click=move |_| fetched.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        Some(Ok(texts)) => {
            request_animation_frame(move || on_ready.run(()));
            view! { <Provider value=texts>{children.with_value(|children| children())}</Provider> }
                .into_any()
        }
    }
    }
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
            <p class="prose-status" role="alert">"This part of the lesson text (" {section} ") is missing from its file."</p>
        }
        .into_any(),
    }
}
