use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks each locale's `smallIconUri` and `largeIconUri`: an `https://` URL or a
    /// `file://assets/…` path inside the skill package, of a PNG image.
    ///
    /// ## Why is this bad?
    /// The store shows a 108×108 and a 512×512 PNG icon. ASK CLI uploads icons named
    /// `file://assets/…` with the skill package (its `assets/` folder); any other icon is fetched
    /// from the web, over https. Icons must be PNG; the server rejects images it cannot use
    /// (`INVALID_IMAGE_ATTRIBUTES`). A URL whose file name ends in another image type (`.jpg`,
    /// `.gif`, `.svg`, …) is not a PNG; a URL without an extension (the signed links SMAPI itself
    /// returns) cannot be judged and is left alone. An empty string means no icon yet and is left
    /// alone too. The evidence for the scheme is ASK CLI's behaviour, not a server error, so these
    /// are warnings.
    ///
    /// ## Evidence
    /// Advice: PNG is documented, and the two URI forms are the ones ASK CLI and the store handle; the
    /// server checks an image itself only when it fetches it.
    ///
    /// - [ask-smapi-model 1.36.0](https://pypi.org/project/ask-smapi-model/1.36.0/), the icon fields' documentation (108×108 and 512×512 pixels)
    /// - [Skill manifest reference (v0)](https://developer.amazon.com/docs/smapi/skill-manifest-v0.html): "all images must be PNG"
    /// - [ASK CLI `manifest.js`](https://github.com/alexa/ask-cli/blob/d93715cc6d1247e36e4bb7c3bb7af1cbc52bcc95/lib/model/manifest.js): `hasIconFileUri` (`file://` icons go up with the package)
    ///
    /// ## Example
    /// Invalid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "smallIconUri": "http://tides.example.org/icon-108.png", "largeIconUri": "https://tides.example.org/icon-512.jpg"}}}}}
    /// ```
    /// Valid:
    /// ```json
    /// {"manifest": {"publishingInformation": {"locales": {"en-US": {"name": "Tide Tables", "smallIconUri": "file://assets/images/icon-108.png", "largeIconUri": "https://tides.example.org/icon-512.png"}}}}}
    /// ```
    pub IconUri {
        code: "PUB010",
        name: "icon-uri",
        severity: Warning,
        requirement: Build,
        kinds: [SkillManifest, SkillManifestV0, CreateSkillRequest],
    }
}

const FIELDS: &[(&str, &str)] = &[("smallIconUri", "small"), ("largeIconUri", "large")];

/// Image types that are not PNG, by file extension.
const OTHER_IMAGE_TYPES: &[&str] = &[
    "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "avif",
];

impl Rule for IconUri {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for entry in cx.listing_entries() {
            for (field, size) in FIELDS {
                let Some(uri) = entry.str(field) else {
                    continue;
                };
                let pointer = || entry.pointer(field);
                let uri = uri.trim();
                if uri.is_empty() {
                    continue;
                }
                // Schemes compare without case, and without a lower-case copy of every URI.
                let starts = |prefix: &str| {
                    uri.as_bytes()
                        .get(..prefix.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
                };
                if starts("file://") && !starts("file://assets/") {
                    cx.report(
                        pointer(),
                        format!("the {size} icon is a file outside the skill package's `assets/` folder"),
                    )
                    .label("not under assets/")
                    .help("put the icon in `skill-package/assets/` and write `file://assets/<name>.png`");
                } else if starts("http://") {
                    cx.report(
                        pointer(),
                        format!("the {size} icon is fetched over http, not https"),
                    )
                    .label("http")
                    .help(format!(
                        "serve the icon over https: `https://{}`",
                        &uri["http://".len()..]
                    ));
                } else if !starts("https://") && !starts("file://") {
                    cx.report(
                        pointer(),
                        format!("the {size} icon is neither an https URL nor a file://assets/ path"),
                    )
                    .label("not an icon URI")
                    .help("give an `https://` URL of the icon, or put it in the skill package and write `file://assets/<name>.png`");
                } else if let Some(extension) = other_image_type(uri) {
                    cx.report(pointer(), format!("the {size} icon is a `.{extension}` image, not a PNG"))
                        .label("not PNG")
                        .help("convert the icon to PNG: the store takes 108×108 (small) and 512×512 (large) PNG icons");
                }
            }
        }
    }
}

/// The extension of the URI's file name (in lower case), when it names an image type other than
/// PNG.
fn other_image_type(uri: &str) -> Option<String> {
    let path = &uri[..memchr::memchr2(b'?', b'#', uri.as_bytes()).unwrap_or(uri.len())];
    let name = path.rfind('/').map_or(path, |slash| &path[slash + 1..]);
    let (_, extension) = name.rsplit_once('.')?;
    if extension.eq_ignore_ascii_case("png") {
        return None;
    }
    OTHER_IMAGE_TYPES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(extension))
        .then(|| extension.to_ascii_lowercase())
}
