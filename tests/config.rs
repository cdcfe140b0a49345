//! `asklint.toml`: each feature with a case where it changes what is reported, and the broken
//! configurations that must be reported with a position.

mod common;

use std::path::Path;

use common::pipeline::assert_valid_output;
use common::{asklint, check_json, stdout};
use serde_json::Value;

/// A scratch repository: `.git` (the discovery boundary) and the given files.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `asklint check --format json ARGS` in `dir`: exit code and output, which must be valid.
fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let (code, json) = check_json(dir, args);
    assert_valid_output(&json);
    (code, json)
}

/// `path code` of every finding, sorted.
fn findings(json: &Value) -> Vec<String> {
    let mut all: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["path"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    all.sort();
    all
}

/// Not available worldwide and no countries (PUB008); an endpoint left as a placeholder (EP001).
const MANIFEST: &str = r#"{"manifest": {
  "publishingInformation": {"isAvailableWorldwide": false, "testingInstructions": "Ask for the tides in Dover.", "locales": {"en-US": {"name": "Tide Tables", "summary": "Tide times for the ports of the English Channel."}}},
  "privacyAndCompliance": {"allowsPurchases": false, "usesPersonalInfo": false, "isChildDirected": false, "isExportCompliant": true, "containsAds": false},
  "apis": {"custom": {"endpoint": {"uri": ""}}}
}}"#;

#[test]
fn without_a_configuration_every_finding_shows() {
    let dir = repo(&[("skill-package/skill.json", MANIFEST)]);
    let (code, json) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [
            "skill-package/skill.json EP001",
            "skill-package/skill.json PUB008"
        ]
    );
}

#[test]
fn select_and_ignore() {
    let dir = repo(&[
        ("skill-package/skill.json", MANIFEST),
        ("asklint.toml", "ignore = [\"endpoint-uri\"]\n"),
    ]);
    assert_eq!(
        findings(&check(dir.path(), &[]).1),
        ["skill-package/skill.json PUB008"]
    );
    std::fs::write(dir.path().join("asklint.toml"), "select = [\"EP\"]\n").unwrap();
    assert_eq!(
        findings(&check(dir.path(), &[]).1),
        ["skill-package/skill.json EP001"]
    );
    // The command line's --ignore adds to the file's.
    assert!(findings(&check(dir.path(), &["--ignore", "EP001"]).1).is_empty());
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let dir = repo(&[
        ("skill-package/skill.json", MANIFEST),
        (
            "asklint.toml",
            "[severity]\nPUB = \"warning\"\nendpoint-uri = \"off\"\n",
        ),
    ]);
    let (code, json) = check(dir.path(), &[]);
    assert_eq!(code, 0, "only a warning is left");
    assert_eq!(json["diagnostics"][0]["code"], "PUB008");
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn an_override_with_a_pointer_hides_only_what_is_under_it() {
    let config = r#"
[[overrides]]
paths = ["legacy/**/skill.json#/manifest/apis"]
ignore = ["EP001", "PUB008"]
reason = "retired next quarter"
"#;
    let dir = repo(&[
        ("legacy/skill-package/skill.json", MANIFEST),
        ("current/skill-package/skill.json", MANIFEST),
        ("asklint.toml", config),
    ]);
    // EP001 is under /manifest/apis and hidden there; PUB008 is not under it; the other skill is
    // not matched at all.
    assert_eq!(
        findings(&check(dir.path(), &[]).1),
        [
            "current/skill-package/skill.json EP001",
            "current/skill-package/skill.json PUB008",
            "legacy/skill-package/skill.json PUB008",
        ]
    );
    // --show-suppressed lists what was hidden, and by what.
    let (_, json) = check(dir.path(), &["--show-suppressed", "legacy"]);
    let hidden: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suppressed"].is_string())
        .collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0]["code"], "EP001");
    assert_eq!(
        hidden[0]["suppressed"],
        "asklint.toml:2: retired next quarter"
    );
    // SARIF marks it as suppressed rather than dropping it.
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "--show-suppressed", "legacy"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let suppressed: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "EP001");
}

#[test]
fn an_override_that_hides_nothing_is_reported() {
    let config = "[[overrides]]\npaths = [\"**/skill.json\"]\nignore = [\"PUB013\"]\n";
    let dir = repo(&[
        ("skill-package/skill.json", MANIFEST),
        ("asklint.toml", config),
    ]);
    let (code, json) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let unused: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CFG002")
        .collect();
    assert_eq!(unused.len(), 1, "{json:#}");
    assert_eq!(unused[0]["path"], "asklint.toml");
    assert_eq!(unused[0]["range"]["start"]["line"], 1);
    // Used, it is not reported.
    std::fs::write(
        dir.path().join("asklint.toml"),
        config.replace("PUB013", "PUB008"),
    )
    .unwrap();
    assert!(
        !findings(&check(dir.path(), &[]).1)
            .iter()
            .any(|f| f.contains("CFG002"))
    );
}

