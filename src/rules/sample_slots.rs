use serde_json::Value;

use super::phrases::{braces, slot_name};
use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::suggest;

declare_rule! {
    /// ## What it does
    /// Checks the `{slot}` references in an intent's sample utterances (and in its slots' own
    /// samples): each must name one of the intent's slots, and no sample may name the same slot twice.
    ///
    /// ## Why is this bad?
    /// The model does not build: a sample that refers to a slot the intent does not declare, or that
    /// uses one slot twice, is rejected when the model is built. The usual cause is a slot that was
    /// renamed in one place, or a sample copied from another intent.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it.
    ///
    /// - [The Alexa Skills Kit skill validator](https://github.com/nickarthur/alexa-skills-kit-skill-validator) (a copy of Amazon's retired tool), its model checks
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {harbour}", "tides from {port} to {port}"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
    ///   {"name": "TideIntent", "slots": [{"name": "port", "type": "AMAZON.City"}], "samples": ["tides in {port}"]}]}}}
    /// ```
    pub SampleSlots {
        code: "IM005",
        name: "sample-slot-reference",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for SampleSlots {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        for (i, intent) in intents.iter().enumerate() {
            let slots: Vec<&Value> = intent
                .get("slots")
                .and_then(Value::as_array)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            let names: Vec<&str> = slots
                .iter()
                .filter_map(|s| s.get("name").and_then(Value::as_str))
                .collect();
            let mut samples = samples_at(intent, &format!("{INTENTS}/{i}/samples"));
            for (j, slot) in slots.iter().enumerate() {
                samples.extend(samples_at(
                    slot,
                    &format!("{INTENTS}/{i}/slots/{j}/samples"),
                ));
            }
            for (pointer, sample) in samples {
                let mut seen: Vec<&str> = Vec::new();
                for reference in braces(sample).map(slot_name) {
                    if !names.contains(&reference) {
                        let finding = cx.report(
                            &pointer,
                            format!("the sample refers to `{{{reference}}}`, which is not a slot of this intent"),
                        );
                        finding.label("undefined slot");
                        match suggest::closest(reference, names.iter().copied()) {
                            Some(near) => finding.help(format!("did you mean `{{{near}}}`?")),
                            None => finding.help(format!(
                                "declare `{reference}` in the intent's `slots`, or remove it from the sample"
                            )),
                        };
                    } else if seen.contains(&reference) {
                        cx.report(
                            &pointer,
                            format!("the sample uses the slot `{{{reference}}}` twice"),
                        )
                        .label("slot used twice")
                        .help("a slot can appear once per sample; add a second slot for the second value");
                    }
                    seen.push(reference);
                }
            }
        }
    }
}

/// `(pointer, text)` of each string sample in the array at `value.samples`.
fn samples_at<'a>(value: &'a Value, pointer: &str) -> Vec<(String, &'a str)> {
    value
        .get("samples")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(k, s)| s.as_str().map(|s| (format!("{pointer}/{k}"), s)))
        .collect()
}
