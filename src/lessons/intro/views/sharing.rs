//! Client-server against peer-to-peer: one widget, a switch between the two shapes, and a
//! read-out of how many machines still get data.

use leptos::prelude::*;

use super::{crashable, read, start};
use crate::lessons::intro::scenes::sharing::{self, Mode};
use crate::lessons::intro::scenes::IntroNode;
use crate::ui::sim::world_builder;
use crate::ui::sim::Stage;
use crate::ui::sim::{SimController, SimWidget};

/// The five machines, client-server unless the link says `&set=p2p`; the switch rebuilds
/// them in the other shape.
pub fn view(stage: &Stage) -> AnyView {
    let start_mode = stage
        .params
        .setting_for(sharing::SCENARIO)
        .and_then(Mode::from_setting)
        .unwrap_or_default();
    let mode = RwSignal::new(start_mode);
    let sim = start(
        stage,
        crashable(
            stage,
            move |seed| sharing::build(start_mode, seed),
            sharing::layout(),
            sharing::HORIZON_US,
        ),
        SHARING_SPEED,
    );
    sim.use_setting(
        start_mode.setting().to_string(),
        "client-server or p2p",
        "showing client-server",
    );
    let choose = move |wanted: Mode| {
        if mode.get_untracked() != wanted {
            mode.set(wanted);
            sim.rebuild(
                world_builder(move |seed| sharing::build::<IntroNode>(wanted, seed)),
                Some(wanted.setting().to_string()),
            );
        }
    };
    sim.on_reset(move || choose(start_mode));
    let option = move |wanted: Mode, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (mode.get() == wanted).to_string()
                on:click=move |_| choose(wanted)>
                {label}
            </button>
        }
    };
    view! {
        <div class="intro-switch" role="group" aria-label="Architecture" data-testid="intro-mode">
            <span class="intro-switch-label" aria-hidden="true">"Architecture:"</span>
            {option(Mode::ClientServer, "Client-server")}
            {option(Mode::PeerToPeer, "Peer-to-peer")}
        </div>
        <SimWidget controller=sim>
            <SupplyReadout sim mode />
        </SimWidget>
    }
    .into_any()
}

#[component]
fn SupplyReadout(sim: SimController, mode: RwSignal<Mode>) -> impl IntoView {
    let supply = Memo::new(move |_| read(sim, sharing::supply));
    let text = move || {
        let Some(s) = supply.get() else {
            return String::new();
        };
        if !s.started {
            return "No fetch has finished yet.".to_owned();
        }
        let who = match mode.get() {
            Mode::ClientServer => "clients",
            Mode::PeerToPeer => "peers",
        };
        format!(
            "Getting data now: {} of {} running {who}.",
            s.getting_data, s.running
        )
    };
    let class = move || match supply.get() {
        Some(s) if s.started && s.getting_data == 0 => "intro-summary bad",
        Some(s) if s.getting_data == s.running => "intro-summary ok",
        _ => "intro-summary",
    };
    view! {
        <section class="intro-readout above" aria-label="Who gets data" data-testid="intro-sharing-readout">
            <p class=class role="status">{text}</p>
            <p class="intro-muted">
                "A machine counts as getting data if its last successful fetch is at most "
                {sharing::FRESH_US / 1_000} " ms old."
            </p>
        </section>
    }
}

/// Faster than most scenes: after a crash, data goes stale within 200 simulated ms,
/// which this speed shows in about 5 s.
const SHARING_SPEED: f64 = 4.0;
