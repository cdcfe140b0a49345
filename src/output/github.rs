//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use std::io::{self, Write};

use super::{Run, escape};
use crate::diagnostic::Severity;

pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        // An annotation cannot be marked hidden: suppressed findings are not annotated.
        for d in file
            .diagnostics
            .iter()
            .filter(|d| d.diagnostic.suppressed.is_none())
        {
            let diag = &d.diagnostic;
            let command = match diag.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.path),
                d.start.line,
                d.start.column,
                d.end.line,
                d.end.column,
                property(&format!("{} {}", diag.code, diag.name)),
                data(&diag.message),
            )?;
        }
    }
    for error in &run.errors {
        writeln!(
            out,
            "::error file={}::{}",
            property(&error.path),
            data(&error.message)
        )?;
    }
    Ok(())
}

/// Escaping for a command's message (GitHub's workflow-command rules): line breaks become `%0D`
/// and `%0A`, which GitHub shows as line breaks; every other control is escaped.
fn data(text: &str) -> String {
    escape::controls(text, &['\t', '\r', '\n'])
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a command's properties (a file's name, a title), which also may not contain `:`
/// or `,`. GitHub decodes these, so a file name with a line break still names its file.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(super::property("::x\n%"), "%3A%3Ax%0A%25");
        assert_eq!(super::data("\u{1b}[2J\r\n"), "\\u{1b}[2J%0D%0A");
    }
}
