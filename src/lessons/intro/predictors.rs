//! The lesson's predict-then-run questions: each right answer is found by running a scene.
//!
//! A quiz question names a predictor (`predict = "intro.shop-crash-d"`) and lists its
//! choices in the order documented on each predictor below; the predictor runs the
//! scene with the fault the question describes and returns the index of the choice that
//! matches what happened.

use super::scenes::{search, sharing, shop, IntroSim, DEFAULT_SEED};
use crate::lessons::kit::run_script_recorded;
use crate::quiz::{Prediction, Predictors};
use crate::sim::{Intervention, SimTime, SECOND};

/// One predictor: its name, how many choices its question lists, and its run: the
/// scenario with the fault the question describes, the link that shows that run, and
/// which choice matches what happened.
struct Predictor {
    name: &'static str,
    choices: usize,
    run: fn() -> Run,
    decide: fn(&IntroSim) -> Option<usize>,
}

/// A predictor's run: the simulation at its end, and the scenario and link parameters
/// that replay it in the page.
struct Run {
    sim: IntroSim,
    link: String,
}

/// `sim` with `victim` crashed at [`CRASH_AT_US`], observed until [`OBSERVE_UNTIL_US`];
/// `setting` is the scenario's `&set=` value, if it has one. The page opens the run at
/// the crash, so that Play shows its effect within seconds.
fn crash_run(scenario: &str, setting: Option<&str>, sim: IntroSim, victim: usize) -> Run {
    let script = [(CRASH_AT_US, Intervention::Crash(victim))];
    let (sim, ops) = run_script_recorded(sim, &script, OBSERVE_UNTIL_US);
    let set = setting.map_or(String::new(), |s| format!("&set={s}"));
    Run {
        sim,
        link: format!("{scenario}&seed={DEFAULT_SEED}&ops={ops}{set}&t={CRASH_AT_US}"),
    }
}

const CRASH_AT_US: SimTime = SECOND;
const OBSERVE_UNTIL_US: SimTime = 3 * SECOND;

const PREDICTORS: [Predictor; 4] = [
    // Choices: 0 nothing works, 1 all but payments, 2 only the catalog, 3 everything.
    Predictor {
        name: "intro.shop-crash-d",
        choices: 4,
        run: shop_crash_d_run,
        decide: shop_crash_d,
    },
    // Choices: 0, 2, 3 or 4 of the 4 clients still get data.
    Predictor {
        name: "intro.cs-server-crash",
        choices: 4,
        run: client_server_crash_run,
        decide: still_getting_data,
    },
    // Choices: 0, 2, 3 or 4 of the 4 remaining peers still get data.
    Predictor {
        name: "intro.p2p-peer-crash",
        choices: 4,
        run: peer_crash_run,
        decide: still_getting_data,
    },
    // Choices: 0 no answer, 1 a later answer from 3 of 4 slices, 2 the full answer as fast.
    Predictor {
        name: "intro.search-shard-crash",
        choices: 3,
        run: search_shard_crash_run,
        decide: search_shard_crash,
    },
];

/// The counts offered by the two "how many still get data" questions, in choice order.
pub const DATA_CHOICES: [usize; 4] = [0, 2, 3, 4];

/// The predictors of the lesson `intro`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IntroPredictors;

impl IntroPredictors {
    fn find(name: &str) -> Option<&'static Predictor> {
        PREDICTORS.iter().find(|p| p.name == name)
    }

    /// Every predictor name, for tests and documentation.
    pub fn names() -> impl Iterator<Item = &'static str> {
        PREDICTORS.iter().map(|p| p.name)
    }
}

impl Predictors for IntroPredictors {
    fn expected_choices(&self, name: &str) -> Option<usize> {
        Self::find(name).map(|p| p.choices)
    }

    fn correct_choice(&self, name: &str) -> Option<usize> {
        let predictor = Self::find(name)?;
        (predictor.decide)(&(predictor.run)().sim)
    }

    fn scenario(&self, name: &str) -> Option<String> {
        Self::find(name).map(|p| (p.run)().link)
    }
}

fn shop_crash_d_run() -> Run {
    crash_run(
        shop::SCENARIO,
        None,
        shop::build(DEFAULT_SEED),
        shop::SERVER_D,
    )
}

/// Which kinds of request still succeed with server D (payments) crashed.
fn shop_crash_d(sim: &IntroSim) -> Option<usize> {
    let working = shop::path_status(sim).map(|s| s.working() == Some(true));
    match working {
        [false, false, false, false] => Some(0),
        [true, true, true, false] => Some(1),
        [false, true, false, false] => Some(2),
        [true, true, true, true] => Some(3),
        _ => None,
    }
}

/// How many fetchers still get data, as a choice index.
fn still_getting_data(sim: &IntroSim) -> Option<usize> {
    let supply = sharing::supply(sim);
    DATA_CHOICES.iter().position(|&n| n == supply.getting_data)
}

fn client_server_crash_run() -> Run {
    let mode = sharing::Mode::ClientServer;
    let sim = sharing::build(mode, DEFAULT_SEED);
    crash_run(
        sharing::SCENARIO,
        Some(mode.setting()),
        sim,
        sharing::SERVER,
    )
}

fn peer_crash_run() -> Run {
    let mode = sharing::Mode::PeerToPeer;
    let sim = sharing::build(mode, DEFAULT_SEED);
    crash_run(sharing::SCENARIO, Some(mode.setting()), sim, 2)
}

fn search_shard_crash_run() -> Run {
    let sim = search::build(DEFAULT_SEED);
    crash_run(search::SCENARIO, None, sim, search::FIRST_INDEX + 2)
}

/// Compares the answers before and after one index server crashed.
fn search_shard_crash(sim: &IntroSim) -> Option<usize> {
    let answers = search::answers(sim);
    let (before, after): (Vec<search::Answer>, Vec<search::Answer>) =
        answers.iter().partition(|a| a.sent_at_us < CRASH_AT_US);
    let full = search::INDEX_SERVERS;
    if after.is_empty() {
        return Some(0);
    }
    let slower = search::mean_response_us(&after) > search::mean_response_us(&before);
    if after.iter().all(|a| a.slices == full - 1) && slower {
        Some(1)
    } else if after.iter().all(|a| a.slices == full) && !slower {
        Some(2)
    } else {
        None
    }
}

/// What the predictors above give, as the page grades with it: `tests/lessons_registry.rs`
/// runs them again and fails when a change to the lesson's simulations changes an answer.
pub const PREDICTIONS: &[Prediction] = &[
    Prediction {
        name: "intro.shop-crash-d",
        choices: 4,
        correct: 1,
        scenario: "architecture&seed=7&ops=1000000~231~crash.6&t=1000000",
    },
    Prediction {
        name: "intro.cs-server-crash",
        choices: 4,
        correct: 0,
        scenario: "client-server-vs-p2p&seed=7&ops=1000000~199~crash.0&set=client-server&t=1000000",
    },
    Prediction {
        name: "intro.p2p-peer-crash",
        choices: 4,
        correct: 3,
        scenario: "client-server-vs-p2p&seed=7&ops=1000000~249~crash.2&set=p2p&t=1000000",
    },
    Prediction {
        name: "intro.search-shard-crash",
        choices: 3,
        correct: 1,
        scenario: "search-fanout&seed=7&ops=1000000~56~crash.4&t=1000000",
    },
];
