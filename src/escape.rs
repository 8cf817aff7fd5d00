//! Text from outside (a server, a command line, a file) made safe to print on a terminal.

use core::fmt;

/// Writes untrusted text so that it cannot act on a terminal or disguise itself: every
/// character that could move the cursor, start a control sequence, break the line or reorder
/// what is shown is written as an escape, everything else as it is.
///
/// Escaped are:
///
/// - the C0 controls (U+0000 to U+001F, ESC included), DEL (U+007F) and the C1 controls
///   (U+0080 to U+009F): `\n`, `\r` and `\t` as those two characters, the others as
///   `\u{1b}`;
/// - the bidirectional controls and marks U+061C, U+200E, U+200F, U+202A to U+202E and
///   U+2066 to U+2069, and the line and paragraph separators U+2028 and U+2029, as `\u{202e}`;
/// - every other format character (Unicode category Cf), invisible yet able to make one
///   string look like another: the soft hyphen U+00AD, the zero-width space, non-joiner and
///   joiner U+200B to U+200D, the word joiner and invisible operators U+2060 to U+2064,
///   U+206A to U+206F, the byte order mark U+FEFF, the interlinear annotation marks U+FFF9 to
///   U+FFFB, the Arabic, Syriac and Kaithi number marks, the Egyptian hieroglyph and
///   shorthand format controls, the musical symbol format controls, and the tags U+E0001 and
///   U+E0020 to U+E007F.
///
/// A backslash is not doubled, so escaping is idempotent (escaping escaped text changes
/// nothing) and the result is for reading, not for parsing back: text that must round-trip
/// belongs in a format with its own quoting, such as JSON. [`ApiError`](crate::ApiError)'s
/// `Display` follows this rule, as does everything the `errcat` command prints.
///
/// ```
/// use errcat::Escaped;
///
/// let code = "RISK_\u{202e}TCEJER";
/// assert_eq!(Escaped(code).to_string(), r"RISK_\u{202e}TCEJER");
/// assert_eq!(Escaped("a\u{1b}]0;owned\u{7}\nb").to_string(), r"a\u{1b}]0;owned\u{7}\nb");
/// assert_eq!(Escaped("支付 ok \\n").to_string(), "支付 ok \\n");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Escaped<'a>(pub &'a str);

impl Escaped<'_> {
    /// Whether `c` is written escaped.
    ///
    /// ```
    /// use errcat::Escaped;
    ///
    /// assert!(Escaped::escapes('\u{1b}') && Escaped::escapes('\u{85}') && Escaped::escapes('\u{200f}'));
    /// assert!(Escaped::escapes('\u{200b}') && Escaped::escapes('\u{feff}') && Escaped::escapes('\u{e0001}'));
    /// assert!(!Escaped::escapes('é') && !Escaped::escapes('支') && !Escaped::escapes(' '));
    /// ```
    #[inline]
    pub const fn escapes(c: char) -> bool {
        matches!(
            c,
            '\u{0}'..='\u{1f}'
                | '\u{7f}'..='\u{9f}'
                | '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{890}'..='\u{891}'
                | '\u{8e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        // Runs of plain text are written in one call.
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| Escaped::escapes(c)) {
            f.write_str(&rest[..at])?;
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                _ => write!(f, "\\u{{{:x}}}", u32::from(c))?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    extern crate alloc;
    use alloc::format;
    use alloc::string::{String, ToString};

    #[test]
    fn exactly_the_listed_characters_are_escaped() {
        let escaped: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| Escaped::escapes(c))
            .map(|c| format!("{:x} ", u32::from(c)))
            .collect();
        let mut expected = String::new();
        // The controls, then every format character (Unicode 16's category Cf).
        for range in [
            0x0..=0x1f,
            0x7f..=0x9f,
            0xad..=0xad,
            0x600..=0x605,
            0x61c..=0x61c,
            0x6dd..=0x6dd,
            0x70f..=0x70f,
            0x890..=0x891,
            0x8e2..=0x8e2,
            0x180e..=0x180e,
            0x200b..=0x200f,
            0x2028..=0x202e,
            0x2060..=0x2064,
            0x2066..=0x206f,
            0xfeff..=0xfeff,
            0xfff9..=0xfffb,
            0x110bd..=0x110bd,
            0x110cd..=0x110cd,
            0x13430..=0x1343f,
            0x1bca0..=0x1bca3,
            0x1d173..=0x1d17a,
            0xe0001..=0xe0001,
            0xe0020..=0xe007f,
        ] {
            for c in range {
                expected += &format!("{c:x} ");
            }
        }
        assert_eq!(escaped, expected);
    }

    #[test]
    fn escapes_are_written_in_place_and_idempotent() {
        let text =
            "\u{0}a\tb\r\nc\u{1b}[2J\u{7f}\u{9b}\u{61c}\u{200e}\u{200f}\u{2028}\u{2029}\u{2066}é";
        let once = Escaped(text).to_string();
        assert_eq!(
            once,
            r"\u{0}a\tb\r\nc\u{1b}[2J\u{7f}\u{9b}\u{61c}\u{200e}\u{200f}\u{2028}\u{2029}\u{2066}é"
        );
        assert_eq!(Escaped(&once).to_string(), once);
        assert_eq!(Escaped("").to_string(), "");
        assert!(!once.chars().any(Escaped::escapes));
    }
}
