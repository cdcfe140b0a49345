//! The whole per-file pipeline on any bytes, with what must hold for every input: no panic, every
//! range inside the text and on character boundaries, every format written, and the machine-readable
//! ones well-formed, with a secret masked out of the text. Shared by the fuzz targets (`fuzz/fuzz_targets/`) and the regression test over
//! the inputs they found (`tests/fuzz_regressions.rs`).

use std::ops::Range;
use std::path::Path;

use asklint::check::{CheckOptions, Origin, check_bytes};
use asklint::kind::Kind;
use asklint::output::{self, Format, Run, Style};
use asklint::secrets::Secrets;
use serde_json::Value;

/// The name the checked bytes are given: no package around it, so no other file is read.
const PATH: &str = "fuzz.json";

/// Check `bytes` as a file that is always checked (standard input), as `kind` (`--kind`) or as the kind its shape
/// tells, render the findings in every format, and panic (with the reason) if any invariant fails.
pub fn check_and_render_everything(bytes: &[u8], kind: Option<Kind>) {
    let options = CheckOptions {
        inline_suppressions: true,
        ..CheckOptions::with_rules(asklint::rules::all().to_vec())
    };
    let report = check_bytes(
        PATH,
        Path::new(PATH),
        bytes,
        &options,
        kind,
        Origin::Claimed,
        &asklint::package::NoFiles,
    )
    .expect("a file named explicitly is always reported");
    let text = report.source.text().to_owned();
    for d in &report.diagnostics {
        assert_range_in(&text, &d.range, d.code);
        for label in &d.labels {
            assert_range_in(&text, &label.range, d.code);
        }
    }
    let count = report.diagnostics.len();
    // A secret taken from the text itself: masked out of it, every range and position must hold.
    let mut report = report;
    let mut secrets = Secrets::default();
    secrets.add(&text.chars().skip(1).take(3).collect::<String>());
    secrets.scrub_report(&mut report);
    assert_eq!(
        report.source.text().len(),
        text.len(),
        "the mask moved bytes"
    );
    let run = Run {
        files: vec![output::resolve(report, true, &Style::default())],
        errors: Vec::new(),
        rules: asklint::rules::all().to_vec(),
        target: Some(options.target),
        ..Run::default()
    };

    let json: Value = serde_json::from_slice(&render(&run, Format::Json))
        .unwrap_or_else(|e| panic!("the JSON output is not JSON: {e}"));
    assert_valid_output(&json);
    let diagnostics = json["diagnostics"].as_array().expect("a diagnostics array");
    assert_eq!(diagnostics.len(), count, "the JSON output lost findings");
    for d in diagnostics {
        assert_positions_in(&text, d);
    }

    let sarif: Value = serde_json::from_slice(&render(&run, Format::Sarif))
        .unwrap_or_else(|e| panic!("the SARIF output is not JSON: {e}"));
    let results = sarif["runs"][0]["results"]
        .as_array()
        .expect("SARIF results");
    assert_eq!(results.len(), count, "the SARIF output lost findings");
    for (result, d) in results.iter().zip(diagnostics) {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        let (start, end) = (&d["range"]["start"]["offset"], &d["range"]["end"]["offset"]);
        assert_eq!(&region["byteOffset"], start);
        assert_eq!(
            region["byteLength"].as_u64(),
            Some(end.as_u64().unwrap() - start.as_u64().unwrap())
        );
    }

    // One workflow command per finding, each on its own line (messages escape their newlines).
    let github = String::from_utf8(render(&run, Format::Github)).expect("UTF-8 annotations");
    assert_eq!(github.lines().count(), count, "{github}");
    assert!(github.lines().all(|l| l.starts_with("::")), "{github}");

    for format in [Format::Human, Format::Concise] {
        String::from_utf8(render(&run, format)).expect("UTF-8 output");
    }
    let mut statistics = Vec::new();
    output::write_statistics(&run, &mut statistics).expect("writing to memory");
}

/// The input of the `pipeline_as_kind` target: its first byte chooses the kind, the rest is the file.
pub fn kind_and_file(input: &[u8]) -> Option<(Kind, &[u8])> {
    let (&selector, file) = input.split_first()?;
    Some((Kind::ALL[usize::from(selector) % Kind::ALL.len()], file))
}

fn render(run: &Run, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    output::write(run, format, false, &mut out).expect("writing to memory");
    out
}

fn assert_range_in(text: &str, range: &Range<usize>, code: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{code}: range {range:?} is not inside the {} bytes of the text",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{code}: range {range:?} is not on character boundaries"
    );
}

/// A finding of the JSON output: its start and end lie in `text`, in order, and their lines and
/// columns are those of their offsets, counted here independently of asklint.
pub fn assert_positions_in(text: &str, diagnostic: &Value) {
    let range = &diagnostic["range"];
    for pos in [&range["start"], &range["end"]] {
        let offset = pos["offset"].as_u64().unwrap() as usize;
        assert!(
            offset <= text.len() && text.is_char_boundary(offset),
            "offset {offset} is not a character boundary: {diagnostic}"
        );
        let (line, column) = editor_position(text, offset);
        assert_eq!(
            (
                pos["line"].as_u64().unwrap() as usize,
                pos["column"].as_u64().unwrap() as usize
            ),
            (line, column),
            "{diagnostic}"
        );
    }
    assert!(
        range["start"]["offset"].as_u64() <= range["end"]["offset"].as_u64(),
        "{diagnostic}"
    );
}

/// The 1-based line and column of `offset` as an editor shows them, counted here independently of
/// asklint: lines break at LF, CRLF and a lone CR; columns are characters, and a byte order mark
/// at the start of the file is not one.
pub fn editor_position(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let line_starts: Vec<usize> = (0..offset)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .map(|i| i + 1)
        .collect();
    let line_start = line_starts.last().copied().unwrap_or(0);
    let mut column = text[line_start..offset].chars().count() + 1;
    if line_start == 0 && text.starts_with('\u{feff}') && offset >= 3 {
        column -= 1;
    }
    (line_starts.len() + 1, column)
}

/// Validate the JSON output against its own published schema.
pub fn assert_valid_output(json: &Value) {
    let validator = asklint::schema::validator_for_file("asklint-output.schema.json");
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "output does not match schemas/asklint-output.schema.json: {errors:#?}"
    );
}
