//! JSON Pointer → byte ranges, built once per file from a span-preserving parse.
//!
//! Every check reports JSON Pointers; this index turns them into ranges for the renderers. A lookup
//! of a pointer that does not exist (a missing property) falls back to the closest existing ancestor,
//! as Spectral does.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use jsonc_parser::ast::{ObjectPropName, Value as Node};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

/// Where one JSON value sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    /// The value itself.
    pub value: Range<usize>,
    /// The property key (with its quotes), when the value is an object member.
    pub key: Option<Range<usize>>,
}

/// A JSON Pointer's span, and whether the pointer itself exists or an ancestor stood in for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup<'a> {
    pub span: &'a NodeSpan,
    /// The pointer that was found: the one asked for, or its closest existing ancestor.
    pub pointer: &'a str,
    pub exact: bool,
}

/// Built on first use: most files have no findings and never need it.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Valid JSON text (after any repairs) to index when first asked.
    text: Option<Arc<str>>,
    spans: OnceLock<HashMap<String, NodeSpan>>,
}

impl SpanIndex {
    /// Index every value of the tree now. With duplicate keys the last one wins, as in serde_json.
    pub fn build(root: &Node<'_>) -> Self {
        SpanIndex {
            text: None,
            spans: OnceLock::from(index(root)),
        }
    }

    /// Index `text` (valid JSON) when a lookup first needs it.
    pub fn deferred(text: Arc<str>) -> Self {
        SpanIndex {
            text: Some(text),
            spans: OnceLock::new(),
        }
    }

    fn spans(&self) -> &HashMap<String, NodeSpan> {
        self.spans.get_or_init(|| {
            let parsed = self.text.as_deref().and_then(|text| {
                parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).ok()
            });
            parsed
                .and_then(|p| p.value)
                .map(|root| index(&root))
                .unwrap_or_default()
        })
    }
}

fn index(root: &Node<'_>) -> HashMap<String, NodeSpan> {
    let mut spans = HashMap::new();
    visit(&mut spans, root, &mut String::new(), None);
    spans
}

fn visit(
    spans: &mut HashMap<String, NodeSpan>,
    node: &Node<'_>,
    pointer: &mut String,
    key: Option<Range<usize>>,
) {
    let range = node.range();
    spans.insert(
        pointer.clone(),
        NodeSpan {
            value: range.start..range.end,
            key,
        },
    );
    let len = pointer.len();
    match node {
        Node::Object(object) => {
            for prop in &object.properties {
                pointer.push('/');
                push_escaped(pointer, prop_name(&prop.name));
                let key = prop.name.range();
                visit(spans, &prop.value, pointer, Some(key.start..key.end));
                pointer.truncate(len);
            }
        }
        Node::Array(array) => {
            for (i, element) in array.elements.iter().enumerate() {
                use std::fmt::Write;
                let _ = write!(pointer, "/{i}");
                visit(spans, element, pointer, None);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

impl SpanIndex {
    /// The span of `pointer`, or of its closest existing ancestor.
    pub fn lookup(&self, pointer: &str) -> Option<Lookup<'_>> {
        let mut candidate = pointer;
        loop {
            if let Some((found, span)) = self.spans().get_key_value(candidate) {
                return Some(Lookup {
                    span,
                    pointer: found,
                    exact: candidate.len() == pointer.len(),
                });
            }
            candidate = &candidate[..candidate.rfind('/')?];
        }
    }

    /// The pointer of the innermost value whose range holds `offset` (`""` when none does).
    pub fn pointer_at(&self, offset: usize) -> String {
        self.spans()
            .iter()
            .filter(|(_, span)| span.value.start <= offset && offset < span.value.end)
            .min_by_key(|(_, span)| span.value.len())
            .map_or_else(String::new, |(pointer, _)| pointer.clone())
    }

    /// The span of exactly `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.spans().get(pointer)
    }
}

/// The decoded name of an object property.
pub fn prop_name<'a>(name: &'a ObjectPropName<'_>) -> &'a str {
    match name {
        ObjectPropName::String(s) => &s.value,
        ObjectPropName::Word(w) => w.value,
    }
}

/// Append `token` to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn push_escaped(pointer: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

/// `pointer` with one more reference token.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SpanIndex {
        let parsed =
            parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).unwrap();
        SpanIndex::build(parsed.value.as_ref().unwrap())
    }

    #[test]
    fn keys_values_escapes_and_fallback() {
        let text = r#"{"a/b": {"c~d": [10, 20]}, "0": true}"#;
        let idx = index(text);
        let twenty = idx.get("/a~1b/c~0d/1").unwrap();
        assert_eq!(&text[twenty.value.clone()], "20");
        let zero = idx.get("/0").unwrap();
        assert_eq!(&text[zero.key.clone().unwrap()], "\"0\"");
        let missing = idx.lookup("/a~1b/nope/deeper").unwrap();
        assert_eq!(missing.pointer, "/a~1b");
        assert!(!missing.exact);
    }

    #[test]
    fn last_duplicate_wins_like_serde_json() {
        let text = r#"{"a": 1, "a": 2}"#;
        let span = index(text).get("/a").unwrap().clone();
        assert_eq!(&text[span.value], "2");
    }
}
