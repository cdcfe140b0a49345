use super::locale_keys::is_well_formed;
use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Reports locales used under `privacyAndCompliance.locales` or an API's `locales` that
    /// `publishingInformation.locales` does not have.
    ///
    /// ## Why is this bad?
    /// The publishing locales are the skill's locales; privacy URLs or API settings for a locale the
    /// skill is not published in are either a typo or a leftover, and the server rejects the manifest
    /// ("Locale information should be consistent through out the skill definition structure").
    ///
    /// ## Evidence
    /// The server rejects this on upload.
    ///
    /// - [alexa/ask-cli#2](https://github.com/alexa/ask-cli/issues/2): "Locale information should be consistent through out the skill definition structure"
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}, "privacyAndCompliance": {"locales": {"en-GB": {"privacyPolicyUrl": "https://tides.example.org/privacy"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}, "privacyAndCompliance": {"locales": {"en-US": {"privacyPolicyUrl": "https://tides.example.org/privacy"}}}}}
    /// ```
    pub LocaleConsistency {
        code: "LOC003",
        name: "locale-consistency",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

impl Rule for LocaleConsistency {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, _)) = manifest(cx.kind, cx.value) else {
            return;
        };
        let Some(published) = cx.listing_locales() else {
            return;
        };
        for &(map, key) in cx.locale_keys() {
            // A malformed key is LOC001's to report.
            if map == "/publishingInformation/locales"
                || published.contains_key(key)
                || !is_well_formed(key)
            {
                continue;
            }
            let list = published
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                child(&format!("{root}{map}"), key),
                format!("`{key}` is not one of the skill's publishing locales"),
            )
            .on_key()
            .label("not published")
            .help(format!(
                "publishingInformation.locales has {}; add `{key}` there or remove it here",
                if list.is_empty() {
                    "no locale".to_owned()
                } else {
                    list
                }
            ));
        }
    }
}
