//! Paints one frame of a [`Snapshot`] on a 2D canvas: links, loss marks, messages, nodes.
//!
//! Crashed nodes and cut links differ by shape as well as colour: a crashed node is
//! crossed out with a dashed outline, a cut link is dashed with a ✕ in the middle.
//! Messages of one kind are batched into one path, so thousands cost a few fills.

use std::f64::consts::TAU;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::geometry::{
    along, displayed_progress, link_ends, message_radius, node_positions, node_size, NodeDetail,
    Point,
};
use super::palette::{KindStyles, Palette, Shape};
use crate::sim::{MsgId, NodeId, NodeView, SimTime, Snapshot};
use crate::ui::sim::NodeCaption;

/// Sideways offset of a message from its link's centre line.
const LANE_PX: f32 = 5.0;
/// Links are drawn between every pair up to this many nodes; beyond, only cut ones.
pub const ALL_LINKS_UP_TO: usize = 12;
/// Above this many messages in flight, messages are drawn the fast way.
const CROWDED_MESSAGES: usize = 300;

/// Something the reader pointed at or moved to with the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Message(MsgId),
    Node(NodeId),
}

/// Everything one frame depends on besides the snapshot.
pub struct Scene<'a> {
    pub snapshot: &'a Snapshot,
    /// Which links have carried a message (by index of `snapshot.links`).
    pub used_links: &'a [bool],
    pub layout: &'a [(f32, f32)],
    pub width: f32,
    pub height: f32,
    pub dpr: f64,
    pub palette: &'a Palette,
    pub reduced_motion: bool,
    pub focus: Option<Target>,
    pub concealed: &'a [NodeId],
    /// How long (simulated) a loss mark stays visible.
    pub drop_mark_us: SimTime,
    /// The style of each message kind.
    pub styles: &'a KindStyles,
    /// What each node's box shows under its name.
    pub caption: NodeCaption,
    /// The links the topology has (`None`: every pair).
    pub topology: Option<&'a [(NodeId, NodeId)]>,
}

impl Scene<'_> {
    /// Whether the topology has a link between `a` and `b`.
    fn has_link(&self, a: NodeId, b: NodeId) -> bool {
        self.topology
            .is_none_or(|links| links.contains(&(a, b)) || links.contains(&(b, a)))
    }
}

impl Scene<'_> {
    fn hidden(&self, node: NodeId) -> bool {
        self.concealed.contains(&node)
    }
}

/// Where things ended up, for hit-testing and for placing tooltips and menus.
#[derive(Clone, Debug, Default)]
pub struct Drawn {
    pub node_size: (f32, f32),
    pub nodes: Vec<Point>,
    /// Visible messages in flight and where they were drawn.
    pub messages: Vec<(MsgId, Point)>,
}

/// How much of a message's trip a reader who cannot see `hidden` nodes gets to see.
pub fn visible_progress(from_hidden: bool, to_hidden: bool, progress: f32) -> bool {
    match (from_hidden, to_hidden) {
        (false, false) => true,
        (false, true) => progress <= 0.3,
        (true, false) => progress >= 0.7,
        (true, true) => false,
    }
}

/// Where the nodes go in this frame, and how much detail they get.
pub struct Geometry {
    pub detail: NodeDetail,
    pub node_size: (f32, f32),
    pub nodes: Vec<Point>,
}

impl Geometry {
    pub fn of(scene: &Scene<'_>) -> Geometry {
        let count = scene.snapshot.nodes.len();
        let detail = NodeDetail::for_count(count);
        let node_size = node_size(detail, scene.width);
        Geometry {
            detail,
            node_size,
            nodes: node_positions(scene.layout, count, scene.width, scene.height, node_size),
        }
    }
}

/// A fingerprint of everything the background layer (links and nodes) depends on:
/// while it stays the same, the layer is reused and only loss marks and messages are
/// painted again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackgroundKey(u64);

