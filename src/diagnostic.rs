//! Findings as plain data.
//!
//! A [`Diagnostic`] is what every check produces: schema validation, JSON syntax checks and (later) the
//! rule engine. It carries a JSON Pointer and a byte range into the file; renderers in
//! [`crate::output`] turn it into text, JSON, SARIF or annotations. Findings never travel through
//! `Result::Err`.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::fix::{Applicability, Fix};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub message: String,
    pub pointer: String,
    pub range: Range<usize>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable public code, e.g. `SCH001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `missing-required-property`.
    pub name: &'static str,
    pub severity: Severity,
    /// Lower-case sentence without a trailing period.
    pub message: String,
    /// JSON Pointer of the value the finding is about (`""` is the document root).
    pub pointer: String,
    /// Byte range in the file text; empty ranges mark a position.
    pub range: Range<usize>,
    /// The label under the primary range in a code frame.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Hidden by a configuration override: where (`asklint.toml:12`), and why if it says.
    pub suppressed: Option<String>,
    /// Edits of the file's text that resolve the finding (`check --fix`).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: Code,
        message: impl Into<String>,
        pointer: impl Into<String>,
        range: Range<usize>,
    ) -> Self {
        Diagnostic {
            code: code.code,
            name: code.name,
            severity: code.severity,
            message: message.into(),
            pointer: pointer.into(),
            range,
            label: None,
            labels: Vec::new(),
            help: None,
            suppressed: None,
            fix: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_secondary(
        mut self,
        message: impl Into<String>,
        pointer: impl Into<String>,
        range: Range<usize>,
    ) -> Self {
        self.labels.push(Label {
            message: message.into(),
            pointer: pointer.into(),
            range,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// The documentation page of a code: the pipeline's codes are in `docs/codes.md`, rules in
/// `docs/rules.md`.
pub fn docs_url(code: &str, name: &str) -> String {
    let page = if codes::ALL.iter().any(|c| c.code == code) {
        "codes.md"
    } else {
        "rules.md"
    };
    format!("{DOCS_BASE}/{page}#{}-{}", code.to_ascii_lowercase(), name)
}

/// Where `docs/codes.md` is published.
const DOCS_BASE: &str = "https://github.com/asklint/asklint/blob/main/docs";

/// Identity and default severity of a built-in check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the check reports.
    pub summary: &'static str,
}

macro_rules! codes {
    ($($ident:ident = $code:literal $name:literal $sev:ident $summary:literal;)*) => {
        $(pub const $ident: Code = Code { code: $code, name: $name, severity: Severity::$sev, summary: $summary };)*
        /// Every built-in code of the pipeline (syntax, schema, kind), sorted by code.
        pub const ALL: &[Code] = &[$($ident),*];
    };
}

/// The pipeline's own codes. Public API: never reuse or renumber.
pub mod codes {
    use super::{Code, Severity};
    codes! {
        STALE_BASELINE = "BAS001" "stale-baseline-entry" Warning "a baseline entry whose finding was fixed";
        INVALID_CONFIG = "CFG001" "invalid-config" Error "an asklint.toml that cannot be used: bad TOML, an unknown key, code or glob";
        UNUSED_SUPPRESSION = "CFG002" "unused-suppression" Warning "a configuration override that hides nothing any more";
        FILE_TOO_LARGE = "READ001" "file-too-large" Error "a file larger than asklint reads (64 MiB)";
        UNREADABLE_RELATED_FILE = "READ002" "unreadable-related-file" Error "a file of the skill package that cannot be read (not a regular file, too large, no permission)";
        INVALID_JSON = "JSON001" "invalid-json" Error "the file is not valid JSON";
        TRAILING_COMMA = "JSON002" "trailing-comma" Error "a comma before a closing bracket or brace";
        DUPLICATE_KEY = "JSON003" "duplicate-key" Error "an object has the same key twice";
        COMMENT = "JSON004" "comment" Error "a comment, which JSON does not allow";
        ENCODING = "JSON005" "encoding" Error "the file is not UTF-8 JSON (a BOM, UTF-16, invalid bytes)";
        KIND_UNKNOWN = "KIND001" "unknown-kind" Error "the kind of document cannot be told from its shape";
        MISSING_REQUIRED = "SCH001" "missing-required-property" Error "a required property is missing";
        UNEXPECTED_PROPERTY = "SCH002" "unexpected-property" Error "a property the schema does not know";
        INVALID_DATA_TYPE = "SCH003" "invalid-data-type" Error "a value of the wrong JSON type";
        INVALID_ENUM_VALUE = "SCH004" "invalid-enum-value" Error "a value outside the allowed set";
        INVALID_STRING_LENGTH = "SCH005" "invalid-string-length" Error "a string that is too short or too long";
        INVALID_ARRAY_SIZE = "SCH006" "invalid-array-size" Error "an array with too few or too many items";
        INVALID_STRING_PATTERN = "SCH007" "invalid-string-pattern" Error "a string (or key) that does not match the required pattern";
        INVALID_URL_FORMAT = "SCH008" "invalid-url-format" Error "a string that is not a valid URL (or other format)";
        INVALID_INTEGER_VALUE = "SCH009" "invalid-integer-value" Error "a number outside the allowed range";
        DUPLICATE_ARRAY_ITEMS = "SCH010" "duplicate-array-items" Error "an array that must hold unique items has duplicates";
        INVALID_NUMBER_OF_PROPERTIES = "SCH011" "invalid-number-of-properties" Error "an object with too few or too many properties";
        SCHEMA_VIOLATION = "SCH012" "schema-violation" Error "a value that breaks another constraint of the schema";
    }

    /// The pipeline's codes that can carry a fix, and how safe their fixes are (the safest a
    /// finding of the code can get; documented in docs/codes.md).
    pub const FIXABLE: &[(&str, super::Applicability)] = &[
        ("JSON002", super::Applicability::Safe),
        ("JSON004", super::Applicability::Unsafe),
        ("JSON005", super::Applicability::Safe),
        ("SCH002", super::Applicability::Unsafe),
        ("SCH003", super::Applicability::Safe),
        ("SCH004", super::Applicability::Safe),
    ];

    /// How safe the fixes of pipeline code `code` are, if it has any.
    pub fn fix_of(code: &str) -> Option<super::Applicability> {
        FIXABLE.iter().find(|(c, _)| *c == code).map(|(_, a)| *a)
    }
}
