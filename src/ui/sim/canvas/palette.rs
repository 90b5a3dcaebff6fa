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

/// The style a kind asks for: common kinds have fixed styles; others one from a stable
/// hash of their name.
fn preferred_style(kind: &str) -> (&'static str, Shape) {
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

/// The styles of the message kinds one drawing has shown, in the order it first showed
/// them. A kind keeps its style for the drawing's life, and no two kinds share a colour
/// and a shape: a kind whose preferred colour is taken gets the first free style,
/// preferring a colour and a shape no other kind uses (so up to six kinds differ in
/// colour and up to four in shape too).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindStyles(Vec<(&'static str, (&'static str, Shape))>);

impl KindStyles {
    /// Gives `kind` a style if it has none yet; returns whether it was new.
    pub fn add(&mut self, kind: &'static str) -> bool {
        if self.0.iter().any(|(k, _)| *k == kind) {
            return false;
        }
        let taken = |style: (&str, Shape)| self.0.iter().any(|(_, s)| *s == style);
        let unused_colour = |c: &str| !self.0.iter().any(|(_, (other, _))| *other == c);
        let unused_shape = |s: Shape| !self.0.iter().any(|(_, (_, other))| *other == s);
        let wanted = preferred_style(kind);
        let style = if taken(wanted) || !unused_colour(wanted.0) {
            let free = KIND_COLOURS
                .iter()
                .flat_map(|&c| SHAPES.iter().map(move |&s| (c, s)))
                .filter(|&style| !taken(style));
            free.clone()
                .find(|&(c, s)| unused_colour(c) && unused_shape(s))
                .or_else(|| free.clone().find(|&(c, _)| unused_colour(c)))
                .or_else(|| free.clone().next())
                .unwrap_or(wanted)
        } else {
            wanted
        };
        self.0.push((kind, style));
        true
    }

    /// The style of `kind` (its preferred one if the drawing has not shown it).
    pub fn of(&self, kind: &str) -> (&'static str, Shape) {
        self.0
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or_else(|| preferred_style(kind), |(_, style)| *style)
    }

    /// Every kind shown so far with its style, in the order first shown.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, (&'static str, Shape))> + '_ {
        self.0.iter().copied()
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
        let mut styles = KindStyles::default();
        assert!(styles.add("request"));
        assert!(!styles.add("request"));
        assert_eq!(styles.of("request"), ("--c-blue", Shape::Circle));
        assert_eq!(preferred_style("rumour"), preferred_style("rumour"));
        assert!(KIND_COLOURS.contains(&preferred_style("something-new").0));
    }

    #[test]
    fn kinds_of_one_drawing_never_share_a_style() {
        // Every kind the course's scenes send, in one drawing: more than there are
        // colours, so some share a colour, but never a colour and a shape.
        let kinds = [
            "ack",
            "alive",
            "beacon",
            "chunk",
            "data",
            "echo",
            "expect",
            "get",
            "heartbeat",
            "hits",
            "message",
            "ping",
            "pong",
            "query",
            "replicate",
            "reply",
            "request",
            "response",
            "result",
            "results",
            "rows",
            "rumour",
            "search",
            "stamp",
        ];
        let mut styles = KindStyles::default();
        for kind in kinds {
            styles.add(kind);
        }
        let all: Vec<_> = styles.iter().map(|(_, style)| style).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{a:?} used twice");
        }
        // A few kinds get distinct colours and distinct shapes.
        let mut few = KindStyles::default();
        for kind in ["write", "ack", "replicate"] {
            few.add(kind);
        }
        let styles: Vec<_> = few.iter().map(|(_, s)| s).collect();
        assert_ne!(styles[0].0, styles[1].0);
        assert_ne!(styles[1].0, styles[2].0);
        assert_ne!(styles[0].0, styles[2].0);
    }
}
