//! URL parameters and the postMessage protocol with a host page.
//!
//! Everything here is pure (no browser calls) so it is tested natively:
//! - [`Params`]: what a link or an embedding course page asks DistLab to show.
//!   Anything unknown or malformed falls back to the default and produces a
//!   [`Notice`] that the page shows, so a typo in a course page never breaks the lesson.
//! - [`protocol`]: the messages DistLab posts to its host (height, quiz results)
//!   and the few it accepts from it, validated strictly.
//! - [`snippet`]: the embed link and the `<iframe>` code the Embed dialog offers.
//!
//! The browser side (postMessage, ResizeObserver, the dialog) is `crate::ui::embed`.

use std::fmt;

pub mod protocol;
pub mod snippet;

pub use protocol::{HostMessage, Outgoing, QuizAnswer, QuizPage};
pub use snippet::EmbedLink;

/// Which part of a lesson to show (`&view=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewPart {
    /// Reading column, simulation area and quiz.
    #[default]
    All,
    /// Only the simulation area.
    Sim,
    /// Only the quiz.
    Quiz,
    /// Only the reading column.
    Lesson,
}

/// A colour theme forced by the URL (`&theme=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    Light,
    Dark,
}

impl ViewPart {
    /// The `&view=` value, `"all"` for the whole lesson.
    pub fn as_str(self) -> &'static str {
        match self {
            ViewPart::All => "all",
            ViewPart::Sim => "sim",
            ViewPart::Quiz => "quiz",
            ViewPart::Lesson => "lesson",
        }
    }
}

impl ThemeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "light" => Some(ThemeChoice::Light),
            "dark" => Some(ThemeChoice::Dark),
            _ => None,
        }
    }
}

/// Everything the query string can ask for, after validation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub lesson: Option<String>,
    pub view: ViewPart,
    pub scenario: Option<String>,
    /// `false` when `chrome=0`: no header or navigation.
    pub chrome: bool,
    pub theme: Option<ThemeChoice>,
    pub seed: Option<u64>,
    /// Position on the timeline in simulated microseconds.
    pub time_us: Option<u64>,
    /// Recorded interventions, in the simulator's compact text form.
    pub ops: Option<String>,
    /// A scenario's own setting that shapes the run (`&set=p2p`, `&set=every-20s`);
    /// the scenario reads it and says so if it cannot use it.
    pub setting: Option<String>,
    /// An instructor's quiz file on the same origin.
    pub quiz: Option<String>,
    /// Pinned target origin for outgoing postMessage calls.
    pub parent_origin: Option<String>,
}

/// A parameter that could not be used, shown to the reader as a small notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub param: String,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "URL parameter “{}”: {}", self.param, self.message)
    }
}

/// Longest parameter value accepted; longer ones are ignored with a notice.
const MAX_VALUE_LEN: usize = 4096;

impl Params {
    /// Whether the run parameters (`seed`, `ops`, `set`, `t`) are meant for `scenario`:
    /// the link names it, or names no scenario at all.
    pub fn run_applies_to(&self, scenario: &str) -> bool {
        self.scenario
            .as_deref()
            .is_none_or(|wanted| wanted == scenario)
    }

    /// The link's `&set=` if it is meant for `scenario`.
    pub fn setting_for(&self, scenario: &str) -> Option<&str> {
        self.setting
            .as_deref()
            .filter(|_| self.run_applies_to(scenario))
    }

