use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde_json::Value;

use super::manifest;
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::Pointer;
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

/// All markers at once: one pass over a text tells whether any matches (most texts: none), before
/// the first that did is run again for what it found. The markers are ASCII words, written in
/// `(?-u)` (ASCII classes, ASCII case folding, ASCII word boundaries): the set compiles quickly and
/// runs as a DFA whatever the script of the text.
static ANY: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(MARKERS.iter().map(|(_, pattern)| pattern)).expect("valid marker patterns")
});

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    MARKERS
        .iter()
        .map(|(what, pattern)| (*what, Regex::new(pattern).expect("a valid marker pattern")))
        .collect()
});

impl Rule for PlaceholderText {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        // Values are read directly and a pointer is written only for a finding: this rule reads
        // every text of the listing, in every file.
        let publishing = manifest.get("publishingInformation");
        let locales = publishing
            .and_then(|p| p.get("locales"))
            .and_then(Value::as_object);
        for (locale, entry) in locales.into_iter().flatten() {
            let at = |field: &str| {
                child(
                    &child(&format!("{root}/publishingInformation/locales"), locale),
                    field,
                )
            };
            for (field, called) in LOCALE_FIELDS {
                if let Some(text) = entry.get(field).and_then(Value::as_str) {
                    check_text(cx, text, called, || at(field));
                }
            }
            for (field, called) in LOCALE_LISTS {
                let items = entry.get(field).and_then(Value::as_array);
                for (i, item) in items.into_iter().flatten().enumerate() {
                    if let Some(text) = item.as_str() {
                        check_text(cx, text, called, || format!("{}/{i}", at(field)));
                    }
                }
            }
        }
        if let Some(text) = publishing
            .and_then(|p| p.get("testingInstructions"))
            .and_then(Value::as_str)
        {
            check_text(cx, text, "the testing instructions", || {
                format!("{root}/publishingInformation/testingInstructions")
            });
        }
        let privacy = manifest
            .at("/privacyAndCompliance/locales")
            .and_then(Value::as_object);
        for (locale, entry) in privacy.into_iter().flatten() {
            for (field, called) in PRIVACY_FIELDS {
                if let Some(text) = entry.get(field).and_then(Value::as_str) {
                    check_text(cx, text, called, || {
                        child(
                            &child(&format!("{root}/privacyAndCompliance/locales"), locale),
                            field,
                        )
                    });
                }
            }
        }
    }
}

fn check_text(cx: &mut Context<'_>, text: &str, called: &str, pointer: impl FnOnce() -> String) {
    let Some((what, found)) = placeholder(text) else {
        return;
    };
    cx.report(pointer(), format!("{what} left in {called}: `{found}`"))
        .label(what.trim_start_matches("a "))
        .help("replace it with the skill's own text or address before submitting; customers and the certification team see it as it is");
}

fn placeholder(text: &str) -> Option<(&'static str, &str)> {
    let bare = text.trim().trim_end_matches('.');
    if TEMPLATE_VALUES.iter().any(|t| t.eq_ignore_ascii_case(bare)) {
        return Some(("template text", text.trim()));
    }
    if !ANY.is_match(text) {
        return None;
    }
    PATTERNS.iter().find_map(|(what, regex)| {
        let captures = regex.captures(text)?;
        let found = captures.name("found").or_else(|| captures.get(0))?;
        Some((*what, found.as_str().trim_end()))
    })
}

#[cfg(test)]
mod tests {
    use super::placeholder;

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
