//! `asklint submit` and `asklint api`: check a request, then send it to SMAPI.
//!
//! A request is a request file (kind `smapi-request`) or one built from `asklint api` flags; both
//! go through the same pipeline as `asklint check`, with the skill.json a `manifestFile` names.
//! Nothing is sent unless every document of a request passed its checks, and every secret the run
//! knows is taken out of what it prints, as data, before it is rendered ([`crate::secrets`]).

mod auth;
mod client;
mod operation;
mod resolve;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use serde::Serialize;
use serde_json::{Value, json};

use crate::check::{Checked, FileReport, Origin};
use crate::config::{self, Governed, Resolver};
use crate::diagnostic::Severity;
use crate::files::{self, PathError};
use crate::kind::Kind;
use crate::output::{self, FileResult, Format, Run, Style, escape};
use crate::read;
use crate::secrets::Secrets;
use auth::TokenSource;
use client::{Answer, Client, Limits, Waited};
use operation::Call;

pub use auth::{TOKEN_ENV, environment_secrets};
pub use client::Region;
pub use operation::Operation;

/// How requests are sent; shared by `submit` and `api`.
#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// Print each HTTP request exactly as it would go (token redacted) and send nothing
    #[arg(long)]
    dry_run: bool,
    /// `human`, or `json` (one document: the checks, then each request's outcome and response)
    #[arg(long, value_enum, default_value_t = SendFormat::Human)]
    format: SendFormat,
    /// The SMAPI host: `na` (api.amazonalexa.com), `eu` or `fe` (Smart Properties regions)
    #[arg(long, value_enum, default_value_t = Region::Na)]
    region: Region,
    /// Send to this origin instead (`https://host[:port]`; plain http only to loopback)
    #[arg(long, value_name = "URL", conflicts_with = "region")]
    endpoint: Option<String>,
    /// Read the LWA access token from this file
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// The environment variable that holds the LWA access token
    #[arg(long, value_name = "NAME", default_value = TOKEN_ENV)]
    token_env: String,
    /// Use the token ASK CLI saved for this profile (~/.ask/cli_config), refreshed when expired
    #[arg(long, value_name = "NAME")]
    ask_profile: Option<String>,
    /// The Login with Amazon token endpoint, for refresh-token exchanges
    #[arg(long, value_name = "URL", default_value = auth::LWA_ENDPOINT)]
    lwa_endpoint: String,
    /// List calls: follow `nextToken` and print every page's items as one list
    #[arg(long)]
    all: bool,
    /// `--all` stops after this many pages, and says so
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    max_pages: u32,
    /// `--all` fetches no page after this long, and says so
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = humantime::parse_duration)]
    all_timeout: Duration,
    /// After a 202 (create, update): do not wait for the build status
    #[arg(long)]
    no_wait: bool,
    /// Give up connecting after this long
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    connect_timeout: Duration,
    /// Give up on one HTTP exchange (response body included) after this long
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = humantime::parse_duration)]
    timeout: Duration,
    /// Give up waiting for a 202's build status after this long
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = humantime::parse_duration)]
    wait_timeout: Duration,
    /// The first pause between two status polls (it doubles, up to 10 s)
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = humantime::parse_duration)]
    poll_interval: Duration,
    /// Tries of one call (429, 503, and for calls safe to repeat 500/502/504 and lost connections)
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    tries: u32,
    /// The longest Retry-After to honour; a longer one ends the call
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = humantime::parse_duration)]
    max_retry_after: Duration,
    /// Use this configuration file (instead of the nearest asklint.toml)
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long)]
    isolated: bool,
    /// What the payloads are checked for, as with `check --target`: under `development` (the
    /// default) findings that only certification requires do not stop a request
    #[arg(long, value_enum, value_name = "TARGET")]
    target: Option<crate::target::Target>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SendFormat {
    Human,
    Json,
}

/// `asklint api OPERATION`: the flags of a request file.
#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// The operation (aliases: enable, disable, create, update, status, delete)
    #[arg(value_enum)]
    operation: Operation,
    /// The skill (path parameter)
    #[arg(long, value_name = "ID")]
    skill_id: Option<String>,
    /// The Smart Properties unit (query parameter; the body of enable-skill)
    #[arg(long, value_name = "ID")]
    unit_id: Option<String>,
    /// development, certification or live
    #[arg(long, value_parser = enablement_stages())]
    stage: Option<String>,
    /// Your vendor ID (list-skills, create-skill)
    #[arg(long, value_name = "ID")]
    vendor_id: Option<String>,
    /// Items per page of a list call
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    max_results: Option<i64>,
    /// The page after this token
    #[arg(long, value_name = "TOKEN")]
    next_token: Option<String>,
    /// The skill.json to send (create-skill, update-skill)
    #[arg(long, value_name = "PATH")]
    manifest: Option<PathBuf>,
}