impl BackgroundKey {
    pub fn of(scene: &Scene<'_>) -> BackgroundKey {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for node in &scene.snapshot.nodes {
            (&node.name, node.role, &node.state, node.up, node.paused).hash(&mut hasher);
            (node.lamport, &node.vector).hash(&mut hasher);
        }
        for link in &scene.snapshot.links {
            (link.cut_ab, link.cut_ba).hash(&mut hasher);
        }
        scene.used_links.hash(&mut hasher);
        (scene.caption, scene.topology).hash(&mut hasher);
        for (x, y) in scene.layout {
            (x.to_bits(), y.to_bits()).hash(&mut hasher);
        }
        scene.concealed.hash(&mut hasher);
        match scene.focus {
            Some(Target::Node(id)) => Some(id),
            _ => None,
        }
        .hash(&mut hasher);
        (
            scene.width.to_bits(),
            scene.height.to_bits(),
            scene.dpr.to_bits(),
        )
            .hash(&mut hasher);
        scene.palette.hash(&mut hasher);
        BackgroundKey(hasher.finish())
    }
}

fn clear(ctx: &CanvasRenderingContext2d, scene: &Scene<'_>) {
    let _ = ctx.set_transform(scene.dpr, 0.0, 0.0, scene.dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, f64::from(scene.width), f64::from(scene.height));
}

/// Paints links and nodes (the layer that changes only when a node or link does).
pub fn draw_background(ctx: &CanvasRenderingContext2d, scene: &Scene<'_>, geometry: &Geometry) {
    clear(ctx, scene);
    draw_links(ctx, scene, &geometry.nodes, geometry.node_size);
    draw_nodes(
        ctx,
        scene,
        &geometry.nodes,
        geometry.node_size,
        geometry.detail,
    );
}

/// Paints the frame on top of `background` (a canvas of the same pixel size holding
/// [`draw_background`]) and returns where everything went.
pub fn draw_frame(
    ctx: &CanvasRenderingContext2d,
    background: &web_sys::HtmlCanvasElement,
    scene: &Scene<'_>,
    geometry: Geometry,
) -> Drawn {
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(background.width()),
        f64::from(background.height()),
    );
    let _ = ctx.draw_image_with_html_canvas_element(background, 0.0, 0.0);
    let _ = ctx.set_transform(scene.dpr, 0.0, 0.0, scene.dpr, 0.0, 0.0);
    draw_drop_marks(ctx, scene, &geometry.nodes, geometry.node_size);
    let messages = draw_messages(ctx, scene, &geometry.nodes, geometry.node_size);
    Drawn {
        node_size: geometry.node_size,
        nodes: geometry.nodes,
        messages,
    }
}

fn dash(ctx: &CanvasRenderingContext2d, pattern: &[f64]) {
    let array = js_sys::Array::new();
    for &segment in pattern {
        array.push(&JsValue::from_f64(segment));
    }
    let _ = ctx.set_line_dash(&array);
}

fn line(ctx: &CanvasRenderingContext2d, a: Point, b: Point) {
    ctx.move_to(f64::from(a.x), f64::from(a.y));
    ctx.line_to(f64::from(b.x), f64::from(b.y));
}

fn cross(ctx: &CanvasRenderingContext2d, centre: Point, half: f32) {
    let (x, y, h) = (f64::from(centre.x), f64::from(centre.y), f64::from(half));
    ctx.move_to(x - h, y - h);
    ctx.line_to(x + h, y + h);
    ctx.move_to(x + h, y - h);
    ctx.line_to(x - h, y + h);
}

