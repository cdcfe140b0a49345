//! Generated documentation is fresh. `BLESS=1 cargo test --test docs` rewrites it.

#[test]
fn codes_md_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.md");
    let expected = asklint::docs::render_codes();
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/docs")).unwrap();
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/codes.md is stale: run `BLESS=1 cargo test --test docs`"
    );
}

#[test]
fn every_code_has_a_unique_code_and_name_and_lower_case_summary() {
    let all = asklint::diagnostic::codes::ALL;
    for (i, a) in all.iter().enumerate() {
        assert!(
            a.code.len() >= 6
                && a.code[a.code.len() - 3..]
                    .chars()
                    .all(|c| c.is_ascii_digit()),
            "{}",
            a.code
        );
        assert!(
            a.name.split('-').all(|w| !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{}",
            a.name
        );
        assert!(
            a.summary.starts_with(|c: char| c.is_lowercase()) && !a.summary.ends_with('.'),
            "{}",
            a.summary
        );
        for b in &all[i + 1..] {
            assert!(
                a.code != b.code && a.name != b.name,
                "{} / {}",
                a.code,
                b.code
            );
        }
    }
}