/// `--stage`: the enablement API's stages, as its schema lists them. A wrong one is a usage error
/// against the flag, with the values it takes.
fn enablement_stages() -> clap::builder::PossibleValuesParser {
    crate::schema::enum_values("enablement-request.schema.json", "/properties/stage").into()
}

/// A request to check and send.
pub struct Source {
    /// Where configuration is looked up from, and `manifestFile` resolved against.
    pub path: PathBuf,
    pub display: String,
    /// The document, when it is not read from `path`.
    pub text: Option<String>,
}

impl Source {
    pub fn file(path: PathBuf) -> Source {
        Source {
            display: files::display(&path),
            path,
            text: None,
        }
    }
}

impl ApiArgs {
    /// The request file these flags stand for, so they get the checks and diagnostics a file
    /// would.
    pub fn request(&self) -> Source {
        let mut request = serde_json::Map::new();
        request.insert("operation".into(), self.operation.name().into());
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                request.insert(key.into(), value);
            }
        };
        put("skillId", self.skill_id.clone().map(Value::from));
        if self.operation == Operation::EnableSkill {
            let mut body = serde_json::Map::new();
            if let Some(unit) = &self.unit_id {
                body.insert("unitId".into(), unit.clone().into());
            }
            if let Some(stage) = &self.stage {
                body.insert("stage".into(), stage.clone().into());
            }
            put("body", Some(body.into()));
        } else {
            put("unitId", self.unit_id.clone().map(Value::from));
            put("stage", self.stage.clone().map(Value::from));
        }
        put("vendorId", self.vendor_id.clone().map(Value::from));
        put("maxResults", self.max_results.map(Value::from));
        put("nextToken", self.next_token.clone().map(Value::from));
        put(
            "manifestFile",
            self.manifest
                .as_ref()
                .map(|p| Value::from(p.to_string_lossy().into_owned())),
        );
        let text = serde_json::to_string_pretty(&Value::Object(request))
            .expect("a JSON value serializes")
            + "\n";
        Source {
            // Configuration is looked up, and a relative --manifest read, from the current folder.
            path: PathBuf::from("asklint-api-request.json"),
            display: format!("<api {}>", self.operation.name()),
            text: Some(text),
        }
    }
}

/// Why a request was not sent.
enum NotSent {
    /// Its checks found errors, or a file could not be read; both are in the check run.
    Invalid,
    /// The documents passed but do not make a call (cannot happen after the schema; kept honest).
    Unbuildable(String),
}

struct Prepared {
    display: String,
    operation: Option<&'static str>,
    call: Result<Call, NotSent>,
    /// The request's own path: responses are checked under its configuration.
    path: PathBuf,
    /// What the user should know about the call before it goes (said on standard error).
    note: Option<String>,
}

/// How one request ended, most serious last (the exit code is the worst of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Outcome {
    DryRun,
    Succeeded,
    /// The server accepted the call (202) and its build goes on: asklint did not follow it to the
    /// end (`--no-wait`, no `Location`, or `--wait-timeout` ran out, which exits 2).
    Accepted,
    /// Not sent: its checks failed.
    Invalid,
    /// The call succeeded, but its response is not what the operation returns (not JSON, or
    /// not of its kind).
    UnexpectedResponse,
    /// The server answered 4xx or 5xx.
    Refused,
    /// The server answered 3xx: asklint does not follow redirects (the token would go along).
    Redirected,
    /// The build the call started ended FAILED.
    Failed,
    /// No answer: the network, or a timeout.
    NoAnswer,
}

impl Outcome {
    fn exit_code(self) -> u8 {
        match self {
            Outcome::DryRun | Outcome::Succeeded | Outcome::Accepted => 0,
            Outcome::Invalid
            | Outcome::UnexpectedResponse
            | Outcome::Refused
            | Outcome::Redirected
            | Outcome::Failed => 1,
            Outcome::NoAnswer => 2,
        }
    }
}

/// One request's record, for `--format json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    path: String,
    operation: Option<&'static str>,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    /// The response body (for a 202, the final build status; for `--all`, every page's items).
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Value>,
    /// The server's error: `code`, `message`, `type`, as it sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<usize>,
    /// `--all` stopped before the last page (a limit, or a repeated `nextToken`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    incomplete: bool,
    /// Accepted, and `--wait-timeout` ran out before the build ended.
    #[serde(skip)]
    wait_ran_out: bool,
}

