//! The command line: `asklint check`, `asklint submit` and `asklint api`, `asklint kinds`, `asklint schema`, `asklint init`, and the
//! shell completions and man page generated from this definition.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::baseline::{Baseline, Recorder, base_of};
use crate::check::{Checked, Origin};
use crate::config;
use crate::diagnostic::Severity;
use crate::files::{self, PathError};
use crate::fix;
use crate::kind::Kind;
use crate::output::{self, Format, Run, Style, auto_color, escape, terminal_width};
use crate::read;
use crate::rule::Rule;
use crate::schema;
use crate::target::Target;
use crate::write::{self, Identity};

#[derive(Debug, Parser)]
#[command(
    name = "asklint",
    version,
    about = "Lint Alexa skill packages and SMAPI payloads offline, with exact positions"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files and directories (default: the current directory)
    Check(Box<CheckArgs>),
    /// Check SMAPI request files, then send those that pass (see `asklint schema smapi-request`)
    Submit {
        /// Request files (kind `smapi-request`)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        send: crate::submit::SendArgs,
    },
    /// Make one SMAPI call from flags: the same checks and sending as a request file
    Api {
        #[command(flatten)]
        request: crate::submit::ApiArgs,
        #[command(flatten)]
        send: crate::submit::SendArgs,
    },
    /// List the document kinds asklint recognises
    Kinds,
    /// List every rule (`--all`: every code, the pipeline's too)
    Rules {
        /// `text` (one line each) or `json`
        #[arg(long, alias = "output-format", value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Also list the codes the pipeline reports without a rule: JSON syntax, schema (SCH), kind
        /// (KIND), configuration (CFG), baseline (BAS) and reading (READ)
        #[arg(long)]
        all: bool,
    },
    /// Print the documentation of a rule or code (by code or name)
    Explain {
        /// e.g. `STG001`, `stage-value` or `SCH002`
        #[arg(value_parser = Offering(codes_and_names), hide_possible_values = true)]
        code: String,
    },
    /// Print the JSON Schema of a document kind (for editors' JSON language servers)
    Schema {
        /// A kind (see `asklint kinds`); `output` (`--format json`), `config` (asklint.toml) or
        /// `rule` (a data rule file)
        #[arg(value_parser = Offering(schema_names), hide_possible_values = true)]
        kind: String,
    },
    /// Write a starter asklint.toml: every setting, commented out, with what it does
    Init {
        /// The file to write (a folder: its asklint.toml)
        #[arg(default_value = config::FILE_NAME)]
        path: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (see docs/usage.md for where each shell wants it)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff: `asklint man > ~/.local/share/man/man1/asklint.1`)
    Man,
    /// Run the language server (LSP over standard input and output; see docs/language-server.md)
    Server {
        /// Accepted for editors that pass it (stdio is the only transport)
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories; `-` reads standard input
    paths: Vec<PathBuf>,
    /// Output format (`--output-format`, ruff's name, is taken too)
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour the human and concise formats (NO_COLOR is honoured with `auto`)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Exit with 1 when a finding has this severity or a higher one
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// What the skill is checked for: under `development` (the default, or `target` in
    /// asklint.toml) findings that only certification requires are warnings; under
    /// `certification` they are errors
    #[arg(long, value_enum, value_name = "TARGET")]
    target: Option<Target>,
    /// Check every file as this kind instead of telling it from its shape
    #[arg(long, value_parser = kind_parser())]
    kind: Option<Kind>,
    /// The path to report for standard input (and to take path hints from)
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Report only these: codes (`PUB001`), code prefixes (`PUB`, `SCH`) or rule names,
    /// comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = Offering(codes_and_names), hide_possible_values = true)]
    select: Vec<String>,
    /// Do not report these: codes, code prefixes or rule names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = Offering(codes_and_names), hide_possible_values = true)]
    ignore: Vec<String>,
    /// A directory of your own data rules (`*.toml`, see schemas/rule.schema.json); repeatable
    #[arg(long, value_name = "DIR")]
    rules_dir: Vec<PathBuf>,
    /// Walk into what `.gitignore`, `.ignore`, `.git/info/exclude` and git's global excludes
    /// leave out (named files are checked whatever ignores them)
    #[arg(long)]
    no_ignore: bool,
    /// Skip files named on the command line whose kind cannot be told, as a directory walk does
    /// (for pre-commit, which passes every staged JSON file)
    #[arg(long)]
    skip_unknown: bool,
    /// Use this configuration file for every file (instead of the nearest asklint.toml)
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long)]
    isolated: bool,
    /// Also show the findings that configuration overrides hide, marked as such
    #[arg(long)]
    show_suppressed: bool,
    /// Write the --format output to FILE (whole or not at all); the terminal gets the human format
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print how many findings each code has instead of the findings
    #[arg(long)]
    statistics: bool,
    /// Print the findings and nothing else (no summary line)
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Report only findings this baseline does not hold (see --write-baseline)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every finding in FILE as the baseline, and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// With --baseline: remove the entries of fixed findings from it
    #[arg(long, requires = "baseline")]
    prune_baseline: bool,
    /// Number of threads (default: one per core)
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Apply the safe fixes to the files (standard input: print the fixed text), then report what
    /// remains
    #[arg(long)]
    fix: bool,
    /// Apply the unsafe fixes too (with --fix or --diff), and mark them as fixable
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change and write nothing; exit 1 when there is a
    /// diff, 0 when there is none
    #[arg(long)]
    diff: bool,
}

