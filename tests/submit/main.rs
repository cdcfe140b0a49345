//! `asklint submit` and `asklint api` against a fake SMAPI on 127.0.0.1 (see fake_smapi.rs): every
//! seed operation end to end, every fault the client must handle, nothing sent for an invalid
//! payload, and no secret in anything asklint prints (every run goes through [`submit`], which
//! scans its output).

mod answers;
mod fake_smapi;
mod secrets;

#[path = "../common/mod.rs"]
mod common;

use std::path::Path;
use std::time::Duration;

use fake_smapi::{FakeSmapi, Fault, SKILL};
use serde_json::{Value, json};

pub const TOKEN: &str = "Atza|IwEBIFakeAccessToken0123456789abcdefSECRET";
pub const REFRESH_TOKEN: &str = "Atzr|IwEBIFakeRefreshToken9876543210SECRET";
pub const CLIENT_SECRET: &str = "fake-lwa-client-secret-0123456789SECRET";
const UNIT: &str = "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE";
/// `asklint api enable` for SKILL and UNIT.
const ENABLE: &[&str] = &["api", "enable", "--skill-id", SKILL, "--unit-id", UNIT];
/// `asklint api get-enablement` for SKILL and UNIT.
const GET_ENABLEMENT: &[&str] = &[
    "api",
    "get-enablement",
    "--skill-id",
    SKILL,
    "--unit-id",
    UNIT,
];

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// Run asklint in `dir` against `server`, with the token in its environment, and check that no
/// secret shows in anything it printed.
fn submit(server: &FakeSmapi, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut command = common::asklint();
    command
        .current_dir(dir)
        .args(args)
        .args(["--endpoint", &server.url, "--poll-interval", "20ms"])
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("ASK_ACCESS_TOKEN", TOKEN)
        .env_remove("ASK_REFRESH_TOKEN")
        .env_remove("ASK_LWA_CLIENT_ID")
        .env_remove("ASK_LWA_CLIENT_CONFIRMATION");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("asklint runs");
    let ran = Ran {
        code: output.status.code().expect("asklint exits"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    };
    for secret in [TOKEN, REFRESH_TOKEN, CLIENT_SECRET] {
        // Any part of one long enough to identify it counts.
        for part in [secret, &secret[..20], &secret[secret.len() - 20..]] {
            assert!(
                !ran.stdout.contains(part) && !ran.stderr.contains(part),
                "a secret was printed:\n{}\n{}",
                ran.stdout,
                ran.stderr
            );
        }
    }
    ran
}

/// A create-skill request for the `skill.json` in `dir`.
fn create_request(dir: &Path) -> String {
    write(
        dir,
        "create.json",
        &json!({"operation": "create-skill", "vendorId": "M2EXAMPLE7QK4D", "manifestFile": "skill.json"}),
    )
}

/// A manifest that passes every check, and an update request that names it: `update.json`.
fn update_request(dir: &Path) -> String {
    write(dir, "skill.json", &manifest());
    write(
        dir,
        "update.json",
        &json!({"operation": "update-skill", "skillId": SKILL, "manifestFile": "skill.json"}),
    )
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    std::fs::write(dir.join(name), serde_json::to_string_pretty(value).unwrap()).unwrap();
    name.to_owned()
}

/// A manifest that passes every check.
fn manifest() -> Value {
    json!({"manifest": {
        "manifestVersion": "1.0",
        "publishingInformation": {
            "locales": {"en-US": {
                "name": "Fake Facts",
                "summary": "Short facts about made-up places.",
                "description": "Fake Facts tells you one short fact about a made-up place each time you open it.",
                "examplePhrases": ["Alexa, open fake facts"],
                "keywords": ["facts"],
                "smallIconUri": "https://example.com/small.png",
                "largeIconUri": "https://example.com/large.png"
            }},
            "isAvailableWorldwide": true,
            "testingInstructions": "Say: Alexa, open fake facts.",
            "category": "EDUCATION_AND_REFERENCE",
            "distributionCountries": []
        },
        "apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:fake-facts"}}},
        "privacyAndCompliance": {
            "allowsPurchases": false,
            "usesPersonalInfo": false,
            "isChildDirected": false,
            "isExportCompliant": true,
            "containsAds": false,
            "locales": {"en-US": {"privacyPolicyUrl": "https://example.com/privacy"}}
        }
    }})
}