impl Record {
    /// The record with every secret taken out of what the server sent and what was built from
    /// the request.
    fn scrubbed(mut self, secrets: &Secrets) -> Record {
        for text in [&mut self.url, &mut self.request_id, &mut self.message]
            .into_iter()
            .flatten()
        {
            secrets.scrub_string(text);
        }
        for value in [&mut self.body, &mut self.error].into_iter().flatten() {
            secrets.scrub_value(value);
        }
        self
    }

    fn new(prepared: &Prepared, outcome: Outcome) -> Record {
        Record {
            path: prepared.display.clone(),
            operation: prepared.operation,
            outcome,
            method: None,
            url: None,
            status: None,
            request_id: None,
            body: None,
            error: None,
            message: None,
            pages: None,
            incomplete: false,
            wait_ran_out: false,
        }
    }

    fn exit_code(&self) -> u8 {
        if self.wait_ran_out {
            2
        } else {
            self.outcome.exit_code()
        }
    }
}

/// Everything `submit` prints goes through here, scrubbed of secrets.
struct Printer {
    secrets: Secrets,
    human: bool,
    progress: bool,
}

impl Printer {
    /// Standard output (the human format only). What a server or a file said may hold control
    /// characters: they are shown escaped.
    fn say(&self, text: &str) {
        // Scrubbed before it is escaped, which could spell a secret differently.
        self.show(&escape::text(&self.secrets.scrub(text)));
    }

    /// Standard output, for text a renderer has already escaped (and maybe coloured).
    fn show(&self, text: &str) {
        if self.human {
            let mut out = io::stdout().lock();
            let _ = out.write_all(self.secrets.scrub(text).as_bytes());
            let _ = out.flush();
        }
    }

    /// A note on standard error: retries, waits, failures to start.
    fn note(&self, text: &str) {
        self.clear_progress();
        eprintln!("asklint: {}", escape::text(&self.secrets.scrub(text)));
    }

    /// A line that replaces itself, on a terminal only.
    fn progress(&self, text: &str) {
        if self.progress {
            eprint!("\r\x1b[2K{}", escape::line(&self.secrets.scrub(text)));
        }
    }

    fn clear_progress(&self) {
        if self.progress {
            eprint!("\r\x1b[2K");
        }
    }
}

