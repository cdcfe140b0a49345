//! What the server answered, told truthfully: a huge error body keeps its status, an accepted call
//! is `accepted`, a relative `Location` is followed, a redirect is a redirect, the wait ends at its
//! deadline, `--all` stops and says so; and a request file's `manifestFile` stays in its repository.

use std::time::{Duration, Instant};

use serde_json::json;

use super::common;
use super::fake_smapi::{FakeSmapi, Fault};
use super::{GET_ENABLEMENT, SKILL, TOKEN, manifest, outcomes, submit, update_request, write};

fn answer(status: u16, headers: &[(&'static str, &str)], body: &str) -> Fault {
    let headers = headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
    Fault::Answer(status, headers, body.to_owned())
}

#[test]
fn a_huge_error_body_keeps_its_status() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    server.fault(Fault::Endless(500)).fault(Fault::Endless(500));
    let args: Vec<&str> = GET_ENABLEMENT
        .iter()
        .copied()
        .chain(["--tries", "2", "--format", "json"])
        .collect();
    let ran = submit(&server, dir.path(), &args, &[]);
    let json = ran.json();
    let request = &json["requests"][0];
    assert_eq!(request["outcome"], "refused", "{}", ran.stdout);
    assert_eq!(request["status"], 500);
    assert!(
        request["message"]
            .as_str()
            .unwrap()
            .starts_with("an error body that is not SMAPI's JSON: xxxx"),
        "{}",
        ran.stdout
    );
    assert_eq!(ran.code, 1);
    assert_eq!(server.hits().len(), 2, "a GET's 500 is retried");

    // A success is read up to 64 MiB, and over it reported, not kept.
    server.fault(Fault::Endless(200));
    let ran = submit(&server, dir.path(), &args, &[]);
    let json = ran.json();
    assert_eq!(outcomes(&json), ["unexpected-response"], "{}", ran.stdout);
    assert_eq!(
        json["requests"][0]["message"],
        "the response body is over 64 MiB; it was not read"
    );
}

#[test]
fn a_build_not_followed_to_its_end_is_accepted() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let update = update_request(d);
    server.build_polls(1000);
    let ran = submit(
        &server,
        d,
        &["submit", "--format", "json", "--no-wait", &update],
        &[],
    );
    assert_eq!(outcomes(&ran.json()), ["accepted"], "{}", ran.stdout);
    assert_eq!(ran.code, 0);
    let ran = submit(&server, d, &["submit", "--no-wait", &update], &[]);
    assert!(
        ran.stdout
            .contains("accepted; the build goes on (--no-wait)")
            && ran
                .stdout
                .contains("1 accepted (build not followed to its end)"),
        "{}",
        ran.stdout
    );

    let ran = submit(
        &server,
        d,
        &[
            "submit",
            "--format",
            "json",
            "--wait-timeout",
            "200ms",
            &update,
        ],
        &[],
    );
    let json = ran.json();
    assert_eq!(outcomes(&json), ["accepted"], "{}", ran.stdout);
    assert!(
        json["requests"][0]["message"]
            .as_str()
            .unwrap()
            .contains("still IN_PROGRESS when --wait-timeout ran out"),
        "{}",
        ran.stdout
    );
    assert_eq!(ran.code, 2, "the wait that ran out is not a success");
}

/// `--wait-timeout 1s` with polls 700 ms apart: the last poll is at the deadline, not before it.
#[test]
fn the_wait_lasts_exactly_its_timeout() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let update = update_request(d);
    server.build_polls(1000);
    let started = Instant::now();
    let output = common::asklint()
        .current_dir(d)
        .args(["submit", &update, "--endpoint", &server.url])
        .args(["--wait-timeout", "1s", "--poll-interval", "700ms"])
        .env("ASK_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap();
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("--wait-timeout ran out"), "{stdout}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "{took:?}"
    );
    let polls = server
        .hits()
        .iter()
        .filter(|h| h.url.ends_with("/status"))
        .count();
    assert_eq!(polls, 3, "at 0, 0.7 s and 1 s");
}

#[test]
fn a_relative_location_is_resolved_against_the_request() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let update = update_request(d);
    // The update is PUT /v0/skills/{SKILL}: `{SKILL}/status` is relative to /v0/skills/.
    let relative = format!("{SKILL}/status");
    server.fault(answer(202, &[("Location", &relative)], ""));
    let ran = submit(&server, d, &["submit", "--format", "json", &update], &[]);
    assert_eq!(outcomes(&ran.json()), ["succeeded"], "{}", ran.stdout);
    let hits = server.hits();
    assert_eq!(hits[1].url, format!("/v0/skills/{SKILL}/status"));

    // Resolved, it is still held to the request's origin.
    server.fault(answer(202, &[("Location", "//elsewhere.example/x")], ""));
    let ran = submit(&server, d, &["submit", &update], &[]);
    assert!(ran.stdout.contains("is on another host"), "{}", ran.stdout);
}

