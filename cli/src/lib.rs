//! The `errcat` command: explain, classify, list, search, check, diff, export and generate
//! the payment platform's result-code catalog.
//!
//! The commands:
//!
//! - `explain CODE`, `classify CODE|--response FILE`, `list`, `search WORDS` and
//!   `export --format json|markdown|csv|typescript|javascript` answer from a catalog: errcat's
//!   own (its `codes.toml`, built in), or the file the global option `--catalog FILE` names
//!   (before or after the command; `-` reads stdin). The catalog is validated by the build's
//!   own rules (`errcat-codegen`) and built into errcat's runtime `Catalog`; every answer is the
//!   runtime's over it (the status rule, the one decision of `docs/decision.md`, the outcome of a
//!   body, locale matching), so a catalog answers here as its generated code would.
//! - `check [FILE]` validates a catalog with the build's own rules and messages.
//! - `diff OLD [NEW]` lists the changes between two catalogs; NEW defaults to the
//!   `--catalog` file, else to errcat's own catalog.
//! - `generate FILE [-o OUT] [--check]` writes the Rust source the build script generates for
//!   FILE; `--check` exits 1 when OUT is not what would be written.
//! - `completions SHELL` prints a completion script.
//!
//! `check`, `generate` and `diff` read the files they are given; without one, `check` and
//! `generate` read the `--catalog` file (else `codes.toml`), and `diff` compares OLD with it
//! (else with errcat's own catalog). A catalog that says `extends = "errcat"` is
//! merged onto the catalog built into the command, wherever a catalog is read.
//!
//! Exit status: 0 for an answer (an `F` result and an uncatalogued code are answers), 1 when
//! `explain` meets an unknown code, input is malformed, a catalog has a problem (`check`,
//! `--catalog`, `generate`), `diff` finds a change of its `--fail-on` kind or worse or
//! `generate --check` finds OUT out of date, 2 for a usage error. Human output is colored only
//! on a terminal, never with `NO_COLOR`; errors go to stderr. `--json` prints one JSON
//! document; its shape is described in [`record`].
//!
//! This library is the whole command; the `errcat` binary only calls [`main`]. It is not meant
//! to be used as a library otherwise: its API is the command line and the JSON of [`record`].
//! What a program may call is in the libraries: answers are errcat's, and grading a diff, the
//! exports and search are `errcat_codegen`'s (its `diff`, `export` and `search` modules, feature
//! `tooling`); this crate reads the files and git revisions it is given, and renders.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod commands;
mod diff;
mod examples;
mod generate;
mod input;
mod model;
pub mod record;
mod replay;
mod response;
mod style;
mod words;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, StringValueParser, TypedValueParser};
use clap::{ArgGroup, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use errcat::{Api, Category, Status};
use errcat_codegen::{PolicyKind, export};

use commands::{Answer, ClassifyInput, Failure};
use errcat::Escaped;
use input::Limit;
use model::Model;
use style::Paint;

/// Explain, classify, list, search, check, diff, export and generate the payment platform's
/// result codes.
#[derive(Parser, Debug)]
#[command(name = "errcat", version, propagate_version = true)]
struct Cli {
    /// The command to run.
    #[command(subcommand)]
    command: Command,
    /// Answer from this catalog instead of errcat's own: explain, classify, list, search and
    /// export read FILE (`-` reads stdin), validated as `check` validates it (a catalog that
    /// says `extends = "errcat"` is merged onto errcat's); diff compares with it when NEW is
    /// not given; check and generate read it when given no FILE. At most
    /// --max-catalog-bytes are read.
    #[arg(long, global = true, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// The largest response `classify --response` reads, in bytes (or with KiB, MiB, GiB); a
    /// larger one is an error.
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = "16MiB",
        value_parser = input::parse_size
    )]
    max_response_bytes: u64,
    /// The largest catalog `check`, `diff`, `generate` and `--catalog` read, in bytes (or with
    /// KiB, MiB, GiB); a larger one is an error.
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = "64MiB",
        value_parser = input::parse_size
    )]
    max_catalog_bytes: u64,
}

