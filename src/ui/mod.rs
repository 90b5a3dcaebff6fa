//! Leptos widgets every lesson and the app shell use: the cluster view, charts, the
//! space-time diagram, quiz widgets, navigation links, theme, storage and the host page
//! glue. No widget knows any lesson.

pub mod browser;
pub mod chart;
pub mod embed;
pub mod fetch;
pub mod gate;
pub mod markup;
pub mod nav;
pub mod prose;
pub mod quiz;
pub mod sim;
pub mod spacetime;
pub mod storage;
pub mod theme;
pub mod wall;
