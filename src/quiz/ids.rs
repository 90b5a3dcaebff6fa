//! Which ids a quiz accepts for questions and lessons.

/// Longest id (of a question or a lesson) accepted, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// True for ids made of ASCII letters, digits, `-`, `_` and `.`, at most
/// [`MAX_ID_CHARS`] long: safe as storage keys, URL values and element ids.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
