#![cfg(not(target_arch = "wasm32"))]
//! Property tests over every entry point that reads outside input: the URL parameters
//! (and the share links DistLab writes), the `ops=` intervention text, the messages a
//! host page posts, and saved progress. Each parser must never panic on anything, and
//! what DistLab itself writes must read back unchanged.

use distlab::embed::protocol::MAX_MESSAGE_CHARS;
use distlab::embed::{percent_encode, HostMessage, Params, ThemeChoice};
use distlab::quiz::{parse_number, Progress, Response};
use distlab::sim::{
    Ctx, Intervention, LinkConfig, MessageInfo, NodeId, Protocol, Recorded, SimTime, Simulation,
};
use distlab::ui::sim::settings::{
    sanitize, MAX_CLOCK_DRIFT_PPM, MAX_CLOCK_OFFSET_US, MAX_LATENCY_US,
};
use distlab::ui::sim::share::{merged_query, run_query, RunRef};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

mod common;
use common::{intervention, wide_u64};

/// Longest URL parameter value `Params::parse` accepts (`MAX_VALUE_LEN` in src/embed.rs).
const MAX_VALUE_LEN: usize = 4096;

// ---------------------------------------------------------------------------
// Shared strategies
// ---------------------------------------------------------------------------

/// Text made of the pieces parsers split on, numbers at and past the integer limits,
/// escapes, signs, whitespace and non-ASCII digits, so that near-valid inputs are common.
fn tricky_text(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => any::<String>(),
            1 => any::<u64>().prop_map(|n| n.to_string()),
            1 => any::<i64>().prop_map(|n| n.to_string()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

const NUMBER_PIECES: [&str; 16] = [
    "0",
    "1",
    "-",
    "+",
    " ",
    "18446744073709551615",
    "18446744073709551616",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e3",
    "٣",
    "１",
    "\u{0}",
];

// ---------------------------------------------------------------------------
// 1. URL parameters and share links
// ---------------------------------------------------------------------------

const QUERY_PIECES: &[&str] = &[
    "?",
    "&",
    "=",
    "&&",
    "==",
    "%",
    "%2",
    "%25",
    "%26",
    "%3D",
    "%FF",
    "%C3",
    "%C3%A9",
    "%zz",
    "+",
    "lesson",
    "scenario",
    "seed",
    "ops",
    "set",
    "t",
    "view",
    "chrome",
    "theme",
    "quiz",
    "origin",
    "sim",
    "quiz",
    "all",
    "lesson",
    "0",
    "1",
    "true",
    "dark",
    "light",
    "https://",
    "//",
    ":",
    "\\",
    "é",
    "🦀",
    "-",
    "~",
    "_",
    ".",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
];

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9-]{1,64}"
}

