use serde_json::Value;

use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a manifest whose `permissions` is an empty array.
    ///
    /// ## Why is this bad?
    /// SMAPI answers a manifest with `"permissions": []` with an internal server error (HTTP 500)
    /// instead of a validation message, so the upload fails with nothing to go on. A skill that needs
    /// no permission leaves the key out.
    ///
    /// Source: alexa/ask-cli#34 (ALEXA.md §1.2, L29). Confidence: HARD.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"manifestVersion": "1.0", "permissions": []}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"manifestVersion": "1.0"}}
    /// ```
    pub EmptyPermissions {
        code: "PRM001",
        name: "empty-permissions",
        severity: Error,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

impl Rule for EmptyPermissions {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        if manifest
            .get("permissions")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            cx.report(
                format!("{root}/permissions"),
                "`permissions` is empty, which SMAPI answers with HTTP 500",
            )
            .label("empty array")
            .help("remove the `permissions` key when the skill needs no permission");
        }
    }
}
