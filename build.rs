//! Turns each lesson's Markdown (`src/lessons/**/*.md`) into HTML at build time,
//! so the page ships finished HTML and no Markdown parser.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lessons = Path::new("src/lessons");
    println!("cargo:rerun-if-changed=src/lessons");
    let mut sources = Vec::new();
    collect_markdown(lessons, &mut sources);
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
        let relative = source
            .strip_prefix(lessons)
            .expect("under src/lessons")
            .with_extension("html");
        let target = out_dir.join("lessons").join(relative);
        fs::create_dir_all(target.parent().expect("has a parent"))
            .expect("creating the output folder");
        fs::write(&target, html).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
    }
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
