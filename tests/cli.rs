//! The binary, end to end: formats, exit codes, stdin, directory walks.

mod common;

use common::pipeline::assert_valid_output;
use common::{asklint, assert_positions_consistent, check_json, root, stdout};
use insta::assert_snapshot;

fn fixtures() -> std::path::PathBuf {
    root().join("tests/fixtures/cli")
}

fn run(args: &[&str]) -> (i32, String) {
    let output = asklint()
        .current_dir(fixtures())
        .args(args)
        .output()
        .unwrap();
    (output.status.code().unwrap(), stdout(&output))
}

#[test]
fn human_format() {
    let (code, out) = run(&["check", "--color", "never", "project"]);
    assert_eq!(code, 1);
    assert_snapshot!(out);
}

#[test]
fn concise_format() {
    let (code, out) = run(&["check", "--format", "concise", "project"]);
    assert_eq!(code, 1);
    assert_snapshot!(out);
}

#[test]
fn github_format() {
    let (_, out) = run(&[
        "check",
        "--format",
        "github",
        "project/enablement-request.json",
    ]);
    assert_snapshot!(out);
}

#[test]
fn sarif_format() {
    let (code, out) = run(&[
        "check",
        "--format",
        "sarif",
        "project/skill-package/skill.json",
    ]);
    assert_eq!(code, 1);
    let out = common::sarif_relative_to(&out, &fixtures());
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for rule in rules {
        // Every code a result uses is described: pipeline codes and rules alike.
        assert!(
            !rule["name"].as_str().unwrap().is_empty()
                && !rule["shortDescription"]["text"]
                    .as_str()
                    .unwrap()
                    .is_empty(),
            "{rule:#}"
        );
    }
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["asklint/v1"].is_string());
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(uri, "project/skill-package/skill.json");
    }
    // A fingerprint hashes the URI from the repository root, which is this checkout's or not.
    insta::with_settings!({filters => vec![(r#""asklint/v1": "[0-9a-f]{16}""#, r#""asklint/v1": "[FINGERPRINT]""#)]}, {
        assert_snapshot!(out);
    });
}

#[test]
fn json_format_is_valid_and_positions_are_exact() {
    let (code, json) = check_json(&fixtures(), &["project"]);
    assert_eq!(code, 1);
    assert_valid_output(&json);
    assert_positions_consistent(&fixtures(), &json);
    insta::assert_json_snapshot!(json, { ".tool.version" => "[version]" });
}

#[test]
fn findings_come_in_document_order() {
    let (_, json) = check_json(&fixtures(), &["project/skill-package/skill.json"]);
    let offsets: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["range"]["start"]["offset"].as_u64().unwrap())
        .collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    assert!(offsets.len() >= 8, "{offsets:?}");
}

#[test]
fn exit_codes() {
    assert_eq!(
        run(&[
            "check",
            "project/skill-package/interactionModels/custom/en-US.json"
        ])
        .0,
        0
    );
    assert_eq!(run(&["check", "project/skill-package/skill.json"]).0, 1);
    // Only warnings (an unknown category): 0 by default, 1 with --fail-on warning.
    let warning_only = r#"{"manifest": {
        "publishingInformation": {"category": "LIFESTYLE", "testingInstructions": "Say hello."},
        "privacyAndCompliance": {"allowsPurchases": false, "usesPersonalInfo": false,
            "isChildDirected": false, "isExportCompliant": true, "containsAds": false}}}"#;
    let code = |extra: &[&str]| {
        let mut args = vec!["check", "--stdin-filename", "skill.json"];
        args.extend_from_slice(extra);
        args.push("-");
        asklint()
            .args(&args)
            .write_stdin(warning_only)
            .output()
            .unwrap()
            .status
            .code()
            .unwrap()
    };
    assert_eq!(code(&[]), 0);
    assert_eq!(code(&["--fail-on", "warning"]), 1);
}

