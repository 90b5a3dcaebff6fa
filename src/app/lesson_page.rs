//! The lesson page frame: reading column, simulation area and quiz area.

use leptos::prelude::*;

use super::chunks::{fetch_views, with_views, ViewsFetch};
use super::embed_dialog::EmbedButton;
use super::text_link::{open_scenario_from_text, show_section_of, BackToText};
use crate::embed::snippet::start_query;
use crate::embed::{resolve_lesson, LessonParts, Notice, Params, ViewPart};
use crate::lessons::{self, Lesson, LessonViews};
use crate::ui::browser::focus_by_id;
use crate::ui::embed::{EmbedState, HostReset};
use crate::ui::nav::{home_href, lesson_href, AppLink, Nav};
use crate::ui::prose::{fetch_texts, TextGate};
use crate::ui::sim::Stage;

/// How a lesson is laid out for a given address, after checking `&view=` and
/// `&scenario=` against what the lesson has.
pub struct LessonLayout {
    pub part: ViewPart,
    /// Index of the scenario tab to open first.
    pub scenario: usize,
    pub has_sim: bool,
    pub has_quiz: bool,
    /// Parameters that did not fit the lesson (shown with the URL notices).
    pub notices: Vec<Notice>,
}

/// Lays out `lesson` for `params`.
pub fn lesson_layout(lesson: &Lesson, params: &Params) -> LessonLayout {
    let names: Vec<&str> = lesson
        .tabs(params.scenario.as_deref())
        .iter()
        .map(|s| s.name)
        .collect();
    let has_quiz = super::quiz_chunk::has_quiz(lesson, params);
    let parts = LessonParts {
        scenarios: &names,
        has_quiz,
    };
    let (part, scenario, notices) = resolve_lesson(params, parts);
    LessonLayout {
        part,
        scenario,
        has_sim: !names.is_empty(),
        has_quiz,
        notices,
    }
}

/// The lesson id and part on show for `params` (for the host page's messages).
pub fn shown_part(params: &Params) -> (Option<String>, ViewPart) {
    let lesson = params.lesson.as_deref().and_then(lessons::find);
    let part = lesson.map_or(params.view, |lesson| lesson_layout(lesson, params).part);
    (params.lesson.clone(), part)
}

/// A lesson, or only the part of it that `&view=` asks for.
#[component]
pub fn LessonPage(lesson: &'static Lesson, params: Params) -> impl IntoView {
    let layout = lesson_layout(lesson, &params);
    let part = layout.part;
    EmbedState::provide();
    let show = move |wanted: ViewPart| part == ViewPart::All || part == wanted;
    // Without the text on the page, nothing waits for it.
    let text_ready = RwSignal::new(!show(ViewPart::Lesson));
    // The lesson's code and its text are fetched side by side.
    let views = (show(ViewPart::Lesson) || show(ViewPart::Sim)).then(|| fetch_views(lesson));
    let reading = views.filter(|_| show(ViewPart::Lesson)).map(|views| {
        let texts = fetch_texts(lesson.text_url());
        let on_ready = Callback::new(move |()| {
            text_ready.set(true);
            scroll_to_address_fragment();
        });
        view! {
            <section class="reading" aria-label="Lesson text" on:click=open_scenario_from_text>
                {with_views(views, move |views| view! {
                    <TextGate texts=texts on_ready=on_ready>{(views.reading)()}</TextGate>
                })}
            </section>
        }
    });
    let start = layout.scenario;
    // "Simulation only" with a chosen scenario embeds that one tab, without the others.
    let only_start = part == ViewPart::Sim && params.scenario.is_some();
    let simulation = views.filter(|_| show(ViewPart::Sim)).map(|views| {
        view! { <SimulationArea lesson=lesson views=views params=params.clone() start=start only_start with_text=part == ViewPart::All text_ready=text_ready /> }
    });
    let quiz = show(ViewPart::Quiz)
        .then(|| view! { <super::quiz_chunk::LessonQuiz lesson=lesson params=params.clone() /> });
    // Embedded pages (`chrome=0`) have neither the Embed button nor the footer links.
    let chrome = params.chrome;
    let embed = chrome.then(|| {
        view! {
            <EmbedButton
                lesson=lesson
                shown=part
                has_sim=layout.has_sim
                has_quiz=layout.has_quiz
                quiz_file=params.quiz.clone()
            />
        }
    });
    let heading = if part == ViewPart::All {
        view! {
            <header class="lesson-header">
                <div class="lesson-title-row">
                    <h1>{lesson.title}</h1>
                    {embed}
                </div>
                <p class="lede">{lesson.summary}</p>
            </header>
        }
        .into_any()
    } else {
        // One part alone (as in a course page's frame) still has the page's heading.
        let tools = embed.map(|embed| view! { <div class="lesson-tools">{embed}</div> });
        view! {
            <h1 class="visually-hidden">{lesson.title}</h1>
            {tools}
        }
        .into_any()
    };
    let footer = chrome.then(|| view! { <LessonFooter lesson=lesson /> });
    // A part without text or simulation (the quiz alone) leaves no empty band behind.
    let grid = (reading.is_some() || simulation.is_some())
        .then(|| view! { <div class="lesson-grid">{reading} {simulation}</div> });
    view! {
        <article class="lesson" data-view=part.as_str() data-lesson=lesson.id>
            {heading}
            {grid}
            {quiz}
            {footer}
        </article>
    }
}

