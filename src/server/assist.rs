//! Help while typing, from the document kind's embedded schema: the properties valid where the
//! cursor is and the values a property takes (completion), and what a key means (hover).
//!
//! The text is read up to the cursor by a small scanner that needs no valid JSON (a document
//! being typed rarely is): it knows which object or array the cursor is in, by what path, and
//! whether a key or a value goes there. The schema is walked along that path through
//! `properties`, `patternProperties`, `additionalProperties` and `items`, following `$ref`
//! (into the other embedded schemas too) and every branch of `allOf`, `anyOf`, `oneOf` and
//! `if`/`then`/`else`.

use std::ops::Range;

use serde_json::Value;

use crate::kind::Kind;

/// One completion: what the list shows, the text that replaces `replace`, and the schema's
/// description.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub label: String,
    pub insert: String,
    pub replace: Range<usize>,
    pub description: Option<String>,
    /// A property name (otherwise a value).
    pub is_key: bool,
}

/// What goes where the cursor is.
#[derive(Debug, PartialEq)]
enum Role {
    Key,
    Value,
}

/// Where the cursor is: the path of the object or array that holds it (for a value, the path of
/// the value), what goes there, and the text a completion replaces (a string or word begun).
#[derive(Debug)]
struct At {
    path: Vec<String>,
    role: Role,
    token: Range<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Key,
    Colon,
    Value,
    Comma,
}

struct Frame {
    /// Its name in its parent (`None` for the root).
    name: Option<String>,
    is_object: bool,
    state: State,
    /// The key just read (an object), or the index of the next element (an array).
    key: Option<String>,
    index: usize,
}

impl Frame {
    /// The name of the value that goes in this container now.
    fn member(&self) -> Option<String> {
        if self.is_object {
            self.key.clone()
        } else {
            Some(self.index.to_string())
        }
    }

    /// A value (string, literal, container) ended.
    fn value_done(&mut self) {
        if self.state == State::Value {
            self.state = State::Comma;
        }
    }
}

/// The end of the string that starts at `start` (after its closing quote), and whether it is
/// closed: a string ends at its quote, or unclosed at a line break or the end of the text.
fn string_end(b: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            b'\n' | b'\r' => return (i, false),
            _ => i += 1,
        }
    }
    (b.len(), false)
}

