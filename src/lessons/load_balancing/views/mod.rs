//! The lesson's page parts: the reading column, and one live simulation per scenario with
//! the charts, read-outs and settings that go with it. [`parts`] holds what they share
//! (layouts, the read-out of a run, the charts of runs) and [`inputs`] the setting controls.

mod bench;
mod bottleneck;
mod hashing;
mod health;
mod inputs;
mod parts;
mod queueing;
mod scale;
mod strategies;

use leptos::prelude::*;

use super::scenes;
use crate::lessons::{LessonViews, ScenarioView};
use crate::ui::prose::Prose;

/// The reading column: the lesson's Markdown sections, in order.
fn reading() -> AnyView {
    view! {
        <div class="lb-reading">
            <Prose section="load_balancing/text/balancer" />
            <Prose section="load_balancing/text/strategies" />
            <Prose section="load_balancing/text/scaling" />
            <Prose section="load_balancing/text/performance" />
            <Prose section="load_balancing/text/health" />
            <Prose section="load_balancing/text/hashing" />
            <Prose section="load_balancing/text/challenges" />
        </div>
    }
    .into_any()
}

/// The lesson's views: its own wasm chunk in a release build (see `lessons::chunk`).
pub static VIEWS: LessonViews = LessonViews {
    reading,
    scenarios: &[
        ScenarioView {
            name: scenes::strategies::NAME,
            view: strategies::view,
        },
        ScenarioView {
            name: scenes::scale::NAME,
            view: scale::view,
        },
        ScenarioView {
            name: scenes::health::NAME,
            view: health::view,
        },
        ScenarioView {
            name: scenes::hashing::NAME,
            view: hashing::view,
        },
        ScenarioView {
            name: scenes::queueing::NAME,
            view: queueing::view,
        },
        ScenarioView {
            name: scenes::bottleneck::NAME,
            view: bottleneck::view,
        },
        ScenarioView {
            name: scenes::bench::NAME,
            view: bench::view,
        },
    ],
};
