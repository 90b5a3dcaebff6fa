//! Scenario `what-happened`: the client sends one request and hears nothing back before
//! its timeout. The seed secretly picks why: the request was lost, the reply was lost,
//! the server crashed, or the server is slow. The reader sees only the client's side,
//! guesses, and then reveals the whole run.

use std::rc::Rc;

use leptos::prelude::*;

use super::LESSON_ID;
use crate::embed::Params;
use crate::sim::protocols::reqresp::{ClientConfig, ReqResp, RpcMsg};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, World, MS};
use crate::ui::sim::format::format_ms;
use crate::ui::sim::settings::MAX_SEED;
use crate::ui::sim::settings::SIM_US_PER_REAL_MS_AT_1X;
use crate::ui::sim::{Faults, NetworkSettings, SimController, SimSpec, SimWidget};

pub const NAME: &str = "what-happened";
pub const TITLE: &str = "What happened?";

const CLIENT: NodeId = 0;
const SERVER: NodeId = 1;
const LATENCY_MIN_US: u64 = 6 * MS;
const LATENCY_MAX_US: u64 = 14 * MS;
const TIMEOUT_US: u64 = 40 * MS;
/// How long the slow server works on a request: well past the client's timeout.
const SLOW_WORK_US: u64 = 60 * MS;
/// While the answer is hidden, the run stops just after the client gives up.
const HIDDEN_HORIZON_US: SimTime = TIMEOUT_US + 5 * MS;
/// After the reveal, the rest of the run (the slow server's late reply) can be watched.
const FULL_HORIZON_US: SimTime = 120 * MS;
const DEFAULT_SEED: u64 = 11;
const TIMER_REPLY: u64 = 1;

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

/// A node of the mystery: the usual request/response client, and a server that may be slow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MysteryNode {
    Client(ReqResp),
    Server {
        counter: u64,
        work_us: u64,
        /// Requests being worked on: (client, request id).
        working: Vec<(NodeId, u64)>,
    },
}

impl Protocol for MysteryNode {
    type Msg = RpcMsg;

