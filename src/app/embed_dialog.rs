//! The Embed button and its dialog: the `<iframe>` code for what is on show
//! (lesson, part, scenario and run state), with a Copy button and the line that
//! loads `embed.js`.
//!
//! The dialog is a modal `<dialog>`: the rest of the page is inert while it is
//! open, focus moves into it, Escape closes it, and focus returns to the button.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::snippet::{
    app_base, asset_url, iframe_snippet, script_snippet, suggested_height,
};
use crate::embed::{EmbedLink, ViewPart};
use crate::lessons::Lesson;
use crate::ui::embed::EmbedState;

/// The parts a lesson can be embedded as, with their labels.
fn part_choices(has_sim: bool, has_quiz: bool) -> Vec<(ViewPart, &'static str)> {
    let mut parts = vec![(ViewPart::All, "Whole lesson")];
    if has_sim {
        parts.push((ViewPart::Sim, "Simulation only"));
    }
    if has_quiz {
        parts.push((ViewPart::Quiz, "Quiz only"));
    }
    parts.push((ViewPart::Lesson, "Text only"));
    parts
}

/// The app's address without query, e.g. `https://host/course/lab/`.
fn current_app_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    app_base(
        &location.origin().unwrap_or_default(),
        &location.pathname().unwrap_or_default(),
    )
}

/// "Embed" and its dialog, for `lesson` as shown now (`shown`).
#[component]
pub fn EmbedButton(
    lesson: &'static Lesson,
    shown: ViewPart,
    has_sim: bool,
    has_quiz: bool,
    /// The instructor's quiz file on show (`&quiz=`), kept in the link.
    quiz_file: Option<String>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = NodeRef::<leptos::html::Button>::new();
    let code = NodeRef::<leptos::html::Textarea>::new();
    let state = use_context::<EmbedState>();
    let part = RwSignal::new(shown);
    let sim_query = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let base = StoredValue::new(current_app_base());

    let link = Memo::new(move |_| {
        let mut link = EmbedLink::new(lesson.id, part.get());
        link.quiz = quiz_file.clone();
        match sim_query.get() {
            Some(query) => link.with_sim_state(&query),
            None => link,
        }
    });
    let url = Memo::new(move |_| link.with(|link| link.url(&base.get_value())));
    let snippet = Memo::new(move |_| {
        let title = format!("DistLab: {}", lesson.title);
        let iframe = iframe_snippet(&url.get(), &title, suggested_height(part.get()));
        let script = script_snippet(&asset_url(&base.get_value(), "embed.js"));
        format!("{iframe}\n{script}")
    });

    let open = move |_| {
        // The run as it is now, not as it was when the page opened.
        sim_query.set(state.and_then(|s| s.sim_query()));
        part.set(shown);
        status.set(String::new());
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
        if let Some(code) = code.get() {
            let _ = code.focus();
            code.select();
        }
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    };
    let restore_focus = move |_| {
        if let Some(opener) = opener.get() {
            let _ = opener.focus();
        }
    };
    let copy = move |_| {
        let text = snippet.get_untracked();
        status.set("Copying…".into());
        leptos::task::spawn_local(async move {
            let message = match copy_text(&text).await {
                Ok(()) => "Copied. Paste it into your course page.".to_string(),
                Err(()) => {
                    if let Some(code) = code.get_untracked() {
                        let _ = code.focus();
                        code.select();
                    }
                    "Could not copy here: the code is selected, press Ctrl+C (⌘C on a Mac)."
                        .to_string()
                }
            };
            status.try_set(message);
        });
    };

    let choices = part_choices(has_sim, has_quiz)
        .into_iter()
        .map(|(value, label)| {
            view! {
                <label class="embed-part">
                    <input
                        type="radio"
                        name="embed-part"
                        value=value.as_str()
                        prop:checked=move || part.get() == value
                        on:change=move |_| part.set(value)
                    />
                    " "
                    {label}
                </label>
            }
        })
        .collect_view();

    view! {
        <button
            type="button"
            class="embed-button"
            data-testid="embed-button"
            aria-haspopup="dialog"
            node_ref=opener
            on:click=open
        >
            <span aria-hidden="true">"</>"</span>
            " Embed"
        </button>
        <dialog
            class="embed-dialog"
            data-testid="embed-dialog"
            aria-labelledby="embed-dialog-title"
            aria-describedby="embed-dialog-help"
            node_ref=dialog
            on:close=restore_focus
        >
            <h2 id="embed-dialog-title">"Embed in a course page"</h2>
            <p id="embed-dialog-help">
                "Paste this code into any web page or learning platform that accepts HTML. "
                "The script sizes the frame to its content and passes quiz results to the page."
            </p>
            <fieldset class="embed-parts">
                <legend>"Show"</legend>
                {choices}
            </fieldset>
            <label for="embed-code">"Code to paste"</label>
            <textarea
                id="embed-code"
                class="embed-code"
                data-testid="embed-code"
                readonly
                rows="7"
                spellcheck="false"
                node_ref=code
                prop:value=move || snippet.get()
            ></textarea>
            <p class="embed-preview">
                <a href=move || url.get() target="_blank" rel="noopener" data-testid="embed-url">
                    "Open the embedded view in a new tab"
                </a>
            </p>
            <div class="embed-actions">
                <button type="button" class="primary" data-testid="embed-copy" on:click=copy>
                    "Copy code"
                </button>
                <span class="embed-status" role="status" aria-live="polite">
                    {move || status.get()}
                </span>
                <button type="button" data-testid="embed-close" on:click=close>
                    "Close"
                </button>
            </div>
        </dialog>
    }
}

/// Writes `text` to the clipboard; `Err` where the browser offers none or refuses.
async fn copy_text(text: &str) -> Result<(), ()> {
    let navigator = web_sys::window().ok_or(())?.navigator();
    // `navigator.clipboard` is undefined on insecure pages: check before use.
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ())
}
