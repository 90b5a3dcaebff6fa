//! Where things go on the drawing, in CSS pixels. Pure: no browser.

use std::f32::consts::TAU;

/// A point in CSS pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    pub fn distance_sq(self, other: Point) -> f32 {
        let (dx, dy) = (self.x - other.x, self.y - other.y);
        dx * dx + dy * dy
    }
}

/// How much detail nodes get, by how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeDetail {
    /// Cards with name, role and state.
    Card,
    /// Dots with a name.
    Labelled,
    /// Dots only.
    Dot,
}

impl NodeDetail {
    pub fn for_count(count: usize) -> Self {
        match count {
            0..=12 => NodeDetail::Card,
            13..=40 => NodeDetail::Labelled,
            _ => NodeDetail::Dot,
        }
    }
}

/// Size of a node card (or the diameter of a dot) in a drawing of `width` CSS pixels.
pub fn node_size(detail: NodeDetail, width: f32) -> (f32, f32) {
    match detail {
        NodeDetail::Card => {
            let w = (width / 4.4).clamp(78.0, 150.0);
            (w, 58.0)
        }
        NodeDetail::Labelled => (16.0, 16.0),
        NodeDetail::Dot => (10.0, 10.0),
    }
}

/// Message marker radius for a drawing with `count` nodes.
pub fn message_radius(count: usize) -> f32 {
    match NodeDetail::for_count(count) {
        NodeDetail::Card => 7.5,
        NodeDetail::Labelled => 4.5,
        NodeDetail::Dot => 3.0,
    }
}

/// Node centres: `layout` fractions (x right, y down) for the nodes it covers, the rest on
/// a circle, all inset so that cards of `node_size` stay inside `width × height`.
pub fn node_positions(
    layout: &[(f32, f32)],
    count: usize,
    width: f32,
    height: f32,
    node_size: (f32, f32),
) -> Vec<Point> {
    let inset_x = node_size.0 / 2.0 + 6.0;
    let inset_y = node_size.1 / 2.0 + 6.0;
    let usable_w = (width - 2.0 * inset_x).max(1.0);
    let usable_h = (height - 2.0 * inset_y).max(1.0);
    (0..count)
        .map(|i| {
            let (fx, fy) = match layout.get(i) {
                Some(&(x, y)) if x.is_finite() && y.is_finite() => {
                    (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0))
                }
                _ => {
                    let angle = TAU * i as f32 / count.max(1) as f32 - TAU / 4.0;
                    (0.5 + 0.5 * angle.cos(), 0.5 + 0.5 * angle.sin())
                }
            };
            Point::new(inset_x + fx * usable_w, inset_y + fy * usable_h)
        })
        .collect()
}

/// Where a link starts and ends: at the edges of the two node shapes, not their centres.
pub fn link_ends(from: Point, to: Point, node_size: (f32, f32)) -> (Point, Point) {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length < 1.0 {
        return (from, to);
    }
    let (ux, uy) = (dx / length, dy / length);
    // Distance from a rectangle's centre to its edge along (ux, uy).
    let half_w = node_size.0 / 2.0;
    let half_h = node_size.1 / 2.0;
    let tx = if ux.abs() > 1e-6 {
        half_w / ux.abs()
    } else {
        f32::INFINITY
    };
    let ty = if uy.abs() > 1e-6 {
        half_h / uy.abs()
    } else {
        f32::INFINITY
    };
    let edge = tx.min(ty).min(length / 2.0 - 1.0).max(0.0);
    (
        Point::new(from.x + ux * edge, from.y + uy * edge),
        Point::new(to.x - ux * edge, to.y - uy * edge),
    )
}

/// A message's position `progress` of the way from `start` to `end`, moved sideways by
/// `lane` pixels (to the left of its direction of travel) so that the two directions of
/// a link run in separate lanes.
pub fn along(start: Point, end: Point, progress: f32, lane: f32) -> Point {
    let p = progress.clamp(0.0, 1.0);
    let (dx, dy) = (end.x - start.x, end.y - start.y);
    let length = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (nx, ny) = (dy / length, -dx / length);
    Point::new(start.x + dx * p + nx * lane, start.y + dy * p + ny * lane)
}

/// With reduced motion, messages jump between a few fixed points instead of gliding.
pub fn displayed_progress(progress: f32, reduced_motion: bool) -> f32 {
    if reduced_motion {
        ((progress * 3.0).floor() / 3.0).min(1.0)
    } else {
        progress
    }
}

/// The item nearest to `target` within `max_distance`, if any.
pub fn nearest<T: Copy>(
    items: impl IntoIterator<Item = (T, Point)>,
    target: Point,
    max_distance: f32,
) -> Option<T> {
    let limit = max_distance * max_distance;
    items
        .into_iter()
        .map(|(item, p)| (item, p.distance_sq(target)))
        .filter(|(_, d)| *d <= limit)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(item, _)| item)
}

/// Whether `p` lies inside the node shape centred at `centre`.
pub fn inside_node(p: Point, centre: Point, node_size: (f32, f32)) -> bool {
    (p.x - centre.x).abs() <= node_size.0 / 2.0 + 4.0
        && (p.y - centre.y).abs() <= node_size.1 / 2.0 + 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_fractions_map_inside_the_drawing() {
        let points = node_positions(&[(0.0, 0.0), (1.0, 1.0)], 3, 400.0, 200.0, (100.0, 50.0));
        assert_eq!(points.len(), 3);
        assert_eq!(points[0], Point::new(56.0, 31.0));
        assert_eq!(points[1], Point::new(344.0, 169.0));
        assert!(
            points[2].x >= 56.0 && points[2].x <= 344.0,
            "nodes without a layout go on a circle"
        );
    }

    #[test]
    fn messages_travel_in_their_own_lane() {
        let (a, b) = (Point::new(0.0, 0.0), Point::new(100.0, 0.0));
        assert_eq!(along(a, b, 0.5, 0.0), Point::new(50.0, 0.0));
        let there = along(a, b, 0.5, 4.0);
        let back = along(b, a, 0.5, 4.0);
        assert!(there.y < 0.0 && back.y > 0.0, "{there:?} {back:?}");
        assert_eq!(along(a, b, 7.0, 0.0), b, "progress is clamped");
    }

    #[test]
    fn links_stop_at_the_node_edges() {
        let (start, end) = link_ends(Point::new(0.0, 0.0), Point::new(200.0, 0.0), (100.0, 50.0));
        assert_eq!(start, Point::new(50.0, 0.0));
        assert_eq!(end, Point::new(150.0, 0.0));
    }

    #[test]
    fn reduced_motion_moves_in_steps() {
        assert_eq!(displayed_progress(0.5, false), 0.5);
        assert_eq!(displayed_progress(0.2, true), 0.0);
        assert!((displayed_progress(0.5, true) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(displayed_progress(1.0, true), 1.0);
    }

    #[test]
    fn hit_testing_picks_the_closest_within_reach() {
        let items = [(1, Point::new(10.0, 10.0)), (2, Point::new(14.0, 10.0))];
        assert_eq!(nearest(items, Point::new(13.0, 10.0), 8.0), Some(2));
        assert_eq!(nearest(items, Point::new(90.0, 90.0), 8.0), None);
        assert!(inside_node(
            Point::new(5.0, 5.0),
            Point::new(0.0, 0.0),
            (20.0, 20.0)
        ));
    }
}
