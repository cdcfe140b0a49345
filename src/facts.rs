//! What several checks read from one document: the manifest object, its locale-keyed maps, its
//! endpoints and what is wrong with an endpoint URI.
//!
//! The rule engine works each of these out once per document ([`crate::rule::Shared`]) and the
//! rules ([`crate::rules`]) read them, so they live here, below both: the engine never imports the
//! rule catalogue.

use serde_json::{Map, Value};

use crate::kind::Kind;
use crate::span_index::Pointer;

/// The manifest object of a document that holds one, with its pointer.
pub(crate) fn manifest(kind: Kind, value: &Value) -> Option<(&'static str, &Value)> {
    let key = match kind {
        Kind::SkillManifest => "manifest",
        Kind::SkillManifestV0 => "skillManifest",
        Kind::CreateSkillRequest if value.get("manifest").is_some() => "manifest",
        Kind::CreateSkillRequest => "skillManifest",
        _ => return None,
    };
    let pointer = if key == "manifest" {
        "/manifest"
    } else {
        "/skillManifest"
    };
    value
        .get(key)
        .filter(|m| m.is_object())
        .map(|m| (pointer, m))
}

/// One entry of a locale-keyed map of a manifest (`publishingInformation.locales.en-US`): its
/// locale and its value. Its pointers are written only when a rule reports one.
pub(crate) struct LocaleEntry<'a> {
    pub locale: &'a str,
    pub value: &'a Value,
    /// The manifest's pointer (`/manifest`) and the map's, relative to it.
    root: &'static str,
    map: &'static str,
}

impl<'a> LocaleEntry<'a> {
    /// The pointer of the member `field` (`/manifest/publishingInformation/locales/en-US/name`).
    pub fn pointer(&self, field: &str) -> String {
        let mut pointer = String::with_capacity(
            self.root.len() + self.map.len() + self.locale.len() + field.len() + 2,
        );
        pointer.push_str(self.root);
        pointer.push_str(self.map);
        pointer.push('/');
        crate::span_index::push_escaped(&mut pointer, self.locale);
        pointer.push('/');
        crate::span_index::push_escaped(&mut pointer, field);
        pointer
    }

    /// The string member `field`, if there is one.
    pub fn str(&self, field: &str) -> Option<&'a str> {
        self.value.get(field).and_then(Value::as_str)
    }
}

/// The entries of the locale-keyed map at `map` (relative to the manifest, e.g.
/// `/publishingInformation/locales`) of a document's manifest. Values are read where they are,
/// without walking from the document's root for each member.
pub(crate) fn locale_entries<'a>(
    kind: Kind,
    value: &'a Value,
    map: &'static str,
) -> impl Iterator<Item = LocaleEntry<'a>> {
    entries_of(locale_map(kind, value, map), map)
}

/// The manifest's pointer and the locale-keyed map at `map`, if the document has them.
pub(crate) fn locale_map<'a>(
    kind: Kind,
    value: &'a Value,
    map: &str,
) -> Option<(&'static str, &'a Map<String, Value>)> {
    let (root, manifest) = manifest(kind, value)?;
    Some((root, manifest.at(map).and_then(Value::as_object)?))
}

/// The entries of a map found by [`locale_map`].
pub(crate) fn entries_of<'a>(
    found: Option<(&'static str, &'a Map<String, Value>)>,
    map: &'static str,
) -> impl Iterator<Item = LocaleEntry<'a>> {
    found.into_iter().flat_map(move |(root, locales)| {
        locales.iter().map(move |(locale, entry)| LocaleEntry {
            locale,
            value: entry,
            root,
            map,
        })
    })
}

/// The pointers (relative to the manifest) of the objects whose keys are locales.
pub(crate) const LOCALE_MAPS: &[&str] = &[
    "/publishingInformation/locales",
    "/privacyAndCompliance/locales",
    "/apis/custom/locales",
    "/apis/flashBriefing/locales",
    "/apis/knowledge/locales",
    "/apis/music/locales",
    "/apis/video/locales",
];

/// `(map pointer relative to the manifest, key)` for every locale key of a document's manifest.
/// Rules ask [`Context::locale_keys`](crate::rule::Context::locale_keys), which works them out once
/// per document.
pub(crate) fn locale_keys(kind: Kind, value: &Value) -> Vec<(&'static str, &str)> {
    let Some((_, manifest)) = manifest(kind, value) else {
        return Vec::new();
    };
    LOCALE_MAPS
        .iter()
        .filter_map(|map| {
            manifest
                .at(map)
                .and_then(Value::as_object)
                .map(|o| (*map, o))
        })
        .flat_map(|(map, object)| object.keys().map(move |key| (map, key.as_str())))
        .collect()
}

