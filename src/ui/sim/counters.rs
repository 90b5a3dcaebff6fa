//! The counters panel: sent, delivered, dropped by cause, duplicated, in flight, retries,
//! message delay and request latency, and the protocol's own named counters, as a
//! description list.

use leptos::prelude::*;

use super::controller::SimController;
use super::format::{format_ms, humanize};
use super::Faults;
use crate::sim::{Counters, DropCause, LatencyStats, LinkConfig, World};

/// Words for a drop cause in the counters panel.
pub fn cause_label(cause: DropCause) -> &'static str {
    match cause {
        DropCause::Loss => "lost",
        DropCause::Partition => "cut link",
        DropCause::CrashedReceiver => "receiver down",
        DropCause::Rule => "scripted",
    }
}

/// `4.0 ms avg, 6.0 ms max`, or a dash before the first measurement.
pub fn latency_summary(stats: &LatencyStats) -> String {
    match stats.mean_us() {
        Some(mean_us) => format!(
            "{} avg, {} max",
            format_ms(mean_us),
            format_ms(stats.max_us)
        ),
        None => "–".into(),
    }
}

/// Which fault-driven counters can move in a run: a counter that cannot is not shown
/// (unless it somehow moved anyway).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movable {
    /// Messages can be lost, cut off or sent to a crashed node (and so be retried).
    pub drops: bool,
    pub duplicates: bool,
}

impl Movable {
    pub const ALL: Movable = Movable {
        drops: true,
        duplicates: true,
    };

    /// What the scenario's fault controls and its links' own loss and duplication allow.
    pub fn of(faults: Faults, world: &dyn World) -> Self {
        let n = world.node_count();
        let any_link = |has: fn(&LinkConfig) -> bool| {
            (0..n).any(|a| (0..n).any(|b| world.link_config(a, b).is_some_and(|l| has(&l))))
        };
        let by_fault = faults.loss || faults.cut_heal || faults.crash_restart;
        Movable {
            drops: by_fault || any_link(|l| l.loss_ppm > 0),
            duplicates: faults.duplication || any_link(|l| l.duplicate_ppm > 0),
        }
    }
}

/// `(key, label, value)` rows of the panel, in display order, leaving out the counters
/// that cannot move and have not.
pub fn counter_rows(counters: &Counters, movable: Movable) -> Vec<(String, String, String)> {
    let mut rows = vec![
        (
            "sent".to_string(),
            "Sent".to_string(),
            counters.sent.to_string(),
        ),
        (
            "delivered".into(),
            "Delivered".into(),
            counters.delivered.to_string(),
        ),
    ];
    let causes: Vec<String> = DropCause::ALL
        .iter()
        .filter(|&&cause| counters.dropped.get(cause) > 0)
        .map(|&cause| format!("{} {}", counters.dropped.get(cause), cause_label(cause)))
        .collect();
    let dropped = match causes.is_empty() {
        true => counters.dropped.total().to_string(),
        false => format!("{} ({})", counters.dropped.total(), causes.join(", ")),
    };
    let retries = counters.named("retries");
    if movable.drops || counters.dropped.total() > 0 {
        rows.push(("dropped".into(), "Dropped".into(), dropped));
    }
    if movable.duplicates || counters.duplicated > 0 {
        rows.push((
            "duplicated".into(),
            "Duplicated".into(),
            counters.duplicated.to_string(),
        ));
    }
    rows.push((
        "in-flight".into(),
        "In flight".into(),
        counters.in_flight.to_string(),
    ));
    if movable.drops || retries > 0 {
        rows.push(("retries".into(), "Retries".into(), retries.to_string()));
    }
    rows.push((
        "delivery-time".into(),
        "Message delay".into(),
        latency_summary(&counters.delivery_latency),
    ));
    if counters.request_latency.count > 0 {
        rows.push((
            "request-latency".into(),
            "Request latency".into(),
            latency_summary(&counters.request_latency),
        ));
    }
    for (&name, value) in counters
        .named
        .iter()
        .filter(|(name, _)| **name != "retries")
    {
        rows.push((name.to_string(), humanize(name), value.to_string()));
    }
    rows
}

/// The panel. While nodes are hidden, the counters would give them away, so it says so instead.
#[component]
pub fn CountersPanel(sim: SimController) -> impl IntoView {
    let counters = Memo::new(move |_| sim.with_world_for_readout(|world| world.counters()));
    // With the read-outs' pace, not every frame: a scan of every link of the world.
    let movable =
        Memo::new(move |_| sim.with_world_for_readout(|world| Movable::of(sim.faults(), world)));
    let rows = move || {
        counters
            .with(|counters| counter_rows(counters, movable.get()))
            .into_iter()
            .map(|(key, label, value)| {
                view! {
                    <div class="sim-counter">
                        <dt>{label}</dt>
                        <dd data-counter=key>{value}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="sim-panel sim-counters">
            <h3>"Counters"</h3>
            <Show
                when=move || !sim.is_concealing()
                fallback=|| view! { <p class="muted" data-testid="counters-hidden">"Hidden until you reveal what happened: the client only knows what it sent and what came back."</p> }
            >
                <dl data-testid="sim-counters">{rows}</dl>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_list_drops_by_cause_and_named_counters() {
        let mut counters = Counters {
            sent: 5,
            delivered: 3,
            ..Counters::default()
        };
        counters.dropped.loss = 1;
        counters.dropped.crashed_receiver = 1;
        counters.named.insert("retries", 2);
        counters.named.insert("gave_up", 1);
        let rows = counter_rows(&counters, Movable::ALL);
        let find = |key: &str| rows.iter().find(|r| r.0 == key).map(|r| r.2.clone());
        assert_eq!(find("delivery-time").as_deref(), Some("–"));
        assert_eq!(
            find("request-latency"),
            None,
            "shown once a request completes"
        );
        counters.delivery_latency.record(2_000);
        counters.delivery_latency.record(6_000);
        counters.request_latency.record(24_000);
        let rows = counter_rows(&counters, Movable::ALL);
        let find = |key: &str| rows.iter().find(|r| r.0 == key).map(|r| r.2.clone());
        assert_eq!(
            find("dropped").as_deref(),
            Some("2 (1 lost, 1 receiver down)")
        );
        assert_eq!(find("retries").as_deref(), Some("2"));
        assert_eq!(
            find("delivery-time").as_deref(),
            Some("4.0 ms avg, 6.0 ms max")
        );
        assert_eq!(
            find("request-latency").as_deref(),
            Some("24.0 ms avg, 24.0 ms max")
        );
        assert_eq!(rows.iter().filter(|r| r.0 == "retries").count(), 1);
        assert_eq!(rows.last().map(|r| r.1.as_str()), Some("Gave up"));
    }
}
