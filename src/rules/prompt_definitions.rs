use std::collections::HashMap;

use serde_json::Value;

use super::dialog_prompt_reference::PROMPTS;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks the entries of `interactionModel.prompts`: each `id` is defined once, each prompt has at
    /// least one variation, and no variation's `value` is empty.
    ///
    /// ## Why is this bad?
    /// A dialog model refers to its prompts by id: a second prompt with the same id makes the
    /// reference ambiguous, and a prompt with nothing to say leaves Alexa silent at that turn of the
    /// dialog. Amazon's model requires at least one variation, with a non-empty value.
    ///
    /// ## Evidence
    /// Unconfirmed: inferred from the model's structure; no public report quotes the build's message.
    ///
    /// - [ask-smapi-model 1.24.0](https://www.npmjs.com/package/ask-smapi-model/v/1.24.0), `spec.json`: `v1.skill.interactionModel.Prompt` (`variations` with `minItems: 1`, `value` with `minLength: 1`)
    /// - [asklint's notes on the model build, 2.1](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#21-dialog-model-and-prompts): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "samples": ["when is high tide"]}]},
    ///  "prompts": [{"id": "Confirm.Tide", "variations": [{"type": "PlainText", "value": "Shall I look it up?"}]},
    ///              {"id": "Confirm.Tide", "variations": [{"type": "PlainText", "value": "Look it up?"}]}]}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "samples": ["when is high tide"]}]},
    ///  "prompts": [{"id": "Confirm.Tide", "variations": [{"type": "PlainText", "value": "Shall I look it up?"},
    ///                                                    {"type": "PlainText", "value": "Look it up?"}]}]}}
    /// ```
    pub PromptDefinitions {
        code: "IM010",
        name: "prompt-definitions",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for PromptDefinitions {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(prompts) = cx.value.at(PROMPTS).and_then(Value::as_array) else {
            return;
        };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, prompt) in prompts.iter().enumerate() {
            let at = format!("{PROMPTS}/{i}");
            if let Some(id) = prompt.get("id").and_then(Value::as_str) {
                match seen.get(id) {
                    Some(first) => {
                        cx.report(
                            format!("{at}/id"),
                            format!("the prompt id `{id}` is defined twice"),
                        )
                        .label("second definition")
                        .secondary(format!("{PROMPTS}/{first}/id"), "first defined here")
                        .help(
                            "give each prompt its own id, or merge the variations into one prompt",
                        );
                    }
                    None => {
                        seen.insert(id, i);
                    }
                }
            }
            let Some(variations) = prompt.get("variations").and_then(Value::as_array) else {
                continue;
            };
            if variations.is_empty() {
                let pointer = format!("{at}/variations");
                cx.report(&pointer, "the prompt has no variations")
                    .label("nothing to say")
                    .help("add at least one variation: {\"type\": \"PlainText\", \"value\": \"…\"}")
                    .replaces("SCH006", pointer.clone());
                continue;
            }
            for (k, variation) in variations.iter().enumerate() {
                if variation
                    .get("value")
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.trim().is_empty())
                {
                    let pointer = format!("{at}/variations/{k}/value");
                    cx.report(&pointer, "the prompt variation is empty")
                        .label("empty")
                        .help("write what Alexa says, or remove the variation")
                        .replaces("SCH005", pointer.clone());
                }
            }
        }
    }
}
