//! Saved progress in localStorage.
