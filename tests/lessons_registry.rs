//! One test over the lesson registry: what every lesson of the course must have, checked
//! the same way for each, so that a new lesson is held to the template by adding it to
//! `lessons::all()`.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use distlab::lessons::{self, CoursePredictors, Lesson, Listing};
use distlab::quiz::parse_quiz;

/// A lesson's folder: `src/lessons/<id with - as _>`.
fn folder(lesson: &Lesson) -> PathBuf {
    PathBuf::from("src/lessons").join(lesson.id.replace('-', "_"))
}

/// Every `data-scenario="…"` value in a lesson's text.
fn scenario_links(lesson: &Lesson) -> Vec<(String, String)> {
    let text_dir = folder(lesson).join("text");
    let mut links = Vec::new();
    let entries = fs::read_dir(&text_dir).unwrap_or_else(|e| panic!("{}: {e}", text_dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let text = fs::read_to_string(&path).expect("lesson text is UTF-8");
        for part in text.split("data-scenario=\"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            links.push((path.display().to_string(), name.to_owned()));
        }
    }
    links
}

#[test]
fn lesson_ids_are_unique_and_url_safe() {
    let mut seen = BTreeSet::new();
    for lesson in lessons::all() {
        assert!(seen.insert(lesson.id), "lesson id {} twice", lesson.id);
        assert!(
            lesson
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "lesson id {:?} is not lowercase letters and dashes",
            lesson.id
        );
        assert_eq!(lessons::find(lesson.id).map(|l| l.id), Some(lesson.id));
    }
}

#[test]
fn scenario_names_are_unique_across_the_course() {
    let mut seen = BTreeSet::new();
    for lesson in lessons::all() {
        for scenario in lesson.scenarios {
            assert!(
                seen.insert(scenario.name),
                "scenario {} appears twice (quiz scenario lookup needs unique names)",
                scenario.name
            );
        }
    }
}

#[test]
fn by_name_scenarios_replace_a_tab_of_their_own_lesson() {
    for lesson in lessons::all() {
        for scenario in lesson.scenarios {
            if let Listing::ByName {
                replaces: Some(tab),
            } = scenario.listing
            {
                assert!(
                    lesson
                        .scenarios
                        .iter()
                        .any(|s| s.name == tab && s.listing == Listing::Tab),
                    "{} replaces {tab}, which is not a tab of {}",
                    scenario.name,
                    lesson.id
                );
                let tabs: Vec<_> = lesson
                    .tabs(Some(scenario.name))
                    .iter()
                    .map(|s| s.name)
                    .collect();
                assert!(
                    tabs.contains(&scenario.name) && !tabs.contains(&tab),
                    "{tabs:?}"
                );
            }
        }
        let default_tabs = lesson.tabs(None);
        assert!(default_tabs.iter().all(|s| s.listing == Listing::Tab));
    }
}

#[test]
fn every_scenario_link_in_the_text_names_a_scenario_of_its_lesson() {
    for lesson in lessons::all() {
        for (file, name) in scenario_links(lesson) {
            assert!(
                lesson.tabs(None).iter().any(|s| s.name == name),
                "{file}: data-scenario=\"{name}\" is not a tab of lesson {}",
                lesson.id
            );
        }
    }
}

#[test]
fn every_quiz_parses_and_its_predictors_belong_to_its_lesson() {
    for lesson in lessons::all() {
        let Some((file, text)) = lesson.quiz_file else {
            continue;
        };
        let quiz = parse_quiz(file, text, &CoursePredictors).unwrap_or_else(|errors| {
            let list: Vec<_> = errors.iter().map(ToString::to_string).collect();
            panic!("{}: {}", lesson.id, list.join("\n"))
        });
        assert_eq!(quiz.lesson(), lesson.id, "{file}");
        assert!(
            quiz.len() >= 8,
            "{}: only {} questions",
            lesson.id,
            quiz.len()
        );
        for question in quiz.questions() {
            assert!(
                !question.section().is_empty(),
                "{}: {}",
                lesson.id,
                question.id()
            );
            if let Some(predictor) = question.predictor() {
                assert!(
                    predictor.starts_with(&format!("{}.", lesson.id)),
                    "{}: predictor {predictor} does not start with the lesson id",
                    lesson.id
                );
            }
        }
    }
}

#[test]
fn every_lesson_has_its_stylesheet_and_a_readme_row() {
    let index = fs::read_to_string("index.html").expect("index.html");
    let readme = fs::read_to_string("README.md").expect("README.md");
    for lesson in lessons::all() {
        let stylesheet = folder(lesson).join("style.css");
        assert!(stylesheet.is_file(), "{} is missing", stylesheet.display());
        let link = format!("href=\"{}\"", stylesheet.display());
        assert!(index.contains(&link), "index.html does not link {link}");
        let row = format!("| `{}` |", lesson.id);
        assert!(readme.contains(&row), "README.md has no lessons row {row}");
    }
}
