//! The fuzz targets' invariants (`tests/common/pipeline.rs`: no panic, every range inside the text on
//! character boundaries, every output format written, JSON and SARIF well-formed) over every input
//! the fuzzers once broke them with (`tests/fixtures/fuzz/`, and `fuzz/as-kind/` for the
//! `pipeline_as_kind` target, whose first byte chooses the kind), and over their seeds: the other
//! fixtures and the examples, checked as the kind their shape tells and as every kind.

mod common;

use std::path::{Path, PathBuf};

use asklint::kind::Kind;
use common::pipeline::{check_and_render_everything, kind_and_file};
use common::root;

fn files(dir: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root().join(dir))
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect()
}

fn assert_keeps_invariants(path: &Path, bytes: &[u8], kind: Option<Kind>) {
    let outcome = std::panic::catch_unwind(|| check_and_render_everything(bytes, kind));
    assert!(
        outcome.is_ok(),
        "{} (as {kind:?}) breaks an invariant",
        path.display()
    );
}

#[test]
fn fuzz_findings_fixtures_and_examples_keep_every_invariant() {
    let as_kind = root().join("tests/fixtures/fuzz/as-kind");
    let mut checked = 0;
    for path in files("tests/fixtures").into_iter().chain(files("examples")) {
        let bytes = std::fs::read(&path).unwrap();
        if path.starts_with(&as_kind) {
            let (kind, file) = kind_and_file(&bytes).expect("a kind byte and a file");
            assert_keeps_invariants(&path, file, Some(kind));
            continue;
        }
        assert_keeps_invariants(&path, &bytes, None);
        for &kind in Kind::ALL {
            assert_keeps_invariants(&path, &bytes, Some(kind));
        }
        checked += 1;
    }
    assert!(checked > 200, "only {checked} files found");
}
