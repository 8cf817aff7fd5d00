//! Schema, validation and Rust generation for errcat's `codes.toml`.
//!
//! A build script runs [`Builder`] on a `codes.toml`: errcat's own build script on errcat's
//! catalog, and the build script of any crate with a catalog of its own, which may say
//! `extends = "errcat"` to inherit errcat's (see [`Builder`]). The `errcat` command calls
//! [`check_bytes_extending`] with errcat's catalog as the [`BaseCatalog`]; [`check_file`]
//! and [`check_str`] check a catalog that stands alone. All of them see the same rules and the
//! same messages. Nothing here panics on bad input: every
//! problem is a [`Diagnostic`] with a line and a column, and all of them are reported at once
//! (except a TOML syntax error, which stops the parse and is reported alone).
//!
//! ```
//! let report = errcat_codegen::check_str("codes.toml", "[codes.X]\nstatus = 'Q'\n").unwrap_err();
//! assert!(report.to_string().starts_with("codes.toml:1:1: "));
//! ```
//!
//! # The tooling (feature `tooling`)
//!
//! Everything the `errcat` command does with a catalog beyond answering from it is here too,
//! with the feature `tooling`, for a CI job, another tool or a build script to call without
//! installing the command: the modules `diff` (every change between two catalogs, graded
//! breaking, behavioural, cosmetic or additive: `errcat diff`), `export` (the catalog as JSON,
//! Markdown or CSV, and with errcat's rules as a TypeScript or JavaScript module: `errcat
//! export`) and `search` (codes by the words of their text, and the codes near a mistyped one:
//! `errcat search`, and the suggestions of `errcat explain`).
//!
#![cfg_attr(feature = "tooling", doc = include_str!("tooling.md"))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt;
use std::path::Path;

mod builder;
#[cfg(feature = "tooling")]
pub mod diff;
#[cfg(feature = "tooling")]
pub mod export;
mod generate;
#[cfg(feature = "tooling")]
mod json;
mod model;
mod naming;
mod options;
#[cfg(feature = "tooling")]
pub mod search;
mod states;
mod text;
mod validate;

pub use builder::{Builder, DEFAULT_OUT_FILE};
pub use model::{
    Catalog, CategoryDef, CodeDef, Fallback, IncompleteCatalog, Inherited, Message, Policy,
    PolicyKind, StateDef, StateOutcome, StatusLetter, duration_text,
};
pub use text::{closest, edit_distance, is_bcp47};

/// One problem in a `codes.toml`, at a line and a column (1-based; columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Line and column, when the problem has a position.
    pub position: Option<(usize, usize)>,
    /// What is wrong, and how to fix it where that is clear. Always one line.
    pub message: String,
}

/// Every problem found in one file, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The file's path as the user should see it.
    pub path: String,
    /// The problems, at least one.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// One line per problem: `PATH:LINE:COL: message` (or `PATH: message` without a position).
    pub fn lines(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| match d.position {
                Some((line, col)) => format!("{}:{line}:{col}: {}", self.path, d.message),
                None => format!("{}: {}", self.path, d.message),
            })
            .collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for Report {}

/// Why [`Builder::try_compile`] or [`generate`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The catalog has problems; each has its position.
    Invalid(Report),
    /// The file could not be written.
    Write {
        /// The output path.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The generator could not produce code for a valid catalog: a bug in errcat-codegen.
    Generate(String),
    /// The build is not set up as the generator needs: not run by cargo, errcat missing from
    /// the dependencies or of another version, an extra attribute that does not parse. The
    /// message says what to change.
    Setup(String),
}

