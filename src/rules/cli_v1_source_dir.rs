use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Reports `sourceDir` in an endpoint: a key of ASK CLI v1 projects, which SMAPI does not accept.
    ///
    /// ## Why is this bad?
    /// ASK CLI v1 read `endpoint.sourceDir` to deploy the Lambda code and filled in the endpoint's `uri`
    /// itself. SMAPI and ASK CLI v2 know no such key: the upload fails with an unexpected property, and
    /// the endpoint has no `uri`. In ASK CLI v2 projects the code location lives in
    /// `ask-resources.json` (`profiles.<profile>.code.default.src`), and the endpoint names the Lambda
    /// ARN or https URL.
    ///
    /// Source: alexa-samples skill-sample-nodejs-smarthome-switch and weather-bot `skill.json`
    /// (ALEXA.md §1.1, §1.9). Confidence: HARD.
    ///
    /// ## Fix
    /// Unsafe, and only for an endpoint that has a `uri` already: `sourceDir` is removed. It is
    /// unsafe because ASK CLI v1 still reads it, and the code location then has to be recorded in
    /// `ask-resources.json`. An endpoint without a `uri` gets no fix: the URI is for you to write.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"sourceDir": "lambda/custom"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:trivia"}}}}}
    /// ```
    pub CliV1SourceDir {
        code: "EP005",
        name: "cli-v1-source-dir",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH002"],
        fix: Unsafe,
    }
}

impl Rule for CliV1SourceDir {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let endpoints = cx.manifest_endpoints();
        for (pointer, endpoint) in endpoints {
            if endpoint.get("sourceDir").is_none() {
                continue;
            }
            let finding = cx
                .report(child(pointer, "sourceDir"), "`sourceDir` is an ASK CLI v1 key that SMAPI rejects")
                .on_key()
                .label("ASK CLI v1 only")
                .help(
                    "give the endpoint a `uri` (Lambda ARN or https URL); ASK CLI v2 keeps the code location in \
                     ask-resources.json (`code.default.src`)",
                );
            // The missing `uri` is the same mistake seen from the other side.
            if endpoint.get("uri").is_none() {
                finding.replaces("SCH001", child(pointer, "uri"));
            } else {
                finding.unsafe_fix(
                    "remove `sourceDir`",
                    vec![Change::remove(child(pointer, "sourceDir"))],
                );
            }
        }
    }
}
