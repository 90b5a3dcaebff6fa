//! Text and simulation, linked both ways: an "Open ‘…’" button in the text opens its tab
//! and brings the simulation into view; opening a tab (by a click or by `&scenario=`)
//! brings the text's section about it into view beside it; and on a narrow screen, where
//! the simulation sits below the text, a "Back to the text" button returns to that section.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::browser::media_matches;

/// The layout where the text and the simulation sit side by side (see `main.css`).
const SIDE_BY_SIDE: &str = "(min-width: 1100px)";

/// A button in the lesson text (`data-scenario="…"`) selects that scenario's tab and
/// brings the simulation into view (scrolling only when its top is not already near the
/// top of the window).
pub fn open_scenario_from_text(event: leptos::ev::MouseEvent) {
    let Some(button) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("button[data-scenario]").ok().flatten())
    else {
        return;
    };
    let Some(name) = button.get_attribute("data-scenario") else {
        return;
    };
    let document = document();
    let Some(tab) = document
        .get_element_by_id(&format!("tab-{name}"))
        .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    tab.click();
    if let Some(area) = document.query_selector(".sim-area").ok().flatten() {
        if !starts_near_top(&area) {
            area.scroll_into_view();
        }
    }
    let _ = tab.focus();
}

/// Brings the section of the text that opens scenario `name` into view, unless it (or
/// its button) already is. Only where text and simulation sit side by side: elsewhere
/// the simulation is below the text, and a tab opened by a link (`by_link`) brings the
/// simulation into view instead.
pub fn show_section_of(name: &str, by_link: bool) {
    if !media_matches(SIDE_BY_SIDE) {
        if by_link {
            if let Some(area) = document().query_selector(".sim-area").ok().flatten() {
                area.scroll_into_view();
            }
        }
        return;
    }
    let Some((heading, button)) = section_of(name) else {
        return;
    };
    if !in_view(&heading) && !in_view(&button) {
        heading.scroll_into_view();
    }
}

/// The heading of the section whose text opens scenario `name`, and its button.
fn section_of(name: &str) -> Option<(web_sys::Element, web_sys::Element)> {
    let selector = format!(".reading button[data-scenario=\"{name}\"]");
    let button = document().query_selector(&selector).ok().flatten()?;
    // Walk back from the button's block to the nearest heading before it.
    let mut block = button.closest(".reading .prose > *").ok().flatten()?;
    loop {
        if matches!(block.tag_name().as_str(), "H2" | "H3") {
            return Some((block, button));
        }
        block = block.previous_element_sibling()?;
    }
}

/// Whether `element` starts in the upper part of the window, so that what follows its
/// top (the tabs, the drawing) is in view.
fn starts_near_top(element: &web_sys::Element) -> bool {
    let top = element.get_bounding_client_rect().top();
    top >= 0.0 && top < window_height() * 0.35
}

fn window_height() -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0)
}

/// Whether any part of `element` is inside the window.
fn in_view(element: &web_sys::Element) -> bool {
    let rect = element.get_bounding_client_rect();
    rect.bottom() > 0.0 && rect.top() < window_height()
}

/// On a narrow screen, a floating button back to the text's section about the open tab.
#[component]
pub fn BackToText(open: Signal<&'static str>) -> impl IntoView {
    let go_back = move |_| {
        let name = open.get_untracked();
        let target = section_of(name)
            .map(|(heading, _)| heading)
            .or_else(|| document().query_selector(".reading").ok().flatten());
        if let Some(target) = target {
            target.scroll_into_view();
        }
    };
    view! {
        <button type="button" class="back-to-text" data-testid="back-to-text" on:click=go_back>
            "↑ Back to the text"
        </button>
    }
}
