//! The lesson's page parts: the reading column, and one live simulation per scene with
//! the read-out that goes with it.

mod bench;
mod mystery;
mod retry;
mod sequence;

use leptos::prelude::*;

use super::scenes;
use crate::lessons::{LessonViews, ScenarioView};
use crate::ui::prose::Prose;

/// The reading column: the lesson's Markdown sections, in order.
fn reading() -> AnyView {
    view! {
        <div class="messages-reading">
            <Prose section="messages/text/passing" />
            <Prose section="messages/text/unreliable" />
            <Prose section="messages/text/cannot_tell" />
            <Prose section="messages/text/timeouts" />
        </div>
    }
    .into_any()
}

/// The lesson's views: its own wasm chunk in a release build (see `lessons::chunk`).
pub static VIEWS: LessonViews = LessonViews {
    reading,
    scenarios: &[
        ScenarioView {
            name: scenes::sequence::NAME,
            view: sequence::view,
        },
        ScenarioView {
            name: scenes::retry::NAME,
            view: retry::plain,
        },
        ScenarioView {
            name: scenes::retry::NAME_IDEMPOTENT,
            view: retry::idempotent,
        },
        ScenarioView {
            name: scenes::mystery::NAME,
            view: mystery::view,
        },
        ScenarioView {
            name: scenes::bench::NAME,
            view: bench::view,
        },
    ],
};
