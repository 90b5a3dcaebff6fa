//! The "Clock sync" scenario: A, B and C set their clocks from a time server with
//! Cristian's algorithm; the estimate, its uncertainty (RTT/2) and the residual error of
//! each exchange, and a chart of the error over time against the sync interval.

use leptos::prelude::*;

use super::controls::{clock_series, read_clock, ClockControls, Jumps};
use crate::lessons::clocks::scenes::history::{
    offset_histories, since, worst_offset_us, OffsetPoint, Start,
};
use crate::lessons::clocks::scenes::sync::{self, SyncNode};
use crate::lessons::clocks::scenes::{ClocksNode, ClocksSim};
use crate::sim::{SimTime, TraceKind, SECOND};
use crate::ui::chart::{Chart, ChartSpec, Guide};
use crate::ui::sim::Stage;
use crate::ui::sim::{Faults, NetworkSettings, SimController, SimWidget};
use crate::ui::wall;

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start_interval_us = stage
        .params
        .setting_for(stage.scenario)
        .and_then(sync::interval_from_setting)
        .unwrap_or(sync::DEFAULT_INTERVAL_US);
    let interval_us = RwSignal::new(start_interval_us);
    let sim = super::start(
        stage,
        builder(start_interval_us),
        vec![(0.5, 0.18), (0.15, 0.8), (0.5, 0.8), (0.85, 0.8)],
        sync::DEFAULT_SEED,
        sync::HORIZON_US,
        Faults {
            latency: true,
            clocks: true,
            ..Faults::default()
        },
    );
    sim.on_reset(move || {
        if interval_us.get_untracked() != start_interval_us {
            interval_us.set(start_interval_us);
            let setting = Some(sync::interval_setting(start_interval_us));
            sim.rebuild(builder(start_interval_us), setting);
        }
    });
    sim.use_setting(
        sync::interval_setting(start_interval_us),
        &format!(
            "a sync interval from {} to {} s (such as every-10s)",
            sync::MIN_INTERVAL_US / SECOND,
            sync::MAX_INTERVAL_US / SECOND
        ),
        &format!("syncing every {} s", sync::DEFAULT_INTERVAL_US / SECOND),
    );
    // Two minutes of syncing at 5×: 24 seconds to watch.
    sim.set_speed(5.0);
    sim.set_network_baseline(NetworkSettings::latency(
        sync::LATENCY_US.0,
        sync::LATENCY_US.1,
    ));
    let clients: Vec<_> = sync::CLIENTS.iter().map(|&c| (c, sync::NAMES[c])).collect();
    view! {
        <SimWidget controller=sim>
            <ErrorChart sim interval_us />
        </SimWidget>
        <div class="clocks-panel" data-testid="sync-panel">
            <Jumps sim />
            <IntervalSlider sim interval_us />
            <Exchanges sim />
            <ClockControls sim nodes=clients start={sync::start_clocks().to_vec()} />
        </div>
    }
    .into_any()
}

fn builder(interval_us: SimTime) -> crate::ui::sim::BuildWorld {
    crate::ui::sim::world_builder(move |seed| sync::build::<ClocksNode>(seed, interval_us))
}

/// How often the clients synchronise: a lesson setting, so changing it rebuilds the run.
#[component]
fn IntervalSlider(sim: SimController, interval_us: RwSignal<SimTime>) -> impl IntoView {
    let seconds = move || interval_us.get() / SECOND;
    let on_change = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event)
            .parse::<u64>()
            .unwrap_or(sync::DEFAULT_INTERVAL_US / SECOND)
            .saturating_mul(SECOND)
            .clamp(sync::MIN_INTERVAL_US, sync::MAX_INTERVAL_US);
        interval_us.set(chosen);
        sim.rebuild(builder(chosen), Some(sync::interval_setting(chosen)));
    };
    view! {
        <div class="sync-interval">
            <label for="sync-interval">"Sync every"</label>
            <input
                id="sync-interval"
                data-testid="sync-interval"
                type="range"
                min=(sync::MIN_INTERVAL_US / SECOND).to_string()
                max=(sync::MAX_INTERVAL_US / SECOND).to_string()
                step="1"
                prop:value=move || seconds().to_string()
                aria-valuetext=move || format!("{} seconds", seconds())
                on:change=on_change
            />
            <output for="sync-interval">{move || format!("{} s", seconds())}</output>
        </div>
    }
}

