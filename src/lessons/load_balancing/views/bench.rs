//! The view of scenario `lb-bench` (by address only): 20 clients and 100 servers, about
//! 1,400 requests in flight, to measure the widget's frame time with a big cluster.

use leptos::prelude::*;

use super::parts::{one_shape, spec, RunReadout};
use crate::lessons::load_balancing::scenes::bench::{build, cluster_config, HORIZON_US};
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::ui::sim::{world_builder, SimWidget, Stage};

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let shape = one_shape(&cluster_config());
    let sim = stage.start(spec(
        stage,
        world_builder(build::<LoadBalancingNode>),
        shape,
        HORIZON_US,
        480,
    ));
    view! {
        <SimWidget controller=sim>
            <RunReadout sim lane=0 title="The run" test_id="run-bench" />
        </SimWidget>
    }
    .into_any()
}
