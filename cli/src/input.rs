//! Reading a user's file, or stdin for `-`, up to a size limit.
//!
//! At most the limit plus one byte is ever read, so a larger input (a huge file, an endless
//! stream on stdin, `/dev/zero`) is refused at the limit instead of filling the memory.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use errcat::Escaped;

/// How much of what may be read, and the flag that changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes accepted.
    pub bytes: u64,
    /// What the input is, for messages: `response`, `catalog`.
    pub what: &'static str,
    /// The flag that sets [`bytes`](Self::bytes).
    pub flag: &'static str,
}

impl Limit {
    /// The limit on a response.
    pub fn response(bytes: u64) -> Limit {
        Limit {
            bytes,
            what: "response",
            flag: "--max-response-bytes",
        }
    }

    /// The limit on a catalog.
    pub fn catalog(bytes: u64) -> Limit {
        Limit {
            bytes,
            what: "catalog",
            flag: "--max-catalog-bytes",
        }
    }
}

/// Why an input could not be read.
#[derive(Debug)]
pub enum InputError {
    /// The OS refused (no such file, a directory, no permission, a read error).
    Io(io::Error),
    /// There is more than the limit.
    TooLarge(Limit),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{}", Escaped(&e.to_string())),
            InputError::TooLarge(limit) => write!(
                f,
                "the {} is larger than {}, the limit; {} BYTES sets another",
                limit.what,
                size_text(limit.bytes),
                limit.flag
            ),
        }
    }
}

/// `16 MiB (16777216 bytes)`, `1000 bytes`.
fn size_text(bytes: u64) -> String {
    let unit = [(30, "GiB"), (20, "MiB"), (10, "KiB")]
        .into_iter()
        .find(|&(shift, _)| bytes >= 1 << shift && bytes % (1 << shift) == 0);
    match unit {
        Some((shift, name)) => format!("{} {name} ({bytes} bytes)", bytes >> shift),
        None if bytes == 1 => "1 byte".to_owned(),
        None => format!("{bytes} bytes"),
    }
}

/// Parses a size for a `--max-…-bytes` flag: a number of bytes, optionally followed by
/// `KiB`, `MiB` or `GiB` (`16MiB`).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let shift = match unit.trim() {
        "" | "B" => 0,
        "KiB" => 10,
        "MiB" => 20,
        "GiB" => 30,
        _ => return Err("expected a number of bytes, optionally with KiB, MiB or GiB".to_owned()),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| "expected a number of bytes, optionally with KiB, MiB or GiB".to_owned())?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| "too large".to_owned())
}

/// The name of a path as messages show it (`<stdin>` for `-`), not yet escaped.
pub fn name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads all of `path` (stdin for `-`), or fails as soon as it holds more than `limit.bytes`.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    if path.as_os_str() == "-" {
        read_from(io::stdin().lock(), limit)
    } else {
        read_from(File::open(path).map_err(InputError::Io)?, limit)
    }
}

/// Reads `reader` to its end, or fails once it has given more than `limit.bytes`.
pub fn read_from(reader: impl Read, limit: Limit) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}
