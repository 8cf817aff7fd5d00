//! Every kind of bad `codes.toml` the validator rejects, with its exact message and position.

use errcat_codegen::{check_bytes, check_file, check_str};

use crate::common::BASE;

/// The line number (1-based) of the first line of BASE equal to `line`.
fn line_of(src: &str, line: &str) -> usize {
    src.lines().position(|l| l == line).unwrap() + 1
}

/// The line number of the last line of `src` equal to `line`.
fn last_line_of(src: &str, line: &str) -> usize {
    let lines: Vec<&str> = src.lines().collect();
    lines.iter().rposition(|l| *l == line).unwrap() + 1
}

fn errors(src: &str) -> Vec<String> {
    match check_str("codes.toml", src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(report) => report.lines(),
    }
}

fn with_code(entry: &str) -> String {
    format!("{BASE}\n{entry}")
}

/// BASE with `from` replaced by `to` (exactly once).
fn edit(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn base_is_valid() {
    let catalog = check_str("codes.toml", BASE).unwrap();
    assert_eq!(catalog.codes.len(), 1);
    assert_eq!(catalog.codes[0].line, line_of(BASE, "[codes.SUCCESS]"));
}

#[test]
fn an_entry_in_the_documented_shape_appends_cleanly() {
    let src = with_code(
        r#"[codes.INSUFFICIENT_BALANCE]
status = "F"
category = "general"
description = "Customer has insufficient funds"
resolution = "Inform customer"
retry = "never"          # optional: the category's default otherwise
message.en = "Your balance is too low for this payment. Please try another payment method."
message.zh-CN = "余额不足，请更换其他支付方式。"
"#,
    );
    let catalog = check_str("codes.toml", &src).unwrap();
    assert_eq!(catalog.codes[1].variant, "InsufficientBalance");
    assert_eq!(catalog.codes[1].messages[1].locale, "zh-CN");
}

#[test]
fn syntax_errors_are_reported_alone() {
    let unclosed = with_code("[codes.X]\nstatus = \"F\nbogus = 1\n");
    let lines = errors(&unclosed);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = line_of(&unclosed, "status = \"F");
    // The string runs to the end of its line, where the closing quote was expected.
    assert_eq!(
        lines,
        [format!(
            "codes.toml:{line}:12: TOML syntax error: invalid basic string, expected `\"`"
        )]
    );

    let bracket = with_code("[codes.X\nstatus = \"F\"\n");
    let lines = errors(&bracket);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = line_of(&bracket, "[codes.X");
    assert!(
        lines[0].starts_with(&format!("codes.toml:{line}:")) && lines[0].contains("]"),
        "{lines:?}"
    );
}

#[test]
fn text_that_is_not_utf8_is_located() {
    let mut bytes = BASE.as_bytes().to_vec();
    let at = BASE.find("Done.").unwrap() + 2; // line 23, `message.en = "Do` + bad byte
    bytes[at] = 0xFF;
    let report = check_bytes("codes.toml", &bytes).unwrap_err();
    let line = line_of(BASE, "message.en = \"Done.\"");
    assert_eq!(
        report.lines(),
        [format!(
            "codes.toml:{line}:17: the file is not valid UTF-8: byte 0xFF cannot start or \
             continue a character here; save the file as UTF-8"
        )]
    );
}

#[test]
fn a_missing_file_names_its_path() {
    let path = std::path::Path::new("no/such/dir/codes.toml");
    let report = check_file(path).unwrap_err();
    let lines = report.lines();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("no/such/dir/codes.toml: cannot read the catalog: "),
        "{lines:?}"
    );
}

#[test]
fn a_duplicate_code_is_reported_alone_at_the_second_entry() {
    let src = with_code(
        "[codes.SUCCESS]\nstatus = \"S\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\nmessage.en = \"m\"\n",
    );
    let lines: Vec<&str> = src.lines().collect();
    let second = lines.iter().rposition(|l| *l == "[codes.SUCCESS]").unwrap() + 1;
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{second}:8: duplicate key `SUCCESS`: `SUCCESS` is already defined earlier \
             in the file; remove or rename one of the two entries"
        )]
    );
}

#[test]
fn missing_and_blank_fields() {
    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"  \"\nmessage.en = \"\"\n",
    );
    let header = line_of(&src, "[codes.X]");
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{header}:8: code \"X\": missing required field `resolution`; add \
                 `resolution = \"...\"`"
            ),
            format!(
                "codes.toml:{}:15: code \"X\": field `description` is empty; give it a value",
                header + 3
            ),
            format!(
                "codes.toml:{}:14: code \"X\": field `message.en` is empty; give it a value",
                header + 4
            ),
        ]
    );
}

#[test]
fn a_missing_english_message_names_message_en() {
    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\nmessage.zh-CN = \"失败\"\n",
    );
    let line = line_of(&src, "message.zh-CN = \"失败\"");
    let lines = errors(&src);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("codes.toml:{line}:")),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("code \"X\": no English message; add `message.en = \"...\"`"),
        "{lines:?}"
    );

    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\n",
    );
    let header = line_of(&src, "[codes.X]");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{header}:8: code \"X\": missing the English message; add `message.en = \"...\"`"
        )]
    );
}

