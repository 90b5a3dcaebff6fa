//! The app shell: header, notices, and the page the address asks for.

use leptos::prelude::*;

use super::home::Home;
use super::lesson_page::{
    current_lesson, lesson_layout, shown_part, LessonPage, Notices, UnknownLesson,
};
use crate::ui::nav::{home_href, AppLink, Nav};
use crate::ui::theme::{Theme, ThemeToggle};

#[component]
pub fn App() -> impl IntoView {
    remove_loading_message();
    let nav = Nav::provide();
    let params = nav.params();
    let (first, _) = params.get_untracked();
    let theme = Theme::provide(first.theme);
    // When framed: report the height to the host page, obey its requests.
    crate::ui::embed::install(nav, theme, move || {
        params
            .try_with_untracked(|(p, _)| shown_part(p))
            .unwrap_or_default()
    });

    Effect::new(move |_| {
        let title = match current_lesson(nav) {
            Some(lesson) => format!("{} · DistLab", lesson.title),
            None if params.with(|(p, _)| p.lesson.is_some()) => {
                "Lesson not found · DistLab".to_string()
            }
            None => "DistLab — distributed systems in your browser".to_string(),
        };
        document().set_title(&title);
    });

    let chrome = move || params.with(|(p, _)| p.chrome);
    let page = move || {
        let (params, mut notices) = params.get();
        if let Some(lesson) = current_lesson(nav) {
            notices.extend(lesson_layout(lesson, &params).notices);
        }
        let body = match (&params.lesson, current_lesson(nav)) {
            (None, _) => view! { <Home /> }.into_any(),
            (Some(_), Some(lesson)) => {
                view! { <LessonPage lesson=lesson params=params.clone() /> }.into_any()
            }
            (Some(id), None) => view! { <UnknownLesson id=id.clone() /> }.into_any(),
        };
        view! {
            <Notices notices=notices />
            {body}
        }
    };

    view! {
        <Show when=chrome>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header">
                <AppLink href=home_href() class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    " DistLab"
                </AppLink>
                <ThemeToggle />
            </header>
        </Show>
        <main id="main" class="app-main" class:embedded=move || !chrome()>
            {page}
        </main>
    }
}

/// Removes the "Loading DistLab…" message that index.html shows until the module starts.
fn remove_loading_message() {
    if let Some(element) = document().get_element_by_id("loading") {
        element.remove();
    }
}
