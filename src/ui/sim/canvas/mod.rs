//! The cluster drawing: a `<canvas>` (device-pixel-ratio aware, resized with a
//! `ResizeObserver`) painted from the simulator's snapshot, with hover and keyboard
//! labels, a fault menu on nodes, and a legend.
//!
//! Keyboard: focus the drawing, then ←/→ move through the messages in flight, ↑/↓
//! through the nodes, Enter opens a node's fault menu, Escape clears.
//!
//! The parts: [`state`] (what they share), [`paint`], [`input`], [`overlays`] and
//! [`legend`]; [`draw`], [`geometry`], [`palette`] and [`describe`] are their pure helpers.

pub mod describe;
pub mod draw;
pub mod geometry;
mod input;
mod legend;
mod overlays;
mod paint;
pub mod palette;
mod state;

use leptos::prelude::*;

use self::describe::summary;
use self::legend::Legend;
use self::overlays::{node_menu, tooltip};
use self::state::Drawing;
use super::controller::SimController;
use super::dom::{track_media_query, unique_id};
use super::Frame;

/// The drawing, its tooltip, node menu and legend.
#[component]
pub fn ClusterCanvas(sim: SimController, frame: Memo<Frame>) -> impl IntoView {
    let drawing = Drawing::new(sim, frame);
    let help_id = unique_id("sim-help");
    let summary_id = unique_id("sim-summary");

    track_media_query("(prefers-reduced-motion: reduce)", drawing.reduced_motion);
    drawing.size_to_stage();
    drawing.track_palette();
    drawing.repaint_on_change();
    drawing.measure_overlays();
    // Move keyboard focus into the node menu when it opens.
    Effect::new(move |_| {
        if let Some(button) = drawing.menu_button_ref.get() {
            let _ = button.focus();
        }
    });
    let drawing_summary = summary_memo(sim, frame);
    let help = if sim.faults().crash_restart {
        "Use the left and right arrow keys to go through the messages in flight, up and down to go through the nodes; Enter opens a node's crash and restart menu."
    } else {
        "Use the left and right arrow keys to go through the messages in flight, up and down to go through the nodes."
    };

    view! {
        <div class="sim-stage-wrap">
            <div
                class="sim-stage"
                node_ref=drawing.stage_ref
                tabindex="0"
                role="group"
                aria-roledescription="cluster drawing"
                aria-label="Cluster drawing"
                aria-describedby=format!("{help_id} {summary_id}")
                data-testid="sim-stage"
                style:height=format!("{}px", drawing.height_px)
                on:pointermove=move |event| drawing.on_pointer_move(event)
                on:pointerleave=move |_| drawing.focus.set(None)
                on:click=move |event| drawing.on_click(event)
                on:keydown=move |event| drawing.on_key(event)
                on:blur=move |_| drawing.announcement.set(String::new())
            >
                <canvas node_ref=drawing.canvas_ref class="sim-canvas" aria-hidden="true" data-still="false"></canvas>
                {move || tooltip(drawing)}
                {move || node_menu(drawing)}
            </div>
            <p id=help_id class="visually-hidden">{help}</p>
            <p id=summary_id class="visually-hidden" data-testid="sim-summary">{move || drawing_summary.get()}</p>
            <p class="visually-hidden" aria-live="polite" data-testid="sim-focus-announcement">
                {move || drawing.announcement.get()}
            </p>
            <Legend kinds=drawing.kinds />
        </div>
    }
}

/// The drawing in words for screen readers; it changes only when a node or a link does,
/// while the frame changes every tick.
fn summary_memo(sim: SimController, frame: Memo<Frame>) -> Memo<String> {
    let shape_of_cluster = Memo::new(move |_| {
        frame.with(|f| {
            let nodes: Vec<_> = f
                .snapshot
                .nodes
                .iter()
                .map(|n| (n.state.clone(), n.up, n.paused, n.lamport, n.vector.clone()))
                .collect();
            let links: Vec<_> = f
                .snapshot
                .links
                .iter()
                .map(|l| (l.cut_ab, l.cut_ba))
                .collect();
            (nodes, links)
        })
    });
    let caption = sim.caption();
    Memo::new(move |_| {
        shape_of_cluster.with(|_| ());
        let concealed = sim.concealed();
        frame.with_untracked(|f| summary(&f.snapshot, &concealed, caption))
    })
}
