//! Transport controls (play/pause, step, reset, speed) and the run's identity (seed,
//! copy link). Every control is a real `<button>` or `<input>` with a label.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::controller::SimController;
use super::dom::unique_id;
use super::format::{format_span, format_speed};
use super::settings::{parse_seed, speed_from_log, MAX_SEED};
use super::share::{absolute_link, copy_to_clipboard, merged_query};
use crate::sim::SimTime;
use crate::ui::browser::location_search;
use crate::ui::nav::Nav;

/// Play/Pause, Step, Reset and the speed slider.
/// How long "Link copied" stays before it fades.
const COPIED_NOTICE_FOR: std::time::Duration = std::time::Duration::from_secs(4);

#[component]
pub fn Transport(sim: SimController) -> impl IntoView {
    let speed_id = unique_id("sim-speed");
    let scale_hint = format!(
        "At 1×, one second shows {} of simulated time",
        format_span((sim.sim_us_per_real_ms_at_1x() * 1_000.0) as SimTime)
    );
    let playing = move || sim.playing();
    view! {
        <div class="sim-transport" role="group" aria-label="Playback">
            <button
                type="button"
                class="primary sim-play"
                data-testid="sim-play"
                on:click=move |_| if sim.playing() { sim.pause() } else { sim.play() }
            >
                <span aria-hidden="true" class="icon">{move || if playing() { "❚❚" } else { "▶" }}</span>
                {move || if playing() { " Pause" } else { " Play" }}
            </button>
            <button type="button" data-testid="sim-step" on:click=move |_| sim.step()
                title="Process the next event">
                <span aria-hidden="true" class="icon">"⇥"</span>" Step"
            </button>
            <button type="button" data-testid="sim-reset" on:click=move |_| sim.reset()
                title="Back to the start, undoing your changes">
                <span aria-hidden="true" class="icon">"↺"</span>" Reset"
            </button>
            <span class="sim-speed">
                <label for=speed_id.clone()>"Speed"</label>
                <input
                    id=speed_id
                    type="range"
                    min="-1"
                    max="1"
                    step="0.05"
                    data-testid="sim-speed"
                    prop:value=move || format!("{:.2}", sim.speed().log10())
                    aria-valuetext=move || format_speed(sim.speed())
                    on:input=move |event| {
                        let position = event_target_value(&event).parse::<f64>().unwrap_or(0.0);
                        sim.set_speed(speed_from_log(position));
                    }
                />
                <output data-testid="sim-speed-value" title=scale_hint>
                    {move || format_speed(sim.speed())}
                </output>
            </span>
        </div>
    }
}

/// The seed field and the Copy link button with its by-hand fallback.
#[component]
pub fn RunIdentity(sim: SimController) -> impl IntoView {
    let seed_id = unique_id("sim-seed");
    let link_id = unique_id("sim-link");
    let seed_message = RwSignal::new(None::<String>);
    let copy_status = RwSignal::new(None::<String>);
    let shared_link = RwSignal::new(None::<String>);
    let link_field = NodeRef::<leptos::html::Input>::new();
    let hand_over_link = RwSignal::new(false);

    // When the clipboard is out of reach, put the link in the reader's hands: focused
    // and selected, ready for Ctrl+C.
    Effect::new(move |_| {
        if let (Some(field), true) = (link_field.get(), hand_over_link.get()) {
            field.set_value(&shared_link.get_untracked().unwrap_or_default());
            let _ = field.focus();
            field.select();
            hand_over_link.set(false);
        }
    });

    let apply_seed = move |text: String| match parse_seed(&text) {
        Ok(seed) => {
            seed_message.set(None);
            if seed != sim.seed_untracked() {
                sim.set_seed(seed);
                let kept = sim.recorded_count();
                if kept > 0 {
                    let actions = if kept == 1 { "action" } else { "actions" };
                    seed_message.set(Some(format!(
                        "Seed {seed}: your {kept} recorded {actions} replay at the same simulated times."
                    )));
                }
            }
        }
        Err(problem) => seed_message.set(Some(format!(
            "{problem} Kept seed {}.",
            sim.seed_untracked()
        ))),
    };

    let copy_link = move |_| {
        let query = merged_query(&location_search(), &sim.share_query());
        match use_context::<Nav>() {
            Some(nav) => nav.replace(&query),
            None => replace_address(&query),
        }
        let Some(url) = absolute_link(&query) else {
            return;
        };
        shared_link.set(Some(url.clone()));
        copy_status.set(Some("Copying…".into()));
        spawn_local(async move {
            match copy_to_clipboard(&url).await {
                Ok(()) => {
                    let copied = "Link copied. It reopens this run at this instant.";
                    copy_status.try_set(Some(copied.into()));
                    // The confirmation fades; a newer status stays.
                    set_timeout(
                        move || {
                            if copy_status.try_get_untracked().flatten().as_deref() == Some(copied)
                            {
                                copy_status.try_set(None);
                            }
                        },
                        COPIED_NOTICE_FOR,
                    );
                }
                Err(()) => {
                    copy_status.try_set(Some(
                        "This browser did not let DistLab use the clipboard: copy the link below by hand.".into(),
                    ));
                    hand_over_link.try_set(true);
                }
            }
        });
    };

    view! {
        <div class="sim-identity">
            <span class="sim-seed">
                <label for=seed_id.clone()>"Seed"</label>
                <input
                    id=seed_id
                    type="number"
                    min="0"
                    max=MAX_SEED.to_string()
                    step="1"
                    inputmode="numeric"
                    data-testid="sim-seed"
                    prop:value=move || sim.seed().to_string()
                    on:change=move |event| apply_seed(event_target_value(&event))
                />
            </span>
            <button type="button" data-testid="sim-copy-link" on:click=copy_link>
                "Copy link"
            </button>
            <p class="sim-message" role="status" data-testid="sim-seed-message">
                {move || seed_message.get()}
            </p>
            <p class="sim-message" role="status" data-testid="sim-copy-status">
                {move || copy_status.get()}
            </p>
            <Show when=move || shared_link.with(Option::is_some)>
                <span class="sim-link-field">
                    <label for=link_id.clone()>"Link to this run"</label>
                    <input
                        id=link_id.clone()
                        node_ref=link_field
                        type="text"
                        readonly
                        data-testid="sim-share-link"
                        prop:value=move || shared_link.get().unwrap_or_default()
                        on:focus=select_all
                    />
                </span>
            </Show>
        </div>
    }
}

/// Selects the whole text of the focused field, ready to copy.
fn select_all(event: leptos::ev::FocusEvent) {
    let field: web_sys::HtmlInputElement = event_target(&event);
    field.select();
}

/// Replaces the address bar's query without navigating.
fn replace_address(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}
