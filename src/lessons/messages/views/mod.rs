//! The lesson's page parts: the reading column, and one live simulation per scene with
//! the read-out that goes with it.

mod bench;
mod mystery;
mod retry;
mod sequence;

use leptos::prelude::*;

use super::scenes;
use crate::lessons::{Listing, Scenario};
use crate::ui::prose::Prose;

/// The reading column: the lesson's Markdown sections, in order.
pub fn reading() -> AnyView {
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

/// The simulations of the lesson, in reading order. The idempotent variant of the retry
/// scene and the benchmark open only when a link names them.
pub const SCENARIOS: &[Scenario] = &[
    Scenario::tab(
        scenes::sequence::NAME,
        scenes::sequence::TITLE,
        sequence::view,
    ),
    Scenario::tab(scenes::retry::NAME, scenes::retry::TITLE, retry::plain),
    Scenario {
        name: scenes::retry::NAME_IDEMPOTENT,
        title: scenes::retry::TITLE,
        view: retry::idempotent,
        listing: Listing::ByName {
            replaces: Some(scenes::retry::NAME),
        },
    },
    Scenario::tab(scenes::mystery::NAME, scenes::mystery::TITLE, mystery::view),
    Scenario {
        name: scenes::bench::NAME,
        title: scenes::bench::TITLE,
        view: bench::view,
        listing: Listing::ByName { replaces: None },
    },
];
