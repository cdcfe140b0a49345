//! Output formats. A checked file is first *resolved* (positions computed, code frames rendered when
//! the format needs them) so its text can be dropped; the formats then write the whole run.

pub mod escape;
mod github;
mod human;
mod json;
mod sarif;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity, codes, docs_url};
use crate::files::PathError;
use crate::kind::Kind;
use crate::rule::{Rule, RuleMeta};
use crate::source::Position;
use crate::target::Target;

pub use human::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with labels and help, then a summary line.
    Human,
    /// One line per finding: `path:line:col: severity CODE message`.
    Concise,
    /// One JSON document (schemas/asklint-output.schema.json).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// A diagnostic with its positions worked out.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub diagnostic: Diagnostic,
    pub start: Position,
    pub end: Position,
    /// Start and end of each secondary label, in the order of `diagnostic.labels`.
    pub labels: Vec<(Position, Position)>,
    /// Start and end of each edit of the fix, in the order of its edits.
    pub edits: Vec<(Position, Position)>,
}

/// One checked file, ready to print.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The name shown.
    pub path: String,
    /// The file on disk, when known: SARIF names it relative to [`Run::root`], byte for byte.
    pub file: Option<PathBuf>,
    pub kind: Option<Kind>,
    pub diagnostics: Vec<Resolved>,
    /// Rendered code frames (human format only).
    pub frames: Option<String>,
    /// How many findings `--fix` fixed in the file, per code.
    pub fixed: BTreeMap<&'static str, usize>,
}

/// Everything a run found.
#[derive(Default)]
pub struct Run {
    pub files: Vec<FileResult>,
    pub errors: Vec<PathError>,
    /// The rules the run used, built-in and the user's own: what their codes mean.
    pub rules: Vec<&'static dyn Rule>,
    /// The folder SARIF URIs are relative to: the repository root, or `--config`'s folder.
    pub root: Option<PathBuf>,
    /// The target every file was checked under; `None` when configurations gave files different
    /// ones.
    pub target: Option<Target>,
    pub fixing: Fixing,
    /// The files the run left alone, for the headline of a run that checked nothing.
    pub left_alone: LeftAlone,
    /// How many findings `--baseline` hid.
    pub hidden_by_baseline: usize,
    /// Colour the concise format (`--color`, NO_COLOR), as ruff colours it.
    pub color: bool,
}

/// Files a run found but did not check, and why.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LeftAlone {
    /// Those standard error names, with the reason (a named file that is not ours, or that the
    /// configuration leaves out; a walked one too large to tell).
    pub noted: usize,
    /// `*.json` files a walk found that are not of a kind asklint checks.
    pub not_ours: usize,
    /// `*.json` files a walk found that the configuration leaves out.
    pub excluded: usize,
}

/// What the run was asked to do with fixes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    /// `--fix`: fixes were applied, and the findings are what remains.
    pub applied: bool,
    /// `--unsafe-fixes`.
    pub unsafe_fixes: bool,
}

/// How many findings were fixed, and how many more could be.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FixCounts {
    pub fixed: usize,
    /// Findings `--fix` would fix (with `--unsafe-fixes`, if it was given).
    pub fixable: usize,
    /// Findings only `--unsafe-fixes` would fix, when it was not given.
    pub unsafe_only: usize,
}

/// What a code stands for, as the machine-readable formats describe it.
pub struct CodeInfo {
    pub name: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Its documentation.
    pub url: String,
    /// The code's documentation (markdown, as `asklint explain` prints it).
    pub docs: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Run {
    /// What `code` stands for: one of the pipeline's codes or one of the run's rules.
    pub fn describe(&self, code: &str) -> Option<CodeInfo> {
        if let Some(c) = codes::ALL.iter().find(|c| c.code == code) {
            return Some(CodeInfo {
                name: c.name,
                severity: c.severity,
                summary: c.summary.to_owned(),
                url: docs_url(c.code, c.name),
                docs: crate::docs::render_code(c),
            });
        }
        let meta = self.rule(code)?;
        Some(CodeInfo {
            name: meta.name,
            severity: meta.severity_under(self.target.unwrap_or_default()),
            summary: meta.summary(),
            url: meta.url(),
            docs: crate::docs::render_rule(meta),
        })
    }

    /// The documentation link of `code`.
    pub fn url(&self, code: &str, name: &str) -> String {
        match self.rule(code) {
            Some(meta) => meta.url(),
            None => docs_url(code, name),
        }
    }

    fn rule(&self, code: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().map(|r| r.meta()).find(|m| m.code == code)
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for d in self.reported() {
            match d.diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn fix_counts(&self) -> FixCounts {
        let mut counts = FixCounts {
            fixed: self.files.iter().flat_map(|f| f.fixed.values()).sum(),
            ..FixCounts::default()
        };
        for d in self.reported() {
            let Some(fix) = &d.diagnostic.fix else {
                continue;
            };
            if fix.applicability.applies(self.fixing.unsafe_fixes) {
                counts.fixable += 1;
            } else if fix.applicability.applies(true) {
                counts.unsafe_only += 1;
            }
        }
        counts
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.reported().any(|d| d.diagnostic.severity >= threshold)
    }

    /// The findings that count: not those a configuration suppressed (shown with
    /// `--show-suppressed`).
    fn reported(&self) -> impl Iterator<Item = &Resolved> {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.diagnostic.suppressed.is_none())
    }
}

/// Compute positions (and frames, for the human format) so the file's text can be dropped.
pub fn resolve(report: FileReport, frames: bool, style: &Style) -> FileResult {
    let frames = (frames && !report.diagnostics.is_empty()).then(|| human::frames(&report, style));
    // Every start and end, of every finding and label, found in one pass.
    let offsets: Vec<usize> = report
        .diagnostics
        .iter()
        .flat_map(|d| {
            let labels = d.labels.iter().map(|l| &l.range);
            let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.range));
            std::iter::once(&d.range)
                .chain(labels)
                .chain(edits)
                .flat_map(|r| [r.start, r.end])
        })
        .collect();
    let mut positions = report.source.positions(&offsets).into_iter();
    let mut next = || positions.next().expect("a position for every offset");
    let diagnostics = report
        .diagnostics
        .into_iter()
        .map(|d| Resolved {
            start: next(),
            end: next(),
            labels: d.labels.iter().map(|_| (next(), next())).collect(),
            edits: d
                .fix
                .iter()
                .flat_map(|f| &f.edits)
                .map(|_| (next(), next()))
                .collect(),
            diagnostic: d,
        })
        .collect();
    FileResult {
        path: report.path,
        file: None,
        kind: report.kind,
        diagnostics,
        frames,
        fixed: BTreeMap::new(),
    }
}

