use super::locale_keys::is_well_formed;
use super::manifest;
use crate::declare_rule;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::span_index::{Pointer, child};

declare_rule! {
    /// ## What it does
    /// Checks that every locale key of a manifest has the form `ll-CC` (`en-US`, `de-DE`), and says
    /// what the key was meant to be.
    ///
    /// ## Why is this bad?
    /// Alexa locales are a two-letter lower-case language, a hyphen and a two-letter upper-case
    /// country. `en_US`, `en-us` or `EN-US` are not locales to the server, which rejects them; a key
    /// that is no locale at all (`testingInstructions` inside `locales`) is a misplaced field.
    ///
    /// ## Evidence
    /// The server rejects this on upload: locales are written `ll-CC`.
    ///
    /// - [ASK CLI `option-model.json`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/commands/option-model.json): the locale pattern
    /// - [ASK Toolkit for VS Code, the skill package schema](https://github.com/alexa/ask-toolkit-for-vscode/blob/b1c2110c19cffc6efd9ca8b774f80ba9cc6bb2d8/test/mockSkill/.ask/schema/skillPackageSchema.json): `[a-z]{2}-[A-Z]{2}`
    ///
    /// ## Fix
    /// Safe: a key that is a locale written another way (`en_US`, `en-us`, `EN_us`) is renamed to
    /// the locale (`en-US`), unless the object has that key already or another key that means it.
    /// A key that is no locale is left alone.
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en_US": {"name": "Tide Tables"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables"}}}}}
    /// ```
    pub LocaleFormat {
        code: "LOC001",
        name: "locale-format",
        severity: Error,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH007"],
        fix: Safe,
    }
}

impl Rule for LocaleFormat {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, _)) = manifest(cx.kind, cx.value) else {
            return;
        };
        for &(map, key) in cx.locale_keys() {
            if is_well_formed(key) {
                continue;
            }
            let map = format!("{root}{map}");
            let pointer = child(&map, key);
            match repaired(key) {
                Some(fix) => {
                    // Not where the locale is there already, or another key means it too: that
                    // would write it twice.
                    let taken = cx
                        .value
                        .at(&map)
                        .and_then(|m| m.as_object())
                        .is_some_and(|m| {
                            m.keys()
                                .filter(|k| **k == fix || repaired(k).as_ref() == Some(&fix))
                                .count()
                                > 1
                        });
                    let finding = cx
                        .report(
                            pointer.clone(),
                            format!("`{key}` is not written as a locale; write `{fix}`"),
                        )
                        .on_key()
                        .label(format!("use `{fix}`"))
                        .help("locales are `ll-CC`: lower-case language, a hyphen, upper-case country");
                    if !taken {
                        finding.fix(
                            format!("rename `{key}` to `{fix}`"),
                            vec![Change::rename_key(pointer, fix)],
                        );
                    }
                }
                None => {
                    cx.report(pointer, format!("`{key}` is not a locale"))
                        .on_key()
                        .label("not a locale")
                        .help("the keys of a `locales` object are locales such as `en-US`; is this field in the wrong place?");
                }
            }
        }
    }
}

/// `en_us`, `EN-US`, `en-us` → `en-US`: two letters, a separator, two letters.
fn repaired(key: &str) -> Option<String> {
    let (language, country) = key.split_once(['-', '_'])?;
    let letters = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic());
    (letters(language) && letters(country)).then(|| {
        format!(
            "{}-{}",
            language.to_ascii_lowercase(),
            country.to_ascii_uppercase()
        )
    })
}
