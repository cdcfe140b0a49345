//! The embedded JSON Schemas, and schema errors turned into diagnostics.
//!
//! Every file in `schemas/` is compiled into the binary; validators are built on first use, one per
//! kind, and shared across threads. A schema error's instance path is a JSON Pointer; the span index
//! turns it into a range. Annotations of our own steer the mapping:
//! - `"x-asklint-severity": {"<keyword>": "warning"}` on a schema node lowers the severity of that
//!   keyword's failures there (open enumerations that lag the service, API kinds newer than the model);
//!   an unknown key one or two typed characters from exactly one known key stays an error, and for an
//!   enumeration `"typo": "error"` makes a value that close to exactly one allowed value an error
//!   with its fix;
//! - `"x-asklint-only-on"` on the `then` of a union's branch names where the properties it forbids
//!   belong, for the message ("`packages` is only allowed on interfaces of type …");
//! - the node's `properties` give "did you mean" suggestions for unexpected keys.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Registry, ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity, codes};
use crate::fix::{Edit, Fix};
use crate::kind::Kind;
use crate::span_index::{SpanIndex, child};
use crate::suggest::{closest, nearest, only_close};

/// Where the embedded schemas live, for `$ref` resolution. Never fetched: every document is registered.
const BASE: &str = "https://asklint.invalid/schemas/";

/// Every schema file, by name.
pub const FILES: &[(&str, &str)] = &[
    (
        "ask-resources.schema.json",
        include_str!("../schemas/ask-resources.schema.json"),
    ),
    (
        "asklint-output.schema.json",
        include_str!("../schemas/asklint-output.schema.json"),
    ),
    (
        "config.schema.json",
        include_str!("../schemas/config.schema.json"),
    ),
    (
        "create-skill-request.schema.json",
        include_str!("../schemas/create-skill-request.schema.json"),
    ),
    (
        "enablement-list.schema.json",
        include_str!("../schemas/enablement-list.schema.json"),
    ),
    (
        "enablement-request.schema.json",
        include_str!("../schemas/enablement-request.schema.json"),
    ),
    (
        "enablement.schema.json",
        include_str!("../schemas/enablement.schema.json"),
    ),
    (
        "error-response.schema.json",
        include_str!("../schemas/error-response.schema.json"),
    ),
    (
        "interaction-model.schema.json",
        include_str!("../schemas/interaction-model.schema.json"),
    ),
    (
        "rule.schema.json",
        include_str!("../schemas/rule.schema.json"),
    ),
    (
        "skill-list.schema.json",
        include_str!("../schemas/skill-list.schema.json"),
    ),
    (
        "skill-manifest-v0.schema.json",
        include_str!("../schemas/skill-manifest-v0.schema.json"),
    ),
    (
        "skill-manifest.schema.json",
        include_str!("../schemas/skill-manifest.schema.json"),
    ),
    (
        "skill-status.schema.json",
        include_str!("../schemas/skill-status.schema.json"),
    ),
    (
        "smapi-request.schema.json",
        include_str!("../schemas/smapi-request.schema.json"),
    ),
];

/// The text of a schema file.
pub fn text(file: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
}

static DOCUMENTS: LazyLock<HashMap<&'static str, Value>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, text)| {
            let value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("embedded schema {name} is not JSON: {e}"));
            (*name, value)
        })
        .collect()
});

static VALIDATORS: LazyLock<Vec<OnceLock<Validator>>> =
    LazyLock::new(|| Kind::ALL.iter().map(|_| OnceLock::new()).collect());

/// Compile the schema of `kind` (once per process).
pub fn validator(kind: Kind) -> &'static Validator {
    let index = Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .expect("every kind is in Kind::ALL");
    VALIDATORS[index].get_or_init(|| compile(kind.schema_file()).unwrap_or_else(|e| panic!("{e}")))
}

