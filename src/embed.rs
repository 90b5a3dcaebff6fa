//! URL parameters: what a link or an embedding course page asks DistLab to show.
//!
//! Parsing is pure (no browser calls) so it is tested natively. Anything
//! unknown or malformed falls back to the default and produces a [`Notice`]
//! that the page shows, so a typo in a course page never breaks the lesson.

use std::fmt;

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
                "quiz" => match same_origin_path(&value) {
                    true => params.quiz = Some(value),
                    false => note(
                        "quiz",
                        format!("“{value}” must be a file on this site, such as my-quiz.toml"),
                    ),
                },
                "origin" => match value.starts_with("http://") || value.starts_with("https://") {
                    true => params.parent_origin = Some(value.trim_end_matches('/').to_string()),
                    false => note(
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
            "?lesson=clocks&view=sim&scenario=lww&chrome=0&theme=dark&seed=7&t=1500&ops=12~3~crash.1&quiz=q%2Fmine.toml&origin=https://lms.example/",
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
        assert_eq!(params.quiz.as_deref(), Some("q/mine.toml"));
        assert_eq!(params.parent_origin.as_deref(), Some("https://lms.example"));
    }

    #[test]
    fn malformed_values_fall_back_with_notices() {
        let (params, notices) = Params::parse("lesson=<script>&seed=abc&view=everything&theme=pink&quiz=https://evil.example/q.toml&bogus=1&t=-5");
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
            ["lesson", "seed", "view", "theme", "quiz", "bogus", "t"]
        );
    }

    #[test]
    fn percent_coding_round_trips_and_tolerates_garbage() {
        assert_eq!(percent_decode(&percent_encode("a b/ü~")), "a b/ü~");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%"), "%");
    }
}
