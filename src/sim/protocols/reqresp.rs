//! Request/response with timeouts and retries, against a counter server that may or may not be idempotent.
//!
//! The client sends `Request #n` to the server, sets a timeout, and retries up to
//! `max_retries` times. The server increments a counter for each request it applies.
//! With `idempotent: true` it remembers request ids and answers a repeat from memory
//! without applying it again; with `false`, a retried or duplicated request is applied twice.
//! Counters: `"applied"` (server), `"retries"`, `"completed"`, `"gave_up"` (client).

use std::collections::BTreeMap;
use std::fmt;

use crate::sim::{Ctx, MessageInfo, NodeId, Protocol, SimTime, TimerTag};

/// A client's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RpcTimer {
    /// Issue the next request (after the think time, or for scripted, externally timed requests).
    Issue,
    /// No answer to request `id` yet.
    Timeout(u64),
}

/// Request ids stay below bit 32, so a timeout's kind and its id share one tag.
const TIMEOUT_BIT: u64 = 1 << 32;

impl TimerTag for RpcTimer {
    fn encode(&self) -> u64 {
        match *self {
            RpcTimer::Issue => 1,
            RpcTimer::Timeout(id) => TIMEOUT_BIT | id,
        }
    }

    fn decode(tag: u64) -> Option<Self> {
        match tag {
            1 => Some(RpcTimer::Issue),
            _ if tag & TIMEOUT_BIT != 0 => Some(RpcTimer::Timeout(tag & !TIMEOUT_BIT)),
            _ => None,
        }
    }
}

/// Messages between clients and the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RpcMsg {
    /// Request `id` of its sender; `attempt` counts from 1.
    Request { id: u64, attempt: u32 },
    /// The server's answer to request `id`: the counter value after applying it.
    Response { id: u64, value: u64 },
}

impl MessageInfo for RpcMsg {
    fn kind(&self) -> &'static str {
        match self {
            RpcMsg::Request { .. } => "request",
            RpcMsg::Response { .. } => "response",
        }
    }

    fn label(&self) -> String {
        let mut s = String::new();
        let _ = self.write_label(&mut s);
        s
    }

    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match *self {
            RpcMsg::Request { id, attempt: 1 } => write!(out, "Request #{id}"),
            RpcMsg::Request { id, attempt } => write!(out, "Request #{id} (try {attempt})"),
            RpcMsg::Response { id, value } => write!(out, "Reply #{id} = {value}"),
        }
    }
}

/// How a client behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// Requests to make in total.
    pub requests: u64,
    /// Wait this long for a reply before retrying.
    pub timeout_us: u64,
    /// Retries per request before giving up.
    pub max_retries: u32,
    /// Pause between a reply and the next request.
    pub think_time_us: u64,
    /// Issue the first request at start; if false, requests start with a `RpcTimer::Issue` timer.
    pub auto_start: bool,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            requests: 5,
            timeout_us: 20_000,
            max_retries: 3,
            think_time_us: 5_000,
            auto_start: true,
        }
    }
}

/// The request a client is waiting on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outstanding {
    pub id: u64,
    pub attempt: u32,
    pub timer: u64,
    pub first_sent_local_us: i64,
}

/// A client's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub server: NodeId,
    pub config: ClientConfig,
    /// Requests issued so far (the next id is `issued + 1`).
    pub issued: u64,
    pub completed: u64,
    pub gave_up: u64,
    pub outstanding: Option<Outstanding>,
    /// Value in the most recent reply.
    pub last_value: Option<u64>,
    /// Local-clock round-trip time of each completed request.
    pub latencies_us: Vec<i64>,
}

/// The server's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub counter: u64,
    pub idempotent: bool,
    /// Keep state across a crash (otherwise a restart forgets the counter and the remembered ids).
    pub durable: bool,
    /// Replies already given, by `(client, request id)` (only when idempotent).
    pub answered: BTreeMap<(NodeId, u64), u64>,
}

/// A node of the request/response scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReqResp {
    Client(Client),
    Server(Server),
}

impl ReqResp {
    /// A client of `server`.
    pub fn client(server: NodeId, config: ClientConfig) -> Self {
        ReqResp::Client(Client {
            server,
            config,
            issued: 0,
            completed: 0,
            gave_up: 0,
            outstanding: None,
            last_value: None,
            latencies_us: Vec::new(),
        })
    }

    /// A durable counter server.
    pub fn server(idempotent: bool) -> Self {
        ReqResp::Server(Server {
            counter: 0,
            idempotent,
            durable: true,
            answered: BTreeMap::new(),
        })
    }

    /// A server that loses its counter and memory when it crashes.
    pub fn volatile_server(idempotent: bool) -> Self {
        ReqResp::Server(Server {
            counter: 0,
            idempotent,
            durable: false,
            answered: BTreeMap::new(),
        })
    }

    /// The client state, if this is a client.
    pub fn as_client(&self) -> Option<&Client> {
        match self {
            ReqResp::Client(c) => Some(c),
            ReqResp::Server(_) => None,
        }
    }

    /// The server state, if this is the server.
    pub fn as_server(&self) -> Option<&Server> {
        match self {
            ReqResp::Server(s) => Some(s),
            ReqResp::Client(_) => None,
        }
    }
}

