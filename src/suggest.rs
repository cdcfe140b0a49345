//! "Did you mean" suggestions.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// The candidate most similar to `input`, if any is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != input)
        .map(|c| {
            let score = if c.to_lowercase() == lowered {
                2.0
            } else {
                strsim::jaro_winkler(&lowered, &c.to_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The one candidate `input` is a likely misspelling of: the only one that differs from it by case
/// or by at most two typed characters (an edit, a transposition). `None` when two are that close,
/// so a fix made from it never has to guess.
pub fn only_close<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lowered = input.to_lowercase();
    let length = lowered.chars().count();
    let mut close = candidates.into_iter().filter(|c| {
        // Two edits change the length by two characters at most: a cheap test first, since the
        // distance itself allocates and runs for every unknown key against every known one.
        *c != input
            && c.chars().count().abs_diff(length) <= 2
            && strsim::damerau_levenshtein(&lowered, &c.to_lowercase()) <= 2
    });
    let first = close.next()?;
    close.next().is_none().then_some(first)
}

/// The nearest value of a list for a value it lacks: a looser match than [`closest`] that also
/// accepts names whose words are all in the other's (`MUSIC_AND_AUDIO` → `MUSIC_AND_AUDIO_ACCESSORIES`,
/// `MEMORY_GAMES` → `GAMES`).
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let words = |s: &str| -> Vec<String> {
        s.split(['_', '-', ':', '.', ' '])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let input_words = words(input);
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let candidate_words = words(c);
            // One name's words all in the other's: related, whatever the edit distance.
            let related = !input_words.is_empty()
                && !candidate_words.is_empty()
                && (input_words.iter().all(|w| candidate_words.contains(w))
                    || candidate_words.iter().all(|w| input_words.contains(w)));
            let score = strsim::jaro_winkler(&lowered, &c.to_lowercase());
            (if related { 0.9 + score / 100.0 } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{closest, only_close};

    #[test]
    fn only_one_close_candidate() {
        let known = ["allowsPurchases", "usesPersonalInfo", "isExportCompliant"];
        assert_eq!(only_close("allowPurchases", known), Some("allowsPurchases"));
        assert_eq!(
            only_close("AllowsPurchases", known),
            Some("allowsPurchases")
        );
        assert_eq!(only_close("uri", ["url", "urn"]), None);
        assert_eq!(only_close("summery", ["summary"]), Some("summary"));
        assert_eq!(only_close("purchases", known), None);
    }

    #[test]
    fn typos_case_and_nothing_close() {
        assert_eq!(
            closest("allowPurchases", ["allowsPurchases", "usesPersonalInfo"]),
            Some("allowsPurchases")
        );
        assert_eq!(
            closest("Live", ["development", "certification", "live"]),
            Some("live")
        );
        assert_eq!(closest("zzz", ["development", "live"]), None);
        assert_eq!(
            closest("MUSIC_AND_AUDIO", ["MUSIC_AND_AUDIO_ACCESSORIES", "NEWS"]),
            Some("MUSIC_AND_AUDIO_ACCESSORIES")
        );
    }
}

#[cfg(test)]
mod nearest_tests {
    use super::nearest;

    #[test]
    fn nearest_names_a_related_value_or_nothing() {
        let categories = [
            "MUSIC_AND_AUDIO_ACCESSORIES",
            "MOVIE_SHOWTIMES",
            "GAMES",
            "NEWS",
        ];
        assert_eq!(
            nearest("MUSIC_AND_AUDIO", categories),
            Some("MUSIC_AND_AUDIO_ACCESSORIES")
        );
        assert_eq!(nearest("MEMORY_GAMES", categories), Some("GAMES"));
        assert_eq!(nearest("LIFESTYLE", categories), None);
    }
}

/// [`nearest`] in a list that lives as long as the program, memoised: a corpus repeats the same few
/// unknown values thousands of times, and each suggestion compares against the whole list.
pub fn nearest_in(list: &'static [&'static str], input: &str) -> Option<&'static str> {
    type Cache = HashMap<(usize, String), Option<&'static str>>;
    static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Default::default);
    let key = (list.as_ptr() as usize, input.to_owned());
    if let Some(hit) = CACHE.lock().ok().and_then(|cache| cache.get(&key).copied()) {
        return hit;
    }
    let found = nearest(input, list.iter().copied());
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(key, found);
    }
    found
}