/// Every endpoint object of a document's manifest, with its pointer.
pub(crate) fn manifest_endpoints(kind: Kind, value: &Value) -> Vec<(String, &Value)> {
    manifest_objects_named(kind, value, "endpoint")
}

/// Every object under a key named `name`, at any depth of a document's manifest, with its pointer.
pub(crate) fn manifest_objects_named<'a>(
    kind: Kind,
    value: &'a Value,
    name: &str,
) -> Vec<(String, &'a Value)> {
    let mut found = Vec::new();
    if let Some((root, manifest)) = manifest(kind, value) {
        find_objects_named(manifest, name, root, &mut Vec::new(), &mut found);
    }
    found
}

/// The keys on the way down are kept as they are; a pointer is written only for what is found.
fn find_objects_named<'a>(
    value: &'a Value,
    name: &str,
    root: &str,
    keys: &mut Vec<&'a str>,
    out: &mut Vec<(String, &'a Value)>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, child_value) in object {
        if !child_value.is_object() {
            continue;
        }
        keys.push(key);
        if key == name {
            let mut pointer = root.to_owned();
            for key in keys.iter() {
                pointer.push('/');
                crate::span_index::push_escaped(&mut pointer, key);
            }
            out.push((pointer, child_value));
        }
        find_objects_named(child_value, name, root, keys, out);
        keys.pop();
    }
}

/// What an endpoint `uri` names, for the rules that compare endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointType {
    Lambda,
    Https,
}

impl EndpointType {
    /// How a message names it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            EndpointType::Lambda => "a Lambda ARN",
            EndpointType::Https => "an https URL",
        }
    }

    pub(crate) fn plural(self) -> &'static str {
        match self {
            EndpointType::Lambda => "Lambda ARNs",
            EndpointType::Https => "https URLs",
        }
    }
}

/// The type of an endpoint `uri`, or `None` when it is neither an ARN nor an https URL, or is empty
/// or a placeholder (this rule reports those; the rules that compare endpoints skip them).
/// `problem` is the uri's [`endpoint_problem`], worked out once per document (`Context::endpoint_type`).
pub(crate) fn endpoint_type_of(
    uri: &str,
    problem: Option<EndpointProblem>,
) -> Option<EndpointType> {
    match problem {
        None | Some(EndpointProblem::NotLambdaArn) if uri.trim().starts_with("arn:") => {
            Some(EndpointType::Lambda)
        }
        None => Some(EndpointType::Https),
        Some(_) => None,
    }
}

/// What is wrong with an endpoint `uri`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EndpointProblem {
    Empty,
    Placeholder,
    FunctionName,
    NotLambdaArn,
    Other,
}

pub(crate) fn endpoint_problem(uri: &str) -> Option<EndpointProblem> {
    let uri = uri.trim();
    if uri.is_empty() {
        return Some(EndpointProblem::Empty);
    }
    if uri.starts_with("https://") {
        return None;
    }
    if let Some(rest) = uri.strip_prefix("arn:") {
        return match is_lambda_arn(rest) {
            true => None,
            false if is_placeholder(uri) => Some(EndpointProblem::Placeholder),
            false => Some(EndpointProblem::NotLambdaArn),
        };
    }
    if is_placeholder(uri) {
        return Some(EndpointProblem::Placeholder);
    }
    if uri
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Some(EndpointProblem::FunctionName);
    }
    Some(EndpointProblem::Other)
}

/// `aws:lambda:<region>:<12 digits>:function:<name>[:<version or alias>]` (after `arn:`); other
/// partitions (`aws-cn`, `aws-us-gov`) are accepted too.
fn is_lambda_arn(rest: &str) -> bool {
    let mut parts = rest.split(':');
    let mut next = || parts.next().unwrap_or_default();
    let (partition, service, region, account, resource, name) =
        (next(), next(), next(), next(), next(), next());
    partition.starts_with("aws")
        && service == "lambda"
        && !region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource == "function"
        && !name.is_empty()
        // At most a version or alias after the name.
        && parts.nth(1).is_none()
}

/// Text left in by a template: markers, variables, instructions.
fn is_placeholder(uri: &str) -> bool {
    let upper = uri.to_uppercase();
    [
        "TODO",
        "INSERT",
        "REPLACE",
        "YOUR",
        "FILL",
        "CHANGE",
        "PLACEHOLDER",
        "XXX",
        "ACCOUNT_ID",
        "REGION",
    ]
    .iter()
    .any(|m| upper.contains(m))
        || uri.contains(['$', '{', '<', ' ', '#', '*'])
        || (uri.starts_with("__") && uri.ends_with("__"))
}
