//! Saved quiz progress in localStorage, or in memory where the browser blocks storage.
//!
//! One [`ProgressStore`] serves the whole page. It is read once, on first use; a
//! record that cannot be read is copied under its own key, once, the fresh record is
//! written over it at once (so the next visit does not copy it again), at most
//! [`KEEP_CORRUPT_COPIES`] such copies are kept, and the page says so.

use leptos::prelude::*;

use super::browser::local_storage;
use crate::quiz::{Loaded, Predictors, Progress, Quiz, Score};

/// Where progress is saved.
pub const PROGRESS_KEY: &str = "distlab.progress.v1";

/// Unreadable progress is kept under this prefix followed by the time in Unix milliseconds.
pub const CORRUPT_KEY_PREFIX: &str = "distlab.progress.corrupt.";

/// Unreadable records kept at most; older copies are dropped first.
pub const KEEP_CORRUPT_COPIES: usize = 2;

const IN_MEMORY_NOTICE: &str = "This browser does not let the page save your progress (storage is blocked, as in some embedded pages), so your answers are kept only until you leave.";

const SAVE_FAILED_NOTICE: &str = "Your progress could not be saved (the browser's storage is full or blocked); from now on your answers are kept only until you leave.";

/// The page's saved progress, shared by every quiz on it.
#[derive(Clone)]
pub struct ProgressStore {
    progress: ArcRwSignal<Progress>,
    notice: ArcRwSignal<Option<String>>,
    persistent: ArcRwSignal<bool>,
}

thread_local! {
    static STORE: ProgressStore = ProgressStore::open();
}

/// The page's progress store, read from localStorage on first use.
pub fn progress_store() -> ProgressStore {
    STORE.with(Clone::clone)
}

/// A lesson's score against its quiz, as `(correct, total)`, its saved answers graded
/// again first ([`ProgressStore::regrade`]). Reactive: read inside a view closure, it
/// follows new answers.
pub fn lesson_score(lesson_id: &str, quiz: &Quiz, predictors: &dyn Predictors) -> (usize, usize) {
    let store = progress_store();
    store.regrade(lesson_id, quiz, predictors);
    let score = store.score(lesson_id, quiz);
    (score.correct, score.total)
}

impl ProgressStore {
    fn open() -> Self {
        let (progress, notice, persistent) = read_saved();
        Self {
            progress: ArcRwSignal::new(progress),
            notice: ArcRwSignal::new(notice),
            persistent: ArcRwSignal::new(persistent),
        }
    }

    /// The progress, to read reactively.
    pub fn progress(&self) -> ArcReadSignal<Progress> {
        self.progress.read_only()
    }

    /// A lesson's score against its quiz (reactive).
    pub fn score(&self, lesson_id: &str, quiz: &Quiz) -> Score {
        self.progress
            .with(|progress| progress.score(lesson_id, quiz))
    }

    /// What the page should tell the student about their saved progress, if anything.
    pub fn notice(&self) -> ArcReadSignal<Option<String>> {
        self.notice.read_only()
    }

    /// Hides the notice.
    pub fn dismiss_notice(&self) {
        self.notice.set(None);
    }

    /// Grades a lesson's saved answers again ([`Progress::regrade`]) and saves the
    /// result if that changed anything, so an edited record cannot claim a score.
    pub fn regrade(&self, lesson_id: &str, quiz: &Quiz, predictors: &dyn Predictors) {
        let changed = self
            .progress
            .try_update_untracked(|p| p.regrade(lesson_id, quiz, predictors))
            .unwrap_or(false);
        if changed {
            self.progress.notify();
            self.save();
        }
    }

    /// Changes the progress and saves it.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        self.progress.update(change);
        self.save();
    }

    fn save(&self) {
        if !self.persistent.get_untracked() {
            return;
        }
        let json = self.progress.with_untracked(Progress::to_json);
        let saved =
            local_storage().is_some_and(|storage| storage.set_item(PROGRESS_KEY, &json).is_ok());
        if !saved {
            self.persistent.set(false);
            self.notice.set(Some(SAVE_FAILED_NOTICE.to_owned()));
        }
    }
}

/// Reads saved progress: `(progress, notice, whether to keep saving)`.
fn read_saved() -> (Progress, Option<String>, bool) {
    let in_memory = || (Progress::new(), Some(IN_MEMORY_NOTICE.to_owned()), false);
    let Some(storage) = local_storage() else {
        return in_memory();
    };
    let Ok(raw) = storage.get_item(PROGRESS_KEY) else {
        return in_memory();
    };
    let Loaded { progress, problem } = Progress::load(raw.as_deref());
    let Some(problem) = problem else {
        return (progress, None, true);
    };
    drop_old_corrupt_copies(&storage, KEEP_CORRUPT_COPIES - 1);
    let mut millis = js_sys::Date::now().max(0.0) as u64;
    while matches!(
        storage.get_item(&format!("{CORRUPT_KEY_PREFIX}{millis}")),
        Ok(Some(_))
    ) {
        millis += 1;
    }
    let kept_under = format!("{CORRUPT_KEY_PREFIX}{millis}");
    if storage.set_item(&kept_under, &problem.raw).is_ok() {
        // The copy is safe: start the fresh record now, not at the next answer, so that
        // the next visit reads it instead of setting the same record aside again.
        let saved = storage.set_item(PROGRESS_KEY, &progress.to_json()).is_ok();
        let mut notice = problem.notice(&kept_under);
        if !saved {
            notice = format!("{notice} {SAVE_FAILED_NOTICE}");
        }
        (progress, Some(notice), saved)
    } else {
        // Saving now would overwrite the only copy: leave it where it is.
        let notice = format!(
            "Your saved progress could not be read ({}); it was left untouched under \"{PROGRESS_KEY}\", and answers from this visit will not be saved.",
            problem.cause
        );
        (progress, Some(notice), false)
    }
}

/// Removes the oldest copies of unreadable progress until at most `keep` remain.
fn drop_old_corrupt_copies(storage: &web_sys::Storage, keep: usize) {
    let count = storage.length().unwrap_or(0);
    let mut copies: Vec<(u64, String)> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let millis = key.strip_prefix(CORRUPT_KEY_PREFIX)?.parse::<u64>().ok()?;
            Some((millis, key))
        })
        .collect();
    copies.sort_unstable();
    let excess = copies.len().saturating_sub(keep);
    for (_, key) in copies.into_iter().take(excess) {
        let _ = storage.remove_item(&key);
    }
}
