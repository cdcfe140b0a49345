use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde_json::Value;

use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Reports template text left in the store listing, the testing instructions and the privacy
    /// URLs: the templates' sample texts ("Sample Short Description", "Sample Full Description",
    /// "Sample Testing Instructions."), lorem ipsum, to-do markers (`TODO:`), template variables
    /// (`${skillName}`, `{{name}}`, `<your url>`), placeholder names (`INSERT_…_HERE`,
    /// `CHANGE_CATEGORY`, `skillName`) and placeholder addresses (`your-domain.com`, `yoururl`,
    /// `www.example.com`, `https://path/to/…`).
    ///
    /// ## Why is this bad?
    /// ASK CLI's templates and many starter projects fill the listing with sample text, and about
    /// half of a sample of 200 real manifests still carry some. Customers read it in the store, and
    /// the certification team reads the testing instructions and opens the privacy links; a
    /// placeholder there says nothing, or links to somebody else's domain. To-do markers count only
    /// in upper case and followed by a colon (or alone), so the Spanish and Portuguese word "todo"
    /// (even in capitals) is never taken for one. Endpoint URIs are EP001's to check.
    ///
    /// ## Evidence
    /// Advice: template text is not known to be rejected on upload, but customers and the certification
    /// team read it.
    ///
    /// - [Certification requirements for privacy URLs, February 2023](https://developer.amazon.com/en-US/blogs/alexa/alexa-skills-kit/2023/02/certification-requirements-privacy-urls-feb-2023)
    /// - [Certification guide for list skills](https://developer.amazon.com/pt-BR/docs/alexa/smapi/certification-guide-for-list-skills.html): what the testing instructions must give
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "summary": "Sample Short Description", "description": "TODO: skill description"}}, "testingInstructions": "Sample Testing Instructions."}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "summary": "High and low tide times for the nearest harbour.", "description": "Todo lo que necesitas saber sobre las mareas."}}, "testingInstructions": "Ask for the next high tide at Whitby."}}}
    /// ```
    pub PlaceholderText {
        code: "PUB012",
        name: "placeholder-text",
        severity: Error,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// A string field of a publishing locale that is checked, and what it is called. A `match` on the
/// name: the compiler compares each candidate in a few instructions, where a search of a list
/// calls `memcmp` for each.
fn locale_field(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "name" => ("name", "the skill name"),
        "summary" => ("summary", "the summary"),
        "description" => ("description", "the description"),
        "updatesDescription" => ("updatesDescription", "the update description"),
        "smallIconUri" => ("smallIconUri", "the small icon URI"),
        "largeIconUri" => ("largeIconUri", "the large icon URI"),
        _ => return None,
    })
}

/// A list field of a publishing locale that is checked, and what one item is called.
fn locale_list(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "examplePhrases" => ("examplePhrases", "an example phrase"),
        "keywords" => ("keywords", "a keyword"),
        _ => return None,
    })
}

const PRIVACY_FIELDS: &[(&str, &str)] = &[
    ("privacyPolicyUrl", "the privacy policy URL"),
    ("termsOfUseUrl", "the terms of use URL"),
];

/// Whole values that only a template writes (compared without case and a final period).
const TEMPLATE_VALUES: &[&str] = &[
    "description",
    "dummy description",
    "full description",
    "one sentence description",
    "short description",
    "skill description",
    "skill summary",
    "summary",
    "testing instructions",
];

