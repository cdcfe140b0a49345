//! Hostile input: every file gets a diagnostic with a position (or a path error), nothing panics,
//! the other files are still checked, the exit code says what happened (1 findings, 2 a path that
//! could not be read or a broken configuration), and the JSON output is valid in every case.
//!
//! Elsewhere: a configuration with every kind of mistake (tests/config.rs,
//! `a_broken_configuration_is_reported_where_it_is_broken`); a listed file deleted before it is
//! read (src/files.rs, `a_listed_file_deleted_before_it_is_read_is_a_path_error`); FIFOs, endless
//! files, a process limit and hostile output targets (tests/io.rs); each syntax
//! message and the token it covers (src/parse.rs).

mod common;

use std::path::Path;

use common::pipeline::assert_valid_output;
use common::{asklint, assert_positions_consistent, check_json, stdout};
use serde_json::Value;

/// The diagnostics of one file, as `CODE message`.
fn findings_of(json: &Value, path: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// The path errors of a run, as `path: message`.
fn errors_of(json: &Value) -> Vec<String> {
    json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// The text a diagnostic's range covers.
fn covered<'a>(text: &'a str, d: &Value) -> &'a str {
    let offset = |p: &Value| p["offset"].as_u64().unwrap() as usize;
    &text[offset(&d["range"]["start"])..offset(&d["range"]["end"])]
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const HUGE: &str = "1234567890123456789012345678901234567890";

#[test]
fn bad_files_are_diagnosed_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    // Each file, and one diagnostic it must have.
    let files: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.json", Vec::new(), "JSON001 the file is empty"),
        (
            "whitespace.json",
            b"  \n\t ".to_vec(),
            "JSON001 the file is empty",
        ),
        (
            "bom.json",
            b"\xEF\xBB\xBF{\"manifest\": {}}".to_vec(),
            "JSON005 the file starts with a UTF-8 byte order mark",
        ),
        (
            "invalid-utf8.json",
            b"{\"manifest\": {\"a\": \"\xFF\"}}".to_vec(),
            "JSON005 invalid UTF-8 byte 0xFF",
        ),
        (
            "utf16.json",
            "\u{FEFF}{\"manifest\": {}}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
            "JSON005 the file is encoded as UTF-16 (little-endian), not UTF-8",
        ),
        (
            "binary.json",
            (0..=255u8).cycle().take(1024).collect(),
            "JSON005 the file is binary, not JSON text",
        ),
        (
            "deep-array.json",
            [vec![b'['; 100_000], vec![b']'; 100_000]].concat(),
            "JSON001 objects and arrays are nested more than 127 levels deep",
        ),
        (
            "deep-unclosed.json",
            vec![b'{'; 100_000],
            "JSON001 expected a key in double quotes",
        ),
        (
            "numbers.json",
            b"{\"manifest\": {\"x\": 1e400, \"y\": -0}}".to_vec(),
            "JSON001 the number `1e400` is too large to be read",
        ),
        (
            "nan.json",
            b"{\"manifest\": {\"x\": NaN}}".to_vec(),
            "JSON001 `NaN` is not a JSON number",
        ),
        (
            "infinity.json",
            b"{\"manifest\": {\"x\": Infinity}}".to_vec(),
            "JSON001 `Infinity` is not a JSON number",
        ),
        (
            "minus-infinity.json",
            b"{\"unitId\": \"u\", \"stage\": -Infinity}".to_vec(),
            "JSON001 `-Infinity` is not a JSON number",
        ),
        (
            "huge-integers.json",
            format!(
                "{{\"operation\": \"list-enablements\", \"unitId\": \"amzn1.alexa.unit.did.AKQ7M2XTRB4LWZ3EXAMPLE\",\n \"maxResults\": {HUGE}, \"nextToken\": -{HUGE}}}"
            )
            .into_bytes(),
            "PAG001 `maxResults` is 1.2345678901234568e+39; it must be at most 10",
        ),
        (
            "control.json",
            b"{\"manifest\": {\"x\": \"a\x01b\"}}".to_vec(),
            "JSON001 a control character (U+0001) inside a string",
        ),
        (
            "surrogate.json",
            b"{\"manifest\": {\"x\": \"\\ud800\"}}".to_vec(),
            "JSON001 `\\ud800` is half of a UTF-16 surrogate pair, without its other half",
        ),
        (
            "duplicates.json",
            b"{\"manifest\": {\"a\": 1, \"a\": {\"b\": 1, \"b\": 2}},\n \"manifest\": {\"apis\": [{\"c\": 1, \"c\": 2}]}}".to_vec(),
            "JSON003 duplicate key `manifest`",
        ),
    ];
    for (name, bytes, _) in &files {
        write(dir.path(), name, bytes);
    }
    // A healthy file among them is still checked, and its finding still reported.
    write(
        dir.path(),
        "enable.json",
        r#"{"unitId": "amzn1.alexa.unit.did.AKQ7M2XTRB4LWZ3EXAMPLE", "stage": "Live"}"#,
    );
    // A broken configuration: its file is not checked, the others are.
    write(dir.path(), "sub/asklint.toml", "ignore = [\"EP001\"\n");
    write(dir.path(), "sub/skill.json", r#"{"manifest": {}}"#);
    let mut args: Vec<String> = files.iter().map(|(name, ..)| name.to_string()).collect();
    args.extend(["enable.json", "sub/skill.json", "missing.json"].map(String::from));
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .args(&args)
        .output()
        .unwrap();
    // 2: a path could not be read, a configuration is broken; never a panic (101).
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("the output is JSON");
    assert_valid_output(&json);
    assert_positions_consistent(dir.path(), &json);
    for (name, _, expected) in &files {
        let found = findings_of(&json, name);
        assert!(
            found.iter().any(|f| f == expected),
            "{name}: expected `{expected}` among {found:#?}"
        );
    }
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let at = |path: &str, code: &str| {
        diagnostics
            .iter()
            .filter(|d| d["path"] == path && d["code"] == code)
            .collect::<Vec<_>>()
    };
    // Duplicates at every level: the root, nested objects, an object in an array.
    let pointers: Vec<&str> = at("duplicates.json", "JSON003")
        .iter()
        .map(|d| d["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        [
            "/manifest/a",
            "/manifest/a/b",
            "/manifest",
            "/manifest/apis/0/c"
        ]
    );
    // A 40-digit number is read (as the nearest float) and pointed at whole.
    let huge = std::fs::read_to_string(dir.path().join("huge-integers.json")).unwrap();
    assert_eq!(covered(&huge, at("huge-integers.json", "PAG001")[0]), HUGE);
    assert_eq!(
        covered(&huge, at("huge-integers.json", "SCH003")[0]),
        format!("-{HUGE}")
    );
    // Non-finite literals are covered whole, the sign too.
    let minus = std::fs::read_to_string(dir.path().join("minus-infinity.json")).unwrap();
    assert_eq!(
        covered(&minus, at("minus-infinity.json", "JSON001")[0]),
        "-Infinity"
    );
    assert_eq!(
        findings_of(&json, "enable.json"),
        ["STG001 stage `Live` must be lower case: `live`"]
    );
    assert_eq!(at("sub/asklint.toml", "CFG001").len(), 1);
    assert!(findings_of(&json, "sub/skill.json").is_empty());
    assert_eq!(json["errors"][0]["path"], "missing.json");
    assert_eq!(json["errors"][0]["message"], "no such file or directory");
}

