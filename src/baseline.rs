//! Baselines: today's findings recorded, so that a run reports only new ones.
//!
//! An entry is a finding's rule, its file (relative to the baseline's folder, `../` for a file
//! beside it, however the path was spelled on the command line) and the flagged JSON
//! value's text, not its line or pointer: an unrelated edit above it, or an item inserted before it
//! in an array, does not make an old finding new. Equal entries are counted, so a second copy of a
//! known mistake is still reported. Entries of checked files that no longer match anything are
//! stale, and reported on the baseline file itself; `--prune-baseline` removes them. The file is
//! written atomically: a run that is interrupted leaves the old baseline, never half a new one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, codes};
use crate::source::SourceText;
use crate::span_index::SpanIndex;

/// The baseline file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// The format's version.
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Relative to the baseline's folder, with `/`.
    pub path: String,
    pub code: String,
    /// The flagged value's text (or key's, for findings about a key), whitespace collapsed.
    pub value: String,
    /// For people reading the file; not used to match.
    pub message: String,
}

/// Findings recorded for `--write-baseline`.
#[derive(Default)]
pub struct Recorder {
    entries: Mutex<Vec<Entry>>,
}

impl Recorder {
    /// Record a file's findings (the suppressed ones are not findings).
    pub fn record(&self, base: &Path, path: &Path, report: &FileReport) {
        let Some(relative) = relative(base, path) else {
            return;
        };
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.extend(
            report
                .diagnostics
                .iter()
                .filter(|d| d.suppressed.is_none())
                .map(|d| entry(&relative, d, &report.source)),
        );
    }

    /// Write the baseline atomically; entries sorted so that the file diffs well.
    pub fn write(self, file: &Path) -> std::io::Result<usize> {
        let mut findings = self.entries.into_inner().unwrap_or_else(|p| p.into_inner());
        findings.sort_by(|a, b| (&a.path, &a.code, &a.value).cmp(&(&b.path, &b.code, &b.value)));
        let count = findings.len();
        write_atomically(
            file,
            &File {
                version: 1,
                findings,
            },
        )?;
        Ok(count)
    }
}

/// A loaded baseline, matched against a run's findings.
pub struct Baseline {
    file: PathBuf,
    /// The folder entries are relative to (absolute).
    base: PathBuf,
    source: SourceText,
    /// By entry path: each entry's index and whether a finding matched it.
    entries: Vec<Entry>,
    by_path: HashMap<String, Vec<usize>>,
    matched: Mutex<Vec<bool>>,
    /// Entry paths whose files were checked in this run.
    checked: Mutex<Vec<String>>,
}

impl Baseline {
    /// Read a baseline. A file that does not exist is an error: a typo must not silently report
    /// every old finding as new.
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let bytes = crate::read::file(file, crate::read::DOCUMENT, crate::read::Opening::Named)
            .map_err(|e| format!("baseline: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| "baseline: not UTF-8 text".to_owned())?;
        let parsed: File =
            serde_json::from_str(&text).map_err(|e| format!("not an asklint baseline: {e}"))?;
        if parsed.version != 1 {
            return Err(format!(
                "baseline version {} (this asklint reads version 1)",
                parsed.version
            ));
        }
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entry) in parsed.findings.iter().enumerate() {
            by_path.entry(entry.path.clone()).or_default().push(i);
        }
        Ok(Baseline {
            base: base_of(file),
            file: file.to_path_buf(),
            source: SourceText::new(text),
            matched: Mutex::new(vec![false; parsed.findings.len()]),
            entries: parsed.findings,
            by_path,
            checked: Mutex::default(),
        })
    }

