//! The simulation widget every lesson uses: a live drawing of the cluster, transport
//! controls, a timeline to scrub, seed and share link, fault controls, an event log in
//! words, a narration region and counters.
//!
//! A scenario view gets a [`Stage`], describes its simulation with a [`SimSpec`] built
//! from it, starts a [`SimController`] and shows a [`SimWidget`]:
//!
//! ```ignore
//! fn my_scenario(stage: &Stage) -> AnyView {
//!     let sim = stage.start(stage.spec(world_builder(build)).faults(Faults::ALL));
//!     view! { <SimWidget controller=sim /> <MyReadout sim=sim /> }.into_any()
//! }
//! ```
//!
//! **Speed.** At 1× simulated time usually runs at 1/100 of real time: a message that
//! takes 10 ms in the simulation takes one second to cross the drawing. A scenario that
//! lasts minutes sets its own scale in [`SimSpec`]. The speed slider goes from 0.1× to
//! 10× on a logarithmic scale.
//!
//! **Animation** runs on `requestAnimationFrame` only while playing and visible: no frame
//! is requested while paused, in a hidden tab, or scrolled out of view. With
//! `prefers-reduced-motion`, messages jump along their links instead of gliding.

pub mod canvas;
pub mod controller;
pub mod controls;
pub mod counters;
mod dom;
pub mod event_log;
pub mod faults;
pub mod format;
mod link_actions;
pub mod narrate;
mod playback;
pub mod quiet;
pub mod settings;
pub mod share;
pub mod timeline;

use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;

pub use self::controller::{Change, SimController};
pub use self::dom::unique_id;
pub use self::settings::NetworkSettings;
use crate::embed::Params;
use crate::sim::{Intervention, NodeId, SimTime, Snapshot, World};

/// Builds a fresh world at t = 0 for a seed.
pub type BuildWorld = Rc<dyn Fn(u64) -> Box<dyn World>>;

/// Which fault controls a scenario shows, and so which actions its share links may carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    pub crash_restart: bool,
    pub cut_heal: bool,
    pub loss: bool,
    pub duplication: bool,
    pub latency: bool,
    /// Clock offsets and drifts: set by the lesson's own controls, the widget shows none.
    pub clocks: bool,
}

impl Faults {
    /// Every fault control.
    pub const ALL: Faults = Faults {
        crash_restart: true,
        cut_heal: true,
        loss: true,
        duplication: true,
        latency: true,
        clocks: false,
    };

    /// Whether the widget shows any fault control.
    pub fn any(&self) -> bool {
        self.crash_restart || self.cut_heal || self.loss || self.duplication || self.latency
    }

    /// Whether one of these controls makes `action`: a link may carry only those. No
    /// control pauses a machine, cuts one direction only or heals every link at once.
    pub fn offers(&self, action: &Intervention) -> bool {
        match action {
            Intervention::Crash(_) | Intervention::Restart(_) => self.crash_restart,
            Intervention::Cut(..) | Intervention::Heal(..) => self.cut_heal,
            Intervention::SetLoss { .. } => self.loss,
            Intervention::SetDuplication { .. } => self.duplication,
            Intervention::SetLatency { .. } => self.latency,
            Intervention::SetClock { .. } => self.clocks,
            Intervention::Pause(_)
            | Intervention::Resume(_)
            | Intervention::CutOneWay { .. }
            | Intervention::HealAll => false,
        }
    }
}

/// Where a scenario's view opens: its lesson and name, and the address's parameters.
/// The lesson page hands one to each scenario view; [`Stage::spec`] starts its
/// [`SimSpec`] with the names filled in.
#[derive(Clone, Copy)]
pub struct Stage<'a> {
    pub lesson: &'static str,
    pub scenario: &'static str,
    pub params: &'a Params,
}

