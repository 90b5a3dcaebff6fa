//! [`SimController`]: one running simulation (its timeline, seed, play state and the
//! reader's recorded interventions) as a `Copy` handle shared by the widget and lessons.

use std::any::Any;
use std::rc::Rc;

use leptos::prelude::*;

use super::link_actions::read_recorded;
use super::settings::{self, NetworkSettings, MAX_EVENTS_PER_FRAME, MAX_EVENTS_PER_SEEK, MAX_SEED};
use super::share::{run_query, RunRef};
use super::{BuildWorld, Faults, SimSpec};
use crate::embed::Params;
use crate::sim::timeline::DEFAULT_CHECKPOINT_EVERY_EVENTS;
use crate::sim::{Intervention, NodeId, Recorded, SimTime, Timeline, World, WorldBuilder};

/// Most events one press of Step may process while looking for one worth showing.
const MAX_SILENT_STEPS: usize = 1_000;
/// While playing, text read-outs (time, counters, log) follow the world at most this
/// often: the drawing moves every frame, and re-laying out text 60 times a second
/// costs frames without telling the reader more.
const READOUT_EVERY_REAL_MS: f64 = 100.0;
/// Shown once playback falls behind because a frame hit [`MAX_EVENTS_PER_FRAME`].
const FRAME_CAP_NOTICE: &str =
    "This run has more events than one frame can show, so it plays slower than the speed chosen.";

/// Says where a jump to `wanted_us` stopped, having replayed [`MAX_EVENTS_PER_SEEK`] events.
fn seek_stopped_notice(wanted_us: SimTime, stopped_us: SimTime) -> String {
    format!(
        "Jumping to {} takes more work than one jump may do, so the run stopped at {}. Jump again or press Play to go on.",
        super::format::format_ms(wanted_us),
        super::format::format_ms(stopped_us)
    )
}

/// What last moved the simulation, so narration knows whether to speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing yet, or a jump (seek, reset, new seed, rebuild): not narrated.
    Jump,
    /// Playback advanced time.
    Play,
    /// The reader pressed Step.
    Step,
    /// The reader changed a fault.
    Intervene,
}

/// The non-reactive part: the timeline and what rebuilds it.
struct Run {
    spec: SimSpec,
    scenario: &'static str,
    seed: u64,
    timeline: Timeline,
    /// Simulated microseconds owed to playback but smaller than one.
    carry_us: f64,
    /// Wall-clock milliseconds of playback since text read-outs last updated.
    since_readout_ms: f64,
    /// The scenario's own setting, for share links (`&set=`).
    setting: Option<String>,
    /// The link's `&set=` until the scenario claims it (see [`SimController::use_setting`]).
    unclaimed_setting: Option<String>,
    /// What the lesson's own switches do on Reset (see [`SimController::on_reset`]).
    reset_hooks: Vec<Rc<dyn Fn()>>,
}

impl Run {
    fn builder(build: &BuildWorld, seed: u64) -> WorldBuilder {
        let build = build.clone();
        Rc::new(move || build(seed))
    }

    fn new_timeline(&self, seed: u64, recorded: Vec<Recorded>) -> Timeline {
        timeline_for(Self::builder(&self.spec.build, seed), recorded)
    }
}

/// Events between checkpoints: the timeline's default for lesson-sized worlds, more for
/// large ones, whose checkpoints (copies of the whole world) would otherwise cost frames.
fn checkpoint_interval(world: &dyn World) -> u64 {
    let size = world.node_count() as u64 + world.counters().in_flight / 10;
    DEFAULT_CHECKPOINT_EVERY_EVENTS * (1 + size / 32)
}

/// A timeline over `builder` that replays `recorded`, checkpointing to suit the world's size.
fn timeline_for(builder: WorldBuilder, recorded: Vec<Recorded>) -> Timeline {
    let mut timeline = Timeline::with_interventions(builder, recorded);
    let interval = checkpoint_interval(timeline.world());
    timeline.set_checkpoint_interval(interval);
    timeline
}

