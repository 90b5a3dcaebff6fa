//! The lesson page frame: reading column, simulation area and quiz area.

use leptos::prelude::*;

use super::nav::{home_href, lesson_href, AppLink, Nav};
use crate::embed::{Notice, Params, ViewPart};
use crate::lessons::{self, Lesson};

/// A lesson, or only the part of it that `&view=` asks for.
#[component]
pub fn LessonPage(lesson: &'static Lesson, params: Params) -> impl IntoView {
    let part = params.view;
    let show = move |wanted: ViewPart| part == ViewPart::All || part == wanted;
    let reading = show(ViewPart::Lesson).then(|| {
        view! {
            <section class="reading" aria-label="Lesson text">
                {(lesson.reading)()}
            </section>
        }
    });
    let simulation = show(ViewPart::Sim)
        .then(|| view! { <SimulationArea lesson=lesson params=params.clone() /> });
    let quiz = show(ViewPart::Quiz)
        .then(|| view! { <super::lesson_quiz::LessonQuiz lesson=lesson params=params.clone() /> });
    let heading = (part == ViewPart::All).then(|| {
        view! {
            <header class="lesson-header">
                <h1>{lesson.title}</h1>
                <p class="lede">{lesson.summary}</p>
            </header>
        }
    });
    view! {
        <article class="lesson" data-view=format!("{part:?}").to_lowercase() data-lesson=lesson.id>
            {heading}
            <div class="lesson-grid">{reading} {simulation}</div>
            {quiz}
            <LessonFooter lesson=lesson />
        </article>
    }
}

/// The simulation area: one tab per scenario, the chosen one live.
#[component]
fn SimulationArea(lesson: &'static Lesson, params: Params) -> impl IntoView {
    let scenarios = (lesson.scenarios)();
    if scenarios.is_empty() {
        return ().into_any();
    }
    let names: Vec<&'static str> = scenarios.iter().map(|s| s.name).collect();
    let count = names.len();
    let start = params
        .scenario
        .as_deref()
        .and_then(|wanted| names.iter().position(|name| *name == wanted))
        .unwrap_or(0);
    let names = StoredValue::new(names);
    let selected = RwSignal::new(start);
    let scenarios = StoredValue::new(scenarios);
    let tabs = count > 1;
    let tab_list = tabs.then(|| {
        let buttons = scenarios.with_value(|all| {
            all.iter()
                .enumerate()
                .map(|(index, scenario)| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("tab-{}", scenario.name)
                            aria-controls="sim-panel"
                            aria-selected=move || (selected.get() == index).to_string()
                            tabindex=move || if selected.get() == index { "0" } else { "-1" }
                            on:click=move |_| selected.set(index)
                            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                                let next = match event.key().as_str() {
                                    "ArrowRight" => Some((index + 1) % count),
                                    "ArrowLeft" => Some((index + count - 1) % count),
                                    "Home" => Some(0),
                                    "End" => Some(count - 1),
                                    _ => None,
                                };
                                if let Some(next) = next {
                                    event.prevent_default();
                                    selected.set(next);
                                    focus_tab(names.with_value(|all| all[next]));
                                }
                            }
                        >
                            {scenario.title}
                        </button>
                    }
                })
                .collect_view()
        });
        view! {
            <div class="sim-tabs" role="tablist" aria-label="Simulations">
                {buttons}
            </div>
        }
    });
    let panel = move || {
        let index = selected.get();
        // A scenario other than the one in the URL starts from defaults.
        let mut own_params = params.clone();
        if index != start {
            own_params = Params {
                lesson: params.lesson.clone(),
                ..Params::parse("").0
            };
        }
        scenarios.with_value(|all| (all[index].view)(&own_params))
    };
    view! {
        <section class="sim-area" aria-label="Simulation">
            {tab_list}
            <div id="sim-panel" role=if tabs { "tabpanel" } else { "region" } aria-label="Live simulation">
                {panel}
            </div>
        </section>
    }
    .into_any()
}

fn focus_tab(name: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{name}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Previous / next lesson links.
#[component]
fn LessonFooter(lesson: &'static Lesson) -> impl IntoView {
    let all = lessons::all();
    let index = all.iter().position(|l| l.id == lesson.id).unwrap_or(0);
    let previous = index.checked_sub(1).and_then(|i| all.get(i));
    let next = all.get(index + 1);
    view! {
        <nav class="lesson-footer" aria-label="Lessons">
            {previous.map(|l| view! { <AppLink href=lesson_href(l.id) class="prev">"← " {l.title}</AppLink> })}
            <AppLink href=home_href() class="home-link">"All lessons"</AppLink>
            {next.map(|l| view! { <AppLink href=lesson_href(l.id) class="next">{l.title} " →"</AppLink> })}
        </nav>
    }
}

/// Shown for a lesson id that does not exist.
#[component]
pub fn UnknownLesson(id: String) -> impl IntoView {
    let list = lessons::all()
        .iter()
        .map(|l| view! { <li><AppLink href=lesson_href(l.id)>{l.title}</AppLink></li> })
        .collect_view();
    view! {
        <section class="not-found" role="alert" data-testid="unknown-lesson">
            <h1>"No lesson here"</h1>
            <p>"There is no lesson called “" {id} "” in DistLab. It may have been renamed, or the link may be mistyped."</p>
            <p><AppLink href=home_href()>"Go to the list of lessons"</AppLink> ", or pick one:"</p>
            <ul>{list}</ul>
        </section>
    }
}

/// Parameters that could not be used, each in a small dismissible notice.
#[component]
pub fn Notices(notices: Vec<Notice>) -> impl IntoView {
    if notices.is_empty() {
        return ().into_any();
    }
    let hidden = RwSignal::new(false);
    let items = notices
        .into_iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    view! {
        <aside class="notices" role="status" data-testid="notices" hidden=move || hidden.get()>
            <p>"Some settings in this link were not understood, so DistLab used its defaults:"</p>
            <ul>{items}</ul>
            <button type="button" on:click=move |_| hidden.set(true)>"Dismiss"</button>
        </aside>
    }
    .into_any()
}

/// The lesson currently addressed, if any.
pub fn current_lesson(nav: Nav) -> Option<&'static Lesson> {
    nav.params()
        .with(|(params, _)| params.lesson.as_deref().and_then(lessons::find))
}
