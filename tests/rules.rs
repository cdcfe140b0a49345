//! Every rule on its own fixtures, in `tests/fixtures/rules/<CODE>/`:
//!
//! - `{valid,invalid}*.json`: one document each;
//! - `{valid,invalid}*/`: a folder checked as a whole, for the rules that look across the files of a
//!   skill package (a `skill.json` and its interaction models).
//!
//! `valid*` produce nothing from the rule, `invalid*` something, and what it reports is snapshot.
//! Fixtures are checked under the certification target, where every rule has its declared
//! severity (`tests/targets.rs` covers the development target).

mod common;

use std::path::Path;

use common::{check_json, root};
use serde_json::Value;

/// The rule's findings, one line each: `[path] line:column severity pointer message`.
fn findings(code: &str, json: &Value, with_path: bool) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let start = &d["range"]["start"];
            let path = if with_path {
                format!("{} ", d["path"].as_str().unwrap())
            } else {
                String::new()
            };
            let help = d["help"]
                .as_str()
                .map(|h| format!("\n    help: {h}"))
                .unwrap_or_default();
            format!(
                "{path}{}:{} {} {} {}{help}",
                start["line"],
                start["column"],
                d["severity"].as_str().unwrap(),
                d["pointer"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn assert_expected(fixture: &Path, code: &str, lines: &[String]) {
    let name = fixture.file_name().unwrap().to_str().unwrap();
    if name.starts_with("valid") {
        assert!(
            lines.is_empty(),
            "{fixture:?} must not trigger {code}: {lines:#?}"
        );
    } else {
        assert!(
            name.starts_with("invalid"),
            "{fixture:?}: fixture names start with valid or invalid"
        );
        assert!(!lines.is_empty(), "{fixture:?} must trigger {code}");
    }
}

fn code_of(fixture: &Path) -> &str {
    fixture
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*/*.json", |path| {
        let code = code_of(path);
        let relative = path.strip_prefix(root()).unwrap().to_str().unwrap();
        let (_, json) = check_json(&root(), &["--target", "certification", relative]);
        let lines = findings(code, &json, false);
        assert_expected(path, code, &lines);
        insta::assert_snapshot!(lines.join("\n"));
    });
}

#[test]
fn rule_fixture_packages() {
    let mut checked = 0;
    for rule in std::fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        for fixture in std::fs::read_dir(rule.unwrap().path()).unwrap() {
            let fixture = fixture.unwrap().path();
            if !fixture.is_dir() {
                continue;
            }
            let code = code_of(&fixture);
            let (_, json) = check_json(&fixture, &["--target", "certification", "."]);
            let lines = findings(code, &json, true);
            assert_expected(&fixture, code, &lines);
            let name = fixture.file_name().unwrap().to_str().unwrap();
            insta::assert_snapshot!(format!("package@{code}-{name}"), lines.join("\n"));
            checked += 1;
        }
    }
    assert!(checked > 0, "no package fixtures found");
}