/// The commands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Explain a code: status, category, description, resolution, retry policy and user
    /// messages. For a code the catalog lacks (exit status 1): codes spelled like it, codes
    /// about the same things, and what each status's fallback answers.
    Explain(ExplainArgs),
    /// Classify a result: its state, what to do next and what to tell the user.
    Classify(ClassifyArgs),
    /// List the catalogued codes as a table, optionally filtered.
    List(ListArgs),
    /// Find the codes matching every word (in their code, description, resolution or
    /// messages), best first; when none matches every word, the codes matching any, with a
    /// note saying so.
    Search(SearchArgs),
    /// Validate a codes.toml with the build's own rules and messages.
    Check(CheckArgs),
    /// List every change between two catalogs, each with its kind (breaking, behavioural,
    /// cosmetic, additive); exit status 1 when one is of the --fail-on kind or worse.
    Diff(DiffArgs),
    /// Export the catalog as JSON, Markdown or CSV, or with errcat's rules as a TypeScript or
    /// JavaScript module.
    Export(ExportArgs),
    /// Write the Rust source the build script generates for a catalog; with --check, exit
    /// status 1 when OUT is not what would be written.
    Generate(GenerateArgs),
    /// Run a fresh payment flow over a JSON Lines file of what happened to one payment, in
    /// order (answers, no answers, failed token refreshes, notifications, restarts), and print
    /// each step the flow asks for and its end, with why.
    Replay(ReplayArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

/// `errcat replay`.
#[derive(Args, Debug)]
struct ReplayArgs {
    /// The JSON Lines file, one object per line: {"at_ms": N, "body": {...}},
    /// {"at_ms": N, "no_answer": true}, {"at_ms": N, "token_refresh_failed": true},
    /// {"at_ms": N, "notification": {...}, "request": R}, {"restart": true}; `-` reads stdin.
    /// At most --max-response-bytes are read.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Inquire a pending payment this often (250ms, 3s, 15m, 1h); the catalog's poll interval
    /// by default.
    #[arg(long, value_name = "DURATION", value_parser = replay::parse_duration)]
    poll_interval: Option<std::time::Duration>,
    /// Cancel a payment still pending this long after the answer that made it pending; the
    /// catalog's poll timeout by default.
    #[arg(long, value_name = "DURATION", value_parser = replay::parse_duration)]
    poll_timeout: Option<std::time::Duration>,
    /// The seed of the backoff's jitter (the flow's `seed`).
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// The locale of the user messages (a BCP 47 tag such as zh-CN).
    #[arg(long, short, value_name = "LOCALE", default_value = "en")]
    locale: String,
    /// Print JSON Lines, one object per step.
    #[arg(long)]
    json: bool,
}

/// `errcat explain`.
#[derive(Args, Debug)]
struct ExplainArgs {
    /// The result code, e.g. as found in a log line.
    code: String,
    /// Print the entry as one JSON object instead.
    #[arg(long)]
    json: bool,
}

/// `errcat classify`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("input").required(true).args(["code", "response"])))]
struct ClassifyArgs {
    /// The result code, exactly as the platform sent it.
    code: Option<String>,
    /// The response's resultStatus: classify the whole result, where the status wins.
    #[arg(long, short, value_name = "S|F|U|A", value_parser = status_parser())]
    status: Option<Status>,
    /// Read a platform response (the whole body, or its result object) from FILE; `-` reads
    /// stdin. At most --max-response-bytes are read.
    #[arg(long, short, value_name = "FILE", conflicts_with = "status")]
    response: Option<PathBuf>,
    /// The API the response answers (its `result` means the query's for an inquiry, the
    /// operation's own for pay, cancel, capture, refund); inferred from its fields without it.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["code", "status"], value_parser = api_parser())]
    api: Option<Api>,
    /// The locale of the user message (a BCP 47 tag such as zh-CN).
    #[arg(long, short, value_name = "LOCALE", default_value = "en")]
    locale: String,
    /// Print the decision as one JSON object.
    #[arg(long)]
    json: bool,
}

/// `errcat list`.
#[derive(Args, Debug)]
struct ListArgs {
    /// Only codes of this category (a key of the catalog answered from).
    #[arg(long, short, value_name = "KEY", value_parser = CategoryKey)]
    category: Option<String>,
    /// Only codes sent with this status.
    #[arg(long, short, value_name = "S|F|U|A", value_parser = status_parser())]
    status: Option<Status>,
    /// Only codes whose retry policy is of this kind.
    #[arg(long, short, value_name = "POLICY", value_parser = PossibleValuesParser::new(PolicyKind::NAMES))]
    retry: Option<String>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

/// `errcat search`.
#[derive(Args, Debug)]
struct SearchArgs {
    /// Words to look for (case does not matter); every one must match, unless no code
    /// matches them all.
    #[arg(required = true, num_args = 1.., value_name = "WORDS")]
    words: Vec<String>,
    /// Print a JSON array instead of a table; each element also lists the words it
    /// `matched`.
    #[arg(long)]
    json: bool,
}

/// `errcat check`.
#[derive(Args, Debug)]
struct CheckArgs {
    /// The catalog to check; `-` reads stdin. Without it, the `--catalog` file, else
    /// `codes.toml`. At most --max-catalog-bytes are read.
    path: Option<PathBuf>,
}

/// `errcat diff`.
#[derive(Args, Debug)]
struct DiffArgs {
    /// The older catalog: a file, `-` for stdin, or git:REV:PATH (read with `git show REV:PATH`
    /// in the current directory; PATH is from the repository's root).
    #[arg(value_name = "OLD", value_parser = diff::parse_side)]
    old: diff::Side,
    /// The newer catalog, given the same way; without it, the `--catalog` file, else errcat's
    /// own catalog (built in).
    #[arg(value_name = "NEW", value_parser = diff::parse_side)]
    new: Option<diff::Side>,
    /// Exit with status 1 when a change of this kind or a worse one is found (breaking >
    /// behavioural > cosmetic > additive).
    #[arg(long, value_name = "KIND", default_value = "breaking", value_parser = diff::parse_fail_on())]
    fail_on: errcat_codegen::diff::Kind,
    /// Print one JSON object: `changes` (each with kind, what, name, field, old, new) and
    /// `counts`.
    #[arg(long)]
    json: bool,
}

/// `errcat export`.
#[derive(Args, Debug)]
struct ExportArgs {
    /// The output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write to FILE instead of stdout; for `--format javascript`, the directory DIR to write
    /// errcat.js and errcat.d.ts in (created if missing).
    #[arg(
        long,
        short,
        value_name = "FILE|DIR",
        required_if_eq("format", "javascript")
    )]
    output: Option<PathBuf>,
}

