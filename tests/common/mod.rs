//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub mod pipeline;

use pipeline::assert_positions_in;

pub fn asklint() -> Command {
    let mut cmd = Command::cargo_bin("asklint").expect("the asklint binary is built");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/` beside the repository (or where `ASKLINT_SHARED` says, for a worktree elsewhere), if
/// this checkout has it (a user's fresh clone does not).
pub fn shared() -> Option<PathBuf> {
    let dir =
        std::env::var_os("ASKLINT_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from);
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

/// Check every diagnostic's line/column against its byte offset, computed independently of asklint.
pub fn assert_positions_consistent(dir: &Path, json: &Value) {
    for d in json["diagnostics"].as_array().unwrap() {
        let path = dir.join(d["path"].as_str().unwrap());
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        assert_positions_in(&String::from_utf8_lossy(&bytes), d);
    }
}

/// The bytes a percent-encoded URI (or URI reference) stands for.
pub fn percent_decoded(uri: &str) -> Vec<u8> {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// A SARIF log (as printed) with its URIs made relative to `dir`, the folder asklint ran in, as
/// the other formats' paths are. SARIF's are relative to the repository root: this checkout's in
/// a git clone, `dir` itself outside one. The root's own URI becomes `file:///[DIR]/`.
pub fn sarif_relative_to(log: &str, dir: &Path) -> String {
    let parsed: Value = serde_json::from_str(log).expect("SARIF is JSON");
    let base = parsed["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("a %SRCROOT%");
    let root = String::from_utf8(percent_decoded(&base["file://".len()..])).unwrap();
    let root = Path::new(&root).canonicalize().unwrap();
    let dir = dir.canonicalize().unwrap();
    let inside = dir.strip_prefix(&root).expect("the folder is in the root");
    let prefix: String = inside
        .components()
        .map(|c| format!("{}/", c.as_os_str().to_str().unwrap()))
        .collect();
    log.replace(&format!("\"uri\": \"{prefix}"), "\"uri\": \"")
        .replace(base, "file:///[DIR]/")
}