impl Error {
    /// One line per problem, ready for `cargo::error=`.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid(report) => report.lines(),
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(report) => report.fmt(f),
            Error::Write { path, source } => write!(f, "cannot write {path}: {source}"),
            Error::Generate(msg) => write!(f, "errcat-codegen: {msg}"),
            Error::Setup(msg) => write!(f, "errcat-codegen: {msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A catalog that `extends = "NAME"` can name: its name, its path as shown in messages, and
/// its text.
#[derive(Debug, Clone, Copy)]
pub struct BaseCatalog<'a> {
    /// The name `extends` gives it, e.g. `errcat`.
    pub name: &'a str,
    /// Its path as messages show it (problems in the base itself are reported at this path).
    pub path: &'a str,
    /// Its text: a standalone catalog.
    pub source: &'a str,
}

/// The problems of `source` (at `path`) as a report.
pub(crate) fn report(path: &str, source: &str, problems: Vec<validate::Problem>) -> Report {
    let lines = validate::Lines::new(source);
    Report {
        path: path.to_owned(),
        diagnostics: problems
            .into_iter()
            .map(|p| Diagnostic {
                position: p.offset.map(|o| lines.line_col(o)),
                message: p.message,
            })
            .collect(),
    }
}

/// Validates a catalog given as text. `path` only names the file in messages.
///
/// A file that says `extends = "NAME"` is an error here (no base catalog is given): see
/// [`check_str_extending`].
pub fn check_str(path: &str, source: &str) -> Result<Catalog, Report> {
    check_str_extending(path, source, None)
}

/// As [`check_str`], with the catalog that `extends` may name. A file without `extends` is
/// standalone (`base` is not used, not even checked).
///
/// With `extends = "NAME"`, the base is validated first (its problems come back as its own
/// report, at `base.path`); then the file is merged onto it: the base's policies, categories,
/// fallbacks, states and codes, in the base's order, then the file's new policies, categories
/// and codes, in file order. A `[codes.CODE]` table naming a base code amends it: the fields
/// given replace the base's, `message.LOCALE` replaces or adds a locale, `aliases` are added.
/// Its `status` (the platform's) and `category` stay the base's: an amendment giving either is
/// an error, so that no amendment turns an unknown outcome into a final one. Every problem of
/// the file is reported at once, at its position in the file.
///
/// ```
/// use errcat_codegen::{BaseCatalog, check_str_extending};
///
/// let base = r#"
/// [policies.never]
/// kind = "never"
/// [policies.backoff]
/// kind = "backoff"
/// initial_delay_ms = 100
/// max_delay_ms = 1000
/// max_attempts = 3
/// [policies.poll]
/// kind = "poll"
/// interval_ms = 10
/// timeout_ms = 100
/// [categories.general]
/// title = "General"
/// retry = "never"
/// [fallback.S]
/// retry = "never"
/// description = "ok"
/// resolution = "go on"
/// message.en = "Done."
/// [fallback.F]
/// retry = "never"
/// description = "failed"
/// resolution = "stop"
/// message.en = "Sorry."
/// [fallback.U]
/// retry = "backoff"
/// description = "unknown"
/// resolution = "retry"
/// message.en = "Please wait."
/// [fallback.A]
/// retry = "poll"
/// description = "accepted"
/// resolution = "poll"
/// message.en = "Please wait."
/// [codes.FAILED]
/// status = "F"
/// category = "general"
/// description = "Failed"
/// resolution = "Stop"
/// message.en = "Sorry."
/// "#;
/// let base = BaseCatalog { name: "errcat", path: "errcat/codes.toml", source: base };
///
/// let mine = "extends = \"errcat\"\n\n[codes.FAILED]\nmessage.th = \"ขออภัย\"\n";
/// let catalog = check_str_extending("codes.toml", mine, Some(base)).unwrap();
/// assert_eq!(catalog.codes[0].messages[1].text, "ขออภัย");
/// assert_eq!(catalog.base.unwrap().codes, 1);
///
/// let wrong = "extends = \"errkat\"\n";
/// let report = check_str_extending("codes.toml", wrong, Some(base)).unwrap_err();
/// assert!(report.to_string().starts_with("codes.toml:1:11: "));
/// ```
pub fn check_str_extending(
    path: &str,
    source: &str,
    base: Option<BaseCatalog<'_>>,
) -> Result<Catalog, Report> {
    validate::validate(source, base).map_err(|failure| match failure {
        validate::Failure::Here(problems) => report(path, source, problems),
        validate::Failure::Base(report) => report,
    })
}

/// Validates a catalog given as bytes: text that is not UTF-8 is reported at its first bad byte.
pub fn check_bytes(path: &str, bytes: &[u8]) -> Result<Catalog, Report> {
    check_bytes_extending(path, bytes, None)
}

/// [`check_str_extending`] of a catalog given as bytes: text that is not UTF-8 is reported at
/// its first bad byte, as [`check_bytes`] reports it. What a tool calls on a file it read
/// itself (the `errcat` command reads stdin and git revisions too, up to a size limit).
///
/// ```
/// use errcat_codegen::{BaseCatalog, check_bytes_extending};
///
/// # let base = include_str!("example.toml");
/// let base = BaseCatalog { name: "errcat", path: "errcat/codes.toml", source: base };
/// let mine = b"extends = \"errcat\"\n\n[codes.SUCCESS]\nmessage.th = \"\xe0\xb8\xaa\"\n";
/// assert!(check_bytes_extending("codes.toml", mine, Some(base)).is_ok());
/// let latin1 = b"extends = \"errcat\"\n# caf\xe9\n";
/// let report = check_bytes_extending("codes.toml", latin1, Some(base)).unwrap_err();
/// assert!(report.to_string().starts_with("codes.toml:2:6: the file is not valid UTF-8"));
/// ```
pub fn check_bytes_extending(
    path: &str,
    bytes: &[u8],
    base: Option<BaseCatalog<'_>>,
) -> Result<Catalog, Report> {
    match std::str::from_utf8(bytes) {
        Ok(source) => check_str_extending(path, source, base),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = String::from_utf8_lossy(valid);
            let position = validate::Lines::new(&prefix).line_col(prefix.len());
            Err(Report {
                path: path.to_owned(),
                diagnostics: vec![Diagnostic {
                    position: Some(position),
                    message: format!(
                        "the file is not valid UTF-8: byte 0x{:02X} cannot start or continue a \
                         character here; save the file as UTF-8",
                        bytes[e.valid_up_to()]
                    ),
                }],
            })
        }
    }
}

