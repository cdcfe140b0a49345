//! The built-in Rust rules, one file each, and the one explicit list of them.

mod builtins;
mod category_value;
mod cli_v1_source_dir;
mod dialog_model_reference;
mod dialog_prompt_reference;
mod duplicate_intent;
mod duplicate_sample;
mod empty_permissions;
mod endpoint_regions;
mod endpoint_uri;
mod envelope;
mod example_phrase_utterance;
mod example_phrase_wake_word;
mod icon_uri;
mod inconsistent_endpoints;
mod intent_name;
mod intent_samples;
mod interaction_model_locale;
mod invocation_name;
mod legacy_slot_syntax;
mod locale_consistency;
mod locale_format;
mod locale_keys;
mod manifest_version;
mod max_results_range;
mod model_file_shape;
mod next_token_empty;
mod personal_info_declaration;
mod phrase_slot_carrier;
mod phrases;
mod placeholder_text;
mod privacy_fields_required;
mod privacy_policy_required;
mod privacy_url_https;
mod prompt_definitions;
mod required_builtin_intents;
mod sample_characters;
mod sample_slots;
mod skill_id_format;
mod slot_named_like_intent;
mod slot_type_name;
mod slot_type_values;
mod ssl_certificate_type;
mod stage_value;
mod status_value;
mod undefined_slot_type;
mod unit_id_format;
mod unsupported_locale;

use std::sync::LazyLock;

use serde_json::Value;

use crate::rule::Rule;
use crate::span_index::Pointer;

pub(crate) use crate::facts::{locale_entries, manifest, manifest_objects_named};

pub(crate) use crate::facts::EndpointType;
pub use category_value::CategoryValue;
pub use cli_v1_source_dir::CliV1SourceDir;
pub use dialog_model_reference::DialogModelReference;
pub use dialog_prompt_reference::DialogPromptReference;
pub use duplicate_intent::DuplicateIntent;
pub use duplicate_sample::DuplicateSample;
pub use empty_permissions::EmptyPermissions;
pub use endpoint_regions::EndpointRegions;
pub use endpoint_uri::EndpointUri;
pub use envelope::Envelope;
pub use example_phrase_utterance::ExamplePhraseUtterance;
pub use example_phrase_wake_word::ExamplePhraseWakeWord;
pub use icon_uri::IconUri;
pub use inconsistent_endpoints::InconsistentEndpoints;
pub use intent_name::IntentName;
pub use intent_samples::IntentSamples;
pub use interaction_model_locale::InteractionModelLocale;
pub use invocation_name::InvocationName;
pub use legacy_slot_syntax::LegacySlotSyntax;
pub use locale_consistency::LocaleConsistency;
pub use locale_format::LocaleFormat;
pub use manifest_version::ManifestVersion;
pub use max_results_range::MaxResultsRange;
pub use model_file_shape::ModelFileShape;
pub use next_token_empty::NextTokenEmpty;
pub use personal_info_declaration::PersonalInfoDeclaration;
pub use phrase_slot_carrier::PhraseSlotCarrier;
pub use placeholder_text::PlaceholderText;
pub use privacy_fields_required::PrivacyFieldsRequired;
pub use privacy_policy_required::PrivacyPolicyRequired;
pub use privacy_url_https::PrivacyUrlHttps;
pub use prompt_definitions::PromptDefinitions;
pub use required_builtin_intents::RequiredBuiltinIntents;
pub use sample_characters::SampleCharacters;
pub use sample_slots::SampleSlots;
pub use skill_id_format::SkillIdFormat;
pub use slot_named_like_intent::SlotNamedLikeIntent;
pub use slot_type_name::SlotTypeName;
pub use slot_type_values::SlotTypeValues;
pub use ssl_certificate_type::SslCertificateType;
pub use stage_value::StageValue;
pub use status_value::StatusValue;
pub use undefined_slot_type::UndefinedSlotType;
pub use unit_id_format::UnitIdFormat;
pub use unsupported_locale::UnsupportedLocale;

