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
use crate::lessons::{LessonViews, ScenarioView};
use crate::sim::SimTime;
use crate::ui::prose::Prose;
use crate::ui::sim::{world_builder, Faults, SimController, SimSpec, Stage};

/// The reading column: the lesson's Markdown sections with the illustrations between them.
fn reading() -> AnyView {
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

/// The lesson's views: its own wasm chunk in a release build (see `lessons::chunk`).
pub static VIEWS: LessonViews = LessonViews {
    reading,
    scenarios: &[
        ScenarioView {
            name: scenes::shop::SCENARIO,
            view: shop::view,
        },
        ScenarioView {
            name: scenes::concurrency::SCENARIO,
            view: characteristics::concurrency,
        },
        ScenarioView {
            name: scenes::clocks::SCENARIO,
            view: characteristics::clocks,
        },
        ScenarioView {
            name: scenes::failure::SCENARIO,
            view: characteristics::failure,
        },
        ScenarioView {
            name: scenes::sharing::SCENARIO,
            view: sharing::view,
        },
        ScenarioView {
            name: scenes::search::SCENARIO,
            view: examples::search,
        },
        ScenarioView {
            name: scenes::cdn::SCENARIO,
            view: examples::cdn,
        },
    ],
};

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
