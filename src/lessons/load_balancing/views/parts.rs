//! What the lesson's views share: where a cluster's nodes sit and which links it has,
//! reading one run of a one- or two-run world, the read-out of a run (latency
//! percentiles, throughput, how requests ended, a queue bar per server), and a chart of
//! the 99th-percentile latency over time for every run on show.

use leptos::prelude::*;

use super::super::scenes::client::Tally;
use super::super::scenes::cluster::{self, ClusterConfig, ServerReport};
use super::super::scenes::scale::PoolStep;
use super::super::scenes::stats;
use super::super::scenes::{LoadBalancingLanes, LoadBalancingSim};
use crate::sim::{NodeId, SimTime, World, MS, SECOND};
use crate::ui::chart::{Chart, ChartSpec, Series};
use crate::ui::sim::{BuildWorld, Faults, SimController, SimSpec, Stage};

/// The window the read-outs' percentiles and throughput cover.
pub const WINDOW_US: SimTime = SECOND;
/// The chart's step: one point per this much simulated time.
const CHART_STEP_US: SimTime = 250 * MS;

/// Where `config`'s nodes sit in the band `top..bottom` of the drawing: clients on the
/// left, the balancer next, the servers in two staggered columns, the database right.
pub fn cluster_layout(config: &ClusterConfig, top: f32, bottom: f32) -> Vec<(f32, f32)> {
    let spread = |i: usize, count: usize| top + (bottom - top) * (i as f32 + 0.5) / count as f32;
    let middle = (top + bottom) / 2.0;
    let clients = config.clients.len();
    let mut at: Vec<(f32, f32)> = (0..clients).map(|i| (0.0, spread(i, clients))).collect();
    at.push((0.3, middle));
    let servers = config.servers.len();
    let (near, far) = match config.database {
        Some(_) => (0.55, 0.75),
        None => (0.62, 1.0),
    };
    if servers <= 2 {
        at.extend((0..servers).map(|i| (near, spread(i, servers))));
    } else {
        let rows = servers.div_ceil(2);
        at.extend((0..servers).map(|i| {
            let (column, row) = (i % 2, i / 2);
            let x = if column == 0 { near } else { far };
            // The far column sits half a row lower, so no link runs through a card.
            let y = spread(row, rows) + column as f32 * (bottom - top) / (4 * rows) as f32;
            (x, y.min(bottom))
        }));
    }
    if config.database.is_some() {
        at.push((1.0, middle));
    }
    at
}

/// The links `config`'s cluster really has, its node ids moved by `offset`: each client
/// to the balancer, the balancer to each server, each server to the database.
pub fn cluster_links(config: &ClusterConfig, offset: NodeId) -> Vec<(NodeId, NodeId)> {
    let lb = config.balancer_id();
    let servers = (0..config.servers.len()).map(|i| config.server_id(i));
    let mut links: Vec<(NodeId, NodeId)> = (0..config.clients.len()).map(|c| (c, lb)).collect();
    links.extend(servers.clone().map(|s| (lb, s)));
    if let Some(db) = config.database_id() {
        links.extend(servers.map(|s| (s, db)));
    }
    links
        .into_iter()
        .map(|(a, b)| (a + offset, b + offset))
        .collect()
}

/// What a drawing of clusters shows: where each node sits and which links it has.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub layout: Vec<(f32, f32)>,
    pub links: Vec<(NodeId, NodeId)>,
}

impl Shape {
    /// Puts the shape on `sim` and rebuilds its world (a setting that adds or removes nodes).
    pub fn reshape(self, sim: SimController, build: BuildWorld, setting: String) {
        sim.reshape(self.layout, Some(self.links), build, Some(setting));
    }
}

/// The drawing of one cluster.
pub fn one_shape(config: &ClusterConfig) -> Shape {
    Shape {
        layout: cluster_layout(config, 0.0, 1.0),
        links: cluster_links(config, 0),
    }
}

/// The drawing of two clusters, `above` in the top half and `below` in the bottom half.
pub fn two_shape(above: &ClusterConfig, below: &ClusterConfig) -> Shape {
    let mut layout = cluster_layout(above, 0.0, 0.44);
    layout.extend(cluster_layout(below, 0.56, 1.0));
    let offset =
        above.clients.len() + 1 + above.servers.len() + usize::from(above.database.is_some());
    let mut links = cluster_links(above, 0);
    links.extend(cluster_links(below, offset));
    Shape { layout, links }
}

