//! In-document suppressions, for teams that prefer them to per-path overrides: a top-level member
//!
//! ```json
//! "$asklint": {"ignore": {"/manifest/apis/custom/endpoint": ["EP001"], "": ["PUB012"]}}
//! ```
//!
//! hides the listed codes (codes, prefixes or names) at and under each JSON Pointer (`""` is the
//! whole document). It is read only when a configuration sets `inline-suppressions = true`: SMAPI
//! rejects a manifest with a member it does not know, so the key must be stripped before an
//! upload, which is why it is off by default. An entry that hides nothing is reported (`CFG002`).

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::selection::matches;
use crate::span_index::{SpanIndex, child};

pub const KEY: &str = "$asklint";

/// Apply the document's own suppressions to its findings.
pub fn apply(value: &Value, spans: &SpanIndex, diagnostics: &mut Vec<Diagnostic>) {
    let Some(member) = value.get(KEY) else {
        return;
    };
    let root = child("", KEY);
    // The key is asklint's, not the document's: no schema finding about it.
    diagnostics.retain(|d| !under(&d.pointer, &root));
    let range = |pointer: &str, key: bool| {
        spans
            .lookup(pointer)
            .map_or(0..0, |found| match (key, found.span.key) {
                (true, Some(key)) => key,
                _ => found.span.value,
            })
    };
    let Some(entries) = member.get("ignore").and_then(Value::as_object) else {
        diagnostics.push(
            Diagnostic::new(
                codes::INVALID_CONFIG,
                format!("`{KEY}` must be {{\"ignore\": {{\"<JSON Pointer>\": [\"<code>\", …]}}}}"),
                &root,
                range(&root, true),
            )
            .with_label("not an ignore map"),
        );
        return;
    };
    let ignore = child(&root, "ignore");
    for (pointer, selectors) in entries {
        let at = child(&ignore, pointer);
        let selectors: Vec<&str> = selectors
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut hidden = 0;
        for d in diagnostics.iter_mut().filter(|d| d.suppressed.is_none()) {
            if under(&d.pointer, pointer) && selectors.iter().any(|s| matches(s, d.code, d.name)) {
                d.suppressed = Some(format!("{KEY} at `{pointer}`"));
                hidden += 1;
            }
        }
        if hidden == 0 {
            diagnostics.push(
                Diagnostic::new(
                    codes::UNUSED_SUPPRESSION,
                    format!("this suppression hides nothing at `{pointer}`"),
                    &at,
                    range(&at, true),
                )
                .with_label("suppresses nothing")
                .with_help("the findings were fixed: remove the entry"),
            );
        }
    }
}

/// Whether `pointer` is `parent` or lies under it.
fn under(pointer: &str, parent: &str) -> bool {
    pointer
        .strip_prefix(parent)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
