use super::{string_at, strings_in_items};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that unit IDs have the form `amzn1.alexa.unit.did.<id>`, wherever a unit ID appears:
    /// enablement requests and records, and a request file's `unitId`.
    ///
    /// ## Why is this bad?
    /// A unit is a room or device group of an Alexa Smart Properties organisation; the enablement API
    /// answers an ID that is not one with 400 or 404. The reference pages give the form
    /// `amzn1.alexa.unit.did.{id}` in every parameter table, while their own examples print
    /// `amzn1.alexa.unit.unitId`, without `did.`; that form is reported as a warning that explains
    /// the inconsistency, and placeholders such as `{id}` as errors.
    ///
    /// ## Evidence
    /// The server rejects this request.
    ///
    /// - [Skill management API (Alexa Smart Properties)](https://developer.amazon.com/en-US/docs/alexa/alexa-smart-properties/skill-management-api.html): `amzn1.alexa.unit.did.{id}`
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"unitId": "living-room", "stage": "live"}
    /// ```
    /// Valid:
    /// ```json
    /// {"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "stage": "live"}
    /// ```
    pub UnitIdFormat {
        code: "ID002",
        name: "unit-id-format",
        severity: Error,
        requirement: Build,
        kinds: [EnablementRequest, Enablement, EnablementList, SmapiRequest],
    }
}

const PREFIX: &str = "amzn1.alexa.unit.did.";
const FORM: &str = "`amzn1.alexa.unit.did.` followed by the unit's ID";

impl Rule for UnitIdFormat {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let at = |pointer: &str| string_at(value, pointer);
        let ids: Vec<(String, &str)> = match cx.kind {
            Kind::EnablementRequest => at("/unitId").into_iter().collect(),
            Kind::SmapiRequest => at("/unitId")
                .into_iter()
                .chain(at("/body/unitId"))
                .collect(),
            Kind::Enablement => at("/unit/id").into_iter().collect(),
            Kind::EnablementList => strings_in_items(value, "/items", "/unit/id"),
            _ => Vec::new(),
        };
        for (pointer, id) in ids {
            // An empty ID is the schema's to report.
            if id.is_empty() || is_unit_id(id) {
                continue;
            }
            if id.starts_with(PREFIX) {
                cx.report(
                    pointer,
                    format!("`{id}` has a placeholder where the unit's ID goes"),
                )
                .label("placeholder")
                .help(format!("put the unit's own ID there: unit IDs are {FORM}"));
            } else if id.starts_with("amzn1.alexa.unit.") {
                cx.report(pointer, format!("`{id}` lacks the `did.` of a unit ID"))
                    .severity(Severity::Warning)
                    .label("documentation form")
                    .help(format!(
                        "the Smart Properties reference pages print `amzn1.alexa.unit.unitId` in their examples, but their \
                         parameter tables give the form {FORM}"
                    ));
            } else {
                cx.report(pointer, format!("`{id}` is not a unit ID"))
                    .label("not a unit ID")
                    .help(format!("unit IDs are {FORM}"));
            }
        }
    }
}

/// `amzn1.alexa.unit.did.` and an ID. No alphabet is published for the ID, so only what marks a
/// placeholder (nothing, spaces, `{id}`, `<id>`, `$UNIT`) is refused.
fn is_unit_id(id: &str) -> bool {
    id.strip_prefix(PREFIX).is_some_and(|rest| {
        !matches!(rest.to_ascii_lowercase().as_str(), "" | "id" | "unitid")
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '{' | '}' | '<' | '>' | '$'))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms() {
        assert!(super::is_unit_id(
            "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE"
        ));
        assert!(!super::is_unit_id("amzn1.alexa.unit.did."));
        assert!(!super::is_unit_id("amzn1.alexa.unit.did.{id}"));
        assert!(!super::is_unit_id("amzn1.alexa.unit.did.unitId"));
        assert!(!super::is_unit_id("amzn1.alexa.unit.unitId"));
        assert!(!super::is_unit_id("living-room"));
    }
}
