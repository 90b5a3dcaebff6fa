//! Shows a readable error in the page when the wasm module panics, instead of
//! leaving a frozen page behind.

use std::panic::PanicHookInfo;

/// Installs the hook; call once before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        console_error_panic_hook::hook(info);
        show_banner(&info.to_string());
    }));
}

fn show_banner(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let heading = document.create_element("strong").ok();
    if let Some(heading) = &heading {
        heading.set_text_content(Some(
            "DistLab stopped working because of an internal error.",
        ));
        let _ = banner.append_child(heading);
    }
    if let Ok(text) = document.create_element("p") {
        text.set_text_content(Some(
            "Your saved progress is safe. Reload the page to start again; if this keeps happening, \
             please report the details below.",
        ));
        let _ = banner.append_child(&text);
    }
    if let Ok(pre) = document.create_element("pre") {
        pre.set_text_content(Some(details));
        let _ = banner.append_child(&pre);
    }
    let _ = body.prepend_with_node_1(&banner);
}
