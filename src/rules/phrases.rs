//! Helpers shared by the example-phrase rules: how a spoken phrase is compared with invocation names
//! and sample utterances.
//!
//! Phrases are compared as a speech recogniser would hear them: case, punctuation and spacing do not
//! count ("Alexa, open Tide Tables." names `tide tables`; `a. b. c.` is `abc`). A combining mark
//! (Unicode `Mn`/`Mc`: the Devanagari virama `्` and nukta `़`, vowel signs, Arabic harakat) that
//! follows a letter is part of that letter, not a break between words.
//!
//! [`LAUNCH_FORMS`] says, per language, how a phrase opens a skill and joins a request to the
//! invocation name: IM001, IM002 and PUB006 read the same table.

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
    "एलेक्सा",
    "अलेक्सा",
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
    if is_mark(c) && !*space && !out.is_empty() {
        // A mark on the letter before it (`स्` is one letter with its virama).
        out.push(c);
    } else if c.is_alphanumeric() || c == '\'' || c == '’' {
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

/// Whether `c` is a combining mark (Unicode general category `Mn` or `Mc`): a virama, a nukta, a
/// vowel sign, a harakah. Written after a letter, it belongs to that letter.
pub(crate) fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    !c.is_ascii()
        && matches!(
            get_general_category(c),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
        )
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

/// How customers of one language open a skill and join a request to its invocation name, as
/// Amazon documents it ("Understand How Users Invoke Custom Skills", one tab per language,
/// https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html;
/// "Choose the Invocation Name for a Custom Skill", one example per language,
/// https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html)
/// and as Amazon's own sample skills write their example phrases. Every word is normalized (see
/// [`normalize`]).
#[derive(Debug)]
pub(crate) struct LaunchForms {
    /// The locale prefix (`en`, `hi`), or `""` for the fallback.
    pub language: &'static str,
    /// How the opening phrase is written, `{}` standing for the invocation name (help texts).
    pub open: &'static str,
    /// Launch words said after the invocation name, in languages that put the verb last
    /// ("<name> खोलो", "<name>を開いて"); longest first.
    pub after_name: &'static [&'static str],
    /// Words that join the request to the invocation name or its launch words ("ask <name> *for*
    /// …", "<name> खोलो *और* …").
    pub connecting: &'static [&'static str],
    /// Launch words an invocation name must not contain (certification: "launch", "ask", "tell",
    /// "load", "begin", "enable"): only where Amazon lists them.
    pub launch_in_name: &'static [&'static str],
    /// Connecting words an invocation name must not contain (certification: "to", "from", "by",
    /// "if", "and", "whether" in English).
    pub connecting_in_name: &'static [&'static str],
    /// Articles and prepositions that cannot be one of the words of a two-word name ("the fool",
    /// "any poet").
    pub articles: &'static [&'static str],
    /// Whether a one-word name is usual in the language (German compound nouns).
    pub one_word_names: bool,
    /// Whether the language separates words with spaces (not Japanese).
    pub spaced: bool,
}

