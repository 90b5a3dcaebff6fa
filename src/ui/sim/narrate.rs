//! Trace events in words, for the event log and the live narration. Pure: no browser.
//!
//! `12.4 ms — A sends Request #3 to B`, `15.0 ms — Request #3 lost on A→B`,
//! `20.1 ms — B crashed (you)`. Events the reader would not care about return `None`.

use super::format::{format_ms, format_ppm_percent};
use crate::sim::{DropCause, Intervention, NodeId, TraceEvent, TraceKind};

/// How much an event deserves to be read aloud.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Importance {
    /// Everyday traffic: sends, deliveries, timers, state changes.
    Routine,
    /// Things going wrong or being changed: drops, crashes, interventions, notes.
    Notable,
}

/// Node names by id, with a fallback for ids the names do not cover.
pub struct Names<'a>(pub &'a [String]);

impl Names<'_> {
    fn of(&self, node: NodeId) -> String {
        self.0
            .get(node)
            .cloned()
            .unwrap_or_else(|| format!("node {node}"))
    }
}

/// One event in words, without its time; `None` for events not worth a line.
pub fn describe(event: &TraceEvent, names: &Names<'_>) -> Option<String> {
    let node = event.node.map(|n| names.of(n));
    let who = node.clone().unwrap_or_else(|| "the network".into());
    let label = event.text.as_str();
    let route = event
        .message
        .map(|m| format!("{}→{}", names.of(m.from), names.of(m.to)));
    let by_you = if event.text.is_empty() { "" } else { " (you)" };
    let text = match event.kind {
        TraceKind::Send => {
            let to = event.message.map(|m| names.of(m.to))?;
            format!("{who} sends {label} to {to}")
        }
        TraceKind::Deliver => {
            let from = event.message.map(|m| names.of(m.from))?;
            format!("{who} receives {label} from {from}")
        }
        TraceKind::Drop { cause } => {
            let route = route?;
            match cause {
                DropCause::Loss => format!("{label} lost on {route}"),
                DropCause::Partition => format!("{label} blocked: link {route} is cut"),
                DropCause::CrashedReceiver => format!("{label} dropped: {who} is down"),
                DropCause::Rule => format!("{label} dropped on {route}"),
            }
        }
        TraceKind::Duplicate { .. } => format!("the network duplicates {label} on {}", route?),
        TraceKind::Timer { .. } => format!("{who}: timer fires"),
        TraceKind::External => format!("{who} gets an outside input"),
        TraceKind::Crash => format!("{who} crashed{by_you}"),
        TraceKind::Restart => format!("{who} restarted{by_you}"),
        TraceKind::Pause => format!("{who} paused{by_you}"),
        TraceKind::Resume => format!("{who} resumed{by_you}"),
        TraceKind::Note => format!("{who}: {label}"),
        TraceKind::StateChange => format!("{who} is now “{label}”"),
        TraceKind::Intervention => describe_intervention(label, names)?,
    };
    Some(text)
}

/// A network or clock change made by the reader, from its short text form.
fn describe_intervention(text: &str, names: &Names<'_>) -> Option<String> {
    let iv: Intervention = text.parse().ok()?;
    let text = match iv {
        Intervention::SetLoss { ppm } => {
            format!("you set message loss to {}", format_ppm_percent(ppm))
        }
        Intervention::SetDuplication { ppm } => {
            format!("you set duplication to {}", format_ppm_percent(ppm))
        }
        Intervention::SetLatency { min_us, max_us } if min_us == max_us => {
            format!("you set latency to {}", format_ms(min_us))
        }
        Intervention::SetLatency { min_us, max_us } => format!(
            "you set latency to {}–{}",
            format_ms(min_us).trim_end_matches(" ms"),
            format_ms(max_us)
        ),
        Intervention::Cut(a, b) => format!("you cut the link {}–{}", names.of(a), names.of(b)),
        Intervention::CutOneWay { from, to } => {
            format!(
                "you cut the link {}→{} (one way)",
                names.of(from),
                names.of(to)
            )
        }
        Intervention::Heal(a, b) => format!("you healed the link {}–{}", names.of(a), names.of(b)),
        Intervention::HealAll => "you healed every link".into(),
        Intervention::SetClock {
            node,
            offset_us,
            drift_ppm,
        } => format!(
            "you set {}'s clock {} ms off, drifting {drift_ppm} ppm",
            names.of(node),
            offset_us as f64 / 1_000.0
        ),
        Intervention::Crash(n) => format!("you crashed {}", names.of(n)),
        Intervention::Restart(n) => format!("you restarted {}", names.of(n)),
        Intervention::Pause(n) => format!("you paused {}", names.of(n)),
        Intervention::Resume(n) => format!("you resumed {}", names.of(n)),
    };
    Some(text)
}

