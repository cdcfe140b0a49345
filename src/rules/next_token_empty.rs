use serde_json::Value;

use super::string_at;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an empty `nextToken`: in a request file (leave it out to ask for the first page), and
    /// in list responses (a warning; an error when the page says it is truncated).
    ///
    /// ## Why is this bad?
    /// `nextToken` carries the token of the previous response's page; the first page is asked for
    /// without one, and `nextToken=` asks for a page that does not exist.
    ///
    /// In a response, an empty `nextToken` means "no next page" at best: the service leaves it out on
    /// the last page ("It will not exist if there are no extra records"), so an empty one comes from a
    /// hand-written or re-serialised response, and a client that checks for its presence sends it
    /// back as `nextToken=`. That is a warning; a skill list that says `isTruncated: true` with an
    /// empty `nextToken` is an error, since the rest of the list cannot be fetched.
    ///
    /// ## Evidence
    /// The server rejects this request.
    ///
    /// - [Skill management API (Alexa Smart Properties)](https://developer.amazon.com/en-US/docs/alexa/alexa-smart-properties/skill-management-api.html) and [Skill operations (v0)](https://developer.amazon.com/docs/smapi/skill-operations-v0.html): `nextToken`
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"operation": "list-skills", "vendorId": "M1EXAMPLE", "nextToken": ""}
    /// ```
    /// Valid:
    /// ```json
    /// {"operation": "list-skills", "vendorId": "M1EXAMPLE"}
    /// ```
    pub NextTokenEmpty {
        code: "PAG002",
        name: "next-token-empty",
        severity: Error,
        requirement: Build,
        kinds: [SmapiRequest, EnablementList, SkillList],
        replaces: ["SCH005"],
    }
}

impl Rule for NextTokenEmpty {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let pointer = match cx.kind {
            Kind::SmapiRequest | Kind::SkillList => "/nextToken",
            Kind::EnablementList => "/paginationContext/nextToken",
            _ => return,
        };
        let Some((pointer, token)) = string_at(value, pointer) else {
            return;
        };
        if !token.trim().is_empty() {
            return;
        }
        let truncated = value.get("isTruncated") == Some(&Value::Bool(true));
        match cx.kind {
            Kind::SmapiRequest => {
                cx.report(pointer, "`nextToken` is empty")
                    .label("empty")
                    .help("leave `nextToken` out to ask for the first page; it carries the token a previous response returned");
            }
            Kind::SkillList if truncated => {
                cx.report(pointer, "the list is truncated but `nextToken` is empty")
                    .label("empty")
                    .secondary("/isTruncated", "more skills")
                    .help("a truncated page carries the token of the next page; without one the rest cannot be fetched");
            }
            _ => {
                cx.report(pointer, "`nextToken` is empty; a last page has no `nextToken` at all")
                    .severity(Severity::Warning)
                    .label("empty")
                    .help("the service leaves `nextToken` out when there are no more results; a client that passes an empty one back asks for `nextToken=`");
            }
        }
    }
}
