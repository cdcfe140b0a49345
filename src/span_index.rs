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
#[cfg(test)]
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde_json::Value;

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
pub struct Lookup {
    pub span: NodeSpan,
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
            self.text
                .as_deref()
                .and_then(index_text)
                .unwrap_or_default()
        })
    }

    /// The span of `pointer`, or of its closest existing ancestor.
    pub fn lookup(&self, pointer: &str) -> Option<Lookup> {
        let spans = self.spans();
        let mut candidate = pointer;
        loop {
            if let Some(span) = spans.get(&fnv1a(candidate.as_bytes())) {
                return Some(Lookup {
                    span: span.clone(),
                    exact: candidate.len() == pointer.len(),
                });
            }
            candidate = &candidate[..candidate.rfind('/')?];
        }
    }

    /// The span of exactly `pointer`.
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.lookup(pointer)
            .filter(|found| found.exact)
            .map(|found| found.span)
    }

    /// How many pointers the index holds: one per value of the document (with duplicate keys, the
    /// values under an overwritten member too).
    pub fn len(&self) -> usize {
        self.spans().len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans().is_empty()
    }
}

fn index(root: &Node<'_>) -> Spans {
    let mut spans = Spans::default();
    visit(&mut spans, root, FNV_OFFSET, None);
    spans
}

/// Index a node and its children. FNV-1a reads bytes one at a time, so a child's key is its
/// parent's hash carried on over `/` and the child's escaped token: no pointer is ever written out.
fn visit(spans: &mut Spans, node: &Node<'_>, hash: u64, key: Option<Range<usize>>) {
    let range = node.range();
    spans.insert(
        hash,
        NodeSpan {
            value: range.start..range.end,
            key,
        },
    );
    match node {
        Node::Object(object) => {
            for prop in &object.properties {
                let child = fnv1a_escaped(fnv1a_from(hash, b"/"), prop_name(&prop.name));
                let key = prop.name.range();
                visit(spans, &prop.value, child, Some(key.start..key.end));
            }
        }
        Node::Array(array) => {
            let mut digits = itoa_buffer();
            for (i, element) in array.elements.iter().enumerate() {
                let child = fnv1a_from(fnv1a_from(hash, b"/"), format_index(&mut digits, i));
                visit(spans, element, child, None);
            }
        }
        _ => {}
    }
}

/// A container being indexed by [`index_text`].
struct Open {
    start: usize,
    hash: u64,
    key: Option<Range<usize>>,
    /// The index of the next element, for an array; `None` for an object.
    next: Option<usize>,
}

/// Index every value of `text` (valid JSON) in one pass over its bytes: no tree is built, and the
/// containers being read are kept on a heap stack, so no nesting depth overflows the call stack.
/// The result is the same as [`index`] over jsonc-parser's tree. With duplicate keys the last one
/// wins, as in serde_json.
fn index_text(text: &str) -> Option<Spans> {
    let b = text.as_bytes();
    // About one value per 16 bytes of a pretty-printed manifest: sized once, not grown.
    let mut spans = Spans::with_capacity_and_hasher(text.len() / 16, Default::default());
    let mut stack: Vec<Open> = Vec::new();
    let mut i = whitespace(b, 0);
    let (mut hash, mut key) = (FNV_OFFSET, None);
    loop {
        // A value starts at `i`, with its pointer's hash and its key.
        match *b.get(i)? {
            open @ (b'{' | b'[') => {
                let first = whitespace(b, i + 1);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(first) == Some(&close) {
                    spans.insert(
                        hash,
                        NodeSpan {
                            value: i..first + 1,
                            key: key.take(),
                        },
                    );
                    i = first + 1;
                } else {
                    let parent = hash;
                    stack.push(Open {
                        start: i,
                        hash,
                        key: key.take(),
                        next: (open == b'[').then_some(1),
                    });
                    i = first;
                    (hash, key) = if open == b'{' {
                        member(text, &mut i, parent)?
                    } else {
                        (element_hash(parent, 0), None)
                    };
                    continue;
                }
            }
            first => {
                let end = if first == b'"' {
                    string_end(b, i)?
                } else {
                    literal_end(b, i)
                };
                spans.insert(
                    hash,
                    NodeSpan {
                        value: i..end,
                        key: key.take(),
                    },
                );
                i = end;
            }
        }
        // After a value: close what ends here, then go on to the next member or element.
        loop {
            let Some(top) = stack.last_mut() else {
                return Some(spans);
            };
            let j = whitespace(b, i);
            match (b.get(j)?, top.next.as_mut()) {
                (b',', None) => {
                    i = whitespace(b, j + 1);
                    (hash, key) = member(text, &mut i, top.hash)?;
                    break;
                }
                (b',', Some(next)) => {
                    (hash, key) = (element_hash(top.hash, *next), None);
                    *next += 1;
                    i = whitespace(b, j + 1);
                    break;
                }
                (b'}', None) | (b']', Some(_)) => {
                    let top = stack.pop()?;
                    spans.insert(
                        top.hash,
                        NodeSpan {
                            value: top.start..j + 1,
                            key: top.key,
                        },
                    );
                    i = j + 1;
                }
                _ => return None,
            }
        }
    }
}

/// Read a member's key at `*i` (a string), and move `*i` to its value: the value's pointer hash
/// (carried on from `parent`) and the key's range.
fn member(text: &str, i: &mut usize, parent: u64) -> Option<(u64, Option<Range<usize>>)> {
    let b = text.as_bytes();
    let start = *i;
    if b.get(start) != Some(&b'"') {
        return None;
    }
    let (end, escaped) = string_end_escaped(b, start)?;
    let raw = &text[start + 1..end - 1];
    let slash = fnv1a_from(parent, b"/");
    let hash = if escaped {
        fnv1a_escaped(
            slash,
            &serde_json::from_str::<String>(&text[start..end]).ok()?,
        )
    } else {
        fnv1a_escaped(slash, raw)
    };
    let colon = whitespace(b, end);
    if b.get(colon) != Some(&b':') {
        return None;
    }
    *i = whitespace(b, colon + 1);
    Some((hash, Some(start..end)))
}

