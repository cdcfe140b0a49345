//! The default format: miette code frames, then a summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Run, escape};
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::source::SourceText;

/// How the human format looks: colour, and the width it wraps at.
#[derive(Debug, Clone)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// `--unsafe-fixes`: unsafe fixes are marked `[*]` as fixable too.
    pub unsafe_fixes: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            unsafe_fixes: false,
        }
    }
}

impl Style {
    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .with_context_lines(1)
    }
}

/// Render every finding of a file as code frames.
pub fn frames(report: &FileReport, style: &Style) -> String {
    let handler = style.handler();
    let name = escape::name(&report.path);
    let source = Named {
        name: &name,
        source: &report.source,
        shown: Shown::of(&report.source),
    };
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let frame = Frame {
            diagnostic,
            source: &source,
            unsafe_fixes: style.unsafe_fixes,
        };
        // Writing to a String cannot fail; a failed render would only lose this one frame.
        let _ = handler.render_report(&mut out, &frame);
        out.push('\n');
    }
    out
}

pub fn write(run: &Run, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        if let Some(frames) = &file.frames {
            out.write_all(frames.as_bytes())?;
        }
    }
    for error in &run.errors {
        writeln!(
            out,
            "error: {}: {}",
            escape::name(&error.path),
            escape::text(&error.message)
        )?;
    }
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary(run))?;
    if let Some(line) = fix_summary(run) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// "N fixed, M remaining." after `--fix`; "K fixable with `--fix` (J more with
/// `--unsafe-fixes`)." before.
fn fix_summary(run: &Run) -> Option<String> {
    let counts = run.fix_counts();
    let more = if counts.unsafe_only > 0 {
        format!(" ({} more with `--unsafe-fixes`)", counts.unsafe_only)
    } else {
        String::new()
    };
    if run.fixing.applied {
        let remaining = run.counts();
        let remaining = remaining.errors + remaining.warnings + remaining.infos;
        Some(format!(
            "{} fixed, {remaining} remaining{more}.",
            counts.fixed
        ))
    } else if counts.fixable > 0 {
        Some(format!(
            "[*] {} fixable with `--fix`{more}.",
            counts.fixable
        ))
    } else if counts.unsafe_only > 0 {
        Some(format!(
            "{} fixable with `--fix --unsafe-fixes`.",
            counts.unsafe_only
        ))
    } else {
        None
    }
}

/// The headline: what was found in how many files; or, when no file was checked, why not.
fn summary(run: &Run) -> String {
    let (files, unreadable) = (run.files.len(), run.errors.len());
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if files == 0 {
        let left_alone = run.left_alone;
        let mut why = Vec::new();
        if unreadable > 0 {
            why.push(format!(
                "{} could not be read",
                plural(unreadable, "file", "files")
            ));
        }
        if left_alone.noted > 0 {
            why.push(format!(
                "{} (standard error says why)",
                plural(left_alone.noted, "file left alone", "files left alone")
            ));
        }
        if left_alone.not_ours > 0 {
            why.push(format!(
                "{} found, of no kind asklint checks (`asklint kinds` lists them)",
                plural(left_alone.not_ours, "JSON file", "JSON files")
            ));
        }
        if left_alone.excluded > 0 {
            why.push(format!(
                "{} left out by the configuration",
                plural(left_alone.excluded, "JSON file", "JSON files")
            ));
        }
        if why.is_empty() {
            why.push("no JSON file found".to_owned());
        }
        return format!("Nothing checked: {}.", why.join("; "));
    }
    let counts = run.counts();
    let mut parts = Vec::new();
    for (n, one, many) in [
        (counts.errors, "error", "errors"),
        (counts.warnings, "warning", "warnings"),
        (counts.infos, "info", "infos"),
    ] {
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    let mut about = plural(files, "file checked", "files checked");
    if unreadable > 0 {
        about.push_str(&format!(", {unreadable} could not be read"));
    }
    if run.hidden_by_baseline > 0 {
        about.push_str(&format!(
            "; the baseline hides {}",
            plural(run.hidden_by_baseline, "finding", "findings")
        ));
    }
    if parts.is_empty() {
        format!("No problems found ({about}).")
    } else {
        format!("Found {} ({about}).", join_and(&parts))
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The file's text under its display name, for the frame header.
struct Named<'a> {
    name: &'a str,
    source: &'a SourceText,
    /// The text as the frame shows it, when that is not the file's own.
    shown: Option<Shown>,
}

impl Named<'_> {
    fn shown_text(&self) -> &SourceText {
        self.shown.as_ref().map_or(self.source, |s| &s.text)
    }

    /// Where the file's byte `offset` is in the shown text.
    fn shown_offset(&self, offset: usize) -> usize {
        self.shown
            .as_ref()
            .map_or(offset, |s| s.shown_offset(offset))
    }

    /// The part of the file's `range` a frame marks, in the shown text.
    fn span(&self, range: &std::ops::Range<usize>) -> SourceSpan {
        let range = self
            .shown_text()
            .framed(self.shown_offset(range.start)..self.shown_offset(range.end));
        SourceSpan::new(range.start.into(), range.len())
    }
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.shown_text().read_span(span, before, after)?;
        // miette reads the span alone only for the header, `[path:line:column]`, and counts its
        // column in bytes of the shown text: the header gives the position every format gives.
        let (line, column) = if before == 0 && after == 0 {
            let offset = self
                .shown
                .as_ref()
                .map_or(span.offset(), |s| s.file_offset(span.offset()));
            let position = self.source.position(offset);
            (position.line - 1, position.column - 1)
        } else {
            (contents.line(), contents.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            *contents.span(),
            line,
            column,
            contents.line_count(),
        )))
    }
}

