//! `check --fix`, `--unsafe-fixes` and `--diff`, run as a user runs them: on copies of files in a
//! temporary folder.
//!
//! - `tests/fixtures/fixes/<CODE>/*.json`: each fixture is fixed with only its code selected; the
//!   fixed text is snapshot beside the input, parses as strict JSON, and has no finding of the code;
//! - `--diff` writes nothing; permissions survive; standard input; a fix that would add a finding
//!   leaves the file as it was;
//! - the real-world corpus (`../shared/corpus/realworld/`, skipped when absent): fixing twice
//!   changes nothing the second time, and no file gets worse;
//! - an interrupted run (SIGINT) leaves every file as it was or fully fixed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{asklint, stdout};
use serde_json::Value;

/// Run asklint in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = asklint()
        .current_dir(dir)
        .arg("check")
        .arg("--isolated")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn every_fix_fixture() {
    insta::glob!("fixtures/fixes/*/*.json", |fixture| {
        let code = fixture
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let name = fixture.file_name().unwrap().to_str().unwrap();
        let original = std::fs::read(fixture).unwrap();
        std::fs::write(dir.path().join(name), &original).unwrap();

        let (_, before, _) = run(dir.path(), &["--select", code, "--format", "json", name]);
        let before = json_of(&before);
        let fixable = before["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code && !d["fix"].is_null())
            .count();
        assert!(fixable > 0, "{name}: no {code} finding with a fix");

        let (_, report, _) = run(
            dir.path(),
            &[
                "--fix",
                "--unsafe-fixes",
                "--select",
                code,
                "--format",
                "json",
                name,
            ],
        );
        let report = json_of(&report);
        assert!(report["summary"]["fixed"].as_u64().unwrap() > 0, "{report}");
        let fixed = std::fs::read_to_string(dir.path().join(name)).expect("fixed text is UTF-8");
        assert_ne!(fixed.as_bytes(), original.as_slice(), "{name} unchanged");
        serde_json::from_str::<Value>(&fixed).unwrap_or_else(|e| {
            panic!("{name}: the fixed text is not strict JSON ({e}):\n{fixed}")
        });
        let left: Vec<&Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .collect();
        assert!(
            left.is_empty(),
            "{name}: {code} is still reported: {left:#?}"
        );
        // The report after --fix is the file as it now is: checking it again agrees.
        let (status, again, _) = run(dir.path(), &["--select", code, "--format", "json", name]);
        assert_eq!(json_of(&again)["diagnostics"], report["diagnostics"]);
        assert_eq!(status, 0, "{name}: {again}");

        insta::assert_snapshot!(format!(
            "input:\n{}\nfixed:\n{fixed}",
            String::from_utf8_lossy(&original)
        ));
    });
}

#[test]
fn diff_writes_nothing_and_exits_1_when_there_is_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\",\n  \"stage\": \"Live\",\n}\n";
    std::fs::write(dir.path().join("enable.json"), text).unwrap();
    let (status, diff, err) = run(dir.path(), &["--diff", "enable.json"]);
    assert_eq!(status, 1, "{err}");
    insta::assert_snapshot!(diff, @r#"
    --- a/enable.json
    +++ b/enable.json
    @@ -1,4 +1,4 @@
     {
       "unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE",
    -  "stage": "Live",
    +  "stage": "live"
     }
    "#);
    assert!(err.contains("2 fixes in 1 file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("enable.json")).unwrap(),
        text
    );
    // Nothing to fix: no diff, exit 0.
    let clean = "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\"}";
    std::fs::write(dir.path().join("enable.json"), clean).unwrap();
    let (status, diff, _) = run(dir.path(), &["--diff", "enable.json"]);
    assert_eq!((status, diff.as_str()), (0, ""));
}

#[test]
fn fix_reports_what_remains_and_what_it_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"LIVE\", // x\n}";
    std::fs::write(dir.path().join("enable.json"), text).unwrap();
    let (status, out, _) = run(dir.path(), &["--color", "never", "enable.json"]);
    assert_eq!(status, 1);
    assert!(
        out.contains("STG001 stage-value [*]") && out.contains("JSON004 comment\n"),
        "{out}"
    );
    assert!(
        out.ends_with("[*] 2 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"),
        "{out}"
    );
    let (status, out, _) = run(dir.path(), &["--fix", "--color", "never", "enable.json"]);
    assert_eq!(status, 1, "the comment remains");
    assert!(
        out.ends_with("2 fixed, 1 remaining (1 more with `--unsafe-fixes`).\n"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("enable.json")).unwrap(),
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"live\" // x\n}"
    );
    let (status, out, _) = run(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--color", "never", "enable.json"],
    );
    assert_eq!(status, 0, "{out}");
    assert!(out.ends_with("1 fixed, 0 remaining.\n"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("enable.json")).unwrap(),
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"live\"\n}"
    );
}

#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_permissions_and_a_clean_one_is_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fixable = dir.path().join("enable.json");
    std::fs::write(
        &fixable,
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\",}",
    )
    .unwrap();
    std::fs::set_permissions(&fixable, std::fs::Permissions::from_mode(0o640)).unwrap();
    let clean = dir.path().join("clean.json");
    std::fs::write(
        &clean,
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\"}",
    )
    .unwrap();
    std::fs::set_permissions(&clean, std::fs::Permissions::from_mode(0o444)).unwrap();
    let clean_modified = std::fs::metadata(&clean).unwrap().modified().unwrap();
    // Through a symbolic link, the file it names is fixed and the link stays a link.
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&fixable, &link).unwrap();

    let (status, _, err) = run(dir.path(), &["--fix", "link.json", "clean.json"]);
    assert_eq!(status, 0, "{err}");
    let meta = std::fs::metadata(&fixable).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&fixable).unwrap(),
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\"}"
    );
    assert_eq!(
        std::fs::metadata(&clean).unwrap().modified().unwrap(),
        clean_modified
    );
    // Only the two files: no temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn stdin_with_fix_prints_the_fixed_text_and_the_findings_go_to_stderr() {
    let output = asklint()
        .args(["check", "--isolated", "--fix", "--format", "concise", "-"])
        .write_stdin("{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"Live\" /* c */,}")
        .output()
        .unwrap();
    assert_eq!(
        stdout(&output),
        "{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"live\" /* c */}"
    );
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("JSON004 comments are not allowed"), "{err}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_pass_that_would_add_a_finding_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // Both misspelt keys are one letter from `allowsPurchases`: renaming both (unsafe fixes)
    // would write the key twice.
    let text = "{\"manifest\": {\"manifestVersion\": \"1.0\", \"privacyAndCompliance\": {\"allowPurchases\": false, \"allowsPurchase\": false}}}";
    std::fs::write(dir.path().join("skill.json"), text).unwrap();
    let (_, out, err) = run(
        dir.path(),
        &[
            "--fix",
            "--unsafe-fixes",
            "--select",
            "SCH002",
            "skill.json",
        ],
    );
    assert!(
        err.contains("skill.json: no fix applied: a fix would add a JSON003 finding (0 before, 1 after); the file is left as it was"),
        "{err}"
    );
    assert!(out.contains("0 fixed, 2 remaining."), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("skill.json")).unwrap(),
        text
    );
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
            // The corpus is read-only, and --fix does not replace a read-only file.
            let mut permissions = std::fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(&target, permissions).unwrap();
        }
    }
}