/// What a placeholder is, and the pattern that finds it; a `found` group, when there is one, is
/// what the message quotes.
const MARKERS: &[(&str, &str)] = &[
    (
        "template text",
        r"(?i-u:sample (?:short|full) description|sample test(?:ing)? instructions?|include your testing instructions?|sample (?:alexa )?custom skill)",
    ),
    ("filler text", r"(?i-u:\blorem ipsum\b)"),
    // Upper case, and before a colon or alone: neither the Spanish and Portuguese "todo" ("LO
    // QUIERO TODO") nor a date "TBD" at the end of a sentence is a marker.
    (
        "a to-do marker",
        r"(?-u:^\s*(?:TODO|TOOD|FIXME|TBD)\s*$|\b(?:TODO|TOOD|FIXME|TBD)\b\s*:)",
    ),
    (
        "a template variable",
        r"\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]*(?i-u:\b(?:your|insert)\b)[^<>]*>|\[[^\[\]]*(?i-u:\b(?:your|insert)\b)[^\[\]]*\]",
    ),
    (
        "a placeholder",
        r"(?-u:\b[A-Z0-9_]*(?:INSERT|REPLACE|CHANGE|YOUR|PLACEHOLDER)_[A-Z0-9_]+\b|\b[A-Z0-9_]+_HERE\b)|(?i-u:\b[A-Za-z0-9_-]*skill[-_]?name\b)",
    ),
    // The bare documentation domains, as templates write them (`https://www.example.com/privacy`).
    (
        "a placeholder address",
        r"(?i-u:\byour[-_]?(?:domain|website|site|url)\b)|://(?P<found>(?i-u:(?:www\.)?example\.(?:com|org|net)|(?:[a-z0-9-]+\.)*sampleskill\.com))(?:[/:?#]|$)",
    ),
    ("a placeholder address", r"://(?P<found>path/to/)"),
];

/// What the markers written in capitals hold (to-do markers, placeholder names), searched for in the
/// texts as they are.
const CAPITAL_NEEDLES: &[&str] = &[
    "TODO",
    "TOOD",
    "FIXME",
    "TBD",
    "INSERT_",
    "REPLACE_",
    "CHANGE_",
    "YOUR_",
    "PLACEHOLDER_",
    "_HERE",
];

/// What every other marker and every template value holds, searched for in the texts lower-cased.
/// The search keys on each needle's first three bytes, so each is the part of its marker least
/// like ordinary words: `iption`, not `description`; `llname`, not `skillname` (`ski` starts every
/// "skill"); `w.example.`, not `://www.example.` (`://` is in every URL).
const NEEDLES: &[&str] = &[
    // Template text and template values.
    "sample",
    "iption",
    "mmary",
    "ruction",
    "psum",
    // Placeholder names.
    "llname",
    "ll-name",
    "ll_name",
    // Placeholder addresses: `your` and `domain`, `website`, `site` or `url`, and the
    // documentation domains.
    "rdomain",
    "r-domain",
    "r_domain",
    "rwebsite",
    "r-website",
    "r_website",
    "rsite",
    "r-site",
    "r_site",
    "rurl",
    "r-url",
    "r_url",
    "w.example.",
    "//example.",
    "path/to/",
];

fn literal_search(needles: &[&str]) -> Regex {
    let alternation: Vec<String> = needles.iter().map(|n| regex::escape(n)).collect();
    Regex::new(&alternation.join("|")).expect("valid needles")
}

static CAPITAL_SEARCH: LazyLock<Regex> = LazyLock::new(|| literal_search(CAPITAL_NEEDLES));
static NEEDLE_SEARCH: LazyLock<Regex> = LazyLock::new(|| literal_search(NEEDLES));

/// Whether `joined` (texts joined by line breaks) may hold a placeholder: `false` only when no text
/// holds one. Most listings hold none of the needles, nor `{`, `<` or `[` (the template variables'
/// brackets), and these searches (SIMD) say so in a fraction of the time the marker patterns take.
/// `prefilter_is_conservative` checks the needles against the patterns. `joined` is lower-cased in
/// place on the way.
fn holds_a_needle(joined: &mut str) -> bool {
    if memchr::memchr3(b'{', b'<', b'[', joined.as_bytes()).is_some()
        || CAPITAL_SEARCH.is_match(joined)
    {
        return true;
    }
    joined.make_ascii_lowercase();
    NEEDLE_SEARCH.is_match(joined)
}

/// All markers at once, over all the texts of a listing joined by line breaks: once the needles
/// are found, one pass per file tells whether any text may hold a marker, and only then is each
/// text searched for what it holds. In multi-line mode `^` and `$` match at every line break, and a
/// line break is not a word character, so each text's own match is found in the joined texts too; a
/// match across two texts only costs the second search. The markers are ASCII words, written in `(?-u)` (ASCII
/// classes, ASCII case folding, ASCII word boundaries): the set compiles quickly and runs as a DFA
/// whatever the script of the text.
static ANY: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(MARKERS.iter().map(|(_, pattern)| format!("(?m){pattern}")))
        .expect("valid marker patterns")
});

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    MARKERS
        .iter()
        .map(|(what, pattern)| (*what, Regex::new(pattern).expect("a valid marker pattern")))
        .collect()
});

