use serde_json::Value;

use super::manifest;
use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks that `manifestVersion` is the string `"1.0"`, with the exact fix for the number `1.0`
    /// and for `"1"`.
    ///
    /// ## Why is this bad?
    /// Only one manifest version exists, and SMAPI takes it as a string: the number `1.0` is rejected
    /// as `INVALID_DATA_TYPE` and `"1"` or `"1.0.0"` as `INVALID_ENUM_VALUE`. A manifest without
    /// `manifestVersion` is not reported: the model does not require it.
    ///
    /// ## Evidence
    /// The server rejects this on upload: `1.0` is the only manifest version.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `manifest_version.py`
    ///
    /// ## Fix
    /// Safe: a value that means version one (the number `1` or `1.0`, a string that reads as the
    /// number one such as `"1"`) becomes the string `"1.0"`. Any other version is left alone: it may be a mistake of another
    /// kind.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"manifestVersion": 1.0, "apis": {"custom": {}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"manifestVersion": "1.0", "apis": {"custom": {}}}}
    /// ```
    pub ManifestVersion {
        code: "MAN001",
        name: "manifest-version",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH003", "SCH004"],
        fix: Safe,
    }
}

const VERSION: &str = "1.0";

impl Rule for ManifestVersion {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        let Some(version) = manifest.get("manifestVersion") else {
            return;
        };
        let pointer = child(root, "manifestVersion");
        let means_one = |n: f64| n == 1.0;
        match version {
            Value::String(s) if s == VERSION => {}
            Value::Number(n) if n.as_f64().is_some_and(means_one) => {
                cx.report(
                    pointer.clone(),
                    format!(
                        "`manifestVersion` is the number {n}; it must be the string \"{VERSION}\""
                    ),
                )
                .label(format!("write \"{VERSION}\""))
                .help("SMAPI rejects a number here (INVALID_DATA_TYPE)")
                .fix(
                    format!("replace {n} with \"{VERSION}\""),
                    vec![Change::replace_string(&pointer, VERSION)],
                );
            }
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(means_one) => {
                cx.report(
                    pointer.clone(),
                    format!("`manifestVersion` is \"{s}\"; it must be exactly \"{VERSION}\""),
                )
                .label(format!("write \"{VERSION}\""))
                .help(format!("\"{VERSION}\" is the only manifest version"))
                .fix(
                    format!("replace \"{s}\" with \"{VERSION}\""),
                    vec![Change::replace_string(&pointer, VERSION)],
                );
            }
            Value::String(s) => {
                cx.report(
                    pointer,
                    format!("`{s}` is not a manifest version; the only one is \"{VERSION}\""),
                )
                .label("unknown version")
                .help(format!("write \"{VERSION}\""));
            }
            Value::Number(n) => {
                cx.report(
                    pointer,
                    format!("`manifestVersion` is the number {n}; the only version is the string \"{VERSION}\""),
                )
                .label(format!("write \"{VERSION}\""));
            }
            // Other types are the schema's to report.
            _ => {}
        }
    }
}
