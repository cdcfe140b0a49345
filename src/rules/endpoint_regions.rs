use super::manifest_objects_named;
use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks the keys of every `regions` object (`NA`, `EU` or `FE`, with the exact fix for the
    /// wrong case) and that each region has an `endpoint`.
    ///
    /// ## Why is this bad?
    /// A region overrides the default endpoint for the customers of one Alexa region: `NA` (North
    /// America), `EU` (Europe and India) or `FE` (Far East). The keys are case-sensitive, and AWS
    /// region names such as `us-east-1` are not Alexa regions (a Lambda function's AWS region is part
    /// of its ARN). A region is nothing but its `endpoint`; writing the endpoint's `uri` straight into
    /// the region, or leaving the region empty, is rejected like any missing required property.
    ///
    /// ## Evidence
    /// The server rejects this on upload: the regions are `NA`, `EU` and `FE`, each with an `endpoint`.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `lambda_region.py` (a region's `endpoint`)
    /// - [ASK CLI `option-model.json`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/commands/option-model.json): the region list
    /// - [ASK CLI `constants.js`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/utils/constants.js): `ALEXA.REGION`
    ///
    /// ## Fix
    /// Safe: a region key in the wrong case (`na`, `Eu`) is renamed to the region (`NA`, `EU`),
    /// unless the object has that key already. Other keys have no fix.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"regions": {"na": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tide-tables"}}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"regions": {"NA": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tide-tables"}}}}}}}
    /// ```
    pub EndpointRegions {
        code: "EP003",
        name: "endpoint-regions",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH001", "SCH004"],
        fix: Safe,
    }
}

const REGIONS: &[&str] = &["NA", "EU", "FE"];
const NAMES: &str = "`NA` (North America), `EU` (Europe and India) or `FE` (Far East)";
/// The members of an endpoint, which belong one level further down.
const ENDPOINT_MEMBERS: &[&str] = &["uri", "sslCertificateType"];

impl Rule for EndpointRegions {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (pointer, regions) in manifest_objects_named(cx.kind, cx.value, "regions") {
            let Some(regions) = regions.as_object() else {
                continue;
            };
            for (key, region) in regions {
                let region_pointer = child(&pointer, key);
                check_key(cx, &region_pointer, key, regions);
                let Some(region) = region.as_object() else {
                    continue;
                };
                if region.contains_key("endpoint") {
                    continue;
                }
                let missing = child(&region_pointer, "endpoint");
                let misplaced: Vec<&str> = ENDPOINT_MEMBERS
                    .iter()
                    .copied()
                    .filter(|m| region.contains_key(*m))
                    .collect();
                if misplaced.is_empty() {
                    cx.report(missing, format!("region `{key}` has no `endpoint`"))
                        .label("needs `endpoint`")
                        .help("give the region `{\"endpoint\": {\"uri\": …}}`, or remove it so that the default endpoint serves the region");
                } else {
                    let members = misplaced
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(" and ");
                    let finding = cx
                        .report(
                            missing,
                            format!("region `{key}` has {members} directly, not inside `endpoint`"),
                        )
                        .label("wrap in `endpoint`")
                        .help(format!(
                            "write `\"{key}\": {{\"endpoint\": {{\"uri\": …}}}}`"
                        ));
                    for member in misplaced {
                        finding.replaces("SCH002", child(&region_pointer, member));
                    }
                }
            }
        }
    }
}

fn check_key(
    cx: &mut Context<'_>,
    pointer: &str,
    key: &str,
    regions: &serde_json::Map<String, serde_json::Value>,
) {
    if REGIONS.contains(&key) {
        return;
    }
    let upper = key.to_uppercase();
    if let Some(fix) = REGIONS.iter().find(|r| **r == upper) {
        let finding = cx
            .report(
                pointer,
                format!("region `{key}` must be upper case: `{fix}`"),
            )
            .on_key()
            .label(format!("use `{fix}`"))
            .help("region keys are case-sensitive");
        // Not when the region is there already, written right: that would be two entries.
        if !regions.contains_key(*fix) {
            finding.fix(
                format!("rename `{key}` to `{fix}`"),
                vec![Change::rename_key(pointer, *fix)],
            );
        }
    } else if key.eq_ignore_ascii_case("default") {
        cx.report(pointer, "`default` is not a region")
            .on_key()
            .label("not a region")
            .help(format!(
                "the default endpoint is the `endpoint` beside `regions`; regions are {NAMES}"
            ));
    } else if key.contains('-') && key.chars().any(|c| c.is_ascii_digit()) {
        cx.report(
            pointer,
            format!("`{key}` is an AWS region, not an Alexa region"),
        )
        .on_key()
        .label("AWS region")
        .help(format!(
            "regions are {NAMES}; the Lambda function's AWS region is part of its ARN"
        ));
    } else {
        cx.report(pointer, format!("`{key}` is not an Alexa region"))
            .on_key()
            .label("unknown region")
            .help(format!("regions are {NAMES}"));
    }
}
