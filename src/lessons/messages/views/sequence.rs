//! The view of scenario `sequence`: the widget and the numbered list of the six messages.

use leptos::prelude::*;

use super::super::scenes::sequence::{
    build, message_rows, DEFAULT_SEED, HORIZON_US, LATENCY_MAX_US, LATENCY_MIN_US,
};
use super::super::scenes::MessagesNode;
use crate::ui::sim::{world_builder, Faults, NetworkSettings, SimSpec, SimWidget, Stage};

fn spec(stage: &Stage) -> SimSpec {
    stage
        .spec(world_builder(build::<MessagesNode>))
        .layout(vec![(0.0, 0.5), (0.42, 0.5), (1.0, 0.08), (1.0, 0.92)])
        .seed(DEFAULT_SEED)
        .horizon_us(HORIZON_US)
        .faults(Faults::ALL)
}

/// The scenario: the widget and the numbered list of messages.
pub fn view(stage: &Stage) -> AnyView {
    let sim = stage.start(spec(stage));
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    let rows =
        move || sim.with_world(|world| message_rows(&world.recent_events(), &world.node_names()));
    view! {
        <SimWidget controller=sim>
            <h3 id="sequence-order-title">"Message order"</h3>
            <p class="muted">"Each message joins the list when it is sent. Query and Update leave A at the same instant; which reply comes back first depends on the network."</p>
            <ol class="sequence-steps" data-testid="sequence-steps" aria-labelledby="sequence-order-title">
                {move || {
                    rows()
                        .into_iter()
                        .map(|row| view! { <li>{row.text} " — " <span class="outcome">{row.outcome}</span></li> })
                        .collect_view()
                }}
            </ol>
        </SimWidget>
    }
    .into_any()
}
