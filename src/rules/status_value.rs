use std::sync::LazyLock;

use super::{string_at, strings_in_items};
use crate::declare_rule;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::enum_values;
use crate::span_index::Pointer;

declare_rule! {
    /// ## What it does
    /// Checks status values where each API puts them, and explains the v0/v1 difference.
    ///
    /// ## Why is this bad?
    /// The v0 skill status says `SUCCESSFUL`, `FAILED` or `IN_PROGRESS`; the v1 status says
    /// `SUCCEEDED` instead of `SUCCESSFUL`. Enablements are `ENABLING` or `ENABLED`. A poller that
    /// waits for the other version's word waits forever, and a fake or recorded response with it tests
    /// nothing.
    ///
    /// ## Evidence
    /// The server sends only these values, each API version its own.
    ///
    /// - [Skill operations (v0)](https://developer.amazon.com/docs/smapi/skill-operations-v0.html): `SUCCESSFUL`, `FAILED`, `IN_PROGRESS`
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `status.py` (v1: `SUCCEEDED`, `FAILED`, `IN_PROGRESS`)
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"lastModified": {"time": "2026-11-02T10:00:00.000Z", "status": "SUCCEEDED"}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"lastModified": {"time": "2026-11-02T10:00:00.000Z", "status": "SUCCESSFUL"}}}
    /// ```
    pub StatusValue {
        code: "STS001",
        name: "status-value",
        severity: Error,
        requirement: Build,
        kinds: [SkillStatus, Enablement, EnablementList],
        replaces: ["SCH004"],
    }
}

static V0: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    enum_values(
        "skill-status.schema.json",
        "/definitions/v0LastModified/properties/status",
    )
});
static V1: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    enum_values(
        "skill-status.schema.json",
        "/definitions/v1LastUpdateRequest/properties/status",
    )
});
static ENABLEMENT: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    enum_values(
        "enablement.schema.json",
        "/definitions/enablement/properties/status",
    )
});

impl Rule for StatusValue {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        let at = |pointer: &str| string_at(value, pointer);
        // (statuses found, the values allowed there, the other version's values, which version)
        type Site<'a> = (
            Vec<(String, &'a str)>,
            &'a [&'a str],
            &'a [&'a str],
            &'a str,
        );
        let (found, allowed, other, version): Site<'_> = match cx.kind {
            Kind::SkillStatus if value.at("/manifest/lastModified").is_some() => (
                at("/manifest/lastModified/status").into_iter().collect(),
                &V0,
                &V1,
                "v0",
            ),
            Kind::SkillStatus => (
                at("/manifest/lastUpdateRequest/status")
                    .into_iter()
                    .collect(),
                &V1,
                &V0,
                "v1",
            ),
            Kind::Enablement => (at("/status").into_iter().collect(), &ENABLEMENT, &[], ""),
            Kind::EnablementList => (
                strings_in_items(value, "/items", "/status"),
                &ENABLEMENT,
                &[],
                "",
            ),
            _ => return,
        };
        let list = allowed
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        for (pointer, status) in found {
            if allowed.contains(&status) {
                continue;
            }
            if other.contains(&status) {
                let fix = allowed
                    .iter()
                    .find(|s| s.starts_with("SUCC"))
                    .copied()
                    .unwrap_or(allowed[0]);
                cx.report(pointer, format!("`{status}` is the other API version's word; the {version} status says `{fix}`"))
                    .label(format!("use `{fix}`"))
                    .help("the v0 skill status says SUCCESSFUL, the v1 status SUCCEEDED");
            } else {
                cx.report(
                    pointer,
                    format!("`{status}` is not a status here; expected one of {list}"),
                )
                .label("unknown status");
            }
        }
    }
}
