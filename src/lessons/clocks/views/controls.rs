//! Controls shared by the lesson's scenarios: per-node clock settings (offset and drift, as
//! recorded `SetClock` interventions, so they are part of the share link) and jumps in time.

use leptos::prelude::*;

use crate::lessons::clocks::scenes::setting::{
    read_drift_ppm, read_offset_ms, ClockSetting, MAX_DRIFT_PPM,
};
use crate::lessons::clocks::scenes::ClocksSim;
use crate::sim::{NodeId, SimTime, World, SECOND};
use crate::ui::chart::Series;
use crate::ui::sim::SimController;
use crate::ui::wall;

/// Colour variable and dash pattern of the clocks A, B, C (charts, swatches).
pub const CLOCK_STYLES: [(&str, Option<&str>); 3] = [
    ("--c-blue", None),
    ("--c-orange", Some("8 4")),
    ("--c-green", Some("2 3")),
];

/// A chart line for clock `index` (0 = A) from an offset history in microseconds,
/// as seconds against milliseconds.
pub fn clock_series(index: usize, name: &str, history: &[(SimTime, i64)]) -> Series {
    let (color_var, dash) = CLOCK_STYLES[index % CLOCK_STYLES.len()];
    Series {
        name: name.to_owned(),
        color_var,
        dash,
        points: history
            .iter()
            .map(|&(t, offset)| (t as f64 / 1e6, offset as f64 / 1e3))
            .collect(),
    }
}

/// A node's clock in one of the lesson's worlds: its offset now and its drift.
pub fn read_clock(world: &dyn World, node: NodeId) -> Option<ClockSetting> {
    let sim = world.as_any().downcast_ref::<ClocksSim>()?;
    let clock = sim.clock(node)?;
    Some(ClockSetting::new(
        clock.error_us(sim.now()),
        clock.drift_ppm(),
    ))
}

/// Gives `node` a new clock, computed from its current one. With `from_start`, the change
/// is made at time 0 (the run replays to where it was, with the new clock from the start).
fn change_clock(
    sim: SimController,
    node: NodeId,
    from_start: bool,
    new: impl FnOnce(ClockSetting) -> ClockSetting,
) {
    let back_to = sim.now_us();
    if from_start && back_to > 0 {
        sim.seek(0);
    }
    let Some(current) = sim.with_world(|w| read_clock(w, node)) else {
        return;
    };
    sim.intervene(new(current).intervention(node));
    if from_start && back_to > 0 {
        sim.seek(back_to);
    }
}

