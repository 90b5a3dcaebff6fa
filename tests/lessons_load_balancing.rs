//! The load-balancing lesson's simulation model: request conservation after every event,
//! what each strategy does with the same arrivals, health checks, the hash ring, and
//! determinism. Numbers the lesson quotes are printed (`--nocapture`) as well as checked.

use distlab::lessons::load_balancing::scenes::balancer::{HealthConfig, PoolEventKind};
use distlab::lessons::load_balancing::scenes::cluster::{self, ClusterConfig};
use distlab::lessons::load_balancing::scenes::ring;
use distlab::lessons::load_balancing::scenes::server::ServerSpec;
use distlab::lessons::load_balancing::scenes::strategies::StrategiesConfig;
use distlab::lessons::load_balancing::scenes::strategy::Strategy;
use distlab::lessons::load_balancing::scenes::traffic::{Burst, CostDist};
use distlab::lessons::load_balancing::scenes::{
    bench, bottleneck, hashing, health, presets, scale, strategies, LoadBalancingSim,
};
use distlab::sim::{Intervention, SimTime, MS, SECOND};

fn run(config: &ClusterConfig, seed: u64, until_us: SimTime) -> LoadBalancingSim {
    let mut sim: LoadBalancingSim = cluster::build(config, seed);
    sim.run_until(until_us);
    sim
}

/// A small, overloaded, crash-prone cluster whose every part varies with the seed.
fn stress_config(seed: u64) -> ClusterConfig {
    let strategy = Strategy::ALL[seed as usize % Strategy::ALL.len()];
    let mut config = StrategiesConfig {
        strategy,
        rate_per_s: 150 + (seed % 5) as u32 * 60,
        burst: seed.is_multiple_of(3).then_some(Burst {
            period_us: 100 * MS,
            on_us: 30 * MS,
            on_factor_pct: 300,
        }),
        cost: match seed % 3 {
            0 => CostDist::Constant { us: 30 * MS },
            1 => CostDist::Exponential { mean_us: 40 * MS },
            _ => CostDist::heavy_tailed(40 * MS),
        },
        queue: 2,
        view_refresh_us: if seed.is_multiple_of(2) { 0 } else { 50 * MS },
        ..StrategiesConfig::default()
    }
    .cluster();
    config.clients[0].timeout_us = 60 * MS + (seed % 4) * 20 * MS;
    if seed % 4 < 2 {
        config.balancer.health = Some(HealthConfig {
            interval_us: 40 * MS,
            threshold: 2,
            timeout_us: 20 * MS,
        });
    }
    if seed.is_multiple_of(5) {
        config.database = Some(cluster::DatabaseSpec {
            server: ServerSpec::new(100, 2, 2),
            query_cost_us: 5 * MS,
        });
    }
    config
}

/// issued = completed + dropped + timed_out + in_flight, from the nodes and the counters.
fn assert_conserved(sim: &LoadBalancingSim, seed: u64) {
    let t = cluster::totals(sim);
    assert!(t.balances(), "seed {seed} at {} µs: {t:?}", sim.now());
    let named = |name| sim.named_counter(name);
    assert_eq!(
        (named("issued"), named("completed"), named("dropped")),
        (t.issued, t.completed, t.dropped),
        "seed {seed}"
    );
    assert_eq!(named("timed_out"), t.timed_out, "seed {seed}");
}

#[test]
fn every_request_is_accounted_for_after_every_event() {
    const SEEDS: u64 = 1_000;
    let (mut events, mut fates) = (0, [0u64; 3]);
    for seed in 0..SEEDS {
        let config = stress_config(seed);
        let mut sim: LoadBalancingSim = cluster::build(&config, seed);
        let victim = config.server_id(seed as usize % config.servers.len());
        let script = [
            (60 * MS, Intervention::Crash(victim)),
            (140 * MS, Intervention::Restart(victim)),
            (170 * MS, Intervention::Crash(config.balancer_id())),
            (190 * MS, Intervention::Restart(config.balancer_id())),
            (200 * MS, Intervention::Crash(0)),
            (215 * MS, Intervention::Restart(0)),
        ];
        let mut next = 0;
        while sim.next_event_time().is_some_and(|t| t <= 300 * MS) {
            while next < script.len() && sim.next_event_time().is_some_and(|t| t > script[next].0) {
                sim.apply_intervention(&script[next].1);
                next += 1;
            }
            sim.step();
            events += 1;
            assert_conserved(&sim, seed);
        }
        let t = cluster::totals(&sim);
        fates[0] += t.completed;
        fates[1] += t.dropped;
        fates[2] += t.timed_out;
    }
    println!("conservation: {SEEDS} seeds, {events} events, completed/dropped/timed out {fates:?}");
    assert!(
        fates.iter().all(|&n| n > 1_000),
        "every fate is exercised: {fates:?}"
    );
}

