//! Which files to check: paths from the command line, directories walked.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
use walkdir::WalkDir;

use crate::check::Origin;

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

/// A path that could not be read or walked: reported, and the run exits with 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

/// Expand the command line's paths, lazily: files as given, directories walked for `*.json` files.
/// Sorted within each directory, so runs are deterministic. Lazy, so checking can start while the
/// walk goes on.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input, PathError>> + Send + '_ {
    paths.iter().flat_map(
        |path| -> Box<dyn Iterator<Item = Result<Input, PathError>> + Send> {
            match std::fs::metadata(path) {
                Err(err) => Box::new(std::iter::once(Err(PathError {
                    path: display(path),
                    message: io_message(&err),
                }))),
                Ok(meta) if meta.is_dir() => Box::new(walk(path)),
                Ok(_) => Box::new(std::iter::once(Ok(Input {
                    path: path.clone(),
                    origin: Origin::Explicit,
                }))),
            }
        },
    )
}

fn walk(root: &Path) -> impl Iterator<Item = Result<Input, PathError>> + Send + '_ {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            !(entry.file_type().is_dir() && entry.depth() > 0 && is_skipped_dir(entry.file_name()))
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

fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Read a file to check. A file the walk listed may be gone by the time it is read (deleted while
/// the run goes on): that is a path error like any other, reported under its path.
pub fn read(path: &Path) -> Result<Vec<u8>, PathError> {
    std::fs::read(path).map_err(|err| PathError {
        path: display(path),
        message: if err.kind() == std::io::ErrorKind::IsADirectory {
            "is a directory".to_owned()
        } else {
            io_message(&err)
        },
    })
}

/// The current folder, read once: paths are made absolute for every checked file, and asking the
/// system each time would cost a call per file.
static CWD: LazyLock<Option<PathBuf>> = LazyLock::new(|| std::env::current_dir().ok());

/// `path` made absolute against the current folder (without touching the file system), with `.`
/// components left out.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let relative: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    match &*CWD {
        Some(cwd) => cwd.join(relative),
        None => relative,
    }
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

/// An I/O error in words, without Rust's `(os error N)` suffix.
pub fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = err.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_owned()
        }
    }
}

/// Write a file whole or not at all: into a temporary file beside it, then renamed over it. An
/// interrupted run leaves the old file, never half a new one.
pub fn write_atomically(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_whole(file, Mode::Replace, write)
}

/// [`write_atomically`], for a file only its owner may read (a cached token): it is created
/// with mode 0600 and is never readable by others, not even while it is written.
pub fn write_secret_atomically(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_whole(file, Mode::Secret, write)
}

/// [`write_atomically`], but never over an existing file: that fails with `AlreadyExists`, decided
/// by the rename itself (no window between a check and the write).
pub fn write_new_atomically(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_whole(file, Mode::New, write)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Replace,
    New,
    Secret,
}

/// The temporary file a write is filling, if any: an interrupted run removes it.
static WRITING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn writing() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    WRITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Marks the temporary file as being written while it lives.
struct Writing;

impl Writing {
    /// Create the temporary file in `dir`, known to the signal handler from its first moment.
    fn create(
        builder: &tempfile::Builder,
        dir: &Path,
    ) -> std::io::Result<(tempfile::NamedTempFile, Writing)> {
        remove_temporary_file_on_signals();
        // A signal waits until the file is created and recorded.
        let mut slot = writing();
        let temp = builder.tempfile_in(dir)?;
        *slot = Some(temp.path().to_path_buf());
        Ok((temp, Writing))
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        *writing() = None;
    }
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP: remove the temporary file being written, then die of the
/// signal as if no handler were there, so the shell sees it (exit status 130 for Ctrl-C). Without
/// this, a run interrupted while writing left its temporary file beside the output.
#[cfg(unix)]
fn remove_temporary_file_on_signals() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // A signal the run was started to ignore (SIGINT in a script's background job, SIGHUP
        // under nohup) stays ignored: a handler would make it end the run.
        let caught = [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter(|&s| !is_ignored(s));
        // If it cannot be installed, an interruption only leaves a temporary file, as before.
        let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Waits for a rename in progress: then there is nothing left to remove.
                if let Some(temp) = writing().take() {
                    let _ = std::fs::remove_file(temp);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Whether `signal` is set to be ignored.
#[cfg(unix)]
fn is_ignored(signal: libc::c_int) -> bool {
    // SAFETY: with no new action, sigaction only writes the current one into `current`, a plain
    // C struct for which all zeroes is a valid value.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}

#[cfg(not(unix))]
fn remove_temporary_file_on_signals() {}

fn write_whole(
    file: &Path,
    mode: Mode,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    if mode != Mode::Secret {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets what any new file gets (0666 less the umask), not a temporary file's 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let (mut temp, _writing) = Writing::create(&builder, dir)?;
    // A replaced file keeps its permissions.
    if let (Ok(meta), true) = (std::fs::metadata(file), mode == Mode::Replace) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    {
        let mut out = std::io::BufWriter::new(&mut temp);
        write(&mut out)?;
        out.flush()?;
    }
    temp.as_file().sync_all()?;
    // A signal now waits until the rename is done.
    let _renaming = writing();
    if mode != Mode::New {
        temp.persist(file).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(file).map_err(|e| e.error)?;
    }
    Ok(())
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
        let listed: Vec<Input> = inputs(&[dir.path().to_path_buf()])
            .map(Result::unwrap)
            .collect();
        assert_eq!(listed.len(), 2);
        std::fs::remove_file(&listed[0].path).unwrap();
        let err = read(&listed[0].path).unwrap_err();
        assert_eq!(err.path, display(&listed[0].path));
        assert_eq!(err.message, "no such file or directory");
        assert_eq!(read(&listed[1].path).unwrap(), b"{}");
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
