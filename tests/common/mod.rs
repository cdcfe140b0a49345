//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub fn asklint() -> Command {
    let mut cmd = Command::cargo_bin("asklint").expect("the asklint binary is built");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/` beside the repository, if this checkout has it (a user's fresh clone does not).
pub fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/ is not beside this checkout");
        None
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("asklint prints UTF-8")
}

/// Run `asklint check --format json` and parse what it printed.
pub fn check_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = asklint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("output is not JSON ({e}): {}", stdout(&output)));
    (output.status.code().expect("asklint exited normally"), json)
}

/// Validate the JSON output against its own published schema.
pub fn assert_valid_output(json: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/asklint-output.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "output does not match schemas/asklint-output.schema.json: {errors:#?}"
    );
}

/// Check every diagnostic's line/column against its byte offset, computed independently of asklint.
pub fn assert_positions_consistent(dir: &Path, json: &Value) {
    for d in json["diagnostics"].as_array().unwrap() {
        let path = dir.join(d["path"].as_str().unwrap());
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for pos in [&d["range"]["start"], &d["range"]["end"]] {
            let offset = pos["offset"].as_u64().unwrap() as usize;
            assert!(
                offset <= text.len() && text.is_char_boundary(offset),
                "{path:?}: offset {offset} is not a character boundary"
            );
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(
                (
                    pos["line"].as_u64().unwrap() as usize,
                    pos["column"].as_u64().unwrap() as usize
                ),
                (line, column),
                "{path:?} {d}"
            );
        }
        assert!(d["range"]["start"]["offset"].as_u64() <= d["range"]["end"]["offset"].as_u64());
    }
}