/// Read `text` up to `offset`.
fn scan(text: &str, offset: usize) -> Option<At> {
    let b = text.as_bytes();
    let offset = offset.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let path =
        |stack: &[Frame]| -> Vec<String> { stack.iter().filter_map(|f| f.name.clone()).collect() };
    // Where the cursor is, given the state of the innermost container.
    let at = |stack: &[Frame], token: Range<usize>| -> Option<At> {
        let top = stack.last()?;
        let mut path = path(stack);
        let role = match (top.is_object, top.state) {
            (true, State::Key) => Role::Key,
            (_, State::Value) => {
                path.push(top.member()?);
                Role::Value
            }
            _ => return None,
        };
        Some(At { path, role, token })
    };
    while i < offset {
        match b[i] {
            b'"' => {
                let (end, closed) = string_end(b, i);
                if end > offset || (!closed && end == offset) {
                    return at(&stack, i..end);
                }
                let top = stack.last_mut()?;
                if top.is_object && top.state == State::Key {
                    let raw = &text[i..end];
                    top.key = Some(
                        serde_json::from_str(raw)
                            .unwrap_or_else(|_| raw.trim_matches('"').to_owned()),
                    );
                    top.state = State::Colon;
                } else {
                    top.value_done();
                }
                i = end;
            }
            b'{' | b'[' => {
                let name = match stack.last() {
                    Some(parent) => Some(parent.member()?),
                    None => None,
                };
                stack.push(Frame {
                    name,
                    is_object: b[i] == b'{',
                    state: if b[i] == b'{' {
                        State::Key
                    } else {
                        State::Value
                    },
                    key: None,
                    index: 0,
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                if let Some(top) = stack.last_mut() {
                    top.value_done();
                }
                i += 1;
            }
            b':' => {
                if let Some(top) = stack.last_mut()
                    && top.state == State::Colon
                {
                    top.state = State::Value;
                }
                i += 1;
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    if top.is_object {
                        top.state = State::Key;
                        top.key = None;
                    } else {
                        top.state = State::Value;
                        top.index += 1;
                    }
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            c if c.is_ascii_alphanumeric() || c == b'-' || c == b'+' || c == b'.' => {
                let end = b[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || b"-+.".contains(c)))
                    .map_or(b.len(), |n| i + n);
                if end >= offset {
                    return at(&stack, i..end);
                }
                if let Some(top) = stack.last_mut() {
                    top.value_done();
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    at(&stack, offset..offset)
}

/// The `propertyNames` pattern of a map keyed by locale.
const LOCALE_PATTERN: &str = "^[a-z]{2}-[A-Z]{2}$";

/// A schema node and the embedded schema file it is in (for its `$ref`s).
type Node = (&'static str, &'static Value);

/// `node` and every schema it stands for: its `$ref`, the branches of its combinators.
fn expand(node: Node, out: &mut Vec<Node>, depth: usize) {
    let (file, schema) = node;
    if depth > 16 || !schema.is_object() || out.iter().any(|n| std::ptr::eq(n.1, schema)) {
        return;
    }
    out.push(node);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(file, r))
    {
        expand(target, out, depth + 1);
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        for branch in schema
            .get(combinator)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            expand((file, branch), out, depth + 1);
        }
    }
    for branch in ["then", "else"] {
        if let Some(branch) = schema.get(branch) {
            expand((file, branch), out, depth + 1);
        }
    }
}

/// The schema a `$ref` names: `#/definitions/x` in the same file, `other.schema.json#/…` in
/// another embedded one.
fn resolve(file: &'static str, reference: &str) -> Option<Node> {
    let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let name = if target.is_empty() {
        file
    } else {
        target.rsplit('/').next()?
    };
    let (target, document) = crate::schema::document(name)?;
    let fragment = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    Some((target, document.pointer(&fragment)?))
}

/// The schemas of the value at `path` in a document of `kind`.
fn schemas_at(kind: Kind, path: &[String]) -> Vec<Node> {
    let file = kind.schema_file();
    let Some((file, root)) = crate::schema::document(file) else {
        return Vec::new();
    };
    let mut current = Vec::new();
    expand((file, root), &mut current, 0);
    for token in path {
        let mut next = Vec::new();
        for &(file, schema) in &current {
            let named = schema.get("properties").and_then(|p| p.get(token));
            if let Some(property) = named {
                expand((file, property), &mut next, 0);
                continue;
            }
            let mut patterned = false;
            for (pattern, property) in schema
                .get("patternProperties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if regex::Regex::new(pattern).is_ok_and(|r| r.is_match(token)) {
                    expand((file, property), &mut next, 0);
                    patterned = true;
                }
            }
            if let Some(additional) = schema.get("additionalProperties")
                && additional.is_object()
                && !patterned
            {
                expand((file, additional), &mut next, 0);
            }
            if token.parse::<usize>().is_ok()
                && let Some(items) = schema.get("items")
            {
                expand((file, items), &mut next, 0);
            }
        }
        current = next;
    }
    current
}

/// The first `description` (with its `title`) among `nodes`.
fn description(nodes: &[Node]) -> Option<String> {
    let described = nodes
        .iter()
        .find(|(_, n)| n.get("description").is_some())?
        .1;
    let text = described.get("description")?.as_str()?;
    Some(match described.get("title").and_then(Value::as_str) {
        Some(title) => format!("**{title}**\n\n{text}"),
        None => text.to_owned(),
    })
}

/// The completions at `offset` of a document of `kind`.
pub fn complete(kind: Kind, text: &str, offset: usize) -> Vec<Completion> {
    let Some(at) = scan(text, offset) else {
        return Vec::new();
    };
    let nodes = schemas_at(kind, &at.path);
    let mut out: Vec<Completion> = Vec::new();
    let mut push = |label: String, insert: String, description: Option<String>, is_key: bool| {
        if !out.iter().any(|c| c.label == label) {
            out.push(Completion {
                label,
                insert,
                replace: at.token.clone(),
                description,
                is_key,
            });
        }
    };
    match at.role {
        Role::Key => {
            for &(file, schema) in &nodes {
                for (name, property) in schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let mut described = Vec::new();
                    expand((file, property), &mut described, 0);
                    push(name.clone(), quoted(name), description(&described), true);
                }
                // Keys from a closed list (locales of a locale-keyed map).
                if let Some(names) = schema.get("propertyNames") {
                    let mut expanded = Vec::new();
                    expand((file, names), &mut expanded, 0);
                    for value in enum_values(&expanded) {
                        if let Some(name) = value.as_str() {
                            push(name.to_owned(), quoted(name), None, true);
                        }
                    }
                    // A map keyed by locale (`ll-CC`): the locales Alexa publishes in.
                    if names.get("pattern").and_then(Value::as_str) == Some(LOCALE_PATTERN) {
                        for locale in crate::schema::enum_values(
                            "skill-manifest.schema.json",
                            "/definitions/knownLocale",
                        ) {
                            push(locale.to_owned(), quoted(locale), None, true);
                        }
                    }
                }
            }
        }
        Role::Value => {
            let described = description(&nodes);
            for value in enum_values(&nodes) {
                let label = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                push(label, value.to_string(), described.clone(), false);
            }
            let boolean = nodes
                .iter()
                .any(|(_, n)| n.get("type").and_then(Value::as_str) == Some("boolean"));
            if boolean {
                for value in ["true", "false"] {
                    push(value.to_owned(), value.to_owned(), described.clone(), false);
                }
            }
        }
    }
    // What is typed so far narrows the list (the client filters too; this keeps it short).
    let typed = text
        .get(at.token.start..offset.min(at.token.end).max(at.token.start))
        .unwrap_or_default()
        .trim_start_matches('"')
        .to_owned();
    out.retain(|c| c.label.starts_with(&typed));
    out
}

/// The values of every `enum` and `const` among `nodes`.
fn enum_values(nodes: &[Node]) -> Vec<&'static Value> {
    let mut values: Vec<&'static Value> = Vec::new();
    for (_, node) in nodes {
        let listed = node
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for value in listed.chain(node.get("const")) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    values
}

fn quoted(name: &str) -> String {
    Value::String(name.to_owned()).to_string()
}

/// The key under `offset` (its range) and what the schema says of it.
pub fn describe_key(kind: Kind, text: &str, offset: usize) -> Option<(Range<usize>, String)> {
    let at = scan(text, offset)?;
    if at.role != Role::Key || at.token.is_empty() {
        return None;
    }
    let (end, _) = string_end(text.as_bytes(), at.token.start);
    let raw = &text[at.token.start..end];
    let key: String = serde_json::from_str(raw).ok()?;
    let mut path = at.path;
    path.push(key);
    Some((at.token.start..end, description(&schemas_at(kind, &path))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The completion labels at the `|` of `text`.
    fn labels(kind: Kind, text: &str) -> Vec<String> {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        complete(kind, &text, offset)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn property_names_where_a_key_goes() {
        let found = labels(
            Kind::SkillManifest,
            r#"{"manifest": {"publishingInformation": {|}}}"#,
        );
        for name in ["locales", "category", "distributionCountries"] {
            assert!(found.contains(&name.to_owned()), "{name}: {found:?}");
        }
        let begun = labels(
            Kind::SkillManifest,
            r#"{"manifest": {"publishingInformation": {"cat|"}}}"#,
        );
        assert_eq!(begun, ["category"]);
    }

    #[test]
    fn enum_values_where_a_value_goes_even_in_broken_json() {
        let found = labels(
            Kind::SkillManifest,
            "{\"manifest\": {\"publishingInformation\": {\"category\": |\n",
        );
        assert!(found.contains(&"SMART_HOME".to_owned()), "{found:?}");
        let locales = labels(
            Kind::SkillManifest,
            r#"{"manifest": {"publishingInformation": {"locales": {"de-|"#,
        );
        assert!(locales.contains(&"de-DE".to_owned()), "{locales:?}");
    }

    #[test]
    fn a_key_is_described_from_the_schema() {
        let text = r#"{"manifest": {"publishingInformation": {"category": "GAMES"}}}"#;
        let offset = text.find("category").unwrap() + 2;
        let (range, text) = describe_key(Kind::SkillManifest, text, offset).unwrap();
        assert_eq!(range.len(), "\"category\"".len());
        assert!(!text.is_empty());
        assert_eq!(describe_key(Kind::SkillManifest, "{}", 1), None);
    }
}
