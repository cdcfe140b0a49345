use serde_json::Value;

use super::phrases::{LaunchForms, is_mark, launch_forms};
use super::placeholder_text::placeholder_name;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks a custom skill's invocation name against the certification rules: lower case, no
    /// digits, no wake words (Alexa, Amazon, Echo, computer), no launch words (ask, tell, open,
    /// launch, load, begin, enable), only letters (with their combining marks), spaces, apostrophes
    /// and periods. As warnings: connecting words (to, from, by, if, and, whether; German nach, ob,
    /// um, dass, über, für, von), a two-word name of which one word is an article or a preposition
    /// (`the fool`, `any poet`), a one-word name, and a template's placeholder (`change me`).
    ///
    /// ## Why is this bad?
    /// The invocation name is what customers say after "Alexa, open …". Certification rejects names
    /// with upper case, digits ("spell out numbers"), wake words or launch words, which also make the
    /// name hard to recognise; connecting words and articles make the launch phrase ambiguous
    /// ("ask salt and pepper for a recipe": where does the name end?). The language is the model's locale, from its file name
    /// (`de-DE.json`). A combining mark that follows a letter is part of it: the Devanagari virama
    /// and nukta, vowel signs, Arabic harakat (`नमस्ते दुनिया` is a valid hi-IN name). One-word
    /// names are allowed only for brands, which cannot be told from the name, so that check is a
    /// warning; it counts words in every script written with spaces (Latin, Arabic, Devanagari),
    /// not in Japanese or Chinese, and not at all in German, whose compound nouns are allowed.
    /// A template's placeholder name is reported once for the package, at the first model that has
    /// it, and the other rules do not report the example phrases that cannot name it.
    ///
    /// ## Evidence
    /// Certification asks for this. The German connecting words and the other languages' articles are
    /// inferred from Amazon's examples.
    ///
    /// - [Choose the invocation name for a custom skill](https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html)
    /// - [Design the invocation name](https://developer.amazon.com/en-US/docs/alexa/interaction-model-design/design-the-invocation-name-for-your-skill.html)
    /// - [gitcheckoutnikhil/subtracker#8](https://github.com/gitcheckoutnikhil/subtracker/issues/8): the certification feedback on an invocation name
    ///
    /// ## Fix
    /// Safe: an invocation name with upper-case letters is written in lower case (`Tide Tables` →
    /// `tide tables`); it is spoken the same. The other findings need a new name and have no fix.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "Alexa Tide Tables 2", "intents": []}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": []}}}
    /// ```
    pub InvocationName {
        code: "IM001",
        name: "invocation-name",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
        fix: Safe,
    }
}

const POINTER: &str = "/interactionModel/languageModel/invocationName";
const WAKE_WORDS: &[&str] = &["alexa", "amazon", "echo", "computer"];

impl Rule for InvocationName {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(name) = cx.value.at(POINTER).and_then(Value::as_str) else {
            return;
        };
        if let Some((what, found)) = placeholder_name(name) {
            placeholder(cx, name, what, found);
            return;
        }
        let locale = cx
            .package
            .model_locale()
            .or_else(|| language_of_script(name));
        let forms = launch_forms(locale);
        if name.chars().any(char::is_uppercase) {
            cx.report(
                POINTER,
                format!("the invocation name `{name}` has upper-case letters"),
            )
            .label(format!("write `{}`", name.to_lowercase()))
            .help("invocation names are written in lower case")
            .fix(
                format!("write `{}`", name.to_lowercase()),
                vec![Change::replace_string(POINTER, &name.to_lowercase())],
            );
        }
        if name.chars().any(|c| c.is_ascii_digit()) {
            cx.report(POINTER, format!("the invocation name `{name}` has digits"))
                .label("digits")
                .help("spell numbers out, as they are spoken (`two`, not `2`)");
        }
        let lowered = name.to_lowercase();
        let words: Vec<&str> = lowered
            .split_whitespace()
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && !is_mark(c)))
            .collect();
        let article = (words.len() == 2)
            .then(|| words.iter().find(|w| forms.articles.contains(w)))
            .flatten();
        for &word in &words {
            if WAKE_WORDS.contains(&word) {
                cx.report(
                    POINTER,
                    format!("the invocation name contains the wake word `{word}`"),
                )
                .label("wake word")
                .help("leave Alexa, Amazon, Echo and computer out of the invocation name");
            } else if forms.launch_in_name.contains(&word) {
                cx.report(POINTER, format!("the invocation name contains the launch word `{word}`"))
                    .label("launch word")
                    .help("customers say \"Alexa, open <name>\"; launch words inside the name confuse that");
            } else if forms.connecting_in_name.contains(&word) && article != Some(&word) {
                cx.report(POINTER, format!("the invocation name contains the connecting word `{word}`"))
                    .severity(Severity::Warning)
                    .label("connecting word")
                    .help(format!(
                        "`{word}` joins a request to the invocation name in a launch phrase; inside the name it leaves Alexa unsure where the name ends"
                    ));
            }
        }
        if let Some(article) = article {
            cx.report(
                POINTER,
                format!("the invocation name `{name}` is two words, one of them `{article}`"),
            )
            .severity(Severity::Warning)
            .label("article or preposition")
            .help("a two-word invocation name cannot have an article or a preposition as one of its words (`the fool`, `any poet`); add a word or choose another");
        }
        let odd = unsayable(name);
        if !odd.is_empty() {
            cx.report(POINTER, format!("the invocation name has characters customers cannot say: `{odd}`"))
                .label("not a letter")
                .help("use only letters, spaces, possessive apostrophes and the periods of spoken abbreviations (`a. b. c.`)");
        }
        one_word(cx, name, &lowered, forms);
    }
}

