//! Every property and enumeration value of Amazon's own SMAPI model (`ask-smapi-model` 1.24.0, its
//! `spec.json`) for the skill manifest and the interaction model is accepted by our schemas, but for
//! a short list of deliberate differences, each with its reason (docs/interaction-model-build.md §4).
//!
//! The package is not vendored: `ASKLINT_SMAPI_SPEC` names its `spec.json` (CI fetches the pinned
//! package with `.ci/smapi-model.sh`); without it the test says so and passes.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

/// The model's version this test and the allow-list below were written against.
const MODEL_VERSION: &str = "1.24.0";

/// Where the model is more permissive than we are, on purpose. `(path, reason)`; a path is the
/// walk's own: `<root>.<property>…`, `[]` for array items, `{}` for map values, `=VALUE` for an
/// enumeration value, `!required` for a property we require and the model leaves optional; `*`
/// stands for any text.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "create.vendorId!required",
        "SMAPI cannot create a skill without the vendor that will own it",
    ),
    (
        "list.skills!required",
        "a list-skills response without `skills` is not a skill list (kind detection rests on it)",
    ),
    (
        "list.skills[].skillId!required",
        "a skill summary without its id names nothing",
    ),
    (
        "list._links.*.href!required",
        "a link without `href` points nowhere",
    ),
    (
        "model.interactionModel.languageModel.intents[].slots[].type!required",
        "a slot without a type cannot be built; the console always writes it (INFERRED)",
    ),
    (
        "model.interactionModel.prompts[].variations[].type!required",
        "every console model writes it; open question 5 of docs/interaction-model-build.md §6",
    ),
    (
        "status.interactionModel{}.lastUpdateRequest!required",
        "a locale's build status without its last update request says nothing",
    ),
    (
        "status.*.lastUpdateRequest.status!required",
        "a status without a status says nothing (STS001 reads it)",
    ),
    (
        "status.*errors[].message!required",
        "an error without a message says nothing; the error-response schema requires it too",
    ),
    (
        "status.*warnings[].message!required",
        "a warning without a message says nothing; the error-response schema requires it too",
    ),
];

/// `*` in `pattern` stands for any text.
fn matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// The roots compared: (name, model definition, our schema file, pointer in it).
const ROOTS: &[(&str, &str, &str, &str)] = &[
    (
        "manifest",
        "v1.skill.Manifest.SkillManifest",
        "skill-manifest.schema.json",
        "/definitions/manifest",
    ),
    (
        "model",
        "v1.skill.interactionModel.InteractionModelData",
        "interaction-model.schema.json",
        "",
    ),
    (
        "create",
        "v1.skill.createSkillRequest",
        "create-skill-request.schema.json",
        "",
    ),
    (
        "list",
        "v1.skill.ListSkillResponse",
        "skill-list.schema.json",
        "",
    ),
    (
        "status",
        "v1.skill.SkillStatus",
        "skill-status.schema.json",
        "",
    ),
];

struct Ours {
    documents: HashMap<&'static str, Value>,
}

/// A node of one of our schema files.
#[derive(Clone, Copy)]
struct Node<'a> {
    file: &'a str,
    value: &'a Value,
}

impl Ours {
    fn load() -> Self {
        let documents = asklint::schema::FILES
            .iter()
            .map(|(name, text)| (*name, serde_json::from_str(text).unwrap()))
            .collect();
        Ours { documents }
    }

    fn at(&self, file: &str, pointer: &str) -> Node<'_> {
        let (name, document) = self
            .documents
            .get_key_value(file)
            .unwrap_or_else(|| panic!("no schema {file}"));
        Node {
            file: name,
            value: document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("no {pointer} in {file}")),
        }
    }

    fn resolve<'a>(&'a self, mut node: Node<'a>) -> Node<'a> {
        while let Some(reference) = node.value.get("$ref").and_then(Value::as_str) {
            let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
            let file = if file.is_empty() { node.file } else { file };
            node = self.at(file, pointer);
        }
        node
    }

    /// The node and every branch that adds to it: `allOf`, and `then`/`else`/`oneOf`/`anyOf`.
    fn facets<'a>(&'a self, node: Node<'a>) -> Vec<Node<'a>> {
        let node = self.resolve(node);
        let mut out = vec![node];
        for keyword in ["allOf", "oneOf", "anyOf"] {
            for branch in node
                .value
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.extend(self.facets(Node {
                    file: node.file,
                    value: branch,
                }));
            }
        }
        for keyword in ["then", "else"] {
            if let Some(branch) = node.value.get(keyword) {
                out.extend(self.facets(Node {
                    file: node.file,
                    value: branch,
                }));
            }
        }
        out
    }
}

struct Model<'a> {
    definitions: &'a serde_json::Map<String, Value>,
}

