//! Fixes: text edits on a file as written, and applying them until the file is stable.
//!
//! A [`Fix`] is data on a [`crate::diagnostic::Diagnostic`]: a message, how safe it is to apply
//! without a look, and byte-range edits of the *original* text (ruff's `Fix`/`Edit`). Edits never
//! re-serialise the parsed document, so key order, indentation, comments and line endings outside
//! the edited ranges stay byte for byte. Rules describe edits as [`Change`]s on JSON Pointers, and
//! [`Locator`] turns them into byte ranges, as the span index does for findings.
//!
//! [`fix_until_stable`] is the loop the CLI (and later the language server) runs: apply the
//! non-overlapping fixes, check again, repeat; give the file back untouched when a pass breaks it.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::span_index::SpanIndex;

/// How safe a fix is to apply without a look (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied: a suggestion that needs a decision.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: it may change what the file means, or drop text.
    Unsafe,
    /// Applied with `--fix`: the file means what its author meant, now written as SMAPI takes it.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }

    /// Whether `--fix` applies it (`unsafe_fixes`: with `--unsafe-fixes`).
    pub fn applies(self, unsafe_fixes: bool) -> bool {
        match self {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }

    /// How the documentation says it (`asklint rules`, `explain`, docs/rules.md).
    pub fn described(self) -> &'static str {
        match self {
            Applicability::Safe => "safe (applied by `--fix`)",
            Applicability::Unsafe => "unsafe (applied by `--fix --unsafe-fixes`)",
            Applicability::DisplayOnly => "display only (shown, never applied)",
        }
    }
}

/// Replace `range` of the original text with `content` (empty: a deletion; empty range: an
/// insertion).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            content: String::new(),
        }
    }

    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }
}

/// One finding's fix: all its edits are applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Lower-case, no trailing period: what the fix does (`replace \`Live\` with \`live\``).
    pub message: String,
    pub applicability: Applicability,
    /// Sorted by range, not overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(message: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Self {
        let mut edits = edits;
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            message: message.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, Applicability::Safe, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, Applicability::Unsafe, edits)
    }

    fn span(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        start..end
    }
}

/// An edit as a rule describes it: on JSON Pointers, never on byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace the value at the pointer with this JSON text (already serialised).
    ReplaceValue { pointer: String, json: String },
    /// Rename the member at the pointer (the new key, unquoted).
    RenameKey { pointer: String, key: String },
    /// Remove the member or element at the pointer, with the comma that separates it.
    Remove { pointer: String },
}

impl Change {
    /// Replace the value at `pointer` with `value`, written as compact JSON.
    pub fn replace_value(pointer: impl Into<String>, value: &serde_json::Value) -> Self {
        Change::ReplaceValue {
            pointer: pointer.into(),
            json: value.to_string(),
        }
    }

    /// Replace the value at `pointer` with the string `text`.
    pub fn replace_string(pointer: impl Into<String>, text: &str) -> Self {
        Change::replace_value(pointer, &serde_json::Value::from(text))
    }

    pub fn rename_key(pointer: impl Into<String>, key: impl Into<String>) -> Self {
        Change::RenameKey {
            pointer: pointer.into(),
            key: key.into(),
        }
    }

    pub fn remove(pointer: impl Into<String>) -> Self {
        Change::Remove {
            pointer: pointer.into(),
        }
    }
}

/// Turns [`Change`]s into byte-range [`Edit`]s of one file's text.
pub struct Locator<'a> {
    pub spans: &'a SpanIndex,
    /// The file's text as written: the span index's offsets are offsets into it.
    pub text: &'a str,
}

