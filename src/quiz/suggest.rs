//! "Did you mean …?" for misspelt field names and kinds.

/// The candidate closest to `word` by edit distance, if it is close enough to be a
/// likely misspelling (at most two edits, and fewer than half the word).
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    const LONGEST_WORTH_COMPARING: usize = 40;
    let word: Vec<char> = word.to_lowercase().chars().collect();
    if word.is_empty() || word.len() > LONGEST_WORTH_COMPARING {
        return None;
    }
    candidates
        .iter()
        .map(|&candidate| (edit_distance(&word, candidate), candidate))
        .filter(|&(distance, _)| distance <= 2 && distance * 2 < word.len().max(2))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between `word` and `candidate`, over characters.
fn edit_distance(word: &[char], candidate: &str) -> usize {
    let candidate: Vec<char> = candidate.chars().collect();
    let mut previous: Vec<usize> = (0..=candidate.len()).collect();
    for (row, &from) in word.iter().enumerate() {
        let mut current = Vec::with_capacity(candidate.len() + 1);
        current.push(row + 1);
        for (column, &to) in candidate.iter().enumerate() {
            let substitution = previous[column] + usize::from(from != to);
            let deletion = previous[column + 1] + 1;
            let insertion = current[column] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[candidate.len()]
}