/// A table of clocks: what each reads now, and fields to set its offset and drift.
#[component]
pub fn ClockControls(
    sim: SimController,
    /// `(node id, name)` of the clocks shown, in order (their styles follow [`CLOCK_STYLES`]).
    nodes: Vec<(NodeId, &'static str)>,
    /// The clocks to go back to.
    start: Vec<ClockSetting>,
    /// Apply changes from time 0 rather than from now.
    #[prop(optional)]
    from_start: bool,
) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let node_ids: Vec<NodeId> = nodes.iter().map(|(id, _)| *id).collect();
    let rows = nodes
        .into_iter()
        .enumerate()
        .map(|(index, (node, name))| {
            let setting = Memo::new(move |_| sim.with_world(|w| read_clock(w, node)));
            let offset_ms = Memo::new(move |_| {
                setting
                    .get()
                    .map_or(0, |s| (s.offset_us as f64 / 1_000.0).round() as i64)
            });
            let drift_ppm = Memo::new(move |_| setting.get().map_or(0, |s| s.drift_ppm));
            let reading = move || {
                let now = sim.now_us() as i64;
                setting
                    .get()
                    .map_or("—".to_owned(), |s| wall::clock_reading(now + s.offset_us))
            };
            let on_offset = move |event: leptos::ev::Event| {
                let text = event_target_value(&event);
                change_clock(sim, node, from_start, |current| {
                    let typed = read_offset_ms(&text, current.offset_us);
                    message.set(typed.message.map(|m| format!("{name}: {m}")));
                    ClockSetting::new(typed.value, current.drift_ppm)
                });
            };
            let on_drift = move |event: leptos::ev::Event| {
                let text = event_target_value(&event);
                change_clock(sim, node, from_start, |current| {
                    let typed = read_drift_ppm(&text, current.drift_ppm);
                    message.set(typed.message.map(|m| format!("{name}: {m}")));
                    ClockSetting::new(current.offset_us, typed.value)
                });
            };
            let (color, _) = CLOCK_STYLES[index % CLOCK_STYLES.len()];
            let swatch = format!("var({color})");
            let offset_id = format!("clk-{}-offset-{node}", unique());
            let drift_id = format!("clk-{}-drift-{node}", unique());
            let drift_number_label = format!("Drift of {name}'s clock in ppm (number)");
            view! {
                <tr data-node=node.to_string()>
                    <th scope="row"><span class="clock-swatch" style:background=swatch aria-hidden="true"></span>{name}</th>
                    <td class="clock-reading" data-testid=format!("clock-reading-{node}")>{reading}</td>
                    <td>
                        <label class="visually-hidden" for=offset_id.clone()>{format!("Offset of {name}'s clock in milliseconds")}</label>
                        <input
                            id=offset_id
                            class="clock-offset"
                            data-testid=format!("clock-offset-{node}")
                            type="number"
                            step="1"
                            inputmode="decimal"
                            prop:value=move || offset_ms.get().to_string()
                            on:change=on_offset
                        />
                    </td>
                    <td class="clock-drift">
                        <label class="visually-hidden" for=drift_id.clone()>{format!("Drift of {name}'s clock in ppm")}</label>
                        <input
                            id=drift_id
                            type="range"
                            min=(-MAX_DRIFT_PPM).to_string()
                            max=MAX_DRIFT_PPM.to_string()
                            step="10"
                            prop:value=move || drift_ppm.get().to_string()
                            aria-valuetext=move || format!("{} ppm", drift_ppm.get())
                            on:change=on_drift
                        />
                        <input
                            class="clock-drift-number"
                            data-testid=format!("clock-drift-{node}")
                            type="number"
                            step="1"
                            aria-label=drift_number_label
                            prop:value=move || drift_ppm.get().to_string()
                            on:change=on_drift
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let zero_all = {
        let node_ids = node_ids.clone();
        move |_| {
            for &node in &node_ids {
                change_clock(sim, node, from_start, |current| {
                    ClockSetting::new(0, current.drift_ppm)
                });
            }
            message.set(None);
        }
    };
    let restore = move |_| {
        for (&node, &setting) in node_ids.iter().zip(&start) {
            change_clock(sim, node, from_start, |_| setting);
        }
        message.set(None);
    };
    let when = if from_start {
        "Changes apply from the start of the run."
    } else {
        "Changes apply from the current moment of the run."
    };
    view! {
        <div class="clock-controls" data-testid="clock-controls">
            <table class="clock-table">
                <caption>"Clocks " <span class="clock-when">{when}</span></caption>
                <thead>
                    <tr>
                        <th scope="col">"Node"</th>
                        <th scope="col">"Its clock reads"</th>
                        <th scope="col">"Offset (ms)"</th>
                        <th scope="col">"Drift (ppm)"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="clock-buttons">
                <button type="button" data-testid="clocks-zero" on:click=zero_all>"Set every offset to 0"</button>
                <button type="button" data-testid="clocks-restore" on:click=restore>"Back to the starting clocks"</button>
            </div>
            <p class="clock-message" role="status" data-testid="clock-message">{move || message.get()}</p>
        </div>
    }
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Buttons that move the run forward by whole seconds, or to its end (for scenarios too
/// long to watch at playback speed; the timeline scrubs too).
#[component]
pub fn Jumps(sim: SimController) -> impl IntoView {
    let jump = move |by_us: SimTime| move |_| sim.seek(sim.now_us().saturating_add(by_us));
    view! {
        <div class="clock-jumps" role="group" aria-label="Jump ahead in time">
            <span class="clock-jumps-label">"Jump ahead:"</span>
            <button type="button" on:click=jump(SECOND)>"+1 s"</button>
            <button type="button" on:click=jump(10 * SECOND)>"+10 s"</button>
            <button type="button" data-testid="jump-end" on:click=move |_| sim.seek(sim.horizon_us())>"To the end"</button>
            <span class="clock-true-time">"True time " <strong>{move || wall::clock_reading(sim.now_us() as i64)}</strong></span>
        </div>
    }
}
