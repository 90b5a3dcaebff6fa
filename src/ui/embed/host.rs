//! The link with a host page when DistLab runs in a frame: posts the content
//! height whenever it changes and quiz results as they happen, and obeys the few
//! documented requests the host may send (see `crate::embed::protocol`).
//!
//! Nothing here runs when the page is not framed (`window.parent === window`).
//! Messages go to the origin pinned by `&origin=`, or to `"*"`: a height, a lesson
//! id and a quiz score are not secrets, and a course that wants them to reach only
//! its own pages pins its origin. Requests are accepted only from the parent
//! window, and only from the pinned origin when there is one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::protocol::{
    clamp_height, quiz_answer_message, quiz_complete_message, resize_messages, MAX_MESSAGE_CHARS,
};
use crate::embed::snippet::app_base;
use crate::embed::{HostMessage, Outgoing, QuizAnswer, QuizPage, ViewPart};
use crate::ui::nav::Nav;
use crate::ui::theme::Theme;

/// Counts the host's reset requests; provided as context by [`install`] so that
/// simulations can start over when it changes.
#[derive(Clone, Copy)]
pub struct HostReset(RwSignal<u64>);

impl HostReset {
    /// How many resets the host asked for. Reactive.
    pub fn count(&self) -> u64 {
        self.0.get()
    }
}

/// What the page needs to talk to its parent.
struct HostLink {
    parent: web_sys::Window,
    /// The pinned origin, or `"*"`.
    target_origin: String,
    pinned: Option<String>,
    quiz_page: QuizPage,
    last_height: Option<u32>,
    /// Whether each lesson's quiz was complete at its last reported answer.
    completed: BTreeMap<String, bool>,
}

thread_local! {
    static LINK: RefCell<Option<HostLink>> = const { RefCell::new(None) };
}

/// Runs `f` on the host link, if the page is framed and the link is not busy.
fn with_link<R>(f: impl FnOnce(&mut HostLink) -> R) -> Option<R> {
    LINK.with(|cell| {
        let mut guard = cell.try_borrow_mut().ok()?;
        guard.as_mut().map(f)
    })
}

/// The parent window, when this page is in a frame.
fn framing_parent(window: &web_sys::Window) -> Option<web_sys::Window> {
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, window)).then_some(parent)
}

/// Sets up the host link; call once from the app shell. Provides [`HostReset`]
/// even when the page is not framed, so readers of it never miss the context.
pub fn install(nav: Nav, theme: Theme, shown: impl Fn() -> (Option<String>, ViewPart) + 'static) {
    let reset = HostReset(RwSignal::new(0));
    provide_context(reset);
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = framing_parent(&window) else {
        return;
    };
    let (pinned, quiz_file) = nav
        .params()
        .with_untracked(|(p, _)| (p.parent_origin.clone(), p.quiz.clone()));
    let location = window.location();
    let base_url = app_base(
        &location.origin().unwrap_or_default(),
        &location.pathname().unwrap_or_default(),
    );
    LINK.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(HostLink {
                parent,
                target_origin: pinned.clone().unwrap_or_else(|| "*".into()),
                pinned,
                quiz_page: QuizPage {
                    base_url,
                    quiz_file,
                    timestamp: None,
                },
                last_height: None,
                completed: BTreeMap::new(),
            });
        }
    });

    let report = std::rc::Rc::new(move |force: bool| {
        let (lesson, view) = shown();
        post_height(force, lesson.as_deref(), view);
    });
    observe_height(report.clone());
    let handle = window_event_listener(leptos::ev::message, move |event| match accept(&event) {
        Some(HostMessage::SetTheme(choice)) => {
            theme.current.try_set(choice);
        }
        Some(HostMessage::Reset) => {
            reset.0.try_update(|count| *count += 1);
        }
        Some(HostMessage::RequestHeight) => report(true),
        None => {}
    });
    on_cleanup(move || handle.remove());
}

/// Watches the document's size and reports its height when it changes.
fn observe_height(report: std::rc::Rc<dyn Fn(bool)>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let callback = {
        let report = report.clone();
        Closure::<dyn FnMut(js_sys::Array, web_sys::ResizeObserver)>::new(
            move |_entries: js_sys::Array, _observer: web_sys::ResizeObserver| report(false),
        )
    };
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        // No ResizeObserver: report once, and on request.
        report(true);
        return;
    };
    observer.observe(&root);
    // The app lives as long as the page; so do the observer and its callback.
    callback.forget();
    std::mem::forget(observer);
}