/// What fixing one file did, beyond its findings.
#[derive(Default)]
struct FixNote {
    /// `--diff`: the file's diff.
    diff: Option<String>,
    /// Standard input with `--fix`: the text to print, fixed or as it came.
    text: Option<Vec<u8>>,
    /// Why the file was left as it was, or what else the user should know.
    message: Option<String>,
    /// The fixed file could not be written.
    error: Option<PathError>,
    /// How many findings were fixed (or, with `--diff`, would be), per code.
    fixed: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

/// `--kind`: one of the kinds' names, offered to shell completions.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    let names: Vec<&'static str> = Kind::ALL.iter().map(|k| k.name()).collect();
    clap::builder::TypedValueParser::map(clap::builder::PossibleValuesParser::new(names), |name| {
        name.parse::<Kind>()
            .expect("a possible value is a kind's name")
    })
}

/// A value that may be any string, with the values shell completions offer for it: codes and rule
/// names are checked after parsing (a prefix such as `PUB` is valid, as are the codes of a
/// `--rules-dir`, and a misspelt one gets a "did you mean"), so clap must not refuse the others.
#[derive(Clone)]
struct Offering(fn() -> Vec<&'static str>);

impl clap::builder::TypedValueParser for Offering {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// Every built-in code and name: the rules' and the pipeline's.
fn codes_and_names() -> Vec<&'static str> {
    let rules = crate::rules::all().iter().map(|r| r.meta());
    rules
        .flat_map(|m| [m.code, m.name])
        .chain(
            crate::diagnostic::codes::ALL
                .iter()
                .flat_map(|c| [c.code, c.name]),
        )
        .collect()
}

/// A code's letters and number with the number padded to three digits (`PUB06` → `PUB006`), if
/// `query` is letters then digits.
fn padded_code(query: &str) -> Option<String> {
    let digits = query.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = query.split_at(digits);
    let shape = !letters.is_empty()
        && letters.chars().all(|c| c.is_ascii_alphabetic())
        && number.chars().all(|c| c.is_ascii_digit());
    (shape && number.len() < 3).then(|| format!("{}{number:0>3}", letters.to_ascii_uppercase()))
}

/// What `asklint schema` takes: a kind, `output`, `config` or `rule`.
fn schema_names() -> Vec<&'static str> {
    let kinds = Kind::ALL.iter().map(|k| k.name());
    kinds.chain(["output", "config", "rule"]).collect()
}

/// The command line, parsed. A usage error exits as clap exits it (2, with clap's message), but
/// `asklint FILE…` without a command (as ESLint and early ruff took it) says to use `check`.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let error = match Cli::try_parse_from(&args) {
        Ok(cli) => return cli,
        Err(error) => error,
    };
    let paths = &args[1.min(args.len())..];
    if error.kind() == clap::error::ErrorKind::InvalidSubcommand
        && paths
            .first()
            .is_some_and(|first| names_a_path(Path::new(first)))
    {
        let shown: Vec<String> = paths
            .iter()
            .map(|a| escape::line(&a.to_string_lossy()).into_owned())
            .collect();
        eprintln!(
            "asklint: `{}` is not a command; to check files, run `asklint check {}`",
            shown[0],
            shown.join(" ")
        );
        std::process::exit(2);
    }
    error.exit()
}

