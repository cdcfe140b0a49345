//! Cross-file context: the skill package a checked file belongs to.
//!
//! A `skill.json` and the interaction models beside it describe one skill, and some rules need both:
//! whether every published locale has a model, whether an example phrase names the model's invocation
//! name. Two layouts are known:
//!
//! - ASK CLI v2: `skill-package/skill.json` with `skill-package/interactionModels/custom/<locale>.json`;
//! - ASK CLI v1: `skill.json` at the project root with `models/<locale>.json`.
//!
//! A `skill.json` with `.ask/config` beside it is an ASK CLI v1 project's (the file holds v1's
//! deploy settings; v2 keeps its own in `ask-resources.json` and `.ask/ask-states.json`).
//!
//! Related files are read only when a rule asks for them, once per checked file, and read leniently
//! (comments and trailing commas are the related file's own diagnostics, not this one's). A file that
//! is not in a package (a payload, a manifest checked alone) simply has no related files. A related
//! file that cannot be read is remembered, and reported on the checked file (`READ002`).
//!
//! The package never touches the disk itself: it asks a [`Provider`], the disk for the command line
//! ([`crate::files::Disk`]: regular files only, within the document limit) and the open buffers over
//! the disk for the language server, whose manifest sees its models' unsaved text.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use crate::kind::{Kind, is_locale_like};

/// The model folders of a package, relative to the folder that holds `skill.json`.
const MODEL_DIRS: &[&str] = &["interactionModels/custom", "models"];

/// Where a checked file's related files come from.
pub trait Provider: Sync {
    /// Whether `path` is a file (for the language server, an open buffer is one).
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// The entries of the folder `dir`, or `None` when it cannot be listed.
    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>>;
    /// The bytes of a related file, or why it cannot be read.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;
}

/// No related files at all: for a document checked on its own.
pub struct NoFiles;

impl Provider for NoFiles {
    fn is_file(&self, _: &Path) -> bool {
        false
    }
    fn is_dir(&self, _: &Path) -> bool {
        false
    }
    fn list(&self, _: &Path) -> Option<Vec<PathBuf>> {
        None
    }
    fn read(&self, _: &Path) -> Result<Vec<u8>, String> {
        Err("no related files are read here".to_owned())
    }
}

/// The skill package around one checked file.
pub struct Package<'p> {
    /// Where the related files come from.
    provider: &'p dyn Provider,
    /// The `skill.json` of the package, when the checked file is a model.
    manifest_path: Option<PathBuf>,
    /// The model folder (as a path, and as named in the package), when the checked file is a manifest
    /// and the folder exists, or a model in a package.
    models_dir: Option<(PathBuf, &'static str)>,
    /// The locale of the checked model file, from its name, when it sits in a package with a
    /// `skill.json`.
    locale: Option<String>,
    /// The locale-like name of the checked model file (`en-UK` of `interactionModels/custom/en-UK.json`),
    /// when it sits in a model folder, with or without a `skill.json`.
    file_locale: Option<String>,
    /// The locale of the checked model file, from its name, in a package or not.
    model_locale: Option<String>,
    /// The checked `skill.json` is the root of an ASK CLI v1 project: `.ask/config` beside it.
    ask_cli_v1: bool,
    manifest: OnceLock<Option<Value>>,
    models: OnceLock<Vec<Model>>,
    /// Related files that could not be read: as named in the package, and why.
    unreadable: Mutex<Vec<(String, String)>>,
}

/// One interaction model of the package.
#[derive(Debug)]
pub struct Model {
    /// From the file name, e.g. `en-US`.
    pub locale: String,
    /// The file, as a user would name it relative to the package (`interactionModels/custom/en-US.json`).
    pub file: String,
    /// `None` when the file is not JSON at all, or cannot be read.
    pub value: Option<Value>,
}

impl std::fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("manifest_path", &self.manifest_path)
            .field("models_dir", &self.models_dir)
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

