//! The pieces of a scene setting written as a slug for share links (`&set=n4-r300`):
//! dash-separated tokens, each a letter and a number, or a word. A leaf: it imports no
//! scene.

use std::ops::RangeInclusive;

/// The number after `prefix` in `token` when it is inside `range` (`r160` with prefix
/// `r` is 160); `None` for anything else.
pub fn number(token: &str, prefix: &str, range: RangeInclusive<u64>) -> Option<u64> {
    let digits = token.strip_prefix(prefix)?;
    let leading_zero = digits.len() > 1 && digits.starts_with('0');
    if digits.is_empty() || leading_zero || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| range.contains(n))
}

/// Whether `text` can be a setting: what `&set=` accepts (see `embed::Params`).
pub fn fits(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_need_their_prefix_and_range() {
        assert_eq!(number("r160", "r", 1..=400), Some(160));
        assert_eq!(number("r0160", "r", 1..=400), None);
        assert_eq!(number("r999", "r", 1..=400), None);
        assert_eq!(number("n4", "r", 1..=400), None);
        assert_eq!(number("r", "r", 1..=400), None);
        assert_eq!(number("r1e3", "r", 1..=4000), None);
        assert!(fits("rr-vs-lc-r160") && !fits("A-b") && !fits(""));
    }
}