fn draw_links(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene<'_>,
    nodes: &[Point],
    size: (f32, f32),
) {
    let all = nodes.len() <= ALL_LINKS_UP_TO;
    let endpoints = |a: NodeId, b: NodeId| -> Option<(Point, Point)> {
        Some(link_ends(*nodes.get(a)?, *nodes.get(b)?, size))
    };
    // Healthy links: those that carried messages solid, the others faintly dotted.
    for used in [false, true] {
        ctx.begin_path();
        dash(ctx, if used { &[] } else { &[2.0, 6.0] });
        if all {
            for (index, link) in scene.snapshot.links.iter().enumerate() {
                let healthy = !link.cut_ab && !link.cut_ba;
                let hidden = scene.hidden(link.a) || scene.hidden(link.b);
                let carried = scene.used_links.get(index).copied().unwrap_or(true);
                let drawn = carried || scene.has_link(link.a, link.b);
                if let (true, false, true, true, Some((a, b))) = (
                    healthy,
                    hidden,
                    drawn,
                    carried == used,
                    endpoints(link.a, link.b),
                ) {
                    line(ctx, a, b);
                }
            }
        }
        ctx.set_stroke_style_str(&scene.palette.border);
        ctx.set_line_width(if used { 2.5 } else { 1.5 });
        ctx.stroke();
    }

    // Links into hidden nodes: faint dots, whatever their state.
    if all && !scene.concealed.is_empty() {
        ctx.begin_path();
        dash(ctx, &[2.0, 5.0]);
        for link in &scene.snapshot.links {
            let hidden = scene.hidden(link.a) || scene.hidden(link.b);
            if let (true, Some((a, b))) = (hidden, endpoints(link.a, link.b)) {
                line(ctx, a, b);
            }
        }
        ctx.set_stroke_style_str(&scene.palette.border);
        ctx.set_line_width(2.0);
        ctx.stroke();
    }

    // Cut links: dashed, with a ✕ in the middle (one-way cuts: the ✕ sits on the cut side).
    for link in &scene.snapshot.links {
        if !(link.cut_ab || link.cut_ba) || scene.hidden(link.a) || scene.hidden(link.b) {
            continue;
        }
        let Some((a, b)) = endpoints(link.a, link.b) else {
            continue;
        };
        ctx.begin_path();
        dash(ctx, &[7.0, 6.0]);
        line(ctx, a, b);
        ctx.set_stroke_style_str(&scene.palette.muted);
        ctx.set_line_width(2.0);
        ctx.stroke();
        let at = match (link.cut_ab, link.cut_ba) {
            (true, false) => 0.35,
            (false, true) => 0.65,
            _ => 0.5,
        };
        let mark = along(a, b, at, 0.0);
        dash(ctx, &[]);
        ctx.begin_path();
        let _ = ctx.arc(f64::from(mark.x), f64::from(mark.y), 9.0, 0.0, TAU);
        ctx.set_fill_style_str(&scene.palette.surface);
        ctx.fill();
        ctx.begin_path();
        cross(ctx, mark, 5.0);
        ctx.set_stroke_style_str(&scene.palette.bad);
        ctx.set_line_width(2.5);
        ctx.stroke();
    }
    dash(ctx, &[]);
}

/// Whether the frame draws anything over the background layer: a message in flight or
/// a loss mark still fading. Without either, the frame is the layer alone.
pub fn has_foreground(scene: &Scene<'_>) -> bool {
    !scene.snapshot.messages.is_empty()
        || scene.snapshot.recent_drops.iter().any(|drop| {
            scene.snapshot.now.saturating_sub(drop.at) <= scene.drop_mark_us
                && !scene.hidden(drop.from)
                && !scene.hidden(drop.to)
        })
}

