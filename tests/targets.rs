//! Development and certification targets: what requires each rule's check decides how loud it is.
//!
//! `tests/fixtures/templates/` holds two projects of our own, written to be equivalent to what
//! ASK CLI v2's `ask new` gives (hello world and fact): the ASK CLI v2 layout, an en-US listing and
//! the privacy answers left as the templates leave them, and a `lambda/` folder with its
//! `package.json`.

mod common;

use std::path::Path;

use common::{asklint, check_json, root, stdout};
use serde_json::Value;

fn templates() -> [std::path::PathBuf; 2] {
    let dir = root().join("tests/fixtures/templates");
    [dir.join("hello-world"), dir.join("fact")]
}

/// `(code, severity)` of every finding.
fn findings(json: &Value) -> Vec<(String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(json: &Value, code: &str, severity: &str) -> bool {
    findings(json)
        .iter()
        .any(|(c, s)| c == code && s == severity)
}

#[test]
fn a_fresh_template_passes_under_development_with_warnings_and_fails_under_certification() {
    for project in templates() {
        let name = project.file_name().unwrap().to_str().unwrap().to_owned();
        // As a new user runs it: `asklint check` in the project's folder, no arguments.
        let (code, json) = check_json(&project, &[]);
        assert_eq!(code, 0, "{name}: {json:#}");
        assert_eq!(json["target"], "development", "{name}");
        assert_eq!(json["summary"]["errors"], 0, "{name}: {json:#}");
        assert!(
            json["summary"]["warnings"].as_u64().unwrap() > 0,
            "{name}: {json:#}"
        );
        // The privacy answers and the testing instructions are certification's.
        assert!(has(&json, "PRV004", "warning"), "{name}: {json:#}");
        assert!(has(&json, "PUB011", "warning"), "{name}: {json:#}");
        // The walk checks the skill's own files, never lambda/package.json.
        let mut files: Vec<&str> = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        files.sort_unstable();
        assert_eq!(
            files,
            [
                "ask-resources.json",
                "skill-package/interactionModels/custom/en-US.json",
                "skill-package/skill.json"
            ],
            "{name}"
        );

        let (code, json) = check_json(&project, &["--target", "certification"]);
        assert_eq!(code, 1, "{name}: {json:#}");
        assert_eq!(json["target"], "certification", "{name}");
        assert!(has(&json, "PRV004", "error"), "{name}: {json:#}");
        assert!(has(&json, "PUB011", "error"), "{name}: {json:#}");
    }
}

#[test]
fn a_store_ready_listing_without_a_category_is_reported() {
    let fact = &templates()[1];
    let (_, json) = check_json(fact, &[]);
    assert!(has(&json, "PUB015", "warning"), "{json:#}");
    let (_, json) = check_json(fact, &["--target", "certification"]);
    assert!(has(&json, "PUB015", "error"), "{json:#}");
    // The hello-world template has a category.
    let (_, json) = check_json(&templates()[0], &["--target", "certification"]);
    assert!(!findings(&json).iter().any(|(c, _)| c == "PUB015"));
}

#[test]
fn build_findings_stay_errors_under_development() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("skill.json"),
        r#"{"manifest": {"apis": {"custom": {"endpoint": {"uri": "INSERT_LAMBDA_ARN_HERE"}}}}}"#,
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &["--isolated", "skill.json"]);
    assert_eq!(code, 1);
    assert!(has(&json, "EP001", "error"), "{json:#}");
    assert!(has(&json, "PRV004", "warning"), "{json:#}");
}