    /// Parses a query string such as `?lesson=clocks&seed=7`.
    pub fn parse(query: &str) -> (Params, Vec<Notice>) {
        let mut params = Params {
            chrome: true,
            ..Params::default()
        };
        let mut notices = Vec::new();
        let mut note = |param: &str, message: String| {
            notices.push(Notice {
                param: param.to_string(),
                message,
            })
        };
        for (key, value) in query_pairs(query) {
            if value.len() > MAX_VALUE_LEN {
                note(&key, "value is too long; ignored".into());
                continue;
            }
            match key.as_str() {
                "lesson" => match is_slug(&value) {
                    true => params.lesson = Some(value),
                    false => note("lesson", format!("“{value}” is not a lesson id")),
                },
                "view" => match value.as_str() {
                    "sim" => params.view = ViewPart::Sim,
                    "quiz" => params.view = ViewPart::Quiz,
                    "lesson" => params.view = ViewPart::Lesson,
                    "all" => params.view = ViewPart::All,
                    _ => note(
                        "view",
                        format!("“{value}” is not one of sim, quiz, lesson; showing everything"),
                    ),
                },
                "scenario" => match is_slug(&value) {
                    true => params.scenario = Some(value),
                    false => note("scenario", format!("“{value}” is not a scenario name")),
                },
                "chrome" => match value.as_str() {
                    "0" | "false" => params.chrome = false,
                    "1" | "true" => params.chrome = true,
                    _ => note("chrome", format!("“{value}” should be 0 or 1")),
                },
                "theme" => match ThemeChoice::parse(&value) {
                    Some(theme) => params.theme = Some(theme),
                    None => note("theme", format!("“{value}” should be light or dark")),
                },
                "seed" => match value.parse::<u64>() {
                    Ok(seed) => params.seed = Some(seed),
                    Err(_) => note(
                        "seed",
                        format!("“{value}” is not a whole number; using the default seed"),
                    ),
                },
                "t" => match value.parse::<u64>() {
                    Ok(time_us) => params.time_us = Some(time_us),
                    Err(_) => note(
                        "t",
                        format!("“{value}” is not a time in microseconds; starting at 0"),
                    ),
                },
                "ops" => params.ops = Some(value),
                "set" => match is_slug(&value) {
                    true => params.setting = Some(value),
                    false => note("set", format!("“{value}” is not a scenario setting")),
                },
                "quiz" => match same_origin_path(&value) {
                    true => params.quiz = Some(value),
                    false => note(
                        "quiz",
                        format!("“{value}” must be a file on this site, such as my-quiz.toml"),
                    ),
                },
                "origin" => match parse_origin(&value) {
                    Some(origin) => params.parent_origin = Some(origin),
                    None => note(
                        "origin",
                        format!("“{value}” is not an origin such as https://course.example"),
                    ),
                },
                _ => note(&key, "unknown parameter; ignored".into()),
            }
        }
        (params, notices)
    }
}

/// Reads an origin such as `https://lms.example` (a trailing `/` is allowed, a path
/// is not) into the form browsers report in `MessageEvent.origin`: lower case,
/// default port dropped.
pub fn parse_origin(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest).to_ascii_lowercase();
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-.:[]_".contains(&b);
    if authority.is_empty() || authority.len() > 255 || !authority.bytes().all(allowed) {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    if authority.is_empty() || authority.starts_with(':') || authority.ends_with(':') {
        return None;
    }
    Some(format!("{scheme}://{authority}"))
}

/// What a lesson offers, for checking `&view=` and `&scenario=` against it.
#[derive(Clone, Copy, Debug)]
pub struct LessonParts<'a> {
    /// The lesson's scenario names, in tab order.
    pub scenarios: &'a [&'a str],
    /// Whether the lesson has a quiz (its own, or an instructor's via `&quiz=`).
    pub has_quiz: bool,
}

/// The part of a lesson to show, and the scenario tab to open first, after
/// checking the parameters against what the lesson has. A part the lesson lacks
/// falls back to the whole lesson, an unknown scenario to the first one; each
/// fallback comes with a notice.
pub fn resolve_lesson(params: &Params, parts: LessonParts<'_>) -> (ViewPart, usize, Vec<Notice>) {
    let mut notices = Vec::new();
    let view = match params.view {
        ViewPart::Sim if parts.scenarios.is_empty() => {
            notices.push(Notice {
                param: "view".into(),
                message: "this lesson has no simulation; showing the whole lesson".into(),
            });
            ViewPart::All
        }
        ViewPart::Quiz if !parts.has_quiz => {
            notices.push(Notice {
                param: "view".into(),
                message: "this lesson has no quiz; showing the whole lesson".into(),
            });
            ViewPart::All
        }
        view => view,
    };
    let scenario = match params.scenario.as_deref() {
        None => 0,
        Some(wanted) => match parts.scenarios.iter().position(|name| *name == wanted) {
            Some(index) => index,
            None => {
                let message = match parts.scenarios.first() {
                    Some(first) => format!(
                        "this lesson has no simulation called “{wanted}”; showing “{first}”"
                    ),
                    None => format!("this lesson has no simulation called “{wanted}”"),
                };
                notices.push(Notice {
                    param: "scenario".into(),
                    message,
                });
                0
            }
        },
    };
    (view, scenario, notices)
}