    /// Mark the file's findings that the baseline knows as suppressed. Returns how many.
    pub fn apply(&self, path: &Path, report: &mut FileReport) -> usize {
        let Some(relative) = relative(&self.base, path) else {
            return 0;
        };
        self.checked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(relative.clone());
        let Some(candidates) = self.by_path.get(&relative) else {
            return 0;
        };
        let mut hidden = 0;
        let mut matched = self.matched.lock().unwrap_or_else(|p| p.into_inner());
        let display = crate::files::display(&self.file);
        for d in report
            .diagnostics
            .iter_mut()
            .filter(|d| d.suppressed.is_none())
        {
            let found = entry(&relative, d, &report.source);
            let hit = candidates.iter().copied().find(|&i| {
                !matched[i]
                    && self.entries[i].code == found.code
                    && self.entries[i].value == found.value
            });
            if let Some(i) = hit {
                matched[i] = true;
                d.suppressed = Some(format!("baseline {display}"));
                hidden += 1;
            }
        }
        hidden
    }

    /// The entries of checked files that matched nothing: findings that were fixed.
    fn stale(&self) -> Vec<usize> {
        let matched = self.matched.lock().unwrap_or_else(|p| p.into_inner());
        let checked = self.checked.lock().unwrap_or_else(|p| p.into_inner());
        (0..self.entries.len())
            .filter(|&i| !matched[i] && checked.contains(&self.entries[i].path))
            .collect()
    }

    /// Stale entries as a report on the baseline file.
    pub fn report(&self) -> Option<FileReport> {
        let stale = self.stale();
        if stale.is_empty() {
            return None;
        }
        let spans = SpanIndex::deferred(self.source.shared());
        let diagnostics = stale
            .iter()
            .map(|&i| {
                let entry = &self.entries[i];
                let pointer = format!("/findings/{i}");
                let range = spans.get(&pointer).map_or(0..0, |s| s.value.clone());
                Diagnostic::new(
                    codes::STALE_BASELINE,
                    format!(
                        "{} in {} is no longer found: it was fixed",
                        entry.code, entry.path
                    ),
                    pointer,
                    range,
                )
                .with_label("stale")
                .with_help("run with --prune-baseline to remove the entries of fixed findings")
            })
            .collect();
        Some(FileReport {
            path: crate::files::display(&self.file),
            kind: None,
            source: self.source.clone(),
            diagnostics,
        })
    }

    /// Rewrite the baseline without its stale entries. Returns how many were removed.
    pub fn prune(&self) -> std::io::Result<usize> {
        let stale = self.stale();
        let findings = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !stale.contains(i))
            .map(|(_, e)| e.clone())
            .collect();
        write_atomically(
            &self.file,
            &File {
                version: 1,
                findings,
            },
        )?;
        Ok(stale.len())
    }
}

/// The folder a baseline's paths are relative to: its own (links resolved).
pub fn base_of(file: &Path) -> PathBuf {
    let dir = crate::files::absolute(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// `path` as a baseline records it: from the baseline's folder, with `/`, the same however the
/// path was spelled (`./`, `..`, a link to a folder): `sub/e.json`, or `../proj/e.json` for a file
/// beside the baseline's folder. `None` only when no relative path leads there (another drive).
fn relative(base: &Path, path: &Path) -> Option<String> {
    use std::path::Component;
    let absolute = crate::files::absolute(path);
    let path = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    let (mut from, mut to) = (base.components().peekable(), path.components().peekable());
    if from.peek() != to.peek() {
        return None;
    }
    while from.peek().is_some() && from.peek() == to.peek() {
        from.next();
        to.next();
    }
    let up = from
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|_| "..".to_owned());
    let down = to.map(|c| c.as_os_str().to_string_lossy().into_owned());
    Some(up.chain(down).collect::<Vec<_>>().join("/"))
}

fn entry(path: &str, d: &Diagnostic, source: &SourceText) -> Entry {
    let text = source.text().get(d.range.clone()).unwrap_or_default();
    Entry {
        path: path.to_owned(),
        code: d.code.to_owned(),
        value: text.split_whitespace().collect::<Vec<_>>().join(" "),
        message: d.message.clone(),
    }
}

/// Write the baseline as pretty JSON, atomically.
fn write_atomically(file: &Path, value: &File) -> std::io::Result<()> {
    crate::write::write_file_with(file, |out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })
}