#[test]
fn asklint_toml_sets_the_target_and_the_flag_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(
        d.join("skill.json"),
        r#"{"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}}}"#,
    )
    .unwrap();
    std::fs::write(d.join("asklint.toml"), "target = \"certification\"\n").unwrap();
    let (code, json) = check_json(d, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["target"], "certification");
    assert!(has(&json, "PUB011", "error"), "{json:#}");

    let (code, json) = check_json(d, &["--target", "development"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["target"], "development");
    assert!(has(&json, "PUB011", "warning"), "{json:#}");

    // `[severity]` is the user's word, and wins over the target.
    std::fs::write(
        d.join("asklint.toml"),
        "target = \"development\"\n[severity]\nPUB011 = \"error\"\n",
    )
    .unwrap();
    let (code, json) = check_json(d, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert!(has(&json, "PUB011", "error"), "{json:#}");
    assert!(has(&json, "PRV004", "warning"), "{json:#}");

    // A target that is not one is the configuration's error, at its place.
    std::fs::write(d.join("asklint.toml"), "target = \"production\"\n").unwrap();
    let output = asklint()
        .current_dir(d)
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(out.contains("asklint.toml:1:10: error"), "{out}");
}

#[test]
fn the_json_target_is_null_when_configurations_disagree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    for (folder, target) in [("a", "certification"), ("b", "development")] {
        std::fs::create_dir(d.join(folder)).unwrap();
        std::fs::write(
            d.join(folder).join("skill.json"),
            r#"{"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}}}"#,
        )
        .unwrap();
        std::fs::write(
            d.join(folder).join("asklint.toml"),
            format!("target = \"{target}\"\n"),
        )
        .unwrap();
    }
    let (_, json) = check_json(d, &[]);
    assert_eq!(json["target"], Value::Null, "{json:#}");
    let (_, json) = check_json(d, &["--target", "certification"]);
    assert_eq!(json["target"], "certification");
}

#[test]
fn sarif_says_the_target_and_gives_the_rule_its_level_under_it() {
    let hello = &templates()[0];
    for (target, level) in [("development", "warning"), ("certification", "error")] {
        let output = asklint()
            .current_dir(hello)
            .args(["check", "--format", "sarif", "--target", target])
            .output()
            .unwrap();
        let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
        let run = &sarif["runs"][0];
        assert_eq!(run["properties"]["target"], target);
        let rule = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "PUB011")
            .unwrap();
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        let result = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "PUB011")
            .unwrap();
        assert_eq!(result["level"], level);
    }
}

#[test]
fn every_rule_says_what_requires_it() {
    let output = asklint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&output.stdout).unwrap();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        let requirement = rule["requirement"].as_str().unwrap();
        assert!(["build", "certification"].contains(&requirement), "{code}");
        let explained = asklint().args(["explain", code]).output().unwrap();
        let text = stdout(&explained);
        let said = match requirement {
            "build" => "Required by the build",
            _ => "Required by certification only",
        };
        assert!(text.contains(said), "{code}: {text}");
    }
    let by_code = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()
            .clone()
    };
    // The issue's two: certification, errors only under certification.
    for code in ["PRV004", "PUB011"] {
        let rule = by_code(code);
        assert_eq!(rule["requirement"], "certification", "{code}");
        assert_eq!(rule["severities"]["development"], "warning", "{code}");
        assert_eq!(rule["severities"]["certification"], "error", "{code}");
    }
    // What the server rejects on upload is the build's.
    for code in ["EP001", "MAN001", "PUB005", "IM004"] {
        assert_eq!(by_code(code)["requirement"], "build", "{code}");
    }
}

/// The findings about endpoints in a folder's `skill.json`.
fn endpoint_findings(dir: &Path) -> Vec<(String, String)> {
    let (_, json) = check_json(dir, &["--isolated", "."]);
    findings(&json)
        .into_iter()
        .filter(|(code, _)| code.starts_with("EP") || code.starts_with("SCH"))
        .collect()
}

#[test]
fn an_ask_cli_v1_project_is_reported_once() {
    let project = root().join("tests/fixtures/rules/EP005/invalid-ask-cli-v1-project");
    assert_eq!(
        endpoint_findings(&project),
        [("EP005".to_owned(), "warning".to_owned())]
    );
    let (_, json) = check_json(&project, &["--isolated", "."]);
    let finding = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EP005")
        .unwrap();
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .contains("ask util upgrade-project"),
        "{finding:#}"
    );
    assert_eq!(
        finding["labels"].as_array().unwrap().len(),
        2,
        "{finding:#}"
    );

    // The same manifest without `.ask/config` is not a v1 project: each endpoint is an error.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(project.join("skill.json"), dir.path().join("skill.json")).unwrap();
    let mut alone = endpoint_findings(dir.path());
    alone.sort();
    assert_eq!(
        alone,
        [
            ("EP001".to_owned(), "error".to_owned()),
            ("EP001".to_owned(), "error".to_owned()),
            ("EP005".to_owned(), "error".to_owned()),
            ("EP005".to_owned(), "error".to_owned()),
        ]
    );
}
