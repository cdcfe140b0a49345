use std::collections::HashSet;

use serde_json::Value;

use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Checks the prompt ids the dialog model refers to: each elicitation and confirmation prompt of
    /// a dialog intent or slot, and the prompt of each slot validation, must be the `id` of an entry
    /// in `interactionModel.prompts`, and must not be empty. A slot with `elicitationRequired` (or a
    /// slot or intent with `confirmationRequired`) must name the prompt to say.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server reports `MissingDialogIntentSlotPrompt` for a prompt id
    /// that `prompts` lacks, including the empty id the console leaves behind when a prompt was
    /// deleted. A required elicitation or confirmation without its prompt leaves Alexa nothing to say
    /// (that part is inferred: the console writes the flag and the prompt together).
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [codeforboston/voiceapp311#190](https://github.com/codeforboston/voiceapp311/issues/190): a SMAPI 400
    /// - [alexa/alexa-skills-kit-sdk-for-nodejs#563](https://github.com/alexa/alexa-skills-kit-sdk-for-nodejs/issues/563): the developer console, on a prompt id `""`
    /// - [asklint's notes on the model build, 2.1](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#21-dialog-model-and-prompts): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]},
    ///  "dialog": {"intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City",
    ///    "elicitationRequired": true, "prompts": {"elicitation": "Elicit.Port"}}]}]},
    ///  "prompts": [{"id": "Elicit.Harbour", "variations": [{"type": "PlainText", "value": "Which port?"}]}]}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]},
    ///  "dialog": {"intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City",
    ///    "elicitationRequired": true, "prompts": {"elicitation": "Elicit.Port"}}]}]},
    ///  "prompts": [{"id": "Elicit.Port", "variations": [{"type": "PlainText", "value": "Which port?"}]}]}}
    /// ```
    pub DialogPromptReference {
        code: "IM008",
        name: "dialog-prompt-reference",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

pub(crate) const DIALOG_INTENTS: &str = "/interactionModel/dialog/intents";
pub(crate) const PROMPTS: &str = "/interactionModel/prompts";

/// The build's code, named in every message.
const SERVER_CODE: &str = "the build reports MissingDialogIntentSlotPrompt";

impl Rule for DialogPromptReference {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = cx.value.at(DIALOG_INTENTS).and_then(Value::as_array) else {
            return;
        };
        let ordered: Vec<&str> = cx
            .value
            .at(PROMPTS)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("id").and_then(Value::as_str))
            .collect();
        let ids = Ids {
            known: ordered.iter().copied().collect(),
            ordered,
        };
        for (i, intent) in intents.iter().enumerate() {
            let at = format!("{DIALOG_INTENTS}/{i}");
            check_prompts(cx, intent, &at, &ids, false);
            let Some(slots) = intent.get("slots").and_then(Value::as_array) else {
                continue;
            };
            for (j, slot) in slots.iter().enumerate() {
                let at = format!("{at}/slots/{j}");
                check_prompts(cx, slot, &at, &ids, true);
                let Some(validations) = slot.get("validations").and_then(Value::as_array) else {
                    continue;
                };
                for (k, validation) in validations.iter().enumerate() {
                    if let Some(id) = validation.get("prompt").and_then(Value::as_str) {
                        reference(cx, id, format!("{at}/validations/{k}/prompt"), &ids);
                    }
                }
            }
        }
    }
}

/// The prompt ids of `prompts[]`: in order (for suggestions that do not depend on a hash) and as a
/// set (for lookups).
struct Ids<'a> {
    ordered: Vec<&'a str>,
    known: HashSet<&'a str>,
}

/// The `prompts` of a dialog intent or slot at `at`, and the flags that need them.
fn check_prompts(cx: &mut Context<'_>, item: &Value, at: &str, ids: &Ids<'_>, slot: bool) {
    let prompts = item.get("prompts");
    let mut kinds = vec![("confirmation", "confirmationRequired")];
    if slot {
        kinds.insert(0, ("elicitation", "elicitationRequired"));
    }
    for (kind, flag) in kinds {
        match prompts.and_then(|p| p.get(kind)) {
            Some(Value::String(id)) => reference(cx, id, format!("{at}/prompts/{kind}"), ids),
            // Another type is the schema's to report.
            Some(_) => {}
            None if item.get(flag) == Some(&Value::Bool(true)) => {
                cx.report(
                    format!("{at}/{flag}"),
                    format!("`{flag}` is true but no {kind} prompt is given"),
                )
                .label(format!("no {kind} prompt"))
                .help(format!(
                    "add `\"prompts\": {{\"{kind}\": \"<prompt id>\"}}` naming an entry of `prompts`, or set `{flag}` to false"
                ));
            }
            None => {}
        }
    }
}

/// One prompt id referred to at `pointer`.
fn reference(cx: &mut Context<'_>, id: &str, pointer: String, ids: &Ids<'_>) {
    if id.trim().is_empty() {
        cx.report(pointer, format!("the prompt id is empty ({SERVER_CODE})"))
            .label("empty prompt id")
            .help("name the id of an entry of `prompts`, or remove the reference");
        return;
    }
    if ids.known.contains(id) {
        return;
    }
    let finding = cx.report(
        pointer,
        format!("the prompt `{id}` is not defined in `prompts` ({SERVER_CODE})"),
    );
    finding.label("undefined prompt");
    match suggest::closest(id, ids.ordered.iter().copied()) {
        Some(near) => finding.help(format!("did you mean `{near}`?")),
        None => finding.help(format!(
            "add a prompt with `\"id\": \"{id}\"` and its variations to `prompts`"
        )),
    };
}
