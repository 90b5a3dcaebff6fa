//! The lesson's page parts: the reading column with its inline illustrations, and one
//! live simulation per scene with a read-out of what it shows.

mod characteristics;
mod examples;
mod scaling;
mod sharing;
mod shop;
mod users_see;

use leptos::prelude::*;

use super::scenes::{self, IntroSim, DEFAULT_SEED};
use crate::lessons::Scenario;
use crate::sim::SimTime;
use crate::ui::prose::Prose;
use crate::ui::sim::{world_builder, Faults, SimController, SimSpec, Stage};

/// The reading column: the lesson's Markdown sections with the illustrations between them.
pub fn reading() -> AnyView {
    view! {
        <div class="intro-reading">
            <Prose section="intro/text/definition" />
            <users_see::UsersSee />
            <Prose section="intro/text/shop" />
            <Prose section="intro/text/characteristics" />
            <Prose section="intro/text/key-characteristics" class="intro-key-table" />
            <Prose section="intro/text/why" />
            <Prose section="intro/text/scaling" />
            <scaling::ScalingPicture />
            <Prose section="intro/text/architectures" />
            <Prose section="intro/text/examples" />
            <Prose section="intro/text/price" />
        </div>
    }
    .into_any()
}

/// The simulations of the lesson, in reading order.
pub const SCENARIOS: &[Scenario] = &[
    Scenario::tab(scenes::shop::SCENARIO, "The shop", shop::view),
    Scenario::tab(
        scenes::concurrency::SCENARIO,
        "Concurrency",
        characteristics::concurrency,
    ),
    Scenario::tab(
        scenes::clocks::SCENARIO,
        "No global clock",
        characteristics::clocks,
    ),
    Scenario::tab(
        scenes::failure::SCENARIO,
        "Independent failure",
        characteristics::failure,
    ),
    Scenario::tab(
        scenes::sharing::SCENARIO,
        "Client-server vs P2P",
        sharing::view,
    ),
    Scenario::tab(scenes::search::SCENARIO, "Search fan-out", examples::search),
    Scenario::tab(scenes::cdn::SCENARIO, "CDN", examples::cdn),
];

/// The speed most scenes start at (1.0 = simulated time at 1/100 of real time).
const DEFAULT_SPEED: f64 = 2.0;

/// A scene whose only fault control is crashing and restarting nodes.
fn crashable(
    stage: &Stage,
    build: impl Fn(u64) -> IntroSim + 'static,
    layout: Vec<(f32, f32)>,
    horizon_us: SimTime,
) -> SimSpec {
    stage
        .spec(world_builder(build))
        .layout(layout)
        .seed(DEFAULT_SEED)
        .horizon_us(horizon_us)
        .faults(Faults {
            crash_restart: true,
            ..Faults::default()
        })
}

/// Creates the running simulation, honouring the link's seed, actions and time, at `speed`.
fn start(stage: &Stage, spec: SimSpec, speed: f64) -> SimController {
    let sim = stage.start(spec);
    sim.set_speed(speed);
    sim
}

/// Reads the running scene (reactive); `None` only if the world is not one of the lesson's.
fn read<R>(sim: SimController, f: impl FnOnce(&IntroSim) -> R) -> Option<R> {
    sim.with_world_as::<IntroSim, R>(f)
}
