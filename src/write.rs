//! Every file asklint writes goes through here: `--output-file`, `--write-baseline` and
//! `--prune-baseline`, `init`, the token cache (and `--fix`).
//!
//! What a write does depends on what is at the path:
//! - **a regular file, or nothing**: written whole or not at all. The bytes go to a temporary file
//!   in the same folder, are flushed to disk, and the temporary file is renamed over the target. An
//!   interrupted run leaves the old file, never half a new one. A replaced file keeps its
//!   permissions (and, where the system allows, its owner and group).
//! - **a symbolic link**: followed (link after link); the file it points to is replaced as above, and
//!   the link stays a link.
//! - **anything else** (a character device such as `/dev/null` or `/dev/stdout`, a FIFO, a socket):
//!   written through, never replaced: opened for writing without creating or truncating anything,
//!   and without waiting: a FIFO that no process is reading is an error.
//! - **a read-only file** (no write permission bit, or one this user may not write): an error, even
//!   for root, who could replace it.
//!
//! [`create_file_with`] never replaces anything. [`write_secret_with`] writes a file only its owner
//! may read, and replaces what is at the path (a link too: a secret never goes where a link says).
//! Whether an output would overwrite one of the run's inputs is for the caller to ask, with
//! [`Identity`].

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Write `bytes` to `path` (see the module's documentation for what that means for each kind of
/// file).
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_with(path, |out| out.write_all(bytes))
}

/// [`write_file`], with the bytes written by `write` (which may be called once or not at all).
pub fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match std::fs::metadata(path) {
        // Nothing there, or a link to nothing: create the file it names.
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            write_whole(&follow_links(path)?, Mode::Replace, write)
        }
        Err(err) => Err(err),
        Ok(meta) if meta.is_dir() => Err(io::Error::other("is a directory")),
        Ok(meta) if meta.is_file() => replace(path, &meta, write),
        // Opened through its links, even the system's own (`/dev/stdout` is a link to a link to
        // a pipe, which no path names).
        Ok(meta) => write_through(path, meta.file_type(), write),
    }
}

/// Replace the regular file `path` names (links followed, folders too: the temporary file must be
/// in the folder where the rename happens).
fn replace(
    path: &Path,
    meta: &std::fs::Metadata,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    writable(&target, meta)?;
    write_whole(&target, Mode::Replace, write)
}

/// Write a new file at `path`, never over anything that is there: that fails with
/// `AlreadyExists`, decided by the rename itself (no window between a check and the write).
pub fn create_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_whole(path, Mode::New, write)
}

/// Write a file only its owner may read (a cached token): it is created with mode 0600 and is
/// never readable by others, not even while it is written.
pub fn write_secret_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_whole(path, Mode::Secret, write)
}

/// Which file a path is, however it is spelled or linked: to tell whether an output is one of the
/// inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl Identity {
    /// The identity of the file at `path` (links followed), if there is one.
    pub fn of(path: &Path) -> Option<Identity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(Identity((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Identity)
        }
    }
}

/// The file `path` names once every symbolic link on its last component is followed; it need not
/// exist (a dangling link names the file it would create).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // The system's own limit on a chain of links.
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(target) => {
                let dir = path.parent().unwrap_or(Path::new(""));
                path = dir.join(target);
            }
            // Not a link, or nothing there.
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::InvalidInput | io::ErrorKind::NotFound
                ) =>
            {
                return Ok(path);
            }
            Err(err) => return Err(err),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A regular file that may not be replaced: no write permission at all (which root would
/// otherwise ignore), or none for this user.
fn writable(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.permissions().readonly() {
        return Err(io::Error::other("the file is read-only"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::CString::new(path.as_os_str().as_bytes())?;
        // SAFETY: a valid C string; access only reads it.
        if unsafe { libc::access(name.as_ptr(), libc::W_OK) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    let _ = path;
    Ok(())
}

/// Write into a file that is not a regular one (a device, a FIFO), as it is.
fn write_through(
    path: &Path,
    kind: std::fs::FileType,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = open_without_waiting(path).map_err(|err| {
        if is_no_reader(&err) {
            match crate::read::describe(&kind) {
                "a FIFO" => io::Error::other("a FIFO that no process is reading"),
                // A socket cannot be opened at all.
                other => io::Error::other(format!("{other}, which cannot be written as a file")),
            }
        } else {
            err
        }
    })?;
    let meta = file.metadata()?;
    if meta.is_file() {
        // It became a regular file since it was looked at: replace it like one.
        drop(file);
        return replace(path, &meta, write);
    }
    crate::read::set_blocking(&file)?;
    let mut out = io::BufWriter::new(&mut file);
    write(&mut out)?;
    out.flush()
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

/// The error of opening, without waiting, a FIFO that no process reads (or a socket).
fn is_no_reader(err: &io::Error) -> bool {
    #[cfg(unix)]
    return err.raw_os_error() == Some(libc::ENXIO);
    #[cfg(not(unix))]
    return false;
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
    ) -> io::Result<(tempfile::NamedTempFile, Writing)> {
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
        // Likewise if its thread cannot be started (a process limit).
        let _ = std::thread::Builder::new().spawn(move || {
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

/// Write a temporary file beside `file` and rename it over `file`.
fn write_whole(
    file: &Path,
    mode: Mode,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
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
    // A replaced file keeps its permissions, owner and group.
    if let (Ok(meta), true) = (std::fs::metadata(file), mode == Mode::Replace) {
        temp.as_file().set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Only root may give a file away; anyone else's file becomes theirs, as with any editor.
            let _ = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
        }
    }
    {
        let mut out = io::BufWriter::new(&mut temp);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_to_the_file_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        assert_eq!(follow_links(&path.join("none")).unwrap(), path.join("none"));
        #[cfg(unix)]
        {
            std::fs::create_dir(path.join("sub")).unwrap();
            std::os::unix::fs::symlink("sub/b", path.join("a")).unwrap();
            std::os::unix::fs::symlink("c", path.join("sub/b")).unwrap();
            assert_eq!(follow_links(&path.join("a")).unwrap(), path.join("sub/c"));
            std::os::unix::fs::symlink("loop", path.join("loop")).unwrap();
            assert!(follow_links(&path.join("loop")).is_err());
            write_file(&path.join("a"), b"through").unwrap();
            assert_eq!(std::fs::read(path.join("sub/c")).unwrap(), b"through");
            assert!(path.join("a").is_symlink());
            assert_eq!(
                Identity::of(&path.join("a")),
                Identity::of(&path.join("sub/c"))
            );
        }
    }

    #[test]
    fn a_new_file_is_never_written_over_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        create_file_with(&file, |out| out.write_all(b"first")).unwrap();
        let err = create_file_with(&file, |out| out.write_all(b"second")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        write_file(&file, b"third").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"third");
    }
}
