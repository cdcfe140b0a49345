//! `--format sarif`: SARIF 2.1.0 with what GitHub code scanning requires (rules with descriptions,
//! repo-relative URIs, `partialFingerprints`). Hand-written structs: we need a small part of SARIF.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Run;
use crate::diagnostic::Severity;
use crate::source::Position;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Text {
    fn plain(text: String) -> Text {
        Text {
            text,
            markdown: None,
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
}

/// A finding a configuration override hides (shown with `--show-suppressed`).
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
}

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/asklint/asklint";

pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    // The rules table lists every code that occurs, in code order.
    let mut used: Vec<&'static str> = run
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.diagnostic.code))
        .collect();
    used.sort_unstable();
    used.dedup();
    let rules: Vec<Rule> = used.iter().map(|code| rule(run, code)).collect();
    let results = run
        .files
        .iter()
        .flat_map(|file| {
            let used = &used;
            file.diagnostics.iter().map(move |d| {
                let diag = &d.diagnostic;
                let uri = crate::files::uri_reference(&file.path);
                SarifResult {
                    rule_id: diag.code,
                    rule_index: used.binary_search(&diag.code).unwrap_or_default(),
                    level: level(diag.severity),
                    message: Text::plain(diag.message.clone()),
                    locations: vec![location(&uri, d.start, d.end, &diag.pointer, None)],
                    related_locations: diag
                        .labels
                        .iter()
                        .zip(&d.labels)
                        .map(|(l, (start, end))| {
                            location(&uri, *start, *end, &l.pointer, Some(l.message.clone()))
                        })
                        .collect(),
                    partial_fingerprints: BTreeMap::from([(
                        "asklint/v1",
                        format!("{:016x}", fnv1a(&[diag.code, &file.path, &diag.pointer])),
                    )]),
                    suppressions: diag
                        .suppressed
                        .iter()
                        .map(|by| Suppression {
                            kind: "external",
                            justification: format!("suppressed by {by}"),
                        })
                        .collect(),
                }
            })
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [SarifRun {
            tool: Tool {
                driver: Driver {
                    name: "asklint",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    super::write_pretty_json(&log, out)
}

fn rule(run: &Run, code: &'static str) -> Rule {
    let info = run.describe(code);
    let (name, summary, severity) = info.as_ref().map_or(("", "", Severity::Error), |c| {
        (c.name, c.summary.as_str(), c.severity)
    });
    let url = info.as_ref().map_or_else(String::new, |c| c.url.clone());
    Rule {
        id: code,
        name,
        short_description: Text::plain(summary.to_owned()),
        full_description: Text::plain(format!("{code} {name}: {summary}")),
        help: Text {
            text: format!("See {url} for what {code} checks and how to fix it."),
            markdown: info.as_ref().and_then(|c| c.docs.clone()),
        },
        help_uri: url,
        default_configuration: Configuration {
            level: level(severity),
        },
    }
}

fn location(
    uri: &str,
    start: Position,
    end: Position,
    pointer: &str,
    message: Option<String>,
) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_owned(),
            },
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_offset: start.offset,
                byte_length: end.offset - start.offset,
            },
        },
        logical_locations: vec![LogicalLocation {
            fully_qualified_name: pointer.to_owned(),
        }],
        message: message.map(Text::plain),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a, 64-bit: a fingerprint that stays the same across runs and Rust versions.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
