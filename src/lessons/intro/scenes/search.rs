//! Search fan-out: one query, split over four index servers, merged by an aggregator.
//!
//! The user sends a query every [`QUERY_INTERVAL_US`]. The front end fans it out to
//! every index server (each holds a slice of the index) and tells the aggregator to
//! expect the answers. Each index server searches its slice (20–90 ms) and sends its
//! hits to the aggregator, which waits for all of them — or until
//! [`AGGREGATOR_DEADLINE_US`] has passed — ranks the merged hits and answers through
//! the front end. Answers take about 200 ms; with an index server down they come later
//! and cover only part of the index.

use std::collections::BTreeMap;
use std::fmt;

use super::units::round_ms;
use crate::lessons::kit::{part, Part, SceneMsg, SceneNode, TimerTag};
use crate::sim::{Ctx, LinkConfig, NodeId, Protocol, SimTime, Simulation, MS, SECOND};

pub const USER: NodeId = 0;
pub const FRONT_END: NodeId = 1;
/// The first index server; they are `FIRST_INDEX..FIRST_INDEX + INDEX_SERVERS`.
pub const FIRST_INDEX: NodeId = 2;
pub const INDEX_SERVERS: usize = 4;
pub const AGGREGATOR: NodeId = FIRST_INDEX + INDEX_SERVERS;

/// Time between two queries of the user.
pub const QUERY_INTERVAL_US: SimTime = 400 * MS;
/// Fastest and slowest search of one index slice.
pub const SEARCH_US: (SimTime, SimTime) = (20 * MS, 90 * MS);
/// How long the aggregator waits for index servers before answering with what it has.
pub const AGGREGATOR_DEADLINE_US: SimTime = 150 * MS;
/// Time the aggregator takes to rank the merged hits.
pub const RANKING_US: SimTime = 20 * MS;
/// The scenario's name in links (`&scenario=`).
pub const SCENARIO: &str = "search-fanout";
/// Length of the scenario's timeline.
pub const HORIZON_US: SimTime = 20 * SECOND;

/// The scene's timers. Ids stay below bit 40, so a timer's kind and its id share one tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Send the next query.
    Query,
    /// The aggregator stops waiting for query `id`.
    Deadline(u64),
    /// The aggregator has ranked query `id`.
    Ranked(u64),
    /// An index server has searched its slice for query `id`.
    Searched(u64),
}

const ID_MASK: u64 = (1 << 40) - 1;

impl TimerTag for Timer {
    fn encode(&self) -> u64 {
        match *self {
            Timer::Query => 1,
            Timer::Deadline(id) => 1 << 40 | id,
            Timer::Ranked(id) => 1 << 41 | id,
            Timer::Searched(id) => 1 << 42 | id,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        if tag == 1 {
            return Some(Timer::Query);
        }
        if tag & 1 << 40 != 0 {
            return Some(Timer::Deadline(tag & ID_MASK));
        }
        if tag & 1 << 41 != 0 {
            return Some(Timer::Ranked(tag & ID_MASK));
        }
        if tag & 1 << 42 != 0 {
            return Some(Timer::Searched(tag & ID_MASK));
        }
        None
    }
}

/// Messages of one query `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// User → front end.
    Query(u64),
    /// Front end → each index server.
    Search(u64),
    /// Front end → aggregator: answers for this query are coming.
    Expect(u64),
    /// Index server → aggregator.
    Hits(u64),
    /// Aggregator → front end → user, with the number of index slices covered.
    Results { id: u64, slices: usize },
}

impl SceneMsg for Msg {
    fn kind(&self) -> &'static str {
        match self {
            Msg::Query(_) => "query",
            Msg::Search(_) => "search",
            Msg::Expect(_) => "expect",
            Msg::Hits(_) => "hits",
            Msg::Results { .. } => "results",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match *self {
            Msg::Results { id, slices } => {
                write!(out, "results #{id} ({slices}/{INDEX_SERVERS})")
            }
            Msg::Query(id) | Msg::Search(id) | Msg::Expect(id) | Msg::Hits(id) => {
                write!(out, "{} #{id}", self.kind())
            }
        }
    }
}

