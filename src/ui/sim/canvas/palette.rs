//! Colours and shapes: each message kind gets an Okabe–Ito colour and a shape (so kinds
//! differ by more than colour); colours are read from the page's CSS variables, so the
//! drawing follows the light or dark theme.

/// A marker shape for a message kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// The Okabe–Ito colours as CSS variables, in the order kinds without a fixed colour use them.
const KIND_COLOURS: [&str; 6] = [
    "--c-blue",
    "--c-orange",
    "--c-green",
    "--c-purple",
    "--c-sky",
    "--c-vermillion",
];
const SHAPES: [Shape; 4] = [
    Shape::Circle,
    Shape::Square,
    Shape::Diamond,
    Shape::Triangle,
];

/// Colour variable and shape of a message kind. Common kinds have fixed styles; others
/// get one from a stable hash of their name.
pub fn kind_style(kind: &str) -> (&'static str, Shape) {
    match kind {
        "request" => ("--c-blue", Shape::Circle),
        "response" | "reply" => ("--c-orange", Shape::Diamond),
        "query" => ("--c-sky", Shape::Circle),
        "update" => ("--c-purple", Shape::Square),
        "ack" => ("--c-green", Shape::Triangle),
        "result" => ("--c-vermillion", Shape::Square),
        other => {
            let hash = other.bytes().fold(2_166_136_261u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(16_777_619)
            });
            (
                KIND_COLOURS[hash as usize % KIND_COLOURS.len()],
                SHAPES[(hash >> 8) as usize % SHAPES.len()],
            )
        }
    }
}

/// Every colour the drawing uses, as CSS colour strings.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Palette {
    pub fg: String,
    pub muted: String,
    pub surface: String,
    pub surface_2: String,
    pub border: String,
    pub accent: String,
    pub focus: String,
    pub bad: String,
    kinds: Vec<(&'static str, String)>,
}

impl Palette {
    /// Reads the variables as computed for `element` (falls back to light-theme values).
    pub fn read(element: &web_sys::Element) -> Palette {
        let style = web_sys::window().and_then(|w| w.get_computed_style(element).ok().flatten());
        let get = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        let kinds = KIND_COLOURS
            .iter()
            .map(|&name| (name, get(name, "#0072b2")))
            .collect();
        Palette {
            fg: get("--fg", "#1d232b"),
            muted: get("--muted", "#56606b"),
            surface: get("--surface", "#ffffff"),
            surface_2: get("--surface-2", "#f1f3f5"),
            border: get("--border", "#d5dae0"),
            accent: get("--accent", "#0b5cad"),
            focus: get("--focus", "#c2410c"),
            bad: get("--bad", "#b3261e"),
            kinds,
        }
    }

    /// The colour of a CSS variable from [`kind_style`].
    pub fn colour(&self, variable: &str) -> &str {
        self.kinds
            .iter()
            .find(|(name, _)| *name == variable)
            .map_or(self.accent.as_str(), |(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_keep_their_style() {
        assert_eq!(kind_style("request"), ("--c-blue", Shape::Circle));
        assert_eq!(kind_style("rumour"), kind_style("rumour"));
        assert!(KIND_COLOURS.contains(&kind_style("something-new").0));
    }
}
