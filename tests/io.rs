//! What asklint reads and writes, on hostile file systems: FIFOs and devices where files are
//! expected, endless files, a process limit, targets that are links, devices or inputs, and paths
//! spelled in more than one way. Every run has a time limit (a hang fails the test) and, where it
//! reads an endless file, an address-space limit (reading without bound fails the test instead of
//! exhausting the machine).
#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::{asklint, root, stdout};
use serde_json::Value;

/// Long enough for a debug build on a loaded machine, short next to a hang.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// An address-space limit far above what a bounded run needs and far below a machine's memory.
const ADDRESS_SPACE: libc::rlim_t = 1 << 30;

fn mkfifo(path: &Path) {
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo only reads it.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// A copy of the hello-trivia skill package in `dir/skill-package`.
fn skill_package(dir: &Path) -> std::path::PathBuf {
    let from = root().join("examples/hello-trivia/skill-package");
    let to = dir.join("skill-package");
    let models = to.join("interactionModels/custom");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::copy(from.join("skill.json"), to.join("skill.json")).unwrap();
    std::fs::copy(
        from.join("interactionModels/custom/en-US.json"),
        models.join("en-US.json"),
    )
    .unwrap();
    to
}

/// asklint with a time limit and an address-space limit.
fn bounded() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::from_std(bounded_std());
    command.timeout(TIME_LIMIT);
    command
}

/// asklint with an address-space limit.
fn bounded_std() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("asklint"));
    command.env_remove("NO_COLOR").env("COLUMNS", "100");
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            stdout(output),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// `CODE path: message` of every diagnostic, and `path: message` of every path error.
fn reported(json: &Value) -> Vec<String> {
    let diagnostics = json["diagnostics"].as_array().unwrap().iter().map(|d| {
        format!(
            "{} {}: {}",
            d["code"].as_str().unwrap(),
            d["path"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        )
    });
    let errors = json["errors"].as_array().unwrap().iter().map(|e| {
        format!(
            "{}: {}",
            e["path"].as_str().unwrap(),
            e["message"].as_str().unwrap()
        )
    });
    diagnostics.chain(errors).collect()
}

fn assert_reported(json: &Value, expected: &str) {
    let reported = reported(json);
    assert!(
        reported.iter().any(|r| r.contains(expected)),
        "`{expected}` not in {reported:#?}"
    );
}

fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or_else(|| {
        panic!(
            "asklint did not exit normally ({:?}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn a_related_file_that_is_a_fifo_or_endless_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let package = skill_package(dir.path());
    let models = package.join("interactionModels/custom");
    // A FIFO nobody writes: opening it to read would wait forever.
    mkfifo(&models.join("de-DE.json"));
    // An endless file.
    std::os::unix::fs::symlink("/dev/zero", models.join("fr-FR.json")).unwrap();
    let output = bounded()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "skill-package/skill.json"])
        .output()
        .unwrap();
    let json = json_of(&output);
    assert_eq!(code(&output), 1);
    common::pipeline::assert_valid_output(&json);
    assert_reported(
        &json,
        "READ002 skill-package/skill.json: interactionModels/custom/de-DE.json cannot be read: not a regular file (a FIFO)",
    );
    assert_reported(
        &json,
        "READ002 skill-package/skill.json: interactionModels/custom/fr-FR.json cannot be read: not a regular file (a character device)",
    );
    // The model that can be read is still used: its locale is not reported missing.
    assert!(
        !reported(&json)
            .iter()
            .any(|r| r.starts_with("LOC004") && r.contains("en-US")),
        "{json:#}"
    );
}

#[test]
fn a_manifest_file_naming_a_fifo_does_not_hang_a_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("skill.json"));
    std::fs::write(
        dir.path().join("create.json"),
        r#"{"operation": "create-skill", "vendorId": "M2EXAMPLE7QK4D", "manifestFile": "skill.json"}"#,
    )
    .unwrap();
    let output = bounded()
        .current_dir(dir.path())
        .args(["submit", "--dry-run", "create.json"])
        .env("ASK_ACCESS_TOKEN", "Atza|token-for-a-dry-run")
        .output()
        .unwrap();
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    let text = stdout(&output) + &String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("skill.json: not a regular file (a FIFO) (the manifestFile of create.json)"),
        "{text}"
    );
}

