//! asklint on data from `../shared/`: the SMAPI reference pages' own examples and the real-world corpus.
//! Each test says so and passes when `../shared/` is absent (a user's fresh clone).

mod common;

use common::pipeline::assert_valid_output;
use common::{assert_positions_consistent, check_json, shared};

/// The JSON examples of a seed page, cut out as a careful reader would: each block from a line that is
/// just `{` to its closing brace.
fn seed_examples(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<(Vec<&str>, i64)> = None;
    for line in text.lines() {
        let delta = line.matches('{').count() as i64 - line.matches('}').count() as i64;
        match current.as_mut() {
            None if line.trim() == "{" => current = Some((vec![line], delta)),
            None => {}
            Some((lines, depth)) => {
                lines.push(line);
                *depth += delta;
                if *depth == 0 {
                    blocks.push(lines.join("\n") + "\n");
                    current = None;
                }
            }
        }
    }
    blocks
}

#[test]
fn seed_enablement_examples_report_their_trailing_commas() {
    let Some(shared) = shared() else { return };
    let text = std::fs::read_to_string(shared.join("seeds/skill-enablement-api.txt")).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let mut with_commas = 0;
    for (i, block) in seed_examples(&text).into_iter().enumerate() {
        let name = format!("example-{i}.json");
        std::fs::write(dir.join(&name), &block).unwrap();
        let (_, json) = check_json(dir, &[&name]);
        assert_valid_output(&json);
        assert_positions_consistent(dir, &json);
        for d in json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "JSON002")
        {
            let offset = d["range"]["start"]["offset"].as_u64().unwrap() as usize;
            assert_eq!(&block[offset..offset + 1], ",");
            let after = block[offset + 1..].trim_start();
            assert!(
                after.starts_with('}') || after.starts_with(']'),
                "{name}: not a trailing comma"
            );
            with_commas += 1;
        }
    }
    // The get-enablement and list-enablements response examples each end an object with `"status": "ENABLED",`.
    assert_eq!(with_commas, 2);
}

#[test]
fn every_corpus_file_is_checked_with_a_kind_and_valid_output() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/realworld");
    let mut paths: Vec<String> = Vec::new();
    for dir in ["manifests", "models"] {
        for entry in std::fs::read_dir(corpus.join(dir)).unwrap() {
            paths.push(format!(
                "{dir}/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    paths.sort();
    assert_eq!(paths.len(), 276);
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (code, json) = check_json(&corpus, &args);
    assert!(code == 0 || code == 1, "exit code {code}");
    assert_valid_output(&json);
    assert_positions_consistent(&corpus, &json);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 276);
    let without_kind: Vec<&str> = files
        .iter()
        .filter(|f| f["kind"].is_null())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        without_kind.is_empty(),
        "files without a kind: {without_kind:?}"
    );
    // Every model is told as one (5 of them are saved under the name skill.json), every manifest as a
    // manifest in one of its envelopes.
    for file in files {
        let (path, kind) = (
            file["path"].as_str().unwrap(),
            file["kind"].as_str().unwrap(),
        );
        if path.starts_with("models/") {
            assert_eq!(kind, "interaction-model", "{path}");
        } else {
            assert!(
                [
                    "skill-manifest",
                    "skill-manifest-v0",
                    "create-skill-request"
                ]
                .contains(&kind),
                "{path}: {kind}"
            );
        }
    }
}

/// The interaction-model build checks on the real-world corpus: the findings reviewed in
/// docs/interaction-model-build.md §0, and no others. A new finding here is one to review (is it
/// one a careful Alexa developer would agree with?) before the counts change.
#[test]
fn the_model_build_checks_find_only_the_reviewed_corpus_findings() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/realworld");
    let (_, json) = check_json(&corpus, &["manifests", "models"]);
    let reviewed: &[(&str, &str, usize)] = &[
        // alexa-for-business HelpDesk: an AMAZON.LITERAL slot and its `{words|slot}` samples.
        ("IM007", "error", 2),
        // ask-cli's fixture whose intent and slot are both `string`.
        ("IM013", "warning", 1),
        // Duplicate values: Amazon's fact sample (ar-SA, de-DE) and an Italian memory game.
        ("IM015", "warning", 5),
        // `alfabeto 1` … `alfabeto 5`.
        ("IM016", "warning", 5),
        // `" {sentence}"`: a SearchQuery slot without a carrier phrase.
        ("IM017", "error", 1),
    ];
    let codes = [
        "IM004", "IM007", "IM008", "IM009", "IM010", "IM011", "IM012", "IM013", "IM014", "IM015",
        "IM016", "IM017", "IM018", "IM019",
    ];
    for code in codes {
        let found: Vec<(&str, &str)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| (d["severity"].as_str().unwrap(), d["path"].as_str().unwrap()))
            .collect();
        let expected = reviewed
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(0, |(_, _, n)| *n);
        assert_eq!(found.len(), expected, "{code}: {found:#?}");
        if let Some((_, severity, _)) = reviewed.iter().find(|(c, _, _)| *c == code) {
            assert!(
                found.iter().all(|(s, _)| s == severity),
                "{code}: {found:#?}"
            );
        }
    }
}
