//! No secret in anything asklint prints: every output format, every path that can quote one, with
//! a long token (wider than a line, so miette would wrap it at its `|` and `-`), a short one, and
//! the token taken from a file instead of the environment.

use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::json;

use super::common;
use super::fake_smapi::{FakeSmapi, Fault};
use super::{Ran, SKILL, UNIT, manifest, write};

/// Longer than a terminal line, with `|` and `-` where miette likes to break.
const LONG: &str = "Atza|IwEBI-long|token-with|pipes-and-dashes-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz|end";
/// Under the old 8-character floor.
const SHORT: &str = "q|7-x";

/// How a request's values go into a URL (RFC 3986's unreserved characters stay).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Every leak found, reported together at the end of the test.
static LEAKS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// The secret, or any 16 characters of it, as printed or as put into a URL.
fn assert_hidden(ran: &Ran, secret: &str, what: &str) {
    let encoded = utf8_percent_encode(secret, COMPONENT).to_string();
    let mut parts = vec![secret.to_owned(), encoded.clone()];
    for form in [secret, encoded.as_str()] {
        let chars: Vec<char> = form.chars().collect();
        parts.extend(chars.windows(16).map(|w| w.iter().collect::<String>()));
    }
    if let Some(part) = parts
        .iter()
        .find(|p| ran.stdout.contains(p.as_str()) || ran.stderr.contains(p.as_str()))
    {
        LEAKS.lock().unwrap().push(format!(
            "{what}: `{part}` was printed:\n--- stdout\n{}\n--- stderr\n{}",
            ran.stdout, ran.stderr
        ));
    }
}

