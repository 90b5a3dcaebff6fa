//! One test over the lesson registry: what every lesson of the course must have, checked
//! the same way for each, so that a new lesson is held to the template by adding it to
//! `lessons::all()`.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use distlab::lessons::clocks::predictors::ClocksPredictors;
use distlab::lessons::intro::predictors::IntroPredictors;
use distlab::lessons::load_balancing::predictors::LoadBalancingPredictors;
use distlab::lessons::messages::predictors::MessagesPredictors;
use distlab::lessons::{self, CoursePredictors, Lesson, Listing};
use distlab::quiz::{parse_quiz, Predictors};
use distlab::sim::Recorded;

/// The lesson's own quiz file, as (file name, TOML text), read from its folder.
fn quiz_of(lesson: &Lesson) -> Option<(&'static str, String)> {
    let file = lesson.quiz_file?;
    let path = folder(lesson).join(file);
    Some((
        file,
        fs::read_to_string(&path).expect("the lesson's quiz file"),
    ))
}

#[test]
fn every_text_section_a_lesson_shows_is_in_its_text_folder() {
    for lesson in lessons::all() {
        let views = folder(lesson).join("views");
        let mut found = 0;
        for entry in fs::read_dir(&views).expect("the views folder") {
            let source = fs::read_to_string(entry.expect("an entry").path()).expect("UTF-8");
            for piece in source.split("<Prose section=\"").skip(1) {
                let section = piece.split('"').next().expect("a closing quote");
                let (owner, path) = section.split_once('/').expect("lesson/text/name");
                assert_eq!(
                    owner,
                    folder(lesson).file_name().unwrap().to_str().unwrap(),
                    "{section}"
                );
                let markdown = folder(lesson).join(path).with_extension("md");
                assert!(
                    markdown.is_file(),
                    "{section}: {} is missing",
                    markdown.display()
                );
                found += 1;
            }
        }
        assert!(found > 0, "{}: its reading shows no text", lesson.id);
    }
}

/// A lesson's folder: `src/lessons/<id with - as _>`.
fn folder(lesson: &Lesson) -> PathBuf {
    PathBuf::from("src/lessons").join(lesson.id.replace('-', "_"))
}

/// A link from a lesson's text to a scenario: its file, the scenario's name, and the
/// whole `<button …>…</button>` element.
struct ScenarioLink {
    file: String,
    name: String,
    element: String,
}

/// Every `data-scenario="…"` link in a lesson's text.
fn scenario_links(lesson: &Lesson) -> Vec<ScenarioLink> {
    let text_dir = folder(lesson).join("text");
    let mut links = Vec::new();
    let entries = fs::read_dir(&text_dir).unwrap_or_else(|e| panic!("{}: {e}", text_dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let text = fs::read_to_string(&path).expect("lesson text is UTF-8");
        for (at, _) in text.match_indices("data-scenario=\"") {
            let start = text[..at].rfind('<').unwrap_or(at);
            let end = text[at..]
                .find("</button>")
                .map_or(text.len(), |e| at + e + 9);
            let name = text[at + 15..].split('"').next().unwrap_or_default();
            links.push(ScenarioLink {
                file: path.display().to_string(),
                name: name.to_owned(),
                element: text[start..end].to_owned(),
            });
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
        for ScenarioLink {
            file,
            name,
            element,
        } in scenario_links(lesson)
        {
            let tabs = lesson.tabs(None);
            let Some(scenario) = tabs.iter().find(|s| s.name == name) else {
                panic!(
                    "{file}: data-scenario=\"{name}\" is not a tab of lesson {}",
                    lesson.id
                );
            };
            // One style in every lesson: the same button, named after the tab it opens.
            let expected = format!(
                "<button type=\"button\" class=\"open-scenario\" data-scenario=\"{name}\">Open “{}”</button>",
                scenario.title
            );
            assert_eq!(
                element, expected,
                "{file}: write the link to {name} as the template does"
            );
        }
    }
}

/// The lesson's predictors that run its simulations: the page grades with the lesson's
/// table of what they gave (`Lesson::predictions`), so that it needs no simulation code.
fn computing_predictors(lesson: &Lesson) -> &'static dyn Predictors {
    match lesson.id {
        "intro" => &IntroPredictors,
        "messages" => &MessagesPredictors,
        "clocks" => &ClocksPredictors,
        "load-balancing" => &LoadBalancingPredictors,
        id => panic!("add lesson {id}'s predictors to computing_predictors()"),
    }
}

/// A lesson's views, loaded as a build that is not split loads them: at once.
fn views_of(lesson: &Lesson) -> &'static lessons::LessonViews {
    let mut load = (lesson.views)();
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match load.as_mut().poll(&mut context) {
        std::task::Poll::Ready(views) => views.expect("views that load"),
        std::task::Poll::Pending => {
            panic!("{}: the views of a native build load at once", lesson.id)
        }
    }
}