impl<'a> Model<'a> {
    fn resolve(&self, mut value: &'a Value) -> &'a Value {
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/definitions/");
            value = &self.definitions[name];
        }
        value
    }

    /// The definitions whose `allOf` extends `base` (a discriminated union's members).
    fn subclasses(&self, base: &str) -> Vec<&'a Value> {
        let target = format!("#/definitions/{base}");
        self.definitions
            .values()
            .filter(|d| {
                d.get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|parts| {
                        parts
                            .iter()
                            .any(|p| p.get("$ref").and_then(Value::as_str) == Some(&target))
                    })
            })
            .collect()
    }

    /// The node, its `allOf` parts and, for a discriminated union, its members.
    fn facets(&self, value: &'a Value) -> Vec<&'a Value> {
        let name = value
            .get("$ref")
            .and_then(Value::as_str)
            .map(|r| r.trim_start_matches("#/definitions/").to_owned());
        let value = self.resolve(value);
        let mut out = vec![value];
        for part in value
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(self.facets(part));
        }
        if let (Some(name), Some(_)) = (name, value.get("discriminator")) {
            for member in self.subclasses(&name) {
                for part in member["allOf"].as_array().unwrap() {
                    if part.get("$ref").is_none() {
                        out.extend(self.facets(part));
                    }
                }
            }
        }
        out
    }

    /// The discriminator values of a union's members, as an enumeration of its `type`.
    fn discriminator_values(&self, value: &'a Value) -> Vec<&'a str> {
        let Some(name) = value.get("$ref").and_then(Value::as_str) else {
            return Vec::new();
        };
        let name = name.trim_start_matches("#/definitions/");
        if self.resolve(value).get("discriminator").is_none() {
            return Vec::new();
        }
        self.subclasses(name)
            .into_iter()
            .filter_map(|m| m.get("x-discriminator-value").and_then(Value::as_str))
            .collect()
    }
}

struct Walk<'a> {
    ours: &'a Ours,
    model: Model<'a>,
    seen: HashSet<(usize, usize)>,
    differences: BTreeSet<String>,
    /// Every path compared, so the test can tell that the walk reached the whole model.
    compared: BTreeSet<String>,
}