#[test]
fn kinds_by_glob() {
    // An enablement request body whose shape alone does not tell its kind.
    let body = r#"{"stage": "Live"}"#;
    let dir = repo(&[("payloads/enable.json", body)]);
    let (code, json) = check(dir.path(), &["payloads/enable.json"]);
    // Named, it is left alone: neither its shape nor its path says it is ours.
    assert_eq!((code, json["files"].as_array().unwrap().len()), (0, 0));
    std::fs::write(
        dir.path().join("asklint.toml"),
        "[[kinds]]\nglob = \"payloads/*.json\"\nkind = \"enablement-request\"\n",
    )
    .unwrap();
    let (_, json) = check(dir.path(), &["payloads/enable.json"]);
    let codes = findings(&json);
    assert!(
        codes.contains(&"payloads/enable.json STG001".to_owned()),
        "{codes:?}"
    );
}

#[test]
fn exclude_holds_even_for_files_named_on_the_command_line() {
    let dir = repo(&[
        ("fixtures/skill.json", MANIFEST),
        ("skill-package/skill.json", MANIFEST),
        ("asklint.toml", "exclude = [\"fixtures/**\"]\n"),
    ]);
    let codes = findings(&check(dir.path(), &[]).1);
    assert!(
        codes.iter().all(|c| c.starts_with("skill-package/")),
        "{codes:?}"
    );
    let (code, json) = check(dir.path(), &["fixtures/skill.json"]);
    assert_eq!((code, json["summary"]["files"].as_u64()), (0, Some(0)));
    // include narrows what is checked.
    std::fs::write(
        dir.path().join("asklint.toml"),
        "include = [\"fixtures/**\"]\n",
    )
    .unwrap();
    let codes = findings(&check(dir.path(), &[]).1);
    assert!(codes.iter().all(|c| c.starts_with("fixtures/")) && !codes.is_empty());
}

#[test]
fn a_users_rule_folder_and_rule_options() {
    let rule = r#"
code = "TEAM001"
name = "keywords-required"
severity = "error"
kinds = ["skill-manifest"]
given = "$.manifest.publishingInformation.locales.*"
message = "our team lists search keywords for every locale"
docs = "Requires keywords in every locale."
[then]
field = "keywords"
function = "defined"
"#;
    let dir = repo(&[
        ("skill-package/skill.json", MANIFEST),
        ("team-rules/TEAM001-keywords-required.toml", rule),
        (
            "asklint.toml",
            "rules-dirs = [\"team-rules\"]\n[options.summary-length]\nmax = 20\n",
        ),
    ]);
    let codes = findings(&check(dir.path(), &[]).1);
    // The team's rule fires, and the summary (48 characters) breaks the tightened limit.
    assert!(
        codes.contains(&"skill-package/skill.json TEAM001".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"skill-package/skill.json PUB001".to_owned()),
        "{codes:?}"
    );
    // --isolated ignores the configuration: neither shows.
    let codes = findings(&check(dir.path(), &["--isolated"]).1);
    assert!(
        !codes
            .iter()
            .any(|c| c.ends_with("TEAM001") || c.ends_with("PUB001"))
    );
}

#[test]
fn the_nearest_configuration_governs_and_config_names_one() {
    let dir = repo(&[
        ("a/skill.json", MANIFEST),
        ("b/skill.json", MANIFEST),
        ("asklint.toml", "ignore = [\"EP001\"]\n"),
        ("b/asklint.toml", "ignore = [\"PUB008\"]\n"),
        ("strict.toml", ""),
    ]);
    assert_eq!(
        findings(&check(dir.path(), &[]).1),
        ["a/skill.json PUB008", "b/skill.json EP001"]
    );
    assert_eq!(
        findings(&check(dir.path(), &["--config", "strict.toml"]).1),
        [
            "a/skill.json EP001",
            "a/skill.json PUB008",
            "b/skill.json EP001",
            "b/skill.json PUB008"
        ]
    );
}

