//! Scenario `retry`: one request to add 1 to a counter, with a timeout and up to three
//! retries. Turn loss up and the client retries; lose a reply and a server that is not
//! idempotent applies the increment twice. The idempotency checkbox rebuilds the same run
//! with a server that remembers request ids (shared as scenario `retry-idempotent`).

use std::rc::Rc;

use leptos::prelude::*;

use super::LESSON_ID;
use crate::embed::Params;
use crate::sim::protocols::reqresp::{ClientConfig, ReqResp};
use crate::sim::{LinkConfig, NodeId, Simulation, MS};
use crate::ui::sim::settings::SIM_US_PER_REAL_MS_AT_1X;
use crate::ui::sim::{BuildWorld, Faults, NetworkSettings, SimController, SimSpec, SimWidget};

pub const NAME: &str = "retry";
/// The same scenario, opened with the idempotent server (share links of that variant).
pub const NAME_IDEMPOTENT: &str = "retry-idempotent";
pub const TITLE: &str = "Timeouts and retries";

const CLIENT: NodeId = 0;
const SERVER: NodeId = 1;
const LATENCY_MIN_US: u64 = 5 * MS;
const LATENCY_MAX_US: u64 = 12 * MS;
const TIMEOUT_US: u64 = 30 * MS;
const MAX_RETRIES: u32 = 3;
/// With this seed and loss at 30% from the start, the first reply is lost and the retry
/// gets through: a server that is not idempotent counts to 2 (checked by a test below).
pub const DEFAULT_SEED: u64 = 7;
const HORIZON_US: u64 = 160 * MS;
/// The loss rate the lesson text tells the reader to set before pressing Play.
pub const SUGGESTED_LOSS_PPM: u32 = 300_000;

/// A builder for the client and a server that is, or is not, idempotent.
pub fn builder(idempotent: bool) -> BuildWorld {
    Rc::new(move |seed| {
        let client = ClientConfig {
            requests: 1,
            timeout_us: TIMEOUT_US,
            max_retries: MAX_RETRIES,
            think_time_us: 0,
            auto_start: true,
        };
        Box::new(
            Simulation::builder(seed)
                .node("Client", ReqResp::client(SERVER, client))
                .node("Server", ReqResp::server(idempotent))
                .link_all(LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US))
                .build(),
        )
    })
}

pub fn spec(idempotent: bool) -> SimSpec {
    SimSpec {
        lesson: LESSON_ID,
        scenario: if idempotent { NAME_IDEMPOTENT } else { NAME },
        build: builder(idempotent),
        layout: vec![(0.1, 0.5), (0.9, 0.5)],
        default_seed: DEFAULT_SEED,
        horizon_us: HORIZON_US,
        faults: Faults::ALL,
        height_px: 240,
        sim_us_per_real_ms_at_1x: SIM_US_PER_REAL_MS_AT_1X,
    }
}

/// What the server's counter says about how often the one increment was applied.
pub fn applied_verdict(counter: u64) -> &'static str {
    match counter {
        0 => "(not applied yet)",
        1 => "(applied once)",
        2 => "(applied twice!)",
        _ => "(applied more than twice!)",
    }
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
pub fn view(params: &Params, idempotent: bool) -> AnyView {
    let sim = SimController::new(spec(idempotent), params);
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    let idempotent = RwSignal::new(idempotent);
    let toggle = move |on: bool| {
        idempotent.set(on);
        sim.set_scenario(if on { NAME_IDEMPOTENT } else { NAME });
        sim.rebuild(builder(on), None);
    };
    let counter = move || {
        sim.with_world_as::<Simulation<ReqResp>, _>(|world| {
            world
                .node(SERVER)
                .and_then(ReqResp::as_server)
                .map_or(0, |s| s.counter)
        })
        .unwrap_or(0)
    };
    let client = move || {
        sim.with_world_as::<Simulation<ReqResp>, _>(|world| {
            world
                .node(CLIENT)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Intervention, Timeline};

    fn final_counter(idempotent: bool, seed: u64, loss_ppm: u32) -> (u64, u64) {
        let build = builder(idempotent);
        let mut timeline = Timeline::new(Rc::new(move || build(seed)));
        timeline.intervene(Intervention::SetLoss { ppm: loss_ppm });
        timeline.advance_to(HORIZON_US);
        let sim = timeline
            .world_as::<Simulation<ReqResp>>()
            .expect("reqresp world");
        let counter = sim
            .node(SERVER)
            .and_then(ReqResp::as_server)
            .map_or(0, |s| s.counter);
        (counter, timeline.world().counters().named("retries"))
    }

    #[test]
    fn the_default_run_applies_twice_when_loss_is_up() {
        let (counter, retries) = final_counter(false, DEFAULT_SEED, SUGGESTED_LOSS_PPM);
        assert_eq!(counter, 2, "a lost reply and a retry that gets through");
        assert!(retries >= 1);
        let (counter, _) = final_counter(true, DEFAULT_SEED, SUGGESTED_LOSS_PPM);
        assert_eq!(counter, 1, "the idempotent server applies it once");
    }

    #[test]
    fn without_loss_nothing_is_retried() {
        assert_eq!(final_counter(false, DEFAULT_SEED, 0), (1, 0));
    }

    #[test]
    fn verdicts_read_well() {
        assert_eq!(applied_verdict(1), "(applied once)");
        assert_eq!(applied_verdict(2), "(applied twice!)");
    }
}