/// One text of the listing, what it is called, and where it is.
struct Text<'a> {
    text: &'a str,
    called: &'static str,
    at: At<'a>,
}

enum At<'a> {
    /// `publishingInformation.locales.<locale>.<field>`, or item `index` of that list.
    Listing {
        locale: &'a str,
        field: &'static str,
        index: Option<usize>,
    },
    TestingInstructions,
    /// `privacyAndCompliance.locales.<locale>.<field>`.
    Privacy {
        locale: &'a str,
        field: &'static str,
    },
}

impl At<'_> {
    /// The pointer, written only for a finding.
    fn pointer(&self, root: &str) -> String {
        match self {
            At::Listing {
                locale,
                field,
                index,
            } => {
                let at = child(
                    &child(&format!("{root}/publishingInformation/locales"), locale),
                    field,
                );
                match index {
                    Some(i) => format!("{at}/{i}"),
                    None => at,
                }
            }
            At::TestingInstructions => format!("{root}/publishingInformation/testingInstructions"),
            At::Privacy { locale, field } => child(
                &child(&format!("{root}/privacyAndCompliance/locales"), locale),
                field,
            ),
        }
    }
}

impl Rule for PlaceholderText {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        if !holds_a_needle(&mut joined(manifest)) {
            return;
        }
        let mut texts = Vec::new();
        each_text(manifest, |t| texts.push(t));
        // The needles lower-cased their copy: the patterns read the texts as they are.
        let any_marker = ANY.is_match(&joined(manifest));
        for t in &texts {
            let found = template_text(t.text).or_else(|| any_marker.then(|| marker(t.text))?);
            let Some((what, found)) = found else {
                continue;
            };
            cx.report(
                t.at.pointer(root),
                format!("{what} left in {}: `{found}`", t.called),
            )
            .label(what.trim_start_matches("a "))
            .help("replace it with the skill's own text or address before submitting; customers and the certification team see it as it is");
        }
    }
}

/// The texts, each followed by a line break, joined as they are found (no list of them first).
fn joined(manifest: &Value) -> String {
    // About the size of a listing with a long description: grown at most once or twice.
    let mut joined = String::with_capacity(4096);
    each_text(manifest, |t| {
        joined.push_str(t.text);
        joined.push('\n');
    });
    joined
}

/// Every text the rule reads, handed to `found`. Values are read directly: this rule reads every
/// text of the listing, in every file.
fn each_text<'a>(manifest: &'a Value, mut found: impl FnMut(Text<'a>)) {
    let publishing = manifest.get("publishingInformation");
    let locales = publishing
        .and_then(|p| p.get("locales"))
        .and_then(Value::as_object);
    // Each member of each locale once, rather than a lookup of each field.
    let members = locales
        .into_iter()
        .flatten()
        .filter_map(|(locale, entry)| Some((locale, entry.as_object()?)))
        .flat_map(|(locale, entry)| entry.iter().map(move |member| (locale, member)));
    for (locale, (name, value)) in members {
        if let Some((field, called)) = locale_field(name) {
            if let Some(text) = value.as_str() {
                let at = At::Listing {
                    locale,
                    field,
                    index: None,
                };
                found(Text { text, called, at });
            }
        } else if let Some((field, called)) = locale_list(name) {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                if let Some(text) = item.as_str() {
                    let at = At::Listing {
                        locale,
                        field,
                        index: Some(i),
                    };
                    found(Text { text, called, at });
                }
            }
        }
    }
    if let Some(text) = publishing
        .and_then(|p| p.get("testingInstructions"))
        .and_then(Value::as_str)
    {
        let (called, at) = ("the testing instructions", At::TestingInstructions);
        found(Text { text, called, at });
    }
    let privacy = manifest
        .get("privacyAndCompliance")
        .and_then(|p| p.get("locales"))
        .and_then(Value::as_object);
    for (locale, entry) in privacy.into_iter().flatten() {
        for (field, called) in PRIVACY_FIELDS {
            if let Some(text) = entry.get(field).and_then(Value::as_str) {
                let at = At::Privacy { locale, field };
                found(Text { text, called, at });
            }
        }
    }
}

/// A whole value that only a template writes.
fn template_text(text: &str) -> Option<(&'static str, &str)> {
    let bare = text.trim().trim_end_matches('.');
    TEMPLATE_VALUES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(bare))
        .then(|| ("template text", text.trim()))
}

