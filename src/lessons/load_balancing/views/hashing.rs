//! The view of scenario `lb-hashing`: four servers on a consistent-hash ring and E
//! standing by; the ring drawn with its virtual nodes, the keys each server owns and
//! their spread, and on every pool change the keys that moved, on the ring and under
//! `hash mod N`.

use leptos::prelude::*;

use super::inputs::{Choice, Slider};
use super::parts::{one_shape, pool_step_added, spec, RunReadout, Setting};
use crate::lessons::load_balancing::scenes::cluster::{self, server_name};
use crate::lessons::load_balancing::scenes::hashing::{
    HashMode, HashingSetting, BUILT, HORIZON_US, KEY_COUNTS, MAX_STEPS, VIRTUAL_NODE_COUNTS,
};
use crate::lessons::load_balancing::scenes::ring::hash64;
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::ui::chart::STROKE_VARS;
use crate::ui::sim::{world_builder, BuildWorld, SimWidget, Stage};

fn builder(setting: HashingSetting) -> BuildWorld {
    world_builder(move |seed| cluster::build::<LoadBalancingNode>(&setting.cluster(), seed))
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(HashingSetting::from_setting)
        .unwrap_or_default();
    let shape = one_shape(&start.cluster());
    let sim = stage.start(spec(stage, builder(start.clone()), shape, HORIZON_US, 300));
    sim.use_setting(
        start.to_setting(),
        "a hashing set-up (such as ring-v100-k10000-ae3000)",
        "it uses the ring with 100 virtual nodes, 10,000 keys, and E joins at 3 s",
    );
    sim.set_speed(2.0);
    let setting = Setting::new(sim, start, |sim, next: &HashingSetting| {
        sim.rebuild(builder(next.clone()), Some(next.to_setting()));
    });
    let steps_done = Memo::new(move |_| setting.with(|s| s.steps_by(sim.now_us_for_readout())));
    let next = move |joins: bool| {
        let now_us = sim.now_us_for_readout();
        setting.with(|s| {
            let pool_now = s.pool_after(s.steps_by(now_us));
            pool_step_added(&s.steps, &pool_now, BUILT, now_us, joins, MAX_STEPS)
                .map(|steps| HashingSetting { steps, ..s.clone() })
        })
    };
    view! {
        <SimWidget controller=sim>
            <div class="lb-hashing">
                <RingPicture setting steps_done />
                <div>
                    <Moves setting steps_done />
                    <Spread setting steps_done />
                </div>
            </div>
            <div class="lb-actions" role="group" aria-label="Change the pool">
                <button type="button" data-testid="hash-add" disabled=move || next(true).is_none() on:click=move |_| if let Some(s) = next(true) { setting.set(s) }>"Add a server now"</button>
                <button type="button" data-testid="hash-remove" disabled=move || next(false).is_none() on:click=move |_| if let Some(s) = next(false) { setting.set(s) }>"Remove a server now"</button>
            </div>
            <HashSettings setting />
            <RunReadout sim lane=0 title="The run" test_id="run-hashing" />
        </SimWidget>
    }
    .into_any()
}

/// The mode, virtual nodes and keys.
#[component]
fn HashSettings(setting: Setting<HashingSetting>) -> impl IntoView {
    let key_options = vec![
        ("1000", "1,000"),
        ("10000", "10,000"),
        ("100000", "100,000"),
    ];
    view! {
        <fieldset class="lb-settings">
            <legend>"Settings (each change restarts the run)"</legend>
            <Choice label="Mapping" test_id="hash-mode"
                options=vec![(HashMode::Ring.code(), "consistent-hash ring"), (HashMode::ModN.code(), "hash mod N")]
                value=Signal::derive(move || setting.get().mode.code())
                on_change=Callback::new(move |code: &'static str| {
                    let mode = if code == HashMode::ModN.code() { HashMode::ModN } else { HashMode::Ring };
                    setting.edit(|s| s.mode = mode);
                }) />
            <Slider label="Virtual nodes per server" test_id="hash-vnodes"
                min=*VIRTUAL_NODE_COUNTS.start() max=*VIRTUAL_NODE_COUNTS.end()
                value=Signal::derive(move || setting.get().virtual_nodes) shown=|n| format!("{n} each")
                on_change=Callback::new(move |n: u32| setting.edit(|s| s.virtual_nodes = n)) />
            <Choice label="Keys (users)" test_id="hash-keys" options=key_options
                value=Signal::derive(move || match setting.get().keys { 1_000 => "1000", 100_000 => "100000", _ => "10000" })
                on_change=Callback::new(move |code: &'static str| {
                    let keys = code.parse::<u64>().unwrap_or(10_000).clamp(*KEY_COUNTS.start(), *KEY_COUNTS.end());
                    setting.edit(|s| s.keys = keys);
                }) />
        </fieldset>
    }
}

/// Server `i`'s colour on the ring (the same order as the charts' palette).
fn server_stroke(i: usize) -> String {
    let var = [
        STROKE_VARS[0],
        STROKE_VARS[1],
        STROKE_VARS[2],
        STROKE_VARS[3],
        STROKE_VARS[6],
    ][i % 5];
    format!("stroke-{}", var.trim_start_matches('-'))
}

/// Keys drawn inside the ring (a sample: the first ones).
const DRAWN_KEYS: u64 = 48;