/// `steps` with one more: a server joins (the first of `built` not in `pool_now`) or
/// leaves (the last of `pool_now`, never the only one) at `now_us`, kept in time order,
/// so share links and scrubbing keep it. `None` when no server can join or leave, or
/// `max_steps` are taken.
pub fn pool_step_added(
    steps: &[PoolStep],
    pool_now: &[usize],
    built: usize,
    now_us: SimTime,
    joins: bool,
    max_steps: usize,
) -> Option<Vec<PoolStep>> {
    let server = match joins {
        true => (0..built).find(|i| !pool_now.contains(i)),
        false => pool_now.last().copied().filter(|_| pool_now.len() > 1),
    }?;
    (steps.len() < max_steps).then_some(())?;
    let mut steps = steps.to_vec();
    steps.push(PoolStep {
        at_us: now_us / MS * MS,
        server,
        joins,
    });
    steps.sort_by_key(|step| step.at_us);
    Some(steps)
}

/// A setting of a tab beyond the widget's own (the two strategies, the pool's plan, the
/// health checks, …): its value, read reactively; a new value rebuilds the run with
/// `put`, and Reset puts back the value the tab opened with.
pub struct Setting<T: 'static> {
    value: RwSignal<T>,
    sim: SimController,
    put: fn(SimController, &T),
}

impl<T> Clone for Setting<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Setting<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Setting<T> {
    /// The setting at `start`; `put` rebuilds `sim`'s run for a new value.
    pub fn new(sim: SimController, start: T, put: fn(SimController, &T)) -> Self {
        let setting = Setting {
            value: RwSignal::new(start.clone()),
            sim,
            put,
        };
        sim.on_reset(move || setting.set(start.clone()));
        setting
    }

    /// The value (reactive).
    pub fn get(self) -> T {
        self.value.get()
    }

    /// The value, without subscribing (for event handlers).
    pub fn get_untracked(self) -> T {
        self.value.get_untracked()
    }

    /// Reads the value in place (reactive).
    pub fn with<R>(self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with(f)
    }

    /// Takes `next` and rebuilds the run with it, unless it is the value already.
    pub fn set(self, next: T) {
        if self.value.with_untracked(|now| *now != next) {
            self.value.set(next.clone());
            (self.put)(self.sim, &next);
        }
    }

    /// Changes the value with `edit` (see [`set`](Self::set)).
    pub fn edit(self, edit: impl FnOnce(&mut T)) {
        let mut next = self.get_untracked();
        edit(&mut next);
        self.set(next);
    }
}

/// A scenario's simulation description with the lesson's defaults: the shape, a seed,
/// a horizon, crash and restart (and latency) as the faults.
pub fn spec(
    stage: &Stage,
    build: BuildWorld,
    shape: Shape,
    horizon_us: SimTime,
    height_px: u32,
) -> SimSpec {
    stage
        .spec(build)
        .layout(shape.layout)
        .topology(shape.links)
        .seed(super::super::scenes::strategies::DEFAULT_SEED)
        .horizon_us(horizon_us)
        .faults(Faults {
            crash_restart: true,
            latency: true,
            ..Faults::default()
        })
        .height_px(height_px)
}

/// Run `lane` of the world on show (a single run is lane 0), at the read-outs' pace.
pub fn with_run<R>(
    sim: SimController,
    lane: usize,
    f: impl FnOnce(&LoadBalancingSim) -> R,
) -> Option<R> {
    sim.with_world_for_readout(|world| {
        let any = world.as_any();
        if let Some(lanes) = any.downcast_ref::<LoadBalancingLanes>() {
            Some(f(lanes.lane(lane)))
        } else {
            any.downcast_ref::<LoadBalancingSim>()
                .filter(|_| lane == 0)
                .map(f)
        }
    })
}

/// A latency in milliseconds, or a dash before the first completion.
pub fn ms_or_dash(latency_us: Option<SimTime>) -> String {
    latency_us.map_or_else(|| "—".to_owned(), |us| format!("{} ms", us.div_ceil(MS)))
}

/// What one run's read-out shows.
#[derive(Clone, Debug, Default, PartialEq)]
struct RunFigures {
    tally: Tally,
    percentiles_us: [Option<SimTime>; 3],
    throughput_per_s: f64,
    servers_in_all: usize,
    servers: Vec<(String, ServerReport)>,
}

fn figures(run: &LoadBalancingSim) -> RunFigures {
    let names = World::node_names(run);
    RunFigures {
        tally: cluster::totals(run),
        percentiles_us: cluster::latency_percentiles_us(run, [50, 95, 99]),
        throughput_per_s: cluster::throughput_per_s(run, WINDOW_US),
        servers_in_all: cluster::server_reports(run).len(),
        servers: shown_servers(cluster::server_reports(run))
            .into_iter()
            .map(|r| (names.get(r.id).cloned().unwrap_or_default(), r))
            .collect(),
    }
}

