use serde_json::Value;

use super::builtins;
use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Checks intent names: a custom intent's name starts with a letter and has only letters and
    /// underscores; a name with a period must be an `AMAZON.` built-in. An `AMAZON.` name that is not
    /// a built-in asklint knows is a warning with the nearest known name.
    ///
    /// ## Why is this bad?
    /// The model does not build: the server reports `InvalidIntentName` ("Intent name must contain
    /// only alphabets, periods, and underscores"; the period belongs to `AMAZON.` names, and
    /// `Hello.Intent` is refused). A made-up `AMAZON.` intent is refused too, but asklint's list of
    /// built-ins may lag the service, so that part is a warning. The built-in library's intents
    /// (`AMAZON.SearchAction<object@WeatherForecast>`) are not checked.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [alexa-games/litexa#109](https://github.com/alexa-games/litexa/issues/109): a SMAPI 400
    /// - [jovotech/jovo-model#20](https://github.com/jovotech/jovo-model/issues/20), [Accenture/alexia#45](https://github.com/Accenture/alexia/issues/45)
    /// - [asklint's notes on the model build, 2.2](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#22-intents): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "Tide.Intent", "samples": ["when is high tide"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "Tide_Intent", "samples": ["when is high tide"]}]}}}
    /// ```
    pub IntentName {
        code: "IM011",
        name: "intent-name",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for IntentName {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        for (i, intent) in intents.iter().enumerate() {
            let Some(name) = intent.get("name").and_then(Value::as_str) else {
                continue;
            };
            let pointer = format!("{INTENTS}/{i}/name");
            if name.starts_with("AMAZON.") {
                if builtins::INTENTS.contains(&name) || builtins::is_library_intent(name) {
                    continue;
                }
                let finding = cx
                    .report(
                        pointer,
                        format!("`{name}` is not a built-in intent asklint knows"),
                    )
                    .severity(Severity::Warning)
                    .label("unknown built-in");
                match suggest::closest(name, builtins::INTENTS.iter().copied()) {
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help("the `AMAZON.` prefix is for Amazon's built-in intents; name a custom intent without it (asklint's list may lag the service)"),
                };
                continue;
            }
            if builtins::is_custom_name(name) {
                continue;
            }
            // Words joined by another separator: the same name with underscores.
            let suggestion = name.replace(['.', '-', ' '], "_");
            cx.report(
                pointer,
                format!("`{name}` is not a valid intent name (the build reports InvalidIntentName)"),
            )
            .label("invalid name")
            .help(if builtins::is_custom_name(&suggestion) {
                format!("a custom intent name starts with a letter and has only letters and underscores, e.g. `{suggestion}`")
            } else {
                "a custom intent name starts with a letter and has only letters and underscores".to_owned()
            });
        }
    }
}
