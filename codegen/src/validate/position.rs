//! Positions: problems at byte offsets, and byte offsets as lines and columns.

/// A problem at a byte offset of the source.
pub(crate) struct Problem {
    pub offset: Option<usize>,
    pub message: String,
}

pub(super) fn syntax_problem(src: &str, e: &toml::de::Error) -> Problem {
    let span = e.span();
    let message = e.message().trim().replace('\n', " ");
    if message.starts_with("duplicate key") {
        if let Some(key) = span.clone().and_then(|s| src.get(s)) {
            let key = key.trim_matches(|c| c == '"' || c == '\'');
            return Problem {
                offset: span.map(|s| s.start),
                message: format!(
                    "duplicate key `{key}`: `{key}` is already defined earlier in the file; \
                     remove or rename one of the two entries"
                ),
            };
        }
    }
    Problem {
        offset: span.map(|s| s.start),
        message: format!("TOML syntax error: {message}"),
    }
}

/// Line starts of a source, so that a byte offset becomes a line and column without
/// rescanning the file (a 10,000-code catalog asks for one position per code).
pub(crate) struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { src, starts }
    }

    /// The 1-based line and column (in characters) of a byte offset. An offset inside a
    /// character counts as that character; one past the end is the end.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.src[line_start..offset].chars().count() + 1)
    }
}
