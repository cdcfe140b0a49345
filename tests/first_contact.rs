//! What a new user meets first (issue 17): named files that are not ours, ignored folders,
//! standard input, the headline, the flags and commands a ruff user reaches for.

mod common;

use std::path::Path;
use std::process::Output;

use common::{asklint, stdout};

/// A bad enablement request: one finding (STG001), and a shape that is firmly ours.
const BAD_REQUEST: &str = "{\n  \"unitId\": \"u1\",\n  \"stage\": \"Live\"\n}\n";

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    asklint()
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".xdg"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

/// The paths of the files `--format json` reported.
fn checked_files(output: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

// --- Files named explicitly that are not ours ---

#[test]
fn named_files_that_are_not_ours_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "package.json",
        r#"{"name": "skill", "version": "1.0.0"}"#,
    );
    write(
        dir,
        "package-lock.json",
        r#"{"name": "skill", "lockfileVersion": 3, "packages": {}}"#,
    );
    write(
        dir,
        "tsconfig.json",
        "{\n  // comments, as TypeScript allows\n  \"compilerOptions\": {}\n}\n",
    );
    write(
        dir,
        "lambda/data/facts.json",
        r#"{"items": [{"id": 1, "fact": "a year on Mars"}]}"#,
    );
    let named = [
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "lambda/data/facts.json",
    ];
    let output = run_in(dir, &[&["check", "--color", "never"][..], &named].concat());
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    for file in named {
        assert!(
            stderr(&output).contains(&format!(
                "asklint: {file} is not checked: neither its keys nor its path"
            )),
            "{}",
            stderr(&output)
        );
    }
    assert!(!stdout(&output).contains("KIND001"), "{}", stdout(&output));
}

#[test]
fn named_files_whose_path_or_configuration_says_they_are_ours_get_kind001() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let unknown = r#"{"name": "x"}"#;
    write(dir, "skill-package/assets/odd.json", unknown);
    write(
        dir,
        "proj/skill-package/interactionModels/custom/en-US.json",
        unknown,
    );
    write(dir, "enable.request.json", unknown);
    // The weak key that once made this an enablement list still does, inside a skill package.
    write(dir, "skill-package/items.json", r#"{"items": [{"id": 1}]}"#);
    for (file, code_expected) in [
        ("skill-package/assets/odd.json", "KIND001"),
        // A model folder's file is a model whatever its shape (IM019 says what is wrong).
        (
            "proj/skill-package/interactionModels/custom/en-US.json",
            "IM019",
        ),
        ("enable.request.json", "KIND001"),
        ("skill-package/items.json", "SCH"),
    ] {
        let output = run_in(dir, &["check", "--format", "concise", file]);
        assert_eq!(code(&output), 1, "{file}: {}", stderr(&output));
        assert!(
            stdout(&output).contains(code_expected),
            "{file}: {}",
            stdout(&output)
        );
    }
    // From inside the package, the path still says so.
    let output = run_in(&dir.join("skill-package/assets"), &["check", "odd.json"]);
    assert!(stdout(&output).contains("KIND001"), "{}", stdout(&output));

    // A configuration's `include` names it.
    write(dir, "data/payload.json", unknown);
    write(dir, "asklint.toml", "include = [\"data/**\"]\n");
    let output = run_in(dir, &["check", "--format", "concise", "data/payload.json"]);
    assert!(stdout(&output).contains("KIND001"), "{}", stdout(&output));
    // Without it, the same shape is not ours.
    write(dir, "other/payload.json", unknown);
    let output = run_in(dir, &["check", "--isolated", "data/payload.json"]);
    assert_eq!(code(&output), 0);
    assert!(
        stderr(&output).contains("data/payload.json is not checked: neither"),
        "{}",
        stderr(&output)
    );

    // `--kind` checks anything as the kind it names.
    let output = run_in(
        dir,
        &[
            "check",
            "--isolated",
            "--kind",
            "enablement-request",
            "--format",
            "concise",
            "other/payload.json",
        ],
    );
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("SCH"), "{}", stdout(&output));
}

