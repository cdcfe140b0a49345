use std::collections::HashMap;

use serde_json::Value;

use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a slot whose name is also the name of an intent of the model (ignoring case).
    ///
    /// ## Why is this bad?
    /// The 2017 console refused such a model ("is an intent name as well as a slot name … must not
    /// overlap"). No current build error has been quoted, so this is a warning: the names are still
    /// confusing in the skill's code, where both reach the handler side by side.
    ///
    /// ## Evidence
    /// Unconfirmed: one report from the 2017 developer console.
    ///
    /// - [alexa-js/alexa-app-server#39](https://github.com/alexa-js/alexa-app-server/issues/39)
    /// - [asklint's notes on the model build, 2.2](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#22-intents): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "port", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "PortIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]}}}
    /// ```
    pub SlotNamedLikeIntent {
        code: "IM013",
        name: "slot-named-like-intent",
        severity: Warning,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for SlotNamedLikeIntent {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        // Lower-cased intent name → (index, name), the first of each.
        let mut names: HashMap<String, (usize, &str)> = HashMap::new();
        for (i, intent) in intents.iter().enumerate() {
            if let Some(name) = intent.get("name").and_then(Value::as_str) {
                names.entry(name.to_lowercase()).or_insert((i, name));
            }
        }
        for (i, intent) in intents.iter().enumerate() {
            let Some(slots) = intent.get("slots").and_then(Value::as_array) else {
                continue;
            };
            for (j, slot) in slots.iter().enumerate() {
                let Some(slot_name) = slot.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let Some((k, intent_name)) = names.get(&slot_name.to_lowercase()) else {
                    continue;
                };
                cx.report(
                    format!("{INTENTS}/{i}/slots/{j}/name"),
                    format!("the slot `{slot_name}` is named like the intent `{intent_name}`"),
                )
                .label("same name as an intent")
                .secondary(format!("{INTENTS}/{k}/name"), "the intent")
                .help("give the slot or the intent another name (intents are usually named `…Intent`)");
            }
        }
    }
}
