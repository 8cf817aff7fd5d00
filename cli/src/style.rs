//! Color (only on a terminal, never with `NO_COLOR`) and aligned layout.

use errcat::{Escaped, Status};
use errcat_codegen::Message;

/// Hand-written ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    /// Whether to emit escape codes at all.
    pub on: bool,
}

impl Paint {
    /// The paint of a stream: on when it is a terminal and `NO_COLOR` is not set to a
    /// non-empty value (<https://no-color.org>, the rule clap's own output follows).
    pub fn for_stream(is_terminal: bool) -> Paint {
        Paint {
            on: is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn wrap(self, sgr: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Bold text.
    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// Dimmed text.
    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    /// Bold red text, for `error:`.
    pub fn error(self, text: &str) -> String {
        self.wrap("1;31", text)
    }

    /// Bold yellow text, for `note:`.
    pub fn note(self, text: &str) -> String {
        self.wrap("1;33", text)
    }

    /// Text in the color of a status: green `S`, red `F`, yellow `U`, cyan `A`.
    pub fn status(self, status: Status, text: &str) -> String {
        let sgr = match status {
            Status::Success => "32",
            Status::Failed => "31",
            Status::Unknown => "33",
            Status::Accepted => "36",
        };
        self.wrap(sgr, text)
    }
}

/// Width of a string in terminal columns, close enough for alignment: characters, with East
/// Asian wide characters counted twice.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD
    )
}

/// `text` followed by spaces up to `columns`.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

/// One table cell: its text and how to paint it (after padding).
pub struct Cell {
    /// The plain text.
    pub text: String,
    /// Applied to the padded text.
    pub paint: Box<dyn Fn(&str) -> String>,
}

impl Cell {
    /// A cell without styling.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            paint: Box::new(str::to_owned),
        }
    }

    /// A styled cell.
    pub fn styled(text: impl Into<String>, paint: impl Fn(&str) -> String + 'static) -> Cell {
        Cell {
            text: text.into(),
            paint: Box::new(paint),
        }
    }
}

/// An aligned table: a bold header row, then the rows; two spaces between columns, the last
/// column not padded.
pub fn table(paint: Paint, headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let header: Vec<Cell> = headers
        .iter()
        .map(|&h| Cell::styled(h, move |t| paint.bold(t)))
        .collect();
    let lines = std::iter::once(&header).chain(rows);
    let mut widths = vec![0; headers.len()];
    for row in lines.clone() {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(&cell.text));
        }
    }
    let mut out = String::new();
    for row in lines {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == headers.len() {
                    (cell.paint)(&cell.text)
                } else {
                    (cell.paint)(&pad(&cell.text, widths[i]))
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Label/value lines under a title, labels aligned: the layout of `explain` and `classify`.
/// A value with several lines (`messages`) continues under the first.
pub struct Fields {
    paint: Paint,
    rows: Vec<(String, Vec<String>)>,
}

impl Fields {
    /// No fields yet.
    pub fn new(paint: Paint) -> Fields {
        Fields {
            paint,
            rows: Vec::new(),
        }
    }

    /// A field; a value of several lines (catalog text may have them) continues under
    /// its first line.
    pub fn add(&mut self, label: impl Into<String>, value: impl Into<String>) {
        let value = value.into();
        self.rows
            .push((label.into(), value.split('\n').map(str::to_owned).collect()));
    }

    /// A field of several lines.
    pub fn add_lines(&mut self, label: impl Into<String>, values: Vec<String>) {
        self.rows.push((label.into(), values));
    }

    /// The fields, indented by two spaces.
    pub fn render(&self) -> String {
        let w = self.rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
        let mut out = String::new();
        for (label, values) in &self.rows {
            for (i, value) in values.iter().enumerate() {
                let shown = if i == 0 {
                    self.paint.dim(&pad(label, w))
                } else {
                    pad("", w)
                };
                out.push_str(format!("  {shown}  {value}").trim_end());
                out.push('\n');
            }
        }
        out
    }
}

/// Catalog text for human output: each line [`Escaped`], the line breaks kept (a field of
/// several lines continues under its first). A catalog given with `--catalog` is text from
/// outside like any other.
pub fn lines_escaped(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| Escaped(line).to_string())
        .collect();
    lines.join("\n")
}

/// A code's messages as aligned lines: `en     text`, a text of several lines continuing under
/// its first line; every line escaped.
pub fn message_lines(messages: &[Message]) -> Vec<String> {
    let w = messages.iter().map(|m| width(&m.locale)).max().unwrap_or(0);
    messages
        .iter()
        .flat_map(|m| {
            m.text.split('\n').enumerate().map(move |(i, line)| {
                let label = if i == 0 {
                    pad(&m.locale, w)
                } else {
                    pad("", w)
                };
                format!("{label}  {}", Escaped(line))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Color only shows on a terminal, which the integration tests cannot be.
    #[test]
    fn no_escape_codes_when_off() {
        let p = Paint { on: false };
        assert_eq!(p.bold("x"), "x");
        assert_eq!(p.status(Status::Failed, "F"), "F");
        assert_eq!(Paint { on: true }.bold("x"), "\x1b[1mx\x1b[0m");
    }
}
