#![cfg(not(target_arch = "wasm32"))]
//! Lesson `intro`: its scenes behave as the text says, run deterministically, its predictors
//! find the expected answers, and its quiz file loads.

use distlab::lessons::intro::predictors::{IntroPredictors, DATA_CHOICES};
use distlab::lessons::intro::scenes::{
    cdn, clocks, concurrency, failure, run_script, search, sharing, shop, IntroSim, DEFAULT_SEED,
};
use distlab::quiz::Predictors;
use distlab::sim::{Intervention, SimTime, World, MS, SECOND};

fn run(sim: IntroSim, script: &[(SimTime, Intervention)], until_us: SimTime) -> IntroSim {
    run_script(sim, script, until_us)
}

#[test]
fn shop_serves_every_kind_of_request_when_nothing_fails() {
    let sim = run(shop::build(DEFAULT_SEED), &[], 2 * SECOND);
    for status in shop::path_status(&sim) {
        assert!(status.ok > 5, "{status:?}");
        assert_eq!(status.failed, 0, "{status:?}");
        assert_eq!(status.working(), Some(true));
    }
    assert_eq!(
        shop::summary(&shop::path_status(&sim)),
        "Logins, catalog, orders and payments fine."
    );
}

#[test]
fn crashing_server_d_fails_payments_and_nothing_else() {
    let crash_at = SECOND;
    let sim = run(
        shop::build(DEFAULT_SEED),
        &[(crash_at, Intervention::Crash(shop::SERVER_D))],
        3 * SECOND,
    );
    let status = shop::path_status(&sim);
    let payments = status[shop::Path::Payment.index()];
    assert_eq!(payments.working(), Some(false));
    assert!(payments.failed >= 10, "{payments:?}");
    assert!(payments.last.unwrap().at_us > crash_at);
    for path in [shop::Path::Login, shop::Path::Catalog, shop::Path::Order] {
        let s = status[path.index()];
        assert_eq!(s.failed, 0, "{s:?}");
        assert_eq!(s.working(), Some(true), "{s:?}");
        assert!(
            s.last.unwrap().at_us > 2 * SECOND,
            "{s:?} still succeeds late in the run"
        );
    }
    assert_eq!(
        shop::summary(&status),
        "Payments failing; logins, catalog and orders fine."
    );
}

#[test]
fn crashing_the_database_or_the_load_balancer_fails_everything() {
    for critical in [shop::DATABASE, shop::LOAD_BALANCER] {
        let sim = run(
            shop::build(DEFAULT_SEED),
            &[(SECOND, Intervention::Crash(critical))],
            2 * SECOND,
        );
        let status = shop::path_status(&sim);
        assert!(
            status.iter().all(|s| s.working() == Some(false)),
            "node {critical}: {status:?}"
        );
        assert!(shop::summary(&status).ends_with("nothing gets through."));
    }
}

#[test]
fn a_restarted_server_serves_again() {
    let sim = run(
        shop::build(DEFAULT_SEED),
        &[
            (SECOND, Intervention::Crash(shop::SERVER_D)),
            (2 * SECOND, Intervention::Restart(shop::SERVER_D)),
        ],
        3 * SECOND,
    );
    let payments = shop::path_status(&sim)[shop::Path::Payment.index()];
    assert_eq!(payments.working(), Some(true), "{payments:?}");
}

/// Builds a scene for a seed.
type Build = fn(u64) -> IntroSim;

fn trace_hash_of(build: Build, seed: u64, until_us: SimTime) -> u64 {
    let sim = run(
        build(seed),
        &[(SECOND / 2, Intervention::Crash(1))],
        until_us,
    );
    World::trace_hash(&sim)
}

#[test]
fn every_scene_is_deterministic() {
    let builds: [(&str, Build); 8] = [
        ("architecture", shop::build),
        ("concurrency", concurrency::build),
        ("clocks", clocks::build),
        ("failure", failure::build),
        ("client-server", |seed| {
            sharing::build(sharing::Mode::ClientServer, seed)
        }),
        ("p2p", |seed| {
            sharing::build(sharing::Mode::PeerToPeer, seed)
        }),
        ("search", search::build),
        ("cdn", cdn::build),
    ];
    for (name, build) in builds {
        let a = trace_hash_of(build, DEFAULT_SEED, 2 * SECOND);
        let b = trace_hash_of(build, DEFAULT_SEED, 2 * SECOND);
        assert_eq!(a, b, "{name}: same seed, same trace");
        // The CDN's links have fixed delays (the material's figures): no randomness to seed.
        if name != "cdn" {
            let other = trace_hash_of(build, DEFAULT_SEED + 1, 2 * SECOND);
            assert_ne!(a, other, "{name}: the seed matters");
        }
    }
}

