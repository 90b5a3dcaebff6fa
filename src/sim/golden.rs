//! The pinned golden scenario: one fixed run whose trace hash must be identical natively and in wasm.
//!
//! Two simulations with seed 42 and 10% loss, run to 2 s, with interventions exercising
//! crashes, restarts, partitions, duplication, clock changes and a drop rule:
//! a 5-node request/response system (two clients, one non-idempotent volatile server,
//! one idempotent server, one bystander client) and a 5-node gossip. Their trace hashes
//! are folded into one.

use super::network::{DropCause, Latency, LinkConfig, Rule, RuleAction};
use super::protocols::gossip::Gossip;
use super::protocols::reqresp::{ClientConfig, ReqResp};
use super::{combine_hashes, Intervention, Simulation, MS, SECOND};

/// The seed of the golden scenario.
pub const GOLDEN_SEED: u64 = 42;

/// The expected value of [`golden_trace_hash`].
pub const GOLDEN_TRACE_HASH: u64 = 0x069e_773f_2218_0196;

/// Run the request/response half of the golden scenario; returns its simulation at 2 s.
pub fn golden_reqresp() -> Simulation<ReqResp> {
    let client = ClientConfig {
        requests: 40,
        timeout_us: 30 * MS,
        max_retries: 4,
        think_time_us: 3 * MS,
        auto_start: true,
    };
    let mut sim = Simulation::builder(GOLDEN_SEED)
        .node("alice", ReqResp::client(2, client))
        .node("bob", ReqResp::client(2, client))
        .node("counter", ReqResp::volatile_server(false))
        .node("ledger", ReqResp::server(true))
        .node("carol", ReqResp::client(3, client))
        .link_all(LinkConfig {
            latency: Latency::Uniform {
                min_us: 2 * MS,
                max_us: 12 * MS,
            },
            loss_ppm: 100_000,
            ..LinkConfig::default()
        })
        .link(
            4,
            3,
            LinkConfig {
                latency: Latency::Pareto {
                    min_us: 3 * MS,
                    max_us: 80 * MS,
                },
                loss_ppm: 100_000,
                duplicate_ppm: 50_000,
                reorder_ppm: 100_000,
                reorder_delay_us: 15 * MS,
            },
        )
        .rule(
            Rule::new(RuleAction::Drop(DropCause::Rule))
                .from(2)
                .to(0)
                .kind("response")
                .times(2),
        )
        .rule(
            Rule::new(RuleAction::Delay(4 * MS))
                .from(1)
                .kind("request")
                .times(5),
        )
        .clock(0, 1_500, 120)
        .clock(1, -2_000, -80)
        .build();
    sim.run_until(300 * MS);
    sim.apply_intervention(&Intervention::Crash(2));
    sim.run_until(450 * MS);
    sim.apply_intervention(&Intervention::Restart(2));
    sim.apply_intervention(&Intervention::Cut(1, 2));
    sim.run_until(700 * MS);
    sim.apply_intervention(&Intervention::Heal(1, 2));
    sim.apply_intervention(&Intervention::SetDuplication { ppm: 30_000 });
    sim.apply_intervention(&Intervention::SetClock {
        node: 4,
        offset_us: -7_000,
        drift_ppm: 300,
    });
    sim.run_until(900 * MS);
    sim.apply_intervention(&Intervention::Pause(3));
    sim.run_until(1_000 * MS);
    sim.apply_intervention(&Intervention::Resume(3));
    sim.run_until(2 * SECOND);
    sim
}

/// Run the gossip half of the golden scenario; returns its simulation at 2 s.
pub fn golden_gossip() -> Simulation<Gossip> {
    let mut builder = Simulation::builder(GOLDEN_SEED).link_all(LinkConfig {
        latency: Latency::Pareto {
            min_us: 5 * MS,
            max_us: 100 * MS,
        },
        loss_ppm: 100_000,
        ..LinkConfig::default()
    });
    for id in 0..5 {
        builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 2, 40 * MS, 4));
    }
    let mut sim = builder.build();
    sim.run_until(60 * MS);
    sim.apply_intervention(&Intervention::CutOneWay { from: 0, to: 3 });
    sim.apply_intervention(&Intervention::Crash(4));
    sim.run_until(400 * MS);
    sim.apply_intervention(&Intervention::Restart(4));
    sim.apply_intervention(&Intervention::HealAll);
    sim.run_until(2 * SECOND);
    sim
}

/// The combined trace hash of the golden scenario.
pub fn golden_trace_hash() -> u64 {
    combine_hashes(&[golden_reqresp().trace_hash(), golden_gossip().trace_hash()])
}
