use std::sync::LazyLock;

use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::property_names;
use crate::span_index::child;
use crate::suggest::closest;

declare_rule! {
    /// ## What it does
    /// Checks that `privacyAndCompliance` answers the questions a submission needs:
    /// `allowsPurchases`, `usesPersonalInfo`, `isChildDirected`, `isExportCompliant` and
    /// `containsAds`.
    ///
    /// ## Why is this bad?
    /// The developer console asks these five questions before a skill can be submitted, and the
    /// manifest is where they are answered; a skill without them cannot go to certification. The
    /// model types each as a boolean without a default; only `usesHealthInfo` is optional (treated
    /// as false). A missing `isExportCompliant` in an existing `privacyAndCompliance` is PRV003's to
    /// report, and a misspelt key (`allowPurchases`) the schema's, with its "did you mean".
    ///
    /// ## Evidence
    /// Certification asks for this.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `privacy_and_compliance.py` (the questions)
    /// - [SMAPI error codes](https://developer.amazon.com/docs/smapi/error-codes.html): `EXPECTED_COMPLIANCE_AGREEMENT` (export compliance)
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"privacyAndCompliance": {"allowsPurchases": false, "isExportCompliant": true}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"privacyAndCompliance": {"allowsPurchases": false, "usesPersonalInfo": false, "isChildDirected": false, "isExportCompliant": true, "containsAds": false}}}
    /// ```
    pub PrivacyFieldsRequired {
        code: "PRV004",
        name: "privacy-fields-required",
        severity: Error,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// Each required answer, and the question it answers.
const FIELDS: &[(&str, &str)] = &[
    ("allowsPurchases", "the skill allows purchases"),
    (
        "usesPersonalInfo",
        "the skill collects personal information",
    ),
    ("isChildDirected", "the skill is directed to children"),
    ("isExportCompliant", "the skill may be exported"),
    ("containsAds", "the skill contains ads"),
];

/// The keys `privacyAndCompliance` may have, as the manifest schema lists them.
static KNOWN_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    property_names(
        "skill-manifest.schema.json",
        "/definitions/privacyAndCompliance",
    )
});

impl Rule for PrivacyFieldsRequired {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        let pointer = format!("{root}/privacyAndCompliance");
        let Some(privacy) = manifest.get("privacyAndCompliance") else {
            let names = FIELDS
                .iter()
                .map(|(name, _)| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(pointer, "the manifest has no `privacyAndCompliance`")
                .label("no privacy and compliance answers")
                .help(format!(
                    "add `privacyAndCompliance` with {names}: a skill cannot be submitted without them"
                ));
            return;
        };
        // Another type is the schema's to report.
        let Some(privacy) = privacy.as_object() else {
            return;
        };
        // The schema reports an unknown key with the field it takes it for.
        let misspelt: Vec<&str> = privacy
            .keys()
            .filter(|key| !KNOWN_KEYS.contains(&key.as_str()))
            .filter_map(|key| closest(key, KNOWN_KEYS.iter().copied()))
            .collect();
        for (name, question) in FIELDS {
            // PRV003 reports a missing `isExportCompliant` here ("must be true").
            if privacy.contains_key(*name)
                || *name == "isExportCompliant"
                || misspelt.contains(name)
            {
                continue;
            }
            cx.report(
                child(&pointer, name),
                format!("`privacyAndCompliance` does not say whether {question} (`{name}`)"),
            )
            .label(format!("no `{name}`"))
            .help(format!(
                "add `\"{name}\": true` or `false`: a skill cannot be submitted without it"
            ));
        }
    }
}
