//! The default format: miette code frames, then a summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, Run};
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceText;

/// How the human format looks: colour, and the width it wraps at.
#[derive(Debug, Clone)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
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
    let source = Named {
        name: &report.path,
        source: &report.source,
    };
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let frame = Frame {
            diagnostic,
            source: &source,
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
        writeln!(out, "error: {}: {}", error.path, error.message)?;
    }
    if quiet {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        summary(run.counts(), run.files.len(), run.errors.len())
    )
}

fn summary(counts: Counts, files: usize, unreadable: usize) -> String {
    let mut parts = Vec::new();
    for (n, one, many) in [
        (counts.errors, "error", "errors"),
        (counts.warnings, "warning", "warnings"),
        (counts.infos, "info", "infos"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let checked = format!("{files} file{} checked", if files == 1 { "" } else { "s" });
    let unreadable = if unreadable > 0 {
        format!(", {unreadable} could not be read")
    } else {
        String::new()
    };
    if parts.is_empty() {
        format!("No problems found ({checked}{unreadable}).")
    } else {
        format!("Found {} ({checked}{unreadable}).", join_and(&parts))
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
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.source.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// One diagnostic as miette sees it.
struct Frame<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Named<'a>,
}

impl fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(by) = &self.diagnostic.suppressed {
            write!(f, "[suppressed by {by}] ")?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Frame<'_> {}

impl miette::Diagnostic for Frame<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{} {}",
            self.diagnostic.code, self.diagnostic.name
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
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let source = self.source.source;
        let span = move |range: &std::ops::Range<usize>| {
            let range = source.framed(range.clone());
            SourceSpan::new(range.start.into(), range.len())
        };
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), span(&d.range));
        let secondary = d
            .labels
            .iter()
            .map(move |l| LabeledSpan::new_with_span(Some(l.message.clone()), span(&l.range)));
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
    fn summary_lines() {
        assert_eq!(
            summary(Counts::default(), 1, 0),
            "No problems found (1 file checked)."
        );
        let counts = Counts {
            errors: 2,
            warnings: 1,
            infos: 0,
        };
        assert_eq!(
            summary(counts, 3, 1),
            "Found 2 errors and 1 warning (3 files checked, 1 could not be read)."
        );
    }
}
