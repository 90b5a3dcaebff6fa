//! Code fetched on demand: a lesson's views (and the quiz) as their own chunk of the
//! wasm, fetched when a page first needs them.
//!
//! Each lesson's `mod.rs` says `lesson_views!(chunk_name, views::VIEWS);` and puts
//! `views: load_views` in its [`Lesson`](super::Lesson). What that means depends on the build:
//!
//! - A release build for the browser marks the views as a split point
//!   ([`wasm_split`](leptos::wasm_split)): `scripts/split-wasm.mjs` (the Trunk post-build
//!   hook) cuts everything only they use into `<chunk_name>.wasm`, and the first
//!   [`load_views`](super::Lesson::views) fetches it. Code that several lessons use goes
//!   into a shared chunk, fetched with the first of them.
//! - Every other build (`trunk serve`, the browser tests, native tests) is not split:
//!   the views are simply there, and loading them is immediate.
//!
//! A chunk that cannot be fetched gives a [`ChunkError`], never a panic, so the page can
//! say so and try again.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A lesson chunk that could not be fetched or started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("its code could not be downloaded (is the connection down?)")
    }
}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Loading a chunk: immediate in a build that is not split, a fetch in one that is.
pub type ChunkLoad<T> = Pin<Box<dyn Future<Output = Result<&'static T, ChunkError>>>>;

/// Defines `fn $load() -> ChunkLoad<$ty>` that hands out `&$value`: code that only
/// `$value` reaches is cut into the chunk `$chunk` in a split build, and fetched by the
/// first call.
#[macro_export]
macro_rules! on_demand {
    ($chunk:ident, $vis:vis fn $load:ident() -> $ty:ty = $value:expr) => {
        /// Loads the value, with its code: its own wasm chunk in a release build.
        $vis fn $load() -> $crate::lessons::chunk::ChunkLoad<$ty> {
            #[cfg(all(target_family = "wasm", not(debug_assertions)))]
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn chunk() -> Result<&'static $ty, $crate::lessons::chunk::ChunkError> {
                Ok(&$value)
            }
            #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
            async fn chunk() -> Result<&'static $ty, $crate::lessons::chunk::ChunkError> {
                Ok(&$value)
            }
            Box::pin(chunk())
        }
    };
}

/// Defines `fn load_views()` for a lesson whose views are `$views` (a `LessonViews`
/// static), cut into the chunk `$chunk` in a split build.
#[macro_export]
macro_rules! lesson_views {
    ($chunk:ident, $views:expr) => {
        $crate::on_demand!($chunk, fn load_views() -> $crate::lessons::LessonViews = $views);
    };
}