/// A radial tick at ring position `point` (of the 64-bit circle) from radius `inner` to
/// `outer`, in the colour of server `server`.
fn tick(point: u64, inner: f64, outer: f64, server: usize) -> impl IntoView {
    let angle = point as f64 / u64::MAX as f64 * std::f64::consts::TAU;
    let (sin, cos) = angle.sin_cos();
    view! {
        <line
            x1=format!("{:.1}", 100.0 + inner * sin) y1=format!("{:.1}", 100.0 - inner * cos)
            x2=format!("{:.1}", 100.0 + outer * sin) y2=format!("{:.1}", 100.0 - outer * cos)
            class=server_stroke(server)
        />
    }
}

/// The ring of the pool now: one tick per virtual node in its server's colour, and inside
/// it the first keys at their hash, in the colour of the server that owns them.
#[component]
fn RingPicture(setting: Setting<HashingSetting>, steps_done: Memo<usize>) -> impl IntoView {
    let points = move || {
        setting.with(|s| {
            let pool = s.pool_after(steps_done.get());
            let (ring, ids) = (s.ring(&pool), s.server_ids());
            ring.points()
                .iter()
                .map(|&(point, id)| {
                    let server = ids.iter().position(|&s| s == id).unwrap_or(0);
                    tick(point, 78.0, 96.0, server)
                })
                .collect_view()
        })
    };
    let keys = move || {
        setting.with(|s| {
            let owner = s.owner_of(&s.pool_after(steps_done.get()));
            (0..DRAWN_KEYS.min(s.keys))
                .map(|key| tick(hash64(key), 58.0, 64.0, owner(key).unwrap_or(0)))
                .collect_view()
        })
    };
    let description = move || {
        setting.with(|s| {
            let pool = s.pool_after(steps_done.get());
            let names: Vec<String> = pool.iter().map(|&i| server_name(i, BUILT)).collect();
            format!(
                "The hash ring: {} virtual nodes for each of {}, scattered around the circle; inside it the first {} keys at their hash, coloured by the server that owns them.",
                s.virtual_nodes,
                names.join(", "),
                DRAWN_KEYS.min(s.keys)
            )
        })
    };
    view! {
        <figure class="lb-ring">
            <svg viewBox="0 0 200 200" role="img" aria-label=description>
                <circle cx="100" cy="100" r="87" class="lb-ring-circle" />
                <g>{points}</g>
                <g class="lb-keys">{keys}</g>
            </svg>
            <figcaption>{description}</figcaption>
        </figure>
    }
}

/// The keys each server of the pool now owns, and their standard deviation.
#[component]
fn Spread(setting: Setting<HashingSetting>, steps_done: Memo<usize>) -> impl IntoView {
    let spread = Memo::new(move |_| {
        setting.with(|s| {
            let pool = s.pool_after(steps_done.get());
            let (counts, sd) = s.spread(&pool);
            (pool, counts, sd, s.keys)
        })
    });
    let rows = move || {
        let (pool, counts, _, keys) = spread.get();
        pool.iter()
            .zip(counts)
            .map(|(&server, count)| {
                let share = 100.0 * count as f64 / keys.max(1) as f64;
                view! {
                    <tr>
                        <th scope="row">
                            <svg class="lb-swatch" viewBox="0 0 16 6" aria-hidden="true"><line x1="0" y1="3" x2="16" y2="3" class=server_stroke(server) /></svg>
                            {server_name(server, BUILT)}
                        </th>
                        <td>{count}</td>
                        <td>{format!("{share:.1}%")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let summary = move || {
        let (pool, _, sd, keys) = spread.get();
        let ideal = keys as f64 / pool.len().max(1) as f64;
        format!(
            "Standard deviation {sd:.0} keys, {:.1}% of the ideal {ideal:.0} per server.",
            100.0 * sd / ideal.max(1.0)
        )
    };
    view! {
        <table class="lb-table" data-testid="hash-spread">
            <caption>"Keys per server now"</caption>
            <thead><tr><th scope="col">"Server"</th><th scope="col">"Keys"</th><th scope="col">"Share"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="lb-hint" data-testid="hash-sd">{summary}</p>
    }
}

/// For each pool change so far: the keys that changed server, on the ring and under
/// `hash mod N`, next to the least any scheme must move.
#[component]
fn Moves(setting: Setting<HashingSetting>, steps_done: Memo<usize>) -> impl IntoView {
    let moves = Memo::new(move |_| {
        setting.with(|s| {
            (0..steps_done.get())
                .map(|i| {
                    let (before, after) = (s.pool_after(i), s.pool_after(i + 1));
                    let (ring, mod_n) = s.moved(&before, &after);
                    let step = s.steps[i];
                    let (n, m) = (before.len(), after.len());
                    // A join must move the newcomer's share, K/(N+1); a leave, the leaver's, K/N.
                    let least = s.keys as f64 / n.max(m).max(1) as f64;
                    let verb = if step.joins { "joins" } else { "leaves" };
                    format!(
                        "{} {verb} at {:.1} s ({n} → {m} servers): the ring moves {ring} keys, hash mod N would move {mod_n}; the least possible is about {least:.0}.",
                        server_name(step.server, BUILT),
                        step.at_us as f64 / 1e6,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div data-testid="hash-moves">
            <h3 class="lb-run-title">"Keys that moved"</h3>
            <Show when=move || !moves.get().is_empty() fallback=|| view! { <p class="lb-hint">"No pool change yet: E joins at 3 s, or add or remove a server."</p> }>
                <ul class="lb-moves">{move || moves.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </Show>
        </div>
    }
}
