//! A lesson's reading column and simulations, fetched when the page first needs them
//! (the lesson's own wasm chunk in a release build), behind the same loading and
//! try-again messages as everything else the page fetches.

use leptos::prelude::*;

use crate::lessons::{Lesson, LessonViews};
use crate::ui::gate::{fetch, gate, Fetch, Waiting};

/// A lesson's views on their way, or there.
pub type ViewsFetch = Fetch<&'static LessonViews>;

/// Starts loading `lesson`'s views.
pub fn fetch_views(lesson: &'static Lesson) -> ViewsFetch {
    fetch(move || {
        let load = (lesson.views)();
        async move { load.await.map_err(|error| error.to_string()) }
    })
}

/// Shows `show(views)` once `fetched` has the lesson's views.
pub fn with_views<V: IntoView + 'static>(
    fetched: ViewsFetch,
    show: impl Fn(&'static LessonViews) -> V + 'static,
) -> impl IntoView {
    let waiting = Waiting {
        loading: "Loading the lesson…",
        what: "This part of the lesson",
        test_id: "lesson",
    };
    gate(fetched, waiting, show)
}