impl Locator<'_> {
    /// The edits of `changes`, or `None` when one cannot be placed (the pointer does not exist,
    /// or the text around a removal is not plain JSON): then the finding has no fix.
    pub fn edits(&self, changes: &[Change]) -> Option<Vec<Edit>> {
        let mut edits: Vec<Edit> = changes
            .iter()
            .map(|c| self.edit(c))
            .collect::<Option<_>>()?;
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        // Removals of neighbours are one deletion. Where the run ends with the container's last
        // item, that item's removal starts at the comma before it, inside the removal before: the
        // run then goes from the comma before its first item.
        let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
        for edit in edits {
            match merged.last_mut() {
                Some(last)
                    if last.content.is_empty()
                        && edit.content.is_empty()
                        && edit.range.start <= last.range.end =>
                {
                    if edit.range.start < last.range.end {
                        let b = self.text.as_bytes();
                        let before = skip_space_back(b, last.range.start);
                        last.range.start = match b.get(before.wrapping_sub(1)) {
                            Some(b',') => before - 1,
                            _ => before,
                        };
                    }
                    last.range.end = last.range.end.max(edit.range.end);
                }
                _ => merged.push(edit),
            }
        }
        Some(merged)
    }

    fn edit(&self, change: &Change) -> Option<Edit> {
        match change {
            Change::ReplaceValue { pointer, json } => {
                Some(Edit::replace(self.spans.get(pointer)?.value, json.clone()))
            }
            Change::RenameKey { pointer, key } => {
                let span = self.spans.get(pointer)?;
                Some(Edit::replace(
                    span.key?,
                    serde_json::Value::from(key.as_str()).to_string(),
                ))
            }
            Change::Remove { pointer } => self.removal(pointer),
        }
    }

    /// The range that removes the member (or element) at `pointer` with its separating comma and
    /// the whitespace before the next one, so the lines around it keep their indentation.
    fn removal(&self, pointer: &str) -> Option<Edit> {
        let span = self.spans.get(pointer)?;
        let (parent, _) = pointer.rsplit_once('/')?;
        let container = self.spans.get(parent)?.value;
        let start = span.key.as_ref().map_or(span.value.start, |k| k.start);
        let end = span.value.end;
        let b = self.text.as_bytes();
        let after = skip_space(b, end);
        if b.get(after) == Some(&b',') {
            // Not the last: up to the next member.
            let next = skip_space(b, after + 1);
            return (next < container.end - 1).then(|| Edit::delete(start..next));
        }
        if after != container.end - 1 {
            // A comment or something unexpected follows: leave it to the user.
            return None;
        }
        let before = skip_space_back(b, start);
        if before > container.start + 1 && b[before - 1] == b',' {
            // The last of several: from the comma after the one before.
            Some(Edit::delete(before - 1..end))
        } else if before == container.start + 1 {
            // The only one: the container becomes empty.
            Some(Edit::delete(container.start + 1..container.end - 1))
        } else {
            None
        }
    }
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

fn skip_space_back(b: &[u8], mut i: usize) -> usize {
    while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
        i -= 1;
    }
    i
}

/// The result of applying one pass of fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// How many fixes were applied, per code.
    pub fixed: BTreeMap<&'static str, usize>,
}

/// Apply the fixes that `unsafe_fixes` allows, in order of position. A fix that overlaps one
/// already applied waits for the next pass (its finding will be found again, with fresh ranges);
/// an edit identical to one already applied is not applied twice.
pub fn apply<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = (&'static str, &'a Fix)>,
    unsafe_fixes: bool,
) -> Applied {
    let mut fixes: Vec<(&'static str, &Fix)> = fixes
        .into_iter()
        .filter(|(_, f)| f.applicability.applies(unsafe_fixes) && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|(code, f)| (f.span().start, f.span().end, *code));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    // Where the last applied edit ended.
    let mut last_end: Option<usize> = None;
    let mut done: Vec<&Edit> = Vec::new();
    let mut fixed = BTreeMap::new();
    for (code, fix) in fixes {
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !done.contains(e)).collect();
        let Some(first) = fresh.first() else {
            // Every edit is already made (two findings, one fix): it counts once.
            continue;
        };
        let in_bounds = fresh.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let ordered = fresh.windows(2).all(|w| w[0].range.end <= w[1].range.start);
        // Strictly after the last edit, so two insertions at one place never race.
        // After the last edit; two insertions at one place wait, so their order is never a race.
        let after_last = last_end.is_none_or(|end| {
            first.range.start > end || (first.range.start == end && !first.range.is_empty())
        });
        if !in_bounds || !ordered || !after_last {
            continue;
        }
        for edit in &fresh {
            out.push_str(&text[copied..edit.range.start]);
            out.push_str(&edit.content);
            copied = edit.range.end;
        }
        last_end = Some(copied);
        done.extend(fresh);
        *fixed.entry(code).or_insert(0) += 1;
    }
    out.push_str(&text[copied..]);
    Applied { text: out, fixed }
}

