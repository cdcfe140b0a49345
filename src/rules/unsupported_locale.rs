use std::sync::LazyLock;

use super::locale_keys::is_well_formed;
use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::enum_values;
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Reports well-formed locale keys that are not locales Alexa skills are published in.
    ///
    /// ## Why is this bad?
    /// A skill can only be published in the locales Alexa supports (`en-US`, `de-DE`, `ja-JP`, …); a
    /// key such as `ar-EG` or `en-NZ` is ignored or rejected. The list grows over time and asklint's
    /// copy may lag the service, so this is a warning.
    ///
    /// Source: ASK CLI `constants.js` `ALEXA.LANGUAGES`, ask-smapi-model spec.json `LocalizedName.locale`
    /// (ALEXA.md §1.10). Confidence: REC.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-NZ": {"name": "Tide Tables"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-AU": {"name": "Tide Tables"}}}}}
    /// ```
    pub UnsupportedLocale {
        code: "LOC002",
        name: "unsupported-locale",
        severity: Warning,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// The locales Alexa publishes in, as the manifest schema lists them.
static KNOWN: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| enum_values("skill-manifest.schema.json", "/definitions/knownLocale"));

impl Rule for UnsupportedLocale {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, _)) = manifest(cx.kind, cx.value) else {
            return;
        };
        for &(map, key) in cx.locale_keys() {
            if !is_well_formed(key) || KNOWN.contains(&key) {
                continue;
            }
            let language: Vec<&str> = KNOWN
                .iter()
                .copied()
                .filter(|k| k[..2] == key[..2])
                .collect();
            let help = if language.is_empty() {
                "no Alexa locale has this language; asklint's list may lag the service".to_owned()
            } else {
                format!(
                    "Alexa's locales for this language are {}; asklint's list may lag the service",
                    language.join(", ")
                )
            };
            cx.report(
                child(&format!("{root}{map}"), key),
                format!("`{key}` is not a locale Alexa publishes skills in"),
            )
            .on_key()
            .label("unknown locale")
            .help(help);
        }
    }
}
