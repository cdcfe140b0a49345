//! `--format json`: one versioned document, described by `schemas/asklint-output.schema.json`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Resolved, Run};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::source::Position;
use crate::target::Target;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    /// What the files were checked for; null when configurations gave them different targets.
    target: Option<Target>,
    files: Vec<File<'a>>,
    diagnostics: Vec<Item<'a>>,
    errors: Vec<PathErrorItem<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
pub(super) struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub(super) const TOOL: Tool = Tool {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    kind: Option<&'static str>,
}

#[derive(Serialize)]
struct Item<'a> {
    path: &'a str,
    kind: Option<&'static str>,
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    pointer: &'a str,
    range: Range,
    labels: Vec<LabelItem<'a>>,
    help: Option<&'a str>,
    url: String,
    /// Only with `--show-suppressed`: the configuration override that hides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a str>,
    /// The edits that resolve the finding, or null.
    fix: Option<FixItem<'a>>,
}

#[derive(Serialize)]
struct FixItem<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<EditItem<'a>>,
}

#[derive(Serialize)]
struct EditItem<'a> {
    range: Range,
    content: &'a str,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct LabelItem<'a> {
    message: &'a str,
    pointer: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct PathErrorItem<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unreadable: usize,
    /// Findings `--fix` fixed in this run.
    fixed: usize,
    /// Findings `--fix` would fix (with `--unsafe-fixes`, if given).
    fixable: usize,
}

pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let counts = run.counts();
    let fixes = run.fix_counts();
    let document = Document {
        version: 1,
        tool: TOOL,
        target: run.target,
        files: run
            .files
            .iter()
            .map(|f| File {
                path: &f.path,
                kind: f.kind.map(|k| k.name()),
            })
            .collect(),
        diagnostics: run
            .files
            .iter()
            .flat_map(|f| {
                f.diagnostics
                    .iter()
                    .map(move |d| item(run, &f.path, f.kind.map(|k| k.name()), d))
            })
            .collect(),
        errors: run
            .errors
            .iter()
            .map(|e| PathErrorItem {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
        summary: Summary {
            files: run.files.len(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            unreadable: run.errors.len(),
            fixed: fixes.fixed,
            fixable: fixes.fixable,
        },
    };
    super::write_pretty_json(&document, out)
}

fn item<'a>(run: &Run, path: &'a str, kind: Option<&'static str>, d: &'a Resolved) -> Item<'a> {
    let diag = &d.diagnostic;
    Item {
        path,
        kind,
        code: diag.code,
        name: diag.name,
        severity: diag.severity,
        message: &diag.message,
        pointer: &diag.pointer,
        range: Range {
            start: d.start,
            end: d.end,
        },
        labels: diag
            .labels
            .iter()
            .zip(&d.labels)
            .map(|(l, (start, end))| LabelItem {
                message: &l.message,
                pointer: &l.pointer,
                range: Range {
                    start: *start,
                    end: *end,
                },
            })
            .collect(),
        help: diag.help.as_deref(),
        url: run.url(diag.code, diag.name),
        suppressed: diag.suppressed.as_deref(),
        fix: diag.fix.as_ref().map(|fix| FixItem {
            applicability: fix.applicability,
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .zip(&d.edits)
                .map(|(edit, (start, end))| EditItem {
                    range: Range {
                        start: *start,
                        end: *end,
                    },
                    content: &edit.content,
                })
                .collect(),
        }),
    }
}
