use serde_json::Value;

use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a custom intent (one whose name does not start with `AMAZON.`) that has no sample
    /// utterances.
    ///
    /// ## Why is this bad?
    /// Nothing a customer says can reach an intent without samples, and the model build rejects
    /// it. Built-in intents come with their own samples and need none. An intent reached only
    /// through dialog delegation still needs samples to be built.
    ///
    /// ## Evidence
    /// Certification asks for this.
    ///
    /// - [The Alexa Skills Kit skill validator](https://github.com/nickarthur/alexa-skills-kit-skill-validator) (a copy of Amazon's retired tool), its model checks
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [{"name": "TideIntent", "samples": []}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [{"name": "TideIntent", "samples": ["when is high tide"]}]}}}
    /// ```
    pub IntentSamples {
        code: "IM006",
        name: "intent-without-samples",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for IntentSamples {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        for (i, intent) in intents.iter().enumerate() {
            let Some(name) = intent.get("name").and_then(Value::as_str) else {
                continue;
            };
            if name.starts_with("AMAZON.") {
                continue;
            }
            let samples = intent.get("samples");
            let has_sample = match samples {
                Some(Value::Array(items)) => items
                    .iter()
                    .any(|s| s.as_str().is_some_and(|s| !s.trim().is_empty())),
                // A string or other type is the schema's to report.
                Some(_) => true,
                None => false,
            };
            if has_sample {
                continue;
            }
            let pointer = match samples {
                Some(_) => format!("{INTENTS}/{i}/samples"),
                None => format!("{INTENTS}/{i}/name"),
            };
            cx.report(pointer, format!("the intent `{name}` has no sample utterances"))
                .label("no samples")
                .help("add the phrases customers say to reach it, e.g. \"samples\": [\"when is high tide\"]");
        }
    }
}
