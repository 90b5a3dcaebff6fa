//! Pointer and keyboard on the drawing: hovering names a message or node, clicking a
//! node opens its fault menu, ←/→ walk the messages in flight, ↑/↓ the nodes, Enter
//! opens a node's menu and Escape clears.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::describe::describe_target;
use super::draw::Target;
use super::geometry::{inside_node, nearest, Point};
use super::state::Drawing;
use crate::sim::NodeId;

/// How close (CSS px) the pointer must be to a message to pick it.
const PICK_RADIUS_PX: f32 = 14.0;

impl Drawing {
    /// The message or node at `(x, y)` (CSS px) in the last paint.
    fn pick(self, x: f32, y: f32) -> Option<Target> {
        let point = Point::new(x, y);
        self.drawn.with_value(|d| {
            nearest(d.messages.iter().copied(), point, PICK_RADIUS_PX)
                .map(Target::Message)
                .or_else(|| {
                    d.nodes
                        .iter()
                        .position(|&centre| inside_node(point, centre, d.node_size))
                        .map(Target::Node)
                })
        })
    }

    pub fn on_pointer_move(self, event: leptos::ev::PointerEvent) {
        if !on_canvas(&event) {
            return;
        }
        let target = self.pick(event.offset_x() as f32, event.offset_y() as f32);
        if self.focus.get_untracked() != target {
            self.focus.set(target);
        }
    }

    pub fn on_click(self, event: leptos::ev::MouseEvent) {
        if !on_canvas(&event) {
            return;
        }
        match self.pick(event.offset_x() as f32, event.offset_y() as f32) {
            Some(Target::Node(node)) => {
                self.focus.set(Some(Target::Node(node)));
                self.open_menu(node);
            }
            _ => self.menu.set(None),
        }
    }

    pub fn on_key(self, event: leptos::ev::KeyboardEvent) {
        // Keys pressed in the node menu are the menu's own.
        let on_stage = match (event.target(), self.stage_ref.get_untracked()) {
            (Some(target), Some(stage)) => {
                let stage: &web_sys::EventTarget = stage.as_ref();
                &target == stage
            }
            _ => false,
        };
        if !on_stage {
            return;
        }
        let key = event.key();
        let next = match key.as_str() {
            "ArrowRight" | "ArrowLeft" => self.next_message(key == "ArrowRight"),
            "ArrowDown" | "ArrowUp" => self.next_node(key == "ArrowDown"),
            "Enter" | " " => {
                if let Some(Target::Node(node)) = self.focus.get_untracked() {
                    event.prevent_default();
                    self.open_menu(node);
                }
                return;
            }
            "Escape" => {
                self.menu.set(None);
                self.focus.set(None);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        match next {
            Some(target) => {
                self.focus.set(Some(target));
                self.announce(target);
            }
            None => self
                .announcement
                .set("No messages in flight right now.".into()),
        }
    }

    fn next_message(self, forward: bool) -> Option<Target> {
        let mut ids: Vec<_> = self
            .drawn
            .with_value(|d| d.messages.iter().map(|(id, _)| *id).collect());
        ids.sort_unstable();
        let current = match self.focus.get_untracked() {
            Some(Target::Message(id)) => Some(id),
            _ => None,
        };
        cycle(&ids, current, forward).map(Target::Message)
    }

    fn next_node(self, forward: bool) -> Option<Target> {
        let ids: Vec<NodeId> = (0..self.frame.with_untracked(|f| f.snapshot.nodes.len())).collect();
        let current = match self.focus.get_untracked() {
            Some(Target::Node(id)) => Some(id),
            _ => None,
        };
        cycle(&ids, current, forward).map(Target::Node)
    }

    fn announce(self, target: Target) {
        let text = self.frame.with_untracked(|f| {
            describe_target(
                &f.snapshot,
                target,
                &self.sim.concealed_untracked(),
                self.caption,
            )
        });
        self.announcement.set(text.unwrap_or_default());
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

#[cfg(test)]
mod tests {
    use super::cycle;

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
