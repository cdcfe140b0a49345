//! Generated documentation is fresh (`BLESS=1 cargo test --test docs` rewrites it), and what a user
//! reads about a code cites public pages only.

mod common;

use common::{asklint, root, stdout};

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

/// How a rule's *Evidence* may open: each says in plain words how sure the finding is (the rule
/// reference's introduction explains them).
const EVIDENCE_OPENINGS: &[&str] = &[
    "The server ",
    "ASK CLI refuses",
    "Certification asks",
    "Advice",
    "Unconfirmed",
];

/// Documentation a user reads cites public pages by their address: never asklint's research notes
/// (`ALEXA.md §…`, which are not in the repository), its source files, or a bare confidence label.
fn assert_cites_public_sources(what: &str, text: &str) {
    for forbidden in ["ALEXA.md", "§", ".rs:", "Source:", "Confidence:"] {
        assert!(
            !text.contains(forbidden),
            "{what} contains `{forbidden}`:\n{text}"
        );
    }
    // asklint's own `src/…` paths; another project's, inside a link's address, are fine.
    assert!(
        !text
            .match_indices("src/")
            .any(|(at, _)| !text[..at].ends_with('/')),
        "{what} names a file of asklint's source:\n{text}"
    );
    let labels = ["HARD", "CERT", "REC", "UNVERIFIED", "INFERRED"];
    if let Some(label) = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| labels.contains(word))
    {
        panic!("{what} uses the confidence label `{label}` instead of plain words:\n{text}");
    }
    // Every source listed under a rule's evidence links its page.
    for section in text.split("### Evidence\n").skip(1) {
        let section = section.split("\n#").next().unwrap_or(section);
        for line in section.lines().filter(|l| l.starts_with("- ")) {
            assert!(
                line.contains("](https://"),
                "{what}: a source without an https address: {line}"
            );
        }
    }
}

#[test]
fn rule_documentation_cites_public_pages_and_says_how_sure_it_is() {
    for rule in asklint::rules::all() {
        let m = rule.meta();
        let text = asklint::docs::render_rule(m);
        assert_cites_public_sources(m.code, &text);
        let evidence = text
            .split("### Evidence\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{} has no Evidence section", m.code));
        assert!(
            EVIDENCE_OPENINGS.iter().any(|o| evidence.starts_with(o)),
            "{}'s evidence opens with none of {EVIDENCE_OPENINGS:?}: {}",
            m.code,
            evidence.lines().next().unwrap_or_default()
        );
    }
    assert_cites_public_sources("docs/rules.md", &asklint::docs::render_rules());
    assert_cites_public_sources("docs/codes.md", &asklint::docs::render_codes());
}

#[test]
fn explain_and_sarif_help_give_the_same_public_text() {
    let explain = |code: &str| {
        let output = asklint().args(["explain", code]).output().unwrap();
        assert!(output.status.success(), "asklint explain {code}");
        stdout(&output)
    };
    let codes = asklint::rules::all()
        .iter()
        .map(|r| r.meta().code)
        .chain(asklint::diagnostic::codes::ALL.iter().map(|c| c.code));
    for code in codes {
        assert_cites_public_sources(&format!("asklint explain {code}"), &explain(code));
    }
    // The bundled examples fail on purpose, with rules and pipeline codes alike.
    let output = asklint()
        .current_dir(root())
        .args(["check", "--format", "sarif", "examples"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules.len() >= 10,
        "the examples should exercise many codes, not {}",
        rules.len()
    );
    for rule in rules {
        let code = rule["id"].as_str().unwrap();
        let help = &rule["help"];
        let markdown = help["markdown"].as_str().unwrap_or_default();
        assert_eq!(markdown, explain(code), "SARIF help of {code}");
        let text = help["text"].as_str().unwrap_or_default();
        assert_cites_public_sources(&format!("SARIF help text of {code}"), text);
    }
}

/// The `$ asklint …` examples of the README and docs/ print what asklint prints (compared with
/// runs of white space made one space: the JSON example is compacted).
#[test]
fn documented_examples_print_what_asklint_prints() {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut examples = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for block in text.split("\n```\n$ asklint ").skip(1) {
            let block = block.split("\n```").next().unwrap();
            let (command, printed) = block.split_once('\n').unwrap_or((block, ""));
            let output = asklint()
                .current_dir(root())
                .args(command.split_whitespace())
                .output()
                .unwrap();
            assert_eq!(
                words(&stdout(&output)),
                words(printed),
                "{}: `asklint {command}` prints something else:\n{}",
                page.display(),
                stdout(&output)
            );
            examples += 1;
        }
    }
    assert!(examples >= 3, "only {examples} examples found");
}

/// GitHub's anchor for a heading.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The headings' anchors and the links of a Markdown page, outside code blocks.
fn headings_and_links(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut anchors, mut links, mut fenced) = (Vec::new(), Vec::new(), false);
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        if let Some(heading) = line.strip_prefix('#') {
            anchors.push(anchor(heading.trim_start_matches('#')));
        }
        for part in line.split("](").skip(1) {
            if let Some(end) = part.find(')') {
                links.push(part[..end].to_owned());
            }
        }
    }
    (anchors, links)
}

/// Every link between the README and the pages of docs/ lands on a file and a heading that exist.
#[test]
fn documentation_links_land() {
    let mut pages = vec![root().join("README.md")];
    pages.extend(
        std::fs::read_dir(root().join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let (own, links) = headings_and_links(&text);
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            assert!(
                target.exists(),
                "{}: the link `{link}` leads nowhere",
                page.display()
            );
            if fragment.is_empty() || target.is_dir() {
                continue;
            }
            let anchors = if file.is_empty() {
                own.clone()
            } else {
                headings_and_links(&std::fs::read_to_string(&target).unwrap()).0
            };
            assert!(
                anchors.iter().any(|a| a == fragment),
                "{}: the link `{link}` names no heading of {}",
                page.display(),
                target.display()
            );
        }
    }
}

/// The README's Development section says the main job on the bundled examples reports findings and
/// exits 1: the examples are broken on purpose.
#[test]
fn the_bundled_examples_fail_on_purpose() {
    let output = asklint()
        .current_dir(root())
        .args(["check", "--format", "concise", "examples"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).lines().count() >= 10, "{}", stdout(&output));
}