/// Check every request, then send those that passed. Exit code: 0 all sent and succeeded (or
/// accepted without waiting, or printed with `--dry-run`); 1 a request failed its checks, or the
/// server refused or redirected it, or its build failed; 2 usage, I/O, no token, no answer, or a wait for a build that ran out.
pub fn run(sources: Vec<Source>, args: &SendArgs) -> io::Result<ExitCode> {
    let human = args.format == SendFormat::Human;
    let source = TokenSource::new(
        args.token_file.clone(),
        args.token_env.clone(),
        args.ask_profile.clone(),
        args.lwa_endpoint.clone(),
    );
    // Every secret that can be known without the network is known before anything is checked,
    // so that a token pasted into a request is taken out of its findings, even on a dry run.
    let mut printer = Printer {
        secrets: auth::known_secrets(&source),
        human,
        progress: io::stderr().is_terminal(),
    };
    if printer.secrets.has_short() {
        printer.note(&format!(
            "a token or client credential is shorter than {} characters: every occurrence of it is hidden from what asklint prints, inside ordinary words too",
            crate::secrets::SHORT
        ));
    }
    let origin = match &args.endpoint {
        Some(url) => match client::checked_origin(url) {
            Ok(origin) => origin,
            Err(message) => {
                printer.note(&format!("--endpoint: {message}"));
                return Ok(ExitCode::from(2));
            }
        },
        None => args.region.base().to_owned(),
    };
    if let Err(message) = client::split_url(&args.lwa_endpoint) {
        printer.note(&format!("--lwa-endpoint: {message}"));
        return Ok(ExitCode::from(2));
    }
    let style = Style {
        color: human && crate::output::auto_color(),
        width: crate::output::terminal_width(),
        ..Style::default()
    };
    let cli = config::Cli {
        target: args.target,
        ..config::Cli::default()
    };
    let resolver = Resolver::new(args.config.clone(), args.isolated, cli);
    let mut checks = Run::default();
    // Resolved (and rendered) only once the token is known, with every secret taken out.
    let mut reports = Vec::new();
    let prepared: Vec<Prepared> = sources
        .iter()
        .map(|source| prepare(source, &resolver, &mut reports, &mut checks.errors))
        .collect();
    let finished = resolver.finish();
    checks.rules = finished.rules;
    checks.target = finished.target;
    for error in finished.broken {
        match error {
            config::ConfigError::Unreadable(err) => checks.errors.push(err),
            config::ConfigError::Invalid(report) => reports.insert(0, *report),
        }
    }

    let sending = !args.dry_run && prepared.iter().any(|p| p.call.is_ok());
    let limits = Limits {
        connect_timeout: args.connect_timeout,
        call_timeout: args.timeout,
        attempts: args.tries,
        max_retry_after: args.max_retry_after,
        backoff: Duration::from_millis(500),
        wait_timeout: args.wait_timeout,
        poll_interval: args.poll_interval,
    };
    // The token is found before anything is printed, so that it is scrubbed from all of it.
    let token = if sending {
        auth::token(&source, &limits, &mut printer.secrets).map(Some)
    } else {
        Ok(None)
    };
    for mut report in reports {
        printer.secrets.scrub_report(&mut report);
        checks.files.push(output::resolve(report, human, &style));
    }
    for error in &mut checks.errors {
        printer.secrets.scrub_error(error);
    }
    let token = match token {
        Ok(token) => token,
        Err(message) => {
            print_checks(&printer, &checks)?;
            printer.note(&message);
            return Ok(ExitCode::from(2));
        }
    };
    print_checks(&printer, &checks)?;

    let note = |text: &str| printer.note(text);
    let client = Client::new(
        origin.clone(),
        token.as_deref().unwrap_or(""),
        limits,
        &note,
    );
    let mut records = Vec::new();
    let mut responses = Run::default();
    for request in &prepared {
        if let Some(note) = &request.note {
            printer.note(note);
        }
        let record = match &request.call {
            Err(NotSent::Invalid) => {
                printer.say(&format!(
                    "{}: {}: not sent: fix the errors above first\n",
                    request.display,
                    request.operation.unwrap_or("request")
                ));
                Record::new(request, Outcome::Invalid).scrubbed(&printer.secrets)
            }
            Err(NotSent::Unbuildable(message)) => {
                let mut record = Record::new(request, Outcome::Invalid);
                record.message = Some(message.clone());
                let record = record.scrubbed(&printer.secrets);
                printer.say(&format!(
                    "{}: not sent: {}\n",
                    record.path,
                    record.message.as_deref().unwrap_or_default()
                ));
                record
            }
            Ok(call) if args.dry_run => {
                let mut record = Record::new(request, Outcome::DryRun);
                record.method = Some(call.method);
                record.url = Some(client.url(&call.target()));
                record.body = call
                    .body
                    .as_deref()
                    .and_then(|b| serde_json::from_slice(b).ok());
                let record = record.scrubbed(&printer.secrets);
                printer.say(&dry_run(
                    &record,
                    call,
                    &origin,
                    &auth::describe(&source),
                    &printer.secrets,
                ));
                record
            }
            Ok(call) => {
                let (mut record, response) = send(request, call, &client, args, &printer);
                let findings = response.and_then(|(kind, bytes)| {
                    check_response(request, kind, &bytes, &printer.secrets, human, &style)
                });
                if let Some(result) = findings {
                    if result
                        .diagnostics
                        .iter()
                        .any(|d| d.diagnostic.severity == Severity::Error)
                    {
                        record.outcome = Outcome::UnexpectedResponse;
                    }
                    printer.say("  the response is not what asklint expects:\n");
                    // Rendered, so escaped (and maybe coloured) already.
                    printer.show(result.frames.as_deref().unwrap_or(""));
                    responses.files.push(result);
                }
                let record = record.scrubbed(&printer.secrets);
                if let Some(body) = &record.body {
                    printer.say(&format!(
                        "{}\n",
                        serde_json::to_string_pretty(body).expect("JSON serializes")
                    ));
                }
                record
            }
        };
        records.push(record);
    }
    let worst = records.iter().map(Record::exit_code).max();
    if human {
        printer.say(&summary(&records));
    } else {
        let mut document = json!({
            "version": 1,
            "tool": { "name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION") },
            "check": json_of(&checks)?,
            "requests": records,
        });
        if !responses.files.is_empty() {
            responses.rules = crate::rules::all().to_vec();
            document["responseCheck"] = json_of(&responses)?;
        }
        // Every string in it has been scrubbed: the checks, the records, the responses' checks.
        let text = serde_json::to_string_pretty(&document).expect("JSON serializes") + "\n";
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    let broken = !checks.errors.is_empty();
    let code = worst.unwrap_or(0).max(if broken { 2 } else { 0 });
    Ok(ExitCode::from(code))
}