fn recorded() -> impl Strategy<Value = Recorded> {
    (wide_u64(), wide_u64(), intervention()).prop_map(|(at, events, intervention)| Recorded {
        at,
        events,
        intervention,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `Params::parse` never panics on any text, and whatever it accepts is well formed:
    /// slugs for ids, no value over the length limit, notices that print.
    #[test]
    fn any_query_string_parses_without_panicking(
        query in prop_oneof![any::<String>(), tricky_text(QUERY_PIECES)],
        long_value_len in prop_oneof![Just(0usize), MAX_VALUE_LEN - 1..MAX_VALUE_LEN + 2],
    ) {
        let with_long = format!("{query}&ops={}&lesson={}", "x".repeat(long_value_len), "a".repeat(long_value_len));
        for text in [query.as_str(), with_long.as_str()] {
            let (params, notices) = Params::parse(text);
            let is_slug = |s: &str| {
                !s.is_empty() && s.len() <= 64
                    && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            };
            for id in [&params.lesson, &params.scenario, &params.setting].into_iter().flatten() {
                prop_assert!(is_slug(id), "{:?}", id);
            }
            if let Some(ops) = &params.ops {
                prop_assert!(ops.len() <= MAX_VALUE_LEN);
            }
            for notice in &notices {
                prop_assert!(!notice.to_string().is_empty());
            }
        }
    }

    /// A share link written by `run_query` (any slug lesson, scenario and setting, any
    /// seed and time, up to 8 recorded interventions with extreme values) parses back to
    /// exactly the run it was written from, without a notice.
    #[test]
    fn run_query_links_parse_back_to_the_same_run(
        lesson in slug(),
        scenario in slug(),
        seed in wide_u64(),
        recorded in prop::collection::vec(recorded(), 0..8),
        setting in prop::option::of(slug()),
        time_us in wide_u64(),
    ) {
        let query = run_query(&RunRef {
            lesson: &lesson,
            scenario: &scenario,
            seed,
            recorded: &recorded,
            setting: setting.as_deref(),
            time_us,
        });
        let (params, notices) = Params::parse(&query);
        prop_assert!(notices.is_empty(), "{:?} from {}", notices, query);
        prop_assert_eq!(params.lesson.as_deref(), Some(lesson.as_str()));
        prop_assert_eq!(params.scenario.as_deref(), Some(scenario.as_str()));
        prop_assert_eq!(params.seed, Some(seed));
        prop_assert_eq!(params.setting, setting);
        prop_assert_eq!(params.time_us, Some(time_us));
        prop_assert_eq!(params.ops.is_some(), !recorded.is_empty());
        let ops = Recorded::decode_list(params.ops.as_deref().unwrap_or_default());
        prop_assert_eq!(ops, Ok(recorded));
    }

    /// `merged_query` on any current address never panics; the merged link reads back as
    /// the run (unchanged) plus the current address's display parameters (unchanged).
    #[test]
    fn merged_share_links_keep_the_run_and_the_display_parameters(
        current in prop_oneof![any::<String>(), tricky_text(QUERY_PIECES)],
        seed in wide_u64(),
        recorded in prop::collection::vec(recorded(), 0..4),
    ) {
        let run = run_query(&RunRef {
            lesson: "messages",
            scenario: "retry",
            seed,
            recorded: &recorded,
            setting: None,
            time_us: 5,
        });
        let (merged, _) = Params::parse(&merged_query(&current, &run));
        let (alone, _) = Params::parse(&run);
        let (display, _) = Params::parse(&current);
        prop_assert_eq!(&merged.lesson, &alone.lesson);
        prop_assert_eq!(&merged.scenario, &alone.scenario);
        prop_assert_eq!(merged.seed, alone.seed);
        prop_assert_eq!(&merged.ops, &alone.ops);
        prop_assert_eq!(merged.time_us, alone.time_us);
        prop_assert_eq!(merged.view, display.view);
        prop_assert_eq!(merged.chrome, display.chrome);
        prop_assert_eq!(&merged.parent_origin, &display.parent_origin);
        prop_assert_eq!(&merged.quiz, &display.quiz);
    }
}

/// Documents a limit: a share link recording enough interventions has an `ops=` value
/// over the parser's 4096-byte limit, and the parser then drops every recorded action
/// (with a notice) although `run_query` wrote the link. `run_query` caps nothing.
#[test]
fn share_links_with_hundreds_of_recorded_actions_lose_them_all() {
    let recorded: Vec<Recorded> = (0..300u64)
        .map(|i| Recorded {
            at: 1_000 * i,
            events: 3 * i,
            intervention: Intervention::Crash(1),
        })
        .collect();
    let query = run_query(&RunRef {
        lesson: "messages",
        scenario: "retry",
        seed: 7,
        recorded: &recorded,
        setting: None,
        time_us: 0,
    });
    let (params, notices) = Params::parse(&query);
    assert!(Recorded::encode_list(&recorded).len() > MAX_VALUE_LEN);
    assert_eq!(params.ops, None);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].param, "ops");
    assert!(notices[0].message.contains("too long"), "{notices:?}");
}

// ---------------------------------------------------------------------------
// 2. The `ops=` intervention text
// ---------------------------------------------------------------------------

