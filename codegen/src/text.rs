//! Small text helpers: names, suggestions, locale tags and doc escaping.

/// Edit distance between two strings, counted in characters, ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    distance_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance of `a` and `b` if it is at most `max`: stops at the first row of the
/// table whose every cell is above `max`, so that far-apart words cost a few rows.
fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().all(|&d| d > max) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// Words longer than this many characters get no suggestion: no name is that long by mistake,
/// and comparing costs the product of the two lengths.
pub(crate) const MAX_SUGGESTED_CHARS: usize = 128;

/// The candidate closest to `word`, if it is close enough to be a plausible typo: at most a
/// third of the longer word's characters differ (and at least one may), or the two share a
/// stem (`policy` and `policies`: all of the shorter word but its last character, and at least
/// four characters).
///
/// The cost is bounded by the candidates' count: a word or candidate longer than 128
/// characters is never compared, nor a candidate whose length alone puts it too far from
/// `word`.
///
/// ```
/// use errcat_codegen::closest;
/// assert_eq!(closest("stauts", ["status", "retry"]), Some("status"));
/// assert_eq!(closest(&"x".repeat(1 << 20), ["status"]), None);
/// ```
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = word.chars().take(MAX_SUGGESTED_CHARS + 1).count();
    if len > MAX_SUGGESTED_CHARS {
        return None;
    }
    let lower: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    candidates
        .into_iter()
        .filter_map(|c| {
            let c_len = c.chars().take(MAX_SUGGESTED_CHARS + 1).count();
            if c_len > MAX_SUGGESTED_CHARS {
                return None;
            }
            let allowed = (len.max(c_len) / 3).max(1);
            let stem = same_stem(word, c);
            if len.abs_diff(c_len) > allowed && !stem {
                return None;
            }
            let c_lower: Vec<char> = c.chars().map(|c| c.to_ascii_lowercase()).collect();
            // A stem match counts whatever its distance.
            let limit = if stem { usize::MAX } else { allowed };
            distance_within(&lower, &c_lower, limit).map(|d| (d, c))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Whether `a` and `b` share all of the shorter one but its last character, and at least
/// four characters: a singular for a plural, an abbreviation for a word.
fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common + 1 >= shorter
}

/// Whether a code is made only of uppercase ASCII letters, digits and underscores.
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether a category key is snake_case: a lowercase ASCII letter, then lowercase letters,
/// digits and underscores.
pub fn is_valid_category_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether a retry policy's name is made of ASCII letters, digits, `_` and `-` (and is not
/// empty): the name is written into the generated docs as it is, in a code span.
pub fn is_valid_policy_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax: language, optional
/// script, region, variants, extensions and private use; or a private-use tag `x-...`).
pub fn is_bcp47(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut rest = subtags.as_slice();
    let private_use = |rest: &[&str]| !rest.is_empty();
    match rest.split_first() {
        Some((first, tail)) if first.eq_ignore_ascii_case("x") => return private_use(tail),
        Some((first, tail))
            if alpha(first) && (2..=8).contains(&first.len()) && first.len() != 4 =>
        {
            rest = tail;
        }
        _ => return false,
    }
    // Up to three extended-language subtags after a 2-3 letter language.
    if subtags[0].len() <= 3 {
        let mut extlangs = 0;
        while let Some((s, tail)) = rest.split_first() {
            if extlangs < 3 && s.len() == 3 && alpha(s) {
                extlangs += 1;
                rest = tail;
            } else {
                break;
            }
        }
    }
    if let Some((s, tail)) = rest.split_first() {
        if s.len() == 4 && alpha(s) {
            rest = tail;
        }
    }
    if let Some((s, tail)) = rest.split_first() {
        if (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)) {
            rest = tail;
        }
    }
    while let Some((s, tail)) = rest.split_first() {
        let variant =
            (5..=8).contains(&s.len()) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit());
        if variant {
            rest = tail;
        } else {
            break;
        }
    }
    while let Some((s, tail)) = rest.split_first() {
        if s.len() != 1 {
            return false;
        }
        if s.eq_ignore_ascii_case("x") {
            return private_use(tail);
        }
        let n = tail.iter().take_while(|t| t.len() >= 2).count();
        if n == 0 {
            return false;
        }
        rest = &tail[n..];
    }
    true
}

