//! The view of scenario `lb-bottleneck`: app servers that each query one shared
//! database; the reader sets the app servers and the request rate, and a chart plots the
//! throughput measured for every number of app servers at that rate, flattening at the
//! database's capacity.

use leptos::prelude::*;

use super::inputs::Slider;
use super::parts::{one_shape, spec, with_run, RunReadout, Setting};
use crate::lessons::load_balancing::scenes::bottleneck::{
    measure_all, BottleneckConfig, HORIZON_US, RATES_PER_S, SERVER_COUNTS,
};
use crate::lessons::load_balancing::scenes::cluster;
use crate::lessons::load_balancing::scenes::LoadBalancingNode;
use crate::ui::chart::{Chart, ChartSpec, Guide, Series};
use crate::ui::sim::format::plural;
use crate::ui::sim::{world_builder, BuildWorld, SimController, SimWidget, Stage};

/// Where the page starts: two app servers and more requests than the database can
/// take, so that adding servers climbs to the database's limit and stops there.
fn page_start() -> BottleneckConfig {
    BottleneckConfig::sized(2, 800)
}

fn builder(config: BottleneckConfig) -> BuildWorld {
    world_builder(move |seed| cluster::build::<LoadBalancingNode>(&config.cluster(), seed))
}

/// The scenario's page part.
pub fn view(stage: &Stage) -> AnyView {
    let start = stage
        .params
        .setting_for(stage.scenario)
        .and_then(BottleneckConfig::from_setting)
        .unwrap_or_else(page_start);
    let shape = one_shape(&start.cluster());
    let sim = stage.start(spec(stage, builder(start), shape, HORIZON_US, 340));
    sim.use_setting(
        start.to_setting(),
        "app servers and a rate (such as n2-r800)",
        "it starts with 2 app servers at 800 requests/s",
    );
    sim.set_speed(2.0);
    let config = Setting::new(sim, start, |sim, next: &BottleneckConfig| {
        one_shape(&next.cluster()).reshape(sim, builder(*next), next.to_setting());
    });
    let servers = Signal::derive(move || config.get().servers as u32);
    let rate = Signal::derive(move || config.get().rate_per_s);
    view! {
        <SimWidget controller=sim>
            <Database sim config />
            <ThroughputChart sim config />
            <div class="lb-settings-row">
                <Slider label="App servers" test_id="bottleneck-servers" min=*SERVER_COUNTS.start() as u32 max=*SERVER_COUNTS.end() as u32
                    value=servers shown=|n| format!("{n} app servers")
                    on_change=Callback::new(move |n: u32| config.edit(|c| c.servers = n as usize)) />
                <Slider label="Request rate" test_id="bottleneck-rate" min=*RATES_PER_S.start() max=*RATES_PER_S.end() step=50
                    value=rate shown=|r| format!("{r} requests/s")
                    on_change=Callback::new(move |r: u32| config.edit(|c| c.rate_per_s = r)) />
            </div>
            <RunReadout sim lane=0 title="The run" test_id="run-bottleneck" />
        </SimWidget>
    }
    .into_any()
}

/// The database's state now, in words.
#[component]
fn Database(sim: SimController, config: Setting<BottleneckConfig>) -> impl IntoView {
    let line = move || {
        let config = config.get();
        let db_id = config.cluster().database_id();
        let state = with_run(sim, 0, |run| {
            let db = cluster::server(run, db_id?)?;
            Some((
                db.busy(),
                db.spec().workers,
                db.queued(),
                db.spec().queue,
                db.stats().rejected,
            ))
        })
        .flatten();
        let capacity = config.database_capacity_per_s();
        match state {
            Some((busy, workers, queued, queue, refused)) => format!(
                "Database (at most {capacity:.0} queries/s): busy {busy}/{workers}, queue {queued}/{queue}, {refused} queries refused so far."
            ),
            None => String::new(),
        }
    };
    view! { <p class="lb-lead" data-testid="lb-database">{line}</p> }
}

/// Throughput against the number of app servers at the page's rate, each point a
/// measured run (completed requests per second between 1 s and 3 s).
#[component]
fn ThroughputChart(sim: SimController, config: Setting<BottleneckConfig>) -> impl IntoView {
    let measured = Memo::new(move |_| measure_all::<LoadBalancingNode>(&config.get(), sim.seed()));
    let spec = Memo::new(move |_| {
        let config = config.get();
        let points = measured
            .get()
            .iter()
            .map(|m| (m.servers as f64, m.throughput_per_s))
            .collect();
        ChartSpec {
            x_label: "app servers".into(),
            y_label: "completed requests/s".into(),
            x_range: (*SERVER_COUNTS.start() as f64, *SERVER_COUNTS.end() as f64),
            y_range: Some((0.0, config.rate_per_s.max(450) as f64 * 1.05)),
            series: vec![Series {
                name: format!("measured at {} requests/s", config.rate_per_s),
                color_var: "--c-blue",
                dash: None,
                points,
            }],
            guides: vec![
                Guide {
                    y: config.database_capacity_per_s(),
                    label: "database capacity".into(),
                    color_var: "--c-vermillion",
                },
                Guide {
                    y: config.rate_per_s as f64,
                    label: "offered".into(),
                    color_var: "--muted",
                },
            ],
            now_x: Some(config.servers as f64),
        }
    });
    let description = Signal::derive(move || {
        let parts: Vec<String> = measured
            .get()
            .iter()
            .map(|m| {
                format!(
                    "{} {:.0}/s",
                    plural(m.servers, "server", "servers"),
                    m.throughput_per_s
                )
            })
            .collect();
        format!(
            "Chart of throughput against app servers: {}.",
            parts.join(", ")
        )
    });
    view! {
        <Chart spec=spec description=description />
        <p class="chart-note" data-testid="bottleneck-measured">{move || description.get()} " The marker is the number of app servers in the run above; the runs measured last 3 simulated seconds, with the same seed."</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_starts_past_the_database_limit() {
        let start = page_start();
        assert!(f64::from(start.rate_per_s) > start.database_capacity_per_s());
        assert_eq!(
            BottleneckConfig::from_setting(&start.to_setting()),
            Some(start)
        );
    }
}
