//! The view of scenario `lb-scale`: traffic doubles at 3 s; one big server above (scale
//! up), commodity servers below (scale out) that the reader adds and removes while it
//! runs; what each pool costs, the p99 chart of both, and buttons that crash the big
//! server or one of the small ones.

use leptos::prelude::*;

use super::parts::{pool_step_added, spec, two_shape, RunsChart, Setting, TwoRuns, P99};
use crate::lessons::load_balancing::scenes::cluster;
use crate::lessons::load_balancing::scenes::scale::{
    build_lanes, ScaleConfig, Scaling, HORIZON_US, MAX_COMMODITY, MAX_STEPS, PRICE_BIG_USD,
    PRICE_COMMODITY_USD,
};
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::sim::{Intervention, SimTime, MS};
use crate::ui::sim::{world_builder, BuildWorld, SimController, SimWidget, Stage};

fn builder(scale_out: Scaling) -> BuildWorld {
    world_builder(move |seed| build_lanes::<LoadBalancingNode>(&scale_out, seed))
}

fn configs(scale_out: &Scaling) -> (ScaleConfig, ScaleConfig) {
    let below = ScaleConfig {
        scaling: scale_out.clone(),
        ..ScaleConfig::default()
    };
    (ScaleConfig::vertical(), below)
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(Scaling::from_setting)
        .unwrap_or_else(Scaling::horizontal);
    let (above, below) = configs(&start);
    let shape = two_shape(&above.cluster(), &below.cluster());
    let sim = stage.start(spec(stage, builder(start.clone()), shape, HORIZON_US, 400));
    sim.use_setting(
        start.to_setting().unwrap_or_default(),
        "a pool of small servers and its changes (such as i2-ac4000-ad4000)",
        "it starts with two small servers and adds two a second after the doubling",
    );
    sim.set_speed(2.0);
    let scaling = Setting::new(sim, start, |sim, next: &Scaling| {
        sim.rebuild(builder(next.clone()), next.to_setting());
    });
    let names = Signal::derive(|| {
        vec![
            "Above: scale up (one 4× server)".to_owned(),
            "Below: scale out (1× servers)".to_owned(),
        ]
    });
    let next = move |joins: bool| with_pool_change(&scaling.get(), sim.now_us_for_readout(), joins);
    let offset = above.cluster().servers.len() + 2;
    let big_server = above.cluster().server_id(0);
    let first_small = below.cluster().server_id(0) + offset;
    view! {
        <SimWidget controller=sim>
            <Costs sim />
            <RunsChart sim names horizon_us=HORIZON_US plot=P99 />
            <div class="lb-actions" role="group" aria-label="Change the pool below, or crash a server">
                <button type="button" data-testid="add-server" disabled=move || next(true).is_none() on:click=move |_| if let Some(s) = next(true) { scaling.set(s) }>"Add a small server now"</button>
                <button type="button" data-testid="remove-server" disabled=move || next(false).is_none() on:click=move |_| if let Some(s) = next(false) { scaling.set(s) }>"Remove a small server now"</button>
                <button type="button" data-testid="crash-big" on:click=move |_| sim.intervene(Intervention::Crash(big_server))>"Crash the big server"</button>
                <button type="button" data-testid="crash-small" on:click=move |_| sim.intervene(Intervention::Crash(first_small))>"Crash one small server"</button>
            </div>
            <p class="lb-hint">{move || pool_plan(&scaling.get())}</p>
            <TwoRuns sim names />
        </SimWidget>
    }
    .into_any()
}

/// What each pool costs now, in words.
#[component]
fn Costs(sim: SimController) -> impl IntoView {
    let cost = move |lane: usize, price_usd: u64| {
        super::parts::with_run(sim, lane, cluster::pool_size).map(|n| (n, n as u64 * price_usd))
    };
    let line = move || {
        let (up, out) = (cost(0, PRICE_BIG_USD), cost(1, PRICE_COMMODITY_USD));
        let words = |pool: Option<(usize, u64)>, each: u64| {
            pool.map_or_else(String::new, |(n, usd)| {
                format!("{n} × {} = {}", dollars(each), dollars(usd))
            })
        };
        format!(
            "Pool cost now — scale up: {}; scale out: {}.",
            words(up, PRICE_BIG_USD),
            words(out, PRICE_COMMODITY_USD)
        )
    };
    view! { <p class="lb-lead" data-testid="lb-costs">{line}</p> }
}