/// `errcat generate`.
#[derive(Args, Debug)]
struct GenerateArgs {
    /// The catalog; `-` reads stdin. Without it, the `--catalog` file, else `codes.toml`. At
    /// most --max-catalog-bytes are read.
    #[arg(value_name = "FILE")]
    path: Option<PathBuf>,
    /// An extra attribute on `Code`, as `Builder::code_attribute` takes it (repeatable): give
    /// the build script's options to generate the same code.
    #[arg(long, value_name = "ATTR")]
    code_attribute: Vec<String>,
    /// An extra attribute on `Category`, as `Builder::category_attribute` takes it
    /// (repeatable).
    #[arg(long, value_name = "ATTR")]
    category_attribute: Vec<String>,
    /// Generate `CODES`, a phf map of the code strings, as `Builder::codes_map(true)`.
    #[arg(long)]
    codes_map: bool,
    /// The path the generated code names errcat by, as `Builder::errcat_path`.
    #[arg(long, value_name = "PATH", default_value = "::errcat")]
    errcat_path: String,
    /// Write to OUT instead of stdout (only when its content changes).
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Write nothing: exit with status 1 when OUT is missing or differs from what would be
    /// written, 0 when it is up to date.
    #[arg(long, requires = "output")]
    check: bool,
}

/// The formats of `export`.
#[derive(ValueEnum, Clone, Copy, Debug)]
enum Format {
    /// A JSON object: `codes` (the array of `list --json`) and `statuses` (each status's rule
    /// and fallback).
    Json,
    /// A reference page: one section per category, one table row per code, then the status
    /// rule and the fallbacks.
    #[value(alias = "md")]
    Markdown,
    /// A header row, one row per code, then one per status's fallback (empty code).
    Csv,
    /// One self-contained ES module (errcat.ts): the catalog `as const`, the `Code` type, and
    /// errcat's rules (classify, classifyResult, userMessage, outcome, handleAPIResponse).
    #[value(alias = "ts")]
    Typescript,
    /// The same as plain ES module JavaScript with JSDoc types: DIR/errcat.js and
    /// DIR/errcat.d.ts (needs -o DIR).
    #[value(alias = "js")]
    Javascript,
}