/// Check a request and the manifest it names; the call it makes if both passed.
fn prepare(
    source: &Source,
    resolver: &Resolver,
    reports: &mut Vec<FileReport>,
    errors: &mut Vec<PathError>,
) -> Prepared {
    let mut prepared = Prepared {
        display: source.display.clone(),
        operation: None,
        call: Err(NotSent::Invalid),
        path: source.path.clone(),
        note: None,
    };
    let bytes = match &source.text {
        Some(text) => text.as_bytes().to_vec(),
        None => match read::file(&source.path, read::DOCUMENT, read::Opening::Named) {
            Ok(bytes) => bytes,
            Err(err) => {
                errors.push(PathError {
                    path: source.display.clone(),
                    message: err.to_string(),
                });
                return prepared;
            }
        },
    };
    let Some((request, passed)) = check_one(
        resolver,
        &source.path,
        &source.display,
        &bytes,
        Some(Kind::SmapiRequest),
        reports,
    ) else {
        return prepared;
    };
    prepared.operation = request
        .get("operation")
        .and_then(Value::as_str)
        .and_then(Operation::from_name)
        .map(Operation::name);
    let manifest = match request.get("manifestFile").and_then(Value::as_str) {
        Some(file) => {
            let path = source.path.parent().unwrap_or(Path::new("")).join(file);
            let display = files::display(&path);
            // `--manifest` was named on the command line; a file's `manifestFile` is confined.
            if source.text.is_none()
                && let Err(message) = inside_repository(&source.path, &path, file)
            {
                errors.push(PathError {
                    path: display,
                    message: format!("{message} (the manifestFile of {})", source.display),
                });
                return prepared;
            }
            // Found in a file, not named by the user: read only if it is a regular file.
            match read::file(&path, read::DOCUMENT, read::Opening::Found) {
                Ok(bytes) => {
                    match check_one(resolver, &path, &display, &bytes, None, reports) {
                        Some(checked) => Some(checked),
                        // Not JSON, or its configuration is broken: its findings say which.
                        None => return prepared,
                    }
                }
                Err(err) => {
                    errors.push(PathError {
                        path: display,
                        message: format!("{err} (the manifestFile of {})", source.display),
                    });
                    return prepared;
                }
            }
        }
        None => None,
    };
    let manifest_passed = manifest.as_ref().is_none_or(|(_, passed)| *passed);
    if passed && manifest_passed {
        prepared.call = operation::call_for(&request, manifest.as_ref().map(|(v, _)| v))
            .map_err(NotSent::Unbuildable);
        // A v1 skill.json goes to the v0 create and update calls, under their key: say so, so
        // that nobody looks for a v1 call in the logs or blames v1 for a v0 answer.
        let v1 = manifest
            .as_ref()
            .is_some_and(|(m, _)| m.get("manifest").is_some_and(Value::is_object));
        if let (true, Ok(call)) = (v1, &prepared.call) {
            prepared.note = Some(format!(
                "{}: {} sends the v1 `manifest` of its manifest file as v0's `skillManifest` \
                 ({} {}): asklint makes SMAPI's v0 skill calls",
                source.display,
                call.operation.name(),
                call.method,
                call.path,
            ));
        }
    }
    prepared
}

/// A request file's `manifestFile` is read only inside the request's repository: the nearest
/// folder above the request file that holds `.git`, or the request file's own folder when there
/// is none. A request file from elsewhere (a download, a shared folder) cannot make asklint read,
/// and print in a code frame, any file the user can read. Symbolic links are followed first.
fn inside_repository(request: &Path, manifest: &Path, named: &str) -> Result<(), String> {
    let folder = match request.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let Ok(folder) = folder.canonicalize() else {
        return Ok(());
    };
    let root = folder
        .ancestors()
        .find(|a| a.join(".git").exists())
        .unwrap_or(&folder);
    // A file that does not exist is reported by the read that follows.
    match manifest.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(format!(
            "`{named}` is outside the request's {} ({}); asklint reads a manifestFile only inside it",
            if root.join(".git").exists() {
                "repository"
            } else {
                "folder, which is in no git repository"
            },
            Some(files::display(root))
                .filter(|shown| !shown.is_empty())
                .unwrap_or_else(|| ".".to_owned()),
        )),
        _ => Ok(()),
    }
}

