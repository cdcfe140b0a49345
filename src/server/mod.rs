//! `asklint server`: the Language Server Protocol over standard input and output.
//!
//! A third front end on the engine, beside `check` and `submit`: the open buffers are the
//! documents, checked as they are typed, with their skill package seen through the buffers
//! ([`documents::Overlay`]). Synchronous, like ruff's server: one thread handles the messages in
//! order; every message waiting is taken in before the changed documents are checked, so a burst
//! of edits costs one check of the latest text. Logs go to standard error; every message sent
//! goes through the secrets scrubber first.

// lsp-types' `Uri` hashes, compares and orders by its text, which never changes; clippy sees the
// lazily filled parts inside it.
#![allow(clippy::mutable_key_type)]

mod assist;
mod documents;
pub mod transport;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeDescription,
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentDiagnosticParams, Hover, HoverContents, HoverParams,
    InitializeParams, Location, MarkupContent, MarkupKind, NumberOrString, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};

use crate::check::{CheckOptions, Checked, Origin};
use crate::config::{Config, ConfigError};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::rule::Rule;
use crate::secrets::Secrets;
use crate::source::{ColumnUnit, SourceText};
use documents::{Documents, Overlay};

/// The code action kind of "apply every safe fix".
pub const FIX_ALL: &str = "source.fixAll.asklint";

/// The secrets of the environment (as `asklint check` knows them): never in a message or a log.
static SECRETS: LazyLock<Secrets> =
    LazyLock::new(|| crate::submit::environment_secrets(crate::submit::TOKEN_ENV));

/// A line on standard error (never standard output: that is the protocol's).
pub(crate) fn log(message: &str) {
    eprintln!("asklint server: {}", SECRETS.scrub(message));
}

/// `asklint server`: serve the client on standard input and output until it says `exit`.
pub fn run() -> std::process::ExitCode {
    let (connection, threads) = transport::stdio();
    let outcome = serve(&connection);
    drop(connection);
    threads.join();
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            log(&message);
            std::process::ExitCode::from(1)
        }
    }
}

/// Serve one client on `connection`: the protocol from `initialize` to `exit`. `Err` when the
/// client goes away without `shutdown` and `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let Some(mut server) = initialize(connection)? else {
        return Ok(());
    };
    server.register_watchers();
    while let Ok(message) = connection.receiver.recv() {
        if server.take(message) {
            return Ok(());
        }
        // Take in every message already waiting before checking anything: of a burst of changes,
        // only the latest text is checked.
        while let Ok(message) = connection.receiver.try_recv() {
            if server.take(message) {
                return Ok(());
            }
        }
        server.publish_dirty();
    }
    if server.shut_down {
        Ok(())
    } else {
        Err("the client went away without `shutdown` and `exit`".to_owned())
    }
}

/// Answer everything before `initialize` as the protocol says, then `initialize` itself. `None`
/// when the client says `exit` first.
fn initialize(connection: &Connection) -> Result<Option<Server<'_>>, String> {
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Err("the client went away before `initialize`".to_owned());
        };
        match message {
            Message::Request(request) if request.method == "initialize" => {
                let params: InitializeParams = match serde_json::from_value(request.params) {
                    Ok(params) => params,
                    Err(err) => {
                        send(
                            connection,
                            Response::new_err(
                                request.id,
                                ErrorCode::InvalidParams as i32,
                                format!("initialize: {err}"),
                            )
                            .into(),
                        );
                        continue;
                    }
                };
                let server = Server::new(connection, &params);
                let result = json!({
                    "capabilities": server.capabilities(),
                    "serverInfo": {"name": "asklint", "version": env!("CARGO_PKG_VERSION")},
                });
                send(connection, Response::new_ok(request.id, result).into());
                return Ok(Some(server));
            }
            Message::Request(request) => send(
                connection,
                Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized".to_owned(),
                )
                .into(),
            ),
            Message::Notification(n) if n.method == "exit" => return Ok(None),
            _ => {}
        }
    }
}

/// Send a message, with every secret taken out of it.
fn send(connection: &Connection, message: Message) {
    let message = if SECRETS.is_empty() {
        message
    } else {
        let mut value = serde_json::to_value(&message).unwrap_or(Value::Null);
        SECRETS.scrub_value(&mut value);
        serde_json::from_value(value).unwrap_or(message)
    };
    let _ = connection.sender.send(message);
}

