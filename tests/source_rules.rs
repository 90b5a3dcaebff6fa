//! Rules the source must keep: no text becomes HTML unless DistLab built that HTML
//! itself, and no view sets an inline `style` attribute (the page's CSP forbids them).

use std::fs;
use std::path::{Path, PathBuf};

/// Every `inner_html` in `src`, with why its HTML is DistLab's own. A new one fails
/// this test until it is reviewed and listed here.
const INNER_HTML_ALLOWED: [(&str, &str, &str); 4] = [
    (
        "src/ui/prose.rs",
        "inner_html=html",
        "lesson text that build.rs rendered from the lesson's own Markdown (&'static str)",
    ),
    (
        "src/ui/chart.rs",
        "inner_html=move || svg.get()",
        "an SVG built by render_svg; labels go through ui::markup::escape",
    ),
    (
        "src/ui/spacetime/mod.rs",
        "inner_html=move || backdrop.get()",
        "an SVG built by svg::backdrop_svg; node names go through ui::markup::escape",
    ),
    (
        "src/ui/spacetime/mod.rs",
        "inner_html=move || rows.get()",
        "table rows built by table::table_rows; every text cell goes through ui::markup::escape",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(file relative to the crate, line number, trimmed line)` of every line containing `needle`.
fn lines_with(needle: &str) -> Vec<(String, usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("a source file is UTF-8");
        let relative = file.strip_prefix(root).expect("under the crate");
        let relative = relative.to_string_lossy().replace('\\', "/");
        for (index, line) in text.lines().enumerate() {
            let code = line.trim();
            if code.contains(needle) && !code.starts_with("//") {
                found.push((relative.clone(), index + 1, code.to_owned()));
            }
        }
    }
    found
}

#[test]
fn inner_html_renders_only_html_distlab_built() {
    let unexpected: Vec<String> = lines_with("inner_html")
        .into_iter()
        .filter(|(file, _, code)| {
            !INNER_HTML_ALLOWED
                .iter()
                .any(|(f, expr, _)| f == file && code.contains(expr))
        })
        .map(|(file, line, code)| format!("{file}:{line}: {code}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "inner_html outside the reviewed list (tests/source_rules.rs); render user text as text:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn the_reviewed_inner_html_list_has_no_stale_entries() {
    let found = lines_with("inner_html");
    for (file, expr, why) in INNER_HTML_ALLOWED {
        assert!(
            found
                .iter()
                .any(|(f, _, code)| f == file && code.contains(expr)),
            "{file} no longer has `{expr}` ({why}): drop it from the list"
        );
    }
}

#[test]
fn views_set_no_inline_style_attribute() {
    // `style:name=value` goes through the CSSOM, which the CSP allows; `style="…"` does not.
    let offending: Vec<String> = lines_with("style=")
        .into_iter()
        // The Embed dialog's snippet is shown as text, for a course page to paste.
        .filter(|(file, _, _)| file != "src/embed/snippet.rs")
        .map(|(file, line, code)| format!("{file}:{line}: {code}"))
        .collect();
    assert!(
        offending.is_empty(),
        "inline style attributes (use a class or style:name=value):\n{}",
        offending.join("\n")
    );
}
