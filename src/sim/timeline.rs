//! Time travel: replay a world from its builder and checkpoints, with recorded interventions.
//!
//! A [`Timeline`] owns a builder closure (which captures the seed), the current world,
//! periodic checkpoints (clones), and the interventions the user made. Seeking back
//! restores the nearest earlier checkpoint and replays forward, re-applying every
//! recorded intervention at the exact position it was made: after the same number of
//! events and at the same time. Intervening after scrubbing back discards the recorded
//! future (the future is rewritten).

use std::any::Any;
use std::rc::Rc;

use super::intervention::{Intervention, Recorded};
use super::world::World;
use super::SimTime;

/// Builds a fresh world at time 0 (the seed is captured by the closure).
pub type WorldBuilder = Rc<dyn Fn() -> Box<dyn World>>;

/// Default number of events between checkpoints.
pub const DEFAULT_CHECKPOINT_EVERY_EVENTS: u64 = 1024;
const MAX_CHECKPOINTS: usize = 256;

struct Checkpoint {
    events: u64,
    now: SimTime,
    /// How many recorded interventions had been applied.
    applied: usize,
    world: Box<dyn World>,
}

impl Checkpoint {
    fn position(&self) -> (u64, SimTime) {
        (self.events, self.now)
    }
}

/// A world with a scrubbable past and a recorded list of interventions.
pub struct Timeline {
    build: WorldBuilder,
    world: Box<dyn World>,
    recorded: Vec<Recorded>,
    applied: usize,
    checkpoints: Vec<Checkpoint>,
    checkpoint_every_events: u64,
}

impl Timeline {
    /// A timeline at time 0 with no interventions.
    pub fn new(build: WorldBuilder) -> Self {
        let world = build();
        let initial = Checkpoint {
            events: world.events_processed(),
            now: world.now(),
            applied: 0,
            world: world.box_clone(),
        };
        Self {
            build,
            world,
            recorded: Vec::new(),
            applied: 0,
            checkpoints: vec![initial],
            checkpoint_every_events: DEFAULT_CHECKPOINT_EVERY_EVENTS,
        }
    }

    /// A timeline at time 0 that will replay `recorded` (e.g. decoded from a share link) as it advances.
    pub fn with_interventions(build: WorldBuilder, mut recorded: Vec<Recorded>) -> Self {
        recorded.sort_by_key(Recorded::position);
        let mut timeline = Self::new(build);
        timeline.recorded = recorded;
        timeline
    }

    /// Take a checkpoint every `events` events (at least 1). Affects checkpoints taken from now on.
    pub fn set_checkpoint_interval(&mut self, events: u64) {
        self.checkpoint_every_events = events.max(1);
    }

    /// The current world.
    pub fn world(&self) -> &dyn World {
        self.world.as_ref()
    }

    /// The current world downcast to its concrete type (e.g. `Simulation<P>`).
    pub fn world_as<T: Any>(&self) -> Option<&T> {
        self.world.as_any().downcast_ref::<T>()
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.world.now()
    }

    /// Every recorded intervention (applied or still ahead), in replay order.
    pub fn interventions(&self) -> &[Recorded] {
        &self.recorded
    }

    /// How many of [`interventions`](Self::interventions) are in effect at the current position.
    pub fn applied_interventions(&self) -> usize {
        self.applied
    }

    /// When the next recorded intervention still ahead of the current position happens.
    pub fn next_recorded_at(&self) -> Option<SimTime> {
        self.recorded.get(self.applied).map(|rec| rec.at)
    }

    /// Number of checkpoints held.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Process one event (applying recorded interventions that fall due). False if nothing is queued.
    pub fn step(&mut self) -> bool {
        self.apply_due(true);
        let stepped = self.step_world();
        self.apply_due(false);
        stepped
    }

    /// Play forward to time `t` (no-op if `t` is in the past), replaying recorded interventions.
    pub fn advance_to(&mut self, t: SimTime) {
        self.advance_within(t, u64::MAX);
    }

