//! The lesson's predict-then-run questions: each right answer is found by running a scene.
//!
//! A quiz question names a predictor (`predict = "intro.shop-crash-d"`) and lists its
//! choices in the order documented on each predictor below; the predictor runs the
//! scene with the fault the question describes and returns the index of the choice that
//! matches what happened.

use super::scenes::{run_script, search, sharing, shop, IntroSim, DEFAULT_SEED};
use crate::quiz::Predictors;
use crate::sim::{Intervention, SimTime, SECOND};

/// One predictor: its name, how many choices its question lists, the scenario to show
/// after answering, and how to find the right choice.
struct Predictor {
    name: &'static str,
    choices: usize,
    scenario: &'static str,
    correct: fn() -> Option<usize>,
}

const CRASH_AT_US: SimTime = SECOND;
const OBSERVE_UNTIL_US: SimTime = 3 * SECOND;

const PREDICTORS: [Predictor; 4] = [
    // Choices: 0 nothing works, 1 all but payments, 2 only the catalog, 3 everything.
    Predictor {
        name: "intro.shop-crash-d",
        choices: 4,
        scenario: shop::SCENARIO,
        correct: shop_crash_d,
    },
    // Choices: 0, 2, 3 or 4 of the 4 clients still get data.
    Predictor {
        name: "intro.cs-server-crash",
        choices: 4,
        scenario: sharing::SCENARIO,
        correct: client_server_crash,
    },
    // Choices: 0, 2, 3 or 4 of the 4 remaining peers still get data.
    Predictor {
        name: "intro.p2p-peer-crash",
        choices: 4,
        scenario: sharing::SCENARIO,
        correct: peer_crash,
    },
    // Choices: 0 no answer, 1 a later answer from 3 of 4 slices, 2 the full answer as fast.
    Predictor {
        name: "intro.search-shard-crash",
        choices: 3,
        scenario: search::SCENARIO,
        correct: search_shard_crash,
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
        Self::find(name).and_then(|p| (p.correct)())
    }

    fn scenario(&self, name: &str) -> Option<String> {
        Self::find(name).map(|p| p.scenario.to_owned())
    }
}

/// Crash server D (payments) and see which kinds of request still succeed.
fn shop_crash_d() -> Option<usize> {
    let sim: IntroSim = run_script(
        shop::build(DEFAULT_SEED),
        &[(CRASH_AT_US, Intervention::Crash(shop::SERVER_D))],
        OBSERVE_UNTIL_US,
    );
    let working = shop::path_status(&sim).map(|s| s.working() == Some(true));
    match working {
        [false, false, false, false] => Some(0),
        [true, true, true, false] => Some(1),
        [false, true, false, false] => Some(2),
        [true, true, true, true] => Some(3),
        _ => None,
    }
}

/// How many fetchers still get data after `victim` crashes, as a choice index.
fn still_getting_data(mode: sharing::Mode, victim: usize) -> Option<usize> {
    let sim: IntroSim = run_script(
        sharing::build(mode, DEFAULT_SEED),
        &[(CRASH_AT_US, Intervention::Crash(victim))],
        OBSERVE_UNTIL_US,
    );
    let supply = sharing::supply(&sim);
    DATA_CHOICES.iter().position(|&n| n == supply.getting_data)
}

fn client_server_crash() -> Option<usize> {
    still_getting_data(sharing::Mode::ClientServer, sharing::SERVER)
}

fn peer_crash() -> Option<usize> {
    still_getting_data(sharing::Mode::PeerToPeer, 2)
}

/// Crash one index server and compare the answers before and after.
fn search_shard_crash() -> Option<usize> {
    let sim: IntroSim = run_script(
        search::build(DEFAULT_SEED),
        &[(CRASH_AT_US, Intervention::Crash(search::FIRST_INDEX + 2))],
        OBSERVE_UNTIL_US,
    );
    let answers = search::answers(&sim);
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
