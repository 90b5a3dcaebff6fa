//! The list of problems found in an instructor's quiz file.

use leptos::prelude::*;

/// Tells the reader that the quiz file `file` could not be used, and why: one line
/// per problem (for a file that loaded but did not check, each names its line,
/// question and field).
#[component]
pub fn QuizFileProblems(#[prop(into)] file: String, problems: Vec<String>) -> impl IntoView {
    let items = problems
        .into_iter()
        .map(|problem| view! { <li><code>{problem}</code></li> })
        .collect_view();
    view! {
        <section class="quiz-file-problems" role="alert" data-testid="quiz-file-problems">
            <h2>"This quiz file could not be used"</h2>
            <p>"DistLab could not load the quiz file “" {file} "”:"</p>
            <ul>{items}</ul>
            <p class="quiz-muted">
                "Fix the file and reload the page. The quiz format is described in DistLab's README."
            </p>
        </section>
    }
}
