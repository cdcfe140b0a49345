//! The conventions every rule follows, enforced.

use std::collections::HashSet;
use std::path::Path;

use asklint::rules;

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes: HashSet<&str> = asklint::diagnostic::codes::ALL
        .iter()
        .map(|c| c.code)
        .collect();
    let mut names: HashSet<&str> = asklint::diagnostic::codes::ALL
        .iter()
        .map(|c| c.name)
        .collect();
    let mut previous = "";
    for rule in rules::all() {
        let m = rule.meta();
        assert!(
            m.code > previous,
            "the registry is sorted by code: {} after {previous}",
            m.code
        );
        previous = m.code;
        let (prefix, digits) = m.code.split_at(m.code.len() - 3);
        assert!(
            (2..=4).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            m.code
        );
        assert!(digits.chars().all(|c| c.is_ascii_digit()), "{}", m.code);
        assert!(
            m.name.split('-').all(|w| !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{}",
            m.name
        );
        assert!(codes.insert(m.code), "code {} is used twice", m.code);
        assert!(names.insert(m.name), "name {} is used twice", m.name);
        assert!(!m.kinds.is_empty(), "{} checks no kind", m.code);
    }
}

#[test]
fn every_rule_is_documented_with_the_three_headings_and_a_source() {
    for rule in rules::all() {
        let m = rule.meta();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Invalid:",
            "Valid:",
            "Source:",
            "Confidence:",
        ] {
            assert!(m.docs.contains(heading), "{} docs lack `{heading}`", m.code);
        }
        assert!(!m.summary().is_empty(), "{}", m.code);
    }
}

#[test]
fn every_builtin_data_rule_declares_what_requires_it() {
    // A user's rule may leave it out (a build rule); ours say it, as the Rust rules must.
    for (file, text) in asklint::data_rule::BUILTIN {
        assert!(
            text.lines().any(|l| l.starts_with("requirement = ")),
            "rules/{file} does not say `requirement = \"build\"` or `\"certification\"`"
        );
    }
}

#[test]
fn every_rule_file_is_registered_and_has_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let declared = std::fs::read_dir(dir.join("src/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "mod.rs")
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("declare_rule!")
        })
        .count();
    assert_eq!(
        declared,
        rules::RUST.len(),
        "a file under src/rules declares a rule that rules::RUST does not list"
    );
    let on_disk: Vec<String> = std::fs::read_dir(dir.join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for file in &on_disk {
        assert!(
            asklint::data_rule::BUILTIN
                .iter()
                .any(|(name, _)| name == file),
            "rules/{file} is not embedded in data_rule::BUILTIN"
        );
    }
    assert_eq!(on_disk.len(), asklint::data_rule::BUILTIN.len());
    for (file, _) in asklint::data_rule::BUILTIN {
        let rule = rules::all()
            .iter()
            .find(|r| r.meta().source == format!("rules/{file}"))
            .unwrap();
        assert!(
            file.starts_with(&format!("{}-{}", rule.meta().code, rule.meta().name)),
            "rules/{file} is named after its code and name"
        );
    }
    for rule in rules::all() {
        let code = rule.meta().code;
        let fixtures: Vec<String> = std::fs::read_dir(dir.join("tests/fixtures/rules").join(code))
            .unwrap_or_else(|_| panic!("{code} has no tests/fixtures/rules/{code}/"))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            fixtures.iter().any(|f| f.starts_with("valid")),
            "{code} has no valid fixture"
        );
        assert!(
            fixtures.iter().any(|f| f.starts_with("invalid")),
            "{code} has no invalid fixture"
        );
    }
}

#[test]
fn rules_md_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let expected = asklint::docs::render_rules();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `BLESS=1 cargo test --test meta`"
    );
}