/// The launch forms of every language Alexa supports, and the fallback (English, for a model
/// whose locale is not known).
#[rustfmt::skip]
pub(crate) const LAUNCH_FORMS: &[LaunchForms] = &[
    LaunchForms {
        language: "en",
        open: "open {}",
        after_name: &[],
        connecting: &["to", "for", "about", "if", "whether", "that", "and"],
        launch_in_name: &["ask", "tell", "open", "launch", "load", "begin", "enable"],
        connecting_in_name: &["to", "from", "by", "if", "and", "whether"],
        articles: &["a", "an", "the", "any", "some", "for", "to", "of", "in", "on", "at", "by", "with"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "de",
        open: "öffne {}",
        after_name: &["ab"],
        connecting: &["nach", "ob", "wie", "um", "dass", "und", "über", "für", "von"],
        launch_in_name: &[],
        connecting_in_name: &["nach", "ob", "um", "dass", "über", "für", "von"],
        articles: &["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "für", "von", "mit", "zu", "im", "am"],
        one_word_names: true,
        spaced: true,
    },
    LaunchForms {
        language: "fr",
        open: "ouvre {}",
        after_name: &[],
        connecting: &["de", "d'", "si", "pour", "et"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &["le", "la", "les", "l'", "un", "une", "des", "du", "de", "pour", "à", "au"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "es",
        open: "abre {}",
        after_name: &[],
        connecting: &["que", "si", "por", "para", "y"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &["el", "la", "los", "las", "un", "una", "de", "del", "para", "por", "con", "en"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "it",
        open: "apri {}",
        after_name: &[],
        connecting: &["di", "se", "per", "e"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &["il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "del", "per", "con"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "pt",
        open: "abra {}",
        after_name: &[],
        connecting: &["se", "sobre", "para", "e"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &["o", "a", "os", "as", "um", "uma", "de", "do", "da", "para", "com"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "nl",
        open: "open {}",
        after_name: &[],
        connecting: &["naar", "of", "om", "en"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &["de", "het", "een", "voor", "van", "met"],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "ar",
        open: "افتحي {}",
        after_name: &[],
        connecting: &["عن", "إذا", "أن", "و"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &[],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "hi",
        open: "{} खोलो",
        // "<name> खोलो", "<name> शुरू करो" (Amazon's hi-IN fact sample), "<name> से पूछो कि …" (the
        // invocation name page), and in Hinglish "<name> open करो".
        after_name: &["open करो", "start करो", "शुरू करो", "शुरू करें", "से पूछो", "खोलो", "खोलें", "चलाओ"],
        connecting: &["और", "कि"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &[],
        one_word_names: false,
        spaced: true,
    },
    LaunchForms {
        language: "ja",
        open: "{}を開いて",
        after_name: &["を開いて", "を起動して", "をスタートして", "を開始して", "を始めて", "につないで", "開いて", "起動して"],
        connecting: &["で"],
        launch_in_name: &[],
        connecting_in_name: &[],
        articles: &[],
        one_word_names: true,
        spaced: false,
    },
];

/// The launch forms of `locale`'s language (`hi-IN` → Hindi); English when it is not known.
pub(crate) fn launch_forms(locale: Option<&str>) -> &'static LaunchForms {
    let language = locale
        .and_then(|l| l.split(['-', '_']).next())
        .unwrap_or("en");
    LAUNCH_FORMS
        .iter()
        .find(|f| f.language.eq_ignore_ascii_case(language))
        .unwrap_or(&LAUNCH_FORMS[0])
}

impl LaunchForms {
    /// The opening phrase for `name` ("open tide tables", "ज्वार तालिका खोलो").
    pub(crate) fn open_phrase(&self, name: &str) -> String {
        self.open.replace("{}", name)
    }

    /// What follows the invocation name once its launch words are set aside ("open करो और अगला
    /// ज्वार बताओ" → "और अगला ज्वार बताओ"); `request` is normalized.
    pub(crate) fn after_launch_words<'t>(&self, request: &'t str) -> &'t str {
        self.after_name
            .iter()
            .find_map(|w| self.strip_word(request, w))
            .unwrap_or(request)
    }

    /// `request` without the word that joins it to the invocation name ("*for* the weather",
    /// "*और* अगला ज्वार बताओ").
    pub(crate) fn without_connecting<'t>(&self, request: &'t str) -> &'t str {
        self.connecting
            .iter()
            .find_map(|w| self.strip_word(request, w))
            .unwrap_or(request)
    }

    /// `text` without the leading `word`, if it starts with it as a whole word (or anywhere, in a
    /// script without spaces).
    fn strip_word<'t>(&self, text: &'t str, word: &str) -> Option<&'t str> {
        let rest = text.strip_prefix(word)?;
        if !self.spaced || word.ends_with('\'') {
            return Some(rest.trim_start());
        }
        (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim_start())
    }
}

/// Which phrases of a skill's listing Alexa's own models take, rather than the skill's
/// interaction model: the list commands of a list skill ("Alexa, add milk to my shopping list",
/// delivered as list events: https://developer.amazon.com/en-US/docs/alexa/smapi/list-events-in-alexa-skills.html)
/// and the commands of a skill on a pre-built model (smart home, video, music, flash briefing: "the
/// invocation name is only needed for custom skills",
/// https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html).
#[derive(Debug, Default)]
pub(crate) struct NativePhrases {
    lists: bool,
    prebuilt: bool,
}

/// The manifest APIs of pre-built models, whose phrases name no invocation name.
const PREBUILT_APIS: &[&str] = &["smartHome", "video", "music", "flashBriefing"];

/// What a phrase that names a list says: the word for "list" (and its compounds, German
/// "einkaufsliste", Dutch "boodschappenlijst") in the languages of the Alexa locales.
const LIST_WORD_ENDINGS: &[&str] = &[
    "list", "lists", "liste", "listen", "lista", "listas", "lijst",
];
const LIST_WORDS_ANYWHERE: &[&str] = &["リスト", "सूची", "लिस्ट", "قائمة"];

impl NativePhrases {
    /// What `manifest` (the `manifest` object) says about its skill's APIs and events.
    pub(crate) fn of(manifest: &Value) -> NativePhrases {
        let apis = manifest.get("apis").and_then(Value::as_object);
        let has_api = |name: &str| apis.is_some_and(|a| a.contains_key(name));
        let list_events = manifest
            .at("/events/subscriptions")
            .and_then(Value::as_array)
            .is_some_and(|subscriptions| {
                subscriptions.iter().any(|s| {
                    s.get("eventName")
                        .and_then(Value::as_str)
                        .is_some_and(|e| e.starts_with("ITEMS_") || e.starts_with("LIST_"))
                })
            });
        NativePhrases {
            lists: has_api("householdList") || list_events,
            prebuilt: PREBUILT_APIS.iter().any(|api| has_api(api)),
        }
    }

    /// Whether a phrase that does not name the invocation name (normalized, after the wake word)
    /// is for Alexa's own models: any such phrase of a pre-built model's skill, and one that names
    /// a list in a list skill.
    pub(crate) fn takes(&self, spoken: &str) -> bool {
        self.prebuilt
            || (self.lists
                && (spoken.split(' ').any(|word| {
                    LIST_WORD_ENDINGS
                        .iter()
                        .any(|ending| word.ends_with(ending))
                }) || LIST_WORDS_ANYWHERE.iter().any(|w| spoken.contains(w))))
    }
}

/// Whether an invocation name is a template's placeholder (`change me`): the one finding is
/// IM001's, at the name, not one per phrase that does not name it.
pub(crate) fn is_placeholder_name(name: &str) -> bool {
    super::placeholder_text::placeholder_name(name).is_some()
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
    fn combining_marks_belong_to_their_letter() {
        // The virama (U+094D) and the nukta (U+093C) are marks, not breaks between words.
        assert_eq!(normalize("Alexa, नमस्ते दुनिया खोलो"), "alexa नमस्ते दुनिया खोलो");
        assert_eq!(normalize("मज़ेदार jokes"), "मज़ेदार jokes");
        assert!(names_invocation(
            &normalize("Alexa नमस्ते दुनिया खोलो"),
            "नमस्ते दुनिया"
        ));
        // A mark with no letter before it is not a word.
        assert_eq!(normalize("\u{94D} a"), "a");
    }

    #[test]
    fn launch_forms_set_aside_the_words_around_the_request() {
        let hindi = launch_forms(Some("hi-IN"));
        assert_eq!(hindi.language, "hi");
        let request = hindi.after_launch_words("open करो और अगला ज्वार बताओ");
        assert_eq!(request, "और अगला ज्वार बताओ");
        assert_eq!(hindi.without_connecting(request), "अगला ज्वार बताओ");
        assert_eq!(hindi.after_launch_words("खोलो"), "");
        assert_eq!(hindi.open_phrase("ज्वार तालिका"), "ज्वार तालिका खोलो");
        let japanese = launch_forms(Some("ja-JP"));
        assert_eq!(japanese.after_launch_words("を開いて"), "");
        let english = launch_forms(Some("en-GB"));
        assert_eq!(english.without_connecting("for the weather"), "the weather");
        // A word only starts with a connecting word: it is not one.
        assert_eq!(english.without_connecting("tomorrow"), "tomorrow");
        assert_eq!(launch_forms(Some("xx-XX")).language, "en");
        assert_eq!(launch_forms(None).language, "en");
    }

    #[test]
    fn list_and_device_commands_are_alexas_own() {
        let list = NativePhrases::of(&serde_json::json!({"apis": {"householdList": {}}}));
        assert!(list.takes("add eggs to my shopping list"));
        assert!(list.takes("setze milch auf meine einkaufsliste"));
        assert!(!list.takes("when is high tide"));
        let home = NativePhrases::of(&serde_json::json!({"apis": {"smartHome": {}}}));
        assert!(home.takes("turn on the porch light"));
        let custom = NativePhrases::of(&serde_json::json!({"apis": {"custom": {}}}));
        assert!(!custom.takes("add eggs to my shopping list"));
    }

    #[test]
    fn unspaced_scripts_match_from_any_character() {
        let u = utterances(&["{city}の天気"], "ja-JP");
        assert!(u.match_end_of("天気予報で東京の天気"));
        assert!(u.match_end_of("天気予報で東京の天気を教えて"));
        assert!(!u.match_end_of("天気予報を開いて"));
    }
}