fn draw_drop_marks(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene<'_>,
    nodes: &[Point],
    size: (f32, f32),
) {
    let now = scene.snapshot.now;
    ctx.set_stroke_style_str(&scene.palette.bad);
    ctx.set_line_width(2.5);
    for drop in &scene.snapshot.recent_drops {
        let age = now.saturating_sub(drop.at);
        if age > scene.drop_mark_us || scene.hidden(drop.from) || scene.hidden(drop.to) {
            continue;
        }
        let (Some(&from), Some(&to)) = (nodes.get(drop.from), nodes.get(drop.to)) else {
            continue;
        };
        let (start, end) = link_ends(from, to, size);
        let at = along(start, end, drop.progress_at_drop, LANE_PX);
        let fade = 1.0 - age as f64 / scene.drop_mark_us.max(1) as f64;
        ctx.set_global_alpha(fade.clamp(0.15, 1.0));
        ctx.begin_path();
        cross(ctx, at, 6.0);
        ctx.stroke();
    }
    ctx.set_global_alpha(1.0);
}

fn shape_path(ctx: &CanvasRenderingContext2d, shape: Shape, p: Point, r: f32) {
    let (x, y, r) = (f64::from(p.x), f64::from(p.y), f64::from(r));
    match shape {
        Shape::Circle => {
            ctx.move_to(x + r, y);
            let _ = ctx.arc(x, y, r, 0.0, TAU);
        }
        Shape::Square => ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7),
        // Polygons end with a line back to their start rather than `closePath`, which
        // Chromium makes slower and slower as one path collects many shapes.
        Shape::Diamond => {
            ctx.move_to(x, y - r * 1.2);
            ctx.line_to(x + r * 1.2, y);
            ctx.line_to(x, y + r * 1.2);
            ctx.line_to(x - r * 1.2, y);
            ctx.line_to(x, y - r * 1.2);
        }
        Shape::Triangle => {
            ctx.move_to(x, y - r * 1.25);
            ctx.line_to(x + r * 1.15, y + r * 0.8);
            ctx.line_to(x - r * 1.15, y + r * 0.8);
            ctx.line_to(x, y - r * 1.25);
        }
    }
}

/// A message mark made of rectangles only, one look per shape: a block (circle and
/// square kinds), a plus (diamond kinds) or a bar (triangle kinds).
fn crowded_mark(ctx: &CanvasRenderingContext2d, shape: Shape, p: Point, r: f32) {
    let (x, y, r) = (f64::from(p.x), f64::from(p.y), f64::from(r));
    match shape {
        Shape::Circle | Shape::Square => ctx.fill_rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8),
        Shape::Diamond => {
            ctx.fill_rect(x - r * 1.2, y - r * 0.4, r * 2.4, r * 0.8);
            ctx.fill_rect(x - r * 0.4, y - r * 1.2, r * 0.8, r * 2.4);
        }
        Shape::Triangle => ctx.fill_rect(x - r * 1.3, y - r * 0.5, r * 2.6, r),
    }
}