#[test]
fn a_missing_path_is_exit_2_and_the_rest_is_still_checked() {
    let (code, json) = check_json(
        &fixtures(),
        &["does-not-exist.json", "project/skill-package/skill.json"],
    );
    assert_eq!(code, 2);
    assert_eq!(json["errors"][0]["path"], "does-not-exist.json");
    assert_eq!(json["errors"][0]["message"], "no such file or directory");
    assert!(json["summary"]["errors"].as_u64().unwrap() > 0);
    let (code, out) = run(&["check", "--format", "concise", "nope"]);
    assert_eq!(
        (code, out.as_str()),
        (2, "nope: error: no such file or directory\n")
    );
}

#[test]
fn stdin_with_a_file_name() {
    let output = asklint()
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "payloads/enable.json",
            "-",
        ])
        .write_stdin("{\"unitId\": \"amzn1.alexa.unit.did.X\", \"stage\": \"LIVE\",}")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot!(stdout(&output));
}

#[test]
fn a_walk_picks_only_our_files() {
    let (code, json) = check_json(&fixtures(), &["walk"]);
    assert_eq!(code, 1);
    let files: Vec<(&str, &str)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["kind"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    // Not package.json, not the tsconfig with comments, not notes.json, nothing under node_modules.
    assert_eq!(
        files,
        [
            ("walk/config/skill.json", "skill-manifest"),
            ("walk/payload.json", "enablement-request")
        ]
    );
}

#[test]
fn an_explicit_file_of_unknown_shape_is_reported() {
    let (code, out) = run(&[
        "check",
        "--format",
        "concise",
        "project/unrelated.json",
        "walk/notes.json",
    ]);
    // A named file that is not JSON is reported (its text may be any kind's); one that is JSON
    // of no kind of ours, with a path that does not say otherwise, is left alone (see
    // tests/first_contact.rs).
    assert_eq!(code, 1);
    assert_snapshot!(out);
}

#[test]
fn kind_override() {
    let (_, json) = check_json(
        &fixtures(),
        &["--kind", "enablement-request", "project/unrelated.json"],
    );
    assert_eq!(json["files"][0]["kind"], "enablement-request");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SCH001", "SCH002"]);
}

#[test]
fn kinds_and_schemas_are_printed() {
    let (code, out) = run(&["kinds"]);
    assert_eq!(code, 0);
    assert_snapshot!(out);
    let (code, out) = run(&["schema", "enablement-request"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["required"][0], "unitId");
    assert_eq!(run(&["schema", "nope"]).0, 2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let file = "project/enablement-request.json";
    let output = |color: &str, no_color: Option<&str>| {
        let mut cmd = asklint();
        cmd.current_dir(fixtures())
            .args(["check", "--color", color, file]);
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        stdout(&cmd.output().unwrap())
    };
    assert!(
        output("always", None).contains('\u{1b}'),
        "--color always writes ANSI colour"
    );
    assert!(!output("never", None).contains('\u{1b}'));
    // Not a terminal here, so `auto` stays plain, with or without NO_COLOR.
    assert!(!output("auto", None).contains('\u{1b}'));
    assert!(!output("auto", Some("1")).contains('\u{1b}'));
}

#[test]
fn a_users_own_rule_directory() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("good")).unwrap();
    std::fs::create_dir_all(dir.join("bad")).unwrap();
    std::fs::write(
        dir.join("good/TEAM001-keywords-required.toml"),
        r#"
code = "TEAM001"
name = "keywords-required"
severity = "warning"
kinds = ["skill-manifest"]
given = "$.manifest.publishingInformation.locales.*"
message = "our team lists search keywords for every locale"
docs = '## What it does: requires keywords'

[then]
field = "keywords"
function = "defined"
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("bad/broken.toml"),
        "code = \"TEAM002\"\nname = \"Bad Name\"\n",
    )
    .unwrap();
    let manifest = fixtures().join("project/skill-package/skill.json");
    let manifest = manifest.to_str().unwrap();
    let good = dir.join("good");
    let (_, json) = check_json(
        &fixtures(),
        &["--rules-dir", good.to_str().unwrap(), manifest],
    );
    let team: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "TEAM001")
        .map(|d| d["pointer"].as_str().unwrap())
        .collect();
    // en-US has keywords; en_GB does not.
    assert_eq!(
        team,
        ["/manifest/publishingInformation/locales/en_GB/keywords"]
    );
    // Its documentation is its own file, not asklint's docs.
    let url = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "TEAM001")
        .unwrap()["url"]
        .as_str()
        .unwrap();
    assert!(
        url.starts_with("file:///") && url.ends_with("/good/TEAM001-keywords-required.toml"),
        "{url}"
    );
    assert_valid_output(&json);
    let output = asklint()
        .args([
            "check",
            "--rules-dir",
            dir.join("bad").to_str().unwrap(),
            manifest,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.toml") && stderr.contains("not a valid rule"),
        "{stderr}"
    );
}

