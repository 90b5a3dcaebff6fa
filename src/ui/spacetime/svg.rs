//! The drawn-only part of the diagram as one SVG string: time ticks, node lines and
//! names, message arrows (coloured by how they stand to the selection) and "now".

use std::fmt::Write as _;

use crate::sim::causality::Relation;
use crate::sim::SimTime;
use crate::ui::chart::{nice_ticks, tick_text};
use crate::ui::markup::escape;

use super::diagram::{Diagram, Relations};
use super::layout::{Arrow, Frame};

/// Ticks, lines, arrows and the "now" line of `d`.
pub fn backdrop_svg(frame: &Frame, d: &Diagram, relations: &Relations) -> String {
    let mut svg = String::new();
    time_ticks(&mut svg, frame, d);
    node_lines(&mut svg, frame, d);
    let relation_of = |dot: usize| d.dot_event(dot).and_then(|e| relations.get(e.seq));
    for arrow in &d.layout.arrows {
        let past = matches!(
            arrow.receive.and_then(relation_of),
            Some(Relation::Before | Relation::Equal)
        );
        let future = matches!(
            relation_of(arrow.send),
            Some(Relation::After | Relation::Equal)
        );
        message_arrow(&mut svg, arrow, past, future);
    }
    now_line(&mut svg, frame, d);
    svg
}

fn time_ticks(svg: &mut String, frame: &Frame, d: &Diagram) {
    let last_row = d.layout.height - frame.bottom;
    let seconds = d.horizon_us as f64 / 1e6;
    let marks = nice_ticks(0.0, seconds, 8);
    let step = marks.get(1).map_or(1.0, |second| second - marks[0]);
    for s in &marks {
        let x = frame.x_of((s * 1e6).round() as SimTime, d.horizon_us);
        let _ = write!(
            svg,
            r#"<g class="st-tick"><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{} s</text></g>"#,
            frame.top - 16.0,
            last_row + 30.0,
            last_row + 44.0,
            tick_text(*s, step)
        );
    }
}

fn node_lines(svg: &mut String, frame: &Frame, d: &Diagram) {
    for (node, name) in d.names.iter().enumerate() {
        let y = frame.y_of(node);
        let _ = write!(
            svg,
            r#"<g class="st-line"><text class="st-node-name" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/></g>"#,
            frame.left - 12.0,
            y + 4.0,
            escape(name),
            frame.left,
            frame.width - frame.right
        );
    }
}

/// One message: a line that stops short of the receiving dot, with its head there.
fn message_arrow(svg: &mut String, arrow: &Arrow, past: bool, future: bool) {
    let mut class = String::from("st-msg");
    if arrow.receive.is_none() {
        class.push_str(" st-msg-flying");
    }
    if past {
        class.push_str(" st-msg-past");
    } else if future {
        class.push_str(" st-msg-future");
    }
    let (x1, y1) = arrow.from;
    let (x2, y2) = arrow.to;
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-6);
    let (ux, uy) = (dx / length, dy / length);
    let inset = if arrow.receive.is_some() { 8.0 } else { 0.0 };
    let (tx, ty) = (x2 - ux * inset, y2 - uy * inset);
    let _ = write!(
        svg,
        r#"<g class="{class}"><line x1="{x1:.1}" y1="{y1:.1}" x2="{tx:.1}" y2="{ty:.1}"/>"#
    );
    if length > 14.0 {
        let _ = write!(
            svg,
            r#"<polygon points="{tx:.1},{ty:.1} {:.1},{:.1} {:.1},{:.1}"/>"#,
            tx - ux * 9.0 - uy * 4.5,
            ty - uy * 9.0 + ux * 4.5,
            tx - ux * 9.0 + uy * 4.5,
            ty - uy * 9.0 - ux * 4.5
        );
    }
    svg.push_str("</g>");
}

fn now_line(svg: &mut String, frame: &Frame, d: &Diagram) {
    let last_row = d.layout.height - frame.bottom;
    let x = d.layout.now_x;
    let anchor = if x > frame.width - frame.right - 10.0 {
        "end"
    } else {
        "middle"
    };
    let _ = write!(
        svg,
        r#"<g class="st-now"><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="{anchor}">now</text></g>"#,
        frame.top - 20.0,
        last_row + 30.0,
        frame.top - 23.0
    );
}