/// Check one document under its configuration and add its report to `reports`: its value, and
/// whether it passed (no error). `None` when it cannot be checked (its configuration is broken).
fn check_one(
    resolver: &Resolver,
    path: &Path,
    display: &str,
    bytes: &[u8],
    kind: Option<Kind>,
    reports: &mut Vec<FileReport>,
) -> Option<(Value, bool)> {
    let governed = resolver.governing(path);
    let config = match &governed {
        Governed::By(config) => Some(&**config),
        Governed::Nothing => None,
        Governed::Broken => return None,
    };
    let Checked { mut report, value } =
        // Named by the user or by a request's `manifestFile`: meant to be ours, whatever its shape.
        resolver.check(config, path, display, bytes, kind, Origin::Claimed)?;
    let passed = !report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.suppressed.is_none());
    report.diagnostics.retain(|d| d.suppressed.is_none());
    reports.push(report);
    Some((value?, passed))
}

fn print_checks(printer: &Printer, checks: &Run) -> io::Result<()> {
    let findings = checks.files.iter().any(|f| !f.diagnostics.is_empty());
    if printer.human && (findings || !checks.errors.is_empty()) {
        let mut text = Vec::new();
        output::write(checks, Format::Human, false, &mut text)?;
        printer.show(&String::from_utf8_lossy(&text));
        printer.show("\n");
    }
    Ok(())
}

/// The request as it would go on the wire, but for the secrets in it (`record` is scrubbed).
fn dry_run(record: &Record, call: &Call, origin: &str, token: &str, secrets: &Secrets) -> String {
    let host = origin.split_once("://").map_or(origin, |(_, host)| host);
    let mut text = format!(
        "# {} ({}): not sent (--dry-run)\n{} {} HTTP/1.1\nHost: {host}\nUser-Agent: asklint/{}\nAccept: application/json\nAuthorization: Bearer <redacted: {token}>\n",
        record.path,
        call.operation.name(),
        call.method,
        secrets.scrub(&call.target()),
        env!("CARGO_PKG_VERSION"),
    );
    if let Some(body) = &call.body {
        let shown = match &record.body {
            Some(value) => value.to_string(),
            None => secrets.scrub(&String::from_utf8_lossy(body)).into_owned(),
        };
        text.push_str(&format!(
            "Content-Type: application/json\nContent-Length: {}\n\n{shown}\n",
            body.len(),
        ));
    }
    text.push('\n');
    text
}

/// Send one call and follow it: a 202's status, or `--all`'s pages. The response to check, with
/// its kind, comes back beside the record.
fn send(
    request: &Prepared,
    call: &Call,
    client: &Client,
    args: &SendArgs,
    printer: &Printer,
) -> (Record, Option<(Kind, Vec<u8>)>) {
    let url = client.url(&call.target());
    printer.say(&format!(
        "{}: {}\n  {} {url}\n",
        request.display,
        call.operation.name(),
        call.method
    ));
    let mut record = Record::new(request, Outcome::NoAnswer);
    record.method = Some(call.method);
    record.url = Some(url);
    let answer = match client.send(call) {
        Ok(answer) => answer,
        Err(failure) => {
            printer.say(&format!("  no answer: {}\n", failure.message));
            record.message = Some(failure.message);
            return (record, None);
        }
    };
    answered(&mut record, &answer, printer);
    if !(200..300).contains(&answer.status) {
        refused(&mut record, &answer, printer);
        return (record, None);
    }
    if answer.truncated {
        let message = format!(
            "the response body is over {} MiB; it was not read",
            client::MAX_BODY >> 20
        );
        printer.say(&format!("  {message}\n"));
        record.outcome = Outcome::UnexpectedResponse;
        record.message = Some(message);
        return (record, None);
    }
    record.outcome = Outcome::Succeeded;
    record.body = answer.json();
    let mut response = call
        .operation
        .response_kind()
        .map(|kind| (kind, answer.body.clone()));
    match (&answer.location, answer.status) {
        (Some(location), 202) if !args.no_wait => {
            response = wait(&mut record, client, &call.target(), location, printer)
                .map(|status| (Kind::SkillStatus, status));
        }
        (location, 202) => {
            let message = format!(
                "accepted; the build goes on ({}): follow it with `asklint api status`",
                if location.is_some() {
                    "--no-wait"
                } else {
                    "the server sent no Location to follow"
                }
            );
            printer.say(&format!("  {message}\n"));
            record.outcome = Outcome::Accepted;
            record.message = Some(message);
        }
        _ => {
            if let (Some(pages), true, Some(_)) = (call.operation.pages(), args.all, &record.body) {
                all_pages(&mut record, client, call, pages, args, printer);
                response = response.map(|(kind, _)| {
                    (
                        kind,
                        serde_json::to_vec(&record.body).expect("JSON serializes"),
                    )
                });
            }
        }
    }
    // An empty body (a 201 or 204 without one) has nothing to check.
    (record, response.filter(|(_, bytes)| !bytes.is_empty()))
}

