use std::sync::LazyLock;

use super::{manifest, string_at};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::fix::Change;
use crate::rule::{Context, Rule, RuleMeta};
use crate::schema::enum_values;
use crate::suggest::{nearest_in, only_close};

declare_rule! {
    /// ## What it does
    /// Checks that `publishingInformation.category` is one of the store categories, and names the
    /// nearest one when it is not.
    ///
    /// ## Why is this bad?
    /// The category places the skill in the store, and certification needs one of the store's
    /// values, and the service rejects a category it does not know ("Invalid category.",
    /// alexa/alexa-cookbook#73). The SMAPI model types it as a plain string; the list (59 values,
    /// from `ALARMS_AND_CLOCKS` to `ZIP_CODE_LOOKUP`) comes from Amazon's Litexa. Values are
    /// upper-case and case-sensitive. A value that differs from a known one only in case, or by one
    /// or two typed characters from exactly one known value, is that value mistyped: an error, with
    /// the fix. Any other unknown value is a warning: real manifests use values outside the list
    /// (`MUSIC_AND_AUDIO`, `RADIO`), and asklint's copy may lag the service.
    ///
    /// ## Evidence
    /// Certification asks for a category from the store's list. That asklint's copy of the list is
    /// complete is advice only: it may lag the service.
    ///
    /// - [Skill manifest reference](https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html), `category`
    /// - [Litexa `globals.d.ts`](https://github.com/alexa-games/litexa/blob/0684b92c8c08d8a0ff89fb4d84546022e936d7a5/packages/litexa/src/command-line/templates/common/typescript/config/globals.d.ts), `type Category` (Amazon's list)
    ///
    /// ## Example
    /// Invalid: a typo, an error that `--fix` corrects to `KNOWLEDGE_AND_TRIVIA`:
    /// ```json
    /// {"manifest": {"publishingInformation": {"category": "KNOWLEDGE_AND_TRIVA"}}}
    /// ```
    /// Invalid: not a known category nor a typo of one, a warning:
    /// ```json
    /// {"manifest": {"publishingInformation": {"category": "MEMORY_GAMES"}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"category": "GAMES"}}}
    /// ```
    pub CategoryValue {
        code: "PUB009",
        name: "category-value",
        severity: Warning,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
        replaces: ["SCH004"],
    }
}

fn typo_message(category: &str, meant: &str) -> String {
    format!("`{category}` is a misspelling of the store category `{meant}`")
}

/// The store categories, as the manifest schema lists them.
static CATEGORIES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    enum_values(
        "skill-manifest.schema.json",
        "/definitions/publishingInformation/properties/category",
    )
});

impl Rule for CategoryValue {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((root, _)) = manifest(cx.kind, cx.value) else {
            return;
        };
        let Some((pointer, category)) =
            string_at(cx.value, &format!("{root}/publishingInformation/category"))
        else {
            return;
        };
        if CATEGORIES.contains(&category) {
            return;
        }
        let message = format!("`{category}` is not one of the store categories asklint knows");
        let upper = category.to_uppercase();
        if let Some(exact) = CATEGORIES.iter().find(|c| **c == upper) {
            cx.report(pointer.clone(), message)
                .label(format!("write `{exact}`"))
                .help("categories are upper case and case-sensitive")
                .severity(Severity::Error)
                .fix(
                    format!("replace `{category}` with `{exact}`"),
                    vec![Change::replace_string(pointer, exact)],
                );
        } else if let Some(meant) = only_close(category, CATEGORIES.iter().copied()) {
            cx.report(pointer.clone(), typo_message(category, meant))
                .label(format!("did you mean `{meant}`?"))
                .help(format!("write `{meant}`"))
                .severity(Severity::Error)
                .fix(
                    format!("replace `{category}` with `{meant}`"),
                    vec![Change::replace_string(pointer, meant)],
                );
        } else if let Some(best) = nearest_in(&CATEGORIES, category) {
            // Only near, not a sure typo (`MUSIC_AND_AUDIO` is no `MUSIC_AND_AUDIO_ACCESSORIES`).
            cx.report(pointer, message)
                .label("unknown category")
                .help(format!(
                    "the nearest store category is `{best}`; asklint's list may lag the service, so this is only a warning"
                ));
        } else {
            cx.report(pointer, message)
                .label("unknown category")
                .help("choose a category of the skill manifest reference; asklint's list may lag the service, so this is only a warning");
        }
    }
}
