//! Picking a user message for a locale tag, without allocating.
//!
//! Tags compare case-insensitively with `_` taken for `-`. A tag falls back by dropping
//! subtags (`zh-Hans-CN` → `zh-Hans` → `zh`). Chinese is split by script: a Simplified request
//! (`zh`, `zh-Hans…`, `zh-CN`, `zh-SG`) takes any Simplified message, a Traditional one
//! (`zh-Hant…`, `zh-TW`, `zh-HK`, `zh-MO`) any Traditional message and never a Simplified one.
//! Everything else ends at English. A list such as an `Accept-Language` value is read by its
//! first tag only (up to the first `,` or `;`, surrounding whitespace ignored).

fn is_separator(b: u8) -> bool {
    b == b'-' || b == b'_'
}

/// Tag equality: ASCII case-insensitive, `_` equal to `-`.
fn tag_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x.eq_ignore_ascii_case(&y) || (is_separator(x) && is_separator(y)))
}

fn subtags(tag: &str) -> impl Iterator<Item = &str> {
    tag.split(['-', '_'])
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chinese {
    No,
    Simplified,
    Traditional,
}

fn chinese(tag: &str) -> Chinese {
    let mut parts = subtags(tag);
    if !parts.next().is_some_and(|p| p.eq_ignore_ascii_case("zh")) {
        return Chinese::No;
    }
    let mut region_traditional = false;
    for part in parts {
        if part.eq_ignore_ascii_case("hant") {
            return Chinese::Traditional;
        }
        if part.eq_ignore_ascii_case("hans") {
            return Chinese::Simplified;
        }
        if ["tw", "hk", "mo"]
            .iter()
            .any(|r| part.eq_ignore_ascii_case(r))
        {
            region_traditional = true;
        }
    }
    if region_traditional {
        Chinese::Traditional
    } else {
        Chinese::Simplified
    }
}

/// The first tag of a list (`zh-TW, en;q=0.8` → `zh-TW`), without surrounding whitespace.
fn first_tag(requested: &str) -> &str {
    requested
        .split([',', ';'])
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| c.is_ascii_whitespace())
}

/// The message for `requested` among `(locale, text)` pairs whose first pair is English.
pub(crate) fn pick<'a>(messages: &[(&'a str, &'a str)], requested: &str) -> &'a str {
    let requested = first_tag(requested);
    let english = messages.first().map_or("", |m| m.1);
    let script = chinese(requested);
    let mut tag = requested;
    loop {
        // A bare `zh` is Simplified: a Traditional request must not fall back to it.
        let allowed = !(script == Chinese::Traditional && tag_eq(tag, "zh"));
        if allowed {
            if let Some(m) = messages.iter().find(|m| tag_eq(m.0, tag)) {
                return m.1;
            }
        }
        match tag.bytes().rposition(is_separator) {
            Some(i) => tag = &tag[..i],
            None => break,
        }
    }
    if script != Chinese::No {
        if let Some(m) = messages.iter().find(|m| chinese(m.0) == script) {
            return m.1;
        }
    }
    english
}

#[cfg(test)]
mod tests {
    use super::*;

    static MESSAGES: &[(&str, &str)] = &[("en", "EN"), ("zh-CN", "HANS"), ("fr", "FR")];
    static WITH_HANT: &[(&str, &str)] = &[("en", "EN"), ("zh-CN", "HANS"), ("zh-Hant", "HANT")];

    #[test]
    fn exact_case_insensitive_and_underscore() {
        assert_eq!(pick(MESSAGES, "zh-CN"), "HANS");
        assert_eq!(pick(MESSAGES, "ZH_cn"), "HANS");
        assert_eq!(pick(MESSAGES, "fr-CA"), "FR");
        assert_eq!(pick(MESSAGES, "FR"), "FR");
    }

