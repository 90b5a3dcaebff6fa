//! The view of scenario `what-happened`: the client's side of the run, the guess and the reveal.

use leptos::prelude::*;

use super::super::scenes::mystery::{
    build, Case, DEFAULT_SEED, FULL_HORIZON_US, HIDDEN_HORIZON_US, LATENCY_MAX_US, LATENCY_MIN_US,
    SERVER, TIMEOUT_US,
};
use super::super::scenes::MessagesNode;
use crate::ui::sim::format::format_ms;
use crate::ui::sim::settings::MAX_SEED;
use crate::ui::sim::{world_builder, NetworkSettings, SimSpec, SimWidget, Stage};

fn spec(stage: &Stage) -> SimSpec {
    stage
        .spec(world_builder(build::<MessagesNode>))
        .layout(vec![(0.1, 0.5), (0.9, 0.5)])
        .seed(DEFAULT_SEED)
        .horizon_us(FULL_HORIZON_US)
        .height_px(220)
}

/// A fresh seed for "New mystery".
fn random_seed() -> u64 {
    ((js_sys::Math::random() * 1_000_000.0) as u64 + 1).min(MAX_SEED)
}

/// The scenario view: the client's view of the run, the guess, and the reveal.
pub fn view(stage: &Stage) -> AnyView {
    let sim = stage.start(spec(stage));
    sim.set_network_baseline(NetworkSettings::latency(LATENCY_MIN_US, LATENCY_MAX_US));
    let guess = RwSignal::new(None::<Case>);
    let revealed = RwSignal::new(false);
    let hide = move || {
        revealed.set(false);
        guess.set(None);
        sim.conceal(vec![SERVER]);
        sim.set_horizon(HIDDEN_HORIZON_US);
    };
    hide();
    let reveal = move |_| {
        revealed.set(true);
        sim.conceal(Vec::new());
        sim.set_horizon(FULL_HORIZON_US);
    };
    let new_mystery = move |_| {
        hide();
        sim.set_seed(random_seed());
    };
    let choices = Case::ALL
        .into_iter()
        .map(|case| {
            view! {
                <label class="mystery-choice">
                    <input
                        type="radio"
                        name="mystery-guess"
                        value=case.key()
                        data-testid=format!("guess-{}", case.key())
                        prop:checked=move || guess.get() == Some(case)
                        prop:disabled=move || revealed.get()
                        on:change=move |_| guess.set(Some(case))
                    />
                    " "
                    {case.choice()}
                </label>
            }
        })
        .collect_view();
    let verdict = move || {
        revealed.get().then(|| {
            let actual = Case::for_seed(sim.seed());
            let judged = match guess.get() {
                Some(g) if g == actual => "Your guess was right.".to_string(),
                Some(g) => format!("You guessed: {}. Not this time.", g.choice().to_lowercase()),
                None => "You did not guess.".to_string(),
            };
            view! {
                <div class="mystery-verdict" data-testid="mystery-verdict" data-case=actual.key()>
                    <p><strong>"What happened: " {actual.choice().to_lowercase()} "."</strong> " " {judged}</p>
                    <p>{actual.story()}</p>
                    <p class="muted">
                        "From the client's side, all four looked the same: one request out, then silence until the timeout at "
                        {format_ms(TIMEOUT_US)} "."
                    </p>
                </div>
            }
        })
    };
    view! {
        <p class="sim-intro">
            "You are the client. Press Play: your request goes out, and the timeout fires before any reply. The server's side is hidden. What happened?"
        </p>
        <SimWidget controller=sim>
            <fieldset class="mystery">
                <legend>"Why did no reply come back?"</legend>
                {choices}
            </fieldset>
            <div class="mystery-actions">
                <button type="button" class="primary" data-testid="mystery-reveal"
                    prop:disabled=move || revealed.get() || guess.get().is_none()
                    on:click=reveal>
                    "Reveal"
                </button>
                <button type="button" data-testid="mystery-new" on:click=new_mystery>"New mystery"</button>
            </div>
            <div aria-live="polite">{verdict}</div>
        </SimWidget>
    }
    .into_any()
}