fn outcomes(json: &Value) -> Vec<&str> {
    json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect()
}

#[test]
fn every_enablement_operation_end_to_end() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let enable = write(
        d,
        "enable.json",
        &json!({"operation": "enable-skill", "skillId": SKILL, "body": {"unitId": UNIT, "stage": "live"}}),
    );
    let get = write(
        d,
        "get.json",
        &json!({"operation": "get-enablement", "skillId": SKILL, "unitId": UNIT, "stage": "live"}),
    );
    let list = write(
        d,
        "list.json",
        &json!({"operation": "list-enablements", "unitId": UNIT}),
    );
    let disable = write(
        d,
        "disable.json",
        &json!({"operation": "disable-skill", "skillId": SKILL, "unitId": UNIT}),
    );

    let ran = submit(
        &server,
        d,
        &["submit", "--format", "json", &enable, &get, &list, &disable],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let json = ran.json();
    assert_eq!(outcomes(&json), ["succeeded"; 4]);
    let requests = &json["requests"];
    assert_eq!(requests[0]["status"], 201);
    assert_eq!(requests[0]["body"]["status"], "ENABLED");
    assert_eq!(requests[1]["body"]["unit"]["id"], UNIT);
    assert_eq!(requests[2]["body"]["items"][0]["skill"]["id"], SKILL);
    assert_eq!(requests[3]["status"], 204);
    assert!(!server.is_enabled(SKILL, UNIT));
    let hits = server.hits();
    let lines: Vec<String> = hits
        .iter()
        .map(|h| format!("{} {}", h.method, h.url))
        .collect();
    assert_eq!(
        lines,
        [
            format!("POST /v1/skills/{SKILL}/enablements"),
            format!("GET /v1/skills/{SKILL}/enablements?unitId={UNIT}&stage=live"),
            format!("GET /v1/skills/enablements?unitId={UNIT}"),
            format!("DELETE /v1/skills/{SKILL}/enablements?unitId={UNIT}"),
        ]
    );
    assert!(
        hits.iter()
            .all(|h| h.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")))
    );
    assert_eq!(
        serde_json::from_str::<Value>(&hits[0].body).unwrap(),
        json!({"unitId": UNIT, "stage": "live"})
    );

    // Gone now: the server's 404 is reported with its code, message and request id (human format).
    let ran = submit(&server, d, &["submit", &get], &[]);
    assert_eq!(ran.code, 1);
    assert!(
        ran.stdout.contains("404 Not Found (request id req-0001)"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("error: RESOURCE_NOT_FOUND: The requested enablement wasn't found."),
        "{}",
        ran.stdout
    );
}

#[test]
fn the_api_command_makes_the_same_calls() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ran = submit(&server, d, &[ENABLE, &["--stage", "live"]].concat(), &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(server.is_enabled(SKILL, UNIT));
    assert!(ran.stdout.contains("201 Created"), "{}", ran.stdout);
    let ran = submit(
        &server,
        d,
        &[GET_ENABLEMENT, &["--format", "json"]].concat(),
        &[],
    );
    assert_eq!(ran.json()["requests"][0]["body"]["status"], "ENABLED");
    let ran = submit(
        &server,
        d,
        &["api", "disable", "--skill-id", SKILL, "--unit-id", UNIT],
        &[],
    );
    assert_eq!(ran.code, 0);
    assert!(!server.is_enabled(SKILL, UNIT));
}

#[test]
fn every_skill_operation_end_to_end() {
    let server = FakeSmapi::start(TOKEN);
    server.build_polls(2);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "skill.json", &manifest());
    let create = create_request(d);
    let ran = submit(&server, d, &["submit", "--format", "json", &create], &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let json = ran.json();
    // 202, then the status polled until it left IN_PROGRESS.
    assert_eq!(json["requests"][0]["status"], 202);
    assert_eq!(
        json["requests"][0]["body"]["manifest"]["lastModified"]["status"],
        "SUCCESSFUL"
    );
    let created = server
        .skill_ids()
        .into_iter()
        .find(|id| id != SKILL)
        .unwrap();
    assert_eq!(server.manifest(&created).unwrap(), manifest()["manifest"]);
    let polls = server
        .hits()
        .iter()
        .filter(|h| h.url.ends_with("/status"))
        .count();
    assert_eq!(polls, 3, "two IN_PROGRESS answers, then SUCCESSFUL");
    let create_hit = &server.hits()[0];
    assert_eq!(
        serde_json::from_str::<Value>(&create_hit.body).unwrap()["vendorId"],
        "M2EXAMPLE7QK4D"
    );

    let mut changed = manifest();
    changed["manifest"]["publishingInformation"]["locales"]["en-US"]["name"] =
        json!("Fake Facts Two");
    write(d, "skill.json", &changed);
    let update = write(
        d,
        "update.json",
        &json!({"operation": "update-skill", "skillId": created, "manifestFile": "skill.json"}),
    );
    let get = write(
        d,
        "get.json",
        &json!({"operation": "get-skill", "skillId": created}),
    );
    let status = write(
        d,
        "status.json",
        &json!({"operation": "get-skill-status", "skillId": created}),
    );
    let list = write(
        d,
        "list.json",
        &json!({"operation": "list-skills", "vendorId": "M2EXAMPLE7QK4D"}),
    );
    let delete = write(
        d,
        "delete.json",
        &json!({"operation": "delete-skill", "skillId": created}),
    );
    let ran = submit(
        &server,
        d,
        &[
            "submit", "--format", "json", &update, &get, &status, &list, &delete,
        ],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let json = ran.json();
    assert_eq!(outcomes(&json), ["succeeded"; 5]);
    assert_eq!(
        json["requests"][1]["body"]["skillManifest"]["publishingInformation"]["locales"]["en-US"]["name"],
        "Fake Facts Two"
    );
    assert_eq!(
        json["requests"][2]["body"]["manifest"]["lastModified"]["status"],
        "SUCCESSFUL"
    );
    assert_eq!(
        json["requests"][3]["body"]["skills"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(json["requests"][4]["status"], 204);
    assert_eq!(server.skill_ids(), [SKILL]);
}

#[test]
fn a_failed_build_and_a_wait_that_runs_out() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let update = update_request(d);
    server.fail_next_build();
    let ran = submit(&server, d, &["submit", &update], &[]);
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("build: FAILED"), "{}", ran.stdout);

    server.build_polls(1000);
    let ran = submit(
        &server,
        d,
        &["submit", &update, "--wait-timeout", "300ms"],
        &[],
    );
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout
            .contains("still IN_PROGRESS when --wait-timeout ran out"),
        "{}",
        ran.stdout
    );
}

/// A 202's absolute `Location` is followed on the same origin, and refused on another: the token is
/// never sent there, and nothing connects to it.
#[test]
fn a_location_on_another_host_is_not_followed() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "skill.json", &manifest());
    let create = create_request(d);

    server.locations_on(&server.url);
    let ran = submit(&server, d, &["submit", &create], &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("build: SUCCESSFUL"), "{}", ran.stdout);

    // Another port on the same machine is another origin.
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    elsewhere.set_nonblocking(true).unwrap();
    let origin = format!("http://{}", elsewhere.local_addr().unwrap());
    server.locations_on(&origin);
    let hits = server.hits().len();
    let ran = submit(&server, d, &["submit", &create], &[]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout
            .contains("is on another host; the token is not sent there"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains(&origin), "{}", ran.stdout);
    assert_eq!(server.hits().len(), hits + 1, "only the create itself");
    assert!(
        elsewhere.accept().is_err(),
        "asklint connected to the other host"
    );
}

#[test]
fn all_pages_are_followed_with_next_token() {
    let server = FakeSmapi::start(TOKEN);
    for i in 0..12 {
        server.enable(
            &format!("amzn1.ask.skill.00000000-0000-4000-8000-{i:012}"),
            UNIT,
            "live",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let list = write(
        d,
        "list.json",
        &json!({"operation": "list-enablements", "unitId": UNIT, "maxResults": 5}),
    );
    let ran = submit(
        &server,
        d,
        &["submit", "--format", "json", "--all", &list],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let json = ran.json();
    assert_eq!(json["requests"][0]["pages"], 3);
    assert_eq!(
        json["requests"][0]["body"]["items"]
            .as_array()
            .unwrap()
            .len(),
        12
    );
    let urls: Vec<String> = server.hits().into_iter().map(|h| h.url).collect();
    assert_eq!(
        urls[1],
        format!("/v1/skills/enablements?unitId={UNIT}&maxResults=5&nextToken=page-5")
    );
    assert_eq!(urls.len(), 3);

    // Without --all, one page and its token.
    let ran = submit(&server, d, &["submit", "--format", "json", &list], &[]);
    assert_eq!(
        ran.json()["requests"][0]["body"]["paginationContext"]["nextToken"],
        "page-5"
    );
}

#[test]
fn an_invalid_payload_makes_no_request_at_all() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = write(
        d,
        "enable.json",
        &json!({"operation": "enable-skill", "skillId": "not-a-skill-id", "body": {"unitId": "amzn1.alexa.unit.EXAMPLE", "stage": "live"}}),
    );
    let from_file = submit(&server, d, &["submit", "--format", "json", &file], &[]);
    let from_flags = submit(
        &server,
        d,
        &[
            "api",
            "enable",
            "--format",
            "json",
            "--skill-id",
            "not-a-skill-id",
            "--unit-id",
            "amzn1.alexa.unit.EXAMPLE",
            // A stage the flag does not take is a usage error (see
            // api_flags_and_dry_runs_say_what_is_true).
            "--stage",
            "live",
        ],
        &[],
    );
    for ran in [&from_file, &from_flags] {
        assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
        assert_eq!(outcomes(&ran.json()), ["invalid"]);
    }
    let codes = |ran: &Ran| -> Vec<String> {
        ran.json()["check"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // The flags get the diagnostics the file gets.
    assert!(!codes(&from_file).is_empty());
    assert_eq!(codes(&from_file), codes(&from_flags));
    // A manifest with an error stops a create the same way.
    let mut broken = manifest();
    broken["manifest"]["apis"]["custom"]["endpoint"]["uri"] = json!("http://example.com/skill");
    write(d, "skill.json", &broken);
    let create = create_request(d);
    let ran = submit(&server, d, &["submit", &create], &[]);
    assert_eq!(ran.code, 1);
    assert!(
        ran.stdout.contains("not sent: fix the errors above first"),
        "{}",
        ran.stdout
    );
    assert_eq!(server.hits().len(), 0, "the server saw a request");
}

#[test]
fn the_target_decides_whether_a_certification_finding_stops_a_request() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Deployable, but not ready for certification: no testing instructions.
    let mut draft = manifest();
    draft["manifest"]["publishingInformation"]
        .as_object_mut()
        .unwrap()
        .remove("testingInstructions");
    write(d, "skill.json", &draft);
    let create = create_request(d);
    let development = submit(
        &server,
        d,
        &["submit", "--dry-run", "--format", "json", &create],
        &[],
    );
    assert_eq!(
        development.code, 0,
        "{}{}",
        development.stdout, development.stderr
    );
    let json = development.json();
    assert_eq!(json["check"]["target"], "development");
    let testing = json["check"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "PUB011")
        .expect("PUB011 is reported");
    assert_eq!(testing["severity"], "warning");
    let certification = submit(
        &server,
        d,
        &[
            "submit",
            "--dry-run",
            "--format",
            "json",
            "--target",
            "certification",
            &create,
        ],
        &[],
    );
    assert_eq!(certification.code, 1, "{}", certification.stdout);
    assert_eq!(outcomes(&certification.json()), ["invalid"]);
    assert_eq!(server.hits().len(), 0, "the server saw a request");
}

#[test]
fn throttling_is_retried_after_the_servers_pause() {
    let server = FakeSmapi::start(TOKEN);
    server.fault(Fault::Status(429, Some("1")));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A POST: throttled means not acted on, so it is safe to send again.
    let ran = submit(&server, d, &[ENABLE, &["--stage", "live"]].concat(), &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr
            .contains("429 Too Many Requests (request id req-0001); retrying in 1.0 s (Retry-After), try 2 of 5"),
        "{}",
        ran.stderr
    );
    assert_eq!(server.hits().len(), 2);
    assert!(server.is_enabled(SKILL, UNIT));
    // A pause longer than --max-retry-after ends the call with the server's answer.
    server.fault(Fault::Status(429, Some("3600")));
    let ran = submit(&server, d, &["api", "status", "--skill-id", SKILL], &[]);
    assert_eq!(ran.code, 1);
    assert!(ran.stderr.contains("asks to wait 3600 s"), "{}", ran.stderr);
}

#[test]
fn server_errors_are_retried_only_where_that_is_safe() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 503 (unavailable: not acted on) is retried for a POST too, with backoff.
    server.fault(Fault::Status(503, None));
    let ran = submit(&server, d, ENABLE, &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr
            .contains("503 Service Unavailable (request id req-0001); retrying in"),
        "{}",
        ran.stderr
    );
    // 500 is retried for a GET...
    server.fault(Fault::Status(500, None));
    let ran = submit(&server, d, GET_ENABLEMENT, &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    // ...but not for a POST, which the server may have carried out.
    let before = server.hits().len();
    server.fault(Fault::Status(500, None));
    let ran = submit(&server, d, ENABLE, &[]);
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("500 Internal Server Error"),
        "{}",
        ran.stdout
    );
    assert_eq!(server.hits().len(), before + 1);
    // Every try failing ends after --tries.
    for _ in 0..3 {
        server.fault(Fault::Status(503, Some("0")));
    }
    let before = server.hits().len();
    let ran = submit(
        &server,
        d,
        &["api", "status", "--skill-id", SKILL, "--tries", "3"],
        &[],
    );
    assert_eq!(ran.code, 1);
    assert_eq!(server.hits().len(), before + 3);
}

#[test]
fn a_slow_answer_times_out_and_only_a_safe_call_is_repeated() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    server.fault(Fault::Slow(Duration::from_secs(3)));
    let ran = submit(
        &server,
        d,
        &["api", "status", "--skill-id", SKILL, "--timeout", "500ms"],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr.contains("no answer within the timeout"),
        "{}",
        ran.stderr
    );
    assert_eq!(server.hits().len(), 2);

    server.fault(Fault::Slow(Duration::from_secs(3)));
    let ran = submit(
        &server,
        d,
        &[ENABLE, &["--timeout", "500ms", "--format", "json"]].concat(),
        &[],
    );
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert_eq!(outcomes(&ran.json()), ["no-answer"]);
    assert!(ran.stderr.contains("not repeated"), "{}", ran.stderr);
    assert_eq!(server.hits().len(), 3);
}

#[test]
fn a_dropped_connection_is_retried_only_where_that_is_safe() {
    let server = FakeSmapi::start(TOKEN);
    server.enable(SKILL, UNIT, "live");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    server.fault(Fault::Drop);
    let ran = submit(&server, d, GET_ENABLEMENT, &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("connection lost"), "{}", ran.stderr);
    assert_eq!(server.hits().len(), 2);

    server.fault(Fault::Drop);
    let ran = submit(&server, d, ENABLE, &[]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert_eq!(server.hits().len(), 3);
}

#[test]
fn a_malformed_response_is_reported_at_its_position() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    server.fault(Fault::Malformed);
    let ran = submit(
        &server,
        d,
        &[
            "api",
            "list-enablements",
            "--unit-id",
            UNIT,
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    let json = ran.json();
    assert_eq!(outcomes(&json), ["unexpected-response"]);
    let finding = &json["responseCheck"]["diagnostics"][0];
    assert_eq!(finding["path"], "<response to <api list-enablements>>");
    assert_eq!(finding["range"]["start"]["line"], 1);
    assert!(
        finding["code"].as_str().unwrap().starts_with("JSON"),
        "{finding}"
    );
}

#[test]
fn a_batch_reports_each_outcome_and_goes_on() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let invalid = write(
        d,
        "a.json",
        &json!({"operation": "get-enablement", "skillId": SKILL}),
    );
    let refused = write(
        d,
        "b.json",
        &json!({"operation": "get-enablement", "skillId": SKILL, "unitId": UNIT}),
    );
    let fine = write(
        d,
        "c.json",
        &json!({"operation": "enable-skill", "skillId": SKILL, "body": {"unitId": UNIT}}),
    );
    let ran = submit(
        &server,
        d,
        &["submit", &invalid, &refused, &fine, "missing.json"],
        &[],
    );
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("a.json: get-enablement: not sent"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("404 Not Found"), "{}", ran.stdout);
    assert!(ran.stdout.contains("201 Created"), "{}", ran.stdout);
    assert!(
        ran.stdout.contains(
            "4 requests: 1 succeeded, 2 not sent (failed checks), 1 refused by the server"
        ),
        "{}",
        ran.stdout
    );
}

#[test]
fn a_dry_run_prints_the_requests_and_sends_nothing() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = write(
        d,
        "enable.json",
        &json!({"operation": "enable-skill", "skillId": SKILL, "body": {"unitId": UNIT, "stage": "live"}}),
    );
    let ran = submit(&server, d, &["submit", "--dry-run", &file], &[]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let port = server.url.rsplit(':').next().unwrap();
    let expected = format!(
        "# enable.json (enable-skill): not sent (--dry-run)\nPOST /v1/skills/{SKILL}/enablements HTTP/1.1\nHost: 127.0.0.1:{port}\nUser-Agent: asklint/{}\nAccept: application/json\nAuthorization: Bearer <redacted: from $ASK_ACCESS_TOKEN>\nContent-Type: application/json\nContent-Length: 72\n\n{{\"stage\":\"live\",\"unitId\":\"{UNIT}\"}}\n\n1 request: 1 printed (dry run)\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(ran.stdout, expected);
    assert!(server.hits().is_empty());
}

#[test]
fn secrets_are_never_printed_even_when_a_request_holds_one() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Someone pasted the token into a request; its diagnostics quote the line.
    let file = write(
        d,
        "pasted.json",
        &json!({"operation": "get-skill", "skillId": TOKEN}),
    );
    let ran = submit(&server, d, &["submit", &file], &[]);
    assert_eq!(ran.code, 1);
    assert!(ran.stdout.contains("<redacted>"), "{}", ran.stdout);
    // A wrong token: the 401 is reported, the token is not.
    let ran = submit(
        &server,
        d,
        &["api", "status", "--skill-id", SKILL],
        &[("ASK_ACCESS_TOKEN", REFRESH_TOKEN)],
    );
    assert_eq!(ran.code, 1);
    assert!(ran.stdout.contains("401 Unauthorized"), "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("Unauthorized: The access token is missing, expired, or invalid."),
        "{}",
        ran.stdout
    );
    // No token at all: a clear message and nothing sent.
    let ran = submit(
        &server,
        d,
        &["api", "status", "--skill-id", SKILL],
        &[("ASK_ACCESS_TOKEN", "")],
    );
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("no SMAPI token"), "{}", ran.stderr);
}

#[test]
fn a_refresh_token_is_exchanged_once_and_cached() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lwa = format!("{}/auth/o2/token", server.url);
    let env = [
        ("ASK_ACCESS_TOKEN", ""),
        ("ASK_REFRESH_TOKEN", REFRESH_TOKEN),
        (
            "ASK_LWA_CLIENT_ID",
            "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef",
        ),
        ("ASK_LWA_CLIENT_CONFIRMATION", CLIENT_SECRET),
    ];
    for _ in 0..2 {
        let ran = submit(
            &server,
            d,
            &["api", "status", "--skill-id", SKILL, "--lwa-endpoint", &lwa],
            &env,
        );
        assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    }
    let exchanges = server
        .hits()
        .iter()
        .filter(|h| h.url == "/auth/o2/token")
        .count();
    assert_eq!(exchanges, 1, "the second run used the cached token");
    let cache = std::fs::read_dir(d.join("cache/asklint"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            cache.metadata().unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(!cache.file_name().to_string_lossy().contains("Atzr"));
    // A refused refresh token: LWA's error, no secret.
    std::fs::remove_dir_all(d.join("cache")).unwrap();
    let mut bad = env;
    bad[3].1 = "another-client-secret-SECRET";
    let ran = submit(
        &server,
        d,
        &["api", "status", "--skill-id", SKILL, "--lwa-endpoint", &lwa],
        &bad,
    );
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("invalid_grant"), "{}", ran.stderr);
}

#[test]
fn an_ask_cli_profile_token_is_used_while_fresh() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".ask")).unwrap();
    let config = json!({"profiles": {"default": {"token": {
        "access_token": TOKEN, "refresh_token": REFRESH_TOKEN, "token_type": "bearer",
        "expires_in": 3600, "expires_at": "2999-01-01T00:00:00.000Z"
    }, "vendor_id": "M2EXAMPLE7QK4D"}}});
    write(d, ".ask/cli_config", &config);
    let ran = submit(
        &server,
        d,
        &[
            "api",
            "status",
            "--skill-id",
            SKILL,
            "--ask-profile",
            "default",
        ],
        &[("ASK_ACCESS_TOKEN", "")],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let ran = submit(
        &server,
        d,
        &[
            "api",
            "status",
            "--skill-id",
            SKILL,
            "--ask-profile",
            "work",
        ],
        &[("ASK_ACCESS_TOKEN", "")],
    );
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("no token for profile `work` (profiles: default)"),
        "{}",
        ran.stderr
    );
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::asklint()
        .current_dir(dir.path())
        .args([
            "api",
            "status",
            "--skill-id",
            SKILL,
            "--endpoint",
            "http://api.example.com",
        ])
        .env("ASK_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("refusing to send a token over plain http to api.example.com"),
        "{stderr}"
    );
}

