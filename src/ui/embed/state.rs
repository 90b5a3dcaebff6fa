//! What the Embed dialog needs to know about the simulation on show: which
//! scenario tab is open and, when the widget shares it, the exact run state.

use std::rc::Rc;

use leptos::prelude::*;

use crate::ui::sim::SimController;

type ShareQuery = Rc<dyn Fn() -> String>;

/// Per lesson page: set by the simulation area and the widget, read by the dialog.
#[derive(Clone, Copy)]
pub struct EmbedState {
    /// A share-style query for the open tab as the address started it
    /// (`?scenario=..&seed=..&ops=..&t=..`), used when no widget shares its state.
    fallback: RwSignal<Option<String>>,
    /// The running simulation's own share query, registered by [`share_sim_state`].
    live: StoredValue<Option<(u64, ShareQuery)>, LocalStorage>,
    next_token: StoredValue<u64>,
}

impl EmbedState {
    /// Creates the state for one lesson page and provides it to its children.
    pub fn provide() -> EmbedState {
        let state = EmbedState {
            fallback: RwSignal::new(None),
            live: StoredValue::new_local(None),
            next_token: StoredValue::new(0),
        };
        provide_context(state);
        state
    }

    /// Records the open tab's starting state (see [`EmbedState::fallback`]).
    pub fn set_fallback(&self, query: Option<String>) {
        self.fallback.try_set(query);
    }

    /// The simulation state to embed: the live run's, else the open tab's start.
    pub fn sim_query(&self) -> Option<String> {
        let live = self
            .live
            .try_with_value(|live| live.as_ref().map(|(_, query)| query.clone()))
            .flatten();
        match live {
            Some(query) => Some(query()),
            None => self.fallback.try_get_untracked().flatten(),
        }
    }
}

/// Lets the Embed dialog copy this simulation's live state (seed, recorded
/// interventions, instant). Call it where the widget is created; it unregisters
/// itself when that owner is cleaned up. Outside a lesson page it does nothing.
pub fn share_sim_state(sim: SimController) {
    share_sim_query(move || sim.share_query());
}

/// [`share_sim_state`] for any source of a share query.
pub fn share_sim_query(query: impl Fn() -> String + 'static) {
    let Some(state) = use_context::<EmbedState>() else {
        return;
    };
    let Some(token) = state.next_token.try_update_value(|next| {
        *next += 1;
        *next
    }) else {
        return;
    };
    state.live.try_set_value(Some((token, Rc::new(query))));
    // A newer registration (the next tab) may already be in place: only clear our own.
    let live = state.live;
    on_cleanup(move || {
        live.try_update_value(|slot| {
            if slot.as_ref().is_some_and(|(t, _)| *t == token) {
                *slot = None;
            }
        });
    });
}
