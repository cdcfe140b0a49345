use serde_json::Value;

use super::builtins;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Reports a slot whose type is neither a built-in `AMAZON.` type nor one of the custom types the
    /// model defines in `languageModel.types`. An `AMAZON.` type that asklint does not know is a
    /// warning with the nearest known built-in (the retired `AMAZON.LITERAL` is IM007's).
    ///
    /// ## Why is this bad?
    /// The model does not build: the server cannot resolve the slot's values ("unknown slot type").
    /// It is usually a typo in the type's name (a trailing space counts), or a custom type that was
    /// renamed or not copied into this locale's model. asklint's list of built-in types (the Slot Type
    /// Reference) may lag the service, so an unknown `AMAZON.` name is a warning, not an error.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it ("unknown slot type").
    ///
    /// - [alexa/ask-cli#19](https://github.com/alexa/ask-cli/issues/19), [tartanguru/alexa-google-search#18](https://github.com/tartanguru/alexa-google-search/issues/18): the build's errors
    /// - [The Alexa Skills Kit skill validator](https://github.com/nickarthur/alexa-skills-kit-skill-validator) (a copy of Amazon's retired tool), its model checks
    /// - [asklint's notes on the model build, 2.3](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#23-slot-types): the build errors collected from public reports
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
                if defined.contains(&slot_type)
                    || builtins::is_slot_type(slot_type)
                    || slot_type == builtins::LITERAL
                {
                    continue;
                }
                if slot_type.starts_with("AMAZON.") {
                    unknown_builtin(cx, format!("{MODEL}/intents/{i}/slots/{j}/type"), slot_type);
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

/// An `AMAZON.` type that is not among the built-ins asklint knows.
fn unknown_builtin(cx: &mut Context<'_>, pointer: String, slot_type: &str) {
    let finding = cx
        .report(
            pointer,
            format!("`{slot_type}` is not a built-in slot type asklint knows"),
        )
        .severity(Severity::Warning)
        .label("unknown built-in");
    let trimmed = slot_type.trim();
    if trimmed != slot_type && builtins::is_slot_type(trimmed) {
        finding.help(format!("remove the spaces around the name: `{trimmed}`"));
        return;
    }
    match suggest::closest(slot_type, builtins::slot_types()) {
        Some(near) => finding.help(format!("did you mean `{near}`?")),
        None => finding.help(
            "check the name against the Slot Type Reference (asklint's list may lag the service)",
        ),
    };
}