/// Whether a word that is not a command is a path the user meant to check.
fn names_a_path(word: &Path) -> bool {
    word.exists()
        || word
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || word.as_os_str() == "-"
        || word.to_string_lossy().contains(std::path::MAIN_SEPARATOR)
}

/// Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O error.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Submit { files, send } => crate::submit::run(
            files.into_iter().map(crate::submit::Source::file).collect(),
            &send,
        ),
        Command::Api { request, send } => crate::submit::run(vec![request.request()], &send),
        Command::Kinds => print_kinds(),
        Command::Schema { kind } => print_schema(&kind),
        Command::Rules { format, all } => print_rules(format, all),
        Command::Explain { code } => explain(&code),
        Command::Init { path, force } => init(&path, force),
        Command::Completions { shell } => print_completions(shell),
        Command::Man => print_man_page(),
        Command::Server { stdio: _ } => Ok(crate::server::run()),
    };
    match result {
        Ok(code) => code,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("asklint: {err}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> io::Result<ExitCode> {
    let style = Style {
        color: use_color(args.color),
        width: terminal_width(),
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut cli = config::Cli {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        rules: Vec::new(),
        target: args.target,
    };
    for dir in &args.rules_dir {
        match config::load_rule_dir(dir) {
            Ok(rules) => {
                for rule in rules {
                    let (code, name) = (rule.meta().code, rule.meta().name);
                    let taken = crate::rules::all()
                        .iter()
                        .chain(&cli.rules)
                        .any(|r| r.meta().code == code || r.meta().name == name);
                    if taken {
                        eprintln!(
                            "asklint: {}: code {code} or name {name} is already taken",
                            rule.meta().source
                        );
                        return Ok(ExitCode::from(2));
                    }
                    cli.rules.push(rule);
                }
            }
            Err(message) => {
                // A rule file's error may quote its text.
                eprintln!("asklint: bad rule file {}", escape::text(&message));
                return Ok(ExitCode::from(2));
            }
        }
    }
    // With --output-file the chosen format goes to the file, and people read the human one.
    let stdout_format = if args.output_file.is_some() {
        Format::Human
    } else {
        args.format
    };
    let frames =
        !args.statistics && (stdout_format == Format::Human || args.format == Format::Human);
    let resolver = config::Resolver::new(args.config.clone(), args.isolated, cli);
    let mut run = Run {
        fixing: output::Fixing {
            applied: args.fix && !args.diff,
            unsafe_fixes: args.unsafe_fixes,
        },
        // Only the terminal's output is coloured, not the `--output-file`.
        color: style.color && args.output_file.is_none(),
        ..Run::default()
    };
    // A baseline that cannot be read is an I/O error of the run (exit 2, reported in every
    // format), and every finding is shown: nothing is hidden by a baseline that is not there.
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(message) => {
            run.errors.push(PathError {
                path: args
                    .baseline
                    .as_deref()
                    .map(files::display)
                    .unwrap_or_default(),
                message,
            });
            None
        }
    };
    let recorder = args
        .write_baseline
        .as_ref()
        .map(|file| (base_of(file), Recorder::default()));
    if let Err(message) = resolver.default_options() {
        eprintln!("asklint: {}", escape::text(&message));
        return Ok(ExitCode::from(2));
    }
    let paths = if args.paths.is_empty() {
        // `--stdin-filename` names standard input: it is what is checked (as ruff does), not the
        // current folder.
        vec![PathBuf::from(if args.stdin_filename.is_some() {
            "-"
        } else {
            "."
        })]
    } else {
        args.paths.clone()
    };
    let (stdin_wanted, paths): (Vec<_>, Vec<_>) =
        paths.into_iter().partition(|p| p.as_os_str() == "-");
    if args.format == Format::Sarif {
        run.root = Some(sarif_root(args.config.as_deref(), paths.first()));
    }
    // What fixing did to each file, beside its findings.
    let mut notes: Vec<FixNote> = Vec::new();

    // The files the run would replace, if they exist already: none of them may be a file it
    // checks. (A device or a FIFO is written through, and replaces nothing.)
    let outputs: Vec<(&Path, Identity)> = [&args.output_file, &args.write_baseline]
        .into_iter()
        .flatten()
        .filter(|file| file.is_file())
        .filter_map(|file| Some((file.as_path(), Identity::of(file)?)))
        .collect();
    let overwritten_input: Mutex<Option<&Path>> = Mutex::default();
    // Named files that are not checked (and walked ones too large to tell), and why: said on
    // standard error, never skipped silently.
    let skipped: Mutex<Vec<String>> = Mutex::default();
    // Walked files left alone without a word (not ours, or excluded), and findings a baseline hid:
    // for the headline.
    let walked_not_ours = AtomicUsize::new(0);
    let walked_excluded = AtomicUsize::new(0);
    let hidden_by_baseline = AtomicUsize::new(0);

    // The environment's tokens and client credentials, taken out of every finding and file text.
    let secrets = crate::submit::environment_secrets(crate::submit::TOKEN_ENV);
    // One file: its configuration, its options, its check (and fixes), its overrides. Its bytes
    // are read (`read`) only once the configuration has not excluded it.
    let check_file = |path: &Path,
                      display: &str,
                      origin: Origin,
                      stdin: bool,
                      read: &dyn Fn() -> Result<Vec<u8>, read::Error>|
     -> Result<Option<(output::FileResult, FixNote)>, PathError> {
        let governed = resolver.governing(path);
        let config = match &governed {
            config::Governed::By(config) => Some(&**config),
            config::Governed::Nothing => None,
            config::Governed::Broken => return Ok(None),
        };
        if let Some(reason) = config.and_then(|c| c.excluded(path)) {
            if origin == Origin::Walked {
                walked_excluded.fetch_add(1, Ordering::Relaxed);
            } else {
                lock(&skipped).push(format!("{display} is not checked: {reason}"));
            }
            return Ok(None);
        }
        let origin = if args.skip_unknown {
            Origin::Walked
        } else {
            origin
        };
        let mut note = FixNote::default();
        let report = match read() {
            Ok(bytes) => {
                let check =
                    |bytes: &[u8]| resolver.check(config, path, display, bytes, args.kind, origin);
                check_and_fix(&args, path, display, &bytes, stdin, check).map(
                    |(checked, fixing)| {
                        note = fixing;
                        checked.report
                    },
                )
            }
            Err(read::Error::TooLarge(limit)) => {
                // A walk's file whose kind nothing tells (a data dump) is most likely not one of
                // ours: it is passed over, as such files are, but not silently.
                let kind = args
                    .kind
                    .or_else(|| config.and_then(|c| c.kind_for(path)))
                    .or_else(|| crate::kind::hint_from_path(path));
                if origin == Origin::Walked && kind.is_none() {
                    lock(&skipped).push(format!(
                        "{display} is not checked: it is larger than {limit}, the most asklint reads"
                    ));
                    return Ok(None);
                }
                resolver.unread(config, path, display, crate::check::too_large(limit))
            }
            Err(err) => {
                return Err(PathError {
                    path: display.to_owned(),
                    message: err.to_string(),
                });
            }
        };
        let Some(mut report) = report else {
            if origin == Origin::Walked {
                walked_not_ours.fetch_add(1, Ordering::Relaxed);
            } else if origin == Origin::Explicit {
                lock(&skipped).push(format!(
                    "{display} is not checked: neither its keys nor its path are those of a kind \
                     asklint checks (`--kind KIND` checks it as one)"
                ));
            }
            return Ok(None);
        };
        if !outputs.is_empty() {
            let input = Identity::of(path);
            if let Some((output, _)) = outputs.iter().find(|(_, o)| input.as_ref() == Some(o)) {
                *lock(&overwritten_input) = Some(output);
            }
        }
        secrets.scrub_report(&mut report);
        // The diff quotes the file; the fixed standard input is the file.
        if let Some(diff) = &mut note.diff {
            secrets.scrub_string(diff);
        }
        if note
            .text
            .as_ref()
            .is_some_and(|t| std::str::from_utf8(t).is_ok_and(|t| secrets.mask(t).is_some()))
        {
            note.text = None;
            note.error = Some(PathError {
                path: display.to_owned(),
                message: "the fixed text is not printed: it holds a token or client secret of the environment".to_owned(),
            });
        }
        if let Some((base, recorder)) = &recorder {
            recorder.record(base, path, &report);
        }
        if let Some(baseline) = &baseline {
            let hidden = baseline.apply(path, &mut report);
            if !args.show_suppressed {
                hidden_by_baseline.fetch_add(hidden, Ordering::Relaxed);
            }
        }
        if !args.show_suppressed {
            report.diagnostics.retain(|d| d.suppressed.is_none());
        }
        let mut file = output::resolve(report, frames, &style);
        file.file = Some(path.to_path_buf());
        file.fixed = std::mem::take(&mut note.fixed);
        Ok(Some((file, note)))
    };

    if !stdin_wanted.is_empty() {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let read_stdin = || read::stdin(read::DOCUMENT);
        // Standard input without a name was sent to be checked; with one, it is judged as that
        // file would be.
        let origin = if args.stdin_filename.is_some() {
            Origin::Explicit
        } else {
            Origin::Claimed
        };
        match check_file(&name, &files::display(&name), origin, true, &read_stdin) {
            Ok(Some((file, note))) => {
                run.files.push(file);
                notes.push(note);
            }
            Ok(None) => {}
            Err(err) => run.errors.push(PathError {
                path: "<stdin>".to_owned(),
                ..err
            }),
        }
    }
    // Walk and check at once; results carry their walk order and are put back in it.
    let check_one = |input: Result<files::Input, PathError>| {
        let input = input?;
        check_file(
            &input.path,
            &files::display(&input.path),
            input.origin,
            false,
            &|| input.read(),
        )
    };
    type Outcome = Result<Option<(output::FileResult, FixNote)>, PathError>;
    let ignores = if args.no_ignore {
        files::Ignores::Off
    } else {
        files::Ignores::Honoured
    };
    let mut checked: Vec<(usize, Outcome)> = if paths.len() == 1 && paths[0].is_file() {
        // The pre-commit case, one file: starting a thread pool would cost more than the check.
        files::inputs(&paths, ignores)
            .map(check_one)
            .enumerate()
            .collect()
    } else {
        // The walk is cheap next to the checks; collecting it first lets rayon split the work
        // evenly (a bridged iterator makes both cores contend for it).
        let inputs: Vec<_> = files::inputs(&paths, ignores).collect();
        match thread_pool(args.jobs) {
            Some(pool) => {
                pool.install(|| inputs.into_par_iter().map(check_one).enumerate().collect())
            }
            None => inputs.into_iter().map(check_one).enumerate().collect(),
        }
    };
    checked.sort_unstable_by_key(|(index, _)| *index);
    for (_, outcome) in checked {
        match outcome {
            Ok(Some((file, note))) => {
                run.files.push(file);
                notes.push(note);
            }
            Ok(None) => {}
            Err(err) => run.errors.push(err),
        }
    }
    for note in &mut notes {
        if let Some(message) = &note.message {
            eprintln!("asklint: {}", escape::text(message));
        }
        run.errors.extend(note.error.take());
    }
    // The configurations: broken ones first (their files were not checked), then unneeded
    // suppressions.
    let finished = resolver.finish();
    run.rules = finished.rules;
    run.target = finished.target;
    let broken_config = !finished.broken.is_empty();
    let mut config_reports = Vec::new();
    for error in finished.broken {
        match error {
            config::ConfigError::Unreadable(err) => run.errors.push(err),
            config::ConfigError::Invalid(report) => config_reports.push(*report),
        }
    }
    config_reports.extend(finished.unused);
    // Found in parallel: put them in path order, like the files.
    config_reports.sort_by(|a, b| a.path.cmp(&b.path));
    let mut skipped = std::mem::take(&mut *lock(&skipped));
    skipped.sort();
    run.left_alone = output::LeftAlone {
        noted: skipped.len(),
        not_ours: walked_not_ours.into_inner(),
        excluded: walked_excluded.into_inner(),
    };
    run.hidden_by_baseline = hidden_by_baseline.into_inner();
    for note in skipped {
        eprintln!("asklint: {}", escape::line(&note));
    }
    if let Some(file) = *lock(&overwritten_input) {
        eprintln!(
            "asklint: cannot write {}: it is one of the files checked",
            escape::name(&files::display(file))
        );
        return Ok(ExitCode::from(2));
    }
    if let (Some((_, recorder)), Some(file)) = (recorder, &args.write_baseline) {
        return Ok(match recorder.write(file) {
            Ok(count) => {
                eprintln!(
                    "asklint: recorded {count} finding{} in {}",
                    if count == 1 { "" } else { "s" },
                    files::display(file)
                );
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!(
                    "asklint: cannot write {}: {}",
                    files::display(file),
                    files::io_message(&err)
                );
                ExitCode::from(2)
            }
        });
    }
    if let Some(baseline) = &baseline {
        if args.prune_baseline {
            match baseline.prune() {
                Ok(removed) => eprintln!(
                    "asklint: removed {removed} stale entr{} from the baseline",
                    if removed == 1 { "y" } else { "ies" }
                ),
                Err(err) => {
                    eprintln!(
                        "asklint: cannot prune the baseline: {}",
                        files::io_message(&err)
                    );
                    return Ok(ExitCode::from(2));
                }
            }
        } else {
            config_reports.extend(baseline.report());
        }
    }
    let resolved = config_reports.into_iter().map(|mut r| {
        secrets.scrub_report(&mut r);
        output::resolve(r, frames, &style)
    });
    run.files.splice(0..0, resolved);

    if let Some(file) = &args.output_file {
        let written =
            write::write_file_with(file, |out| output::write(&run, args.format, false, out));
        if let Err(err) = written {
            eprintln!(
                "asklint: cannot write {}: {}",
                files::display(file),
                files::io_message(&err)
            );
            return Ok(ExitCode::from(2));
        }
    }
    if args.diff {
        return write_diffs(&run, &notes);
    }
    let code = exit_code(&run, args.fail_on, broken_config);
    let stdout = io::stdout();
    let written = match notes.iter().find_map(|n| n.text.as_deref()) {
        // The fixed text is the output; the findings that remain go to standard error.
        Some(text) => stdout.lock().write_all(text).and_then(|()| {
            let mut err = io::stderr().lock();
            if args.statistics {
                output::write_statistics(&run, &mut err)
            } else {
                output::write(&run, stdout_format, args.quiet, &mut err)
            }
        }),
        None => {
            let mut out = io::BufWriter::new(stdout.lock());
            if args.statistics {
                output::write_statistics(&run, &mut out)
            } else {
                output::write(&run, stdout_format, args.quiet, &mut out)
            }
            .and_then(|()| out.flush())
        }
    };
    match written {
        // A reader that stopped early (`| head -1`) ends the run quietly, with the same exit
        // code as if it had read everything, in every format.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        Err(err) => Err(err),
        Ok(()) => Ok(code),
    }
}

/// Check one file, fixing it as `--fix` or `--diff` ask (`check` checks a text of it): write the
/// fixed file, or keep its diff or (standard input) its text in the note. `None` when the file is
/// not ours.
fn check_and_fix(
    args: &CheckArgs,
    path: &Path,
    display: &str,
    bytes: &[u8],
    stdin: bool,
    check: impl Fn(&[u8]) -> Option<Checked>,
) -> Option<(Checked, FixNote)> {
    let mut note = FixNote::default();
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|_| args.fix || args.diff);
    let checked = match text {
        None => check(bytes)?,
        Some(text) => match fix::fix_until_stable(text, args.unsafe_fixes, |t| check(t.as_bytes()))
        {
            fix::Outcome::Unchanged { report } => report?,
            fix::Outcome::Reverted { reason, report } => {
                note.message = Some(format!(
                    "{display}: no fix applied: {reason}; the file is left as it was"
                ));
                report?
            }
            fix::Outcome::Fixed {
                text: fixed,
                fixed: counts,
                report,
                converged,
            } => {
                if !converged {
                    note.message = Some(format!(
                        "{display}: still fixable after {} passes; run again",
                        fix::MAX_PASSES
                    ));
                }
                if args.diff {
                    note.diff = Some(fix::unified_diff(display, text, &fixed));
                } else if stdin {
                    note.text = Some(fixed.into_bytes());
                } else if let Err(err) = write_fixed(path, &fixed) {
                    note.error = Some(PathError {
                        path: display.to_owned(),
                        message: format!("cannot write the fixes: {}", files::io_message(&err)),
                    });
                    // The file is as it was: report what it holds.
                    return Some((check(bytes)?, note));
                }
                note.fixed = counts;
                report?
            }
        },
    };
    if stdin && args.fix && note.text.is_none() {
        note.text = Some(bytes.to_vec());
    }
    Some((checked, note))
}

