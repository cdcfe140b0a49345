//! Document kinds and how a file's kind is told from its shape.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde_json::{Map, Value};

macro_rules! kinds {
    ($($variant:ident = $name:literal, $schema:literal, $about:literal, [$($key:literal),*];)*) => {
        /// The kinds of document asklint checks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &[Kind] = &[$(Kind::$variant),*];

            /// The public name, e.g. `skill-manifest`.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name),* }
            }

            /// The file under `schemas/` that describes this kind.
            pub fn schema_file(self) -> &'static str {
                match self { $(Kind::$variant => $schema),* }
            }

            /// One line: what this kind of document is.
            pub fn about(self) -> &'static str {
                match self { $(Kind::$variant => $about),* }
            }

            /// Top-level keys typical of this kind, used to suggest kinds for a file that matches none.
            fn signature(self) -> &'static [&'static str] {
                match self { $(Kind::$variant => &[$($key),*]),* }
            }
        }
    };
}

kinds! {
    SkillManifest = "skill-manifest", "skill-manifest.schema.json",
        "skill manifest `{\"manifest\": …}` (skill-package/skill.json, v1 update body)",
        ["manifest", "publishingInformation", "apis", "privacyAndCompliance", "manifestVersion"];
    SkillManifestV0 = "skill-manifest-v0", "skill-manifest-v0.schema.json",
        "v0 skill manifest `{\"skillManifest\": …}` (v0 GET response, v0 update body)",
        ["skillManifest"];
    CreateSkillRequest = "create-skill-request", "create-skill-request.schema.json",
        "body of POST /v0/skills or /v1/skills `{\"vendorId\", \"skillManifest\" | \"manifest\"}`",
        ["vendorId", "hosting"];
    EnablementRequest = "enablement-request", "enablement-request.schema.json",
        "body of POST /v1/skills/{skillId}/enablements `{\"unitId\", \"stage\"}`",
        ["unitId", "stage"];
    Enablement = "enablement", "enablement.schema.json",
        "a skill enablement record `{\"skill\", \"unit\", \"status\"}`",
        ["skill", "unit", "status", "accountLink"];
    EnablementList = "enablement-list", "enablement-list.schema.json",
        "list of skill enablements `{\"paginationContext\", \"items\"}`",
        ["items", "paginationContext"];
    SkillList = "skill-list", "skill-list.schema.json",
        "list-skills response `{\"_links\", \"isTruncated\", \"nextToken\", \"skills\"}`",
        ["skills", "_links", "isTruncated", "nextToken"];
    SkillStatus = "skill-status", "skill-status.schema.json",
        "skill status response (`manifest.lastModified` in v0, `manifest.lastUpdateRequest` in v1)",
        ["interactionModel", "hostedSkillDeployment", "hostedSkillProvisioning"];
    ErrorResponse = "error-response", "error-response.schema.json",
        "SMAPI error body `{\"code\", \"message\"}` or `{\"message\", \"type\"}`",
        ["code", "message", "type", "violations"];
    SmapiRequest = "smapi-request", "smapi-request.schema.json",
        "asklint request file: one SMAPI operation with its parameters and body",
        ["operation", "manifestFile", "body"];
    InteractionModel = "interaction-model", "interaction-model.schema.json",
        "interaction model `{\"interactionModel\": …}` (interactionModels/custom/<locale>.json)",
        ["interactionModel", "languageModel", "invocationName", "intents"];
    AskResources = "ask-resources", "ask-resources.schema.json",
        "ASK CLI v2 project file ask-resources.json",
        ["askcliResourcesVersion", "profiles"];
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind `{s}`; expected one of: {}", names.join(", "))
            })
    }
}

/// Tell a document's kind from its top-level shape.
pub fn detect(value: &Value) -> Option<Kind> {
    let object = value.as_object()?;
    let has = |key: &str| object.contains_key(key);
    let kind = if is_skill_status(object) {
        Kind::SkillStatus
    } else if has("interactionModel") {
        Kind::InteractionModel
    } else if has("askcliResourcesVersion") {
        Kind::AskResources
    } else if object.get("operation").is_some_and(Value::is_string) {
        Kind::SmapiRequest
    } else if has("vendorId") && (has("manifest") || has("skillManifest")) {
        Kind::CreateSkillRequest
    } else if let Some(manifest) = object.get("manifest") {
        if is_status(manifest) {
            Kind::SkillStatus
        } else {
            Kind::SkillManifest
        }
    } else if has("skillManifest") {
        Kind::SkillManifestV0
    } else if has("skills")
        && (has("_links") || has("isTruncated") || has("nextToken") || object["skills"].is_array())
    {
        Kind::SkillList
    } else if has("items") && (has("paginationContext") || object["items"].is_array()) {
        Kind::EnablementList
    } else if has("unitId") {
        Kind::EnablementRequest
    } else if has("skill") && has("unit") {
        Kind::Enablement
    } else if has("message") && (has("code") || has("type") || has("violations"))
        || is_error_code_only(object)
    {
        Kind::ErrorResponse
    } else {
        return None;
    };
    Some(kind)
}

