#![cfg(not(target_arch = "wasm32"))]
//! Time travel: seeking reproduces identical state, interventions replay at their exact position,
//! and the text forms of interventions round-trip and never panic.

use std::rc::Rc;

use distlab::sim::protocols::gossip::Gossip;
use distlab::sim::protocols::reqresp::{ClientConfig, ReqResp};
use distlab::sim::{
    Intervention, LinkConfig, Recorded, SimTime, Simulation, Timeline, World, WorldBuilder, MS,
    SECOND,
};
use proptest::prelude::*;

fn reqresp_builder(seed: u64) -> WorldBuilder {
    Rc::new(move || -> Box<dyn World> {
        let config = ClientConfig {
            requests: 1_000,
            timeout_us: 25 * MS,
            max_retries: 3,
            think_time_us: 2 * MS,
            auto_start: true,
        };
        Box::new(
            Simulation::builder(seed)
                .node("c0", ReqResp::client(2, config))
                .node("c1", ReqResp::client(2, config))
                .node("server", ReqResp::server(false))
                .link_all(
                    LinkConfig::uniform(MS, 9 * MS)
                        .with_loss_ppm(80_000)
                        .with_duplicate_ppm(20_000),
                )
                .build(),
        )
    })
}

/// Six nodes that broadcast with constant latency: many events share an instant.
fn broadcast_builder(seed: u64) -> WorldBuilder {
    Rc::new(move || -> Box<dyn World> {
        let mut builder = Simulation::builder(seed).link_all(LinkConfig::constant(5 * MS));
        for id in 0..6 {
            builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 5, 10 * MS, 2));
        }
        Box::new(builder.build())
    })
}

#[derive(Debug, PartialEq)]
struct Fingerprint {
    now: SimTime,
    events: u64,
    hash: u64,
    trace_len: u64,
    counters: distlab::sim::Counters,
    snapshot: distlab::sim::Snapshot,
}

fn fingerprint(world: &dyn World) -> Fingerprint {
    Fingerprint {
        now: world.now(),
        events: world.events_processed(),
        hash: world.trace_hash(),
        trace_len: world.trace_len(),
        counters: world.counters(),
        snapshot: world.snapshot(),
    }
}

fn scripted_timeline() -> Timeline {
    let mut timeline = Timeline::new(reqresp_builder(5));
    timeline.set_checkpoint_interval(64);
    timeline.advance_to(200 * MS);
    timeline.intervene(Intervention::Crash(2));
    timeline.advance_to(400 * MS);
    timeline.intervene(Intervention::Restart(2));
    timeline.intervene(Intervention::Cut(0, 2));
    timeline.advance_to(700 * MS);
    timeline.intervene(Intervention::Heal(0, 2));
    timeline.intervene(Intervention::SetLoss { ppm: 300_000 });
    timeline.advance_to(SECOND);
    timeline
}

#[test]
fn seek_back_and_forward_reproduces_identical_state() {
    let mut timeline = scripted_timeline();
    assert!(timeline.checkpoint_count() > 3);
    let at_end = fingerprint(timeline.world());
    for t in [333 * MS, 0, 999 * MS, 200 * MS, 450 * MS, 12_345] {
        timeline.seek(t);
        let mut straight =
            Timeline::with_interventions(reqresp_builder(5), timeline.interventions().to_vec());
        straight.set_checkpoint_interval(1_000_000);
        straight.advance_to(t);
        assert_eq!(
            fingerprint(timeline.world()),
            fingerprint(straight.world()),
            "seek to {t}"
        );
        timeline.seek(SECOND);
        assert_eq!(
            fingerprint(timeline.world()),
            at_end,
            "back to the end from {t}"
        );
    }
    assert_eq!(timeline.interventions().len(), 5);
}