#[test]
fn a_redirect_is_reported_as_one() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    server.fault(answer(
        307,
        &[("Location", "https://elsewhere.example/v1/x")],
        "",
    ));
    let args: Vec<&str> = GET_ENABLEMENT
        .iter()
        .copied()
        .chain(["--format", "json"])
        .collect();
    let ran = submit(&server, dir.path(), &args, &[]);
    let json = ran.json();
    assert_eq!(outcomes(&json), ["redirected"], "{}", ran.stdout);
    assert_eq!(json["requests"][0]["status"], 307);
    assert!(
        json["requests"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("redirected to https://elsewhere.example/v1/x; asklint does not follow"),
        "{}",
        ran.stdout
    );
    assert_eq!(ran.code, 1);
    assert_eq!(server.hits().len(), 1);
}

#[test]
fn a_manifest_file_that_is_not_json_is_reported_as_such() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("skill.yaml"), "manifest: {}\n").unwrap();
    let create = write(
        d,
        "create.json",
        &json!({"operation": "create-skill", "vendorId": "M2EXAMPLE7QK4D", "manifestFile": "skill.yaml"}),
    );
    let ran = submit(&server, d, &["submit", &create], &[]);
    assert_eq!(ran.code, 1);
    assert!(ran.stdout.contains("JSON001"), "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("create.json: create-skill: not sent: fix the errors above first")
            && !ran.stdout.contains("needs a `body` or a `manifestFile`"),
        "{}",
        ran.stdout
    );
    assert!(server.hits().is_empty());
}

/// A request file cannot make asklint read, and quote in a code frame, a file outside its
/// repository (or its folder, outside any repository); a symbolic link does not help.
#[test]
fn a_manifest_file_stays_inside_the_requests_repository() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret = "root:x:0:0:PRIVATE-LINE";
    std::fs::write(d.join("private.txt"), format!("{secret}\n")).unwrap();
    let repo = d.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("requests")).unwrap();
    write(&repo, "skill.json", &manifest());
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("private.txt"), repo.join("link.json")).unwrap();
    let request = |name: &str, file: &str| {
        write(
            &repo.join("requests"),
            name,
            &json!({"operation": "create-skill", "vendorId": "M2EXAMPLE7QK4D", "manifestFile": file}),
        );
        format!("requests/{name}")
    };
    let inside = request("inside.json", "../skill.json");
    let ran = submit(&server, &repo, &["submit", "--dry-run", &inside], &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);

    let mut outside = vec![request("outside.json", "../../private.txt")];
    if cfg!(unix) {
        outside.push(request("linked.json", "../link.json"));
    }
    for file in &outside {
        let ran = submit(&server, &repo, &["submit", "--dry-run", file], &[]);
        assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
        assert!(!ran.stdout.contains("PRIVATE-LINE"), "{}", ran.stdout);
        assert!(
            ran.stdout.contains("is outside the request's repository ("),
            "{}",
            ran.stdout
        );
    }

    // Outside any repository, the request file's folder is the limit.
    std::fs::remove_dir(repo.join(".git")).unwrap();
    let ran = submit(&server, &repo, &["submit", "--dry-run", &inside], &[]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("in no git repository"),
        "{}",
        ran.stdout
    );
    // `api --manifest` names the file on the command line: not confined.
    let manifest_path = repo.join("skill.json");
    let ran = submit(
        &server,
        &repo.join("requests"),
        &[
            "api",
            "create",
            "--vendor-id",
            "M2EXAMPLE7QK4D",
            "--manifest",
            manifest_path.to_str().unwrap(),
            "--dry-run",
        ],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
}

#[test]
fn all_pages_stop_at_their_limits_and_say_so() {
    let server = FakeSmapi::start(TOKEN);
    server.endless_pages();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let list = [
        "api",
        "list-skills",
        "--vendor-id",
        "M2EXAMPLE7QK4D",
        "--all",
    ];
    let args: Vec<&str> = list
        .iter()
        .copied()
        .chain(["--format", "json", "--max-pages", "4"])
        .collect();
    let ran = submit(&server, d, &args, &[]);
    let json = ran.json();
    let request = &json["requests"][0];
    assert_eq!(request["pages"], 4, "{}", ran.stdout);
    assert_eq!(request["incomplete"], true);
    assert!(
        request["message"]
            .as_str()
            .unwrap()
            .starts_with("stopped after 4 pages: --max-pages (4) reached; the list is incomplete"),
        "{}",
        ran.stdout
    );
    assert_eq!(
        request["body"]["nextToken"], "mmmm",
        "the token to go on from"
    );
    assert!(
        ran.stderr.contains("--max-pages (4) reached"),
        "{}",
        ran.stderr
    );
    assert_eq!(server.hits().len(), 4);

    let args: Vec<&str> = list
        .iter()
        .copied()
        .chain(["--all-timeout", "300ms"])
        .collect();
    let started = Instant::now();
    let ran = submit(&server, d, &args, &[]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        ran.stdout
            .contains("--all-timeout (300ms) ran out; the list is incomplete"),
        "{}",
        ran.stdout
    );

    // A token sent twice ends the list too.
    let page = |next: &str| json!({"skills": [], "nextToken": next}).to_string();
    server
        .fault(answer(200, &[], &page("a")))
        .fault(answer(200, &[], &page("b")))
        .fault(answer(200, &[], &page("a")));
    let ran = submit(&server, d, &list, &[]);
    assert!(
        ran.stdout
            .contains("stopped after 3 pages: the server sent a nextToken it had sent before"),
        "{}",
        ran.stdout
    );
}
