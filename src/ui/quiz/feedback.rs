//! What a question shows once checked: right or wrong in words and an icon, the right
//! answer, the explanation, and for predict questions the simulation run.

use leptos::prelude::*;

use crate::quiz::{Graded, Reveal};

/// The sentence read out when a check completes.
pub(super) fn verdict_sentence(graded: &Graded) -> String {
    if graded.correct {
        "Correct.".to_owned()
    } else if graded.answer == Reveal::Unavailable {
        "This question could not be graded.".to_owned()
    } else {
        format!("Not quite. The right answer: {}", graded.answer_text)
    }
}

/// "The right answer: …", as a list when the answer has several lines (ordering
/// answers carry their own numbers).
fn answer_view(answer: &Reveal, answer_text: &str) -> AnyView {
    let list_class = if matches!(answer, Reveal::Order(_)) {
        "quiz-answer-lines quiz-answer-numbered"
    } else {
        "quiz-answer-lines"
    };
    let lines: Vec<String> = answer_text.lines().map(str::to_owned).collect();
    if lines.len() > 1 {
        let items = lines
            .into_iter()
            .map(|line| view! { <li>{line}</li> })
            .collect_view();
        view! {
            <div class="quiz-answer">
                <p class="quiz-label">"The right answer:"</p>
                <ul class=list_class>{items}</ul>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p class="quiz-answer">
                <span class="quiz-label">"The right answer: "</span>
                {answer_text.to_owned()}
            </p>
        }
        .into_any()
    }
}

/// The feedback block, empty until the question is checked.
pub(super) fn feedback_view(
    result: RwSignal<Option<Graded>>,
    render_run: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    move || {
        result.get().map(|graded| {
            let (icon, verdict, class) = if graded.correct {
                ("✓", "Correct.", "quiz-feedback quiz-feedback-correct")
            } else {
                ("✗", "Not quite.", "quiz-feedback quiz-feedback-wrong")
            };
            let answer = (!graded.correct && graded.answer != Reveal::Unavailable)
                .then(|| answer_view(&graded.answer, &graded.answer_text));
            let note = graded
                .note
                .clone()
                .map(|note| view! { <p class="quiz-note">{note}</p> });
            let run = graded
                .scenario
                .clone()
                .zip(render_run)
                .map(|(scenario, render)| {
                    let simulation = render.run(scenario.clone());
                    let name = scenario.split('&').next().unwrap_or_default().to_owned();
                    let outcome = graded.predicted.clone().map(|predicted| {
                        view! {
                            <dl class="quiz-outcome" data-testid="quiz-outcome">
                                <div><dt>"You predicted"</dt><dd>{predicted}</dd></div>
                                <div class="quiz-outcome-run"><dt>"The simulation shows"</dt><dd>{graded.answer_text.clone()}</dd></div>
                            </dl>
                        }
                    });
                    view! {
                        <div class="quiz-run" data-scenario=name>
                            {outcome}
                            <p class="quiz-label">"Now run it and see, set up as the question says:"</p>
                            {simulation}
                        </div>
                    }
                });
            view! {
                <div class=class data-testid="quiz-feedback">
                    <p class="quiz-verdict">
                        <span class="quiz-icon" aria-hidden="true">{icon}</span>
                        " "
                        <strong>{verdict}</strong>
                    </p>
                    {answer}
                    {note}
                    <p class="quiz-explanation">{graded.explanation.clone()}</p>
                    {run}
                </div>
            }
        })
    }
}