/// A validator for a schema file that is not a document kind (`rule.schema.json`), compiled once.
pub fn validator_for_file(file: &'static str) -> &'static Validator {
    static OTHERS: LazyLock<Mutex<HashMap<&'static str, &'static Validator>>> =
        LazyLock::new(Default::default);
    let mut cache = OTHERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(file)
        .or_insert_with(|| Box::leak(Box::new(compile(file).unwrap_or_else(|e| panic!("{e}")))))
}

/// Compile one embedded schema with every other one available to its `$ref`s.
pub fn compile(file: &str) -> Result<Validator, String> {
    let resources = DOCUMENTS
        .iter()
        .map(|(name, value)| (format!("{BASE}{name}"), value));
    let registry = Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .map_err(|e| format!("embedded schemas do not form a registry: {e}"))?;
    let root = DOCUMENTS
        .get(file)
        .ok_or_else(|| format!("no embedded schema named {file}"))?;
    jsonschema::draft7::options()
        .with_base_uri(format!("{BASE}{file}"))
        .with_registry(&registry)
        .should_validate_formats(true)
        .with_format("url-or-empty", |s: &str| s.is_empty() || is_absolute_url(s))
        .build(root)
        .map_err(|e| format!("embedded schema {file} does not compile: {e}"))
}

/// `scheme://rest`: what SMAPI's URL fields take. Editors that do not know the `url-or-empty` format
/// simply skip it.
pub(crate) fn is_absolute_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Validate a document of `kind` and map every error to a diagnostic.
pub fn check(kind: Kind, value: &Value, spans: &SpanIndex) -> Vec<Diagnostic> {
    check_with(kind.schema_file(), validator(kind), value, spans)
}

/// Validate a value against an embedded schema file that is not a document kind's
/// (`config.schema.json`), with the same diagnostics.
pub fn check_against(file: &'static str, value: &Value, spans: &SpanIndex) -> Vec<Diagnostic> {
    check_with(file, validator_for_file(file), value, spans)
}

fn check_with(
    file: &str,
    validator: &Validator,
    value: &Value,
    spans: &SpanIndex,
) -> Vec<Diagnostic> {
    if validator.is_valid(value) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for error in validator.iter_errors(value) {
        map_error(file, &error, spans, &mut out);
    }
    out
}

/// The schema node that holds the failing keyword, and the node that holds that one.
struct KeywordSite {
    node: Option<&'static Value>,
    parent: Option<&'static Value>,
}

impl KeywordSite {
    fn of(schema_file: &str, error: &ValidationError<'_>) -> Self {
        let (file, pointer) = match error.absolute_keyword_location() {
            Some(uri) => {
                let uri = uri.as_str();
                let (doc, fragment) = uri.split_once('#').unwrap_or((uri, ""));
                (
                    doc.rsplit('/').next().unwrap_or(doc).to_owned(),
                    fragment.to_owned(),
                )
            }
            None => (
                schema_file.to_owned(),
                error.schema_path().as_str().to_owned(),
            ),
        };
        // The location ends with the keyword; its parent is the schema node.
        let node_pointer = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        let parent_pointer = node_pointer.rsplit_once('/').map(|(parent, _)| parent);
        let document = DOCUMENTS.get(file.as_str());
        let at = |pointer: &str| document.and_then(|doc| doc.pointer(&decode_fragment(pointer)));
        KeywordSite {
            node: at(node_pointer),
            parent: parent_pointer.and_then(at),
        }
    }

    /// For a property forbidden by `"properties": {"key": false}` in the `then` of a discriminated
    /// union: the `x-asklint-only-on` annotation of that `then`, naming where the key belongs
    /// ("interfaces of type ALEXA_PRESENTATION_APL").
    fn only_on(&self) -> Option<&'static str> {
        self.parent?.get("x-asklint-only-on")?.as_str()
    }

    fn severity(&self, keyword: &str) -> Option<Severity> {
        match self
            .node?
            .get("x-asklint-severity")?
            .get(keyword)?
            .as_str()?
        {
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    fn known_properties(&self) -> Vec<&'static str> {
        self.node
            .and_then(|n| n.get("properties"))
            .and_then(Value::as_object)
            .map(|props| props.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// For `oneOf`/`anyOf` whose branches only require one property each: those properties.
    fn alternatives(&self, keyword: &str) -> Option<Vec<&'static str>> {
        let branches = self.node?.get(keyword)?.as_array()?;
        branches
            .iter()
            .map(
                |b| match b.as_object().map(|o| (o.len(), o.get("required"))) {
                    Some((1, Some(Value::Array(req)))) if req.len() == 1 => req[0].as_str(),
                    _ => None,
                },
            )
            .collect()
    }
}

/// Percent-decoding of a URI fragment (our schema keys are plain ASCII; only escapes matter).
fn decode_fragment(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_owned();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&fragment[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn map_error(
    schema_file: &str,
    error: &ValidationError<'_>,
    spans: &SpanIndex,
    out: &mut Vec<Diagnostic>,
) {
    let site = KeywordSite::of(schema_file, error);
    let pointer = error.instance_path().as_str();
    let instance = error.instance();
    let keyword = error.kind().keyword();
    let value_diag = |code: Code, message: String| -> Diagnostic {
        let range = value_range(spans, pointer);
        Diagnostic::new(code, message, pointer, range)
    };
    let diagnostics: Vec<Diagnostic> = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let missing = child(pointer, name);
            let range = anchor_range(spans, pointer);
            let owner = if pointer.is_empty() {
                "the document".to_owned()
            } else {
                format!("`{}`", last_token(pointer))
            };
            vec![
                Diagnostic::new(
                    codes::MISSING_REQUIRED,
                    format!("missing required property `{name}`"),
                    missing,
                    range,
                )
                .with_label(format!("{owner} needs `{name}`")),
            ]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = site.known_properties();
            let lowered = site.severity(keyword);
            for key in unexpected {
                let d = unexpected_property(pointer, key, &known, instance, spans);
                // Where unknown keys are only a warning (the service writes keys the model lags
                // behind), a near miss of a known key is still that key mistyped: an error.
                let mistyped = only_close(key, known.iter().copied()).is_some();
                out.push(match lowered {
                    Some(severity) if !mistyped => d.with_severity(severity),
                    _ => d,
                });
            }
            return;
        }
        ValidationErrorKind::FalseSchema => {
            // `"properties": {"x": false}`: a property that must not appear here.
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            let key = unescape(key);
            let (message, label) = match site.only_on() {
                Some(owner) => (
                    format!("`{key}` is only allowed on {owner}"),
                    format!("only on {owner}"),
                ),
                None => (
                    format!("property `{key}` is not allowed here"),
                    "not allowed".to_owned(),
                ),
            };
            vec![
                Diagnostic::new(
                    codes::UNEXPECTED_PROPERTY,
                    message,
                    pointer,
                    key_range(spans, pointer),
                )
                .with_label(label)
                .with_help(format!(
                    "remove `{key}` from `{}`",
                    if parent.is_empty() {
                        "the document"
                    } else {
                        parent
                    }
                )),
            ]
        }
        ValidationErrorKind::Type { kind: expected } => {
            let d = value_diag(
                codes::INVALID_DATA_TYPE,
                format!(
                    "expected {}, found {}",
                    type_name(expected),
                    describe(instance)
                ),
            )
            .with_label(format!("expected {}", type_name(expected)));
            vec![
                match (unquoted(instance, &type_name(expected)), spans.get(pointer)) {
                    (Some(value), Some(span)) => d.with_fix(Fix::safe(
                        format!("write `{value}` without quotes"),
                        vec![Edit::replace(span.value, value.to_string())],
                    )),
                    _ => d,
                },
            ]
        }
        ValidationErrorKind::Enum { options } => {
            // Its severity depends on the value (a typo of a known value or not): set there.
            out.push(enum_diag(pointer, instance, options, spans, &site));
            return;
        }
        ValidationErrorKind::Constant { expected_value } => vec![
            value_diag(
                codes::INVALID_ENUM_VALUE,
                format!(
                    "expected {}, found {}",
                    compact(expected_value),
                    compact(instance)
                ),
            )
            .with_label(format!("expected {}", compact(expected_value))),
        ],
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
            let len = instance.as_str().map_or(0, |s| s.chars().count());
            let bound = if keyword == "minLength" {
                "at least"
            } else {
                "at most"
            };
            vec![
                value_diag(
                    codes::INVALID_STRING_LENGTH,
                    format!("string is {len} characters long; {bound} {limit} allowed"),
                )
                .with_label(format!("{len} characters")),
            ]
        }
        ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MaxItems { limit } => {
            let len = instance.as_array().map_or(0, Vec::len);
            let bound = if keyword == "minItems" {
                "at least"
            } else {
                "at most"
            };
            vec![
                value_diag(
                    codes::INVALID_ARRAY_SIZE,
                    format!(
                        "array has {len} item{}; {bound} {limit} allowed",
                        plural(len)
                    ),
                )
                .with_label(format!("{len} item{}", plural(len))),
            ]
        }
        ValidationErrorKind::MinProperties { limit }
        | ValidationErrorKind::MaxProperties { limit } => {
            let len = instance.as_object().map_or(0, |o| o.len());
            let message = if len == 0 {
                format!(
                    "object is empty; at least {limit} propert{} required",
                    if *limit == 1 { "y" } else { "ies" }
                )
            } else {
                let bound = if keyword == "minProperties" {
                    "at least"
                } else {
                    "at most"
                };
                format!(
                    "object has {len} propert{}; {bound} {limit} allowed",
                    if len == 1 { "y" } else { "ies" }
                )
            };
            vec![Diagnostic::new(
                codes::INVALID_NUMBER_OF_PROPERTIES,
                message,
                pointer,
                anchor_range(spans, pointer),
            )]
        }
        ValidationErrorKind::Pattern { pattern } => vec![
            value_diag(
                codes::INVALID_STRING_PATTERN,
                format!(
                    "{} does not match the pattern `{pattern}`",
                    compact(instance)
                ),
            )
            .with_label("does not match"),
        ],
        ValidationErrorKind::PropertyNames { error: inner } => {
            let key = inner.instance().as_str().unwrap_or_default().to_owned();
            let key_pointer = child(pointer, &key);
            let message = match inner.kind() {
                ValidationErrorKind::Pattern { pattern } => {
                    format!("key `{key}` does not match the pattern `{pattern}`")
                }
                ValidationErrorKind::Enum { options } => {
                    format!("key `{key}` is not one of {}", list(options))
                }
                _ => format!(
                    "key `{key}` is not allowed: {}",
                    lower_first(&inner.to_string())
                ),
            };
            let code = match inner.kind() {
                ValidationErrorKind::Enum { .. } => codes::INVALID_ENUM_VALUE,
                _ => codes::INVALID_STRING_PATTERN,
            };
            let mut d = Diagnostic::new(
                code,
                message,
                key_pointer.clone(),
                key_range(spans, &key_pointer),
            )
            .with_label("this key");
            if let ValidationErrorKind::Enum { options } = inner.kind()
                && let Some(best) = closest(&key, string_options(options))
            {
                d = d.with_help(format!("did you mean `{best}`?"));
            }
            vec![d]
        }
        ValidationErrorKind::Format { format } => vec![
            value_diag(
                codes::INVALID_URL_FORMAT,
                format!(
                    "{} is not a valid {}",
                    compact(instance),
                    format_name(format)
                ),
            )
            .with_label(format!("not a valid {}", format_name(format))),
        ],
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let bound = match keyword {
                "minimum" => "at least",
                "maximum" => "at most",
                "exclusiveMinimum" => "greater than",
                _ => "less than",
            };
            vec![
                value_diag(
                    codes::INVALID_INTEGER_VALUE,
                    format!(
                        "{} is out of range; must be {bound} {limit}",
                        compact(instance)
                    ),
                )
                .with_label(format!("must be {bound} {limit}")),
            ]
        }
        ValidationErrorKind::UniqueItems => vec![duplicate_items(pointer, instance, spans)],
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. }
            if site.alternatives(keyword).is_some() =>
        {
            let names = site.alternatives(keyword).unwrap_or_default();
            vec![
                Diagnostic::new(
                    codes::MISSING_REQUIRED,
                    format!("missing required property: one of {}", backticked(&names)),
                    pointer,
                    anchor_range(spans, pointer),
                )
                .with_label(format!("needs one of {}", backticked(&names))),
            ]
        }
        ValidationErrorKind::OneOfMultipleValid { .. } if site.alternatives(keyword).is_some() => {
            let names = site.alternatives(keyword).unwrap_or_default();
            vec![
                Diagnostic::new(
                    codes::SCHEMA_VIOLATION,
                    format!("only one of {} may be present", backticked(&names)),
                    pointer,
                    anchor_range(spans, pointer),
                )
                .with_label("more than one given"),
            ]
        }
        _ => vec![value_diag(
            codes::SCHEMA_VIOLATION,
            lower_first(&error.to_string()),
        )],
    };
    let severity = site.severity(keyword);
    out.extend(diagnostics.into_iter().map(|d| match severity {
        Some(severity) => d.with_severity(severity),
        None => d,
    }));
}