/// Invocation names that only a template writes: Amazon's sample skills and the ASK CLI's
/// templates ship `change me`, to be replaced by the skill's own name.
const TEMPLATE_INVOCATION_NAMES: &[&str] = &[
    "change me",
    "changeme",
    "change this",
    "replace me",
    "skill name",
    "your skill name",
    "invocation name",
    "your invocation name",
];

/// The placeholder an invocation name is, if it is one: a template's name (`change me`) or any
/// marker of the listing's texts (`${skillName}`, `<your name>`, `INSERT_NAME_HERE`).
pub(crate) fn placeholder_name(name: &str) -> Option<(&'static str, &str)> {
    let bare = name.trim();
    TEMPLATE_INVOCATION_NAMES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(bare))
        .then_some(("a template placeholder", bare))
        .or_else(|| marker(name))
}

/// The first marker in `text`, and what it found.
fn marker(text: &str) -> Option<(&'static str, &str)> {
    PATTERNS.iter().find_map(|(what, regex)| {
        let captures = regex.captures(text)?;
        let found = captures.name("found").or_else(|| captures.get(0))?;
        Some((*what, found.as_str().trim_end()))
    })
}

#[cfg(test)]
mod tests {
    use super::{marker, template_text};
    use proptest::strategy::Strategy;

    fn may_hold_placeholder(text: &str) -> bool {
        super::holds_a_needle(&mut text.to_owned())
    }

    /// What placeholder `text` holds, if any.
    fn placeholder(text: &str) -> Option<(&'static str, &str)> {
        template_text(text).or_else(|| marker(text))
    }