#[test]
fn intervention_after_a_mid_instant_step_replays_exactly() {
    let mut timeline = Timeline::new(broadcast_builder(9));
    timeline.advance_to(4 * MS);
    // Step into the instant at 5 ms where five rumours arrive together.
    assert!(timeline.step());
    assert_eq!(timeline.now(), 5 * MS);
    assert_eq!(
        timeline.world().next_event_time(),
        Some(5 * MS),
        "still mid-instant"
    );
    timeline.intervene(Intervention::Crash(4));
    timeline.advance_to(100 * MS);
    let original = fingerprint(timeline.world());
    let recorded = timeline.interventions().to_vec();
    assert_eq!(recorded[0].events, 1);

    timeline.seek(0);
    timeline.seek(100 * MS);
    assert_eq!(fingerprint(timeline.world()), original);

    let link = Recorded::encode_list(&recorded);
    let mut restored =
        Timeline::with_interventions(broadcast_builder(9), Recorded::decode_list(&link).unwrap());
    restored.advance_to(100 * MS);
    assert_eq!(fingerprint(restored.world()), original);

    // Stepping one event at a time through the replay applies it at the same place.
    let mut stepped = Timeline::with_interventions(broadcast_builder(9), recorded.clone());
    while stepped
        .world()
        .next_event_time()
        .is_some_and(|t| t <= 100 * MS)
    {
        stepped.step();
    }
    assert_eq!(stepped.world().trace_hash(), original.hash);

    // Crashing after the whole instant is a different history.
    let mut later = Timeline::new(broadcast_builder(9));
    later.advance_to(5 * MS);
    later.intervene(Intervention::Crash(4));
    later.advance_to(100 * MS);
    assert_ne!(later.world().trace_hash(), original.hash);
}

#[test]
fn intervening_after_scrubbing_back_rewrites_the_future() {
    let mut timeline = Timeline::new(reqresp_builder(6));
    timeline.advance_to(300 * MS);
    timeline.intervene(Intervention::Crash(1));
    timeline.advance_to(600 * MS);
    timeline.intervene(Intervention::Restart(1));
    timeline.advance_to(900 * MS);
    timeline.seek(400 * MS);
    assert_eq!(timeline.applied_interventions(), 1);
    timeline.intervene(Intervention::Cut(0, 2));
    let kinds: Vec<Intervention> = timeline
        .interventions()
        .iter()
        .map(|r| r.intervention)
        .collect();
    assert_eq!(kinds, vec![Intervention::Crash(1), Intervention::Cut(0, 2)]);
    timeline.advance_to(800 * MS);

    let mut fresh = Timeline::new(reqresp_builder(6));
    fresh.advance_to(300 * MS);
    fresh.intervene(Intervention::Crash(1));
    fresh.advance_to(400 * MS);
    fresh.intervene(Intervention::Cut(0, 2));
    fresh.advance_to(800 * MS);
    assert_eq!(fingerprint(timeline.world()), fingerprint(fresh.world()));
}

#[test]
fn recorded_future_replays_when_playing_forward_after_a_seek() {
    let mut timeline = scripted_timeline();
    let end = fingerprint(timeline.world());
    timeline.seek(100 * MS);
    assert_eq!(timeline.applied_interventions(), 0);
    timeline.advance_to(SECOND);
    assert_eq!(timeline.applied_interventions(), 5);
    assert_eq!(fingerprint(timeline.world()), end);
}

#[test]
fn reset_starts_over_without_interventions() {
    let mut timeline = scripted_timeline();
    timeline.reset();
    assert_eq!(timeline.now(), 0);
    assert!(timeline.interventions().is_empty());
    let mut fresh = Timeline::new(reqresp_builder(5));
    timeline.advance_to(500 * MS);
    fresh.advance_to(500 * MS);
    assert_eq!(fingerprint(timeline.world()), fingerprint(fresh.world()));
}

#[test]
fn downcasting_reaches_protocol_state() {
    let timeline = scripted_timeline();
    let sim = timeline
        .world_as::<Simulation<ReqResp>>()
        .expect("a reqresp simulation");
    assert!(sim.node(2).unwrap().as_server().unwrap().counter > 0);
    assert!(timeline.world_as::<Simulation<Gossip>>().is_none());
}

