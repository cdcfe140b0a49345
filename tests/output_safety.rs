//! What every output format owes its reader, whatever the file holds or is called: one position
//! for one place (lines broken at LF, CRLF and a lone CR, columns in characters, a byte order mark
//! not a column), no control character reaching a terminal raw, file names that cannot break a
//! line or pass for a GitHub workflow command, SARIF URIs that name the file byte for byte relative
//! to the repository root, and a reader that stops early ending the run quietly.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::pipeline::editor_position;
use common::{asklint, percent_decoded, stdout};
use serde_json::Value;

/// `asklint check --format FORMAT ARGS…` in `dir`: exit code and what it printed.
fn check(dir: &Path, format: &str, args: &[&str]) -> (i32, String) {
    let output = asklint()
        .current_dir(dir)
        .args(["check", "--color", "never", "--format", format])
        .args(args)
        .output()
        .unwrap();
    (output.status.code().unwrap(), stdout(&output))
}

/// `(line, column)` of every finding's start, in output order, as each format gives it.
fn positions(dir: &Path, format: &str, args: &[&str]) -> Vec<(usize, usize)> {
    let (code, out) = check(dir, format, args);
    assert_eq!(code, 1, "{format}: {out}");
    let number = |text: &str| text.parse::<usize>().unwrap();
    match format {
        "json" => {
            let json: Value = serde_json::from_str(&out).unwrap();
            json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let start = &d["range"]["start"];
                    (
                        start["line"].as_u64().unwrap() as usize,
                        start["column"].as_u64().unwrap() as usize,
                    )
                })
                .collect()
        }
        "sarif" => {
            let sarif: Value = serde_json::from_str(&out).unwrap();
            sarif["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let region = &r["locations"][0]["physicalLocation"]["region"];
                    (
                        region["startLine"].as_u64().unwrap() as usize,
                        region["startColumn"].as_u64().unwrap() as usize,
                    )
                })
                .collect()
        }
        // `name:line:col: severity …`
        "concise" => out
            .lines()
            .map(|l| {
                let fields: Vec<&str> = l.splitn(4, ':').collect();
                (number(fields[1]), number(fields[2]))
            })
            .collect(),
        // `::error file=…,line=…,col=…,…`
        "github" => out
            .lines()
            .map(|l| {
                let field = |key: &str| {
                    let rest = &l[l.find(&format!(",{key}=")).unwrap() + key.len() + 2..];
                    number(&rest[..rest.find(',').unwrap()])
                };
                (field("line"), field("col"))
            })
            .collect(),
        // The frame header, `╭─[name:line:col]`.
        "human" => out
            .lines()
            .filter_map(|l| l.split_once("─[").map(|(_, rest)| rest))
            .map(|rest| {
                let inner = rest.strip_suffix(']').unwrap();
                let mut fields = inner.rsplitn(3, ':');
                let column = number(fields.next().unwrap());
                (number(fields.next().unwrap()), column)
            })
            .collect(),
        _ => unreachable!(),
    }
}

const FORMATS: [&str; 5] = ["json", "sarif", "concise", "github", "human"];