#[test]
fn an_unknown_field_suggests_the_closest() {
    let src = edit(
        "resolution = \"Process successful response\"",
        "resolutoin = \"Process successful response\"",
    );
    let line = line_of(&src, "resolutoin = \"Process successful response\"");
    let header = line_of(&src, "[codes.SUCCESS]");
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{header}:8: code \"SUCCESS\": missing required field `resolution`; add \
                 `resolution = \"...\"`"
            ),
            format!(
                "codes.toml:{line}:1: code \"SUCCESS\": unknown field \"resolutoin\" (did you mean \
                 \"resolution\"?); known fields: status, category, description, resolution, retry, \
                 inquire_first, message, variant, aliases, deprecated, retired, since, source"
            ),
        ]
    );
}

#[test]
fn a_bad_status_lists_the_valid_ones() {
    let src = edit("status = \"S\"", "status = \"s\"");
    let line = line_of(&src, "status = \"s\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:10: code \"SUCCESS\": status \"s\" is not a result status (did you \
             mean \"S\"?); expected one of \"S\" (success), \"F\" (failed), \"U\" (unknown), \"A\" \
             (accepted)"
        )]
    );
    let src = edit("status = \"S\"", "status = \"SUCCESS\"");
    assert!(errors(&src)[0].contains("status \"SUCCESS\" is not a result status; expected one of"));
    let src = edit("status = \"S\"", "status = 1");
    assert!(
        errors(&src)[0]
            .ends_with("code \"SUCCESS\": field `status` must be a string, found integer")
    );
}

#[test]
fn undefined_categories_and_policies_list_the_defined_ones() {
    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"generl\"\ndescription = \"d\"\nresolution = \"r\"\nretry = \"backof\"\nmessage.en = \"m\"\n",
    );
    let cat = line_of(&src, "category = \"generl\"");
    let retry = line_of(&src, "retry = \"backof\"");
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{cat}:12: code \"X\": category \"generl\" is not defined (did you mean \
                 \"general\"?); defined categories: \"general\""
            ),
            format!(
                "codes.toml:{retry}:9: code \"X\": retry policy \"backof\" is not defined (did you \
                 mean \"backoff\"?); defined policies: \"never\", \"backoff\", \"poll\""
            ),
        ]
    );
}

#[test]
fn codes_must_be_uppercase_ascii() {
    for (code, hint) in [
        (
            "insufficient_balance",
            " (did you mean \"INSUFFICIENT_BALANCE\"?)",
        ),
        ("\"BAD-CODE\"", " (did you mean \"BAD_CODE\"?)"),
        ("\"支付\"", ""),
    ] {
        let src = with_code(&format!(
            "[codes.{code}]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\nmessage.en = \"m\"\n"
        ));
        let header = line_of(&src, &format!("[codes.{code}]"));
        let shown = code.trim_matches('"');
        assert_eq!(
            errors(&src),
            [format!(
                "codes.toml:{header}:8: code \"{shown}\": a code must be uppercase ASCII letters, \
                 digits and underscores{hint}"
            )]
        );
    }
}

fn entry(code: &str, extra: &str) -> String {
    format!(
        "[codes.{code}]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\nmessage.en = \"m\"\n{extra}\n"
    )
}

#[test]
fn variant_names_must_be_rust_identifiers() {
    let src = with_code(&entry("3DS_FAILED", ""));
    let header = line_of(&src, "[codes.3DS_FAILED]");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{header}:8: code \"3DS_FAILED\": its variant name `3dsFailed` does not start \
             with a letter, so it is not a Rust identifier; name the variant with `variant = \"...\"` \
             (e.g. `variant = \"Code3dsFailed\"`)"
        )]
    );
    check_str(
        "codes.toml",
        &with_code(&entry("3DS_FAILED", "variant = \"ThreeDsFailed\"")),
    )
    .unwrap();

    let src = with_code(&entry("SELF", ""));
    assert!(errors(&src)[0].contains("code \"SELF\": its variant name is the keyword `Self`"));

    let src = with_code(&entry("X", "variant = \"bad_name\""));
    let line = line_of(&src, "variant = \"bad_name\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:11: code \"X\": variant \"bad_name\" is not an UpperCamelCase Rust \
             identifier (an ASCII capital letter, then ASCII letters and digits, not `Self`)"
        )]
    );

    let src = with_code(&entry("X", "variant = \"ALL\""));
    let line = line_of(&src, "variant = \"ALL\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:11: code \"X\": variant `ALL` clashes with the associated item \
             `Code::ALL`; choose another name with `variant = \"...\"`"
        )]
    );

    let src = with_code(&entry("X", "variant = \"Success\""));
    let line = line_of(&src, "variant = \"Success\"");
    let success = line_of(&src, "[codes.SUCCESS]");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:11: code \"X\": its variant name `Success` collides with code \
             \"SUCCESS\" at line {success}; choose another `variant`"
        )]
    );
}

