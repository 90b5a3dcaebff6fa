//! The app shell, above the lessons: header, home page, lesson page frame, the lesson's
//! quiz wiring, the Embed dialog and the unknown-lesson page.
//!
//! Layers import downwards only: `app` → `lessons` → `ui` widgets, `quiz`, `sim`.

mod chunks;
mod embed_dialog;
mod home;
mod lesson_page;
mod lesson_quiz;
mod panic;
mod quiz_chunk;
mod shell;
mod text_link;

pub use shell::App;

/// Installs the panic hook and mounts the app into `<body>`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(shell::App);
}
