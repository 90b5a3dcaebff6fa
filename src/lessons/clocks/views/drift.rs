//! The "Physical clocks" scenario: A, B and C with the material's clocks, their offsets over
//! time in a chart, and what the clocks make of each other's timestamps.

use leptos::prelude::*;

use super::controls::{clock_series, read_clock, ClockControls, Jumps};
use crate::lessons::clocks::scenes::drift;
use crate::lessons::clocks::scenes::history::{offset_histories, since, Start};
use crate::lessons::clocks::scenes::{ClocksNode, ClocksSim};
use crate::sim::TraceKind;
use crate::ui::chart::{Chart, ChartSpec};
use crate::ui::sim::Stage;
use crate::ui::sim::{world_builder, Faults, SimController, SimWidget};
use crate::ui::wall;

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let sim = super::start(
        stage,
        world_builder(drift::build::<ClocksNode>),
        vec![(0.2, 0.75), (0.5, 0.2), (0.8, 0.75)],
        drift::DEFAULT_SEED,
        drift::HORIZON_US,
        Faults {
            clocks: true,
            ..Faults::default()
        },
    );
    // A minute of drift at 10×: six seconds to watch.
    sim.set_speed(10.0);
    let nodes: Vec<_> = drift::NAMES.iter().copied().enumerate().collect();
    view! {
        <SimWidget controller=sim>
            <OffsetChart sim />
        </SimWidget>
        <div class="clocks-panel" data-testid="drift-panel">
            <Jumps sim />
            <ClockControls sim nodes start={drift::start_clocks().to_vec()} />
            <LastBeacon sim />
        </div>
    }
    .into_any()
}

/// Each clock's offset from true time, from the start of the run to now.
#[component]
fn OffsetChart(sim: SimController) -> impl IntoView {
    let starts: Vec<Start> = drift::start_clocks()
        .iter()
        .map(|c| Start {
            offset_us: c.offset_us,
            drift_ppm: c.drift_ppm,
        })
        .collect();
    let zoomed = RwSignal::new(false);
    let spec = Memo::new(move |_| {
        let (histories, last_change_us) = sim.with_world(|w| {
            let events = w.recent_events();
            let last_change_us = events
                .iter()
                .rev()
                .find(|e| e.node.is_some() && e.kind == TraceKind::Intervention)
                .map_or(0, |e| e.time);
            (offset_histories(&starts, &events, w.now()), last_change_us)
        });
        let from_us = if zoomed.get() { last_change_us } else { 0 };
        ChartSpec {
            x_label: "true time (s)".into(),
            y_label: "clock − true time (ms)".into(),
            x_range: (
                from_us as f64 / 1e6,
                (drift::HORIZON_US as f64 / 1e6).max(from_us as f64 / 1e6 + 1.0),
            ),
            y_range: None,
            series: histories
                .iter()
                .enumerate()
                .map(|(i, h)| clock_series(i, drift::NAMES[i], since(h, from_us)))
                .collect(),
            guides: Vec::new(),
            now_x: Some(sim.now_us() as f64 / 1e6),
        }
    });
    let description = Signal::derive(move || {
        let now = sim.now_us() as i64;
        let parts: Vec<String> = (0..drift::NAMES.len())
            .filter_map(|node| {
                sim.with_world(|w| read_clock(w, node)).map(|c| {
                    format!(
                        "{} is {} off and drifts {} ppm",
                        drift::NAMES[node],
                        wall::signed_ms(c.offset_us),
                        c.drift_ppm
                    )
                })
            })
            .collect();
        format!(
            "Chart of each clock's offset from true time up to {}: {}.",
            wall::seconds(now),
            parts.join("; ")
        )
    });
    view! {
        <h3 class="clocks-heading">"Offset from true time"</h3>
        <div class="clocks-buttons" role="group" aria-label="Chart range">
            <button type="button" aria-pressed=move || (!zoomed.get()).to_string() on:click=move |_| zoomed.set(false)>"Whole run"</button>
            <button type="button" aria-pressed=move || zoomed.get().to_string() data-testid="zoom-since-change" on:click=move |_| zoomed.set(true)>"Since the last clock change"</button>
        </div>
        <Chart spec=spec description=description />
        <p class="chart-note">{move || description.get()}</p>
    }
}

/// What the last beacon each node received looked like by the two clocks involved.
#[component]
fn LastBeacon(sim: SimController) -> impl IntoView {
    let rows = move || {
        sim.with_world_as::<ClocksSim, _>(|s| {
            (0..drift::NAMES.len())
                .filter_map(|node| {
                    let last = s.node(node).and_then(ClocksNode::beacon)?.last?;
                    Some((node, last))
                })
                .map(|(node, r)| {
                    let trip = r.apparent_trip_us();
                    let verdict = if trip < 0 {
                        "arrived before it was sent!".to_owned()
                    } else {
                        format!("took {} by the clocks", wall::signed_ms(trip))
                    };
                    view! {
                        <li>
                            <strong>{drift::NAMES[node]}</strong>
                            " got " {drift::NAMES[r.from]} "'s beacon stamped "
                            <code>{wall::clock_reading(r.sent_local_us)}</code>
                            " at " <code>{wall::clock_reading(r.received_local_us)}</code>
                            " by its own clock: it " {verdict}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h3 class="clocks-heading">"Timestamps between clocks"</h3>
        <p class="clocks-hint">
            "Each node stamps a beacon with its own clock once a second; the next node compares the stamp with its own clock. The real trip takes 20–80 ms."
        </p>
        <ul class="clocks-beacons" aria-live="off">{rows}</ul>
    }
}
