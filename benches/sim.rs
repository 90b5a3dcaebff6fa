//! Simulator throughput (events per second) and the cost of snapshots and timeline seeks.

use std::fmt;
use std::hint::black_box;
use std::rc::Rc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use distlab::sim::protocols::gossip::Gossip;
use distlab::sim::protocols::pingpong::PingPong;
use distlab::sim::protocols::reqresp::{ClientConfig, ReqResp};
use distlab::sim::{
    Ctx, LinkConfig, MessageInfo, NodeId, Protocol, SimTime, Simulation, Timeline, World, MS,
    SECOND,
};

const PINGPONG_EVENTS: u64 = 200_000;

fn pingpong() -> Simulation<PingPong> {
    Simulation::builder(1)
        .node("a", PingPong::new(0))
        .node("b", PingPong::new(0))
        .link_all(LinkConfig::constant(100))
        .build()
}

fn gossip_100() -> Simulation<Gossip> {
    let mut builder =
        Simulation::builder(2).link_all(LinkConfig::uniform(MS, 20 * MS).with_loss_ppm(20_000));
    for id in 0..100 {
        builder = builder.node(format!("p{id}"), Gossip::new(id == 0, 3, 30 * MS, 3));
    }
    builder.build()
}

/// Ten clients making 1,000 requests each (10,000 request/responses) with 5% loss.
fn reqresp_10k() -> Simulation<ReqResp> {
    let config = ClientConfig {
        requests: 1_000,
        timeout_us: 20 * MS,
        max_retries: 10,
        think_time_us: 0,
        auto_start: true,
    };
    let mut builder = Simulation::builder(3)
        .node("server", ReqResp::server(true))
        .link_all(LinkConfig::uniform(MS, 5 * MS).with_loss_ppm(50_000));
    for id in 1..=10 {
        builder = builder.node(format!("client{id}"), ReqResp::client(0, config));
    }
    builder.build()
}

fn run_to_end<P: Protocol>(mut sim: Simulation<P>) -> Simulation<P> {
    sim.run_until(SimTime::MAX / 2);
    sim
}

#[derive(Clone, Debug)]
struct Parcel(u32);

impl MessageInfo for Parcel {
    fn kind(&self) -> &'static str {
        "parcel"
    }
    fn label(&self) -> String {
        format!("parcel {}", self.0)
    }
    fn write_label(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "parcel {}", self.0)
    }
}

/// Sends 20 slow parcels at start: 100 of these put 2,000 messages in flight.
#[derive(Clone, Debug)]
struct Flood;

impl Protocol for Flood {
    type Msg = Parcel;
    fn role(&self) -> &'static str {
        "flood"
    }
    fn display_state(&self) -> String {
        "flooding".to_owned()
    }
    fn on_start(&mut self, ctx: &mut Ctx<'_, Parcel>) {
        for k in 0..20 {
            let to = ctx.random_below(ctx.node_count() as u64) as NodeId;
            ctx.send(to, Parcel(k));
        }
    }
    fn on_message(&mut self, _ctx: &mut Ctx<'_, Parcel>, _from: NodeId, _msg: Parcel) {}
}

fn lesson_timeline() -> Timeline {
    let build = || -> Box<dyn World> {
        let config = ClientConfig {
            requests: 400,
            timeout_us: 30 * MS,
            max_retries: 3,
            think_time_us: 5 * MS,
            auto_start: true,
        };
        let mut builder = Simulation::builder(4)
            .node("server", ReqResp::server(false))
            .link_all(LinkConfig::uniform(MS, 10 * MS).with_loss_ppm(50_000));
        for id in 1..8 {
            builder = builder.node(format!("client{id}"), ReqResp::client(0, config));
        }
        Box::new(builder.build())
    };
    let mut timeline = Timeline::new(Rc::new(build));
    timeline.advance_to(10 * SECOND);
    timeline
}

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("events");

    group.throughput(Throughput::Elements(PINGPONG_EVENTS));
    let mut sim = pingpong();
    group.bench_function("pingpong_2_nodes", |b| {
        b.iter(|| black_box(sim.run_events(PINGPONG_EVENTS)))
    });

    let gossip_events = run_to_end(gossip_100()).events_processed();
    group.throughput(Throughput::Elements(gossip_events));
    group.bench_function("gossip_100_nodes", |b| {
        b.iter_batched(
            gossip_100,
            |sim| black_box(run_to_end(sim).events_processed()),
            BatchSize::LargeInput,
        )
    });

    let reqresp_events = run_to_end(reqresp_10k()).events_processed();
    group.throughput(Throughput::Elements(reqresp_events));
    group.bench_function("reqresp_10k_5pct_loss", |b| {
        b.iter_batched(
            reqresp_10k,
            |sim| black_box(run_to_end(sim).events_processed()),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn views(c: &mut Criterion) {
    let mut group = c.benchmark_group("views");
    let mut builder = Simulation::builder(5).link_all(LinkConfig::constant(SECOND));
    for id in 0..100 {
        builder = builder.node(format!("n{id}"), Flood);
    }
    let flood = builder.build();
    assert_eq!(flood.counters().in_flight, 2_000);
    group.bench_function("snapshot_100_nodes_2000_messages", |b| {
        b.iter(|| black_box(flood.snapshot()))
    });

    let mut timeline = lesson_timeline();
    let targets: Vec<SimTime> = (0..16u64)
        .map(|k| (k * 7_919 % 16) * 600 * MS + 123_457)
        .collect();
    let mut next = 0;
    group.bench_function("timeline_seek_8_nodes_10s", |b| {
        b.iter(|| {
            timeline.seek(targets[next % targets.len()]);
            next += 1;
            black_box(timeline.world().trace_hash())
        })
    });
    group.finish();
}

criterion_group!(benches, throughput, views);
criterion_main!(benches);