/// A 50 MB interaction model (one slot type with over 400,000 values, a mistake in the last) and a
/// manifest with a 10 MB description: both checked, the findings placed exactly, and the human
/// format shows a part of the 10 MB line, not all of it.
#[test]
fn a_50_mb_model_and_a_10_mb_string() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = String::from(
        r#"{"interactionModel": {"languageModel": {"invocationName": "city guide", "intents": [
  {"name": "AMAZON.CancelIntent", "samples": []}, {"name": "AMAZON.HelpIntent", "samples": []},
  {"name": "AMAZON.StopIntent", "samples": []}, {"name": "AMAZON.NavigateHomeIntent", "samples": []},
  {"name": "AMAZON.FallbackIntent", "samples": []},
  {"name": "VisitIntent", "slots": [{"name": "place", "type": "PlaceType"}], "samples": ["visit {place}"]}],
  "types": [{"name": "PlaceType", "values": [
"#,
    );
    let mut values = 0;
    while model.len() < 50 << 20 {
        let synonyms = if model.len() < (50 << 20) - 200 {
            format!(r#"["spot {values}", "site {values}", "location {values}"]"#)
        } else {
            // The last one is a mistake: a string where a list belongs.
            format!(r#""spot {values}""#)
        };
        model.push_str(&format!(
            "{}{{\"id\": \"PLACE_{values}\", \"name\": {{\"value\": \"place number {values}\", \"synonyms\": {synonyms}}}}}\n",
            if values == 0 { "" } else { "," },
        ));
        values += 1;
    }
    model.push_str("]}]}}}\n");
    let model_path = "skill-package/interactionModels/custom/en-US.json";
    write(dir.path(), model_path, &model);
    let description = "a".repeat(10 << 20);
    write(
        dir.path(),
        "skill-package/skill.json",
        serde_json::to_string_pretty(&serde_json::json!({"manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {"locales": {"en-US": {
                "name": "City Guide", "summary": "Places to see", "description": description,
                "examplePhrases": ["Alexa, open city guide"]}}},
            "apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:guide"}}}
        }}))
        .unwrap(),
    );

    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1, "{json:#}");
    assert_valid_output(&json);
    assert_positions_consistent(dir.path(), &json);
    let mistake = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == model_path && d["code"] == "SCH003")
        .unwrap_or_else(|| panic!("no SCH003 in the model: {json:#}"));
    assert_eq!(
        mistake["range"]["start"]["line"],
        model.lines().count() - 1,
        "{mistake:#}"
    );
    assert!(
        findings_of(&json, "skill-package/skill.json").contains(&format!(
            "PUB003 the description is {} characters long; the skill store takes at most 4000",
            10 << 20
        )),
        "{json:#}"
    );

    let human = asklint()
        .current_dir(dir.path())
        .args(["check", "--color", "never", "skill-package/skill.json"])
        .output()
        .unwrap();
    let text = stdout(&human);
    assert!(
        text.contains("PUB003") && text.len() < 16 << 10,
        "{} bytes of human output",
        text.len()
    );
}

