//! Data rules: `rules/*.toml` (built in) and a user's own rule directories (read by
//! [`crate::config::load_rule_dir`]: this module never reads the disk).
//!
//! "For each node that `given` (JSONPath) selects, `then.function` must hold for `then.field` of it":
//! Spectral's model, with a closed set of functions. A rule file is validated against
//! `schemas/rule.schema.json` before it is read, so a typo in a key is an error with a reason, and a
//! data rule implements the same [`Rule`] trait as a Rust rule: the registry, `explain`, the docs and
//! the output cannot tell them apart.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Change};
use crate::kind::Kind;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;
use crate::target::Requirement;
use crate::walk::{Prefix, intern, leading_member, simple_path};

/// The built-in rule files, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "ID003-vendor-id-format.toml",
        include_str!("../rules/ID003-vendor-id-format.toml"),
    ),
    (
        "MAN003-empty-apis.toml",
        include_str!("../rules/MAN003-empty-apis.toml"),
    ),
    (
        "PRV003-export-compliance.toml",
        include_str!("../rules/PRV003-export-compliance.toml"),
    ),
    (
        "PRV006-privacy-url-domain.toml",
        include_str!("../rules/PRV006-privacy-url-domain.toml"),
    ),
    (
        "PRV007-child-directed-category.toml",
        include_str!("../rules/PRV007-child-directed-category.toml"),
    ),
    (
        "PUB001-summary-length.toml",
        include_str!("../rules/PUB001-summary-length.toml"),
    ),
    (
        "PUB002-name-length.toml",
        include_str!("../rules/PUB002-name-length.toml"),
    ),
    (
        "PUB003-description-length.toml",
        include_str!("../rules/PUB003-description-length.toml"),
    ),
    (
        "PUB004-example-phrase-count.toml",
        include_str!("../rules/PUB004-example-phrase-count.toml"),
    ),
    (
        "PUB005-example-phrase-characters.toml",
        include_str!("../rules/PUB005-example-phrase-characters.toml"),
    ),
    (
        "PUB007-distribution-conflict.toml",
        include_str!("../rules/PUB007-distribution-conflict.toml"),
    ),
    (
        "PUB008-distribution-missing.toml",
        include_str!("../rules/PUB008-distribution-missing.toml"),
    ),
    (
        "PUB011-testing-instructions.toml",
        include_str!("../rules/PUB011-testing-instructions.toml"),
    ),
    (
        "PUB013-trademark-in-name.toml",
        include_str!("../rules/PUB013-trademark-in-name.toml"),
    ),
    (
        "PUB014-example-phrase-enable.toml",
        include_str!("../rules/PUB014-example-phrase-enable.toml"),
    ),
    (
        "PUB015-category-required.toml",
        include_str!("../rules/PUB015-category-required.toml"),
    ),
];

/// The built-in data rules, loaded once.
pub static BUILTIN_RULES: LazyLock<Vec<&'static DataRule>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            // Built-in rules are checked against the rule schema by the tests, not at every start.
            let value: Value = toml::from_str(text)
                .unwrap_or_else(|e| panic!("built-in rule {name} is not TOML: {e}"));
            compile_rule(&format!("rules/{name}"), value, None)
                .unwrap_or_else(|e| panic!("built-in rule {e}"))
        })
        .collect()
});

/// A rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    code: String,
    name: String,
    severity: Severity,
    /// What requires the fact checked; a user's rule without one is a build rule (its severity
    /// is the same under either target).
    #[serde(default = "build")]
    requirement: Requirement,
    kinds: Vec<String>,
    given: OneOrMany,
    then: Then,
    message: String,
    help: Option<String>,
    #[serde(default)]
    replaces: Vec<String>,
    fix: Option<FixSpec>,
    docs: String,
}

fn build() -> Requirement {
    Requirement::Build
}

/// A data rule's fix: the same for each finding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixSpec {
    message: String,
    applicability: Applicability,
    /// The member of the selected node to edit, when not the checked one.
    field: Option<String>,
    replace: Option<Value>,
    #[serde(default)]
    remove: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Then {
    field: Option<String>,
    function: String,
    #[serde(default)]
    options: Value,
}