/// Every read is bounded: an endless file as a checked file, stdin, a configuration, a baseline, a
/// token file, a request file and a manifestFile; a file larger than the limit is not read.
#[test]
fn every_read_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::os::unix::fs::symlink("/dev/zero", path.join("zero.json")).unwrap();
    // Sparse: larger than the limit without taking the space.
    std::fs::File::create(path.join("large.json"))
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    std::fs::write(path.join("ok.json"), r#"{"unitId": "x"}"#).unwrap();
    let check = |args: &[&str]| {
        let mut command = bounded();
        command
            .current_dir(path)
            .args(["check", "--format", "json"]);
        command.args(args);
        let output = command.output().unwrap();
        (code(&output), json_of(&output))
    };

    let (status, json) = check(&["zero.json", "large.json", "ok.json"]);
    assert_eq!(status, 1);
    common::pipeline::assert_valid_output(&json);

    // Found by a walk: reported when its name says it is a skill file, else passed over, aloud.
    std::fs::create_dir_all(path.join("tree/interactionModels/custom")).unwrap();
    std::fs::File::create(path.join("tree/interactionModels/custom/en-US.json"))
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    std::fs::File::create(path.join("tree/dump.json"))
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let output = bounded()
        .current_dir(path)
        .args(["check", "--format", "json", "tree"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert_reported(
        &json_of(&output),
        "READ001 tree/interactionModels/custom/en-US.json: the file is larger than 64 MiB",
    );
    assert_eq!(reported(&json_of(&output)).len(), 1);
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        "asklint: tree/dump.json is not checked: it is larger than 64 MiB, the most asklint reads"
    ));
    assert_reported(
        &json,
        "READ001 zero.json: the file is larger than 64 MiB, the most asklint reads",
    );
    assert_reported(
        &json,
        "READ001 large.json: the file is larger than 64 MiB, the most asklint reads",
    );
    assert_reported(&json, "ok.json");

    // assert_cmd gives the child a pipe of its own for stdin: this one runs without it.
    let mut command: std::process::Command = bounded_std();
    command
        .current_dir(path)
        .args(["check", "--format", "json", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("reading /dev/zero from stdin did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 1);
    assert_reported(
        &json_of(&output),
        "READ001 <stdin>: the file is larger than 64 MiB",
    );

    let (status, json) = check(&["--config", "zero.json", "ok.json"]);
    assert_eq!(status, 2);
    assert_reported(
        &json,
        "zero.json: larger than 1 MiB, the most asklint reads",
    );

    let (status, json) = check(&["--baseline", "zero.json", "ok.json"]);
    assert_eq!(status, 2);
    assert_reported(
        &json,
        "zero.json: baseline: larger than 64 MiB, the most asklint reads",
    );

    let submit = |args: &[&str]| {
        let output = bounded()
            .current_dir(path)
            .arg("submit")
            .args(args)
            .env("ASK_ACCESS_TOKEN", "Atza|token-for-a-dry-run")
            .output()
            .unwrap();
        (
            code(&output),
            stdout(&output) + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (status, text) = submit(&["--dry-run", "zero.json"]);
    assert_eq!(status, 2, "{text}");
    assert!(text.contains("larger than 64 MiB"), "{text}");

    std::fs::write(
        path.join("create.json"),
        r#"{"operation": "create-skill", "vendorId": "M2EXAMPLE7QK4D", "manifestFile": "large.json"}"#,
    )
    .unwrap();
    let (status, text) = submit(&["--dry-run", "create.json"]);
    assert_eq!(status, 2, "{text}");
    assert!(
        text.contains("large.json: larger than 64 MiB, the most asklint reads (the manifestFile of create.json)"),
        "{text}"
    );

    std::fs::write(
        path.join("enable.json"),
        r#"{"operation": "enable-skill", "skillId": "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90", "body": {"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE"}}"#,
    )
    .unwrap();
    // Sent to a closed port: the token is read (and refused for its size) before any connection.
    let (status, text) = submit(&[
        "--token-file",
        "zero.json",
        "--endpoint",
        "http://127.0.0.1:9",
        "enable.json",
    ]);
    assert_eq!(status, 2, "{text}");
    assert!(text.contains("larger than 64 KiB"), "{text}");
}

/// Runs `asklint` (from `dir`) with at most `limit` processes for its user. Root is not held to
/// RLIMIT_NPROC, so as root the child also becomes `nobody`, whose processes are few.
fn with_process_limit(dir: &Path, args: &[&str], limit: libc::rlim_t) -> std::process::Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("asklint"));
    command
        .current_dir(dir)
        .args(args)
        .env("ASK_ACCESS_TOKEN", "Atza|token-for-a-closed-port");
    // SAFETY: setrlimit, setgroups, setgid and setuid are async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_NPROC, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::geteuid() == 0
                && (libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(65534) != 0
                    || libc::setuid(65534) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut command = assert_cmd::Command::from_std(command);
    command.timeout(TIME_LIMIT).output().unwrap()
}

#[test]
fn threads_that_cannot_be_started_do_not_end_the_run() {
    let dir = tempfile::tempdir().unwrap();
    // As `nobody` the child must be able to read the files.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for i in 0..8 {
        std::fs::write(
            dir.path().join(format!("e{i}.json")),
            r#"{"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE", "stage": "Live"}"#,
        )
        .unwrap();
    }
    let owner = std::fs::metadata(dir.path()).unwrap();
    let processes_of_user = if std::os::unix::fs::MetadataExt::uid(&owner) == 0 {
        // `nobody`: this process alone, and maybe a few others of that user.
        2
    } else {
        // This user has many processes already: none can be started.
        1
    };
    for jobs in ["64", "2"] {
        let output = with_process_limit(
            dir.path(),
            &["check", "--format", "concise", "-j", jobs, "."],
            processes_of_user,
        );
        let text = stdout(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "-j {jobs}: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for i in 0..8 {
            assert!(text.contains(&format!("e{i}.json:1:")), "-j {jobs}: {text}");
        }
        // The limit was felt (the test proves nothing otherwise), and said.
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("asklint: checking with")
                || stderr.contains("asklint: checking on one thread"),
            "-j {jobs}: {stderr}"
        );
    }
    // A host name is looked up (ureq does it on a thread of its own, when it can start one) before
    // the connection to a closed port fails: no answer, not a panic.
    let output = with_process_limit(
        dir.path(),
        &[
            "api",
            "enable",
            "--skill-id",
            "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90",
            "--unit-id",
            "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE",
            "--endpoint",
            "http://localhost:9",
            "--tries",
            "1",
        ],
        // Not even one more thread.
        1,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The file type of `path`, not following a final link.
fn file_type(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path).unwrap().file_type()
}

#[test]
fn outputs_write_through_devices_fifos_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(path.join("e.json"), r#"{"unitId": "x", "stage": "Live"}"#).unwrap();
    let run = |args: &[&str]| {
        let output = bounded()
            .current_dir(path)
            .args(["check", "--format", "json"])
            .args(args)
            .arg("e.json")
            .output()
            .unwrap();
        (
            code(&output),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    // A FIFO: its reader gets the output, and it is still a FIFO. Opened for reading first (without
    // waiting for a writer), so the test's own read never waits either.
    mkfifo(&path.join("fifo"));
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path.join("fifo"))
        .unwrap();
    let (status, stderr) = run(&["-o", "fifo"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(file_type(&path.join("fifo")).is_fifo());
    let mut received = String::new();
    std::io::Read::read_to_string(&mut reader, &mut received).unwrap();
    assert!(received.contains("\"STG001\""), "{received}");

    // A FIFO nobody reads: an error, not a wait and not a replaced FIFO.
    mkfifo(&path.join("unread"));
    let (status, stderr) = run(&["-o", "unread"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("cannot write unread: a FIFO"), "{stderr}");
    assert!(file_type(&path.join("unread")).is_fifo());

    // A character device (a copy of /dev/null, made where only this test uses it).
    let null = path.join("null");
    let name = std::ffi::CString::new(null.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string; mknod only reads it. Makes /dev/null's device (1, 3).
    let made = unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made == 0 {
        let (status, stderr) = run(&["-o", "null"]);
        assert_eq!(status, 1, "{stderr}");
        assert!(file_type(&null).is_char_device());
    } else {
        eprintln!("skipping the device case: mknod needs privileges");
    }

    // A link: the file it points to is replaced, the link stays, and so do the target's permissions.
    std::fs::create_dir(path.join("reports")).unwrap();
    std::fs::write(path.join("reports/out.json"), "old").unwrap();
    std::fs::set_permissions(
        path.join("reports/out.json"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::os::unix::fs::symlink("reports/out.json", path.join("link.json")).unwrap();
    let (status, stderr) = run(&["-o", "link.json"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(file_type(&path.join("link.json")).is_symlink());
    let written = std::fs::read_to_string(path.join("reports/out.json")).unwrap();
    assert!(written.contains("\"STG001\""), "{written}");
    let mode = std::fs::metadata(path.join("reports/out.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);

    // The baseline and `init --force` write the same way.
    std::os::unix::fs::symlink("reports/base.json", path.join("base-link.json")).unwrap();
    let (status, stderr) = run(&["--write-baseline", "base-link.json"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(file_type(&path.join("base-link.json")).is_symlink());
    assert!(
        std::fs::read_to_string(path.join("reports/base.json"))
            .unwrap()
            .contains("STG001")
    );
    std::os::unix::fs::symlink("reports/asklint.toml", path.join("asklint.toml")).unwrap();
    std::fs::write(path.join("reports/asklint.toml"), "").unwrap();
    let output = asklint()
        .current_dir(path)
        .args(["init", "--force"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0);
    assert!(file_type(&path.join("asklint.toml")).is_symlink());
    assert!(
        std::fs::read_to_string(path.join("reports/asklint.toml"))
            .unwrap()
            .contains("select")
    );
}

#[test]
fn outputs_never_replace_an_input_or_a_read_only_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let input = r#"{"unitId": "x", "stage": "Live"}"#;
    std::fs::write(path.join("e.json"), input).unwrap();
    std::os::unix::fs::symlink("e.json", path.join("same.json")).unwrap();
    for (args, message) in [
        (
            &["-o", "e.json", "e.json"][..],
            "cannot write e.json: it is one of the files checked",
        ),
        (
            &["-o", "same.json", "."],
            "cannot write same.json: it is one of the files checked",
        ),
        (
            &["--write-baseline", "e.json", "e.json"],
            "cannot write e.json: it is one of the files checked",
        ),
    ] {
        let output = asklint()
            .current_dir(path)
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(code(&output), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(std::fs::read_to_string(path.join("e.json")).unwrap(), input);
    }

    std::fs::write(path.join("locked.json"), "kept").unwrap();
    std::fs::set_permissions(
        path.join("locked.json"),
        std::fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    for args in [
        &["check", "-o", "locked.json", "e.json"][..],
        &["check", "--write-baseline", "locked.json", "e.json"],
        &["init", "--force", "locked.json"],
    ] {
        let output = asklint().current_dir(path).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(code(&output), 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write locked.json: the file is read-only"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(path.join("locked.json")).unwrap(),
            "kept"
        );
    }
}

#[test]
fn a_baseline_matches_a_file_however_its_path_is_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::create_dir_all(path.join("proj/sub")).unwrap();
    std::fs::create_dir_all(path.join("baselines")).unwrap();
    std::fs::write(
        path.join("proj/sub/e.json"),
        r#"{"unitId": "x", "stage": "Live"}"#,
    )
    .unwrap();
    let proj = path.join("proj");
    // Written from the project, into a sibling folder: the findings are recorded, not dropped.
    let output = asklint()
        .current_dir(&proj)
        .args([
            "check",
            "sub/e.json",
            "--write-baseline",
            "../baselines/b.json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert!(stderr.contains("recorded 2 findings"), "{stderr}");
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(path.join("baselines/b.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["findings"][0]["path"], "../proj/sub/e.json");

    // Applied from elsewhere, with the file spelled three ways: every finding is known.
    for (from, file, baseline) in [
        (&proj, "sub/e.json", "../baselines/b.json"),
        (&proj, "../proj/sub/./e.json", "../baselines/b.json"),
        (&path.join("baselines"), "../proj/sub/e.json", "b.json"),
    ] {
        let output = asklint()
            .current_dir(from)
            .args(["check", "--format", "json", file, "--baseline", baseline])
            .output()
            .unwrap();
        let json = json_of(&output);
        assert_eq!(code(&output), 0, "{file}: {json:#}");
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
    }
}

#[test]
fn folder_and_dot_slash_patterns_select_files_and_skips_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::create_dir(path.join(".git")).unwrap();
    std::fs::create_dir_all(path.join("sub/proj")).unwrap();
    std::fs::create_dir_all(path.join("other")).unwrap();
    let broken = r#"{"unitId": "x", "stage": "Live"}"#;
    std::fs::write(path.join("sub/proj/e.json"), broken).unwrap();
    std::fs::write(path.join("other/e.json"), broken).unwrap();
    let run = |config: &str, file: &str| {
        std::fs::write(path.join("asklint.toml"), config).unwrap();
        let output = asklint()
            .current_dir(path)
            .args(["check", "--format", "concise", file])
            .output()
            .unwrap();
        (
            code(&output),
            stdout(&output),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    // A folder means everything under it.
    let (status, out, _) = run(r#"include = ["sub/proj"]"#, "sub/proj/e.json");
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("STG001"), "{out}");
    let (status, out, _) = run(r#"include = ["sub/proj/"]"#, "sub/proj/e.json");
    assert_eq!(status, 1, "{out}");
    // A leading `./` is dropped.
    let (status, out, stderr) = run(r#"exclude = ["./sub/**"]"#, "sub/proj/e.json");
    assert_eq!(status, 0, "{out}");
    assert!(
        stderr.contains("sub/proj/e.json is not checked: asklint.toml excludes it"),
        "{stderr}"
    );
    let (status, out, _) = run(r#"include = ["./sub/proj"]"#, "sub/proj/e.json");
    assert_eq!(status, 1, "{out}");
    let (status, out, _) = run(r#"include = ["."]"#, "sub/proj/e.json");
    assert_eq!(status, 1, "{out}");
    // A named file left out is never skipped without a word.
    let (status, _, stderr) = run(r#"include = ["sub"]"#, "other/e.json");
    assert_eq!(status, 0);
    assert!(
        stderr.contains("other/e.json is not checked: it is not in the `include` of asklint.toml"),
        "{stderr}"
    );
    // A pattern that can never match (absolute, or outside the folder) is a configuration error.
    for pattern in ["/sub/**", "../sub/**"] {
        let (status, out, _) = run(&format!("exclude = [\"{pattern}\"]"), "sub/proj/e.json");
        assert_eq!(status, 2, "{out}");
        assert!(out.contains("CFG001"), "{out}");
    }
}

#[test]
fn a_named_pipe_or_device_is_read_and_written_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    // A FIFO named on the command line that nobody writes: empty, not a wait.
    mkfifo(&path.join("fifo.json"));
    let output = bounded()
        .current_dir(path)
        .args(["check", "--format", "concise", "fifo.json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("fifo.json:1:1: error JSON001 the file is empty"));
    // A pipe named by its path (as `<(cmd)` is) is read to its end.
    let output = bounded()
        .current_dir(path)
        .args(["check", "--format", "concise", "/dev/stdin"])
        .write_stdin(r#"{"unitId": "x", "stage": "Live"}"#)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("/dev/stdin:1:26: error STG001"));
    // `-o /dev/stdout` writes into the pipe asklint's output goes to.
    std::fs::write(path.join("e.json"), r#"{"unitId": "x", "stage": "Live"}"#).unwrap();
    let output = bounded()
        .current_dir(path)
        .args([
            "check",
            "--format",
            "json",
            "-q",
            "-o",
            "/dev/stdout",
            "e.json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("\"STG001\""),
        "{}",
        stdout(&output)
    );
    // `init` without `--force` does not write through a link to nothing.
    std::os::unix::fs::symlink("elsewhere.toml", path.join("asklint.toml")).unwrap();
    let output = asklint().current_dir(path).arg("init").output().unwrap();
    assert_eq!(code(&output), 2);
    assert!(!path.join("elsewhere.toml").exists());
}