/// A v1 status response: SMAPI's `SkillStatus` holds up to four resources, and the status call's
/// `resource` parameter picks among them, so a status may hold `interactionModel` alone (builds per
/// locale), beside `manifest`, or only the hosted skill's deployment or provisioning.
fn is_skill_status(object: &Map<String, Value>) -> bool {
    let hosted = object.contains_key("hostedSkillDeployment")
        || object.contains_key("hostedSkillProvisioning");
    let model_status = object.get("interactionModel").is_some_and(is_model_status);
    let manifest_status = object.get("manifest").is_some_and(is_status);
    hosted || model_status || (manifest_status && object.contains_key("interactionModel"))
}

/// `interactionModel` of a status response: builds keyed by locale (`{"en-US": {"lastUpdateRequest":
/// …}}`), never the `languageModel` of a model.
fn is_model_status(value: &Value) -> bool {
    let Some(locales) = value.as_object() else {
        return false;
    };
    !locales.contains_key("languageModel")
        && locales
            .values()
            .any(|entry| entry.get("lastUpdateRequest").is_some())
}

fn is_status(manifest: &Value) -> bool {
    manifest.get("lastModified").is_some() || manifest.get("lastUpdateRequest").is_some()
}

fn is_error_code_only(object: &Map<String, Value>) -> bool {
    object.len() == 1 && object.get("message").is_some_and(Value::is_string)
}

/// Whether a document's shape tells its kind firmly enough to check a file found by walking a
/// folder. A bare `items` or `skills` list, or a `message` with a `code`, is common in any
/// project's data and test fixtures; such a file is checked when it is named, or given a kind by
/// `--kind` or a configuration.
pub fn is_distinctive(kind: Kind, value: &Value) -> bool {
    let has = |key: &str| value.get(key).is_some();
    match kind {
        Kind::EnablementList => has("paginationContext"),
        Kind::SkillList => has("_links") || has("isTruncated") || has("nextToken"),
        // SMAPI's error codes are upper-case words: `SKILL_NOT_FOUND`.
        Kind::ErrorResponse => {
            has("violations")
                || value
                    .get("code")
                    .and_then(Value::as_str)
                    .is_some_and(|code| {
                        code.contains('_')
                            && code.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    })
        }
        _ => true,
    }
}

/// The kind a file's name and place suggest, if any (a hint, never a verdict).
pub fn hint_from_path(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if name == "skill.json" {
        return Some(Kind::SkillManifest);
    }
    if name == "ask-resources.json" {
        return Some(Kind::AskResources);
    }
    let in_models = path
        .parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .any(|dir| dir.file_name().is_some_and(|n| n == "interactionModels"));
    (in_models && name.ends_with(".json") || is_cli_v1_model(path))
        .then_some(Kind::InteractionModel)
}

/// `models/<locale>.json` beside an ASK CLI v1 `skill.json`. The folder name alone is too common
/// to go by, so the manifest beside it is looked for.
fn is_cli_v1_model(path: &Path) -> bool {
    let Some(stem) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".json"))
    else {
        return false;
    };
    let Some(models) = path.parent() else {
        return false;
    };
    is_locale_like(stem)
        && models.file_name().is_some_and(|n| n == "models")
        && models
            .parent()
            .is_some_and(|root| root.join("skill.json").is_file())
}

/// `ll-CC`, in any case: a model named `en-us.json` is still meant as a locale (LOC001 says so).
pub(crate) fn is_locale_like(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 5 && b[2] == b'-' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_alphabetic)
}

