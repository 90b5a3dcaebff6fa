//! Words for trace events: short names (`A2`), descriptions and one-line summaries.

use crate::sim::{NodeId, TraceEvent, TraceKind};

/// The short name of a causal event: its node's name and its number on that node
/// (which is the node's own entry of its vector timestamp), e.g. `A2`. Longer node names
/// are shortened to their initials: the second event of `client 1` is `c1#2`.
pub fn event_name(names: &[String], event: &TraceEvent) -> String {
    let node = event.node.unwrap_or(0);
    let name = names.get(node).map_or("?", String::as_str);
    let number = event.vector.get(node).copied().unwrap_or(0);
    if name.chars().count() > 2 {
        let initials: String = name
            .split_whitespace()
            .map(|word| {
                if word.chars().all(|c| c.is_ascii_digit()) {
                    word.to_owned()
                } else {
                    word.chars().take(1).collect()
                }
            })
            .collect();
        format!("{initials}#{number}")
    } else {
        format!("{name}{number}")
    }
}

/// What happened, in a few words: `send m1 to B`, `receive m1 from A`, `timer (local event)`.
pub fn describe(names: &[String], event: &TraceEvent) -> String {
    let name = |id: NodeId| names.get(id).map_or("?", String::as_str).to_owned();
    match (event.kind, event.message) {
        (TraceKind::Send, Some(m)) => format!("send {} to {}", event.text, name(m.to)),
        (TraceKind::Deliver, Some(m)) => format!("receive {} from {}", event.text, name(m.from)),
        (TraceKind::Timer { .. }, _) => "timer (local event)".to_owned(),
        (TraceKind::External, _) => format!("input {}", event.text),
        (TraceKind::Note, _) => event.text.clone(),
        (TraceKind::StateChange, _) => format!("state: {}", event.text),
        (kind, _) => kind.name().to_owned(),
    }
}

/// `[2,1,0]`-style text of a vector timestamp.
pub fn vector_text(vector: &[u32]) -> String {
    let parts: Vec<String> = vector.iter().map(u32::to_string).collect();
    format!("[{}]", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::MessageRef;

    #[test]
    fn names_and_descriptions() {
        let names = vec!["A".to_owned(), "B".to_owned(), "client 1".to_owned()];
        let event = TraceEvent {
            seq: 4,
            time: 100,
            node: Some(0),
            local_clock_us: 0,
            lamport: 2,
            vector: vec![2, 0, 0],
            kind: TraceKind::Send,
            message: Some(MessageRef {
                id: 0,
                from: 0,
                to: 1,
                kind: "message",
            }),
            text: "m1".to_owned(),
        };
        assert_eq!(event_name(&names, &event), "A2");
        assert_eq!(describe(&names, &event), "send m1 to B");
        assert_eq!(vector_text(&event.vector), "[2,0,0]");
        let client = TraceEvent {
            node: Some(2),
            vector: vec![0, 0, 3],
            ..event
        };
        assert_eq!(event_name(&names, &client), "c1#3");
    }
}