impl<'p> Package<'p> {
    /// A file that belongs to no package.
    pub fn none() -> Package<'static> {
        Package::new(&NoFiles)
    }

    fn new(provider: &'p dyn Provider) -> Package<'p> {
        Package {
            provider,
            manifest_path: None,
            models_dir: None,
            locale: None,
            file_locale: None,
            model_locale: None,
            ask_cli_v1: false,
            manifest: OnceLock::new(),
            models: OnceLock::new(),
            unreadable: Mutex::default(),
        }
    }

    /// The package around `path`, a file of `kind`, with its related files from `provider`. Asks
    /// only for a `skill.json` (does a model folder exist? is there a `.ask/config`?) and for a
    /// model named after a locale (does `skill.json` exist?).
    pub fn for_file(path: &Path, kind: Kind, provider: &'p dyn Provider) -> Package<'p> {
        let mut package = Package::new(provider);
        match kind {
            Kind::SkillManifest | Kind::SkillManifestV0
                if path.file_name().is_some_and(|n| n == "skill.json") =>
            {
                let dir = path.parent().unwrap_or(Path::new(""));
                // ASK CLI v2's `ask util upgrade-project` knows a v1 project by this file.
                package.ask_cli_v1 = provider.is_file(&dir.join(".ask").join("config"));
                package.models_dir = MODEL_DIRS
                    .iter()
                    .map(|d| (dir.join(d), *d))
                    .find(|(d, _)| provider.is_dir(d));
            }
            Kind::InteractionModel => {
                let Some(locale) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .filter(|s| is_locale_like(s))
                else {
                    return package;
                };
                package.model_locale = Some(locale.to_owned());
                let models_dir = path.parent().unwrap_or(Path::new(""));
                let package_dir = MODEL_DIRS.iter().find_map(|d| {
                    let depth = d.split('/').count();
                    let mut dir = models_dir;
                    for _ in 0..depth {
                        dir = dir.parent()?;
                    }
                    (dir.join(d) == models_dir).then_some((dir, *d))
                });
                if let Some((dir, folder)) = package_dir {
                    package.file_locale = Some(locale.to_owned());
                    let manifest = dir.join("skill.json");
                    if provider.is_file(&manifest) {
                        package.manifest_path = Some(manifest);
                        package.locale = Some(locale.to_owned());
                        // The checked model's siblings, for what is said once for the package.
                        package.models_dir = Some((models_dir.to_path_buf(), folder));
                    }
                }
            }
            _ => {}
        }
        package
    }

    /// Whether the checked `skill.json` belongs to an ASK CLI v1 project (a `.ask/config` beside
    /// it), whose `ask deploy` fills in the endpoints before the upload.
    pub fn is_ask_cli_v1(&self) -> bool {
        self.ask_cli_v1
    }

    /// The locale of the checked model, when it sits in a package with a `skill.json`.
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// The locale a checked model's file name gives it, when the file is in a model folder.
    pub fn file_locale(&self) -> Option<&str> {
        self.file_locale.as_deref()
    }

    /// The `manifest` (or v0 `skillManifest`) object of the package's `skill.json`, for a checked model.
    pub fn manifest(&self) -> Option<&Value> {
        self.manifest
            .get_or_init(|| {
                let value = self.read_json(self.manifest_path.as_deref()?, "skill.json")?;
                ["manifest", "skillManifest"]
                    .iter()
                    .find_map(|key| value.get(key).filter(|m| m.is_object()).cloned())
            })
            .as_ref()
    }

    /// The locale of the checked model, from its file name (`hi-IN.json`), whether or not it sits
    /// in a package.
    pub fn model_locale(&self) -> Option<&str> {
        self.model_locale.as_deref()
    }

    /// Whether the checked manifest (or model) has a model folder at all: without one, a manifest is
    /// being checked on its own and nothing can be said about its models.
    pub fn has_models(&self) -> bool {
        self.models_dir.is_some()
    }

    /// The file a model for `locale` would be, as named in the package.
    pub fn model_file(&self, locale: &str) -> String {
        let folder = self.models_dir.as_ref().map_or(MODEL_DIRS[0], |(_, f)| f);
        format!("{folder}/{locale}.json")
    }

    /// The interaction models of the checked file's package (the checked model among them), sorted
    /// by locale.
    pub fn models(&self) -> &[Model] {
        self.models.get_or_init(|| {
            let Some((dir, folder)) = &self.models_dir else {
                return Vec::new();
            };
            let Some(entries) = self.provider.list(dir) else {
                return Vec::new();
            };
            let mut models: Vec<Model> = entries
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .filter_map(|path| {
                    let locale = path.file_stem()?.to_str()?.to_owned();
                    let file = format!("{folder}/{locale}.json");
                    Some(Model {
                        value: self.read_json(&path, &file),
                        file,
                        locale,
                    })
                })
                .collect();
            models.sort_by(|a, b| a.locale.cmp(&b.locale));
            models
        })
    }

    /// The model for `locale`, if the package has one.
    pub fn model(&self, locale: &str) -> Option<&Model> {
        self.models().iter().find(|m| m.locale == locale)
    }

    /// The related files the rules asked for that could not be read: as named in the package,
    /// and why.
    pub fn unreadable(self) -> Vec<(String, String)> {
        self.unreadable
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// A related file's value; `file` is its name in the package, for the report when it cannot
    /// be read.
    fn read_json(&self, path: &Path, file: &str) -> Option<Value> {
        match self.provider.read(path) {
            Ok(bytes) => crate::parse::parse(&bytes).value,
            Err(why) => {
                self.unreadable
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((file.to_owned(), why));
                None
            }
        }
    }
}
