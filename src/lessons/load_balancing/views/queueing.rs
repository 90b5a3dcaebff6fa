//! The view of scenario `lb-queueing` (opened from the quiz): one server at two loads,
//! the lower above and the higher below, for five simulated minutes; the p99 chart of
//! both and how many times the higher load's p99 is the lower's.

use leptos::prelude::*;

use super::inputs::Slider;
use super::parts::{ms_or_dash, spec, two_shape, with_run, RunsChart, Setting, TwoRuns, P99};
use crate::lessons::load_balancing::scenes::cluster;
use crate::lessons::load_balancing::scenes::queueing::{
    build, lane_cluster, QueueingConfig, HORIZON_US, LOADS_PCT,
};
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::ui::sim::{world_builder, BuildWorld, SimController, SimWidget, Stage};

/// Five simulated minutes in about thirty seconds at 1×.
const SIM_US_PER_REAL_MS_AT_1X: f64 = 10_000.0;

fn builder(config: QueueingConfig) -> BuildWorld {
    world_builder(move |seed| build::<LoadBalancingNode>(&config, seed))
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(QueueingConfig::from_setting)
        .unwrap_or_default();
    let [low, high] = start.loads_pct.map(|pct| lane_cluster(pct as f64 / 100.0));
    let shape = two_shape(&low, &high);
    let sim = stage.start(
        spec(stage, builder(start), shape, HORIZON_US, 300).time_scale(SIM_US_PER_REAL_MS_AT_1X),
    );
    sim.use_setting(
        start.to_setting(),
        "two loads in % of capacity (such as u50-u90)",
        "it compares 50% with 90%",
    );
    let config = Setting::new(sim, start, |sim, next: &QueueingConfig| {
        sim.rebuild(builder(*next), Some(next.to_setting()));
    });
    let names = Signal::derive(move || {
        let [a, b] = config.get().loads_pct;
        vec![format!("Above: {a}% busy"), format!("Below: {b}% busy")]
    });
    let load = move |lane: usize| Signal::derive(move || config.get().loads_pct[lane]);
    let set_load =
        move |lane: usize| Callback::new(move |pct: u32| config.edit(|c| c.loads_pct[lane] = pct));
    view! {
        <SimWidget controller=sim>
            <Ratio sim />
            <RunsChart sim names horizon_us=HORIZON_US plot=P99 />
            <div class="lb-settings-row">
                <Slider label="Load above" test_id="load-above" min=*LOADS_PCT.start() max=*LOADS_PCT.end()
                    value=load(0) shown=|p| format!("{p}% of capacity") on_change=set_load(0) />
                <Slider label="Load below" test_id="load-below" min=*LOADS_PCT.start() max=*LOADS_PCT.end()
                    value=load(1) shown=|p| format!("{p}% of capacity") on_change=set_load(1) />
            </div>
            <TwoRuns sim names />
        </SimWidget>
    }
    .into_any()
}

/// How many times the p99 below is the p99 above, so far.
#[component]
fn Ratio(sim: SimController) -> impl IntoView {
    let line = move || {
        let p99 = |lane| with_run(sim, lane, cluster::p99_us).flatten();
        match (p99(0), p99(1)) {
            (Some(low), Some(high)) if low > 0 => format!(
                "p99 so far: {} above, {} below — {:.1} times as long.",
                ms_or_dash(Some(low)),
                ms_or_dash(Some(high)),
                high as f64 / low as f64
            ),
            _ => "Play the run: the 99th percentiles appear once requests complete.".to_owned(),
        }
    };
    view! { <p class="lb-lead" data-testid="lb-ratio">{line}</p> }
}