fn answered(record: &mut Record, answer: &Answer, printer: &Printer) {
    let id = answer
        .request_id
        .as_deref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default();
    printer.say(&format!("  {} {}{id}\n", answer.status, answer.reason()));
    record.status = Some(answer.status);
    record.request_id = answer.request_id.clone();
}

/// A 3xx, 4xx or 5xx: where a redirect points; the server's `{code, message}` or
/// `{message, type}`, as it sent them.
fn refused(record: &mut Record, answer: &Answer, printer: &Printer) {
    if (300..400).contains(&answer.status) {
        let text = match &answer.location {
            Some(location) => format!(
                "redirected to {location}; asklint does not follow redirects, so that the token goes only where it was sent"
            ),
            None => "a redirect without a Location".to_owned(),
        };
        printer.say(&format!("  {text}\n"));
        record.outcome = Outcome::Redirected;
        record.message = Some(text);
        return;
    }
    record.outcome = Outcome::Refused;
    let body = answer.json();
    let field = |name: &str| {
        body.as_ref()
            .and_then(|b| b.get(name))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    };
    let code = field("code").or_else(|| field("type"));
    let message = field("message");
    let text = match (&code, &message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (None, Some(message)) => message.clone(),
        (Some(code), None) => code.clone(),
        (None, None) if answer.body.is_empty() => "no error body".to_owned(),
        (None, None) => {
            // Scrubbed whole, then cut: a secret across the cut is gone from both sides.
            let body = String::from_utf8_lossy(&answer.body);
            let body = printer.secrets.scrub(&body);
            let cut = body
                .char_indices()
                .nth(SHOWN_ERROR_BODY)
                .map_or(body.len(), |(i, _)| i);
            format!(
                "an error body that is not SMAPI's JSON: {}{}",
                &body[..cut],
                if cut < body.len() { "…" } else { "" }
            )
        }
    };
    printer.say(&format!("  error: {text}\n"));
    record.error = body.filter(Value::is_object);
    record.message = Some(text);
}

/// The characters of an error body that is not JSON shown in a message.
const SHOWN_ERROR_BODY: usize = 200;

/// Wait for a 202's build; the final status answer's body, when there is one.
fn wait(
    record: &mut Record,
    client: &Client,
    target: &str,
    location: &str,
    printer: &Printer,
) -> Option<Vec<u8>> {
    printer.say(&format!("  waiting for the build status at {location}\n"));
    let progress = |text: &str| printer.progress(&format!("  build: {text}"));
    let waited = client.wait(target, location, &progress);
    printer.clear_progress();
    match waited {
        Err(message) => {
            record.outcome = Outcome::NoAnswer;
            printer.say(&format!("  {message}\n"));
            record.message = Some(message);
        }
        Ok(Waited::Done { answer, failed }) => {
            let statuses = answer
                .json()
                .map(|v| client::statuses(&v))
                .unwrap_or_default();
            printer.say(&format!("  build: {}\n", statuses.join(", ")));
            record.outcome = if failed {
                Outcome::Failed
            } else {
                Outcome::Succeeded
            };
            record.body = answer.json();
            return Some(answer.body);
        }
        Ok(Waited::TimedOut { last }) => {
            let message = format!(
                "accepted, but still {} when --wait-timeout ran out; the build goes on: check it with `asklint api status`",
                last.as_deref().unwrap_or("without a status")
            );
            printer.say(&format!("  {message}\n"));
            record.outcome = Outcome::Accepted;
            record.wait_ran_out = true;
            record.message = Some(message);
        }
        Ok(Waited::Failed(Ok(answer))) => {
            printer.say("  the status call failed:\n");
            answered(record, &answer, printer);
            refused(record, &answer, printer);
        }
        Ok(Waited::Failed(Err(failure))) => {
            printer.say(&format!(
                "  the status call got no answer: {}\n",
                failure.message
            ));
            record.outcome = Outcome::NoAnswer;
            record.message = Some(failure.message);
        }
    }
    None
}