#[test]
fn colliding_variant_names_name_both_codes() {
    for (first, second, variant) in [
        ("USER_NOT_EXIST", "USER__NOT_EXIST", "UserNotExist"),
        ("A1_B", "A_1_B", "A1B"),
    ] {
        let src = with_code(&format!("{}{}", entry(first, ""), entry(second, "")));
        let l1 = line_of(&src, &format!("[codes.{first}]"));
        let l2 = line_of(&src, &format!("[codes.{second}]"));
        assert_eq!(
            errors(&src),
            [format!(
                "codes.toml:{l2}:8: code \"{second}\": its variant name `{variant}` collides with \
                 code \"{first}\" at line {l1}; set `variant = \"...\"` on one of them"
            )]
        );
    }
}

#[test]
fn impossible_policy_parameters() {
    let src = edit("max_attempts = 3", "max_attempts = 0");
    let line = line_of(&src, "max_attempts = 0");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:16: policy \"backoff\": `max_attempts` is 0, but it counts every \
             request, the first included; use 1 or more"
        )]
    );
    let src = edit("max_delay_ms = 1000", "max_delay_ms = 50");
    let line = line_of(&src, "max_delay_ms = 50");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:16: policy \"backoff\": `max_delay_ms` (50) is below \
             `initial_delay_ms` (100); raise it to at least 100"
        )]
    );
    let src = edit("timeout_ms = 100", "timeout_ms = 5");
    let line = line_of(&src, "timeout_ms = 5");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:14: policy \"poll\": `timeout_ms` (5) is shorter than `interval_ms` \
             (10), so no poll would ever run; raise it to at least 10"
        )]
    );
    let src = edit("interval_ms = 10", "interval_ms = -10");
    assert!(errors(&src)[0].ends_with(
        "policy \"poll\": field `interval_ms` is -10, negative; use a whole number from 1 to \
         18446744073709551615"
    ));
    let src = edit("max_attempts = 3", "max_attempts = 4294967296");
    assert!(errors(&src)[0].ends_with(
        "policy \"backoff\": field `max_attempts` is 4294967296, too large; use a whole number \
         from 1 to 4294967295"
    ));
    let src = edit("kind = \"poll\"", "kind = \"pol\"");
    let line = line_of(&src, "kind = \"pol\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: policy \"poll\": kind \"pol\" is not a retry policy kind (did you \
             mean \"poll\"?); expected one of \"never\", \"backoff\", \"poll\", \"refresh_token\", \
             \"reauthorize\", \"ask_user\", \"new_request\""
        )]
    );
    let src = edit("kind = \"never\"", "kind = \"never\"\ninterval_ms = 5");
    assert!(errors(&src)[0].contains("policy \"never\": unknown field \"interval_ms\""));
}

/// A code of status `status` with `retry` (none: its category's default, `never`), appended
/// to BASE, and the line of its key.
fn code_with(code: &str, status: &str, retry: Option<&str>) -> (String, usize) {
    let retry = retry.map_or(String::new(), |r| format!("retry = \"{r}\""));
    let src = with_code(
        &entry(code, &retry).replace("status = \"F\"", &format!("status = \"{status}\"")),
    );
    let line = line_of(&src, &format!("[codes.{code}]"));
    (src, line)
}

/// One rule for every code, at the code's line: an S code never retries.
#[test]
fn a_success_code_never_retries() {
    let (src, line) = code_with("OK_TOO", "S", Some("backoff"));
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: code \"OK_TOO\": its status is \"S\", a success, so its policy \
             must never retry: a \"never\" policy, not \"backoff\""
        )]
    );
    let (src, _) = code_with("OK_TOO", "S", Some("never"));
    check_str("codes.toml", &src).unwrap();
}

/// A U code keeps asking: backoff, poll or refresh_token; `never` (or any final policy) is
/// rejected at the code's line, written or the category's default.
#[test]
fn an_unknown_code_keeps_asking() {
    let (src, line) = code_with("STILL_RUNNING", "U", Some("never"));
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: code \"STILL_RUNNING\": its status is \"U\", an outcome that \
             is not final yet, so its policy must keep asking: a \"backoff\", \"poll\" or \
             \"refresh_token\" policy, not \"never\""
        )]
    );
    let (src, line) = code_with("STILL_RUNNING", "U", None);
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: code \"STILL_RUNNING\": its status is \"U\", an outcome that \
             is not final yet, so its policy must keep asking: a \"backoff\", \"poll\" or \
             \"refresh_token\" policy, not \"never\", the default of its category \"general\"; \
             give the code a `retry` of its own"
        )]
    );
    // Under another name, the policy's kind is named too.
    let src = format!(
        "{}\n[policies.ask]\nkind = \"ask_user\"\n",
        code_with("STILL_RUNNING", "U", Some("ask")).0
    );
    let line = line_of(&src, "[codes.STILL_RUNNING]");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: code \"STILL_RUNNING\": its status is \"U\", an outcome that \
             is not final yet, so its policy must keep asking: a \"backoff\", \"poll\" or \
             \"refresh_token\" policy, not \"ask\" (of kind \"ask_user\")"
        )]
    );
    for retry in ["backoff", "poll"] {
        let (src, _) = code_with("STILL_RUNNING", "U", Some(retry));
        check_str("codes.toml", &src).unwrap();
    }
    let src = format!(
        "{}\n[policies.refresh]\nkind = \"refresh_token\"\n",
        code_with("STILL_RUNNING", "U", Some("refresh")).0
    );
    check_str("codes.toml", &src).unwrap();
}