fn element_hash(parent: u64, index: usize) -> u64 {
    let mut digits = itoa_buffer();
    fnv1a_from(fnv1a_from(parent, b"/"), format_index(&mut digits, index))
}

fn whitespace(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `b[i]` is a string's opening quote: the index after its closing one.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    string_end_escaped(b, i).map(|(end, _)| end)
}

/// [`string_end`], and whether the string holds an escape.
fn string_end_escaped(b: &[u8], i: usize) -> Option<(usize, bool)> {
    let (mut j, mut escaped) = (i + 1, false);
    loop {
        let k = j + memchr::memchr2(b'"', b'\\', b.get(j..)?)?;
        if b[k] == b'\\' {
            (j, escaped) = (k + 2, true);
        } else {
            return Some((k + 1, escaped));
        }
    }
}

/// The end of a number, `true`, `false` or `null` starting at `i`.
fn literal_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
        j += 1;
    }
    j
}

/// Room for the decimal digits of any `usize`.
fn itoa_buffer() -> [u8; 20] {
    [0; 20]
}

fn format_index(buffer: &mut [u8; 20], mut n: usize) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buffer[start..]
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
    if token.bytes().any(|b| b == b'~' || b == b'/') {
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

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64-bit: the key of a pointer in the index.
fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

/// FNV-1a carried on from `hash` over more bytes.
fn fnv1a_from(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// FNV-1a carried on over a reference token as [`push_escaped`] writes it.
fn fnv1a_escaped(hash: u64, token: &str) -> u64 {
    token.bytes().fold(hash, |hash, b| match b {
        b'~' => fnv1a_from(hash, b"~0"),
        b'/' => fnv1a_from(hash, b"~1"),
        _ => fnv1a_from(hash, &[b]),
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
    fn one_pass_index_agrees_with_the_tree() {
        let texts = [
            r#"{"a/b": {"c~d": [10, 20, {"": null}]}, "0": true, "e\u0301": "x\"y"}"#,
            r#"{"a": 1, "a": {"b": [1, [2, {"c": "]}\"{"}]]}, "n": -1.5e3, "f": false}"#,
            "[ {\"k\" : -1.5e3 } ,\n\t[], {}, \"\\\\\" ]",
            "{}",
            "  \"text\"  ",
            r#"{"manifest": {"apis": {"custom": {"endpoint": {"uri": "arn"}}}, "é": [true, []]}}"#,
        ];
        for text in texts {
            let ast = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
                .unwrap()
                .value
                .unwrap();
            let mut expected: Vec<(u64, NodeSpan)> = super::index(&ast).into_iter().collect();
            let mut found: Vec<(u64, NodeSpan)> = index_text(text).unwrap().into_iter().collect();
            expected.sort_by_key(|(h, _)| *h);
            found.sort_by_key(|(h, _)| *h);
            assert_eq!(found, expected, "{text}");
        }
        // No recursion: nesting far deeper than any call stack holds.
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(index_text(&deep).unwrap().len(), 200_000);
    }

    #[test]
    fn carried_hashes_are_the_hashes_of_the_pointers() {
        let mut digits = itoa_buffer();
        assert_eq!(format_index(&mut digits, 0), b"0");
        assert_eq!(format_index(&mut digits, 1207), b"1207");
        let carried = fnv1a_escaped(fnv1a_from(fnv1a(b"/list/12"), b"/"), "a/b~c");
        assert_eq!(carried, fnv1a(b"/list/12/a~1b~0c"));
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

/// JSON Pointer lookups without serde_json's allocations (`Value::pointer` unescapes every token
/// into a new string): rules look values up by pointer in every file, so this is on the hot path.
pub trait Pointer {
    fn at(&self, pointer: &str) -> Option<&Value>;
}

impl Pointer for Value {
    fn at(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut target = self;
        let mut rest = pointer.strip_prefix('/')?;
        // Tokens are cut at each `/` by hand: `str::split` costs more than the lookups themselves.
        loop {
            let end = rest.bytes().position(|b| b == b'/').unwrap_or(rest.len());
            let token = &rest[..end];
            target = if token.as_bytes().contains(&b'~') {
                step(target, &token.replace("~1", "/").replace("~0", "~"))?
            } else {
                step(target, token)?
            };
            if end == rest.len() {
                return Some(target);
            }
            rest = &rest[end + 1..];
        }
    }
}

fn step<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(token),
        Value::Array(items) => {
            // As RFC 6901 (and serde_json) read an index: digits, no leading zero, no sign.
            let index = (!token.is_empty()
                && token.bytes().all(|b| b.is_ascii_digit())
                && (token == "0" || !token.starts_with('0')))
            .then(|| token.parse::<usize>().ok())??;
            items.get(index)
        }
        _ => None,
    }
}

#[cfg(test)]
mod pointer_tests {
    use super::Pointer;

    #[test]
    fn agrees_with_serde_json() {
        let value = serde_json::json!({"a/b": {"~x": [10, 20, {"": 1}]}, "list": [1, 2]});
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/~0x",
            "/a~1b/~0x/1",
            "/a~1b/~0x/2/",
            "/list/01",
            "/list/+1",
            "/list/2",
            "/missing",
            "a",
            "/list/-",
            "/list/1",
        ] {
            assert_eq!(value.at(pointer), value.pointer(pointer), "{pointer:?}");
        }
    }
}
