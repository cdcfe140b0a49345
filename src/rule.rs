//! The rule engine: what a rule is, how it reports, and how its findings become diagnostics.
//!
//! A rule reports JSON Pointers with a message, never byte offsets; the span index turns them into
//! ranges, as for schema errors. A dedicated rule's finding replaces the generic schema error about the
//! same fact at the same pointer (`replaces`), so the user sees one, better, message.

use std::cell::{OnceCell, RefCell};

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity, docs_url};
use crate::fix::{Applicability, Change, Fix, Locator};
use crate::kind::Kind;
use crate::package::Package;
use crate::target::{Requirement, Target};

/// Everything about a rule except its logic.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Area prefix and three digits, e.g. `ID001`. Public API: never reused.
    pub code: &'static str,
    /// Kebab-case, e.g. `skill-id-format`.
    pub name: &'static str,
    /// The severity under the certification target; under the development target a
    /// certification-only rule's errors are warnings ([`Target::severity`]).
    pub severity: Severity,
    /// What requires the fact the rule checks: the build, or only certification.
    pub requirement: Requirement,
    /// Markdown with the headings `## What it does`, `## Why is this bad?` and `## Example`.
    pub docs: &'static str,
    /// Where the rule is defined (`file:line`, or a rule file's path), for messages about it. Only a
    /// user's own rule (one with a `url`) shows it in its documentation.
    pub source: &'static str,
    /// The document kinds the rule looks at.
    pub kinds: &'static [Kind],
    /// Codes whose findings this rule's findings replace at the same pointer: schema codes, or
    /// another rule's that says less about the same fact.
    pub replaces: &'static [&'static str],
    /// Where the rule's documentation lives, for a user's own rule (its file); built-in rules are
    /// documented in `docs/rules.md`.
    pub url: Option<&'static str>,
    /// Whether the rule's findings can carry a fix, and the safest of them (the docs' `## Fix`
    /// section says which findings get which).
    pub fix: Option<Applicability>,
}

impl RuleMeta {
    /// The first paragraph under `## What it does`, on one line.
    pub fn summary(&self) -> String {
        let body = self
            .docs
            .split("## What it does")
            .nth(1)
            .unwrap_or(self.docs);
        let paragraph: Vec<&str> = body
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty())
            .collect();
        paragraph.join(" ").trim_end_matches('.').to_owned()
    }

    /// The link a finding gives to this rule's documentation.
    pub fn url(&self) -> String {
        self.url
            .map_or_else(|| docs_url(self.code, self.name), str::to_owned)
    }

    /// The severity of the rule's findings under `target` (unless a finding sets its own).
    pub fn severity_under(&self, target: Target) -> Severity {
        target.severity(self.requirement, self.severity)
    }

    /// Code, name and default severity, for a finding (the summary is the registry's business).
    pub fn as_code(&self) -> Code {
        Code {
            code: self.code,
            name: self.name,
            severity: self.severity,
            summary: "",
        }
    }
}

/// A check over one document.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    fn check(&self, cx: &mut Context<'_>);

    /// The same rule with other options (a config's `[options.<name>]`); `None` when the rule takes
    /// none.
    fn with_options(&self, options: &Value) -> Option<Result<&'static dyn Rule, String>> {
        let _ = options;
        None
    }
}

/// Declare a rule: its doc comment is its documentation, captured as text (clippy's trick, no proc
/// macro).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $rule:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            requirement: $requirement:ident,
            kinds: [$($kind:ident),* $(,)?]
            $(, replaces: [$($replaces:literal),* $(,)?])?
            $(, fix: $fix:ident)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $rule;

        impl $rule {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                requirement: $crate::target::Requirement::$requirement,
                docs: concat!($($doc, "\n"),*),
                source: concat!(file!(), ":", line!()),
                kinds: &[$($crate::kind::Kind::$kind),*],
                replaces: &[$($($replaces),*)?],
                url: None,
                fix: $crate::declare_rule!(@fix $($fix)?),
            };
        }
    };
    (@fix) => { None };
    (@fix $fix:ident) => { Some($crate::fix::Applicability::$fix) };
}

/// What a rule sees, and where it reports.
pub struct Context<'a> {
    /// The kind told from the document's shape.
    pub kind: Kind,
    /// The kind the file's name suggests (`skill.json`, `interactionModels/…`): a hint, never a
    /// verdict, and `None` for stdin or an unremarkable name.
    pub hint: Option<Kind>,
    pub value: &'a Value,
    /// The skill package the document belongs to (its manifest or its models), read on demand.
    pub package: &'a Package<'a>,
    shared: &'a Shared<'a>,
    findings: Vec<Finding>,
}

