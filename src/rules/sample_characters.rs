use serde_json::Value;

use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks the characters of sample utterances (an intent's and its slots' samples), outside the
    /// `{slot}` references: letters of any script, spaces, periods (for abbreviations: `a. m.`),
    /// apostrophes, hyphens and underscores are fine; punctuation and symbols (`? ! , : ; " ( ) + * /
    /// & % $ # @ = < >`, a stray brace, emoji) are errors. Digits are a warning.
    ///
    /// ## Why is this bad?
    /// The build refuses a sample token with other characters ("Each token must consist only of
    /// unicode characters, spaces and valid punctuation marks"): a sample is what the customer says,
    /// and punctuation is not said. Numbers should be spelled out as they are spoken ("twenty one");
    /// no build error for digits has been quoted, so they are a warning.
    ///
    /// ## Evidence
    /// The server rejects symbols in samples when it builds the model, as far as is known (a 2017
    /// report; that today's build still does is inferred). Digits are advice.
    ///
    /// - [jradwan/alexa_tivo_control#30](https://github.com/jradwan/alexa_tivo_control/issues/30): the 2017 developer console
    /// - [asklint's notes on the model build, 2.4](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#24-samples): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["when's high tide?", "tides for {port} + tomorrow"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["when's high tide", "tides for {port} and tomorrow"]}]}}}
    /// ```
    pub SampleCharacters {
        code: "IM016",
        name: "sample-characters",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for SampleCharacters {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        let mut samples: Vec<(String, &str)> = Vec::new();
        for (i, intent) in intents.iter().enumerate() {
            samples.extend(strings(intent, &format!("{INTENTS}/{i}")));
            for (j, slot) in intent
                .get("slots")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                samples.extend(strings(slot, &format!("{INTENTS}/{i}/slots/{j}")));
            }
        }
        for (pointer, sample) in samples {
            let outside = outside_slots(sample);
            let mut symbols: Vec<char> = outside.chars().filter(|c| is_unsayable(*c)).collect();
            symbols.dedup();
            if !symbols.is_empty() {
                let list: Vec<String> = symbols.iter().map(|c| format!("`{c}`")).collect();
                cx.report(
                    pointer,
                    format!("the sample has characters the build refuses: {}", list.join(" ")),
                )
                .label("not a spoken word")
                .help("write the sample as it is said: letters, spaces, apostrophes, hyphens, and periods only in abbreviations");
            } else if outside.chars().any(|c| c.is_ascii_digit()) {
                cx.report(pointer, "the sample has digits")
                    .severity(Severity::Warning)
                    .label("digits")
                    .help("spell numbers out as they are said (\"twenty one\"), or use an AMAZON.NUMBER slot");
            }
        }
    }
}

/// `(pointer, text)` of each string of the `samples` array of `item` (at `at`).
fn strings<'a>(item: &'a Value, at: &str) -> Vec<(String, &'a str)> {
    item.get("samples")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(k, s)| s.as_str().map(|s| (format!("{at}/samples/{k}"), s)))
        .collect()
}

/// The text of `sample` with each `{slot}` reference taken out (a stray brace stays).
pub(crate) fn outside_slots(sample: &str) -> String {
    let mut out = String::with_capacity(sample.len());
    let mut rest = sample;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Punctuation and symbols nobody says. Letters and marks of every script pass: the list names
/// what is refused rather than what is allowed, so an unfamiliar script is never flagged.
fn is_unsayable(c: char) -> bool {
    (c.is_ascii_punctuation() && !matches!(c, '.' | '\'' | '-' | '_'))
        || matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF)
}

#[cfg(test)]
mod tests {
    #[test]
    fn slots_are_taken_out() {
        assert_eq!(
            super::outside_slots("tides in {port} now"),
            "tides in   now"
        );
        assert_eq!(super::outside_slots("{a}{b} c {"), "   c {");
    }

    #[test]
    fn unsayable() {
        for c in ['?', ',', '+', '}', '"', '😀'] {
            assert!(super::is_unsayable(c), "{c}");
        }
        for c in ['a', 'é', '.', '\'', '’', '-', '्', 'ж', 'の', '1'] {
            assert!(!super::is_unsayable(c), "{c}");
        }
    }
}
