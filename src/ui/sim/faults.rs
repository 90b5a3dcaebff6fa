//! Fault controls: crash and restart nodes, cut and heal links, and the loss,
//! duplication and latency sliders. Each change is an intervention applied to the
//! running simulation at once and recorded (share link, time travel).

use leptos::prelude::*;

use super::controller::SimController;
use super::dom::unique_id;
use super::format::{format_ms, format_ppm_percent};
use super::settings::{ms_to_us, percent_to_ppm, LATENCY_SLIDER_MAX_MS};
use super::Frame;
use crate::sim::{Intervention, NodeId};

/// Up to this many nodes, every link gets its own button; beyond, two pickers choose one.
const LINK_BUTTONS_UP_TO_NODES: usize = 6;

/// A node's name and whether it is up, as the node buttons show it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NodeStatus {
    name: String,
    up: bool,
}

/// A link's ends and whether any direction is cut.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LinkStatus {
    a: NodeId,
    b: NodeId,
    cut: bool,
}

/// The fault panel, showing only the controls the scenario asks for.
#[component]
pub fn FaultPanel(sim: SimController, frame: Memo<Frame>) -> impl IntoView {
    let faults = sim.faults();
    let nodes = Memo::new(move |_| {
        frame.with(|frame| {
            frame
                .snapshot
                .nodes
                .iter()
                .map(|n| NodeStatus {
                    name: n.name.clone(),
                    up: n.up,
                })
                .collect::<Vec<_>>()
        })
    });
    let links = Memo::new(move |_| {
        frame.with(|frame| {
            frame
                .snapshot
                .links
                .iter()
                .map(|l| LinkStatus {
                    a: l.a,
                    b: l.b,
                    cut: l.cut_ab || l.cut_ba,
                })
                .collect::<Vec<_>>()
        })
    });

    // Buttons are made once and relabel themselves, so keyboard focus stays on the
    // button just pressed.
    let node_count = nodes.with_untracked(Vec::len);
    let node_buttons = faults.crash_restart.then(|| {
        let buttons = (0..node_count)
            .map(|id| node_button(sim, nodes, id))
            .collect_view();
        view! {
            <fieldset class="sim-fault-group">
                <legend>"Nodes"</legend>
                <div class="sim-buttons">{buttons}</div>
            </fieldset>
        }
    });

    let link_controls = faults.cut_heal.then(|| {
        let controls = if node_count > LINK_BUTTONS_UP_TO_NODES {
            view! { <LinkPicker sim nodes links /> }.into_any()
        } else {
            let buttons = links
                .with_untracked(|all| all.iter().map(|l| (l.a, l.b)).collect::<Vec<_>>())
                .into_iter()
                .map(|(a, b)| link_button(sim, nodes, links, a, b))
                .collect_view();
            view! { <div class="sim-buttons">{buttons}</div> }.into_any()
        };
        view! {
            <fieldset class="sim-fault-group">
                <legend>"Links"</legend>
                {controls}
            </fieldset>
        }
    });

    let network = Memo::new(move |_| sim.network_settings());
    let loss = faults.loss.then(|| {
        view! {
            <Slider
                label="Message loss"
                testid="sim-loss"
                max=100.0
                step=1.0
                value=Signal::derive(move || f64::from(network.get().loss_ppm) / 10_000.0)
                show=|v| format_ppm_percent(percent_to_ppm(v))
                apply=move |v| sim.intervene(Intervention::SetLoss { ppm: percent_to_ppm(v) })
            />
        }
    });
    let duplication = faults.duplication.then(|| {
        view! {
            <Slider
                label="Duplication"
                testid="sim-duplication"
                max=100.0
                step=1.0
                value=Signal::derive(move || f64::from(network.get().duplicate_ppm) / 10_000.0)
                show=|v| format_ppm_percent(percent_to_ppm(v))
                apply=move |v| sim.intervene(Intervention::SetDuplication { ppm: percent_to_ppm(v) })
            />
        }
    });
    let latency = faults.latency.then(|| {
        let apply_min = move |ms: f64| {
            let current = network.get_untracked();
            let min_us = ms_to_us(ms);
            sim.intervene(Intervention::SetLatency {
                min_us,
                max_us: current.latency_max_us.max(min_us),
            });
        };
        let apply_max = move |ms: f64| {
            let current = network.get_untracked();
            let max_us = ms_to_us(ms);
            sim.intervene(Intervention::SetLatency {
                min_us: current.latency_min_us.min(max_us),
                max_us,
            });
        };
        view! {
            <Slider
                label="Latency, fastest"
                testid="sim-latency-min"
                max=LATENCY_SLIDER_MAX_MS
                step=0.5
                value=Signal::derive(move || network.get().latency_min_us as f64 / 1_000.0)
                show=|v| format_ms(ms_to_us(v))
                apply=apply_min
            />
            <Slider
                label="Latency, slowest"
                testid="sim-latency-max"
                max=LATENCY_SLIDER_MAX_MS
                step=0.5
                value=Signal::derive(move || network.get().latency_max_us as f64 / 1_000.0)
                show=|v| format_ms(ms_to_us(v))
                apply=apply_max
            />
        }
    });
    let sliders = (faults.loss || faults.duplication || faults.latency).then(|| {
        view! {
            <fieldset class="sim-fault-group">
                <legend>"Network"</legend>
                {loss}
                {duplication}
                {latency}
            </fieldset>
        }
    });

    view! {
        <section class="sim-panel sim-faults">
            <h3>"Faults"</h3>
            {node_buttons}
            {link_controls}
            {sliders}
        </section>
    }
}