/// One client's session.
struct Server<'c> {
    connection: &'c Connection,
    /// What the client's columns count.
    encoding: ColumnUnit,
    /// The client pulls diagnostics (`textDocument/diagnostic`): they are not pushed.
    pull: bool,
    /// The client can be asked to pull again (`workspace/diagnostic/refresh`).
    refresh: bool,
    /// The client registers file watchers on request.
    watch: bool,
    documents: Documents,
    /// Documents to check and publish once the waiting messages are taken in.
    dirty: BTreeSet<Uri>,
    /// The document changed last: published first, before its package mates.
    edited: Option<Uri>,
    /// The last good configuration of each `asklint.toml` loaded; a broken one keeps the last
    /// good (or none).
    configs: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The configuration files with diagnostics published.
    broken_configs: BTreeSet<PathBuf>,
    /// The options of files no configuration governs.
    default_options: CheckOptions,
    shut_down: bool,
    next_id: i32,
}

/// A checked document: its findings (those the configuration hides are left out) and the rules
/// it was checked with.
struct Report {
    checked: Checked,
    rules: Vec<&'static dyn Rule>,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Self {
        let capabilities = &params.capabilities;
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        // The client's first preference that we speak; UTF-16 when it offers none.
        let encoding = offered
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(ColumnUnit::Byte),
                "utf-16" => Some(ColumnUnit::Utf16),
                "utf-32" => Some(ColumnUnit::Char),
                _ => None,
            })
            .unwrap_or(ColumnUnit::Utf16);
        let text_document = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        Server {
            connection,
            encoding,
            pull: text_document.is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            documents: Documents::default(),
            dirty: BTreeSet::new(),
            edited: None,
            configs: HashMap::new(),
            broken_configs: BTreeSet::new(),
            default_options: CheckOptions::with_rules(crate::rules::all().to_vec()),
            shut_down: false,
            next_id: 0,
        }
    }

    fn capabilities(&self) -> Value {
        let encoding = match self.encoding {
            ColumnUnit::Byte => PositionEncodingKind::UTF8,
            ColumnUnit::Utf16 => PositionEncodingKind::UTF16,
            ColumnUnit::Char => PositionEncodingKind::UTF32,
        };
        json!({
            "positionEncoding": encoding,
            // Incremental: a keystroke in a 10 MB model sends the keystroke, not the model.
            "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
            "hoverProvider": true,
            "completionProvider": {"triggerCharacters": ["\"", ":"]},
            "codeActionProvider": {
                "codeActionKinds": [CodeActionKind::QUICKFIX, FIX_ALL],
                "resolveProvider": false,
            },
            "diagnosticProvider": {
                "identifier": "asklint",
                // A manifest's findings change when its models change.
                "interFileDependencies": true,
                "workspaceDiagnostics": false,
            },
        })
    }

    /// Ask the client to watch the configuration files, when it can.
    fn register_watchers(&mut self) {
        if !self.watch {
            return;
        }
        let params = json!({"registrations": [{
            "id": "asklint-config",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [{"globPattern": format!("**/{}", crate::config::FILE_NAME)}]},
        }]});
        self.request("client/registerCapability", params);
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("asklint-{}", self.next_id));
        self.send(Request::new(id, method.to_owned(), params).into());
    }

    fn send(&self, message: Message) {
        send(self.connection, message);
    }

    /// Handle one message; `true` when the session is over (`exit`).
    fn take(&mut self, message: Message) -> bool {
        // A bug met by one message must not end the session: the message gets an internal error.
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(message))) {
            Ok(exit) => exit,
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                log(&format!("a message failed: {why}"));
                if let Some(id) = id {
                    self.send(Response::new_err(id, ErrorCode::InternalError as i32, why).into());
                }
                false
            }
        }
    }

    fn handle(&mut self, message: Message) -> bool {
        match message {
            Message::Request(request) => {
                self.on_request(request);
                false
            }
            Message::Notification(notification) => self.on_notification(notification),
            // Answers to our own requests (watcher registration, refresh): nothing to do.
            Message::Response(_) => false,
        }
    }

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shut_down {
            let error = ErrorCode::InvalidRequest as i32;
            let message = "the server is shut down".to_owned();
            return self.send(Response::new_err(id, error, message).into());
        }
        let result = match method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "initialize" => Err((
                ErrorCode::InvalidRequest,
                "the server is initialized already".to_owned(),
            )),
            "textDocument/diagnostic" => {
                parse(params).map(|p: DocumentDiagnosticParams| self.pull_diagnostics(&p))
            }
            "textDocument/codeAction" => {
                parse(params).map(|p: CodeActionParams| self.code_actions(&p))
            }
            "textDocument/hover" => parse(params).map(|p: HoverParams| self.hover(&p)),
            "textDocument/completion" => {
                parse(params).map(|p: CompletionParams| self.completion(&p))
            }
            _ => Err((ErrorCode::MethodNotFound, format!("no method `{method}`"))),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    /// Handle a notification; `true` on `exit`.
    fn on_notification(&mut self, notification: Notification) -> bool {
        let Notification { method, params } = notification;
        let outcome = match method.as_str() {
            "exit" => return true,
            "textDocument/didOpen" => parse(params).map(|p: DidOpenTextDocumentParams| {
                let document = p.text_document;
                self.documents
                    .open(document.uri.clone(), document.text, document.version);
                self.changed(&document.uri);
            }),
            "textDocument/didChange" => {
                parse(params).map(|p: DidChangeTextDocumentParams| self.did_change(p))
            }
            "textDocument/didSave" => parse(params).map(|p: DidSaveTextDocumentParams| {
                let uri = p.text_document.uri;
                match documents::path_of(&uri) {
                    Some(path) if is_config(&path) => self.reload_config(&path),
                    _ => self.changed(&uri),
                }
            }),
            "textDocument/didClose" => parse(params).map(|p: DidCloseTextDocumentParams| {
                let uri = p.text_document.uri;
                if let Some(document) = self.documents.close(&uri) {
                    self.dirty.remove(&uri);
                    if !self.pull {
                        self.publish(&uri, Vec::new(), None);
                    }
                    // Its package mates now see the file on disk.
                    if let Some(path) = &document.path {
                        self.dirty.extend(self.documents.package_mates(path));
                    }
                }
            }),
            "workspace/didChangeWatchedFiles" => {
                parse(params).map(|p: DidChangeWatchedFilesParams| {
                    for change in p.changes {
                        match documents::path_of(&change.uri) {
                            Some(path) if is_config(&path) => self.reload_config(&path),
                            // A model or manifest changed on disk: its open mates re-check.
                            Some(path) => {
                                let mates = self.documents.package_mates(&path);
                                self.dirty.extend(mates);
                            }
                            None => {}
                        }
                    }
                })
            }
            transport::UNREADABLE_REQUEST => {
                if let (Ok(id), Some(message)) = (
                    serde_json::from_value::<RequestId>(params["id"].clone()),
                    params["message"].as_str(),
                ) {
                    let error = ErrorCode::InvalidRequest as i32;
                    self.send(Response::new_err(id, error, message.to_owned()).into());
                }
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err((_, message)) = outcome {
            log(&message);
        }
        false
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding;
        let Some(document) = self.documents.get_mut(&uri) else {
            log(&format!("a change to {} which is not open", uri.as_str()));
            return;
        };
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let source = SourceText::new(document.text.as_str());
                    let start = offset(&source, range.start, encoding);
                    let end = offset(&source, range.end, encoding).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = params.text_document.version;
        self.changed(&uri);
    }

    /// A document's text changed: it and its package mates are checked once the waiting messages
    /// are in.
    fn changed(&mut self, uri: &Uri) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        if let Some(path) = &document.path {
            self.dirty.extend(self.documents.package_mates(path));
        }
        self.dirty.insert(uri.clone());
        self.edited = Some(uri.clone());
    }

    /// Check and publish every dirty document (or, for a client that pulls, ask it to pull).
    fn publish_dirty(&mut self) {
        let mut dirty: Vec<Uri> = std::mem::take(&mut self.dirty).into_iter().collect();
        if dirty.is_empty() {
            return;
        }
        // What the user just typed in first; its package mates after it.
        if let Some(edited) = self.edited.take()
            && let Some(i) = dirty.iter().position(|uri| *uri == edited)
        {
            dirty[..=i].rotate_right(1);
        }
        if self.pull {
            if self.refresh {
                self.request("workspace/diagnostic/refresh", Value::Null);
            }
            return;
        }
        for uri in dirty {
            let Some(version) = self.documents.get(&uri).map(|d| d.version) else {
                continue;
            };
            let diagnostics = self.diagnostics(&uri);
            self.publish(&uri, diagnostics, Some(version));
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".to_owned(), params).into());
    }

    fn pull_diagnostics(&mut self, params: &DocumentDiagnosticParams) -> Value {
        let items = self.diagnostics(&params.text_document.uri);
        json!({"kind": "full", "items": items})
    }

    /// The LSP diagnostics of an open document: none when it is not one of asklint's files.
    fn diagnostics(&mut self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let Some(report) = self.check(uri) else {
            return Vec::new();
        };
        let source = &report.checked.report.source;
        report
            .checked
            .report
            .diagnostics
            .iter()
            .map(|d| self.to_lsp(d, source, uri, &report.rules))
            .collect()
    }

    /// Check an open document as it is now.
    fn check(&mut self, uri: &Uri) -> Option<Report> {
        let document = self.documents.get(uri)?;
        let path = document.path.clone();
        if path.as_deref().is_some_and(is_config) {
            return None;
        }
        let text = document.text.clone();
        self.check_text(path.as_deref(), uri, &text)
    }

    /// Check `text` as the document at `path` (its configuration, its package through the open
    /// buffers). `None` when it is not one of asklint's files, or its configuration excludes it.
    fn check_text(&mut self, path: Option<&Path>, uri: &Uri, text: &str) -> Option<Report> {
        let config = path.and_then(|p| self.config_for(p));
        self.check_with(config.as_ref(), path, uri, text)
    }

    /// [`Server::check_text`] with the configuration found.
    fn check_with(
        &self,
        config: Option<&Arc<Config>>,
        path: Option<&Path>,
        uri: &Uri,
        text: &str,
    ) -> Option<Report> {
        let name = path.map_or_else(|| Path::new(uri.as_str()).to_owned(), Path::to_owned);
        if let Some(config) = config
            && config.excluded(&name).is_some()
        {
            return None;
        }
        let options = config.map_or(&self.default_options, |c| c.options());
        let display = crate::files::display(&name);
        if text.len() as u64 > crate::read::DOCUMENT.bytes() {
            let report = crate::check::FileReport {
                path: display,
                kind: None,
                source: SourceText::new(""),
                diagnostics: vec![crate::check::too_large(crate::read::DOCUMENT)],
            };
            let checked = Checked {
                report,
                value: None,
            };
            let rules = options.rules.clone();
            return Some(Report { checked, rules });
        }
        let kind = config.and_then(|c| c.kind_for(&name));
        let overlay = Overlay {
            documents: &self.documents,
        };
        let mut checked = crate::check::check_document(
            &display,
            &name,
            text.as_bytes(),
            options,
            kind,
            Origin::Walked,
            &overlay,
        )?;
        if let Some(config) = config {
            config.apply(&name, &mut checked.report.diagnostics);
        }
        checked
            .report
            .diagnostics
            .retain(|d| d.suppressed.is_none());
        let rules = options.rules.clone();
        Some(Report { checked, rules })
    }

    /// The configuration that governs `path`: the nearest `asklint.toml` from its folder upward,
    /// stopping at the repository root; the last good one when it is broken now.
    fn config_for(&mut self, path: &Path) -> Option<Arc<Config>> {
        let file = nearest_config(path)?;
        if !self.configs.contains_key(&file) {
            self.load_config(&file);
        }
        self.configs.get(&file).cloned().flatten()
    }

    /// Load `file` again: when it is good, it governs from now on and its diagnostics are cleared;
    /// when it is broken, its diagnostics are published on it and the last good one stays.
    fn reload_config(&mut self, file: &Path) {
        self.load_config(file);
        // Every open document may be governed by it.
        self.dirty.extend(self.documents.uris().cloned());
    }

    /// Load `file`: the configuration that governs from now on when it is good, its diagnostics
    /// (and the last good one kept) when it is broken.
    fn load_config(&mut self, file: &Path) {
        let cli = crate::config::Cli::default();
        match Config::load(file, crate::read::Opening::Found, &cli) {
            Ok(config) => {
                self.configs.insert(file.to_owned(), Some(Arc::new(config)));
                if self.broken_configs.remove(file)
                    && let Some(uri) = documents::uri_of(file)
                {
                    self.publish(&uri, Vec::new(), None);
                }
            }
            Err(error) => {
                self.configs.entry(file.to_owned()).or_insert(None);
                self.broken_configs.insert(file.to_owned());
                if let Some(uri) = documents::uri_of(file) {
                    let diagnostics = self.config_diagnostics(&uri, &error);
                    self.publish(&uri, diagnostics, None);
                }
            }
        }
    }

    fn config_diagnostics(&self, uri: &Uri, error: &ConfigError) -> Vec<lsp_types::Diagnostic> {
        match error {
            ConfigError::Invalid(report) => report
                .diagnostics
                .iter()
                .map(|d| self.to_lsp(d, &report.source, uri, &[]))
                .collect(),
            ConfigError::Unreadable(error) => {
                let d = Diagnostic::new(
                    crate::diagnostic::codes::INVALID_CONFIG,
                    format!("cannot be read: {}", error.message),
                    "",
                    0..0,
                );
                vec![self.to_lsp(&d, &SourceText::new(""), uri, &[])]
            }
        }
    }

    /// An asklint diagnostic as the client sees it: its range in the client's encoding, its code
    /// with a link to its documentation, its secondary labels, and its fix (as `data`).
    fn to_lsp(
        &self,
        d: &Diagnostic,
        source: &SourceText,
        uri: &Uri,
        rules: &[&'static dyn Rule],
    ) -> lsp_types::Diagnostic {
        let url = rules.iter().find(|r| r.meta().code == d.code).map_or_else(
            || crate::diagnostic::docs_url(d.code, d.name),
            |r| r.meta().url(),
        );
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .map(|label| DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: self.range(source, &label.range),
                },
                message: label.message.clone(),
            })
            .collect();
        lsp_types::Diagnostic {
            range: self.range(source, &d.range),
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(d.code.to_owned())),
            code_description: url.parse().ok().map(|href| CodeDescription { href }),
            source: Some("asklint".to_owned()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: d.fix.as_ref().map(|fix| {
                json!({"fix": {
                    "title": fix.message,
                    "applicability": fix.applicability.as_str(),
                    "edits": self.text_edits(source, fix),
                }})
            }),
        }
    }

    fn range(&self, source: &SourceText, range: &std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(source, range.start),
            end: self.position(source, range.end),
        }
    }

    fn position(&self, source: &SourceText, offset: usize) -> Position {
        let (line, column) = source.lsp_position(offset, self.encoding);
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn text_edits(&self, source: &SourceText, fix: &crate::fix::Fix) -> Vec<TextEdit> {
        fix.edits
            .iter()
            .map(|edit| TextEdit {
                range: self.range(source, &edit.range),
                new_text: edit.content.clone(),
            })
            .collect()
    }

    /// A quick fix for each fixable finding in the range, and one action that applies every safe
    /// fix (`source.fixAll.asklint`), as `check --fix` would.
    fn code_actions(&mut self, params: &CodeActionParams) -> Value {
        let uri = &params.text_document.uri;
        let Some(report) = self.check(uri) else {
            return json!([]);
        };
        let wanted = |kind: &str| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| is_kind_within(kind, o.as_str())))
        };
        let source = &report.checked.report.source;
        let start = offset(source, params.range.start, self.encoding);
        let end = offset(source, params.range.end, self.encoding).max(start);
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            for d in &report.checked.report.diagnostics {
                let Some(fix) = &d.fix else { continue };
                let touches = d.range.start <= end && start <= d.range.end;
                if !touches || fix.applicability == Applicability::DisplayOnly {
                    continue;
                }
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("{} ({})", fix.message, d.code)
                } else {
                    format!("{} ({}, unsafe)", fix.message, d.code)
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![self.to_lsp(d, source, uri, &report.rules)]),
                    edit: Some(self.edit(uri, self.text_edits(source, fix))),
                    command: None,
                    is_preferred: Some(safe),
                    disabled: None,
                    data: None,
                }));
            }
        }
        if wanted(FIX_ALL)
            && let Some(edit) = self.fix_all(uri, &report)
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safely fixable asklint findings".to_owned(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                diagnostics: None,
                edit: Some(self.edit(uri, vec![edit])),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
        }
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }

    /// Every safe fix, applied until nothing changes (as `check --fix`), as one edit of the whole
    /// document; `None` when there is nothing to fix.
    fn fix_all(&mut self, uri: &Uri, report: &Report) -> Option<TextEdit> {
        let safe = report
            .checked
            .report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .any(|f| f.applicability == Applicability::Safe);
        if !safe {
            return None;
        }
        let document = self.documents.get(uri)?;
        let path = document.path.clone();
        let text = document.text.clone();
        let config = path.as_deref().and_then(|p| self.config_for(p));
        let outcome = crate::fix::fix_until_stable(&text, false, |text| {
            self.check_with(config.as_ref(), path.as_deref(), uri, text)
                .map(|report| report.checked)
        });
        let crate::fix::Outcome::Fixed { text: fixed, .. } = outcome else {
            return None;
        };
        let source = &report.checked.report.source;
        Some(TextEdit {
            range: self.range(source, &(0..text.len())),
            new_text: fixed,
        })
    }

    fn edit(&self, uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
        WorkspaceEdit {
            changes: Some(std::iter::once((uri.clone(), edits)).collect()),
            document_changes: None,
            change_annotations: None,
        }
    }

    /// On a finding, its rule's documentation; on a key, the schema's description of it.
    fn hover(&mut self, params: &HoverParams) -> Value {
        let at = &params.text_document_position_params;
        let Some(report) = self.check(&at.text_document.uri) else {
            return Value::Null;
        };
        let source = &report.checked.report.source;
        let offset = offset(source, at.position, self.encoding);
        let mut sections: Vec<String> = Vec::new();
        let mut range = None;
        for d in &report.checked.report.diagnostics {
            let here = d.range.start <= offset && offset <= d.range.end;
            if !here
                || sections
                    .iter()
                    .any(|s| s.contains(&format!("({})", d.code)))
            {
                continue;
            }
            range.get_or_insert_with(|| self.range(source, &d.range));
            sections.push(code_docs(d, &report.rules));
        }
        if let Some(kind) = report.checked.report.kind
            && let Some((key_range, description)) =
                assist::describe_key(kind, source.text(), offset)
        {
            range.get_or_insert_with(|| self.range(source, &key_range));
            sections.push(description);
        }
        if sections.is_empty() {
            return Value::Null;
        }
        let hover = Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: sections.join("\n\n---\n\n"),
            }),
            range,
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }

    /// Property names valid at the cursor, and the values a property takes, from the document
    /// kind's schema.
    fn completion(&mut self, params: &CompletionParams) -> Value {
        let at = &params.text_document_position;
        let Some(report) = self.check(&at.text_document.uri) else {
            return Value::Null;
        };
        let Some(kind) = report.checked.report.kind else {
            return Value::Null;
        };
        let source = &report.checked.report.source;
        let offset = offset(source, at.position, self.encoding);
        let items: Vec<CompletionItem> = assist::complete(kind, source.text(), offset)
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label,
                kind: Some(if c.is_key {
                    CompletionItemKind::PROPERTY
                } else {
                    CompletionItemKind::ENUM_MEMBER
                }),
                documentation: c.description.map(|d| {
                    lsp_types::Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: d,
                    })
                }),
                text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                    range: self.range(source, &c.replace),
                    new_text: c.insert,
                })),
                ..CompletionItem::default()
            })
            .collect();
        serde_json::to_value(CompletionResponse::Array(items)).unwrap_or(Value::Null)
    }
}