/// Write the whole run in `format`. `quiet` leaves out everything but the findings (the human
/// format's summary line).
pub fn write(run: &Run, format: Format, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(run, quiet, out),
        Format::Concise => write_concise(run, out),
        Format::Json => json::write(run, out),
        Format::Sarif => sarif::write(run, out),
        Format::Github => github::write(run, out),
    }
}

/// `--statistics`: how many findings each code has, most first.
pub fn write_statistics(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(usize, &'static str, &'static str, Severity)> = Vec::new();
    for d in run.reported() {
        let d = &d.diagnostic;
        match counts.iter_mut().find(|(_, code, _, _)| *code == d.code) {
            Some(entry) => entry.0 += 1,
            None => counts.push((1, d.code, d.name, d.severity)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let width = counts.first().map_or(1, |c| c.0.to_string().len());
    for (count, code, name, severity) in &counts {
        writeln!(out, "{count:>width$}  {code:<7} {name:<32} {severity}")?;
    }
    let total: usize = counts.iter().map(|c| c.0).sum();
    writeln!(
        out,
        "{total} finding{} in {} file{}",
        if total == 1 { "" } else { "s" },
        run.files.len(),
        if run.files.len() == 1 { "" } else { "s" }
    )
}

/// Whether a finding is marked `[*]`: `--fix` (with the run's `--unsafe-fixes`) would fix it.
fn fix_mark(run: &Run, diagnostic: &Diagnostic) -> bool {
    diagnostic
        .fix
        .as_ref()
        .is_some_and(|f| f.applicability.applies(run.fixing.unsafe_fixes))
}

/// `value` as pretty JSON and a line break. serde_json writes a document in many small pieces: a
/// buffer of a known type takes them inline instead of each going through `dyn Write`.
fn write_pretty_json(value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    // Converted back into the I/O error it was (a closed pipe stays a `BrokenPipe`).
    serde_json::to_writer_pretty(&mut buffered, value).map_err(io::Error::from)?;
    writeln!(buffered)?;
    buffered.flush()
}

fn write_concise(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        for d in &file.diagnostics {
            let diag = &d.diagnostic;
            let suppressed = diag
                .suppressed
                .as_ref()
                .map(|by| format!(" (suppressed by {})", escape::line(by)))
                .unwrap_or_default();
            let mark = if fix_mark(run, diag) { " [*]" } else { "" };
            let paint = |style: anstyle::Style| {
                if run.color {
                    style
                } else {
                    anstyle::Style::new()
                }
            };
            let (path, code) = (
                paint(anstyle::Style::new().bold()),
                paint(severity_style(diag.severity)),
            );
            writeln!(
                out,
                "{path}{}{path:#}:{}:{}: {code}{} {}{code:#}{mark} {}{suppressed}",
                concise_path(&file.path),
                d.start.line,
                d.start.column,
                diag.severity,
                diag.code,
                escape::line(&diag.message)
            )?;
        }
    }
    for error in &run.errors {
        writeln!(
            out,
            "{}: error: {}",
            concise_path(&error.path),
            escape::line(&error.message)
        )?;
    }
    Ok(())
}

/// How a severity is coloured: errors red, warnings yellow, infos cyan, all bold.
fn severity_style(severity: Severity) -> anstyle::Style {
    let color = match severity {
        Severity::Error => anstyle::AnsiColor::Red,
        Severity::Warning => anstyle::AnsiColor::Yellow,
        Severity::Info => anstyle::AnsiColor::Cyan,
    };
    anstyle::Style::new().bold().fg_color(Some(color.into()))
}

/// A file's name at the start of a concise line: controls escaped, and a name that starts with
/// `::` written `./::…`, which is the same file and no GitHub Actions workflow command.
fn concise_path(path: &str) -> std::borrow::Cow<'_, str> {
    let path = escape::name(path);
    if path.starts_with("::") {
        format!("./{path}").into()
    } else {
        path
    }
}

/// Colour when standard output is a terminal and NO_COLOR is unset or empty.
pub fn auto_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `COLUMNS` when it is a usable width, else 100.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
