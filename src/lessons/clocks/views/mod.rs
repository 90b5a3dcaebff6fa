//! The lesson's page parts: the reading column, and one live simulation per scenario with
//! the controls and read-outs that go with it.

mod controls;
mod drift;
mod logical;
mod lww;
mod sync;

use leptos::prelude::*;

use super::scenes::{DRIFT, LAMPORT, LWW, SYNC, VECTOR};
use crate::lessons::{LessonViews, ScenarioView};
use crate::sim::SimTime;
use crate::ui::prose::Prose;
use crate::ui::sim::settings::{SIM_SECOND_PER_REAL_SECOND, SIM_US_PER_REAL_MS_AT_1X};
use crate::ui::sim::{BuildWorld, Faults, NodeCaption, SimController, Stage};

/// The reading column: the lesson's Markdown sections, in order.
fn reading() -> AnyView {
    view! {
        <div class="clocks-reading">
            <Prose section="clocks/text/no-global-clock" />
            <Prose section="clocks/text/timestamps" />
            <Prose section="clocks/text/sync" />
            <Prose section="clocks/text/diagram" />
            <Prose section="clocks/text/lamport" />
            <Prose section="clocks/text/vector" />
        </div>
    }
    .into_any()
}

/// The lesson's views: its own wasm chunk in a release build (see `lessons::chunk`).
pub static VIEWS: LessonViews = LessonViews {
    reading,
    scenarios: &[
        ScenarioView {
            name: DRIFT,
            view: drift::view,
        },
        ScenarioView {
            name: LWW,
            view: lww::view,
        },
        ScenarioView {
            name: SYNC,
            view: sync::view,
        },
        ScenarioView {
            name: LAMPORT,
            view: logical::lamport,
        },
        ScenarioView {
            name: VECTOR,
            view: logical::vector,
        },
    ],
};

/// Creates a scenario's running simulation, honouring the link's seed, actions and time.
fn start(
    stage: &Stage,
    build: BuildWorld,
    layout: Vec<(f32, f32)>,
    default_seed: u64,
    horizon_us: SimTime,
    faults: Faults,
) -> SimController {
    let spec = stage
        .spec(build)
        .layout(layout)
        .seed(default_seed)
        .horizon_us(horizon_us)
        .faults(faults)
        .height_px(260)
        .time_scale(time_scale(stage.scenario))
        .caption(caption(stage.scenario));
    let spec = match stage.scenario {
        LWW => spec.topology(super::scenes::lww::topology()),
        _ => spec,
    };
    stage.start(spec)
}

/// The logical-clock tabs show each process's clock in its box; the others its state.
fn caption(scenario: &str) -> NodeCaption {
    match scenario {
        LAMPORT => NodeCaption::Lamport,
        VECTOR => NodeCaption::Vector,
        _ => NodeCaption::State,
    }
}

/// Drift and sync play out over minutes, so at 1× they show one simulated second per
/// real second; the message-passing scenarios keep the usual scale.
fn time_scale(scenario: &str) -> f64 {
    match scenario {
        DRIFT | SYNC => SIM_SECOND_PER_REAL_SECOND,
        _ => SIM_US_PER_REAL_MS_AT_1X,
    }
}
