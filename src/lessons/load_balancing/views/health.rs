//! The view of scenario `lb-health`: three servers behind round robin, without health
//! checks above and with them below; buttons crash and restart B in both runs at once,
//! sliders set the checks' interval and threshold, and a chart counts the requests lost.

use leptos::prelude::*;

use super::inputs::Slider;
use super::parts::{spec, two_shape, with_run, RunsChart, Setting, TwoRuns, LOST};
use crate::lessons::load_balancing::scenes::balancer::{HealthConfig, PoolEventKind};
use crate::lessons::load_balancing::scenes::health::{
    build_lanes, detection_bound_us, health_config, health_from_setting, health_setting,
    last_event_at_us, HealthSceneConfig, HEALTH, HORIZON_US, INTERVALS_MS, SUGGESTED_SERVER,
    THRESHOLDS,
};
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::sim::{Intervention, NodeId, MS};
use crate::ui::sim::{world_builder, BuildWorld, SimController, SimWidget, Stage};

fn builder(health: HealthConfig) -> BuildWorld {
    world_builder(move |seed| build_lanes::<LoadBalancingNode>(health, seed))
}

/// B's node id in each run (the run below counts after the one above).
fn server_b_ids() -> [NodeId; 2] {
    let above = HealthSceneConfig::unchecked().cluster();
    let b = above.server_id(SUGGESTED_SERVER);
    let offset = above.clients.len() + 1 + above.servers.len();
    [b, b + offset]
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(health_from_setting)
        .unwrap_or(HEALTH);
    let checked = HealthSceneConfig {
        health: Some(start),
        ..HealthSceneConfig::default()
    };
    let shape = two_shape(
        &HealthSceneConfig::unchecked().cluster(),
        &checked.cluster(),
    );
    let sim = stage.start(spec(stage, builder(start), shape, HORIZON_US, 380));
    sim.use_setting(
        health_setting(&start),
        "health checks as an interval and a threshold (such as i250-t3)",
        "it pings every 250 ms and takes a server out after 3 misses",
    );
    sim.set_speed(2.0);
    let health = Setting::new(sim, start, |sim, next: &HealthConfig| {
        sim.rebuild(builder(*next), Some(health_setting(next)));
    });
    let names = Signal::derive(|| {
        vec![
            "Above: no health checks".to_owned(),
            "Below: health checks".to_owned(),
        ]
    });
    let [b_above, b_below] = server_b_ids();
    let both = move |make: fn(NodeId) -> Intervention| {
        sim.intervene(make(b_above));
        sim.intervene(make(b_below));
    };
    let interval_ms = Signal::derive(move || (health.get().interval_us / MS) as u32);
    let threshold = Signal::derive(move || health.get().threshold);
    view! {
        <SimWidget controller=sim>
            <div class="lb-actions" role="group" aria-label="Crash or restart B in both runs">
                <button type="button" data-testid="crash-b" on:click=move |_| both(Intervention::Crash)>"Crash B in both runs"</button>
                <button type="button" data-testid="restart-b" on:click=move |_| both(Intervention::Restart)>"Restart B in both runs"</button>
            </div>
            <Detection sim health b=b_below local_b=b_above />
            <RunsChart sim names horizon_us=HORIZON_US plot=LOST />
            <div class="lb-settings-row">
                <Slider label="Health check every" test_id="health-interval" min=*INTERVALS_MS.start() as u32 max=*INTERVALS_MS.end() as u32 step=50
                    value=interval_ms shown=|ms| format!("{ms} ms")
                    on_change=Callback::new(move |ms: u32| health.set(health_config(ms as u64, health.get_untracked().threshold))) />
                <Slider label="Out after missed checks" test_id="health-threshold" min=*THRESHOLDS.start() max=*THRESHOLDS.end()
                    value=threshold shown=|n| format!("{n} in a row")
                    on_change=Callback::new(move |n: u32| health.set(health_config(health.get_untracked().interval_us / MS, n))) />
            </div>
            <TwoRuns sim names />
        </SimWidget>
    }
    .into_any()
}

/// When B last crashed, when the checked balancer took it out, and the bound.
/// `b` is B's id in the world, `local_b` its id inside its run (the same in both runs).
#[component]
fn Detection(
    sim: SimController,
    health: Setting<HealthConfig>,
    b: NodeId,
    local_b: NodeId,
) -> impl IntoView {
    let line = move || {
        let bound_ms = detection_bound_us(&health.get()) / MS;
        let crashed_at = sim.last_recorded_at(|iv| *iv == Intervention::Crash(b));
        let restarted_at = sim.last_recorded_at(|iv| *iv == Intervention::Restart(b));
        let crashed_at = crashed_at.filter(|crash| restarted_at.is_none_or(|up| up < *crash));
        let down_at = with_run(sim, 1, |run| {
            last_event_at_us(run, local_b, PoolEventKind::MarkedDown)
        })
        .flatten();
        let bound = format!("at most {bound_ms} ms (interval × threshold + the last ping's wait)");
        match (crashed_at, down_at) {
            (Some(crash), Some(down)) if down > crash => format!(
                "With health checks, B was taken out {} ms after it crashed: {bound}.",
                (down - crash) / MS
            ),
            (Some(_), _) => format!("B is down. The checked balancer takes it out within {bound}."),
            _ => format!("Crash B to see how long the checks take to notice: {bound}."),
        }
    };
    view! { <p class="lb-lead" data-testid="lb-detection">{line}</p> }
}
