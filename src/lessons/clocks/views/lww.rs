//! The "Last writer wins" scenario: two writes to one key through servers with skewed
//! clocks, the verdict (which write really came last, which one the replicas kept), and
//! the run as a space-time diagram with each write's timestamp.

use leptos::prelude::*;

use super::controls::{read_clock, ClockControls};
use crate::lessons::clocks::scenes::lww::{self, LwwReport, Verdict};
use crate::lessons::clocks::scenes::{ClocksNode, ClocksSim};
use crate::sim::{SimTime, TraceEvent, TraceKind};
use crate::ui::sim::Stage;
use crate::ui::sim::{world_builder, Faults, SimController, SimWidget};
use crate::ui::spacetime::{Labels, SpaceTime};
use crate::ui::wall;

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let sim = super::start(
        stage,
        world_builder(lww::build::<ClocksNode>),
        vec![(0.1, 0.55), (0.3, 0.2), (0.5, 0.8), (0.7, 0.2), (0.9, 0.55)],
        lww::DEFAULT_SEED,
        lww::HORIZON_US,
        Faults {
            clocks: true,
            ..Faults::default()
        },
    );
    sim.set_speed(5.0);
    let servers: Vec<_> = lww::SERVERS.iter().map(|&s| (s, lww::NAMES[s])).collect();
    let selected = RwSignal::new(None::<u64>);
    view! {
        <SimWidget controller=sim>
            <VerdictPanel sim />
        </SimWidget>
        <div class="clocks-panel" data-testid="lww-panel">
            <ClockControls sim nodes=servers start={lww::start_clocks().to_vec()} from_start=true />
            <h3 class="clocks-heading">"The run as a space-time diagram"</h3>
            <p class="clocks-hint">"The time above a server's receipt of a write (minutes:seconds) is the timestamp its clock gave that write."</p>
            <SpaceTime
                sim
                labels=Labels::Custom(stamp_label)
                selected
                caption="Space-time diagram of the two writes: client 1, servers A, B, C and client 2, one line each"
                clock_text=wall::clock_reading
            />
        </div>
    }
    .into_any()
}

/// The timestamp a server gave a write, on the event where it accepted it.
fn stamp_label(event: &TraceEvent) -> Option<String> {
    let message = event.message?;
    (event.kind == TraceKind::Deliver && message.kind == "write")
        .then(|| wall::clock_reading(event.local_clock_us)[3..].to_owned())
}

fn write_name(write: usize) -> &'static str {
    ["W1", "W2"][write.min(1)]
}

