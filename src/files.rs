//! Which files to check: paths from the command line, directories walked.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
use walkdir::WalkDir;

use crate::check::Origin;
// Kept here too, where the rest of the program has always found it.
pub use crate::read::io_message;

/// Directories a walk never enters: dependencies, build output, version control.
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "bower_components",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".idea",
    ".vscode",
];

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub origin: Origin,
}

impl Input {
    /// The file's bytes. A file found by a walk is read only when it is a regular file; a file the
    /// walk listed may be gone by the time it is read (deleted while the run goes on).
    pub fn read(&self) -> Result<Vec<u8>, crate::read::Error> {
        let opening = match self.origin {
            Origin::Explicit | Origin::Claimed => crate::read::Opening::Named,
            Origin::Walked => crate::read::Opening::Found,
        };
        crate::read::file(&self.path, crate::read::DOCUMENT, opening)
    }
}

/// The disk, as the command line sees a checked file's related files: a related file is read only
/// when it is a regular file, within the document limit.
pub struct Disk;

impl crate::package::Provider for Disk {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let entries = std::fs::read_dir(dir).ok()?;
        Some(entries.filter_map(Result::ok).map(|e| e.path()).collect())
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        crate::read::file(path, crate::read::DOCUMENT, crate::read::Opening::Found)
            .map_err(|err| err.to_string())
    }
}

/// A path that could not be read or walked: reported, and the run exits with 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

/// Whether a directory walk leaves out the files git ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignores {
    /// `.ignore` files, and in a git repository its `.gitignore` files, `.git/info/exclude` and
    /// git's global excludes, as ripgrep reads them.
    Honoured,
    /// `--no-ignore`: every JSON file outside [`SKIPPED_DIRS`].
    Off,
}

/// Expand the command line's paths, lazily: files as given, directories walked for `*.json` files
/// (less what `ignores` leaves out). Sorted within each directory, so runs are deterministic.
/// Lazy, so checking can start while the walk goes on.
pub fn inputs(
    paths: &[PathBuf],
    ignores: Ignores,
) -> impl Iterator<Item = Result<Input, PathError>> + Send + '_ {
    paths.iter().flat_map(
        move |path| -> Box<dyn Iterator<Item = Result<Input, PathError>> + Send> {
            match std::fs::metadata(path) {
                Err(err) => Box::new(std::iter::once(Err(PathError {
                    path: display(path),
                    message: io_message(&err),
                }))),
                Ok(meta) if meta.is_dir() => Box::new(walk(path, ignores)),
                Ok(_) => Box::new(std::iter::once(Ok(Input {
                    path: path.clone(),
                    origin: Origin::Explicit,
                }))),
            }
        },
    )
}

fn walk(
    root: &Path,
    ignores: Ignores,
) -> impl Iterator<Item = Result<Input, PathError>> + Send + '_ {
    let mut ignored = (ignores == Ignores::Honoured).then(|| IgnoreFiles::new(root));
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| {
            if entry.file_type().is_dir() && entry.depth() > 0 && is_skipped_dir(entry.file_name())
            {
                return false;
            }
            ignored.as_mut().is_none_or(|ignored| ignored.keeps(entry))
        })
        .filter_map(move |entry| match entry {
            Ok(entry) if entry.file_type().is_file() && is_json(entry.path()) => Some(Ok(Input {
                path: entry.into_path(),
                origin: Origin::Walked,
            })),
            Ok(_) => None,
            Err(err) => {
                let broken_link = err.path().is_some_and(Path::is_symlink)
                    && err
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                // A dangling link to something that is not JSON (a tool's `.bin/` link, a build
                // output not built yet) is none of our business, like any other file that is not.
                if broken_link && !err.path().is_some_and(is_json) {
                    return None;
                }
                let path = err.path().map_or_else(|| display(root), display);
                let message = if err.loop_ancestor().is_some() {
                    "directory loop: a symbolic link points back to one of its parents".to_owned()
                } else if broken_link {
                    "broken symbolic link: what it points to does not exist".to_owned()
                } else if let Some(io) = err.io_error() {
                    io_message(io)
                } else {
                    err.to_string()
                };
                Some(Err(PathError { path, message }))
            }
        })
}