/// An A code polls: backing off is rejected at the code's line.
#[test]
fn an_accepted_code_polls() {
    let (src, line) = code_with("QUEUED", "A", Some("backoff"));
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:8: code \"QUEUED\": its status is \"A\", accepted and not final \
             yet, so its policy must poll: a \"poll\" policy, not \"backoff\""
        )]
    );
    let (src, _) = code_with("QUEUED", "A", Some("poll"));
    check_str("codes.toml", &src).unwrap();
}

#[test]
fn contradictions_with_the_status_rules() {
    for (status, from, to, expected) in [
        (
            "S",
            "[fallback.S]\nretry = \"never\"",
            "[fallback.S]\nretry = \"backoff\"",
            "never",
        ),
        (
            "F",
            "[fallback.F]\nretry = \"never\"",
            "[fallback.F]\nretry = \"poll\"",
            "never",
        ),
        (
            "U",
            "[fallback.U]\nretry = \"backoff\"",
            "[fallback.U]\nretry = \"never\"",
            "backoff",
        ),
        (
            "A",
            "[fallback.A]\nretry = \"poll\"",
            "[fallback.A]\nretry = \"backoff\"",
            "poll",
        ),
    ] {
        let src = edit(from, to);
        let line = line_of(&src, &format!("[fallback.{status}]")) + 1;
        let lines = errors(&src);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!(
                "codes.toml:{line}:9: fallback \"{status}\": its policy"
            )),
            "{lines:?}"
        );
        assert!(
            lines[0].contains(&format!(
                "but the {status} fallback must use a \"{expected}\" policy"
            )),
            "{lines:?}"
        );
    }

    let start = BASE.find("[fallback.A]").unwrap();
    let end = BASE.find("[codes.SUCCESS]").unwrap();
    let src = format!("{}{}", &BASE[..start], &BASE[end..]);
    let lines = errors(&src);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let first_fallback = line_of(&src, "[fallback.S]");
    assert_eq!(
        lines[0],
        format!(
            "codes.toml:{first_fallback}:11: status \"A\" has no fallback; add a `[fallback.A]` table \
             (every status needs one: it answers for uncatalogued codes)"
        )
    );
    let src = edit("[fallback.A]", "[fallback.X]");
    assert!(
        errors(&src)
            .iter()
            .any(|l| l.contains("fallback \"X\" is not a result status"))
    );
}

#[test]
fn locales_must_be_bcp47() {
    let src = edit(
        "message.en = \"Done.\"\n\n[fallback.F]",
        "message.en = \"Done.\"\nmessage.zh_CN = \"完成\"\n\n[fallback.F]",
    );
    let line = line_of(&src, "message.zh_CN = \"完成\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:9: fallback \"S\": locale \"zh_CN\" in `message` is not a well-formed \
             BCP 47 language tag (like \"en\" or \"zh-CN\") (did you mean \"zh-CN\"?)"
        )]
    );
    let src = with_code(&entry("X", "message.\"chinese simplified\" = \"x\""));
    assert!(
        errors(&src)[0].contains("locale \"chinese simplified\" in `message` is not a well-formed")
    );
}

