//! The drawing's shared state: the controller and frame it draws, its element refs, and
//! the signals its painting, input and overlays read and write.

use leptos::html::{Button, Canvas, Div};
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::draw::{BackgroundKey, Drawn, Target};
use super::paint::Background;
use super::palette::{KindStyles, Palette};
use crate::sim::NodeId;
use crate::ui::sim::controller::SimController;
use crate::ui::sim::{Frame, NodeCaption};

/// Everything the parts of one cluster drawing share; cheap to copy into handlers.
#[derive(Clone, Copy)]
pub struct Drawing {
    pub sim: SimController,
    pub frame: Memo<Frame>,
    pub stage_ref: NodeRef<Div>,
    pub canvas_ref: NodeRef<Canvas>,
    pub menu_button_ref: NodeRef<Button>,
    pub menu_ref: NodeRef<Div>,
    pub tooltip_ref: NodeRef<Div>,
    /// Half the width of the node menu and of the tooltip as last drawn, so that they
    /// are placed wholly inside the drawing (first drawn with an estimate).
    pub menu_half_px: RwSignal<f32>,
    pub tooltip_half_px: RwSignal<f32>,
    pub height_px: f32,
    /// CSS width, CSS height and device pixel ratio of the canvas.
    pub size: RwSignal<(f32, f32, f64)>,
    pub palette: RwSignal<Option<Palette>>,
    pub reduced_motion: RwSignal<bool>,
    /// The message or node under the pointer or keyboard focus.
    pub focus: RwSignal<Option<Target>>,
    /// The node whose fault menu is open.
    pub menu: RwSignal<Option<NodeId>>,
    /// Read out when keyboard focus moves.
    pub announcement: RwSignal<String>,
    /// Message kinds seen so far and their styles, for the marks and the legend.
    pub kinds: RwSignal<KindStyles>,
    /// Where the last paint put things, for picking.
    pub drawn: StoredValue<Drawn>,
    pub context: StoredValue<Option<CanvasRenderingContext2d>, LocalStorage>,
    pub background: StoredValue<Option<Background>, LocalStorage>,
    /// The background key of the last frame painted, if it was still (see `paint`).
    pub painted_still: StoredValue<Option<BackgroundKey>>,
    pub caption: NodeCaption,
}

impl Drawing {
    pub fn new(sim: SimController, frame: Memo<Frame>) -> Self {
        let height_px = sim.height_px().clamp(120, 1_200) as f32;
        Self {
            sim,
            frame,
            stage_ref: NodeRef::new(),
            canvas_ref: NodeRef::new(),
            menu_button_ref: NodeRef::new(),
            menu_ref: NodeRef::new(),
            tooltip_ref: NodeRef::new(),
            menu_half_px: RwSignal::new(90.0),
            tooltip_half_px: RwSignal::new(60.0),
            height_px,
            size: RwSignal::new((0.0, height_px, 1.0)),
            palette: RwSignal::new(None),
            reduced_motion: RwSignal::new(false),
            focus: RwSignal::new(None),
            menu: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            kinds: RwSignal::new(KindStyles::default()),
            drawn: StoredValue::new(Drawn::default()),
            context: StoredValue::new_local(None),
            background: StoredValue::new_local(None),
            painted_still: StoredValue::new(None),
            caption: sim.caption(),
        }
    }

    /// Whether `node` is hidden from the student (its state is a puzzle of the lesson).
    pub fn concealed(self, node: NodeId) -> bool {
        self.sim.concealed().contains(&node)
    }

    /// Opens `node`'s fault menu, when the scenario allows crashes and the node is shown.
    pub fn open_menu(self, node: NodeId) {
        if self.sim.faults().crash_restart && !self.concealed(node) {
            self.menu.set(Some(node));
        }
    }

    /// Keeps the overlays' half-widths in step with what was drawn: an overlay wider than
    /// estimated is placed again, further from the edge.
    pub fn measure_overlays(self) {
        for (node, half) in [
            (self.menu_ref, self.menu_half_px),
            (self.tooltip_ref, self.tooltip_half_px),
        ] {
            Effect::new(move |_| {
                if let Some(element) = node.get() {
                    let measured = element.offset_width() as f32 / 2.0;
                    if (measured - half.get_untracked()).abs() > 0.5 {
                        half.set(measured);
                    }
                }
            });
        }
    }

    pub fn focus_stage(self) {
        if let Some(stage) = self.stage_ref.get_untracked() {
            let _ = stage.focus();
        }
    }
}