fn unexpected_property(
    pointer: &str,
    key: &str,
    known: &[&str],
    object: &Value,
    spans: &SpanIndex,
) -> Diagnostic {
    let key_pointer = child(pointer, key);
    let range = key_range(spans, &key_pointer);
    // The key meant, said once and in the message, so that one-line formats keep it.
    let best = closest(key, known.iter().copied());
    let message = match best {
        Some(best) => format!("unexpected property `{key}`: did you mean `{best}`?"),
        None => format!("unexpected property `{key}`"),
    };
    let mut d = Diagnostic::new(
        codes::UNEXPECTED_PROPERTY,
        message,
        key_pointer.clone(),
        range,
    )
    .with_label("unknown key");
    // A rename only where the key meant is certain and not there already: unsafe all the same,
    // since the value was never checked under its new name.
    let meant = only_close(key, known.iter().copied()).filter(|k| object.get(*k).is_none());
    if let (Some(meant), Some(key_range)) = (meant, spans.get(&key_pointer).and_then(|s| s.key)) {
        d = d.with_fix(Fix::unsafe_(
            format!("rename `{key}` to `{meant}`"),
            vec![Edit::replace(key_range, Value::from(meant).to_string())],
        ));
    }
    if best.is_none() && !known.is_empty() && known.len() <= 12 {
        d = d.with_help(format!("known keys here: {}", backticked(known)));
    }
    d
}

