//! The lesson's small simulated systems, one module per scene, all pure Rust.
//!
//! Every scene runs on one protocol type, [`IntroNode`], so the page carries a single
//! copy of the simulator's generic code for the whole lesson. Each scene module
//! defines its own `Node` and `Msg` types and implements [`SceneNode`]; the
//! [`scenes!`] table below wraps them into [`IntroNode`] and [`IntroMsg`] and
//! dispatches every handler to the scene the node belongs to.

use std::fmt;

use crate::sim::{Ctx, Intervention, MessageInfo, NodeId, Protocol, SimTime, Simulation};

pub mod cdn;
pub mod clocks;
pub mod concurrency;
pub mod failure;
pub mod search;
pub mod sharing;
pub mod shop;

/// A simulation of any of the lesson's scenes.
pub type IntroSim = Simulation<IntroNode>;

/// What a scene's message tells the drawing and the event log.
pub trait SceneMsg {
    /// A short, fixed name of the message type (e.g. `"request"`).
    fn kind(&self) -> &'static str;
    /// A human-readable label (e.g. `"pay #3"`).
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result;
}

/// What a scene's node type provides; [`IntroNode`] forwards each handler to it.
pub trait SceneNode: Clone + fmt::Debug {
    /// The scene's messages.
    type Msg: Clone + fmt::Debug + SceneMsg + Into<IntroMsg>;

    /// The role shown in the drawing (e.g. `"client"`).
    fn role(&self) -> &'static str;
    /// The short state shown in the drawing.
    fn display_state(&self) -> String;
    /// Called once at time 0.
    fn on_start(&mut self, ctx: &mut Ctx<'_, IntroMsg>) {
        let _ = ctx;
    }
    /// A message of this scene arrived.
    fn on_message(&mut self, ctx: &mut Ctx<'_, IntroMsg>, from: NodeId, msg: Self::Msg);
    /// A timer fired.
    fn on_timer(&mut self, ctx: &mut Ctx<'_, IntroMsg>, tag: u64) {
        let _ = (ctx, tag);
    }
    /// The node came back after a crash (its timers died with it).
    fn on_restart(&mut self, ctx: &mut Ctx<'_, IntroMsg>) {
        let _ = ctx;
    }
}

/// Finds a scene's node inside an [`IntroNode`]; implemented for every scene by [`scenes!`].
pub trait Part: Sized {
    /// This scene's node, if `node` is one.
    fn part(node: &IntroNode) -> Option<&Self>;
}

/// Declares [`IntroNode`] and [`IntroMsg`] with one variant per scene and the dispatch between them.
macro_rules! scenes {
    ($($variant:ident($module:ident)),+ $(,)?) => {
        /// A node of any scene of the lesson.
        #[derive(Clone, Debug)]
        pub enum IntroNode {
            $($variant($module::Node),)+
        }

        /// A message of any scene of the lesson.
        #[derive(Clone, Debug)]
        pub enum IntroMsg {
            $($variant($module::Msg),)+
        }

        $(
            impl From<$module::Msg> for IntroMsg {
                fn from(msg: $module::Msg) -> Self {
                    IntroMsg::$variant(msg)
                }
            }

            impl From<$module::Node> for IntroNode {
                fn from(node: $module::Node) -> Self {
                    IntroNode::$variant(node)
                }
            }
        )+

        impl MessageInfo for IntroMsg {
            fn kind(&self) -> &'static str {
                match self {
                    $(IntroMsg::$variant(msg) => msg.kind(),)+
                }
            }

            fn label(&self) -> String {
                let mut text = String::new();
                let _ = self.write_label(&mut text);
                text
            }

            fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
                match self {
                    $(IntroMsg::$variant(msg) => msg.write_label(out),)+
                }
            }
        }

        impl Protocol for IntroNode {
            type Msg = IntroMsg;

            fn role(&self) -> &'static str {
                match self {
                    $(IntroNode::$variant(node) => node.role(),)+
                }
            }

            fn display_state(&self) -> String {
                match self {
                    $(IntroNode::$variant(node) => node.display_state(),)+
                }
            }

            fn on_start(&mut self, ctx: &mut Ctx<'_, IntroMsg>) {
                match self {
                    $(IntroNode::$variant(node) => node.on_start(ctx),)+
                }
            }

            fn on_message(&mut self, ctx: &mut Ctx<'_, IntroMsg>, from: NodeId, msg: IntroMsg) {
                match (self, msg) {
                    $((IntroNode::$variant(node), IntroMsg::$variant(msg)) => {
                        node.on_message(ctx, from, msg)
                    })+
                    // Scenes never mix in one simulation.
                    _ => {}
                }
            }

            fn on_timer(&mut self, ctx: &mut Ctx<'_, IntroMsg>, tag: u64) {
                match self {
                    $(IntroNode::$variant(node) => node.on_timer(ctx, tag),)+
                }
            }

            fn on_restart(&mut self, ctx: &mut Ctx<'_, IntroMsg>) {
                match self {
                    $(IntroNode::$variant(node) => node.on_restart(ctx),)+
                }
            }
        }

        $(
            impl Part for $module::Node {
                fn part(node: &IntroNode) -> Option<&Self> {
                    match node {
                        IntroNode::$variant(part) => Some(part),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+
    };
}

scenes!(
    Shop(shop),
    Relay(concurrency),
    Clock(clocks),
    Heart(failure),
    Share(sharing),
    Search(search),
    Edge(cdn),
);

/// Every node of scene `S` in `sim`, with its id.
pub fn parts<'a, S: Part + 'a>(sim: &'a IntroSim) -> impl Iterator<Item = (NodeId, &'a S)> + 'a {
    sim.nodes()
        .enumerate()
        .filter_map(|(id, node)| S::part(node).map(|part| (id, part)))
}

/// The scene node `id` of `sim`, if it exists and belongs to scene `S`.
pub fn part<S: Part>(sim: &IntroSim, id: NodeId) -> Option<&S> {
    sim.node(id).and_then(S::part)
}

/// The seed every scene starts with.
pub const DEFAULT_SEED: u64 = 7;

/// Runs `sim` to `until_us`, applying each `(time, intervention)` of `script` at its time.
pub fn run_script(
    mut sim: IntroSim,
    script: &[(SimTime, Intervention)],
    until_us: SimTime,
) -> IntroSim {
    for &(at, iv) in script {
        sim.run_until(at);
        sim.apply_intervention(&iv);
    }
    sim.run_until(until_us);
    sim
}

/// Whole milliseconds in `us` microseconds, rounded to nearest.
pub fn round_ms(us: SimTime) -> u64 {
    (us + 500) / 1_000
}
