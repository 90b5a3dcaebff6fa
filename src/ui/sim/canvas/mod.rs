//! The cluster drawing: a `<canvas>` (device-pixel-ratio aware, resized with a
//! `ResizeObserver`) painted from the simulator's snapshot, with hover and keyboard
//! labels, a fault menu on nodes, and a legend.
//!
//! Keyboard: focus the drawing, then ←/→ move through the messages in flight, ↑/↓
//! through the nodes, Enter opens a node's fault menu, Escape clears.

pub mod describe;
pub mod draw;
pub mod geometry;
pub mod palette;

use std::time::Duration;

use leptos::html::{Button, Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use self::describe::{describe_target, summary};
use self::draw::{draw_background, draw_frame, BackgroundKey, Drawn, Geometry, Scene, Target};
use self::geometry::{inside_node, nearest, Point};
use self::palette::{kind_style, Palette, Shape};
use super::controller::SimController;
use super::dom::{hold_until_cleanup, observe_resize, track_media_query, unique_id};
use super::Frame;
use crate::sim::{Intervention, NodeId, SimTime};
use crate::ui::theme::Theme;

/// How long a loss mark stays, in real milliseconds at the current speed.
const DROP_MARK_REAL_MS: f64 = 1_500.0;
/// How close (CSS px) the pointer must be to a message to pick it.
const PICK_RADIUS_PX: f32 = 14.0;

/// The drawing, its tooltip, node menu and legend.
#[component]
pub fn ClusterCanvas(sim: SimController, frame: Memo<Frame>) -> impl IntoView {
    let stage_ref = NodeRef::<Div>::new();
    let canvas_ref = NodeRef::<Canvas>::new();
    let menu_button_ref = NodeRef::<Button>::new();
    let height_px = sim.height_px().clamp(120, 1_200) as f32;
    let size = RwSignal::new((0.0f32, height_px, 1.0f64));
    let palette = RwSignal::new(None::<Palette>);
    let reduced_motion = RwSignal::new(false);
    let focus = RwSignal::new(None::<Target>);
    let menu = RwSignal::new(None::<NodeId>);
    let announcement = RwSignal::new(String::new());
    let seen_kinds = RwSignal::new(Vec::<&'static str>::new());
    let drawn = StoredValue::new(Drawn::default());
    let context = StoredValue::new_local(None::<CanvasRenderingContext2d>);
    let background = StoredValue::new_local(None::<Background>);
    let layout = StoredValue::new(sim.layout());
    let faults = sim.faults();
    let help_id = unique_id("sim-help");
    let summary_id = unique_id("sim-summary");

    track_media_query("(prefers-reduced-motion: reduce)", reduced_motion);

    // Size the backing store to the stage's width × the device pixel ratio.
    Effect::new(move |_| {
        let (Some(stage), Some(canvas)) = (stage_ref.get(), canvas_ref.get()) else {
            return;
        };
        let measure_stage = stage.clone();
        let measure = move || {
            let width = measure_stage.client_width().max(0) as f32;
            let dpr = web_sys::window()
                .map_or(1.0, |w| w.device_pixel_ratio())
                .max(1.0);
            canvas.set_width((f64::from(width) * dpr).round() as u32);
            canvas.set_height((f64::from(height_px) * dpr).round() as u32);
            size.try_set((width, height_px, dpr));
        };
        measure();
        if let Some(observer) = observe_resize(&stage, measure) {
            hold_until_cleanup(observer);
        }
    });

    // Colours come from CSS variables; read them again whenever the theme changes
    // (on the next task, once the new theme's variables are in place).
    let theme = use_context::<Theme>();
    Effect::new(move |_| {
        if let Some(theme) = theme {
            theme.current.track();
        }
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        set_timeout(
            move || {
                palette.try_set(Some(Palette::read(&canvas)));
            },
            Duration::ZERO,
        );
    });

    // Paint whenever the world, the size, the colours or the focus change.
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let (width, height, dpr) = size.get();
        if width < 1.0 {
            return;
        }
        let reduced = reduced_motion.get();
        let target = focus.get();
        let concealed = sim.concealed();
        let drop_mark_us =
            (DROP_MARK_REAL_MS * sim.speed() * sim.sim_us_per_real_ms_at_1x()) as SimTime;
        if context.with_value(Option::is_none) {
            context.set_value(context_2d(&canvas));
        }
        if background.with_value(Option::is_none) {
            background.set_value(Background::new());
        }
        let mut new_kinds: Vec<&'static str> = Vec::new();
        palette.with(|palette| {
            let Some(palette) = palette else {
                return;
            };
            context.with_value(|ctx| {
                let Some(ctx) = ctx else {
                    return;
                };
                frame.with(|frame| {
                    let snapshot = &frame.snapshot;
                    let result = layout.with_value(|layout| {
                        let scene = Scene {
                            snapshot,
                            used_links: &frame.used_links,
                            layout,
                            width,
                            height,
                            dpr,
                            palette,
                            reduced_motion: reduced,
                            focus: target,
                            concealed: &concealed,
                            drop_mark_us,
                        };
                        let geometry = Geometry::of(&scene);
                        background
                            .try_update_value(|layer| {
                                layer.as_mut().map(|layer| {
                                    layer.paint(&canvas, &scene, &geometry);
                                    draw_frame(ctx, &layer.canvas, &scene, geometry)
                                })
                            })
                            .flatten()
                    });
                    if let Some(result) = result {
                        drawn.set_value(result);
                    }
                    seen_kinds.with_untracked(|seen| {
                        new_kinds.extend(
                            frame
                                .kinds
                                .iter()
                                .copied()
                                .filter(|kind| !seen.contains(kind)),
                        );
                    });
                });
            });
        });
        if !new_kinds.is_empty() {
            seen_kinds.update(|seen| seen.extend(new_kinds));
        }
    });

    let concealed_node = move |node: NodeId| sim.concealed().contains(&node);
    let open_menu = move |node: NodeId| {
        if faults.crash_restart && !concealed_node(node) {
            menu.set(Some(node));
        }
    };
    let focus_stage = move || {
        if let Some(stage) = stage_ref.get_untracked() {
            let _ = stage.focus();
        }
    };

    let pick = move |x: f32, y: f32| -> Option<Target> {
        let point = Point::new(x, y);
        drawn.with_value(|d| {
            nearest(d.messages.iter().copied(), point, PICK_RADIUS_PX)
                .map(Target::Message)
                .or_else(|| {
                    d.nodes
                        .iter()
                        .position(|&centre| inside_node(point, centre, d.node_size))
                        .map(Target::Node)
                })
        })
    };

    let on_pointer_move = move |event: leptos::ev::PointerEvent| {
        if !on_canvas(&event) {
            return;
        }
        let target = pick(event.offset_x() as f32, event.offset_y() as f32);
        if focus.get_untracked() != target {
            focus.set(target);
        }
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        if !on_canvas(&event) {
            return;
        }
        match pick(event.offset_x() as f32, event.offset_y() as f32) {
            Some(Target::Node(node)) => {
                focus.set(Some(Target::Node(node)));
                open_menu(node);
            }
            _ => menu.set(None),
        }
    };

    let announce_focus = move |target: Target| {
        let text = frame
            .with_untracked(|f| describe_target(&f.snapshot, target, &sim.concealed_untracked()));
        announcement.set(text.unwrap_or_default());
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        // Keys pressed in the node menu are the menu's own.
        let on_stage = match (event.target(), stage_ref.get_untracked()) {
            (Some(target), Some(stage)) => {
                let stage: &web_sys::EventTarget = stage.as_ref();
                &target == stage
            }
            _ => false,
        };
        if !on_stage {
            return;
        }
        let current = focus.get_untracked();
        let next = match event.key().as_str() {
            "ArrowRight" | "ArrowLeft" => {
                let forward = event.key() == "ArrowRight";
                let mut ids: Vec<_> =
                    drawn.with_value(|d| d.messages.iter().map(|(id, _)| *id).collect());
                ids.sort_unstable();
                cycle(
                    &ids,
                    match current {
                        Some(Target::Message(id)) => Some(id),
                        _ => None,
                    },
                    forward,
                )
                .map(Target::Message)
            }
            "ArrowDown" | "ArrowUp" => {
                let forward = event.key() == "ArrowDown";
                let ids: Vec<NodeId> =
                    (0..frame.with_untracked(|f| f.snapshot.nodes.len())).collect();
                cycle(
                    &ids,
                    match current {
                        Some(Target::Node(id)) => Some(id),
                        _ => None,
                    },
                    forward,
                )
                .map(Target::Node)
            }
            "Enter" | " " => {
                if let Some(Target::Node(node)) = current {
                    event.prevent_default();
                    open_menu(node);
                }
                return;
            }
            "Escape" => {
                menu.set(None);
                focus.set(None);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        match next {
            Some(target) => {
                focus.set(Some(target));
                announce_focus(target);
            }
            None => announcement.set("No messages in flight right now.".into()),
        }
    };

    // Move keyboard focus into the node menu when it opens.
    Effect::new(move |_| {
        if let Some(button) = menu_button_ref.get() {
            let _ = button.focus();
        }
    });

    let tooltip = move || {
        let target = focus.get()?;
        let concealed = sim.concealed();
        let text = frame.with(|f| describe_target(&f.snapshot, target, &concealed))?;
        let (centre, half_height) = drawn.with_value(|d| match target {
            Target::Message(id) => d
                .messages
                .iter()
                .find(|(m, _)| *m == id)
                .map(|(_, p)| (*p, 8.0)),
            Target::Node(id) => d.nodes.get(id).map(|p| (*p, d.node_size.1 / 2.0)),
        })?;
        let (width, height, _) = size.get_untracked();
        let left = centre.x.clamp(60.0, (width - 60.0).max(60.0));
        let (top, above) = place_beside(centre.y, half_height, height, TOOLTIP_ROOM_PX);
        Some(view! {
            <div class="sim-tooltip" class:below=!above aria-hidden="true" data-testid="sim-tooltip"
                style=format!("left: {left:.0}px; top: {top:.0}px")>
                {text}
            </div>
        })
    };

    let node_menu = move || {
        let node = menu.get()?;
        let (name, up) =
            frame.with(|f| f.snapshot.nodes.get(node).map(|n| (n.name.clone(), n.up)))?;
        let (centre, half_height) =
            drawn.with_value(|d| d.nodes.get(node).map(|p| (*p, d.node_size.1 / 2.0)))?;
        let (width, height, _) = size.get_untracked();
        let left = centre.x.clamp(90.0, (width - 90.0).max(90.0));
        // The menu goes under the node, or over it when there is no room below.
        let below = centre.y + half_height + MENU_ROOM_PX <= height;
        let top = if below {
            centre.y + half_height + 6.0
        } else {
            centre.y - half_height - 6.0
        };
        let action = if up {
            Intervention::Crash(node)
        } else {
            Intervention::Restart(node)
        };
        let label = if up {
            format!("Crash {name}")
        } else {
            format!("Restart {name}")
        };
        let close = move || {
            menu.set(None);
            focus_stage();
        };
        Some(view! {
            <div class="sim-node-menu" class:above=!below role="group" aria-label=format!("Fault actions for {name}")
                style=format!("left: {left:.0}px; top: {top:.0}px")
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        event.stop_propagation();
                        close();
                    }
                }>
                <button type="button" node_ref=menu_button_ref class="danger"
                    on:click=move |_| {
                        sim.intervene(action);
                        close();
                    }>
                    {label}
                </button>
                <button type="button" on:click=move |_| close()>"Close"</button>
            </div>
        })
    };

    // The summary changes only when a node or link does; the frame changes every tick.
    let shape_of_cluster = Memo::new(move |_| {
        frame.with(|f| {
            let nodes: Vec<_> = f
                .snapshot
                .nodes
                .iter()
                .map(|n| (n.state.clone(), n.up, n.paused))
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
    let drawing_summary = Memo::new(move |_| {
        shape_of_cluster.with(|_| ());
        let concealed = sim.concealed();
        frame.with_untracked(|f| summary(&f.snapshot, &concealed))
    });

    let help = if faults.crash_restart {
        "Use the left and right arrow keys to go through the messages in flight, up and down to go through the nodes; Enter opens a node's crash and restart menu."
    } else {
        "Use the left and right arrow keys to go through the messages in flight, up and down to go through the nodes."
    };

    view! {
        <div class="sim-stage-wrap">
            <div
                class="sim-stage"
                node_ref=stage_ref
                tabindex="0"
                role="group"
                aria-roledescription="cluster drawing"
                aria-label="Cluster drawing"
                aria-describedby=format!("{help_id} {summary_id}")
                data-testid="sim-stage"
                style=format!("height: {height_px}px")
                on:pointermove=on_pointer_move
                on:pointerleave=move |_| focus.set(None)
                on:click=on_click
                on:keydown=on_key
                on:blur=move |_| announcement.set(String::new())
            >
                <canvas node_ref=canvas_ref class="sim-canvas" aria-hidden="true"></canvas>
                {tooltip}
                {node_menu}
            </div>
            <p id=help_id class="visually-hidden">{help}</p>
            <p id=summary_id class="visually-hidden" data-testid="sim-summary">{move || drawing_summary.get()}</p>
            <p class="visually-hidden" aria-live="polite" data-testid="sim-focus-announcement">
                {move || announcement.get()}
            </p>
            <Legend kinds=seen_kinds />
        </div>
    }
}

fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// An offscreen canvas holding links and nodes, repainted only when they change.
struct Background {
    canvas: web_sys::HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    key: Option<BackgroundKey>,
}

impl Background {
    fn new() -> Option<Background> {
        let canvas = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into::<web_sys::HtmlCanvasElement>()
            .ok()?;
        let ctx = context_2d(&canvas)?;
        Some(Background {
            canvas,
            ctx,
            key: None,
        })
    }

    /// Brings the layer up to date with `scene`, matching the pixel size of `visible`.
    fn paint(
        &mut self,
        visible: &web_sys::HtmlCanvasElement,
        scene: &Scene<'_>,
        geometry: &Geometry,
    ) {
        let key = BackgroundKey::of(scene);
        let same_size =
            self.canvas.width() == visible.width() && self.canvas.height() == visible.height();
        if same_size && self.key == Some(key) {
            return;
        }
        if !same_size {
            self.canvas.set_width(visible.width());
            self.canvas.set_height(visible.height());
        }
        draw_background(&self.ctx, scene, geometry);
        self.key = Some(key);
    }
}

/// Room a tooltip needs above its anchor, and a node menu below its node.
const TOOLTIP_ROOM_PX: f32 = 40.0;
const MENU_ROOM_PX: f32 = 50.0;

/// Where to put a label of height `room` next to a thing centred at `y` (half as tall as
/// `half_height`) in a drawing `height` tall: above when it fits, else below. Returns the
/// label's anchor line and whether it sits above.
fn place_beside(y: f32, half_height: f32, height: f32, room: f32) -> (f32, bool) {
    let top = y - half_height;
    if top - room >= 0.0 || y + half_height + room > height {
        (top, true)
    } else {
        (y + half_height, false)
    }
}

/// Whether a pointer event happened on the canvas itself (not on the tooltip or the menu).
fn on_canvas(event: &web_sys::MouseEvent) -> bool {
    event
        .target()
        .is_some_and(|target| target.dyn_ref::<web_sys::HtmlCanvasElement>().is_some())
}

/// The next (or previous) id after `current` in `ids`, wrapping around.
fn cycle<T: Copy + PartialEq>(ids: &[T], current: Option<T>, forward: bool) -> Option<T> {
    if ids.is_empty() {
        return None;
    }
    let position = current.and_then(|c| ids.iter().position(|&id| id == c));
    let index = match (position, forward) {
        (None, true) => 0,
        (None, false) => ids.len() - 1,
        (Some(i), true) => (i + 1) % ids.len(),
        (Some(i), false) => (i + ids.len() - 1) % ids.len(),
    };
    Some(ids[index])
}

/// Message kinds seen so far, and what the marks mean.
#[component]
fn Legend(kinds: RwSignal<Vec<&'static str>>) -> impl IntoView {
    let items = move || {
        kinds
            .get()
            .into_iter()
            .map(|kind| {
                let (colour, shape) = kind_style(kind);
                let glyph = match shape {
                    Shape::Circle => "●",
                    Shape::Square => "■",
                    Shape::Diamond => "◆",
                    Shape::Triangle => "▲",
                };
                view! {
                    <li>
                        <span class="swatch" aria-hidden="true" style=format!("color: var({colour})")>{glyph}</span>
                        {kind}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="sim-legend" aria-label="Legend">
            {items}
            <li><span class="swatch bad" aria-hidden="true">"✕"</span>"lost message"</li>
            <li><span class="swatch crashed" aria-hidden="true"></span>"crashed node"</li>
            <li><span class="swatch cut" aria-hidden="true"></span>"cut link"</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::{cycle, place_beside};

    #[test]
    fn labels_go_above_unless_there_is_no_room() {
        assert_eq!(place_beside(100.0, 10.0, 300.0, 40.0), (90.0, true));
        assert_eq!(place_beside(20.0, 10.0, 300.0, 40.0), (30.0, false));
    }

    #[test]
    fn cycling_wraps_both_ways() {
        let ids = [3u64, 5, 9];
        assert_eq!(cycle(&ids, None, true), Some(3));
        assert_eq!(cycle(&ids, None, false), Some(9));
        assert_eq!(cycle(&ids, Some(9), true), Some(3));
        assert_eq!(cycle(&ids, Some(3), false), Some(9));
        assert_eq!(
            cycle(&ids, Some(4), true),
            Some(3),
            "a target that left starts over"
        );
        assert_eq!(cycle::<u64>(&[], None, true), None);
    }
}
