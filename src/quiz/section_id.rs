//! Element ids for the headings of lesson text, so that a question can link to the
//! section it tests. `build.rs` includes this file to write the ids into the text's HTML
//! and the quiz widget links to them, so both always agree. No dependencies.

/// `"When timestamps pick the wrong write"` → `"section-when-timestamps-pick-the-wrong-write"`:
/// lowercase ASCII letters and digits, every other run of characters one `-`.
pub fn heading_id(heading: &str) -> String {
    let mut id = String::from("section");
    let mut pending_dash = true;
    for c in heading.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash {
                id.push('-');
                pending_dash = false;
            }
            id.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::heading_id;

    #[test]
    fn ids_are_plain_and_stable() {
        assert_eq!(
            heading_id("When timestamps pick the wrong write"),
            "section-when-timestamps-pick-the-wrong-write"
        );
        assert_eq!(heading_id("No single “now”"), "section-no-single-now");
        assert_eq!(
            heading_id("Timeouts, retries and idempotency"),
            "section-timeouts-retries-and-idempotency"
        );
    }
}
