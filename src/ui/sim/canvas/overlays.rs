//! What floats over the drawing: the tooltip naming the focused message or node, and a
//! node's fault menu (crash or restart).

use leptos::prelude::*;

use super::describe::describe_target;
use super::draw::Target;
use super::state::Drawing;
use crate::sim::Intervention;

/// Room a tooltip needs above its anchor, and a node menu below its node.
const TOOLTIP_ROOM_PX: f32 = 40.0;
const MENU_ROOM_PX: f32 = 50.0;

/// The tooltip of the focused message or node, if any.
pub fn tooltip(drawing: Drawing) -> Option<impl IntoView> {
    let target = drawing.focus.get()?;
    let concealed = drawing.sim.concealed();
    let text = drawing
        .frame
        .with(|f| describe_target(&f.snapshot, target, &concealed, drawing.caption))?;
    let (centre, half_height) = drawing.drawn.with_value(|d| match target {
        Target::Message(id) => d
            .messages
            .iter()
            .find(|(m, _)| *m == id)
            .map(|(_, p)| (*p, 8.0)),
        Target::Node(id) => d.nodes.get(id).map(|p| (*p, d.node_size.1 / 2.0)),
    })?;
    let (width, height, _) = drawing.size.get_untracked();
    let left = inside(centre.x, drawing.tooltip_half_px.get(), width);
    let (top, above) = place_beside(centre.y, half_height, height, TOOLTIP_ROOM_PX);
    Some(view! {
        <div class="sim-tooltip" class:below=!above aria-hidden="true" data-testid="sim-tooltip"
            node_ref=drawing.tooltip_ref
            style:left=format!("{left:.0}px") style:top=format!("{top:.0}px")>
            {text}
        </div>
    })
}

/// The open fault menu, if any: under its node, or over it when there is no room below.
pub fn node_menu(drawing: Drawing) -> Option<impl IntoView> {
    let node = drawing.menu.get()?;
    let (name, up) = drawing
        .frame
        .with(|f| f.snapshot.nodes.get(node).map(|n| (n.name.clone(), n.up)))?;
    let (centre, half_height) = drawing
        .drawn
        .with_value(|d| d.nodes.get(node).map(|p| (*p, d.node_size.1 / 2.0)))?;
    let (width, height, _) = drawing.size.get_untracked();
    let left = inside(centre.x, drawing.menu_half_px.get(), width);
    let below = centre.y + half_height + MENU_ROOM_PX <= height;
    let top = if below {
        centre.y + half_height + 6.0
    } else {
        centre.y - half_height - 6.0
    };
    let (action, label) = if up {
        (Intervention::Crash(node), format!("Crash {name}"))
    } else {
        (Intervention::Restart(node), format!("Restart {name}"))
    };
    let close = move || {
        drawing.menu.set(None);
        drawing.focus_stage();
    };
    Some(view! {
        <div class="sim-node-menu" class:above=!below role="group" aria-label=format!("Fault actions for {name}")
            node_ref=drawing.menu_ref data-testid="sim-node-menu"
            style:left=format!("{left:.0}px") style:top=format!("{top:.0}px")
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                if event.key() == "Escape" {
                    event.prevent_default();
                    event.stop_propagation();
                    close();
                }
            }>
            <button type="button" node_ref=drawing.menu_button_ref class="danger"
                on:click=move |_| {
                    drawing.sim.intervene(action);
                    close();
                }>
                {label}
            </button>
            <button type="button" on:click=move |_| close()>"Close"</button>
        </div>
    })
}

/// The centre x for an overlay `half` wide near `x`, so that it lies inside a drawing
/// `width` wide (a small margin kept), or is centred when it is wider than the drawing.
fn inside(x: f32, half: f32, width: f32) -> f32 {
    let margin = 4.0;
    let (low, high) = (half + margin, width - half - margin);
    if low > high {
        width / 2.0
    } else {
        x.clamp(low, high)
    }
}

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

#[cfg(test)]
mod tests {
    use super::{inside, place_beside};

    #[test]
    fn overlays_stay_inside_the_drawing() {
        assert_eq!(inside(10.0, 95.0, 360.0), 99.0);
        assert_eq!(inside(350.0, 95.0, 360.0), 261.0);
        assert_eq!(inside(180.0, 95.0, 360.0), 180.0);
        assert_eq!(
            inside(10.0, 200.0, 360.0),
            180.0,
            "wider than the drawing: centred"
        );
    }

    #[test]
    fn labels_go_above_unless_there_is_no_room() {
        assert_eq!(place_beside(100.0, 10.0, 300.0, 40.0), (90.0, true));
        assert_eq!(place_beside(20.0, 10.0, 300.0, 40.0), (30.0, false));
    }
}
