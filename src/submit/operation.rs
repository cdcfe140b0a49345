//! The SMAPI operations of the seed pages, and how a checked request document becomes the HTTP
//! call it describes.

use clap::ValueEnum;
use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value, json};

use crate::kind::Kind;
// What may stay unencoded in a path segment or a query value: RFC 3986's unreserved characters
// (one set, so that the scrubber finds a secret spelled as a URL spells it).
use crate::secrets::URL_COMPONENT as COMPONENT;

/// One SMAPI operation, named as in a request file's `operation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Operation {
    /// GET /v1/skills/{skillId}/enablements?unitId=...: one unit's enablement of a skill
    GetEnablement,
    /// GET /v1/skills/enablements?unitId=...: every skill enabled for a unit
    ListEnablements,
    /// POST /v1/skills/{skillId}/enablements: enable a skill for a unit
    #[value(alias = "enable")]
    EnableSkill,
    /// DELETE /v1/skills/{skillId}/enablements?unitId=...: disable a skill for a unit
    #[value(alias = "disable")]
    DisableSkill,
    /// GET /v0/skills/{skillId}: a skill's manifest
    GetSkill,
    /// POST /v0/skills: create a skill (then waits for its status)
    #[value(alias = "create")]
    CreateSkill,
    /// PUT /v0/skills/{skillId}: replace a skill's manifest (then waits for its status)
    #[value(alias = "update")]
    UpdateSkill,
    /// GET /v0/skills/{skillId}/status: the state of the last create or update
    #[value(alias = "status")]
    GetSkillStatus,
    /// GET /v0/skills?vendorId=...: a vendor's skills
    ListSkills,
    /// DELETE /v0/skills/{skillId}: delete a skill
    #[value(alias = "delete")]
    DeleteSkill,
}

/// Where a list operation keeps its items and the token of the next page.
#[derive(Debug, Clone, Copy)]
pub struct Pages {
    pub items: &'static str,
    /// JSON Pointer of the next page's token in a response.
    pub next_token: &'static str,
}

impl Operation {
    /// The name a request file uses, e.g. `enable-skill`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::GetEnablement => "get-enablement",
            Operation::ListEnablements => "list-enablements",
            Operation::EnableSkill => "enable-skill",
            Operation::DisableSkill => "disable-skill",
            Operation::GetSkill => "get-skill",
            Operation::CreateSkill => "create-skill",
            Operation::UpdateSkill => "update-skill",
            Operation::GetSkillStatus => "get-skill-status",
            Operation::ListSkills => "list-skills",
            Operation::DeleteSkill => "delete-skill",
        }
    }

    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::value_variants()
            .iter()
            .copied()
            .find(|op| op.name() == name)
    }

    pub fn method(self) -> &'static str {
        match self {
            Operation::EnableSkill | Operation::CreateSkill => "POST",
            Operation::UpdateSkill => "PUT",
            Operation::DisableSkill | Operation::DeleteSkill => "DELETE",
            _ => "GET",
        }
    }

    /// Whether sending the call twice does what sending it once does. A call that is not may be
    /// repeated only when the server cannot have acted on the first one.
    pub fn idempotent(self) -> bool {
        self.method() != "POST"
    }

    /// The kind a successful response body is checked as.
    pub fn response_kind(self) -> Option<Kind> {
        match self {
            Operation::GetEnablement | Operation::EnableSkill => Some(Kind::Enablement),
            Operation::ListEnablements => Some(Kind::EnablementList),
            Operation::GetSkill => Some(Kind::SkillManifestV0),
            Operation::GetSkillStatus => Some(Kind::SkillStatus),
            Operation::ListSkills => Some(Kind::SkillList),
            Operation::CreateSkill
            | Operation::UpdateSkill
            | Operation::DisableSkill
            | Operation::DeleteSkill => None,
        }
    }

    pub fn pages(self) -> Option<Pages> {
        match self {
            Operation::ListEnablements => Some(Pages {
                items: "items",
                next_token: "/paginationContext/nextToken",
            }),
            Operation::ListSkills => Some(Pages {
                items: "skills",
                next_token: "/nextToken",
            }),
            _ => None,
        }
    }
}

/// An HTTP call, before a host and a token are added.
#[derive(Debug, Clone)]
pub struct Call {
    pub operation: Operation,
    pub method: &'static str,
    /// Path with its segments percent-encoded, e.g. `/v1/skills/amzn1.ask.skill.…/enablements`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// Compact JSON.
    pub body: Option<Vec<u8>>,
}

