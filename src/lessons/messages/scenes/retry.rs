//! Scenario `retry`: one request to add 1 to a counter, with a timeout and up to three
//! retries. Turn loss up and the client retries; lose a reply and a server that is not
//! idempotent applies the increment twice. The idempotency checkbox rebuilds the same run
//! with a server that remembers request ids (shared as scenario `retry-idempotent`).

use super::rpc::RpcNode;
use crate::lessons::kit::{self, Part};
use crate::sim::protocols::reqresp::{ClientConfig, ReqResp};
use crate::sim::{LinkConfig, NodeId, Protocol, Simulation, MS};

pub const NAME: &str = "retry";
/// The same scenario, opened with the idempotent server (share links of that variant).
pub const NAME_IDEMPOTENT: &str = "retry-idempotent";
pub const TITLE: &str = "Timeouts and retries";

pub const CLIENT: NodeId = 0;
pub const SERVER: NodeId = 1;
pub const LATENCY_MIN_US: u64 = 5 * MS;
pub const LATENCY_MAX_US: u64 = 12 * MS;
pub const TIMEOUT_US: u64 = 30 * MS;
const MAX_RETRIES: u32 = 3;
/// With this seed and loss at 30% from the start, the first reply is lost and the retry
/// gets through: a server that is not idempotent counts to 2 (checked by a test below).
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: u64 = 160 * MS;
/// The loss rate the lesson text tells the reader to set before pressing Play.
pub const SUGGESTED_LOSS_PPM: u32 = 300_000;

/// A builder for the client and a server that is, or is not, idempotent, in the lesson's
/// protocol `P`.
pub fn build<P: Protocol + From<RpcNode>>(idempotent: bool, seed: u64) -> Simulation<P> {
    let client = ClientConfig {
        requests: 1,
        timeout_us: TIMEOUT_US,
        max_retries: MAX_RETRIES,
        think_time_us: 0,
        auto_start: true,
    };
    let peer = |node| P::from(RpcNode::Peer(node));
    Simulation::builder(seed)
        .node("Client", peer(ReqResp::client(SERVER, client)))
        .node("Server", peer(ReqResp::server(idempotent)))
        .link_all(LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US))
        .build()
}

/// The server's counter in a run of the scenario.
pub fn server_counter<P: Protocol>(sim: &Simulation<P>) -> u64
where
    RpcNode: Part<P>,
{
    kit::part::<RpcNode, _>(sim, SERVER)
        .and_then(RpcNode::peer)
        .and_then(ReqResp::as_server)
        .map_or(0, |s| s.counter)
}

/// What the server's counter says about how often the one increment was applied.
pub fn applied_verdict(counter: u64) -> &'static str {
    match counter {
        0 => "(not applied yet)",
        1 => "(applied once)",
        2 => "(applied twice!)",
        _ => "(applied more than twice!)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::messages::scenes::rpc;
    use crate::sim::{Intervention, Timeline};

    // The scene on its own, in a protocol of its own: it needs nothing of its lesson.
    crate::lesson_protocol!(RpcOnly, RpcOnlyMsg; Rpc(rpc));
    type RpcSim = Simulation<RpcOnly>;

    fn final_counter(idempotent: bool, seed: u64, loss_ppm: u32) -> (u64, u64) {
        let mut timeline = Timeline::new(std::rc::Rc::new(move || {
            Box::new(build::<RpcOnly>(idempotent, seed)) as Box<dyn crate::sim::World>
        }));
        timeline.intervene(Intervention::SetLoss { ppm: loss_ppm });
        timeline.advance_to(HORIZON_US);
        let sim = timeline.world_as::<RpcSim>().expect("the scene's world");
        (
            server_counter(sim),
            timeline.world().counters().named("retries"),
        )
    }

    #[test]
    fn the_default_run_applies_twice_when_loss_is_up() {
        let (counter, retries) = final_counter(false, DEFAULT_SEED, SUGGESTED_LOSS_PPM);
        assert_eq!(counter, 2, "a lost reply and a retry that gets through");
        assert!(retries >= 1);
        let (counter, _) = final_counter(true, DEFAULT_SEED, SUGGESTED_LOSS_PPM);
        assert_eq!(counter, 1, "the idempotent server applies it once");
    }

    #[test]
    fn without_loss_nothing_is_retried() {
        assert_eq!(final_counter(false, DEFAULT_SEED, 0), (1, 0));
    }

    #[test]
    fn verdicts_read_well() {
        assert_eq!(applied_verdict(1), "(applied once)");
        assert_eq!(applied_verdict(2), "(applied twice!)");
    }
}