/// Whether rustc rejects `c` in a doc comment, or a reader would not see it there: control
/// characters (NUL, ESC, DEL, C1; a bare CR is an error), the bidi controls that change the
/// visible direction of text (U+202A-E, U+2066-9: rustc denies them in comments), the marks
/// U+200E, U+200F and U+061C, the byte-order mark, and the line and paragraph separators.
fn hidden_in_doc(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

/// Makes catalog text safe as a line of rustdoc markdown, whatever TOML allowed in it. Every
/// text of the catalog that reaches a generated doc comment goes through this function; the
/// string tables keep the text exactly as it was.
///
/// - White space (newlines included) is folded to single spaces, so no line is indented into
///   a code block and no line break (CR included) reaches the comment.
/// - Characters rustc rejects in a comment or a reader would not see (see [`hidden_in_doc`]:
///   bidi controls, NUL, ESC, ...) are written as visible escapes, `\u{202E}`.
/// - Markdown's inline punctuation is backslash-escaped, so nothing becomes a link, emphasis,
///   HTML or a code span, and `*/` cannot end a block comment.
///
/// The generator never starts a doc line with catalog text, so block syntax (`#`, `-`, `1.`)
/// cannot take effect.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if hidden_in_doc(c) {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
                continue;
            }
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Makes catalog text safe as a `#[deprecated(note = "...")]`: white space folded to single
/// spaces, and what a reader would not see (see [`hidden_in_doc`]) written as a visible
/// `\u{202E}`. Unlike [`doc_text`], markdown punctuation stays as it is, since the note is
/// read mostly in compiler warnings (`use INSUFFICIENT_BALANCE`, not `INSUFFICIENT\_BALANCE`).
pub fn note_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if hidden_in_doc(c) {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// Text as one line that cannot act on a terminal, as errcat's `Escaped` writes it (the
/// `errcat` command's rule for every string from outside): line breaks and tabs as `\n`, `\r`,
/// `\t`; other control characters, bidi controls and invisible format characters as
/// `\u{202e}`; everything else as it is. The exports and `diff` write catalog text with it
/// where the command prints it, so their bytes are the command's.
#[cfg(feature = "tooling")]
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escapes(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Whether [`escaped`] writes `c` escaped: errcat's `Escaped::escapes`.
#[cfg(feature = "tooling")]
fn escapes(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_text_folds_space_and_shows_hidden_characters() {
        assert_eq!(
            note_text(" use\nNEW_CODE\t instead\u{202E} "),
            "use NEW_CODE instead\\u{202E}"
        );
    }

    #[test]
    fn closest_names() {
        assert_eq!(
            closest("policy", ["policies", "categories"]),
            Some("policies")
        );
        assert_eq!(
            closest("category", ["policies", "categories"]),
            Some("categories")
        );
        assert_eq!(
            closest("desc", ["description", "resolution"]),
            Some("description")
        );
        assert_eq!(closest("pol", ["policies"]), None);
        assert_eq!(closest("zzzz", ["policies"]), None);
    }

    #[test]
    fn suggestions() {
        let fields = ["status", "category", "description", "resolution", "retry"];
        assert_eq!(closest("resolutoin", fields), Some("resolution"));
        assert_eq!(closest("stauts", fields), Some("status"));
        assert_eq!(closest("zzzzzzzzz", fields), None);
    }

    #[test]
    fn bcp47() {
        for ok in [
            "en",
            "zh-CN",
            "zh-Hans",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "en-US-x-twain",
            "x-private",
            "zh-yue-HK",
        ] {
            assert!(is_bcp47(ok), "{ok}");
        }
        for bad in [
            "",
            "zh_CN",
            "e",
            "englishlanguage",
            "en-",
            "-en",
            "zh-CN-",
            "en US",
            "中文",
            "1en",
            "en-a",
        ] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }

    #[test]
    fn doc_text_is_inert() {
        assert_eq!(doc_text("a\n    b"), "a b");
        assert_eq!(doc_text("x_y *z* `c`"), "x\\_y \\*z\\* \\`c\\`");
        assert_eq!(doc_text("支付 ok"), "支付 ok");
        // Nothing rustc rejects in a comment, nothing invisible, survives raw.
        assert_eq!(
            doc_text("a\u{202E}b\u{2066}c\u{0}d\u{1b}[2Je\u{200f}\u{85}f\u{9f}"),
            "a\\u{202E}b\\u{2066}c\\u{0000}d\\u{001B}\\[2Je\\u{200F} f\\u{009F}"
        );
        assert_eq!(doc_text("x\r\ny\rz\u{2028}w"), "x y z w");
        assert_eq!(doc_text("*/ /*"), "\\*/ /\\*");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let doc = doc_text(&format!("a{c}b"));
            assert!(doc.chars().all(|d| !hidden_in_doc(d)), "{c:?}: {doc:?}");
            assert!(!doc.contains("*/"), "{c:?}");
        }
        assert!(is_valid_policy_name("new_request-2"));
        for bad in ["", "never\r", "a b", "`x`", "\u{202E}", "é"] {
            assert!(!is_valid_policy_name(bad), "{bad:?}");
        }
    }
}