impl Stage<'_> {
    /// A simulation description for this scenario with every default: see [`SimSpec`].
    pub fn spec(&self, build: BuildWorld) -> SimSpec {
        SimSpec {
            lesson: self.lesson,
            scenario: self.scenario,
            build,
            layout: Vec::new(),
            default_seed: SimSpec::DEFAULT_SEED,
            horizon_us: SimSpec::DEFAULT_HORIZON_US,
            faults: Faults::default(),
            height_px: SimSpec::DEFAULT_HEIGHT_PX,
            sim_us_per_real_ms_at_1x: settings::SIM_US_PER_REAL_MS_AT_1X,
            caption: NodeCaption::State,
            topology: None,
        }
    }

    /// Creates the running simulation for `spec`, honouring the link's seed, actions and time.
    pub fn start(&self, spec: SimSpec) -> SimController {
        SimController::new(spec, self.params)
    }
}

/// Everything a lesson says about one live simulation. Start one with [`Stage::spec`]
/// and change what differs from the defaults with the builder methods.
#[derive(Clone)]
pub struct SimSpec {
    /// For Copy link / Embed.
    pub lesson: &'static str,
    /// For Copy link / Embed (`&scenario=`).
    pub scenario: &'static str,
    pub build: BuildWorld,
    /// Node positions as fractions of the drawing area (x right, y down), by node index;
    /// nodes without one are placed on a circle.
    pub layout: Vec<(f32, f32)>,
    pub default_seed: u64,
    /// Timeline length; play stops at the end.
    pub horizon_us: SimTime,
    pub faults: Faults,
    /// Drawing height hint in CSS pixels (e.g. 320).
    pub height_px: u32,
    /// Simulated microseconds one real millisecond shows at 1× (usually
    /// [`settings::SIM_US_PER_REAL_MS_AT_1X`]).
    pub sim_us_per_real_ms_at_1x: f64,
    /// What each node's box shows under its name.
    pub caption: NodeCaption,
    /// The links the scenario's topology has (`None`: every pair). Links outside it are
    /// not drawn unless a message crosses them.
    pub topology: Option<Vec<(NodeId, NodeId)>>,
}

/// What a node's box shows under its name: the value the tab teaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NodeCaption {
    /// The protocol's own `display_state()`.
    #[default]
    State,
    /// The node's Lamport clock.
    Lamport,
    /// The node's vector clock.
    Vector,
}

impl SimSpec {
    /// The seed a scenario starts with unless it says otherwise.
    pub const DEFAULT_SEED: u64 = 7;
    /// Timeline length unless the scenario says otherwise: ten simulated seconds.
    pub const DEFAULT_HORIZON_US: SimTime = 10_000_000;
    /// Drawing height unless the scenario says otherwise.
    pub const DEFAULT_HEIGHT_PX: u32 = 300;

    /// Node positions as fractions of the drawing area, by node index.
    pub fn layout(mut self, layout: Vec<(f32, f32)>) -> Self {
        self.layout = layout;
        self
    }

    /// The seed the scenario starts with.
    pub fn seed(mut self, seed: u64) -> Self {
        self.default_seed = seed;
        self
    }

    /// The timeline's length.
    pub fn horizon_us(mut self, horizon_us: SimTime) -> Self {
        self.horizon_us = horizon_us;
        self
    }

    /// The fault controls shown.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// The drawing's height hint in CSS pixels.
    pub fn height_px(mut self, height_px: u32) -> Self {
        self.height_px = height_px;
        self
    }

    /// What each node's box shows under its name.
    pub fn caption(mut self, caption: NodeCaption) -> Self {
        self.caption = caption;
        self
    }

    /// The links the scenario's topology has; others are drawn only once used.
    pub fn topology(mut self, links: Vec<(NodeId, NodeId)>) -> Self {
        self.topology = Some(links);
        self
    }

    /// Simulated microseconds one real millisecond shows at 1×.
    pub fn time_scale(mut self, sim_us_per_real_ms_at_1x: f64) -> Self {
        self.sim_us_per_real_ms_at_1x = sim_us_per_real_ms_at_1x;
        self
    }
}

/// A scenario's builder in the form the widget takes.
pub fn world_builder<W: World + 'static>(build: impl Fn(u64) -> W + 'static) -> BuildWorld {
    Rc::new(move |seed| Box::new(build(seed)) as Box<dyn World>)
}

