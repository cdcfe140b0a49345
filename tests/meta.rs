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
fn every_rule_is_documented_with_the_three_headings_and_its_evidence() {
    for rule in rules::all() {
        let m = rule.meta();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Invalid:",
            "Valid:",
            "## Evidence",
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

/// The top-level modules of `src/` and the other top-level modules each one names (`crate::x`),
/// outside comments and unit tests.
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                sources(&entry.unwrap().path(), out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_owned());
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if name == "lib" || name == "main" {
            continue;
        }
        let mut files = Vec::new();
        sources(&path, &mut files);
        if files.is_empty() {
            continue;
        }
        let mut uses = std::collections::BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // A unit test module may reach anything: it is not part of the library's structure.
            let text = text.split("\n#[cfg(test)]\nmod ").next().unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let before = line[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &line[at + "crate::".len()..];
                    let names: Vec<&str> = match rest.strip_prefix('{') {
                        Some(group) => group
                            .split('}')
                            .next()
                            .unwrap()
                            .split(',')
                            .map(|n| n.trim().split("::").next().unwrap())
                            .collect(),
                        None => vec![
                            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                .next()
                                .unwrap(),
                        ],
                    };
                    uses.extend(
                        names
                            .into_iter()
                            .filter(|n| !n.is_empty() && *n != name && *n != "self")
                            .map(str::to_owned),
                    );
                }
            }
        }
        graph.insert(name, uses);
    }
    graph
}

/// The modules `from` reaches, itself included.
fn reachable(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    from: &str,
) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec![from.to_owned()];
    while let Some(module) = todo.pop() {
        if graph.contains_key(&module) && seen.insert(module.clone()) {
            todo.extend(graph[&module].iter().cloned());
        }
    }
    seen
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let graph = module_graph();
    assert!(graph.contains_key("check") && graph["check"].contains("rule"));
    let mut cycles = Vec::new();
    for (module, uses) in &graph {
        for used in uses {
            if used != module && reachable(&graph, used).contains(module) {
                cycles.push(format!("{module} -> {used} -> … -> {module}"));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// The engine (a file's pipeline, up to its diagnostics) reaches neither the rule catalogue nor
/// the disk: the front ends hand it the rules and a provider of related files.
#[test]
fn the_engine_imports_neither_the_rule_catalogue_nor_the_disk() {
    let graph = module_graph();
    let engine = reachable(&graph, "check");
    for catalogue in ["rules", "data_rule"] {
        assert!(
            !engine.contains(catalogue),
            "the engine reaches `{catalogue}`: {engine:?}"
        );
    }
    for front_end in ["cli", "submit", "config", "files", "output"] {
        assert!(
            !engine.contains(front_end),
            "the engine reaches `{front_end}`: {engine:?}"
        );
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for module in &engine {
        let file = src.join(format!("{module}.rs"));
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let text = text.split("\n#[cfg(test)]\nmod ").next().unwrap();
        for io in ["std::fs", "read::file(", "File::open"] {
            assert!(!text.contains(io), "{module} reads the disk (`{io}`)");
        }
    }
}
