//! Schema, validation and Rust generation for errcat's `codes.toml`.
//!
//! `errcat`'s build script calls [`build`]; the `errcat check` command calls [`check_file`].
//! Both see the same rules and the same messages. Nothing here panics on bad input: every
//! problem is a [`Diagnostic`] with a line and a column, and all of them are reported at once
//! (except a TOML syntax error, which stops the parse and is reported alone).
//!
//! ```
//! let report = errcat_codegen::check_str("codes.toml", "[codes.X]\nstatus = 'Q'\n").unwrap_err();
//! assert!(report.to_string().starts_with("codes.toml:1:1: "));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt;
use std::path::Path;

mod builder;
mod extends_stub;
mod generate;
mod model;
mod naming;
mod options;
mod phash;
mod states;
mod text;
mod validate;

pub use builder::{Builder, DEFAULT_OUT_FILE};
pub use extends_stub::{BaseCatalog, check_str_extending};
pub use model::{
    Catalog, CategoryDef, CodeDef, Fallback, Inherited, Message, Policy, PolicyKind, StateDef,
    StateOutcome, StatusLetter,
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

/// Why [`build`] or [`generate`] failed.
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

/// Validates a catalog given as text. `path` only names the file in messages.
pub fn check_str(path: &str, source: &str) -> Result<Catalog, Report> {
    validate::validate(source).map_err(|problems| {
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
    })
}

/// Validates a catalog given as bytes: text that is not UTF-8 is reported at its first bad byte.
pub fn check_bytes(path: &str, bytes: &[u8]) -> Result<Catalog, Report> {
    match std::str::from_utf8(bytes) {
        Ok(source) => check_str(path, source),
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
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => check_bytes(&shown, &bytes),
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

/// Validates `input` and writes the generated source to `output`, with the default options
/// and without `extends`: a build script calls [`Builder::compile`] instead, which also finds
/// errcat's catalog, checks versions and writes only what changed. `shown` is the input's name
/// in messages (e.g. `codes.toml`).
pub fn build(input: &Path, shown: &str, output: &Path) -> Result<(), Error> {
    let bytes = std::fs::read(input).map_err(|e| {
        Error::Invalid(Report {
            path: shown.to_owned(),
            diagnostics: vec![Diagnostic {
                position: None,
                message: format!("cannot read {}: {e}", input.display()),
            }],
        })
    })?;
    let catalog = check_bytes(shown, &bytes).map_err(Error::Invalid)?;
    let source = generate(&catalog)?;
    std::fs::write(output, source).map_err(|source| Error::Write {
        path: output.display().to_string(),
        source,
    })
}
