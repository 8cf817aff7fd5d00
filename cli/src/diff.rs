//! `errcat diff OLD NEW`: every change between two catalogs, each with its kind, as
//! [`errcat_codegen::diff`] grades them; this module reads the two sides and renders.
//!
//! A side is a file (`-` for stdin) or `git:REV:PATH`, read with `git show REV:PATH` in the
//! current directory; both are read up to `--max-catalog-bytes` and validated with the build's
//! own rules.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use errcat::Escaped;
use errcat_codegen::Catalog;
use errcat_codegen::diff::{self, Change, Counts, Kind};

use crate::commands::{Answer, Failure, Outcome};
use crate::input::{self, InputError, Limit};
use crate::style::Paint;

/// Parses `--fail-on`: a [`Kind`] by its name (`behavioral` too); the help lists the kinds,
/// worst first, with what each does to the catalog's users.
pub fn parse_fail_on() -> impl TypedValueParser<Value = Kind> {
    let values = Kind::ALL.map(|kind| {
        let value = PossibleValue::new(kind.as_str()).help(match kind {
            Kind::Breaking => "Downstream builds or lookups break",
            Kind::Behavioural => "The same input now decides differently",
            Kind::Cosmetic => "Words only: what people read changed",
            Kind::Additive => "Something new; retiring or deprecating a code",
        });
        match kind {
            Kind::Behavioural => value.alias("behavioral"),
            _ => value,
        }
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Kind>())
}

/// One side of the comparison, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A file, or stdin for `-`.
    File(PathBuf),
    /// `git:REV:PATH`: the file at PATH (from the repository's root) in revision REV.
    Git {
        /// The revision, e.g. `v0.1.0`, `HEAD~1`, a commit.
        rev: String,
        /// The path in that revision.
        path: String,
    },
    /// The catalog built into the command (errcat's own `codes.toml`): NEW when neither NEW
    /// nor `--catalog` is given.
    Builtin,
}

impl Side {
    /// The side as messages name it: the path, `<stdin>`, or `git:REV:PATH`.
    fn name(&self) -> String {
        match self {
            Side::File(path) => input::name(path),
            Side::Git { rev, path } => format!("git:{rev}:{path}"),
            Side::Builtin => crate::model::builtin_path(),
        }
    }
}

/// Parses a side: `git:REV:PATH` (REV ends at the first `:` after `git:`), otherwise a path.
/// A file whose name starts with `git:` is given as `./git:...`.
pub fn parse_side(text: &str) -> Result<Side, String> {
    let Some(spec) = text.strip_prefix("git:") else {
        return Ok(Side::File(PathBuf::from(text)));
    };
    let Some((rev, path)) = spec.split_once(':') else {
        return Err(
            "expected git:REV:PATH, e.g. git:v0.1.0:codes.toml (a revision, a colon, a path)"
                .to_owned(),
        );
    };
    if rev.is_empty() {
        return Err(
            "git:REV:PATH needs a revision before the path, e.g. git:HEAD:codes.toml".to_owned(),
        );
    }
    if path.is_empty() {
        return Err(
            "git:REV:PATH needs a path after the revision, e.g. git:HEAD:codes.toml".to_owned(),
        );
    }
    if rev.starts_with('-') {
        return Err("the revision of git:REV:PATH may not start with '-'".to_owned());
    }
    Ok(Side::Git {
        rev: rev.to_owned(),
        path: path.to_owned(),
    })
}

/// The largest part of git's error output kept for a message.
const GIT_STDERR_BYTES: u64 = 4096;

/// Reads a side's bytes, or says why it cannot (`NAME: cannot read the catalog: ...`).
fn read_side(side: &Side, limit: Limit) -> Result<Vec<u8>, Failure> {
    let cannot = |why: String| {
        Failure::Lines(vec![format!(
            "{}: cannot read the catalog: {why}",
            Escaped(&side.name())
        )])
    };
    match side {
        Side::File(path) => input::read(path, limit).map_err(|e| cannot(e.to_string())),
        Side::Builtin => Ok(crate::model::BUILTIN_SOURCE.as_bytes().to_vec()),
        Side::Git { rev, path } => {
            let object = format!("{rev}:{path}");
            let mut child = Command::new("git")
                .arg("show")
                .arg(&object)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| cannot(format!("cannot run git: {}", Escaped(&e.to_string()))))?;
            let read = match child.stdout.take() {
                Some(stdout) => input::read_from(stdout, limit),
                None => Ok(Vec::new()),
            };
            if read.is_err() {
                // Stop git at the limit instead of letting it write the rest into a pipe.
                let _ = child.kill();
            }
            let mut errors = Vec::new();
            if let Some(stderr) = child.stderr.take() {
                let _ = stderr.take(GIT_STDERR_BYTES).read_to_end(&mut errors);
            }
            let status = child.wait();
            let bytes = read.map_err(|e: InputError| cannot(e.to_string()))?;
            match status {
                Ok(status) if status.success() => Ok(bytes),
                Ok(status) => {
                    let said = String::from_utf8_lossy(&errors);
                    let said: Vec<&str> = said
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let said = if said.is_empty() {
                        format!("it exited with {status}")
                    } else {
                        said.join("; ")
                    };
                    Err(cannot(format!(
                        "`git show {}` failed: {}",
                        Escaped(&object),
                        Escaped(&said)
                    )))
                }
                Err(e) => Err(cannot(format!("git: {}", Escaped(&e.to_string())))),
            }
        }
    }
}

/// Reads and validates a side; problems are reported as `errcat check` reports them.
fn load(side: &Side, limit: Limit) -> Result<Catalog, Failure> {
    let bytes = read_side(side, limit)?;
    crate::model::parse_catalog(&side.name(), &bytes).map_err(Failure::Lines)
}

/// `errcat diff OLD NEW`: the changes as text or JSON; the answer fails (exit status 1) when a
/// change of kind `fail_on` or worse is found.
pub fn diff(
    paint: Paint,
    old: &Side,
    new: &Side,
    fail_on: Kind,
    json: bool,
    limit: Limit,
) -> Outcome {
    if old == new && *old == Side::File(PathBuf::from("-")) {
        return Err(Failure::error(
            "only one of OLD and NEW can be read from stdin (-)",
        ));
    }
    let old = load(old, limit)?;
    let new = load(new, limit)?;
    // Validated catalogs are complete: an error here is a bug in errcat-codegen.
    let changes =
        diff::changes(&old, &new).map_err(|e| Failure::error(format!("errcat-codegen: {e}")))?;
    let stdout = if json {
        diff::to_json(&changes)
    } else {
        text(paint, &changes, Counts::of(&changes))
    };
    let worst = changes.iter().filter(|c| c.kind <= fail_on).count();
    let mut answer = Answer::text(stdout);
    if worst > 0 {
        answer.failed = true;
        answer.notes.push(format!(
            "exit status 1: {worst} change{} of kind {} or worse (--fail-on {})",
            if worst == 1 { "" } else { "s" },
            fail_on.as_str(),
            fail_on.as_str()
        ));
    }
    Ok(answer)
}

/// One line a change, grouped by kind (worst first), then the counts.
fn text(paint: Paint, changes: &[Change], counts: Counts) -> String {
    let mut out = String::new();
    for kind in Kind::ALL {
        let mut of_kind = changes.iter().filter(|c| c.kind == kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        out.push_str(&paint.bold(&format!("{}:", kind.as_str())));
        out.push('\n');
        for change in of_kind {
            out.push_str("  ");
            out.push_str(&change.to_string());
            out.push('\n');
        }
    }
    out.push_str(&format!("{counts}\n"));
    out
}
