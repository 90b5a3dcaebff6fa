//! Fetching an instructor's quiz file, from the page's own origin only.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, RequestMode, Response, Url};

/// Fetches the text of the quiz file at `url`, resolved against the page's address.
/// Addresses on another origin are refused before any request is made; every
/// failure comes back as a sentence for the page.
pub async fn fetch_quiz(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("this page has no window to fetch from")?;
    let location = window.location();
    let page = location
        .href()
        .map_err(|_| "the page's own address is unknown".to_owned())?;
    let origin = location
        .origin()
        .map_err(|_| "the page's own origin is unknown".to_owned())?;
    let resolved = Url::new_with_base(url, &page)
        .map_err(|_| format!("“{url}” is not a usable address for a quiz file"))?;
    if resolved.origin() != origin {
        return Err(format!(
            "“{url}” is not on this site; a quiz file must be served from {origin}, next to DistLab"
        ));
    }

    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::SameOrigin);
    let reply = JsFuture::from(window.fetch_with_str_and_init(&resolved.href(), &init))
        .await
        .map_err(|_| format!("“{url}” could not be fetched (network error)"))?;
    let response: Response = reply
        .dyn_into()
        .map_err(|_| format!("“{url}” gave no usable response"))?;
    if !response.ok() {
        return Err(format!(
            "“{url}” could not be fetched: the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response
        .text()
        .map_err(|_| format!("the text of “{url}” could not be read"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| format!("the text of “{url}” could not be read"))
}