fn enum_diag(
    pointer: &str,
    instance: &Value,
    options: &Value,
    spans: &SpanIndex,
    site: &KeywordSite,
) -> Diagnostic {
    let open = site.severity("enum").is_some_and(|s| s < Severity::Error);
    let input = instance.as_str().unwrap_or_default();
    // An open list that knows its values are distinct enough: a value one or two typed characters
    // from exactly one of them is that value mistyped, not a value newer than the list.
    if open
        && let Some(typo_severity) = site.severity("typo")
        && let Some(meant) = only_close(input, string_options(options))
        && !input.eq_ignore_ascii_case(meant)
    {
        let d = Diagnostic::new(
            codes::INVALID_ENUM_VALUE,
            format!("{} is a misspelling of `{meant}`", compact(instance)),
            pointer,
            value_range(spans, pointer),
        )
        .with_label(format!("did you mean `{meant}`?"))
        .with_help(format!("write `{meant}`"))
        .with_severity(typo_severity);
        return match spans.get(pointer) {
            Some(span) => d.with_fix(Fix::safe(
                format!("replace `{input}` with `{meant}`"),
                vec![Edit::replace(span.value, Value::from(meant).to_string())],
            )),
            None => d,
        };
    }
    let message = if open {
        format!("{} is not a known value", compact(instance))
    } else {
        format!("{} is not one of {}", compact(instance), list(options))
    };
    let mut d = Diagnostic::new(
        codes::INVALID_ENUM_VALUE,
        message,
        pointer,
        value_range(spans, pointer),
    )
    .with_label("unknown value");
    // A closed list suggests only a likely typo; an open one always names its nearest value.
    let best = instance.as_str().and_then(|s| suggestion(options, s, open));
    let best = best.as_deref();
    let help = match (best, open) {
        (Some(best), _)
            if instance
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(best)) =>
        {
            format!("did you mean `{best}`? values are case-sensitive")
        }
        (Some(best), false) => format!("did you mean `{best}`?"),
        (Some(best), true) => format!(
            "the closest known value is `{best}`; asklint's list may lag the service, so this is only a warning"
        ),
        (None, true) => {
            "asklint's list of values may lag the service, so this is a warning".to_owned()
        }
        (None, false) => return with_site_severity(d, site),
    };
    if let Some(best) = best {
        d = d.with_label(format!("did you mean `{best}`?"));
    }
    // The only allowed value that differs in case alone is certainly the one meant.
    let mut same_letters = string_options(options).filter(|o| o.eq_ignore_ascii_case(input));
    if let (Some(meant), None, Some(span)) =
        (same_letters.next(), same_letters.next(), spans.get(pointer))
    {
        d = d.with_fix(Fix::safe(
            format!("replace `{input}` with `{meant}`"),
            vec![Edit::replace(span.value, Value::from(meant).to_string())],
        ));
    }
    with_site_severity(d.with_help(help), site)
}

