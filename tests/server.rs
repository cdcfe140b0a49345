//! `asklint server`, spoken to as an editor does: in process over a memory connection (ruff's
//! harness), and once as a process over standard input and output.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

/// How long a test waits for one message before it fails.
const WAIT: Duration = Duration::from_secs(30);

/// A manifest with no findings but MAN001 (a number for `manifestVersion`), in a package whose
/// `en-US` model is on disk.
const MANIFEST: &str = r#"{
  "manifest": {
    "manifestVersion": 1.0,
    "publishingInformation": {
      "locales": {
        "en-US": {
          "name": "Tide Tables",
          "summary": "Tide times for the coast.",
          "description": "Tells you when the tide is high and low at your harbour.",
          "examplePhrases": ["Alexa, open tide tables"],
          "keywords": ["tide"],
          "smallIconUri": "https://tides.sea-charts.net/small.png",
          "largeIconUri": "https://tides.sea-charts.net/large.png"
        }
      },
      "isAvailableWorldwide": true,
      "testingInstructions": "Say: open tide tables.",
      "category": "WEATHER",
      "distributionMode": "PUBLIC"
    },
    "privacyAndCompliance": {
      "allowsPurchases": false,
      "usesPersonalInfo": false,
      "isChildDirected": false,
      "isExportCompliant": true,
      "containsAds": false
    },
    "apis": {"custom": {"endpoint": {"uri": "arn:aws:lambda:us-east-1:123456789012:function:tides"}}}
  }
}
"#;

const MODEL: &str = r#"{"interactionModel": {"languageModel": {"invocationName": "tide tables", "intents": [
  {"name": "AMAZON.CancelIntent", "samples": []},
  {"name": "AMAZON.HelpIntent", "samples": []},
  {"name": "AMAZON.StopIntent", "samples": []},
  {"name": "AMAZON.NavigateHomeIntent", "samples": []},
  {"name": "AMAZON.FallbackIntent", "samples": []},
  {"name": "TideIntent", "samples": ["when is high tide"]}
]}}}
"#;

/// A project folder (a repository root) with `skill-package/` holding the manifest (with its
/// `manifestVersion` a string, as it is on disk) and the `en-US` model.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let models = dir.path().join("skill-package/interactionModels/custom");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(
        dir.path().join("skill-package/skill.json"),
        MANIFEST.replace("1.0,", "\"1.0\","),
    )
    .unwrap();
    std::fs::write(models.join("en-US.json"), MODEL).unwrap();
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// An editor: the client end of a memory connection, with the server in a thread.
struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    /// Messages from the server not yet looked at.
    inbox: VecDeque<Message>,
    next_id: i32,
    initialized: Value,
}