/// `errcat completions`.
#[derive(Args, Debug)]
struct CompletionsArgs {
    /// The shell.
    shell: Shell,
}

/// Parses `S`, `F`, `U` or `A` (exactly, as the platform sends them).
fn status_parser() -> impl TypedValueParser<Value = Status> {
    PossibleValuesParser::new(Status::ALL.map(Status::as_str)).try_map(|s| s.parse::<Status>())
}

/// Parses an API name exactly as the platform writes it.
fn api_parser() -> impl TypedValueParser<Value = Api> {
    PossibleValuesParser::new(Api::ALL.map(Api::as_str)).try_map(|s| s.parse::<Api>())
}

/// A category key: any string when parsed, since the catalog it belongs to (`--catalog`) is
/// read after parsing; [`run`] checks it against that catalog. Help and completions show
/// errcat's own keys.
#[derive(Clone, Debug)]
struct CategoryKey;

impl TypedValueParser for CategoryKey {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Category::ALL.iter().map(|c| PossibleValue::new(c.as_str())),
        ))
    }
}

/// The command whose `list --category` takes exactly the keys of `model`: parsing the same
/// arguments with it makes clap report an unknown key as it reports any invalid value.
fn strict_command(model: &Model) -> clap::Command {
    let keys: Vec<PossibleValue> = model
        .catalog()
        .categories
        .iter()
        .map(|c| PossibleValue::new(c.key.clone()))
        .collect();
    command().mut_subcommand("list", |list| {
        list.mut_arg("category", |arg| {
            arg.value_parser(PossibleValuesParser::new(keys))
        })
    })
}

/// The command with its examples: every `--help` ends with `Examples:` built from the catalog.
fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let header = cmd.get_styles().get_header();
    let heading = format!("{header}Examples:{header:#}");
    cmd = cmd.after_help(examples::for_command("", &heading));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let text = examples::for_command(&name, &heading);
        cmd = cmd.mut_subcommand(&name, |sub| sub.after_help(text));
    }
    cmd
}

/// The catalog the command answers from: `--catalog FILE`'s, else errcat's own.
fn load_model(path: Option<&Path>, limit: Limit) -> Result<Model, Failure> {
    let (catalog, name) = match path {
        Some(path) => model::load_catalog(path, limit),
        None => model::builtin_catalog(),
    }
    .map_err(Failure::Lines)?;
    Model::new(catalog, name).map_err(Failure::Lines)
}