#[test]
fn a_broken_configuration_is_reported_where_it_is_broken() {
    let dir = repo(&[
        ("a/skill.json", MANIFEST),
        (
            "a/asklint.toml",
            "ignore = [\"endpoint-urI\"]\nselct = [\"PUB\"]\n",
        ),
        ("b/skill.json", MANIFEST),
        ("b/asklint.toml", "ignore = [\"endpoint-uri\"\n"),
        ("c/skill.json", MANIFEST),
        (
            "c/asklint.toml",
            "ignore = [\"endpoint-uir\"]\n[[overrides]]\npaths = [\"x/[\"]\nignore = [\"PUB\"]\n",
        ),
    ]);
    let (code, json) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    let lines: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["path"].as_str().unwrap(),
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
    // The skills the broken files govern were not checked.
    assert!(!lines.iter().any(|l| l.contains("skill.json")));
}

#[test]
fn a_baseline_round_trip() {
    let dir = repo(&[("skill-package/skill.json", MANIFEST)]);
    let skill = dir.path().join("skill-package/skill.json");
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "asklint-baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("recorded 2 findings"));
    // The new mistake below (PUB014) is certification's: an error under that target.
    let baseline = [
        "--baseline",
        "asklint-baseline.json",
        "--target",
        "certification",
    ];
    // Nothing new.
    let (code, json) = check(dir.path(), &baseline);
    assert_eq!((code, findings(&json).len()), (0, 0));
    // Lines move and a new mistake appears: only the new one shows.
    let edited = MANIFEST
        .replace("{\"manifest\": {", "{\n\n\n\"manifest\": {")
        .replace(
            "\"name\": \"Tide Tables\"",
            "\"name\": \"Tide Tables\", \"examplePhrases\": [\"Alexa, enable tide tables\"]",
        );
    std::fs::write(&skill, &edited).unwrap();
    let (code, json) = check(dir.path(), &baseline);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), ["skill-package/skill.json PUB014"]);
    // One old finding fixed: its entry is stale, and reported on the baseline.
    std::fs::write(
        &skill,
        edited.replace(
            "\"uri\": \"\"",
            "\"uri\": \"arn:aws:lambda:us-east-1:123456789012:function:tides\"",
        ),
    )
    .unwrap();
    let (_, json) = check(dir.path(), &baseline);
    assert_eq!(
        findings(&json),
        [
            "asklint-baseline.json BAS001",
            "skill-package/skill.json PUB014"
        ]
    );
    // Pruning removes it, and the baseline is still a baseline.
    let output = asklint()
        .current_dir(dir.path())
        .args([
            "check",
            "--baseline",
            "asklint-baseline.json",
            "--prune-baseline",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("removed 1 stale entry"));
    let (_, json) = check(dir.path(), &baseline);
    assert_eq!(findings(&json), ["skill-package/skill.json PUB014"]);
    let text = std::fs::read_to_string(dir.path().join("asklint-baseline.json")).unwrap();
    let kept: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(kept["findings"].as_array().unwrap().len(), 1);
    // A baseline that does not exist is an error, not "everything is new".
    let (code, _) = check(dir.path(), &["--baseline", "missing.json"]);
    assert_eq!(code, 2);
}