impl Client {
    fn start(capabilities: Value) -> Client {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || asklint::server::serve(&server));
        let mut client = Client {
            connection: client,
            server: Some(handle),
            inbox: VecDeque::new(),
            next_id: 0,
            initialized: Value::Null,
        };
        client.initialized = client
            .request("initialize", json!({"capabilities": capabilities}))
            .unwrap();
        client.notify("initialized", json!({}));
        client
    }

    fn send(&self, message: Message) {
        self.connection.sender.send(message).unwrap();
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_owned(), params).into());
    }

    /// Send a request and wait for its answer: its result, or its error.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_owned(), params).into());
        let response = self.wait_for(|m| matches!(m, Message::Response(r) if r.id == id));
        let Message::Response(response) = response else {
            unreachable!()
        };
        response.response_result
    }

    /// The next message (first those waiting) that `wanted` accepts; the others stay waiting.
    /// A request of the server's is answered as it arrives.
    fn wait_for(&mut self, wanted: impl Fn(&Message) -> bool) -> Message {
        if let Some(i) = self.inbox.iter().position(&wanted) {
            return self.inbox.remove(i).unwrap();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .connection
                .receiver
                .recv_timeout(left)
                .unwrap_or_else(|_| {
                    panic!("no such message in {WAIT:?}; waiting: {:?}", self.inbox)
                });
            if let Message::Request(request) = &message {
                self.send(Response::new_ok(request.id.clone(), Value::Null).into());
            }
            if wanted(&message) {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    /// The next diagnostics published for `uri`: (version, diagnostics).
    fn diagnostics(&mut self, uri: &str) -> (Option<i64>, Vec<Value>) {
        let message = self.wait_for(|m| {
            matches!(m, Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
        });
        let Message::Notification(n) = message else {
            unreachable!()
        };
        (
            n.params["version"].as_i64(),
            n.params["diagnostics"].as_array().unwrap().clone(),
        )
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    fn change(&self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown`, then `exit`: the server ends cleanly.
    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null).unwrap(), Value::Null);
        let error = self.request("textDocument/hover", json!({})).unwrap_err();
        assert_eq!(error.code, lsp_server::ErrorCode::InvalidRequest as i32);
        self.notify("exit", Value::Null);
        let outcome = self.server.take().unwrap().join().unwrap();
        assert_eq!(outcome, Ok(()));
    }
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// Apply LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn open_diagnose_change_fix_and_come_out_clean() {
    let dir = project();
    let mut client = Client::start(json!({}));
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-16"
    );
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    // The unsaved buffer has the mistake; the file on disk does not.
    client.open(&manifest, MANIFEST);
    let (version, diagnostics) = client.diagnostics(&manifest);
    assert_eq!(version, Some(1));
    assert_eq!(codes(&diagnostics), ["MAN001"], "{diagnostics:#?}");
    let finding = &diagnostics[0];
    assert_eq!(
        finding["range"],
        json!({"start": {"line": 2, "character": 23}, "end": {"line": 2, "character": 26}})
    );
    assert_eq!(finding["severity"], 1);
    assert_eq!(finding["source"], "asklint");
    assert!(
        finding["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("rules.md#man001-manifest-version")
    );
    assert_eq!(finding["data"]["fix"]["applicability"], "safe");

    // Umlauts, kana and an emoji before the finding on its line: UTF-16 columns.
    let wide = MANIFEST.replace(
        "\"manifestVersion\": 1.0,",
        "\"x\": \"Übergrößenträger 潮汐 🌊\", \"manifestVersion\": 1.0,",
    );
    client.change(&manifest, 2, &wide);
    let (version, diagnostics) = client.diagnostics(&manifest);
    assert_eq!(version, Some(2));
    let man001 = diagnostics.iter().find(|d| d["code"] == "MAN001").unwrap();
    let line = wide.lines().nth(2).unwrap();
    let column: usize = line[..line.find("1.0").unwrap()].encode_utf16().count();
    assert_eq!(
        man001["range"]["start"],
        json!({"line": 2, "character": column})
    );
    assert_ne!(
        column,
        line.find("1.0").unwrap(),
        "the line has wide characters"
    );

    // The quick fix, applied, leaves the other findings as they were and MAN001 gone.
    client.change(&manifest, 3, MANIFEST);
    let (_, before) = client.diagnostics(&manifest);
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": manifest}, "range": before[0]["range"], "context": {"diagnostics": before}}),
        )
        .unwrap();
    let quickfix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert!(quickfix["title"].as_str().unwrap().contains("MAN001"));
    let edits = quickfix["edit"]["changes"][&manifest].as_array().unwrap();
    let fixed = apply(MANIFEST, edits);
    assert!(fixed.contains("\"manifestVersion\": \"1.0\""), "{fixed}");
    client.change(&manifest, 4, &fixed);
    let (version, after) = client.diagnostics(&manifest);
    assert_eq!(version, Some(4));
    assert!(after.is_empty(), "{after:#?}");

    // Closed: its diagnostics are cleared.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": manifest}}),
    );
    assert_eq!(client.diagnostics(&manifest), (None, Vec::new()));
    client.stop();
}

#[test]
fn fix_all_applies_every_safe_fix() {
    let dir = project();
    let mut client = Client::start(json!({}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    let text = MANIFEST.replace("\"en-US\": {\n", "\"en_US\": {\n");
    client.open(&manifest, &text);
    let (_, diagnostics) = client.diagnostics(&manifest);
    assert!(codes(&diagnostics).contains(&"LOC001"), "{diagnostics:#?}");
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": manifest},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .unwrap();
    let [action] = actions.as_array().unwrap().as_slice() else {
        panic!("{actions:#}")
    };
    assert_eq!(action["kind"], "source.fixAll.asklint");
    let fixed = apply(
        &text,
        action["edit"]["changes"][&manifest].as_array().unwrap(),
    );
    client.change(&manifest, 2, &fixed);
    let (_, after) = client.diagnostics(&manifest);
    assert!(after.is_empty(), "{fixed}\n{after:#?}");
    client.stop();
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = project();
    let mut client = Client::start(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    let wide = MANIFEST.replace(
        "\"manifestVersion\": 1.0,",
        "\"x\": \"Übergrößenträger 潮汐 🌊\", \"manifestVersion\": 1.0,",
    );
    client.open(&manifest, &wide);
    let (_, diagnostics) = client.diagnostics(&manifest);
    let man001 = diagnostics.iter().find(|d| d["code"] == "MAN001").unwrap();
    let line = wide.lines().nth(2).unwrap();
    assert_eq!(
        man001["range"]["start"],
        json!({"line": 2, "character": line.find("1.0").unwrap()})
    );
    client.stop();
}

#[test]
fn a_model_buffer_rechecks_its_manifest_and_closing_it_rechecks_again() {
    let dir = project();
    let mut client = Client::start(json!({}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    // The manifest publishes de-DE too; no de-DE model exists on disk.
    let text = MANIFEST.replace("1.0,", "\"1.0\",").replace(
        "\"en-US\": {\n",
        "\"de-DE\": {\"name\": \"Gezeiten\", \"summary\": \"Gezeiten.\", \"description\": \"Gezeiten an der Küste.\", \"examplePhrases\": [\"Alexa, öffne gezeiten\"], \"keywords\": [\"gezeiten\"], \"smallIconUri\": \"https://tides.sea-charts.net/small.png\", \"largeIconUri\": \"https://tides.sea-charts.net/large.png\"},\n        \"en-US\": {\n",
    );
    client.open(&manifest, &text);
    let (_, diagnostics) = client.diagnostics(&manifest);
    assert!(codes(&diagnostics).contains(&"LOC004"), "{diagnostics:#?}");
    // An unsaved de-DE model, in a buffer only.
    let model = uri(&dir
        .path()
        .join("skill-package/interactionModels/custom/de-DE.json"));
    client.open(
        &model,
        &MODEL
            .replace("tide tables", "gezeiten")
            .replace("when is high tide", "wann ist flut"),
    );
    let (_, diagnostics) = client.diagnostics(&manifest);
    assert!(!codes(&diagnostics).contains(&"LOC004"), "{diagnostics:#?}");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": model}}),
    );
    let (_, diagnostics) = client.diagnostics(&manifest);
    assert!(codes(&diagnostics).contains(&"LOC004"), "{diagnostics:#?}");
    client.stop();
}

#[test]
fn files_that_are_not_asklints_get_no_diagnostics() {
    let dir = project();
    let mut client = Client::start(json!({}));
    for (name, text) in [
        (
            "package.json",
            r#"{"name": "x", "version": "1.0.0", "items": [1,]}"#,
        ),
        (
            "tsconfig.json",
            "{\n  // comment\n  \"compilerOptions\": {\"strict\": true,},\n}",
        ),
    ] {
        let file = uri(&dir.path().join(name));
        client.open(&file, text);
        assert_eq!(client.diagnostics(&file), (Some(1), Vec::new()), "{name}");
    }
    client.stop();
}

#[test]
fn hover_shows_rule_docs_on_a_finding_and_the_schema_on_a_key() {
    let dir = project();
    let mut client = Client::start(json!({}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    client.open(&manifest, MANIFEST);
    client.diagnostics(&manifest);
    let on_finding = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": manifest}, "position": {"line": 2, "character": 24}}),
        )
        .unwrap();
    let text = on_finding["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("MAN001") && text.contains("What it does"),
        "{text}"
    );
    let line = MANIFEST
        .lines()
        .position(|l| l.contains("\"category\""))
        .unwrap();
    let on_key = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": manifest}, "position": {"line": line, "character": 8}}),
        )
        .unwrap();
    let text = on_key["contents"]["value"].as_str().unwrap();
    assert!(text.to_lowercase().contains("category"), "{text}");
    client.stop();
}

#[test]
fn completion_offers_properties_and_enum_values_from_the_schema() {
    let dir = project();
    let mut client = Client::start(json!({}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    let text = "{\"manifest\": {\"publishingInformation\": {\n  \"category\": \n";
    client.open(&manifest, text);
    client.diagnostics(&manifest);
    let labels = |result: Value| -> Vec<String> {
        result
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let values = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": manifest}, "position": {"line": 1, "character": 14}}),
        )
        .unwrap();
    let values = labels(values);
    assert!(values.contains(&"WEATHER".to_owned()), "{values:?}");
    let keys = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": manifest}, "position": {"line": 0, "character": 40}}),
        )
        .unwrap();
    let keys = labels(keys);
    assert!(
        keys.contains(&"distributionCountries".to_owned()),
        "{keys:?}"
    );
    client.stop();
}

#[test]
fn a_broken_config_is_reported_on_itself_and_the_last_good_one_stays() {
    let dir = project();
    let config = dir.path().join("asklint.toml");
    std::fs::write(&config, "ignore = [\"MAN001\"]\n").unwrap();
    let mut client = Client::start(json!({}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    client.open(&manifest, MANIFEST);
    assert_eq!(client.diagnostics(&manifest).1, Vec::<Value>::new());
    let changed = |client: &Client| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&config), "type": 2}]}),
        );
    };
    std::fs::write(&config, "ignore = [\"MAN001\"\n").unwrap();
    changed(&client);
    let (_, on_config) = client.diagnostics(&uri(&config));
    assert_eq!(codes(&on_config), ["CFG001"], "{on_config:#?}");
    assert_eq!(client.diagnostics(&manifest).1, Vec::<Value>::new());
    std::fs::write(&config, "ignore = []\n").unwrap();
    changed(&client);
    assert_eq!(client.diagnostics(&uri(&config)).1, Vec::<Value>::new());
    assert_eq!(codes(&client.diagnostics(&manifest).1), ["MAN001"]);
    client.stop();
}

#[test]
fn diagnostics_are_pulled_when_the_client_pulls() {
    let dir = project();
    let mut client = Client::start(json!({"textDocument": {"diagnostic": {}}}));
    assert_eq!(
        client.initialized["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    client.open(&manifest, MANIFEST);
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": manifest}}),
        )
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(report["items"].as_array().unwrap()), ["MAN001"]);
    assert!(
        !client.inbox.iter().any(|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics")),
        "a client that pulls gets no pushed diagnostics"
    );
    client.stop();
}

#[test]
fn bad_messages_out_of_range_positions_and_bursts_do_no_harm() {
    let dir = project();
    let mut client = Client::start(json!({}));
    let error = client.request("asklint/unknown", json!({})).unwrap_err();
    assert_eq!(error.code, lsp_server::ErrorCode::MethodNotFound as i32);
    let error = client
        .request("textDocument/hover", json!({"textDocument": 3}))
        .unwrap_err();
    assert_eq!(error.code, lsp_server::ErrorCode::InvalidParams as i32);
    client.notify("asklint/unknownNotification", json!({"x": 1}));
    client.notify("textDocument/didChange", json!({"nonsense": true}));
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    client.open(&manifest, MANIFEST);
    client.diagnostics(&manifest);
    // A change far past the end, and one with its end before its start.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": manifest, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 900, "character": 5}, "end": {"line": 901, "character": 0}}, "text": "\n"},
            {"range": {"start": {"line": 2, "character": 900}, "end": {"line": 1, "character": 0}}, "text": ""}
        ]}),
    );
    let (version, _) = client.diagnostics(&manifest);
    assert_eq!(version, Some(2));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": manifest}, "position": {"line": 4_000_000, "character": 4_000_000}}),
    );
    assert!(hover.is_ok(), "{hover:?}");
    // A burst of changes: the last version is what is checked and published last.
    for version in 3..=60 {
        let text = if version % 2 == 0 {
            MANIFEST.to_owned()
        } else {
            MANIFEST.replace("1.0,", "\"1.0\",")
        };
        client.change(&manifest, version, &text);
    }
    loop {
        let (version, diagnostics) = client.diagnostics(&manifest);
        if version == Some(60) {
            assert_eq!(codes(&diagnostics), ["MAN001"]);
            break;
        }
    }
    // A 10 MB document: checked, and the server still answers.
    let big = format!(
        "{{\"interactionModel\": {{\"languageModel\": {{\"invocationName\": \"tide tables\", \"types\": [{}]}}}}}}",
        vec![r#"{"name": "T", "values": [{"name": {"value": "x"}}]}"#; 210_000].join(",")
    );
    assert!(big.len() > 10 << 20);
    let model = uri(&dir
        .path()
        .join("skill-package/interactionModels/custom/en-GB.json"));
    client.open(&model, &big);
    let (version, _) = client.diagnostics(&model);
    assert_eq!(version, Some(1));
    assert!(client.request("shutdown", Value::Null).is_ok());
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().unwrap().join().unwrap(), Ok(()));
}

/// The binary over standard input and output: framing, a clean standard output, and a secret
/// of the environment that never reaches a message.
#[test]
fn the_binary_speaks_lsp_on_stdio_and_never_sends_a_secret() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = project();
    let secret = "Atza|SECRETtokenVALUE0123456789";
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_asklint"))
        .arg("server")
        .env("ASK_ACCESS_TOKEN", secret)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let send = |stdin: &mut std::process::ChildStdin, body: &str| {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut receive = || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            let (name, value) = line.split_once(':').expect("only headers before the body");
            assert!(name.eq_ignore_ascii_case("content-length"), "{line}");
            length = value.trim().parse().unwrap();
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let initialize =
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}});
    send(&mut stdin, &initialize.to_string());
    assert_eq!(receive()["id"], 1);
    // Not JSON at all, then a document that quotes the secret where a message repeats it.
    send(&mut stdin, "{this is not json");
    let manifest = uri(&dir.path().join("skill-package/skill.json"));
    let text = MANIFEST.replace("\"WEATHER\"", &format!("{:?}", secret));
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": manifest, "languageId": "json", "version": 1, "text": text}}});
    send(&mut stdin, &open.to_string());
    let published = receive();
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    let all = published.to_string();
    assert!(all.contains("<redacted>"), "{all}");
    assert!(!all.contains("SECRETtokenVALUE"), "{all}");
    send(
        &mut stdin,
        r#"{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}"#,
    );
    assert_eq!(receive()["id"], 2);
    send(&mut stdin, r#"{"jsonrpc": "2.0", "method": "exit"}"#);
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains("SECRETtokenVALUE"), "{stderr}");
}

/// The benchmark of docs/language-server.md (not a timed test): the time from `didChange` to the
/// manifest's `publishDiagnostics` for a 5 KB manifest with its two models open, over 1,000
/// edits, and the server's memory with 100 documents open; the binary over pipes, as an editor
/// runs it. `cargo test --release --test server -- --ignored --nocapture benchmark`
#[test]
#[ignore = "a benchmark: run it in release (docs/language-server.md)"]
fn benchmark() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = project();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_asklint"))
        .arg("server")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |message: Value| {
        let body = message.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut receive = || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            length = line.split_once(':').unwrap().1.trim().parse().unwrap();
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    receive();
    let open = |uri: &str, text: &str| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}}})
    };
    // A 5 KB manifest: en-US and de-DE listings, each with a model.
    let listing = |locale: &str, name: &str| {
        format!(
            "\"{locale}\": {{\"name\": \"{name}\", \"summary\": \"Tide times for the coast, every day of the year.\", \"description\": \"{}\", \"examplePhrases\": [\"Alexa, open {name}\", \"Alexa, ask {name} when is high tide\"], \"keywords\": [\"tide\", \"sea\", \"coast\"], \"smallIconUri\": \"https://tides.sea-charts.net/small.png\", \"largeIconUri\": \"https://tides.sea-charts.net/large.png\"}},\n        ",
            "Tells you when the tide is high and low at your harbour. ".repeat(65)
        )
    };
    let manifest_text = MANIFEST.replace("1.0,", "\"1.0\",").replace(
        "\"en-US\": {\n",
        &format!("{}\"en-US\": {{\n", listing("de-DE", "tide tables")),
    );
    assert!(
        (4_500..6_500).contains(&manifest_text.len()),
        "{}",
        manifest_text.len()
    );
    let root = dir.path().join("skill-package");
    let manifest = uri(&root.join("skill.json"));
    for locale in ["en-US", "de-DE"] {
        let model = uri(&root.join(format!("interactionModels/custom/{locale}.json")));
        send(open(&model, MODEL));
    }
    send(open(&manifest, &manifest_text));
    // Everything published so far is in once the answer to a later request is.
    send(
        json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": manifest}, "position": {"line": 0, "character": 0}}}),
    );
    while receive()["id"] != 99 {}
    let mut waits = Vec::new();
    for version in 2..1_002 {
        let text = manifest_text.replace("every day", &format!("day {version}"));
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": manifest, "version": version}, "contentChanges": [{"text": text}]}});
        let started = Instant::now();
        send(change);
        loop {
            let message = receive();
            if message["params"]["uri"] == manifest.as_str() {
                assert_eq!(message["params"]["version"], version);
                waits.push(started.elapsed());
                break;
            }
        }
        // The models re-checked after the manifest.
        receive();
        receive();
    }
    waits.sort();
    let percentile = |p: usize| waits[waits.len() * p / 100];
    println!(
        "didChange -> publishDiagnostics, {} edits of a {} byte manifest with two models open: p50 {:?}, p95 {:?}, max {:?}",
        waits.len(),
        manifest_text.len(),
        percentile(50),
        percentile(95),
        waits.last().unwrap()
    );
    // 100 documents open: the package's three and 97 more models.
    for i in 0..97 {
        let model = uri(&dir
            .path()
            .join(format!("other/{i}/interactionModels/custom/en-US.json")));
        send(open(&model, MODEL));
        receive();
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS"))
        .unwrap_or("VmRSS: unknown");
    println!("with 100 documents open: {rss}");
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    receive();
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(child.wait().unwrap().success());
}
