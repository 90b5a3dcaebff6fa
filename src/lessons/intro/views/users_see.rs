//! "What users see" against "reality": one shop, or the machines behind it. The machines and
//! their names are the shop scenario's own; the picture lays them out top to bottom.

use leptos::prelude::*;

use crate::lessons::intro::scenes::shop::{self, Path};
use crate::lessons::intro::scenes::{IntroSim, DEFAULT_SEED};
use crate::sim::{NodeId, World};

const WIDTH: f32 = 420.0;
const HEIGHT: f32 = 300.0;
const BOX_W: f32 = 86.0;
/// Width of the load balancer's and the database's boxes, whose names are longer.
const WIDE_BOX_W: f32 = 112.0;
const BOX_H: f32 = 40.0;
/// Where each node of the shop sits in the picture, as fractions, by node id.
const PLACES: [(f32, f32); 8] = [
    (0.3, 0.1),
    (0.7, 0.1),
    (0.5, 0.36),
    (0.125, 0.63),
    (0.375, 0.63),
    (0.625, 0.63),
    (0.875, 0.63),
    (0.5, 0.9),
];
/// Top of the area the single "shop" box covers (below the clients).
const SHOP_TOP: f32 = 0.25;

/// The toggle and its picture.
#[component]
pub fn UsersSee() -> impl IntoView {
    let reality = RwSignal::new(false);
    let shop: IntroSim = shop::build(DEFAULT_SEED);
    let names = shop.node_names();
    let at = |id: NodeId| {
        let (x, y) = PLACES[id];
        (x * WIDTH, y * HEIGHT)
    };
    let node = |id: NodeId, name: &str, job: Option<&'static str>| {
        let (x, y) = at(id);
        let width = match id {
            shop::LOAD_BALANCER | shop::DATABASE => WIDE_BOX_W,
            _ => BOX_W,
        };
        let (label_y, job_view) = match job {
            Some(job) => (
                y - 3.0,
                Some(view! { <text class="intro-job" x=x y=y + 12.0>{job}</text> }),
            ),
            None => (y + 5.0, None),
        };
        view! {
            <g class="intro-node">
                <rect x=x - width / 2.0 y=y - BOX_H / 2.0 width=width height=BOX_H rx="8" />
                <text x=x y=label_y>{name.to_owned()}</text>
                {job_view}
            </g>
        }
    };
    let wire = |a: NodeId, b: NodeId| {
        let ((x1, y1), (x2, y2)) = (at(a), at(b));
        view! { <line x1=x1 y1=y1 x2=x2 y2=y2 /> }
    };

    let clients = [shop::CLIENT_1, shop::CLIENT_2];
    let servers = Path::ALL.map(Path::server);
    let mut wires = Vec::new();
    for client in clients {
        wires.push(wire(client, shop::LOAD_BALANCER));
    }
    for server in servers {
        wires.push(wire(shop::LOAD_BALANCER, server));
        wires.push(wire(server, shop::DATABASE));
    }
    let jobs = ["authentication", "catalog", "orders", "payment"];
    let inside = std::iter::once(node(shop::LOAD_BALANCER, &names[shop::LOAD_BALANCER], None))
        .chain(
            servers
                .iter()
                .zip(jobs)
                .map(|(&id, job)| node(id, &names[id], Some(job))),
        )
        .chain(std::iter::once(node(
            shop::DATABASE,
            &names[shop::DATABASE],
            None,
        )))
        .collect_view();
    let outside = clients
        .iter()
        .map(|&id| node(id, &names[id], None))
        .collect_view();
    let to_the_shop = clients
        .iter()
        .map(|&id| {
            let (x, y) = at(id);
            view! { <line x1=x y1=y x2=x y2=SHOP_TOP * HEIGHT + 20.0 /> }
        })
        .collect_view();
    let shop_box_y = SHOP_TOP * HEIGHT + 20.0;
    let caption = move || {
        match reality.get() {
        false => "What users see: one shop at one address. Every request goes to “the shop” and an answer comes back.",
        true => "Reality: a load balancer, four servers with different jobs and a database, passing messages to act as that one shop.",
    }
    };

    view! {
        <figure class="intro-users-see" data-view=move || if reality.get() { "reality" } else { "users" }
            data-testid="intro-users-see">
            <div class="intro-switch">
                <button type="button" aria-pressed=move || reality.get().to_string()
                    data-testid="intro-reality-toggle"
                    on:click=move |_| reality.update(|r| *r = !*r)>
                    "Show the reality behind it"
                </button>
            </div>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=move || caption().to_owned()>
                <g class="intro-users-layer">
                    <g class="intro-wires">{to_the_shop}</g>
                    <g class="intro-node intro-one-box">
                        <rect x="10" y=shop_box_y width=WIDTH - 20.0 height=HEIGHT - shop_box_y - 10.0 rx="14" />
                        <text x=WIDTH / 2.0 y=shop_box_y + 100.0 class="intro-big">"The shop"</text>
                        <text x=WIDTH / 2.0 y=shop_box_y + 124.0 class="intro-job">"one address, one service"</text>
                    </g>
                </g>
                <g class="intro-reality-layer">
                    <rect class="intro-outline" x="4" y=shop_box_y - 14.0 width=WIDTH - 8.0
                        height=HEIGHT - shop_box_y + 10.0 rx="14" />
                    <g class="intro-wires">{wires}</g>
                    {inside}
                </g>
                {outside}
            </svg>
            <figcaption aria-live="polite" data-testid="intro-users-see-caption">{caption}</figcaption>
        </figure>
    }
}