fn exit_code(run: &Run, fail_on: FailOn, broken_config: bool) -> ExitCode {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if !run.errors.is_empty() || broken_config {
        ExitCode::from(2)
    } else if run.fails(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What SARIF URIs are relative to, whatever the current folder: the repository root (the
/// nearest folder with `.git`) above the first path checked, or above the current folder; outside
/// a repository, `--config`'s folder, else the current folder.
fn sarif_root(config: Option<&Path>, first: Option<&PathBuf>) -> PathBuf {
    let cwd = Path::new(".");
    first
        .and_then(|path| files::repository_root(path))
        .or_else(|| files::repository_root(cwd))
        .or_else(|| config.and_then(|c| files::normalized(c).parent().map(Path::to_path_buf)))
        .unwrap_or_else(|| files::normalized(cwd))
}

/// A pool of `jobs` threads (default: rayon's, one per core), or of fewer when the system will
/// not start so many (a process limit, `ulimit -u`): halved until a pool starts, and said on
/// standard error. `None` when not even one thread can be started: the files are then checked on
/// this one.
fn thread_pool(jobs: Option<usize>) -> Option<rayon::ThreadPool> {
    let build = |threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    // 0: rayon's default (RAYON_NUM_THREADS, or one per core).
    let asked = jobs.unwrap_or(0);
    let error = match build(asked) {
        Ok(pool) => return Some(pool),
        Err(error) => error.to_string(),
    };
    let error = error.split(" (os error").next().unwrap_or(&error);
    let mut threads = if asked > 0 {
        asked
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    };
    while threads > 1 {
        threads /= 2;
        if let Ok(pool) = build(threads) {
            eprintln!("asklint: checking with {threads} threads: more cannot be started ({error})");
            return Some(pool);
        }
    }
    eprintln!("asklint: checking on one thread: no other can be started ({error})");
    None
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `--diff`: every file's diff on standard output, what they would fix on standard error; exit 1
/// when there is a diff, 0 when none (2 when a file could not be read).
fn write_diffs(run: &Run, notes: &[FixNote]) -> io::Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let diffs: Vec<&str> = notes.iter().filter_map(|n| n.diff.as_deref()).collect();
    for diff in &diffs {
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    for error in &run.errors {
        eprintln!(
            "error: {}: {}",
            escape::name(&error.path),
            escape::text(&error.message)
        );
    }
    let fixes = run.fix_counts().fixed;
    eprintln!(
        "asklint: {fixes} fix{} in {} file{} (`--fix` applies them)",
        if fixes == 1 { "" } else { "es" },
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" }
    );
    Ok(if !run.errors.is_empty() {
        ExitCode::from(2)
    } else if diffs.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Replace a fixed file's text through the write module: whole or not at all, with its
/// permissions, through symbolic links. Only a regular file is fixed (a FIFO or a device would be
/// written through).
fn write_fixed(path: &Path, text: &str) -> io::Result<()> {
    // One write at a time: an interrupted run removes the one temporary file being written, so
    // two at once from parallel checks would leave one behind.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = lock(&ONE_AT_A_TIME);
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    write::write_file(path, text.as_bytes())
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(),
    }
}

fn print_kinds() -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    for kind in Kind::ALL {
        writeln!(out, "{:<22} {}", kind.name(), kind.about())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_schema(name: &str) -> io::Result<ExitCode> {
    let file = match name {
        "output" => "asklint-output.schema.json",
        "config" => "config.schema.json",
        "rule" => "rule.schema.json",
        _ => match name.parse::<Kind>() {
            Ok(kind) => kind.schema_file(),
            Err(message) => {
                eprintln!("asklint: {message}, or `output`, `config` or `rule`");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let text = schema::text(file).expect("every kind's schema is embedded");
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn init(path: &Path, force: bool) -> io::Result<ExitCode> {
    let file = if path.is_dir() {
        path.join(config::FILE_NAME)
    } else {
        path.to_path_buf()
    };
    let starter = |out: &mut dyn Write| out.write_all(config::STARTER.as_bytes());
    let written = if force {
        write::write_file_with(&file, starter)
    } else {
        write::create_file_with(&file, starter)
    };
    let shown = files::display(&file);
    match written {
        Ok(()) => {
            println!("wrote {shown}: every setting in it is commented out");
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("asklint: {shown} already exists; --force replaces it");
            Ok(ExitCode::from(2))
        }
        Err(err) => {
            eprintln!("asklint: cannot write {shown}: {}", files::io_message(&err));
            Ok(ExitCode::from(2))
        }
    }
}

fn print_completions(shell: clap_complete::Shell) -> io::Result<ExitCode> {
    // clap_complete panics when it cannot write (`| head`): it writes to memory, we to stdout.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "asklint", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// One page for the whole command line. clap_mangen renders a page per command, and its list of
/// commands points at `asklint-check(1)` and others that would not be installed; so each command's
/// synopsis, description and options become a section of this page instead.
fn print_man_page() -> io::Result<ExitCode> {
    use clap_mangen::{Man, roff::Roff};
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    // Every rendered piece starts with roff's preamble, which the page needs once.
    let preamble = Roff::new().render();
    let sections = |man: &Man| -> io::Result<String> {
        let mut out = Vec::new();
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
        Ok(String::from_utf8_lossy(&out).replace(&preamble, ""))
    };
    let man = Man::new(command.clone());
    let mut head = Vec::new();
    man.render_title(&mut head)?;
    man.render_name_section(&mut head)?;
    let mut page = preamble.clone();
    page.push_str(&String::from_utf8_lossy(&head).replace(&preamble, ""));
    page.push_str(&sections(&man)?);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
        page.push_str(&Roff::new().control("SH", [name.as_str()]).to_roff());
        // The command's own sections are subsections of its section.
        for line in sections(&Man::new(sub.clone()))?.lines() {
            match line.strip_prefix(".SH ") {
                Some(title) => page.push_str(&format!(".SS {title}\n")),
                None => page.push_str(&format!("{line}\n")),
            }
        }
    }
    io::stdout().lock().write_all(page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `asklint rules`: the rules, and with `all` the pipeline's codes after them.
fn print_rules(format: ListFormat, all: bool) -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    let rules = crate::rules::all().iter().map(|r| r.meta());
    let pipeline = crate::diagnostic::codes::ALL
        .iter()
        .filter(|_| all)
        .map(|c| (c, crate::diagnostic::docs_url(c.code, c.name)));
    match format {
        ListFormat::Text => {
            for m in rules {
                writeln!(
                    out,
                    "{:<7} {:<24} {:<8} {:<13} {:<6} {}",
                    m.code,
                    m.name,
                    m.severity_under(Target::default()).as_str(),
                    m.requirement.as_str(),
                    m.fix.map_or("", |f| f.as_str()),
                    m.summary()
                )?;
            }
            for (c, _) in pipeline {
                let (code, name, severity) = (c.code, c.name, c.severity.as_str());
                writeln!(
                    out,
                    "{code:<7} {name:<24} {severity:<8} {:<6} {}",
                    "", c.summary
                )?;
            }
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .map(|m| {
                    serde_json::json!({
                        "code": m.code, "name": m.name, "severity": m.severity_under(Target::default()),
                        "requirement": m.requirement,
                        "severities": Target::ALL.iter().map(|t| (t.as_str(), m.severity_under(*t))).collect::<std::collections::BTreeMap<_, _>>(),
                        "summary": m.summary(),
                        "kinds": m.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
                        "replaces": m.replaces, "source": m.url.map(|_| m.source), "docs": m.docs,
                        "url": m.url(), "fix": m.fix.map(|f| f.as_str()),
                    })
                })
                .chain(pipeline.map(|(c, url)| {
                    // A pipeline code has no rule behind it: its own source, no kinds, no fix.
                    serde_json::json!({
                        "code": c.code, "name": c.name, "severity": c.severity, "summary": c.summary,
                        "kinds": [], "replaces": [], "source": "pipeline", "docs": null,
                        "url": url, "fix": null,
                    })
                }))
                .collect();
            serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(query: &str) -> io::Result<ExitCode> {
    let matches = |code: &str, name: &str| code.eq_ignore_ascii_case(query) || name == query;
    let text = if let Some(rule) = crate::rules::all()
        .iter()
        .find(|r| matches(r.meta().code, r.meta().name))
    {
        crate::docs::render_rule(rule.meta())
    } else if let Some(code) = crate::diagnostic::codes::ALL
        .iter()
        .find(|c| matches(c.code, c.name))
    {
        crate::docs::render_code(code)
    } else {
        let known = codes_and_names();
        // `PUB06` is `PUB006` with a digit left out: pad the number before guessing by spelling.
        let padded = padded_code(query);
        let nearest = known
            .iter()
            .copied()
            .find(|k| padded.as_deref().is_some_and(|p| k.eq_ignore_ascii_case(p)))
            .or_else(|| crate::suggest::closest(query, known.iter().copied()))
            .map(|near| format!("did you mean `{near}`? "))
            .unwrap_or_default();
        eprintln!(
            "asklint: no rule or code `{}`; {nearest}`asklint rules --all` lists every code",
            escape::line(query)
        );
        return Ok(ExitCode::from(2));
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
