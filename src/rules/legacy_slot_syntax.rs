use serde_json::Value;

use super::builtins::LITERAL;
use super::phrases::{braces, slot_name};
use super::{INTENTS, model_intents};
use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports the retired `AMAZON.LITERAL` slot type: a slot of that type, and sample utterances
    /// written in its `{example words|slot}` form.
    ///
    /// ## Why is this bad?
    /// The model does not build. `AMAZON.LITERAL` was retired on 2018-10-22 for new models and for
    /// updates: the build reports `InvalidSlotTypeLiteral` for a slot of that type, and refused the
    /// `{words|slot}` form for any other type ("A value may not be supplied for the slot"). Write the
    /// sample as `{slot}` and give the slot a custom type (with the example words as values) or
    /// `AMAZON.SearchQuery`.
    ///
    /// ## Evidence
    /// The server rejects this model when it builds it: `AMAZON.LITERAL` was retired on 2018-10-22.
    ///
    /// - [joanaz/MMM-MirrorMirrorOnTheWall#22](https://github.com/joanaz/MMM-MirrorMirrorOnTheWall/issues/22), [joanaz/MirrorMirrorOnTheWallSkill#42](https://github.com/joanaz/MirrorMirrorOnTheWallSkill/issues/42): the developer console's errors
    /// - [rgraciano/echo-sonos#63](https://github.com/rgraciano/echo-sonos/issues/63), [alexa-js/alexa-app#89](https://github.com/alexa-js/alexa-app/issues/89)
    /// - [asklint's notes on the model build, 2.3](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#23-slot-types): the build errors collected from public reports
    ///
    /// ## Fix
    /// Unsafe (for the samples; a slot's type is not changed): every `{example words|slot}` in the intent's samples becomes `{slot}`, and a sample
    /// that then repeats an earlier one is removed (a model cannot have a sample twice). The
    /// example words are dropped (they belong in the slot type's values), and the slot still needs
    /// a type other than `AMAZON.LITERAL`: review the model after the fix.
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
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
        fix: Unsafe,
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
        for (i, intent) in intents.iter().enumerate() {
            literal_slots(cx, intent, i);
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
            let changes = rewritten(&super::strings_in_items(cx.value, &pointer, ""));
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
            ))
            .unsafe_fix(
                "write each legacy slot of this intent's samples as `{slot}`",
                changes,
            );
        }
    }
}

/// A slot of the retired type itself.
fn literal_slots(cx: &mut Context<'_>, intent: &Value, i: usize) {
    for (j, slot) in intent
        .get("slots")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if slot.get("type").and_then(Value::as_str) != Some(LITERAL) {
            continue;
        }
        cx.report(
            format!("{INTENTS}/{i}/slots/{j}/type"),
            format!("`{LITERAL}` is retired (the build reports InvalidSlotTypeLiteral)"),
        )
        .label("retired type")
        .help("use a custom slot type with example values, or AMAZON.SearchQuery for free-form phrases");
    }
}

/// The changes that write every legacy sample of an intent the modern way. A sample that then says
/// what an earlier one says (`{a|issue}` and `{b|issue}` are both `{issue}`) is removed: a model
/// with the same sample twice does not build.
fn rewritten(samples: &[(String, &str)]) -> Vec<Change> {
    // Each sample as it will read, and whether a rewrite made it so.
    let mut seen: Vec<(String, bool)> = Vec::new();
    let mut changes = Vec::new();
    for (pointer, sample) in samples {
        let legacy = braces(sample).any(|inside| inside.contains('|'));
        let new = if legacy {
            modern(sample)
        } else {
            (*sample).to_owned()
        };
        match seen.iter().find(|(s, _)| *s == new) {
            Some((_, earlier_legacy)) if legacy || *earlier_legacy => {
                changes.push(Change::remove(pointer));
            }
            Some(_) => {}
            None => {
                if legacy {
                    changes.push(Change::replace_string(pointer, &new));
                }
                seen.push((new, legacy));
            }
        }
    }
    changes
}

/// `sample` with every `{example words|slot}` written `{slot}`.
fn modern(sample: &str) -> String {
    let mut out = String::with_capacity(sample.len());
    let mut rest = sample;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(slot_name(&rest[open + 1..open + close]));
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn legacy_slots_are_written_the_modern_way() {
        assert_eq!(
            super::modern("report {the lamp is out|issue} in {kitchen|room} now"),
            "report {issue} in {room} now"
        );
        assert_eq!(super::modern("{a|b} {c} {open"), "{b} {c} {open");
    }

    #[test]
    fn samples_that_become_the_same_are_kept_once() {
        let samples: Vec<(String, &str)> = ["{a|issue}", "help", "{b|issue}", "{issue}", "help"]
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("/s/{i}"), *s))
            .collect();
        assert_eq!(
            super::rewritten(&samples),
            [
                super::Change::replace_string("/s/0", "{issue}"),
                super::Change::remove("/s/2"),
                super::Change::remove("/s/3"),
            ]
        );
    }
}