impl Client {
    fn issue_next<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        if self.outstanding.is_some() || self.issued >= self.config.requests {
            return;
        }
        self.issued += 1;
        let id = self.issued;
        self.outstanding = Some(Outstanding {
            id,
            attempt: 1,
            timer: 0,
            first_sent_local_us: ctx.local_clock_us(),
        });
        self.transmit(ctx);
        ctx.state_changed();
    }

    fn transmit<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        let Some(out) = self.outstanding.as_mut() else {
            return;
        };
        ctx.send(
            self.server,
            RpcMsg::Request {
                id: out.id,
                attempt: out.attempt,
            }
            .into(),
        );
        out.timer = ctx.set_timer(self.config.timeout_us, RpcTimer::Timeout(out.id).encode());
    }

    fn on_timeout<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>, id: u64) {
        let Some(out) = self.outstanding.as_mut().filter(|o| o.id == id) else {
            return;
        };
        if out.attempt <= self.config.max_retries {
            out.attempt += 1;
            ctx.count("retries");
            self.transmit(ctx);
        } else {
            ctx.count("gave_up");
            ctx.note(format!("gave up on request #{id}"));
            self.gave_up += 1;
            self.outstanding = None;
            ctx.state_changed();
            self.schedule_next(ctx);
        }
    }

    fn on_response<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>, id: u64, value: u64) {
        let Some(out) = self.outstanding.filter(|o| o.id == id) else {
            return;
        };
        ctx.cancel_timer(out.timer);
        self.outstanding = None;
        self.completed += 1;
        self.last_value = Some(value);
        let latency_us = ctx.local_clock_us() - out.first_sent_local_us;
        self.latencies_us.push(latency_us);
        ctx.request_completed(latency_us.max(0) as SimTime);
        ctx.count("completed");
        ctx.state_changed();
        self.schedule_next(ctx);
    }

    fn schedule_next<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        if self.issued < self.config.requests {
            if self.config.think_time_us == 0 {
                self.issue_next(ctx);
            } else {
                ctx.set_timer(self.config.think_time_us, RpcTimer::Issue.encode());
            }
        }
    }
}

impl Server {
    fn on_request<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, id: u64) {
        if self.idempotent {
            if let Some(&value) = self.answered.get(&(from, id)) {
                ctx.note(format!("repeat of #{id}: answered from memory"));
                ctx.send(from, RpcMsg::Response { id, value }.into());
                return;
            }
        }
        self.counter += 1;
        ctx.count("applied");
        if self.idempotent {
            self.answered.insert((from, id), self.counter);
        }
        ctx.state_changed();
        ctx.send(
            from,
            RpcMsg::Response {
                id,
                value: self.counter,
            }
            .into(),
        );
    }
}

/// The handlers, generic over the simulation's message type, so that a lesson can run
/// this protocol as one part of its own protocol type.
impl ReqResp {
    pub fn role(&self) -> &'static str {
        match self {
            ReqResp::Client(_) => "client",
            ReqResp::Server(_) => "server",
        }
    }

    pub fn display_state(&self) -> String {
        match self {
            ReqResp::Client(c) => match c.outstanding {
                Some(out) if out.attempt > 1 => {
                    format!("waiting #{} (try {})", out.id, out.attempt)
                }
                Some(out) => format!("waiting #{}", out.id),
                None if c.issued >= c.config.requests => {
                    format!("done {}/{}", c.completed, c.config.requests)
                }
                None => format!("idle {}/{}", c.completed, c.config.requests),
            },
            ReqResp::Server(s) => format!("counter = {}", s.counter),
        }
    }

    pub fn start<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        if let ReqResp::Client(c) = self {
            if c.config.auto_start {
                c.issue_next(ctx);
            }
        }
    }

    pub fn receive<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: RpcMsg) {
        match (self, msg) {
            (ReqResp::Server(s), RpcMsg::Request { id, .. }) => s.on_request(ctx, from, id),
            (ReqResp::Client(c), RpcMsg::Response { id, value }) => c.on_response(ctx, id, value),
            _ => {}
        }
    }

    pub fn fire<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>, timer: RpcTimer) {
        let ReqResp::Client(c) = self else { return };
        match timer {
            RpcTimer::Issue => c.issue_next(ctx),
            RpcTimer::Timeout(id) => c.on_timeout(ctx, id),
        }
    }

    pub fn restart<M: From<RpcMsg>>(&mut self, ctx: &mut Ctx<'_, M>) {
        match self {
            ReqResp::Server(s) if !s.durable => {
                s.counter = 0;
                s.answered.clear();
                ctx.state_changed();
            }
            ReqResp::Server(_) => {}
            ReqResp::Client(c) => {
                // Timers died with the crash: send the outstanding request again, or move on.
                if c.outstanding.is_some() {
                    c.transmit(ctx);
                } else {
                    c.schedule_next(ctx);
                }
            }
        }
    }
}

impl Protocol for ReqResp {
    type Msg = RpcMsg;

    fn role(&self) -> &'static str {
        ReqResp::role(self)
    }

    fn display_state(&self) -> String {
        ReqResp::display_state(self)
    }

    fn on_start(&mut self, ctx: &mut Ctx<'_, RpcMsg>) {
        self.start(ctx);
    }

    fn on_message(&mut self, ctx: &mut Ctx<'_, RpcMsg>, from: NodeId, msg: RpcMsg) {
        self.receive(ctx, from, msg);
    }

    fn on_timer(&mut self, ctx: &mut Ctx<'_, RpcMsg>, tag: u64) {
        if let Some(timer) = RpcTimer::decode(tag) {
            self.fire(ctx, timer);
        }
    }

    fn on_restart(&mut self, ctx: &mut Ctx<'_, RpcMsg>) {
        self.restart(ctx);
    }
}

/// Latency helper for scenario code: mean of a client's recorded round trips, if any.
pub fn mean_latency_us(client: &Client) -> Option<SimTime> {
    let n = client.latencies_us.len() as i64;
    (n > 0).then(|| (client.latencies_us.iter().sum::<i64>() / n).max(0) as SimTime)
}
