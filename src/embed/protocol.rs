//! The postMessage protocol between an embedded DistLab page and its host.
//!
//! Outgoing (DistLab → host), all with `version: 1`:
//! - `distlab:resize` with the content height, plus the same height in the forms
//!   H5P's iframe resizer and Canvas-style LTI hosts understand;
//! - `distlab:quiz-answer` and `distlab:quiz-complete` with the result and an
//!   xAPI-shaped `statement`.
//!
//! Incoming (host → DistLab): only `distlab:set-theme`, `distlab:reset` and
//! `distlab:request-height`, in exactly the documented shape. Anything else —
//! another type, a wrong field type, an extra field, a text over
//! [`MAX_MESSAGE_CHARS`] — is ignored. Parsing never panics.

use serde_json::{json, Map, Value};

use super::{percent_encode, ThemeChoice, ViewPart};

/// The protocol version DistLab speaks and accepts.
pub const PROTOCOL_VERSION: u64 = 1;

/// Longest JSON text accepted from a host; longer messages are ignored unread.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Tallest height reported, in CSS pixels (a runaway layout must not ask a host
/// for a kilometre-high frame).
pub const MAX_HEIGHT: u32 = 100_000;

/// A request from the host page, after validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// `{type: "distlab:set-theme", theme: "light" | "dark"}`: show this theme
    /// (not remembered as the reader's own choice).
    SetTheme(ThemeChoice),
    /// `{type: "distlab:reset"}`: put the simulation(s) back to the state the
    /// page's address describes.
    Reset,
    /// `{type: "distlab:request-height"}`: post the current height now.
    RequestHeight,
}

impl HostMessage {
    /// Parses a message given as JSON text (a host may post a string, or
    /// DistLab may have turned a posted object into text).
    pub fn parse_json(text: &str) -> Option<HostMessage> {
        if text.len() > MAX_MESSAGE_CHARS {
            return None;
        }
        let value: Value = serde_json::from_str(text).ok()?;
        HostMessage::from_value(&value)
    }

    /// Validates a parsed message: an object with a known `type`, an optional
    /// `version` equal to 1, and no field that its type does not document.
    pub fn from_value(value: &Value) -> Option<HostMessage> {
        let object = value.as_object()?;
        match object.get("version") {
            None => {}
            Some(version) if version.as_u64() == Some(PROTOCOL_VERSION) => {}
            Some(_) => return None,
        }
        let only = |allowed: &[&str]| object.keys().all(|key| allowed.contains(&key.as_str()));
        match object.get("type")?.as_str()? {
            "distlab:set-theme" if only(&["type", "version", "theme"]) => {
                ThemeChoice::parse(object.get("theme")?.as_str()?).map(HostMessage::SetTheme)
            }
            "distlab:reset" if only(&["type", "version"]) => Some(HostMessage::Reset),
            "distlab:request-height" if only(&["type", "version"]) => {
                Some(HostMessage::RequestHeight)
            }
            _ => None,
        }
    }
}

/// One message to post: an object (structured-cloned by the browser) or a text.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    Object(Value),
    Text(String),
}

/// Clamps a measured height (CSS pixels, possibly fractional or garbage) to a
/// whole number in `0..=MAX_HEIGHT`, rounding up so nothing is cut off.
pub fn clamp_height(measured: f64) -> u32 {
    if measured.is_nan() || measured <= 0.0 {
        return 0;
    }
    if measured >= f64::from(MAX_HEIGHT) {
        return MAX_HEIGHT;
    }
    // In range, so the conversion is exact after ceil.
    measured.ceil() as u32
}

/// The height messages, in DistLab's own form and in the forms two common hosts read:
/// 1. `{type: "distlab:resize", version: 1, height, lesson, view}`;
/// 2. H5P's resizer (`h5p-resizer.js`): `{context: "h5p", action: "resize", scrollHeight}`;
/// 3. Canvas-style LTI hosts: the JSON text `{"subject":"lti.frameResize","height":…}`
///    (older Canvas and Moodle's LTI message handler parse a string; newer Canvas
///    accepts a string or an object).
pub fn resize_messages(height: u32, lesson: Option<&str>, view: ViewPart) -> Vec<Outgoing> {
    let height = height.min(MAX_HEIGHT);
    vec![
        Outgoing::Object(json!({
            "type": "distlab:resize",
            "version": PROTOCOL_VERSION,
            "height": height,
            "lesson": lesson,
            "view": view.as_str(),
        })),
        Outgoing::Object(json!({
            "context": "h5p",
            "action": "resize",
            "scrollHeight": height,
        })),
        Outgoing::Text(json!({ "subject": "lti.frameResize", "height": height }).to_string()),
    ]
}