#[test]
fn intervention_text_examples() {
    let cases = [
        ("crash.1", Intervention::Crash(1)),
        ("restart.3", Intervention::Restart(3)),
        ("pause.0", Intervention::Pause(0)),
        ("resume.0", Intervention::Resume(0)),
        ("cut.0-2", Intervention::Cut(0, 2)),
        ("cut1.0-2", Intervention::CutOneWay { from: 0, to: 2 }),
        ("heal.2-0", Intervention::Heal(2, 0)),
        ("healall", Intervention::HealAll),
        ("loss.50000", Intervention::SetLoss { ppm: 50_000 }),
        ("dup.1000", Intervention::SetDuplication { ppm: 1_000 }),
        (
            "lat.1000-20000",
            Intervention::SetLatency {
                min_us: 1_000,
                max_us: 20_000,
            },
        ),
        (
            "clk.1.-5000.200",
            Intervention::SetClock {
                node: 1,
                offset_us: -5_000,
                drift_ppm: 200,
            },
        ),
    ];
    for (text, iv) in cases {
        assert_eq!(text.parse::<Intervention>().unwrap(), iv);
        assert_eq!(iv.to_string(), text);
    }
    let rec: Recorded = "12000~57~crash.1".parse().unwrap();
    assert_eq!(
        rec,
        Recorded {
            at: 12_000,
            events: 57,
            intervention: Intervention::Crash(1)
        }
    );
    assert_eq!(rec.to_string(), "12000~57~crash.1");
    for bad in [
        "",
        "crash",
        "crash.",
        "crash.x",
        "crash.-1",
        "cut.1",
        "cut.1-",
        "lat.5",
        "clk.1.2",
        "boom.1",
        "12000~57",
        "x~1~crash.1",
        "1~y~crash.1",
    ] {
        let err = bad
            .parse::<Recorded>()
            .err()
            .or_else(|| bad.parse::<Intervention>().err());
        assert!(err.is_some(), "{bad:?} should not parse");
        assert!(!err.unwrap().to_string().is_empty());
    }
    assert_eq!(Recorded::decode_list("").unwrap(), vec![]);
}

fn any_intervention() -> impl Strategy<Value = Intervention> {
    let node = 0usize..1000;
    prop_oneof![
        node.clone().prop_map(Intervention::Crash),
        node.clone().prop_map(Intervention::Restart),
        node.clone().prop_map(Intervention::Pause),
        node.clone().prop_map(Intervention::Resume),
        (node.clone(), node.clone()).prop_map(|(a, b)| Intervention::Cut(a, b)),
        (node.clone(), node.clone()).prop_map(|(from, to)| Intervention::CutOneWay { from, to }),
        (node.clone(), node.clone()).prop_map(|(a, b)| Intervention::Heal(a, b)),
        Just(Intervention::HealAll),
        any::<u32>().prop_map(|ppm| Intervention::SetLoss { ppm }),
        any::<u32>().prop_map(|ppm| Intervention::SetDuplication { ppm }),
        (any::<u64>(), any::<u64>())
            .prop_map(|(min_us, max_us)| Intervention::SetLatency { min_us, max_us }),
        (node, any::<i64>(), any::<i64>()).prop_map(|(node, offset_us, drift_ppm)| {
            Intervention::SetClock {
                node,
                offset_us,
                drift_ppm,
            }
        }),
    ]
}

proptest! {
    #[test]
    fn intervention_text_round_trips(iv in any_intervention(), at in any::<u64>(), events in any::<u64>()) {
        let text = iv.to_string();
        prop_assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || ".-~_".contains(c)), "not URL-safe: {}", text);
        prop_assert_eq!(text.parse::<Intervention>().unwrap(), iv);
        let rec = Recorded { at, events, intervention: iv };
        prop_assert_eq!(rec.to_string().parse::<Recorded>().unwrap(), rec);
        prop_assert_eq!(Recorded::decode_list(&Recorded::encode_list(&[rec, rec])).unwrap(), vec![rec, rec]);
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(s in any::<String>()) {
        let _ = s.parse::<Intervention>();
        let _ = s.parse::<Recorded>();
        let _ = Recorded::decode_list(&s);
    }

    #[test]
    fn parsing_url_alphabet_text_never_panics(s in "[a-z0-9.~_-]{0,40}") {
        let _ = s.parse::<Intervention>();
        let _ = s.parse::<Recorded>();
        let _ = Recorded::decode_list(&s);
    }
}
