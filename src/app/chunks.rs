//! Code the page fetches when it first needs it (a lesson's views, the quiz: their own
//! wasm chunks in a release build), behind the same loading and try-again messages as
//! everything else the page fetches.

use leptos::prelude::*;

use crate::lessons::chunk::ChunkLoad;
use crate::lessons::{Lesson, LessonViews};
use crate::ui::gate::{fetch, gate, Fetch, Waiting};

/// Starts loading a chunk with `load`; "Try again" calls it again.
pub fn fetch_chunk<T: Sync + 'static>(load: fn() -> ChunkLoad<T>) -> Fetch<&'static T> {
    fetch(move || {
        let loading = load();
        async move { loading.await.map_err(|error| error.to_string()) }
    })
}

/// A lesson's views on their way, or there.
pub type ViewsFetch = Fetch<&'static LessonViews>;

/// Starts loading `lesson`'s views.
pub fn fetch_views(lesson: &'static Lesson) -> ViewsFetch {
    fetch_chunk(lesson.views)
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
