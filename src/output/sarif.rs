//! `--format sarif`: SARIF 2.1.0 with what GitHub code scanning requires (rules with descriptions,
//! repo-relative URIs, `partialFingerprints`). Hand-written structs: we need a small part of SARIF.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{FileResult, Run};
use crate::diagnostic::Severity;
use crate::files;
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
    /// Where `%SRCROOT%`, the base of every relative URI, is.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
    /// What the files were checked for (`target`: development or certification; absent when
    /// configurations gave them different targets).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: BTreeMap<&'static str, &'static str>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// A finding's fix: SARIF's `fix` with one artifact change (the file the finding is in).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
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

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// The base of the URIs of files in the repository.
const SRCROOT: &str = "%SRCROOT%";

/// Where a checked file is: relative to the run's root when it is in it (byte for byte, whatever
/// the current folder), else its absolute `file://` URL.
fn artifact(file: &FileResult, root: Option<&Path>) -> ArtifactLocation {
    let path = file.file.as_deref().unwrap_or(Path::new(&file.path));
    let Some(root) = root else {
        // No root known (a library caller): the name as shown, if it is relative.
        return ArtifactLocation {
            uri: if path.is_absolute() {
                files::file_url_of(path)
            } else {
                files::uri_path(path)
            },
            uri_base_id: None,
        };
    };
    let absolute = files::normalized(path);
    match absolute.strip_prefix(root) {
        Ok(relative) => ArtifactLocation {
            uri: files::uri_path(relative),
            uri_base_id: Some(SRCROOT),
        },
        Err(_) => ArtifactLocation {
            uri: files::file_url_of(&absolute),
            uri_base_id: None,
        },
    }
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
    let root = run.root.as_deref().map(files::normalized);
    let results = run
        .files
        .iter()
        .flat_map(|file| {
            let used = &used;
            let artifact = artifact(file, root.as_deref());
            file.diagnostics.iter().map(move |d| {
                let diag = &d.diagnostic;
                SarifResult {
                    rule_id: diag.code,
                    rule_index: used.binary_search(&diag.code).unwrap_or_default(),
                    level: level(diag.severity),
                    message: Text::plain(diag.message.clone()),
                    locations: vec![location(&artifact, d.start, d.end, &diag.pointer, None)],
                    related_locations: diag
                        .labels
                        .iter()
                        .zip(&d.labels)
                        .map(|(l, (start, end))| {
                            location(&artifact, *start, *end, &l.pointer, Some(l.message.clone()))
                        })
                        .collect(),
                    partial_fingerprints: BTreeMap::from([(
                        "asklint/v1",
                        format!("{:016x}", fnv1a(&[diag.code, &artifact.uri, &diag.pointer])),
                    )]),
                    suppressions: diag
                        .suppressed
                        .iter()
                        .map(|by| Suppression {
                            kind: "external",
                            justification: format!("suppressed by {by}"),
                        })
                        .collect(),
                    fixes: diag
                        .fix
                        .iter()
                        .map(|fix| SarifFix {
                            description: Text::plain(format!(
                                "{} ({} fix)",
                                fix.message,
                                fix.applicability.as_str()
                            )),
                            artifact_changes: [ArtifactChange {
                                artifact_location: artifact.clone(),
                                replacements: fix
                                    .edits
                                    .iter()
                                    .zip(&d.edits)
                                    .map(|(edit, (start, end))| Replacement {
                                        deleted_region: region(*start, *end),
                                        inserted_content: Text::plain(edit.content.clone()),
                                    })
                                    .collect(),
                            }],
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
            original_uri_base_ids: root
                .iter()
                .map(|root| {
                    // A base is a folder: its URI ends with `/`.
                    let uri = files::file_url_of(root);
                    let uri = if uri.ends_with('/') { uri } else { uri + "/" };
                    (
                        SRCROOT,
                        ArtifactLocation {
                            uri,
                            uri_base_id: None,
                        },
                    )
                })
                .collect(),
            column_kind: "unicodeCodePoints",
            results,
            properties: run
                .target
                .iter()
                .map(|target| ("target", target.as_str()))
                .collect(),
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
            markdown: info.as_ref().map(|c| c.docs.clone()),
        },
        help_uri: url,
        default_configuration: Configuration {
            level: level(severity),
        },
    }
}

fn location(
    artifact: &ArtifactLocation,
    start: Position,
    end: Position,
    pointer: &str,
    message: Option<String>,
) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region(start, end),
        },
        logical_locations: vec![LogicalLocation {
            fully_qualified_name: pointer.to_owned(),
        }],
        message: message.map(Text::plain),
    }
}

fn region(start: Position, end: Position) -> Region {
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_offset: start.offset,
        byte_length: end.offset - start.offset,
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
