//! The lesson's page parts: the reading column, and one live simulation per scenario with
//! the controls and read-outs that go with it.

mod controls;
mod drift;
mod logical;
mod lww;
mod sync;

use std::rc::Rc;

use leptos::prelude::*;

use super::node::ClocksSim;
use crate::embed::Params;
use crate::lessons::Scenario;
use crate::sim::{SimTime, World};
use crate::ui::sim::settings::{SIM_SECOND_PER_REAL_SECOND, SIM_US_PER_REAL_MS_AT_1X};
use crate::ui::sim::{BuildWorld, Faults, SimController, SimSpec};

/// Scenario names (`&scenario=`), in tab order.
pub const DRIFT: &str = "drift";
pub const LWW: &str = "lww";
pub const SYNC: &str = "sync";
pub const LAMPORT: &str = "lamport";
pub const VECTOR: &str = "vector";

/// The reading column: the lesson's Markdown sections, in order.
pub fn reading() -> AnyView {
    view! {
        <div class="clocks-reading">
            <Prose html=crate::lesson_html!("clocks/text/no-global-clock") />
            <Prose html=crate::lesson_html!("clocks/text/timestamps") />
            <Prose html=crate::lesson_html!("clocks/text/sync") />
            <Prose html=crate::lesson_html!("clocks/text/diagram") />
            <Prose html=crate::lesson_html!("clocks/text/lamport") />
            <Prose html=crate::lesson_html!("clocks/text/vector") />
        </div>
    }
    .into_any()
}

/// The simulations of the lesson, in reading order.
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: DRIFT,
            title: "Physical clocks",
            view: drift::view,
        },
        Scenario {
            name: LWW,
            title: "Last writer wins",
            view: lww::view,
        },
        Scenario {
            name: SYNC,
            title: "Clock sync",
            view: sync::view,
        },
        Scenario {
            name: LAMPORT,
            title: "Lamport clocks",
            view: logical::lamport,
        },
        Scenario {
            name: VECTOR,
            title: "Vector clocks",
            view: logical::vector,
        },
    ]
}

/// A section of lesson text, rendered from Markdown at build time.
#[component]
fn Prose(html: &'static str) -> impl IntoView {
    view! { <div class="prose" inner_html=html></div> }
}

/// A scenario's builder in the form the widget takes.
fn world_builder(build: impl Fn(u64) -> ClocksSim + 'static) -> BuildWorld {
    Rc::new(move |seed| Box::new(build(seed)) as Box<dyn World>)
}

/// Creates a scenario's running simulation, honouring the link's seed, actions and time.
fn start(
    scenario: &'static str,
    build: BuildWorld,
    layout: Vec<(f32, f32)>,
    default_seed: u64,
    horizon_us: SimTime,
    faults: Faults,
    params: &Params,
) -> SimController {
    SimController::new(
        SimSpec {
            lesson: super::LESSON.id,
            scenario,
            build,
            layout,
            default_seed,
            horizon_us,
            faults,
            height_px: 260,
            sim_us_per_real_ms_at_1x: time_scale(scenario),
        },
        params,
    )
}

/// Drift and sync play out over minutes, so at 1× they show one simulated second per
/// real second; the message-passing scenarios keep the usual scale.
fn time_scale(scenario: &str) -> f64 {
    match scenario {
        DRIFT | SYNC => SIM_SECOND_PER_REAL_SECOND,
        _ => SIM_US_PER_REAL_MS_AT_1X,
    }
}