/// Reads and validates a catalog file. A file that cannot be read is reported without a
/// position, naming the path.
pub fn check_file(path: &Path) -> Result<Catalog, Report> {
    check_file_extending(path, None)
}

/// As [`check_file`] (bytes, UTF-8 check, unreadable file), with a base: see
/// [`check_str_extending`].
///
/// ```
/// use errcat_codegen::check_file_extending;
///
/// let missing = std::path::Path::new("no/such/codes.toml");
/// let report = check_file_extending(missing, None).unwrap_err();
/// assert!(report.to_string().starts_with("no/such/codes.toml: cannot read the catalog: "));
/// ```
pub fn check_file_extending(path: &Path, base: Option<BaseCatalog<'_>>) -> Result<Catalog, Report> {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => check_bytes_extending(&shown, &bytes, base),
        Err(e) => Err(Report {
            path: shown,
            diagnostics: vec![Diagnostic {
                position: None,
                message: format!("cannot read the catalog: {e}"),
            }],
        }),
    }
}

/// Generates the Rust source of a validated catalog, with a `@generated` header: formatted
/// with prettyplease up to 2,000 codes; above that, laid out in one pass (an item, field or
/// element per line, doc comments left as `#[doc]` attributes), because parsing and
/// formatting a catalog that size costs more than the rest of the build script.
///
/// This is [`Builder::generate`] with the default options.
pub fn generate(catalog: &Catalog) -> Result<String, Error> {
    Builder::new().generate(catalog)
}
