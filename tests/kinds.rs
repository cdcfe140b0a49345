//! One fixture per document kind (`tests/fixtures/kinds/<kind>.json`), each with mistakes of its own:
//! the kind is told from its shape, and the rendered findings are snapshot.

mod common;

use common::{asklint, check_json, root, stdout};

#[test]
fn every_kind_is_recognised_and_its_findings_rendered() {
    insta::glob!("fixtures/kinds/*.json", |path| {
        let kind = path.file_stem().unwrap().to_str().unwrap();
        let relative = path.strip_prefix(root()).unwrap().to_str().unwrap();
        let (code, json) = check_json(&root(), &[relative]);
        assert_eq!(json["files"][0]["kind"], kind, "{relative}");
        assert_eq!(
            code, 1,
            "{relative}: every kind fixture has at least one error"
        );
        let human = asklint()
            .current_dir(root())
            .args(["check", "--color", "never", relative])
            .output()
            .unwrap();
        insta::assert_snapshot!(stdout(&human));
    });
}

#[test]
fn the_fixtures_cover_every_kind() {
    for kind in asklint::kind::Kind::ALL {
        assert!(
            root()
                .join(format!("tests/fixtures/kinds/{kind}.json"))
                .is_file(),
            "no fixture for {kind}"
        );
    }
}
