//! Painting: the canvas sized to its stage × the device pixel ratio, colours read from
//! CSS, and a repaint whenever the world, size, colours or focus change. Links and nodes
//! live on an offscreen layer repainted only when they change.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use super::draw::{
    draw_background, draw_frame, has_foreground, BackgroundKey, Drawn, Geometry, Scene,
};
use super::palette::{KindStyles, Palette};
use super::state::Drawing;
use crate::sim::SimTime;
use crate::ui::sim::dom::{hold_until_cleanup, observe_resize};
use crate::ui::sim::Frame;
use crate::ui::theme::Theme;

/// How long a loss mark stays, in real milliseconds at the current speed.
const DROP_MARK_REAL_MS: f64 = 1_500.0;

impl Drawing {
    /// Sizes the backing store to the stage's width × the device pixel ratio, now and
    /// whenever the stage resizes.
    pub fn size_to_stage(self) {
        Effect::new(move |_| {
            let (Some(stage), Some(canvas)) = (self.stage_ref.get(), self.canvas_ref.get()) else {
                return;
            };
            let measure_stage = stage.clone();
            let height_px = self.height_px;
            let size = self.size;
            let painted_still = self.painted_still;
            let measure = move || {
                let width = measure_stage.client_width().max(0) as f32;
                let dpr = web_sys::window()
                    .map_or(1.0, |w| w.device_pixel_ratio())
                    .max(1.0);
                let backing = |css_px: f32| (f64::from(css_px) * dpr).round() as u32;
                // Setting a canvas's size clears it, even to the size it has: only a real
                // change does, and then the next frame is painted whatever it shows.
                let resized =
                    canvas.width() != backing(width) || canvas.height() != backing(height_px);
                if resized {
                    canvas.set_width(backing(width));
                    canvas.set_height(backing(height_px));
                    painted_still.set_value(None);
                }
                let measured = (width, height_px, dpr);
                if resized || size.try_get_untracked() != Some(measured) {
                    size.try_set(measured);
                }
            };
            measure();
            if let Some(observer) = observe_resize(&stage, measure) {
                hold_until_cleanup(observer);
            }
        });
    }

    /// Reads the colours from CSS variables, again whenever the theme changes (on the
    /// next task, once the new theme's variables are in place).
    pub fn track_palette(self) {
        let theme = use_context::<Theme>();
        Effect::new(move |_| {
            if let Some(theme) = theme {
                theme.current.track();
            }
            let Some(canvas) = self.canvas_ref.get() else {
                return;
            };
            let palette = self.palette;
            set_timeout(
                move || {
                    palette.try_set(Some(Palette::read(&canvas)));
                },
                Duration::ZERO,
            );
        });
    }

    /// Paints whenever the world, the size, the colours or the focus change.
    pub fn repaint_on_change(self) {
        Effect::new(move |_| {
            let Some(canvas) = self.canvas_ref.get() else {
                return;
            };
            let (width, height, dpr) = self.size.get();
            if width < 1.0 {
                return;
            }
            if self.context.with_value(Option::is_none) {
                self.context.set_value(context_2d(&canvas));
            }
            if self.background.with_value(Option::is_none) {
                self.background.set_value(Background::new());
            }
            self.frame.with(|frame| {
                self.style_new_kinds(frame);
                self.paint(&canvas, frame, (width, height, dpr));
            });
        });
    }

    /// Paints `frame` at `size`, once the colours and a 2D context are there. A still
    /// frame (nothing over the background layer) that looks like the last one painted is
    /// skipped, so a quiet run or a finished one costs no canvas work while time runs.
    fn paint(self, canvas: &web_sys::HtmlCanvasElement, frame: &Frame, size: (f32, f32, f64)) {
        let (width, height, dpr) = size;
        let reduced_motion = self.reduced_motion.get();
        let focus = self.focus.get();
        let concealed = self.sim.concealed();
        let drop_mark_us =
            (DROP_MARK_REAL_MS * self.sim.speed() * self.sim.sim_us_per_real_ms_at_1x()) as SimTime;
        // Read in place (no copy per frame): neither changes while a frame is painted.
        let styles = self.kinds.read_untracked();
        self.palette.with(|palette| {
            let Some(palette) = palette else {
                return;
            };
            self.context.with_value(|ctx| {
                let Some(ctx) = ctx else {
                    return;
                };
                let drawn: Option<Drawn> = self.sim.with_shape(|layout, topology| {
                    let scene = Scene {
                        snapshot: &frame.snapshot,
                        used_links: &frame.used_links,
                        layout,
                        width,
                        height,
                        dpr,
                        palette,
                        reduced_motion,
                        focus,
                        concealed: &concealed,
                        drop_mark_us,
                        styles: &styles,
                        caption: self.caption,
                        topology,
                    };
                    let still = !has_foreground(&scene);
                    let key = BackgroundKey::of(&scene);
                    if still && self.painted_still.get_value() == Some(key) {
                        return None;
                    }
                    if self.painted_still.get_value().is_some() != still {
                        // For tests and tools: whether the picture on show is a still one.
                        let _ = canvas
                            .set_attribute("data-still", if still { "true" } else { "false" });
                    }
                    self.painted_still.set_value(still.then_some(key));
                    let geometry = Geometry::of(&scene);
                    self.background
                        .try_update_value(|layer| {
                            layer.as_mut().map(|layer| {
                                layer.paint(canvas, &scene, &geometry, key);
                                draw_frame(ctx, &layer.canvas, &scene, geometry)
                            })
                        })
                        .flatten()
                });
                if let Some(drawn) = drawn {
                    self.drawn.set_value(drawn);
                }
            });
        });
    }

    /// Gives the message kinds `frame` shows for the first time their styles.
    fn style_new_kinds(self, frame: &Frame) {
        let unseen = |styles: &KindStyles| {
            frame
                .kinds
                .iter()
                .any(|kind| !styles.iter().any(|(k, _)| k == *kind))
        };
        if self.kinds.with_untracked(unseen) {
            self.kinds.update(|styles| {
                for kind in &frame.kinds {
                    styles.add(kind);
                }
            });
        }
    }
}

pub fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// An offscreen canvas holding links and nodes, repainted only when they change.
pub struct Background {
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

    /// Brings the layer up to date with `scene` (whose key is `key`), matching the pixel
    /// size of `visible`.
    fn paint(
        &mut self,
        visible: &web_sys::HtmlCanvasElement,
        scene: &Scene<'_>,
        geometry: &Geometry,
        key: BackgroundKey,
    ) {
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
