//! The built-in Rust rules, one file each, and the one explicit list of them.

mod category_value;
mod cli_v1_source_dir;
mod empty_permissions;
mod endpoint_regions;
mod endpoint_uri;
mod envelope;
mod example_phrase_utterance;
mod example_phrase_wake_word;
mod icon_uri;
mod inconsistent_endpoints;
mod intent_samples;
mod interaction_model_locale;
mod invocation_name;
mod legacy_slot_syntax;
mod locale_consistency;
mod locale_format;
mod locale_keys;
mod manifest_version;
mod max_results_range;
mod next_token_empty;
mod personal_info_declaration;
mod phrases;
mod placeholder_text;
mod privacy_fields_required;
mod privacy_policy_required;
mod privacy_url_https;
mod required_builtin_intents;
mod sample_slots;
mod skill_id_format;
mod ssl_certificate_type;
mod stage_value;
mod status_value;
mod undefined_slot_type;
mod unit_id_format;
mod unsupported_locale;

use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::kind::Kind;
use crate::rule::Rule;
use crate::span_index::Pointer;

pub use category_value::CategoryValue;
pub use cli_v1_source_dir::CliV1SourceDir;
pub use empty_permissions::EmptyPermissions;
pub use endpoint_regions::EndpointRegions;
pub use endpoint_uri::EndpointUri;
pub(crate) use endpoint_uri::{
    EndpointType, Problem as EndpointProblem, problem as endpoint_problem,
    type_of as endpoint_type_of,
};
pub use envelope::Envelope;
pub use example_phrase_utterance::ExamplePhraseUtterance;
pub use example_phrase_wake_word::ExamplePhraseWakeWord;
pub use icon_uri::IconUri;
pub use inconsistent_endpoints::InconsistentEndpoints;
pub use intent_samples::IntentSamples;
pub use interaction_model_locale::InteractionModelLocale;
pub use invocation_name::InvocationName;
pub use legacy_slot_syntax::LegacySlotSyntax;
pub use locale_consistency::LocaleConsistency;
pub use locale_format::LocaleFormat;
pub(crate) use locale_keys::locale_keys;
pub use manifest_version::ManifestVersion;
pub use max_results_range::MaxResultsRange;
pub use next_token_empty::NextTokenEmpty;
pub use personal_info_declaration::PersonalInfoDeclaration;
pub use placeholder_text::PlaceholderText;
pub use privacy_fields_required::PrivacyFieldsRequired;
pub use privacy_policy_required::PrivacyPolicyRequired;
pub use privacy_url_https::PrivacyUrlHttps;
pub use required_builtin_intents::RequiredBuiltinIntents;
pub use sample_slots::SampleSlots;
pub use skill_id_format::SkillIdFormat;
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

/// The manifest object of a document that holds one, with its pointer.
pub(crate) fn manifest(kind: Kind, value: &Value) -> Option<(&'static str, &Value)> {
    let key = match kind {
        Kind::SkillManifest => "manifest",
        Kind::SkillManifestV0 => "skillManifest",
        Kind::CreateSkillRequest if value.get("manifest").is_some() => "manifest",
        Kind::CreateSkillRequest => "skillManifest",
        _ => return None,
    };
    let pointer = if key == "manifest" {
        "/manifest"
    } else {
        "/skillManifest"
    };
    value
        .get(key)
        .filter(|m| m.is_object())
        .map(|m| (pointer, m))
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

/// One entry of a locale-keyed map of a manifest (`publishingInformation.locales.en-US`): its
/// locale and its value. Its pointers are written only when a rule reports one.
pub(crate) struct LocaleEntry<'a> {
    pub locale: &'a str,
    pub value: &'a Value,
    /// The manifest's pointer (`/manifest`) and the map's, relative to it.
    root: &'static str,
    map: &'static str,
}

impl<'a> LocaleEntry<'a> {
    /// The pointer of the member `field` (`/manifest/publishingInformation/locales/en-US/name`).
    pub fn pointer(&self, field: &str) -> String {
        let mut pointer = String::with_capacity(
            self.root.len() + self.map.len() + self.locale.len() + field.len() + 2,
        );
        pointer.push_str(self.root);
        pointer.push_str(self.map);
        pointer.push('/');
        crate::span_index::push_escaped(&mut pointer, self.locale);
        pointer.push('/');
        crate::span_index::push_escaped(&mut pointer, field);
        pointer
    }

    /// The string member `field`, if there is one.
    pub fn str(&self, field: &str) -> Option<&'a str> {
        self.value.get(field).and_then(Value::as_str)
    }
}

/// The entries of the locale-keyed map at `map` (relative to the manifest, e.g.
/// `/publishingInformation/locales`) of a document's manifest. Values are read where they are,
/// without walking from the document's root for each member.
pub(crate) fn locale_entries<'a>(
    kind: Kind,
    value: &'a Value,
    map: &'static str,
) -> impl Iterator<Item = LocaleEntry<'a>> {
    entries_of(locale_map(kind, value, map), map)
}

/// The manifest's pointer and the locale-keyed map at `map`, if the document has them.
pub(crate) fn locale_map<'a>(
    kind: Kind,
    value: &'a Value,
    map: &str,
) -> Option<(&'static str, &'a Map<String, Value>)> {
    let (root, manifest) = manifest(kind, value)?;
    Some((root, manifest.at(map).and_then(Value::as_object)?))
}

/// The entries of a map found by [`locale_map`].
pub(crate) fn entries_of<'a>(
    found: Option<(&'static str, &'a Map<String, Value>)>,
    map: &'static str,
) -> impl Iterator<Item = LocaleEntry<'a>> {
    found.into_iter().flat_map(move |(root, locales)| {
        locales.iter().map(move |(locale, entry)| LocaleEntry {
            locale,
            value: entry,
            root,
            map,
        })
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

/// Every endpoint object of a document's manifest, with its pointer.
pub(crate) fn manifest_endpoints(kind: Kind, value: &Value) -> Vec<(String, &Value)> {
    manifest_objects_named(kind, value, "endpoint")
}

/// Every object under a key named `name`, at any depth of a document's manifest, with its pointer.
pub(crate) fn manifest_objects_named<'a>(
    kind: Kind,
    value: &'a Value,
    name: &str,
) -> Vec<(String, &'a Value)> {
    let mut found = Vec::new();
    if let Some((root, manifest)) = manifest(kind, value) {
        find_objects_named(manifest, name, root, &mut Vec::new(), &mut found);
    }
    found
}

/// The keys on the way down are kept as they are; a pointer is written only for what is found.
fn find_objects_named<'a>(
    value: &'a Value,
    name: &str,
    root: &str,
    keys: &mut Vec<&'a str>,
    out: &mut Vec<(String, &'a Value)>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, child_value) in object {
        if !child_value.is_object() {
            continue;
        }
        keys.push(key);
        if key == name {
            let mut pointer = root.to_owned();
            for key in keys.iter() {
                pointer.push('/');
                crate::span_index::push_escaped(&mut pointer, key);
            }
            out.push((pointer, child_value));
        }
        find_objects_named(child_value, name, root, keys, out);
        keys.pop();
    }
}

/// The permissions that hand a skill the customer's personal data, for which certification asks a
/// privacy policy (ALEXA.md §1.6, §2 L20). PRV001's documentation says which count, and why.
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
