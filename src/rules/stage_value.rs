use std::sync::LazyLock;

use super::{string_at, strings_in_items};
use crate::declare_rule;
use crate::fix::Change;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::enum_values;

declare_rule! {
    /// ## What it does
    /// Checks stage values against the stages each API takes, and gives the exact fix for a near miss.
    ///
    /// ## Why is this bad?
    /// Stages are lower case and differ between APIs: skill enablements for Smart Properties take
    /// `development`, `certification` or `live`, while skill manifests and skill lists use
    /// `development`, `certified` or `live`. SMAPI rejects `Live`, `LIVE` or the other API's spelling
    /// with a bare 400; this rule says which value was meant.
    ///
    /// ## Evidence
    /// The server rejects this request.
    ///
    /// - [Skill management API (Alexa Smart Properties)](https://developer.amazon.com/en-US/docs/alexa/alexa-smart-properties/skill-management-api.html): `development`, `certification`, `live`
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `stage_v2_type.py` (`development`, `certified`, `live`)
    ///
    /// ## Fix
    /// Safe: a stage that differs from an allowed one only in case (`Live`) becomes that one
    /// (`live`), and the other API's spelling of the certification stage (`certified` in an
    /// enablement) becomes this API's (`certification`). Both mean the stage that was written.
    /// An unknown stage is left alone.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "stage": "Live"}
    /// ```
    /// Valid:
    /// ```json
    /// {"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "stage": "live"}
    /// ```
    pub StageValue {
        code: "STG001",
        name: "stage-value",
        severity: Error,
        requirement: Build,
        kinds: [EnablementRequest, SmapiRequest, Enablement, EnablementList, SkillList],
        replaces: ["SCH004"],
        fix: Safe,
    }
}

/// The stages of the enablement API and of skill manifests, as the schemas define them.
static ENABLEMENT: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| enum_values("enablement-request.schema.json", "/properties/stage"));
static MANIFEST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    enum_values(
        "skill-list.schema.json",
        "/definitions/skillSummary/properties/stage",
    )
});

impl Rule for StageValue {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let at = |pointer: &str| string_at(value, pointer);
        let (stages, other): (&[&str], &[&str]) = if cx.kind == Kind::SkillList {
            (&MANIFEST, &ENABLEMENT)
        } else {
            (&ENABLEMENT, &MANIFEST)
        };
        let found: Vec<(String, &str)> = match cx.kind {
            Kind::EnablementRequest => at("/stage").into_iter().collect(),
            Kind::SmapiRequest => at("/stage").into_iter().chain(at("/body/stage")).collect(),
            Kind::Enablement => at("/skill/stage").into_iter().collect(),
            Kind::EnablementList => strings_in_items(value, "/items", "/skill/stage"),
            Kind::SkillList => strings_in_items(value, "/skills", "/stage"),
            _ => Vec::new(),
        };
        for (pointer, stage) in found {
            if stages.contains(&stage) {
                continue;
            }
            let lower = stage.to_lowercase();
            let list = stages
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(fix) = stages.iter().find(|s| **s == lower) {
                cx.report(
                    pointer.clone(),
                    format!("stage `{stage}` must be lower case: `{fix}`"),
                )
                .label(format!("use `{fix}`"))
                .help("stages are case-sensitive".to_owned())
                .fix(
                    format!("replace `{stage}` with `{fix}`"),
                    vec![Change::replace_string(pointer, fix)],
                );
            } else if other.contains(&lower.as_str()) {
                // `certified` where `certification` is meant, or the other way round.
                let fix = stages
                    .iter()
                    .find(|s| s.starts_with("certif"))
                    .copied()
                    .unwrap_or(stages[0]);
                cx.report(
                    pointer.clone(),
                    format!("stage `{stage}` is the other API's spelling; here it is `{fix}`"),
                )
                .label(format!("use `{fix}`"))
                .help(format!(
                    "skill enablements take {}; skill manifests and skill lists take {}",
                    backticked(&ENABLEMENT),
                    backticked(&MANIFEST)
                ))
                .fix(
                    format!("replace `{stage}` with `{fix}`"),
                    vec![Change::replace_string(pointer, fix)],
                );
            } else {
                cx.report(
                    pointer,
                    format!("`{stage}` is not a stage; expected one of {list}"),
                )
                .label("unknown stage");
            }
        }
    }
}

fn backticked(values: &[&str]) -> String {
    values
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
