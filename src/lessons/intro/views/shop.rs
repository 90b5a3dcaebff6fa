//! The shop scenario in the simulation area: a one-line verdict above the drawing and the
//! requests of each kind, succeeded and failed, below it.

use leptos::prelude::*;

use super::{crashable, read, start};
use crate::lessons::intro::scenes::shop::{self, capitalize, Path, PathStatus};
use crate::ui::sim::SimWidget;
use crate::ui::sim::Stage;

/// The shop starts faster than most scenes: after a crash, the next request of that kind
/// and its timeout take 80–200 simulated ms, which this speed shows in about 3–7 s.
const SHOP_SPEED: f64 = 3.0;

/// The live shop: the widget with crash controls and the partial-failure read-out.
pub fn view(stage: &Stage) -> AnyView {
    let sim = start(
        stage,
        crashable(stage, shop::build, shop::layout(), shop::HORIZON_US)
            .height_px(360)
            .topology(shop::topology()),
        SHOP_SPEED,
    );
    let status = Memo::new(move |_| read(sim, shop::path_status));
    view! {
        <ShopVerdict status />
        <SimWidget controller=sim>
            <ShopTable status />
        </SimWidget>
    }
    .into_any()
}

/// Which kinds of request work right now, in one sentence.
#[component]
fn ShopVerdict(status: Memo<Option<[PathStatus; 4]>>) -> impl IntoView {
    let summary = move || status.get().map(|s| shop::summary(&s)).unwrap_or_default();
    let class = move || {
        let verdicts = status.get().map(|all| all.map(|s| s.working()));
        match verdicts {
            Some(all) if all.contains(&Some(false)) => "intro-summary bad",
            Some(all) if all.iter().all(|v| *v == Some(true)) => "intro-summary ok",
            _ => "intro-summary",
        }
    };
    view! {
        <div class="intro-readout above">
            <p class=class role="status" data-testid="intro-shop-summary">{summary}</p>
        </div>
    }
}

/// Requests of each kind that succeeded and failed, and how the latest one ended.
#[component]
fn ShopTable(status: Memo<Option<[PathStatus; 4]>>) -> impl IntoView {
    let rows = move || {
        status
            .get()
            .map(|all| all.into_iter().map(row).collect_view())
    };
    view! {
        <section class="intro-readout" aria-label="Requests by kind" data-testid="intro-shop-readout">
            <div class="intro-table-wrap" tabindex="0" role="region" aria-label="Table, scrollable">
                <table class="intro-table">
                    <thead>
                        <tr>
                            <th scope="col">"Requests (server)"</th>
                            <th scope="col" class="num">"OK"</th>
                            <th scope="col" class="num">"Failed"</th>
                            <th scope="col">"Latest"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn row(status: PathStatus) -> impl IntoView {
    let path: Path = status.path;
    let (class, word) = match status.working() {
        Some(true) => ("intro-chip ok", "working"),
        Some(false) => ("intro-chip bad", "failing"),
        None => ("intro-chip", "—"),
    };
    view! {
        <tr data-path=path.title()>
            <th scope="row">
                {capitalize(path.title())}
                <span class="intro-muted">" (" {path.server_letter()} ")"</span>
            </th>
            <td class="num">{status.ok}</td>
            <td class="num">{status.failed}</td>
            <td><span class=class>{word}</span></td>
        </tr>
    }
}