fn node_name(nodes: &[NodeStatus], id: NodeId) -> String {
    nodes
        .get(id)
        .map_or_else(|| format!("node {id}"), |n| n.name.clone())
}

fn node_up(nodes: Memo<Vec<NodeStatus>>, id: NodeId) -> bool {
    nodes.with(|all| all.get(id).is_some_and(|n| n.up))
}

fn node_button(sim: SimController, nodes: Memo<Vec<NodeStatus>>, id: NodeId) -> impl IntoView {
    let label = move || {
        let name = nodes.with(|all| node_name(all, id));
        match node_up(nodes, id) {
            true => format!("Crash {name}"),
            false => format!("Restart {name}"),
        }
    };
    let act = move |_| {
        let up = nodes.with_untracked(|all| all.get(id).is_some_and(|n| n.up));
        sim.intervene(if up {
            Intervention::Crash(id)
        } else {
            Intervention::Restart(id)
        });
    };
    view! {
        <button type="button" class:danger=move || node_up(nodes, id) data-testid=format!("sim-node-{id}") on:click=act>
            {label}
        </button>
    }
}

fn link_cut(links: Memo<Vec<LinkStatus>>, a: NodeId, b: NodeId) -> bool {
    links.with(|all| all.iter().any(|l| l.a == a && l.b == b && l.cut))
}

fn link_button(
    sim: SimController,
    nodes: Memo<Vec<NodeStatus>>,
    links: Memo<Vec<LinkStatus>>,
    a: NodeId,
    b: NodeId,
) -> impl IntoView {
    let label = move || {
        let pair = nodes.with(|all| format!("{}–{}", node_name(all, a), node_name(all, b)));
        match link_cut(links, a, b) {
            false => format!("Cut {pair}"),
            true => format!("Heal {pair}"),
        }
    };
    let act = move |_| {
        let cut = links.with_untracked(|all| all.iter().any(|l| l.a == a && l.b == b && l.cut));
        sim.intervene(if cut {
            Intervention::Heal(a, b)
        } else {
            Intervention::Cut(a, b)
        });
    };
    view! {
        <button type="button" class:danger=move || !link_cut(links, a, b)
            data-testid=format!("sim-link-{a}-{b}") on:click=act>
            {label}
        </button>
    }
}

/// Two node pickers and a Cut/Heal button, for scenarios with many links.
#[component]
fn LinkPicker(
    sim: SimController,
    nodes: Memo<Vec<NodeStatus>>,
    links: Memo<Vec<LinkStatus>>,
) -> impl IntoView {
    let first = RwSignal::new(0usize);
    let second = RwSignal::new(1usize);
    let first_id = unique_id("sim-link-a");
    let second_id = unique_id("sim-link-b");
    let options = move || {
        nodes
            .get()
            .into_iter()
            .enumerate()
            .map(|(id, node)| view! { <option value=id.to_string()>{node.name}</option> })
            .collect_view()
    };
    let chosen = move || {
        let (a, b) = (first.get(), second.get());
        (a != b).then(|| (a.min(b), a.max(b)))
    };
    let is_cut = move || chosen().is_some_and(|(a, b)| link_cut(links, a, b));
    let read = |event: &leptos::ev::Event| event_target_value(event).parse::<usize>().unwrap_or(0);
    view! {
        <div class="sim-link-picker">
            <label for=first_id.clone()>"From"</label>
            <select id=first_id prop:value=move || first.get().to_string() on:change=move |e| first.set(read(&e))>
                {options}
            </select>
            <label for=second_id.clone()>"to"</label>
            <select id=second_id prop:value=move || second.get().to_string() on:change=move |e| second.set(read(&e))>
                {options}
            </select>
            <button type="button" disabled=move || chosen().is_none()
                on:click=move |_| {
                    if let Some((a, b)) = chosen() {
                        sim.intervene(if is_cut() { Intervention::Heal(a, b) } else { Intervention::Cut(a, b) });
                    }
                }>
                {move || if is_cut() { "Heal link" } else { "Cut link" }}
            </button>
        </div>
    }
}

/// A labelled range input that applies its value on release (or each keyboard step) and
/// shows the value while dragging.
#[component]
fn Slider(
    label: &'static str,
    testid: &'static str,
    max: f64,
    step: f64,
    value: Signal<f64>,
    show: fn(f64) -> String,
    apply: impl Fn(f64) + 'static,
) -> impl IntoView {
    let id = unique_id(testid);
    let draft = RwSignal::new(None::<f64>);
    let shown = move || show(draft.get().unwrap_or_else(|| value.get()));
    let read = |event: &leptos::ev::Event| event_target_value(event).parse::<f64>().ok();
    view! {
        <div class="sim-slider">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="range"
                min="0"
                max=max.to_string()
                step=step.to_string()
                data-testid=testid
                prop:value=move || value.get().to_string()
                aria-valuetext=shown
                on:input=move |event| draft.set(read(&event))
                on:change=move |event| {
                    if let Some(v) = read(&event) {
                        apply(v.clamp(0.0, max));
                    }
                    draft.set(None);
                }
            />
            <output data-testid=format!("{testid}-value")>{shown}</output>
        </div>
    }
}