/// Per file: whether it parsed, and how many findings of each code it has.
fn census(json: &Value) -> BTreeMap<String, (bool, BTreeMap<String, usize>)> {
    let mut out: BTreeMap<String, (bool, BTreeMap<String, usize>)> = BTreeMap::new();
    for file in json["files"].as_array().unwrap() {
        out.entry(file["path"].as_str().unwrap().to_owned())
            .or_insert((true, BTreeMap::new()));
    }
    for d in json["diagnostics"].as_array().unwrap() {
        let entry = out
            .entry(d["path"].as_str().unwrap().to_owned())
            .or_insert((true, BTreeMap::new()));
        let code = d["code"].as_str().unwrap();
        if code == "JSON001" || (code == "JSON005" && d["fix"].is_null()) {
            entry.0 = false;
        }
        *entry.1.entry(code.to_owned()).or_insert(0) += 1;
    }
    out
}

#[test]
fn the_real_world_corpus_fixed_twice_changes_nothing_the_second_time_and_gets_no_worse() {
    let Some(shared) = common::shared() else {
        return;
    };
    let corpus = shared.join("corpus/realworld");
    if !corpus.is_dir() {
        eprintln!("skipping: no corpus/realworld in ../shared");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus, dir.path());
    let (_, before, _) = run(dir.path(), &["--format", "json", "."]);
    let before = json_of(&before);
    let original = snapshot(dir.path());

    let (_, first, err) = run(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--format", "json", "."],
    );
    let first = json_of(&first);
    let fixed = snapshot(dir.path());
    let changed = original
        .iter()
        .filter(|(path, bytes)| fixed.get(*path) != Some(bytes))
        .count();
    assert!(changed > 0, "the corpus has fixable files");
    assert_eq!(
        first["summary"]["fixed"].as_u64().unwrap() > 0,
        changed > 0,
        "{err}"
    );
    // The second run finds nothing more to do.
    let (_, second, _) = run(
        dir.path(),
        &["--fix", "--unsafe-fixes", "--format", "json", "."],
    );
    assert_eq!(json_of(&second)["summary"]["fixed"], 0);
    assert_eq!(
        snapshot(dir.path()),
        fixed,
        "the second --fix changed files"
    );

    let (before, after) = (census(&before), census(&first));
    for (path, (parsed, codes)) in &before {
        let (parsed_after, codes_after) = &after[path];
        assert!(!parsed || *parsed_after, "{path} no longer parses");
        for (code, n) in codes_after {
            let was = codes.get(code).copied().unwrap_or(0);
            assert!(*n <= was, "{path}: {code} {was} → {n}");
        }
    }
    eprintln!(
        "corpus: {} fixes in {changed} of {} files",
        first["summary"]["fixed"],
        original.len()
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_every_file_as_it_was_or_fully_fixed() {
    const FILES: usize = 1500;
    let dir = tempfile::tempdir().unwrap();
    // A manifest with a dozen trailing commas and a few fixes of other codes, made big enough that
    // fixing many of them takes a while.
    let phrases: Vec<String> = (0..40)
        .map(|i| format!("\"Alexa, ask tide tables for port {i}\",\n"))
        .collect();
    let original = format!(
        "{{\"manifest\": {{\"manifestVersion\": 1.0, \"permissions\": [], \"publishingInformation\": {{\"locales\": {{\"en_US\": {{\"name\": \"Tide Tables\", \"examplePhrases\": [{}],}},}},}},}},}}\n",
        phrases.concat()
    );
    let model = dir.path().join("model.json");
    std::fs::write(&model, &original).unwrap();
    let (_, _, err) = run(dir.path(), &["--fix", "model.json"]);
    let expected = std::fs::read_to_string(&model).unwrap();
    assert_ne!(expected, original, "{err}");
    std::fs::remove_file(&model).unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    for i in 0..FILES {
        let sub = files.join(format!("{:03}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("skill-{i}.json")), &original).unwrap();
    }

    // Interrupt ever later until a run is caught part-way (some files fixed, some not).
    let mut delay = std::time::Duration::from_millis(150);
    for attempt in 0..8 {
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("asklint"))
            .current_dir(dir.path())
            .args(["check", "--isolated", "--fix", "-q", "files"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // SAFETY: kill(2) on a child this test started and has not waited for.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGINT);
        }
        let status = child.wait_with_output().unwrap().status;
        let mut counts = [0usize; 2];
        for (path, bytes) in snapshot(&files) {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                path.extension().is_some_and(|e| e == "json"),
                "left behind: {path:?}"
            );
            if text == original {
                counts[0] += 1;
            } else {
                assert_eq!(text, expected, "{path:?} is half fixed");
                counts[1] += 1;
            }
        }
        assert_eq!(counts[0] + counts[1], FILES);
        eprintln!("attempt {attempt}: {delay:?}, {status:?}: {counts:?} (as it was, fixed)");
        if counts[0] > 0 && counts[1] > 0 {
            assert_eq!(status.code(), None, "killed by the signal");
            return;
        }
        if counts[0] == 0 {
            // Finished before the signal: start again from the original files, sooner.
            for entry in walkdir::WalkDir::new(&files) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    std::fs::write(entry.path(), &original).unwrap();
                }
            }
            delay /= 2;
        } else {
            delay *= 2;
        }
    }
    panic!("no run was interrupted part-way");
}

#[test]
fn rules_and_explain_say_how_safely_a_rule_fixes() {
    let output = asklint().args(["explain", "JSON004"]).output().unwrap();
    assert!(
        stdout(&output)
            .contains("Fix: unsafe (applied by `--fix --unsafe-fixes`): the comment is removed"),
        "{}",
        stdout(&output)
    );
    let output = asklint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules = json_of(&stdout(&output));
    let fix_of = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()["fix"]
            .clone()
    };
    assert_eq!(fix_of("STG001"), "safe");
    assert_eq!(fix_of("PRV005"), "unsafe");
    assert_eq!(fix_of("ID001"), Value::Null);
}