#[test]
fn select_and_ignore_choose_what_is_reported() {
    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["project/skill-package/skill.json"];
        all.extend(args);
        let (_, json) = check_json(&fixtures(), &all);
        let mut codes: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let everything = codes(&[]);
    assert!(
        everything.iter().any(|c| c.starts_with("SCH")),
        "{everything:?}"
    );
    assert!(
        everything.iter().any(|c| c.starts_with("LOC")),
        "{everything:?}"
    );
    // Only the schema and syntax codes: no rule runs.
    let schema_only = codes(&["--select", "JSON,SCH,KIND"]);
    assert!(!schema_only.is_empty());
    assert!(
        schema_only
            .iter()
            .all(|c| ["JSON", "SCH", "KIND"].iter().any(|p| c.starts_with(p))),
        "{schema_only:?}"
    );
    // By name and by prefix.
    assert_eq!(codes(&["--select", "locale-format"]), ["LOC001"]);
    let no_loc = codes(&["--ignore", "LOC"]);
    assert!(!no_loc.is_empty() && !no_loc.iter().any(|c| c.starts_with("LOC")));
    // A typo is a usage error, with the name it was meant to be.
    let output = asklint()
        .current_dir(fixtures())
        .args(["check", "--ignore", "locale-fromat", "project"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `locale-format`"));
}

#[test]
fn an_output_file_beside_the_human_output_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("asklint.sarif");
    let output = asklint()
        .current_dir(fixtures())
        .args(["check", "--format", "sarif", "--output-file"])
        .arg(&sarif)
        .arg("project")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // The terminal gets the human output; the file the SARIF, with the same findings.
    let human = stdout(&output);
    assert!(
        human.contains("Found ") && human.contains("LOC001"),
        "{human}"
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let (_, json) = check_json(&fixtures(), &["project"]);
    assert_eq!(results.len(), json["diagnostics"].as_array().unwrap().len());
    // --quiet: the findings and nothing else.
    let quiet = asklint()
        .current_dir(fixtures())
        .args(["check", "--quiet", "project"])
        .output()
        .unwrap();
    let quiet = stdout(&quiet);
    assert!(
        quiet.contains("LOC001") && !quiet.contains("Found "),
        "{quiet}"
    );
    // --statistics: one line per code, most first, then the total.
    let stats = asklint()
        .current_dir(fixtures())
        .args(["check", "--statistics", "project"])
        .output()
        .unwrap();
    let stats = stdout(&stats);
    let lines: Vec<&str> = stats.lines().collect();
    let counts: Vec<usize> = lines[..lines.len() - 1]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{stats}");
    let total: usize = counts.iter().sum();
    assert_eq!(total, json["diagnostics"].as_array().unwrap().len());
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with(&format!("{total} findings")),
        "{stats}"
    );
}

/// A program's output, if it is installed here (a test that needs it is skipped otherwise).
fn tool_output(program: &str, args: &[&str], stdin: &[u8]) -> Option<std::process::Output> {
    use std::io::Write;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|_| eprintln!("skipping a part: {program} is not installed"))
        .ok()?;
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn shell_completions_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(
            script.contains("check") && script.contains("show-suppressed"),
            "{shell}: {script}"
        );
    }
    let (_, bash) = run(&["completions", "bash"]);
    assert!(bash.contains("--format"), "{bash}");
    assert_eq!(run(&["completions", "cmd"]).0, 2);
    // And bash completes with it: the subcommand, an option, an option's values.
    let complete = |words: &str, cword: usize| {
        let script = format!(
            "source /dev/stdin; COMP_WORDS=({words}); COMP_CWORD={cword}; \
             _asklint asklint \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[*]}}\""
        );
        let output = tool_output("bash", &["--norc", "-c", &script], bash.as_bytes())?;
        Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    if let Some(reply) = complete("asklint ch", 1) {
        assert_eq!(reply, "check");
        assert_eq!(complete("asklint check --form", 2).unwrap(), "--format");
        assert_eq!(
            complete("asklint check --format ''", 3).unwrap(),
            "human concise json sarif github"
        );
    }
}