/// The simulation area: one tab per scenario, the chosen one live once the lesson's
/// `views` have loaded.
///
/// `start` is the tab the address asks for; with `only_start`, it is the only one shown.
/// `with_text`: the lesson text is on the page too, so the area links back to it.
/// A reset from the host page ([`HostReset`]) rebuilds the open tab's simulation as the
/// address describes it. `text_ready` turns true once the lesson text has loaded.
#[component]
fn SimulationArea(
    lesson: &'static Lesson,
    views: ViewsFetch,
    params: Params,
    start: usize,
    only_start: bool,
    with_text: bool,
    text_ready: RwSignal<bool>,
) -> impl IntoView {
    let scenarios = lesson.tabs(params.scenario.as_deref());
    if scenarios.is_empty() {
        return ().into_any();
    }
    let names: Vec<&'static str> = scenarios.iter().map(|s| s.name).collect();
    let count = names.len();
    let start = start.min(count - 1);
    let names = StoredValue::new(names);
    let selected = RwSignal::new(start);
    let scenarios = StoredValue::new(scenarios);
    let tabs = count > 1 && !only_start;
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
    let linked = params.scenario.is_some() && with_text;
    let embed_state = use_context::<EmbedState>();
    let reset = use_context::<HostReset>();
    let render = move |views: &'static LessonViews, index: usize| {
        // A scenario other than the one in the URL starts from defaults.
        let mut own_params = params.clone();
        if index != start {
            own_params = Params {
                lesson: params.lesson.clone(),
                ..Params::parse("").0
            };
        }
        let name = names.with_value(|all| all[index]);
        if let Some(state) = embed_state {
            state.set_fallback(Some(start_query(name, &own_params)));
        }
        let stage = Stage {
            lesson: lesson.id,
            scenario: name,
            params: &own_params,
        };
        scenario_view(views, &stage)
    };
    // Keyed by tab and reset count: a new tab or a reset mounts a fresh simulation
    // (re-rendering in place would keep the old one's DOM).
    // Opening a tab brings the text's section about it into view (once the text has
    // loaded and is laid out); a link that names a scenario, opened on a narrow screen,
    // shows its simulation instead. The effect returns whether it has shown one yet.
    Effect::new(move |shown_before: Option<bool>| {
        let name = names.with_value(|all| all[selected.get()]);
        if !text_ready.get() {
            return false;
        }
        let first = shown_before != Some(true);
        // On opening, a `#fragment` in the address is where the reader goes instead.
        if !(first && address_fragment().is_some()) {
            request_animation_frame(move || show_section_of(name, first && linked));
        }
        true
    });
    let open_name = Signal::derive(move || names.with_value(|all| all[selected.get()]));
    let back_to_text = with_text.then(|| view! { <BackToText open=open_name /> });
    let mounted = move || [(selected.get(), reset.map_or(0, |reset| reset.count()))];
    let panel = with_views(views, move |views| {
        let render = render.clone();
        view! { <For each=mounted key=|key| *key children=move |(index, _)| render(views, index) /> }
    });
    view! {
        <section class="sim-area" aria-label="Simulation">
            {tab_list}
            <div id="sim-panel" role=if tabs { "tabpanel" } else { "region" } aria-label="Live simulation">
                {panel}
            </div>
            {back_to_text}
        </section>
    }
    .into_any()
}

/// The live simulation of `stage.scenario` from the lesson's `views`, or, for a scenario
/// whose view they lack (a mistake the lesson registry's tests catch), a line saying so.
pub fn scenario_view(views: &LessonViews, stage: &Stage) -> AnyView {
    match views.scenario(stage.scenario) {
        Some(view) => view(stage),
        None => missing_view(stage.scenario),
    }
}

/// Said in place of a simulation that is not available.
pub fn missing_view(name: &str) -> AnyView {
    view! { <p class="load-status" role="alert">"The simulation “" {name.to_owned()} "” is not available."</p> }
        .into_any()
}

/// Scrolls to the element the address's `#fragment` names, if any: the browser looked
/// for it when the page opened, before the lesson text that holds it had arrived.
fn scroll_to_address_fragment() {
    let target = address_fragment().and_then(|id| document().get_element_by_id(&id));
    if let Some(target) = target {
        target.scroll_into_view();
    }
}

/// The `#fragment` of the page's address, without the `#`, if it has one.
fn address_fragment() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let id = hash.strip_prefix('#')?;
    (!id.is_empty()).then(|| id.to_owned())
}

fn focus_tab(name: &str) {
    focus_by_id(&format!("tab-{name}"));
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