#[test]
fn every_scene_has_a_position_for_every_node() {
    let scenes: [(IntroSim, Vec<(f32, f32)>); 7] = [
        (shop::build(1), shop::layout()),
        (concurrency::build(1), concurrency::layout()),
        (clocks::build(1), clocks::layout()),
        (failure::build(1), failure::layout()),
        (
            sharing::build(sharing::Mode::PeerToPeer, 1),
            sharing::layout(),
        ),
        (search::build(1), search::layout()),
        (cdn::build(1), cdn::layout()),
    ];
    for (sim, layout) in scenes {
        assert_eq!(sim.node_count(), layout.len());
        assert!(layout
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }
}

#[test]
fn replies_reach_server_a_in_both_orders() {
    let sim = run(concurrency::build(DEFAULT_SEED), &[], 3 * SECOND);
    let seen = concurrency::orderings(&sim);
    assert!(seen.b_first > 5 && seen.c_first > 5, "{seen:?}");
    assert!(seen.history.len() <= concurrency::HISTORY_LEN);
    // Requests overlap: at some point A works on more than one at once.
    let mut overlapping = false;
    let mut sim: IntroSim = concurrency::build(DEFAULT_SEED);
    while sim.now() < SECOND && sim.step() {
        overlapping |= concurrency::orderings(&sim).in_progress > 1;
    }
    assert!(overlapping);
}

#[test]
fn clocks_start_at_the_material_readings_and_disagree_about_trips() {
    let sim: IntroSim = clocks::build(DEFAULT_SEED);
    let readings: Vec<String> = (0..3)
        .map(|n| distlab::ui::wall::clock_reading(sim.local_clock_us(n).unwrap()))
        .collect();
    assert_eq!(readings, ["10:00:01.123", "10:00:02.456", "09:59:59.789"]);

    let sim = run(sim, &[], 5 * SECOND);
    let last = clocks::latest_reception(&sim).expect("messages arrived");
    assert!(last.true_trip_us >= 20 * MS && last.true_trip_us <= 80 * MS);
    // B → C looks like a trip backwards in time, C → A and A → B like trips of over a second.
    let mut apparent = [0i64; 3];
    let mut sim: IntroSim = clocks::build(DEFAULT_SEED);
    while sim.now() < 3 * SECOND && sim.step() {
        if let Some(r) = clocks::latest_reception(&sim) {
            apparent[r.to] = r.apparent_trip_us();
        }
    }
    assert!(apparent[2] < -(SECOND as i64), "B → C: {apparent:?}");
    assert!(apparent[0] > SECOND as i64, "C → A: {apparent:?}");
    assert!(apparent[1] > SECOND as i64, "A → B: {apparent:?}");
    assert_eq!(distlab::ui::wall::signed_seconds(-2_544_400), "−2.544 s");
    assert_eq!(distlab::ui::wall::signed_seconds(1_333_600), "+1.334 s");
}

#[test]
fn survivors_keep_working_and_suspect_the_crashed_node() {
    let sim = run(
        failure::build(DEFAULT_SEED),
        &[(SECOND, Intervention::Crash(1))],
        3 * SECOND,
    );
    let rows = failure::rows(&sim);
    let crashed = &rows[1];
    assert!(!crashed.up);
    for row in [&rows[0], &rows[2]] {
        assert!(row.up);
        assert!(row.work > crashed.work + 20, "{row:?} kept working");
        assert_eq!(row.suspects, vec![1], "{row:?}");
    }
}

#[test]
fn client_server_stops_when_the_server_crashes_and_p2p_does_not() {
    let cs = run(
        sharing::build(sharing::Mode::ClientServer, DEFAULT_SEED),
        &[],
        SECOND,
    );
    assert_eq!(
        sharing::supply(&cs),
        sharing::Supply {
            running: 4,
            getting_data: 4,
            started: true
        }
    );
    let cs = run(
        cs,
        &[(SECOND, Intervention::Crash(sharing::SERVER))],
        2 * SECOND,
    );
    assert_eq!(sharing::supply(&cs).getting_data, 0);

    let p2p = run(
        sharing::build(sharing::Mode::PeerToPeer, DEFAULT_SEED),
        &[(SECOND, Intervention::Crash(sharing::SERVER))],
        2 * SECOND,
    );
    assert_eq!(
        sharing::supply(&p2p),
        sharing::Supply {
            running: 4,
            getting_data: 4,
            started: true
        }
    );
}

#[test]
fn search_answers_in_about_200_ms_and_partially_without_a_shard() {
    let sim = run(search::build(DEFAULT_SEED), &[], 5 * SECOND);
    let answers = search::answers(&sim);
    assert!(answers.len() >= 10);
    assert!(answers.iter().all(|a| a.slices == search::INDEX_SERVERS));
    let mean = search::mean_response_us(answers).unwrap();
    assert!((150 * MS..=230 * MS).contains(&mean), "mean {mean} µs");

    let sim = run(
        search::build(DEFAULT_SEED),
        &[(SECOND, Intervention::Crash(search::FIRST_INDEX))],
        5 * SECOND,
    );
    let late: Vec<_> = search::answers(&sim)
        .iter()
        .filter(|a| a.sent_at_us > SECOND)
        .copied()
        .collect();
    assert!(!late.is_empty());
    assert!(late.iter().all(|a| a.slices == search::INDEX_SERVERS - 1));
    assert!(search::mean_response_us(&late).unwrap() > mean);
}

#[test]
fn the_viewer_uses_the_nearest_edge_and_fails_over() {
    let sim = run(cdn::build(DEFAULT_SEED), &[], 2 * SECOND);
    let stats = cdn::viewer_stats(&sim);
    let last = stats.last.unwrap();
    assert_eq!((last.edge, last.round_trip_us), (0, 10 * MS));
    assert_eq!(stats.received[1] + stats.received[2], 0);

    let sim = run(
        cdn::build(DEFAULT_SEED),
        &[(SECOND, Intervention::Crash(cdn::EDGES[0]))],
        2 * SECOND,
    );
    let stats = cdn::viewer_stats(&sim);
    assert_eq!(stats.failovers, 1);
    let last = stats.last.unwrap();
    assert_eq!((last.edge, last.round_trip_us), (1, 70 * MS));

    let sim = run(
        cdn::build(DEFAULT_SEED),
        &[
            (SECOND, Intervention::Crash(cdn::EDGES[0])),
            (SECOND, Intervention::Crash(cdn::EDGES[1])),
        ],
        2 * SECOND,
    );
    let last = cdn::viewer_stats(&sim).last.unwrap();
    assert_eq!((last.edge, last.round_trip_us), (2, 150 * MS));
}

#[test]
fn predictors_compute_the_expected_answers() {
    let p = IntroPredictors;
    assert_eq!(p.correct_choice("intro.shop-crash-d"), Some(1));
    assert_eq!(p.correct_choice("intro.cs-server-crash"), Some(0));
    assert_eq!(
        DATA_CHOICES[p.correct_choice("intro.p2p-peer-crash").unwrap()],
        4
    );
    assert_eq!(p.correct_choice("intro.search-shard-crash"), Some(1));
    // The run shown after answering is the one the question describes: D crashed.
    let run = p.scenario("intro.shop-crash-d").unwrap();
    assert!(run.starts_with("architecture&seed=7&ops="), "{run}");
    assert!(
        run.contains(&format!("~crash.{}&t=1000000", shop::SERVER_D)),
        "{run}"
    );
    assert_eq!(p.expected_choices("intro.search-shard-crash"), Some(3));
    assert_eq!(p.expected_choices("intro.nothing"), None);
    assert_eq!(p.correct_choice("intro.nothing"), None);
    for name in IntroPredictors::names() {
        assert!(p.correct_choice(name).is_some(), "{name}");
    }
}

#[test]
fn every_predictor_of_the_lesson_has_a_question() {
    // Loading and checking the quiz itself is the registry test's job.
    let (_, text) = distlab::lessons::intro::QUIZ_FILE;
    for name in IntroPredictors::names() {
        assert!(
            text.contains(&format!("predict = \"{name}\"")),
            "{name} has a question"
        );
    }
}
