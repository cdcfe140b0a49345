//! JSON Pointer → byte ranges.
//!
//! Every check reports JSON Pointers; this index turns them into ranges for the renderers. A lookup
//! of a pointer that does not exist (a missing property) falls back to the closest existing ancestor,
//! as Spectral does. The index is built on first use (most files have no findings and never need it)
//! and keyed by a hash of the pointer, so building it allocates no strings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    pub exact: bool,
}

type Spans = HashMap<u64, NodeSpan, BuildHasherDefault<PointerHash>>;

#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Valid JSON text (after any repairs) to index when first asked.
    text: Option<Arc<str>>,
    spans: OnceLock<Spans>,
}

impl SpanIndex {
    /// Index every value of the tree now. With duplicate keys the last one wins, as in serde_json.
    pub fn build(root: &Node<'_>) -> Self {
        SpanIndex {
            text: None,
            spans: OnceLock::from(index(root)),
        }
    }

    /// An index of spans another parser found (a TOML file's), by pointer.
    pub fn from_spans(spans: impl IntoIterator<Item = (String, NodeSpan)>) -> Self {
        SpanIndex {
            text: None,
            spans: OnceLock::from(
                spans
                    .into_iter()
                    .map(|(pointer, span)| (fnv1a(pointer.as_bytes()), span))
                    .collect::<Spans>(),
            ),
        }
    }

    /// Index `text` (valid JSON) when a lookup first needs it.
    pub fn deferred(text: Arc<str>) -> Self {
        SpanIndex {
            text: Some(text),
            spans: OnceLock::new(),
        }
    }

    fn spans(&self) -> &Spans {
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

    /// The span of `pointer`, or of its closest existing ancestor.
    pub fn lookup(&self, pointer: &str) -> Option<Lookup<'_>> {
        let spans = self.spans();
        let mut candidate = pointer;
        loop {
            if let Some(span) = spans.get(&fnv1a(candidate.as_bytes())) {
                return Some(Lookup {
                    span,
                    exact: candidate.len() == pointer.len(),
                });
            }
            candidate = &candidate[..candidate.rfind('/')?];
        }
    }

    /// The span of exactly `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.spans().get(&fnv1a(pointer.as_bytes()))
    }
}

fn index(root: &Node<'_>) -> Spans {
    let mut spans = Spans::default();
    visit(&mut spans, root, &mut String::new(), None);
    spans
}

fn visit(spans: &mut Spans, node: &Node<'_>, pointer: &mut String, key: Option<Range<usize>>) {
    let range = node.range();
    spans.insert(
        fnv1a(pointer.as_bytes()),
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

/// The pointer of the innermost value of the tree whose range holds `offset` (`""`: the root).
pub fn pointer_at(root: &Node<'_>, offset: usize) -> String {
    let mut pointer = String::new();
    let mut node = root;
    loop {
        let next = match node {
            Node::Object(object) => object
                .properties
                .iter()
                .find(|p| contains(&p.value, offset))
                .map(|p| {
                    pointer.push('/');
                    push_escaped(&mut pointer, prop_name(&p.name));
                    &p.value
                }),
            Node::Array(array) => array
                .elements
                .iter()
                .enumerate()
                .find(|(_, e)| contains(e, offset))
                .map(|(i, e)| {
                    pointer.push_str(&format!("/{i}"));
                    e
                }),
            _ => None,
        };
        match next {
            Some(child) => node = child,
            None => return pointer,
        }
    }
}

fn contains(node: &Node<'_>, offset: usize) -> bool {
    let range = node.range();
    range.start <= offset && offset < range.end
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

/// FNV-1a, 64-bit: the key of a pointer in the index.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The keys are hashes already; the map uses them as they are.
#[derive(Default)]
struct PointerHash(u64);

impl Hasher for PointerHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SpanIndex {
        SpanIndex::deferred(text.into())
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
        assert_eq!(missing.span, idx.get("/a~1b").unwrap());
        assert!(!missing.exact);
    }

    #[test]
    fn last_duplicate_wins_like_serde_json() {
        let text = r#"{"a": 1, "a": 2}"#;
        let span = index(text).get("/a").unwrap().clone();
        assert_eq!(&text[span.value], "2");
    }

    #[test]
    fn pointer_at_finds_the_innermost_value() {
        let text = r#"{"a": [1, {"b": "x"}], "c": 2}"#;
        let parsed =
            parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).unwrap();
        let root = parsed.value.unwrap();
        assert_eq!(pointer_at(&root, text.find("\"x\"").unwrap()), "/a/1/b");
        assert_eq!(pointer_at(&root, text.find("1,").unwrap() + 1), "/a");
        assert_eq!(pointer_at(&root, 0), "");
    }
}
