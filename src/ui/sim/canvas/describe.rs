//! Words for what the reader points at or moves to on the drawing. Pure: no browser.

use super::draw::{node_caption, Target};
use crate::sim::{NodeId, NodeView, Snapshot};
use crate::ui::sim::NodeCaption;

/// What a node is doing, and the value its box shows when that is not its state.
fn node_words(node: &NodeView, caption: NodeCaption, hidden: bool) -> String {
    let state = node_caption(node, NodeCaption::State, hidden);
    if caption == NodeCaption::State || hidden {
        state
    } else {
        format!("{state}, {}", node_caption(node, caption, hidden))
    }
}

/// A message or node of `snapshot` in one line, e.g. `Request #3 · A → B · 45% of the way`.
/// `None` when the target is gone (the message arrived) or unknown.
pub fn describe_target(
    snapshot: &Snapshot,
    target: Target,
    concealed: &[NodeId],
    caption: NodeCaption,
) -> Option<String> {
    let name = |id: NodeId| {
        snapshot
            .nodes
            .get(id)
            .map_or_else(|| format!("node {id}"), |n| n.name.clone())
    };
    match target {
        Target::Message(id) => {
            let message = snapshot.messages.iter().find(|m| m.id == id)?;
            let route = format!("{} → {}", name(message.from), name(message.to));
            if concealed.contains(&message.from) || concealed.contains(&message.to) {
                return Some(format!("{} · {route}", message.label));
            }
            let percent = (message.progress * 100.0).round() as u32;
            Some(format!(
                "{} · {route} · {percent}% of the way",
                message.label
            ))
        }
        Target::Node(id) => {
            let node = snapshot.nodes.get(id)?;
            let hidden = concealed.contains(&id);
            if hidden {
                return Some(format!(
                    "{} · {} · hidden until you reveal",
                    node.name, node.role
                ));
            }
            Some(format!(
                "{} · {} · {}",
                node.name,
                node.role,
                node_words(node, caption, false)
            ))
        }
    }
}

/// The drawing in one sentence per node, for screen readers.
pub fn summary(snapshot: &Snapshot, concealed: &[NodeId], caption: NodeCaption) -> String {
    let nodes: Vec<String> = snapshot
        .nodes
        .iter()
        .map(|node| {
            let hidden = concealed.contains(&node.id);
            format!(
                "{} ({}, {})",
                node.name,
                node.role,
                node_words(node, caption, hidden)
            )
        })
        .collect();
    let cut = snapshot
        .links
        .iter()
        .filter(|l| {
            (l.cut_ab || l.cut_ba) && !concealed.contains(&l.a) && !concealed.contains(&l.b)
        })
        .map(|l| format!("{}–{}", name_of(snapshot, l.a), name_of(snapshot, l.b)))
        .collect::<Vec<_>>();
    let mut text = format!("Nodes: {}.", nodes.join("; "));
    if !cut.is_empty() {
        text.push_str(&format!(" Cut links: {}.", cut.join(", ")));
    }
    text
}

fn name_of(snapshot: &Snapshot, id: NodeId) -> &str {
    snapshot.nodes.get(id).map_or("?", |n| n.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{LinkView, MessageView, NodeView};

    fn node(id: NodeId, name: &str, up: bool) -> NodeView {
        NodeView {
            id,
            name: name.into(),
            role: "server",
            state: "counter = 1".into(),
            up,
            paused: false,
            clock_us: 0,
            lamport: 0,
            vector: Vec::new(),
            inbox: 0,
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            now: 5_000,
            nodes: vec![node(0, "A", true), node(1, "B", false)],
            links: vec![LinkView {
                a: 0,
                b: 1,
                cut_ab: true,
                cut_ba: true,
            }],
            messages: vec![MessageView {
                id: 3,
                from: 0,
                to: 1,
                kind: "request",
                label: "Request #3".into(),
                progress: 0.45,
                sent_at: 0,
                arrive_at: 10_000,
                doomed: true,
                drop_at: Some(5_000),
            }],
            recent_drops: Vec::new(),
        }
    }

    #[test]
    fn targets_in_words() {
        let snap = snapshot();
        assert_eq!(
            describe_target(&snap, Target::Message(3), &[], NodeCaption::State).as_deref(),
            Some("Request #3 · A → B · 45% of the way")
        );
        assert_eq!(
            describe_target(&snap, Target::Node(1), &[], NodeCaption::State).as_deref(),
            Some("B · server · crashed")
        );
        assert_eq!(
            describe_target(&snap, Target::Node(1), &[1], NodeCaption::State).as_deref(),
            Some("B · server · hidden until you reveal")
        );
        assert_eq!(
            describe_target(&snap, Target::Message(99), &[], NodeCaption::State),
            None
        );
    }

    #[test]
    fn the_summary_keeps_hidden_nodes_secret() {
        let snap = snapshot();
        assert_eq!(
            summary(&snap, &[], NodeCaption::State),
            "Nodes: A (server, counter = 1); B (server, crashed). Cut links: A–B."
        );
        assert_eq!(
            summary(&snap, &[1], NodeCaption::State),
            "Nodes: A (server, counter = 1); B (server, hidden)."
        );
    }
}
