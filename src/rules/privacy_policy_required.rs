use serde_json::Value;

use super::locale_keys::is_well_formed;
use super::{manifest, personal_data_permissions};
use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::child;

declare_rule! {
    /// ## What it does
    /// Checks that every publishing locale has a privacy policy URL when the skill collects personal
    /// data or takes money: `usesPersonalInfo` is true, a personal-data permission is requested, or
    /// the skill allows purchases or is a paid skill.
    ///
    /// ## Why is this bad?
    /// Certification does not publish a skill that collects personal information, by voice or
    /// through permissions, without a valid privacy policy; the list-skill guide asks for a
    /// `privacyPolicyUrl` in every locale, and purchases are personal data too (payment, address).
    ///
    /// The personal-data permissions are those that hand the skill something about the customer:
    /// the customer profile (`alexa::profile:name:read`, `given_name`, `email`, `mobile_number`),
    /// the device address (`alexa::devices:all:address:full:read`,
    /// `alexa:devices:all:address:country_and_postal_code:read`), the device's location
    /// (`geolocation`, `coarse_location`, `tokenized_geolocation`), the household lists (read and
    /// write), the recognised speaker (`alexa::person_id:read`, `alexa::raw_person_id:read`) and the
    /// health profile (`alexa::health:profile:write`). Identifiers of the account, device or request
    /// (`customer_id`, `device_id`, `utterance_id`, `origin_ip_address`) and permissions that only
    /// let the skill send something (reminders, timers, notifications) are not counted.
    ///
    /// The schema accepts an empty URL (`""`, not set yet); here an empty URL counts as missing.
    /// Account linking needs a privacy policy as well, but it is set up outside the manifest.
    ///
    /// ## Evidence
    /// Certification asks for this.
    ///
    /// - [Certification requirements for privacy URLs, February 2023](https://developer.amazon.com/en-US/blogs/alexa/alexa-skills-kit/2023/02/certification-requirements-privacy-urls-feb-2023)
    /// - [Certification guide for list skills](https://developer.amazon.com/pt-BR/docs/alexa/smapi/certification-guide-for-list-skills.html)
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), `permission_name.py` (the permission names)
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}, "permissions": [{"name": "alexa::devices:all:geolocation:read"}], "privacyAndCompliance": {"usesPersonalInfo": true, "locales": {"en-US": {"privacyPolicyUrl": ""}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}, "permissions": [{"name": "alexa::devices:all:geolocation:read"}], "privacyAndCompliance": {"usesPersonalInfo": true, "locales": {"en-US": {"privacyPolicyUrl": "https://tides.example.org/privacy"}}}}}
    /// ```
    pub PrivacyPolicyRequired {
        code: "PRV001",
        name: "privacy-policy-required",
        severity: Error,
        requirement: Certification,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

/// Why the skill needs a privacy policy, and where the manifest says so.
struct Reason {
    pointer: String,
    because: String,
    label: &'static str,
}

impl Rule for PrivacyPolicyRequired {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, manifest)) = manifest(cx.kind, cx.value) else {
            return;
        };
        let Some(reason) = reason(root, manifest) else {
            return;
        };
        let Some(locales) = cx.listing_locales() else {
            return;
        };
        let privacy_locales = manifest
            .get("privacyAndCompliance")
            .and_then(|p| p.get("locales"));
        // A malformed locale key is LOC001's to report.
        for locale in locales.keys().filter(|l| is_well_formed(l)) {
            let url = privacy_locales
                .and_then(|l| l.get(locale))
                .and_then(|entry| entry.get("privacyPolicyUrl"));
            let (message, label) = match url {
                None => (
                    format!(
                        "`{locale}` has no privacy policy URL, but {}",
                        reason.because
                    ),
                    "no privacy policy",
                ),
                Some(Value::String(url)) if url.trim().is_empty() => (
                    format!(
                        "the privacy policy URL of `{locale}` is empty, but {}",
                        reason.because
                    ),
                    "empty",
                ),
                // Set, or of the wrong type (the schema's to report).
                Some(_) => continue,
            };
            let pointer = child(
                &child(&format!("{root}/privacyAndCompliance/locales"), locale),
                "privacyPolicyUrl",
            );
            cx.report(pointer, message)
                .label(label)
                .secondary(reason.pointer.clone(), reason.label)
                .help(format!(
                    "link the skill's privacy policy in `privacyAndCompliance.locales.{locale}.privacyPolicyUrl`; certification requires one for skills that collect personal data or take payments"
                ));
        }
    }
}

/// The first reason the manifest gives for needing a privacy policy, if any.
fn reason(root: &str, manifest: &Value) -> Option<Reason> {
    let privacy = manifest.get("privacyAndCompliance");
    let flag = |name: &str| privacy.and_then(|p| p.get(name)) == Some(&Value::Bool(true));
    if flag("usesPersonalInfo") {
        return Some(Reason {
            pointer: format!("{root}/privacyAndCompliance/usesPersonalInfo"),
            because: "the skill uses personal information".to_owned(),
            label: "personal information",
        });
    }
    if let Some((pointer, name)) = personal_data_permissions(manifest, root).into_iter().next() {
        return Some(Reason {
            pointer,
            because: format!("the skill requests `{name}`"),
            label: "personal data",
        });
    }
    if flag("allowsPurchases") {
        return Some(Reason {
            pointer: format!("{root}/privacyAndCompliance/allowsPurchases"),
            because: "the skill allows purchases".to_owned(),
            label: "purchases",
        });
    }
    manifest
        .get("publishingInformation")
        .and_then(|p| p.get("paidSkillInformation"))
        .map(|_| Reason {
            pointer: format!("{root}/publishingInformation/paidSkillInformation"),
            because: "the skill is a paid skill".to_owned(),
            label: "paid skill",
        })
}