/// Issue 17's polish: a bad `--stage` is a usage error against the flag; a dry run does not
/// claim a token source that is not set; an update with a v1 manifest says that it goes as v0.
#[test]
fn api_flags_and_dry_runs_say_what_is_true() {
    let server = FakeSmapi::start(TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let enable = ["api", "enable", "--skill-id", SKILL, "--unit-id", UNIT];
    let ran = submit(
        &server,
        d,
        &[&enable[..], &["--stage", "Live"]].concat(),
        &[],
    );
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("invalid value 'Live' for '--stage <STAGE>'")
            && ran
                .stderr
                .contains("[possible values: development, certification, live]"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stdout.contains("<api"), "{}", ran.stdout);
    assert!(server.hits().is_empty());

    // No token anywhere: the dry run says none is set.
    let ran = submit(
        &server,
        d,
        &[&enable[..], &["--stage", "live", "--dry-run"]].concat(),
        &[("ASK_ACCESS_TOKEN", "")],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains(
            "Authorization: Bearer <redacted: none set: a real run needs $ASK_ACCESS_TOKEN"
        ),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("from $ASK_ACCESS_TOKEN"));

    // A v1 skill.json, sent by update-skill (flags or a request file): said to go as v0.
    update_request(d);
    for args in [
        &[
            "api",
            "update",
            "--skill-id",
            SKILL,
            "--manifest",
            "skill.json",
            "--dry-run",
        ][..],
        &["submit", "update.json", "--dry-run"],
    ] {
        let ran = submit(&server, d, args, &[]);
        assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
        assert!(
            ran.stderr.contains(&format!(
                "update-skill sends the v1 `manifest` of its manifest file as v0's `skillManifest` (PUT /v0/skills/{SKILL})"
            )),
            "{}",
            ran.stderr
        );
    }
    // A v0 one is sent as it is: nothing to say.
    write(
        d,
        "v0.json",
        &json!({"skillManifest": manifest()["manifest"]}),
    );
    let ran = submit(
        &server,
        d,
        &[
            "api",
            "update",
            "--skill-id",
            SKILL,
            "--manifest",
            "v0.json",
            "--dry-run",
        ],
        &[],
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(!ran.stderr.contains("sends the v1"), "{}", ran.stderr);
    // A manifest file of no known shape is not left alone as a named package.json would be.
    write(d, "odd.json", &json!({"name": "x"}));
    let ran = submit(
        &server,
        d,
        &[
            "api",
            "update",
            "--skill-id",
            SKILL,
            "--manifest",
            "odd.json",
            "--dry-run",
        ],
        &[],
    );
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("KIND001"), "{}", ran.stdout);
    assert!(server.hits().is_empty());
}
