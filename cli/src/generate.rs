//! `errcat generate FILE [-o OUT] [--check]`: the Rust source the build script generates for a
//! catalog, for a crate that checks its generated code in instead of generating it in
//! `build.rs` (and verifies it in CI with `--check`).

use std::fs::File;
use std::io;
use std::path::Path;

use errcat::Escaped;

use crate::commands::{Answer, Failure, Outcome};
use crate::input::{self, InputError, Limit};
use crate::model;

/// The generated source of the catalog at `path` (stdin for `-`), read up to `limit`.
fn source_of(
    path: &Path,
    limit: Limit,
    builder: &errcat_codegen::Builder,
) -> Result<String, Failure> {
    let (catalog, _) = model::load_catalog(path, limit).map_err(Failure::Lines)?;
    // The header names the file as a build script's `Builder::compile` does: by its name.
    let file_name = match path.file_name() {
        Some(name) if path != Path::new("-") => name.to_string_lossy().into_owned(),
        _ => "codes.toml".to_owned(),
    };
    builder.generate_named(&catalog, &file_name).map_err(|e| {
        Failure::Lines(
            e.lines()
                .iter()
                .map(|line| Escaped(line).to_string())
                .collect(),
        )
    })
}

/// Whether the file at `out` holds exactly `text`: `Ok(false)` when it differs or is missing,
/// found without reading more than one byte past `text`'s length.
fn holds(out: &Path, text: &str) -> io::Result<bool> {
    let file = match File::open(out) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let limit = Limit::catalog(text.len() as u64);
    match input::read_from(file, limit) {
        Ok(bytes) => Ok(bytes == text.as_bytes()),
        Err(InputError::TooLarge(_)) => Ok(false),
        Err(InputError::Io(e)) => Err(e),
    }
}

/// A word as a POSIX shell reads it back: as it is when it holds only characters no shell
/// treats specially, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `errcat generate FILE [-o OUT] [--check]`: the source on stdout; with `-o`, written to OUT
/// when OUT does not hold it already (an unchanged file keeps its modification time); with
/// `--check`, nothing written and a failure when OUT is missing or differs, whose hint repeats
/// the Builder's options given as `flags`.
pub fn generate(
    path: &Path,
    output: Option<&Path>,
    check: bool,
    limit: Limit,
    builder: &errcat_codegen::Builder,
    flags: &[String],
) -> Outcome {
    let source = source_of(path, limit, builder)?;
    let Some(out) = output else {
        return Ok(Answer::text(source));
    };
    let shown = Escaped(&out.display().to_string()).to_string();
    let up_to_date =
        holds(out, &source).map_err(|e| Failure::error(format!("cannot read {shown}: {e}")))?;
    if check {
        if up_to_date {
            return Ok(Answer::text(format!(
                "{shown}: up to date with {}\n",
                Escaped(&input::name(path))
            )));
        }
        let why = if out.exists() {
            "is out of date"
        } else {
            "is missing"
        };
        return Err(Failure::Error {
            message: format!(
                "{shown} {why}: it is not what `errcat generate` writes for {}",
                Escaped(&input::name(path))
            ),
            hints: vec![format!(
                "run `errcat generate {}{} -o {shown}` to write it",
                Escaped(&shell_word(&path.display().to_string())),
                flags
                    .iter()
                    .map(|f| format!(" {}", Escaped(&shell_word(f))))
                    .collect::<String>()
            )],
        });
    }
    if !up_to_date {
        std::fs::write(out, &source).map_err(|e| crate::cannot_write(out, &e))?;
    }
    Ok(Answer::text(String::new()))
}
