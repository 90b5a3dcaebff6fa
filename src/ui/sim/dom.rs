//! Browser resources tied to the component that created them: event listeners and
//! observers are released when the component goes away (so no callback ever touches a
//! disposed signal).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Keeps `value` alive until the current reactive owner is cleaned up, then drops it
/// (its `Drop` removes listeners, disconnects observers, cancels frames).
pub fn hold_until_cleanup<T: 'static>(value: T) {
    let _ = StoredValue::new_local(value);
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Listens for `event` on `target`; `None` if the browser refuses.
    pub fn new(
        target: &web_sys::EventTarget,
        event: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Self> {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        target
            .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Self {
            target: target.clone(),
            event,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// A `ResizeObserver` or `IntersectionObserver` with its callback, disconnected when dropped.
pub struct Observer<O: ObserverLike> {
    observer: O,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

/// What [`Observer`] needs of the two observer types.
pub trait ObserverLike {
    fn disconnect(&self);
}

impl ObserverLike for web_sys::ResizeObserver {
    fn disconnect(&self) {
        web_sys::ResizeObserver::disconnect(self);
    }
}

impl ObserverLike for web_sys::IntersectionObserver {
    fn disconnect(&self) {
        web_sys::IntersectionObserver::disconnect(self);
    }
}

impl<O: ObserverLike> Drop for Observer<O> {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_resize` whenever `element` changes size.
pub fn observe_resize(
    element: &web_sys::Element,
    mut on_resize: impl FnMut() + 'static,
) -> Option<Observer<web_sys::ResizeObserver>> {
    let callback =
        Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| on_resize());
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(Observer {
        observer,
        _callback: callback,
    })
}

/// Calls `on_change(visible)` whenever `element` scrolls into or out of the viewport.
pub fn observe_visibility(
    element: &web_sys::Element,
    mut on_change: impl FnMut(bool) + 'static,
) -> Option<Observer<web_sys::IntersectionObserver>> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let last = entries.get(entries.length().saturating_sub(1));
        if let Some(entry) = last.dyn_ref::<web_sys::IntersectionObserverEntry>() {
            on_change(entry.is_intersecting());
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(Observer {
        observer,
        _callback: callback,
    })
}

/// Keeps `signal` equal to whether the media query matches, for as long as the owner lives.
pub fn track_media_query(query: &str, signal: RwSignal<bool>) {
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        return;
    };
    signal.set(list.matches());
    let watched = list.clone();
    if let Some(listener) = Listener::new(&list, "change", move |_| {
        signal.try_set(watched.matches());
    }) {
        hold_until_cleanup(listener);
    }
}

/// A process-wide counter for element ids that must be unique on the page.
pub fn unique_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