/// Runs a parsed command.
fn run(cli: Cli, paint: Paint) -> Result<Answer, Failure> {
    let catalog_limit = Limit::catalog(cli.max_catalog_bytes);
    let model = || load_model(cli.catalog.as_deref(), catalog_limit);
    let stdin = Path::new("-");
    match cli.command {
        Command::Explain(a) => commands::explain(&model()?, paint, &a.code, a.json),
        Command::Classify(a) => {
            if a.response.as_deref() == Some(stdin) && cli.catalog.as_deref() == Some(stdin) {
                return Err(Failure::error(
                    "only one of --catalog and --response can be read from stdin (-)",
                ));
            }
            let input = match (&a.response, &a.code) {
                (Some(path), _) => ClassifyInput::Response {
                    path,
                    api: a.api,
                    limit: Limit::response(cli.max_response_bytes),
                },
                (None, Some(code)) => ClassifyInput::Code {
                    code,
                    status: a.status,
                },
                // clap requires one of the two.
                (None, None) => return Err(Failure::error("give a CODE or --response FILE")),
            };
            commands::classify_cmd(&model()?, paint, input, &a.locale, a.json)
        }
        Command::List(a) => {
            let model = model()?;
            if a.category
                .as_deref()
                .is_some_and(|key| model.category(key).is_none())
            {
                return Err(Failure::Usage(Box::new(strict_command(&model))));
            }
            commands::list(&model, paint, &a)
        }
        Command::Search(a) => commands::search(&model()?, paint, &a.words, a.json),
        Command::Check(a) => commands::check(&file_or_catalog(a.path, &cli.catalog), catalog_limit),
        // OLD and NEW are the catalogs compared: `--catalog` has no part in it.
        Command::Diff(a) => {
            let new = match (a.new, &cli.catalog) {
                (Some(new), _) => new,
                (None, Some(path)) => diff::Side::File(path.clone()),
                (None, None) => diff::Side::Builtin,
            };
            diff::diff(paint, &a.old, &new, a.fail_on, a.json, catalog_limit)
        }
        Command::Export(a) => export(&model()?, a.format, a.output.as_deref()),
        Command::Generate(a) => {
            let mut builder = errcat_codegen::Builder::new();
            // The options again, as flags, for the hint of a failed `--check`.
            let mut flags = Vec::new();
            for attribute in a.code_attribute {
                flags.extend(["--code-attribute".to_owned(), attribute.clone()]);
                builder.code_attribute(attribute);
            }
            for attribute in a.category_attribute {
                flags.extend(["--category-attribute".to_owned(), attribute.clone()]);
                builder.category_attribute(attribute);
            }
            if a.codes_map {
                flags.push("--codes-map".to_owned());
            }
            if a.errcat_path != "::errcat" {
                flags.extend(["--errcat-path".to_owned(), a.errcat_path.clone()]);
            }
            builder.codes_map(a.codes_map).errcat_path(a.errcat_path);
            let path = file_or_catalog(a.path, &cli.catalog);
            generate::generate(
                &path,
                a.output.as_deref(),
                a.check,
                catalog_limit,
                &builder,
                &flags,
            )
        }
        Command::Replay(a) => {
            if a.file.as_path() == stdin && cli.catalog.as_deref() == Some(stdin) {
                return Err(Failure::error(
                    "only one of --catalog and the replay file can be read from stdin (-)",
                ));
            }
            let request = replay::Request {
                path: &a.file,
                limit: Limit::response(cli.max_response_bytes),
                interval: a.poll_interval,
                timeout: a.poll_timeout,
                seed: a.seed,
                locale: &a.locale,
                json: a.json,
            };
            replay::replay(&model()?, paint, &request)
        }
        Command::Completions(a) => {
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut command(), "errcat", &mut buf);
            Ok(Answer::text(String::from_utf8_lossy(&buf).into_owned()))
        }
    }
}

/// The file a command names, else the `--catalog` file, else `codes.toml`.
fn file_or_catalog(path: Option<PathBuf>, catalog: &Option<PathBuf>) -> PathBuf {
    path.or_else(|| catalog.clone())
        .unwrap_or_else(|| PathBuf::from("codes.toml"))
}

/// `errcat export`: prints the export, or writes it to `output`.
fn export(model: &Model, format: Format, output: Option<&Path>) -> Result<Answer, Failure> {
    let (catalog, source) = (model.catalog(), model.source());
    let text = match format {
        Format::Json => export::json(catalog)?,
        Format::Markdown => export::markdown(catalog)?,
        Format::Csv => export::csv(catalog)?,
        Format::Typescript => export::typescript(catalog, source)?,
        Format::Javascript => {
            let files = export::javascript(catalog, source)?;
            // clap requires -o for this format.
            let dir = output.ok_or_else(|| Failure::error("--format javascript needs -o DIR"))?;
            if dir.exists() && !dir.is_dir() {
                return Err(Failure::error(format!(
                    "cannot write to {}: not a directory (--format javascript writes errcat.js \
                     and errcat.d.ts into a directory)",
                    Escaped(&dir.display().to_string())
                )));
            }
            std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
            for (name, text) in [("errcat.js", files.js), ("errcat.d.ts", files.dts)] {
                let path = dir.join(name);
                std::fs::write(&path, text).map_err(|e| cannot_write(&path, &e))?;
            }
            return Ok(Answer::text(String::new()));
        }
    };
    match output {
        None => Ok(Answer::text(text)),
        Some(path) => {
            std::fs::write(path, text).map_err(|e| cannot_write(path, &e))?;
            Ok(Answer::text(String::new()))
        }
    }
}