/// The whole widget: drawing, transport controls, timeline, seed, copy link, fault
/// controls, event log (`role="log"`), live region and counters. Children, if any (a
/// lesson's read-out or its own switches), appear right under the drawing.
#[component]
pub fn SimWidget(
    controller: SimController,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let sim = controller;
    sim.report_unclaimed_setting();
    let root = NodeRef::<Div>::new();
    playback::drive_playback(sim, root);
    crate::ui::embed::share_sim_state(sim);
    let frame = Memo::new(move |_| sim.with_world(Frame::of));
    let faults = sim.faults().any().then(|| {
        view! {
            <Show when=move || !sim.is_concealing()>
                <faults::FaultPanel sim frame />
            </Show>
        }
    });
    view! {
        <div class="sim-widget" node_ref=root data-testid="sim-widget" data-scenario=sim.scenario()>
            <SimNotices sim />
            <canvas::ClusterCanvas sim frame />
            {children.map(|readout| view! { <div class="sim-readout">{readout()}</div> })}
            <div class="sim-controls">
                <controls::Transport sim />
                <timeline::Scrubber sim />
                <controls::RunIdentity sim />
            </div>
            <QuietNote sim />
            <div class="sim-panels">
                {faults}
                <counters::CountersPanel sim />
                <event_log::EventLog sim />
            </div>
        </div>
    }
}

/// Recent trace events whose message kinds join the legend (small clusters only: large
/// ones have plenty of messages on the wire).
const LEGEND_SCAN_EVENTS: usize = 64;

/// What one drawing shows: the snapshot, and which links have carried a message so far
/// (so that links the scenario never uses can be drawn faintly).
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub snapshot: Snapshot,
    /// By index of `snapshot.links`; empty for large clusters, whose unused links are not drawn.
    pub used_links: Vec<bool>,
    /// Message kinds on the wire or in the latest events (for the legend).
    pub kinds: Vec<&'static str>,
}

impl Frame {
    /// Reads a frame from the world.
    pub fn of(world: &dyn World) -> Frame {
        let snapshot = world.snapshot();
        let carried = |from, to| world.link_counters(from, to).is_some_and(|c| c.sent > 0);
        let used_links = match snapshot.nodes.len() <= canvas::draw::ALL_LINKS_UP_TO {
            true => snapshot
                .links
                .iter()
                .map(|l| carried(l.a, l.b) || carried(l.b, l.a))
                .collect(),
            false => Vec::new(),
        };
        let mut kinds: Vec<&'static str> = snapshot.messages.iter().map(|m| m.kind).collect();
        if snapshot.nodes.len() <= canvas::draw::ALL_LINKS_UP_TO {
            let recent = world.recent_events_tail(LEGEND_SCAN_EVENTS);
            kinds.extend(recent.iter().filter_map(|e| e.message.map(|m| m.kind)));
        }
        kinds.sort_unstable();
        kinds.dedup();
        Frame {
            snapshot,
            used_links,
            kinds,
        }
    }
}

/// Says why nothing moves while time runs on; below the controls, so the drawing never
/// jumps when it comes and goes.
#[component]
fn QuietNote(sim: SimController) -> impl IntoView {
    let quiet = move || sim.quiet_reason_for_readout();
    view! {
        <p class="sim-quiet" role="status" data-testid="sim-quiet">{quiet}</p>
    }
}

/// Link values the widget could not use, and what it did instead.
#[component]
fn SimNotices(sim: SimController) -> impl IntoView {
    let halted = move || sim.with_world(|world| world.halted());
    view! {
        {move || halted().map(|halt| view! {
            <div class="sim-notices" role="alert" data-testid="sim-halted">
                <p>{halt.to_string()} " Reset or pick another seed to start again."</p>
            </div>
        })}
        <Show when=move || !sim.notices().is_empty()>
            <div class="sim-notices" role="status" data-testid="sim-notices">
                <ul>
                    {move || sim.notices().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
