//! Quiz widgets: questions, grading feedback and progress.
