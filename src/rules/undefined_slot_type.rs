use serde_json::Value;

use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Reports a slot whose type is neither a built-in `AMAZON.` type nor one of the custom types the
    /// model defines in `languageModel.types`.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server cannot resolve the slot's values. It is usually a typo in
    /// the type's name, or a custom type that was renamed or not copied into this locale's model.
    ///
    /// Source: the legacy skill validator's model checks (ALEXA.md §3.8). Confidence: HARD.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables",
    ///   "intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "PortNames"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "PortName", "values": [{"name": {"value": "dover"}}]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables",
    ///   "intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "PortName"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "PortName", "values": [{"name": {"value": "dover"}}]}]}}}
    /// ```
    pub UndefinedSlotType {
        code: "IM004",
        name: "undefined-slot-type",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

const MODEL: &str = "/interactionModel/languageModel";

impl Rule for UndefinedSlotType {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(model) = cx.value.at(MODEL) else {
            return;
        };
        let defined: Vec<&str> = model
            .get("types")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .collect();
        let Some(intents) = model.get("intents").and_then(Value::as_array) else {
            return;
        };
        for (i, intent) in intents.iter().enumerate() {
            let Some(slots) = intent.get("slots").and_then(Value::as_array) else {
                continue;
            };
            for (j, slot) in slots.iter().enumerate() {
                let Some(slot_type) = slot.get("type").and_then(Value::as_str) else {
                    continue;
                };
                if slot_type.starts_with("AMAZON.") || defined.contains(&slot_type) {
                    continue;
                }
                let finding = cx.report(
                    format!("{MODEL}/intents/{i}/slots/{j}/type"),
                    format!("the slot type `{slot_type}` is not defined in this model"),
                );
                finding.label("undefined type");
                match suggest::closest(slot_type, defined.iter().copied()) {
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help(
                        "define it in `languageModel.types`, or use a built-in type such as `AMAZON.SearchQuery`",
                    ),
                };
            }
        }
    }
}
