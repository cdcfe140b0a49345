use std::sync::LazyLock;

use super::locale_keys::is_well_formed;
use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::enum_values;
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Reports well-formed locale keys that are not locales Alexa skills are published in, and an
    /// interaction model whose file name (`interactionModels/custom/en-UK.json`) is such a locale.
    ///
    /// ## Why is this bad?
    /// A skill can only be published in the locales Alexa supports (`en-US`, `de-DE`, `ja-JP`, …); a
    /// key such as `ar-EG` or `en-NZ` is ignored or rejected. The list grows over time and asklint's
    /// copy may lag the service, so this is a warning.
    ///
    /// A model file's locale is its name: `ask deploy` builds `en-UK.json` for a locale `en-UK` that
    /// the service does not have (Alexa's is `en-GB`).
    ///
    /// ## Evidence
    /// Advice: the server rejects a locale it does not support, but the list changes, so asklint's copy
    /// may lag it.
    ///
    /// - [ASK CLI `constants.js`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/utils/constants.js): `ALEXA.LANGUAGES`
    /// - [ask-smapi-model 1.24.0](https://www.npmjs.com/package/ask-smapi-model/v/1.24.0), `spec.json`: `LocalizedName.locale`
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
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest, InteractionModel],
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
        if let Some(locale) = cx.package.file_locale() {
            if is_well_formed(locale) && !KNOWN.contains(&locale) {
                // The whole file is the finding's place: point at its first key, not at all of it.
                let pointer = if cx.value.get("interactionModel").is_some() {
                    "/interactionModel"
                } else {
                    ""
                };
                cx.report(
                    pointer,
                    format!("this model's file is named for `{locale}`, which is not a locale Alexa publishes skills in"),
                )
                .on_key()
                .label("unknown locale")
                .help(format!("name the file for an Alexa locale: {}", help(locale)));
            }
            return;
        }
        let Some((root, _)) = manifest(cx.kind, cx.value) else {
            return;
        };
        for &(map, key) in cx.locale_keys() {
            if !is_well_formed(key) || KNOWN.contains(&key) {
                continue;
            }
            cx.report(
                child(&format!("{root}{map}"), key),
                format!("`{key}` is not a locale Alexa publishes skills in"),
            )
            .on_key()
            .label("unknown locale")
            .help(help(key));
        }
    }
}

/// What to write instead of the unknown locale `key`: the locale it was meant as (`en-UK` is
/// `en-GB`), else the language's locales.
fn help(key: &str) -> String {
    // Country codes people write for a country whose ISO code is another.
    const MEANT: &[(&str, &str)] = &[("UK", "GB"), ("EN", "GB"), ("JA", "JP"), ("HI", "IN")];
    let (language, country) = key.split_at(2);
    let meant = MEANT
        .iter()
        .find(|(wrong, _)| country[1..] == **wrong)
        .map(|(_, right)| format!("{language}-{right}"))
        .filter(|locale| KNOWN.contains(&locale.as_str()));
    if let Some(meant) = meant {
        return format!("did you mean `{meant}`?");
    }
    let same_language: Vec<&str> = KNOWN
        .iter()
        .copied()
        .filter(|k| k[..2] == key[..2])
        .collect();
    if same_language.is_empty() {
        "no Alexa locale has this language; asklint's list may lag the service".to_owned()
    } else {
        format!(
            "Alexa's locales for this language are {}; asklint's list may lag the service",
            same_language.join(", ")
        )
    }
}
