//! Leptos components: the app shell, lesson pages, the cluster view and quiz widgets.

pub mod app;
pub mod browser;
pub mod chart;
pub mod embed;
pub mod home;
pub mod lesson_page;
pub mod lesson_quiz;
pub mod nav;
pub mod panic;
pub mod quiz;
pub mod sim;
pub mod spacetime;
pub mod storage;
pub mod theme;

/// Installs the panic hook and mounts the app into `<body>`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