#[test]
fn round_robin_spreads_exactly_evenly_over_equal_servers() {
    for seed in 0..20 {
        let config = StrategiesConfig {
            speeds_pct: vec![100; 4],
            rate_per_s: 100,
            ..StrategiesConfig::with(Strategy::RoundRobin)
        };
        let sim = run(&config.cluster(), seed, 3 * SECOND);
        let sent: Vec<u64> = cluster::server_reports(&sim)
            .iter()
            .map(|r| r.sent)
            .collect();
        let (min, max) = (sent.iter().min().unwrap(), sent.iter().max().unwrap());
        assert!(max - min <= 1, "seed {seed}: {sent:?}");
        // All but the few requests still on their way to the balancer were routed.
        let (routed, issued) = (sent.iter().sum::<u64>(), cluster::totals(&sim).issued);
        assert!(
            routed <= issued && issued - routed <= 3,
            "seed {seed}: {routed} of {issued}"
        );
    }
}

/// Eight equal servers (1×, 2 workers, a queue long enough never to refuse) at 90%.
fn ninety_percent(strategy: Strategy, view_refresh_us: SimTime) -> ClusterConfig {
    let config = StrategiesConfig {
        strategy,
        speeds_pct: vec![100; 8],
        queue: 1_000,
        rate_per_s: 288,
        view_refresh_us,
        ..StrategiesConfig::default()
    };
    assert!((config.utilisation() - 0.9).abs() < 1e-9);
    let mut cluster = config.cluster();
    cluster.clients[0].timeout_us = 60 * SECOND;
    cluster.balancer.forget_after_us = 60 * SECOND;
    cluster
}

#[test]
fn two_choices_keep_the_longest_queue_shorter_than_random() {
    const SEEDS: u64 = 40;
    let (mut p2c_total, mut random_total, mut worse) = (0, 0, Vec::new());
    for seed in 0..SEEDS {
        let p2c = cluster::max_queue(&run(
            &ninety_percent(Strategy::PowerOfTwoChoices, 0),
            seed,
            4 * SECOND,
        ));
        let random =
            cluster::max_queue(&run(&ninety_percent(Strategy::Random, 0), seed, 4 * SECOND));
        p2c_total += p2c;
        random_total += random;
        if p2c > random {
            worse.push((seed, p2c, random));
        }
    }
    let (p2c_mean, random_mean) = (
        p2c_total as f64 / SEEDS as f64,
        random_total as f64 / SEEDS as f64,
    );
    println!("90% load, max queue over 4 s, mean of {SEEDS} seeds: p2c {p2c_mean:.1}, random {random_mean:.1}; seeds where p2c was worse: {worse:?}");
    // Per seed, the longest queue of the run under two choices is never above random's.
    assert!(worse.is_empty(), "{worse:?}");
    assert!(p2c_mean * 3.0 < random_mean);
}

