use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::{manifest, string_at, strings_in_items};
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
        r"(?i)sample (?:short|full) description|sample test(?:ing)? instructions?|include your testing instructions?|sample (?:alexa )?custom skill",
    ),
    ("filler text", r"(?i)\blorem ipsum\b"),
    // Upper case, and before a colon or alone: neither the Spanish and Portuguese "todo" ("LO
    // QUIERO TODO") nor a date "TBD" at the end of a sentence is a marker.
    (
        "a to-do marker",
        r"^\s*(?:TODO|TOOD|FIXME|TBD)\s*$|\b(?:TODO|TOOD|FIXME|TBD)\b\s*:",
    ),
    (
        "a template variable",
        r"\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]*\b(?i:your|insert)\b[^<>]*>|\[[^\[\]]*\b(?i:your|insert)\b[^\[\]]*\]",
    ),
    (
        "a placeholder",
        r"\b[A-Z0-9_]*(?:INSERT|REPLACE|CHANGE|YOUR|PLACEHOLDER)_[A-Z0-9_]+\b|\b[A-Z0-9_]+_HERE\b|(?i:\b[\w-]*skill[-_]?name\b)",
    ),
    // The bare documentation domains, as templates write them (`https://www.example.com/privacy`).
    (
        "a placeholder address",
        r"(?i)\byour[-_]?(?:domain|website|site|url)\b|://(?P<found>(?:www\.)?example\.(?:com|org|net)|(?:[a-z0-9-]+\.)*sampleskill\.com)(?:[/:?#]|$)",
    ),
    ("a placeholder address", r"://(?P<found>path/to/)"),
];

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
        let value = cx.value;
        let Some((root, manifest)) = manifest(cx.kind, value) else {
            return;
        };
        // (pointer, text, what the field is called)
        let mut texts: Vec<(String, &str, &str)> = Vec::new();
        let publishing = format!("{root}/publishingInformation");
        let locales = child(&publishing, "locales");
        for locale in keys(manifest, "/publishingInformation/locales") {
            let entry = child(&locales, locale);
            for (field, called) in LOCALE_FIELDS {
                texts.extend(string_at(value, &child(&entry, field)).map(|(p, s)| (p, s, *called)));
            }
            for (field, called) in LOCALE_LISTS {
                let items = strings_in_items(value, &child(&entry, field), "");
                texts.extend(items.into_iter().map(|(p, s)| (p, s, *called)));
            }
        }
        texts.extend(
            string_at(value, &child(&publishing, "testingInstructions"))
                .map(|(p, s)| (p, s, "the testing instructions")),
        );
        let privacy = format!("{root}/privacyAndCompliance/locales");
        for locale in keys(manifest, "/privacyAndCompliance/locales") {
            let entry = child(&privacy, locale);
            for (field, called) in PRIVACY_FIELDS {
                texts.extend(string_at(value, &child(&entry, field)).map(|(p, s)| (p, s, *called)));
            }
        }
        for (pointer, text, called) in texts {
            let Some((what, found)) = placeholder(text) else {
                continue;
            };
            cx.report(pointer, format!("{what} left in {called}: `{found}`"))
                .label(what.trim_start_matches("a "))
                .help("replace it with the skill's own text or address before submitting; customers and the certification team see it as it is");
        }
    }
}

/// The keys of the object at `pointer` in the manifest.
fn keys<'a>(manifest: &'a Value, pointer: &str) -> impl Iterator<Item = &'a String> {
    manifest
        .pointer(pointer)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|object| object.keys())
}

/// What kind of placeholder `text` holds, and the placeholder itself.
fn placeholder(text: &str) -> Option<(&'static str, &str)> {
    let bare = text.trim().trim_end_matches('.').to_lowercase();
    if TEMPLATE_VALUES.contains(&bare.as_str()) {
        return Some(("template text", text.trim()));
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