/// The most queue bars a read-out shows; a bigger pool shows its longest queues.
const MAX_BARS: usize = 12;

/// The servers whose bars a read-out shows: all of a small pool, in pool order; of a big
/// one, the [`MAX_BARS`] with the longest queues (then the most outstanding), in pool order.
fn shown_servers(mut reports: Vec<ServerReport>) -> Vec<ServerReport> {
    if reports.len() > MAX_BARS {
        reports.sort_by_key(|r| std::cmp::Reverse((r.queued, r.outstanding)));
        reports.truncate(MAX_BARS);
        reports.sort_by_key(|r| r.id);
    }
    reports
}

/// The read-out of run `lane`: percentiles and throughput over the last second, how
/// every request ended, and one queue bar per server. `test_id` names it for tests.
#[component]
pub fn RunReadout(
    sim: SimController,
    lane: usize,
    #[prop(into)] title: Signal<String>,
    test_id: &'static str,
) -> impl IntoView {
    let figures = Memo::new(move |_| with_run(sim, lane, figures).unwrap_or_default());
    let stat = move |label: &'static str, value: Signal<String>, id: &'static str| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd data-testid=format!("{test_id}-{id}")>{move || value.get()}</dd>
            </div>
        }
    };
    let pct = move |i: usize| Signal::derive(move || ms_or_dash(figures.get().percentiles_us[i]));
    let count = move |read: fn(&Tally) -> u64| {
        Signal::derive(move || read(&figures.get().tally).to_string())
    };
    let throughput = Signal::derive(move || format!("{:.0}/s", figures.get().throughput_per_s));
    view! {
        <section class="lb-run" data-testid=test_id aria-label=move || title.get()>
            <h3 class="lb-run-title">{move || title.get()}</h3>
            <dl class="lb-stats">
                {stat("p50", pct(0), "p50")}
                {stat("p95", pct(1), "p95")}
                {stat("p99", pct(2), "p99")}
                {stat("done per s", throughput, "throughput")}
                {stat("issued", count(|t| t.issued), "issued")}
                {stat("completed", count(|t| t.completed), "completed")}
                {stat("dropped", count(|t| t.dropped), "dropped")}
                {stat("timed out", count(|t| t.timed_out), "timed-out")}
                {stat("in flight", count(|t| t.in_flight), "in-flight")}
            </dl>
            <p class="lb-hint">{format!("Percentiles of the latest {} completed requests; done per s over the last second.", stats::DEFAULT_WINDOW)}</p>
            <Show when=move || { figures.with(|f| f.servers_in_all > f.servers.len()) }>
                <p class="lb-hint">{move || figures.with(|f| format!("The {} longest queues of {} servers:", f.servers.len(), f.servers_in_all))}</p>
            </Show>
            <ul class="lb-queues" aria-label="Queue of each server">
                {move || figures.get().servers.into_iter().map(|(name, report)| view! { <ServerBar name report /> }).collect_view()}
            </ul>
        </section>
    }
}

/// The read-outs of both runs side by side, above first; `names` are the runs' names.
#[component]
pub fn TwoRuns(sim: SimController, #[prop(into)] names: Signal<Vec<String>>) -> impl IntoView {
    let title = move |lane: usize| {
        Signal::derive(move || names.with(|n| n.get(lane).cloned().unwrap_or_default()))
    };
    view! {
        <div class="lb-runs">
            <RunReadout sim lane=0 title=title(0) test_id="run-above" />
            <RunReadout sim lane=1 title=title(1) test_id="run-below" />
        </div>
    }
}

/// One server's queue as a bar, with its state in words.
#[component]
fn ServerBar(name: String, report: ServerReport) -> impl IntoView {
    let state = match (report.up, report.in_pool, report.healthy) {
        (false, ..) => " · crashed",
        (true, false, _) => " · out of the pool",
        (true, true, false) => " · marked down",
        _ => "",
    };
    let speed = format!("{}×", report.speed_pct as f64 / 100.0);
    let words = format!(
        "queue {}/{} · busy {}/{} · dropped {}{state}",
        report.queued, report.queue_capacity, report.busy, report.workers, report.rejected
    );
    let label = format!("{name} ({speed}) queue");
    view! {
        <li class="lb-queue" class:lb-down=!report.up || !report.in_pool || !report.healthy>
            <span class="lb-queue-name">{name} " " <small>{speed}</small></span>
            <meter min="0" max=report.queue_capacity.max(1).to_string() value=report.queued.to_string() aria-label=label></meter>
            <span class="lb-queue-words">{words}</span>
        </li>
    }
}