#[test]
fn a_secret_of_the_environment_reaches_no_fix_output() {
    let token = "Atza|IwEBIExampleSecretToken0123456789";
    let text = format!(
        "{{\"unitId\": \"amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE\", \"stage\": \"Live\", \"note\": \"{token}\",}}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("enable.json"), &text).unwrap();
    for args in [
        &["--diff"][..],
        &["--fix", "--format", "json", "-"],
        &["--format", "json", "enable.json"],
        &["--format", "sarif", "enable.json"],
    ] {
        let output = asklint()
            .current_dir(dir.path())
            .env("ASK_ACCESS_TOKEN", token)
            .args(["check", "--isolated"])
            .args(args)
            .args(if args[0] == "--diff" {
                &["enable.json"][..]
            } else {
                &[]
            })
            .write_stdin(text.clone())
            .output()
            .unwrap();
        let everything = format!(
            "{}{}",
            stdout(&output),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !everything.contains("IwEBIExampleSecret"),
            "{args:?}: {everything}"
        );
        if args[0] == "-" || args.contains(&"-") {
            assert!(
                everything.contains("the fixed text is not printed"),
                "{everything}"
            );
        }
    }
    // A fix whose message and edit quote the secret (an http link holding it).
    let manifest = format!(
        "{{\"manifest\": {{\"privacyAndCompliance\": {{\"locales\": {{\"en-US\": {{\"privacyPolicyUrl\": \"http://tides.example.org/{token}\"}}}}}}}}}}"
    );
    std::fs::write(dir.path().join("skill.json"), &manifest).unwrap();
    for format in ["json", "sarif", "human"] {
        let output = asklint()
            .current_dir(dir.path())
            .env("ASK_ACCESS_TOKEN", token)
            .args([
                "check",
                "--isolated",
                "--unsafe-fixes",
                "--format",
                format,
                "skill.json",
            ])
            .output()
            .unwrap();
        let out = stdout(&output);
        assert!(
            out.contains("https://tides.example.org/"),
            "{format}: {out}"
        );
        assert!(!out.contains("IwEBIExampleSecret"), "{format}: {out}");
    }
    // The file itself is the user's: fixed on disk with its own text.
    let (_, _, _) = run(dir.path(), &["--fix", "enable.json"]);
    let fixed = std::fs::read_to_string(dir.path().join("enable.json")).unwrap();
    assert!(
        fixed.contains(token) && fixed.contains("\"live\""),
        "{fixed}"
    );
}
