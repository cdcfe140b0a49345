//! The fuzz target's invariants (`tests/common/pipeline.rs`: no panic, every range inside the text on
//! character boundaries, every output format written, JSON and SARIF well-formed) over every input
//! the fuzzer once broke them with (`tests/fixtures/fuzz/`), and over its seeds: the other fixtures
//! and the examples.

mod common;

use common::pipeline::check_and_render_everything;
use common::root;

#[test]
fn fuzz_findings_fixtures_and_examples_keep_every_invariant() {
    let mut checked = 0;
    for dir in ["tests/fixtures", "examples"] {
        for entry in walkdir::WalkDir::new(root().join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let outcome = std::panic::catch_unwind(|| check_and_render_everything(&bytes));
            assert!(
                outcome.is_ok(),
                "{} breaks an invariant",
                entry.path().display()
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} inputs found");
}