/// The two writes and, once both have reached every replica, the verdict.
#[component]
fn VerdictPanel(sim: SimController) -> impl IntoView {
    let report = Memo::new(move |_| sim.with_world_as::<ClocksSim, _>(lww::report));
    let rows = move || {
        report.with(|r| {
            r.iter()
                .flat_map(|r| r.writes.iter().enumerate())
                .map(|(write, w)| {
                    let (client, _, value, _) = lww::WRITES[write];
                    let accepted = w.accepted.map_or_else(
                        || ("not yet".to_owned(), "—".to_owned()),
                        |a| {
                            (
                                wall::seconds(a.true_us as i64),
                                wall::clock_reading(a.stamp_us),
                            )
                        },
                    );
                    view! {
                        <tr>
                            <th scope="row">{write_name(write)} " (x = " {value} ")"</th>
                            <td>{lww::NAMES[client]} " via " {lww::NAMES[w.server]}</td>
                            <td class="num">{wall::seconds(w.issued_us as i64)}</td>
                            <td class="num">{accepted.0}</td>
                            <td class="num"><code>{accepted.1}</code></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let stored = move || {
        report.with(|r| {
            r.as_ref().map(|r| {
                lww::SERVERS
                    .iter()
                    .zip(r.stored)
                    .map(|(&server, s)| {
                        let value = s.map_or("x unset".to_owned(), |s| {
                            format!("x = {} ({})", s.value, write_name(s.write))
                        });
                        format!("{}: {value}", lww::NAMES[server])
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
        })
    };
    let verdict =
        move || report.with(|r| r.as_ref().and_then(|r| r.verdict.map(|v| (v, r.clone()))));
    let anomaly =
        move || verdict().map_or("unknown", |(v, _)| if v.anomaly() { "yes" } else { "no" });
    view! {
        <section class="lww-verdict" data-testid="lww-verdict" data-anomaly=anomaly aria-labelledby="lww-verdict-title">
            <h3 id="lww-verdict-title" class="clocks-heading">"Which write survives?"</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Writes table, scrollable">
                <table class="clocks-table">
                    <thead>
                        <tr>
                            <th scope="col">"Write"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"Issued (true time)"</th>
                            <th scope="col">"Accepted (true time)"</th>
                            <th scope="col">"Timestamp (server's clock)"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="lww-replicas">"Replicas: " {stored}</p>
            <div class="lww-outcome" role="status" aria-live="polite" data-testid="lww-outcome">
                {move || match verdict() {
                    Some((v, r)) => outcome_text(v, &r).into_any(),
                    None => pending_text(sim.now_us()).into_any(),
                }}
            </div>
            <SkewNote sim />
        </section>
    }
}

fn pending_text(now_us: SimTime) -> impl IntoView {
    let text = if now_us == 0 {
        "Predict first: which write will every replica keep? Then press Play."
    } else {
        "The writes are still on their way; play on to see which one every replica keeps."
    };
    view! { <p>{text}</p> }
}

fn outcome_text(verdict: Verdict, report: &LwwReport) -> impl IntoView {
    let last = write_name(verdict.really_last);
    let kept = write_name(verdict.kept);
    let stamp = |w: usize| {
        report.writes[w]
            .accepted
            .map_or("—".to_owned(), |a| wall::clock_reading(a.stamp_us))
    };
    let gap = report.writes[1]
        .accepted
        .zip(report.writes[0].accepted)
        .map_or(0, |(b, a)| b.true_us.abs_diff(a.true_us));
    let (class, headline) = if verdict.anomaly() {
        (
            "lww-bad",
            format!("{kept} won, but {last} came last: {last} is lost."),
        )
    } else {
        ("lww-good", format!("{kept} won, and it really came last."))
    };
    let detail = format!(
        "{last} really came last: it was accepted {} after the other write (true time). Every replica kept {kept}, because its timestamp {} is later than {}.",
        wall::ms(gap),
        stamp(verdict.kept),
        stamp(1 - verdict.kept)
    );
    view! {
        <p class=class data-testid="lww-headline"><strong>{headline}</strong></p>
        <p data-testid="lww-detail">{detail}</p>
    }
}

/// How far C's clock stands from A's, against the time between the writes.
#[component]
fn SkewNote(sim: SimController) -> impl IntoView {
    let text = move || {
        sim.with_world(|w| {
            let (a, c) = (
                read_clock(w, lww::WRITES[0].1)?,
                read_clock(w, lww::WRITES[1].1)?,
            );
            let gap = lww::WRITES[1].3 - lww::WRITES[0].3;
            let behind = a.offset_us - c.offset_us;
            Some(if behind > 0 {
                format!(
                    "Right now C's clock is {} behind A's; the writes are issued {} apart, and each reaches its server 40–120 ms later. When C is behind A by more than the time between the servers accepting the two writes, W2 gets the smaller timestamp.",
                    wall::ms(behind.unsigned_abs()),
                    wall::ms(gap)
                )
            } else {
                format!(
                    "Right now C's clock is {} ahead of A's, so a later write through C always gets the larger timestamp.",
                    wall::ms(behind.unsigned_abs())
                )
            })
        })
    };
    view! { <p class="clocks-hint" data-testid="lww-skew">{text}</p> }
}
