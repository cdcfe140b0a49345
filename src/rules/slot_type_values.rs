use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::INTENTS;
use super::model_intents;
use super::slot_type_name::TYPES;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks the values of the custom slot types in `languageModel.types`. A slot whose custom type
    /// has no values (and no `valueSupplier`) is an error; a type without values that no slot uses, a
    /// value defined twice in one type (ignoring case and surrounding spaces), and a synonym written
    /// twice for one value are warnings. A synonym equal to its own value is not reported: it
    /// changes nothing, and lists generated from data often have it.
    ///
    /// ## Why is this bad?
    /// The model does not build when a slot's type has nothing to resolve: the server reports
    /// `MissingSlot` ("missing slot values in slot type … for slot … in intent …"). Duplicate values
    /// and synonyms do not change what Alexa hears; the 2017 console refused them, but today's build
    /// takes them (Amazon's own fact sample ships some), so they are warnings: one of the two is
    /// usually meant to be something else. An empty `synonyms: []` is what the console writes and is
    /// fine.
    ///
    /// ## Evidence
    /// The server rejects a custom slot type without values when it builds the model. That it rejects
    /// duplicate values is inferred from a 2017 report.
    ///
    /// - [3SpheresRoboticsProject/flask_ask_ros#2](https://github.com/3SpheresRoboticsProject/flask_ask_ros/issues/2), [Fenton-Fenton-Fenton/alexa-tube#15](https://github.com/Fenton-Fenton-Fenton/alexa-tube/issues/15): missing values
    /// - [alexa/ask-cli#13](https://github.com/alexa/ask-cli/issues/13): duplicates (2017)
    /// - [asklint's notes on the model build, 2.3](https://github.com/asklint/asklint/blob/main/docs/interaction-model-build.md#23-slot-types): the build errors collected from public reports
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables",
    ///   "intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "PORT_NAMES"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "PORT_NAMES", "values": []}]}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"interactionModel": {"languageModel": {"invocationName": "tide tables",
    ///   "intents": [{"name": "TideIntent", "slots": [{"name": "port", "type": "PORT_NAMES"}], "samples": ["tides in {port}"]}],
    ///   "types": [{"name": "PORT_NAMES", "values": [{"name": {"value": "dover"}}, {"name": {"value": "whitby"}}]}]}}}
    /// ```
    pub SlotTypeValues {
        code: "IM015",
        name: "slot-type-values",
        severity: Error,
        requirement: Build,
        kinds: [InteractionModel],
    }
}

impl Rule for SlotTypeValues {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some(types) = cx.value.at(TYPES).and_then(Value::as_array) else {
            return;
        };
        let mut empty: Vec<(usize, &str)> = Vec::new();
        for (i, slot_type) in types.iter().enumerate() {
            let Some(name) = slot_type.get("name").and_then(Value::as_str) else {
                continue;
            };
            let values = slot_type.get("values").and_then(Value::as_array);
            let without_values =
                values.is_none_or(Vec::is_empty) && slot_type.get("valueSupplier").is_none();
            // An extended built-in (`AMAZON.City`) has the built-in's values.
            if without_values && !name.starts_with("AMAZON.") {
                empty.push((i, name));
            }
            for (pointer, message) in duplicates(values.map_or(&[][..], Vec::as_slice), i) {
                cx.report(pointer, message)
                    .severity(Severity::Warning)
                    .label("duplicate")
                    .help("remove the repetition, or write the word that was meant");
            }
        }
        if !empty.is_empty() {
            let mut users = slot_users(cx.value);
            for (i, name) in empty {
                empty_type(cx, i, name, users.remove(name).unwrap_or_default());
            }
        }
    }
}

/// A slot that uses a type: `(pointer of its type, slot name, intent name)`.
type SlotUse<'a> = (String, &'a str, &'a str);

/// The slots of the model by the name of their type.
fn slot_users(model: &Value) -> HashMap<&str, Vec<SlotUse<'_>>> {
    let mut users: HashMap<&str, Vec<SlotUse<'_>>> = HashMap::new();
    for (k, intent) in model_intents(model).into_iter().flatten().enumerate() {
        let intent_name = intent.get("name").and_then(Value::as_str).unwrap_or("?");
        for (j, slot) in intent
            .get("slots")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(slot_type) = slot.get("type").and_then(Value::as_str) {
                let slot_name = slot.get("name").and_then(Value::as_str).unwrap_or("?");
                users.entry(slot_type).or_default().push((
                    format!("{INTENTS}/{k}/slots/{j}/type"),
                    slot_name,
                    intent_name,
                ));
            }
        }
    }
    users
}

/// A custom type without values: an error at each slot that uses it, a warning when none does.
fn empty_type(cx: &mut Context<'_>, i: usize, name: &str, users: Vec<SlotUse<'_>>) {
    let type_pointer = format!("{TYPES}/{i}/name");
    if users.is_empty() {
        cx.report(
            &type_pointer,
            format!("the slot type `{name}` has no values"),
        )
        .severity(Severity::Warning)
        .label("no values")
        .help("add its values, or remove the type: no slot uses it");
        return;
    }
    for (pointer, slot_name, intent_name) in users {
        cx.report(
            pointer,
            format!("the slot `{slot_name}` of `{intent_name}` has the type `{name}`, which has no values (the build reports MissingSlot)"),
        )
        .label("type without values")
        .secondary(type_pointer.clone(), "defined here without values")
        .help(format!("add values to `{name}` in `languageModel.types`"));
    }
}

/// `(pointer, message)` of each value that repeats an earlier one of the type, and each synonym
/// that repeats an earlier synonym of its value.
fn duplicates(values: &[Value], i: usize) -> Vec<(String, String)> {
    let key = |s: &str| s.trim().to_lowercase();
    let mut found = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (j, value) in values.iter().enumerate() {
        let at = format!("{TYPES}/{i}/values/{j}/name");
        let Some(text) = value.at("/name/value").and_then(Value::as_str) else {
            continue;
        };
        if !seen.insert(key(text)) {
            found.push((
                format!("{at}/value"),
                format!("the value `{text}` is defined twice in this slot type"),
            ));
        }
        // A synonym that repeats its own value is harmless (lists generated from data do it) and
        // is not reported; a synonym written twice is.
        let mut synonyms_seen: HashSet<String> = HashSet::new();
        for (s, synonym) in value
            .at("/name/synonyms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Some(synonym) = synonym.as_str() else {
                continue;
            };
            if !synonyms_seen.insert(key(synonym)) {
                found.push((
                    format!("{at}/synonyms/{s}"),
                    format!("the synonym `{synonym}` of `{text}` is written twice"),
                ));
            }
        }
    }
    found
}