/// Splits a query string into decoded key/value pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+`; malformed escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && hex_pair(bytes[i + 1], bytes[i + 2]).is_some() => {
                out.extend(hex_pair(bytes[i + 1], bytes[i + 2]));
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// Encodes a value for a query string (unreserved characters pass through).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A relative path on this origin: no scheme, no `//host`, no backslashes.
fn same_origin_path(text: &str) -> bool {
    !text.is_empty()
        && !text.contains("://")
        && !text.starts_with("//")
        && !text.contains('\\')
        && !text.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let (params, notices) = Params::parse("");
        assert!(params.chrome);
        assert_eq!(params.view, ViewPart::All);
        assert_eq!(params.lesson, None);
        assert!(notices.is_empty());
    }

    #[test]
    fn reads_every_known_parameter() {
        let (params, notices) = Params::parse(
            "?lesson=clocks&view=sim&scenario=lww&chrome=0&theme=dark&seed=7&t=1500&ops=12~3~crash.1&set=every-20s&quiz=q%2Fmine.toml&origin=https://lms.example/",
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(params.lesson.as_deref(), Some("clocks"));
        assert_eq!(params.view, ViewPart::Sim);
        assert_eq!(params.scenario.as_deref(), Some("lww"));
        assert!(!params.chrome);
        assert_eq!(params.theme, Some(ThemeChoice::Dark));
        assert_eq!(params.seed, Some(7));
        assert_eq!(params.time_us, Some(1500));
        assert_eq!(params.ops.as_deref(), Some("12~3~crash.1"));
        assert_eq!(params.setting.as_deref(), Some("every-20s"));
        assert_eq!(params.quiz.as_deref(), Some("q/mine.toml"));
        assert_eq!(params.parent_origin.as_deref(), Some("https://lms.example"));
    }

    #[test]
    fn malformed_values_fall_back_with_notices() {
        let (params, notices) = Params::parse("lesson=<script>&seed=abc&view=everything&theme=pink&quiz=https://evil.example/q.toml&bogus=1&t=-5&set=Every%2020s");
        assert_eq!(
            params,
            Params {
                chrome: true,
                ..Params::default()
            }
        );
        let named: Vec<&str> = notices.iter().map(|n| n.param.as_str()).collect();
        assert_eq!(
            named,
            ["lesson", "seed", "view", "theme", "quiz", "bogus", "t", "set"]
        );
    }

    #[test]
    fn percent_coding_round_trips_and_tolerates_garbage() {
        assert_eq!(percent_decode(&percent_encode("a b/ü~")), "a b/ü~");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%"), "%");
    }

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(
            parse_origin("HTTPS://LMS.Example:443/").as_deref(),
            Some("https://lms.example")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            parse_origin("http://[::1]:80").as_deref(),
            Some("http://[::1]")
        );
        for bad in [
            "",
            "lms.example",
            "ftp://lms.example",
            "https://",
            "https://lms.example/course",
            "https://user@lms.example",
            "https://lms example",
            "javascript://alert(1)%0a",
            "https://:443",
            "*",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
        let (params, notices) = Params::parse("origin=https://lms.example/path");
        assert_eq!(params.parent_origin, None);
        assert_eq!(notices[0].param, "origin");
    }

    #[test]
    fn lesson_parts_are_checked() {
        let sims = ["round-robin", "least-conn"];
        let parts = LessonParts {
            scenarios: &sims,
            has_quiz: false,
        };
        let (params, _) = Params::parse("lesson=lb&view=sim&scenario=least-conn");
        assert_eq!(resolve_lesson(&params, parts), (ViewPart::Sim, 1, vec![]));

        let (params, _) = Params::parse("lesson=lb&view=quiz&scenario=nope");
        let (view, scenario, notices) = resolve_lesson(&params, parts);
        assert_eq!((view, scenario), (ViewPart::All, 0));
        let named: Vec<&str> = notices.iter().map(|n| n.param.as_str()).collect();
        assert_eq!(named, ["view", "scenario"]);
        assert!(notices[1].message.contains("round-robin"), "{notices:?}");

        let none = LessonParts {
            scenarios: &[],
            has_quiz: true,
        };
        let (params, _) = Params::parse("lesson=intro&view=sim&scenario=x");
        let (view, scenario, notices) = resolve_lesson(&params, none);
        assert_eq!((view, scenario, notices.len()), (ViewPart::All, 0, 2));
        let (params, _) = Params::parse("lesson=intro&view=quiz");
        assert_eq!(resolve_lesson(&params, none), (ViewPart::Quiz, 0, vec![]));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn known_key() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "lesson", "view", "scenario", "chrome", "theme", "seed", "t", "ops", "set", "quiz",
            "origin", "", "x",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn any_query_string_parses_without_panicking(query in any::<String>()) {
            let (params, notices) = Params::parse(&query);
            // Every accepted lesson id is a slug, whatever the input.
            if let Some(lesson) = &params.lesson {
                prop_assert!(is_slug(lesson));
            }
            for notice in &notices {
                let _ = notice.to_string();
            }
            let parts = LessonParts { scenarios: &["a", "b"], has_quiz: false };
            let (_, scenario, _) = resolve_lesson(&params, parts);
            prop_assert!(scenario < 2);
        }

        #[test]
        fn known_keys_with_any_values_never_panic(
            pairs in prop::collection::vec((known_key(), any::<String>()), 0..8),
        ) {
            let query: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", percent_encode(v)))
                .collect();
            let (params, _) = Params::parse(&query.join("&"));
            if let Some(origin) = &params.parent_origin {
                prop_assert!(origin.starts_with("http://") || origin.starts_with("https://"));
                prop_assert!(!origin.ends_with('/'));
            }
        }

        #[test]
        fn percent_coding_round_trips(text in any::<String>()) {
            prop_assert_eq!(percent_decode(&percent_encode(&text)), text);
        }

        #[test]
        fn embed_links_round_trip_through_the_parser(
            lesson in "[a-z0-9-]{1,20}",
            view in prop::sample::select(vec![ViewPart::All, ViewPart::Sim, ViewPart::Quiz, ViewPart::Lesson]),
            scenario in prop::option::of("[a-z0-9-]{1,20}"),
            seed in prop::option::of(any::<u64>()),
            ops in prop::option::of("[ -~]{0,40}"),
            time_us in prop::option::of(any::<u64>()),
            quiz in prop::option::of("[a-z0-9_-]{1,10}(/[a-z0-9_-]{1,10})?\\.toml"),
            chrome in any::<bool>(),
        ) {
            let link = EmbedLink {
                lesson: lesson.clone(), view, scenario: scenario.clone(), seed,
                ops: ops.clone(), time_us, quiz: quiz.clone(), chrome,
                theme: Some(ThemeChoice::Dark),
            };
            let (params, notices) = Params::parse(&link.query());
            prop_assert!(notices.is_empty(), "{:?}", notices);
            prop_assert_eq!(params.lesson, Some(lesson));
            prop_assert_eq!(params.view, view);
            prop_assert_eq!(params.chrome, chrome);
            prop_assert_eq!(params.theme, Some(ThemeChoice::Dark));
            let sim = link.shows_sim();
            prop_assert_eq!(params.scenario, scenario.filter(|_| sim));
            prop_assert_eq!(params.seed, seed.filter(|_| sim));
            prop_assert_eq!(params.ops, ops.filter(|_| sim));
            prop_assert_eq!(params.time_us, time_us.filter(|_| sim));
            prop_assert_eq!(params.quiz, quiz.filter(|_| link.shows_quiz()));
        }
    }
}
