use serde_json::Value;

use crate::declare_rule;
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks the wrapper around the manifest: the v1 `manifest` and the v0 `skillManifest` mixed in
    /// one document, the wrapper the API or file does not read, and a manifest wrapped twice.
    ///
    /// ## Why is this bad?
    /// The v1 API, ASK CLI and `skill-package/skill.json` wrap the manifest in `manifest`; the v0 API
    /// (`POST /v0/skills`, `PUT /v0/skills/{skillId}`, and what `GET /v0/skills/{skillId}` returns)
    /// wraps it in `skillManifest`. Of a document with both, one is ignored (ASK CLI reads only
    /// `manifest`) or the request is refused; a `skill.json` with `skillManifest` (early ASK CLI
    /// projects had one) is not read by today's ASK CLI; and `{"manifest": {"manifest": …}}` hides
    /// the whole manifest one level too deep. The server answers each with a missing or unexpected
    /// property, never with the reason.
    ///
    /// What can be told: asklint tells a document's kind from its top-level keys (`manifest` before
    /// `skillManifest`), so mixing, double wrapping, `hosting` (v1 only) beside `skillManifest`, and
    /// the wrapper a request file's `create-skill` or `update-skill` body needs (both are v0
    /// operations) come from the document itself. A file's name is only a hint: a v0 document is
    /// reported as the wrong wrapper when the file is named `skill.json`, the one name ASK CLI
    /// reads.
    ///
    /// ## Evidence
    /// The server rejects this on upload: each API takes its own wrapper.
    ///
    /// - [Skill operations (v0)](https://developer.amazon.com/docs/smapi/skill-operations-v0.html): `skillManifest` in v0 bodies
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `skill_manifest_envelope.py`: `manifest` in v1 bodies
    /// - [ASK CLI `manifest.js`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/model/manifest.js): `skill.json` read as `manifest`
    /// - [alexa-samples/skill-sample-python-petmatch#4](https://github.com/alexa-samples/skill-sample-python-petmatch/issues/4): a `skill.json` moved from v0's `skillManifest` to v1's `manifest`
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"manifest": {"manifestVersion": "1.0", "apis": {"custom": {}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"manifestVersion": "1.0", "apis": {"custom": {}}}}
    /// ```
    pub Envelope {
        code: "MAN002",
        name: "envelope",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest, SmapiRequest],
        replaces: ["SCH002"],
    }
}

const V1: &str = "manifest";
const V0: &str = "skillManifest";

impl Rule for Envelope {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let value = cx.value;
        match cx.kind {
            Kind::SkillManifest if value.get(V0).is_some() => {
                mixed(
                    cx,
                    "",
                    V0,
                    "keep `manifest`, which ASK CLI and the v1 API read, and remove `skillManifest`",
                );
            }
            Kind::SkillManifestV0 if cx.hint == Some(Kind::SkillManifest) => {
                cx.report("/skillManifest", "this `skill.json` wraps the manifest in the v0 `skillManifest`; ASK CLI reads `manifest`")
                    .on_key()
                    .label("v0 wrapper")
                    .help("rename `skillManifest` to `manifest`: ASK CLI (`skill-package/skill.json`, or a v1 project's `skill.json`) reads only `manifest`; `skillManifest` is the v0 API's wrapper, which early ASK CLI projects used");
            }
            Kind::CreateSkillRequest => create_request(cx),
            Kind::SmapiRequest => smapi_body(cx),
            _ => {}
        }
        let base = match cx.kind {
            Kind::SmapiRequest => "/body",
            _ => "",
        };
        for outer in [V1, V0] {
            let pointer = child(base, outer);
            nested(cx, &pointer);
        }
    }
}

/// A body of `POST /v0/skills` or `POST /v1/skills`.
fn create_request(cx: &mut Context<'_>) {
    let value = cx.value;
    let (v1, v0) = (value.get(V1).is_some(), value.get(V0).is_some());
    if v1 && v0 {
        mixed(
            cx,
            "",
            V0,
            "`POST /v1/skills` reads `manifest`, `POST /v0/skills` reads `skillManifest`: keep the one of the API you call",
        );
    } else if v0 && value.get("hosting").is_some() {
        cx.report(
            "/skillManifest",
            "`hosting` is part of the v1 request, which wraps the manifest in `manifest`, not `skillManifest`",
        )
        .on_key()
        .label("v0 wrapper")
        .secondary_key("/hosting", "v1 only")
        .help("for `POST /v1/skills` rename `skillManifest` to `manifest`; for `POST /v0/skills` remove `hosting`")
        .replaces("SCH001", "/manifest");
    }
}

/// The body of a request file's `create-skill` or `update-skill`: both are v0 operations.
fn smapi_body(cx: &mut Context<'_>) {
    let value = cx.value;
    let call = match value.get("operation").and_then(Value::as_str) {
        Some("create-skill") => "create-skill is `POST /v0/skills`",
        Some("update-skill") => "update-skill is `PUT /v0/skills/{skillId}`",
        _ => return,
    };
    let Some(body) = value.get("body").and_then(Value::as_object) else {
        return;
    };
    match (body.contains_key(V1), body.contains_key(V0)) {
        (true, true) => mixed(
            cx,
            "/body",
            V1,
            &format!("{call}, which reads `skillManifest`: remove `manifest`"),
        ),
        (true, false) => {
            cx.report(
                "/body/manifest",
                format!("{call}, which reads `skillManifest`; `manifest` is the v1 wrapper"),
            )
            .on_key()
            .label("v1 wrapper")
            .help("rename `manifest` to `skillManifest`")
            .replaces("SCH001", "/body/skillManifest");
        }
        _ => {}
    }
    if call.starts_with("create-skill") && body.contains_key("hosting") {
        // The schema asks for `manifest` (its `hosting` needs one), which would be the wrong fix.
        cx.report(
            "/body/hosting",
            format!("{call}, which takes no `hosting`: that is the v1 request's"),
        )
        .on_key()
        .label("v1 only")
        .help(
            "remove `hosting`; an Alexa-hosted skill is created with `POST /v1/skills` (`ask new`)",
        )
        .replaces("SCH001", "/body/manifest");
    }
}

/// Both wrappers in the object at `base`; `odd` is the one to report.
fn mixed(cx: &mut Context<'_>, base: &str, odd: &str, help: &str) {
    let other = if odd == V1 { V0 } else { V1 };
    cx.report(
        child(base, odd),
        "both the v1 wrapper `manifest` and the v0 wrapper `skillManifest` are here",
    )
    .on_key()
    .label(label(odd))
    .secondary_key(child(base, other), label(other))
    .help(help)
    .replaces("SCH012", base)
    .replaces("SCH001", base);
}

fn label(wrapper: &str) -> &'static str {
    if wrapper == V1 {
        "v1 wrapper"
    } else {
        "v0 wrapper"
    }
}

/// A wrapper inside the wrapper at `outer`.
fn nested(cx: &mut Context<'_>, outer: &str) {
    let Some(manifest) = cx.value.at(outer).and_then(Value::as_object) else {
        return;
    };
    let outer_key = outer.rsplit('/').next().unwrap_or_default().to_owned();
    for inner in [V1, V0] {
        if manifest.get(inner).is_some_and(Value::is_object) {
            cx.report(
                child(outer, inner),
                format!("the manifest is wrapped twice: `{outer_key}` holds another `{inner}`"),
            )
            .on_key()
            .label("second wrapper")
            .help(format!(
                "move what is inside the inner `{inner}` up into `{outer_key}`, and remove the inner key"
            ));
        }
    }
}