/// The ignore files that apply to one walk, read as it goes: those of the folders above the walk's
/// root (up to the repository's root), of the folders the walk is in, and the repository's and
/// git's own excludes. The `ignore` crate matches them as git does; walkdir walks.
struct IgnoreFiles {
    /// The walk's root as the walk gives it, and absolute.
    root: PathBuf,
    absolute_root: PathBuf,
    /// In a git repository: `.gitignore` files and git's excludes apply, not just `.ignore`.
    git: bool,
    /// The folders the walk is in (their depth, their ignore files), outermost first.
    open: Vec<(usize, Gitignore)>,
    /// What applies beneath them: the folders above the root (nearest first), then
    /// `.git/info/exclude`, then git's global excludes (`core.excludesFile`).
    outer: Vec<Gitignore>,
}

impl IgnoreFiles {
    fn new(root: &Path) -> Self {
        let absolute_root = normalized(root);
        let repository = repository_root(&absolute_root);
        let mut ignored = IgnoreFiles {
            root: root.to_path_buf(),
            absolute_root: absolute_root.clone(),
            git: repository.is_some(),
            open: Vec::new(),
            outer: Vec::new(),
        };
        if let Some(repository) = repository {
            let above = absolute_root
                .ancestors()
                .skip(1)
                .take_while(|folder| folder.starts_with(&repository));
            ignored.outer = above.map(|folder| ignored.folder(folder)).collect();
            let exclude = repository.join(".git/info/exclude");
            ignored
                .outer
                .push(read_ignore_files(&repository, &[&exclude]));
            // A global excludes file that cannot be read or parsed is left out, as git leaves it.
            ignored.outer.push(Gitignore::global().0);
        }
        ignored
    }

    /// The ignore files of one folder: `.ignore` over `.gitignore`, as ripgrep ranks them.
    fn folder(&self, folder: &Path) -> Gitignore {
        let ignore = folder.join(".ignore");
        if self.git {
            read_ignore_files(folder, &[&folder.join(".gitignore"), &ignore])
        } else {
            read_ignore_files(folder, &[&ignore])
        }
    }

    /// Whether the walk goes on with `entry` (a folder: into it).
    fn keeps(&mut self, entry: &walkdir::DirEntry) -> bool {
        let depth = entry.depth();
        while self.open.last().is_some_and(|(open, _)| *open >= depth) {
            self.open.pop();
        }
        let relative = entry
            .path()
            .strip_prefix(&self.root)
            .unwrap_or(entry.path());
        let path = self.absolute_root.join(relative);
        let is_dir = entry.file_type().is_dir();
        // The root was named: it is walked, whatever ignores it.
        if depth > 0 {
            let nearest_first = self.open.iter().rev().map(|(_, g)| g);
            for ignore in nearest_first.chain(&self.outer) {
                match ignore.matched(&path, is_dir) {
                    Match::Ignore(_) => return false,
                    Match::Whitelist(_) => break,
                    Match::None => {}
                }
            }
        }
        if is_dir {
            let ignore = self.folder(&path);
            self.open.push((depth, ignore));
        }
        true
    }
}

/// The patterns of `files` (later ones ranking higher), relative to `folder`. Each file is read
/// within [`crate::read::SETTINGS`]; one that is missing or cannot be read adds nothing, and a
/// pattern that is not a valid glob is passed over, as git passes it over.
fn read_ignore_files(folder: &Path, files: &[&Path]) -> Gitignore {
    let mut builder = GitignoreBuilder::new(folder);
    for file in files {
        let Ok(bytes) = crate::read::file(file, crate::read::SETTINGS, crate::read::Opening::Found)
        else {
            continue;
        };
        for line in String::from_utf8_lossy(&bytes).lines() {
            let _invalid_glob = builder.add_line(Some(file.to_path_buf()), line);
        }
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The current folder, read once: paths are made absolute for every checked file, and asking the
/// system each time would cost a call per file.
static CWD: LazyLock<Option<PathBuf>> = LazyLock::new(|| std::env::current_dir().ok());

/// `path` made absolute against the current folder, with `.` components left out. A path with
/// `..` in it has its folder resolved by the system (after a link, `..` is the parent of what the
/// link points to), so `../proj/e.json` from `proj/sub` is `proj/e.json`, not a folder called
/// `..`; any other path is made absolute without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let relative: PathBuf = path
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        match &*CWD {
            Some(cwd) => cwd.join(relative),
            None => relative,
        }
    };
    if !joined.components().any(|c| c == Component::ParentDir) {
        return joined;
    }
    let resolved = joined
        .parent()
        .and_then(|dir| std::fs::canonicalize(dir).ok())
        .zip(joined.file_name());
    if let Some((dir, name)) = resolved {
        return dir.join(name);
    }
    // A folder that does not exist: `..` can only be taken as written.
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    lexical
}