/// Colour and dash of run `lane` in charts (the dash tells them apart without colour).
pub fn lane_style(lane: usize) -> (&'static str, Option<&'static str>) {
    match lane {
        0 => ("--c-blue", None),
        _ => ("--c-orange", Some("8 4")),
    }
}

/// What a chart of the runs plots: its y axis, each run's points (simulated seconds,
/// value) and each run's value now in words, for screen readers.
#[derive(Clone, Copy)]
pub struct Plot {
    pub title: &'static str,
    pub y_label: &'static str,
    pub points: fn(&LoadBalancingSim) -> Vec<(f64, f64)>,
    pub now_words: fn(&LoadBalancingSim) -> String,
}

/// The 99th-percentile latency over time, each point over the second before it.
pub const P99: Plot = Plot {
    title: "99th-percentile latency over the last second",
    y_label: "p99 latency (ms)",
    points: |run| {
        cluster::percentile_series(run, WINDOW_US, CHART_STEP_US, 99)
            .into_iter()
            .map(|(t, p99)| (t as f64 / 1e6, p99 as f64 / 1e3))
            .collect()
    },
    now_words: |run| format!("p99 now {}", ms_or_dash(cluster::p99_us(run))),
};

/// Requests lost so far (timed out), over time.
pub const LOST: Plot = Plot {
    title: "requests lost so far (timed out)",
    y_label: "requests timed out",
    points: |run| {
        cluster::timeouts_series(run, CHART_STEP_US)
            .into_iter()
            .map(|(t, n)| (t as f64 / 1e6, n as f64))
            .collect()
    },
    now_words: |run| format!("{} lost so far", cluster::totals(run).timed_out),
};

/// A chart of `plot` for every run on show, from the start of the run to now; `names`
/// are the runs' names, above first.
#[component]
pub fn RunsChart(
    sim: SimController,
    #[prop(into)] names: Signal<Vec<String>>,
    horizon_us: SimTime,
    plot: Plot,
) -> impl IntoView {
    let spec = Memo::new(move |_| {
        let series = names
            .get()
            .into_iter()
            .enumerate()
            .filter_map(|(lane, name)| {
                let points = with_run(sim, lane, plot.points)?;
                let (color_var, dash) = lane_style(lane);
                Some(Series {
                    name,
                    color_var,
                    dash,
                    points,
                })
            })
            .collect::<Vec<Series>>();
        // Before the first point the axis starts at 0, not at a range around it.
        let empty = series.iter().all(|s| s.points.is_empty());
        ChartSpec {
            x_label: "simulated time (s)".into(),
            y_label: plot.y_label.into(),
            x_range: (0.0, horizon_us as f64 / 1e6),
            y_range: empty.then_some((0.0, 1.0)),
            series,
            guides: Vec::new(),
            now_x: Some(sim.now_us_for_readout() as f64 / 1e6),
        }
    });
    let description = Signal::derive(move || {
        let parts: Vec<String> = names
            .get()
            .into_iter()
            .enumerate()
            .filter_map(|(lane, name)| {
                with_run(sim, lane, plot.now_words).map(|words| format!("{name}: {words}"))
            })
            .collect();
        format!(
            "Chart of the {} over time. {}.",
            plot.title,
            parts.join("; ")
        )
    });
    view! { <Chart spec=spec description=description /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(id: NodeId, queued: u32) -> ServerReport {
        ServerReport {
            id,
            up: true,
            in_pool: true,
            healthy: true,
            speed_pct: 100,
            workers: 1,
            queue_capacity: 8,
            sent: 0,
            outstanding: queued,
            busy: 0,
            queued,
            max_queue: queued,
            served: 0,
            rejected: 0,
        }
    }

    #[test]
    fn a_big_pool_shows_its_longest_queues_in_pool_order() {
        let small: Vec<_> = (0..4).map(|i| report(i, 0)).collect();
        assert_eq!(shown_servers(small.clone()), small);
        let big: Vec<_> = (0..100).map(|i| report(i, (i as u32 * 37) % 100)).collect();
        let shown = shown_servers(big);
        assert_eq!(shown.len(), MAX_BARS);
        assert!(shown.windows(2).all(|w| w[0].id < w[1].id));
        assert!(shown.iter().all(|r| r.queued >= 88), "{shown:?}");
    }
}