    #[test]
    fn simplified_chinese_tags() {
        for tag in [
            "zh",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-CN",
            "zh-SG",
            "zh_hans_sg",
            "ZH",
        ] {
            assert_eq!(pick(MESSAGES, tag), "HANS", "{tag}");
        }
    }

    #[test]
    fn traditional_chinese_never_gets_simplified() {
        for tag in [
            "zh-Hant",
            "zh-Hant-TW",
            "zh-TW",
            "zh-HK",
            "zh-MO",
            "zh_hant_hk",
        ] {
            assert_eq!(pick(MESSAGES, tag), "EN", "{tag}");
            assert_eq!(pick(WITH_HANT, tag), "HANT", "{tag}");
        }
    }

    /// A list is read by its first tag: a Traditional reader with English as a second choice
    /// must not get Simplified because `TW,en` looks like one odd region subtag.
    #[test]
    fn lists_and_whitespace_are_read_by_their_first_tag() {
        assert_eq!(pick(MESSAGES, "zh-TW,en"), "EN");
        assert_eq!(pick(WITH_HANT, "zh-TW, en;q=0.8"), "HANT");
        assert_eq!(pick(MESSAGES, "zh-CN,en;q=0.8"), "HANS");
        assert_eq!(pick(MESSAGES, "zh;q=0.9"), "HANS");
        assert_eq!(pick(MESSAGES, " zh-CN"), "HANS");
        assert_eq!(pick(MESSAGES, "zh-CN "), "HANS");
        assert_eq!(pick(MESSAGES, "\tfr-CA\n"), "FR");
        assert_eq!(pick(MESSAGES, "de, zh-CN"), "EN");
        assert_eq!(pick(MESSAGES, ",zh-CN"), "EN");
    }

    /// A separator matches only a separator: `zhXCN` is one unknown tag, not `zh-CN`.
    #[test]
    fn a_letter_where_a_separator_belongs_is_another_tag() {
        assert_eq!(pick(MESSAGES, "zhXCN"), "EN");
        assert_eq!(pick(MESSAGES, "zh-CNX"), "HANS");
        assert_eq!(pick(MESSAGES, "fr_"), "FR");
    }

    /// The requested tag itself wins over any other message of its script, whatever their
    /// order.
    #[test]
    fn an_exact_tag_wins_over_another_of_its_script() {
        static HK_FIRST: &[(&str, &str)] = &[("en", "EN"), ("zh-HK", "HK"), ("zh-TW", "TW")];
        assert_eq!(pick(HK_FIRST, "zh-TW"), "TW");
        assert_eq!(pick(HK_FIRST, "zh-Hant"), "HK");
        static CN_FIRST: &[(&str, &str)] = &[("en", "EN"), ("zh-CN", "HANS"), ("zh", "ZH")];
        assert_eq!(pick(CN_FIRST, "zh"), "ZH");
        assert_eq!(pick(CN_FIRST, "zh-SG"), "ZH");
        assert_eq!(pick(CN_FIRST, "zh-CN"), "HANS");
    }

    /// A bare `zh` message is Simplified: a Traditional request never falls back to it.
    #[test]
    fn a_traditional_request_never_falls_back_to_a_bare_zh() {
        static BARE_ZH: &[(&str, &str)] = &[("en", "EN"), ("zh", "ZH")];
        for tag in ["zh-TW", "zh-Hant", "zh-Hant-HK", "zh_mo"] {
            assert_eq!(pick(BARE_ZH, tag), "EN", "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-Hans-SG"] {
            assert_eq!(pick(BARE_ZH, tag), "ZH", "{tag}");
        }
    }

    #[test]
    fn anything_else_is_english() {
        for tag in ["", "de", "en-GB", "-", "zz-zz-zz", "x", "\u{1F600}", "zh-"] {
            let expected = if tag == "zh-" { "HANS" } else { "EN" };
            assert_eq!(pick(MESSAGES, tag), expected, "{tag:?}");
        }
    }
}
