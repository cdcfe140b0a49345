use serde_json::Value;

use super::locale_keys::is_well_formed;
use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Compares a skill package's interaction models with the locales its `skill.json` publishes: a
    /// model for a locale the manifest does not publish is reported on the model, and a published locale
    /// of a custom skill without a model is reported on the manifest.
    ///
    /// ## Why is this bad?
    /// A model for an unpublished locale is never used, and the server rejects a skill definition whose
    /// locales are not consistent ("Locale information should be consistent through out the skill
    /// definition structure"). A published locale without a model cannot be built, so the skill cannot
    /// be tested or certified there. Both are usually a locale added in one place and forgotten in the
    /// other, or a typo in a file name. It is a warning because a package may be mid-way through adding
    /// a locale.
    ///
    /// The rule looks at the package layouts of ASK CLI v2 (`skill-package/skill.json` with
    /// `interactionModels/custom/<locale>.json`) and v1 (`skill.json` with `models/<locale>.json`); a
    /// manifest checked without a model folder beside it is not compared.
    ///
    /// ## Evidence
    /// The server rejects this on upload: the locales must agree throughout the skill package.
    ///
    /// - [alexa/ask-cli#2](https://github.com/alexa/ask-cli/issues/2): "Locale information should be consistent through out the skill definition structure"
    /// - [Skill package format](https://developer.amazon.com/docs/smapi/skill-package-api-reference.html): `interactionModels/custom/<locale>.json`
    ///
    /// ## Example
    /// Invalid: `skill-package/skill.json` publishes `en-US` and `de-DE`, and
    /// `skill-package/interactionModels/custom/` holds only `en-US.json`:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}, "de-DE": {"name": "Gezeiten"}}}, "apis": {"custom": {}}}}
    /// ```
    /// Valid: the same manifest with `interactionModels/custom/de-DE.json` beside `en-US.json`, or
    /// without `de-DE`:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}, "apis": {"custom": {}}}}
    /// ```
    pub InteractionModelLocale {
        code: "LOC004",
        name: "interaction-model-locale",
        severity: Warning,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, InteractionModel],
    }
}

impl Rule for InteractionModelLocale {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        if let Some(locale) = cx.package.locale() {
            check_model(cx, locale);
        } else if cx.package.has_models() {
            check_manifest(cx);
        }
    }
}

fn published(manifest: &Value) -> Option<&serde_json::Map<String, Value>> {
    manifest
        .at("/publishingInformation/locales")
        .and_then(Value::as_object)
}

/// The checked file is a model: is its locale published?
fn check_model(cx: &mut Context<'_>, locale: &str) {
    let package = cx.package;
    let Some(published) = package.manifest().and_then(published) else {
        return;
    };
    if published.contains_key(locale) {
        return;
    }
    let pointer = if cx.value.get("interactionModel").is_some() {
        "/interactionModel"
    } else {
        ""
    };
    let list: Vec<String> = published.keys().map(|k| format!("`{k}`")).collect();
    cx.report(
        pointer,
        format!("this model is for `{locale}`, which the package's skill.json does not publish"),
    )
    .on_key()
    .label(format!("model for `{locale}`"))
    .help(format!(
        "skill.json publishes {}; add `{locale}` to publishingInformation.locales, or rename or remove this model",
        if list.is_empty() {
            "no locale".to_owned()
        } else {
            list.join(", ")
        }
    ));
}

/// The checked file is a manifest with a model folder: has every published locale a model?
fn check_manifest(cx: &mut Context<'_>) {
    let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
        return;
    };
    // Only a custom skill has interaction models.
    if manifest.at("/apis/custom").is_none() {
        return;
    }
    let Some(published) = published(manifest) else {
        return;
    };
    let package = cx.package;
    for locale in published.keys() {
        // A malformed key is LOC001's to report.
        if package.model(locale).is_some() || !is_well_formed(locale) {
            continue;
        }
        let expected = package.model_file(locale);
        cx.report(
            child(&format!("{root}/publishingInformation/locales"), locale),
            format!(
                "the skill publishes `{locale}` but the package has no interaction model for it"
            ),
        )
        .on_key()
        .label("no model")
        .help(format!(
            "add `{expected}` beside skill.json, or stop publishing `{locale}`"
        ));
    }
}
