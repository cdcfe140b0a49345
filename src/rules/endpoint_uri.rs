use serde_json::Value;

use crate::declare_rule;
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
    /// Source: ask-smapi-model spec.json endpoint patterns, server errors in LorenzHW/Telegram-Connect#9
    /// and alexa-samples/skill-sample-nodejs-buttons-trivia#5 (ALEXA.md §1.9). Confidence: HARD.
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

/// What an endpoint `uri` names, for the rules that compare endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointType {
    Lambda,
    Https,
}

impl EndpointType {
    /// How a message names it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            EndpointType::Lambda => "a Lambda ARN",
            EndpointType::Https => "an https URL",
        }
    }

    pub(crate) fn plural(self) -> &'static str {
        match self {
            EndpointType::Lambda => "Lambda ARNs",
            EndpointType::Https => "https URLs",
        }
    }
}

/// The type of an endpoint `uri`, or `None` when it is neither an ARN nor an https URL, or is empty
/// or a placeholder (this rule reports those; the rules that compare endpoints skip them).
/// `problem` is the uri's [`problem`], worked out once per document (`Context::endpoint_type`).
pub(crate) fn type_of(uri: &str, problem: Option<Problem>) -> Option<EndpointType> {
    match problem {
        None | Some(Problem::NotLambdaArn) if uri.trim().starts_with("arn:") => {
            Some(EndpointType::Lambda)
        }
        None => Some(EndpointType::Https),
        Some(_) => None,
    }
}

/// What is wrong with an endpoint `uri`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Problem {
    Empty,
    Placeholder,
    FunctionName,
    NotLambdaArn,
    Other,
}

pub(crate) fn problem(uri: &str) -> Option<Problem> {
    let uri = uri.trim();
    if uri.is_empty() {
        return Some(Problem::Empty);
    }
    if uri.starts_with("https://") {
        return None;
    }
    if let Some(rest) = uri.strip_prefix("arn:") {
        return match is_lambda_arn(rest) {
            true => None,
            false if is_placeholder(uri) => Some(Problem::Placeholder),
            false => Some(Problem::NotLambdaArn),
        };
    }
    if is_placeholder(uri) {
        return Some(Problem::Placeholder);
    }
    if uri
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Some(Problem::FunctionName);
    }
    Some(Problem::Other)
}

/// `aws:lambda:<region>:<12 digits>:function:<name>[:<version or alias>]` (after `arn:`); other
/// partitions (`aws-cn`, `aws-us-gov`) are accepted too.
fn is_lambda_arn(rest: &str) -> bool {
    let mut parts = rest.split(':');
    let mut next = || parts.next().unwrap_or_default();
    let (partition, service, region, account, resource, name) =
        (next(), next(), next(), next(), next(), next());
    partition.starts_with("aws")
        && service == "lambda"
        && !region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource == "function"
        && !name.is_empty()
        // At most a version or alias after the name.
        && parts.nth(1).is_none()
}

/// Text left in by a template: markers, variables, instructions.
fn is_placeholder(uri: &str) -> bool {
    let upper = uri.to_uppercase();
    [
        "TODO",
        "INSERT",
        "REPLACE",
        "YOUR",
        "FILL",
        "CHANGE",
        "PLACEHOLDER",
        "XXX",
        "ACCOUNT_ID",
        "REGION",
    ]
    .iter()
    .any(|m| upper.contains(m))
        || uri.contains(['$', '{', '<', ' ', '#', '*'])
        || (uri.starts_with("__") && uri.ends_with("__"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
