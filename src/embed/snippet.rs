//! The embed link and the HTML a course page pastes to embed DistLab.
//!
//! [`EmbedLink::query`] writes the same parameters [`Params::parse`] reads, so a
//! snippet opened in a browser shows what the Embed dialog showed.

use super::{percent_encode, Params, ThemeChoice, ViewPart};

/// What an embedded frame should show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedLink {
    pub lesson: String,
    pub view: ViewPart,
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    pub ops: Option<String>,
    pub time_us: Option<u64>,
    /// An instructor's quiz file (`&quiz=`), kept when the link shows the quiz.
    pub quiz: Option<String>,
    /// `false` writes `chrome=0` (no header or navigation), the usual choice for a frame.
    pub chrome: bool,
    pub theme: Option<ThemeChoice>,
}

impl EmbedLink {
    /// A frame showing `view` of `lesson` without DistLab's header.
    pub fn new(lesson: &str, view: ViewPart) -> EmbedLink {
        EmbedLink {
            lesson: lesson.to_string(),
            view,
            scenario: None,
            seed: None,
            ops: None,
            time_us: None,
            quiz: None,
            chrome: false,
            theme: None,
        }
    }

    /// Whether this link shows a simulation (and so carries its state).
    pub fn shows_sim(&self) -> bool {
        matches!(self.view, ViewPart::All | ViewPart::Sim)
    }

    /// Whether this link shows the quiz (and so carries `&quiz=`).
    pub fn shows_quiz(&self) -> bool {
        matches!(self.view, ViewPart::All | ViewPart::Quiz)
    }

    /// Takes the scenario, seed, recorded interventions and time from a
    /// simulation's share query (the form Copy link produces), when this link
    /// shows a simulation and the query is about the same lesson.
    pub fn with_sim_state(mut self, share_query: &str) -> EmbedLink {
        if !self.shows_sim() {
            return self;
        }
        let (state, _) = Params::parse(share_query);
        if state.lesson.as_deref().is_some_and(|l| l != self.lesson) {
            return self;
        }
        self.scenario = state.scenario.or(self.scenario);
        self.seed = state.seed;
        self.ops = state.ops;
        self.time_us = state.time_us;
        self
    }

    /// The query string, e.g. `?lesson=clocks&view=sim&scenario=lww&seed=7&chrome=0`.
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("lesson", self.lesson.clone())];
        if self.view != ViewPart::All {
            pairs.push(("view", self.view.as_str().to_string()));
        }
        if self.shows_sim() {
            if let Some(scenario) = &self.scenario {
                pairs.push(("scenario", scenario.clone()));
            }
            if let Some(seed) = self.seed {
                pairs.push(("seed", seed.to_string()));
            }
            if let Some(ops) = &self.ops {
                pairs.push(("ops", ops.clone()));
            }
            if let Some(t) = self.time_us {
                pairs.push(("t", t.to_string()));
            }
        }
        if let (true, Some(quiz)) = (self.shows_quiz(), &self.quiz) {
            pairs.push(("quiz", quiz.clone()));
        }
        if let Some(theme) = self.theme {
            pairs.push(("theme", theme.as_str().to_string()));
        }
        if !self.chrome {
            pairs.push(("chrome", "0".to_string()));
        }
        let body: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(&value)))
            .collect();
        format!("?{}", body.join("&"))
    }

    /// The absolute address of the frame, given the app's address without query.
    pub fn url(&self, app_base: &str) -> String {
        format!("{app_base}{}", self.query())
    }
}

/// The share-style query (`?scenario=..&seed=..&ops=..&t=..`) of a scenario as
/// `params` start it: what Copy link would give before anything is changed.
pub fn start_query(scenario: &str, params: &Params) -> String {
    let mut query = format!("?scenario={}", percent_encode(scenario));
    if let Some(seed) = params.seed {
        query.push_str(&format!("&seed={seed}"));
    }
    if let Some(ops) = &params.ops {
        query.push_str(&format!("&ops={}", percent_encode(ops)));
    }
    if let Some(t) = params.time_us {
        query.push_str(&format!("&t={t}"));
    }
    query
}

/// The app's address without query or fragment, from `location.origin` and
/// `location.pathname` (e.g. `https://host/course/lab/`).
pub fn app_base(origin: &str, pathname: &str) -> String {
    let origin = if origin == "null" { "" } else { origin };
    format!("{origin}{pathname}")
}

/// The address of a file shipped next to the app (`embed.js`), from the app's address.
pub fn asset_url(app_base: &str, file: &str) -> String {
    let path_start = app_base.find("://").map_or(0, |i| i + 3);
    match app_base[path_start..].rfind('/') {
        Some(slash) => format!("{}{file}", &app_base[..=path_start + slash]),
        // `https://host` with no path at all.
        None if path_start > 0 => format!("{app_base}/{file}"),
        // A bare relative name: the file sits next to it.
        None => file.to_string(),
    }
}