#[test]
fn the_man_page_documents_every_command_and_option() {
    use clap::CommandFactory;
    let (code, page) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH asklint 1"), "{page}");
    // One page: every command has its section, with every option it takes (roff escapes `-`).
    let command = asklint::cli::Cli::command();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let heading = format!(".SH \"ASKLINT {}\"", sub.get_name().to_uppercase());
        let section = page
            .split(&heading)
            .nth(1)
            .unwrap_or_else(|| panic!("no `{heading}` in {page}"));
        let section = section.split("\n.SH ").next().unwrap();
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                let option = format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-"));
                assert!(section.contains(&option), "{heading}: no {option}");
            }
        }
    }
    assert!(page.contains("\\-\\-show\\-suppressed"));
    // Pages for the commands are not installed: the page does not point at them.
    assert!(!page.contains("asklint\\-check(1)"), "{page}");
    // groff reads it without a warning.
    if let Some(output) = tool_output("groff", &["-man", "-Tutf8", "-ww", "-z"], page.as_bytes()) {
        assert!(output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    }
}

#[cfg(unix)]
#[test]
fn a_written_file_has_the_permissions_of_any_new_file_and_a_replaced_one_keeps_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode();
    // What the umask gives a new file, whatever it is where the test runs.
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).unwrap();
    let report = dir.path().join("report.sarif");
    let write = || {
        asklint()
            .current_dir(fixtures())
            .args(["check", "--format", "sarif", "--output-file"])
            .arg(&report)
            .arg("project/enablement-request.json")
            .output()
            .unwrap()
    };
    write();
    assert_eq!(mode(&report), mode(&reference));
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
    write();
    assert_eq!(mode(&report) & 0o777, 0o640);
}

#[test]
fn a_walk_leaves_data_files_that_only_look_like_smapi_bodies_alone() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "data/facts.json",
            r#"{"items": [{"id": 1, "text": "a fact"}]}"#,
        ),
        (
            "test/error.json",
            r#"{"code": 500, "message": "internal error"}"#,
        ),
        ("locales/en.json", r#"{"message": "Welcome"}"#),
        (
            "smapi/not-found.json",
            r#"{"code": "SKILL_NOT_FOUND", "message": "No skill"}"#,
        ),
        (
            "smapi/enable.json",
            r#"{"unitId": "amzn1.alexa.unit.did.X", "stage": "Live"}"#,
        ),
    ];
    for (path, text) in files {
        std::fs::create_dir_all(dir.path().join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let checked = |args: &[&str]| {
        let (_, json) = check_json(dir.path(), args);
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        checked(&["."]),
        ["smapi/enable.json", "smapi/not-found.json"]
    );
    // Named, a file whose shape is ours only by a weak key is not forced into a kind either.
    assert!(checked(&["data/facts.json"]).is_empty());
    assert_eq!(checked(&["smapi/enable.json"]), ["smapi/enable.json"]);
}
