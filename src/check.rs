//! The per-file pipeline: bytes → parse → kind → schema → sorted diagnostics.

use std::path::Path;

use crate::diagnostic::{Diagnostic, codes};
use crate::kind::{self, Kind};
use crate::package::{Package, Provider};
use crate::parse::parse;
use crate::rule::Rule;
use crate::schema;
use crate::selection::Selection;
use crate::source::SourceText;
use crate::target::Target;

/// Settings that apply to every file under one configuration.
#[derive(Clone)]
pub struct CheckOptions {
    /// The rules to run: the built-in ones and any a user added, less those not selected.
    pub rules: Vec<&'static dyn Rule>,
    /// Which codes are reported (`--select`, `--ignore`).
    pub selection: Selection,
    /// Read a document's own `$asklint` suppressions (off by default; see [`crate::inline`]).
    pub inline_suppressions: bool,
    /// Development or certification: how loud certification-only findings are.
    pub target: Target,
}

impl CheckOptions {
    /// Run `rules` (for the built-in ones, [`crate::rules::all`]), report every code, and read no
    /// suppressions.
    pub fn with_rules(rules: Vec<&'static dyn Rule>) -> Self {
        CheckOptions {
            rules,
            selection: Selection::default(),
            inline_suppressions: false,
            target: Target::default(),
        }
    }
}

/// How a file came to be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Standard input without a name, or a file its configuration's `include` names: always
    /// checked, and an unknown kind is reported.
    Claimed,
    /// Named on the command line: checked when its shape or its path says it is one of ours (see
    /// [`kind::claimed_by_path`]), and then an unknown kind is reported; a `package.json` or a data
    /// file named with the rest of a commit is not.
    Explicit,
    /// Found by walking a directory: checked only if it is one of our kinds.
    Walked,
}

/// One checked file, with its text (for code frames) and its findings in document order.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub kind: Option<Kind>,
    pub source: SourceText,
    pub diagnostics: Vec<Diagnostic>,
}

/// A checked file's report, with the document's value when it parsed: for a caller that goes on
/// to use the document (`submit` sends it), so that it is not parsed twice.
#[derive(Debug)]
pub struct Checked {
    pub report: FileReport,
    pub value: Option<serde_json::Value>,
}

/// Check one file's bytes; its related files (the rest of its skill package) come from
/// `provider`. `None` when a walked or named file turns out not to be ours.
pub fn check_bytes(
    display_path: &str,
    path: &Path,
    bytes: &[u8],
    options: &CheckOptions,
    kind: Option<Kind>,
    origin: Origin,
    provider: &dyn Provider,
) -> Option<FileReport> {
    check_document(display_path, path, bytes, options, kind, origin, provider)
        .map(|checked| checked.report)
}

/// [`check_bytes`], keeping the document's value.
pub fn check_document(
    display_path: &str,
    path: &Path,
    bytes: &[u8],
    options: &CheckOptions,
    kind: Option<Kind>,
    origin: Origin,
    provider: &dyn Provider,
) -> Option<Checked> {
    let parsed = parse(bytes);
    let mut diagnostics = parsed.diagnostics;
    let hinted = kind::hint_from_path(path);
    // A file in a model folder is a model whatever its shape: IM019 says what is wrong with it.
    let detected = kind
        .or_else(|| parsed.value.as_ref().and_then(kind::detect))
        .or(hinted.filter(|k| *k == Kind::InteractionModel));
    let ours = kind.is_some()
        || hinted.is_some()
        || detected.is_some_and(|k| {
            parsed
                .value
                .as_ref()
                .is_some_and(|v| kind::is_distinctive(k, v))
        });
    let not_ours = match origin {
        Origin::Claimed => false,
        // A named file that parsed: its path may still say it is ours (the front ends make it
        // `Claimed` when its absolute path does). One that did not parse is reported, as its text
        // may be any kind's.
        Origin::Explicit => parsed.value.is_some() && !kind::claimed_by_path(path),
        Origin::Walked => true,
    };
    if not_ours && !ours {
        // Not a file we know (a package.json, a tsconfig with comments, a data file with an
        // `items` list, ...): none of our business.
        return None;
    }
    let kind = match (&parsed.value, detected) {
        (Some(value), Some(kind)) => {
            diagnostics.extend(schema::check(kind, value, &parsed.spans));
            let package = Package::for_file(path, kind, provider);
            let locator = crate::fix::Locator {
                spans: &parsed.spans,
                text: parsed.source.text(),
            };
            crate::rule::apply(
                &options.rules,
                &|meta| options.selection.enabled(meta.code, meta.name),
                options.target,
                kind,
                hinted,
                value,
                &package,
                &locator,
                &mut diagnostics,
            );
            diagnostics.extend(
                package
                    .unreadable()
                    .into_iter()
                    .map(|(file, why)| unreadable_related(&file, &why, &parsed.spans)),
            );
            if options.inline_suppressions {
                crate::inline::apply(value, &parsed.spans, &mut diagnostics);
            }
            Some(kind)
        }
        (Some(value), None) => {
            diagnostics.push(unknown_kind(value, path, &parsed.spans));
            None
        }
        // Unreadable: name the kind it was most likely meant to be.
        (None, _) => detected
            .or(hinted)
            .or_else(|| kind::sniff_text(parsed.source.text())),
    };
    if !options.selection.is_everything() {
        diagnostics.retain(|d| options.selection.enabled(d.code, d.name));
    }
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    Some(Checked {
        report: FileReport {
            path: display_path.to_owned(),
            kind,
            source: parsed.source,
            diagnostics,
        },
        value: parsed.value,
    })
}