/// `12.4 ms — A sends Request #3 to B`.
pub fn log_line(event: &TraceEvent, names: &Names<'_>) -> Option<String> {
    describe(event, names).map(|text| format!("{} — {text}", format_ms(event.time)))
}

/// Whether an event is worth announcing on its own.
pub fn importance(event: &TraceEvent) -> Importance {
    match event.kind {
        TraceKind::Drop { .. }
        | TraceKind::Duplicate { .. }
        | TraceKind::Crash
        | TraceKind::Restart
        | TraceKind::Pause
        | TraceKind::Resume
        | TraceKind::Note
        | TraceKind::Intervention => Importance::Notable,
        _ => Importance::Routine,
    }
}

/// Whether a reader who can only see the nodes for which `visible` is true would know of
/// `event`: their own sends, receives, timers, notes and state; never a drop, a network
/// change, or anything at a hidden node.
pub fn seen_from(event: &TraceEvent, visible: impl Fn(NodeId) -> bool) -> bool {
    let Some(node) = event.node else {
        return false;
    };
    if !visible(node) {
        return false;
    }
    match event.kind {
        TraceKind::Send => event.message.is_some_and(|m| visible(m.from)),
        TraceKind::Deliver => event.message.is_some_and(|m| visible(m.to)),
        TraceKind::Drop { .. } | TraceKind::Duplicate { .. } | TraceKind::Intervention => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::MessageRef;

    fn event(
        kind: TraceKind,
        node: Option<NodeId>,
        text: &str,
        route: Option<(NodeId, NodeId)>,
    ) -> TraceEvent {
        TraceEvent {
            seq: 0,
            time: 12_400,
            node,
            local_clock_us: 0,
            lamport: 0,
            vector: Vec::new(),
            kind,
            message: route.map(|(from, to)| MessageRef {
                id: 3,
                from,
                to,
                kind: "request",
            }),
            text: text.into(),
        }
    }

    fn names() -> Vec<String> {
        vec!["A".into(), "B".into()]
    }

    #[test]
    fn traffic_reads_as_sentences() {
        let names = names();
        let names = Names(&names);
        let send = event(TraceKind::Send, Some(0), "Request #3", Some((0, 1)));
        assert_eq!(
            log_line(&send, &names).as_deref(),
            Some("12.4 ms — A sends Request #3 to B")
        );
        let lost = event(
            TraceKind::Drop {
                cause: DropCause::Loss,
            },
            Some(1),
            "Request #3",
            Some((0, 1)),
        );
        assert_eq!(
            describe(&lost, &names).as_deref(),
            Some("Request #3 lost on A→B")
        );
        let down = event(
            TraceKind::Drop {
                cause: DropCause::CrashedReceiver,
            },
            Some(1),
            "Request #3",
            Some((0, 1)),
        );
        assert_eq!(
            describe(&down, &names).as_deref(),
            Some("Request #3 dropped: B is down")
        );
    }

    #[test]
    fn the_readers_own_actions_say_so() {
        let names = names();
        let names = Names(&names);
        let crash = event(TraceKind::Crash, Some(1), "crash.1", None);
        assert_eq!(describe(&crash, &names).as_deref(), Some("B crashed (you)"));
        let scripted = event(TraceKind::Crash, Some(1), "", None);
        assert_eq!(describe(&scripted, &names).as_deref(), Some("B crashed"));
        let loss = event(TraceKind::Intervention, None, "loss.300000", None);
        assert_eq!(
            describe(&loss, &names).as_deref(),
            Some("you set message loss to 30%")
        );
        let latency = event(TraceKind::Intervention, None, "lat.1000-20000", None);
        assert_eq!(
            describe(&latency, &names).as_deref(),
            Some("you set latency to 1.0–20.0 ms")
        );
        let cut = event(TraceKind::Intervention, None, "cut.0-1", None);
        assert_eq!(
            describe(&cut, &names).as_deref(),
            Some("you cut the link A–B")
        );
        let garbage = event(TraceKind::Intervention, None, "nonsense", None);
        assert_eq!(describe(&garbage, &names), None);
    }

    #[test]
    fn a_hidden_node_hides_its_events_and_every_drop() {
        let only_a = |n: NodeId| n == 0;
        let send = event(TraceKind::Send, Some(0), "Request #3", Some((0, 1)));
        assert!(seen_from(&send, only_a));
        let at_b = event(TraceKind::Deliver, Some(1), "Request #3", Some((0, 1)));
        assert!(!seen_from(&at_b, only_a));
        let reply_lost = event(
            TraceKind::Drop {
                cause: DropCause::Loss,
            },
            Some(0),
            "Reply #3",
            Some((1, 0)),
        );
        assert!(!seen_from(&reply_lost, only_a));
        let timer = event(TraceKind::Timer { tag: 1 }, Some(0), "", None);
        assert!(seen_from(&timer, only_a));
        let global = event(TraceKind::Intervention, None, "loss.1", None);
        assert!(!seen_from(&global, only_a));
    }
}