    /// Like [`advance_to`](Self::advance_to), but processes at most `max_events` events.
    /// Returns whether `t` was reached; when not, the world stands just after the last
    /// event it processed, and a later call goes on from there.
    pub fn advance_within(&mut self, t: SimTime, max_events: u64) -> bool {
        let limit = self.world.events_processed().saturating_add(max_events);
        while let Some(rec) = self
            .recorded
            .get(self.applied)
            .copied()
            .filter(|r| r.at <= t)
        {
            while self.world.events_processed() < rec.events {
                if self.world.events_processed() >= limit {
                    return false;
                }
                if !self.step_world() {
                    break;
                }
            }
            self.apply_next(rec);
        }
        while self.world.next_event_time().is_some_and(|next| next <= t) {
            if self.world.events_processed() >= limit {
                return false;
            }
            if !self.step_world() {
                break;
            }
        }
        self.world.run_until(t);
        true
    }

    /// Go to time `t`, backwards or forwards. Backwards restores the nearest earlier checkpoint
    /// and replays; the result is identical to having played straight to `t`.
    pub fn seek(&mut self, t: SimTime) {
        self.seek_within(t, u64::MAX);
    }

    /// Like [`seek`](Self::seek), but replays at most `max_events` events; returns whether
    /// `t` was reached (see [`advance_within`](Self::advance_within)).
    pub fn seek_within(&mut self, t: SimTime, max_events: u64) -> bool {
        if t < self.world.now() {
            let index = self
                .checkpoints
                .iter()
                .rposition(|c| c.now <= t)
                .unwrap_or(0);
            let checkpoint = &self.checkpoints[index];
            self.world = checkpoint.world.box_clone();
            self.applied = checkpoint.applied;
        }
        self.advance_within(t, max_events)
    }

    /// Apply `iv` at the current position and record it. Recorded interventions that were still
    /// ahead of the current position are discarded.
    pub fn intervene(&mut self, iv: Intervention) {
        self.recorded.truncate(self.applied);
        let position = (self.world.events_processed(), self.world.now());
        self.checkpoints.retain(|c| c.position() <= position);
        let rec = Recorded {
            at: self.world.now(),
            events: self.world.events_processed(),
            intervention: iv,
        };
        self.world.apply(&iv);
        self.recorded.push(rec);
        self.applied = self.recorded.len();
    }

    /// Start over from time 0 with no interventions.
    pub fn reset(&mut self) {
        *self = Self {
            checkpoint_every_events: self.checkpoint_every_events,
            ..Self::new(self.build.clone())
        };
    }

    fn apply_next(&mut self, rec: Recorded) {
        if self.world.now() < rec.at {
            self.world.run_until(rec.at);
        }
        self.world.apply(&rec.intervention);
        self.applied += 1;
    }

    /// Apply recorded interventions made at the current event count: all of them before a step
    /// (`before_step`), only those not later than now after one.
    fn apply_due(&mut self, before_step: bool) {
        while let Some(rec) = self.recorded.get(self.applied).copied() {
            let due = rec.events <= self.world.events_processed()
                && (before_step || rec.at <= self.world.now());
            if !due {
                break;
            }
            self.apply_next(rec);
        }
    }

    fn step_world(&mut self) -> bool {
        let stepped = self.world.step();
        if stepped {
            self.maybe_checkpoint();
        }
        stepped
    }

    fn maybe_checkpoint(&mut self) {
        let events = self.world.events_processed();
        let last = self.checkpoints.last().map_or(0, |c| c.events);
        if events < last + self.checkpoint_every_events {
            return;
        }
        self.checkpoints.push(Checkpoint {
            events,
            now: self.world.now(),
            applied: self.applied,
            world: self.world.box_clone(),
        });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            let mut index = 0;
            self.checkpoints.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.checkpoint_every_events *= 2;
        }
    }
}
