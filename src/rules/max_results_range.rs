use serde_json::Value;

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks `maxResults` of a request file's list call: a whole number from 1 to 10 for
    /// `list-enablements`, at most 50 for `list-skills` (a warning), and a number rather than a
    /// string.
    ///
    /// ## Why is this bad?
    /// The skill enablement reference page allows 1 to 10 results per page (10 when `maxResults` is
    /// left out). The v1 list-skills operation takes at most 50; the v0 page, which `list-skills`
    /// calls, publishes no limit, so more than 50 there is a warning.
    ///
    /// A request file gives query parameters as JSON values typed the way the reference pages type
    /// them (`maxResults` is an Integer), and asklint writes them into the query string. So `5` is
    /// right and `"5"` is a string where a number belongs: on the wire both read `maxResults=5`, but
    /// the file says something else than it means, and `"five"` or `5.5` would be sent as they are.
    ///
    /// ## Evidence
    /// The server rejects this request. For v0's list skills the limit is inferred from v1's.
    ///
    /// - [Skill management API (Alexa Smart Properties)](https://developer.amazon.com/en-US/docs/alexa/alexa-smart-properties/skill-management-api.html): `maxResults` of the list enablements call
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `list_skills_for_vendor_v1` (`maxResults` at most 50)
    ///
    /// ## Fix
    /// Safe: a number written as a string (`"5"`) or with a decimal point (`10.0`) is written as
    /// the whole number (`5`, `10`); the query string carries the same. Unsafe: a number out of
    /// range becomes the nearest allowed one (`25` → `10`, `0` → `1`), which changes how many
    /// results a page holds.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"operation": "list-enablements", "unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "maxResults": 25}
    /// ```
    /// Valid:
    /// ```json
    /// {"operation": "list-enablements", "unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "maxResults": 10}
    /// ```
    pub MaxResultsRange {
        code: "PAG001",
        name: "max-results-range",
        severity: Error,
        requirement: Build,
        kinds: [SmapiRequest],
        replaces: ["SCH003", "SCH009"],
        fix: Safe,
    }
}

const POINTER: &str = "/maxResults";

/// What an operation allows: its largest page, how sure that limit is, and where it comes from.
struct Limit {
    max: i64,
    severity: Severity,
    why: &'static str,
}

fn limit(operation: &str) -> Option<Limit> {
    match operation {
        "list-enablements" => Some(Limit {
            max: 10,
            severity: Severity::Error,
            why: "list-enablements takes 1 to 10 results per page (10 when `maxResults` is left out)",
        }),
        "list-skills" => Some(Limit {
            max: 50,
            severity: Severity::Warning,
            why: "the v1 list-skills operation takes at most 50 results per page; the v0 page publishes no limit",
        }),
        _ => None,
    }
}

impl Rule for MaxResultsRange {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let Some(limit) = value
            .get("operation")
            .and_then(Value::as_str)
            .and_then(limit)
        else {
            return;
        };
        let Some(max_results) = value.get("maxResults") else {
            return;
        };
        match max_results {
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match n.as_i64() {
                    Some(whole) => check_range(cx, whole, &n.to_string(), &limit),
                    None if f.fract() != 0.0 => {
                        cx.report(
                            POINTER,
                            format!("`maxResults` is {n}; it must be a whole number"),
                        )
                        .label("not a whole number")
                        .help(limit.why);
                    }
                    // Written with a decimal point (`10.0`), which the query string would carry.
                    None if f.abs() < 1e15 => {
                        cx.report(
                            POINTER,
                            format!("`maxResults` is {n}; write the whole number {f:.0}"),
                        )
                        .label(format!("write {f:.0}"))
                        .help("the query string would carry the decimal point")
                        .fix(
                            format!("write {f:.0}"),
                            vec![Change::replace_value(POINTER, &Value::from(f as i64))],
                        );
                    }
                    // Too large for any page; the cast saturates.
                    None => check_range(cx, f as i64, &n.to_string(), &limit),
                }
            }
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(n) => {
                    cx.report(
                        POINTER,
                        format!("`maxResults` is the string \"{s}\"; write the number {n}"),
                    )
                    .label(format!("write {n}"))
                    .help("a request file gives query parameters as JSON values, and `maxResults` is a number; asklint writes it into the query string")
                    .fix(format!("write the number {n}"), vec![Change::replace_value(POINTER, &Value::from(n))]);
                }
                Err(_) => {
                    cx.report(
                        POINTER,
                        format!("`maxResults` must be a number of results, not \"{s}\""),
                    )
                    .label("not a number")
                    .help(limit.why);
                }
            },
            // Other types are the schema's to report.
            _ => {}
        }
    }
}

/// `n` is the value as a whole number, `shown` as written.
fn check_range(cx: &mut Context<'_>, n: i64, shown: &str, limit: &Limit) {
    if n < 1 {
        cx.report(
            POINTER,
            format!("`maxResults` is {shown}; it must be at least 1"),
        )
        .label("at least 1")
        .help(format!("{}; leave it out for the default", limit.why))
        .unsafe_fix(
            "write 1",
            vec![Change::replace_value(POINTER, &Value::from(1))],
        );
    } else if n > limit.max {
        let bound = match limit.severity {
            Severity::Error => "it must be at most",
            _ => "the documented maximum is",
        };
        cx.report(
            POINTER,
            format!("`maxResults` is {shown}; {bound} {}", limit.max),
        )
        .severity(limit.severity)
        .label(format!("at most {}", limit.max))
        .help(format!("{}; fetch the rest with `nextToken`", limit.why))
        .unsafe_fix(
            format!("write {}", limit.max),
            vec![Change::replace_value(POINTER, &Value::from(limit.max))],
        );
    }
}
