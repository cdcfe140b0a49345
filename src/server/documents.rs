//! The open documents, and the skill package as the server sees it: each open buffer over the
//! file on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use crate::package::Provider;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// `None` for a document that is not a file (`untitled:`): checked on its own.
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
}

/// The open documents, by URI and by path.
#[derive(Debug, Default)]
pub struct Documents {
    by_uri: HashMap<Uri, Document>,
    by_path: HashMap<PathBuf, Uri>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = path_of(&uri);
        if let Some(path) = &path {
            self.by_path.insert(path.clone(), uri.clone());
        }
        self.by_uri.insert(
            uri,
            Document {
                path,
                text,
                version,
            },
        );
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        let document = self.by_uri.remove(uri)?;
        if let Some(path) = &document.path {
            self.by_path.remove(path);
        }
        Some(document)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.by_uri.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.by_uri.get_mut(uri)
    }

    pub fn uris(&self) -> impl Iterator<Item = &Uri> {
        self.by_uri.keys()
    }

    /// The open documents of the skill package `path` belongs to, other than `path` itself.
    pub fn package_mates(&self, path: &Path) -> Vec<Uri> {
        let Some(root) = package_root(path) else {
            return Vec::new();
        };
        self.by_path
            .iter()
            .filter(|(other, _)| *other != path && package_root(other).as_deref() == Some(&root))
            .map(|(_, uri)| uri.clone())
            .collect()
    }
}

/// The folder that holds a package's `skill.json`, for the manifest and for a model file (in
/// `interactionModels/custom/` or ASK CLI v1's `models/`).
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let parent = path.parent()?;
    if path.file_name()? == "skill.json" {
        return Some(parent.to_owned());
    }
    if path.extension()? != "json" {
        return None;
    }
    if parent.ends_with("interactionModels/custom") {
        return Some(parent.parent()?.parent()?.to_owned());
    }
    if parent.file_name()? == "models" {
        return Some(parent.parent()?.to_owned());
    }
    None
}

/// The path of a `file:` URI; `None` for any other scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text
        .strip_prefix("file://")
        .or_else(|| text.strip_prefix("FILE://"))?;
    // `file://host/path`: only the local host (empty or `localhost`) is a path here.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(slash) if rest[..slash].eq_ignore_ascii_case("localhost") => &rest[slash..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    // `file:///C:/x` on Windows.
    #[cfg(windows)]
    let decoded = decoded
        .strip_prefix('/')
        .filter(|p| p.as_bytes().get(1) == Some(&b':'))
        .map_or(decoded.to_string(), str::to_owned);
    Some(PathBuf::from(decoded.to_string()))
}

/// The `file:` URI of a path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    crate::files::file_url(path)?.parse().ok()
}

/// The server's view of a package: an open buffer before the file on disk.
pub struct Overlay<'a> {
    pub documents: &'a Documents,
}

impl Overlay<'_> {
    fn buffer(&self, path: &Path) -> Option<&Document> {
        self.documents
            .by_path
            .get(path)
            .and_then(|uri| self.documents.by_uri.get(uri))
    }
}

impl Provider for Overlay<'_> {
    fn is_file(&self, path: &Path) -> bool {
        self.buffer(path).is_some() || crate::files::Disk.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        crate::files::Disk.is_dir(path)
            || self
                .documents
                .by_path
                .keys()
                .any(|open| open.parent() == Some(path))
    }

    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let mut entries = crate::files::Disk.list(dir);
        for open in self.documents.by_path.keys() {
            if open.parent() == Some(dir) {
                let entries = entries.get_or_insert_with(Vec::new);
                if !entries.contains(open) {
                    entries.push(open.clone());
                }
            }
        }
        entries
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match self.buffer(path) {
            Some(document) => Ok(document.text.as_bytes().to_vec()),
            None => crate::files::Disk.read(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_paths_and_others_are_not() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            path_of(&uri("file:///tmp/sk%C3%AFll/skill.json")),
            Some(PathBuf::from("/tmp/skïll/skill.json"))
        );
        assert_eq!(
            path_of(&uri("file://localhost/a.json")),
            Some(PathBuf::from("/a.json"))
        );
        assert_eq!(path_of(&uri("untitled:Untitled-1")), None);
        assert_eq!(path_of(&uri("file://server/share/a.json")), None);
    }

    #[test]
    fn a_package_is_the_folder_of_its_manifest() {
        let root = Some(PathBuf::from("/p/skill-package"));
        assert_eq!(package_root(Path::new("/p/skill-package/skill.json")), root);
        assert_eq!(
            package_root(Path::new(
                "/p/skill-package/interactionModels/custom/en-US.json"
            )),
            root
        );
        assert_eq!(
            package_root(Path::new("/p/models/en-US.json")),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(package_root(Path::new("/p/package.json")), None);
    }
}
