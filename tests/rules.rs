//! Every rule on its own fixtures (`tests/fixtures/rules/<CODE>/{valid,invalid}*.json`): `valid*` files
//! produce nothing from the rule, `invalid*` files something, and what it reports is snapshot.

mod common;

use common::{check_json, root};

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*/*.json", |path| {
        let code = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let relative = path.strip_prefix(root()).unwrap().to_str().unwrap();
        let (_, json) = check_json(&root(), &[relative]);
        let lines: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                let start = &d["range"]["start"];
                let help = d["help"]
                    .as_str()
                    .map(|h| format!("\n    help: {h}"))
                    .unwrap_or_default();
                format!(
                    "{}:{} {} {} {}{help}",
                    start["line"],
                    start["column"],
                    d["severity"].as_str().unwrap(),
                    d["pointer"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect();
        if name.starts_with("valid") {
            assert!(
                lines.is_empty(),
                "{relative} must not trigger {code}: {lines:#?}"
            );
        } else {
            assert!(
                name.starts_with("invalid"),
                "{relative}: fixture names start with valid or invalid"
            );
            assert!(!lines.is_empty(), "{relative} must trigger {code}");
        }
        insta::assert_snapshot!(lines.join("\n"));
    });
}

/// A file's name is a hint a fixture name cannot give: MAN002 on a `skill.json` that holds the v0
/// wrapper, in an ASK CLI v2 project.
#[test]
fn v0_wrapper_in_a_skill_json() {
    let (_, json) = check_json(
        &root(),
        &["tests/fixtures/rules/MAN002/invalid-cli-project/skill-package/skill.json"],
    );
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "MAN002")
        .map(|d| {
            format!(
                "{} {}",
                d["pointer"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(found.join("\n"));
}
