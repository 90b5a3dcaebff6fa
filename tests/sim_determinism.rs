#![cfg(not(target_arch = "wasm32"))]
//! Determinism: same seed, same trace; different seeds, different traces; independent child streams; golden hash.

use distlab::sim::golden::{golden_gossip, golden_reqresp, golden_trace_hash, GOLDEN_TRACE_HASH};
use distlab::sim::protocols::gossip::Gossip;
use distlab::sim::protocols::pingpong::{Ball, PingPong};
use distlab::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, TraceKind, MS};

fn gossip(seed: u64, n: usize) -> Simulation<Gossip> {
    let mut builder =
        Simulation::builder(seed).link_all(LinkConfig::uniform(MS, 20 * MS).with_loss_ppm(50_000));
    for id in 0..n {
        builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 3, 10 * MS, 3));
    }
    let mut sim = builder.build();
    sim.run_until(SimTime::MAX / 2);
    sim
}

#[test]
fn golden_hash_is_pinned() {
    assert_eq!(
        golden_trace_hash(),
        GOLDEN_TRACE_HASH,
        "golden trace hash changed: {:#018x}",
        golden_trace_hash()
    );
}

#[test]
fn same_seed_same_trace_hash() {
    assert_eq!(golden_reqresp().trace_hash(), golden_reqresp().trace_hash());
    assert_eq!(golden_gossip().trace_hash(), golden_gossip().trace_hash());
    assert_eq!(gossip(7, 60).trace_hash(), gossip(7, 60).trace_hash());
    assert_eq!(gossip(7, 60).counters(), gossip(7, 60).counters());
}

#[test]
fn different_seeds_differ() {
    let mut hashes: Vec<u64> = (0..20).map(|seed| gossip(seed, 12).trace_hash()).collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 20);
}

#[test]
fn trace_hash_does_not_depend_on_trace_storage_options() {
    let run = |ring: usize, full: bool| {
        let mut sim = Simulation::builder(3)
            .node("a", PingPong::new(500))
            .node("b", PingPong::new(500))
            .link_all(LinkConfig::uniform(10, 900).with_loss_ppm(1000))
            .trace_ring_capacity(ring)
            .full_trace(full)
            .build();
        sim.run_until(SimTime::MAX / 2);
        sim.trace_hash()
    };
    let reference = run(1024, false);
    assert_eq!(run(0, false), reference);
    assert_eq!(run(7, true), reference);
}

#[test]
fn ring_keeps_the_newest_events_in_order() {
    let mut sim = Simulation::builder(3)
        .node("a", PingPong::new(100))
        .node("b", PingPong::new(100))
        .trace_ring_capacity(16)
        .full_trace(true)
        .build();
    sim.run_until(SimTime::MAX / 2);
    let full = sim.full_trace();
    let ring = sim.recent_events();
    assert_eq!(ring.len(), 16);
    assert_eq!(ring.as_slice(), &full[full.len() - 16..]);
    let tail = distlab::sim::World::recent_events_tail(&sim, 3);
    assert_eq!(tail.as_slice(), &full[full.len() - 3..]);
}

/// Draws four numbers from its own stream at start.
#[derive(Clone, Debug, Default)]
struct Dice {
    rolls: Vec<u64>,
}

impl Protocol for Dice {
    type Msg = Ball;
    fn role(&self) -> &'static str {
        "dice"
    }
    fn display_state(&self) -> String {
        format!("{:?}", self.rolls)
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Ball>) {
        self.rolls = (0..4).map(|_| ctx.random_below(1_000_000)).collect();
        if ctx.me() == 0 {
            for k in 0..20 {
                ctx.send(1, Ball::Ping(k));
            }
        }
    }
    fn on_message(&mut self, _ctx: &mut Ctx<'_, Ball>, _from: NodeId, _msg: Ball) {}
}

#[test]
fn adding_a_node_does_not_reshuffle_the_others() {
    let run = |n: usize| {
        let mut builder = Simulation::builder(11)
            .link_all(LinkConfig::uniform(MS, 50 * MS))
            .full_trace(true);
        for id in 0..n {
            builder = builder.node(format!("d{id}"), Dice::default());
        }
        let mut sim = builder.build();
        sim.run_until(SimTime::MAX / 2);
        let arrivals: Vec<SimTime> = sim
            .full_trace()
            .iter()
            .filter(|e| e.kind == TraceKind::Deliver)
            .map(|e| e.time)
            .collect();
        (
            sim.node(0).unwrap().rolls.clone(),
            sim.node(1).unwrap().rolls.clone(),
            arrivals,
        )
    };
    let small = run(2);
    let large = run(5);
    assert_eq!(small, large);
    assert_ne!(small.0, small.1, "nodes have distinct streams");
}
