//! Scenario `sequence`: the request that fans out. A user asks server A; A queries B and
//! sends an update to C at the same instant; B answers with a Response, C with an Ack;
//! once both are back, A returns the Result to the user. The numbered list beside the
//! drawing fills in as the six messages are sent and arrive.

use std::fmt;

use crate::lessons::kit::{self, NoTimer, Part, SceneMsg, SceneNode};
use crate::sim::{
    Ctx, DropCause, LinkConfig, NodeId, Protocol, Simulation, TraceEvent, TraceKind, MS,
};
use crate::ui::sim::format::format_ms;

/// The scene's node and message types, as the lesson's protocol names them.
pub type Node = SeqNode;
pub type Msg = SeqMsg;

pub const NAME: &str = "sequence";
pub const TITLE: &str = "A request fans out";

pub const USER: NodeId = 0;
pub const SERVER_A: NodeId = 1;
pub const SERVER_B: NodeId = 2;
pub const SERVER_C: NodeId = 3;
pub const LATENCY_MIN_US: u64 = 4 * MS;
pub const LATENCY_MAX_US: u64 = 14 * MS;
pub const DEFAULT_SEED: u64 = 7;
pub const HORIZON_US: u64 = 90 * MS;

/// The six messages of the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeqMsg {
    Request,
    Query,
    Update,
    Response,
    Ack,
    Result,
}

impl SceneMsg for SeqMsg {
    fn kind(&self) -> &'static str {
        match self {
            SeqMsg::Request => "request",
            SeqMsg::Query => "query",
            SeqMsg::Update => "update",
            SeqMsg::Response => "response",
            SeqMsg::Ack => "ack",
            SeqMsg::Result => "result",
        }
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(match self {
            SeqMsg::Request => "Request",
            SeqMsg::Query => "Query",
            SeqMsg::Update => "Update",
            SeqMsg::Response => "Response",
            SeqMsg::Ack => "Ack",
            SeqMsg::Result => "Result",
        })
    }
}

/// The four roles of the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeqNode {
    /// Asks A once, at the start, and waits for the Result.
    User { answered: bool },
    /// Fans the request out to B and C and answers the user once both replied.
    Front {
        asked_by: Option<NodeId>,
        got_response: bool,
        got_ack: bool,
        replied: bool,
    },
    /// Answers queries.
    Reader { answered: u32 },
    /// Applies updates and acknowledges them.
    Writer { applied: u32 },
}

impl SeqNode {
    fn front() -> Self {
        SeqNode::Front {
            asked_by: None,
            got_response: false,
            got_ack: false,
            replied: false,
        }
    }
}

impl<M: From<SeqMsg>> SceneNode<M> for SeqNode {
    type Msg = SeqMsg;
    type Timer = NoTimer;

    fn role(&self) -> &'static str {
        match self {
            SeqNode::User { .. } => "user",
            SeqNode::Front { .. } => "front end",
            SeqNode::Reader { .. } => "reads",
            SeqNode::Writer { .. } => "writes",
        }
    }

    fn display_state(&self) -> String {
        match self {
            SeqNode::User { answered: false } => "waiting for Result".into(),
            SeqNode::User { answered: true } => "got the Result".into(),
            SeqNode::Front { asked_by: None, .. } => "idle".into(),
            SeqNode::Front { replied: true, .. } => "answered the user".into(),
            SeqNode::Front {
                got_response,
                got_ack,
                ..
            } => match (got_response, got_ack) {
                (false, false) => "waiting for B and C".into(),
                (true, false) => "waiting for C".into(),
                (false, true) => "waiting for B".into(),
                (true, true) => "answering".into(),
            },
            SeqNode::Reader { answered } => format!("answered {answered}"),
            SeqNode::Writer { applied } => format!("applied {applied}"),
        }
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        if let SeqNode::User { .. } = self {
            ctx.send(SERVER_A, SeqMsg::Request.into());
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: SeqMsg) {
        match (self, msg) {
            (SeqNode::User { answered }, SeqMsg::Result) => {
                *answered = true;
                ctx.state_changed();
            }
            (SeqNode::Front { asked_by, .. }, SeqMsg::Request) => {
                *asked_by = Some(from);
                ctx.send(SERVER_B, SeqMsg::Query.into());
                ctx.send(SERVER_C, SeqMsg::Update.into());
                ctx.state_changed();
            }
            (
                SeqNode::Front {
                    asked_by: Some(user),
                    got_response,
                    got_ack,
                    replied,
                },
                reply @ (SeqMsg::Response | SeqMsg::Ack),
            ) => {
                match reply {
                    SeqMsg::Response => *got_response = true,
                    _ => *got_ack = true,
                }
                if *got_response && *got_ack && !*replied {
                    *replied = true;
                    ctx.send(*user, SeqMsg::Result.into());
                }
                ctx.state_changed();
            }
            (SeqNode::Reader { answered }, SeqMsg::Query) => {
                *answered += 1;
                ctx.send(from, SeqMsg::Response.into());
                ctx.state_changed();
            }
            (SeqNode::Writer { applied }, SeqMsg::Update) => {
                *applied += 1;
                ctx.send(from, SeqMsg::Ack.into());
                ctx.state_changed();
            }
            _ => {}
        }
    }
}