/// A file's text as a code frame shows it: every character [`escape::is_escaped`] says (and a byte
/// order mark, which no terminal shows) written escaped, and a lone CR, which a terminal would
/// read as "back to the start of the line", written as the line break it is.
struct Shown {
    text: SourceText,
    /// Each character written longer than it is, in file order.
    edits: Vec<Edit>,
}

struct Edit {
    /// Where the character is in the file, and its length there.
    at: usize,
    len: usize,
    /// Where its escape is in the shown text, and its length there.
    shown_at: usize,
    shown_len: usize,
}

impl Shown {
    /// `None` when the file's text is shown as it is.
    fn of(source: &SourceText) -> Option<Shown> {
        let text = source.text();
        // Bytes that start every character that is shown otherwise: C0 and DEL, C1 (U+0080 to
        // U+009F), the bidirectional controls (U+202A to U+2069) and the BOM (U+FEFF).
        let suspect = |b: u8| {
            (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF)
        };
        if !text.bytes().any(suspect) {
            return None;
        }
        let mut shown = String::with_capacity(text.len() + 16);
        let mut edits = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let escape = match c {
                '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => None,
                '\r' => {
                    shown.push('\n');
                    continue;
                }
                '\n' | '\t' => None,
                '\u{feff}' if at == 0 => Some(escape::escaped(c)),
                c if escape::is_escaped(c) => Some(escape::escaped(c)),
                _ => None,
            };
            match escape {
                Some(escape) => {
                    edits.push(Edit {
                        at,
                        len: c.len_utf8(),
                        shown_at: shown.len(),
                        shown_len: escape.len(),
                    });
                    shown.push_str(&escape);
                }
                None => shown.push(c),
            }
        }
        // A CRLF file has nothing to show otherwise.
        (!edits.is_empty() || shown != text).then(|| Shown {
            text: SourceText::new(shown),
            edits,
        })
    }

    /// Where the file's byte `offset` is in the shown text: inside an escaped character, at the
    /// end of its escape.
    fn shown_offset(&self, offset: usize) -> usize {
        match self.edits[..self.edits.partition_point(|e| e.at < offset)].last() {
            None => offset,
            Some(e) if offset < e.at + e.len => e.shown_at + e.shown_len,
            Some(e) => offset - (e.at + e.len) + e.shown_at + e.shown_len,
        }
    }

    /// Where the shown text's byte `offset` is in the file: inside an escape, at its character.
    fn file_offset(&self, offset: usize) -> usize {
        match self.edits[..self.edits.partition_point(|e| e.shown_at <= offset)].last() {
            None => offset,
            Some(e) if offset < e.shown_at + e.shown_len => e.at,
            Some(e) => offset - (e.shown_at + e.shown_len) + e.at + e.len,
        }
    }
}

/// One diagnostic as miette sees it.
struct Frame<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Named<'a>,
    unsafe_fixes: bool,
}

impl fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(by) = &self.diagnostic.suppressed {
            write!(f, "[suppressed by {}] ", escape::text(by))?;
        }
        f.write_str(&escape::text(&self.diagnostic.message))
    }
}

impl std::error::Error for Frame<'_> {}

