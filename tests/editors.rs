//! The README's editor set-ups (section "In your editor") against the server they start: the Helix
//! `languages.toml` and the Zed settings are parsed, and their command and arguments are run as a
//! language server that must check a JSON document the way that editor would open it. The VS Code
//! extension's settings are the ones its README and asklint's README name. (Neovim's snippets are
//! run by a real Neovim: tests/editors/neovim.sh, in CI by .ci/editors.sh.)

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The text under the README heading `heading`, up to the next heading.
fn readme_section(heading: &str) -> String {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no heading {heading}"));
    let section = &readme[start + heading.len() + 2..];
    section[..section.find("\n##").unwrap_or(section.len())].to_string()
}

/// The block of `lang` under the README heading `heading`.
fn readme_block(heading: &str, lang: &str) -> String {
    let section = readme_section(heading);
    let fence = format!("```{lang}\n");
    let open = section
        .find(&fence)
        .unwrap_or_else(|| panic!("{heading} has no {lang} block"));
    let body = &section[open + fence.len()..];
    body[..body.find("```").unwrap()].to_string()
}

/// A language server started as an editor starts it, spoken to over its stdin and stdout.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    /// `command` must be `asklint` (as the editors' snippets say); the built binary is run.
    fn start(command: &str, args: &[String], dir: &std::path::Path) -> Server {
        assert_eq!(command, "asklint", "the snippet runs asklint");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("asklint"))
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length:") {
                        length = value.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                let message = serde_json::from_slice(&body).expect("the server sends JSON");
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message the server sends that `wanted` accepts; the others are passed over
    /// (requests from the server get an empty answer, as an editor that does not know them would).
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|_| panic!("the server did not send {what} within {TIMEOUT:?}"));
            if wanted(&message) {
                return message;
            }
            if message.get("id").is_some() && message.get("method").is_some() {
                let id = message["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        });
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Initialize; open `file` with `text` as the editor would (`language_id`); the codes of the
    /// first non-empty diagnostics published for it; then shutdown and exit, and the exit status.
    fn check_document(
        mut self,
        file: &std::path::Path,
        language_id: &str,
        text: &str,
    ) -> Vec<String> {
        let root = file.parent().unwrap().parent().unwrap();
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": {"textDocument": {"publishDiagnostics": {}}},
            }),
        );
        assert!(
            result["capabilities"].is_object(),
            "initialize result: {result}"
        );
        self.notify("initialized", json!({}));
        let uri = file_uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
        let published = self.wait_for("diagnostics for the document", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty())
        });
        let mut codes: Vec<String> = published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect();
        codes.sort();
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = wait_with_timeout(&mut self.child);
        assert_eq!(
            status,
            Some(0),
            "the server's exit status after shutdown and exit"
        );
        codes
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_with_timeout(child: &mut Child) -> Option<i32> {
    let deadline = std::time::Instant::now() + TIMEOUT;
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not exit within {TIMEOUT:?}");
}

fn file_uri(path: &std::path::Path) -> String {
    let path = path.to_str().unwrap();
    assert!(path.starts_with('/'), "a Unix path: {path}");
    format!("file://{}", path.replace(' ', "%20"))
}

/// A project with a clean skill.json on disk; the editor's buffer holds the bad one (the same
/// text as Neovim's test), with a locale written `de_DE` and a trailing comma.
fn project() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let neovim = common::root().join("tests/editors/neovim");
    std::fs::create_dir(dir.path().join("skill-package")).unwrap();
    let file = dir.path().join("skill-package/skill.json");
    std::fs::copy(neovim.join("skill.json"), &file).unwrap();
    let unsaved = std::fs::read_to_string(neovim.join("unsaved.json")).unwrap();
    (dir, file, unsaved)
}

#[test]
fn helix_languages_toml() {
    let snippet: toml::Table = toml::from_str(&readme_block("### Helix", "toml"))
        .expect("the Helix snippet is valid TOML");
    let server = &snippet["language-server"]["asklint"];
    let command = server["command"].as_str().unwrap();
    let args: Vec<String> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        (command, args.as_slice()),
        ("asklint", ["server".to_string()].as_slice())
    );
    // One [[language]] entry: Helix's json language, its own server kept and asklint added.
    let languages = snippet["language"].as_array().unwrap();
    assert_eq!(languages.len(), 1, "{languages:?}");
    assert_eq!(languages[0]["name"].as_str(), Some("json"));
    let servers: Vec<&str> = languages[0]["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(servers, ["vscode-json-language-server", "asklint"]);
    // Helix opens a .json file of its json language with languageId "json".
    let (dir, file, unsaved) = project();
    let codes = Server::start(command, &args, dir.path()).check_document(&file, "json", &unsaved);
    assert_eq!(codes, ["JSON002", "LOC001"]);
}

#[test]
fn zed_settings() {
    let settings: Value = serde_json::from_str(&readme_block("### Zed", "json"))
        .expect("the Zed snippet is valid JSON");
    let binary = &settings["lsp"]["asklint"]["binary"];
    let path = std::path::Path::new(binary["path"].as_str().unwrap());
    assert!(
        path.is_absolute(),
        "Zed takes the executable's path: {path:?}"
    );
    let command = path.file_name().unwrap().to_str().unwrap();
    let args: Vec<String> = serde_json::from_value(binary["arguments"].clone()).unwrap();
    assert_eq!(args, ["server"]);
    assert_eq!(
        settings["languages"]["JSON"]["language_servers"],
        json!(["asklint", "..."]),
        "asklint beside Zed's own JSON servers"
    );
    let (dir, file, unsaved) = project();
    let codes = Server::start(command, &args, dir.path()).check_document(&file, "json", &unsaved);
    assert_eq!(codes, ["JSON002", "LOC001"]);
}

#[test]
fn vscode_extension_settings_are_documented() {
    let root = common::root().join("editors/vscode");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("package.json")).unwrap()).unwrap();
    let properties = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    let mut settings: Vec<&str> = properties.keys().map(String::as_str).collect();
    settings.sort();
    assert_eq!(
        settings,
        ["asklint.extraGlobs", "asklint.path", "asklint.trace.server"]
    );
    let extension_readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for setting in &settings {
        assert!(
            extension_readme.contains(&format!("`{setting}`")),
            "editors/vscode/README.md does not describe {setting}"
        );
    }
    let vscode_section = readme_section("### VS Code");
    for setting in ["asklint.path", "asklint.extraGlobs"] {
        assert!(
            vscode_section.contains(setting),
            "README's VS Code section lacks {setting}"
        );
    }
    // It runs what the server subcommand is.
    let source = std::fs::read_to_string(root.join("src/executable.ts")).unwrap();
    assert!(source.contains("export const SERVER_ARGS = [\"server\"];"));
    // The license is the project's.
    assert_eq!(manifest["license"], "MIT OR Apache-2.0");
    let cargo = std::fs::read_to_string(common::root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("license = \"MIT OR Apache-2.0\""));
    // The version is asklint's.
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .unwrap()
        .trim_end_matches('"');
    assert_eq!(manifest["version"], version);
}