/// What one check of a text found, as [`fix_until_stable`] needs it.
pub trait Checked {
    /// Each finding's code and fix.
    fn fixes(&self) -> Vec<(&'static str, &Fix)>;
    /// How many findings of each code (the verdict on whether a pass made things worse).
    fn census(&self) -> BTreeMap<&'static str, usize>;
    /// Whether the text could be read as JSON at all.
    fn parsed(&self) -> bool;
}

/// The most passes before giving up (ESLint's `MAX_AUTOFIX_PASSES`).
pub const MAX_PASSES: usize = 10;

/// How fixing one file ended.
#[derive(Debug)]
pub enum Outcome<R> {
    /// Nothing to apply: the file stays as it is.
    Unchanged { report: R },
    /// The fixed text and its final check.
    Fixed {
        text: String,
        fixed: BTreeMap<&'static str, usize>,
        report: R,
        /// Still fixable after [`MAX_PASSES`] passes: fixes keep making fixes.
        converged: bool,
    },
    /// A pass broke the file or added a finding: the file stays exactly as it was.
    Reverted { reason: String, report: R },
}

/// Check `text`, apply its fixes, check again, until nothing changes (at most [`MAX_PASSES`]).
/// A pass whose result does not parse when the original did, or has more findings of any code
/// than the original had, undoes every pass: the original report comes back with the reason.
pub fn fix_until_stable<R: Checked>(
    text: &str,
    unsafe_fixes: bool,
    check: impl Fn(&str) -> R,
) -> Outcome<R> {
    let original = check(text);
    // Worked out only once there is something to apply: most files have nothing.
    let mut before: Option<BTreeMap<&'static str, usize>> = None;
    let parsed = original.parsed();
    let mut current = text.to_owned();
    let mut report = None::<R>;
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut converged = false;
    for _ in 0..MAX_PASSES {
        let latest = report.as_ref().unwrap_or(&original);
        let pass = apply(&current, latest.fixes(), unsafe_fixes);
        if pass.fixed.is_empty() || pass.text == current {
            converged = true;
            break;
        }
        let next = check(&pass.text);
        if parsed && !next.parsed() {
            return Outcome::Reverted {
                reason: "a fix made the file unreadable as JSON".to_owned(),
                report: original,
            };
        }
        let before = before.get_or_insert_with(|| original.census());
        let after = next.census();
        if let Some((code, n)) = after
            .iter()
            .find(|(code, n)| **n > before.get(*code).copied().unwrap_or(0))
        {
            return Outcome::Reverted {
                reason: format!(
                    "a fix would add a {code} finding ({} before, {n} after)",
                    before.get(code).copied().unwrap_or(0)
                ),
                report: original,
            };
        }
        for (code, n) in pass.fixed {
            *fixed.entry(code).or_insert(0) += n;
        }
        current = pass.text;
        report = Some(next);
    }
    match report {
        None => Outcome::Unchanged { report: original },
        Some(report) => {
            // Stopped by the cap: the last pass may have left more to do.
            let converged = converged
                || report
                    .fixes()
                    .iter()
                    .all(|(_, f)| !f.applicability.applies(unsafe_fixes));
            Outcome::Fixed {
                text: current,
                fixed,
                report,
                converged,
            }
        }
    }
}

/// A unified diff of `before` and `after` for one file (`--diff`), as `diff -u` and git print it.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::safe("m", edits)
    }

    #[test]
    fn insertion_replacement_deletion_and_overlaps() {
        let text = "{\"a\": 1,}";
        let del = fix(vec![Edit::delete(7..8)]);
        let rep = fix(vec![Edit::replace(6..7, "2")]);
        let overlapping = fix(vec![Edit::replace(6..8, "3")]);
        let ins = fix(vec![Edit::replace(0..0, " ")]);
        let applied = apply(
            text,
            [("A", &del), ("B", &rep), ("C", &overlapping), ("D", &ins)],
            false,
        );
        assert_eq!(applied.text, " {\"a\": 2}");
        assert_eq!(
            applied.fixed,
            BTreeMap::from([("A", 1), ("B", 1), ("D", 1)])
        );
    }

    #[test]
    fn the_same_edit_twice_is_made_once_and_unsafe_waits_for_its_flag() {
        let text = "[1,,]";
        let a = fix(vec![Edit::delete(3..4)]);
        let b = fix(vec![Edit::delete(3..4)]);
        let u = Fix::unsafe_("m", vec![Edit::replace(1..2, "2")]);
        assert_eq!(
            apply(text, [("A", &a), ("A", &b), ("U", &u)], false).text,
            "[1,]"
        );
        assert_eq!(apply(text, [("A", &a), ("U", &u)], true).text, "[2,]");
    }

    fn removed(text: &str, pointer: &str) -> String {
        let spans = SpanIndex::deferred(text.into());
        let locator = Locator {
            spans: &spans,
            text,
        };
        let edits = locator.edits(&[Change::remove(pointer)]).unwrap();
        apply(text, [("X", &fix(edits))], false).text
    }

    #[test]
    fn removals_take_their_comma_and_keep_the_layout() {
        let text = "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": 2\n}";
        assert_eq!(removed(text, "/b"), "{\n  \"a\": 1,\n  \"c\": 2\n}");
        assert_eq!(removed(text, "/c"), "{\n  \"a\": 1,\n  \"b\": []\n}");
        assert_eq!(removed(text, "/a"), "{\n  \"b\": [],\n  \"c\": 2\n}");
        assert_eq!(removed("{\"m\": {\"p\": []}}", "/m/p"), "{\"m\": {}}");
        assert_eq!(removed("[1, 2, 3]", "/1"), "[1, 3]");
        assert_eq!(removed("[1, 2, 3]", "/2"), "[1, 2]");
        // Neighbours at once, up to the last: one deletion from the comma before the first.
        let text = "[1, 2, 3, 4]";
        let spans = SpanIndex::deferred(text.into());
        let locator = Locator {
            spans: &spans,
            text,
        };
        let removed = |pointers: &[&str]| {
            let changes: Vec<Change> = pointers.iter().map(|p| Change::remove(*p)).collect();
            let edits = locator.edits(&changes).unwrap();
            apply(text, [("X", &fix(edits))], false).text
        };
        assert_eq!(removed(&["/2", "/3"]), "[1, 2]");
        assert_eq!(removed(&["/1", "/2", "/3"]), "[1]");
        assert_eq!(removed(&["/0", "/1"]), "[3, 4]");
        assert_eq!(removed(&["/1", "/3"]), "[1, 3]");
        assert_eq!(removed(&["/0", "/1", "/2", "/3"]), "[]");
    }

    #[test]
    fn a_diff_is_unified() {
        let diff = unified_diff("s.json", "{\n\"a\": 1,\n}\n", "{\n\"a\": 1\n}\n");
        assert!(
            diff.starts_with("--- a/s.json\n+++ b/s.json\n@@ -1,3 +1,3 @@"),
            "{diff}"
        );
        assert!(diff.contains("-\"a\": 1,\n+\"a\": 1\n"), "{diff}");
    }
}
