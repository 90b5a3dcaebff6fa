//! The three characteristics live: overlapping requests, clocks that disagree, and a
//! node that fails while the others carry on.

use leptos::prelude::*;

use super::{crashable, read, start, DEFAULT_SPEED};
use crate::lessons::intro::scenes::{clocks, concurrency, failure};
use crate::sim::NodeId;
use crate::ui::sim::format::plural;
use crate::ui::sim::Stage;
use crate::ui::sim::{Faults, SimController, SimWidget};
use crate::ui::wall;

/// User → A → (B, C): requests overlap and replies arrive in either order.
pub fn concurrency(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(
            stage,
            concurrency::build,
            concurrency::layout(),
            concurrency::HORIZON_US,
        )
        .faults(Faults {
            crash_restart: true,
            latency: true,
            ..Faults::default()
        }),
        DEFAULT_SPEED,
    );
    sim.set_network_baseline(crate::ui::sim::NetworkSettings::latency(
        concurrency::LATENCY_US.0,
        concurrency::LATENCY_US.1,
    ));
    view! {
        <SimWidget controller=sim>
            <ConcurrencyReadout sim />
        </SimWidget>
    }
    .into_any()
}

#[component]
fn ConcurrencyReadout(sim: SimController) -> impl IntoView {
    let seen = Memo::new(move |_| read(sim, concurrency::orderings).unwrap_or_default());
    let history = move || {
        seen.with(|s| {
            s.history
                .iter()
                .map(|&(id, first)| {
                    let (class, who) = match first {
                        concurrency::First::B => ("intro-chip first-b", "B"),
                        concurrency::First::C => ("intro-chip first-c", "C"),
                    };
                    view! { <li class=class>"#" {id} " " {who} " first"</li> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="intro-readout above" aria-label="Which reply came first" data-testid="intro-concurrency-readout">
            <p>
                "B's response reached server A first for "
                <strong>{move || seen.with(|s| requests(s.b_first as usize))}</strong>
                ", C's acknowledgement for "
                <strong>{move || seen.with(|s| requests(s.c_first as usize))}</strong>
                ". Server A is working on "
                <strong>{move || seen.with(|s| requests(s.in_progress))}</strong>
                " at once right now."
            </p>
            <ol class="intro-chips" aria-label="Latest requests, oldest first">{history}</ol>
        </section>
    }
}

fn requests(count: usize) -> String {
    plural(count, "request", "requests")
}

/// Three nodes whose clocks read different times at the same instant.
pub fn clocks(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(stage, clocks::build, clocks::layout(), clocks::HORIZON_US),
        10.0,
    );
    view! {
        <SimWidget controller=sim>
            <ClocksReadout sim />
        </SimWidget>
    }
    .into_any()
}

#[component]
fn ClocksReadout(sim: SimController) -> impl IntoView {
    let faces = move || {
        let readings = read(sim, |s| {
            (0..clocks::NAMES.len())
                .map(|n| s.local_clock_us(n).unwrap_or_default())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        readings
            .into_iter()
            .enumerate()
            .map(|(n, local)| {
                view! {
                    <div class="intro-clock" data-node=n>
                        <span class="intro-clock-name">{clocks::NAMES[n]}</span>
                        <span class="intro-clock-face">{wall::clock_reading(local)}</span>
                        <span class="intro-clock-rate">{rate_text(clocks::DRIFTS_PPM[n])}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let true_time = move || wall::clock_reading(sim.now_us() as i64);
    let latest = move || {
        read(sim, clocks::latest_reception)
            .flatten()
            .map(reception_text)
    };
    view! {
        <section class="intro-readout above" aria-label="The three clocks" data-testid="intro-clocks-readout">
            <div class="intro-clocks">{faces}</div>
            <p class="intro-muted">"True time, which no node can read: " <span class="intro-mono">{true_time}</span></p>
            <p data-testid="intro-clocks-latest">{latest}</p>
        </section>
    }
}

/// "runs 0.5% fast", "runs 1.0% slow".
fn rate_text(drift_ppm: i64) -> String {
    let tenths = drift_ppm.abs() / 1_000;
    let way = if drift_ppm < 0 { "slow" } else { "fast" };
    format!("runs {}.{}% {way}", tenths / 10, tenths % 10)
}

fn reception_text(r: clocks::Reception) -> String {
    let name = |n: NodeId| clocks::NAMES.get(n).copied().unwrap_or("A node");
    let apparent = r.apparent_trip_us();
    let looks = if apparent < 0 {
        format!(
            "by the two clocks it arrived {} before it was sent",
            wall::signed_seconds(-apparent).trim_start_matches('+')
        )
    } else {
        format!(
            "by the two clocks the trip took {}",
            wall::signed_seconds(apparent).trim_start_matches('+')
        )
    };
    format!(
        "{} stamped a message {}; {} received it at {} by its own clock: {looks}. The real trip took {} ms.",
        name(r.from),
        wall::clock_reading(r.sent_local_us),
        name(r.to),
        wall::clock_reading(r.received_local_us),
        crate::lessons::intro::scenes::round_ms(r.true_trip_us),
    )
}

/// Three nodes doing their own work; crash one and the others carry on.
pub fn failure(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(
            stage,
            failure::build,
            failure::layout(),
            failure::HORIZON_US,
        ),
        FAILURE_SPEED,
    );
    view! {
        <SimWidget controller=sim>
            <FailureReadout sim />
        </SimWidget>
    }
    .into_any()
}

#[component]
fn FailureReadout(sim: SimController) -> impl IntoView {
    let rows = Memo::new(move |_| read(sim, failure::rows).unwrap_or_default());
    let body = move || {
        rows.get()
            .into_iter()
            .map(|row| {
                let suspects = match row.suspects.as_slice() {
                    [] => "nobody".to_owned(),
                    ids => ids
                        .iter()
                        .map(|id| format!("node {}", id + 1))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let (class, state) = match row.up {
                    true => ("intro-chip ok", "running"),
                    false => ("intro-chip bad", "crashed"),
                };
                view! {
                    <tr>
                        <th scope="row">"Node " {row.id + 1}</th>
                        <td><span class=class>{state}</span></td>
                        <td class="num">{row.work}</td>
                        <td>{suspects}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="intro-readout above" aria-label="Each node's view" data-testid="intro-failure-readout">
            <div class="intro-table-wrap" tabindex="0" role="region" aria-label="Table, scrollable">
                <table class="intro-table">
                    <thead>
                        <tr>
                            <th scope="col">"Node"</th>
                            <th scope="col">"State"</th>
                            <th scope="col" class="num">"Work done"</th>
                            <th scope="col">"Suspects"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Faster than most scenes: a crashed node is suspected 130 simulated ms after its last
/// heartbeat, which this speed shows in about 4 s.
const FAILURE_SPEED: f64 = 3.0;