#[test]
fn every_problem_is_reported_at_once_in_source_order() {
    let src = format!(
        "{}{}{}",
        BASE.replace("title = \"General\"", "title = \"\""),
        entry("bad", "").replace("status = \"F\"", "status = \"Q\""),
        entry("GOOD_BUT_UNCATEGORIZED", "").replace("general", "nope"),
    );
    let lines = errors(&src);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let positions: Vec<(usize, usize)> = lines
        .iter()
        .map(|l| {
            let mut parts = l.split(':').skip(1);
            (
                parts.next().unwrap().parse().unwrap(),
                parts.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
    assert!(lines[0].contains("category \"general\": field `title` is empty"));
    assert!(lines[1].contains("code \"bad\": a code must be uppercase"));
    assert!(lines[2].contains("code \"bad\": status \"Q\""));
    assert!(lines[3].contains("code \"GOOD_BUT_UNCATEGORIZED\": category \"nope\" is not defined"));
}

#[test]
fn rejected_values_stay_on_one_line() {
    let src = with_code(&entry("X", "").replace("status = \"F\"", "status = \"\"\"F\nS\"\"\""));
    let lines = errors(&src);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains(r#"status "F\nS" is not a result status"#),
        "{lines:?}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let src = with_code(&entry("X", "").replace(
        "description = \"d\"",
        "description = \"支付\"\nretry = \"nope\"",
    ));
    let line = line_of(&src, "retry = \"nope\"");
    assert!(errors(&src)[0].starts_with(&format!("codes.toml:{line}:9: ")));
    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"支付\"\nresolution = \"r\"\nmessage.en = 5\n",
    );
    let line = line_of(&src, "message.en = 5");
    assert!(errors(&src)[0].starts_with(&format!("codes.toml:{line}:14: ")));
    let src = with_code(
        "[codes.X]\nstatus = \"F\"\ncategory = \"general\"\ndescription = \"d\"\nresolution = \"r\"\nmessage = { en = \"m\", \"zh\" = \"支付\", fr = 1 }\n",
    );
    let line = line_of(&src, "message = { en = \"m\", \"zh\" = \"支付\", fr = 1 }");
    assert!(
        errors(&src)[0].starts_with(&format!("codes.toml:{line}:41: ")),
        "{:?}",
        errors(&src)
    );
}

#[test]
fn the_validator_never_panics_on_odd_documents() {
    for src in [
        "",
        "codes = 1",
        "[codes]\n",
        "[policies]\n[categories]\n[fallback]\n[codes]\n",
        "codes = []\npolicies = \"x\"\n",
        "[codes.X]\n",
        "[[codes]]\nx = 1\n",
        "\u{feff}[codes.X]",
        "[codes.\"\"]\nstatus = \"S\"\n",
    ] {
        let report = check_str("codes.toml", src).unwrap_err();
        assert!(!report.diagnostics.is_empty(), "{src:?}");
        for line in report.lines() {
            assert!(line.starts_with("codes.toml:"), "{line}");
            assert!(!line.contains('\n'));
        }
    }
}

/// A category key becomes a variant of `Category`: `self` would be the keyword `Self`, and
/// `a_l_l` the associated constant `Category::ALL`. Both used to pass the validator and then
/// break the build with rustc's errors instead of a position.
#[test]
fn category_keys_must_make_category_variants() {
    let src = edit(
        "[categories.general]",
        "[categories.self]\ntitle = \"S\"\nretry = \"never\"\n\n\
         [categories.a_l_l]\ntitle = \"A\"\nretry = \"never\"\n\n\
         [categories.Payments]\ntitle = \"P\"\nretry = \"never\"\n\n\
         [categories.general]",
    );
    let line = |header: &str| line_of(&src, header);
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{}:13: category \"self\": its variant name is the keyword `Self`, so \
                 it cannot name a variant of `Category`; rename the category",
                line("[categories.self]")
            ),
            format!(
                "codes.toml:{}:13: category \"a_l_l\": its variant name `ALL` clashes with the \
                 associated item `Category::ALL`, so it cannot name a variant of `Category`; \
                 rename the category",
                line("[categories.a_l_l]")
            ),
            format!(
                "codes.toml:{}:13: category \"Payments\": a category key must be snake_case \
                 (lowercase ASCII letters, digits and underscores, starting with a letter)",
                line("[categories.Payments]")
            ),
        ]
    );
}

/// Two category keys that make the same variant name both stay keys; the second is rejected.
#[test]
fn category_variant_names_must_differ() {
    let src = with_code("[categories.general_]\ntitle = \"G\"\nretry = \"never\"\n");
    let line = line_of(&src, "[categories.general_]");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:13: category \"general_\": its variant name `General` is the same \
             as category \"general\"'s; rename one of them"
        )]
    );
}

/// A policy name reaches the generated docs as it is, so it is checked: a CR, a bidi
/// control or a space in it is an error at the name, with the name escaped.
#[test]
fn policy_names_are_ascii_words() {
    for (header, shown) in [
        ("[policies.\"never\\r\"]", "\"never\\r\""),
        ("[policies.\"ne\\u202Ever\"]", "\"ne\\u{202e}ver\""),
        ("[policies.\"two words\"]", "\"two words\""),
        ("[policies.\"\"]", "\"\""),
    ] {
        let src = format!("{BASE}\n{header}\nkind = \"never\"\n");
        let line = line_of(&src, header);
        assert_eq!(
            errors(&src),
            [format!(
                "codes.toml:{line}:11: policy {shown}: a policy name must be ASCII letters, \
                 digits, '_' and '-' (it is written into the generated docs as it is)"
            )]
        );
    }
    let src = format!("{BASE}\n[policies.fast-retry_2]\nkind = \"never\"\n");
    check_str("codes.toml", &src).unwrap();
}

/// BASE with `count` more categories, `category_00000`, `category_00001`, ...
fn with_categories(count: usize) -> String {
    let mut src = String::from(BASE);
    for i in 0..count {
        src.push_str(&format!(
            "[categories.category_{i:05}]\ntitle = \"t\"\nretry = \"never\"\n"
        ));
    }
    src
}