/// Where a manifest's listing locales are, relative to the manifest.
const LISTING: &str = "/publishingInformation/locales";

/// What several rules read from one document: worked out by the first rule that asks, and shared by
/// every rule that checks the document.
#[derive(Default)]
pub struct Shared<'a> {
    locale_keys: OnceCell<Vec<(&'static str, &'a str)>>,
    endpoints: OnceCell<Vec<(String, &'a Value)>>,
    listing_locales: OnceCell<Option<(&'static str, &'a serde_json::Map<String, Value>)>>,
    walks: crate::walk::Walks<'a>,
    /// Each endpoint URI classified so far, by address: three rules classify every endpoint.
    endpoint_problems: RefCell<Vec<(&'a str, Option<crate::facts::EndpointProblem>)>>,
}

/// One finding of a rule, before it has a range.
#[derive(Debug, Clone)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub severity: Option<Severity>,
    /// What requires this finding's fact, when not what the rule declares (a build rule's
    /// certification-only finding).
    pub requirement: Option<Requirement>,
    /// Point at the key rather than the value.
    pub on_key: bool,
    /// Further labels: (pointer, message, point at the key rather than the value).
    pub secondary: Vec<(String, String, bool)>,
    /// Further (code, pointer) schema errors that this finding explains.
    pub also_replaces: Vec<(&'static str, String)>,
    /// The fix: what it does, how safe it is, and its edits on pointers.
    pub fix: Option<(String, Applicability, Vec<Change>)>,
}

impl<'a> Context<'a> {
    pub fn new(
        kind: Kind,
        hint: Option<Kind>,
        value: &'a Value,
        package: &'a Package<'a>,
        shared: &'a Shared<'a>,
    ) -> Self {
        Context {
            kind,
            hint,
            value,
            package,
            shared,
            findings: Vec::new(),
        }
    }

    /// `(map pointer relative to the manifest, key)` for every locale key of the document's
    /// manifest.
    pub(crate) fn locale_keys(&self) -> &'a [(&'static str, &'a str)] {
        self.shared
            .locale_keys
            .get_or_init(|| crate::facts::locale_keys(self.kind, self.value))
    }

    /// The locales of the manifest's `publishingInformation`, each with its entry.
    pub(crate) fn listing_entries(
        &self,
    ) -> impl Iterator<Item = crate::facts::LocaleEntry<'a>> + use<'a> {
        crate::facts::entries_of(self.listing(), LISTING)
    }

    /// The manifest's `publishingInformation.locales` map.
    pub(crate) fn listing_locales(&self) -> Option<&'a serde_json::Map<String, Value>> {
        self.listing().map(|(_, locales)| locales)
    }

    /// The manifest's pointer and its `publishingInformation.locales`: found once for every rule
    /// that reads the listing.
    fn listing(&self) -> Option<(&'static str, &'a serde_json::Map<String, Value>)> {
        *self
            .shared
            .listing_locales
            .get_or_init(|| crate::facts::locale_map(self.kind, self.value, LISTING))
    }

    /// Every endpoint object of the document's manifest, with its pointer.
    pub(crate) fn manifest_endpoints(&self) -> &'a [(String, &'a Value)] {
        self.shared
            .endpoints
            .get_or_init(|| crate::facts::manifest_endpoints(self.kind, self.value))
    }

    /// What is wrong with an endpoint `uri` of the document (EP001), worked out once for the
    /// rules that read endpoints.
    pub(crate) fn endpoint_problem(&self, uri: &'a str) -> Option<crate::facts::EndpointProblem> {
        let known = self.shared.endpoint_problems.borrow();
        if let Some((_, problem)) = known.iter().find(|(seen, _)| std::ptr::eq(*seen, uri)) {
            return *problem;
        }
        drop(known);
        let problem = crate::facts::endpoint_problem(uri);
        self.shared
            .endpoint_problems
            .borrow_mut()
            .push((uri, problem));
        problem
    }

    /// The type of an endpoint `uri` of the document ([`crate::facts::endpoint_type_of`]).
    pub(crate) fn endpoint_type(&self, uri: &'a str) -> Option<crate::facts::EndpointType> {
        crate::facts::endpoint_type_of(uri, self.endpoint_problem(uri))
    }

    /// What the data rules' simple `given`s reach in the document, walked once for all of them.
    pub(crate) fn walks(&self) -> &'a crate::walk::Walks<'a> {
        &self.shared.walks
    }

    /// Report a finding at `pointer`; the returned builder adds label, help and so on.
    pub fn report(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            pointer: pointer.into(),
            message: message.into(),
            label: None,
            help: None,
            severity: None,
            requirement: None,
            on_key: false,
            secondary: Vec::new(),
            also_replaces: Vec::new(),
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

impl Finding {
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }

    /// Say what requires this finding's fact, when the rule declares otherwise.
    pub fn requirement(&mut self, requirement: Requirement) -> &mut Self {
        self.requirement = Some(requirement);
        self
    }

    pub fn on_key(&mut self) -> &mut Self {
        self.on_key = true;
        self
    }

    /// A secondary label at the value at another pointer ("first defined here").
    pub fn secondary(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.secondary.push((pointer.into(), message.into(), false));
        self
    }

    /// A secondary label at the key of another pointer (for an object or array value, whose range
    /// spans lines).
    pub fn secondary_key(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.secondary.push((pointer.into(), message.into(), true));
        self
    }

    /// A fix that `--fix` applies: the file then says what it meant, as SMAPI takes it.
    pub fn fix(&mut self, message: impl Into<String>, changes: Vec<Change>) -> &mut Self {
        self.fix = Some((message.into(), Applicability::Safe, changes));
        self
    }

    /// A fix that only `--unsafe-fixes` applies: it changes what the file says, or drops text.
    pub fn unsafe_fix(&mut self, message: impl Into<String>, changes: Vec<Change>) -> &mut Self {
        self.fix = Some((message.into(), Applicability::Unsafe, changes));
        self
    }

    pub fn replaces(&mut self, code: &'static str, pointer: impl Into<String>) -> &mut Self {
        self.also_replaces.push((code, pointer.into()));
        self
    }
}

