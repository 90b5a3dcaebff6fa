//! Connects a lesson to its quiz: the built-in file, or an instructor's own
//! file named by `&quiz=` and fetched from the same origin.

use std::rc::Rc;

use leptos::prelude::*;

use crate::embed::Params;
use crate::lessons::{self, CoursePredictors, Lesson};
use crate::quiz::{parse_quiz, Quiz, QuizError};
use crate::ui::quiz::{
    fetch_quiz, instructor_progress_key, lesson_score, QuizFileProblems, QuizPanel,
};
use crate::ui::sim::Stage;

/// Parses a quiz file against every lesson's predictors.
pub fn load_quiz(file_name: &str, text: &str) -> Result<Quiz, Vec<QuizError>> {
    parse_quiz(file_name, text, &CoursePredictors)
}

/// The lesson's own quiz, parsed (it is checked by the test suite, so errors here are rare).
fn built_in_quiz(lesson: &Lesson) -> Option<Result<Quiz, Vec<QuizError>>> {
    lesson
        .quiz_file
        .map(|(file_name, text)| load_quiz(file_name, text))
}

/// The quiz area of a lesson page.
#[component]
pub fn LessonQuiz(lesson: &'static Lesson, params: Params) -> impl IntoView {
    let body = match params.quiz.clone() {
        Some(file) => view! { <InstructorQuiz lesson=lesson file=file params=params /> }.into_any(),
        None => match built_in_quiz(lesson) {
            None => return ().into_any(),
            Some(loaded) => quiz_or_problems(
                lesson,
                lesson.id.to_string(),
                lesson.quiz_file.map_or("", |f| f.0),
                loaded,
                params,
            ),
        },
    };
    view! {
        <section class="quiz-area" aria-label="Quiz" id="quiz">
            {body}
        </section>
    }
    .into_any()
}

/// An instructor's quiz file: fetched, checked, then shown (or its problems listed).
#[component]
fn InstructorQuiz(lesson: &'static Lesson, file: String, params: Params) -> impl IntoView {
    let fetched = LocalResource::new({
        let file = file.clone();
        move || {
            let file = file.clone();
            async move { fetch_quiz(&file).await }
        }
    });
    move || {
        let params = params.clone();
        match fetched.get() {
            None => view! { <p class="quiz-loading" role="status">"Loading the quiz file " <code>{file.clone()}</code> "…"</p> }.into_any(),
            Some(Err(message)) => view! { <QuizFileProblems file=file.clone() problems=vec![message] /> }.into_any(),
            Some(Ok(text)) => {
                let key = instructor_progress_key(lesson.id, &file);
                quiz_or_problems(lesson, key, &file, load_quiz(&file, &text), params)
            }
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
    let own = std::iter::once(lesson).chain(lessons::all().iter());
    for candidate in own {
        if let Some(scenario) = candidate.scenario(name) {
            let run_params = Params {
                lesson: Some(candidate.id.to_string()),
                scenario: Some(name.to_string()),
                seed: setup.seed,
                time_us: setup.time_us,
                ops: setup.ops.clone(),
                setting: setup.setting.clone(),
                ..params.clone()
            };
            return (scenario.view)(&Stage {
                lesson: candidate.id,
                scenario: scenario.name,
                params: &run_params,
            });
        }
    }
    view! { <p>"The simulation “" {name.to_string()} "” is not available."</p> }.into_any()
}

/// The student's progress in one lesson, as shown on the home page.
#[component]
pub fn LessonProgress(lesson: &'static Lesson) -> impl IntoView {
    let Some(Ok(quiz)) = built_in_quiz(lesson) else {
        return ().into_any();
    };
    let (correct, total) = lesson_score(lesson.id, &quiz, lesson.predictors);
    let label = match correct {
        0 => format!("Quiz: {total} questions, not started"),
        c if c == total => format!("Quiz complete: {c} of {total} correct"),
        c => format!("Quiz: {c} of {total} correct"),
    };
    view! {
        <p class="lesson-progress" data-testid="lesson-progress">
            <progress max=total value=correct aria-hidden="true"></progress>
            " "
            {label}
        </p>
    }
    .into_any()
}
