//! Scenario `what-happened`: the client sends one request and hears nothing back before
//! its timeout. The seed secretly picks why: the request was lost, the reply was lost,
//! the server crashed, or the server is slow. The reader sees only the client's side,
//! guesses, and then reveals the whole run.

use super::rpc::RpcNode;
use crate::sim::protocols::reqresp::{ClientConfig, ReqResp};
use crate::sim::{LinkConfig, NodeId, Protocol, SimTime, Simulation, MS};

pub const NAME: &str = "what-happened";
pub const TITLE: &str = "What happened?";

pub const CLIENT: NodeId = 0;
pub const SERVER: NodeId = 1;
pub const LATENCY_MIN_US: u64 = 6 * MS;
pub const LATENCY_MAX_US: u64 = 14 * MS;
pub const TIMEOUT_US: u64 = 40 * MS;
/// How long the slow server works on a request: well past the client's timeout.
const SLOW_WORK_US: u64 = 60 * MS;
/// While the answer is hidden, the run stops just after the client gives up.
pub const HIDDEN_HORIZON_US: SimTime = TIMEOUT_US + 5 * MS;
/// After the reveal, the rest of the run (the slow server's late reply) can be watched.
pub const FULL_HORIZON_US: SimTime = 120 * MS;
pub const DEFAULT_SEED: u64 = 11;

/// Why the client heard nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    RequestLost,
    ReplyLost,
    ServerCrashed,
    ServerSlow,
}

impl Case {
    pub const ALL: [Case; 4] = [
        Case::RequestLost,
        Case::ReplyLost,
        Case::ServerCrashed,
        Case::ServerSlow,
    ];

    /// The case a seed picks (a hash, so neighbouring seeds differ unpredictably).
    pub fn for_seed(seed: u64) -> Case {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Case::ALL[(z % 4) as usize]
    }

    /// Form value of the guess.
    pub fn key(self) -> &'static str {
        match self {
            Case::RequestLost => "request-lost",
            Case::ReplyLost => "reply-lost",
            Case::ServerCrashed => "server-crashed",
            Case::ServerSlow => "server-slow",
        }
    }

    /// The guess as the reader picks it.
    pub fn choice(self) -> &'static str {
        match self {
            Case::RequestLost => "The request was lost on the way",
            Case::ReplyLost => "The server did the work, but its reply was lost",
            Case::ServerCrashed => "The server had crashed",
            Case::ServerSlow => "The server is slow: the reply is still coming",
        }
    }

    /// What really happened, told after the reveal.
    pub fn story(self) -> &'static str {
        match self {
            Case::RequestLost => "The request vanished half-way to the server. The server never heard of it, so nothing was done.",
            Case::ReplyLost => "The server received the request and applied it (its counter went to 1), but the reply vanished on the way back. The work was done; the client cannot know that.",
            Case::ServerCrashed => "The server was down the whole time. The request arrived at a crashed machine and was dropped there.",
            Case::ServerSlow => "The server received the request but took 60 ms to answer. The reply arrives after the client had already given up: play on to watch it come in.",
        }
    }
}

/// The world for a seed, in the lesson's protocol `P`: the case it picks is built into the
/// network and the server.
pub fn build<P: Protocol + From<RpcNode>>(seed: u64) -> Simulation<P> {
    let case = Case::for_seed(seed);
    let client = ClientConfig {
        requests: 1,
        timeout_us: TIMEOUT_US,
        max_retries: 0,
        think_time_us: 0,
        auto_start: true,
    };
    let link = LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US);
    let work_us = if case == Case::ServerSlow {
        SLOW_WORK_US
    } else {
        0
    };
    let server = P::from(RpcNode::server(work_us));
    let mut builder = Simulation::builder(seed)
        .node(
            "Client",
            RpcNode::Peer(ReqResp::client(SERVER, client)).into(),
        )
        .node("Server", server)
        .link_all(link);
    builder = match case {
        Case::RequestLost => builder.link_one_way(CLIENT, SERVER, link.with_loss_ppm(1_000_000)),
        Case::ReplyLost => builder.link_one_way(SERVER, CLIENT, link.with_loss_ppm(1_000_000)),
        Case::ServerCrashed | Case::ServerSlow => builder,
    };
    let mut sim = builder.build();
    if case == Case::ServerCrashed {
        sim.crash(SERVER);
    }
    sim
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::messages::scenes::rpc;
    use crate::sim::protocols::reqresp::RpcTimer;
    use crate::sim::{TimerTag, TraceKind};
    use crate::ui::sim::narrate::seen_from;

    // The scene on its own, in a protocol of its own: it needs nothing of its lesson.
    crate::lesson_protocol!(RpcOnly, RpcOnlyMsg; Rpc(rpc));
    type RpcSim = Simulation<RpcOnly>;

    fn client_view(seed: u64) -> Vec<(SimTime, TraceKind, String)> {
        let mut world: RpcSim = build(seed);
        world.run_until(HIDDEN_HORIZON_US);
        world
            .recent_events()
            .into_iter()
            .filter(|e| seen_from(e, |n| n == CLIENT))
            .map(|e| (e.time, e.kind, e.text))
            .collect()
    }

    fn seed_for(case: Case) -> u64 {
        (1..)
            .find(|&s| Case::for_seed(s) == case)
            .expect("every case has a seed")
    }

    #[test]
    fn every_seed_picks_a_case_and_all_cases_occur() {
        for case in Case::ALL {
            assert_eq!(Case::for_seed(seed_for(case)), case);
        }
    }

    #[test]
    fn the_client_sees_the_same_thing_in_all_four_cases() {
        let views: Vec<_> = Case::ALL
            .iter()
            .map(|&c| client_view(seed_for(c)))
            .collect();
        for view in &views {
            let kinds: Vec<_> = view.iter().map(|(_, kind, _)| *kind).collect();
            assert!(kinds.contains(&TraceKind::Send), "{view:?}");
            assert!(
                kinds.contains(&TraceKind::Timer {
                    tag: RpcTimer::Timeout(1).encode()
                }),
                "{view:?}"
            );
            assert!(
                !kinds.contains(&TraceKind::Deliver),
                "no reply before the timeout: {view:?}"
            );
            let gave_up_at = view
                .iter()
                .find(|(_, kind, _)| *kind == TraceKind::Note)
                .map(|(t, _, _)| *t);
            assert_eq!(gave_up_at, Some(TIMEOUT_US));
        }
    }

    #[test]
    fn each_case_plays_out_as_its_story_says() {
        let outcome = |case: Case| {
            let mut world: RpcSim = build(seed_for(case));
            world.run_until(FULL_HORIZON_US);
            let snapshot = world.snapshot();
            let delivered_to_client = world
                .recent_events()
                .iter()
                .any(|e| e.kind == TraceKind::Deliver && e.node == Some(CLIENT));
            (
                snapshot.nodes[SERVER].up,
                snapshot.nodes[SERVER].state.clone(),
                delivered_to_client,
            )
        };
        assert_eq!(
            outcome(Case::RequestLost),
            (true, "counter = 0".into(), false)
        );
        assert_eq!(
            outcome(Case::ReplyLost),
            (true, "counter = 1".into(), false)
        );
        assert_eq!(
            outcome(Case::ServerCrashed),
            (false, "counter = 0".into(), false)
        );
        assert_eq!(
            outcome(Case::ServerSlow),
            (true, "counter = 1".into(), true)
        );
    }
}
