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
        (
            "proj/skill-package/interactionModels/custom/en-US.json",
            "KIND001",
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
