//! The "Lamport clocks" and "Vector clocks" scenarios: one scripted run of three processes,
//! drawn as a space-time diagram labelled with Lamport or vector timestamps.

use leptos::prelude::*;

use crate::lessons::clocks::scenes::{chatter, ClocksNode};
use crate::sim::causality::{relation, Relation};
use crate::sim::TraceEvent;
use crate::ui::sim::Stage;
use crate::ui::sim::{world_builder, Faults, SimController, SimWidget};
use crate::ui::spacetime::label::{event_name, vector_text};
use crate::ui::spacetime::{Labels, SpaceTime};

fn start(stage: &Stage) -> SimController {
    let sim = super::start(
        stage,
        world_builder(chatter::build::<ClocksNode>),
        vec![(0.15, 0.75), (0.5, 0.2), (0.85, 0.75)],
        chatter::DEFAULT_SEED,
        chatter::HORIZON_US,
        Faults::default(),
    );
    sim.set_speed(5.0);
    sim
}

/// The run's events and names, read together.
fn read_events(sim: SimController) -> (Vec<String>, Vec<TraceEvent>) {
    sim.with_world(|w| (w.node_names(), w.recent_events()))
}

/// Lamport clocks: the clock condition, live for the selected event, and a pair of
/// concurrent events whose Lamport times are ordered anyway.
pub fn lamport(stage: &Stage) -> AnyView {
    let sim = start(stage);
    let selected = RwSignal::new(None::<u64>);
    let pair = Memo::new(move |_| {
        let (names, events) = read_events(sim);
        chatter::concurrent_yet_ordered(&events).map(|(x, y)| {
            let (a, b) = (&events[x], &events[y]);
            (
                (a.seq, event_name(&names, a), a.lamport, a.time),
                (b.seq, event_name(&names, b), b.lamport, b.time),
            )
        })
    });
    let marked =
        Signal::derive(move || pair.get().map(|(a, b)| vec![a.0, b.0]).unwrap_or_default());
    view! {
        <SimWidget controller=sim>
        <div class="clocks-panel" data-testid="lamport-panel">
            <h3 class="clocks-heading">"Lamport timestamps"</h3>
            <p class="clocks-hint">"The number above each event is its Lamport time. Select an event to check the clock condition on it."</p>
            <SpaceTime
                sim
                labels=Labels::Lamport
                selected
                marked
                caption="Space-time diagram of processes A, B and C with Lamport timestamps"
            />
            <ClockCondition sim selected />
            <div class="lamport-pair" data-testid="lamport-pair">
                {move || match pair.get() {
                    None => view! { <p>"Play the run: a pair of concurrent events with ordered Lamport times will appear here."</p> }.into_any(),
                    Some((a, b)) => {
                        let later = if a.3 > b.3 { format!(" {} even happened later in real time than {}.", a.1, b.1) } else { String::new() };
                        view! {
                            <p>
                                <strong>"Ordered, yet concurrent: "</strong>
                                {format!(
                                    "L({}) = {} < L({}) = {}, but neither happened before the other: no chain of messages links them.{later} Lamport times cannot tell “before” from “concurrent”.",
                                    a.1, a.2, b.1, b.2
                                )}
                            </p>
                            <p class="clocks-buttons">
                                <button type="button" on:click=move |_| selected.set(Some(a.0))>{format!("Select {}", a.1)}</button>
                                <button type="button" on:click=move |_| selected.set(Some(b.0))>{format!("Select {}", b.1)}</button>
                            </p>
                        }
                        .into_any()
                    }
                }}
            </div>
        </div>
        </SimWidget>
    }
    .into_any()
}

/// "a → b implies L(a) < L(b)", checked on the selected event.
#[component]
fn ClockCondition(sim: SimController, selected: RwSignal<Option<u64>>) -> impl IntoView {
    let text = Memo::new(move |_| {
        let seq = selected.get()?;
        let (names, events) = read_events(sim);
        let chosen = events.iter().find(|e| e.seq == seq)?;
        let before: Vec<&TraceEvent> = events
            .iter()
            .filter(|e| e.kind.ticks_clock())
            .filter(|e| relation(&e.vector, &chosen.vector) == Relation::Before)
            .collect();
        let name = event_name(&names, chosen);
        Some(match before.iter().max_by_key(|e| e.lamport) {
            None => format!(
                "Nothing happened before {name}, and L({name}) = {}.",
                chosen.lamport
            ),
            Some(top) => format!(
                "{} events happened before {name}; the largest Lamport time among them is L({}) = {}, smaller than L({name}) = {}. That always holds: a → b implies L(a) < L(b).",
                before.len(),
                event_name(&names, top),
                top.lamport,
                chosen.lamport
            ),
        })
    });
    view! {
        <p class="clocks-check" class:is-empty=move || text.with(Option::is_none) data-testid="lamport-check" aria-live="polite">
            {move || text.get()}
        </p>
    }
}

/// Vector clocks: the comparison rule spelled out for the selected event and the quiz's pair.
pub fn vector(stage: &Stage) -> AnyView {
    let sim = start(stage);
    let selected = RwSignal::new(None::<u64>);
    let quiz_pair = Memo::new(move |_| {
        let (names, events) = read_events(sim);
        chatter::quiz_pair(&events).map(|(x, y)| {
            let (a, b) = (&events[x], &events[y]);
            (
                (a.seq, event_name(&names, a), vector_text(&a.vector)),
                (b.seq, event_name(&names, b), vector_text(&b.vector)),
                relation(&a.vector, &b.vector),
            )
        })
    });
    view! {
        <SimWidget controller=sim>
        <div class="clocks-panel" data-testid="vector-panel">
            <h3 class="clocks-heading">"Vector timestamps"</h3>
            <p class="clocks-hint">"Each event carries one counter per process: [A, B, C]. Select an event: everything before it is filled, everything after it is ringed, and everything concurrent with it is hollow and dashed."</p>
            <SpaceTime
                sim
                labels=Labels::Vector
                selected
                caption="Space-time diagram of processes A, B and C with vector timestamps"
            />
            <div class="vector-pair" data-testid="vector-pair">
                {move || quiz_pair.get().map(|(a, b, r)| {
                    let verdict = match r {
                        Relation::Concurrent => "concurrent: each vector is larger somewhere, so neither event could have known of the other",
                        Relation::Before => "ordered: the first vector is ≤ the second everywhere",
                        Relation::After => "ordered: the second vector is ≤ the first everywhere",
                        Relation::Equal => "the same event",
                    };
                    view! {
                        <p>
                            <strong>"A's send of m1 and C's first local step: "</strong>
                            {format!("{} {} against {} {}: {verdict}.", a.1, a.2, b.1, b.2)}
                        </p>
                        <p class="clocks-buttons">
                            <button type="button" on:click=move |_| selected.set(Some(a.0))>{format!("Select {}", a.1)}</button>
                            <button type="button" on:click=move |_| selected.set(Some(b.0))>{format!("Select {}", b.1)}</button>
                        </p>
                    }
                })}
            </div>
        </div>
        </SimWidget>
    }
    .into_any()
}