impl miette::Diagnostic for Frame<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let fixable = self
            .diagnostic
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability.applies(self.unsafe_fixes));
        Some(Box::new(format!(
            "{} {}{}",
            self.diagnostic.code,
            self.diagnostic.name,
            if fixable { " [*]" } else { "" }
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let fix = self.diagnostic.fix.as_ref().map(|f| {
            let kind = match f.applicability {
                Applicability::Safe => "fix",
                Applicability::Unsafe => "unsafe fix",
                Applicability::DisplayOnly => "suggested fix",
            };
            format!("{kind}: {}", f.message)
        });
        let help = match (&self.diagnostic.help, fix) {
            (Some(help), Some(fix)) => format!("{help}\n{fix}"),
            (Some(help), None) => help.clone(),
            (None, Some(fix)) => fix,
            (None, None) => return None,
        };
        Some(Box::new(escape::text(&help).into_owned()))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let source = self.source;
        let label = |text: &str| escape::text(text).into_owned();
        let primary = LabeledSpan::new_primary_with_span(
            d.label.as_deref().map(label),
            source.span(&d.range),
        );
        let secondary = d.labels.iter().map(move |l| {
            LabeledSpan::new_with_span(Some(label(&l.message)), source.span(&l.range))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_on_a_long_line_is_shown_with_part_of_it_at_its_exact_place() {
        let text = format!("{{\n  \"a\": \"{}\", \"b\": 1\n}}", "x".repeat(100_000));
        let start = text.find("\"b\"").unwrap();
        let column = start - text.find('\n').unwrap();
        let report = FileReport {
            path: "x.json".to_owned(),
            kind: None,
            source: SourceText::new(text.clone()),
            diagnostics: vec![
                Diagnostic::new(
                    crate::diagnostic::codes::DUPLICATE_KEY,
                    "m",
                    "/b",
                    start..start + 3,
                )
                .with_label("here"),
                Diagnostic::new(
                    crate::diagnostic::codes::INVALID_DATA_TYPE,
                    "m",
                    "/a",
                    9..start - 2,
                )
                .with_label("the long string"),
            ],
        };
        let out = frames(&report, &Style::default());
        assert!(out.contains(&format!("[x.json:2:{column}]")), "{out}");
        assert!(out.contains("[x.json:2:8]"), "{out}");
        assert!(
            out.contains("\"b\": 1") && out.contains("here") && out.contains("the long string")
        );
        assert!(out.len() < 4000, "{} bytes: {out}", out.len());
    }

    #[test]
    fn shown_text_escapes_controls_and_maps_offsets_both_ways() {
        let text = "\u{feff}{\"a\u{1b}\": 1,\r\"\u{85}b\":\u{7} 2}\r\n";
        let source = SourceText::new(text);
        let shown = Shown::of(&source).unwrap();
        assert_eq!(
            shown.text.text(),
            "\\u{feff}{\"a\\u{1b}\": 1,\n\"\\u{85}b\":\\u{7} 2}\r\n"
        );
        for (offset, c) in text.char_indices() {
            let at = shown.shown_offset(offset);
            assert_eq!(shown.file_offset(at), offset);
            if !escape::is_escaped(c) && c != '\u{feff}' {
                assert!(
                    shown.text.text()[at..].starts_with(c) || c == '\r',
                    "{offset}"
                );
            }
        }
        assert_eq!(shown.shown_offset(text.len()), shown.text.text().len());
        // Inside the two bytes of U+0085: at the end of its escape, never before its start.
        let c1 = text.find('\u{85}').unwrap();
        let escape = shown.text.text().find("\\u{85}").unwrap();
        assert_eq!(shown.shown_offset(c1 + 1), escape + "\\u{85}".len());
        assert!(Shown::of(&SourceText::new("{\"ä\": 1}\r\n")).is_none());
    }

    #[test]
    fn summary_lines() {
        let checked = |files: usize| {
            (0..files)
                .map(|_| crate::output::FileResult {
                    path: String::new(),
                    file: None,
                    kind: None,
                    diagnostics: Vec::new(),
                    frames: None,
                    fixed: Default::default(),
                })
                .collect()
        };
        let unreadable = || crate::files::PathError {
            path: "a.json".to_owned(),
            message: "permission denied".to_owned(),
        };
        let run = Run {
            files: checked(1),
            ..Run::default()
        };
        assert_eq!(summary(&run), "No problems found (1 file checked).");
        let run = Run {
            files: checked(3),
            errors: vec![unreadable()],
            hidden_by_baseline: 4,
            ..Run::default()
        };
        assert_eq!(
            summary(&run),
            "No problems found (3 files checked, 1 could not be read; the baseline hides 4 findings)."
        );
        let run = Run {
            errors: vec![unreadable()],
            ..Run::default()
        };
        assert_eq!(summary(&run), "Nothing checked: 1 file could not be read.");
        let run = Run {
            left_alone: crate::output::LeftAlone {
                noted: 2,
                not_ours: 1,
                excluded: 3,
            },
            ..Run::default()
        };
        assert_eq!(
            summary(&run),
            "Nothing checked: 2 files left alone (standard error says why); 1 JSON file found, of \
             no kind asklint checks (`asklint kinds` lists them); 3 JSON files left out by the \
             configuration."
        );
        assert_eq!(
            summary(&Run::default()),
            "Nothing checked: no JSON file found."
        );
    }
}
