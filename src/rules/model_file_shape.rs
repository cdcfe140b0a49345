use serde_json::Value;

use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a file checked as an interaction model (a `.json` file under `interactionModels/`, or
    /// one given `--kind interaction-model`) that is not in the shape the build takes,
    /// `{"interactionModel": {"languageModel": …}}`, and says which shape it is: the retired intent
    /// schema (`{"intents": [{"intent": …}]}`), the v0 model without its `interactionModel` wrapper
    /// (`{"languageModel": …}`), or something else.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server answers `InvalidModelDefinitionSchema`. The intent schema
    /// and the separate sample-utterance and slot-value files were the model format before 2017; the
    /// console's JSON editor and `ask deploy` take only the interaction model. A file in the model
    /// folder is checked as a model whatever its shape, so the file gets this one finding rather than
    /// "cannot tell what kind of document this is".
    ///
    /// ## Evidence
    /// The server rejects this model file.
    ///
    /// - [alexa-samples/skill-sample-nodejs-quiz-game#28](https://github.com/alexa-samples/skill-sample-nodejs-quiz-game/issues/28)
    /// - [Custom interaction model reference](https://developer.amazon.com/docs/custom-skills/custom-interaction-model-reference.html) and [Interaction model schema (v0)](https://developer.amazon.com/docs/smapi/interaction-model-schema-v0.html): the retired file shapes
    /// - [asklint's notes on the model build, 2.8](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#28-model-files-im019-model-file-shape-loc): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid: `skill-package/interactionModels/custom/en-GB.json` in the intent-schema format:
    /// ```json
    /// {"intents": [{"intent": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}]},
    ///              {"intent": "AMAZON.HelpIntent"}]}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]}}}
    /// ```
    pub ModelFileShape {
        code: "IM019",
        name: "model-file-shape",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

/// The shape the build takes, for every message.
const EXPECTED: &str = "the build takes `{\"interactionModel\": {\"languageModel\": {\"invocationName\": …, \"intents\": […]}}}`";

impl Rule for ModelFileShape {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(object) = cx.value.as_object() else {
            cx.report(
                "",
                "this file is not a JSON object, so it is not an interaction model",
            )
            .label("not a model")
            .help(EXPECTED)
            .replaces("SCH003", "");
            return;
        };
        if object.contains_key("interactionModel") {
            return;
        }
        let is_intent_schema = object
            .get("intents")
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|i| i.get("intent").is_some()));
        // Point at the key that shows the shape, not at the whole file.
        let (key, message, help) = if is_intent_schema {
            (
                Some("intents"),
                "this file is in the retired intent-schema format (`{\"intents\": [{\"intent\": …}]}`), not an interaction model",
                format!(
                    "{EXPECTED}; each intent becomes `{{\"name\": …, \"slots\": […], \"samples\": […]}}` with its sample utterances, and custom slot values go into `languageModel.types`"
                ),
            )
        } else if object.contains_key("languageModel") {
            (
                Some("languageModel"),
                "this file has a `languageModel` without the `interactionModel` around it (the build reports InvalidModelDefinitionSchema)",
                format!("{EXPECTED}: wrap the file's object in `{{\"interactionModel\": …}}`"),
            )
        } else {
            (
                object.keys().next().map(String::as_str),
                "this file is in the interaction model folder but is not an interaction model (the build reports InvalidModelDefinitionSchema)",
                format!("{EXPECTED}; move other files out of the model folder"),
            )
        };
        let pointer = key.map_or_else(String::new, |k| crate::span_index::child("", k));
        let finding = cx.report(pointer, message);
        finding
            .on_key()
            .label("not an interaction model")
            .help(help);
        // The schema's errors say the same thing piece by piece: this finding explains them.
        finding.replaces("SCH001", "/interactionModel");
        for key in object.keys() {
            finding.replaces("SCH002", crate::span_index::child("", key));
        }
    }
}
