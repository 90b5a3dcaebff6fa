//! The view of scenario `lb-strategies`: two strategies on the same pool and the same
//! arrivals, one above the other; the p99 chart of both, each run's queues and drops, and
//! the settings (strategies, rate, cost variance, servers, speeds, staleness).

use leptos::prelude::*;

use super::inputs::{Choice, Slider};
use super::parts::{spec, two_shape, RunsChart, Setting, Shape, TwoRuns, P99};
use crate::lessons::load_balancing::scenes::strategies::{
    self, build_side_by_side, CostShape, SideBySide, Speeds, HORIZON_US, RATES_PER_S,
    SERVER_COUNTS, VIEW_REFRESH_MS,
};
use crate::lessons::load_balancing::scenes::strategy::Strategy;
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::ui::sim::{world_builder, BuildWorld, SimWidget, Stage};

fn builder(setting: SideBySide) -> BuildWorld {
    world_builder(move |seed| build_side_by_side::<LoadBalancingNode>(&setting, seed))
}

fn shape(setting: &SideBySide) -> Shape {
    two_shape(&setting.lane(0).cluster(), &setting.lane(1).cluster())
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(SideBySide::from_setting)
        .unwrap_or_default();
    let sim = stage.start(spec(stage, builder(start), shape(&start), HORIZON_US, 420));
    sim.use_setting(
        start.to_setting(),
        "two strategies and their settings (such as rr-vs-lc-r160-exp-n4-ad-v0)",
        "it shows round robin against least connections",
    );
    // Ten simulated seconds at 2×: fifty seconds to watch.
    sim.set_speed(2.0);
    let setting = Setting::new(sim, start, |sim, next: &SideBySide| {
        shape(next).reshape(sim, builder(*next), next.to_setting());
    });
    let change = Callback::new(move |edit: Edit| setting.edit(|next| edit.apply_to(next)));
    let names = Signal::derive(move || {
        let [a, b] = setting.get().strategies;
        vec![
            format!("Above: {}", a.title()),
            format!("Below: {}", b.title()),
        ]
    });
    view! {
        <SimWidget controller=sim>
            <p class="lb-lead" data-testid="lb-load">{move || load_line(&setting.get())}</p>
            <RunsChart sim names horizon_us=HORIZON_US plot=P99 />
            <TwoRuns sim names />
            <Settings setting change />
        </SimWidget>
    }
    .into_any()
}

/// How busy the pool is on average, in words.
fn load_line(setting: &SideBySide) -> String {
    let capacity = setting.capacity_per_s();
    format!(
        "The client sends {} requests/s; the {} servers can complete {:.0}/s together, so on average they are {:.0}% busy.",
        setting.rate_per_s,
        setting.servers,
        capacity,
        100.0 * setting.rate_per_s as f64 / capacity
    )
}

/// One change the reader makes to the settings.
#[derive(Clone, Copy, Debug)]
enum Edit {
    Strategy(usize, Strategy),
    Rate(u32),
    Cost(CostShape),
    Servers(usize),
    Speeds(Speeds),
    Staleness(u32),
}

impl Edit {
    fn apply_to(self, setting: &mut SideBySide) {
        match self {
            Edit::Strategy(lane, strategy) => setting.strategies[lane.min(1)] = strategy,
            Edit::Rate(rate) => setting.rate_per_s = rate,
            Edit::Cost(cost) => setting.cost = cost,
            Edit::Servers(servers) => setting.servers = servers,
            Edit::Speeds(speeds) => setting.speeds = speeds,
            Edit::Staleness(ms) => setting.view_refresh_ms = ms,
        }
    }
}

/// The scene's settings: each change rebuilds both runs with the same seed.
#[component]
fn Settings(setting: Setting<SideBySide>, change: Callback<Edit>) -> impl IntoView {
    // Every strategy but the two hash ones, which have a tab of their own.
    let strategy_options: Vec<(&'static str, &'static str)> = Strategy::ALL
        .iter()
        .filter(|s| !matches!(s, Strategy::ConsistentHash { .. } | Strategy::HashModN))
        .map(|s| (s.code(), s.title()))
        .collect();
    let strategy = move |lane: usize| Signal::derive(move || setting.get().strategies[lane].code());
    let pick = move |lane: usize| {
        Callback::new(move |code: &'static str| {
            if let Some(chosen) = Strategy::from_code(code) {
                change.run(Edit::Strategy(lane, chosen));
            }
        })
    };
    let cost_options = vec![
        (CostShape::Constant.code(), "constant: every request alike"),
        (CostShape::Exponential.code(), "exponential: varied"),
        (
            CostShape::HeavyTailed.code(),
            "heavy-tailed: a few huge ones",
        ),
    ];
    let speed_options = vec![
        (Speeds::Material.code(), "unequal: 2×, 2×, 1×, 0.5× (A–D)"),
        (Speeds::Equal.code(), "equal, same total"),
    ];
    view! {
        <fieldset class="lb-settings" data-testid="lb-settings">
            <legend>"Settings (each change restarts both runs with the same arrivals)"</legend>
            <Choice label="Strategy above" test_id="strategy-above" options=strategy_options.clone() value=strategy(0) on_change=pick(0) />
            <Choice label="Strategy below" test_id="strategy-below" options=strategy_options value=strategy(1) on_change=pick(1) />
            <Slider label="Request rate" test_id="lb-rate" min=*RATES_PER_S.start() max=*RATES_PER_S.end() step=10
                value=Signal::derive(move || setting.get().rate_per_s) shown=|r| format!("{r} requests/s")
                on_change=Callback::new(move |r: u32| change.run(Edit::Rate(r))) />
            <Choice label="Request cost" test_id="lb-cost" options=cost_options
                value=Signal::derive(move || setting.get().cost.code())
                on_change=Callback::new(move |code: &'static str| {
                    if let Some(cost) = CostShape::ALL.into_iter().find(|c| c.code() == code) {
                        change.run(Edit::Cost(cost));
                    }
                }) />
            <Slider label="Servers" test_id="lb-servers" min=*SERVER_COUNTS.start() as u32 max=*SERVER_COUNTS.end() as u32
                value=Signal::derive(move || setting.get().servers as u32) shown=|n| format!("{n} servers")
                on_change=Callback::new(move |n: u32| change.run(Edit::Servers(n as usize))) />
            <Choice label="Server speeds" test_id="lb-speeds" options=speed_options
                value=Signal::derive(move || setting.get().speeds.code())
                on_change=Callback::new(move |code: &'static str| {
                    let speeds = if code == Speeds::Equal.code() { Speeds::Equal } else { Speeds::Material };
                    change.run(Edit::Speeds(speeds));
                }) />
            <Slider label="Load view delay" test_id="lb-staleness" min=*VIEW_REFRESH_MS.start() max=*VIEW_REFRESH_MS.end() step=50
                value=Signal::derive(move || setting.get().view_refresh_ms)
                shown=|ms| if ms == 0 { "live (always current)".to_owned() } else { format!("up to {ms} ms old") }
                on_change=Callback::new(move |ms: u32| change.run(Edit::Staleness(ms))) />
            <p class="lb-hint">{strategies::TITLE} ": the arrivals depend only on the seed, never on the strategy, so both runs see the very same requests."</p>
        </fieldset>
    }
}
