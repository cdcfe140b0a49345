//! Helpers shared by the locale rules: where locale-keyed maps live in a manifest.

use crate::kind::Kind;
use crate::span_index::Pointer;
use serde_json::Value;

/// The pointers (relative to the manifest) of the objects whose keys are locales.
pub(crate) const LOCALE_MAPS: &[&str] = &[
    "/publishingInformation/locales",
    "/privacyAndCompliance/locales",
    "/apis/custom/locales",
    "/apis/flashBriefing/locales",
    "/apis/knowledge/locales",
    "/apis/music/locales",
    "/apis/video/locales",
];

/// `(map pointer relative to the manifest, key)` for every locale key of a document's manifest.
/// Rules ask [`Context::locale_keys`](crate::rule::Context::locale_keys), which works them out once
/// per document.
pub(crate) fn locale_keys(kind: Kind, value: &Value) -> Vec<(&'static str, &str)> {
    let Some((_, manifest)) = super::manifest(kind, value) else {
        return Vec::new();
    };
    LOCALE_MAPS
        .iter()
        .filter_map(|map| {
            manifest
                .at(map)
                .and_then(Value::as_object)
                .map(|o| (*map, o))
        })
        .flat_map(|(map, object)| object.keys().map(move |key| (map, key.as_str())))
        .collect()
}

/// `ll-CC`: two lower-case letters, a hyphen, two upper-case letters.
pub(crate) fn is_well_formed(locale: &str) -> bool {
    let bytes = locale.as_bytes();
    bytes.len() == 5
        && bytes[..2].iter().all(u8::is_ascii_lowercase)
        && bytes[2] == b'-'
        && bytes[3..].iter().all(u8::is_ascii_uppercase)
}