/// The characters of `name` that are not letters, digits (reported on their own), spaces,
/// apostrophes or periods. A combining mark that follows a letter is part of it (`स्`).
fn unsayable(name: &str) -> String {
    let mut after_letter = false;
    name.chars()
        .filter(|&c| {
            let mark = after_letter && is_mark(c);
            after_letter = c.is_alphabetic() || mark;
            !(c.is_alphabetic()
                || mark
                || c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, '\'' | '.' | '’'))
        })
        .collect()
}

/// A one-word name, in a language that does not allow them and a script written with spaces.
fn one_word(cx: &mut Context<'_>, name: &str, lowered: &str, forms: &LaunchForms) {
    if forms.one_word_names || !forms.spaced || name.chars().any(unspaced_script) {
        return;
    }
    let spoken_words = lowered
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if spoken_words == 1 {
        cx.report(POINTER, format!("the invocation name `{name}` is one word"))
            .severity(Severity::Warning)
            .label("one word")
            .help("invocation names need at least two words, unless the one word is a brand (or a German compound)");
    }
}

/// Whether `c` belongs to a script written without spaces between words (Chinese, Japanese, Thai),
/// where a name cannot be counted in words.
fn unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' // CJK
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
    )
}

/// The language a name's script tells, for a model whose locale is not known from its file name.
fn language_of_script(name: &str) -> Option<&'static str> {
    name.chars().find_map(|c| match c {
        '\u{0900}'..='\u{097F}' => Some("hi"),
        '\u{0600}'..='\u{06FF}' => Some("ar"),
        c if unspaced_script(c) => Some("ja"),
        _ => None,
    })
}

/// A template's placeholder name: reported once for the package, at the first model (by locale)
/// that has it, naming the others.
fn placeholder(cx: &mut Context<'_>, name: &str, what: &str, found: &str) {
    let package = cx.package;
    let locale = package.locale();
    let others: Vec<&str> = package
        .models()
        .iter()
        .filter(|m| Some(m.locale.as_str()) != locale)
        .filter(|m| {
            m.value
                .as_ref()
                .and_then(|v| v.at(POINTER))
                .and_then(Value::as_str)
                == Some(name)
        })
        .map(|m| m.locale.as_str())
        .collect();
    if locale.is_some_and(|here| others.iter().any(|other| *other < here)) {
        return;
    }
    let also = match others.as_slice() {
        [] => String::new(),
        [one] => format!(" (and in the {one} model)"),
        many => format!(
            " (and in the {} other models: {})",
            many.len(),
            many.join(", ")
        ),
    };
    cx.report(
        POINTER,
        format!("the invocation name is {what}: `{found}`{also}"),
    )
    .severity(Severity::Warning)
    .label(what.trim_start_matches("a "))
    .help("choose the skill's own invocation name: customers say it to open the skill, and the first example phrase of each locale must name it");
}
