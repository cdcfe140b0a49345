//! `asklint.toml`: which rules run and how loudly, which files are checked, and where findings are
//! suppressed.
//!
//! A file's configuration is the nearest `asklint.toml` found from its folder upward, stopping at
//! the repository root (the folder with `.git`); `--config PATH` names one for every file and
//! `--isolated` uses none. Globs and folders in a configuration are relative to its own folder.
//!
//! A configuration is checked like any document: TOML syntax with the parser's position, then its
//! own schema (`schemas/config.schema.json`) with the schema diagnostics, then the meaning of each
//! value (a code that does not exist, a glob that does not compile). A broken configuration is
//! reported as a file with diagnostics, and the files it governs are not checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value;
use toml::de::{DeTable, DeValue};

use crate::check::{CheckOptions, Checked, FileReport, Origin, check_document};
use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::files::PathError;
use crate::kind::Kind;
use crate::read::Opening;
use crate::rule::Rule;
use crate::selection::{Selection, check_selector};
use crate::source::SourceText;
use crate::span_index::{NodeSpan, SpanIndex, child};
use crate::target::Target;

pub const FILE_NAME: &str = "asklint.toml";

/// What `asklint init` writes: every key of the schema, commented out, with an example and a
/// one-line comment each.
pub const STARTER: &str = include_str!("starter-config.toml");

/// Read every `*.toml` file of a directory as data rules ([`crate::data_rule`]). Errors name the
/// file and the problem.
pub fn load_rule_dir(dir: &Path) -> Result<Vec<&'static crate::data_rule::DataRule>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {}", dir.display(), crate::files::io_message(&e)))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            // Found by listing the folder: read only if it is a regular file.
            let text = crate::read::file(path, crate::read::SETTINGS, crate::read::Opening::Found)
                .map_err(|e| e.to_string())
                .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned()))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            // The rule's own file is its documentation.
            crate::data_rule::load(
                &path.display().to_string(),
                &text,
                crate::files::file_url(path),
            )
        })
        .collect()
}

/// The configuration file as written (after its schema has passed).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: serde_json::Map<String, Value>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules_dirs: Vec<String>,
    #[serde(default)]
    kinds: Vec<RawKind>,
    #[serde(default)]
    options: serde_json::Map<String, Value>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    inline_suppressions: bool,
    target: Option<Target>,
}

#[derive(Debug, Deserialize)]
struct RawKind {
    glob: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: serde_json::Map<String, Value>,
    reason: Option<String>,
}

/// What the command line adds to every configuration.
#[derive(Clone, Default)]
pub struct Cli {
    /// `--select`: replaces the configuration's `select` when given.
    pub select: Vec<String>,
    /// `--ignore`: added to the configuration's `ignore`.
    pub ignore: Vec<String>,
    /// `--rules-dir`: added to the configuration's `rules-dirs`.
    pub rules: Vec<&'static dyn Rule>,
    /// `--target`: replaces the configuration's `target` when given.
    pub target: Option<Target>,
}

/// A loaded, checked configuration.
pub struct Config {
    /// The file, as reported.
    pub path: String,
    /// The folder its globs are relative to (absolute).
    dir: PathBuf,
    source: SourceText,
    spans: SpanIndex,
    parts: Parts,
}

/// One `[[overrides]]` entry.
struct Override {
    /// Where it is in the configuration, for reports (`asklint.toml:12`).
    origin: String,
    pointer: String,
    targets: Vec<(GlobSet, Option<String>)>,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
    reason: Option<String>,
    /// Files it applied to in this run, and findings it hid.
    matched: AtomicUsize,
    hidden: AtomicUsize,
}

/// A configuration that could not be used.
pub enum ConfigError {
    Unreadable(PathError),
    Invalid(Box<FileReport>),
}