impl Call {
    /// Path and query string, as they go on the request line.
    pub fn target(&self) -> String {
        let mut target = self.path.clone();
        for (i, (name, value)) in self.query.iter().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(name);
            target.push('=');
            target.extend(utf8_percent_encode(value, COMPONENT));
        }
        target
    }

    /// The same call for the page after `token`.
    pub fn with_next_token(&self, token: &str) -> Call {
        let mut call = self.clone();
        call.query.retain(|(name, _)| *name != "nextToken");
        call.query.push(("nextToken", token.to_owned()));
        call
    }
}

/// The call a request document describes. `manifest` is the contents of its `manifestFile`, when
/// it has one. The document has passed the smapi-request schema; what it still lacks is an error.
pub fn call_for(request: &Value, manifest: Option<&Value>) -> Result<Call, String> {
    let field = |name: &str| request.get(name).and_then(Value::as_str);
    let name = field("operation").ok_or("the request has no `operation`")?;
    let operation =
        Operation::from_name(name).ok_or_else(|| format!("unknown operation `{name}`"))?;
    let skill = || {
        field("skillId")
            .map(|id| utf8_percent_encode(id, COMPONENT).to_string())
            .ok_or_else(|| format!("{name} needs a `skillId`"))
    };
    let mut query = Vec::new();
    for parameter in ["unitId", "stage", "vendorId", "maxResults", "nextToken"] {
        let value = match request.get(parameter) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        // The seed pages' names for the query parameters are the request file's field names.
        query.push((parameter, value));
    }
    let body = request.get("body").cloned();
    let (path, body) = match operation {
        Operation::GetEnablement | Operation::DisableSkill => {
            (format!("/v1/skills/{}/enablements", skill()?), None)
        }
        Operation::ListEnablements => ("/v1/skills/enablements".to_owned(), None),
        Operation::EnableSkill => (format!("/v1/skills/{}/enablements", skill()?), body),
        Operation::GetSkill | Operation::DeleteSkill => (format!("/v0/skills/{}", skill()?), None),
        Operation::GetSkillStatus => (format!("/v0/skills/{}/status", skill()?), None),
        Operation::ListSkills => ("/v0/skills".to_owned(), None),
        Operation::CreateSkill => {
            let body = match (body, manifest) {
                (Some(body), _) => body,
                (None, Some(manifest)) => json!({
                    "vendorId": field("vendorId").ok_or("create-skill needs a `vendorId`")?,
                    "skillManifest": manifest_object(manifest)?,
                }),
                (None, None) => {
                    return Err("create-skill needs a `body` or a `manifestFile`".into());
                }
            };
            ("/v0/skills".to_owned(), Some(body))
        }
        Operation::UpdateSkill => {
            let body = match (body, manifest) {
                (Some(body), _) => body,
                (None, Some(manifest)) => json!({ "skillManifest": manifest_object(manifest)? }),
                (None, None) => {
                    return Err("update-skill needs a `body` or a `manifestFile`".into());
                }
            };
            (format!("/v0/skills/{}", skill()?), Some(body))
        }
    };
    // A call with a body carries its parameters there (create-skill's vendor, enable-skill's unit).
    if body.is_some() {
        query.clear();
    }
    let body = body.map(|b| serde_json::to_vec(&b).expect("a JSON value serializes"));
    Ok(Call {
        operation,
        method: operation.method(),
        path,
        query,
        body,
    })
}

/// The manifest object of a skill.json, v1 (`{"manifest": …}`) or v0 (`{"skillManifest": …}`).
fn manifest_object(document: &Value) -> Result<&Map<String, Value>, String> {
    ["manifest", "skillManifest"]
        .iter()
        .find_map(|key| document.get(*key).and_then(Value::as_object))
        .ok_or_else(|| "the manifest file has no `manifest` object".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_encoded_and_bodies_are_compact() {
        let call = call_for(
            &json!({"operation": "get-enablement", "skillId": "a/b c", "unitId": "u&v=w", "stage": "live"}),
            None,
        )
        .unwrap();
        assert_eq!(
            call.target(),
            "/v1/skills/a%2Fb%20c/enablements?unitId=u%26v%3Dw&stage=live"
        );
        let call = call_for(
            &json!({"operation": "create-skill", "vendorId": "M1", "manifestFile": "skill.json"}),
            Some(&json!({"manifest": {"manifestVersion": "1.0"}})),
        )
        .unwrap();
        assert_eq!(
            (call.method, call.target().as_str()),
            ("POST", "/v0/skills")
        );
        assert_eq!(
            call.body.unwrap(),
            br#"{"skillManifest":{"manifestVersion":"1.0"},"vendorId":"M1"}"#
        );
        let next = call_for(
            &json!({"operation": "list-skills", "vendorId": "M1", "nextToken": "old"}),
            None,
        )
        .unwrap()
        .with_next_token("a+b/c=");
        assert_eq!(
            next.target(),
            "/v0/skills?vendorId=M1&nextToken=a%2Bb%2Fc%3D"
        );
    }
}