/// The diagnostic with the severity the schema gives its `enum` there, if any.
fn with_site_severity(d: Diagnostic, site: &KeywordSite) -> Diagnostic {
    match site.severity("enum") {
        Some(severity) => d.with_severity(severity),
        None => d,
    }
}

/// The suggested value for `input` from an enumeration; memoised, because a corpus repeats the same
/// few unknown values thousands of times and each suggestion compares against every allowed value.
fn suggestion(options: &Value, input: &str, open: bool) -> Option<String> {
    type Key = (usize, String, bool);
    static CACHE: LazyLock<Mutex<HashMap<Key, Option<String>>>> = LazyLock::new(Default::default);
    // The enumeration lives in a compiled validator for the whole run, so its address identifies it.
    let key = (options as *const Value as usize, input.to_owned(), open);
    if let Some(hit) = CACHE.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return hit;
    }
    let found = if open {
        nearest(input, string_options(options))
    } else {
        closest(input, string_options(options))
    };
    let found = found.map(str::to_owned);
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(key, found.clone());
    }
    found
}

fn duplicate_items(pointer: &str, instance: &Value, spans: &SpanIndex) -> Diagnostic {
    let items = instance.as_array().map(Vec::as_slice).unwrap_or_default();
    let pair =
        (1..items.len()).find_map(|j| (0..j).find(|&i| items[i] == items[j]).map(|i| (i, j)));
    match pair {
        Some((first, second)) => {
            let second_pointer = format!("{pointer}/{second}");
            let first_pointer = format!("{pointer}/{first}");
            Diagnostic::new(
                codes::DUPLICATE_ARRAY_ITEMS,
                format!("duplicate item {}", compact(&items[second])),
                second_pointer.clone(),
                value_range(spans, &second_pointer),
            )
            .with_label("repeated here")
            .with_secondary(
                "first here",
                first_pointer.clone(),
                value_range(spans, &first_pointer),
            )
        }
        None => Diagnostic::new(
            codes::DUPLICATE_ARRAY_ITEMS,
            "array items must be unique",
            pointer,
            value_range(spans, pointer),
        ),
    }
}