/// Run every one of `rules` for `kind` and merge its findings with the schema's diagnostics. The
/// findings of a rule not `shown` (by the run's selection) only replace schema errors. `locator` places the
/// findings and their fixes in the file's text.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    rules: &[&'static dyn Rule],
    shown: &dyn Fn(&RuleMeta) -> bool,
    target: Target,
    kind: Kind,
    hint: Option<Kind>,
    value: &Value,
    package: &Package,
    locator: &Locator<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut replaced: Vec<(&'static str, String)> = Vec::new();
    let shared = Shared::default();
    for rule in rules.iter().filter(|r| r.meta().kinds.contains(&kind)) {
        let meta = rule.meta();
        let mut cx = Context::new(kind, hint, value, package, &shared);
        rule.check(&mut cx);
        // A rule that is not selected runs only to replace the schema errors it explains: its
        // findings are not shown, so they are not turned into diagnostics.
        let shown = shown(meta);
        for finding in cx.into_findings() {
            replaced.extend(
                meta.replaces
                    .iter()
                    .map(|code| (*code, finding.pointer.clone())),
            );
            replaced.extend(finding.also_replaces.iter().cloned());
            if shown {
                diagnostics.push(to_diagnostic(meta, finding, target, locator));
            }
        }
    }
    if !replaced.is_empty() {
        diagnostics.retain(|d| {
            !replaced
                .iter()
                .any(|(code, pointer)| d.code == *code && d.pointer == *pointer)
        });
    }
}

fn to_diagnostic(
    meta: &RuleMeta,
    finding: Finding,
    target: Target,
    locator: &Locator<'_>,
) -> Diagnostic {
    let spans = locator.spans;
    let range = |pointer: &str, on_key: bool| match spans.lookup(pointer) {
        Some(found) if found.exact && on_key => found
            .span
            .key
            .clone()
            .unwrap_or_else(|| found.span.value.clone()),
        Some(found) if found.exact => found.span.value.clone(),
        Some(found) => found
            .span
            .key
            .clone()
            .unwrap_or(found.span.value.start..found.span.value.start + 1),
        None => 0..0,
    };
    let mut d = Diagnostic::new(
        meta.as_code(),
        finding.message,
        finding.pointer.clone(),
        range(&finding.pointer, finding.on_key),
    );
    let requirement = finding.requirement.unwrap_or(meta.requirement);
    let severity = target.severity(requirement, finding.severity.unwrap_or(meta.severity));
    if severity != d.severity {
        d = d.with_severity(severity);
    }
    if let Some(label) = finding.label {
        d = d.with_label(label);
    }
    if let Some(help) = finding.help {
        d = d.with_help(help);
    }
    for (pointer, message, on_key) in finding.secondary {
        let r = range(&pointer, on_key);
        d = d.with_secondary(message, pointer, r);
    }
    if let Some((message, applicability, changes)) = finding.fix
        && let Some(edits) = locator.edits(&changes)
    {
        d = d.with_fix(Fix::new(message, applicability, edits));
    }
    d
}