const OPS_PIECES: &[&str] = &[
    "crash",
    "restart",
    "pause",
    "resume",
    "cut",
    "cut1",
    "heal",
    "healall",
    "loss",
    "dup",
    "lat",
    "clk",
    ".",
    "..",
    "-",
    "--",
    "~",
    "~~",
    "_",
    "__",
    "0",
    "1",
    "-0",
    "+1",
    " ",
    "é",
    "🦀",
    "18446744073709551615",
    "18446744073709551616",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "1000000",
    "١",
];

/// Interventions whose node ids fit the `u32` the parser reads.
fn printable_intervention() -> impl Strategy<Value = Intervention> {
    intervention().prop_filter("node ids fit u32", |iv| {
        let nodes: Vec<NodeId> = match *iv {
            Intervention::Crash(n)
            | Intervention::Restart(n)
            | Intervention::Pause(n)
            | Intervention::Resume(n)
            | Intervention::SetClock { node: n, .. } => vec![n],
            Intervention::Cut(a, b)
            | Intervention::CutOneWay { from: a, to: b }
            | Intervention::Heal(a, b) => vec![a, b],
            _ => vec![],
        };
        nodes.iter().all(|&n| u32::try_from(n).is_ok())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Parsing any text as an intervention, a recorded intervention or a list never
    /// panics; errors keep at most 64 characters of the input and print.
    #[test]
    fn any_text_never_panics_as_interventions(
        text in prop_oneof![any::<String>(), tricky_text(OPS_PIECES), tricky_text(&NUMBER_PIECES)],
        repeat in 1..200usize,
    ) {
        let repeated = format!("{}{}", text, "_~.-".repeat(repeat));
        for input in [text.as_str(), repeated.as_str()] {
            if let Err(error) = input.parse::<Intervention>() {
                prop_assert!(error.input.chars().count() <= 64);
                prop_assert!(!error.to_string().is_empty());
            }
            if let Err(error) = input.parse::<Recorded>() {
                prop_assert!(error.input.chars().count() <= 64);
            }
            if let Ok(list) = Recorded::decode_list(input) {
                // What parses re-encodes to text that parses to the same list.
                prop_assert_eq!(Recorded::decode_list(&Recorded::encode_list(&list)), Ok(list));
            }
        }
    }

    /// Every intervention `Display` prints (node ids within `u32`, any ppm, latency and
    /// clock value including `u64::MAX`, `i64::MIN`, 100% and over) parses back to itself.
    #[test]
    fn every_printed_intervention_parses_back(iv in printable_intervention()) {
        prop_assert_eq!(iv.to_string().parse::<Intervention>(), Ok(iv));
    }

    /// Every recorded list `encode_list` writes (times and event counts up to `u64::MAX`)
    /// decodes back to the same list, and uses only URL-unreserved characters.
    #[test]
    fn every_encoded_recorded_list_decodes_back(
        list in prop::collection::vec(
            (wide_u64(), wide_u64(), printable_intervention())
                .prop_map(|(at, events, intervention)| Recorded { at, events, intervention }),
            0..10,
        ),
    ) {
        let text = Recorded::encode_list(&list);
        prop_assert_eq!(percent_encode(&text), text.clone());
        prop_assert_eq!(Recorded::decode_list(&text), Ok(list));
    }

    /// Values past what the simulator runs (ppm over 1,000,000, node ids of 100,000 and
    /// more, latency up to `u64::MAX`) are accepted by the parser; `settings::sanitize`,
    /// which the link loader applies, brings ppm to at most 100% and latency to at most
    /// `MAX_LATENCY_US` with min ≤ max, clock offsets and drifts within their bounds, and
    /// leaves everything else alone.
    #[test]
    fn out_of_range_values_parse_and_sanitize_clamps_them(iv in printable_intervention()) {
        let parsed: Intervention = iv.to_string().parse().expect("printed text parses");
        let clean = sanitize(parsed);
        match clean {
            Intervention::SetLoss { ppm } | Intervention::SetDuplication { ppm } => {
                prop_assert!(ppm <= 1_000_000);
            }
            Intervention::SetLatency { min_us, max_us } => {
                prop_assert!(min_us <= max_us && max_us <= MAX_LATENCY_US);
            }
            Intervention::SetClock { offset_us, drift_ppm, .. } => {
                prop_assert!(offset_us.abs() <= MAX_CLOCK_OFFSET_US);
                prop_assert!(drift_ppm.abs() <= MAX_CLOCK_DRIFT_PPM);
            }
            other => prop_assert_eq!(other, parsed),
        }
        prop_assert_eq!(sanitize(clean), clean);
    }
}

/// Documents an asymmetry: `NodeId` is a `usize`, so `Display` prints node ids above
/// `u32::MAX`, but the parser reads node ids as `u32` and refuses them (an error, no panic).
#[test]
fn node_ids_above_u32_print_but_do_not_parse() {
    let big = u32::MAX as usize + 1;
    for iv in [
        Intervention::Crash(big),
        Intervention::Cut(0, big),
        Intervention::SetClock {
            node: big,
            offset_us: 0,
            drift_ppm: 0,
        },
    ] {
        let text = iv.to_string();
        let error = text.parse::<Intervention>().expect_err(&text);
        assert!(error.reason.contains("node id"), "{error}");
    }
    assert_eq!(
        "crash.4294967295".parse::<Intervention>(),
        Ok(Intervention::Crash(u32::MAX as usize))
    );
}

/// Documents what the parser accepts beyond the simulator's bounds, value by value.
#[test]
fn the_parser_accepts_values_beyond_the_simulator_bounds() {
    let cases = [
        ("loss.4294967295", Intervention::SetLoss { ppm: u32::MAX }),
        (
            "dup.1000001",
            Intervention::SetDuplication { ppm: 1_000_001 },
        ),
        ("crash.100000", Intervention::Crash(100_000)),
        (
            "lat.18446744073709551615-0",
            Intervention::SetLatency {
                min_us: u64::MAX,
                max_us: 0,
            },
        ),
        (
            "clk.0.-9223372036854775808.9223372036854775807",
            Intervention::SetClock {
                node: 0,
                offset_us: i64::MIN,
                drift_ppm: i64::MAX,
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(text.parse::<Intervention>(), Ok(expected), "{text}");
    }
    // One past each integer limit is refused.
    for text in [
        "loss.4294967296",
        "crash.4294967296",
        "lat.0-18446744073709551616",
        "clk.0.-9223372036854775809.0",
    ] {
        assert!(text.parse::<Intervention>().is_err(), "{text}");
    }
    for text in [
        "18446744073709551616~0~healall",
        "0~18446744073709551616~healall",
    ] {
        assert!(text.parse::<Recorded>().is_err(), "{text}");
    }
    assert_eq!(
        sanitize(Intervention::SetLatency {
            min_us: u64::MAX,
            max_us: 0
        }),
        Intervention::SetLatency {
            min_us: 0,
            max_us: MAX_LATENCY_US
        }
    );
}

// A small protocol to run interventions against: every node pings the next one on a
// timer, answers every ping, and reads its local clock on every event.

#[derive(Clone, Debug)]
struct Ping(bool);

impl MessageInfo for Ping {
    fn kind(&self) -> &'static str {
        if self.0 {
            "ping"
        } else {
            "pong"
        }
    }
    fn label(&self) -> String {
        self.kind().into()
    }
}

#[derive(Clone, Debug, Default)]
struct Pinger {
    clock_reads: Vec<i64>,
}

impl Protocol for Pinger {
    type Msg = Ping;
    fn role(&self) -> &'static str {
        "pinger"
    }
    fn display_state(&self) -> String {
        format!("{} reads", self.clock_reads.len())
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Ping>) {
        ctx.set_timer(1_000, 0);
    }
    fn on_message(&mut self, ctx: &mut Ctx<'_, Ping>, from: NodeId, msg: Ping) {
        self.clock_reads.push(ctx.local_clock_us());
        if msg.0 {
            ctx.send(from, Ping(false));
        }
    }
    fn on_timer(&mut self, ctx: &mut Ctx<'_, Ping>, tag: u64) {
        self.clock_reads.push(ctx.local_clock_us());
        let next = (ctx.me() + 1) % ctx.node_count();
        ctx.send(next, Ping(true));
        if tag < 50 {
            ctx.set_timer(1_000, tag + 1);
        }
    }
}

fn pingers(seed: u64) -> Simulation<Pinger> {
    let mut builder = Simulation::builder(seed).link_all(LinkConfig::uniform(100, 2_000));
    for id in 0..3 {
        builder = builder.node(format!("n{id}"), Pinger::default());
    }
    builder.build()
}

/// Runs `recorded` (in replay order, each at its time) on three pingers, then on to the end.
fn replay(seed: u64, mut recorded: Vec<Recorded>, end: SimTime) -> Simulation<Pinger> {
    recorded.sort_by_key(Recorded::position);
    let mut sim = pingers(seed);
    for rec in &recorded {
        sim.run_until(rec.at.min(end));
        sim.apply_intervention(&rec.intervention);
    }
    sim.run_until(end);
    sim
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any parsed `ops=` list, sanitized as the link loader does, runs on a simulation
    /// (nodes that do not exist, 100% loss and duplication, extreme clocks) without a
    /// panic, and its clocks stay readable.
    #[test]
    fn sanitized_parsed_interventions_run_without_panicking(
        seed in any::<u64>(),
        list in prop::collection::vec(
            (0..60_000u64, printable_intervention()).prop_map(|(at, intervention)| {
                Recorded { at, events: 0, intervention }
            }),
            0..8,
        ),
    ) {
        let parsed = Recorded::decode_list(&Recorded::encode_list(&list)).expect("round trip");
        let clean: Vec<Recorded> = parsed
            .into_iter()
            .map(|rec| Recorded { intervention: sanitize(rec.intervention), ..rec })
            .collect();
        let sim = replay(seed, clean, 60_000);
        prop_assert!(sim.now() <= 60_000);
    }
}

/// The parser accepts `lat.18446744073709551615-18446744073709551615`; applied
/// unsanitized with any loss, a message sent at the saturated arrival time `u64::MAX`
/// still gets a drop time (saturated), not an overflow.
#[test]
fn unsanitized_maximal_latency_with_loss_saturates_the_drop_time() {
    let list =
        Recorded::decode_list("0~0~lat.18446744073709551615-18446744073709551615_0~0~loss.500000")
            .expect("the parser accepts it");
    let _ = replay(1, list, SimTime::MAX);
}

/// The same extreme values as above, applied unsanitized but without maximal latency
/// (ppm over 100%, absent nodes, `i64` clock extremes, latency past `MAX_LATENCY_US`),
/// run without a panic: the simulator itself saturates or ignores them.
#[test]
fn unsanitized_extremes_other_than_maximal_latency_run_without_panicking() {
    let ops = [
        "0~0~loss.4294967295",
        "0~0~dup.4294967295",
        "0~0~crash.100000",
        "0~0~cut.0-4294967295",
        "0~0~clk.0.-9223372036854775808.9223372036854775807",
        "0~0~clk.1.9223372036854775807.-9223372036854775808",
        "0~0~lat.0-4000000000",
        "2000~0~loss.0",
        "3000~0~dup.1000000",
        "5000~0~lat.4000000000-0",
    ]
    .join("_");
    let list = Recorded::decode_list(&ops).expect("parses");
    let sim = replay(3, list, 10_000_000_000);
    assert!(sim.now() <= 10_000_000_000);
}

// ---------------------------------------------------------------------------
// 3. Messages from the host page
// ---------------------------------------------------------------------------

const JSON_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "false",
    "1",
    "1.0",
    "-0",
    "1e999",
    "\"type\"",
    "\"theme\"",
    "\"version\"",
    "\"distlab:reset\"",
    "\"distlab:set-theme\"",
    "\"distlab:request-height\"",
    "\"dark\"",
    "\"light\"",
    "\"__proto__\"",
    " ",
    "\n",
    "\u{feff}",
    "18446744073709551616",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "type", "theme", "version", "height", "__proto__", "constructor", "prototype",
            "TYPE", "type ", "", "x",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// Any JSON value: wrong types, extra fields, huge strings, `__proto__` keys, nesting to
/// depth 6.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(1)),
        Just(json!(1.0)),
        Just(json!(-1)),
        prop::sample::select(vec![
            "distlab:reset",
            "distlab:set-theme",
            "distlab:request-height",
            "distlab:resize",
            "dark",
            "light",
            "Dark",
            "",
        ])
        .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        (0..6000usize).prop_map(|n| Value::String("x".repeat(n))),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A message object with a known `type`, so validation goes past the first check.
fn message_like() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![
            "distlab:reset",
            "distlab:set-theme",
            "distlab:request-height",
        ]),
        prop::collection::vec((key(), json_value()), 0..4),
    )
        .prop_map(|(kind, extra)| {
            let mut object: Map<String, Value> = extra.into_iter().collect();
            object.insert("type".into(), Value::from(kind));
            Value::Object(object)
        })
}

