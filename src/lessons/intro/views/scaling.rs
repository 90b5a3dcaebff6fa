//! Scaling up against scaling out, with the course material's prices: one $100,000 server
//! against as many $1,000 commodity servers as the reader chooses.

use leptos::prelude::*;

use crate::ui::sim::format::plural;

/// Price of the one big server, in dollars.
pub const BIG_SERVER_USD: u32 = 100_000;
/// Price of one commodity server, in dollars.
pub const COMMODITY_SERVER_USD: u32 = 1_000;
/// The most commodity servers the slider offers: as many as the big server's price buys.
pub const MAX_SERVERS: u32 = BIG_SERVER_USD / COMMODITY_SERVER_USD;

const GRID: u32 = 10;
const CELL: f32 = 13.0;
const GAP: f32 = 2.0;

/// A slider for the number of commodity servers, a picture and the costs side by side.
#[component]
pub fn ScalingPicture() -> impl IntoView {
    let servers = RwSignal::new(10u32);
    let grid_side = GRID as f32 * (CELL + GAP) - GAP;
    let left = 10.0;
    let right = left + grid_side + 40.0;
    let cells = (0..MAX_SERVERS)
        .map(|n| {
            let x = right + (n % GRID) as f32 * (CELL + GAP);
            let y = 30.0 + (n / GRID) as f32 * (CELL + GAP);
            view! {
                <rect x=x y=y width=CELL height=CELL rx="2"
                    class=move || if n < servers.get() { "intro-cell on" } else { "intro-cell" } />
            }
        })
        .collect_view();
    let spent = move || servers.get() * COMMODITY_SERVER_USD;
    let share = move || spent() * 100 / BIG_SERVER_USD;
    let survive = move || {
        let n = servers.get();
        match n {
            1 => "If it fails, nothing is left — the same as with the one big server.".to_owned(),
            n => format!(
                "If one fails, {} of {n} {} working ({}% of the capacity).",
                n - 1,
                if n == 2 { "keeps" } else { "keep" },
                (n - 1) * 100 / n
            ),
        }
    };
    view! {
        <figure class="intro-scaling" data-testid="intro-scaling">
            <svg viewBox=format!("0 0 {} {}", right + grid_side + 10.0, grid_side + 60.0) role="img"
                aria-label=move || format!("One big server beside {} commodity servers", servers.get())>
                <text x=left + grid_side / 2.0 y="20" class="intro-job">"Scale up: 1 server"</text>
                <rect class="intro-cell big" x=left y="30" width=grid_side height=grid_side rx="6" />
                <text x=left + grid_side / 2.0 y=30.0 + grid_side / 2.0 + 6.0 class="intro-big on-big">
                    {dollars(BIG_SERVER_USD)}
                </text>
                <text x=right + grid_side / 2.0 y="20" class="intro-job">
                    {move || format!("Scale out: {}", plural(servers.get() as usize, "server", "servers"))}
                </text>
                {cells}
            </svg>
            <label class="intro-slider">
                <span>"Commodity servers at " {dollars(COMMODITY_SERVER_USD)} " each"</span>
                <input type="range" min="1" max=MAX_SERVERS step="1"
                    prop:value=move || servers.get().to_string()
                    on:input=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            servers.set(n.clamp(1, MAX_SERVERS));
                        }
                    } />
            </label>
            <figcaption>
                <output data-testid="intro-scaling-cost">
                    {move || format!("{} cost {}: {}% of the big server's price. ", plural(servers.get() as usize, "server", "servers"), dollars(spent()), share())}
                </output>
                {survive}
            </figcaption>
        </figure>
    }
}

/// Whole dollars with thousands separators: `$100,000`.
pub fn dollars(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::from("$");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