#[test]
fn least_connections_herds_on_a_stale_view_and_two_choices_does_not() {
    let refresh = 200 * MS;
    let mut lines = Vec::new();
    let (mut lc_drops, mut p2c_drops) = (0, 0);
    for seed in 0..10 {
        let stale = |strategy| {
            let config = StrategiesConfig {
                strategy,
                speeds_pct: vec![100; 4],
                rate_per_s: 112,
                view_refresh_us: refresh,
                ..StrategiesConfig::default()
            };
            let sim = run(&config.cluster(), seed, 6 * SECOND);
            (cluster::totals(&sim).dropped, cluster::max_queue(&sim))
        };
        let (lc, p2c) = (
            stale(Strategy::LeastConnections),
            stale(Strategy::PowerOfTwoChoices),
        );
        assert!(
            lc.0 > p2c.0 && lc.1 >= p2c.1,
            "seed {seed}: least-conn {lc:?}, p2c {p2c:?}"
        );
        lc_drops += lc.0;
        p2c_drops += p2c.0;
        lines.push((seed, lc, p2c));
    }
    println!("stale view ({refresh} µs), 4 equal servers at 70%, 6 s: (seed, (least-conn drops, max queue), (p2c drops, max queue)) {lines:?}");
    println!("stale view totals over 10 seeds: least-conn {lc_drops} drops, p2c {p2c_drops} drops");
}

#[test]
fn consistent_hashing_moves_about_one_share_when_a_server_joins() {
    // ε: with 200 virtual nodes a server's share varies by ~1/√200 ≈ 7%; ε = 0.25 covers
    // every N from 1 to 20 with 100,000 keys (the worst is printed).
    const EPSILON: f64 = 0.25;
    let keys = 100_000;
    let mut worst: f64 = 0.0;
    for n in 1..=20 {
        let report = ring::join_report(n, 200, keys);
        let ratio = report.moved_ring as f64 / report.ideal();
        worst = worst.max(ratio);
        assert!(ratio <= 1.0 + EPSILON, "N = {n}: {report:?}");
    }
    println!(
        "ring join, 200 vnodes, 100,000 keys, N = 1..20: worst moved / (K/(N+1)) = {worst:.3}"
    );
}

#[test]
fn hash_mod_n_moves_almost_every_key() {
    let keys = 100_000;
    for n in 2..=20 {
        let report = ring::join_report(n, 200, keys);
        let moved = report.moved_mod_n as f64 / keys as f64;
        let expected = n as f64 / (n + 1) as f64;
        assert!(
            (moved - expected).abs() < 0.01,
            "N = {n}: {moved} vs {expected}"
        );
    }
    let four = ring::join_report(4, 100, 10_000);
    println!(
        "4 → 5 servers, 10,000 keys: ring moves {}, mod N moves {}",
        four.moved_ring, four.moved_mod_n
    );
}

#[test]
fn virtual_nodes_even_out_the_keys_per_server() {
    for (v, bound) in [(1, f64::MAX), (10, 0.4), (100, 0.15), (1_000, 0.06)] {
        let servers: Vec<usize> = (0..10).collect();
        let counts = ring::keys_per_server(&ring::Ring::new(&servers, v), &servers, 100_000);
        let relative = ring::std_dev(&counts) / 10_000.0;
        println!(
            "10 servers, {v} virtual nodes: std dev of keys per server {:.1}% of the mean",
            relative * 100.0
        );
        assert!(relative < bound, "{v} virtual nodes: {relative}");
    }
}

#[test]
fn health_checks_stop_traffic_to_a_crashed_server_in_time_and_resume_it() {
    let config = health::HealthSceneConfig::default();
    let b = config.server_id(health::SUGGESTED_SERVER);
    let bound = health::detection_bound_us(&health::HEALTH);
    for seed in 0..20 {
        let crash_at = 2 * SECOND + seed * 37 * MS;
        let restart_at = crash_at + 3 * SECOND;
        let mut sim: LoadBalancingSim = health::build(&config, seed);
        sim.run_until(crash_at);
        sim.apply_intervention(&Intervention::Crash(b));
        sim.run_until(restart_at - 1);
        let last = health::last_sent_at_us(&sim, b).unwrap();
        assert!(last <= crash_at + bound, "seed {seed}: last sent {last} µs");
        // The last request reaches B at most one link latency later.
        assert!(last + presets::LINK_MAX_US <= crash_at + bound + presets::LINK_MAX_US);
        sim.apply_intervention(&Intervention::Restart(b));
        sim.run_until(restart_at + SECOND);
        let up = health::last_event_at_us(&sim, b, PoolEventKind::BackUp).unwrap();
        let round_trip = 2 * presets::LINK_MAX_US;
        assert!(
            up <= restart_at + health::HEALTH.interval_us + round_trip,
            "seed {seed}"
        );
        assert!(
            health::last_sent_at_us(&sim, b).unwrap() > up,
            "seed {seed}: B gets traffic again"
        );
    }
}