/// `value` wrapped in `depth` arrays or objects, alternately.
fn nested(value: Value, depth: usize) -> Value {
    (0..depth).fold(value, |inner, level| match level % 2 {
        0 => Value::Array(vec![inner]),
        _ => json!({ "type": inner }),
    })
}

/// The checks a message must pass to be accepted, written out independently.
fn check_accepted(value: &Value, message: HostMessage) -> Result<(), TestCaseError> {
    let object = value.as_object().expect("only objects are accepted");
    let (kind, allowed): (&str, &[&str]) = match message {
        HostMessage::SetTheme(theme) => {
            prop_assert_eq!(object["theme"].as_str(), Some(theme.as_str()));
            ("distlab:set-theme", &["type", "version", "theme"])
        }
        HostMessage::Reset => ("distlab:reset", &["type", "version"]),
        HostMessage::RequestHeight => ("distlab:request-height", &["type", "version"]),
    };
    prop_assert_eq!(object["type"].as_str(), Some(kind));
    prop_assert!(object.keys().all(|k| allowed.contains(&k.as_str())));
    if let Some(version) = object.get("version") {
        prop_assert_eq!(version.as_u64(), Some(1));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// `HostMessage::parse_json` never panics on any text, JSON-like or not, long or short.
    #[test]
    fn any_text_never_panics_as_a_host_message(
        text in prop_oneof![any::<String>(), tricky_text(JSON_PIECES)],
        pad in prop_oneof![Just(0usize), MAX_MESSAGE_CHARS - 40..MAX_MESSAGE_CHARS + 2],
    ) {
        let _ = HostMessage::parse_json(&text);
        let padded = format!("{text}{}", " ".repeat(pad));
        let _ = HostMessage::parse_json(&padded);
    }

    /// Any JSON value, as a value or as text, never panics and is accepted only in one of
    /// the three documented shapes; text and value give the same answer.
    #[test]
    fn any_json_value_is_accepted_only_in_a_documented_shape(
        value in prop_oneof![json_value(), message_like()],
    ) {
        let from_value = HostMessage::from_value(&value);
        if let Some(message) = from_value {
            check_accepted(&value, message)?;
        }
        let text = value.to_string();
        let from_text = HostMessage::parse_json(&text);
        if text.len() <= MAX_MESSAGE_CHARS {
            prop_assert_eq!(from_text, from_value);
        } else {
            prop_assert_eq!(from_text, None);
        }
    }

    /// Nesting up to 400 levels (past serde_json's recursion limit of 128 for text)
    /// never panics, as text or as a value, and is never accepted unless it is the
    /// documented shape itself.
    #[test]
    fn deeply_nested_json_never_panics(depth in 0..400usize, leaf in json_value()) {
        let value = nested(leaf, depth);
        let _ = HostMessage::from_value(&value);
        let text = value.to_string();
        let _ = HostMessage::parse_json(&text);
        let opened = format!("{}{}", "[{\"type\":".repeat(depth), "null");
        prop_assert_eq!(HostMessage::parse_json(&opened), None);
    }

    /// Every documented message (with or without `version: 1`, any field order, any
    /// whitespace) is accepted as what it says; one extra field makes it ignored.
    #[test]
    fn documented_host_messages_are_accepted_and_extra_fields_refused(
        which in 0..4usize,
        with_version in any::<bool>(),
        version_first in any::<bool>(),
        space in "[ \t\r\n]{0,3}",
        extra_key in key().prop_filter("undocumented", |k| !["type", "version", "theme"].contains(&k.as_str())),
        extra_value in json_value(),
    ) {
        let (kind, theme, expected) = match which {
            0 => ("distlab:set-theme", Some("dark"), HostMessage::SetTheme(ThemeChoice::Dark)),
            1 => ("distlab:set-theme", Some("light"), HostMessage::SetTheme(ThemeChoice::Light)),
            2 => ("distlab:reset", None, HostMessage::Reset),
            _ => ("distlab:request-height", None, HostMessage::RequestHeight),
        };
        let mut fields = vec![format!("\"type\"{space}:{space}\"{kind}\"")];
        if let Some(theme) = theme {
            fields.push(format!("\"theme\":{space}\"{theme}\""));
        }
        if with_version {
            let version = format!("{space}\"version\"{space}:1");
            if version_first { fields.insert(0, version) } else { fields.push(version) }
        }
        let text = format!("{space}{{{}}}{space}", fields.join(","));
        prop_assert_eq!(HostMessage::parse_json(&text), Some(expected), "{}", text);

        let mut value: Value = serde_json::from_str(&text).expect("valid JSON");
        value.as_object_mut().expect("object").insert(extra_key, extra_value);
        prop_assert_eq!(HostMessage::from_value(&value), None);
    }
}

// ---------------------------------------------------------------------------
// 4. Saved progress
// ---------------------------------------------------------------------------

const PROGRESS_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"version\"",
    "\"lessons\"",
    "\"answers\"",
    "\"correct\"",
    "\"attempts\"",
    "\"response\"",
    "\"choice\"",
    "\"choices\"",
    "\"bool\"",
    "\"number\"",
    "\"order\"",
    "1",
    "0",
    "-1",
    "1.5",
    "4294967296",
    "18446744073709551616",
    "1e999",
    "true",
    "null",
    "\"",
    "\\",
    " ",
    "\u{0}",
];

