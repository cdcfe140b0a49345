//! `--format sarif` against the official SARIF 2.1.0 schema (tests/schemas/, see its README), and
//! its regions against the positions the JSON and concise outputs give for the same findings.

mod common;

use std::collections::HashMap;

use common::{asklint, root, sarif_relative_to, stdout};
use serde_json::{Value, json};

const CLI_FIXTURES: &str = "tests/fixtures/cli";

/// The runs checked: the project as it is, and with a configuration whose overrides hide (and
/// re-grade) findings, shown with --show-suppressed so that SARIF `suppressions` are written.
const RUNS: &[&[&str]] = &[
    &["project"],
    &[
        "--config",
        "sarif-overrides.toml",
        "--show-suppressed",
        "project",
    ],
];

/// `asklint check --format FORMAT ARGS` in the CLI fixtures: what it printed.
fn check(format: &str, args: &[&str]) -> String {
    let output = asklint()
        .current_dir(root().join(CLI_FIXTURES))
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    match format {
        // Its URIs are relative to the repository root: made relative to where it ran, like
        // the other formats' paths.
        "sarif" => sarif_relative_to(&stdout(&output), &root().join(CLI_FIXTURES)),
        _ => stdout(&output),
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // The OASIS file (errata 01) declares draft-04, with `id` rather than `$id`.
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_the_oasis_file_and_it_rejects_what_it_should() {
    let validator = sarif_validator();
    let schema = std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"));
    assert!(schema.unwrap().contains(
        "\"id\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\""
    ));
    // The validator really applies it: asklint's own log with one mistake each is rejected.
    let log: Value = serde_json::from_str(&check("sarif", RUNS[1])).unwrap();
    let broken = |pointer: &str, value: Value| {
        let mut log = log.clone();
        *log.pointer_mut(pointer).unwrap() = value;
        schema_errors(&validator, &log)
    };
    let result = "/runs/0/results/0";
    assert!(!broken(&format!("{result}/level"), "fatal".into()).is_empty());
    let region = format!("{result}/locations/0/physicalLocation/region");
    assert!(!broken(&format!("{region}/startLine"), 0.into()).is_empty());
    assert!(!broken("/version", "2.2".into()).is_empty());
    // Formats are checked too (`$schema` is a `uri`).
    assert!(!broken("/$schema", "not a uri".into()).is_empty());
    let suppressed = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r.get("suppressions").is_some())
        .unwrap();
    let kind = format!("/runs/0/results/{suppressed}/suppressions/0/kind");
    assert!(!broken(&kind, "configuration".into()).is_empty());
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    for args in RUNS {
        let log: Value = serde_json::from_str(&check("sarif", args)).unwrap();
        let errors = schema_errors(&validator, &log);
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

/// A SARIF region as `(startLine, startColumn, endLine, endColumn, byteOffset, byteLength)`.
fn region(location: &Value) -> [u64; 6] {
    let region = &location["physicalLocation"]["region"];
    [
        "startLine",
        "startColumn",
        "endLine",
        "endColumn",
        "byteOffset",
        "byteLength",
    ]
    .map(|key| {
        region[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key} in {region}"))
    })
}

/// A JSON output range in the same terms.
fn range(range: &Value) -> [u64; 6] {
    let (start, end) = (&range["start"], &range["end"]);
    let at = |pos: &Value, key: &str| pos[key].as_u64().unwrap();
    [
        at(start, "line"),
        at(start, "column"),
        at(end, "line"),
        at(end, "column"),
        at(start, "offset"),
        at(end, "offset") - at(start, "offset"),
    ]
}

#[test]
fn sarif_regions_are_the_positions_the_other_formats_report() {
    for args in RUNS {
        let log: Value = serde_json::from_str(&check("sarif", args)).unwrap();
        let json: Value = serde_json::from_str(&check("json", args)).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        let diagnostics = json["diagnostics"].as_array().unwrap();
        assert_eq!(results.len(), diagnostics.len(), "{args:?}");
        assert!(results.len() >= 10, "{args:?}");

        // The findings of each (code, file, pointer), in output order: a SARIF result is matched
        // with the JSON diagnostic of the same rule, file and pointer, the n-th with the n-th.
        let mut by_key: HashMap<(String, String, String), Vec<&Value>> = HashMap::new();
        for d in diagnostics {
            let key = (
                d["code"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
                d["pointer"].as_str().unwrap().to_owned(),
            );
            by_key.entry(key).or_default().push(d);
        }
        let mut fingerprints: HashMap<&str, (String, String, String)> = HashMap::new();
        let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
        for result in results {
            let location = &result["locations"][0];
            let key = (
                result["ruleId"].as_str().unwrap().to_owned(),
                location["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            // The fingerprint stands for the rule, file and pointer: one each way.
            let fingerprint = result["partialFingerprints"]["asklint/v1"]
                .as_str()
                .unwrap();
            let previous = fingerprints.insert(fingerprint, key.clone());
            assert!(previous.is_none_or(|p| p == key), "{fingerprint}: {key:?}");

            let n = seen.entry(key.clone()).or_default();
            let diagnostic = by_key
                .get(&key)
                .and_then(|ds| ds.get(*n))
                .unwrap_or_else(|| {
                    panic!("{args:?}: no JSON diagnostic for SARIF result {key:?} #{n}")
                });
            *n += 1;
            assert_eq!(
                region(location),
                range(&diagnostic["range"]),
                "{args:?}: {key:?}"
            );
            assert_eq!(result["message"]["text"], diagnostic["message"]);
            let level = match diagnostic["severity"].as_str().unwrap() {
                "info" => "note",
                other => other,
            };
            assert_eq!(result["level"], level, "{key:?}");
            // Secondary labels are related locations, at their own positions.
            let labels = diagnostic["labels"].as_array().unwrap();
            let related = result["relatedLocations"].as_array().map_or(&[][..], |r| r);
            assert_eq!(related.len(), labels.len(), "{key:?}");
            for (location, label) in related.iter().zip(labels) {
                assert_eq!(region(location), range(&label["range"]), "{key:?}");
                assert_eq!(location["message"]["text"], label["message"]);
            }
            // What an override hid is a suppression, with the override's reason.
            match diagnostic.get("suppressed").and_then(Value::as_str) {
                Some(by) => {
                    assert_eq!(result["suppressions"][0]["kind"], "external");
                    let justification = result["suppressions"][0]["justification"].as_str();
                    assert!(justification.unwrap().contains(by), "{key:?}");
                }
                None => assert!(result.get("suppressions").is_none(), "{key:?}"),
            }
            // A fix is SARIF's `fixes`: one replacement per edit, at the edit's range.
            let edits = diagnostic["fix"]["edits"].as_array().map_or(&[][..], |e| e);
            let replacements = result["fixes"][0]["artifactChanges"][0]["replacements"]
                .as_array()
                .map_or(&[][..], |r| r);
            assert_eq!(replacements.len(), edits.len(), "{key:?}");
            for (replacement, edit) in replacements.iter().zip(edits) {
                let deleted = json!({"physicalLocation": {"region": replacement["deletedRegion"]}});
                assert_eq!(region(&deleted), range(&edit["range"]), "{key:?}");
                assert_eq!(replacement["insertedContent"]["text"], edit["content"]);
            }
        }
        let fixes = results.iter().filter(|r| r.get("fixes").is_some()).count();
        assert!(fixes > 0, "{args:?}: the runs have fixable findings");

        // The concise format's `path:line:col: severity CODE` for each finding, in the same order.
        let concise = check("concise", args);
        let lines: Vec<&str> = concise.lines().collect();
        assert_eq!(lines.len(), results.len(), "{concise}");
        for (line, result) in lines.iter().zip(results) {
            let location = &result["locations"][0];
            let [start_line, start_column, ..] = region(location);
            let uri = location["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            let code = result["ruleId"].as_str().unwrap();
            let prefix = format!("{uri}:{start_line}:{start_column}: ");
            assert!(
                line.starts_with(&prefix) && line.contains(&format!(" {code} ")),
                "{line} vs {prefix}{code}"
            );
        }
    }
    // The default human format: each code frame's `[path:line:col]` header, in the same order.
    let human = check("human", &["--color", "never", "project"]);
    let headers: Vec<String> = human
        .lines()
        .filter_map(|l| {
            l.split_once("╭─[")
                .map(|(_, rest)| rest.trim_end_matches(']').to_owned())
        })
        .collect();
    let log: Value = serde_json::from_str(&check("sarif", &["project"])).unwrap();
    let expected: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let location = &result["locations"][0];
            let [line, column, ..] = region(location);
            let uri = location["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            format!("{uri}:{line}:{column}")
        })
        .collect();
    // A frame with secondary labels in other places adds headers; the primary ones come first.
    let mut remaining = headers.iter();
    for location in &expected {
        assert!(
            remaining.any(|h| h == location),
            "{location} is not a code frame of the human output:\n{human}"
        );
    }

    // The second run did hide something, in both ways an override can.
    let log: Value = serde_json::from_str(&check("sarif", RUNS[1])).unwrap();
    let justifications: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["suppressions"][0]["justification"].as_str())
        .collect();
    assert!(
        justifications.iter().any(|j| j.contains("(severity off)"))
            && justifications
                .iter()
                .any(|j| j.contains("answered in the developer console")),
        "{justifications:?}"
    );
}
