//! What every lesson's scenes share: one protocol type per lesson, made from its scenes.
//!
//! Each scene module defines its own `Node`, `Msg` and `Timer` types and implements
//! [`SceneNode`], [`SceneMsg`] and [`TimerTag`]. The lesson's `scenes/mod.rs` joins the
//! scenes with [`lesson_protocol!`](crate::lesson_protocol) into one node enum and one
//! message enum, so the page carries a single copy of the simulator's generic code per
//! lesson instead of one per scene.
//!
//! Imports go one way only: `scenes/mod.rs` names its scenes, and a scene never imports
//! its lesson. It is generic over the lesson's node and message types instead:
//!
//! ```ignore
//! impl<M: From<Msg>> SceneNode<M> for Node {
//!     // ...
//!     fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, _timer: Timer) {
//!         ctx.send(next, Msg::Ping.into());
//!     }
//! }
//!
//! /// The scene at time 0 for `seed`, in any lesson protocol that has this scene.
//! pub fn build<P: Protocol + From<Node>>(seed: u64) -> Simulation<P> {
//!     Simulation::builder(seed).node("A", Node::default().into()).build()
//! }
//!
//! /// A read-out: finds the scene's nodes in the lesson's protocol with `part` or `parts`.
//! pub fn report<P: Protocol>(sim: &Simulation<P>) -> Report
//! where
//!     Node: Part<P>,
//! {
//!     parts::<Node, _>(sim).map(|(id, node)| /* ... */).collect()
//! }
//! ```
//!
//! A scene may use a sibling scene's types (the messages lesson's `retry` builds `rpc`
//! nodes), and helpers several scenes share live in a small leaf module of `scenes/` that
//! imports no scene (intro's `units`); nothing under `scenes/` uses an item defined in
//! `scenes/mod.rs`. A scene's unit tests run it in a protocol of its own
//! (`lesson_protocol!(Only, OnlyMsg; Rpc(rpc));`). Callers that need the lesson's concrete
//! type name it: `let sim: ClocksSim = drift::build(seed);`.

use std::fmt;

use crate::sim::{Ctx, Intervention, NodeId, Protocol, Recorded, SimTime, Simulation};

/// What a scene's message tells the drawing and the event log.
pub trait SceneMsg {
    /// A short, fixed name of the message type (e.g. `"request"`).
    fn kind(&self) -> &'static str;
    /// A human-readable label (e.g. `"pay #3"`).
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result;
}

/// What a scene's node type provides; the lesson's node enum forwards each handler to it.
/// `M` is the lesson's message enum, made from every scene's `Msg`.
pub trait SceneNode<M>: Clone + fmt::Debug {
    /// The scene's messages.
    type Msg: Clone + fmt::Debug + SceneMsg + Into<M>;
    /// The scene's timers.
    type Timer: TimerTag;

    /// The role shown in the drawing (e.g. `"client"`).
    fn role(&self) -> &'static str;
    /// The short state shown in the drawing.
    fn display_state(&self) -> String;
    /// Called once at time 0.
    fn on_start(&mut self, ctx: &mut Ctx<'_, M>) {
        let _ = ctx;
    }
    /// A message of this scene arrived.
    fn on_message(&mut self, ctx: &mut Ctx<'_, M>, from: NodeId, msg: Self::Msg);
    /// One of this scene's timers fired.
    fn on_timer(&mut self, ctx: &mut Ctx<'_, M>, timer: Self::Timer) {
        let _ = (ctx, timer);
    }
    /// The node came back after a crash (its timers died with it).
    fn on_restart(&mut self, ctx: &mut Ctx<'_, M>) {
        let _ = ctx;
    }
}

pub use crate::sim::TimerTag;

/// For scenes that set no timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoTimer {}

impl TimerTag for NoTimer {
    fn encode(&self) -> u64 {
        match *self {}
    }