fn draw_messages(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene<'_>,
    nodes: &[Point],
    size: (f32, f32),
) -> Vec<(MsgId, Point)> {
    let radius = message_radius(nodes.len());
    let mut placed: Vec<(MsgId, Point, &'static str)> =
        Vec::with_capacity(scene.snapshot.messages.len());
    for message in &scene.snapshot.messages {
        let (Some(&from), Some(&to)) = (nodes.get(message.from), nodes.get(message.to)) else {
            continue;
        };
        let progress = displayed_progress(message.progress, scene.reduced_motion);
        if !visible_progress(
            scene.hidden(message.from),
            scene.hidden(message.to),
            progress,
        ) {
            continue;
        }
        let (start, end) = link_ends(from, to, size);
        placed.push((
            message.id,
            along(start, end, progress, LANE_PX),
            message.kind,
        ));
    }
    // One fill per kind: group by kind name. Crowded drawings skip the outlines and draw
    // every mark from axis-aligned rectangles, which a software rasteriser paints several
    // times faster than paths (see `crowded_mark`).
    placed.sort_unstable_by_key(|&(id, _, kind)| (kind, id));
    let crowded = placed.len() > CROWDED_MESSAGES;
    let mut index = 0;
    ctx.set_line_width(1.5);
    ctx.set_stroke_style_str(&scene.palette.surface);
    while index < placed.len() {
        let kind = placed[index].2;
        let (colour, shape) = scene.styles.of(kind);
        ctx.set_fill_style_str(scene.palette.colour(colour));
        let start = index;
        while index < placed.len() && placed[index].2 == kind {
            index += 1;
        }
        let group = &placed[start..index];
        if crowded {
            for &(_, p, _) in group {
                crowded_mark(ctx, shape, p, radius);
            }
            continue;
        }
        ctx.begin_path();
        for &(_, p, _) in group {
            shape_path(ctx, shape, p, radius);
        }
        ctx.fill();
        if !crowded {
            ctx.stroke();
        }
    }
    if let Some(Target::Message(id)) = scene.focus {
        if let Some(&(_, p, _)) = placed.iter().find(|(m, _, _)| *m == id) {
            ctx.begin_path();
            let _ = ctx.arc(
                f64::from(p.x),
                f64::from(p.y),
                f64::from(radius) + 5.0,
                0.0,
                TAU,
            );
            ctx.set_stroke_style_str(&scene.palette.focus);
            ctx.set_line_width(3.0);
            ctx.stroke();
        }
    }
    placed.into_iter().map(|(id, p, _)| (id, p)).collect()
}

fn rounded_rect(ctx: &CanvasRenderingContext2d, centre: Point, size: (f32, f32), radius: f64) {
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    let (x, y) = (f64::from(centre.x) - w / 2.0, f64::from(centre.y) - h / 2.0);
    ctx.move_to(x + radius, y);
    let _ = ctx.arc_to(x + w, y, x + w, y + h, radius);
    let _ = ctx.arc_to(x + w, y + h, x, y + h, radius);
    let _ = ctx.arc_to(x, y + h, x, y, radius);
    let _ = ctx.arc_to(x, y, x + w, y, radius);
    ctx.close_path();
}

/// Shortens `text` to about `max_chars` characters with an ellipsis.
fn fit(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

fn draw_nodes(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene<'_>,
    nodes: &[Point],
    size: (f32, f32),
    detail: NodeDetail,
) {
    let palette = scene.palette;
    for (view, &centre) in scene.snapshot.nodes.iter().zip(nodes) {
        let hidden = scene.hidden(view.id);
        let down = !view.up && !hidden;
        let paused = view.paused && !hidden;
        ctx.begin_path();
        match detail {
            NodeDetail::Card => rounded_rect(ctx, centre, size, 10.0),
            _ => {
                let r = f64::from(size.0) / 2.0;
                ctx.move_to(f64::from(centre.x) + r, f64::from(centre.y));
                let _ = ctx.arc(f64::from(centre.x), f64::from(centre.y), r, 0.0, TAU);
            }
        }
        ctx.set_fill_style_str(if down || hidden {
            &palette.surface_2
        } else {
            &palette.surface
        });
        ctx.fill();
        match (hidden, down, paused) {
            (true, _, _) => dash(ctx, &[4.0, 4.0]),
            (_, true, _) => dash(ctx, &[6.0, 4.0]),
            (_, _, true) => dash(ctx, &[2.0, 3.0]),
            _ => dash(ctx, &[]),
        }
        ctx.set_stroke_style_str(if down || hidden {
            &palette.muted
        } else {
            &palette.fg
        });
        ctx.set_line_width(if detail == NodeDetail::Card { 2.0 } else { 1.5 });
        ctx.stroke();
        dash(ctx, &[]);
        if down {
            let half = match detail {
                NodeDetail::Card => size.1 / 2.0 - 6.0,
                _ => size.0 / 2.0 + 2.0,
            };
            ctx.begin_path();
            cross(ctx, centre, half);
            ctx.set_stroke_style_str(&palette.bad);
            ctx.set_line_width(2.0);
            ctx.set_global_alpha(0.55);
            ctx.stroke();
            ctx.set_global_alpha(1.0);
        }
        if scene.focus == Some(Target::Node(view.id)) {
            ctx.begin_path();
            let grown = (size.0 + 10.0, size.1 + 10.0);
            match detail {
                NodeDetail::Card => rounded_rect(ctx, centre, grown, 14.0),
                _ => {
                    let r = f64::from(grown.0) / 2.0;
                    ctx.move_to(f64::from(centre.x) + r, f64::from(centre.y));
                    let _ = ctx.arc(f64::from(centre.x), f64::from(centre.y), r, 0.0, TAU);
                }
            }
            ctx.set_stroke_style_str(&palette.focus);
            ctx.set_line_width(3.0);
            ctx.stroke();
        }
        draw_node_text(ctx, scene, view, centre, size, detail, hidden);
    }
}

/// The line under a node's name: what `caption` asks for, or why it cannot be shown.
pub fn node_caption(view: &NodeView, caption: NodeCaption, hidden: bool) -> String {
    let value = || match caption {
        NodeCaption::State => view.state.clone(),
        NodeCaption::Lamport => format!("Lamport {}", view.lamport),
        NodeCaption::Vector => format!(
            "[{}]",
            view.vector
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    if hidden {
        "hidden".into()
    } else if !view.up {
        "crashed".into()
    } else if view.paused {
        format!("paused · {}", value())
    } else {
        value()
    }
}

fn draw_node_text(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene<'_>,
    view: &NodeView,
    centre: Point,
    size: (f32, f32),
    detail: NodeDetail,
    hidden: bool,
) {
    let palette = scene.palette;
    let (x, y) = (f64::from(centre.x), f64::from(centre.y));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    // A halo in the card's colour keeps text readable over a crossed-out card.
    let card = if view.up && !hidden {
        &palette.surface
    } else {
        &palette.surface_2
    };
    let text = |content: &str, y: f64| {
        ctx.set_stroke_style_str(card);
        ctx.set_line_width(4.0);
        ctx.set_line_join("round");
        let _ = ctx.stroke_text(content, x, y);
        let _ = ctx.fill_text(content, x, y);
    };
    match detail {
        NodeDetail::Card => {
            let chars = |font_px: f32| ((size.0 - 12.0) / (font_px * 0.55)).max(4.0) as usize;
            ctx.set_fill_style_str(&palette.fg);
            ctx.set_font("600 14px system-ui, sans-serif");
            let name = if hidden {
                format!("{} ?", view.name)
            } else {
                view.name.clone()
            };
            text(&fit(&name, chars(14.0)), y - 14.0);
            ctx.set_fill_style_str(&palette.muted);
            ctx.set_font("11px system-ui, sans-serif");
            text(&fit(view.role, chars(11.0)), y + 2.0);
            let caption = node_caption(view, scene.caption, hidden);
            ctx.set_fill_style_str(if !view.up && !hidden {
                &palette.bad
            } else {
                &palette.fg
            });
            ctx.set_font("12px system-ui, sans-serif");
            text(&fit(&caption, chars(12.0)), y + 17.0);
        }
        NodeDetail::Labelled => {
            ctx.set_fill_style_str(&palette.fg);
            ctx.set_font("11px system-ui, sans-serif");
            text(&fit(&view.name, 10), y + f64::from(size.1) / 2.0 + 9.0);
        }
        NodeDetail::Dot => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_ends_hide_most_of_the_trip() {
        assert!(visible_progress(false, false, 0.5));
        assert!(visible_progress(false, true, 0.2));
        assert!(
            !visible_progress(false, true, 0.5),
            "a loss half-way must stay hidden"
        );
        assert!(!visible_progress(true, false, 0.5));
        assert!(visible_progress(true, false, 0.9));
        assert!(!visible_progress(true, true, 0.9));
    }

    #[test]
    fn long_text_is_shortened() {
        assert_eq!(fit("counter = 1", 20), "counter = 1");
        assert_eq!(fit("waiting for request #12", 10), "waiting f…");
    }
}
