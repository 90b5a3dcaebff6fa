//! The lesson's setting controls: a labelled slider and a labelled list of choices. Both
//! report a new value only when the reader lets go (`change`), since each new value
//! rebuilds the run; a value from outside the bounds is clamped, never trusted.

use leptos::prelude::*;

use crate::ui::sim::unique_id;

/// A labelled slider over `min..=max` in steps of `step`; `shown` writes the value in
/// words for the read-out beside it and for screen readers.
#[component]
pub fn Slider(
    label: &'static str,
    test_id: &'static str,
    min: u32,
    max: u32,
    #[prop(default = 1)] step: u32,
    #[prop(into)] value: Signal<u32>,
    shown: fn(u32) -> String,
    #[prop(into)] on_change: Callback<u32>,
) -> impl IntoView {
    let id = unique_id("lb-slider");
    let changed = move |event: leptos::ev::Event| {
        if let Ok(chosen) = event_target_value(&event).parse::<f64>() {
            if chosen.is_finite() {
                on_change.run((chosen.round() as i64).clamp(min as i64, max as i64) as u32);
            }
        }
    };
    view! {
        <div class="lb-setting">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type="range"
                data-testid=test_id
                min=min.to_string()
                max=max.to_string()
                step=step.to_string()
                prop:value=move || value.get().to_string()
                aria-valuetext=move || shown(value.get())
                on:change=changed
            />
            <output for=id>{move || shown(value.get())}</output>
        </div>
    }
}

/// A labelled choice among `options` (value, words); reports the chosen value.
#[component]
pub fn Choice(
    label: &'static str,
    test_id: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] value: Signal<&'static str>,
    #[prop(into)] on_change: Callback<&'static str>,
) -> impl IntoView {
    let id = unique_id("lb-choice");
    let known: Vec<&'static str> = options.iter().map(|(code, _)| *code).collect();
    let changed = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        if let Some(code) = known.iter().find(|code| **code == chosen) {
            on_change.run(code);
        }
    };
    view! {
        <div class="lb-setting">
            <label for=id.clone()>{label}</label>
            <select id=id data-testid=test_id on:change=changed>
                {options
                    .into_iter()
                    .map(|(code, words)| {
                        view! { <option value=code selected=move || value.get() == code>{words}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