/// The Rust rules, sorted by code: the one explicit list.
pub const RUST: &[&dyn Rule] = &[
    &EndpointUri,
    &SslCertificateType,
    &EndpointRegions,
    &InconsistentEndpoints,
    &CliV1SourceDir,
    &SkillIdFormat,
    &UnitIdFormat,
    &InvocationName,
    &ExamplePhraseUtterance,
    &RequiredBuiltinIntents,
    &UndefinedSlotType,
    &SampleSlots,
    &IntentSamples,
    &LegacySlotSyntax,
    &DialogPromptReference,
    &DialogModelReference,
    &PromptDefinitions,
    &IntentName,
    &DuplicateIntent,
    &SlotNamedLikeIntent,
    &SlotTypeName,
    &SlotTypeValues,
    &SampleCharacters,
    &PhraseSlotCarrier,
    &DuplicateSample,
    &ModelFileShape,
    &LocaleFormat,
    &UnsupportedLocale,
    &LocaleConsistency,
    &InteractionModelLocale,
    &ManifestVersion,
    &Envelope,
    &MaxResultsRange,
    &NextTokenEmpty,
    &EmptyPermissions,
    &PrivacyPolicyRequired,
    &PersonalInfoDeclaration,
    &PrivacyFieldsRequired,
    &PrivacyUrlHttps,
    &ExamplePhraseWakeWord,
    &CategoryValue,
    &IconUri,
    &PlaceholderText,
    &StageValue,
    &StatusValue,
];

/// Every built-in rule, Rust and data (`rules/*.toml`), sorted by code.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
        let data = crate::data_rule::BUILTIN_RULES
            .iter()
            .map(|r| *r as &'static dyn Rule);
        let mut all: Vec<&'static dyn Rule> = RUST.iter().copied().chain(data).collect();
        all.sort_by_key(|r| r.meta().code);
        all
    });
    &ALL
}

/// Whether the skill's dialogs are Alexa Conversations (`AMAZON.Conversations` dialog delegation):
/// its phrases reach dialogs rather than samples, and it needs other built-in intents.
pub(crate) fn uses_alexa_conversations(manifest: &Value) -> bool {
    manifest
        .at("/apis/custom/dialogManagement/dialogManagers")
        .and_then(Value::as_array)
        .is_some_and(|managers| {
            managers
                .iter()
                .any(|m| m.get("type").and_then(Value::as_str) == Some("AMAZON.Conversations"))
        })
}
/// Where an interaction model keeps its intents.
pub(crate) const INTENTS: &str = "/interactionModel/languageModel/intents";

/// The intents of an interaction model, when it lists them.
pub(crate) fn model_intents(model: &Value) -> Option<&Vec<Value>> {
    model.at(INTENTS).and_then(Value::as_array)
}

/// `(pointer, value)` of the string at `pointer`, if there is one.
pub(crate) fn string_at<'a>(value: &'a Value, pointer: &str) -> Option<(String, &'a str)> {
    value
        .at(pointer)
        .and_then(Value::as_str)
        .map(|s| (pointer.to_owned(), s))
}

/// `(pointer, value)` of each item of the array at `array` that has a string at `field` (a pointer
/// relative to the item).
pub(crate) fn strings_in_items<'a>(
    value: &'a Value,
    array: &str,
    field: &str,
) -> Vec<(String, &'a str)> {
    let Some(items) = value.at(array).and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            item.at(field)
                .and_then(Value::as_str)
                .map(|s| (format!("{array}/{i}{field}"), s))
        })
        .collect()
}

/// The permissions that hand a skill the customer's personal data, for which certification asks a
/// privacy policy (the certification requirements for privacy URLs, February 2023). PRV001's
/// documentation says which count, and why.
const PERSONAL_DATA_PERMISSIONS: &[&str] = &[
    "alexa::profile:name:read",
    "alexa::profile:given_name:read",
    "alexa::profile:email:read",
    "alexa::profile:mobile_number:read",
    "alexa::devices:all:address:full:read",
    "alexa:devices:all:address:country_and_postal_code:read",
    "alexa::devices:all:geolocation:read",
    "alexa::devices:all:coarse_location:read",
    "alexa::devices:all:tokenized_geolocation:read",
    "alexa::household:lists:read",
    "alexa::household:lists:write",
    "alexa::person_id:read",
    "alexa::raw_person_id:read",
    "alexa::health:profile:write",
];

/// `(pointer, name)` of each personal-data permission that `manifest` (at `root`) requests.
pub(crate) fn personal_data_permissions<'a>(
    manifest: &'a Value,
    root: &str,
) -> Vec<(String, &'a str)> {
    let Some(items) = manifest.get("permissions").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let name = item.get("name").and_then(Value::as_str)?;
            PERSONAL_DATA_PERMISSIONS
                .contains(&name)
                .then(|| (format!("{root}/permissions/{i}/name"), name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::PERSONAL_DATA_PERMISSIONS;
    use crate::schema::enum_values;

    #[test]
    fn personal_data_permissions_are_real_permission_names() {
        let known = enum_values(
            "skill-manifest.schema.json",
            "/definitions/permission/properties/name",
        );
        for name in PERSONAL_DATA_PERMISSIONS {
            assert!(known.contains(name), "{name} is not a permission name");
        }
    }
}