#[test]
fn a_named_file_firmly_of_our_shape_is_checked_wherever_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "payloads/enable.json", BAD_REQUEST);
    let output = run_in(
        dir.path(),
        &["check", "--format", "concise", "payloads/enable.json"],
    );
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("STG001"), "{}", stdout(&output));
}

// --- .gitignore and .ignore ---

/// `git init` in `dir`; `false` (and the test skips) when git is not installed.
fn git_init(dir: &Path) -> bool {
    match std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .env("HOME", dir)
        .output()
    {
        Ok(output) if output.status.success() => true,
        _ => {
            eprintln!("skipping: git is not installed");
            false
        }
    }
}

#[test]
fn walks_leave_out_what_git_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    if !git_init(dir) {
        return;
    }
    write(dir, ".gitignore", "dist/\n*.local.json\n!keep.local.json\n");
    write(dir, "sub/.gitignore", "build/\n");
    write(dir, ".git/info/exclude", "scratch/\n");
    // git's global excludes, where git looks for them by default.
    write(dir, ".xdg/git/ignore", "global-excluded/\n");
    for file in [
        "dist/enable.json",
        ".aws-sam/build/x.json",
        "sub/build/enable.json",
        "a.local.json",
        "scratch/enable.json",
        "global-excluded/enable.json",
        "keep.local.json",
        "sub/enable.json",
    ] {
        write(dir, file, BAD_REQUEST);
    }
    write(dir, ".aws-sam/.gitignore", "*\n");
    let walked = |args: &[&str]| {
        let output = run_in(dir, &[&["check", "--format", "json"][..], args].concat());
        let mut files = checked_files(&output);
        files.sort();
        files
    };
    assert_eq!(walked(&["."]), ["keep.local.json", "sub/enable.json"]);
    // From a subfolder, the repository's ignore files above it still apply.
    let output = run_in(&dir.join("sub"), &["check", "--format", "json", "."]);
    assert_eq!(checked_files(&output), ["enable.json"]);
    // `--no-ignore` walks everything.
    assert_eq!(walked(&["--no-ignore", "."]).len(), 8);
    // A file named is checked whatever ignores it.
    assert_eq!(walked(&["dist/enable.json"]), ["dist/enable.json"]);
    // A folder named is walked, though its parent's `.gitignore` names it.
    assert_eq!(walked(&["dist"]), ["dist/enable.json"]);
}

#[test]
fn without_git_only_ignore_files_count() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    if dir.ancestors().any(|d| d.join(".git").exists()) {
        eprintln!("skipping: the temporary folder is inside a git repository");
        return;
    }
    write(dir, ".ignore", "generated/\n");
    write(dir, ".gitignore", "dist/\n");
    for file in ["generated/enable.json", "dist/enable.json", "enable.json"] {
        write(dir, file, BAD_REQUEST);
    }
    let output = run_in(dir, &["check", "--format", "json", "."]);
    let mut files = checked_files(&output);
    files.sort();
    assert_eq!(files, ["dist/enable.json", "enable.json"]);
    let output = run_in(dir, &["check", "--no-ignore", "--format", "json", "."]);
    assert_eq!(checked_files(&output).len(), 3);
}

#[test]
fn a_configuration_include_still_chooses_among_what_is_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, ".ignore", "dist/\n");
    write(
        dir,
        "asklint.toml",
        "include = [\"payloads/**\", \"dist/**\"]\n",
    );
    for file in [
        "payloads/enable.json",
        "other/enable.json",
        "dist/enable.json",
    ] {
        write(dir, file, BAD_REQUEST);
    }
    let output = run_in(dir, &["check", "--format", "json", "."]);
    assert_eq!(checked_files(&output), ["payloads/enable.json"]);
    let output = run_in(dir, &["check", "--no-ignore", "--format", "json", "."]);
    let mut files = checked_files(&output);
    files.sort();
    assert_eq!(files, ["dist/enable.json", "payloads/enable.json"]);
}