/// `--all`: fetch the pages after this one and put every page's items in one list.
fn all_pages(
    record: &mut Record,
    client: &Client,
    call: &Call,
    pages: operation::Pages,
    args: &SendArgs,
    printer: &Printer,
) {
    let Some(mut merged) = record.body.take() else {
        return;
    };
    let started = std::time::Instant::now();
    let mut count = 1;
    // The request's own token counts as seen: a server that sends it back would loop.
    let mut seen: std::collections::HashSet<String> = call
        .query
        .iter()
        .filter(|(name, _)| *name == "nextToken")
        .map(|(_, token)| token.clone())
        .collect();
    while let Some(token) = merged
        .pointer(pages.next_token)
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
    {
        let stop = if seen.contains(&token) {
            Some("the server sent a nextToken it had sent before".to_owned())
        } else if count >= args.max_pages as usize {
            Some(format!("--max-pages ({}) reached", args.max_pages))
        } else if started.elapsed() >= args.all_timeout {
            Some(format!(
                "--all-timeout ({}) ran out",
                humantime::format_duration(args.all_timeout)
            ))
        } else {
            None
        };
        if let Some(why) = stop {
            printer.clear_progress();
            let message = format!(
                "stopped after {count} page{}: {why}; the list is incomplete (the last page's nextToken is kept)",
                if count == 1 { "" } else { "s" }
            );
            printer.say(&format!("  {message}\n"));
            if !printer.human {
                printer.note(&message);
            }
            record.incomplete = true;
            record.message = Some(message);
            break;
        }
        seen.insert(token.clone());
        printer.progress(&format!("  page {}", count + 1));
        let answer = match client.send(&call.with_next_token(&token)) {
            Ok(answer) if (200..300).contains(&answer.status) => answer,
            Ok(answer) => {
                printer.clear_progress();
                printer.say(&format!("  page {}:\n", count + 1));
                answered(record, &answer, printer);
                refused(record, &answer, printer);
                break;
            }
            Err(failure) => {
                printer.clear_progress();
                printer.say(&format!(
                    "  page {}: no answer: {}\n",
                    count + 1,
                    failure.message
                ));
                record.outcome = Outcome::NoAnswer;
                record.message = Some(failure.message);
                break;
            }
        };
        let Some(mut next) = answer.json() else {
            let message = format!("page {} is not JSON; the list is incomplete", count + 1);
            printer.clear_progress();
            printer.say(&format!("  {message}\n"));
            record.outcome = Outcome::UnexpectedResponse;
            record.incomplete = true;
            record.message = Some(message);
            break;
        };
        let mut items = merged
            .get_mut(pages.items)
            .and_then(Value::as_array_mut)
            .map(std::mem::take)
            .unwrap_or_default();
        if let Some(more) = next.get_mut(pages.items).and_then(Value::as_array_mut) {
            items.append(more);
        }
        next[pages.items] = Value::Array(items);
        merged = next;
        count += 1;
    }
    printer.clear_progress();
    if count > 1 {
        printer.say(&format!("  {count} pages\n"));
    }
    record.pages = Some(count);
    record.body = Some(merged);
}

/// Check a successful response as the kind the operation returns; its findings, if any.
fn check_response(
    request: &Prepared,
    kind: Kind,
    bytes: &[u8],
    secrets: &Secrets,
    frames: bool,
    style: &Style,
) -> Option<FileResult> {
    let display = format!("<response to {}>", request.display);
    let mut report = crate::check::check_bytes(
        &display,
        &request.path,
        bytes,
        &crate::check::CheckOptions::with_rules(crate::rules::all().to_vec()),
        Some(kind),
        Origin::Explicit,
        &crate::package::NoFiles,
    )?;
    secrets.scrub_report(&mut report);
    (!report.diagnostics.is_empty()).then(|| output::resolve(report, frames, style))
}

fn summary(records: &[Record]) -> String {
    let mut counts: Vec<(Outcome, usize)> = Vec::new();
    for record in records {
        match counts.iter_mut().find(|(o, _)| *o == record.outcome) {
            Some(entry) => entry.1 += 1,
            None => counts.push((record.outcome, 1)),
        }
    }
    counts.sort();
    let parts: Vec<String> = counts
        .iter()
        .map(|(outcome, n)| {
            let what = match outcome {
                Outcome::DryRun => "printed (dry run)",
                Outcome::Succeeded => "succeeded",
                Outcome::Accepted => "accepted (build not followed to its end)",
                Outcome::Invalid => "not sent (failed checks)",
                Outcome::UnexpectedResponse => "answered unexpectedly",
                Outcome::Refused => "refused by the server",
                Outcome::Redirected => "redirected (not followed)",
                Outcome::Failed => "build failed",
                Outcome::NoAnswer => "no answer",
            };
            format!("{n} {what}")
        })
        .collect();
    format!(
        "{} request{}: {}\n",
        records.len(),
        if records.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// A run's `--format json` document, as a value to embed.
fn json_of(run: &Run) -> io::Result<Value> {
    let mut bytes = Vec::new();
    output::write(run, Format::Json, false, &mut bytes)?;
    serde_json::from_slice(&bytes).map_err(io::Error::other)
}
