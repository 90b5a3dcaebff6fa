//! Connects a lesson to its quiz: the file that ships with it, or an instructor's own
//! file named by `&quiz=`, both fetched from the same origin when the page opens. All of
//! it, with the quiz parser and widgets, is the quiz chunk ([`QUIZ_VIEWS`]).

use std::rc::Rc;

use leptos::prelude::*;

use super::chunks::{fetch_views, with_views};
use super::lesson_page::{missing_view, scenario_view};
use super::quiz_chunk::{progress_line, QuizViews};
use crate::embed::Params;
use crate::lessons::{self, CoursePredictors, Lesson};
use crate::quiz::{parse_quiz, PredictionTable, Quiz, QuizError};
use crate::ui::quiz::{
    fetch_quiz, instructor_progress_key, lesson_score, QuizFileProblems, QuizPanel,
};
use crate::ui::sim::Stage;

/// Parses a quiz file against every lesson's predictors.
pub fn load_quiz(file_name: &str, text: &str) -> Result<Quiz, Vec<QuizError>> {
    parse_quiz(file_name, text, &CoursePredictors)
}

/// What the quiz chunk offers the page.
pub static QUIZ_VIEWS: QuizViews = QuizViews {
    area: quiz_area,
    progress,
};

/// The inside of a lesson's quiz area: the lesson's own quiz file, or the instructor's
/// named by `&quiz=` (see [`has_quiz`](super::quiz_chunk::has_quiz)).
fn quiz_area(lesson: &'static Lesson, params: Params) -> AnyView {
    let file = match (params.quiz.clone(), lesson.quiz_url()) {
        (Some(file), _) => QuizSource {
            progress_key: instructor_progress_key(lesson.id, &file),
            name: file.clone(),
            url: file,
        },
        (None, Some(url)) => QuizSource {
            progress_key: lesson.id.to_string(),
            name: lesson.quiz_file.unwrap_or_default().to_string(),
            url,
        },
        (None, None) => return ().into_any(),
    };
    view! { <FetchedQuiz lesson=lesson file=file params=params /> }.into_any()
}

/// A quiz file to fetch: its address, the name its messages use, and where its
/// progress is saved.
#[derive(Clone)]
struct QuizSource {
    url: String,
    name: String,
    progress_key: String,
}

/// A quiz file: fetched, checked, then shown (or its problems listed). A failed fetch
/// can be tried again.
#[component]
fn FetchedQuiz(lesson: &'static Lesson, file: QuizSource, params: Params) -> impl IntoView {
    let fetched = LocalResource::new({
        let url = file.url.clone();
        move || {
            let url = url.clone();
            async move { fetch_quiz(&url).await }
        }
    });
    move || {
        let params = params.clone();
        let QuizSource {
            name, progress_key, ..
        } = file.clone();
        match fetched.get() {
            None => view! { <p class="quiz-loading" role="status">"Loading the quiz file " <code>{name}</code> "…"</p> }.into_any(),
            Some(Err(message)) => view! {
                <QuizFileProblems file=name problems=vec![message] />
                <button type="button" class="quiz-retry" on:click=move |_| fetched.refetch()>"Try again"</button>
            }
            .into_any(),
            Some(Ok(text)) => quiz_or_problems(lesson, progress_key, &name, load_quiz(&name, &text), params),
        }
    }
}

fn quiz_or_problems(
    lesson: &'static Lesson,
    progress_key: String,
    file_name: &str,
    loaded: Result<Quiz, Vec<QuizError>>,
    params: Params,
) -> AnyView {
    match loaded {
        Err(errors) => {
            let problems = errors.iter().map(ToString::to_string).collect();
            view! { <QuizFileProblems file=file_name.to_string() problems=problems /> }.into_any()
        }
        Ok(quiz) => {
            let render_run =
                Callback::new(move |scenario: String| run_scenario(lesson, &scenario, &params));
            view! {
                <QuizPanel
                    lesson_id=progress_key
                    quiz=quiz
                    predictors=Rc::new(CoursePredictors)
                    render_run=render_run
                    on_answer=crate::ui::embed::quiz_answer_callback(lesson.id)
                />
            }
            .into_any()
        }
    }
}

/// Shows the simulation of a predict question (the lesson's own scenario first, then any
/// lesson's), set up as the question describes: `run` is a scenario name, optionally
/// followed by `&seed=…`, `&ops=…`, `&set=…` or `&t=…` (see
/// [`crate::quiz::Predictors::scenario`]).
fn run_scenario(lesson: &'static Lesson, run: &str, params: &Params) -> AnyView {
    let (name, setup) = run.split_once('&').unwrap_or((run, ""));
    let (setup, _) = Params::parse(setup);
    let mut own = std::iter::once(lesson).chain(lessons::all().iter());
    let Some((owner, scenario)) =
        own.find_map(|candidate| Some((candidate, candidate.scenario(name)?)))
    else {
        return missing_view(name);
    };
    let run_params = Params {
        lesson: Some(owner.id.to_string()),
        scenario: Some(name.to_string()),
        seed: setup.seed,
        time_us: setup.time_us,
        ops: setup.ops.clone(),
        setting: setup.setting.clone(),
        ..params.clone()
    };
    with_views(fetch_views(owner), move |views| {
        let stage = Stage {
            lesson: owner.id,
            scenario: scenario.name,
            params: &run_params,
        };
        scenario_view(views, &stage)
    })
    .into_any()
}

/// The student's progress in a lesson they have started, as shown on the home page: its
/// quiz file is fetched to grade the saved answers again (nothing is shown if it cannot be).
fn progress(lesson: &'static Lesson) -> AnyView {
    let url = lesson.quiz_url();
    let fetched = LocalResource::new(move || {
        let url = url.clone();
        async move {
            let text = fetch_quiz(url.as_deref()?).await.ok()?;
            load_quiz(lesson.quiz_file.unwrap_or_default(), &text).ok()
        }
    });
    (move || {
        let quiz = fetched.get().flatten()?;
        let (correct, total) = lesson_score(lesson.id, &quiz, &PredictionTable(lesson.predictions));
        Some(progress_line(correct, total))
    })
    .into_any()
}
