//! Which codes a run reports: `--select` and `--ignore`, by code (`PUB001`), name
//! (`summary-length`) or code prefix (`PUB`, `SCH`).
//!
//! A rule that is not selected does not run at all, unless it replaces a schema error that is
//! selected: ignoring `EP001 endpoint-uri` ignores the fact it reports, so the generic `SCH007` it
//! explains must not come back. Such a rule still runs, and its own findings are dropped with
//! every other code that is not selected.

use crate::diagnostic::codes;
use crate::rule::{Rule, RuleMeta};

/// `--select` and `--ignore`, checked against the codes a run knows.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Check every selector against the codes and names of the pipeline and of `rules`: a selector
    /// that matches nothing is a typo, and an error.
    pub fn new(
        select: Vec<String>,
        ignore: Vec<String>,
        rules: &[&'static dyn Rule],
    ) -> Result<Selection, String> {
        for selector in select.iter().chain(&ignore) {
            check_selector(selector, rules)?;
        }
        Ok(Selection { select, ignore })
    }

    /// Whether findings with this code are reported.
    pub fn enabled(&self, code: &str, name: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| matches(s, code, name)))
            && !self.ignore.iter().any(|s| matches(s, code, name))
    }

    /// Whether the rule must run: it is selected, or it replaces a schema code that is.
    pub fn keeps(&self, meta: &RuleMeta) -> bool {
        self.enabled(meta.code, meta.name)
            || meta.replaces.iter().any(|code| {
                let name = codes::ALL
                    .iter()
                    .find(|c| c.code == *code)
                    .map_or("", |c| c.name);
                self.enabled(code, name)
            })
    }

    /// Whether anything is filtered at all.
    pub fn is_everything(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }
}

/// Whether `selector` names at least one code of the pipeline or of `rules`; the error says
/// which one it was likely meant to be.
pub fn check_selector(selector: &str, rules: &[&'static dyn Rule]) -> Result<(), String> {
    let known: Vec<(&str, &str)> = codes::ALL
        .iter()
        .map(|c| (c.code, c.name))
        .chain(rules.iter().map(|r| (r.meta().code, r.meta().name)))
        .collect();
    if known
        .iter()
        .any(|(code, name)| matches(selector, code, name))
    {
        return Ok(());
    }
    let near = crate::suggest::closest(
        selector,
        known.iter().flat_map(|(code, name)| [*code, *name]),
    );
    Err(format!(
        "`{selector}` is no code, code prefix or rule name{}; `asklint rules` lists them",
        near.map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default()
    ))
}

/// A selector matches a code it is a prefix of (case-insensitively: `pub` is `PUB`), or a name.
pub fn matches(selector: &str, code: &str, name: &str) -> bool {
    selector == name
        || code
            .get(..selector.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(selector))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: &[&str], ignore: &[&str]) -> Result<Selection, String> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Selection::new(owned(select), owned(ignore), crate::rules::all())
    }

    #[test]
    fn selects_by_code_prefix_and_name() {
        let s = selection(&["SCH", "summary-length"], &["SCH002"]).unwrap();
        assert!(s.enabled("SCH001", "missing-required-property"));
        assert!(!s.enabled("SCH002", "unexpected-property"));
        assert!(s.enabled("PUB001", "summary-length"));
        assert!(!s.enabled("PUB003", "description-length"));
        let everything = selection(&[], &[]).unwrap();
        assert!(everything.is_everything() && everything.enabled("PUB003", "x"));
        assert!(selection(&["pub"], &[]).unwrap().enabled("PUB003", "x"));
    }

    #[test]
    fn an_unknown_selector_is_an_error_with_a_suggestion() {
        let error = selection(&["summary-lenght"], &[]).unwrap_err();
        assert!(error.contains("did you mean `summary-length`"), "{error}");
        assert!(selection(&[], &["XYZ"]).is_err());
    }
}