    fn role(&self) -> &'static str {
        match self {
            MysteryNode::Client(_) => "client",
            MysteryNode::Server { .. } => "server",
        }
    }

    fn display_state(&self) -> String {
        match self {
            MysteryNode::Client(inner) => inner.display_state(),
            MysteryNode::Server { working, .. } if !working.is_empty() => {
                format!("working on #{}", working[0].1)
            }
            MysteryNode::Server { counter, .. } => format!("counter = {counter}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, RpcMsg>) {
        if let MysteryNode::Client(inner) = self {
            inner.on_start(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, RpcMsg>, from: NodeId, msg: RpcMsg) {
        match (self, msg) {
            (MysteryNode::Client(inner), msg) => inner.on_message(ctx, from, msg),
            (
                MysteryNode::Server {
                    counter,
                    work_us,
                    working,
                },
                RpcMsg::Request { id, .. },
            ) => {
                if *work_us == 0 {
                    *counter += 1;
                    ctx.send(
                        from,
                        RpcMsg::Response {
                            id,
                            value: *counter,
                        },
                    );
                } else {
                    working.push((from, id));
                    ctx.set_timer(*work_us, TIMER_REPLY);
                }
                ctx.state_changed();
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, RpcMsg>, tag: u64) {
        match self {
            MysteryNode::Client(inner) => inner.on_timer(ctx, tag),
            MysteryNode::Server {
                counter, working, ..
            } => {
                if working.is_empty() {
                    return;
                }
                let (client, id) = working.remove(0);
                *counter += 1;
                ctx.send(
                    client,
                    RpcMsg::Response {
                        id,
                        value: *counter,
                    },
                );
                ctx.state_changed();
            }
        }
    }
}

/// The world for a seed: the case it picks is built into the network and the server.
pub fn build(seed: u64) -> Box<dyn World> {
    let case = Case::for_seed(seed);
    let client = ClientConfig {
        requests: 1,
        timeout_us: TIMEOUT_US,
        max_retries: 0,
        think_time_us: 0,
        auto_start: true,
    };
    let link = LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US);
    let server = MysteryNode::Server {
        counter: 0,
        work_us: if case == Case::ServerSlow {
            SLOW_WORK_US
        } else {
            0
        },
        working: Vec::new(),
    };
    let mut builder = Simulation::builder(seed)
        .node(
            "Client",
            MysteryNode::Client(ReqResp::client(SERVER, client)),
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
    Box::new(sim)
}

pub fn spec() -> SimSpec {
    SimSpec {
        lesson: LESSON_ID,
        scenario: NAME,
        build: Rc::new(build),
        layout: vec![(0.1, 0.5), (0.9, 0.5)],
        default_seed: DEFAULT_SEED,
        horizon_us: FULL_HORIZON_US,
        faults: Faults::default(),
        height_px: 220,
        sim_us_per_real_ms_at_1x: SIM_US_PER_REAL_MS_AT_1X,
    }
}

/// A fresh seed for "New mystery".
fn random_seed() -> u64 {
    ((js_sys::Math::random() * 1_000_000.0) as u64 + 1).min(MAX_SEED)
}

/// The scenario view: the client's view of the run, the guess, and the reveal.
pub fn view(params: &Params) -> AnyView {
    let sim = SimController::new(spec(), params);
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    let guess = RwSignal::new(None::<Case>);
    let revealed = RwSignal::new(false);
    let hide = move || {
        revealed.set(false);
        guess.set(None);
        sim.conceal(vec![SERVER]);
        sim.set_horizon(HIDDEN_HORIZON_US);
    };
    hide();
    let reveal = move |_| {
        revealed.set(true);
        sim.conceal(Vec::new());
        sim.set_horizon(FULL_HORIZON_US);
    };
    let new_mystery = move |_| {
        hide();
        sim.set_seed(random_seed());
    };
    let choices = Case::ALL
        .into_iter()
        .map(|case| {
            view! {
                <label class="mystery-choice">
                    <input
                        type="radio"
                        name="mystery-guess"
                        value=case.key()
                        data-testid=format!("guess-{}", case.key())
                        prop:checked=move || guess.get() == Some(case)
                        prop:disabled=move || revealed.get()
                        on:change=move |_| guess.set(Some(case))
                    />
                    " "
                    {case.choice()}
                </label>
            }
        })
        .collect_view();
    let verdict = move || {
        revealed.get().then(|| {
            let actual = Case::for_seed(sim.seed());
            let judged = match guess.get() {
                Some(g) if g == actual => "Your guess was right.".to_string(),
                Some(g) => format!("You guessed: {}. Not this time.", g.choice().to_lowercase()),
                None => "You did not guess.".to_string(),
            };
            view! {
                <div class="mystery-verdict" data-testid="mystery-verdict" data-case=actual.key()>
                    <p><strong>"What happened: " {actual.choice().to_lowercase()} "."</strong> " " {judged}</p>
                    <p>{actual.story()}</p>
                    <p class="muted">
                        "From the client's side, all four looked the same: one request out, then silence until the timeout at "
                        {format_ms(TIMEOUT_US)} "."
                    </p>
                </div>
            }
        })
    };
    view! {
        <p class="sim-intro">
            "You are the client. Press Play: your request goes out, and the timeout fires before any reply. The server's side is hidden. What happened?"
        </p>
        <SimWidget controller=sim>
            <fieldset class="mystery">
                <legend>"Why did no reply come back?"</legend>
                {choices}
            </fieldset>
            <div class="mystery-actions">
                <button type="button" class="primary" data-testid="mystery-reveal"
                    prop:disabled=move || revealed.get() || guess.get().is_none()
                    on:click=reveal>
                    "Reveal"
                </button>
                <button type="button" data-testid="mystery-new" on:click=new_mystery>"New mystery"</button>
            </div>
            <div aria-live="polite">{verdict}</div>
        </SimWidget>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::TraceKind;
    use crate::ui::sim::narrate::seen_from;

    fn client_view(seed: u64) -> Vec<(SimTime, TraceKind, String)> {
        let mut world = build(seed);
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
                kinds.contains(&TraceKind::Timer { tag: 1 << 32 | 1 }),
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
            let mut world = build(seed_for(case));
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