/// A number as a student types it, kept where serde_json reads back exactly what it
/// prints: at most 15 significant digits, at most 10^15, decimal exponent ≥ -22. Outside
/// that range serde_json (without its `float_roundtrip` feature, about 10 KB of wasm)
/// may read a saved answer back one unit in the last place off, e.g. `-3.0784761582047e36`.
fn typed_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-999_999_999_999_999i64..=999_999_999_999_999, -22..=0i32)
            .prop_map(|(m, e)| { parse_number(&format!("{m}e{e}")).expect("a typed number") }),
        Just(-0.0),
        Just(0.1 + 0.2),
        Just(1e15),
    ]
}

fn any_response() -> impl Strategy<Value = Response> {
    prop_oneof![
        any::<usize>().prop_map(Response::Choice),
        prop::collection::btree_set(any::<usize>(), 0..5).prop_map(Response::Choices),
        any::<bool>().prop_map(Response::Bool),
        typed_number().prop_map(Response::Number),
        // Non-finite numbers are counted but not stored.
        prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)]
            .prop_map(Response::Number),
        prop::collection::vec(any::<usize>(), 0..6).prop_map(Response::Order),
    ]
}

/// Something a student does to their progress.
#[derive(Clone, Debug)]
enum Step {
    Record(usize, usize, bool, Response),
    RetryQuestion(usize, usize),
    RetryLesson(usize),
    ResetLesson(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..4usize, 0..6usize, any::<bool>(), any_response())
            .prop_map(|(l, q, c, r)| Step::Record(l, q, c, r)),
        1 => (0..4usize, 0..6usize).prop_map(|(l, q)| Step::RetryQuestion(l, q)),
        1 => (0..4usize).prop_map(Step::RetryLesson),
        1 => (0..4usize).prop_map(Step::ResetLesson),
    ]
}

