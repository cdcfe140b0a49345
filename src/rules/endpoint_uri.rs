use serde_json::Value;

use crate::declare_rule;
use crate::facts::EndpointProblem as Problem;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks that every endpoint `uri` is a Lambda ARN or an https URL, and names what was left
    /// instead: an empty string, a placeholder, a bare Lambda function name.
    ///
    /// ## Why is this bad?
    /// SMAPI accepts only `arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]` or
    /// `https://…` as an endpoint, and rejects the rest with `INVALID_STRING_PATTERN` (or "No endpoint
    /// is defined"). Templates and samples ship placeholders such as `INSERT_LAMBDA_ARN_HERE`, `""` or
    /// just the function's name; they have to be replaced before the first upload.
    ///
    /// A function name in an ASK CLI v1 project (a `.ask/config` beside `skill.json`) is left to
    /// EP005, which reports the project once: ASK CLI v1 deploys the function and writes its ARN.
    ///
    /// ## Evidence
    /// The server rejects this on upload: an endpoint needs a `uri`, a Lambda ARN or an https URL.
    ///
    /// - [ask-smapi-model 1.24.0](https://www.npmjs.com/package/ask-smapi-model/v/1.24.0), `spec.json`: the endpoint URI patterns
    /// - [LorenzHW/Telegram-Connect#9](https://github.com/LorenzHW/Telegram-Connect/issues/9) and [alexa-samples/skill-sample-nodejs-buttons-trivia#5](https://github.com/alexa-samples/skill-sample-nodejs-buttons-trivia/issues/5): the server's errors on a missing or empty `uri`
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "INSERT_LAMBDA_ARN_HERE"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tide-tables"}}}}}
    /// ```
    pub EndpointUri {
        code: "EP001",
        name: "endpoint-uri",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH007"],
    }
}

const ARN_FORM: &str = "`arn:aws:lambda:<region>:<account>:function:<name>`";

impl Rule for EndpointUri {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let endpoints = cx.manifest_endpoints();
        for (pointer, endpoint) in endpoints {
            let Some(uri) = endpoint.get("uri").and_then(Value::as_str) else {
                continue;
            };
            let pointer = child(pointer, "uri");
            match cx.endpoint_problem(uri) {
                None => {}
                // ASK CLI v1 deploys the function and writes its ARN (EP005 says so, once).
                Some(Problem::FunctionName) if cx.package.is_ask_cli_v1() => {}
                Some(Problem::Empty) => {
                    cx.report(pointer, "the endpoint `uri` is empty")
                        .label("empty")
                        .help(format!(
                            "give the Lambda function's ARN ({ARN_FORM}) or an https URL"
                        ));
                }
                Some(Problem::Placeholder) => {
                    cx.report(
                        pointer,
                        format!("the endpoint `uri` is a placeholder: `{uri}`"),
                    )
                    .label("placeholder")
                    .help(format!(
                        "replace it with the Lambda function's ARN ({ARN_FORM}) or an https URL"
                    ));
                }
                Some(Problem::FunctionName) => {
                    cx.report(
                        pointer,
                        format!("`{uri}` is a Lambda function name, not its ARN"),
                    )
                    .label("function name")
                    .help(format!("SMAPI needs the full ARN: {ARN_FORM}"));
                }
                Some(Problem::NotLambdaArn) => {
                    cx.report(pointer, format!("`{uri}` is not a Lambda function ARN"))
                        .label("not a Lambda ARN")
                        .help(format!(
                            "a Lambda endpoint looks like {ARN_FORM}, optionally with `:<alias>`"
                        ));
                }
                Some(Problem::Other) => {
                    cx.report(pointer, format!("`{uri}` is neither a Lambda ARN nor an https URL")).label("not an endpoint").help(
                        format!("give the Lambda function's ARN ({ARN_FORM}) or an https URL; plain http is not accepted"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{EndpointType, endpoint_problem as problem, endpoint_type_of as type_of};

    #[test]
    fn kinds_of_problem() {
        assert!(problem("arn:aws:lambda:us-east-1:123456789012:function:tide").is_none());
        assert!(problem("arn:aws:lambda:eu-west-1:123456789012:function:tide:release-0").is_none());
        assert!(problem("https://tides.example.org/alexa").is_none());
        assert!(matches!(problem(""), Some(Problem::Empty)));
        assert!(matches!(
            problem("INSERT_LAMBDA_ARN_HERE"),
            Some(Problem::Placeholder)
        ));
        assert!(matches!(
            problem("$SKILL_LAMBDA_ARN_NA"),
            Some(Problem::Placeholder)
        ));
        assert!(matches!(
            problem("__LAMBDA_ENDPOINT__"),
            Some(Problem::Placeholder)
        ));
        assert!(matches!(
            problem("ask-custom-fact-default"),
            Some(Problem::FunctionName)
        ));
        assert!(matches!(
            problem("arn:aws:lambda:us-east-1:1234:function:tide"),
            Some(Problem::NotLambdaArn)
        ));
        assert!(matches!(
            problem("arn:aws:lambda:REGION:ACCOUNT_ID:function:tide"),
            Some(Problem::Placeholder)
        ));
        assert!(matches!(
            problem("http://tides.example.org"),
            Some(Problem::Other)
        ));
        assert!(matches!(
            problem("lambda_function.handler"),
            Some(Problem::Other)
        ));
    }

    fn endpoint_type(uri: &str) -> Option<EndpointType> {
        type_of(uri, problem(uri))
    }

    #[test]
    fn endpoint_types() {
        let lambda = Some(EndpointType::Lambda);
        assert_eq!(
            endpoint_type("arn:aws:lambda:us-east-1:123456789012:function:tide"),
            lambda
        );
        assert_eq!(
            endpoint_type("arn:aws:lambda:us-east-1:1234:function:tide"),
            lambda
        );
        assert_eq!(
            endpoint_type("https://tides.example.org/alexa"),
            Some(EndpointType::Https)
        );
        for untyped in [
            "",
            "INSERT_LAMBDA_ARN_HERE",
            "arn:aws:lambda:REGION:ACCOUNT_ID:function:x",
            "tide",
            "http://tides.example.org",
        ] {
            assert_eq!(endpoint_type(untyped), None, "{untyped}");
        }
    }
}
