//! Navigation that works on any static host: the query string is the route,
//! links push history entries, and back/forward re-read the address.

use leptos::prelude::*;

use super::browser;
use crate::embed::{Notice, Params};

/// The current address, shared through context.
#[derive(Clone, Copy)]
pub struct Nav {
    query: RwSignal<String>,
    params: Memo<(Params, Vec<Notice>)>,
}

impl Nav {
    /// Creates the navigation state and listens for back/forward.
    pub fn provide() -> Nav {
        let query = RwSignal::new(browser::location_search());
        let params = Memo::new(move |_| Params::parse(&query.get()));
        let nav = Nav { query, params };
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            query.set(browser::location_search());
        });
        on_cleanup(move || handle.remove());
        provide_context(nav);
        nav
    }

    /// The navigation state of the surrounding app.
    pub fn get() -> Nav {
        expect_context::<Nav>()
    }

    /// The parsed parameters of the current address.
    pub fn params(&self) -> Memo<(Params, Vec<Notice>)> {
        self.params
    }

    /// Opens `href` (a query such as `?lesson=intro`, or the home path) as a new history entry.
    pub fn go(&self, href: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
        self.query.set(browser::location_search());
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Replaces the current history entry's query without navigating (for shareable state).
    pub fn replace(&self, href: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
    }
}

/// Address of the home page (the current path without a query).
pub fn home_href() -> String {
    browser::location_pathname()
}

/// Address of a lesson, relative to the current page.
pub fn lesson_href(id: &str) -> String {
    format!("?lesson={id}")
}

/// A link that navigates inside the app without reloading the page.
#[component]
pub fn AppLink(
    #[prop(into)] href: String,
    children: Children,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let target = href.clone();
    let follow = move |event: leptos::ev::MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if modified || event.button() != 0 {
            return;
        }
        event.prevent_default();
        Nav::get().go(&target);
    };
    view! {
        <a href=href class=class on:click=follow>
            {children()}
        </a>
    }
}
