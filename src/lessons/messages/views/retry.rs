//! The view of scenario `retry` (and `retry-idempotent`): the widget, the idempotency
//! switch and the read-out of the server's counter.

use leptos::prelude::*;

use super::super::scenes::retry::{
    applied_verdict, build, server_counter, CLIENT, DEFAULT_SEED, HORIZON_US, LATENCY_MAX_US,
    LATENCY_MIN_US, NAME, NAME_IDEMPOTENT,
};
use super::super::scenes::{MessagesNode, MessagesSim};
use crate::sim::protocols::reqresp::ReqResp;
use crate::ui::sim::{
    world_builder, BuildWorld, Faults, NetworkSettings, SimSpec, SimWidget, Stage,
};

fn builder(idempotent: bool) -> BuildWorld {
    world_builder(move |seed| build::<MessagesNode>(idempotent, seed))
}

fn spec(stage: &Stage, idempotent: bool) -> SimSpec {
    stage
        .spec(builder(idempotent))
        .layout(vec![(0.1, 0.5), (0.9, 0.5)])
        .seed(DEFAULT_SEED)
        .horizon_us(HORIZON_US)
        .faults(Faults::ALL)
        .height_px(240)
}

/// What the client knows, in words.
fn client_status(client: &crate::sim::protocols::reqresp::Client) -> String {
    match (client.outstanding, client.last_value) {
        (Some(out), _) if out.attempt > 1 => format!("waiting for a reply (try {})", out.attempt),
        (Some(_), _) => "waiting for a reply".into(),
        (None, Some(value)) => format!("got a reply: the counter is {value}"),
        (None, None) if client.gave_up > 0 => "gave up: no reply after every retry".into(),
        (None, None) => "about to send its request".into(),
    }
}

/// The scenario view: widget, idempotency switch and read-out. `idempotent` is the
/// starting position of the switch (from the scenario name in the address).
fn view(stage: &Stage, idempotent: bool) -> AnyView {
    let sim = stage.start(spec(stage, idempotent));
    // The retry after a lost reply (about 60 simulated ms in) shows within about 4 s.
    sim.set_speed(1.5);
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    let idempotent = RwSignal::new(idempotent);
    let start_idempotent = idempotent.get_untracked();
    let toggle = move |on: bool| {
        idempotent.set(on);
        sim.set_scenario(if on { NAME_IDEMPOTENT } else { NAME });
        sim.rebuild(builder(on), None);
    };
    sim.on_reset(move || {
        if idempotent.get_untracked() != start_idempotent {
            toggle(start_idempotent);
        }
    });
    let counter = move || {
        sim.with_world_as::<MessagesSim, _>(server_counter)
            .unwrap_or(0)
    };
    let client = move || {
        sim.with_world_as::<MessagesSim, _>(|world| {
            world
                .node(CLIENT)
                .and_then(MessagesNode::rpc_peer)
                .and_then(ReqResp::as_client)
                .map(client_status)
        })
        .flatten()
        .unwrap_or_default()
    };
    let retries = move || sim.with_world(|world| world.counters().named("retries"));
    view! {
        <SimWidget controller=sim>
            <label class="sim-check">
                <input
                    type="checkbox"
                    data-testid="idempotent-toggle"
                    prop:checked=move || idempotent.get()
                    on:change=move |event| toggle(event_target_checked(&event))
                />
                " Idempotent server: it remembers request ids and answers a repeat from memory"
            </label>
            <dl class="readout-grid">
                <div>
                    <dt>"Server counter"</dt>
                    <dd data-testid="server-counter">
                        <strong>{counter}</strong>
                        " "
                        <span class:alarm=move || { counter() > 1 }>{move || applied_verdict(counter())}</span>
                    </dd>
                </div>
                <div>
                    <dt>"Client"</dt>
                    <dd data-testid="client-status">{client}</dd>
                </div>
                <div>
                    <dt>"Retries"</dt>
                    <dd data-testid="retry-count">{retries}</dd>
                </div>
            </dl>
        </SimWidget>
    }
    .into_any()
}

/// The retry scenario with the switch off.
pub fn plain(stage: &Stage) -> AnyView {
    view(stage, false)
}

/// The retry scenario with the switch on (`&scenario=retry-idempotent`).
pub fn idempotent(stage: &Stage) -> AnyView {
    view(stage, true)
}
