//! Playback: an animation-frame loop that advances the simulation while it is playing
//! and can be seen. No frame is requested while paused, while the tab is hidden, or
//! while the widget is scrolled out of view; playback resumes when it is visible again.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::controller::SimController;
use super::dom::{hold_until_cleanup, observe_visibility, Listener};

/// Starts driving `sim` from animation frames, gated on visibility of `root`.
pub fn drive_playback(sim: SimController, root: NodeRef<Div>) {
    let in_view = RwSignal::new(true);
    let page_visible = RwSignal::new(!document_hidden());

    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(listener) = Listener::new(&document, "visibilitychange", move |_| {
            page_visible.try_set(!document_hidden());
        }) {
            hold_until_cleanup(listener);
        }
    }

    Effect::new(move |_| {
        let Some(element) = root.get() else {
            return;
        };
        if let Some(observer) = observe_visibility(&element, move |visible| {
            in_view.try_set(visible);
        }) {
            hold_until_cleanup(observer);
        }
    });

    let frames = FrameLoop::new(sim);
    let gate = Rc::clone(&frames);
    Effect::new(move |_| {
        if sim.wants_frames() && in_view.get() && page_visible.get() {
            gate.start();
        } else {
            gate.stop();
        }
    });
    hold_until_cleanup(StopOnDrop(frames));
}

fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

type FrameCallback = Closure<dyn FnMut(f64)>;

/// The requestAnimationFrame loop.
struct FrameLoop {
    sim: SimController,
    pending: Cell<Option<i32>>,
    last_frame_ms: Cell<Option<f64>>,
    callback: RefCell<Option<FrameCallback>>,
}

impl FrameLoop {
    fn new(sim: SimController) -> Rc<Self> {
        let frames = Rc::new(FrameLoop {
            sim,
            pending: Cell::new(None),
            last_frame_ms: Cell::new(None),
            callback: RefCell::new(None),
        });
        let weak: Weak<FrameLoop> = Rc::downgrade(&frames);
        let callback = FrameCallback::new(move |timestamp_ms: f64| {
            if let Some(frames) = weak.upgrade() {
                frames.tick(timestamp_ms);
            }
        });
        *frames.callback.borrow_mut() = Some(callback);
        frames
    }

    fn request(&self) {
        let callback = self.callback.borrow();
        let (Some(window), Some(callback)) = (web_sys::window(), callback.as_ref()) else {
            return;
        };
        if let Ok(id) = window.request_animation_frame(callback.as_ref().unchecked_ref()) {
            self.pending.set(Some(id));
        }
    }

    fn start(&self) {
        if self.pending.get().is_none() {
            self.last_frame_ms.set(None);
            self.request();
        }
    }

    fn stop(&self) {
        if let (Some(id), Some(window)) = (self.pending.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
        self.last_frame_ms.set(None);
    }

    fn tick(&self, timestamp_ms: f64) {
        self.pending.set(None);
        let keep_going = match self.last_frame_ms.get() {
            Some(last) => self.sim.advance_by_real_ms(timestamp_ms - last),
            None => true,
        };
        if keep_going {
            self.last_frame_ms.set(Some(timestamp_ms));
            self.request();
        } else {
            self.last_frame_ms.set(None);
        }
    }
}

/// Cancels the pending frame and releases the callback when the widget goes away.
struct StopOnDrop(Rc<FrameLoop>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.stop();
        self.0.callback.borrow_mut().take();
    }
}
