//! "Did you mean" suggestions.

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

#[cfg(test)]
mod tests {
    use super::closest;

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