/// The range of the value at `pointer`, or of the closest existing ancestor's anchor.
fn value_range(spans: &SpanIndex, pointer: &str) -> std::ops::Range<usize> {
    match spans.lookup(pointer) {
        Some(found) if found.exact => found.span.value.clone(),
        _ => anchor_range(spans, pointer),
    }
}

/// A short range that stands for a container: its key if it has one, else its opening bracket.
fn anchor_range(spans: &SpanIndex, pointer: &str) -> std::ops::Range<usize> {
    match spans.lookup(pointer) {
        Some(found) => match &found.span.key {
            Some(key) => key.clone(),
            None => found.span.value.start..found.span.value.start + 1,
        },
        None => 0..0,
    }
}

/// The range of the key at `pointer` (the value's when it has no key).
fn key_range(spans: &SpanIndex, pointer: &str) -> std::ops::Range<usize> {
    match spans.lookup(pointer) {
        Some(found) if found.exact => found
            .span
            .key
            .clone()
            .unwrap_or_else(|| found.span.value.clone()),
        _ => anchor_range(spans, pointer),
    }
}

fn last_token(pointer: &str) -> String {
    unescape(pointer.rsplit('/').next().unwrap_or(pointer))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn string_options(options: &Value) -> impl Iterator<Item = &str> {
    options
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn list(options: &Value) -> String {
    let values: Vec<String> = options
        .as_array()
        .into_iter()
        .flatten()
        .map(compact)
        .collect();
    match values.len() {
        0 => "the allowed values".to_owned(),
        1..=8 => values.join(", "),
        n => format!("{} … ({n} values)", values[..6].join(", ")),
    }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as it would appear in the file, shortened.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => format!("boolean {value}"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("integer {value}"),
        Value::Number(_) => format!("number {value}"),
        Value::String(_) => format!("string {}", compact(value)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The value a string stands for where a boolean or a number belongs, when it says exactly that
/// (`"true"`, `"5"`, `"0.5"`): written without the quotes, it is what the author meant.
fn unquoted(instance: &Value, expected: &str) -> Option<Value> {
    let text = instance.as_str()?;
    match expected {
        "boolean" => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        "integer" => text.parse::<i64>().ok().map(Value::from),
        // Only a number JSON writes the same way back (`1e3`, `.5` or `NaN` are not).
        "number" => serde_json::from_str::<serde_json::Number>(text)
            .ok()
            .filter(|n| n.to_string() == text)
            .map(Value::Number),
        _ => None,
    }
}

fn type_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn format_name(format: &str) -> &str {
    match format {
        "uri" | "iri" | "url-or-empty" => "absolute URL",
        "uri-reference" => "URL",
        other => other,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The `enum` of the schema node at `pointer` in an embedded schema file: for rules that need the
/// same list the schema enforces (one place per fact).
pub fn enum_values(file: &str, pointer: &str) -> Vec<&'static str> {
    DOCUMENTS
        .get(file)
        .and_then(|doc| doc.pointer(&format!("{pointer}/enum")))
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The `properties` names of the schema node at `pointer` in an embedded schema file.
pub fn property_names(file: &str, pointer: &str) -> Vec<&'static str> {
    DOCUMENTS
        .get(file)
        .and_then(|doc| doc.pointer(&format!("{pointer}/properties")))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// An embedded schema file, parsed, with its name (for a `$ref` into it).
pub fn document(file: &str) -> Option<(&'static str, &'static Value)> {
    DOCUMENTS
        .get_key_value(file)
        .map(|(name, value)| (*name, value))
}