impl<'a> Walk<'a> {
    fn compare(&mut self, path: &str, model: &'a Value, ours: Vec<Node<'a>>) {
        let ours_required: BTreeSet<&'a str> = ours
            .iter()
            .map(|n| self.ours.resolve(*n))
            .flat_map(|n| {
                n.value
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect();
        let ours: Vec<Node<'a>> = ours.into_iter().flat_map(|n| self.ours.facets(n)).collect();
        let key = (
            model as *const Value as usize,
            ours.first().map_or(0, |n| n.value as *const Value as usize),
        );
        if !self.seen.insert(key) {
            return;
        }
        let facets = self.model.facets(model);

        // What we require and the model leaves optional: a document without it is refused.
        let model_required: HashSet<&str> = facets
            .iter()
            .flat_map(|f| {
                f.get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect();
        for name in &ours_required {
            self.compared.insert(format!("{path}.{name}!required"));
            if !model_required.contains(name) {
                self.differences.insert(format!("{path}.{name}!required"));
            }
        }

        // A union's members are compared through its `type`.
        let members = self.model.discriminator_values(model);
        if !members.is_empty() {
            let types: Vec<Node<'a>> = ours
                .iter()
                .filter_map(|n| {
                    let v = n.value.get("properties")?.get("type")?;
                    Some(Node {
                        file: n.file,
                        value: v,
                    })
                })
                .collect();
            self.check_values(&format!("{path}.type"), &members, &types);
        }

        // Enumeration values.
        let values: Vec<&str> = facets
            .iter()
            .flat_map(|f| {
                f.get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect();
        let allowed: Option<HashSet<&str>> = {
            let enums: Vec<&Value> = ours
                .iter()
                .flat_map(|n| n.value.get("enum").into_iter().chain(n.value.get("const")))
                .collect();
            (!enums.is_empty()).then(|| {
                enums
                    .iter()
                    .flat_map(|e| match e {
                        Value::Array(values) => values.iter().collect::<Vec<_>>(),
                        other => vec![*other],
                    })
                    .filter_map(Value::as_str)
                    .collect()
            })
        };
        for value in &values {
            self.compared.insert(format!("{path}={value}"));
        }
        if let Some(allowed) = &allowed {
            for value in &values {
                if !allowed.contains(value) {
                    self.differences.insert(format!("{path}={value}"));
                }
            }
        }

        // Properties.
        for facet in &facets {
            let Some(properties) = facet.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (name, schema) in properties {
                let child = format!("{path}.{name}");
                self.compared.insert(child.clone());
                let mut children: Vec<Node<'a>> = ours
                    .iter()
                    .filter_map(|n| {
                        n.value.get("properties")?.get(name).map(|v| Node {
                            file: n.file,
                            value: v,
                        })
                    })
                    .filter(|n| !n.value.is_boolean())
                    .collect();
                if children.is_empty() {
                    // An object that does not close itself takes any key.
                    let open = ours.iter().any(|n| {
                        n.value.get("type").and_then(Value::as_str) == Some("object")
                            && n.value
                                .get("additionalProperties")
                                .is_none_or(|a| a != false)
                    });
                    if !open {
                        self.differences.insert(child);
                        continue;
                    }
                }
                children.retain(|n| !n.value.is_boolean());
                self.compare_nested(&child, schema, children);
            }
        }
        // Maps.
        for facet in &facets {
            if let Some(values) = facet.get("additionalProperties").filter(|v| v.is_object()) {
                let children: Vec<Node<'a>> = ours
                    .iter()
                    .flat_map(|n| {
                        n.value
                            .get("additionalProperties")
                            .filter(|v| v.is_object())
                            .into_iter()
                            .chain(
                                n.value
                                    .get("patternProperties")
                                    .and_then(Value::as_object)
                                    .into_iter()
                                    .flat_map(|p| p.values()),
                            )
                            .map(|v| Node {
                                file: n.file,
                                value: v,
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                if !children.is_empty() {
                    self.compare(&format!("{path}{{}}"), values, children);
                }
            }
        }
    }

    fn compare_nested(&mut self, path: &str, model: &'a Value, ours: Vec<Node<'a>>) {
        if ours.is_empty() {
            return;
        }
        let resolved = self.model.resolve(model);
        if let Some(items) = resolved.get("items") {
            let children: Vec<Node<'a>> = ours
                .iter()
                .flat_map(|n| self.ours.facets(*n))
                .filter_map(|n| {
                    n.value.get("items").map(|v| Node {
                        file: n.file,
                        value: v,
                    })
                })
                .collect();
            if !children.is_empty() {
                self.compare(&format!("{path}[]"), items, children);
            }
        }
        self.compare(path, model, ours);
    }

    fn check_values(&mut self, path: &str, values: &[&str], ours: &[Node<'a>]) {
        let allowed: HashSet<&str> = ours
            .iter()
            .flat_map(|n| self.ours.facets(*n))
            .flat_map(|n| {
                n.value
                    .get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect();
        if allowed.is_empty() {
            return;
        }
        for value in values {
            self.compared.insert(format!("{path}={value}"));
            if !allowed.contains(value) {
                self.differences.insert(format!("{path}={value}"));
            }
        }
    }
}

#[test]
fn every_property_and_value_of_the_smapi_model_is_accepted() {
    let Some(path) = std::env::var_os("ASKLINT_SMAPI_SPEC") else {
        eprintln!(
            "skipping: ASKLINT_SMAPI_SPEC is not set (the spec.json of ask-smapi-model {MODEL_VERSION}; .ci/smapi-model.sh fetches it)"
        );
        return;
    };
    let spec: Value = serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy())),
    )
    .unwrap();
    let definitions = spec["definitions"].as_object().expect("a Swagger 2.0 spec");
    let ours = Ours::load();
    let mut walk = Walk {
        ours: &ours,
        model: Model { definitions },
        seen: HashSet::new(),
        differences: BTreeSet::new(),
        compared: BTreeSet::new(),
    };
    for (name, definition, file, pointer) in ROOTS {
        let root = &definitions[*definition];
        walk.compare(name, root, vec![ours.at(file, pointer)]);
    }
    if std::env::var_os("ASKLINT_SMAPI_WALK").is_some() {
        for path in &walk.compared {
            println!("{path}");
        }
    }
    let unexpected: Vec<&String> = walk
        .differences
        .iter()
        .filter(|d| !DELIBERATE.iter().any(|(pattern, _)| matches(pattern, d)))
        .collect();
    let stale: Vec<&str> = DELIBERATE
        .iter()
        .map(|(pattern, _)| *pattern)
        .filter(|pattern| !walk.differences.iter().any(|d| matches(pattern, d)))
        .collect();
    // The walk reached the whole of both models, not only their roots.
    for expected in [
        "manifest.apis.custom.interfaces[].type=ALEXA_PRESENTATION_APL",
        "manifest.permissions[].name=alexa::profile:email:read",
        "model.interactionModel.dialog.intents[].slots[].validations[].type=isInSet",
        "model.interactionModel.languageModel.types[].valueSupplier.valueCatalog.version",
        "create.hosting.alexaHosted.region=EU_WEST_1",
        "status.interactionModel{}.lastUpdateRequest.buildDetails.steps[].name=DIALOG_MODEL_BUILD",
    ] {
        assert!(
            walk.compared.contains(expected),
            "the walk missed {expected}"
        );
    }
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "the model has what our schemas reject: {unexpected:#?}\nallow-list entries that no longer differ: {stale:#?}"
    );
}
