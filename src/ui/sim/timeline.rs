//! The timeline scrubber: drag back and forth through the run (time travel replays the
//! run from its seed and checkpoints to the chosen instant).

use leptos::prelude::*;

use super::controller::SimController;
use super::dom::unique_id;
use super::format::format_on_timeline;
use crate::sim::SimTime;

/// Keyboard step of the scrubber: about 1/300 of the timeline, in whole 0.1 ms.
pub fn scrub_step_us(horizon_us: SimTime) -> SimTime {
    ((horizon_us / 300) / 100 * 100).max(100)
}

/// A range input over `0..=horizon` and the current time.
#[component]
pub fn Scrubber(sim: SimController) -> impl IntoView {
    let id = unique_id("sim-time");
    view! {
        <div class="sim-scrubber">
            <label for=id.clone()>"Time"</label>
            <input
                id=id
                type="range"
                min="0"
                data-testid="sim-timeline"
                max=move || sim.horizon_us().to_string()
                step=move || scrub_step_us(sim.horizon_us()).to_string()
                prop:value=move || sim.now_us_for_readout().to_string()
                aria-valuetext=move || {
                    let horizon_us = sim.horizon_us();
                    format!(
                        "{} of {}",
                        format_on_timeline(sim.now_us_for_readout(), horizon_us),
                        format_on_timeline(horizon_us, horizon_us)
                    )
                }
                on:input=move |event| {
                    if let Ok(time_us) = event_target_value(&event).parse::<f64>() {
                        sim.seek(time_us.max(0.0) as SimTime);
                    }
                }
            />
            <output data-testid="sim-time" data-now-us=move || sim.now_us_for_readout().to_string()>
                {move || format_on_timeline(sim.now_us_for_readout(), sim.horizon_us())}
                <span class="muted">" / " {move || format_on_timeline(sim.horizon_us(), sim.horizon_us())}</span>
            </output>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::scrub_step_us;

    #[test]
    fn the_keyboard_step_is_a_small_round_fraction() {
        assert_eq!(scrub_step_us(150_000), 500);
        assert_eq!(scrub_step_us(1_000), 100);
        assert_eq!(scrub_step_us(10_000_000), 33_300);
    }
}