#[test]
fn every_scenario_of_a_lesson_has_a_view_and_every_view_a_scenario() {
    for lesson in lessons::all() {
        let scenarios: Vec<&str> = lesson.scenarios.iter().map(|s| s.name).collect();
        let views: Vec<&str> = views_of(lesson).scenarios.iter().map(|v| v.name).collect();
        assert_eq!(
            scenarios, views,
            "{}: the scenarios and their views, in order",
            lesson.id
        );
    }
}

#[test]
fn every_prediction_a_lesson_grades_with_is_what_its_simulation_gives() {
    for lesson in lessons::all() {
        let computing = computing_predictors(lesson);
        let mut printed = String::new();
        for question in quiz_of(lesson)
            .map(|(file, text)| parse_quiz(file, &text, computing).expect("parses"))
            .iter()
            .flat_map(|quiz| quiz.questions())
        {
            let Some(name) = question.predictor() else {
                continue;
            };
            printed.push_str(&format!(
                "    Prediction {{\n        name: {name:?},\n        choices: {},\n        correct: {},\n        scenario: {:?},\n    }},\n",
                computing.expected_choices(name).expect("choices"),
                computing.correct_choice(name).expect("a run that decides"),
                computing.scenario(name).expect("a scenario"),
            ));
        }
        for prediction in lesson.predictions {
            let name = prediction.name;
            let context = format!("{}: {name}; the simulations give:\n{printed}", lesson.id);
            assert_eq!(
                computing.expected_choices(name),
                Some(prediction.choices),
                "{context}"
            );
            assert_eq!(
                computing.correct_choice(name),
                Some(prediction.correct),
                "{context}"
            );
            assert_eq!(
                computing.scenario(name).as_deref(),
                Some(prediction.scenario),
                "{context}"
            );
        }
        if lesson.predictions.is_empty() && !printed.is_empty() {
            panic!(
                "{}: no predictions; the simulations give:\n{printed}",
                lesson.id
            );
        }
    }
}

#[test]
fn every_quiz_parses_and_its_predictors_belong_to_its_lesson() {
    for lesson in lessons::all() {
        let Some((file, text)) = quiz_of(lesson) else {
            continue;
        };
        let quiz = parse_quiz(file, &text, &CoursePredictors).unwrap_or_else(|errors| {
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

#[test]
fn every_predict_question_shows_a_scenario_set_up_by_a_valid_link() {
    for lesson in lessons::all() {
        let Some((file, text)) = quiz_of(lesson) else {
            continue;
        };
        let quiz = parse_quiz(file, &text, &CoursePredictors).expect("parses");
        for question in quiz.questions() {
            let Some(predictor) = question.predictor() else {
                continue;
            };
            let run = CoursePredictors
                .scenario(predictor)
                .unwrap_or_else(|| panic!("{file}: {predictor} shows no run"));
            let (name, setup) = run.split_once('&').unwrap_or((&run, ""));
            assert!(
                lessons::all().iter().any(|l| l.scenario(name).is_some()),
                "{file}: {predictor} shows {name}, which no lesson has"
            );
            let (params, notices) = distlab::embed::Params::parse(setup);
            assert!(notices.is_empty(), "{file}: {predictor}: {notices:?}");
            if let Some(ops) = params.ops {
                Recorded::decode_list(&ops)
                    .unwrap_or_else(|e| panic!("{file}: {predictor}: ops {ops}: {e}"));
            }
        }
    }
}

#[test]
fn every_quiz_section_names_a_heading_of_its_lesson_text() {
    for lesson in lessons::all() {
        let Some((file, text)) = quiz_of(lesson) else {
            continue;
        };
        let text_dir = folder(lesson).join("text");
        let mut headings = BTreeSet::new();
        for entry in fs::read_dir(&text_dir).expect("the text folder") {
            let markdown = fs::read_to_string(entry.expect("an entry").path()).expect("UTF-8");
            for line in markdown.lines() {
                if let Some(heading) = line.strip_prefix("## ").or(line.strip_prefix("### ")) {
                    headings.insert(distlab::quiz::heading_id(heading.trim()));
                }
            }
        }
        let quiz = parse_quiz(file, &text, &CoursePredictors).expect("parses");
        for question in quiz.questions() {
            let id = distlab::quiz::heading_id(question.section());
            assert!(
                headings.contains(&id),
                "{file}: question {} tests the section {:?}, which is no heading of the text",
                question.id(),
                question.section()
            );
        }
    }
}
