use super::phrases::{braces, slot_name};
use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports sample utterances written in the retired `{example words|slot}` form of the
    /// `AMAZON.LITERAL` slot type.
    ///
    /// ## Why is this bad?
    /// `AMAZON.LITERAL` and its sample syntax were replaced by custom slot types and
    /// `AMAZON.SearchQuery`; the form is kept only for old English skills, and new models should not
    /// use it. Write the sample as `{slot}` and give the slot a custom type (with the example words as
    /// values) or `AMAZON.SearchQuery`.
    ///
    /// Source: the legacy skill validator's model checks (ALEXA.md §3.8). Confidence: REC.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "help desk", "intents": [
    ///   {"name": "ReportIntent", "slots": [{"name": "issue", "type": "AMAZON.LITERAL"}], "samples": ["{the lamp is out|issue}"]}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "help desk", "intents": [
    ///   {"name": "ReportIntent", "slots": [{"name": "issue", "type": "AMAZON.SearchQuery"}], "samples": ["report {issue}"]}]}}}
    /// ```
    pub LegacySlotSyntax {
        code: "IM007",
        name: "legacy-slot-syntax",
        severity: Warning,
        kinds: [InteractionModel],
    }
}

impl Rule for LegacySlotSyntax {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(intents) = model_intents(cx.value) else {
            return;
        };
        for i in 0..intents.len() {
            let pointer = format!("{INTENTS}/{i}/samples");
            // One finding per intent, at its first legacy sample: the fix is the same for all.
            let legacy: Vec<(String, &str)> = super::strings_in_items(cx.value, &pointer, "")
                .into_iter()
                .filter_map(|(pointer, sample)| {
                    braces(sample)
                        .find(|inside| inside.contains('|'))
                        .map(|literal| (pointer, literal))
                })
                .collect();
            let Some((first, literal)) = legacy.first() else {
                continue;
            };
            let slot = slot_name(literal);
            let more = match legacy.len() {
                1 => String::new(),
                2 => " (so does one more sample of this intent)".to_owned(),
                n => format!(" (so do {} more samples of this intent)", n - 1),
            };
            cx.report(
                first,
                format!("`{{{literal}}}` is the retired AMAZON.LITERAL sample form{more}"),
            )
            .label("legacy form")
            .help(format!(
                "write `{{{slot}}}` and give `{slot}` a custom slot type or AMAZON.SearchQuery"
            ));
        }
    }
}
