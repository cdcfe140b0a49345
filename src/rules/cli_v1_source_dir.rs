use serde_json::Value;

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::facts::EndpointProblem;
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
    /// In an ASK CLI v1 project (a `.ask/config` beside `skill.json`), ASK CLI v1's `ask deploy`
    /// deploys each `sourceDir` to a Lambda function, named by the endpoint's `uri` when that is a
    /// function name, and uploads the manifest with the function's ARN: the project deploys with
    /// ASK CLI v1 as it is. There the rule reports the project once, as a warning at the first
    /// endpoint v1 fills in, instead of this error and EP001's at every endpoint; the way forward is
    /// `ask util upgrade-project` of ASK CLI v2 (the ASK CLI v1 to v2 migration guide,
    /// https://developer.amazon.com/en-US/docs/alexa/smapi/ask-cli-v1-to-v2-migration-guide.html).
    ///
    /// ## Evidence
    /// The server rejects this on upload: `sourceDir` is not a field of the SMAPI manifest.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), the endpoint object (`uri` and `sslCertificateType` only)
    /// - [skill-sample-nodejs-smarthome-switch `skill.json`](https://github.com/alexa-samples/skill-sample-nodejs-smarthome-switch/blob/3c18914a645544e655059ffddbe9286187f4feb8/skill.json) and [skill-sample-nodejs-alexa-conversations-weather-bot `skill.json`](https://github.com/alexa-samples/skill-sample-nodejs-alexa-conversations-weather-bot/blob/94e6bb9ebafad492e4536789ad94799e8f12d27c/skill.json): ASK CLI v1 projects with `sourceDir`
    /// - [ASK CLI v1 to v2 migration guide](https://developer.amazon.com/en-US/docs/alexa/smapi/ask-cli-v1-to-v2-migration-guide.html)
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
        if cx.package.is_ask_cli_v1() {
            report_ask_cli_v1_project(cx, endpoints);
            return;
        }
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

/// In an ASK CLI v1 project, `ask deploy` deploys each endpoint's `sourceDir` to a Lambda function
/// (named by the `uri` when that is a function name) and uploads the manifest with the function's
/// ARN: the keys SMAPI rejects are v1's to fill in. One finding says so for the whole manifest, at
/// the first endpoint v1 rewrites, instead of an EP005 and an EP001 at each.
fn report_ask_cli_v1_project<'a>(cx: &mut Context<'a>, endpoints: &'a [(String, &'a Value)]) {
    // Each endpoint v1 rewrites: its pointer, whether it has `sourceDir`, and whether its `uri`
    // is a function name.
    let rewritten: Vec<(&str, bool, bool)> = endpoints
        .iter()
        .map(|(pointer, endpoint)| {
            let function_name = endpoint
                .get("uri")
                .and_then(Value::as_str)
                .and_then(|uri| cx.endpoint_problem(uri))
                .is_some_and(|problem| matches!(problem, EndpointProblem::FunctionName));
            (
                pointer.as_str(),
                endpoint.get("sourceDir").is_some(),
                function_name,
            )
        })
        .filter(|(_, source_dir, function_name)| *source_dir || *function_name)
        .collect();
    // Where each is shown: its `sourceDir`, else its `uri`.
    let at = |(pointer, source_dir, _): &(&str, bool, bool)| {
        child(pointer, if *source_dir { "sourceDir" } else { "uri" })
    };
    let Some((first, rest)) = rewritten.split_first() else {
        return;
    };
    let endpoints_named = match rewritten.len() {
        1 => "its endpoint".to_owned(),
        n => format!("its {n} endpoints"),
    };
    let finding = cx
        .report(
            at(first),
            format!(
                "this is an ASK CLI v1 project: only ASK CLI v1's `ask deploy` fills in {endpoints_named}"
            ),
        )
        .on_key()
        .severity(Severity::Warning)
        .label("ASK CLI v1 deploys this")
        .help(
            "ASK CLI v1 deploys `sourceDir` to a Lambda function and uploads the manifest with its ARN; \
             SMAPI, ASK CLI v2 and the developer console take neither `sourceDir` nor a function name. \
             Run `ask util upgrade-project` (ASK CLI v2) in the project's folder to move to the v2 layout \
             (ask-resources.json, skill-package/)",
        );
    for endpoint in rest {
        finding.secondary_key(at(endpoint), "and this one");
    }
    // The schema errors this finding stands for: the unexpected `sourceDir`, the missing `uri`,
    // the function name that is not an ARN.
    for (pointer, source_dir, function_name) in &rewritten {
        if *source_dir {
            finding.replaces("SCH002", child(pointer, "sourceDir"));
            finding.replaces("SCH001", child(pointer, "uri"));
        }
        if *function_name {
            finding.replaces("SCH007", child(pointer, "uri"));
        }
    }
}
