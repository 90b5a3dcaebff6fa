//! Fetching a text file (an instructor's quiz file, a lesson's text) from the page's own
//! origin only, and never more of it than such a file may hold.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestInit, RequestMode, Response, Url,
};

/// What is fetched, for the messages: "quiz file" or "lesson text", and its size limit.
#[derive(Clone, Copy)]
pub struct TextFile {
    pub what: &'static str,
    pub max_bytes: usize,
}

/// Fetches the text at `url`, resolved against the page's address. Addresses on another
/// origin are refused before any request is made; every failure comes back as a
/// sentence for the page.
pub async fn fetch_text(url: &str, file: TextFile) -> Result<String, String> {
    let what = file.what;
    let window = web_sys::window().ok_or("this page has no window to fetch from")?;
    let location = window.location();
    let page = location
        .href()
        .map_err(|_| "the page's own address is unknown".to_owned())?;
    let origin = location
        .origin()
        .map_err(|_| "the page's own origin is unknown".to_owned())?;
    let resolved = Url::new_with_base(url, &page)
        .map_err(|_| format!("“{url}” is not a usable address for a {what}"))?;
    if resolved.origin() != origin {
        return Err(format!(
            "“{url}” is not on this site; a {what} must be served from {origin}, next to DistLab"
        ));
    }

    let abort = AbortController::new().ok();
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::SameOrigin);
    init.set_signal(abort.as_ref().map(|a| a.signal()).as_ref());
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
    let text = read_limited(&response, url, file).await;
    if text.is_err() {
        // Stop the download: a refused file is not fetched to its end.
        if let Some(abort) = abort {
            abort.abort();
        }
    }
    text
}

/// The body of `response` as text, refused as soon as it is known to be larger than
/// `file.max_bytes`: from its `Content-Length`, or while it streams in.
async fn read_limited(response: &Response, url: &str, file: TextFile) -> Result<String, String> {
    let (what, max_bytes) = (file.what, file.max_bytes);
    let too_big = |size: String| {
        format!(
            "“{url}” is {size}; a {what} may be at most {} KB, so DistLab stopped downloading it",
            max_bytes / 1024
        )
    };
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.trim().parse::<u64>().ok());
    if let Some(bytes) = declared.filter(|&b| b > max_bytes as u64) {
        return Err(too_big(format!("{} KB", bytes / 1024)));
    }
    let unreadable = || format!("the text of “{url}” could not be read");
    let body = response.body().ok_or_else(unreadable)?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| unreadable())?;
        let done = Reflect::get(&chunk, &"done".into()).map_err(|_| unreadable())?;
        if done.is_truthy() {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|_| unreadable())?;
        let value: Uint8Array = value.dyn_into().map_err(|_| unreadable())?;
        if bytes.len() + value.length() as usize > max_bytes {
            let _ = reader.cancel();
            return Err(too_big(format!("larger than {} KB", max_bytes / 1024)));
        }
        bytes.extend_from_slice(&value.to_vec());
    }
    String::from_utf8(bytes).map_err(|_| format!("“{url}” is not UTF-8 text"))
}
