use std::collections::HashMap;

use serde_json::Value;

use super::dialog_prompt_reference::DIALOG_INTENTS;
use super::model_intents;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Checks that the dialog model speaks of the language model's intents and slots: each
    /// `dialog.intents[].name` is an intent of `languageModel.intents`, and each of its slots a slot of
    /// that intent. A dialog slot whose `type` differs from the intent slot's is a warning.
    ///
    /// ## Why is this bad?
    /// The dialog model only makes sense for the model's own intents: a dialog intent or slot that
    /// the language model lacks (usually one renamed in one place and not the other) cannot be
    /// built or reached. The console builds the dialog model from the language model and copies the
    /// slot's type, so a different type means the two were edited apart.
    ///
    /// ## Evidence
    /// Unconfirmed: inferred from the model's structure; no public report quotes the build's message.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `DialogIntents` and `DialogSlotItems`
    /// - [asklint's notes on the model build, 2.1](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#21-dialog-model-and-prompts): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]},
    ///  "dialog": {"intents": [{"name": "TidesIntent", "slots": [{"name": "harbour", "type": "AMAZON.City", "prompts": {}}]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]},
    ///  "dialog": {"intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City", "prompts": {}}]}]}}}
    /// ```
    pub DialogModelReference {
        code: "IM009",
        name: "dialog-model-reference",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for DialogModelReference {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let (Some(dialog), Some(intents)) = (
            cx.value.at(DIALOG_INTENTS).and_then(Value::as_array),
            model_intents(cx.value),
        ) else {
            return;
        };
        let by_name: HashMap<&str, &Value> = intents
            .iter()
            .filter_map(|it| it.get("name").and_then(Value::as_str).map(|n| (n, it)))
            .collect();
        for (i, dialog_intent) in dialog.iter().enumerate() {
            let Some(intent_name) = dialog_intent.get("name").and_then(Value::as_str) else {
                continue;
            };
            let at = format!("{DIALOG_INTENTS}/{i}");
            let Some(intent) = by_name.get(intent_name) else {
                let finding = cx.report(
                    format!("{at}/name"),
                    format!("the dialog model names the intent `{intent_name}`, which `languageModel.intents` does not define"),
                );
                finding.label("unknown intent");
                // In the model's order, so that the suggestion does not depend on a hash.
                let names = intents
                    .iter()
                    .filter_map(|it| it.get("name").and_then(Value::as_str));
                match suggest::closest(intent_name, names) {
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help(
                        "define the intent in `languageModel.intents`, or remove its dialog entry",
                    ),
                };
                continue;
            };
            let slots: Vec<&Value> = intent
                .get("slots")
                .and_then(Value::as_array)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            let Some(dialog_slots) = dialog_intent.get("slots").and_then(Value::as_array) else {
                continue;
            };
            for (j, dialog_slot) in dialog_slots.iter().enumerate() {
                let Some(slot_name) = dialog_slot.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let Some(slot) = slots
                    .iter()
                    .find(|s| s.get("name").and_then(Value::as_str) == Some(slot_name))
                else {
                    let slot_names = slots
                        .iter()
                        .filter_map(|s| s.get("name").and_then(Value::as_str));
                    let finding = cx.report(
                        format!("{at}/slots/{j}/name"),
                        format!("the dialog model names the slot `{slot_name}`, which the intent `{intent_name}` does not have"),
                    );
                    finding.label("unknown slot");
                    match suggest::closest(slot_name, slot_names) {
                        Some(near) => finding.help(format!("did you mean `{near}`?")),
                        None => finding.help(format!(
                            "add `{slot_name}` to the slots of `{intent_name}` in `languageModel.intents`, or remove it from the dialog model"
                        )),
                    };
                    continue;
                };
                let (Some(dialog_type), Some(slot_type)) = (
                    dialog_slot.get("type").and_then(Value::as_str),
                    slot.get("type").and_then(Value::as_str),
                ) else {
                    continue;
                };
                if dialog_type != slot_type {
                    cx.report(
                        format!("{at}/slots/{j}/type"),
                        format!("the dialog slot `{slot_name}` has the type `{dialog_type}`, but the intent's slot has `{slot_type}`"),
                    )
                    .severity(Severity::Warning)
                    .label("different type")
                    .help(format!("write `{slot_type}` here, as the language model does"));
                }
            }
        }
    }
}