    fn decode(_: u64) -> Option<Self> {
        None
    }
}

/// Finds a scene's node inside a lesson's node enum `N`; implemented for every scene by
/// [`lesson_protocol!`](crate::lesson_protocol).
pub trait Part<N>: Sized {
    /// This scene's node, if `node` is one.
    fn part(node: &N) -> Option<&Self>;
}

/// Every node of scene `S` in `sim`, with its id.
pub fn parts<'a, S: Part<N> + 'a, N: Protocol>(
    sim: &'a Simulation<N>,
) -> impl Iterator<Item = (NodeId, &'a S)> + 'a {
    sim.nodes()
        .enumerate()
        .filter_map(|(id, node)| S::part(node).map(|part| (id, part)))
}

/// The scene node `id` of `sim`, if it exists and belongs to scene `S`.
pub fn part<S: Part<N>, N: Protocol>(sim: &Simulation<N>, id: NodeId) -> Option<&S> {
    sim.node(id).and_then(S::part)
}

/// Runs `sim` to `until_us`, applying each `(time, intervention)` of `script` at its time
/// (after the events of that instant; at time 0, before any).
pub fn run_script<N: Protocol>(
    sim: Simulation<N>,
    script: &[(SimTime, Intervention)],
    until_us: SimTime,
) -> Simulation<N> {
    run_script_recorded(sim, script, until_us).0
}

/// [`run_script`], and the same run as a link's `ops` value (`&ops=…`): the widget
/// replays it event for event, so a predict question's run shows what its predictor saw.
pub fn run_script_recorded<N: Protocol>(
    mut sim: Simulation<N>,
    script: &[(SimTime, Intervention)],
    until_us: SimTime,
) -> (Simulation<N>, String) {
    let mut recorded = Vec::with_capacity(script.len());
    for &(at, intervention) in script {
        // At time 0 (as in the widget before Play) the intervention comes before any event.
        if at > 0 {
            sim.run_until(at);
        }
        recorded.push(Recorded {
            at,
            events: sim.events_processed(),
            intervention,
        });
        sim.apply_intervention(&intervention);
    }
    sim.run_until(until_us);
    (sim, Recorded::encode_list(&recorded))
}

/// Declares a lesson's node and message enums, one variant per scene, and the dispatch
/// between them: `lesson_protocol!(IntroNode, IntroMsg; Shop(shop), Relay(concurrency));`
/// where each `module` has a `Node: SceneNode<M>` (usually for every `M: From<Msg>`)
/// and its `Msg`. Also implements `From` for both enums and [`Part`] for every scene's
/// node, which is all a scene's generic builders and read-outs need.
#[macro_export]
macro_rules! lesson_protocol {
    ($node:ident, $msg:ident; $($variant:ident($module:ident)),+ $(,)?) => {
        /// A node of any scene of the lesson.
        #[derive(Clone, Debug)]
        pub enum $node {
            $($variant($module::Node),)+
        }

        /// A message of any scene of the lesson.
        #[derive(Clone, Debug)]
        pub enum $msg {
            $($variant($module::Msg),)+
        }

        $(
            impl From<$module::Msg> for $msg {
                fn from(msg: $module::Msg) -> Self {
                    $msg::$variant(msg)
                }
            }

            impl From<$module::Node> for $node {
                fn from(node: $module::Node) -> Self {
                    $node::$variant(node)
                }
            }

            impl $crate::lessons::kit::Part<$node> for $module::Node {
                fn part(node: &$node) -> Option<&Self> {
                    match node {
                        $node::$variant(part) => Some(part),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+

        impl $crate::sim::MessageInfo for $msg {
            fn kind(&self) -> &'static str {
                use $crate::lessons::kit::SceneMsg;
                match self {
                    $($msg::$variant(msg) => SceneMsg::kind(msg),)+
                }
            }

            fn label(&self) -> String {
                let mut text = String::new();
                let _ = $crate::sim::MessageInfo::write_label(self, &mut text);
                text
            }

            fn write_label(&self, out: &mut dyn ::std::fmt::Write) -> ::std::fmt::Result {
                use $crate::lessons::kit::SceneMsg;
                match self {
                    $($msg::$variant(msg) => SceneMsg::write_label(msg, out),)+
                }
            }
        }

        // Handlers are called fully qualified: a scene implements `SceneNode<M>` for every
        // `M` its `Msg` converts into, so the lesson's message enum has to be named.
        impl $crate::sim::Protocol for $node {
            type Msg = $msg;

            fn role(&self) -> &'static str {
                match self {
                    $($node::$variant(node) => {
                        <$module::Node as $crate::lessons::kit::SceneNode<$msg>>::role(node)
                    })+
                }
            }

            fn display_state(&self) -> String {
                match self {
                    $($node::$variant(node) => {
                        <$module::Node as $crate::lessons::kit::SceneNode<$msg>>::display_state(node)
                    })+
                }
            }

            fn on_start(&mut self, ctx: &mut $crate::sim::Ctx<'_, $msg>) {
                match self {
                    $($node::$variant(node) => {
                        <$module::Node as $crate::lessons::kit::SceneNode<$msg>>::on_start(node, ctx)
                    })+
                }
            }

            fn on_message(&mut self, ctx: &mut $crate::sim::Ctx<'_, $msg>, from: $crate::sim::NodeId, msg: $msg) {
                match (self, msg) {
                    $(($node::$variant(node), $msg::$variant(msg)) => {
                        <$module::Node as $crate::lessons::kit::SceneNode<$msg>>::on_message(node, ctx, from, msg)
                    })+
                    // Scenes never mix in one simulation.
                    #[allow(unreachable_patterns)]
                    _ => {}
                }
            }

            fn on_timer(&mut self, ctx: &mut $crate::sim::Ctx<'_, $msg>, tag: u64) {
                use $crate::lessons::kit::{SceneNode, TimerTag};
                match self {
                    $($node::$variant(node) => {
                        if let Some(timer) =
                            <<$module::Node as SceneNode<$msg>>::Timer as TimerTag>::decode(tag)
                        {
                            <$module::Node as SceneNode<$msg>>::on_timer(node, ctx, timer)
                        }
                    })+
                }
            }

            fn on_restart(&mut self, ctx: &mut $crate::sim::Ctx<'_, $msg>) {
                match self {
                    $($node::$variant(node) => {
                        <$module::Node as $crate::lessons::kit::SceneNode<$msg>>::on_restart(node, ctx)
                    })+
                }
            }
        }
    };
}
