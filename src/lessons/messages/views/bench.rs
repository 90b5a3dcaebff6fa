//! The view of the benchmark scene `bench-100`.

use leptos::prelude::*;

use super::super::scenes::bench::{build, LATENCY_MAX_US, LATENCY_MIN_US};
use super::super::scenes::MessagesNode;
use crate::sim::SECOND;
use crate::ui::sim::{world_builder, NetworkSettings, SimSpec, SimWidget, Stage};

fn spec(stage: &Stage) -> SimSpec {
    stage
        .spec(world_builder(build::<MessagesNode>))
        .seed(1)
        .horizon_us(60 * SECOND)
        .height_px(520)
}

pub fn view(stage: &Stage) -> AnyView {
    let sim = stage.start(spec(stage));
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    view! { <SimWidget controller=sim /> }.into_any()
}
