//! Walks of simple JSONPaths: `$` followed by names, wildcards and equality filters.
//!
//! Many data rules select nodes the same way (`$.manifest.publishingInformation.locales.*`): a
//! simple `given` is compiled to [`Prefix`]es, equal prefixes are one, and a document's [`Walks`]
//! walk each prefix once for every rule that starts with it. The rule engine keeps a document's
//! walks ([`crate::rule::Shared`]); the data rules ([`crate::data_rule`]) read them.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use serde_json::Value;

#[derive(Debug, PartialEq)]
pub(crate) enum Step {
    /// `.name`, `['a','b']`: these members of an object.
    Names(Vec<String>),
    /// `.*`, `[*]`: every member value or element.
    Wildcard,
    /// `[?@.a.b == true]`, `[?@.a.b != true]` (or `false`, `null`): every member value or element
    /// whose member at `path` is (`equal`) or is not that literal.
    Compare {
        path: Vec<String>,
        literal: Value,
        equal: bool,
    },
}

impl Step {
    /// Whether `node` passes a filter step. A member missing is not equal to any literal (RFC
    /// 9535: `Nothing == null` is false, `Nothing != true` is true).
    fn keeps(&self, node: &Value) -> bool {
        let Step::Compare {
            path,
            literal,
            equal,
        } = self
        else {
            return true;
        };
        let found = path.iter().try_fold(node, |at, name| at.get(name));
        (found == Some(literal)) == *equal
    }