/// The finding for a file too large to read: at its start, since none of it was read.
pub fn too_large(limit: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        codes::FILE_TOO_LARGE,
        format!("the file is larger than {limit}, the most asklint reads"),
        "",
        0..0,
    )
    .with_help("no real skill file comes near this size: is it the file you meant?")
}

/// A related file (a model of a manifest, the manifest of a model) that could not be read.
fn unreadable_related(file: &str, why: &str, spans: &crate::span_index::SpanIndex) -> Diagnostic {
    Diagnostic::new(
        codes::UNREADABLE_RELATED_FILE,
        format!("{file} cannot be read: {why}"),
        "",
        document_start(spans),
    )
    .with_label("in this file's skill package")
    .with_help("the checks that need that file were not made")
}

/// The first character of the document: where a finding about the whole file points.
fn document_start(spans: &crate::span_index::SpanIndex) -> std::ops::Range<usize> {
    spans
        .get("")
        .map_or(0..0, |root| root.value.start..root.value.start + 1)
}

fn unknown_kind(
    value: &serde_json::Value,
    path: &Path,
    spans: &crate::span_index::SpanIndex,
) -> Diagnostic {
    let candidates: Vec<String> = kind::candidates(Some(value), path)
        .iter()
        .map(|k| format!("`{k}`"))
        .collect();
    let range = document_start(spans);
    let what = match value {
        serde_json::Value::Object(_) => "its top-level keys match no kind asklint knows",
        _ => "it is not a JSON object",
    };
    Diagnostic::new(
        codes::KIND_UNKNOWN,
        format!("cannot tell what kind of document this is: {what}"),
        "",
        range,
    )
    .with_label("document starts here")
    .with_help(format!(
        "it could be {}; pass `--kind <KIND>` to choose one (`asklint kinds` lists them)",
        candidates.join(", ")
    ))
}

/// What [`crate::fix::fix_until_stable`] reads from a check; `None` is a file that is not ours
/// any more (it has nothing to fix, and counts as unreadable).
impl crate::fix::Checked for Option<Checked> {
    fn fixes(&self) -> Vec<(&'static str, &crate::fix::Fix)> {
        self.iter()
            .flat_map(|c| &c.report.diagnostics)
            // A finding a configuration override hides is not the run's to fix.
            .filter(|d| d.suppressed.is_none())
            .filter_map(|d| d.fix.as_ref().map(|f| (d.code, f)))
            .collect()
    }

    fn census(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut census = std::collections::BTreeMap::new();
        for d in self.iter().flat_map(|c| &c.report.diagnostics) {
            *census.entry(d.code).or_insert(0) += 1;
        }
        // The syntax findings count whatever `--select` shows: a fix of a selected code must not
        // write a key twice or break the JSON where nobody looks.
        let mut syntax = std::collections::BTreeMap::new();
        for d in self
            .iter()
            .flat_map(|c| parse(c.report.source.text().as_bytes()).diagnostics)
        {
            *syntax.entry(d.code).or_insert(0) += 1;
        }
        for (code, n) in syntax {
            let count = census.entry(code).or_insert(0);
            *count = (*count).max(n);
        }
        census
    }

    fn parsed(&self) -> bool {
        self.as_ref().is_some_and(|c| c.value.is_some())
    }
}
