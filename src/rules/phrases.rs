//! Helpers shared by the example-phrase rules: how a spoken phrase is compared with invocation names
//! and sample utterances.
//!
//! Phrases are compared as a speech recogniser would hear them: case, punctuation and spacing do not
//! count ("Alexa, open Tide Tables." names `tide tables`; `a. b. c.` is `abc`).

use crate::span_index::Pointer;
use serde_json::Value;

/// The words that wake the device, as written at the start of example phrases.
pub(crate) const WAKE_WORDS: &[&str] = &[
    "alexa",
    "amazon",
    "echo",
    "computer",
    "ziggy",
    "アレクサ",
    "أليكسا",
    "اليكسا",
];

/// Lower case, punctuation as spaces, one space between words. Apostrophes stay (`what's`).
pub(crate) fn normalize(text: &str) -> String {
    if text.is_ascii() {
        normalize_ascii(text)
    } else {
        normalize_chars(text)
    }
}

fn normalize_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        push_normalized(&mut out, &mut space, c);
    }
    out
}

/// Add one character of a phrase to its normalized form `out`; `space` says whether a word break
/// is pending.
fn push_normalized(out: &mut String, space: &mut bool, c: char) {
    if c.is_alphanumeric() || c == '\'' || c == '’' {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        if c == '’' {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    } else {
        *space = true;
    }
}

/// Whether `text` starts with a wake word (`after_wake_word(&normalize(text)).is_some()`), with
/// only its first characters normalized: a wake word and the character after it are all
/// [`after_wake_word`] reads, and the normalized start of a text is the start of its normalized
/// form.
pub(crate) fn starts_with_wake_word(text: &str) -> bool {
    const ENOUGH: usize = 9; // "computer" and one more
    let mut head = String::with_capacity(4 * ENOUGH);
    let mut space = false;
    for c in text.chars() {
        push_normalized(&mut head, &mut space, c);
        // Fewer bytes than ENOUGH are fewer characters: count them only past that.
        if head.len() >= ENOUGH && head.chars().count() >= ENOUGH {
            break;
        }
    }
    after_wake_word(&head).is_some()
}

/// [`normalize`] for ASCII text (most phrases), a byte at a time.
fn normalize_ascii(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut space = false;
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'\'' {
            if space && !out.is_empty() {
                out.push(b' ');
            }
            space = false;
            out.push(b.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Without any whitespace: how a phrase is matched once its word boundaries have been used.
pub(crate) fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What follows the wake word of a normalized phrase, or `None` if it does not start with one.
pub(crate) fn after_wake_word(normalized: &str) -> Option<&str> {
    WAKE_WORDS.iter().find_map(|wake| {
        let rest = normalized.strip_prefix(wake)?;
        (rest.is_empty() || rest.starts_with(' ') || !wake.is_ascii()).then(|| rest.trim_start())
    })
}

/// Whether the normalized phrase names the invocation name, however it is spaced or punctuated.
pub(crate) fn names_invocation(normalized: &str, invocation: &str) -> bool {
    let name = compact(&normalize(invocation));
    !name.is_empty() && compact(normalized).contains(&name)
}

/// The invocation name of a model document.
pub(crate) fn invocation_name(model: &Value) -> Option<&str> {
    model
        .at("/interactionModel/languageModel/invocationName")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
}

/// One part of a sample utterance.
#[derive(Debug, PartialEq)]
enum Part {
    /// Literal words, normalized and without spaces.
    Text(String),
    /// `{slot}` (or the legacy `{example words|slot}`), named: one or more characters of anything.
    Slot(String),
    /// A sample that is nothing but a custom slot: one of the slot type's values or synonyms
    /// (normalized, without spaces). As a wildcard it would match any phrase at all.
    Value(Vec<String>),
}

/// The sample utterances of a model (intent samples and slot samples), ready to match phrases.
#[derive(Debug, Default)]
pub(crate) struct Utterances {
    samples: Vec<Vec<Part>>,
    /// A sample that is only an `AMAZON.LITERAL` slot takes any words at all.
    free_text: bool,
    /// Scripts written without spaces (Japanese, Chinese) match from any character, not only words.
    unspaced: bool,
}

impl Utterances {
    pub(crate) fn of_model(model: &Value, locale: &str) -> Utterances {
        let language_model = model.at("/interactionModel/languageModel");
        let types = array(language_model, "types");
        let values_of = |type_name: &str| -> Vec<String> {
            let Some(slot_type) = types
                .iter()
                .find(|t| t.get("name").and_then(Value::as_str) == Some(type_name))
            else {
                return Vec::new();
            };
            array(Some(slot_type), "values")
                .iter()
                .filter_map(|v| v.get("name"))
                .flat_map(|name| {
                    let synonyms = array(Some(name), "synonyms");
                    name.get("value").into_iter().chain(synonyms)
                })
                .filter_map(|v| v.as_str().map(|s| compact(&normalize(s))))
                .filter(|v| !v.is_empty())
                .collect()
        };
        let mut utterances = Utterances {
            unspaced: locale.starts_with("ja") || locale.starts_with("zh"),
            ..Utterances::default()
        };
        for intent in array(language_model, "intents") {
            let slots = array(Some(intent), "slots");
            let slot_type = |name: &str| {
                slots
                    .iter()
                    .find(|s| s.get("name").and_then(Value::as_str) == Some(name))
                    .and_then(|s| s.get("type").and_then(Value::as_str))
                    .unwrap_or_default()
                    .to_owned()
            };
            let samples = array(Some(intent), "samples")
                .iter()
                .chain(slots.iter().flat_map(|s| array(Some(s), "samples")));
            for sample in samples {
                let Some(sample) = sample.as_str() else {
                    continue;
                };
                let parts = parse_sample(sample);
                match parts.as_slice() {
                    [Part::Slot(name)] => match slot_type(name).as_str() {
                        "AMAZON.LITERAL" => utterances.free_text = true,
                        custom if !custom.starts_with("AMAZON.") => {
                            let values = values_of(custom);
                            if !values.is_empty() {
                                utterances.samples.push(vec![Part::Value(values)]);
                            }
                        }
                        // A bare built-in slot (`{number}`) says nothing about the words.
                        _ => {}
                    },
                    _ if parts.iter().any(|p| matches!(p, Part::Text(_))) => {
                        utterances.samples.push(parts);
                    }
                    _ => {}
                }
            }
        }
        utterances
    }

    /// Whether the normalized `text` ends with a sample utterance (so connecting words such as "to",
    /// "for" or "about" between the invocation name and the utterance do not count). In scripts
    /// without spaces, the sample may start and end anywhere: particles and verbs such as `で…を調べて`
    /// wrap the request there.
    pub(crate) fn match_end_of(&self, text: &str) -> bool {
        let (starts, ends): (Vec<usize>, Vec<usize>) = if self.unspaced {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            (bounds.clone(), bounds)
        } else {
            let starts = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(i, _)| i + 1))
                .collect();
            (starts, vec![text.len()])
        };
        if self.free_text {
            return true;
        }
        starts.iter().any(|&start| {
            ends.iter().filter(|&&end| end > start).any(|&end| {
                let candidate = compact(&text[start..end]);
                self.samples.iter().any(|parts| matches(parts, &candidate))
            })
        })
    }
}

/// The array at `key` of `value`, or none.
fn array<'a>(value: Option<&'a Value>, key: &str) -> &'a [Value] {
    value
        .and_then(|v| v.get(key))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// What is inside each `{…}` of a sample, in order.
pub(crate) fn braces(sample: &str) -> impl Iterator<Item = &str> {
    sample
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(inside, _)| inside))
}