/// One answered query, as the user saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    pub id: u64,
    /// When the user sent the query (true time).
    pub sent_at_us: SimTime,
    /// From sending the query to receiving the results.
    pub response_us: SimTime,
    /// Index slices the results cover.
    pub slices: usize,
}

/// A node of the search system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    User {
        sent: u64,
        /// When each unanswered query was sent (true time).
        waiting: BTreeMap<u64, SimTime>,
        answers: Vec<Answer>,
    },
    FrontEnd {
        queries: u64,
    },
    Index {
        searched: u64,
    },
    Aggregator {
        /// Queries being collected: id → slices received.
        open: BTreeMap<u64, usize>,
        /// Queries being ranked: id → slices covered.
        ranking: BTreeMap<u64, usize>,
        /// Hits that arrived after their query was answered.
        late: u64,
    },
}

impl Node {
    fn finish<M>(ctx: &mut Ctx<'_, M>, ranking: &mut BTreeMap<u64, usize>, id: u64, n: usize) {
        ranking.insert(id, n);
        ctx.set_timer(RANKING_US, Timer::Ranked(id).encode());
        ctx.state_changed();
    }
}

impl<M: From<Msg>> SceneNode<M> for Node {
    type Msg = Msg;
    type Timer = Timer;

    fn role(&self) -> &'static str {
        match self {
            Node::User { .. } => "client",
            Node::FrontEnd { .. } => "front end",
            Node::Index { .. } => "index",
            Node::Aggregator { .. } => "aggregator",
        }
    }

    fn display_state(&self) -> String {
        match self {
            Node::User { answers, .. } => match answers.last() {
                Some(a) => format!("last answer {} ms", round_ms(a.response_us)),
                None => "waiting".to_owned(),
            },
            Node::FrontEnd { queries } => format!("queries {queries}"),
            Node::Index { searched } => format!("searched {searched}"),
            Node::Aggregator { open, .. } => format!("collecting {}", open.len()),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let Node::User { .. } = self {
            ctx.set_timer(10 * MS, Timer::Query.encode());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, _from: NodeId, msg: Msg) {
        match (self, msg) {
            (Node::FrontEnd { queries }, Msg::Query(id)) => {
                *queries += 1;
                for index in FIRST_INDEX..FIRST_INDEX + INDEX_SERVERS {
                    ctx.send(index, Msg::Search(id).into());
                }
                ctx.send(AGGREGATOR, Msg::Expect(id).into());
                ctx.state_changed();
            }
            (Node::FrontEnd { .. }, results @ Msg::Results { .. }) => {
                ctx.send(USER, results.into());
            }
            (Node::Index { .. }, Msg::Search(id)) => {
                let (fastest, slowest) = SEARCH_US;
                let took = fastest + ctx.random_below(slowest - fastest + 1);
                ctx.set_timer(took, Timer::Searched(id).encode());
            }
            (Node::Aggregator { open, .. }, Msg::Expect(id)) => {
                open.insert(id, 0);
                ctx.set_timer(AGGREGATOR_DEADLINE_US, Timer::Deadline(id).encode());
                ctx.state_changed();
            }
            (
                Node::Aggregator {
                    open,
                    ranking,
                    late,
                },
                Msg::Hits(id),
            ) => match open.get_mut(&id) {
                Some(slices) => {
                    *slices += 1;
                    if *slices == INDEX_SERVERS {
                        open.remove(&id);
                        Node::finish(ctx, ranking, id, INDEX_SERVERS);
                    }
                }
                None => {
                    *late += 1;
                    ctx.count("late-hits");
                }
            },
            (
                Node::User {
                    waiting, answers, ..
                },
                Msg::Results { id, slices },
            ) => {
                if let Some(sent_at) = waiting.remove(&id) {
                    answers.push(Answer {
                        id,
                        sent_at_us: sent_at,
                        response_us: ctx.true_time_us().saturating_sub(sent_at),
                        slices,
                    });
                    ctx.count(if slices == INDEX_SERVERS {
                        "complete"
                    } else {
                        "partial"
                    });
                    ctx.state_changed();
                }
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Timer) {
        match (self, timer) {
            (Node::User { sent, waiting, .. }, Timer::Query) => {
                *sent += 1;
                waiting.insert(*sent, ctx.true_time_us());
                ctx.send(FRONT_END, Msg::Query(*sent).into());
                ctx.set_timer(QUERY_INTERVAL_US, Timer::Query.encode());
            }
            (Node::Index { searched }, Timer::Searched(id)) => {
                *searched += 1;
                ctx.send(AGGREGATOR, Msg::Hits(id).into());
                ctx.state_changed();
            }
            (Node::Aggregator { open, ranking, .. }, Timer::Deadline(id)) => {
                if let Some(slices) = open.remove(&id) {
                    ctx.note(format!(
                        "deadline for query #{id}: {slices} of {INDEX_SERVERS} slices answered"
                    ));
                    Node::finish(ctx, ranking, id, slices);
                }
            }
            (Node::Aggregator { ranking, .. }, Timer::Ranked(id)) => {
                if let Some(slices) = ranking.remove(&id) {
                    ctx.send(FRONT_END, Msg::Results { id, slices }.into());
                }
            }
            _ => {}
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        match self {
            Node::User { waiting, .. } => {
                waiting.clear();
                ctx.set_timer(QUERY_INTERVAL_US, Timer::Query.encode());
            }
            Node::Aggregator { open, ranking, .. } => {
                open.clear();
                ranking.clear();
            }
            _ => {}
        }
        ctx.state_changed();
    }
}

/// The search system at time 0 for `seed`, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
    let user_link = LinkConfig::uniform(35 * MS, 45 * MS);
    let mut builder = Simulation::builder(seed)
        .node(
            "User",
            Node::User {
                sent: 0,
                waiting: BTreeMap::new(),
                answers: Vec::new(),
            }
            .into(),
        )
        .node("Front end", Node::FrontEnd { queries: 0 }.into());
    for n in 1..=INDEX_SERVERS {
        builder = builder.node(format!("Index {n}"), Node::Index { searched: 0 }.into());
    }
    builder
        .node(
            "Aggregator",
            Node::Aggregator {
                open: BTreeMap::new(),
                ranking: BTreeMap::new(),
                late: 0,
            }
            .into(),
        )
        .link_all(LinkConfig::uniform(2 * MS, 8 * MS))
        .link(USER, FRONT_END, user_link)
        .build()
}

/// User and front end on the left, the index servers in a column, the aggregator on the right.
pub fn layout() -> Vec<(f32, f32)> {
    let mut positions = vec![(0.0, 0.0), (0.0, 0.5)];
    for n in 0..INDEX_SERVERS {
        positions.push((0.5, n as f32 / (INDEX_SERVERS - 1) as f32));
    }
    positions.push((1.0, 0.5));
    positions
}

/// Every query the user has had answered, oldest first.
pub fn answers<P: Protocol>(sim: &Simulation<P>) -> &[Answer]
where
    Node: Part<P>,
{
    match part::<Node, _>(sim, USER) {
        Some(Node::User { answers, .. }) => answers,
        _ => &[],
    }
}

/// The mean response time of `answers`, in microseconds.
pub fn mean_response_us(answers: &[Answer]) -> Option<SimTime> {
    let total: SimTime = answers.iter().map(|a| a.response_us).sum();
    (!answers.is_empty()).then(|| total / answers.len() as SimTime)
}