    #[test]
    fn template_texts_and_markers_are_found() {
        let found = |text| placeholder(text).map(|(_, found)| found);
        assert_eq!(
            found("Sample Short Description"),
            Some("Sample Short Description")
        );
        assert_eq!(
            found(r#"{"ask_dist_testing_instructions":"Sample Testing Instructions."}"#),
            Some("Sample Testing Instructions")
        );
        assert_eq!(found("Dummy Description"), Some("Dummy Description"));
        assert_eq!(found("TODO: skill summary"), Some("TODO:"));
        assert_eq!(found("TOOD: example phrase 2"), Some("TOOD:"));
        assert_eq!(found("TBD"), Some("TBD"));
        assert_eq!(found("${skillName}"), Some("${skillName}"));
        assert_eq!(found("CHANGE_CATEGORY"), Some("CHANGE_CATEGORY"));
        assert_eq!(
            found("INSERT_PRIVACY_URL_HERE"),
            Some("INSERT_PRIVACY_URL_HERE")
        );
        assert_eq!(found("Demo-Skill-Name"), Some("Demo-Skill-Name"));
        assert_eq!(
            found("This is a sample Alexa custom skill."),
            Some("sample Alexa custom skill")
        );
        assert_eq!(
            found("https://your-domain.com/privacy"),
            Some("your-domain")
        );
        assert_eq!(found("https://yoururl.com/privacy"), Some("yoururl"));
        assert_eq!(
            found("https://www.example.com/privacy"),
            Some("www.example.com")
        );
        assert_eq!(
            found("https://path/to/you-skill-icon-108.png"),
            Some("path/to/")
        );
        assert_eq!(found("Lorem ipsum dolor sit amet"), Some("Lorem ipsum"));
    }

    #[test]
    fn a_marker_is_found_among_the_joined_texts_wherever_it_stands() {
        for text in [
            "TBD",
            "  TODO ",
            "TODO: skill summary",
            "${skillName}",
            "${x}",
            "INSERT_PRIVACY_URL_HERE",
            "https://www.example.com",
            "https://path/to/icon.png",
            "Lorem ipsum",
            "your-domain",
        ] {
            assert!(marker(text).is_some(), "{text}");
            assert!(may_hold_placeholder(text), "{text}");
            for joined in [
                format!("{text}\n"),
                format!("Tide Tables\n{text}\n"),
                format!("Tide Tables\n{text}\nhttps://tides.example.org/privacy\n"),
            ] {
                assert!(super::ANY.is_match(&joined), "{joined:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

        /// The needles are a prefilter, never a judge: a text they pass over holds no marker and
        /// is no template value. The texts are pieces of markers and of ordinary words, each kept
        /// as it is, upper-cased, lower-cased or in mixed case, and joined anyhow.
        #[test]
        fn prefilter_is_conservative(
            pieces in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        2 => proptest::sample::select(PIECES).prop_map(str::to_owned),
                        2 => "[a-zA-Z0-9 ._:/<>\\[\\]{}$-]{0,6}",
                        1 => proptest::char::any().prop_map(String::from),
                    ],
                    0..4u8,
                ),
                1..5,
            ),
        ) {
            let text: String = pieces.iter().map(|(piece, case)| in_case(piece, *case)).collect();
            passed_over_only_if_clean(&text)?;
        }
    }

    /// Each piece alone, in each case: a needle missing shows here first.
    #[test]
    fn every_marker_piece_passes_the_prefilter() {
        for piece in PIECES {
            for case in 0..4 {
                if let Err(e) = passed_over_only_if_clean(&in_case(piece, case)) {
                    panic!("{e}");
                }
            }
        }
    }

    /// `piece` as it is (0), upper-cased (1), lower-cased (2) or in mixed case (3).
    fn in_case(piece: &str, case: u8) -> String {
        match case {
            0 => piece.to_owned(),
            1 => piece.to_ascii_uppercase(),
            2 => piece.to_ascii_lowercase(),
            _ => piece
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect(),
        }
    }

    fn passed_over_only_if_clean(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if !may_hold_placeholder(text) {
            proptest::prop_assert!(!super::ANY.is_match(text), "{text:?}");
            proptest::prop_assert!(marker(text).is_none(), "{text:?}");
            for line in text.lines() {
                proptest::prop_assert!(template_text(line).is_none(), "{line:?}");
            }
        }
        Ok(())
    }

    /// Pieces of every marker and template value, and of words that come close to them.
    const PIECES: &[&str] = &[
        "sample short description",
        "Sample Full Description",
        "sample testing instructions",
        "sample test instruction",
        "include your testing instructions",
        "include your testing instruction",
        "sample alexa custom skill",
        "Sample Custom Skill",
        "lorem ipsum",
        "Lorem Ipsum",
        "TODO",
        "TOOD:",
        "FIXME",
        "TBD",
        "TBD:",
        " : ",
        "\n",
        "\nsummary.\n",
        "${skillName}",
        "${x}",
        "{{name}}",
        "<your url>",
        "[insert name]",
        "INSERT_PRIVACY_URL_HERE",
        "CHANGE_CATEGORY",
        "INSERT_URL",
        "REPLACE_ME",
        "PLACEHOLDER_NAME",
        "YOUR_",
        "PLACEHOLDER_",
        "_HERE",
        "X_HERE",
        "skillName",
        "demo-skill-name",
        "skill_name",
        "your-domain",
        "yourdomain",
        "your_site",
        "yourwebsite",
        "your-website",
        "yoursite",
        "your-site",
        "YourUrl",
        "your-url",
        "your url",
        "your_url",
        "your_domain",
        "your_website",
        "skill-Name",
        "http://WWW.Example.NET",
        "https://www.example.com/",
        "://example.org",
        "://cdn.sampleskill.com",
        "://path/to/",
        "description",
        "summary",
        "testing instructions",
        "one sentence description",
        "dummy description.",
        "Tide Tables",
        "todo lo que",
        "example.net",
        "\u{17f}ample",
        "\u{212a}",
    ];

    #[test]
    fn real_text_is_left_alone() {
        for text in [
            "Todo lo que necesitas saber sobre el pádel.",
            "Molhos vai lhe ajudar a fazer todo tipo de molhos",
            "TODO SOBRE EL FÚTBOL",
            "LO QUIERO TODO",
            "Season two starts in spring, date TBD",
            "A sample Smart Home skill that implements a virtual switch in Java.",
            "Say the skill name to start.",
            "https://tides.example.org.uk/privacy",
            "https://tides.example.org/privacy",
            "https://www.kcrw.com/about/privacy-policy",
            "Visit your site to link your account.",
            "Alexa, open my demo Skill",
            "https://s3.amazonaws.com/cdn.dabblelab.com/img/skill-template-default-sm.png",
        ] {
            assert_eq!(placeholder(text), None, "{text}");
        }
    }
}