// --- Standard input ---

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    // A file in the current folder that must not be what is checked.
    write(dir.path(), "enable.json", BAD_REQUEST);
    let output = asklint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "payload.json",
        ])
        .write_stdin(r#"{"unitId": "u1", "stage": "development", "extra": 1}"#)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("payload.json:1:"), "{out}");
    assert!(out.contains("SCH002"), "{out}");
    assert!(!out.contains("enable.json"), "{out}");
    // `-` as before.
    let output = asklint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "payload.json",
            "-",
        ])
        .write_stdin(BAD_REQUEST)
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("payload.json:3:12: error STG001"),
        "{}",
        stdout(&output)
    );
}

// --- Headlines ---

#[test]
fn a_run_that_checked_nothing_says_so_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let headline = |args: &[&str]| {
        let output = run_in(dir, &[&["check", "--color", "never"][..], args].concat());
        stdout(&output)
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(headline(&["."]), "Nothing checked: no JSON file found.");
    write(dir, "package.json", r#"{"name": "x"}"#);
    write(dir, "data/facts.json", r#"{"items": []}"#);
    assert_eq!(
        headline(&["."]),
        "Nothing checked: 2 JSON files found, of no kind asklint checks (`asklint kinds` lists them)."
    );
    assert_eq!(
        headline(&["package.json"]),
        "Nothing checked: 1 file left alone (standard error says why)."
    );
    assert_eq!(
        headline(&["missing.json"]),
        "Nothing checked: 1 file could not be read."
    );
    write(dir, "asklint.toml", "exclude = [\"payloads/**\"]\n");
    write(dir, "payloads/enable.json", BAD_REQUEST);
    assert_eq!(
        headline(&["payloads"]),
        "Nothing checked: 1 JSON file left out by the configuration."
    );
}

#[test]
fn a_baseline_run_says_how_many_findings_it_hid() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "enable.json", BAD_REQUEST);
    write(dir, "other.json", BAD_REQUEST);
    let output = run_in(
        dir,
        &["check", "--write-baseline", "baseline.json", "enable.json"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = run_in(
        dir,
        &[
            "check",
            "--color",
            "never",
            "--baseline",
            "baseline.json",
            "enable.json",
            "other.json",
        ],
    );
    assert_eq!(code(&output), 1);
    let found = stdout(&output);
    assert!(
        found.contains("\nFound 2 errors (2 files checked; the baseline hides 2 findings).\n"),
        "{found}"
    );
}

// --- Muscle memory ---

#[test]
fn output_format_is_an_alias_of_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "enable.json", BAD_REQUEST);
    let output = run_in(
        dir.path(),
        &["check", "--output-format", "json", "enable.json"],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(checked_files(&output), ["enable.json"]);
    // No file called `json` is written, as `--output-file json` would.
    assert!(!dir.path().join("json").exists());
    let output = run_in(dir.path(), &["rules", "--output-format", "json"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&output.stdout).is_ok());
}

#[test]
fn files_without_a_command_are_pointed_to_check() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "skill.json", "{}");
    for args in [
        &["skill.json"][..],
        &["skill-package/skill.json", "x.json"],
        &["-"],
    ] {
        let output = run_in(dir.path(), args);
        assert_eq!(code(&output), 2);
        assert!(
            stderr(&output).contains(&format!(
                "is not a command; to check files, run `asklint check {}`",
                args.join(" ")
            )),
            "{}",
            stderr(&output)
        );
    }
    // A word that is not a path gets clap's own error.
    let output = run_in(dir.path(), &["lint"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("unrecognized subcommand 'lint'"));
}

#[test]
fn explain_suggests_the_nearest_code_or_name() {
    for (asked, meant) in [
        ("PUB06", "PUB006"),
        ("pub06", "PUB006"),
        ("stage-valu", "stage-value"),
        ("SCH02", "SCH002"),
        ("KIND01", "KIND001"),
    ] {
        let output = asklint().args(["explain", asked]).output().unwrap();
        assert_eq!(code(&output), 2);
        assert!(
            stderr(&output).contains(&format!("did you mean `{meant}`?")),
            "{asked}: {}",
            stderr(&output)
        );
    }
    let output = asklint().args(["explain", "zzzzzz"]).output().unwrap();
    assert!(!stderr(&output).contains("did you mean"));
}