/// Whether a code action kind is `wanted` or under it (`source.fixAll.asklint` is under
/// `source.fixAll` and `source`).
fn is_kind_within(kind: &str, wanted: &str) -> bool {
    kind == wanted || kind.starts_with(&format!("{wanted}."))
}

/// The documentation of a finding's code, as `asklint explain` prints it.
fn code_docs(d: &Diagnostic, rules: &[&'static dyn Rule]) -> String {
    if let Some(rule) = rules.iter().find(|r| r.meta().code == d.code) {
        return crate::docs::render_rule(rule.meta());
    }
    match crate::diagnostic::codes::ALL
        .iter()
        .find(|c| c.code == d.code)
    {
        Some(code) => crate::docs::render_code(code),
        None => format!("**{} ({})**", d.name, d.code),
    }
}

/// A client's position as a byte offset into `source`, clamped to the text.
fn offset(source: &SourceText, position: Position, encoding: ColumnUnit) -> usize {
    source.lsp_offset(
        position.line as usize,
        position.character as usize,
        encoding,
    )
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::config::FILE_NAME)
}

/// The nearest `asklint.toml` from `path`'s folder upward, stopping at the repository root (the
/// folder with `.git`), as `asklint check` finds it.
fn nearest_config(path: &Path) -> Option<PathBuf> {
    let mut folder = path.parent();
    while let Some(dir) = folder {
        let candidate = dir.join(crate::config::FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
        folder = dir.parent();
    }
    None
}

/// A message's parameters, or the error that says why they are not.
fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|err| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters: {err}"),
        )
    })
}