/// `asklint ARGS` in `dir`, with `secret` as the token the server accepts (from the environment,
/// or from `token.txt` when `from_file`), against `server` unless ARGS name an endpoint.
fn run(server: &FakeSmapi, dir: &Path, secret: &str, from_file: bool, args: &[&str]) -> Ran {
    let mut command = common::asklint();
    command
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env_remove("ASK_REFRESH_TOKEN")
        .env_remove("ASK_LWA_CLIENT_ID")
        .env_remove("ASK_LWA_CLIENT_CONFIRMATION");
    if args[0] != "check" && !args.contains(&"--endpoint") {
        command.args(["--endpoint", &server.url, "--poll-interval", "20ms"]);
    }
    if from_file {
        std::fs::write(dir.join("token.txt"), format!("{secret}\n")).unwrap();
        command
            .env_remove("ASK_ACCESS_TOKEN")
            .args(["--token-file", "token.txt"]);
    } else {
        command.env("ASK_ACCESS_TOKEN", secret);
    }
    let output = command.output().expect("asklint runs");
    Ran {
        code: output.status.code().expect("asklint exits"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

/// One line longer than the code frame's window, with the secret in a flagged value at its end.
fn echoing_enablement(secret: &str) -> String {
    format!(
        r#"{{"unit":{{"id":"amzn1.alexa.unit.did.{}"}},"status":"ENABLED","skill":{{"id":"{SKILL}","stage":"{secret}"}}}}"#,
        "X".repeat(1200)
    )
}

fn answer(status: u16, headers: &[(&'static str, &str)], body: &str) -> Fault {
    let headers = headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
    Fault::Answer(status, headers, body.to_owned())
}

#[test]
fn no_secret_is_printed_by_any_format_on_any_path() {
    for secret in [LONG, SHORT] {
        for from_file in [false, true] {
            every_path(secret, from_file);
        }
    }
    let leaks = LEAKS.lock().unwrap();
    let whats: Vec<&str> = leaks.iter().map(|l| l.lines().next().unwrap()).collect();
    assert!(
        leaks.is_empty(),
        "{}\n\n{}",
        leaks.join("\n\n"),
        whats.join("\n")
    );
}

fn every_path(secret: &str, from_file: bool) {
    let server = FakeSmapi::start(secret);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pasted = write(
        d,
        "pasted.json",
        &json!({"operation": "get-skill", "skillId": secret}),
    );
    let in_query = write(
        d,
        "page.json",
        &json!({"operation": "list-skills", "vendorId": "M2EXAMPLE7QK4D", "nextToken": secret}),
    );
    let mut skill = manifest();
    skill["manifest"]["publishingInformation"]["testingInstructions"] = json!(secret);
    let in_body = write(
        d,
        "update.json",
        &json!({"operation": "update-skill", "skillId": SKILL, "body": {"skillManifest": skill["manifest"]}}),
    );
    let get = write(
        d,
        "get.json",
        &json!({"operation": "get-enablement", "skillId": SKILL, "unitId": UNIT}),
    );
    let ours = format!("{SKILL}/status");
    let long_body = format!(
        "<html>{}{secret}{}</html>",
        "x".repeat(170),
        "y".repeat(300)
    );

    // The checks' own formats, over a file that holds the token.
    for format in ["human", "concise", "json", "sarif", "github"] {
        let ran = run(
            &server,
            d,
            secret,
            false,
            &["check", "--format", format, &pasted],
        );
        assert_eq!(ran.code, 1, "{format}: {}{}", ran.stdout, ran.stderr);
        assert_hidden(&ran, secret, &format!("check --format {format}"));
    }

    for format in ["human", "json"] {
        let f = ["--format", format];
        let what = |path: &str| format!("{path}, --format {format}, token file {from_file}");
        let send = |args: &[&str], path: &str| {
            let args: Vec<&str> = args.iter().chain(&f).copied().collect();
            let ran = run(&server, d, secret, from_file, &args);
            assert_hidden(&ran, secret, &what(path));
            ran
        };

        // Request values: quoted by a finding, put into the URL, put into the body; by a file or
        // by `api`'s flags.
        let ran = send(&["submit", "--dry-run", &pasted], "a finding on a request");
        assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
        let ran = send(&["submit", &pasted], "a finding on a request, sending");
        assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
        let ran = send(
            &["api", "get-skill", "--skill-id", secret, "--dry-run"],
            "api flags",
        );
        assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
        for file in [&in_query, &in_body] {
            let ran = send(&["submit", "--dry-run", file], "a dry run's URL or body");
            assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
        }
        send(&["submit", &in_query], "a URL that was sent");

        // What the server sends back: a flagged value on a long line, an error message, an error
        // body that is not JSON and longer than what is shown, a request id, a Location, a status.
        server.fault(answer(200, &[], &echoing_enablement(secret)));
        let ran = send(&["submit", &get], "a response with findings");
        assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
        server.fault(answer(
            400,
            &[],
            &json!({"code": "BAD", "message": format!("bad token {secret}")}).to_string(),
        ));
        let ran = send(&["submit", &get], "a JSON error message");
        assert!(ran.stdout.contains("BAD"), "{}", ran.stdout);
        server.fault(answer(500, &[], &long_body));
        let ran = send(&["submit", "--tries", "1", &get], "an error body");
        assert!(ran.stdout.contains("500"), "{}", ran.stdout);
        server
            .fault(answer(
                503,
                &[("X-Amzn-RequestId", secret), ("Retry-After", "0")],
                "",
            ))
            .fault(answer(404, &[("X-Amzn-RequestId", secret)], "{}"));
        let ran = send(&["submit", "--tries", "2", &get], "a request id");
        assert!(ran.stderr.contains("503"), "{}", ran.stderr);
        let elsewhere = format!("http://127.0.0.1:9/{secret}");
        server.fault(answer(202, &[("Location", &elsewhere)], "{}"));
        send(&["submit", &get], "a Location on another host");
        server
            .fault(answer(
                202,
                &[("Location", &format!("/v0/skills/{ours}"))],
                "{}",
            ))
            .fault(answer(
                200,
                &[],
                &json!({"manifest": {"lastModified": {"status": secret}}}).to_string(),
            ));
        send(&["submit", &get], "a build status");

        // Credentials in the endpoint.
        let port = server.url.rsplit(':').next().unwrap();
        let endpoint = format!("http://alice:{secret}@127.0.0.1:{port}");
        let ran = send(
            &["submit", "--endpoint", &endpoint, &get],
            "credentials in --endpoint",
        );
        assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    }
}

/// The token file is read once, for the scrubber and the call alike: a pipe
/// (`--token-file <(pass show smapi)`) cannot be read twice.
#[cfg(unix)]
#[test]
fn a_token_file_that_is_a_pipe_is_read_once() {
    let server = FakeSmapi::start(LONG);
    let dir = tempfile::tempdir().unwrap();
    let output = common::asklint()
        .current_dir(dir.path())
        .args([
            "api",
            "get-skill",
            "--skill-id",
            SKILL,
            "--token-file",
            "/dev/stdin",
        ])
        .args(["--endpoint", &server.url])
        .env_remove("ASK_ACCESS_TOKEN")
        .write_stdin(format!("{LONG}\n"))
        .output()
        .unwrap();
    let ran = Ran {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        ran.stdout.contains("200 OK"),
        "{}{}",
        ran.stdout,
        ran.stderr
    );
    assert_hidden(&ran, LONG, "a token file that is a pipe");
    assert!(LEAKS.lock().unwrap().is_empty());
}

/// Progress lines are written only to a terminal: run under `script` (util-linux), which gives
/// asklint one, with a build status that echoes the token while the build is in progress.
#[cfg(target_os = "linux")]
#[test]
fn progress_lines_on_a_terminal_hold_no_secret() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: no `script` to give asklint a terminal");
        return;
    }
    for secret in [LONG, SHORT] {
        let server = FakeSmapi::start(secret);
        let dir = tempfile::tempdir().unwrap();
        let get = write(
            dir.path(),
            "get.json",
            &json!({"operation": "get-enablement", "skillId": SKILL, "unitId": UNIT}),
        );
        let status = |statuses: &[&str]| {
            let parts: serde_json::Map<String, serde_json::Value> = statuses
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        format!("part{i}"),
                        json!({"lastUpdateRequest": {"status": s}}),
                    )
                })
                .collect();
            answer(200, &[], &serde_json::Value::Object(parts).to_string())
        };
        server
            .fault(answer(202, &[("Location", "/v0/skills/x/status")], "{}"))
            .fault(status(&["IN_PROGRESS", secret]))
            .fault(status(&["SUCCEEDED"]));
        let asklint = assert_cmd::cargo::cargo_bin("asklint");
        let command = format!(
            "{} submit {get} --endpoint {} --poll-interval 300ms",
            asklint.display(),
            server.url
        );
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env("ASK_ACCESS_TOKEN", secret)
            .output()
            .unwrap();
        let ran = Ran {
            code: output.status.code().unwrap(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            ran.stdout.contains("\u{1b}[2K  build: ")
                && ran.stdout.contains("<redacted>, IN_PROGRESS after"),
            "no progress line: {}",
            ran.stdout
        );
        assert_hidden(&ran, secret, "a progress line");
    }
    assert!(LEAKS.lock().unwrap().is_empty());
}