/// The closed set of functions, with their options compiled.
#[derive(Debug)]
enum Function {
    Truthy,
    Falsy,
    Defined,
    Undefined,
    Pattern {
        matches: Option<Regex>,
        not_matches: Option<Regex>,
    },
    Length {
        min: Option<usize>,
        max: Option<usize>,
    },
    Enumeration {
        values: Vec<Value>,
    },
    Casing {
        casing: String,
    },
    Unique {
        by: Option<String>,
    },
    Schema {
        validator: Box<jsonschema::Validator>,
    },
}

/// A loaded data rule.
#[derive(Debug)]
pub struct DataRule {
    meta: RuleMeta,
    /// The rule as written (as JSON), to rebuild it with other options.
    definition: Value,
    given: Vec<Given>,
    field: Option<String>,
    function: Function,
    message: String,
    help: Option<String>,
    fix: Option<FixSpec>,
}

impl DataRule {
    /// What the function checks in a selected node: its `field`, or the node itself.
    fn target<'v>(&self, node: &'v Value) -> Option<&'v Value> {
        match &self.field {
            Some(field) => node.get(field),
            None => Some(node),
        }
    }
}

/// Parse, validate and compile one rule file. The rule lives for the rest of the process. `url`
/// is where its documentation lives, when that is not asklint's own `docs/rules.md`.
pub fn load(source: &str, text: &str, url: Option<String>) -> Result<&'static DataRule, String> {
    let value: Value =
        toml::from_str(text).map_err(|e| format!("{source}: not valid TOML: {e}"))?;
    load_value(source, value, url)
}

fn load_value(
    source: &str,
    value: Value,
    url: Option<String>,
) -> Result<&'static DataRule, String> {
    let validator = crate::schema::validator_for_file("rule.schema.json");
    let problems: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| {
            let at = e.instance_path().as_str();
            format!(
                "{}{e}",
                if at.is_empty() {
                    String::new()
                } else {
                    format!("at `{at}`: ")
                }
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "{source}: not a valid rule ({})",
            problems.join("; ")
        ));
    }
    compile_rule(source, value, url)
}