/// The content height: the `<html>` box, which with no fixed height is as tall
/// as the content (unlike `scrollHeight`, which never goes below the frame).
/// `None` while the frame has no width (hidden by the host): a zero-width
/// layout is absurdly tall, and the observer fires again once it is shown.
fn content_height() -> Option<u32> {
    let root = web_sys::window()?.document()?.document_element()?;
    if root.client_width() <= 0 {
        return None;
    }
    Some(clamp_height(root.get_bounding_client_rect().height()))
}

/// Posts the height if it changed since the last report (or always, when forced).
fn post_height(force: bool, lesson: Option<&str>, view: ViewPart) {
    let Some(height) = content_height() else {
        return;
    };
    with_link(|link| {
        if !force && link.last_height == Some(height) {
            return;
        }
        link.last_height = Some(height);
        for message in resize_messages(height, lesson, view) {
            post(link, &message);
        }
    });
}

fn post(link: &HostLink, message: &Outgoing) {
    let value = match message {
        Outgoing::Object(object) => match js_sys::JSON::parse(&object.to_string()) {
            Ok(value) => value,
            Err(_) => return,
        },
        Outgoing::Text(text) => JsValue::from_str(text),
    };
    let _ = link.parent.post_message(&value, &link.target_origin);
}

/// A documented request from the parent window (and pinned origin), or `None`.
fn accept(event: &web_sys::MessageEvent) -> Option<HostMessage> {
    let (parent, pinned) = with_link(|link| (link.parent.clone(), link.pinned.clone()))?;
    let source = event.source()?;
    if !js_sys::Object::is(&source, &parent) {
        return None;
    }
    if pinned.is_some_and(|origin| event.origin() != origin) {
        return None;
    }
    let data = event.data();
    let text = if let Some(text) = data.dyn_ref::<js_sys::JsString>() {
        if text.length() as usize > MAX_MESSAGE_CHARS {
            return None;
        }
        String::from(text)
    } else if data.is_object() {
        // Serialise only objects that claim to be ours; reading `type` may throw
        // (a proxy, a getter) and serialising may fail (a cycle): both are ignored.
        let kind = js_sys::Reflect::get(&data, &JsValue::from_str("type"))
            .ok()?
            .as_string()?;
        if !kind.starts_with("distlab:") || kind.len() > 64 {
            return None;
        }
        let text = js_sys::JSON::stringify(&data).ok()?;
        if text.length() as usize > MAX_MESSAGE_CHARS {
            return None;
        }
        String::from(text)
    } else {
        return None;
    };
    HostMessage::parse_json(&text)
}

/// Tells the host about an answered question, and about the quiz's completion
/// when this answer completes it. Does nothing when the page is not framed.
pub fn post_quiz_answer(answer: QuizAnswer) {
    let timestamp = String::from(js_sys::Date::new_0().to_iso_string());
    with_link(|link| {
        let mut page = link.quiz_page.clone();
        page.timestamp = Some(timestamp);
        post(link, &Outgoing::Object(quiz_answer_message(&answer, &page)));
        let was_complete = link
            .completed
            .insert(answer.lesson.clone(), answer.completed)
            .unwrap_or(false);
        if answer.completed && !was_complete {
            let message = quiz_complete_message(&answer.lesson, answer.score, answer.max, &page);
            post(link, &Outgoing::Object(message));
        }
    });
}

/// The quiz panel's `on_answer` for `lesson`: reports each answer to the host.
pub fn quiz_answer_callback(lesson: &'static str) -> Callback<crate::ui::quiz::AnswerEvent> {
    Callback::new(move |event: crate::ui::quiz::AnswerEvent| {
        post_quiz_answer(QuizAnswer {
            // The event's `lesson` is the progress key (it names the instructor's
            // file too); the host wants the lesson id.
            lesson: lesson.to_string(),
            question: event.question,
            correct: event.correct,
            score: event.score,
            max: event.max,
            completed: event.completed,
        });
    })
}