#[test]
fn a_directory_named_skill_json_and_a_binary_skill_json() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::create_dir_all(dir.join("a/skill.json")).unwrap();
    std::fs::create_dir_all(dir.join("c/skill.json")).unwrap();
    write(dir, "c/skill.json/notes.json", r#"{"note": "not ours"}"#);
    write(
        dir,
        "b/skill.json",
        [0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe],
    );
    // `a` is walked and meets the folder; `c/skill.json` is a folder named on the command line,
    // walked like any other (and what it holds is not ours).
    let (code, json) = check_json(dir, &["a", "b/skill.json", "c/skill.json"]);
    assert_eq!(code, 1, "{json}");
    assert_valid_output(&json);
    assert_eq!(
        findings_of(&json, "b/skill.json"),
        ["JSON005 the file is binary, not JSON text"]
    );
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
    assert_eq!(json["files"][0]["kind"], "skill-manifest");
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[cfg(unix)]
#[test]
fn a_directory_loop_and_broken_links_while_walking() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::create_dir_all(dir.join("project/sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("project/sub/back")).unwrap();
    // A dangling link to something that is not JSON is not ours; one named `.json` is reported.
    std::fs::create_dir_all(dir.join("project/bin")).unwrap();
    std::os::unix::fs::symlink("../build/tool", dir.join("project/bin/tool")).unwrap();
    std::os::unix::fs::symlink("gone.json", dir.join("project/link.json")).unwrap();
    write(
        dir,
        "project/payload.json",
        r#"{"unitId": "amzn1.alexa.unit.did.X", "stage": "LIVE"}"#,
    );
    let (code, json) = check_json(dir, &["project"]);
    assert_eq!(code, 2, "{json:#}");
    assert_valid_output(&json);
    assert_eq!(
        errors_of(&json),
        [
            "project/link.json: broken symbolic link: what it points to does not exist",
            "project/sub/back: directory loop: a symbolic link points back to one of its parents"
        ]
    );
    assert_eq!(json["files"][0]["path"], "project/payload.json");
    assert_eq!(json["diagnostics"][0]["code"], "STG001");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_path_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "locked.json", r#"{"unitId": "u"}"#);
    write(dir, "closed/enable.json", r#"{"unitId": "u"}"#);
    write(
        dir,
        "enable.json",
        r#"{"unitId": "amzn1.alexa.unit.did.AKQ7M2XTRB4LWZ3EXAMPLE", "stage": "Live"}"#,
    );
    let lock = |path: &str, mode: u32| {
        std::fs::set_permissions(dir.join(path), std::fs::Permissions::from_mode(mode)).unwrap();
    };
    lock("locked.json", 0o000);
    lock("closed", 0o000);
    // Root (as in many containers, and CI here) reads anything whatever its mode: then asklint
    // runs as `nobody`, through util-linux's setpriv, in a folder open to it.
    let as_root = std::fs::read(dir.join("locked.json")).is_ok();
    let asklint = || {
        let mut command = std::process::Command::new(if as_root {
            "setpriv"
        } else {
            env!("CARGO_BIN_EXE_asklint")
        });
        if as_root {
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
            command.arg(env!("CARGO_BIN_EXE_asklint"));
        }
        command
    };
    if as_root {
        lock(".", 0o755);
        // setpriv may be missing, or the binary or this folder out of nobody's reach (under
        // /root, say): nobody must at least find the readable file's finding (exit 1).
        let runs = asklint()
            .current_dir(dir)
            .args(["check", "enable.json"])
            .output();
        if !runs.as_ref().is_ok_and(|o| o.status.code() == Some(1)) {
            lock("closed", 0o755);
            eprintln!("skipping: running as root, and asklint cannot run as nobody: {runs:?}");
            return;
        }
    }
    let output = asklint()
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    // Let the temporary folder be removed.
    lock("closed", 0o755);
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("output is not JSON ({e}): {output:?}"));
    let code = output.status.code().expect("asklint exited normally");
    assert_eq!(code, 2, "{json:#}");
    assert_valid_output(&json);
    assert_eq!(
        errors_of(&json),
        [
            "closed: permission denied",
            "locked.json: permission denied"
        ]
    );
    assert_eq!(
        findings_of(&json, "enable.json"),
        ["STG001 stage `Live` must be lower case: `live`"]
    );
}

/// Ctrl-C while the report is being written: no temporary file is left, the report is the old one
/// or the whole new one (never a part), and asklint dies of the signal as it would without a
/// handler (130 in a shell). Started with SIGINT ignored (a script's background job), it goes on
/// and writes the whole report. The signal is sent once the temporary file is seen, not after a
/// guessed delay; a run that finishes first is started again.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_partial_report_and_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, ExitStatus, Stdio};
    const OLD: &str = "the old report";
    let dir = tempfile::tempdir().unwrap();
    // 30,000 findings: the report takes a while to write.
    let intents: Vec<String> = (0..30_000)
        .map(|i| format!(r#"{{"name": "Intent{i}", "samples": "say {i}"}}"#))
        .collect();
    write(
        dir.path(),
        "many.json",
        format!(
            "{{\"interactionModel\": {{\"languageModel\": {{\"invocationName\": \"many findings\", \"intents\": [\n{}]}}}}}}",
            intents.join(",\n")
        ),
    );
    let out = dir.path().join("out");
    let temporary_files = || {
        std::fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "report.json")
            .collect::<Vec<_>>()
    };
    // One run, sent SIGINT once its temporary file is seen: how it ended and the report it left,
    // or `None` when it finished first.
    let interrupt = |ignoring: bool| -> Option<(ExitStatus, String)> {
        write(dir.path(), "out/report.json", OLD);
        // `trap '' INT` ignores SIGINT, as a shell does for a background job, and exec keeps that.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(if ignoring {
                "trap '' INT; exec \"$0\" \"$@\""
            } else {
                "exec \"$0\" \"$@\""
            })
            .arg(env!("CARGO_BIN_EXE_asklint"))
            .args(["check", "--statistics", "--format", "json"])
            .args(["--output-file", "out/report.json", "many.json"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut sent = false;
        while !sent && child.try_wait().unwrap().is_none() {
            if !temporary_files().is_empty() {
                let pid = child.id().to_string();
                assert!(
                    Command::new("kill")
                        .args(["-INT", &pid])
                        .status()
                        .unwrap()
                        .success()
                );
                sent = true;
            }
        }
        let status = child.wait().unwrap();
        assert_eq!(temporary_files(), Vec::<String>::new(), "{status:?}");
        let report = std::fs::read_to_string(out.join("report.json")).unwrap();
        if report != OLD {
            let json: Value = serde_json::from_str(&report).expect("a whole new report");
            assert_eq!(json["summary"]["files"], 1);
        }
        sent.then_some((status, report))
    };
    let mut interrupted_while_writing = false;
    for _ in 0..5 {
        let Some((status, report)) = interrupt(false) else {
            continue;
        };
        // A signal that came after the rename finds nothing to remove and the new report.
        assert_eq!(status.signal(), Some(2), "{status:?}");
        if report == OLD {
            interrupted_while_writing = true;
            break;
        }
    }
    assert!(
        interrupted_while_writing,
        "no run was interrupted while writing its report"
    );
    for _ in 0..5 {
        if let Some((status, report)) = interrupt(true) {
            assert_eq!(status.code(), Some(1), "{status:?}");
            assert_ne!(report, OLD);
            return;
        }
    }
    panic!("no run with SIGINT ignored was sent it while writing its report");
}