/// 4,000 codes that each name an undefined category, among 4,000 defined: one line per code
/// (it was 189 MB: each listed every category), each naming five categories and counting the
/// rest, with a hint found among the 4,000 where one is close.
#[test]
fn undefined_categories_among_thousands_give_a_short_report() {
    let mut src = with_categories(4_000);
    for i in 0..4_000 {
        // Every other one is a typo of a defined category, at its end or at its start.
        let category = match i % 4 {
            0 => format!("category_{i:05}x"),
            2 => format!("ctegory_{i:05}"),
            _ => format!("missing_{i}"),
        };
        src.push_str(&format!(
            "[codes.BAD_{i}]\nstatus = \"F\"\ncategory = \"{category}\"\ndescription = \"d\"\n\
             resolution = \"r\"\nmessage.en = \"m\"\n"
        ));
    }
    let lines = errors(&src);
    assert_eq!(lines.len(), 4_000);
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    assert!(total < 1_000_000, "{total} bytes");
    let defined = "defined categories: \"general\", \"category_00000\", \"category_00001\", \
                   \"category_00002\", \"category_00003\" and 3,996 more";
    let line = line_of(&src, "category = \"category_00000x\"");
    assert_eq!(
        lines[0],
        format!(
            "codes.toml:{line}:12: code \"BAD_0\": category \"category_00000x\" is not defined \
             (did you mean \"category_00000\"?); {defined}"
        )
    );
    let line = line_of(&src, "category = \"missing_1\"");
    assert_eq!(
        lines[1],
        format!(
            "codes.toml:{line}:12: code \"BAD_1\": category \"missing_1\" is not defined; \
             {defined}"
        )
    );
    assert!(lines[3996].contains("(did you mean \"category_03996\"?)"));
    assert!(lines[3998].contains("(did you mean \"category_03998\"?)"));
}

/// An unknown field or an undefined name of a megabyte gets no hint (comparing it costs its
/// length times each candidate's), and the message says what is wrong.
#[test]
fn huge_unknown_names_get_no_hint() {
    let huge = "resolutoin".repeat(100_000);
    let src = with_code(&format!(
        "[codes.X]\nstatus = \"F\"\ncategory = \"{huge}\"\ndescription = \"d\"\nresolution = \
         \"r\"\nretry = \"{huge}\"\nmessage.en = \"m\"\n{huge} = 1\n"
    ));
    let lines = errors(&src);
    assert_eq!(
        lines.len(),
        3,
        "{:?}",
        lines.iter().map(|l| l.len()).collect::<Vec<_>>()
    );
    assert!(lines.iter().all(|l| !l.contains("did you mean")));
    assert!(lines[0].ends_with("is not defined; defined categories: \"general\""));
    assert!(
        lines[1].ends_with("is not defined; defined policies: \"never\", \"backoff\", \"poll\"")
    );
    assert!(lines[2].contains(": unknown field \"resolutoinresolutoin"));
    // A typo of ordinary length still gets its hint.
    assert_eq!(
        errcat_codegen::closest("resolutoin", ["status", "resolution"]),
        Some("resolution")
    );
}

/// 100,000 categories, and 100,000 locales in one message table: valid, and checked without
/// comparing every name with every other (the check used to grow 4x from 20,000 to 40,000).
#[test]
fn a_hundred_thousand_categories_or_locales_check() {
    let catalog = check_str("codes.toml", &with_categories(100_000)).unwrap();
    assert_eq!(catalog.categories.len(), 100_001);

    let mut src = String::from(BASE);
    src.push_str("[codes.MANY_LOCALES]\nstatus = \"F\"\ncategory = \"general\"\n");
    src.push_str("description = \"d\"\nresolution = \"r\"\n[codes.MANY_LOCALES.message]\n");
    src.push_str("en = \"m\"\n");
    for i in 0..100_000 {
        src.push_str(&format!("x-l{i} = \"m{i}\"\n"));
    }
    let catalog = check_str("codes.toml", &src).unwrap();
    let code = catalog
        .codes
        .iter()
        .find(|c| c.code == "MANY_LOCALES")
        .unwrap();
    assert_eq!(code.messages.len(), 100_001);
    assert_eq!(code.messages[0].locale, "en");

    // A repeated tag among them is still found, in any case.
    src.push_str("X-L99999 = \"again\"\n");
    let line = last_line_of(&src, "X-L99999 = \"again\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:1: code \"MANY_LOCALES\": locale \"X-L99999\" appears twice in \
             `message` (tags are case-insensitive)"
        )]
    );
}

/// The fields of a catalog that changes: all optional, read into the model as written.
#[test]
fn aliases_deprecated_retired_since_and_source_are_read() {
    let src = with_code(&entry(
        "RENAMED",
        "aliases = [\"OLD_NAME\", \"OLDER_NAME\"]\ndeprecated = \"use NEW\"\nretired = \"2025-01\"\n\
         since = \"0.2.0\"\nsource = \"API reference: pay\"",
    ));
    let catalog = check_str("codes.toml", &src).unwrap_or_else(|r| panic!("{r}"));
    let code = &catalog.codes[1];
    assert_eq!(code.aliases, ["OLD_NAME", "OLDER_NAME"]);
    assert_eq!(code.deprecated.as_deref(), Some("use NEW"));
    assert_eq!(code.retired.as_deref(), Some("2025-01"));
    assert_eq!(code.since.as_deref(), Some("0.2.0"));
    assert_eq!(code.source.as_deref(), Some("API reference: pay"));
    // A catalog without them (0.1.0's) reads as before.
    let base = check_str("codes.toml", BASE).unwrap();
    assert!(base.codes[0].aliases.is_empty());
    assert_eq!(base.codes[0].deprecated, None);
    assert_eq!(base.codes[0].retired, None);
    assert_eq!(base.codes[0].since, None);
    assert_eq!(base.codes[0].source, None);
}