/// `cannot write PATH: REASON`.
pub(crate) fn cannot_write(path: &Path, e: &io::Error) -> Failure {
    Failure::error(format!(
        "cannot write {}: {e}",
        Escaped(&path.display().to_string())
    ))
}

/// Writes to stdout; a closed pipe (`errcat list | head`) is not an error.
fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The arguments `args` (the program's name first) parsed with `cmd`.
fn parse(
    cmd: &clap::Command,
    args: impl IntoIterator<Item = OsString>,
) -> Result<Cli, clap::Error> {
    let matches = cmd.clone().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Reports a clap error (or prints `--help`, `--version`) and gives its exit status.
///
/// clap quotes arguments as typed. When one of them holds a character [`Escaped`] escapes,
/// the error shown is the one for the arguments written escaped (the same mistake, since an
/// escaped character fits no value clap checks); should those parse, the original message is
/// written uncolored, escaped as one line.
fn usage_error(cmd: &mut clap::Command, e: clap::Error) -> ExitCode {
    let hostile = |arg: &OsString| arg.to_string_lossy().chars().any(Escaped::escapes);
    let args: Vec<OsString> = std::env::args_os().collect();
    if !e.use_stderr() || !args.iter().any(hostile) {
        e.exit();
    }
    let escaped = args.iter().map(|arg| {
        if hostile(arg) {
            OsString::from(Escaped(&arg.to_string_lossy()).to_string())
        } else {
            arg.clone()
        }
    });
    match parse(cmd, escaped) {
        Err(shown) if shown.use_stderr() => shown.format(cmd).exit(),
        _ => {
            let text = e.render().to_string();
            let _ = writeln!(io::stderr().lock(), "{}", Escaped(text.trim_end()));
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    }
}

/// Runs the command with the process's arguments and returns its exit status: 0 for an answer,
/// 1 for a failure (unknown code, malformed input, a catalog with problems), 2 for a usage error
/// (clap exits by itself with 2 then, and with 0 for `--help` and `--version`).
pub fn main() -> ExitCode {
    let mut cmd = command();
    let cli = match parse(&cmd, std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let e = e.format(&mut cmd);
            return usage_error(&mut cmd, e);
        }
    };
    let paint = Paint::for_stream(io::stdout().is_terminal());
    let err_paint = Paint::for_stream(io::stderr().is_terminal());
    let mut stderr = io::stderr().lock();
    match run(cli, paint) {
        Ok(answer) => {
            for note in &answer.notes {
                let _ = writeln!(stderr, "{} {note}", err_paint.note("note:"));
            }
            if let Err(e) = write_stdout(&answer.stdout) {
                let _ = writeln!(stderr, "{} cannot write: {e}", err_paint.error("error:"));
                return ExitCode::FAILURE;
            }
            if answer.failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Error { message, hints }) => {
            let _ = writeln!(stderr, "{} {message}", err_paint.error("error:"));
            for hint in hints {
                let _ = writeln!(stderr, "  {hint}");
            }
            ExitCode::FAILURE
        }
        Err(Failure::Lines(lines)) => {
            for line in lines {
                let _ = writeln!(stderr, "{line}");
            }
            ExitCode::FAILURE
        }
        Err(Failure::Usage(strict)) => {
            drop(stderr);
            let mut strict = *strict;
            match parse(&strict, std::env::args_os()) {
                Err(e) => {
                    let e = e.format(&mut strict);
                    usage_error(&mut strict, e)
                }
                // The stricter command refuses what the command accepted: always an error.
                Ok(_) => ExitCode::from(2),
            }
        }
    }
}
