use super::{string_at, strings_in_items};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that skill IDs have the form `amzn1.ask.skill.<uuid>` (the legacy
    /// `amzn1.echo-sdk-ams.app.<uuid>` is accepted too).
    ///
    /// ## Why is this bad?
    /// SMAPI answers a malformed skill ID with 400 or 404, and ASK CLI refuses it before sending. The
    /// Alexa Smart Properties reference pages print the form `amzn1.alexa.skill.{id}` in their request
    /// tables, while their own response examples and every real skill use `amzn1.ask.skill.`; that form
    /// is reported as a warning that explains the inconsistency.
    ///
    /// ## Evidence
    /// The server rejects this: a skill ID that does not have this form names no skill.
    ///
    /// - [ASK CLI `option-model.json`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/commands/option-model.json): the skill ID pattern
    /// - [Skill management API (Alexa Smart Properties)](https://developer.amazon.com/en-US/docs/alexa/alexa-smart-properties/skill-management-api.html): `amzn1.alexa.skill.{id}` in its tables, `amzn1.ask.skill.…` in its examples
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"operation": "get-skill", "skillId": "my-trivia-skill"}
    /// ```
    /// Valid:
    /// ```json
    /// {"operation": "get-skill", "skillId": "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90"}
    /// ```
    pub SkillIdFormat {
        code: "ID001",
        name: "skill-id-format",
        severity: Error,
        requirement: Build,
        kinds: [SmapiRequest, Enablement, EnablementList, SkillList],
    }
}

const FORM: &str = "`amzn1.ask.skill.` followed by a UUID (8-4-4-4-12 characters)";

impl Rule for SkillIdFormat {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let ids: Vec<(String, &str)> = match cx.kind {
            Kind::SmapiRequest => string_at(value, "/skillId").into_iter().collect(),
            Kind::Enablement => string_at(value, "/skill/id").into_iter().collect(),
            Kind::EnablementList => strings_in_items(value, "/items", "/skill/id"),
            Kind::SkillList => strings_in_items(value, "/skills", "/skillId"),
            _ => Vec::new(),
        };
        for (pointer, id) in ids {
            if is_skill_id(id) {
                continue;
            }
            if id.starts_with("amzn1.alexa.skill.") {
                cx.report(pointer, format!("`{id}` uses the `amzn1.alexa.skill.` form, which real skill IDs do not have"))
                    .severity(Severity::Warning)
                    .label("documentation form")
                    .help(format!(
                        "the Smart Properties reference pages print `amzn1.alexa.skill.{{id}}`, but their own responses \
                         and the developer console use {FORM}"
                    ));
            } else {
                cx.report(pointer, format!("`{id}` is not a skill ID"))
                    .label("not a skill ID")
                    .help(format!("skill IDs are {FORM}; copy it from the developer console or `ask smapi list-skills-for-vendor`"));
            }
        }
    }
}

/// `amzn<digit>.ask.skill.<uuid>` or the legacy `amzn<digit>.echo-sdk-ams.app.<uuid>` (ASK CLI's check).
fn is_skill_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("amzn") else {
        return false;
    };
    let mut chars = rest.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = chars.as_str();
    let uuid = rest
        .strip_prefix(".ask.skill.")
        .or_else(|| rest.strip_prefix(".echo-sdk-ams.app."));
    uuid.is_some_and(|u| {
        let groups: Vec<&str> = u.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms() {
        assert!(super::is_skill_id(
            "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90"
        ));
        assert!(super::is_skill_id(
            "amzn1.echo-sdk-ams.app.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90"
        ));
        assert!(!super::is_skill_id("amzn1.ask.skill.skillId"));
        assert!(!super::is_skill_id(
            "amzn1.alexa.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90"
        ));
        assert!(!super::is_skill_id(
            "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f9"
        ));
    }
}