/// The slot a `{…}` names: the legacy `{example words|slot}` form names it after the bar.
pub(crate) fn slot_name(inside: &str) -> &str {
    inside.rsplit('|').next().unwrap_or(inside).trim()
}

fn parse_sample(sample: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = sample;
    while let Some(open) = rest.find('{') {
        push_text(&mut parts, &rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                parts.push(Part::Slot(
                    slot_name(&rest[open + 1..open + close]).to_owned(),
                ));
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open + 1..];
            }
        }
    }
    push_text(&mut parts, rest);
    parts
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    let text = compact(&normalize(text));
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
}

/// Whether `parts` match all of `text` (compact), a slot taking at least one character.
fn matches(parts: &[Part], text: &str) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(literal), rest)) => text
            .strip_prefix(literal.as_str())
            .is_some_and(|tail| matches(rest, tail)),
        Some((Part::Value(values), rest)) => values.iter().any(|value| {
            text.strip_prefix(value.as_str())
                .is_some_and(|tail| matches(rest, tail))
        }),
        Some((Part::Slot(_), rest)) => text
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .any(|end| matches(rest, &text[end..])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Reading the start of a phrase tells what reading all of it tells.
        #[test]
        fn the_start_of_a_phrase_tells_its_wake_word(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(&[
                        "Alexa", "ALEXA", "alexa", "Alexas", "Amazon", "echo", "Computer", "computers",
                        "ziggy", "アレクサ", "أليكسا", "اليكسا", ",", " ", "  ", "...", "’", "'", "open",
                        "é", "É", "İ", "ß", "a", "9", "-",
                    ][..]).prop_map(str::to_owned),
                    proptest::char::any().prop_map(String::from),
                ],
                0..8,
            ),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                starts_with_wake_word(&text),
                after_wake_word(&normalize(&text)).is_some(),
                "{:?}", text
            );
        }
    }

    fn utterances(samples: &[&str], locale: &str) -> Utterances {
        let model = serde_json::json!({"interactionModel": {"languageModel": {
            "intents": [{"name": "A", "samples": samples}]
        }}});
        Utterances::of_model(&model, locale)
    }

    #[test]
    fn ascii_text_normalizes_as_any_other() {
        for text in [
            "Alexa,  ask Tide Tables: what's up?",
            " 'x'  y-Z9 ",
            "",
            "!!",
            "a\tB",
        ] {
            assert_eq!(normalize_ascii(text), normalize_chars(text), "{text:?}");
        }
    }

    #[test]
    fn normalizes_as_heard() {
        assert_eq!(
            normalize("Alexa,  ask Tide Tables: what’s up?"),
            "alexa ask tide tables what's up"
        );
        assert_eq!(
            after_wake_word("alexa ask tide tables"),
            Some("ask tide tables")
        );
        assert_eq!(after_wake_word("alexandra ask"), None);
        assert_eq!(after_wake_word("アレクサ 開いて"), Some("開いて"));
        assert!(names_invocation("alexa open abc quiz", "a. b. c. quiz"));
        assert!(!names_invocation("alexa open tide", "tide tables"));
    }

    #[test]
    fn matches_samples_with_slots_at_the_end_of_a_phrase() {
        let u = utterances(&["when is high tide in {port}", "{port} tides"], "en-US");
        assert!(u.match_end_of("when is high tide in dover"));
        assert!(u.match_end_of("about when is high tide in port of spain"));
        assert!(u.match_end_of("dover tides"));
        assert!(!u.match_end_of("when is low tide in dover"));
        assert!(!u.match_end_of("when is high tide in"));
        // A sample must start at a word, not inside one.
        assert!(!utterances(&["tides"], "en-US").match_end_of("riptides"));
        // Nor is a phrase matched by a sample that is nothing but a slot.
        assert!(!utterances(&["{answer}"], "en-US").match_end_of("the weather"));
    }

    #[test]
    fn a_sample_that_is_only_a_slot_takes_the_slot_values() {
        let model = serde_json::json!({"interactionModel": {"languageModel": {
            "intents": [
                {"name": "Forecast", "slots": [{"name": "place", "type": "Place"}], "samples": ["{place}"]},
                {"name": "Answer", "slots": [{"name": "n", "type": "AMAZON.NUMBER"}], "samples": ["{n}"]}
            ],
            "types": [{"name": "Place", "values": [{"name": {"value": "Stubai Glacier", "synonyms": ["Stubai"]}}]}]
        }}});
        let u = Utterances::of_model(&model, "en-US");
        assert!(u.match_end_of("about stubai glacier"));
        assert!(u.match_end_of("stubai"));
        assert!(!u.match_end_of("the weather"));
        let literal = serde_json::json!({"interactionModel": {"languageModel": {"intents": [
            {"name": "Issue", "slots": [{"name": "issue", "type": "AMAZON.LITERAL"}], "samples": ["{the lamp is out|issue}"]}
        ]}}});
        assert!(Utterances::of_model(&literal, "en-US").match_end_of("the door is locked"));
    }

    #[test]
    fn unspaced_scripts_match_from_any_character() {
        let u = utterances(&["{city}の天気"], "ja-JP");
        assert!(u.match_end_of("天気予報で東京の天気"));
        assert!(u.match_end_of("天気予報で東京の天気を教えて"));
        assert!(!u.match_end_of("天気予報を開いて"));
    }
}