/// Compile a rule whose definition has passed the rule schema.
fn compile_rule(
    source: &str,
    value: Value,
    url: Option<String>,
) -> Result<&'static DataRule, String> {
    let fail = |message: String| format!("{source}: {message}");
    let file: RuleFile = serde_json::from_value(value.clone()).map_err(|e| fail(e.to_string()))?;
    let kinds: Vec<Kind> = file
        .kinds
        .iter()
        .map(|k| k.parse())
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    let given = match file.given {
        OneOrMany::One(path) => vec![path],
        OneOrMany::Many(paths) => paths,
    };
    let given = given
        .iter()
        .map(|p| {
            let path =
                JsonPath::parse(p).map_err(|e| fail(format!("`given` is not JSONPath: {e}")))?;
            Ok::<Given, String>(match simple_path(p) {
                Some(steps) => Given::Simple(
                    steps
                        .into_iter()
                        .fold(None, |parent, step| Some(intern(parent, step))),
                ),
                None => Given::Full {
                    member: leading_member(p),
                    path,
                },
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let function = compile(&file.then.function, &file.then.options).map_err(fail)?;
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let meta = RuleMeta {
        code: leak(file.code),
        name: leak(file.name),
        severity: file.severity,
        requirement: file.requirement,
        docs: leak(file.docs),
        source: leak(source.to_owned()),
        url: url.map(leak),
        fix: file.fix.as_ref().map(|f| f.applicability),
        kinds: Box::leak(kinds.into_boxed_slice()),
        replaces: Box::leak(
            file.replaces
                .into_iter()
                .map(leak)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
    };
    Ok(Box::leak(Box::new(DataRule {
        meta,
        definition: value,
        given,
        field: file.then.field,
        function,
        message: file.message,
        help: file.help,
        fix: file.fix,
    })))
}

fn compile(name: &str, options: &Value) -> Result<Function, String> {
    let regex = |key: &str| -> Result<Option<Regex>, String> {
        options
            .get(key)
            .and_then(Value::as_str)
            .map(|p| {
                Regex::new(p)
                    .map_err(|e| format!("`options.{key}` is not a regular expression: {e}"))
            })
            .transpose()
    };
    let number = |key: &str| options.get(key).and_then(Value::as_u64).map(|n| n as usize);
    Ok(match name {
        "truthy" => Function::Truthy,
        "falsy" => Function::Falsy,
        "defined" => Function::Defined,
        "undefined" => Function::Undefined,
        "pattern" => Function::Pattern {
            matches: regex("match")?,
            not_matches: regex("notMatch")?,
        },
        "length" => Function::Length {
            min: number("min"),
            max: number("max"),
        },
        "enumeration" => Function::Enumeration {
            values: options["values"].as_array().cloned().unwrap_or_default(),
        },
        "casing" => Function::Casing {
            casing: options["type"].as_str().unwrap_or("lower").to_owned(),
        },
        "unique" => Function::Unique {
            by: options.get("by").and_then(Value::as_str).map(str::to_owned),
        },
        "schema" => Function::Schema {
            validator: Box::new(
                jsonschema::draft7::options()
                    .build(&options["schema"])
                    .map_err(|e| format!("`options.schema` is not a valid schema: {e}"))?,
            ),
        },
        other => return Err(format!("unknown function `{other}`")),
    })
}

/// Placeholder values of a failed check.
type Vars = Vec<(&'static str, String)>;

impl Function {
    /// `Err` with the placeholders when `target` (the field, `None` when absent) breaks the rule.
    fn evaluate(&self, target: Option<&Value>) -> Result<(), Vars> {
        let fail = |vars: Vars| Err(vars);
        match (self, target) {
            (Function::Truthy, t) if !t.is_some_and(is_truthy) => fail(Vec::new()),
            (Function::Falsy, Some(t)) if is_truthy(t) => fail(Vec::new()),
            (Function::Defined, None) => fail(Vec::new()),
            (Function::Undefined, Some(_)) => fail(Vec::new()),
            (
                Function::Pattern {
                    matches,
                    not_matches,
                },
                Some(Value::String(s)),
            ) => {
                let bad = matches.as_ref().is_some_and(|r| !r.is_match(s))
                    || not_matches.as_ref().is_some_and(|r| r.is_match(s));
                if bad { fail(Vec::new()) } else { Ok(()) }
            }
            (Function::Length { min, max }, Some(t)) => {
                let Some(len) = length(t) else { return Ok(()) };
                if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
                    let show = |n: &Option<usize>| n.map_or_else(String::new, |n| n.to_string());
                    fail(vec![
                        ("length", len.to_string()),
                        ("min", show(min)),
                        ("max", show(max)),
                    ])
                } else {
                    Ok(())
                }
            }
            (Function::Enumeration { values }, Some(t)) if !values.contains(t) => {
                let list = values
                    .iter()
                    .map(|v| format!("`{}`", plain(v)))
                    .collect::<Vec<_>>()
                    .join(", ");
                fail(vec![("values", list)])
            }
            (Function::Casing { casing }, Some(Value::String(s))) if !has_casing(s, casing) => {
                fail(Vec::new())
            }
            (Function::Unique { by }, Some(Value::Array(items))) => {
                let keys: Vec<Option<&Value>> = items
                    .iter()
                    .map(|item| match by {
                        Some(field) => item.get(field),
                        None => Some(item),
                    })
                    .collect();
                let duplicate =
                    (1..keys.len()).find(|&j| keys[j].is_some() && keys[..j].contains(&keys[j]));
                match duplicate {
                    Some(j) => fail(vec![("duplicate", keys[j].map(plain).unwrap_or_default())]),
                    None => Ok(()),
                }
            }
            (Function::Schema { validator }, Some(t)) => match validator.iter_errors(t).next() {
                Some(error) => fail(vec![("error", error.to_string())]),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn length(value: &Value) -> Option<usize> {
    match value {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        _ => None,
    }
}

fn has_casing(s: &str, casing: &str) -> bool {
    let chars = |f: fn(char) -> bool| s.chars().all(f);
    match casing {
        "lower" => !s.chars().any(char::is_uppercase),
        "upper" => !s.chars().any(char::is_lowercase),
        "kebab" => chars(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "snake" => chars(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "macro" => chars(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
        "camel" => {
            s.starts_with(|c: char| c.is_ascii_lowercase()) && chars(|c| c.is_ascii_alphanumeric())
        }
        "pascal" => {
            s.starts_with(|c: char| c.is_ascii_uppercase()) && chars(|c| c.is_ascii_alphanumeric())
        }
        _ => true,
    }
}

/// A value in a message: strings without quotes, the rest as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render(template: &str, vars: &[(&str, String)]) -> String {
    vars.iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{{{name}}}}}"), value)
        })
}

impl Rule for DataRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn with_options(&self, options: &Value) -> Option<Result<&'static dyn Rule, String>> {
        let mut definition = self.definition.clone();
        let then = definition.get_mut("then")?.as_object_mut()?;
        let function = then
            .get("function")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if ["truthy", "falsy", "defined", "undefined"].contains(&function) {
            return Some(Err(format!(
                "`{}` takes no options (its function is `{function}`)",
                self.meta.name
            )));
        }
        let mut merged = then
            .get("options")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(overrides) = options.as_object() {
            merged.extend(overrides.clone());
        }
        then.insert("options".to_owned(), Value::Object(merged));
        Some(
            load_value(
                self.meta.source,
                definition,
                self.meta.url.map(str::to_owned),
            )
            .map(|rule| rule as &'static dyn Rule),
        )
    }

    fn check(&self, cx: &mut Context<'_>) {
        for given in &self.given {
            let path = match given {
                Given::Simple(prefix) => {
                    self.check_simple(cx, *prefix);
                    continue;
                }
                Given::Full { member, path } => {
                    // `$.skillManifest[…]` selects nothing in a document without `skillManifest`.
                    if member.as_ref().is_some_and(|m| cx.value.get(m).is_none()) {
                        continue;
                    }
                    path
                }
            };
            // Most documents pass: test first, and find where the nodes are only when one fails
            // (locating every node costs more than the check).
            let fails = path
                .query(cx.value)
                .all()
                .into_iter()
                .any(|node| self.function.evaluate(self.target(node)).is_err());
            if !fails {
                continue;
            }
            for node in path.query_located(cx.value) {
                let target = self.target(node.node());
                let Err(vars) = self.function.evaluate(target) else {
                    continue;
                };
                let node_pointer = node.location().to_json_pointer();
                self.report(cx, node_pointer, target, vars);
            }
        }
    }
}

impl DataRule {
    /// A `given` of names, wildcards and equality filters: take the nodes it reaches from the
    /// document's walks (shared with every rule whose `given` starts the same way), and write a
    /// pointer only for a node that fails.
    fn check_simple(&self, cx: &mut Context<'_>, prefix: Option<&'static Prefix>) {
        let Some(prefix) = prefix else {
            // `$`: the document itself.
            let target = self.target(cx.value);
            if let Err(vars) = self.function.evaluate(target) {
                self.report(cx, String::new(), target, vars);
            }
            return;
        };
        let walks = cx.walks();
        let mut failed: Vec<(String, Option<&Value>, Vars)> = Vec::new();
        for index in walks.reached(cx.value, prefix) {
            let target = self.target(walks.node(index).value);
            if let Err(vars) = self.function.evaluate(target) {
                failed.push((walks.pointer(prefix, index), target, vars));
            }
        }
        for (pointer, target, vars) in failed {
            self.report(cx, pointer, target, vars);
        }
    }

    fn report(&self, cx: &mut Context<'_>, node: String, target: Option<&Value>, mut vars: Vars) {
        let pointer = match &self.field {
            Some(field) => child(&node, field),
            None => node.clone(),
        };
        let property = pointer.rsplit('/').next().unwrap_or_default().to_owned();
        vars.push(("value", target.map(plain).unwrap_or_default()));
        vars.push(("property", property));
        vars.push(("path", pointer.clone()));
        let finding = cx.report(pointer.clone(), render(&self.message, &vars));
        if let Some(help) = &self.help {
            finding.help(render(help, &vars));
        }
        if let Some(fix) = &self.fix {
            let at = match &fix.field {
                Some(field) => child(&node, field),
                None => pointer,
            };
            let change = match (&fix.replace, fix.remove) {
                (Some(value), _) => Change::replace_value(at, value),
                (None, true) => Change::remove(at),
                // The rule schema requires one of the two.
                (None, false) => return,
            };
            let message = render(&fix.message, &vars);
            match fix.applicability {
                Applicability::Safe => finding.fix(message, vec![change]),
                _ => finding.unsafe_fix(message, vec![change]),
            };
        }
    }
}

/// A compiled `given`.
#[derive(Debug)]
enum Given {
    /// Names, wildcards and equality filters only (`$.manifest.publishingInformation.locales.*.name`,
    /// `$.manifest[?@.isAvailableWorldwide == true]`).
    /// The last of its steps, or `None` for `$`.
    Simple(Option<&'static Prefix>),
    /// Anything else (other filters, slices, descendants): serde_json_path. `member` is the root's member
    /// that the path starts with (`$.manifest[?…]`), if it does.
    Full {
        member: Option<String>,
        path: JsonPath,
    },
}

#[cfg(test)]
mod walk_tests {
    use serde_json::{Value, json};
    use serde_json_path::JsonPath;

    use crate::walk::{Walks, intern, simple_path};

    /// The pointers a simple path selects in `doc`, walked directly.
    fn walked(path: &str, doc: &Value) -> Vec<String> {
        let steps = simple_path(path).unwrap_or_else(|| panic!("{path} is simple"));
        let prefix = steps
            .into_iter()
            .fold(None, |parent, step| Some(intern(parent, step)));
        let Some(prefix) = prefix else {
            return vec![String::new()];
        };
        let walks = Walks::default();
        let mut found: Vec<String> = walks
            .reached(doc, prefix)
            .map(|index| walks.pointer(prefix, index))
            .collect();
        found.sort();
        found
    }

    /// The pointers serde_json_path selects.
    fn queried(path: &str, doc: &Value) -> Vec<String> {
        let path = JsonPath::parse(path).expect("valid JSONPath");
        let mut found: Vec<String> = path
            .query_located(doc)
            .into_iter()
            .map(|node| node.location().to_json_pointer())
            .collect();
        found.sort();
        found
    }

    /// The direct walk selects what RFC 9535 selects, for every simple `given` of the built-in
    /// rules and for filters on missing, null and nested members.
    #[test]
    fn a_simple_path_selects_what_jsonpath_selects() {
        let docs = [
            json!({"manifest": {"publishingInformation": {"isAvailableWorldwide": true, "category": "CHILDRENS_GAMES",
                "locales": {"en-US": {"name": "Tide Tables", "examplePhrases": ["Alexa, open tide tables", 3]},
                            "de-DE": {"name": "Gezeiten", "examplePhrases": []}}},
                "privacyAndCompliance": {"isChildDirected": false, "locales": {"en-US": {"privacyPolicyUrl": "https://x.org", "termsOfUseUrl": null}}}}}),
            json!({"skillManifest": {"publishingInformation": {"isAvailableWorldwide": false, "category": "GAMES"},
                "privacyAndCompliance": {"isChildDirected": true}}, "vendorId": "M1"}),
            json!({"manifest": {"publishingInformation": {"category": "CHILDRENS_GAMES"}, "privacyAndCompliance": null}}),
            json!({"manifest": [{"isAvailableWorldwide": true}, {"isAvailableWorldwide": null}, {"a": {"b": null}}, 7]}),
            json!({"a/b": {"~c": {"isAvailableWorldwide": true}}}),
            json!([1, {"manifest": {}}]),
            json!("manifest"),
        ];
        let mut paths: Vec<&str> = super::BUILTIN
            .iter()
            .flat_map(|(_, text)| {
                let rule: toml::Value = toml::from_str(text).unwrap();
                let given: Vec<String> = rule["given"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g.as_str().unwrap().to_owned())
                    .collect();
                given
            })
            .filter(|p| simple_path(p).is_some())
            .map(|p| &*p.leak())
            .collect();
        paths.extend([
            "$.*[?@.isAvailableWorldwide == null]",
            "$.manifest[?@.isAvailableWorldwide != true]",
            "$.manifest[?@.a.b == null]",
            "$.manifest[?@.a.b != null]",
            "$[?@.isAvailableWorldwide == true]",
            "$.*.*[?@.isAvailableWorldwide == true]",
            "$['a/b']['~c']",
            "$[*].manifest",
        ]);
        assert!(paths.len() > 20, "{paths:?}");
        for path in paths {
            for doc in &docs {
                assert_eq!(walked(path, doc), queried(path, doc), "{path} in {doc}");
            }
        }
    }
}

#[cfg(test)]
mod builtin_tests {
    /// At start-up the built-in rules are compiled without the schema check a user's rule gets:
    /// this test is that check.
    #[test]
    fn every_builtin_rule_passes_the_rule_schema() {
        for (name, text) in super::BUILTIN {
            let value: serde_json::Value = toml::from_str(text).unwrap();
            let validator = crate::schema::validator_for_file("rule.schema.json");
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
    }
}