#[test]
fn rules_all_lists_the_pipelines_codes_too() {
    let text = |args: &[&str]| stdout(&asklint().args(args).output().unwrap());
    let rules = text(&["rules"]);
    let all = text(&["rules", "--all"]);
    for code in [
        "JSON001", "SCH002", "KIND001", "CFG001", "BAS001", "READ001",
    ] {
        assert!(!rules.contains(code), "{code} in `asklint rules`");
        assert!(all.contains(code), "{code} not in `asklint rules --all`");
    }
    assert!(
        all.starts_with(&rules),
        "the rules come first, as without --all"
    );
    let json: serde_json::Value =
        serde_json::from_str(&text(&["rules", "--all", "--format", "json"])).unwrap();
    let sch002 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "SCH002")
        .unwrap();
    assert_eq!(sch002["name"], "unexpected-property");
    assert_eq!(sch002["source"], "pipeline");
}

#[test]
fn concise_output_is_coloured_when_colour_is_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "enable.json", BAD_REQUEST);
    let concise = |args: &[&str], no_color: bool| {
        let mut cmd = asklint();
        cmd.current_dir(dir.path())
            .args(["check", "--format", "concise", "enable.json"])
            .args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        stdout(&cmd.output().unwrap())
    };
    let coloured = concise(&["--color", "always"], false);
    assert!(
        coloured.contains(
            "\u{1b}[1menable.json\u{1b}[0m:3:12: \u{1b}[1m\u{1b}[31merror STG001\u{1b}[0m"
        ),
        "{coloured:?}"
    );
    for plain in [
        concise(&["--color", "never"], false),
        concise(&[], true),
        concise(&[], false),
    ] {
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
        assert!(
            plain.contains("enable.json:3:12: error STG001"),
            "{plain:?}"
        );
    }
    // An --output-file is never coloured.
    let _ = concise(&["--color", "always", "-o", "out.txt"], false);
    let file = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(file.contains("enable.json:3:12: error STG001") && !file.contains('\u{1b}'));
}

#[test]
fn completions_offer_kinds_codes_and_rule_names() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&asklint().args(["completions", shell]).output().unwrap());
        for word in [
            "skill-manifest-v0",
            "PUB006",
            "stage-value",
            "SCH002",
            "unexpected-property",
        ] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    // Offered, not required: prefixes and misspellings still reach asklint's own checks.
    let output = asklint()
        .args(["check", "--select", "PUB", "--isolated", "-"])
        .write_stdin(BAD_REQUEST)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = asklint()
        .args(["check", "--select", "PUB06", "-"])
        .write_stdin(BAD_REQUEST)
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("PUB006"), "{}", stderr(&output));
}

#[test]
fn sch002_says_did_you_mean_once_and_the_concise_line_keeps_it() {
    let manifest = r#"{"manifest": {"publishingInformation": {"isAvailableWorldwid": true}}}"#;
    let check = |format: &str| {
        let output = asklint()
            .args([
                "check",
                "--isolated",
                "--color",
                "never",
                "--select",
                "SCH002",
                "--format",
                format,
            ])
            .args(["--stdin-filename", "skill.json"])
            .write_stdin(manifest)
            .output()
            .unwrap();
        stdout(&output)
    };
    let human = check("human");
    assert_eq!(human.matches("did you mean").count(), 1, "{human}");
    let concise = check("concise");
    assert!(
        concise.contains(
            "error SCH002 unexpected property `isAvailableWorldwid`: did you mean `isAvailableWorldwide`?"
        ),
        "{concise}"
    );
}

// --- SARIF URIs (fixed in an earlier round; tests/output_safety.rs covers named files) ---

/// A walk of the current folder (no path given) from a subfolder of a repository gives URIs from
/// the repository's root too.
#[test]
fn sarif_uris_of_a_walk_from_a_subfolder_are_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::create_dir(dir.join(".git")).unwrap();
    write(dir, "pkg/sub/enable.json", BAD_REQUEST);
    let output = run_in(&dir.join("pkg/sub"), &["check", "--format", "sarif"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "pkg/sub/enable.json");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
}
