//! Properties of the parser and the span index over generated JSON documents: any nesting of objects,
//! arrays, strings (quotes, backslashes, `/` and `~`, control, non-ASCII and astral characters, each
//! written raw or escaped at random), numbers, booleans and null, with random whitespace between
//! every two tokens.
//!
//! - the span index holds exactly the pointers serde_json's value has, and each span's text parses
//!   back to the value at that pointer (and each key's text to the key);
//! - a trailing comma after the last member or element of any container is reported at that comma,
//!   and the document is read as if it were not there;
//! - a key written twice in any object is reported at the second, with a label on the first;
//! - trailing commas inserted anywhere, once fixed, leave the document byte for byte as it was.

use std::collections::HashSet;
use std::ops::Range;

use asklint::diagnostic::codes;
use asklint::parse::parse;
use asklint::span_index::SpanIndex;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// A JSON value as generated: rendering it chooses the whitespace and the escapes.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    /// The number's text.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Keys are unique.
    Object(Vec<(String, Json)>),
}

fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        "-?(0|[1-9][0-9]{0,6})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?".prop_map(Json::Number),
        text().prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            members(inner, 0).prop_map(Json::Object),
        ]
    })
}

/// A document as asklint sees them: an object with at least one member.
fn document() -> impl Strategy<Value = Json> {
    members(json(), 1).prop_map(Json::Object)
}

/// Between `min` and 4 members with distinct keys.
fn members(
    value: impl Strategy<Value = Json>,
    min: usize,
) -> impl Strategy<Value = Vec<(String, Json)>> {
    prop::collection::vec((text(), value), min..5).prop_map(|members| {
        let mut seen = HashSet::new();
        members
            .into_iter()
            .filter(|(key, _)| seen.insert(key.clone()))
            .collect()
    })
}

/// Short strings, mostly letters (so keys repeat across objects), with the characters that need care.
fn text() -> impl Strategy<Value = String> {
    let tricky = [
        '"', '\\', '/', '~', '\n', '\t', '\u{1}', '\u{7f}', 'é', '中', '😀', '\u{2028}',
    ];
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('a', 'c'),
            2 => prop::sample::select(tricky.to_vec()),
            1 => any::<char>(),
        ],
        0..6,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// A container of a rendered document.
#[derive(Debug)]
struct Container {
    pointer: String,
    /// Just after its last member's or element's value.
    last_end: usize,
    /// An object's keys, with the range of each in the text; `None` for an array.
    keys: Option<Vec<(String, Range<usize>)>>,
}

/// Writes JSON text, with whitespace and escapes chosen by a small xorshift generator.
struct Writer {
    out: String,
    state: u64,
    /// Every non-empty container written.
    containers: Vec<Container>,
}

impl Writer {
    fn new(seed: u64) -> Writer {
        Writer {
            out: String::new(),
            state: seed | 1,
            containers: Vec::new(),
        }
    }

    fn choose(&mut self, n: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n
    }

    fn space(&mut self) {
        for _ in 0..self.choose(4) {
            let c = [' ', '\t', '\n', '\r'][self.choose(4) as usize];
            self.out.push(c);
        }
    }

