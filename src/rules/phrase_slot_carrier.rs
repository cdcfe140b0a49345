use serde_json::Value;

use super::phrases::{braces, slot_name};
use super::sample_characters::outside_slots;
use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an intent sample made only of slots when one of them is an `AMAZON.SearchQuery`
    /// (phrase) slot: such a sample needs a carrier phrase, words around the slot.
    ///
    /// ## Why is this bad?
    /// The model does not build: "Sample intent utterances with phrase types cannot consist of only
    /// slots" (a leading space, once a workaround, no longer helps). A phrase slot takes whatever the
    /// customer says, so Alexa needs the carrier phrase to know which intent it is. The answers to a
    /// slot's elicitation (`slots[].samples`) are not intent samples and are not checked.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [keatontaylor/alexa-actions#178](https://github.com/keatontaylor/alexa-actions/issues/178), [k4l1sh/alexa-gpt#1](https://github.com/k4l1sh/alexa-gpt/issues/1), [alexa/alexa-cookbook#89](https://github.com/alexa/alexa-cookbook/issues/89): the build's errors
    /// - [asklint's notes on the model build, 2.4](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#24-samples): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "SearchIntent", "slots": [{"name": "query", "type": "AMAZON.SearchQuery"}], "samples": ["{query}"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "SearchIntent", "slots": [{"name": "query", "type": "AMAZON.SearchQuery"}], "samples": ["search for {query}", "look up {query}"]}]}}}
    /// ```
    pub PhraseSlotCarrier {
        code: "IM017",
        name: "phrase-slot-carrier",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for PhraseSlotCarrier {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        for (i, intent) in intents.iter().enumerate() {
            let phrase_slots: Vec<&str> = intent
                .get("slots")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|s| s.get("type").and_then(Value::as_str) == Some("AMAZON.SearchQuery"))
                .filter_map(|s| s.get("name").and_then(Value::as_str))
                .collect();
            if phrase_slots.is_empty() {
                continue;
            }
            for (k, sample) in intent
                .get("samples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let Some(sample) = sample.as_str() else {
                    continue;
                };
                if !outside_slots(sample).trim().is_empty() {
                    continue;
                }
                let Some(phrase) = braces(sample)
                    .map(slot_name)
                    .find(|name| phrase_slots.contains(name))
                else {
                    continue;
                };
                cx.report(
                    format!("{INTENTS}/{i}/samples/{k}"),
                    format!("the sample is only slots, and `{{{phrase}}}` is an AMAZON.SearchQuery slot: it needs a carrier phrase"),
                )
                .label("no carrier phrase")
                .help(format!("put the words that lead to it around the slot, e.g. \"search for {{{phrase}}}\""));
            }
        }
    }
}
