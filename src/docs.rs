//! Reference documentation generated from the code tables, so it cannot drift: `docs/codes.md` is
//! rendered here and a test fails when the file is stale (`BLESS=1 cargo test` rewrites it).

use std::fmt::Write;

use crate::diagnostic::codes;
use crate::kind::Kind;
use crate::target::{Requirement, Target};

/// The text of `docs/codes.md`.
pub fn render_codes() -> String {
    let mut out = String::from(
        "# asklint codes\n\n\
         Generated from asklint's source by `BLESS=1 cargo test`; do not edit.\n\n\
         Every finding has a stable code, a kebab-case name and a default severity. The schema codes are named \
         after the error codes SMAPI itself returns (`SCH001 missing-required-property` is the server's \
         `MISSING_REQUIRED_PROPERTY`), so a finding can be matched with what the server would say. \
         The target (`--target`) does not change these codes: the JSON and schema findings are what \
         the server rejects on upload, under either target.\n\n\
         | code | name | severity | what it reports |\n|---|---|---|---|\n",
    );
    for code in codes::ALL {
        table_row(&mut out, code.code, code.name, code.severity, code.summary);
    }
    for code in codes::ALL {
        out.push('\n');
        out.push_str(&render_code(code));
    }
    out.push_str("\n## Document kinds\n\n| kind | what |\n|---|---|\n");
    for kind in Kind::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} |",
            kind.name(),
            kind.about().replace('|', "\\|")
        );
    }
    out
}

fn details(code: &str) -> Option<&'static str> {
    Some(match code {
        "READ001" => {
            "Reported at the start of the file, which is not read further: asklint reads at most 64 MiB of a document (a file to check, standard input), far more than any real skill file. An endless file (`/dev/zero`, a file that keeps growing) is cut off there. The limits are in docs/security.md."
        }
        "READ002" => {
            "Reported at the start of the checked file when a file of its skill package (an interaction model of a `skill.json`, the `skill.json` of a model) cannot be read: a FIFO, a device or a socket where a file should be (never opened to wait for a writer), a file over the 64 MiB limit, a directory, a broken link or a permission. The checks that need that file are not made."
        }
        "JSON001" => {
            "serde_json's verdict, at the exact position where reading stopped. Nothing else is checked in a file that cannot be read."
        }
        "JSON002" => {
            "Reported at the comma. The file is then read as if the comma were not there, so every other check still runs. The SMAPI reference pages' own examples have trailing commas."
        }
        "JSON003" => {
            "Reported at the second occurrence, with a label on the first. JSON parsers silently keep the last value, which is what asklint checks."
        }
        "JSON004" => {
            "`//` and `/* */` comments. Reported and skipped, so the other checks still run."
        }
        "JSON005" => {
            "A UTF-8 byte order mark (reported, then skipped), UTF-16 text, or bytes that are not UTF-8 (the file is not read further)."
        }
        "KIND001" => {
            "The help lists the kinds the file could be, judged by its top-level keys and its name. `--kind` checks a file as a given kind."
        }
        "SCH002" => {
            "The label sits on the unexpected key and suggests the known key it most likely meant (`allowPurchases` → `allowsPurchases`). A field of one type of a discriminated union used on another type says where it belongs (`supportedViewports` on an `AUDIO_PLAYER` interface: only allowed on interfaces of type ALEXA_PRESENTATION_APL; likewise the template versions, `packages` and the extensions of an interface; `value`, `values`, `start` and `end` of a dialog validation; `valueCatalog` and `values` of a value supplier), as Amazon's SMAPI model defines them. Unknown API kinds, extras of an interface type asklint does not know, and unknown keys of a store locale (`publishingInformation.locales.<locale>`, where the console's manifest export writes keys such as `preview` that the published model lags behind) are warnings; but a key one or two typed characters from exactly one known key there (`smallIconUrl`) stays an error."
        }
        "SCH004" => {
            "Names the closest allowed value. Where asklint's enumerations are known to lag the service (categories, permissions, event names, interface types, Alexa-hosted runtimes, the skill list's API kinds, build step names), an unknown value is a warning. A permission name one or two typed characters from exactly one known name (`alexa::profile:emial:read`) is that name mistyped, not a newer one: an error, with the fix."
        }
        "SCH007" => {
            "Also reported for object keys that break a key pattern, such as a locale written `en_US`; the label sits on the key."
        }
        "SCH008" => {
            "Privacy policy and terms of use URLs may be empty (not set); when given they must be absolute URLs."
        }
        _ => return None,
    })
}

