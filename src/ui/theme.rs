//! Light and dark themes: follow the system unless the reader (or an embedding
//! course page) picks one; the reader's pick is remembered.

use leptos::prelude::*;

use super::browser;
use crate::embed::ThemeChoice;

const STORAGE_KEY: &str = "distlab.theme";

/// The theme shown now, and whether it was chosen rather than inherited.
#[derive(Clone, Copy)]
pub struct Theme {
    pub current: RwSignal<ThemeChoice>,
}

impl Theme {
    /// Picks the starting theme: URL, then saved choice, then system setting.
    pub fn provide(forced: Option<ThemeChoice>) -> Theme {
        let saved = browser::storage_get(STORAGE_KEY).and_then(|text| ThemeChoice::parse(&text));
        let start = forced.or(saved).unwrap_or_else(system_theme);
        let theme = Theme {
            current: RwSignal::new(start),
        };
        Effect::new(move |_| apply(theme.current.get()));
        provide_context(theme);
        theme
    }

    /// Switches between light and dark and remembers the choice.
    pub fn toggle(&self) {
        let next = match self.current.get_untracked() {
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::Light,
        };
        browser::storage_set(STORAGE_KEY, next.as_str());
        self.current.set(next);
    }
}

fn system_theme() -> ThemeChoice {
    match browser::media_matches("(prefers-color-scheme: dark)") {
        true => ThemeChoice::Dark,
        false => ThemeChoice::Light,
    }
}

fn apply(theme: ThemeChoice) {
    if let Some(root) = browser::root_element() {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
}

/// The header button that switches theme.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<Theme>();
    let label = move || match theme.current.get() {
        ThemeChoice::Light => "Dark theme",
        ThemeChoice::Dark => "Light theme",
    };
    let icon = move || match theme.current.get() {
        ThemeChoice::Light => "☾",
        ThemeChoice::Dark => "☀",
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            data-testid="theme-toggle"
            aria-label=move || format!("Switch to {}", label().to_lowercase())
            on:click=move |_| theme.toggle()
        >
            <span aria-hidden="true">{icon}</span>
            " "
            {label}
        </button>
    }
}
