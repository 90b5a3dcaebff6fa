//! The browser side of embedding DistLab in a course page.
//!
//! - [`install`] (called once by the app shell): when the page is framed, posts
//!   its content height to the host whenever it changes, and obeys the host's
//!   documented requests (theme, reset, height); provides [`HostReset`].
//! - [`post_quiz_answer`]: tells the host about each answer and completed quiz.
//! - [`EmbedState`], [`share_sim_state`]: what the dialog knows of the simulation.
//!
//! Message shapes and URL parsing are pure Rust in [`crate::embed`].

mod host;
mod state;

pub use host::{install, post_quiz_answer, quiz_answer_callback, HostReset};
pub use state::{share_sim_query, share_sim_state, EmbedState};
