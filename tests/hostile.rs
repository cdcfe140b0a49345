//! Hostile input: every file gets a diagnostic with a position (or a path error), nothing panics,
//! the other files are still checked, and the JSON output is valid in every case.

mod common;

use common::{asklint, assert_positions_consistent, assert_valid_output};
use serde_json::Value;

#[test]
fn bad_files_are_diagnosed_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.json", Vec::new()),
        ("whitespace.json", b"  \n\t ".to_vec()),
        ("bom.json", b"\xEF\xBB\xBF{\"manifest\": {}}".to_vec()),
        (
            "invalid-utf8.json",
            b"{\"manifest\": {\"a\": \"\xFF\"}}".to_vec(),
        ),
        (
            "utf16.json",
            "\u{FEFF}{\"manifest\": {}}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        ("binary.json", (0..=255u8).cycle().take(1024).collect()),
        (
            "deep-array.json",
            [vec![b'['; 100_000], vec![b']'; 100_000]].concat(),
        ),
        ("deep-unclosed.json", vec![b'{'; 100_000]),
        (
            "numbers.json",
            b"{\"manifest\": {\"x\": 1e400, \"y\": -0}}".to_vec(),
        ),
        ("nan.json", b"{\"manifest\": {\"x\": NaN}}".to_vec()),
        (
            "control.json",
            b"{\"manifest\": {\"x\": \"a\x01b\"}}".to_vec(),
        ),
        (
            "surrogate.json",
            b"{\"manifest\": {\"x\": \"\\ud800\"}}".to_vec(),
        ),
        (
            "duplicates.json",
            b"{\"manifest\": {\"a\": 1, \"a\": {\"b\": 1, \"b\": 2}}, \"manifest\": {}}".to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    // A healthy file among them is still checked, and its finding still reported.
    std::fs::write(
        dir.path().join("enable.json"),
        r#"{"unitId": "amzn1.alexa.unit.did.AKQ7M2XTRB4LWZ3EXAMPLE", "stage": "Live"}"#,
    )
    .unwrap();
    let mut args: Vec<String> = files.iter().map(|(name, _)| name.to_string()).collect();
    args.push("enable.json".into());
    args.push("missing.json".into());
    let output = asklint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .args(&args)
        .output()
        .unwrap();
    // 2: a path could not be read; never a panic (101).
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("the output is JSON");
    assert_valid_output(&json);
    assert_positions_consistent(dir.path(), &json);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for (name, _) in &files {
        assert!(
            diagnostics.iter().any(|d| d["path"] == *name),
            "{name} has no diagnostic: {json:#}"
        );
    }
    assert!(
        diagnostics
            .iter()
            .any(|d| d["path"] == "enable.json" && d["code"] == "STG001")
    );
    assert_eq!(json["errors"][0]["path"], "missing.json");
}