/// The world: four nodes, latency 4–14 ms on every link, in the lesson's protocol `P`.
pub fn build<P: Protocol + From<SeqNode>>(seed: u64) -> Simulation<P> {
    Simulation::builder(seed)
        .node("User", SeqNode::User { answered: false }.into())
        .node("Server A", SeqNode::front().into())
        .node("Server B", SeqNode::Reader { answered: 0 }.into())
        .node("Server C", SeqNode::Writer { applied: 0 }.into())
        .link_all(LinkConfig::uniform(LATENCY_MIN_US, LATENCY_MAX_US))
        .build()
}

/// Whether the user has its Result in a run of the scene.
pub fn user_answered<P: Protocol>(sim: &Simulation<P>) -> bool
where
    SeqNode: Part<P>,
{
    matches!(
        kit::part::<SeqNode, _>(sim, USER),
        Some(SeqNode::User { answered: true })
    )
}

/// One message of the exchange as the numbered list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRow {
    pub text: String,
    pub outcome: String,
}

/// The messages sent so far, in the order they were sent, with what became of each.
pub fn message_rows(events: &[TraceEvent], names: &[String]) -> Vec<MessageRow> {
    let name = |id: NodeId| {
        names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("node {id}"))
    };
    events
        .iter()
        .filter(|e| e.kind == TraceKind::Send)
        .filter_map(|sent| {
            let message = sent.message?;
            let end = events.iter().find(|e| {
                e.message.is_some_and(|m| m.id == message.id)
                    && matches!(e.kind, TraceKind::Deliver | TraceKind::Drop { .. })
            });
            let outcome = match end.map(|e| (e.kind, format_ms(e.time))) {
                Some((TraceKind::Deliver, at)) => format!("arrived at {at}"),
                Some((TraceKind::Drop { cause }, at)) => match cause {
                    DropCause::Loss => format!("lost on the way at {at}"),
                    DropCause::CrashedReceiver => {
                        format!("dropped at {at}: {} is down", name(message.to))
                    }
                    DropCause::Partition => format!("blocked at {at}: the link is cut"),
                    DropCause::Rule => format!("dropped at {at}"),
                },
                Some((_, at)) => format!("dropped at {at}"),
                None => "on its way".into(),
            };
            Some(MessageRow {
                text: format!(
                    "{} → {}: {} (sent at {})",
                    name(message.from),
                    name(message.to),
                    sent.text,
                    format_ms(sent.time)
                ),
                outcome,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::messages::scenes::sequence;
    use crate::sim::World;

    // The scene on its own, in a protocol of its own: it needs nothing of its lesson.
    crate::lesson_protocol!(SeqOnly, SeqOnlyMsg; Seq(sequence));
    type SeqSim = Simulation<SeqOnly>;

    #[test]
    fn the_exchange_completes_in_the_order_of_the_diagram() {
        let mut world: SeqSim = build(DEFAULT_SEED);
        world.run_until(HORIZON_US);
        let events = world.recent_events();
        let rows = message_rows(&events, &world.node_names());
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert!(rows[0].text.starts_with("User → Server A: Request"));
        assert!(rows[1].text.starts_with("Server A → Server B: Query"));
        assert!(rows[2].text.starts_with("Server A → Server C: Update"));
        assert!(rows[5].text.starts_with("Server A → User: Result"));
        assert!(rows.iter().all(|r| r.outcome.starts_with("arrived")));
        let snapshot = world.snapshot();
        assert_eq!(snapshot.nodes[USER].state, "got the Result");
        assert_eq!(snapshot.nodes[SERVER_B].state, "answered 1");
        assert_eq!(snapshot.nodes[SERVER_C].state, "applied 1");
    }

    #[test]
    fn a_lost_query_stalls_the_exchange() {
        let mut world: SeqSim = build(DEFAULT_SEED);
        world.apply(&crate::sim::Intervention::Crash(SERVER_B));
        world.run_until(HORIZON_US);
        let snapshot = world.snapshot();
        assert_eq!(snapshot.nodes[SERVER_A].state, "waiting for B");
        assert_eq!(snapshot.nodes[USER].state, "waiting for Result");
    }
}