/// A `Copy` handle on one running simulation (timeline + play state), shared by the
/// widget and by lesson read-outs and custom controls. Every method that changes the
/// world bumps [`revision`](Self::revision), so reactive readers update.
#[derive(Clone, Copy)]
pub struct SimController {
    run: StoredValue<Run, LocalStorage>,
    revision: RwSignal<u64>,
    /// Like `revision`, but at most every [`READOUT_EVERY_REAL_MS`] while playing.
    readout: RwSignal<u64>,
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    seed: RwSignal<u64>,
    horizon_us: RwSignal<SimTime>,
    notices: RwSignal<Vec<String>>,
    baseline: RwSignal<NetworkSettings>,
    concealed: RwSignal<Vec<NodeId>>,
    change: RwSignal<Change>,
}

impl SimController {
    /// Creates the timeline; applies `seed`, `ops` (recorded interventions) and `t` from the
    /// URL when `params.scenario` names this scenario or is `None`. Values that cannot be
    /// used become notices shown in the widget, and defaults are used instead.
    pub fn new(spec: SimSpec, params: &Params) -> Self {
        let applies = params.run_applies_to(spec.scenario);
        let mut notices = Vec::new();
        let seed = match params.seed.filter(|_| applies) {
            Some(seed) if seed <= MAX_SEED => seed,
            Some(seed) => {
                notices.push(format!(
                    "The seed {seed} in the link is larger than {MAX_SEED}; using seed {}.",
                    spec.default_seed
                ));
                spec.default_seed
            }
            None => spec.default_seed,
        };
        let builder = Run::builder(&spec.build, seed);
        let recorded = match params.ops.as_deref().filter(|_| applies) {
            Some(text) => read_recorded(text, &builder, spec.horizon_us, spec.faults, &mut notices),
            None => Vec::new(),
        };
        let mut timeline = timeline_for(builder, recorded);
        let time_us = params.time_us.filter(|_| applies).unwrap_or(0);
        if time_us > spec.horizon_us {
            notices.push(format!(
                "The time in the link is past the end of this simulation; showing its end ({}).",
                super::format::format_ms(spec.horizon_us)
            ));
        }
        // Also at t = 0: interventions recorded at the very start take effect at once.
        let target_us = settings::clamp_time(time_us, spec.horizon_us);
        if !timeline.seek_within(target_us, MAX_EVENTS_PER_SEEK) {
            notices.push(seek_stopped_notice(target_us, timeline.now()));
        }
        let horizon_us = spec.horizon_us;
        let scenario = spec.scenario;
        SimController {
            run: StoredValue::new_local(Run {
                spec,
                scenario,
                seed,
                timeline,
                carry_us: 0.0,
                since_readout_ms: 0.0,
                setting: None,
                unclaimed_setting: params.setting_for(scenario).map(str::to_string),
                reset_hooks: Vec::new(),
            }),
            revision: RwSignal::new(0),
            readout: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            seed: RwSignal::new(seed),
            horizon_us: RwSignal::new(horizon_us),
            notices: RwSignal::new(notices),
            baseline: RwSignal::new(NetworkSettings::default()),
            concealed: RwSignal::new(Vec::new()),
            change: RwSignal::new(Change::Jump),
        }
    }

    /// Reactive: changes whenever the world changes.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// Reads the current world (reactive: tracks [`revision`](Self::revision)).
    /// Do not call other controller methods that change the world from inside `f`.
    pub fn with_world<R>(&self, f: impl FnOnce(&dyn World) -> R) -> R {
        self.revision.track();
        self.run.with_value(|run| f(run.timeline.world()))
    }

