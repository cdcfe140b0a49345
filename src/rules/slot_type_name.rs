use serde_json::Value;

use super::builtins;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Checks the names of the slot types a model defines in `languageModel.types`: a custom type's
    /// name starts with a letter and has only letters and underscores; a type named like a built-in
    /// must be a built-in list type that the model extends with values of its own (`AMAZON.City` with
    /// more cities), not one that cannot be extended (`AMAZON.SearchQuery`, `AMAZON.NUMBER`, the dates
    /// and times, `AMAZON.LITERAL`). An `AMAZON.` name asklint does not know is a warning with the
    /// nearest known name.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server reports `InvalidSlotTypeName` for a custom name with other
    /// characters, and for a built-in that cannot be extended written in `types`. Extending a list
    /// type is documented ("Create and Edit Custom Slot Types": extend built-in slot types) and stays
    /// silent. asklint's list of built-ins may lag the service, so an unknown `AMAZON.` name is a
    /// warning.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [alexa-samples/skill-sample-nodejs-salesforce#3](https://github.com/alexa-samples/skill-sample-nodejs-salesforce/issues/3), [3SpheresRoboticsProject/flask_ask_ros#2](https://github.com/3SpheresRoboticsProject/flask_ask_ros/issues/2): the developer console's errors
    /// - [Slot type reference](https://developer.amazon.com/docs/custom-skills/slot-type-reference.html)
    /// - [asklint's notes on the model build, 2.3](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#23-slot-types): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "port-names"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "port-names", "values": [{"name": {"value": "dover"}}]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "PORT_NAMES"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "PORT_NAMES", "values": [{"name": {"value": "dover"}}]}]}}}
    /// ```
    pub SlotTypeName {
        code: "IM014",
        name: "slot-type-name",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

pub(crate) const TYPES: &str = "/interactionModel/languageModel/types";

impl Rule for SlotTypeName {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(types) = cx.value.at(TYPES).and_then(Value::as_array) else {
            return;
        };
        for (i, slot_type) in types.iter().enumerate() {
            let Some(name) = slot_type.get("name").and_then(Value::as_str) else {
                continue;
            };
            let pointer = format!("{TYPES}/{i}/name");
            if builtins::LIST_SLOT_TYPES.contains(&name) || builtins::is_custom_name(name) {
                continue;
            }
            if builtins::CLOSED_SLOT_TYPES.contains(&name) || name == builtins::LITERAL {
                cx.report(
                    pointer,
                    format!("the built-in type `{name}` cannot be extended with values (the build reports InvalidSlotTypeName)"),
                )
                .label("not extensible")
                .help("give the custom type a name of its own (letters and underscores), and use it for the slot");
            } else if name.starts_with("AMAZON.") {
                let finding = cx
                    .report(
                        pointer,
                        format!("`{name}` is not a built-in slot type asklint knows"),
                    )
                    .severity(Severity::Warning)
                    .label("unknown built-in");
                match suggest::closest(name, builtins::LIST_SLOT_TYPES.iter().copied()) {
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help("the `AMAZON.` prefix is for extending Amazon's built-in list types; name a custom type without it (asklint's list may lag the service)"),
                };
            } else {
                cx.report(
                    pointer,
                    format!("`{name}` is not a valid slot type name (the build reports InvalidSlotTypeName)"),
                )
                .label("invalid name")
                .help("a custom slot type name starts with a letter and has only letters and underscores; rename it here and in the slots that use it");
            }
        }
    }
}
