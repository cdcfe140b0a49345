//! Every read of the program goes through here: the files to check, standard input, related files
//! (a package's models and manifest, a request's `manifestFile`), configurations, baselines, data
//! rule files, token files and ASK CLI's configuration.
//!
//! Two promises:
//! - **Bounded.** A read stops one byte past its [`Limit`]; more than that is an error, not a
//!   larger buffer. An endless file (`/dev/zero`, a file that grows while it is read) costs at
//!   most its limit. A regular file whose size is already over the limit is not read at all.
//! - **Never waits to open.** Every file is opened with `O_NONBLOCK`, so a FIFO without a writer
//!   does not hold the run, and its type is then taken from the open handle (no window between a
//!   check and the open). A file asklint found itself ([`Opening::Found`]) is read only when it is
//!   a regular file. A file the user named ([`Opening::Named`]) is read whatever it is (a pipe
//!   from `<(cmd)`, a device) in blocking mode, so it is read to its end; a FIFO that nobody has
//!   opened for writing reads as empty.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most bytes asklint reads of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u64);

/// A document: a file to check, standard input, a request file, a related file, a baseline.
/// Real skill files are kilobytes; the largest interaction models are a few megabytes (the
/// large-trees measurement in docs/performance.md checks a 10 MB one). A file over this is
/// reported (`READ001`).
pub const DOCUMENT: Limit = Limit(64 << 20);

/// Settings: an `asklint.toml`, a data rule file, ASK CLI's configuration, a cached token.
pub const SETTINGS: Limit = Limit(1 << 20);

/// A token file: one token, a few kilobytes at most.
pub const TOKEN: Limit = Limit(64 << 10);

impl Limit {
    /// The limit in bytes.
    pub const fn bytes(self) -> u64 {
        self.0
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            n if n >= 1 << 20 && n % (1 << 20) == 0 => write!(f, "{} MiB", n >> 20),
            n if n >= 1 << 10 && n % (1 << 10) == 0 => write!(f, "{} KiB", n >> 10),
            n => write!(f, "{n} bytes"),
        }
    }
}

/// How asklint came to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The user named it (on the command line, or as an option's value): read whatever it is.
    Named,
    /// asklint found it (a walk, a package, a `manifestFile`, a configuration found upward): read
    /// only a regular file.
    Found,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Error {
    TooLarge(Limit),
    /// A FIFO, a device or a socket where asklint looked for a file; the words say which.
    NotRegular(&'static str),
    IsADirectory,
    Io(io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::TooLarge(limit) => write!(f, "larger than {limit}, the most asklint reads"),
            Error::NotRegular(what) => write!(f, "not a regular file ({what})"),
            Error::IsADirectory => f.write_str("is a directory"),
            Error::Io(err) => f.write_str(&io_message(err)),
        }
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::IsADirectory {
            Error::IsADirectory
        } else {
            Error::Io(err)
        }
    }
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

/// Read a whole file, at most `limit` bytes.
pub fn file(path: &Path, limit: Limit, opening: Opening) -> Result<Vec<u8>, Error> {
    let file = open(path)?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Error::IsADirectory);
    }
    if kind.is_file() {
        // A regular file's reads never wait, O_NONBLOCK or not.
        if meta.len() > limit.0 {
            return Err(Error::TooLarge(limit));
        }
        return bounded(file, limit, meta.len());
    }
    if opening == Opening::Found {
        return Err(Error::NotRegular(describe(&kind)));
    }
    set_blocking(&file)?;
    bounded(file, limit, 0)
}

/// Read standard input to its end, at most `limit` bytes.
pub fn stdin(limit: Limit) -> Result<Vec<u8>, Error> {
    bounded(io::stdin().lock(), limit, 0)
}

/// Read to the end, or one byte past the limit.
fn bounded(reader: impl Read, limit: Limit, size: u64) -> Result<Vec<u8>, Error> {
    // The size a regular file has now, plus one byte to see the end: one allocation, usually.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit.0) + 1).unwrap_or(0));
    reader.take(limit.0 + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.0 {
        return Err(Error::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Clear `O_NONBLOCK`, so that reads wait for data (a pipe's writer) instead of failing.
#[cfg(unix)]
pub(crate) fn set_blocking(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this `File` owns; F_GETFL and F_SETFL take no pointers.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn set_blocking(_: &File) -> io::Result<()> {
    Ok(())
}

/// What a file that is not a regular file or a directory is, in words.
pub(crate) fn describe(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_shown_in_binary_units() {
        assert_eq!(DOCUMENT.to_string(), "64 MiB");
        assert_eq!(TOKEN.to_string(), "64 KiB");
        assert_eq!(Limit(1000).to_string(), "1000 bytes");
    }

    #[test]
    fn a_read_stops_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(file(&path, Limit(5), Opening::Found).unwrap(), b"12345");
        assert!(matches!(
            file(&path, Limit(4), Opening::Found),
            Err(Error::TooLarge(Limit(4)))
        ));
        // A reader that never ends is cut off.
        assert!(matches!(
            bounded(io::repeat(0), Limit(1000), 0),
            Err(Error::TooLarge(_))
        ));
        assert!(matches!(
            file(dir.path(), DOCUMENT, Opening::Named),
            Err(Error::IsADirectory)
        ));
    }
}
