//! Escaping text for the HTML and SVG markup DistLab builds as strings.

/// `text` made safe to put in markup, between tags or in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<img src=x onerror='a&b'>"#),
            "&lt;img src=x onerror=&#39;a&amp;b&#39;&gt;"
        );
        assert_eq!(escape("“A” → B"), "“A” → B");
    }
}
