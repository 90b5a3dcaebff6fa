//! Real systems in miniature: a search query fanned out over index servers, and a viewer
//! streaming from the nearest data centre of a content delivery network.

use leptos::prelude::*;

use super::{crashable, read, start};
use crate::lessons::intro::scenes::{cdn, round_ms, search};
use crate::ui::sim::format::plural;
use crate::ui::sim::Stage;
use crate::ui::sim::{SimController, SimWidget};

/// One query every 400 ms, fanned out to four index servers.
pub fn search(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(stage, search::build, search::layout(), search::HORIZON_US).height_px(400),
        10.0,
    );
    view! {
        <SimWidget controller=sim>
            <SearchReadout sim />
        </SimWidget>
    }
    .into_any()
}

#[component]
fn SearchReadout(sim: SimController) -> impl IntoView {
    let answers =
        Memo::new(move |_| read(sim, |s| search::answers(s).to_vec()).unwrap_or_default());
    let last = move || {
        answers.with(|all| match all.last() {
            Some(a) => format!(
                "Query #{} answered in {} ms, covering {} of {} index slices.",
                a.id,
                round_ms(a.response_us),
                a.slices,
                search::INDEX_SERVERS
            ),
            None => "No query answered yet.".to_owned(),
        })
    };
    let mean = move || {
        answers.with(|all| {
            search::mean_response_us(all).map(|mean| {
                let partial = all
                    .iter()
                    .filter(|a| a.slices < search::INDEX_SERVERS)
                    .count();
                format!(
                    "{} so far, {} ms on average; {partial} partial.",
                    plural(all.len(), "answer", "answers"),
                    round_ms(mean)
                )
            })
        })
    };
    view! {
        <section class="intro-readout above" aria-label="Answers" data-testid="intro-search-readout">
            <p class="intro-summary">{last}</p>
            <p class="intro-muted">{mean}</p>
        </section>
    }
}

/// A viewer in New York and three data centres.
pub fn cdn(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(stage, cdn::build, cdn::layout(), cdn::HORIZON_US),
        5.0,
    );
    let stats = Memo::new(move |_| read(sim, cdn::viewer_stats).unwrap_or_default());
    view! {
        <CdnLatest stats />
        <SimWidget controller=sim>
            <CdnTable stats />
        </SimWidget>
    }
    .into_any()
}

/// Where the latest chunk came from, and how long it took.
#[component]
fn CdnLatest(stats: Memo<cdn::ViewerStats>) -> impl IntoView {
    let last = move || {
        stats.with(|s| match s.last {
            Some(d) => format!(
                "Chunk {} came from {} in {} ms.",
                d.chunk,
                cdn::CITIES[d.edge],
                round_ms(d.round_trip_us)
            ),
            None => "No chunk received yet.".to_owned(),
        })
    };
    view! {
        <div class="intro-readout above">
            <p class="intro-summary" data-testid="intro-cdn-latest">{last}</p>
        </div>
    }
}

/// Chunks each data centre sent, with its round trip.
#[component]
fn CdnTable(stats: Memo<cdn::ViewerStats>) -> impl IntoView {
    let rows = move || {
        let received = stats.with(|s| s.received);
        (0..cdn::EDGES.len())
            .map(|e| {
                view! {
                    <tr>
                        <th scope="row">{cdn::CITIES[e]}</th>
                        <td class="num">{round_ms(cdn::ROUND_TRIP_US[e])} " ms"</td>
                        <td class="num">{received[e]}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="intro-readout" aria-label="Chunks by data centre" data-testid="intro-cdn-readout">
            <div class="intro-table-wrap" tabindex="0" role="region" aria-label="Table, scrollable">
                <table class="intro-table">
                    <thead>
                        <tr>
                            <th scope="col">"Data centre"</th>
                            <th scope="col" class="num">"Round trip"</th>
                            <th scope="col" class="num">"Chunks sent"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="intro-muted">"Times the viewer moved to a farther data centre: " {move || stats.with(|s| s.failovers)}</p>
        </section>
    }
}
