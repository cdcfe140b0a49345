use serde_json::Value;

use super::manifest;
use super::phrases::{
    NativePhrases, after_wake_word, invocation_name, is_placeholder_name, launch_forms,
    names_invocation, normalize, starts_with_wake_word,
};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks that the first example phrase of each locale starts with the wake word and names the
    /// skill's invocation name ("Alexa, open tide tables"). The invocation name is taken from the
    /// locale's interaction model when the skill package has one.
    ///
    /// ## Why is this bad?
    /// The first example phrase is the one the skill store shows on the skill's card, and certification
    /// requires it to be a complete way of opening the skill: wake word, launch word, invocation name.
    /// A phrase without them does not tell a customer how to reach the skill. The other phrases may be
    /// bare utterances. Phrases are compared as spoken: case, punctuation and spacing do not count.
    /// A list skill's first phrase may be a list command ("Alexa, add milk to my shopping list"),
    /// and a smart home, video, music or flash briefing skill's a device command: Alexa's own
    /// models take them, without an invocation name. An invocation name that is a template's
    /// placeholder (`change me`) is IM001's to report, once, not here in every locale. The help
    /// writes the opening phrase in the locale's form ("Alexa, <name> खोलो" in hi-IN).
    ///
    /// ## Evidence
    /// Certification asks for this.
    ///
    /// - [The Alexa Skills Kit skill validator](https://github.com/nickarthur/alexa-skills-kit-skill-validator) (a copy of Amazon's retired tool), "First Example Phrases has Wake Word and Invocation Name"
    /// - [Launch your skill](https://developer.amazon.com/es-ES/docs/alexa/devconsole/launch-your-skill.html) (the developer console's example phrases)
    /// - [Choose the invocation name for a custom skill](https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html): only custom skills have one
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "examplePhrases": ["when is high tide in Dover"]}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "examplePhrases": ["Alexa, open tide tables", "Alexa, ask tide tables when is high tide in Dover"]}}}}}
    /// ```
    pub ExamplePhraseWakeWord {
        code: "PUB006",
        name: "example-phrase-wake-word",
        severity: Error,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

impl Rule for ExamplePhraseWakeWord {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let package = cx.package;
        let native = manifest(cx.kind, cx.value)
            .map_or_else(NativePhrases::default, |(_, m)| NativePhrases::of(m));
        for entry in cx.listing_entries() {
            let locale = entry.locale;
            let Some(first) = entry
                .value
                .at("/examplePhrases/0")
                .and_then(Value::as_str)
                .filter(|p| !p.trim().is_empty())
            else {
                continue;
            };
            let pointer = || format!("{}/0", entry.pointer("examplePhrases"));
            let forms = launch_forms(Some(locale));
            if !starts_with_wake_word(first) {
                let open = forms.open_phrase("<invocation name>");
                cx.report(
                    pointer(),
                    "the first example phrase does not start with the wake word",
                )
                .label("no wake word")
                .help(format!(
                    "start it as a customer would speak it: \"Alexa, {open}\""
                ));
            }
            let model = package.model(locale).and_then(|m| m.value.as_ref());
            // A template's name ("change me") is IM001's to report, once, not here in every locale.
            let Some(invocation) = model
                .and_then(invocation_name)
                .filter(|name| !is_placeholder_name(name))
            else {
                continue;
            };
            let spoken = normalize(first);
            if !names_invocation(&spoken, invocation)
                && !native.takes(after_wake_word(&spoken).unwrap_or(&spoken))
            {
                let file = package.model_file(locale);
                let open = forms.open_phrase(invocation);
                cx.report(
                    pointer(),
                    format!(
                        "the first example phrase does not name the invocation name `{invocation}`"
                    ),
                )
                .label("no invocation name")
                .help(format!(
                    "the invocation name comes from {file}; write \"Alexa, {open}\""
                ));
            }
        }
    }
}