/// One answered question, as the quiz panel reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizAnswer {
    pub lesson: String,
    /// The question's id in its quiz file.
    pub question: String,
    pub correct: bool,
    /// Questions answered right so far in this quiz.
    pub score: usize,
    /// Questions in the quiz.
    pub max: usize,
    /// Whether every question now has an answer.
    pub completed: bool,
}

/// Where the quiz lives, for the activity ids of xAPI statements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuizPage {
    /// The app's address without query or fragment, e.g. `https://host/course/lab/`.
    pub base_url: String,
    /// The instructor's quiz file (`&quiz=`), if one replaces the lesson's own.
    pub quiz_file: Option<String>,
    /// The time of the result as an ISO 8601 text, if known.
    pub timestamp: Option<String>,
}

/// An ADL verb.
struct Verb {
    iri: &'static str,
    display: &'static str,
}

const ANSWERED: Verb = Verb {
    iri: "http://adlnet.gov/expapi/verbs/answered",
    display: "answered",
};
const COMPLETED: Verb = Verb {
    iri: "http://adlnet.gov/expapi/verbs/completed",
    display: "completed",
};
const ACTIVITY_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const ACTIVITY_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";

impl QuizPage {
    /// The activity id of a lesson's quiz: the address that opens it.
    pub fn quiz_id(&self, lesson: &str) -> String {
        let mut id = format!(
            "{}?lesson={}&view=quiz",
            self.base_url,
            percent_encode(lesson)
        );
        if let Some(file) = &self.quiz_file {
            id.push_str("&quiz=");
            id.push_str(&percent_encode(file));
        }
        id
    }

    /// The activity id of one question: the quiz's id with the question as fragment.
    pub fn question_id(&self, lesson: &str, question: &str) -> String {
        format!(
            "{}#question={}",
            self.quiz_id(lesson),
            percent_encode(question)
        )
    }
}

/// A score in xAPI's form; `raw` is kept within `0..=max`.
fn xapi_score(score: usize, max: usize) -> Value {
    let raw = score.min(max);
    let scaled = if max == 0 {
        0.0
    } else {
        raw as f64 / max as f64
    };
    json!({ "raw": raw, "min": 0, "max": max, "scaled": scaled })
}

/// An xAPI statement without `actor`: the host knows who the learner is, DistLab does not.
fn statement(
    verb: Verb,
    object: Value,
    result: Value,
    parent: Option<Value>,
    page: &QuizPage,
) -> Value {
    let mut statement = Map::new();
    statement.insert(
        "verb".into(),
        json!({ "id": verb.iri, "display": { "en-US": verb.display } }),
    );
    statement.insert("object".into(), object);
    statement.insert("result".into(), result);
    if let Some(parent) = parent {
        statement.insert(
            "context".into(),
            json!({ "contextActivities": { "parent": [parent] } }),
        );
    }
    if let Some(timestamp) = &page.timestamp {
        statement.insert("timestamp".into(), Value::String(timestamp.clone()));
    }
    Value::Object(statement)
}

fn quiz_activity(lesson: &str, page: &QuizPage) -> Value {
    json!({
        "objectType": "Activity",
        "id": page.quiz_id(lesson),
        "definition": {
            "type": ACTIVITY_ASSESSMENT,
            "name": { "en-US": format!("DistLab quiz: {lesson}") },
        },
    })
}

/// `{type: "distlab:quiz-answer", version: 1, lesson, question, correct, score, max,
/// completed, statement}`.
pub fn quiz_answer_message(answer: &QuizAnswer, page: &QuizPage) -> Value {
    let object = json!({
        "objectType": "Activity",
        "id": page.question_id(&answer.lesson, &answer.question),
        "definition": {
            "type": ACTIVITY_INTERACTION,
            "name": { "en-US": format!("{} / {}", answer.lesson, answer.question) },
        },
    });
    let result = json!({
        "success": answer.correct,
        "score": xapi_score(usize::from(answer.correct), 1),
    });
    let parent = quiz_activity(&answer.lesson, page);
    json!({
        "type": "distlab:quiz-answer",
        "version": PROTOCOL_VERSION,
        "lesson": answer.lesson,
        "question": answer.question,
        "correct": answer.correct,
        "score": answer.score,
        "max": answer.max,
        "completed": answer.completed,
        "statement": statement(ANSWERED, object, result, Some(parent), page),
    })
}