/// Progress-shaped JSON with random leaves: right keys, wrong types, unknown versions.
fn progress_like() -> impl Strategy<Value = Value> {
    let version = prop_oneof![Just(json!(1)), Just(json!(2)), Just(json!(0)), json_value()];
    let record = prop::collection::vec(
        (
            prop::sample::select(vec!["correct", "attempts", "response", "other"]),
            prop_oneof![json_value(), any_response().prop_map(|r| json!(r))],
        ),
        0..4,
    )
    .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
    let answers = prop::collection::vec((any::<String>(), record), 0..3)
        .prop_map(|pairs| json!({ "answers": Value::Object(pairs.into_iter().collect()) }));
    let lessons =
        prop::collection::vec((any::<String>(), prop_oneof![answers, json_value()]), 0..3)
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect()));
    (
        prop::option::of(version),
        prop::option::of(prop_oneof![lessons, json_value()]),
    )
        .prop_map(|(version, lessons)| {
            let mut object = Map::new();
            if let Some(version) = version {
                object.insert("version".into(), version);
            }
            if let Some(lessons) = lessons {
                object.insert("lessons".into(), lessons);
            }
            Value::Object(object)
        })
}

/// The guarantees of `Progress::load` for any input: a problem means a fresh progress
/// and the raw text kept unchanged; no problem on non-blank text means it re-saves
/// to a record that reads back the same.
fn check_loaded(raw: &str) -> Result<(), TestCaseError> {
    let loaded = Progress::load(Some(raw));
    match &loaded.problem {
        Some(problem) => {
            prop_assert_eq!(&loaded.progress, &Progress::new());
            prop_assert_eq!(problem.raw.as_str(), raw);
            prop_assert!(!problem.notice("kept").is_empty());
        }
        None => {
            let again = Progress::load(Some(&loaded.progress.to_json()));
            prop_assert_eq!(again.problem, None);
            prop_assert_eq!(again.progress, loaded.progress);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// `Progress::load` never panics on any text, on any bytes read as (lossy) text, or
    /// on JSON-like fragments, and keeps what it cannot read.
    #[test]
    fn any_text_never_panics_as_saved_progress(
        text in prop_oneof![any::<String>(), tricky_text(PROGRESS_PIECES)],
        bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        check_loaded(&text)?;
        check_loaded(&String::from_utf8_lossy(&bytes))?;
    }

    /// Any progress-shaped JSON (wrong types, unknown fields, other versions, huge
    /// numbers, odd lesson and question ids) loads without panicking, as above.
    #[test]
    fn any_progress_shaped_json_never_panics(value in prop_oneof![progress_like(), json_value()]) {
        check_loaded(&value.to_string())?;
    }

    /// A record `to_json` writes after any sequence of answers, retries and resets
    /// (any lesson and question ids, any response, any finite or non-finite number)
    /// loads back to the same progress without a problem.
    #[test]
    fn written_progress_loads_back_unchanged(
        lessons in prop::collection::vec(any::<String>(), 4),
        questions in prop::collection::vec(any::<String>(), 6),
        steps in prop::collection::vec(step(), 0..24),
    ) {
        let mut progress = Progress::new();
        for step in &steps {
            match step {
                Step::Record(l, q, correct, response) => {
                    progress.record(&lessons[*l], &questions[*q], *correct, response)
                }
                Step::RetryQuestion(l, q) => progress.retry_question(&lessons[*l], &questions[*q]),
                Step::RetryLesson(l) => progress.retry_lesson(&lessons[*l]),
                Step::ResetLesson(l) => progress.reset_lesson(&lessons[*l]),
            }
        }
        let loaded = Progress::load(Some(&progress.to_json()));
        prop_assert_eq!(loaded.problem, None);
        prop_assert_eq!(loaded.progress, progress);
    }
}
