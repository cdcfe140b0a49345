use serde_json::Value;

use super::phrases::{
    NativePhrases, Utterances, after_wake_word, invocation_name, is_placeholder_name, launch_forms,
    normalize,
};
use super::{manifest, uses_alexa_conversations};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an example phrase that no sample utterance of the locale's interaction model matches,
    /// once the wake word, the launch words and the invocation name are set aside. Slots match any
    /// words; samples that are nothing but a slot (`{answer}`) are not used, as they would match
    /// anything. Only skill packages with an interaction model for the locale are checked.
    ///
    /// Phrases are read in the locale's language: Hindi and Japanese put the launch words after
    /// the name ("Alexa, <name> खोलो", "<name> open करो और <request>", "<name>を開いて"), and the word
    /// that joins the request to the name ("for", "और", "で") is set aside. Phrases that do not
    /// name the invocation name and that Alexa's own models take are not checked: the list
    /// commands of a list skill (`apis.householdList` or list events: "Alexa, add milk to my
    /// shopping list") and the commands of a smart home, video, music or flash briefing skill; nor
    /// are they when the invocation name is a template's placeholder (IM001 reports that).
    ///
    /// ## Why is this bad?
    /// Certification tries every example phrase on the skill, and rejects phrases that the model
    /// cannot recognise: an example that does not work is the first thing a customer tries. The usual
    /// causes are samples that were reworded after the phrases were written, and phrases written in
    /// the store's words rather than the model's. It is a warning because built-in intents and
    /// slot values can make a phrase work that this check cannot see.
    ///
    /// ## Evidence
    /// Certification asks for this: an example phrase that matches no sample utterance fails it.
    ///
    /// - [Launch your skill](https://developer.amazon.com/es-ES/docs/alexa/devconsole/launch-your-skill.html) (the developer console's example phrases)
    /// - [codeforboston/voiceapp311#270](https://github.com/codeforboston/voiceapp311/issues/270): the certification feedback
    /// - [The Alexa Skills Kit skill validator](https://github.com/nickarthur/alexa-skills-kit-skill-validator) (a copy of Amazon's retired tool), its example phrase checks
    /// - [Understand how users invoke custom skills](https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html): the launch forms per language
    /// - [List events in Alexa skills](https://developer.amazon.com/en-US/docs/alexa/smapi/list-events-in-alexa-skills.html)
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

impl Rule for ExamplePhraseUtterance {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((_, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        // An Alexa Conversations skill's phrases are matched by its dialogs, not by samples.
        if uses_alexa_conversations(manifest) {
            return;
        }
        let native = NativePhrases::of(manifest);
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
            let invocation = invocation_name(value);
            // A template's name ("change me") is IM001's to report, once: no phrase names it.
            let placeholder = invocation.is_some_and(is_placeholder_name);
            let invocation = invocation.map(normalize);
            let forms = launch_forms(Some(locale));
            let utterances = Utterances::of_model(value, locale);
            for (i, phrase) in phrases.iter().enumerate() {
                let Some(phrase) = phrase.as_str() else {
                    continue;
                };
                let normalized = normalize(phrase);
                let spoken = after_wake_word(&normalized).unwrap_or(&normalized);
                // After the invocation name come its launch words ("खोलो", "を開いて") and the
                // request; a phrase that ends there opens the skill.
                let request = match invocation.as_deref().and_then(|name| spoken.find(name)) {
                    Some(at) => forms.after_launch_words(
                        spoken[at + invocation.as_deref().map_or(0, str::len)..].trim(),
                    ),
                    // A first phrase without the invocation name is PUB006's to report; a list or
                    // device command goes to Alexa's own model, not to the skill's.
                    None if i == 0 || placeholder || native.takes(spoken) => continue,
                    None => spoken,
                };
                let words = forms.without_connecting(request);
                if words.is_empty()
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
                    "add `{words}` to the samples of the intent it should reach, or reword the phrase to one of its samples"
                ));
            }
        }
    }
}