    fn value(&mut self, json: &Json, pointer: &str) {
        match json {
            Json::Null => self.out.push_str("null"),
            Json::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Json::Number(text) => self.out.push_str(text),
            Json::String(s) => self.string(s),
            Json::Array(items) => {
                self.out.push('[');
                self.space();
                let mut last_end = 0;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                        self.space();
                    }
                    self.value(item, &format!("{pointer}/{i}"));
                    last_end = self.out.len();
                    self.space();
                }
                if !items.is_empty() {
                    self.containers.push(Container {
                        pointer: pointer.to_owned(),
                        last_end,
                        keys: None,
                    });
                }
                self.out.push(']');
            }
            Json::Object(members) => {
                self.out.push('{');
                self.space();
                let mut keys = Vec::new();
                let mut last_end = 0;
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                        self.space();
                    }
                    let start = self.out.len();
                    self.string(key);
                    keys.push((key.clone(), start..self.out.len()));
                    self.space();
                    self.out.push(':');
                    self.space();
                    self.value(value, &format!("{pointer}/{}", token(key)));
                    last_end = self.out.len();
                    self.space();
                }
                if !members.is_empty() {
                    self.containers.push(Container {
                        pointer: pointer.to_owned(),
                        last_end,
                        keys: Some(keys),
                    });
                }
                self.out.push('}');
            }
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' if self.choose(2) == 0 => self.out.push_str("\\n"),
                '\t' if self.choose(2) == 0 => self.out.push_str("\\t"),
                '/' if self.choose(2) == 0 => self.out.push_str("\\/"),
                c if c < ' ' || self.choose(4) == 0 => {
                    // Astral characters as a surrogate pair.
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        self.out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

fn render(json: &Json, seed: u64) -> (String, Vec<Container>) {
    let mut writer = Writer::new(seed);
    writer.space();
    writer.value(json, "");
    writer.space();
    (writer.out, writer.containers)
}

/// A key as a JSON Pointer reference token (RFC 6901).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every pointer of `value`, found by walking serde_json's tree.
fn pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{pointer}/{}", token(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

/// The index holds exactly `value`'s pointers; each span of `text` parses back to the value there,
/// and each key span to the member's key.
fn assert_spans_agree(text: &str, value: &Value, spans: &SpanIndex) -> Result<(), TestCaseError> {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    prop_assert_eq!(spans.len(), all.len(), "the index holds other pointers");
    for pointer in &all {
        let span = spans.get(pointer);
        prop_assert!(span.is_some(), "no span for {:?}", pointer);
        let span = span.unwrap();
        let found: Value = serde_json::from_str(&text[span.value.clone()])
            .map_err(|e| TestCaseError::fail(format!("{pointer:?}: {e}")))?;
        prop_assert_eq!(Some(&found), value.pointer(pointer), "{:?}", pointer);
        let parent = pointer.rsplit_once('/').map(|(parent, _)| parent);
        let in_object = parent.is_some_and(|p| value.pointer(p).is_some_and(Value::is_object));
        match span.key {
            Some(key) => {
                prop_assert!(in_object, "{:?} has a key but is no member", pointer);
                let key: String = serde_json::from_str(&text[key])
                    .map_err(|e| TestCaseError::fail(format!("{pointer:?}: {e}")))?;
                prop_assert_eq!(token(&key), pointer.rsplit_once('/').unwrap().1);
            }
            None => prop_assert!(!in_object, "member {:?} has no key span", pointer),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_span_index_agrees_with_serde_json(json in json(), seed: u64) {
        let (text, _) = render(&json, seed);
        let expected: Value = serde_json::from_str(&text).expect("the generator writes JSON");
        let parsed = parse(text.as_bytes());
        prop_assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        prop_assert_eq!(parsed.value.as_ref(), Some(&expected));
        assert_spans_agree(&text, &expected, &parsed.spans)?;
    }

    #[test]
    fn a_trailing_comma_is_reported_at_the_comma(json in document(), seed: u64, which: Index) {
        let (original, containers) = render(&json, seed);
        let container = which.get(&containers);
        let at = container.last_end;
        let mut text = original.clone();
        text.insert(at, ',');
        let parsed = parse(text.as_bytes());
        let found: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.range.clone(), d.pointer.as_str()))
            .collect();
        prop_assert_eq!(
            found,
            [(codes::TRAILING_COMMA.code, at..at + 1, container.pointer.as_str())]
        );
        // The rest is read as if the comma were not there, and its spans found in the lenient parse.
        let expected: Value = serde_json::from_str(&original).unwrap();
        prop_assert_eq!(parsed.value.as_ref(), Some(&expected));
        text.replace_range(at..at + 1, " ");
        assert_spans_agree(&text, &expected, &parsed.spans)?;
    }

    #[test]
    fn a_duplicate_key_is_reported_at_the_second(
        json in document(),
        seed: u64,
        which: Index,
        member: Index,
    ) {
        let (mut text, containers) = render(&json, seed);
        let objects: Vec<_> = containers.iter().filter_map(|c| Some((c, c.keys.as_ref()?))).collect();
        let (object, keys) = which.get(&objects);
        let (key, first) = member.get(keys);
        // The same key again after the last member, with escapes chosen anew.
        let mut again = Writer::new(seed.rotate_left(17));
        again.out.push(',');
        again.space();
        let start = object.last_end + again.out.len();
        again.string(key);
        let second = start..object.last_end + again.out.len();
        again.space();
        again.out.push_str(":null");
        text.insert_str(object.last_end, &again.out);

        let parsed = parse(text.as_bytes());
        let pointer = format!("{}/{}", object.pointer, token(key));
        let found: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.range.clone(), d.pointer.as_str()))
            .collect();
        prop_assert_eq!(found, [(codes::DUPLICATE_KEY.code, second, pointer.as_str())]);
        let labels: Vec<_> = parsed.diagnostics[0].labels.iter().map(|l| l.range.clone()).collect();
        prop_assert_eq!(labels, [first.clone()]);
        // Like serde_json, the last value wins.
        let expected: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parsed.value.as_ref(), Some(&expected));
    }
}

/// A parse as `fix_until_stable` needs it: the parser's own findings carry the syntax fixes.
struct Parsed(asklint::parse::Parsed);

impl asklint::fix::Checked for Parsed {
    fn fixes(&self) -> Vec<(&'static str, &asklint::fix::Fix)> {
        self.0
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.code, f)))
            .collect()
    }

    fn census(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut census = std::collections::BTreeMap::new();
        for d in &self.0.diagnostics {
            *census.entry(d.code).or_insert(0) += 1;
        }
        census
    }

    fn parsed(&self) -> bool {
        self.0.value.is_some()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Trailing commas after the last member or element of any containers, once fixed, leave the
    /// document as it was written without them: byte for byte, so serde_json reads the same value.
    #[test]
    fn fixed_trailing_commas_leave_the_document_as_it_was(
        json in document(),
        seed: u64,
        mask in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        let (original, containers) = render(&json, seed);
        let mut at: Vec<usize> = containers
            .iter()
            .zip(mask.iter().cycle())
            .filter(|(_, chosen)| **chosen)
            .map(|(c, _)| c.last_end)
            .collect();
        prop_assume!(!at.is_empty());
        at.sort_unstable();
        let mut text = original.clone();
        for &i in at.iter().rev() {
            text.insert(i, ',');
        }
        let outcome = asklint::fix::fix_until_stable(&text, false, |t| Parsed(parse(t.as_bytes())));
        let asklint::fix::Outcome::Fixed { text: fixed, fixed: counts, report, .. } = outcome else {
            return Err(TestCaseError::fail("the trailing commas were not fixed"));
        };
        prop_assert_eq!(counts.get("JSON002").copied(), Some(at.len()));
        prop_assert!(report.0.diagnostics.is_empty(), "{:?}", report.0.diagnostics);
        let expected: Value = serde_json::from_str(&original).unwrap();
        let found: Value = serde_json::from_str(&fixed)
            .map_err(|e| TestCaseError::fail(format!("the fixed text is not JSON: {e}")))?;
        prop_assert_eq!(found, expected);
        prop_assert_eq!(fixed, original);
    }
}
