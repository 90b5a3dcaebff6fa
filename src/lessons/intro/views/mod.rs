//! The lesson's page parts: the reading column with its inline illustrations, and one
//! live simulation per scene with a read-out of what it shows.

mod characteristics;
mod examples;
mod scaling;
mod sharing;
mod shop;
mod users_see;

use std::rc::Rc;

use leptos::prelude::*;

use super::scenes::{self, IntroSim, DEFAULT_SEED};
use crate::embed::Params;
use crate::lessons::Scenario;
use crate::sim::{SimTime, World};
use crate::ui::sim::settings::SIM_US_PER_REAL_MS_AT_1X;
use crate::ui::sim::{BuildWorld, Faults, SimController, SimSpec};

/// The reading column: the lesson's Markdown sections with the illustrations between them.
pub fn reading() -> AnyView {
    view! {
        <div class="intro-reading">
            <Prose html=crate::lesson_html!("intro/text/definition") />
            <users_see::UsersSee />
            <Prose html=crate::lesson_html!("intro/text/shop") />
            <Prose html=crate::lesson_html!("intro/text/characteristics") />
            <Prose html=crate::lesson_html!("intro/text/key-characteristics") class="intro-key-table" />
            <Prose html=crate::lesson_html!("intro/text/why") />
            <Prose html=crate::lesson_html!("intro/text/scaling") />
            <scaling::ScalingPicture />
            <Prose html=crate::lesson_html!("intro/text/architectures") />
            <Prose html=crate::lesson_html!("intro/text/examples") />
            <Prose html=crate::lesson_html!("intro/text/price") />
        </div>
    }
    .into_any()
}

/// The simulations of the lesson, in reading order.
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: scenes::shop::SCENARIO,
            title: "The shop",
            view: shop::view,
        },
        Scenario {
            name: scenes::concurrency::SCENARIO,
            title: "Concurrency",
            view: characteristics::concurrency,
        },
        Scenario {
            name: scenes::clocks::SCENARIO,
            title: "No global clock",
            view: characteristics::clocks,
        },
        Scenario {
            name: scenes::failure::SCENARIO,
            title: "Independent failure",
            view: characteristics::failure,
        },
        Scenario {
            name: scenes::sharing::SCENARIO,
            title: "Client-server vs P2P",
            view: sharing::view,
        },
        Scenario {
            name: scenes::search::SCENARIO,
            title: "Search fan-out",
            view: examples::search,
        },
        Scenario {
            name: scenes::cdn::SCENARIO,
            title: "CDN",
            view: examples::cdn,
        },
    ]
}

/// A section of lesson text, rendered from Markdown at build time.
#[component]
fn Prose(html: &'static str, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! { <div class=format!("prose {class}") inner_html=html></div> }
}

/// A scene's builder in the form the widget takes.
fn world_builder(build: impl Fn(u64) -> IntroSim + 'static) -> BuildWorld {
    Rc::new(move |seed| Box::new(build(seed)) as Box<dyn World>)
}

/// What every scene of the lesson shares in its widget description.
struct Live {
    scenario: &'static str,
    build: BuildWorld,
    layout: Vec<(f32, f32)>,
    horizon_us: SimTime,
    faults: Faults,
    height_px: u32,
    /// Playback speed to start at (1.0 = simulated time at 1/100 of real time).
    speed: f64,
}

impl Live {
    /// A scene whose only fault control is crashing and restarting nodes.
    fn crashable(
        scenario: &'static str,
        build: impl Fn(u64) -> IntroSim + 'static,
        layout: Vec<(f32, f32)>,
        horizon_us: SimTime,
    ) -> Self {
        Self {
            scenario,
            build: world_builder(build),
            layout,
            horizon_us,
            faults: Faults {
                crash_restart: true,
                ..Faults::default()
            },
            height_px: 300,
            speed: 2.0,
        }
    }

    /// Creates the running simulation, honouring the link's seed, actions and time.
    fn start(self, params: &Params) -> SimController {
        let sim = SimController::new(
            SimSpec {
                lesson: super::LESSON.id,
                scenario: self.scenario,
                build: self.build,
                layout: self.layout,
                default_seed: DEFAULT_SEED,
                horizon_us: self.horizon_us,
                faults: self.faults,
                height_px: self.height_px,
                sim_us_per_real_ms_at_1x: SIM_US_PER_REAL_MS_AT_1X,
            },
            params,
        );
        sim.set_speed(self.speed);
        sim
    }
}

/// Reads the running scene (reactive); `None` only if the world is not one of the lesson's.
fn read<R>(sim: SimController, f: impl FnOnce(&IntroSim) -> R) -> Option<R> {
    sim.with_world_as::<IntroSim, R>(f)
}
