use serde_json::Value;

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks a custom skill's invocation name against the certification rules: lower case, no
    /// digits, no wake words (Alexa, Amazon, Echo, computer), no launch words (ask, tell, open,
    /// launch, load, begin, enable), only letters, spaces, apostrophes and periods, and (a warning)
    /// at least two words.
    ///
    /// ## Why is this bad?
    /// The invocation name is what customers say after "Alexa, open …". Certification rejects names
    /// with upper case, digits ("spell out numbers"), wake words or launch words, which also make the
    /// name hard to recognise. One-word names are allowed only for brands and German compound words,
    /// so that check is a warning. Names in scripts without spaces, such as Japanese, are not
    /// counted in words.
    ///
    /// Source: certification feedback in gitcheckoutnikhil/subtracker#8, the invocation name design
    /// guide (ALEXA.md §3.8). Confidence: CERT.
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
const LAUNCH_WORDS: &[&str] = &["ask", "tell", "open", "launch", "load", "begin", "enable"];

impl Rule for InvocationName {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(name) = cx.value.at(POINTER).and_then(Value::as_str) else {
            return;
        };
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
        let words: Vec<&str> = lowered.split_whitespace().collect();
        for word in &words {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if WAKE_WORDS.contains(&bare) {
                cx.report(
                    POINTER,
                    format!("the invocation name contains the wake word `{bare}`"),
                )
                .label("wake word")
                .help("leave Alexa, Amazon, Echo and computer out of the invocation name");
            } else if LAUNCH_WORDS.contains(&bare) {
                cx.report(POINTER, format!("the invocation name contains the launch word `{bare}`"))
                    .label("launch word")
                    .help("customers say \"Alexa, open <name>\"; launch words inside the name confuse that");
            }
        }
        let odd: String = name
            .chars()
            .filter(|c| {
                !(c.is_alphabetic()
                    || c.is_ascii_digit()
                    || c.is_whitespace()
                    || matches!(c, '\'' | '.' | '’'))
            })
            .collect();
        if !odd.is_empty() {
            cx.report(POINTER, format!("the invocation name has characters customers cannot say: `{odd}`"))
                .label("not a letter")
                .help("use only letters, spaces, possessive apostrophes and the periods of spoken abbreviations (`a. b. c.`)");
        }
        // Scripts written without spaces (Japanese, Chinese) are not counted in words.
        let spaced_script = name.chars().any(|c| c.is_ascii_alphabetic());
        let spoken_words = lowered
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .count();
        if spaced_script && spoken_words == 1 {
            cx.report(POINTER, format!("the invocation name `{name}` is one word"))
                .severity(Severity::Warning)
                .label("one word")
                .help("invocation names need at least two words, unless the one word is a brand (or a German compound)");
        }
    }
}