/// Lone CR, CRLF and LF line breaks, a byte order mark, umlauts and kana before the finding: every
/// format gives the line and column an editor shows, the human frame's header too.
#[test]
fn every_format_gives_the_position_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &str); 4] = [
        ("cr.json", "{\r  \"a\": 1,\r  \"a\": 2\r}\r"),
        (
            "mixed.json",
            "{\r\n  \"ü\": 1,\r  \"b\": 2,\n  \"b\": 3\r\n}",
        ),
        ("bom.json", "\u{feff}{\"a\": 1, \"a\": 2}"),
        ("kana.json", "{\n  \"äöü\": \"カナ\", \"äöü\": 2\n}\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        let args = ["--kind", "ask-resources", name];
        let (_, json) = check(dir.path(), "json", &args);
        let json: Value = serde_json::from_str(&json).unwrap();
        let expected: Vec<(usize, usize)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                editor_position(
                    text,
                    d["range"]["start"]["offset"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert!(expected.len() >= 2, "{name}: {json}");
        for format in FORMATS {
            assert_eq!(
                positions(dir.path(), format, &args),
                expected,
                "{name} in {format}"
            );
        }
        // A lone CR is shown as the line break it is: never sent raw to a terminal.
        let (_, human) = check(dir.path(), "human", &args);
        assert!(!human.contains('\r'), "{name}: {human:?}");
    }
}

/// Every control character in `text` but the line feed.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c.is_control() && c != '\n')
        .collect()
}

/// ESC and BEL in keys (quoted in messages), raw in the text (shown in a frame) and in a file's
/// name reach no terminal raw, even without colour; the frame's labels stay under their text.
#[test]
fn control_characters_are_escaped_in_text_formats() {
    let dir = tempfile::tempdir().unwrap();
    let keys = "{\"k\\u001b]0;owned\\u0007\": 1, \"k\\u001b]0;owned\\u0007\": 2}";
    std::fs::write(dir.path().join("keys.json"), keys).unwrap();
    std::fs::write(
        dir.path().join("raw.json"),
        "{\"a\": \"x\u{1b}[2J\u{7}\u{9b}y\", \"b\": 1,}",
    )
    .unwrap();
    let named = "name\u{1b}[31m\u{7}.json";
    std::fs::write(dir.path().join(named), "{\"a\": 1, \"a\": 2}").unwrap();
    let args = ["--kind", "ask-resources", "keys.json", "raw.json", named];
    for format in ["human", "concise", "github"] {
        let (code, out) = check(dir.path(), format, &args);
        assert_eq!(code, 1, "{out}");
        assert_eq!(controls(&out), [] as [char; 0], "{format}: {out}");
        assert!(out.contains("\\u{1b}"), "{format}: {out}");
        if format != "github" {
            assert!(
                out.contains("name\\u{1b}[31m\\u{7}.json"),
                "{format}: {out}"
            );
        }
    }
    // An error about a file that quotes its text, on standard error.
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/bad.toml"),
        "code = \"X\u{1b}[31m\"\n[[[",
    )
    .unwrap();
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--rules-dir", "rules", "keys.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("X\\u{1b}[31m"), "{stderr}");
    assert_eq!(controls(&stderr), [] as [char; 0], "{stderr}");

    // The trailing comma's label is under the comma, after the escaped characters before it.
    let (_, human) = check(
        dir.path(),
        "human",
        &["--kind", "ask-resources", "raw.json"],
    );
    let lines: Vec<&str> = human.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains("x\\u{1b}[2J\\u{7}\\u{9b}y"))
        .unwrap();
    let comma = lines[source].chars().position(|c| c == ',').unwrap();
    let comma = comma
        + lines[source]
            .chars()
            .skip(comma + 1)
            .position(|c| c == ',')
            .unwrap()
        + 1;
    let frame_of_comma = lines
        .iter()
        .enumerate()
        .skip_while(|(_, l)| !l.contains("trailing comma"))
        .find(|(_, l)| l.contains('┬'))
        .unwrap();
    assert_eq!(
        frame_of_comma.1.chars().position(|c| c == '┬'),
        Some(comma),
        "{human}"
    );
}

/// A file name with a line break or a leading `::` keeps one finding per line in the concise and
/// github formats, and no concise line passes for a GitHub workflow command.
#[test]
fn file_names_cannot_break_lines_or_become_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["::warning file=x.json::forged.json", "two\nlines.json"];
    for name in names {
        std::fs::write(dir.path().join(name), "{\"a\": 1, \"a\": 2}").unwrap();
    }
    let args = ["--kind", "ask-resources", names[0], names[1]];
    let (_, json) = check(dir.path(), "json", &args);
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["diagnostics"].as_array().unwrap().len();
    assert!(findings >= 2, "{json}");
    // One line per finding, each starting with its file's name, escaped.
    let one_per_line = |out: &str, starts: [&str; 2]| {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), findings, "{out}");
        for start in starts {
            assert!(lines.iter().any(|l| l.starts_with(start)), "{start}: {out}");
        }
        assert!(
            lines
                .iter()
                .all(|l| starts.iter().any(|s| l.starts_with(s))),
            "{out}"
        );
    };
    let (_, concise) = check(dir.path(), "concise", &args);
    one_per_line(
        &concise,
        [
            "./::warning file=x.json::forged.json:1:",
            "two\\u{a}lines.json:1:",
        ],
    );
    let (_, github) = check(dir.path(), "github", &args);
    one_per_line(
        &github,
        [
            "::error file=%3A%3Awarning file=x.json%3A%3Aforged.json,line=1,",
            "::error file=two%0Alines.json,line=1,",
        ],
    );
}

/// The URIs of a SARIF log's results, and the base they are relative to.
fn sarif_uris(dir: &Path, args: &[&str]) -> (Vec<Value>, Value) {
    let (code, out) = check(dir, "sarif", args);
    assert_eq!(code, 1, "{out}");
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let uris = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"].clone())
        .collect();
    (uris, run["originalUriBaseIds"].clone())
}

/// Names with a backslash (a name's character on Unix, not a separator) and bytes that are not
/// UTF-8 are percent-encoded byte for byte, and decode to the name on disk.
#[cfg(unix)]
#[test]
fn sarif_uris_round_trip_every_byte_of_a_name() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let name: &[u8] = b"a\\b \xFF%.json";
    std::fs::write(
        dir.path().join(OsStr::from_bytes(name)),
        "{\"a\": 1, \"a\": 2}",
    )
    .unwrap();
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "--kind", "ask-resources"])
        .arg(OsStr::from_bytes(name))
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap();
    assert_eq!(uri, "a%5Cb%20%FF%25.json");
    assert_eq!(percent_decoded(uri), name);
}

