//! Something a page fetches on demand (a lesson's text, a lesson's code): while it loads
//! the page says so, if it fails the page says why and offers to try again, and once it
//! is there it is shown. Every such wait looks and reads the same.

use std::future::Future;

use leptos::prelude::*;

/// What a [`gate`] says while it waits, and the `data-testid` prefix of its messages.
#[derive(Clone, Copy, Debug)]
pub struct Waiting {
    /// Shown while loading, e.g. "Loading the lesson text…".
    pub loading: &'static str,
    /// What could not be loaded, e.g. "The lesson text"; the reason follows.
    pub what: &'static str,
    /// `data-testid` prefix: `<prefix>-loading` and `<prefix>-failed`.
    pub test_id: &'static str,
}

/// A fetch that a [`gate`] waits for: started once, started again by "Try again".
pub type Fetch<T> = LocalResource<Result<T, String>>;

/// Starts `load` now (so that several fetches run side by side) for a [`gate`] to show.
pub fn fetch<T, F>(load: impl Fn() -> F + 'static) -> Fetch<T>
where
    T: 'static,
    F: Future<Output = Result<T, String>> + 'static,
{
    LocalResource::new(load)
}

/// Shows `show(value)` once `fetched` has it; until then, or if it failed, says so.
pub fn gate<T, V>(
    fetched: Fetch<T>,
    waiting: Waiting,
    show: impl Fn(T) -> V + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let show = StoredValue::new_local(show);
    move || match fetched.get() {
        None => view! {
            <p class="load-status" role="status" data-testid=format!("{}-loading", waiting.test_id)>
                {waiting.loading}
            </p>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <div class="load-status" role="alert" data-testid=format!("{}-failed", waiting.test_id)>
                <p>{waiting.what} " could not be loaded: " {message} "."</p>
                <button type="button" on:click=move |_| fetched.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        Some(Ok(value)) => show.with_value(|show| show(value)).into_any(),
    }
}
