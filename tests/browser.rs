//! Browser unit tests: run by `cargo test --target wasm32-unknown-unknown --test browser`
//! in headless Chromium through wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use distlab::embed::Params;
use distlab::sim::golden::{golden_trace_hash, GOLDEN_TRACE_HASH};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The golden scenario hashes the same in wasm as natively: the simulator is deterministic across platforms.
#[wasm_bindgen_test]
fn golden_trace_hash_matches_native() {
    assert_eq!(golden_trace_hash(), GOLDEN_TRACE_HASH);
}

#[wasm_bindgen_test]
fn url_parameters_parse_the_same_in_wasm() {
    let (params, notices) = Params::parse("?lesson=clocks&seed=18446744073709551615&t=x");
    assert_eq!(params.lesson.as_deref(), Some("clocks"));
    assert_eq!(params.seed, Some(u64::MAX));
    assert_eq!(notices.len(), 1);
}

/// Mounts the whole app into the test page and reads what it shows.
#[wasm_bindgen_test]
async fn the_app_mounts_and_lists_every_lesson() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(host).unwrap();
    leptos::mount::mount_to(host.clone(), distlab::app::App).forget();
    gloo_timers::future::TimeoutFuture::new(50).await;

    let cards = host.query_selector_all(".lesson-card").unwrap();
    assert_eq!(cards.length() as usize, distlab::lessons::all().len());
    let first_title = host
        .query_selector(".lesson-card h2")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(first_title.trim(), distlab::lessons::all()[0].title);
    assert!(document.title().contains("DistLab"));
}
