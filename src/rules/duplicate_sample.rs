use std::collections::HashMap;

use serde_json::Value;

use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a sample utterance that another intent of the model has too (ignoring case and
    /// spacing), at the second one.
    ///
    /// ## Why is this bad?
    /// It is an utterance conflict: when the customer says it, Alexa picks one of the intents, and
    /// may pick the other after the next build. The build takes it, and the console lists it under
    /// "Utterance Conflicts"; so this is a warning.
    ///
    /// ## Evidence
    /// Advice.
    ///
    /// - [Find utterance conflicts in your model](https://developer.amazon.com/docs/alexa/custom-skills/find-utterance-conflicts-in-your-model.html)
    /// - [asklint's notes on the model build, 2.4](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#24-samples): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "HighTideIntent", "samples": ["when is the tide"]},
    ///   {"name": "LowTideIntent", "samples": ["When is the tide"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "HighTideIntent", "samples": ["when is high tide"]},
    ///   {"name": "LowTideIntent", "samples": ["when is low tide"]}]}}}
    /// ```
    pub DuplicateSample {
        code: "IM018",
        name: "duplicate-sample",
        severity: Warning,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for DuplicateSample {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        // Each sample seen so far, as compared: the first intent that has it, and where.
        let mut seen: HashMap<String, (usize, String)> = HashMap::new();
        for (i, intent) in intents.iter().enumerate() {
            let name = intent.get("name").and_then(Value::as_str).unwrap_or("?");
            for (k, sample) in intent
                .get("samples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let Some(sample) = sample.as_str() else {
                    continue;
                };
                let key = compared(sample);
                if key.is_empty() {
                    continue;
                }
                let pointer = format!("{INTENTS}/{i}/samples/{k}");
                match seen.get(&key) {
                    Some((other, first)) if *other != i => {
                        let other_name = intents[*other]
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or("?");
                        cx.report(
                            &pointer,
                            format!("the sample `{sample}` of `{name}` is also a sample of `{other_name}`"),
                        )
                        .label("utterance conflict")
                        .secondary(first.clone(), format!("in `{other_name}`"))
                        .help("keep the sample in the one intent it should reach");
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, (i, pointer));
                    }
                }
            }
        }
    }
}

/// A sample as the comparison sees it: lower case, single spaces.
fn compared(sample: &str) -> String {
    sample
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
