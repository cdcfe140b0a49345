use serde_json::Value;

use super::manifest;
use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a manifest whose `permissions` is an empty array.
    ///
    /// ## Why is this bad?
    /// An empty `permissions` array says nothing, and it has been reported to make SMAPI fail with an
    /// internal server error (HTTP 500) instead of a validation message. In that report the empty
    /// array sat inside `privacyAndCompliance` (a misplacement the schema reports anyway); several of
    /// Amazon's own samples ship a top-level `"permissions": []` and deploy, so this is only a note:
    /// a skill that needs no permission is safest leaving the key out.
    ///
    /// ## Evidence
    /// Unconfirmed: one report of a server error, while Amazon's own samples deploy with an empty list;
    /// so this is a note.
    ///
    /// - [alexa/ask-cli#34](https://github.com/alexa/ask-cli/issues/34): an HTTP 500 on an empty `permissions`
    ///
    /// ## Fix
    /// Safe: the `permissions` member is removed, with its comma. An empty list and no list ask for
    /// the same: no permission.
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
        severity: Info,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        fix: Safe,
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
                "`permissions` is empty; leave the key out when the skill needs no permission",
            )
            .label("empty array")
            .help("an empty array has been reported to make SMAPI fail with HTTP 500 (alexa/ask-cli#34)")
            .fix(
                "remove the empty `permissions`",
                vec![Change::remove(format!("{root}/permissions"))],
            );
        }
    }
}
