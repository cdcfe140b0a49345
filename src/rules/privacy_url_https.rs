use super::locale_entries;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::is_absolute_url;

declare_rule! {
    /// ## What it does
    /// Reports privacy policy and terms of use URLs that are not `https://` web addresses: plain
    /// `http://`, another scheme, or no scheme at all.
    ///
    /// ## Why is this bad?
    /// Customers open these links from the skill store, and certification checks that they lead to
    /// the privacy section of the developer's site. A URL without a scheme (`www.example.org/privacy`)
    /// is not a URL: SMAPI checks the format (`INVALID_URL_FORMAT`), so that finding is an error. No
    /// Amazon page demands https over http, so `http://` and other schemes are warnings;
    /// real skills have passed with `http://` links, but browsers mark them as not secure. Empty
    /// URLs are PRV001's to report.
    ///
    /// ## Evidence
    /// The server rejects a URL without a scheme on upload (`INVALID_URL_FORMAT`). That it must be
    /// https is unconfirmed: no Amazon page says so, hence a warning.
    ///
    /// - [SMAPI error codes](https://developer.amazon.com/docs/smapi/error-codes.html): `INVALID_URL_FORMAT`
    /// - [Certification requirements for privacy URLs, February 2023](https://developer.amazon.com/en-US/blogs/alexa/alexa-skills-kit/2023/02/certification-requirements-privacy-urls-feb-2023)
    ///
    /// ## Fix
    /// Unsafe, for an http URL only: `http://` becomes `https://`. Whether the page is served over
    /// https is for you to check before you take the fix. Other schemes and URLs without one have
    /// no fix.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"privacyAndCompliance": {"locales": {"en-US": {"privacyPolicyUrl": "http://tides.example.org/privacy", "termsOfUseUrl": "tides.example.org/terms"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"privacyAndCompliance": {"locales": {"en-US": {"privacyPolicyUrl": "https://tides.example.org/privacy", "termsOfUseUrl": "https://tides.example.org/terms"}}}}}
    /// ```
    pub PrivacyUrlHttps {
        code: "PRV005",
        name: "privacy-url-https",
        severity: Warning,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH008"],
        fix: Unsafe,
    }
}

/// The URL fields of a `privacyAndCompliance.locales` entry, and what they are called.
const FIELDS: &[(&str, &str)] = &[
    ("privacyPolicyUrl", "privacy policy"),
    ("termsOfUseUrl", "terms of use"),
];

impl Rule for PrivacyUrlHttps {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for entry in locale_entries(cx.kind, cx.value, "/privacyAndCompliance/locales") {
            for (field, page) in FIELDS {
                let Some(url) = entry.str(field) else {
                    continue;
                };
                let Some(problem) = problem(url) else {
                    continue;
                };
                let pointer = entry.pointer(field);
                let finding = match problem {
                    Problem::Http => {
                        let https = format!("https://{}", &url.trim()["http://".len()..]);
                        cx.report(
                            pointer.clone(),
                            format!("the {page} URL uses http, not https"),
                        )
                        .label("http")
                        .help(format!("serve the page over https and link `{https}`"))
                        .unsafe_fix(
                            format!("link `{https}`"),
                            vec![Change::replace_string(pointer, &https)],
                        )
                    }
                    Problem::OtherScheme(scheme) => cx
                        .report(
                            pointer,
                            format!("the {page} URL uses the `{scheme}` scheme, not https"),
                        )
                        .label("not a web page")
                        .help("link a web page the customer can open: `https://…`"),
                    Problem::NoScheme => cx
                        .report(pointer, format!("the {page} URL has no scheme"))
                        .label("no `https://`")
                        .help(format!("write `https://{}`", url.trim())),
                };
                if !is_absolute_url(url) {
                    finding.severity(Severity::Error);
                }
            }
        }
    }
}

enum Problem<'a> {
    Http,
    OtherScheme(&'a str),
    NoScheme,
}

fn problem(url: &str) -> Option<Problem<'_>> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    match url.split_once("://") {
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => None,
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("http") => Some(Problem::Http),
        Some((scheme, _)) => Some(Problem::OtherScheme(scheme)),
        // `mailto:…` has a scheme; `www.example.org:8080/privacy` does not.
        None => match url.split_once(':') {
            Some((scheme, _))
                if !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-') =>
            {
                Some(Problem::OtherScheme(scheme))
            }
            _ => Some(Problem::NoScheme),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_problem() {
        assert!(problem("https://tides.example.org/privacy").is_none());
        assert!(problem("HTTPS://tides.example.org/privacy").is_none());
        assert!(problem("").is_none());
        assert!(matches!(
            problem("http://tides.example.org/privacy"),
            Some(Problem::Http)
        ));
        assert!(matches!(
            problem("ftp://tides.example.org/privacy"),
            Some(Problem::OtherScheme("ftp"))
        ));
        assert!(matches!(
            problem("mailto:privacy@tides.example.org"),
            Some(Problem::OtherScheme("mailto"))
        ));
        assert!(matches!(
            problem("www.tides.example.org/privacy"),
            Some(Problem::NoScheme)
        ));
        assert!(matches!(
            problem("tides.example.org:8080/privacy"),
            Some(Problem::NoScheme)
        ));
    }
}