/// A configuration file, loaded as `asklint check` loads it: the diagnostics if it is broken.
fn load(path: &Path) -> Result<(), String> {
    use asklint::config::{Config, ConfigError};
    match Config::load(
        path,
        asklint::read::Opening::Named,
        &asklint::config::Cli::default(),
    ) {
        Ok(_) => Ok(()),
        Err(ConfigError::Unreadable(e)) => Err(format!("{}: {}", e.path, e.message)),
        Err(ConfigError::Invalid(report)) => Err(report
            .diagnostics
            .iter()
            .map(|d| format!("{} {} {}", d.code, d.pointer, d.message))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// The starter configuration with every example line uncommented (`# key = …`, `# [table]`).
fn uncommented(starter: &str) -> String {
    starter
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with('[')
                    || rest.split_once(" = ").is_some_and(|(key, _)| {
                        key.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    }) =>
            {
                rest
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every key the schema names at `schema` is in `value`, and in the objects of its arrays.
fn assert_shows_every_key(schema: &Value, value: &Value, at: &str) {
    if let Some(properties) = schema["properties"].as_object() {
        for (key, property) in properties {
            let shown = value
                .get(key)
                .unwrap_or_else(|| panic!("the starter configuration does not show `{at}{key}`"));
            assert_shows_every_key(property, shown, &format!("{at}{key}."));
        }
    }
    if let (Some(_), Some(items)) = (schema.get("items"), value.as_array()) {
        for item in items {
            assert_shows_every_key(&schema["items"], item, at);
        }
    }
}

#[test]
fn init_writes_a_starter_configuration_that_shows_every_key_and_loads() {
    let dir = repo(&[]);
    let output = asklint()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("wrote asklint.toml"), "{output:?}");
    let file = dir.path().join("asklint.toml");
    let starter = std::fs::read_to_string(&file).unwrap();
    // As written, everything is commented out: it loads and changes nothing.
    load(&file).unwrap();
    assert!(
        starter.lines().all(|l| l.is_empty() || l.starts_with('#')),
        "{starter}"
    );
    // Every example in it is valid too, and together they show every key of the schema.
    let examples = uncommented(&starter);
    std::fs::create_dir(dir.path().join("asklint-rules")).unwrap();
    std::fs::write(&file, &examples).unwrap();
    load(&file).unwrap_or_else(|e| panic!("the uncommented examples are broken:\n{e}\n{examples}"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/config.schema.json")).unwrap(),
    )
    .unwrap();
    let shown: Value =
        serde_json::to_value(toml::from_str::<toml::Table>(&examples).unwrap()).unwrap();
    assert_shows_every_key(&schema, &shown, "");
    // Each example has its one-line comment: at its end, or the line that opens its block.
    let mut prose = false;
    for line in starter.lines() {
        if uncommented(line) == line {
            prose = line.starts_with("# ");
        } else {
            assert!(prose || line.contains(" # "), "no comment for `{line}`");
        }
    }
}

#[test]
fn init_refuses_to_replace_a_file_unless_forced() {
    let dir = repo(&[("asklint.toml", "ignore = [\"PRM001\"]\n")]);
    let init = |args: &[&str]| {
        asklint()
            .current_dir(dir.path())
            .arg("init")
            .args(args)
            .output()
            .unwrap()
    };
    let refused = init(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "asklint: asklint.toml already exists; --force replaces it\n"
    );
    let file = dir.path().join("asklint.toml");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "ignore = [\"PRM001\"]\n"
    );
    assert_eq!(init(&["--force"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        asklint::config::STARTER
    );
    // A folder gets its asklint.toml; another name is written as given.
    std::fs::create_dir(dir.path().join("skill")).unwrap();
    let output = init(&["skill"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("skill/asklint.toml"));
    assert!(dir.path().join("skill/asklint.toml").is_file());
    let output = init(&["strict.toml"]);
    assert!(stdout(&output).contains("wrote strict.toml"));
    assert_eq!(init(&["strict.toml"]).status.code(), Some(2));
    let output = init(&["missing/asklint.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "asklint: cannot write missing/asklint.toml: no such file or directory\n"
    );
}

#[test]
fn stdin_takes_the_configuration_of_the_path_it_is_named_for() {
    let dir = repo(&[("legacy/asklint.toml", "ignore = [\"EP001\"]\n")]);
    let run = |name: &str| -> Vec<String> {
        let output = asklint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--stdin-filename", name, "-"])
            .write_stdin(MANIFEST)
            .output()
            .unwrap();
        findings(&serde_json::from_slice(&output.stdout).unwrap())
    };
    assert_eq!(
        run("legacy/skill.json"),
        ["legacy/skill.json PUB008"],
        "legacy/asklint.toml ignores EP001"
    );
    assert_eq!(
        run("current/skill.json"),
        ["current/skill.json EP001", "current/skill.json PUB008"]
    );
}

#[test]
fn in_document_suppressions_only_when_the_configuration_allows_them() {
    let with_key = MANIFEST.replacen(
        "{\"manifest\": {",
        "{\"$asklint\": {\"ignore\": {\"/manifest/apis\": [\"EP001\"], \"/manifest/privacyAndCompliance\": [\"PRV\"]}}, \"manifest\": {",
        1,
    );
    let dir = repo(&[("skill-package/skill.json", &with_key)]);
    // Off by default: the key is just a member the schema does not know.
    let codes = findings(&check(dir.path(), &[]).1);
    assert!(
        codes.contains(&"skill-package/skill.json SCH002".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"skill-package/skill.json EP001".to_owned()),
        "{codes:?}"
    );
    // On: EP001 is hidden, the key is not a finding, and the entry that hides nothing is reported.
    std::fs::write(
        dir.path().join("asklint.toml"),
        "inline-suppressions = true\n",
    )
    .unwrap();
    let (_, json) = check(dir.path(), &[]);
    assert_eq!(
        findings(&json),
        [
            "skill-package/skill.json CFG002",
            "skill-package/skill.json PUB008"
        ]
    );
    let unused = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CFG002")
        .unwrap();
    assert_eq!(
        unused["pointer"],
        "/$asklint/ignore/~1manifest~1privacyAndCompliance"
    );
}
