use serde_json::Value;

use super::{manifest, personal_data_permissions};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports a skill that requests personal-data permissions while `usesPersonalInfo` is false.
    ///
    /// ## Why is this bad?
    /// A skill that asks for the customer's name, email, phone number, address, location, lists,
    /// person ID or health profile collects personal information, whatever it does with it.
    /// Answering `usesPersonalInfo: false` contradicts its own permissions, and certification checks
    /// the privacy answers against what the skill requests. The permissions counted are the ones
    /// PRV001 lists.
    ///
    /// ## Evidence
    /// Certification asks for this.
    ///
    /// - [Certification requirements for privacy URLs, February 2023](https://developer.amazon.com/en-US/blogs/alexa/alexa-skills-kit/2023/02/certification-requirements-privacy-urls-feb-2023)
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `permission_name.py` (the permission names)
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"permissions": [{"name": "alexa::profile:email:read"}], "privacyAndCompliance": {"usesPersonalInfo": false}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"permissions": [{"name": "alexa::profile:email:read"}], "privacyAndCompliance": {"usesPersonalInfo": true}}}
    /// ```
    pub PersonalInfoDeclaration {
        code: "PRV002",
        name: "personal-info-declaration",
        severity: Error,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

impl Rule for PersonalInfoDeclaration {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let Some((root, manifest)) = manifest(cx.kind, value) else {
            return;
        };
        if manifest.at("/privacyAndCompliance/usesPersonalInfo") != Some(&Value::Bool(false)) {
            return;
        }
        let permissions = personal_data_permissions(manifest, root);
        let what = match permissions.as_slice() {
            [] => return,
            [(_, name)] => format!("`{name}`"),
            more => format!("{} personal-data permissions", more.len()),
        };
        let finding = cx
            .report(
                format!("{root}/privacyAndCompliance/usesPersonalInfo"),
                format!("the skill requests {what} but declares that it uses no personal information"),
            )
            .label("false")
            .help("set `usesPersonalInfo` to true: a skill that asks for the customer's personal data collects personal information");
        for (pointer, _) in permissions {
            finding.secondary(pointer, "personal data");
        }
    }
}
