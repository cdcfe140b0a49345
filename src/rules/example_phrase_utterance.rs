use serde_json::Value;

use super::manifest;
use super::phrases::{Utterances, after_wake_word, invocation_name, normalize};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports an example phrase that no sample utterance of the locale's interaction model matches,
    /// once the wake word, the launch words and the invocation name are set aside. Slots match any
    /// words; samples that are nothing but a slot (`{answer}`) are not used, as they would match
    /// anything. Only skill packages with an interaction model for the locale are checked.
    ///
    /// ## Why is this bad?
    /// Certification tries every example phrase on the skill, and rejects phrases that the model
    /// cannot recognise: an example that does not work is the first thing a customer tries. The usual
    /// causes are samples that were reworded after the phrases were written, and phrases written in
    /// the store's words rather than the model's. It is a warning because built-in intents and
    /// slot values can make a phrase work that this check cannot see.
    ///
    /// Source: the launch checklist, certification feedback in voiceapp311#270, the legacy skill
    /// validator (ALEXA.md §2 L10). Confidence: CERT.
    ///
    /// ## Example
    /// Invalid: with a model whose only sample is `when is high tide in {port}`:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"examplePhrases": ["Alexa, open tide tables", "Alexa, ask tide tables for the weather"]}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"examplePhrases": ["Alexa, open tide tables", "Alexa, ask tide tables when is high tide in Dover"]}}}}}
    /// ```
    pub ExamplePhraseUtterance {
        code: "IM002",
        name: "example-phrase-utterance",
        severity: Warning,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0],
    }
}

/// What a customer may say to a built-in intent without a sample in the model (help, stop,
/// cancel and the like, in the languages of the Alexa locales).
#[rustfmt::skip]
const BUILT_IN: &[&str] = &[
    "help", "stop", "cancel", "start over", "repeat", "pause", "resume", // en
    "hilfe", "stopp", "abbrechen", // de
    "aide", "arrête", "annule", // fr
    "ayuda", "para", "cancela", // es
    "aiuto", "annulla", // it
    "ajuda", "parar", "cancelar", // pt
    "ヘルプ", "止めて", "キャンセル", // ja
];

/// Launch words that follow the invocation name, in languages that put the verb last ("潮見表を開いて").
const LAUNCH_AFTER_NAME: &[&str] = &[
    "を開いて",
    "を起動して",
    "をスタートして",
    "を始めて",
    "につないで",
    "開いて",
    "起動して",
];

impl Rule for ExamplePhraseUtterance {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        // An Alexa Conversations skill's phrases are matched by its dialogs, not by samples.
        if manifest(cx.kind, cx.value).is_some_and(|(_, m)| uses_alexa_conversations(m)) {
            return;
        }
        let package = cx.package;
        for entry in cx.listing_entries() {
            let locale = entry.locale;
            let Some(phrases) = entry.value.get("examplePhrases").and_then(Value::as_array) else {
                continue;
            };
            let Some(model) = package.model(locale) else {
                continue;
            };
            let Some(value) = &model.value else {
                continue;
            };
            let invocation = invocation_name(value).map(normalize);
            let utterances = Utterances::of_model(value, locale);
            for (i, phrase) in phrases.iter().enumerate() {
                let Some(phrase) = phrase.as_str() else {
                    continue;
                };
                let normalized = normalize(phrase);
                let spoken = after_wake_word(&normalized).unwrap_or(&normalized);
                // After the invocation name comes the request; a phrase that ends with it opens the skill.
                let request = match invocation.as_deref().and_then(|name| spoken.find(name)) {
                    Some(at) => spoken[at + invocation.as_deref().map_or(0, str::len)..].trim(),
                    // A first phrase without the invocation name is PUB006's to report.
                    None if i == 0 => continue,
                    None => spoken,
                };
                if request.is_empty()
                    || LAUNCH_AFTER_NAME.contains(&request)
                    || BUILT_IN
                        .iter()
                        .any(|b| request == *b || request.ends_with(&format!(" {b}")))
                    || utterances.match_end_of(request)
                    // Samples may themselves name the skill ("三ツ矢さんを開いて").
                    || utterances.match_end_of(spoken)
                {
                    continue;
                }
                cx.report(
                    format!("{}/{i}", entry.pointer("examplePhrases")),
                    format!("no sample utterance in {} matches this example phrase", model.file),
                )
                .label("not a sample utterance")
                .help(format!(
                    "add `{}` to the samples of the intent it should reach, or reword the phrase to one of its samples",
                    without_connector(request)
                ));
            }
        }
    }
}

/// The request without the word that joins it to the invocation name ("ask tide tables *for* …").
fn without_connector(request: &str) -> &str {
    CONNECTORS
        .iter()
        .find_map(|c| request.strip_prefix(c)?.strip_prefix(' '))
        .unwrap_or(request)
}

const CONNECTORS: &[&str] = &["to", "for", "about", "if", "whether", "that"];

fn uses_alexa_conversations(manifest: &Value) -> bool {
    manifest
        .at("/apis/custom/dialogManagement/dialogManagers")
        .and_then(Value::as_array)
        .is_some_and(|managers| {
            managers
                .iter()
                .any(|m| m.get("type").and_then(Value::as_str) == Some("AMAZON.Conversations"))
        })
}