/// Each client's last exchange: the three readings, the estimate and how wrong it was.
#[component]
fn Exchanges(sim: SimController) -> impl IntoView {
    let rows = move || {
        sim.with_world_as::<ClocksSim, _>(|s| {
            sync::CLIENTS
                .iter()
                .map(|&client| {
                    let name = sync::NAMES[client];
                    match s.node(client).and_then(ClocksNode::sync).and_then(SyncNode::last) {
                        None => view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td colspan="6">"no exchange yet"</td>
                            </tr>
                        }
                        .into_any(),
                        Some(r) => view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td class="num"><code>{minutes(r.exchange.sent_local_us)}</code></td>
                                <td class="num"><code>{minutes(r.exchange.server_us)}</code></td>
                                <td class="num"><code>{minutes(r.exchange.received_local_us)}</code></td>
                                <td class="num">{short_ms(r.estimate.rtt_us)}</td>
                                <td class="num"><code>{minutes(r.estimate.estimate_us)}</code> " ± " {short_ms(r.estimate.uncertainty_us)}</td>
                                <td class="num">{wall::signed_ms(r.error_after_us)}</td>
                            </tr>
                        }
                        .into_any(),
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h3 class="clocks-heading">"Last exchange with the time server"</h3>
        <p class="clocks-hint">
            "Times are minutes:seconds past 10:00 on each clock. T0: the client's clock when it asks. S: the server's clock when it answers. T1: the client's clock when the answer arrives. The client sets its clock to S + RTT/2, where RTT = T1 − T0; the answer can be off by at most RTT/2. The last column is what only the simulator knows: how far off the clock really is right after the step."
        </p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Exchanges table, scrollable">
            <table class="clocks-table" data-testid="sync-table">
                <thead>
                    <tr>
                        <th scope="col">"Client"</th>
                        <th scope="col">"T0"</th>
                        <th scope="col">"S"</th>
                        <th scope="col">"T1"</th>
                        <th scope="col">"RTT"</th>
                        <th scope="col">"Estimate ± RTT/2"</th>
                        <th scope="col">"Error after"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A clock reading as `MM:SS.mmm` (the hour is 10 throughout the run).
fn minutes(local_us: i64) -> String {
    wall::clock_reading(local_us)[3..].to_owned()
}

/// Milliseconds with one decimal, e.g. `14.8 ms`.
fn short_ms(us: i64) -> String {
    format!("{:.1} ms", us as f64 / 1_000.0)
}

/// What the chart needs, recomputed when the run moves.
#[derive(Clone, Debug, PartialEq)]
struct ErrorData {
    histories: Vec<Vec<OffsetPoint>>,
    /// When every client had synchronised once.
    settled_us: Option<SimTime>,
    now_us: SimTime,
}

/// Each client's error over time after its first sync, with the worst seen and the bound.
#[component]
fn ErrorChart(sim: SimController, interval_us: RwSignal<SimTime>) -> impl IntoView {
    let starts: Vec<Start> = std::iter::once(Start {
        offset_us: 0,
        drift_ppm: 0,
    })
    .chain(sync::start_clocks().iter().map(|c| Start {
        offset_us: c.offset_us,
        drift_ppm: c.drift_ppm,
    }))
    .collect();
    let data = Memo::new(move |_| {
        sim.with_world(|w| {
            let events = w.recent_events();
            let settled_us = sync::CLIENTS
                .iter()
                .map(|&c| {
                    events
                        .iter()
                        .find(|e| e.node == Some(c) && e.kind == TraceKind::Note)
                        .map(|e| e.time)
                })
                .collect::<Option<Vec<_>>>()
                .and_then(|times| times.into_iter().max());
            ErrorData {
                histories: offset_histories(&starts, &events, w.now()),
                settled_us,
                now_us: w.now(),
            }
        })
    });
    let worst = move |slot: usize| {
        data.with(|d| {
            d.settled_us
                .map(|from| worst_offset_us(&d.histories[sync::CLIENTS[slot]], from))
        })
    };
    let spec = Memo::new(move |_| {
        data.with(|d| {
            let from = d.settled_us.unwrap_or(0);
            let series = sync::CLIENTS
                .iter()
                .enumerate()
                .map(|(slot, &client)| {
                    clock_series(slot, sync::NAMES[client], since(&d.histories[client], from))
                })
                .collect();
            let worst_all = (0..sync::CLIENTS.len()).filter_map(worst).max();
            let guides = worst_all
                .map(|w| {
                    let ms = w as f64 / 1e3;
                    vec![
                        Guide {
                            y: ms,
                            label: format!("worst so far {}", wall::ms(w)),
                            color_var: "--muted",
                        },
                        Guide {
                            y: -ms,
                            label: format!("−{}", wall::ms(w)),
                            color_var: "--muted",
                        },
                    ]
                })
                .unwrap_or_default();
            ChartSpec {
                x_label: "true time (s)".into(),
                y_label: "clock − true time (ms)".into(),
                x_range: (0.0, sync::HORIZON_US as f64 / 1e6),
                y_range: None,
                series,
                guides,
                now_x: Some(d.now_us as f64 / 1e6),
            }
        })
    });
    let summary = Signal::derive(move || {
        let interval = interval_us.get();
        let max_latency = sim.network_settings().latency_max_us;
        let parts: Vec<String> = sync::CLIENTS
            .iter()
            .enumerate()
            .map(|(slot, &client)| {
                let drift = sim
                    .with_world(|w| read_clock(w, client))
                    .map_or(0, |c| c.drift_ppm);
                let drifted = drift.unsigned_abs() * interval / 1_000_000;
                let seen = worst(slot).map_or("not yet synchronised".to_owned(), |w| {
                    format!("worst so far {}", wall::ms(w))
                });
                format!(
                    "{}: {seen}; expected at most {} (RTT/2 up to {} + |{drift:+}| ppm × {} s = {})",
                    sync::NAMES[client],
                    wall::ms(max_latency + drifted),
                    wall::ms(max_latency),
                    interval / SECOND,
                    wall::ms(drifted)
                )
            })
            .collect();
        format!(
            "Error of each client's clock after its first sync, synchronising every {} s. {}.",
            interval / SECOND,
            parts.join(". ")
        )
    });
    view! {
        <h3 class="clocks-heading">"Error over time"</h3>
        <Chart spec=spec description=summary />
        <p class="chart-note">
            "Drawn from the moment every client has synchronised once (before that, the clocks are off by up to 2.5 s). Between syncs a clock drifts; at each sync it jumps back to within RTT/2."
        </p>
        <p class="chart-note" data-testid="sync-summary">{move || summary.get()}</p>
    }
}
