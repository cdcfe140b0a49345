//! Which codes a run reports: `--select` and `--ignore`, by code (`PUB001`), name
//! (`summary-length`) or code prefix (`PUB`, `SCH`).
//!
//! A rule that is not selected does not run at all (so it costs nothing, and the schema error it
//! would have replaced shows again); a pipeline code (JSON syntax, schema, kind) that is not
//! selected is dropped from the file's findings.

use crate::diagnostic::codes;
use crate::rule::Rule;

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
        let known: Vec<(&str, &str)> = codes::ALL
            .iter()
            .map(|c| (c.code, c.name))
            .chain(rules.iter().map(|r| (r.meta().code, r.meta().name)))
            .collect();
        for selector in select.iter().chain(&ignore) {
            if !known
                .iter()
                .any(|(code, name)| matches(selector, code, name))
            {
                let near = crate::suggest::closest(
                    selector,
                    known.iter().flat_map(|(code, name)| [*code, *name]),
                );
                return Err(format!(
                    "`{selector}` is no code, code prefix or rule name{}; `asklint rules` lists them",
                    near.map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default()
                ));
            }
        }
        Ok(Selection { select, ignore })
    }

    /// Whether findings with this code are reported.
    pub fn enabled(&self, code: &str, name: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| matches(s, code, name)))
            && !self.ignore.iter().any(|s| matches(s, code, name))
    }

    /// Whether anything is filtered at all.
    pub fn is_everything(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }
}

/// A selector matches a code it is a prefix of (case-insensitively: `pub` is `PUB`), or a name.
fn matches(selector: &str, code: &str, name: &str) -> bool {
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