/// `usd` written as `$100,000`.
fn dollars(usd: u64) -> String {
    let digits = usd.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    format!("${out}")
}

/// The planned pool changes below, in words.
fn pool_plan(scaling: &Scaling) -> String {
    let Scaling::Horizontal {
        initial, schedule, ..
    } = scaling
    else {
        return String::new();
    };
    // Only the steps that change the pool: adding a server already in is no change.
    let mut pool: Vec<usize> = (0..*initial).collect();
    let steps: Vec<String> = schedule
        .iter()
        .filter(|step| {
            let before = pool.clone();
            step.apply_to(&mut pool);
            pool != before
        })
        .map(|step| {
            let verb = if step.joins { "joins" } else { "leaves" };
            let name = cluster::server_name(step.server, MAX_COMMODITY);
            format!("{name}′ {verb} at {:.1} s", step.at_us as f64 / 1e6)
        })
        .collect();
    format!(
        "Below: {initial} small servers at first; {}. The doubling comes at 3 s.",
        if steps.is_empty() {
            "no changes".to_owned()
        } else {
            steps.join(", ")
        }
    )
}

/// The scaling with one small server more (or fewer) below from `now_us` on (see
/// [`pool_step_added`]); `None` when that cannot be.
fn with_pool_change(scaling: &Scaling, now_us: SimTime, joins: bool) -> Option<Scaling> {
    let Scaling::Horizontal {
        initial,
        max,
        schedule,
    } = scaling
    else {
        return None;
    };
    let pool_now = scaling.pool_at(now_us / MS * MS);
    let schedule = pool_step_added(schedule, &pool_now, *max, now_us, joins, MAX_STEPS)?;
    Some(Scaling::Horizontal {
        initial: *initial,
        max: *max,
        schedule,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SECOND;

    #[test]
    fn dollars_are_grouped_by_thousands() {
        assert_eq!(dollars(100_000), "$100,000");
        assert_eq!(dollars(4_000), "$4,000");
        assert_eq!(dollars(0), "$0");
    }

    #[test]
    fn the_plan_names_only_the_steps_that_change_the_pool() {
        let plan = pool_plan(&Scaling::from_setting("i2-ac2000-ac4000-ad4000").unwrap());
        assert!(
            plan.contains("C′ joins at 2.0 s, D′ joins at 4.0 s."),
            "{plan}"
        );
    }

    #[test]
    fn a_pool_change_is_a_step_in_time_order_within_the_bounds() {
        let start = Scaling::horizontal();
        let added = with_pool_change(&start, SECOND + 123, true).unwrap();
        assert_eq!(added.pool_at(SECOND), [0, 1, 2]);
        assert_eq!(added.pool_at(HORIZON_US), [0, 1, 2, 3]);
        assert_eq!(
            Scaling::from_setting(&added.to_setting().unwrap()),
            Some(added.clone())
        );
        let full = with_pool_change(&start, 5 * SECOND, true);
        assert_eq!(full, None, "all four small servers are already in");
        let mut one = Scaling::from_setting("i1").unwrap();
        assert_eq!(
            with_pool_change(&one, 0, false),
            None,
            "the last server stays"
        );
        for _ in 0..MAX_STEPS / 2 {
            one = with_pool_change(&one, SECOND, true).unwrap();
            one = with_pool_change(&one, SECOND, false).unwrap();
        }
        assert_eq!(
            with_pool_change(&one, SECOND, true),
            None,
            "no room for a step"
        );
        assert_eq!(with_pool_change(&Scaling::Vertical, 0, true), None);
    }
}