/// Every bad alias at once, each at its own position: one that is a code (another, or the
/// entry's own), one repeated, one already another code's, one that is not a code string,
/// one of the wrong type, and `aliases` that is not an array.
#[test]
fn bad_aliases_are_reported_at_once_with_their_positions() {
    let first = entry(
        "FIRST",
        "aliases = [\"SUCCESS\", \"FIRST\", \"OLD\", \"OLD\", \"old-name\", 7, \"X Y\"]",
    );
    let second = entry("SECOND", "aliases = [\"OLD\"]");
    let third = entry("THIRD", "aliases = \"OLD\"");
    let src = with_code(&format!("{first}{second}{third}"));
    let line1 = line_of(&src, "[codes.FIRST]") + 6;
    let line2 = line_of(&src, "[codes.SECOND]") + 6;
    let line3 = line_of(&src, "[codes.THIRD]") + 6;
    let success = line_of(&src, "[codes.SUCCESS]");
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{line1}:12: code \"FIRST\": alias \"SUCCESS\" is also a code (at line \
                 {success}); a string is either a code or an alias of one: retire that code, or \
                 remove the alias"
            ),
            format!(
                "codes.toml:{line1}:23: code \"FIRST\": alias \"FIRST\" is the code itself; remove \
                 it from `aliases`"
            ),
            format!(
                "codes.toml:{line1}:39: code \"FIRST\": alias \"OLD\" appears twice in `aliases` \
                 (first at line {line1}); remove one"
            ),
            format!(
                "codes.toml:{line1}:46: code \"FIRST\": alias \"old-name\" is not a code string: an \
                 alias must be uppercase ASCII letters, digits and underscores (did you mean \
                 \"OLD_NAME\"?)"
            ),
            format!(
                "codes.toml:{line1}:58: code \"FIRST\": an alias must be a string, found integer"
            ),
            format!(
                "codes.toml:{line1}:61: code \"FIRST\": alias \"X Y\" is not a code string: an alias \
                 must be uppercase ASCII letters, digits and underscores (did you mean \"X_Y\"?)"
            ),
            format!(
                "codes.toml:{line2}:12: code \"SECOND\": alias \"OLD\" is already an alias of code \
                 \"FIRST\" (at line {line1}); an alias names one code: remove one of them"
            ),
            format!(
                "codes.toml:{line3}:11: code \"THIRD\": field `aliases` must be an array of strings \
                 (`aliases = [\"OTHER_CODE\"]`), found string"
            ),
        ]
    );
}

/// `deprecated`, `retired`, `since` and `source` are non-empty strings; a misspelt one gets a
/// hint.
#[test]
fn deprecated_retired_since_and_source_must_be_text() {
    let src = with_code(&entry(
        "X",
        "deprecated = \" \"\nretired = 2025\nsince = \"\"\nsource = []\ndepreciated = \"old\"",
    ));
    let at = |l: &str| line_of(&src, l);
    assert_eq!(
        errors(&src),
        [
            format!(
                "codes.toml:{}:14: code \"X\": field `deprecated` is empty; give it a value",
                at("deprecated = \" \"")
            ),
            format!(
                "codes.toml:{}:11: code \"X\": field `retired` must be a string, found integer",
                at("retired = 2025")
            ),
            format!(
                "codes.toml:{}:9: code \"X\": field `since` is empty; give it a value",
                at("since = \"\"")
            ),
            format!(
                "codes.toml:{}:10: code \"X\": field `source` must be a string, found array",
                at("source = []")
            ),
            format!(
                "codes.toml:{}:1: code \"X\": unknown field \"depreciated\" (did you mean \
                 \"deprecated\"?); known fields: status, category, description, resolution, retry, \
                 inquire_first, message, variant, aliases, deprecated, retired, since, source",
                at("depreciated = \"old\"")
            ),
        ]
    );
}

