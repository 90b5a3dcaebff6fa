#![cfg(not(target_arch = "wasm32"))]
//! The reference protocols: request/response idempotency under a lost reply, retries, and gossip coverage.

use distlab::sim::protocols::gossip::Gossip;
use distlab::sim::protocols::reqresp::{ClientConfig, ReqResp, RpcTimer};
use distlab::sim::TimerTag;
use distlab::sim::{DropCause, LinkConfig, Rule, RuleAction, SimTime, Simulation, MS, SECOND};

fn one_request() -> ClientConfig {
    ClientConfig {
        requests: 1,
        timeout_us: 20 * MS,
        max_retries: 3,
        think_time_us: 0,
        auto_start: true,
    }
}

fn lost_reply_run(idempotent: bool) -> Simulation<ReqResp> {
    let mut sim = Simulation::builder(1)
        .node("client", ReqResp::client(1, one_request()))
        .node("server", ReqResp::server(idempotent))
        .link_all(LinkConfig::constant(2 * MS))
        .rule(
            Rule::new(RuleAction::Drop(DropCause::Rule))
                .from(1)
                .to(0)
                .kind("response")
                .times(1),
        )
        .build();
    sim.run_until(SECOND);
    sim
}

#[test]
fn non_idempotent_server_applies_a_retried_request_twice() {
    let sim = lost_reply_run(false);
    let c = sim.counters();
    assert_eq!(c.named("applied"), 2);
    assert_eq!(c.named("retries"), 1);
    assert_eq!(c.named("completed"), 1);
    assert_eq!(c.dropped.rule, 1);
    // The request took the 20 ms timeout plus the retry's 4 ms round trip.
    assert_eq!(c.request_latency.count, 1);
    assert_eq!(c.request_latency.max_us, 24 * MS);
    // Every delivery took the links' constant 2 ms.
    assert_eq!(c.delivery_latency.mean_us(), Some(2 * MS));
    assert_eq!(c.delivery_latency.count, c.delivered);
    assert_eq!(sim.node(1).unwrap().as_server().unwrap().counter, 2);
    assert_eq!(
        sim.node(0).unwrap().as_client().unwrap().last_value,
        Some(2)
    );
}

#[test]
fn idempotent_server_applies_a_retried_request_once() {
    let sim = lost_reply_run(true);
    let c = sim.counters();
    assert_eq!(c.named("applied"), 1);
    assert_eq!(c.named("retries"), 1);
    assert_eq!(c.named("completed"), 1);
    assert_eq!(sim.node(1).unwrap().as_server().unwrap().counter, 1);
    assert_eq!(
        sim.node(0).unwrap().as_client().unwrap().last_value,
        Some(1)
    );
}

#[test]
fn reliable_network_needs_no_retries() {
    let config = ClientConfig {
        requests: 10,
        ..ClientConfig::default()
    };
    let mut sim = Simulation::builder(2)
        .node("client", ReqResp::client(1, config))
        .node("server", ReqResp::server(false))
        .link_all(LinkConfig::uniform(MS, 3 * MS))
        .build();
    sim.run_until(10 * SECOND);
    let c = sim.counters();
    assert_eq!(
        (c.named("applied"), c.named("completed"), c.named("retries")),
        (10, 10, 0)
    );
    assert_eq!(sim.node(0).unwrap().display_state(), "done 10/10");
    assert_eq!(
        sim.node(0).unwrap().as_client().unwrap().latencies_us.len(),
        10
    );
}

#[test]
fn client_gives_up_after_max_retries_when_the_server_is_down() {
    let mut sim = Simulation::builder(3)
        .node("client", ReqResp::client(1, one_request()))
        .node("server", ReqResp::server(false))
        .link_all(LinkConfig::constant(MS))
        .build();
    sim.crash(1);
    sim.run_until(SECOND);
    let c = sim.counters();
    assert_eq!(c.named("retries"), 3);
    assert_eq!(c.named("gave_up"), 1);
    assert_eq!(c.dropped.crashed_receiver, 4);
}

#[test]
fn volatile_server_forgets_on_restart_and_durable_does_not() {
    for (server, expected) in [
        (ReqResp::server(true), 3),
        (ReqResp::volatile_server(true), 0),
    ] {
        let config = ClientConfig {
            requests: 3,
            think_time_us: 0,
            ..ClientConfig::default()
        };
        let mut sim = Simulation::builder(4)
            .node("client", ReqResp::client(1, config))
            .node("server", server)
            .build();
        sim.run_until(SECOND);
        sim.crash(1);
        sim.restart(1);
        assert_eq!(sim.node(1).unwrap().as_server().unwrap().counter, expected);
    }
}

#[test]
fn requests_can_be_triggered_by_the_scenario() {
    let config = ClientConfig {
        requests: 2,
        auto_start: false,
        think_time_us: 0,
        ..ClientConfig::default()
    };
    let mut sim = Simulation::builder(5)
        .node("client", ReqResp::client(1, config))
        .node("server", ReqResp::server(false))
        .full_trace(true)
        .build();
    sim.run_until(100 * MS);
    assert_eq!(sim.counters().sent, 0);
    sim.schedule_timer(0, 150 * MS, RpcTimer::Issue.encode());
    sim.run_until(SECOND);
    assert_eq!(sim.counters().named("completed"), 2);
    assert_eq!(
        sim.full_trace()
            .iter()
            .find(|e| e.message.is_some())
            .unwrap()
            .time,
        150 * MS
    );
}

fn gossip(n: usize, loss_ppm: u32, seed: u64) -> Simulation<Gossip> {
    let mut builder = Simulation::builder(seed)
        .link_all(LinkConfig::uniform(MS, 10 * MS).with_loss_ppm(loss_ppm));
    for id in 0..n {
        builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 3, 20 * MS, 5));
    }
    builder.build()
}

#[test]
fn gossip_informs_everyone_and_then_goes_quiet() {
    for (loss_ppm, seed) in [(0, 1), (100_000, 2), (100_000, 3)] {
        let mut sim = gossip(30, loss_ppm, seed);
        sim.run_until(SimTime::MAX / 2);
        assert!(
            sim.nodes().all(|p| p.informed),
            "loss {loss_ppm} seed {seed}"
        );
        assert_eq!(sim.counters().named("informed"), 30);
        assert_eq!(sim.counters().in_flight, 0);
        assert_eq!(sim.counters().timers, 0);
        assert!(sim
            .node_views()
            .iter()
            .all(|v| v.state.starts_with("informed")));
    }
}