impl Config {
    /// Read and check the configuration at `path` (`--config` names it; otherwise it was found,
    /// and is read only if it is a regular file).
    pub fn load(path: &Path, opening: Opening, cli: &Cli) -> Result<Config, ConfigError> {
        let display = crate::files::display(path);
        let bytes = crate::read::file(path, crate::read::SETTINGS, opening).map_err(|e| {
            ConfigError::Unreadable(PathError {
                path: display.clone(),
                message: e.to_string(),
            })
        })?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let source = SourceText::new(text);
        let dir = crate::files::absolute(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut loader = Loader {
            diagnostics: Vec::new(),
            spans: SpanIndex::default(),
        };
        let parsed = match DeTable::parse(source.text()) {
            Ok(table) => table,
            Err(error) => {
                let range = error.span().map_or(0..0, |r| {
                    source.floor_char_boundary(r.start)..source.floor_char_boundary(r.end)
                });
                let message = error.message().trim().to_owned();
                loader.diagnostics.push(
                    Diagnostic::new(
                        codes::INVALID_CONFIG,
                        format!("not valid TOML: {message}"),
                        "",
                        range,
                    )
                    .with_label("here"),
                );
                return Err(loader.fail(display, source));
            }
        };
        let mut spans = Vec::new();
        let value = table_to_json(parsed.get_ref(), &mut String::new(), &mut spans);
        spans.push((
            String::new(),
            NodeSpan {
                value: parsed.span(),
                key: None,
            },
        ));
        loader.spans = SpanIndex::from_spans(spans);
        loader.diagnostics.extend(crate::schema::check_against(
            "config.schema.json",
            &value,
            &loader.spans,
        ));
        if !loader.diagnostics.is_empty() {
            return Err(loader.fail(display, source));
        }
        let raw: Raw = match serde_json::from_value(value) {
            Ok(raw) => raw,
            Err(e) => {
                loader.error("", format!("cannot read the configuration: {e}"));
                return Err(loader.fail(display, source));
            }
        };
        let config = loader.compile(raw, &dir, &display, &source, cli);
        match config {
            Some(parts) if loader.diagnostics.is_empty() => {
                let Loader { spans, .. } = loader;
                Ok(Config {
                    path: display,
                    dir,
                    source,
                    spans,
                    parts,
                })
            }
            _ => Err(loader.fail(display, source)),
        }
    }

    /// The options every file under this configuration is checked with.
    pub fn options(&self) -> &CheckOptions {
        &self.parts.options
    }

    /// `path` relative to the configuration's folder, with `/` separators, if it is under it.
    fn relative(&self, path: &Path) -> Option<String> {
        let absolute = crate::files::absolute(path);
        let relative = absolute.strip_prefix(&self.dir).ok()?;
        Some(relative.to_string_lossy().replace('\\', "/"))
    }

    /// Why the file is left out, if it is: `exclude`, or not in `include`.
    pub fn excluded(&self, path: &Path) -> Option<String> {
        let relative = self.relative(path)?;
        if self.parts.exclude.is_match(&relative) {
            return Some(format!("{} excludes it", self.path));
        }
        let include = self.parts.include.as_ref()?;
        (!include.is_match(&relative))
            .then(|| format!("it is not in the `include` of {}", self.path))
    }

    /// Whether the configuration's `include` names the file: it is then one of ours, whatever
    /// its shape.
    pub fn includes(&self, path: &Path) -> bool {
        let Some(include) = &self.parts.include else {
            return false;
        };
        self.relative(path).is_some_and(|r| include.is_match(&r))
    }

    /// The kind `[[kinds]]` gives the file, if a glob matches it.
    pub fn kind_for(&self, path: &Path) -> Option<Kind> {
        let relative = self.relative(path)?;
        self.parts
            .kinds
            .iter()
            .find(|(glob, _)| glob.is_match(&relative))
            .map(|(_, kind)| *kind)
    }

    /// Apply `[severity]` and the matching `[[overrides]]` to a file's findings: change severities,
    /// mark what is hidden.
    pub fn apply(&self, path: &Path, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics.iter_mut() {
            if let Some(level) = level_for(&self.parts.severity, d) {
                d.severity = level.unwrap_or(d.severity);
                if level.is_none() {
                    d.suppressed = Some(format!("{} (severity off)", self.path));
                }
            }
        }
        let Some(relative) = self.relative(path) else {
            return;
        };
        for o in &self.parts.overrides {
            let pointers: Vec<Option<&str>> = o
                .targets
                .iter()
                .filter(|(glob, _)| glob.is_match(&relative))
                .map(|(_, pointer)| pointer.as_deref())
                .collect();
            if pointers.is_empty() {
                continue;
            }
            o.matched.fetch_add(1, Ordering::Relaxed);
            for d in diagnostics.iter_mut() {
                let under = pointers.iter().any(|p| match p {
                    None => true,
                    Some(p) => d.pointer == *p || d.pointer.starts_with(&format!("{p}/")),
                });
                if !under || d.suppressed.is_some() {
                    continue;
                }
                if o.ignore
                    .iter()
                    .any(|s| crate::selection::matches(s, d.code, d.name))
                {
                    o.hidden.fetch_add(1, Ordering::Relaxed);
                    d.suppressed = Some(match &o.reason {
                        Some(reason) => format!("{}: {reason}", o.origin),
                        None => o.origin.clone(),
                    });
                } else if let Some(level) = level_for(&o.severity, d) {
                    match level {
                        Some(level) => d.severity = level,
                        None => {
                            o.hidden.fetch_add(1, Ordering::Relaxed);
                            d.suppressed = Some(o.origin.clone());
                        }
                    }
                }
            }
        }
    }

    /// The overrides that applied to files of this run but hid nothing: suppressions that no longer
    /// match anything, as a report on the configuration file.
    pub fn unused(&self) -> Option<FileReport> {
        let diagnostics: Vec<Diagnostic> = self
            .parts
            .overrides
            .iter()
            .filter(|o| !o.ignore.is_empty())
            .filter(|o| {
                o.matched.load(Ordering::Relaxed) > 0 && o.hidden.load(Ordering::Relaxed) == 0
            })
            .map(|o| {
                let range = self
                    .spans
                    .get(&o.pointer)
                    .map_or(0..0, |s| s.value.clone());
                Diagnostic::new(
                    codes::UNUSED_SUPPRESSION,
                    format!(
                        "this override hides {} but nothing it hides was found in the files it matched",
                        o.ignore.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                    &o.pointer,
                    range,
                )
                .with_label("suppresses nothing")
                .with_help("the findings were fixed: remove the override (or the codes it no longer needs)")
            })
            .collect();
        (!diagnostics.is_empty()).then(|| FileReport {
            path: self.path.clone(),
            kind: None,
            source: self.source.clone(),
            diagnostics,
        })
    }
}

/// The level `[severity]` sets for a finding: `Some(Some(level))`, `Some(None)` for `off`, `None`
/// when no selector matches. The most specific selector (the longest) wins.
fn level_for(levels: &[(String, Option<Severity>)], d: &Diagnostic) -> Option<Option<Severity>> {
    levels
        .iter()
        .filter(|(selector, _)| crate::selection::matches(selector, d.code, d.name))
        .max_by_key(|(selector, _)| selector.len())
        .map(|(_, level)| *level)
}

/// What a configuration compiles to: what the files under it are checked with.
struct Parts {
    include: Option<GlobSet>,
    exclude: GlobSet,
    kinds: Vec<(GlobSet, Kind)>,
    severity: Vec<(String, Option<Severity>)>,
    overrides: Vec<Override>,
    options: CheckOptions,
}

/// Collects a configuration's diagnostics while it is read.
struct Loader {
    diagnostics: Vec<Diagnostic>,
    spans: SpanIndex,
}

impl Loader {
    fn error(&mut self, pointer: &str, message: String) {
        let range = self
            .spans
            .lookup(pointer)
            .map_or(0..0, |found| found.span.value.clone());
        self.diagnostics.push(Diagnostic::new(
            codes::INVALID_CONFIG,
            message,
            pointer,
            range,
        ));
    }

    fn fail(self, path: String, source: SourceText) -> ConfigError {
        let mut diagnostics = self.diagnostics;
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
        ConfigError::Invalid(Box::new(FileReport {
            path,
            kind: None,
            source,
            diagnostics,
        }))
    }

    /// A path pattern, relative to the configuration's folder. Written as people write paths: a
    /// leading `./` is dropped, and a folder means everything under it (`sub/proj` and
    /// `sub/proj/` match `sub/proj/e.json`), as in `.gitignore`. A pattern that could never match
    /// (absolute, or reaching outside the folder) is an error, not a silent no-op.
    fn pattern(&mut self, pointer: &str, pattern: &str) -> Option<[Glob; 2]> {
        let mut relative = pattern;
        while let Some(rest) = relative.strip_prefix("./") {
            relative = rest.trim_start_matches('/');
        }
        if relative.starts_with('/') || relative == ".." || relative.starts_with("../") {
            self.error(
                pointer,
                format!(
                    "`{pattern}` can never match: paths here are relative to the configuration's folder, and only files under it are governed by it"
                ),
            );
            return None;
        }
        let relative = relative.trim_end_matches('/');
        // `.` (or `./`): the folder itself, so everything in it.
        let relative = if relative.is_empty() || relative == "." {
            "**"
        } else {
            relative
        };
        let build = |p: &str| GlobBuilder::new(p).literal_separator(true).build();
        match (build(relative), build(&format!("{relative}/**"))) {
            (Ok(glob), Ok(under)) => Some([glob, under]),
            (Err(e), _) | (_, Err(e)) => {
                self.error(pointer, format!("`{pattern}` is not a glob: {}", e.kind()));
                None
            }
        }
    }

    /// One path pattern, compiled.
    fn glob(&mut self, pointer: &str, pattern: &str) -> Option<GlobSet> {
        let mut builder = GlobSetBuilder::new();
        for glob in self.pattern(pointer, pattern)? {
            builder.add(glob);
        }
        builder.build().ok()
    }

    /// Path patterns of which any may match, compiled as one.
    fn globs(&mut self, pointer: &str, patterns: &[String]) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            for glob in self
                .pattern(&format!("{pointer}/{i}"), pattern)
                .into_iter()
                .flatten()
            {
                builder.add(glob);
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn selectors(&mut self, pointer: &str, selectors: &[String], rules: &[&'static dyn Rule]) {
        for (i, selector) in selectors.iter().enumerate() {
            if let Err(message) = check_selector(selector, rules) {
                self.error(&format!("{pointer}/{i}"), message);
            }
        }
    }

    fn levels(
        &mut self,
        pointer: &str,
        levels: &serde_json::Map<String, Value>,
        rules: &[&'static dyn Rule],
    ) -> Vec<(String, Option<Severity>)> {
        levels
            .iter()
            .filter_map(|(selector, level)| {
                let at = child(pointer, selector);
                if let Err(message) = check_selector(selector, rules) {
                    self.error(&at, message);
                    return None;
                }
                let level = match level.as_str()? {
                    "off" => None,
                    other => Some(serde_json::from_value(Value::String(other.to_owned())).ok()?),
                };
                Some((selector.clone(), level))
            })
            .collect()
    }

    fn compile(
        &mut self,
        raw: Raw,
        dir: &Path,
        display: &str,
        source: &SourceText,
        cli: &Cli,
    ) -> Option<Parts> {
        // The rules: built-in, the configuration's folders, the command line's; then options.
        let mut rules: Vec<&'static dyn Rule> = crate::rules::all().to_vec();
        for (i, folder) in raw.rules_dirs.iter().enumerate() {
            match load_rule_dir(&dir.join(folder)) {
                Ok(loaded) => rules.extend(loaded.into_iter().map(|r| r as &'static dyn Rule)),
                Err(message) => self.error(&format!("/rules-dirs/{i}"), message),
            }
        }
        rules.extend(cli.rules.iter().copied());
        for (name, options) in &raw.options {
            let at = child("/options", name);
            let Some(index) = rules.iter().position(|r| r.meta().name == name.as_str()) else {
                self.error(&at, format!("there is no rule named `{name}`"));
                continue;
            };
            match rules[index].with_options(options) {
                Some(Ok(rule)) => rules[index] = rule,
                Some(Err(message)) => self.error(&at, message),
                None => self.error(&at, format!("`{name}` takes no options")),
            }
        }
        self.selectors("/select", &raw.select, &rules);
        self.selectors("/ignore", &raw.ignore, &rules);
        let severity = self.levels("/severity", &raw.severity, &rules);
        let include = (!raw.include.is_empty()).then(|| self.globs("/include", &raw.include));
        let exclude = self.globs("/exclude", &raw.exclude);
        let mut kinds = Vec::new();
        for (i, entry) in raw.kinds.iter().enumerate() {
            let glob = self.glob(&format!("/kinds/{i}/glob"), &entry.glob);
            if let (Some(glob), Ok(kind)) = (glob, entry.kind.parse::<Kind>()) {
                kinds.push((glob, kind));
            }
        }
        let mut overrides = Vec::new();
        for (i, o) in raw.overrides.iter().enumerate() {
            let pointer = format!("/overrides/{i}");
            let mut targets = Vec::new();
            for (j, path) in o.paths.iter().enumerate() {
                let (pattern, json_pointer) = match path.split_once('#') {
                    Some((pattern, p)) => (pattern, Some(p.to_owned())),
                    None => (path.as_str(), None),
                };
                if json_pointer
                    .as_deref()
                    .is_some_and(|p| !p.is_empty() && !p.starts_with('/'))
                {
                    self.error(
                        &format!("{pointer}/paths/{j}"),
                        format!("`{path}`: after `#` comes a JSON Pointer, which starts with `/`"),
                    );
                    continue;
                }
                if let Some(glob) = self.glob(&format!("{pointer}/paths/{j}"), pattern) {
                    targets.push((glob, json_pointer.filter(|p| !p.is_empty())));
                }
            }
            self.selectors(&format!("{pointer}/ignore"), &o.ignore, &rules);
            let severity = self.levels(&format!("{pointer}/severity"), &o.severity, &rules);
            let line = self
                .spans
                .get(&pointer)
                .map_or(1, |s| source.position(s.value.start).line);
            overrides.push(Override {
                origin: format!("{display}:{line}"),
                pointer,
                targets,
                ignore: o.ignore.clone(),
                severity,
                reason: o.reason.clone(),
                matched: AtomicUsize::new(0),
                hidden: AtomicUsize::new(0),
            });
        }
        if !self.diagnostics.is_empty() {
            return None;
        }
        let select = if cli.select.is_empty() {
            raw.select
        } else {
            cli.select.clone()
        };
        let ignore = raw
            .ignore
            .into_iter()
            .chain(cli.ignore.iter().cloned())
            .collect();
        let selection = Selection::new(select, ignore, &rules).ok()?;
        rules.retain(|r| selection.keeps(r.meta()));
        Some(Parts {
            include,
            exclude,
            kinds,
            severity,
            overrides,
            options: CheckOptions {
                rules,
                selection,
                inline_suppressions: raw.inline_suppressions,
                target: cli.target.or(raw.target).unwrap_or_default(),
            },
        })
    }
}

/// A TOML table as JSON, recording every value's (and key's) span by JSON Pointer.
fn table_to_json(
    table: &DeTable<'_>,
    pointer: &mut String,
    spans: &mut Vec<(String, NodeSpan)>,
) -> Value {
    let mut object = serde_json::Map::new();
    for (key, value) in table.iter() {
        let len = pointer.len();
        pointer.push('/');
        crate::span_index::push_escaped(pointer, key.get_ref());
        spans.push((
            pointer.clone(),
            NodeSpan {
                value: value.span(),
                key: Some(key.span()),
            },
        ));
        object.insert(
            key.get_ref().to_string(),
            to_json(value.get_ref(), pointer, spans),
        );
        pointer.truncate(len);
    }
    Value::Object(object)
}

fn to_json(
    value: &DeValue<'_>,
    pointer: &mut String,
    spans: &mut Vec<(String, NodeSpan)>,
) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map(Value::from)
            .unwrap_or(Value::Null),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    spans.push((
                        pointer.clone(),
                        NodeSpan {
                            value: item.span(),
                            key: None,
                        },
                    ));
                    let json = to_json(item.get_ref(), pointer, spans);
                    pointer.truncate(len);
                    json
                })
                .collect(),
        ),
        DeValue::Table(table) => table_to_json(table, pointer, spans),
    }
}

/// Finds the configuration of each file, reading each `asklint.toml` once.
pub struct Resolver {
    mode: Mode,
    cli: Cli,
    /// By folder: the configuration file that governs it (`None`: none).
    cache: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// By configuration file: the loaded ones, and those that failed (reported once).
    loaded: Mutex<HashMap<PathBuf, Result<Arc<Config>, ()>>>,
    failures: Mutex<Vec<ConfigError>>,
    /// The options of files that no configuration governs.
    default: OnceLock<CheckOptions>,
    /// The targets files were checked under.
    targets: Mutex<Vec<Target>>,
}

enum Mode {
    Discover,
    Fixed(PathBuf),
    Isolated,
}

/// What the run's configurations leave to report.
pub struct Finished {
    /// Configurations that could not be used (their files were not checked).
    pub broken: Vec<ConfigError>,
    /// Reports of overrides that hid nothing.
    pub unused: Vec<FileReport>,
    /// Every rule any file was checked with: what the codes of the run mean.
    pub rules: Vec<&'static dyn Rule>,
    /// The target of the run: the one every file was checked under (the command line's, or the
    /// default, when no file was); `None` when configurations gave files different targets.
    pub target: Option<Target>,
}

/// Which configuration governs a file.
pub enum Governed {
    By(Arc<Config>),
    Nothing,
    /// Its configuration is broken: the file is not checked.
    Broken,
}

impl Resolver {
    pub fn new(config: Option<PathBuf>, isolated: bool, cli: Cli) -> Resolver {
        let mode = match (config, isolated) {
            (_, true) => Mode::Isolated,
            (Some(path), false) => Mode::Fixed(path),
            (None, false) => Mode::Discover,
        };
        Resolver {
            mode,
            cli,
            cache: Mutex::default(),
            loaded: Mutex::default(),
            failures: Mutex::default(),
            default: OnceLock::new(),
            targets: Mutex::default(),
        }
    }

    /// The options for files no configuration governs: the built-in rules and the command line.
    pub fn default_options(&self) -> Result<&CheckOptions, String> {
        if let Some(options) = self.default.get() {
            return Ok(options);
        }
        let mut rules: Vec<&'static dyn Rule> = crate::rules::all().to_vec();
        rules.extend(self.cli.rules.iter().copied());
        let selection = Selection::new(self.cli.select.clone(), self.cli.ignore.clone(), &rules)?;
        rules.retain(|r| selection.keeps(r.meta()));
        Ok(self.default.get_or_init(|| CheckOptions {
            rules,
            selection,
            inline_suppressions: false,
            target: self.cli.target.unwrap_or_default(),
        }))
    }

    /// Check one file with `config` (the one that governs it, if any): its options, its `[[kinds]]`
    /// and its overrides. `None` when a walked file is not one of ours, or the default options
    /// are unusable (reported once, before any file). Its related files come from the disk. The
    /// document's value comes back beside the report, for a caller that uses it;
    /// [`Checked::report`] alone is what `check` prints.
    pub fn check(
        &self,
        config: Option<&Config>,
        path: &Path,
        display: &str,
        bytes: &[u8],
        kind: Option<Kind>,
        origin: Origin,
    ) -> Option<Checked> {
        let options = match config {
            Some(config) => config.options(),
            None => self.default_options().ok()?,
        };
        let kind = kind.or_else(|| config.and_then(|c| c.kind_for(path)));
        // A named file is ours whatever its shape when its configuration's `include` names it, or
        // its path does from the root (`skill.json` named from inside `skill-package/`).
        let claimed = |path: &Path| {
            config.is_some_and(|c| c.includes(path))
                || crate::kind::claimed_by_path(&crate::files::absolute(path))
        };
        let origin = match origin {
            Origin::Explicit if claimed(path) => Origin::Claimed,
            origin => origin,
        };
        let mut checked = check_document(
            display,
            path,
            bytes,
            options,
            kind,
            origin,
            &crate::files::Disk,
        )?;
        {
            let mut targets = self.targets.lock().unwrap_or_else(|p| p.into_inner());
            if !targets.contains(&options.target) {
                targets.push(options.target);
            }
        }
        if let Some(config) = config {
            config.apply(path, &mut checked.report.diagnostics);
        }
        Some(checked)
    }

    /// The report of a file too large to read (`READ001`), under its configuration like any finding:
    /// its selection, severities and overrides apply. `None` when the default options are
    /// unusable (reported once, before any file).
    pub fn unread(
        &self,
        config: Option<&Config>,
        path: &Path,
        display: &str,
        diagnostic: Diagnostic,
    ) -> Option<FileReport> {
        let options = match config {
            Some(config) => config.options(),
            None => self.default_options().ok()?,
        };
        let mut diagnostics = vec![diagnostic];
        diagnostics.retain(|d| options.selection.enabled(d.code, d.name));
        if let Some(config) = config {
            config.apply(path, &mut diagnostics);
        }
        Some(FileReport {
            path: display.to_owned(),
            kind: None,
            source: SourceText::new(""),
            diagnostics,
        })
    }

    /// The configuration that governs `path`.
    pub fn governing(&self, path: &Path) -> Governed {
        let file = match &self.mode {
            Mode::Isolated => return Governed::Nothing,
            Mode::Fixed(file) => Some(file.clone()),
            Mode::Discover => {
                let start = crate::files::absolute(path).parent().map(Path::to_path_buf);
                start.and_then(|dir| self.discover(&dir))
            }
        };
        match file {
            None => Governed::Nothing,
            Some(file) => match self.load(&file) {
                Ok(config) => Governed::By(config),
                Err(()) => Governed::Broken,
            },
        }
    }

    /// The nearest `asklint.toml` from `dir` upward, stopping at the repository root.
    fn discover(&self, dir: &Path) -> Option<PathBuf> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut visited = Vec::new();
        let mut current = Some(dir);
        let found = loop {
            let Some(folder) = current else {
                break None;
            };
            if let Some(known) = cache.get(folder) {
                break known.clone();
            }
            visited.push(folder.to_path_buf());
            let candidate = folder.join(FILE_NAME);
            if candidate.is_file() {
                break Some(candidate);
            }
            if folder.join(".git").exists() {
                break None;
            }
            current = folder.parent();
        };
        for folder in visited {
            cache.insert(folder, found.clone());
        }
        found
    }

    fn load(&self, file: &Path) -> Result<Arc<Config>, ()> {
        let key = crate::files::absolute(file);
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(result) = loaded.get(&key) {
            return result.clone();
        }
        let opening = match self.mode {
            Mode::Fixed(_) => Opening::Named,
            _ => Opening::Found,
        };
        let result = match Config::load(file, opening, &self.cli) {
            Ok(config) => Ok(Arc::new(config)),
            Err(error) => {
                self.failures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(error);
                Err(())
            }
        };
        loaded.insert(key, result.clone());
        result
    }

    /// What the run's configurations leave to report.
    pub fn finish(self) -> Finished {
        let configs: Vec<Arc<Config>> = self
            .loaded
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_values()
            .filter_map(Result::ok)
            .collect();
        let mut rules: Vec<&'static dyn Rule> = self
            .default
            .get()
            .map(|o| o.rules.clone())
            .unwrap_or_default();
        for config in &configs {
            for rule in &config.parts.options.rules {
                if !rules.iter().any(|r| r.meta().code == rule.meta().code) {
                    rules.push(*rule);
                }
            }
        }
        let targets = self.targets.into_inner().unwrap_or_else(|p| p.into_inner());
        let target = match targets.as_slice() {
            [] => Some(self.cli.target.unwrap_or_default()),
            [one] => Some(*one),
            _ => None,
        };
        Finished {
            target,
            broken: self
                .failures
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
            unused: configs.iter().filter_map(|c| c.unused()).collect(),
            rules,
        }
    }
}
