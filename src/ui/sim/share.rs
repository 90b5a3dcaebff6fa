//! Share links: the query that reproduces a run (seed, recorded interventions, instant),
//! merged with the page's own display parameters, and copying it to the clipboard.

use wasm_bindgen::JsCast;

use crate::embed::{percent_encode, query_pairs};
use crate::sim::{Recorded, SimTime};

/// Display parameters of the current address that a share link keeps (an embedded
/// simulation stays embedded); everything else comes from the run itself.
const KEPT_PARAMS: [&str; 4] = ["view", "chrome", "origin", "quiz"];

/// What identifies one run.
pub struct RunRef<'a> {
    pub lesson: &'a str,
    pub scenario: &'a str,
    pub seed: u64,
    pub recorded: &'a [Recorded],
    /// The scenario's own setting (`&set=`), if it has one.
    pub setting: Option<&'a str>,
    pub time_us: SimTime,
}

/// `?lesson=..&scenario=..&seed=..&ops=..&set=..&t=..` (no `ops` when nothing was
/// recorded, no `set` when the scenario has no setting).
pub fn run_query(run: &RunRef<'_>) -> String {
    let mut query = format!(
        "?lesson={}&scenario={}&seed={}",
        percent_encode(run.lesson),
        percent_encode(run.scenario),
        run.seed
    );
    if !run.recorded.is_empty() {
        query.push_str("&ops=");
        query.push_str(&percent_encode(&Recorded::encode_list(run.recorded)));
    }
    if let Some(setting) = run.setting {
        query.push_str("&set=");
        query.push_str(&percent_encode(setting));
    }
    query.push_str(&format!("&t={}", run.time_us));
    query
}

/// `run_query` followed by the display parameters of `current_search` worth keeping.
pub fn merged_query(current_search: &str, run_query: &str) -> String {
    let mut query = run_query.to_string();
    for (key, value) in query_pairs(current_search) {
        if KEPT_PARAMS.contains(&key.as_str()) {
            query.push_str(&format!(
                "&{}={}",
                percent_encode(&key),
                percent_encode(&value)
            ));
        }
    }
    query
}

/// The absolute address of `query` on this page (`origin + pathname + query`).
pub fn absolute_link(query: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}{}",
        location.origin().ok()?,
        location.pathname().ok()?,
        query
    ))
}

/// Writes `text` to the clipboard. `Err` when the browser has no clipboard here
/// (an insecure page, an iframe without permission) or refuses.
pub async fn copy_to_clipboard(text: &str) -> Result<(), ()> {
    let navigator = web_sys::window().ok_or(())?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::Params;
    use crate::sim::Intervention;

    #[test]
    fn a_run_query_round_trips_through_the_url_parser() {
        let recorded = [
            Recorded {
                at: 12_000,
                events: 7,
                intervention: Intervention::Crash(1),
            },
            Recorded {
                at: 15_500,
                events: 9,
                intervention: Intervention::SetLoss { ppm: 300_000 },
            },
        ];
        let query = run_query(&RunRef {
            lesson: "messages",
            scenario: "retry",
            seed: 7,
            recorded: &recorded,
            setting: Some("every-20s"),
            time_us: 40_000,
        });
        let (params, notices) = Params::parse(&query);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(params.lesson.as_deref(), Some("messages"));
        assert_eq!(params.scenario.as_deref(), Some("retry"));
        assert_eq!(params.seed, Some(7));
        assert_eq!(params.time_us, Some(40_000));
        assert_eq!(params.setting.as_deref(), Some("every-20s"));
        let ops = Recorded::decode_list(params.ops.as_deref().unwrap_or_default());
        assert_eq!(ops.as_deref(), Ok(&recorded[..]));
    }

    #[test]
    fn no_ops_parameter_without_interventions() {
        let query = run_query(&RunRef {
            lesson: "messages",
            scenario: "sequence",
            seed: 1,
            recorded: &[],
            setting: None,
            time_us: 0,
        });
        assert_eq!(query, "?lesson=messages&scenario=sequence&seed=1&t=0");
    }

    #[test]
    fn display_parameters_survive_and_run_parameters_are_replaced() {
        let merged = merged_query(
            "?lesson=messages&seed=3&view=sim&chrome=0&theme=dark&t=9",
            "?lesson=messages&scenario=retry&seed=5&t=10",
        );
        assert_eq!(
            merged,
            "?lesson=messages&scenario=retry&seed=5&t=10&view=sim&chrome=0"
        );
    }
}