/// A final code's message is not the U or A fallback's text in its locale: it would tell the
/// person paying that a failed payment is still being confirmed. Reported at the message.
#[test]
fn a_final_code_does_not_say_what_the_unknown_fallback_says() {
    let src = edit(
        "[fallback.A]\nretry = \"poll\"\ndescription = \"accepted\"\nresolution = \"poll\"\nmessage.en = \"Please wait.\"",
        "[fallback.A]\nretry = \"poll\"\ndescription = \"accepted\"\nresolution = \"poll\"\nmessage.en = \"Received.\"",
    );
    let src = format!(
        "{src}\n{}",
        entry("DECLINED", "message.zh-CN = \"请稍候。\"").replace("\"m\"", "\"Please wait.\"")
    );
    let line = last_line_of(&src, "message.en = \"Please wait.\"");
    assert!(
        line > line_of(&src, "[codes.DECLINED]"),
        "the code's own message"
    );
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:14: code \"DECLINED\": `message.en` is the text of the \"U\" \
             fallback, but its policy \"never\" is final: the person paying would read a result \
             that is final as one still being confirmed; give the code a message of its own"
        )]
    );
    // Where both fallbacks say the same, both are named; the A fallback alone counts too.
    let src = with_code(&entry("DECLINED", "").replace("\"m\"", "\"Please wait.\""));
    let line = last_line_of(&src, "message.en = \"Please wait.\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:14: code \"DECLINED\": `message.en` is the text of the \"U\" and \
             \"A\" fallbacks, but its policy \"never\" is final: the person paying would read a \
             result that is final as one still being confirmed; give the code a message of its \
             own"
        )]
    );
    // Another locale is compared with the fallback's message in that locale (tags are
    // case-insensitive).
    let src = edit(
        "message.en = \"Please wait.\"\n\n[fallback.A]",
        "message.en = \"Please wait.\"\nmessage.zh-CN = \"请稍候。\"\n\n[fallback.A]",
    );
    let src = with_code_in(&src, &entry("DECLINED", "message.zh-cn = \"请稍候。\""));
    let line = line_of(&src, "message.zh-cn = \"请稍候。\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:17: code \"DECLINED\": `message.zh-cn` is the text of the \"U\" \
             fallback, but its policy \"never\" is final: the person paying would read a result \
             that is final as one still being confirmed; give the code a message of its own"
        )]
    );
    // A code that keeps asking may say what the fallback says; a different text is fine.
    let (src, _) = code_with("BUSY", "U", Some("backoff"));
    check_str("codes.toml", &src.replace("\"m\"", "\"Please wait.\"")).unwrap();
    let src = with_code(&entry("DECLINED", "").replace("\"m\"", "\"Please wait a moment.\""));
    check_str("codes.toml", &src).unwrap();
}

/// `src` with `entry` appended.
fn with_code_in(src: &str, entry: &str) -> String {
    format!("{src}\n{entry}")
}

/// `inquire_first = "why"` marks an F code whose answer may leave the order paid or closed.
#[test]
fn inquire_first_is_a_reason_on_an_f_code() {
    let src = with_code(&entry(
        "ORDER_IS_CLOSED",
        "inquire_first = \"the order may already be completed\"",
    ));
    let catalog = check_str("codes.toml", &src).unwrap();
    let code = &catalog.codes[1];
    assert_eq!(
        code.inquire_first.as_deref(),
        Some("the order may already be completed")
    );
    assert!(catalog.inquires_first(code));
    assert_eq!(catalog.codes[0].inquire_first, None);
    assert!(!catalog.inquires_first(&catalog.codes[0]));

    // A new_request code inquires first without the field.
    let src = format!(
        "{}\n[policies.new_request]\nkind = \"new_request\"\n",
        with_code(&entry("REPEAT_REQ_INCONSISTENT", "retry = \"new_request\""))
    );
    let catalog = check_str("codes.toml", &src).unwrap();
    assert_eq!(catalog.codes[1].inquire_first, None);
    assert!(catalog.inquires_first(&catalog.codes[1]));
}

#[test]
fn inquire_first_only_on_an_f_code() {
    let (src, _) = code_with("BUSY", "U", Some("backoff\"\ninquire_first = \"why"));
    let line = line_of(&src, "inquire_first = \"why\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:17: code \"BUSY\": `inquire_first` marks an \"F\" code (an answer \
             that reads as failed, but says the order may already be paid or closed), and its \
             status is \"U\"; remove it"
        )]
    );
}

#[test]
fn inquire_first_is_not_empty() {
    let src = with_code(&entry("ORDER_IS_CLOSED", "inquire_first = \" \""));
    let line = line_of(&src, "inquire_first = \" \"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:17: code \"ORDER_IS_CLOSED\": field `inquire_first` is empty; give \
             the reason the code says the order may already be paid or closed (`inquire_first = \
             \"...\"`)"
        )]
    );
    let src = with_code(&entry("ORDER_IS_CLOSED", "inquire_first = true"));
    let line = line_of(&src, "inquire_first = true");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:17: code \"ORDER_IS_CLOSED\": field `inquire_first` must be a \
             string, found boolean; give the reason the code says the order may already be paid \
             or closed (`inquire_first = \"...\"`)"
        )]
    );
}

#[test]
fn a_new_request_code_inquires_first_by_definition() {
    let src = format!(
        "{}\n[policies.new_request]\nkind = \"new_request\"\n",
        with_code(&entry(
            "REPEAT_REQ_INCONSISTENT",
            "retry = \"new_request\"\ninquire_first = \"the id may be paid\""
        ))
    );
    let line = line_of(&src, "inquire_first = \"the id may be paid\"");
    assert_eq!(
        errors(&src),
        [format!(
            "codes.toml:{line}:17: code \"REPEAT_REQ_INCONSISTENT\": its policy \"new_request\" \
             starts over with a new request id, and a new_request code inquires first by \
             definition; remove `inquire_first`"
        )]
    );
}