#[test]
fn health_checks_cut_the_requests_lost_to_a_crash() {
    let crashed = |config: &health::HealthSceneConfig| {
        let sim: LoadBalancingSim = health::build(config, health::DEFAULT_SEED);
        health::lost(&distlab::lessons::kit::run_script(
            sim,
            &config.suggested_script(),
            health::HORIZON_US,
        ))
    };
    let with = crashed(&health::HealthSceneConfig::default());
    let without = crashed(&health::HealthSceneConfig::unchecked());
    println!("B down 2 s → 6 s: lost with health checks {with}, without {without}");
    assert!(with * 4 < without);
}

#[test]
fn strategies_at_the_defaults() {
    let mut lines = Vec::new();
    for strategy in Strategy::ALL {
        let sim = run(
            &StrategiesConfig::with(strategy).cluster(),
            strategies::DEFAULT_SEED,
            strategies::HORIZON_US,
        );
        let t = cluster::totals(&sim);
        assert!(t.balances());
        lines.push(format!(
            "{:>11}: dropped {:>4}, timed out {:>3}, p50 {:>3} ms, p99 {:>4} ms, max queue {}",
            strategy.name(),
            t.dropped,
            t.timed_out,
            cluster::p50_us(&sim).unwrap_or(0) / MS,
            cluster::p99_us(&sim).unwrap_or(0) / MS,
            cluster::max_queue(&sim)
        ));
    }
    println!(
        "lb-strategies defaults, seed 7, 10 s:\n{}",
        lines.join("\n")
    );
}

#[test]
fn throughput_reads_what_completed_in_the_window() {
    let sim = run(
        &StrategiesConfig::with(Strategy::PowerOfTwoChoices).cluster(),
        1,
        5 * SECOND,
    );
    let rate = cluster::throughput_per_s(&sim, 2 * SECOND);
    assert!((140.0..180.0).contains(&rate), "{rate}");
    assert!(cluster::p50_us(&sim) <= cluster::p95_us(&sim));
    assert!(cluster::p95_us(&sim) <= cluster::p99_us(&sim));
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let hash = |build: fn(u64) -> LoadBalancingSim, seed| {
        let mut sim = build(seed);
        sim.run_until(2 * SECOND);
        sim.trace_hash()
    };
    let scenes: [fn(u64) -> LoadBalancingSim; 6] = [
        strategies::build_default,
        scale::build_default,
        health::build_default,
        hashing::build_default,
        bottleneck::build_default,
        bench::build,
    ];
    for build in scenes {
        assert_eq!(hash(build, 11), hash(build, 11));
        assert_ne!(hash(build, 11), hash(build, 12));
    }
}

mod predictors {
    use distlab::lessons::load_balancing::predictors::*;
    use distlab::quiz::{parse_quiz, Predictors};

    #[test]
    fn the_drafted_quiz_parses_with_the_lessons_predictors() {
        let text = std::fs::read_to_string("src/lessons/load_balancing/quiz.toml").expect("quiz");
        let quiz = parse_quiz("quiz.toml", &text, &LoadBalancingPredictors)
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert!(quiz.questions().len() >= 12);
    }

    #[test]
    fn the_predicted_answers_come_from_runs_with_clear_margins() {
        let drops: Vec<u64> = DROP_CHOICES.iter().map(|&s| drops_with(s)).collect();
        let moved = keys_moved_by_fifth();
        let ratio = p99_ratio().expect("both runs complete requests");
        println!("drops {drops:?}, keys moved {moved}, p99 ratio {ratio:.2}");
        let p = LoadBalancingPredictors;
        assert_eq!(
            p.correct_choice(KEYS_MOVE_FIFTH),
            Some(1),
            "about 200 of 1,000 keys"
        );
        assert_eq!(p.correct_choice(P99_AT_90), Some(2), "three times or more");
        assert!((150..=250).contains(&moved), "{moved}");
        assert!(ratio >= 3.0, "{ratio}");
    }
}