/// Whether a file's path says it is meant to be one of ours, whatever its shape: it is in a skill
/// package (under `skill-package/` or `interactionModels/`), or its name is one of ours (`skill.json`, `ask-resources.json`, an asklint request file
/// `*.request.json`). A named file with such a path is checked, and `KIND001` said when its shape
/// matches no kind; a named file without one (a `package.json`, a `tsconfig.json`, a Lambda's
/// data file) is left alone unless its shape is firmly one of ours.
pub fn claimed_by_path(path: &Path) -> bool {
    if hint_from_path(path).is_some() {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_package = path
        .parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .any(|dir| dir.file_name().is_some_and(|n| n == "skill-package"));
    in_package || name.ends_with(".request.json")
}

/// Kinds a document that matches none could have been meant as: by shared top-level keys, else by its
/// file name, else all of them.
pub fn candidates(value: Option<&Value>, path: &Path) -> Vec<Kind> {
    let keys: Vec<&str> = value
        .and_then(Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut by_keys: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| k.signature().iter().any(|s| keys.contains(s)))
        .collect();
    if let Some(hint) = hint_from_path(path) {
        by_keys.retain(|&k| k != hint);
        by_keys.insert(0, hint);
    }
    if by_keys.is_empty() {
        Kind::ALL.to_vec()
    } else {
        by_keys
    }
}

/// For a file that is not valid JSON: the kind its text most likely was, judged by the first
/// signature key that appears in it.
pub fn sniff_text(text: &str) -> Option<Kind> {
    const KEYS: &[(&str, Kind)] = &[
        ("\"interactionModel\"", Kind::InteractionModel),
        ("\"skillManifest\"", Kind::SkillManifestV0),
        ("\"manifest\"", Kind::SkillManifest),
        ("\"askcliResourcesVersion\"", Kind::AskResources),
        ("\"operation\"", Kind::SmapiRequest),
        ("\"unitId\"", Kind::EnablementRequest),
    ];
    KEYS.iter()
        .filter_map(|(key, kind)| text.find(key).map(|at| (at, *kind)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cli_v1_models_need_the_manifest_beside_them() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("models/en-US.json");
        assert_eq!(hint_from_path(&model), None);
        std::fs::write(dir.path().join("skill.json"), "{}").unwrap();
        assert_eq!(hint_from_path(&model), Some(Kind::InteractionModel));
        assert_eq!(hint_from_path(&dir.path().join("models/notes.json")), None);
    }

    #[test]
    fn shapes() {
        let cases = [
            (json!({"manifest": {"apis": {}}}), Some(Kind::SkillManifest)),
            (json!({"skillManifest": {}}), Some(Kind::SkillManifestV0)),
            (
                json!({"vendorId": "M1", "skillManifest": {}}),
                Some(Kind::CreateSkillRequest),
            ),
            (
                json!({"vendorId": "M1", "manifest": {}}),
                Some(Kind::CreateSkillRequest),
            ),
            (
                json!({"unitId": "u", "stage": "live"}),
                Some(Kind::EnablementRequest),
            ),
            (
                json!({"skill": {}, "unit": {}, "status": "ENABLED"}),
                Some(Kind::Enablement),
            ),
            (
                json!({"paginationContext": {}, "items": []}),
                Some(Kind::EnablementList),
            ),
            (
                json!({"_links": {}, "isTruncated": false, "skills": []}),
                Some(Kind::SkillList),
            ),
            (
                json!({"manifest": {"lastModified": {"status": "SUCCESSFUL"}}}),
                Some(Kind::SkillStatus),
            ),
            (
                json!({"manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}}}),
                Some(Kind::SkillStatus),
            ),
            (
                json!({"code": "400", "message": "bad"}),
                Some(Kind::ErrorResponse),
            ),
            (
                json!({"message": "bad", "type": "BadRequest"}),
                Some(Kind::ErrorResponse),
            ),
            (
                json!({"operation": "get-skill", "skillId": "x"}),
                Some(Kind::SmapiRequest),
            ),
            (
                json!({"interactionModel": {}}),
                Some(Kind::InteractionModel),
            ),
            (
                json!({"interactionModel": {"languageModel": {}}}),
                Some(Kind::InteractionModel),
            ),
            // GET /v1/skills/{id}/status?resource=interactionModel
            (
                json!({"interactionModel": {"en-US": {"lastUpdateRequest": {"status": "SUCCEEDED"}}}}),
                Some(Kind::SkillStatus),
            ),
            // GET /v1/skills/{id}/status: every resource at once
            (
                json!({
                    "manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}},
                    "interactionModel": {}
                }),
                Some(Kind::SkillStatus),
            ),
            (
                json!({"hostedSkillDeployment": {"lastUpdateRequest": {"status": "IN_PROGRESS"}}}),
                Some(Kind::SkillStatus),
            ),
            (
                json!({"hostedSkillProvisioning": {"lastUpdateRequest": {"status": "FAILED"}}}),
                Some(Kind::SkillStatus),
            ),
            (
                json!({"askcliResourcesVersion": "2020-03-31", "profiles": {}}),
                Some(Kind::AskResources),
            ),
            (json!({"name": "my-package", "version": "1.0.0"}), None),
            (json!([1, 2]), None),
        ];
        for (value, expected) in cases {
            assert_eq!(detect(&value), expected, "{value}");
        }
    }

    #[test]
    fn loose_shapes_are_not_distinctive() {
        let cases = [
            (json!({"items": [{"id": 1}]}), false),
            (json!({"paginationContext": {}, "items": []}), true),
            (json!({"skills": ["a"]}), false),
            (json!({"isTruncated": false, "skills": []}), true),
            (json!({"code": 500, "message": "internal error"}), false),
            (json!({"message": "Welcome"}), false),
            (
                json!({"code": "SKILL_NOT_FOUND", "message": "No skill"}),
                true,
            ),
            (json!({"message": "bad", "violations": []}), true),
            (json!({"unitId": "u"}), true),
        ];
        for (value, expected) in cases {
            let kind = detect(&value).unwrap();
            assert_eq!(is_distinctive(kind, &value), expected, "{value}");
        }
    }

    #[test]
    fn candidates_prefer_the_file_name_then_shared_keys() {
        let v = json!({"publishingInformation": {}, "apis": {}});
        assert_eq!(
            candidates(Some(&v), Path::new("x.json")),
            [Kind::SkillManifest]
        );
        assert_eq!(
            candidates(None, Path::new("pkg/skill.json"))[0],
            Kind::SkillManifest
        );
        assert_eq!(
            candidates(None, Path::new("a/interactionModels/custom/en-US.json")),
            [Kind::InteractionModel]
        );
        assert_eq!(candidates(None, Path::new("x.json")).len(), Kind::ALL.len());
    }
}