/// SARIF URIs are relative to the repository root (`%SRCROOT%`, whose absolute URI the log gives),
/// wherever asklint is started and however the path is spelled; with `--config`, relative to its
/// folder.
#[test]
fn sarif_uris_are_relative_to_the_repository_root_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("pkg/sub")).unwrap();
    std::fs::write(repo.join("pkg/sub/e.json"), "{\"a\": 1, \"a\": 2}").unwrap();
    let absolute = repo.join("pkg/sub/e.json");
    let absolute = absolute.to_str().unwrap();
    let runs: [(&Path, &str); 4] = [
        (&repo, "pkg/sub/e.json"),
        (&repo.join("pkg/sub"), "e.json"),
        (&repo.join("pkg"), "../pkg/./sub/e.json"),
        (dir.path(), absolute),
    ];
    let canonical = repo.canonicalize().unwrap();
    let base = format!("file://{}/", canonical.to_str().unwrap());
    for (cwd, path) in runs {
        let (uris, bases) = sarif_uris(cwd, &["--kind", "ask-resources", path]);
        assert!(!uris.is_empty());
        for uri in uris {
            assert_eq!(
                uri,
                serde_json::json!({"uri": "pkg/sub/e.json", "uriBaseId": "%SRCROOT%"}),
                "from {cwd:?}: {path}"
            );
        }
        // The temporary folder may be reached through a link (`/tmp` on macOS): compare targets.
        let root = bases["%SRCROOT%"]["uri"].as_str().unwrap();
        let root_path = String::from_utf8(percent_decoded(&root["file://".len()..])).unwrap();
        assert_eq!(
            format!(
                "file://{}/",
                Path::new(&root_path).canonicalize().unwrap().display()
            ),
            base
        );
        assert!(root.ends_with('/'));
    }
    // Outside a repository, --config's folder is the root.
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(plain.join("pkg/sub")).unwrap();
    std::fs::write(plain.join("pkg/sub/e.json"), "{\"a\": 1, \"a\": 2}").unwrap();
    std::fs::write(plain.join("pkg/asklint.toml"), "").unwrap();
    let (uris, _) = sarif_uris(
        &plain.join("pkg/sub"),
        &[
            "--config",
            "../asklint.toml",
            "--kind",
            "ask-resources",
            "e.json",
        ],
    );
    assert_eq!(uris[0]["uri"], "sub/e.json");
}

/// A reader that stops early (`| head -1`) ends the run quietly, with the exit code the findings
/// deserve, in every format. The pipe is closed before asklint writes, with more to write than a
/// pipe or a buffer holds.
#[test]
fn a_closed_pipe_ends_the_run_quietly_with_the_findings_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<String> = (0..3000)
        .map(|i| format!("\"k{i}\": 1, \"k{i}\": 2"))
        .collect();
    std::fs::write(
        dir.path().join("many.json"),
        format!("{{{}}}", members.join(", ")),
    )
    .unwrap();
    let closed_pipe = |args: &[&str]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(assert_cmd::cargo::cargo_bin("asklint"))
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr)
    };
    for format in FORMATS {
        let args = [
            "check",
            "--format",
            format,
            "--kind",
            "ask-resources",
            "many.json",
        ];
        assert_eq!(closed_pipe(&args), (Some(1), String::new()), "{format}");
    }
    // The other commands that print to standard output succeed as quietly.
    for args in [
        &["rules", "--format", "json"][..],
        &["rules"],
        &["kinds"],
        &["schema", "skill-manifest"],
        &["explain", "SCH001"],
    ] {
        assert_eq!(closed_pipe(args), (Some(0), String::new()), "{args:?}");
    }
}

/// A server's error message with ESC and BEL in it is shown escaped, on standard output and error.
#[test]
fn control_characters_a_server_sends_are_escaped() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let body = r#"{"message": "no \u001b]0;owned\u0007 skill \u001b[2J here"}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let output = asklint()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env(
            "ASK_ACCESS_TOKEN",
            "Atza|fake-token-for-the-test-0123456789",
        )
        .args([
            "api",
            "get-enablement",
            "--skill-id",
            "amzn1.ask.skill.3f9c2a71-8e4b-4d26-b0c5-71a9e2d84f13",
            "--unit-id",
            "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE",
            "--endpoint",
            &url,
        ])
        .output()
        .unwrap();
    let (out, err) = (
        stdout(&output),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    );
    assert!(out.contains("no \\u{1b}]0;owned\\u{7} skill"), "{out}{err}");
    assert_eq!(controls(&out), [] as [char; 0], "{out}");
    assert_eq!(controls(&err), [] as [char; 0], "{err}");
}