/// `{type: "distlab:quiz-complete", version: 1, lesson, score, max, statement}`.
pub fn quiz_complete_message(lesson: &str, score: usize, max: usize, page: &QuizPage) -> Value {
    let result = json!({ "completion": true, "score": xapi_score(score, max) });
    json!({
        "type": "distlab:quiz-complete",
        "version": PROTOCOL_VERSION,
        "lesson": lesson,
        "score": score,
        "max": max,
        "statement": statement(
            COMPLETED,
            quiz_activity(lesson, page),
            result,
            None,
            page,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_host_messages_are_accepted() {
        let cases = [
            (
                r#"{"type":"distlab:set-theme","theme":"dark"}"#,
                HostMessage::SetTheme(ThemeChoice::Dark),
            ),
            (
                r#"{"type":"distlab:set-theme","version":1,"theme":"light"}"#,
                HostMessage::SetTheme(ThemeChoice::Light),
            ),
            (r#"{"type":"distlab:reset"}"#, HostMessage::Reset),
            (
                r#"{"version":1,"type":"distlab:request-height"}"#,
                HostMessage::RequestHeight,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(HostMessage::parse_json(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn everything_else_is_ignored() {
        let long = format!(
            r#"{{"type":"distlab:reset","pad":"{}"}}"#,
            "x".repeat(MAX_MESSAGE_CHARS)
        );
        let garbage = [
            "",
            "null",
            "42",
            "\"distlab:reset\"",
            "[{\"type\":\"distlab:reset\"}]",
            "{}",
            r#"{"type":"distlab:set-theme"}"#,
            r#"{"type":"distlab:set-theme","theme":"pink"}"#,
            r#"{"type":"distlab:set-theme","theme":1}"#,
            r#"{"type":"distlab:set-theme","theme":["dark"]}"#,
            r#"{"type":"distlab:set-theme","theme":"dark","extra":true}"#,
            r#"{"type":"distlab:reset","version":2}"#,
            r#"{"type":"distlab:reset","version":"1"}"#,
            r#"{"type":"distlab:reset","force":true}"#,
            r#"{"type":"DISTLAB:RESET"}"#,
            r#"{"type":"distlab:resize","height":10}"#,
            r#"{"type":["distlab:reset"]}"#,
            r#"{"type":null}"#,
            r#"{"context":"h5p","action":"resize"}"#,
            r#"{"subject":"lti.frameResize","height":10}"#,
            r#"{"type":"distlab:reset""#,
            &long,
        ];
        for text in garbage {
            assert_eq!(HostMessage::parse_json(text), None, "{text}");
        }
        // Deep nesting is refused by serde_json's recursion limit, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(2000), "]".repeat(2000));
        assert_eq!(HostMessage::parse_json(&deep), None);
    }

    #[test]
    fn heights_are_clamped() {
        assert_eq!(clamp_height(f64::NAN), 0);
        assert_eq!(clamp_height(-3.0), 0);
        assert_eq!(clamp_height(412.2), 413);
        assert_eq!(clamp_height(412.0), 412);
        assert_eq!(clamp_height(f64::INFINITY), MAX_HEIGHT);
        assert_eq!(clamp_height(1e12), MAX_HEIGHT);
    }

    #[test]
    fn resize_messages_speak_three_dialects() {
        let messages = resize_messages(640, Some("clocks"), ViewPart::Sim);
        assert_eq!(
            messages[0],
            Outgoing::Object(json!({
                "type": "distlab:resize", "version": 1, "height": 640,
                "lesson": "clocks", "view": "sim",
            }))
        );
        assert_eq!(
            messages[1],
            Outgoing::Object(json!({ "context": "h5p", "action": "resize", "scrollHeight": 640 }))
        );
        let Outgoing::Text(canvas) = &messages[2] else {
            panic!("the LTI form is text");
        };
        let canvas: Value = serde_json::from_str(canvas).unwrap();
        assert_eq!(
            canvas,
            json!({ "subject": "lti.frameResize", "height": 640 })
        );
        let home = resize_messages(MAX_HEIGHT + 5, None, ViewPart::All);
        let Outgoing::Object(first) = &home[0] else {
            panic!("object")
        };
        assert_eq!(first["lesson"], Value::Null);
        assert_eq!(first["height"], json!(MAX_HEIGHT));
    }

    fn page() -> QuizPage {
        QuizPage {
            base_url: "https://host/course/lab/".into(),
            quiz_file: None,
            timestamp: Some("2024-05-01T10:00:00.000Z".into()),
        }
    }

    #[test]
    fn quiz_answers_carry_result_and_statement() {
        let answer = QuizAnswer {
            lesson: "clocks".into(),
            question: "skew order".into(),
            correct: true,
            score: 3,
            max: 6,
            completed: false,
        };
        let message = quiz_answer_message(&answer, &page());
        assert_eq!(message["type"], "distlab:quiz-answer");
        assert_eq!(message["version"], 1);
        assert_eq!(message["lesson"], "clocks");
        assert_eq!(message["question"], "skew order");
        assert_eq!(message["correct"], true);
        assert_eq!(message["score"], 3);
        assert_eq!(message["max"], 6);
        assert_eq!(message["completed"], false);
        let statement = &message["statement"];
        assert!(statement.get("actor").is_none());
        assert_eq!(
            statement["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/answered"
        );
        assert_eq!(
            statement["object"]["id"],
            "https://host/course/lab/?lesson=clocks&view=quiz#question=skew%20order"
        );
        assert_eq!(statement["result"]["success"], true);
        assert_eq!(
            statement["result"]["score"],
            json!({ "raw": 1, "min": 0, "max": 1, "scaled": 1.0 })
        );
        assert_eq!(
            statement["context"]["contextActivities"]["parent"][0]["id"],
            "https://host/course/lab/?lesson=clocks&view=quiz"
        );
        assert_eq!(statement["timestamp"], "2024-05-01T10:00:00.000Z");
    }

    #[test]
    fn quiz_completion_scales_the_score() {
        let mut page = page();
        page.quiz_file = Some("my quiz.toml".into());
        page.timestamp = None;
        let message = quiz_complete_message("clocks", 3, 4, &page);
        assert_eq!(message["type"], "distlab:quiz-complete");
        assert_eq!(
            (message["score"].clone(), message["max"].clone()),
            (json!(3), json!(4))
        );
        let statement = &message["statement"];
        assert_eq!(
            statement["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/completed"
        );
        assert_eq!(
            statement["object"]["id"],
            "https://host/course/lab/?lesson=clocks&view=quiz&quiz=my%20quiz.toml"
        );
        assert_eq!(statement["result"]["completion"], true);
        assert_eq!(statement["result"]["score"]["scaled"], 0.75);
        assert!(statement.get("timestamp").is_none());
        // A score over the maximum or an empty quiz still gives a valid xAPI score.
        let odd = quiz_complete_message("clocks", 9, 4, &page);
        assert_eq!(odd["statement"]["result"]["score"]["raw"], 4);
        let empty = quiz_complete_message("clocks", 0, 0, &page);
        assert_eq!(empty["statement"]["result"]["score"]["scaled"], 0.0);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value, biased towards objects with DistLab-like keys.
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(vec![
                "distlab:reset",
                "distlab:set-theme",
                "distlab:request-height",
                "dark",
                "light",
            ])
            .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec!["type", "theme", "version", "height", "x"])
                        .prop_map(str::to_string),
                    inner,
                    0..4,
                )
                .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_text_as_a_host_message_never_panics(text in any::<String>()) {
            let _ = HostMessage::parse_json(&text);
        }

        #[test]
        fn any_json_value_is_accepted_only_in_a_documented_shape(value in json_value()) {
            let text = value.to_string();
            let parsed = HostMessage::parse_json(&text);
            if let Some(message) = parsed {
                let object = value.as_object().expect("only objects are accepted");
                let expected_type = match message {
                    HostMessage::SetTheme(theme) => {
                        prop_assert_eq!(object["theme"].as_str(), Some(theme.as_str()));
                        "distlab:set-theme"
                    }
                    HostMessage::Reset => "distlab:reset",
                    HostMessage::RequestHeight => "distlab:request-height",
                };
                prop_assert_eq!(object["type"].as_str(), Some(expected_type));
                prop_assert!(object.keys().all(|k| ["type", "theme", "version"].contains(&k.as_str())));
            }
        }

        #[test]
        fn any_measured_height_is_clamped(measured in any::<f64>()) {
            prop_assert!(clamp_height(measured) <= MAX_HEIGHT);
        }
    }
}
