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

/// A template's placeholder invocation name in every model of a 16-locale package (ASK CLI's
/// hello world) is one finding, at the first model's name: not a PUB006 per locale.
#[test]
fn a_placeholder_invocation_name_is_one_finding_for_the_package() {
    const LOCALES: &[&str] = &[
        "ar-SA", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
        "fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "pt-BR",
    ];
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("skill-package");
    let models = package.join("interactionModels/custom");
    std::fs::create_dir_all(&models).unwrap();
    let listing: serde_json::Map<String, Value> = LOCALES
        .iter()
        .map(|l| {
            let entry = serde_json::json!({"name": "hello world", "examplePhrases": ["Alexa open hello world", "hello"]});
            ((*l).to_owned(), entry)
        })
        .collect();
    let manifest = serde_json::json!({"manifest": {"manifestVersion": "1.0",
        "publishingInformation": {"locales": listing}, "apis": {"custom": {}}}});
    std::fs::write(package.join("skill.json"), manifest.to_string()).unwrap();
    for locale in LOCALES {
        let model = serde_json::json!({"interactionModel": {"languageModel": {
            "invocationName": "change me",
            "intents": [{"name": "HelloWorldIntent", "samples": ["hello"]}]}}});
        std::fs::write(models.join(format!("{locale}.json")), model.to_string()).unwrap();
    }
    let (_, json) = check_json(dir.path(), &["."]);
    let about_the_name: Vec<String> = ["IM001", "IM002", "PUB006"]
        .iter()
        .flat_map(|code| findings(code, &json, true))
        .collect();
    assert_eq!(about_the_name.len(), 1, "{about_the_name:#?}");
    assert!(
        about_the_name[0].starts_with("skill-package/interactionModels/custom/ar-SA.json")
            && about_the_name[0]
                .contains("template placeholder: `change me` (and in the 15 other models"),
        "{about_the_name:#?}"
    );
}