/// A path as the user would write it: relative paths as given, `./` dropped.
pub fn display(path: &Path) -> String {
    // A path found by asklint itself (a configuration) is absolute: show it from the current folder.
    let path = match &*CWD {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// What a segment of a URI path may hold unencoded: RFC 3986's unreserved characters.
const URI_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path as a URI path: its components joined with `/`, each percent-encoded from its bytes, so
/// that a name that is not UTF-8 round-trips, and on Unix a backslash, which is part of a name
/// there, is `%5C`.
pub fn uri_path(path: &Path) -> String {
    use std::path::Component;
    let (mut prefix, mut rooted, mut segments) = (String::new(), false, Vec::new());
    for component in path.components() {
        match component {
            // A Windows drive, `C:`.
            Component::Prefix(p) => {
                let drive = p.as_os_str().to_string_lossy();
                prefix = drive.trim_start_matches(r"\\?\").to_owned();
            }
            Component::RootDir => rooted = true,
            Component::CurDir => {}
            Component::ParentDir => segments.push("..".to_owned()),
            Component::Normal(name) => {
                segments.push(percent_encode(&name_bytes(name), URI_SEGMENT).to_string());
            }
        }
    }
    let root = if rooted { "/" } else { "" };
    format!("{prefix}{root}{}", segments.join("/"))
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().into()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    match name.to_string_lossy() {
        std::borrow::Cow::Borrowed(text) => text.as_bytes().into(),
        std::borrow::Cow::Owned(text) => text.into_bytes().into(),
    }
}

/// The `file://` URL of an absolute path.
pub fn file_url_of(absolute: &Path) -> String {
    let reference = uri_path(absolute);
    if reference.starts_with('/') {
        format!("file://{reference}")
    } else {
        // A Windows drive path, `C:/...`.
        format!("file:///{reference}")
    }
}

/// An absolute `file://` URL for a path, if it exists.
pub fn file_url(path: &Path) -> Option<String> {
    Some(file_url_of(&std::fs::canonicalize(path).ok()?))
}

/// `path` made absolute, with `..` taken away from the folder before it (without touching the
/// file system, so a link is not followed).
pub fn normalized(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in absolute(path).components() {
        match component {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            component => out.push(component),
        }
    }
    out
}

/// The repository `path` is in: the nearest folder from it upward that holds `.git`.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    normalized(path)
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_file_deleted_before_it_is_read_is_a_path_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("b.json"), "{}").unwrap();
        let listed: Vec<Input> = inputs(&[dir.path().to_path_buf()], Ignores::Honoured)
            .map(Result::unwrap)
            .collect();
        assert_eq!(listed.len(), 2);
        std::fs::remove_file(&listed[0].path).unwrap();
        let read = |input: &Input| input.read().map_err(|e| e.to_string());
        assert_eq!(read(&listed[0]).unwrap_err(), "no such file or directory");
        assert_eq!(read(&listed[1]).unwrap(), b"{}");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri_path(Path::new("my skill/skill.json")),
            "my%20skill/skill.json"
        );
        assert_eq!(uri_path(Path::new("a/ü.json")), "a/%C3%BC.json");
        assert_eq!(file_url_of(Path::new("/a b/c")), "file:///a%20b/c");
        assert_eq!(normalized(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
    }

    #[cfg(unix)]
    #[test]
    fn uris_keep_every_byte_of_a_unix_name() {
        use std::os::unix::ffi::OsStrExt;
        // A backslash is part of a name on Unix, and a name need not be UTF-8.
        let name = std::ffi::OsStr::from_bytes(b"dir/a\\b\xFF:%.json");
        assert_eq!(uri_path(Path::new(name)), "dir/a%5Cb%FF%3A%25.json");
    }
}