    /// Push the nodes this step selects in `value`, the `from`th node of the step before.
    fn children<'v>(&self, value: &'v Value, from: usize, out: &mut Vec<Reached<'v>>) {
        let mut push = |token, value| out.push(Reached { value, token, from });
        match (self, value) {
            (Step::Names(names), Value::Object(map)) => {
                for name in names {
                    if let Some((key, child)) = map.get_key_value(name.as_str()) {
                        push(Token::Key(key), child);
                    }
                }
            }
            (Step::Wildcard, Value::Object(map)) => {
                for (key, child) in map {
                    push(Token::Key(key), child);
                }
            }
            (Step::Wildcard, Value::Array(items)) => {
                for (i, child) in items.iter().enumerate() {
                    push(Token::Index(i), child);
                }
            }
            (Step::Compare { .. }, Value::Object(map)) => {
                for (key, child) in map {
                    if self.keeps(child) {
                        push(Token::Key(key), child);
                    }
                }
            }
            (Step::Compare { .. }, Value::Array(items)) => {
                for (i, child) in items.iter().enumerate() {
                    if self.keeps(child) {
                        push(Token::Index(i), child);
                    }
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

/// A simple `given` up to one of its steps. Equal prefixes are one (see [`intern`]), so rules
/// whose `given` starts the same way share what a document's walk of it reached.
#[derive(Debug)]
pub struct Prefix {
    /// Its place in [`PREFIXES`], and in a document's [`Walks`].
    id: usize,
    /// The steps before the last, or `None` for the first step.
    parent: Option<&'static Prefix>,
    step: Step,
}

/// Every prefix compiled so far, by id.
static PREFIXES: Mutex<Vec<&'static Prefix>> = Mutex::new(Vec::new());

/// The prefix of `parent` followed by `step`: an existing one when some rule has it already.
pub(crate) fn intern(parent: Option<&'static Prefix>, step: Step) -> &'static Prefix {
    let mut prefixes = PREFIXES.lock().unwrap_or_else(PoisonError::into_inner);
    let same_parent = |p: &Prefix| p.parent.map(|p| p.id) == parent.map(|p| p.id);
    if let Some(found) = prefixes.iter().find(|p| same_parent(p) && p.step == step) {
        return found;
    }
    let prefix = Box::leak(Box::new(Prefix {
        id: prefixes.len(),
        parent,
        step,
    }));
    prefixes.push(prefix);
    prefix
}

/// A node a prefix reaches: its value, its token in its parent, and where its parent is among
/// the document's [`Walks`] nodes (unused for a node of a first step).
#[derive(Clone, Copy)]
pub(crate) struct Reached<'v> {
    pub(crate) value: &'v Value,
    token: Token<'v>,
    from: usize,
}

/// What each prefix reaches in one document: walked on first use, once per document.
#[derive(Default)]
pub struct Walks<'v> {
    memo: RefCell<Memo<'v>>,
}

/// The nodes of every prefix walked so far, a prefix's after its parent's, and where each
/// prefix's are (by prefix id).
#[derive(Default)]
struct Memo<'v> {
    nodes: Vec<Reached<'v>>,
    ranges: Vec<Option<Range<usize>>>,
}

impl<'v> Walks<'v> {
    /// Where the nodes `prefix` reaches in `root` (always the same document) are, in document
    /// order.
    pub(crate) fn reached(&self, root: &'v Value, prefix: &'static Prefix) -> Range<usize> {
        if let Some(Some(range)) = self.memo.borrow().ranges.get(prefix.id) {
            return range.clone();
        }
        let parents = prefix.parent.map(|parent| self.reached(root, parent));
        let memo = &mut *self.memo.borrow_mut();
        let start = memo.nodes.len();
        match parents {
            None => prefix.step.children(root, 0, &mut memo.nodes),
            Some(parents) => {
                for from in parents {
                    let value = memo.nodes[from].value;
                    prefix.step.children(value, from, &mut memo.nodes);
                }
            }
        }
        if memo.ranges.len() <= prefix.id {
            let count = PREFIXES
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len();
            memo.ranges.resize(count.max(prefix.id + 1), None);
        }
        let range = start..memo.nodes.len();
        memo.ranges[prefix.id] = Some(range.clone());
        range
    }

    pub(crate) fn node(&self, index: usize) -> Reached<'v> {
        self.memo.borrow().nodes[index]
    }

    /// The JSON Pointer of the node at `index`, one that `prefix` reaches.
    pub(crate) fn pointer(&self, prefix: &'static Prefix, index: usize) -> String {
        let mut tokens = Vec::new();
        let (mut prefix, mut index) = (Some(prefix), index);
        while let Some(at) = prefix {
            let node = self.node(index);
            tokens.push(node.token);
            (prefix, index) = (at.parent, node.from);
        }
        let mut pointer = String::new();
        for token in tokens.iter().rev() {
            pointer.push('/');
            match token {
                Token::Key(key) => crate::span_index::push_escaped(&mut pointer, key),
                Token::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        pointer
    }
}

/// `$` followed by `.name`, `.*`, `[*]`, `['a','b']` and `[?@.a.b == true]` (or `!=`) segments
/// (RFC 9535 child segments), or `None` for anything richer.
pub(crate) fn simple_path(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(".*").or_else(|| rest.strip_prefix("[*]")) {
            steps.push(Step::Wildcard);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            steps.push(Step::Names(vec![after[..end].to_owned()]));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let (inside, after) = after.split_once(']')?;
            if let Some(filter) = inside.strip_prefix('?') {
                steps.push(equality_filter(filter)?);
                rest = after;
                continue;
            }
            let names = inside
                .split(',')
                .map(|name| {
                    let name = name.trim();
                    let unquoted = name
                        .strip_prefix('\'')
                        .and_then(|n| n.strip_suffix('\''))
                        .or_else(|| name.strip_prefix('"').and_then(|n| n.strip_suffix('"')))?;
                    (!unquoted.contains(['\\', '\'', '"'])).then(|| unquoted.to_owned())
                })
                .collect::<Option<Vec<String>>>()?;
            steps.push(Step::Names(names));
            rest = after;
        } else {
            return None;
        }
    }
    Some(steps)
}

/// `@.a.b == true` or `@.a.b != true` (or `false`, `null`), or `None` for any other filter.
fn equality_filter(filter: &str) -> Option<Step> {
    let (left, right, equal) = match filter.split_once("!=") {
        Some((left, right)) => (left, right, false),
        None => filter.split_once("==").map(|(l, r)| (l, r, true))?,
    };
    let literal = match right.trim() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => return None,
    };
    let path = left
        .trim()
        .strip_prefix("@.")?
        .split('.')
        .map(|name| is_member_name(name).then(|| name.to_owned()))
        .collect::<Option<Vec<String>>>()?;
    Some(Step::Compare {
        path,
        literal,
        equal,
    })
}

/// The name of the first segment of a path that starts with a member of the root by name
/// (`$.manifest[?@.a == true]` → `manifest`): without that member, the path selects nothing.
pub(crate) fn leading_member(path: &str) -> Option<String> {
    let rest = path.strip_prefix("$.")?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    (is_member_name(name) && (after.is_empty() || after.starts_with(['.', '['])))
        .then(|| name.to_owned())
}

/// A name written after a dot in a path (`.isAvailableWorldwide`): ASCII letters, digits and `_`,
/// not starting with a digit.
fn is_member_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod simple_path_tests {
    use super::{Step, leading_member, simple_path};

    #[test]
    fn names_and_wildcards_are_simple_and_the_rest_is_not() {
        let steps = simple_path("$.manifest.locales.*['privacyPolicyUrl','termsOfUseUrl'][*]");
        assert_eq!(
            steps,
            Some(vec![
                Step::Names(vec!["manifest".into()]),
                Step::Names(vec!["locales".into()]),
                Step::Wildcard,
                Step::Names(vec!["privacyPolicyUrl".into(), "termsOfUseUrl".into()]),
                Step::Wildcard,
            ])
        );
        assert_eq!(simple_path("$"), Some(vec![]));
        assert_eq!(
            simple_path("$.manifest[?@.isAvailableWorldwide == false]"),
            Some(vec![
                Step::Names(vec!["manifest".into()]),
                Step::Compare {
                    path: vec!["isAvailableWorldwide".into()],
                    literal: false.into(),
                    equal: true,
                },
            ])
        );
        assert_eq!(
            leading_member("$.manifest[?@.isAvailableWorldwide == true]").as_deref(),
            Some("manifest")
        );
        for other in [
            "$..name",
            "$['manifest']",
            "$.manifestñ[0]",
            "$.a-b[0]",
            "$[0]",
        ] {
            assert_eq!(leading_member(other), None, "{other}");
        }
        assert_eq!(
            simple_path("$[?@.a.b != true].c"),
            Some(vec![
                Step::Compare {
                    path: vec!["a".into(), "b".into()],
                    literal: true.into(),
                    equal: false,
                },
                Step::Names(vec!["c".into()]),
            ])
        );
        for rich in [
            "$.manifest[?@.a == 1]",
            "$.manifest[?@.a == true && @.b == true]",
            "$.manifest[?@.a && $.b != true]",
            "$.manifest[?@.a.0 == true]",
            "$.manifest[?@.a != 'x']",
            "$.manifest[?@.a]",
            "$..name",
            "$.a[0]",
            "$.a[1:2]",
            "$['a\\'b']",
        ] {
            assert_eq!(simple_path(rich), None, "{rich}");
        }
    }
}