    /// Reads the current world as its concrete type (e.g. `Simulation<ReqResp>`); `None`
    /// if it is another type. Reactive.
    pub fn with_world_as<T: Any, R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.with_world(|world| world.as_any().downcast_ref::<T>().map(f))
    }

    /// Reads the current world for a text read-out: reactive like
    /// [`with_world`](Self::with_world) while paused or stepping, but while playing it
    /// updates only every [`READOUT_EVERY_REAL_MS`] (and when playback stops).
    pub fn with_world_for_readout<R>(&self, f: impl FnOnce(&dyn World) -> R) -> R {
        self.readout.track();
        self.run.with_value(|run| f(run.timeline.world()))
    }

    /// Why the run shows nothing while time runs on ([`super::quiet::quiet_reason`]),
    /// at the read-outs' pace.
    pub fn quiet_reason_for_readout(&self) -> Option<String> {
        self.readout.track();
        let horizon_us = self.horizon_us.get_untracked();
        self.run.with_value(|run| {
            let next_action_us = run.timeline.next_recorded_at();
            super::quiet::quiet_reason(run.timeline.world(), next_action_us, horizon_us)
        })
    }

    /// Current simulated time. Reactive.
    pub fn now_us(&self) -> SimTime {
        self.with_world(|world| world.now())
    }

    /// Current simulated time for a text read-out (see
    /// [`with_world_for_readout`](Self::with_world_for_readout)).
    pub fn now_us_for_readout(&self) -> SimTime {
        self.with_world_for_readout(|world| world.now())
    }

    /// Whether playback is running. Reactive.
    pub fn playing(&self) -> bool {
        self.playing.get()
    }

    /// Starts playback (from the beginning when at the end).
    pub fn play(&self) {
        let at_end =
            self.run.with_value(|run| run.timeline.now()) >= self.horizon_us.get_untracked();
        if at_end {
            self.seek(0);
        }
        self.change.set(Change::Play);
        self.playing.set(true);
    }

    /// Stops playback where it is.
    pub fn pause(&self) {
        self.playing.set(false);
        self.readout.update(|r| *r += 1);
    }

    /// Pauses and processes events up to the next one worth showing (one that adds to
    /// the trace), never past the end of the timeline.
    pub fn step(&self) {
        self.pause();
        let horizon = self.horizon_us.get_untracked();
        self.run.update_value(|run| {
            let trace_before = run.timeline.world().trace_len();
            for _ in 0..MAX_SILENT_STEPS {
                let due = run
                    .timeline
                    .world()
                    .next_event_time()
                    .is_some_and(|t| t <= horizon);
                if !due || !run.timeline.step() {
                    break;
                }
                if run.timeline.world().trace_len() > trace_before {
                    break;
                }
            }
        });
        self.changed(Change::Step);
    }

    /// Goes to time `t` (clamped to the timeline), backwards or forwards.
    pub fn seek(&self, t: SimTime) {
        let t = settings::clamp_time(t, self.horizon_us.get_untracked());
        let stopped_at = self.run.try_update_value(|run| {
            run.carry_us = 0.0;
            let reached = run.timeline.seek_within(t, MAX_EVENTS_PER_SEEK);
            (!reached).then(|| run.timeline.now())
        });
        if let Some(Some(stopped_us)) = stopped_at {
            self.add_notice_once(seek_stopped_notice(t, stopped_us));
        }
        self.changed(Change::Jump);
    }

    /// Back to t = 0 with the reader's interventions cleared and the lesson's own
    /// switches back where the tab opened them (see [`on_reset`](Self::on_reset)); pauses.
    pub fn reset(&self) {
        self.pause();
        let hooks = self.run.with_value(|run| run.reset_hooks.clone());
        for hook in hooks {
            hook();
        }
        self.run.update_value(|run| {
            run.timeline.reset();
            run.carry_us = 0.0;
        });
        self.changed(Change::Jump);
    }

    /// Runs `hook` on every Reset, before the timeline starts over: a lesson's switch
    /// beside the widget (an idempotency toggle, a mode) puts itself back to how the
    /// tab opened, so that Reset resets everything the tab has.
    pub fn on_reset(&self, hook: impl Fn() + 'static) {
        self.run
            .update_value(|run| run.reset_hooks.push(Rc::new(hook)));
    }

    /// Starts over with another seed (clamped to [`MAX_SEED`]): t = 0, no interventions.
    pub fn set_seed(&self, seed: u64) {
        let seed = seed.min(MAX_SEED);
        self.pause();
        self.run.update_value(|run| {
            // The reader's actions carry over, at the same simulated times.
            let builder = Run::builder(&run.spec.build, seed);
            let recorded = at_same_times(&builder, run.timeline.interventions());
            run.seed = seed;
            run.timeline = timeline_for(builder, recorded);
            run.carry_us = 0.0;
        });
        self.seed.set(seed);
        self.changed(Change::Jump);
    }

    /// Applies `iv` now (absurd values clamped) and records it, so it is part of the
    /// share link and replays when scrubbing.
    pub fn intervene(&self, iv: Intervention) {
        let iv = settings::sanitize(iv);
        self.run.update_value(|run| run.timeline.intervene(iv));
        self.changed(Change::Intervene);
    }

    /// When the latest recorded action that `matches` took effect, if one has by now
    /// (a read-out's "B crashed at …"). Reactive at the read-outs' pace.
    pub fn last_recorded_at(&self, matches: impl Fn(&Intervention) -> bool) -> Option<SimTime> {
        self.readout.track();
        self.run.with_value(|run| {
            let now = run.timeline.now();
            run.timeline
                .interventions()
                .iter()
                .filter(|r| r.at <= now && matches(&r.intervention))
                .map(|r| r.at)
                .max()
        })
    }

    /// How many actions the reader has recorded in this run (crashes, cuts, settings).
    pub fn recorded_count(&self) -> usize {
        self.run
            .with_value(|run| run.timeline.interventions().len())
    }

    /// A lesson-level setting changed (e.g. an idempotency toggle): the world is rebuilt
    /// with `build` and the same seed, the reader's recorded interventions replay, and the
    /// view returns to the same instant, so the two versions compare like for like.
    /// `setting` names the new choice in share links (`&set=`), so a copied link rebuilds
    /// the same world.
    pub fn rebuild(&self, build: BuildWorld, setting: Option<String>) {
        self.run.update_value(|run| {
            run.setting = setting;
            let now = run.timeline.now();
            let recorded = run.timeline.interventions().to_vec();
            run.spec.build = build;
            run.timeline = run.new_timeline(run.seed, recorded);
            run.timeline.seek(now);
            run.carry_us = 0.0;
        });
        self.changed(Change::Jump);
    }

    /// `?lesson=..&scenario=..&seed=..&ops=..&t=..` (no leading path).
    pub fn share_query(&self) -> String {
        self.run.with_value(|run| {
            run_query(&RunRef {
                lesson: run.spec.lesson,
                scenario: run.scenario,
                seed: run.seed,
                recorded: run.timeline.interventions(),
                setting: run.setting.as_deref(),
                time_us: run.timeline.now(),
            })
        })
    }

    // ----- Extras for lessons and the widget -----

    /// The seed in use. Reactive.
    pub fn seed(&self) -> u64 {
        self.seed.get()
    }

    /// The seed in use, without subscribing (for event handlers).
    pub fn seed_untracked(&self) -> u64 {
        self.seed.get_untracked()
    }

    /// End of the timeline. Reactive.
    pub fn horizon_us(&self) -> SimTime {
        self.horizon_us.get()
    }

    /// Moves the end of the timeline (e.g. to stop at a decision point); the current
    /// time is pulled back if it is past the new end.
    pub fn set_horizon(&self, horizon_us: SimTime) {
        self.horizon_us.set(horizon_us);
        let now = self.run.with_value(|run| run.timeline.now());
        if now > horizon_us {
            self.seek(horizon_us);
        }
    }

    /// Playback speed factor (1.0 = simulated time at 1/100 of real time). Reactive.
    pub fn speed(&self) -> f64 {
        self.speed.get()
    }

    /// The speed factor, without subscribing.
    pub fn speed_untracked(&self) -> f64 {
        self.speed.get_untracked()
    }

    /// Sets the playback speed factor (clamped to 0.1–10).
    pub fn set_speed(&self, factor: f64) {
        let factor = if factor.is_finite() { factor } else { 1.0 };
        self.speed
            .set(factor.clamp(settings::MIN_SPEED, settings::MAX_SPEED));
    }

    /// Messages about URL values that could not be used. Reactive.
    pub fn notices(&self) -> Vec<String> {
        self.notices.get()
    }

    /// Adds a message about a URL value the scenario could not use.
    fn add_notice(&self, text: String) {
        self.notices.update(|notices| notices.push(text));
    }

    /// Adds a message unless it is already shown.
    fn add_notice_once(&self, text: String) {
        let shown = self
            .notices
            .try_with_untracked(|notices| notices.contains(&text))
            .unwrap_or(true);
        if !shown {
            self.add_notice(text);
        }
    }

    /// Records the setting the run was built with, for share links, and claims the
    /// link's `&set=`. If the link asked for a setting the scenario could not read, a
    /// notice says so: “The link's setting “x” is not {expected}; {instead}.”
    pub fn use_setting(&self, setting: String, expected: &str, instead: &str) {
        let unreadable = self
            .run
            .try_update_value(|run| {
                run.unclaimed_setting
                    .take()
                    .filter(|linked| *linked != setting)
            })
            .flatten();
        self.run.update_value(|run| run.setting = Some(setting));
        if let Some(text) = unreadable {
            self.add_notice(format!(
                "The link's setting “{text}” is not {expected}; {instead}."
            ));
        }
    }

    /// A link's `&set=` that the scenario did not claim becomes a notice (called by
    /// the widget, after the scenario has set itself up).
    pub(crate) fn report_unclaimed_setting(&self) {
        let unclaimed = self
            .run
            .try_update_value(|run| run.unclaimed_setting.take())
            .flatten();
        if let Some(text) = unclaimed {
            self.add_notice(format!(
                "This simulation has no settings, so “set={text}” in the link was ignored."
            ));
        }
    }

    /// Tells the widget how the scenario's links were built, so the fault sliders start
    /// at the right values (the default is the simulator's: 1 ms, no loss).
    pub fn set_network_baseline(&self, settings: NetworkSettings) {
        self.baseline.set(settings);
    }

    /// The link settings in force now: the baseline plus the reader's interventions
    /// applied so far. Reactive.
    pub fn network_settings(&self) -> NetworkSettings {
        let baseline = self.baseline.get();
        self.readout.track();
        self.run.with_value(|run| {
            let timeline = &run.timeline;
            NetworkSettings::in_force(
                baseline,
                &timeline.interventions()[..timeline.applied_interventions()],
            )
        })
    }

    /// Hides `nodes` from the reader: the drawing shows them as unknown, and the log,
    /// narration and counters only tell what the other nodes could know.
    pub fn conceal(&self, nodes: Vec<NodeId>) {
        self.concealed.set(nodes);
    }

    /// The hidden nodes. Reactive.
    pub fn concealed(&self) -> Vec<NodeId> {
        self.concealed.get()
    }

    /// The hidden nodes, without subscribing (for event handlers).
    pub fn concealed_untracked(&self) -> Vec<NodeId> {
        self.concealed.get_untracked()
    }

    /// Whether anything is hidden. Reactive.
    pub fn is_concealing(&self) -> bool {
        self.concealed.with(|nodes| !nodes.is_empty())
    }

    /// What last moved the simulation. Reactive.
    pub fn last_change(&self) -> Change {
        self.change.get()
    }

    /// Names this run in share links (e.g. a lesson variant such as `retry-idempotent`).
    pub fn set_scenario(&self, scenario: &'static str) {
        self.run.update_value(|run| run.scenario = scenario);
    }

    /// The scenario name used in share links.
    pub fn scenario(&self) -> &'static str {
        self.run.with_value(|run| run.scenario)
    }

    /// Which fault controls to show.
    pub fn faults(&self) -> Faults {
        self.run.with_value(|run| run.spec.faults)
    }

    /// Simulated microseconds one real millisecond shows at 1×.
    pub fn sim_us_per_real_ms_at_1x(&self) -> f64 {
        self.run.with_value(|run| run.spec.sim_us_per_real_ms_at_1x)
    }

    /// What each node's box shows under its name.
    pub fn caption(&self) -> super::NodeCaption {
        self.run.with_value(|run| run.spec.caption)
    }

    /// The links the scenario's topology has (`None`: every pair).
    pub fn topology(&self) -> Option<Vec<(crate::sim::NodeId, crate::sim::NodeId)>> {
        self.run.with_value(|run| run.spec.topology.clone())
    }

    /// Drawing height hint in CSS pixels.
    pub fn height_px(&self) -> u32 {
        self.run.with_value(|run| run.spec.height_px)
    }

    /// Node positions as fractions of the drawing area.
    pub fn layout(&self) -> Vec<(f32, f32)> {
        self.run.with_value(|run| run.spec.layout.clone())
    }

    /// Reads the layout and the topology in place (for painting, without a copy per
    /// frame). `f` must not change the run.
    pub(crate) fn with_shape<R>(
        &self,
        f: impl FnOnce(&[(f32, f32)], Option<&[(NodeId, NodeId)]>) -> R,
    ) -> R {
        self.run
            .with_value(|run| f(&run.spec.layout, run.spec.topology.as_deref()))
    }

    /// A setting that changes the cluster's shape (a server more or fewer): the new
    /// node positions and links, then the world rebuilt as [`rebuild`](Self::rebuild)
    /// does. The drawing reads the shape on its next frame.
    pub fn reshape(
        &self,
        layout: Vec<(f32, f32)>,
        topology: Option<Vec<(NodeId, NodeId)>>,
        build: BuildWorld,
        setting: Option<String>,
    ) {
        self.run.update_value(|run| {
            run.spec.layout = layout;
            run.spec.topology = topology;
        });
        self.rebuild(build, setting);
    }

    /// Advances playback by `real_ms` of wall-clock time at the current speed. Returns
    /// whether playback should continue (false at the end, or once the widget is gone).
    pub(crate) fn advance_by_real_ms(&self, real_ms: f64) -> bool {
        let (Some(speed), Some(horizon), Some(true)) = (
            self.speed.try_get_untracked(),
            self.horizon_us.try_get_untracked(),
            self.playing.try_get_untracked(),
        ) else {
            return false;
        };
        let advanced = self.run.try_update_value(|run| {
            run.carry_us +=
                settings::sim_us_for_real_ms(real_ms, speed, run.spec.sim_us_per_real_ms_at_1x);
            let whole_us = run.carry_us.floor();
            run.carry_us -= whole_us;
            let now = run.timeline.now();
            let target = now.saturating_add(whole_us as SimTime).min(horizon);
            let reached =
                target <= now || run.timeline.advance_within(target, MAX_EVENTS_PER_FRAME);
            if !reached {
                run.carry_us = 0.0;
            }
            run.since_readout_ms += real_ms;
            let readout_due = run.since_readout_ms >= READOUT_EVERY_REAL_MS;
            if readout_due {
                run.since_readout_ms = 0.0;
            }
            (reached && target >= horizon, readout_due, reached)
        });
        let Some((reached_end, readout_due, kept_up)) = advanced else {
            return false;
        };
        if !kept_up {
            self.add_notice_once(FRAME_CAP_NOTICE.to_owned());
        }
        if self.change.try_get_untracked() != Some(Change::Play) {
            self.change.try_set(Change::Play);
        }
        self.revision.try_update(|r| *r += 1);
        if reached_end {
            self.playing.try_set(false);
        }
        if reached_end || readout_due {
            self.readout.try_update(|r| *r += 1);
        }
        !reached_end
    }

    /// Whether playback wants frames. Reactive.
    pub(crate) fn wants_frames(&self) -> bool {
        self.playing.get()
    }

    fn changed(&self, change: Change) {
        self.change.set(change);
        self.revision.update(|r| *r += 1);
        self.readout.update(|r| *r += 1);
    }
}

/// `recorded` moved onto the world `builder` makes (another seed's): each action at its
/// simulated time, after that instant's events, wherever the new world then stands.
fn at_same_times(builder: &WorldBuilder, recorded: &[Recorded]) -> Vec<Recorded> {
    let mut world = builder();
    recorded
        .iter()
        .map(|rec| {
            // At the current instant (time 0 before Play), before that instant's events.
            if rec.at > world.now() {
                world.run_until(rec.at);
            }
            world.apply(&rec.intervention);
            Recorded {
                events: world.events_processed(),
                ..*rec
            }
        })
        .collect()
}