/// One row of a summary table, linking to the code's section below it.
fn table_row(
    out: &mut String,
    code: &str,
    name: &str,
    severity: crate::diagnostic::Severity,
    summary: &str,
) {
    let anchor = code.to_ascii_lowercase();
    let _ = writeln!(
        out,
        "| [{code}](#{anchor}-{name}) | {name} | {severity} | {summary} |"
    );
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The text of `docs/rules.md`: every rule's metadata and documentation.
pub fn render_rules() -> String {
    let mut out = String::from(
        "# asklint rules\n\n\
         Generated from asklint's rule registry by `BLESS=1 cargo test`; do not edit. The pipeline's own \
         codes (JSON syntax, schema, kinds) are in [codes.md](codes.md).\n\n\
         Each rule is required either by the build (SMAPI rejects the upload, or the model does not \
         build: the same severity under either target) or by certification only (the skill deploys \
         without it: under the development target, the default, its errors are warnings; under \
         `--target certification` they are errors). The severity column gives both.\n\n\
         Each rule's *Evidence* says how sure its finding is, and links the public pages it rests on. It opens \
         with one of these: *The server rejects* (SMAPI refuses the upload, the model build or the request), \
         *ASK CLI refuses* (the deploy stops before anything is sent), *Certification asks for this* (the \
         upload works, and the certification review fails the skill), *Advice* (good practice, or a heuristic \
         that no known server error backs) or *Unconfirmed* (a limit quoted widely, or seen in the model, that \
         no Amazon page confirms).\n\n\
         | code | name | severity | required by | what it does |\n|---|---|---|---|---|\n",
    );
    for rule in crate::rules::all() {
        let m = rule.meta();
        let anchor = m.code.to_ascii_lowercase();
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}-{name}) | {name} | {severity} | {requirement} | {summary} |",
            code = m.code,
            name = m.name,
            severity = severities(m),
            requirement = m.requirement.as_str(),
            summary = m.summary(),
        );
    }
    for rule in crate::rules::all() {
        out.push('\n');
        out.push_str(&render_rule(rule.meta()));
    }
    out
}

/// One rule's documentation, as `asklint explain` prints it and `docs/rules.md` holds it.
pub fn render_rule(m: &crate::rule::RuleMeta) -> String {
    let kinds: Vec<String> = m.kinds.iter().map(|k| format!("`{k}`")).collect();
    let mut out = format!(
        "## {} {}\n\nSeverity: {}. {}. Checks: {}.",
        m.code,
        m.name,
        severities(m),
        required_by(m.requirement),
        kinds.join(", ")
    );
    if !m.replaces.is_empty() {
        // A schema code is generic; another rule's finding is not.
        let generic = if m.replaces.iter().all(|c| c.starts_with("SCH")) {
            "the generic "
        } else {
            ""
        };
        let _ = write!(
            out,
            " Replaces {generic}{} at the same place.",
            m.replaces.join(", ")
        );
    }
    if let Some(fix) = m.fix {
        let _ = write!(out, " Fix: {}.", fix.described());
    }
    // A user's own rule says which file it comes from; a built-in rule's file means nothing to a
    // reader of its documentation.
    if m.url.is_some() {
        let _ = write!(out, " Defined in `{}`.", m.source);
    }
    out.push_str("\n\n");
    // The doc comment's `##` headings sit one level below the rule's own heading here.
    for line in m.docs.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if let Some(heading) = line.strip_prefix("## ") {
            let _ = writeln!(out, "### {heading}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// A rule's severity under each target: one word when they are the same.
fn severities(m: &crate::rule::RuleMeta) -> String {
    let development = m.severity_under(Target::Development);
    let certification = m.severity_under(Target::Certification);
    if development == certification {
        development.to_string()
    } else {
        format!("{development} (development), {certification} (certification)")
    }
}

/// What requires a rule's check, in a sentence.
fn required_by(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::Build => {
            "Required by the build (the upload, the model build or the request), not only by certification: the target does not change its severity"
        }
        Requirement::Certification => {
            "Required by certification only: the skill deploys and runs in development without it"
        }
    }
}

/// `asklint explain` for a pipeline code.
pub fn render_code(code: &crate::diagnostic::Code) -> String {
    let mut out = format!(
        "## {} {}\n\nDefault severity: {}. {}.\n",
        code.code,
        code.name,
        code.severity,
        capitalise(code.summary)
    );
    if let Some(more) = details(code.code) {
        let _ = writeln!(out, "\n{more}");
    }
    if let Some(fix) = fix_details(code.code) {
        let _ = writeln!(out, "\n{fix}");
    }
    out
}

/// What `--fix` does for a pipeline code, and how safely.
fn fix_details(code: &str) -> Option<String> {
    let applicability = codes::fix_of(code)?;
    let what = match code {
        "JSON002" => {
            "the comma is removed. The file then means what the lenient reading took it to mean."
        }
        "JSON004" => {
            "the comment is removed (a comment alone on its line, with the line). Unsafe because the comment's text is lost: move what it says somewhere else first."
        }
        "JSON005" => {
            "a UTF-8 byte order mark is removed. UTF-16 files and bytes that are not UTF-8 have no fix: re-save the file as UTF-8."
        }
        "SCH002" => {
            "the key is renamed to the one known key it differs from by case or by at most two typed characters, when the object does not have that key already. Unsafe: the value was never checked under its new name."
        }
        "SCH003" => {
            "a string that says exactly a boolean or a number where one belongs (`\"true\"`, `\"5\"`) is written without quotes. Other type errors have no fix."
        }
        "SCH004" => {
            "a string that differs from exactly one allowed value only in case becomes that value (`Live` → `live`), and a mistyped permission name the one it is one or two typed characters from. Other values have no fix."
        }
        _ => return None,
    };
    Some(format!("Fix: {}: {what}", applicability.described()))
}
