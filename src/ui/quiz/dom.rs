//! Element ids and focus for quiz widgets.

/// Turns any text into a fragment safe inside an element id.
pub(super) fn dom_fragment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Moves keyboard focus to the element with `id` once the page has been updated.
pub(super) fn focus_soon(id: String) {
    leptos::prelude::request_animation_frame(move || crate::ui::browser::focus_by_id(&id));
}
