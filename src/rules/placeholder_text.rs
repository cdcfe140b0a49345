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
    /// Source: ASK CLI and alexa-samples templates as found in real manifests
    /// (`corpus/realworld/manifests`), certification requirements for privacy URLs and testing
    /// instructions (ALEXA.md §1.4, §2 L21, L23). Confidence: REC.
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
        severity: Warning,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// The string fields of a publishing locale that are checked, and what they are called.
const LOCALE_FIELDS: &[(&str, &str)] = &[
    ("name", "the skill name"),
    ("summary", "the summary"),
    ("description", "the description"),
    ("updatesDescription", "the update description"),
    ("smallIconUri", "the small icon URI"),
    ("largeIconUri", "the large icon URI"),
];

/// The list fields of a publishing locale that are checked, and what one item is called.
const LOCALE_LISTS: &[(&str, &str)] = &[
    ("examplePhrases", "an example phrase"),
    ("keywords", "a keyword"),
];

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

/// All markers at once, over all the texts of a listing joined by line breaks: one pass per file
/// tells whether any text may hold a marker (most files: none), and only then is each text searched
/// for what it holds. In multi-line mode `^` and `$` match at every line break, and a line break is
/// not a word character, so each text's own match is found in the joined texts too; a match across
/// two texts only costs the second search. The markers are ASCII words, written in `(?-u)` (ASCII
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
        let texts = texts(manifest);
        let mut joined = String::with_capacity(texts.iter().map(|t| t.text.len() + 1).sum());
        for t in &texts {
            joined.push_str(t.text);
            joined.push('\n');
        }
        let any_marker = ANY.is_match(&joined);
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

/// Every text the rule reads. Values are read directly: this rule reads every text of the listing,
/// in every file.
fn texts(manifest: &Value) -> Vec<Text<'_>> {
    // A listing has a few dozen texts: room for them at once.
    let mut texts = Vec::with_capacity(64);
    let publishing = manifest.get("publishingInformation");
    let locales = publishing
        .and_then(|p| p.get("locales"))
        .and_then(Value::as_object);
    for (locale, entry) in locales.into_iter().flatten() {
        for (field, called) in LOCALE_FIELDS {
            if let Some(text) = entry.get(field).and_then(Value::as_str) {
                let at = At::Listing {
                    locale,
                    field,
                    index: None,
                };
                texts.push(Text { text, called, at });
            }
        }
        for (field, called) in LOCALE_LISTS {
            let items = entry.get(field).and_then(Value::as_array);
            for (i, item) in items.into_iter().flatten().enumerate() {
                if let Some(text) = item.as_str() {
                    let at = At::Listing {
                        locale,
                        field,
                        index: Some(i),
                    };
                    texts.push(Text { text, called, at });
                }
            }
        }
    }
    if let Some(text) = publishing
        .and_then(|p| p.get("testingInstructions"))
        .and_then(Value::as_str)
    {
        let (called, at) = ("the testing instructions", At::TestingInstructions);
        texts.push(Text { text, called, at });
    }
    let privacy = manifest
        .get("privacyAndCompliance")
        .and_then(|p| p.get("locales"))
        .and_then(Value::as_object);
    for (locale, entry) in privacy.into_iter().flatten() {
        for (field, called) in PRIVACY_FIELDS {
            if let Some(text) = entry.get(field).and_then(Value::as_str) {
                let at = At::Privacy { locale, field };
                texts.push(Text { text, called, at });
            }
        }
    }
    texts
}

/// A whole value that only a template writes.
fn template_text(text: &str) -> Option<(&'static str, &str)> {
    let bare = text.trim().trim_end_matches('.');
    TEMPLATE_VALUES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(bare))
        .then(|| ("template text", text.trim()))
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
            "INSERT_PRIVACY_URL_HERE",
            "https://www.example.com",
            "https://path/to/icon.png",
            "Lorem ipsum",
            "your-domain",
        ] {
            assert!(marker(text).is_some(), "{text}");
            for joined in [
                format!("{text}\n"),
                format!("Tide Tables\n{text}\n"),
                format!("Tide Tables\n{text}\nhttps://tides.example.org/privacy\n"),
            ] {
                assert!(super::ANY.is_match(&joined), "{joined:?}");
            }
        }
    }

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