/// A starting height for the frame before `embed.js` sizes it.
pub fn suggested_height(view: ViewPart) -> u32 {
    match view {
        ViewPart::All => 900,
        ViewPart::Sim => 640,
        ViewPart::Quiz => 560,
        ViewPart::Lesson => 700,
    }
}

/// The `<iframe>` element for `src`, with every attribute escaped.
pub fn iframe_snippet(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" data-distlab width=\"100%\" height=\"{height}\" \
         style=\"border:0;width:100%;max-width:100%\" loading=\"lazy\" \
         allow=\"clipboard-write\"></iframe>",
        html_escape(src),
        html_escape(title),
    )
}

/// The `<script>` line that loads the host-side helper.
pub fn script_snippet(script_src: &str) -> String {
    format!(
        "<script src=\"{}\" defer></script>",
        html_escape(script_src)
    )
}

/// Escapes text for an HTML attribute or element body.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sim_link_carries_its_state_and_hides_the_chrome() {
        let link = EmbedLink::new("clocks", ViewPart::Sim)
            .with_sim_state("?lesson=clocks&scenario=lww&seed=7&ops=12~3~crash.1&t=1500");
        assert_eq!(
            link.query(),
            "?lesson=clocks&view=sim&scenario=lww&seed=7&ops=12~3~crash.1&t=1500&chrome=0"
        );
        let mut quiz = EmbedLink::new("clocks", ViewPart::Quiz).with_sim_state("?seed=7");
        quiz.quiz = Some("week 3.toml".into());
        assert_eq!(
            quiz.query(),
            "?lesson=clocks&view=quiz&quiz=week%203.toml&chrome=0"
        );
        quiz.view = ViewPart::Sim;
        assert_eq!(quiz.query(), "?lesson=clocks&view=sim&chrome=0");
        let other = EmbedLink::new("clocks", ViewPart::All).with_sim_state("?lesson=cap&seed=7");
        assert_eq!(other.seed, None, "state of another lesson is not taken");
        let mut whole = EmbedLink::new("intro", ViewPart::All);
        whole.chrome = true;
        whole.theme = Some(ThemeChoice::Light);
        assert_eq!(whole.query(), "?lesson=intro&theme=light");
        assert_eq!(
            whole.url("https://host/course/lab/"),
            "https://host/course/lab/?lesson=intro&theme=light"
        );
    }

    #[test]
    fn a_tab_starts_from_the_address() {
        let (params, _) = Params::parse("lesson=clocks&seed=7&ops=a%20b&t=10&chrome=0");
        let query = start_query("lww", &params);
        assert_eq!(query, "?scenario=lww&seed=7&ops=a%20b&t=10");
        let link = EmbedLink::new("clocks", ViewPart::Sim).with_sim_state(&query);
        assert_eq!(
            link.query(),
            "?lesson=clocks&view=sim&scenario=lww&seed=7&ops=a%20b&t=10&chrome=0"
        );
        assert_eq!(start_query("x", &Params::default()), "?scenario=x");
    }

    #[test]
    fn the_helper_script_sits_next_to_the_app() {
        assert_eq!(
            app_base("https://host", "/course/lab/"),
            "https://host/course/lab/"
        );
        assert_eq!(app_base("null", "/x/index.html"), "/x/index.html");
        let cases = [
            (
                "https://host/course/lab/",
                "https://host/course/lab/embed.js",
            ),
            (
                "https://host/course/lab/index.html",
                "https://host/course/lab/embed.js",
            ),
            ("https://host/", "https://host/embed.js"),
            ("https://host", "https://host/embed.js"),
            ("/lab/", "/lab/embed.js"),
            ("index.html", "embed.js"),
            ("", "embed.js"),
        ];
        for (base, expected) in cases {
            assert_eq!(asset_url(base, "embed.js"), expected, "{base}");
        }
    }

    #[test]
    fn snippets_are_escaped() {
        let iframe = iframe_snippet("https://h/?lesson=a&chrome=0", "DistLab: \"A\" <b>", 640);
        assert!(iframe.starts_with("<iframe src=\"https://h/?lesson=a&amp;chrome=0\""));
        assert!(iframe.contains("title=\"DistLab: &quot;A&quot; &lt;b&gt;\""));
        assert!(iframe.contains(" data-distlab "));
        assert!(iframe.contains("height=\"640\""));
        assert_eq!(
            script_snippet("https://h/embed.js"),
            "<script src=\"https://h/embed.js\" defer></script>"
        );
        assert_eq!(html_escape("a'b"), "a&#39;b");
    }
}
