use std::collections::HashMap;

use serde_json::Value;

use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an intent defined a second time in `languageModel.intents`, at the second definition.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server reports `DuplicateIntentName`. It usually comes from a
    /// merge or a copied block; the samples and slots of both definitions belong in one.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [jovotech/jovo-cli#289](https://github.com/jovotech/jovo-cli/issues/289): a skill package import
    /// - [asklint's notes on the model build, 2.2](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#22-intents): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "samples": ["when is high tide"]},
    ///   {"name": "TideIntent", "samples": ["when is low tide"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "samples": ["when is high tide", "when is low tide"]}]}}}
    /// ```
    pub DuplicateIntent {
        code: "IM012",
        name: "duplicate-intent",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for DuplicateIntent {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, intent) in intents.iter().enumerate() {
            let Some(name) = intent.get("name").and_then(Value::as_str) else {
                continue;
            };
            match seen.get(name) {
                Some(first) => {
                    cx.report(
                        format!("{INTENTS}/{i}/name"),
                        format!("the intent `{name}` is defined twice (the build reports DuplicateIntentName)"),
                    )
                    .label("second definition")
                    .secondary(format!("{INTENTS}/{first}/name"), "first defined here")
                    .help("merge the two definitions' samples and slots into one");
                }
                None => {
                    seen.insert(name, i);
                }
            }
        }
    }
}
