//! Turns each lesson's Markdown (`src/lessons/<lesson>/**/*.md`) into HTML at build time,
//! so the page ships finished HTML and no Markdown parser. The HTML goes, with each
//! lesson's `quiz.toml`, into the lesson's static files
//! `<profile dir>/distlab-assets/lessons/<lesson id>/` (`text.json`: section path → HTML),
//! which the Trunk hook `scripts/post-build.mjs` copies into `dist/lessons/`: the page
//! fetches a lesson's text and quiz when the lesson opens, so they are not in the wasm.
//!
//! It also links a release build for the browser with `--emit-relocs`, which
//! `scripts/split-wasm.mjs` needs to cut the module into one chunk per lesson
//! (`src/lessons/chunk.rs`).

use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/quiz/section_id.rs"]
mod section_id;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lessons = Path::new("src/lessons");
    println!("cargo:rerun-if-changed=src/lessons");
    let mut sources = Vec::new();
    collect_markdown(lessons, &mut sources);
    let mut texts: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for source in sources {
        println!("cargo:rerun-if-changed={}", source.display());
        let markdown = fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
        let mut html = String::new();
        let options = pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&markdown, options),
        );
        let html = with_scrolling_tables(&with_heading_ids(&html));
        let relative = source.strip_prefix(lessons).expect("under src/lessons");
        let section = relative.with_extension("");
        let section = section.to_string_lossy().replace('\\', "/");
        let lesson = section.split('/').next().unwrap_or_default().to_owned();
        texts.entry(lesson).or_default().push((section, html));
    }
    write_assets(&out_dir, lessons, &texts);
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") && std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rustc-link-arg-bin=distlab=--emit-relocs");
    }
}

/// Writes each lesson's `text.json` and copies its `quiz.toml` into
/// `<profile dir>/distlab-assets/lessons/<lesson>/` (`OUT_DIR` is
/// `<profile dir>/build/distlab-<hash>/out`).
fn write_assets(
    out_dir: &Path,
    lessons: &Path,
    texts: &std::collections::BTreeMap<String, Vec<(String, String)>>,
) {
    let profile_dir = out_dir
        .ancestors()
        .nth(3)
        .expect("OUT_DIR is inside the profile dir");
    for (lesson, sections) in texts {
        // A lesson's id is its folder's name with hyphens (`load_balancing` → `load-balancing`).
        let dir = profile_dir
            .join("distlab-assets/lessons")
            .join(lesson.replace('_', "-"));
        fs::create_dir_all(&dir).expect("creating the lesson's asset folder");
        let entries: Vec<String> = sections
            .iter()
            .map(|(section, html)| format!("{}:{}", json_string(section), json_string(html)))
            .collect();
        fs::write(
            dir.join("text.json"),
            format!("{{{}}}\n", entries.join(",\n")),
        )
        .expect("writing text.json");
        let quiz = lessons.join(lesson).join("quiz.toml");
        println!("cargo:rerun-if-changed={}", quiz.display());
        if quiz.exists() {
            fs::copy(&quiz, dir.join("quiz.toml")).expect("copying quiz.toml");
        }
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Puts every table in a box that scrolls sideways on a narrow screen and can take the
/// keyboard's focus, so that a reader without a mouse can scroll it too. (No landmark
/// role: a lesson may show the same table twice, and two landmarks may not share a name.)
fn with_scrolling_tables(html: &str) -> String {
    html.replace(
        "<table>",
        "<div class=\"table-scroll\" tabindex=\"0\"><table>",
    )
    .replace("</table>", "</table></div>")
}

/// Gives every `<h2>` and `<h3>` an id made from its text ([`section_id::heading_id`]),
/// so that quiz questions can link to the section they test.
fn with_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(start) = ["<h2>", "<h3>"].iter().filter_map(|t| rest.find(t)).min() {
        let level = &rest[start + 2..start + 3];
        let close = format!("</h{level}>");
        let Some(end) = rest[start..].find(&close).map(|e| start + e) else {
            break;
        };
        let inner = &rest[start + 4..end];
        let text = strip_tags(inner);
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<h{level} id=\"{}\">",
            section_id::heading_id(&text)
        ));
        out.push_str(inner);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The text of some HTML, tags dropped and the entities the Markdown renderer writes
/// turned back into characters.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn collect_markdown(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_markdown(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            found.push(path);
        }
    }
}
