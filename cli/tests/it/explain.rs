//! `errcat explain`: the entry in words and as JSON, and "did you mean" for unknown codes.

use crate::common;
use crate::common::{assert_code_record, code, errcat, run, run_json, stderr, stdout};
use errcat::{Code, Status, classify_result};
use predicates::prelude::*;

#[test]
fn explains_every_code_from_the_library() {
    for &c in Code::ALL {
        let output = run(&["explain", c.as_str()]);
        assert_eq!(code(&output), 0, "{c}");
        let text = stdout(&output);
        assert_eq!(text.lines().next(), Some(c.as_str()));
        for needle in [
            c.description(),
            c.resolution(),
            c.category().as_str(),
            c.category().title(),
            c.retry().kind(),
        ] {
            assert!(
                text.contains(needle),
                "{c}: {needle:?} missing from\n{text}"
            );
        }
        let status_line = text
            .lines()
            .find(|l| l.trim_start().starts_with("status"))
            .expect("a status line");
        assert!(status_line.contains(c.status().as_str()), "{status_line}");
        for (locale, message) in c.messages() {
            let line = text
                .lines()
                .find(|l| l.contains(message))
                .unwrap_or_else(|| panic!("{c}: {locale} message missing"));
            assert!(line.contains(locale), "{line}");
        }
        assert!(stderr(&output).is_empty());
    }
}

#[test]
fn explain_shows_the_delays_of_a_backoff_policy() {
    let c = Code::ALL
        .iter()
        .copied()
        .find(|c| matches!(c.retry(), errcat::RetryPolicy::Backoff { .. }))
        .expect("a code that backs off");
    let errcat::RetryPolicy::Backoff { max_attempts, .. } = c.retry() else {
        unreachable!()
    };
    let text = stdout(&run(&["explain", c.as_str()]));
    let retry = text
        .lines()
        .find(|l| l.trim_start().starts_with("retry"))
        .expect("a retry line");
    assert!(
        retry.contains(&format!("{max_attempts} attempts")),
        "{retry}"
    );
    assert!(retry.contains(" s"), "{retry}");
}

#[test]
fn explain_json_is_the_entry() {
    let value = run_json(&["explain", "INSUFFICIENT_BALANCE", "--json"]);
    assert_code_record(&value, Code::InsufficientBalance);
}

#[test]
fn unknown_code_exits_1_with_the_closest_code() {
    for typo in [
        "insufficient_balance",
        "INSUFICIENT_BALANCE",
        "Insufficient-Balance",
        "INSUFFICIENT_BALANSE",
    ] {
        let output = run(&["explain", typo]);
        assert_eq!(code(&output), 1, "{typo}");
        assert!(stdout(&output).is_empty());
        let err = stderr(&output);
        assert!(err.contains(&format!("unknown code '{typo}'")), "{err}");
        assert!(
            err.contains("did you mean INSUFFICIENT_BALANCE?"),
            "{typo}: {err}"
        );
    }
    let err = stderr(&run(&["explain", "BALANCE"]));
    assert!(
        err.contains("did you mean INSUFFICIENT_BALANCE or MERCHANT_BALANCE_NOT_ENOUGH?"),
        "{err}"
    );
}

/// An alias explains as its code, and says it is one; a code with aliases and a source lists
/// them.
#[test]
fn an_alias_explains_as_its_code() {
    let output = run(&["explain", "USER_BALANCE_NOT_ENOUGH"]);
    assert_eq!(code(&output), 0);
    let out = stdout(&output);
    assert_eq!(out.lines().next(), Some("INSUFFICIENT_BALANCE"), "{out}");
    assert!(
        out.contains("  asked for    USER_BALANCE_NOT_ENOUGH (an alias of INSUFFICIENT_BALANCE)\n"),
        "{out}"
    );
    assert!(
        out.contains("  aliases      USER_BALANCE_NOT_ENOUGH (sent for the same meaning)\n"),
        "{out}"
    );
    let out = stdout(&run(&["explain", "SYSTEM_ERROR"]));
    let source = Code::SystemError.source().unwrap();
    assert!(out.contains(&format!("  source       {source}\n")), "{out}");
    assert!(!out.contains("asked for"), "{out}");
    let value = run_json(&["explain", "AUTH_EXPIRED", "--json"]);
    assert_eq!(value["code"], "AUTHORIZATION_EXPIRED");
    assert_eq!(value["aliases"], serde_json::json!(["AUTH_EXPIRED"]));
    assert!(value.get("deprecated").is_none());
    let value = run_json(&["explain", "SYSTEM_ERROR", "--json"]);
    assert_eq!(value["source"], source);
    assert!(value.get("aliases").is_none());
}

#[test]
fn unknown_code_without_a_near_code_points_to_search() {
    let output = run(&["explain", "QQQQQQQQQQQQQQQQQQQQQQQQ"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(
        err.contains("unknown code 'QQQQQQQQQQQQQQQQQQQQQQQQ'"),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("errcat search"), "{err}");
}

#[test]
fn every_code_is_suggested_for_its_lowercase_form() {
    for &c in Code::ALL {
        let lower = c.as_str().to_lowercase();
        let output = run(&["explain", &lower]);
        assert_eq!(code(&output), 1);
        assert!(
            stderr(&output).contains(&format!("did you mean {c}?")),
            "{lower}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn unknown_code_assertions_with_predicates() {
    let expected = format!("did you mean {}?", Code::InsufficientBalance.as_str());
    errcat()
        .args(["explain", "insufficent_balance"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::starts_with("error: unknown code 'insufficent_balance'")
                .and(predicate::str::contains(expected)),
        );
    errcat()
        .args(["explain", Code::InsufficientBalance.as_str()])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains(
            Code::InsufficientBalance.description(),
        ));
}

/// The lines of `explain`'s error that follow `a response carrying it`.
fn fallback_lines(err: &str) -> Vec<&str> {
    err.lines()
        .skip_while(|l| !l.contains("a response carrying it gets its status's fallback"))
        .skip(1)
        .collect()
}

#[test]
fn unknown_code_shows_what_each_status_would_make_of_it() {
    for unknown in ["NEW_PLATFORM_CODE", "INSUFICIENT_BALANCE", "QQQQQQQQQQQQ"] {
        let output = run(&["explain", unknown]);
        assert_eq!(code(&output), 1);
        assert!(stdout(&output).is_empty());
        let err = stderr(&output);
        assert!(
            err.contains(&format!("(`errcat classify {unknown} --status S|F|U|A`):")),
            "{err}"
        );
        let lines = fallback_lines(&err);
        assert_eq!(lines.len(), 2 * Status::ALL.len(), "{err}");
        for (pair, status) in lines.chunks(2).zip(Status::ALL) {
            // What `classify CODE --status X` answers.
            let c = classify_result(status, unknown);
            let retry = pair[0].trim_start();
            assert!(
                retry.starts_with(&format!(
                    "{}  retry    {}",
                    status.as_str(),
                    c.retry().kind()
                )),
                "{unknown} {status}: {retry}"
            );
            assert_eq!(
                pair[1].trim_start(),
                format!("message  {}", c.user_message()),
                "{unknown} {status}"
            );
            let classified =
                run_json(&["classify", unknown, "--status", status.as_str(), "--json"]);
            assert_eq!(classified["user_message"], c.user_message());
            assert_eq!(classified["retry"]["kind"], c.retry().kind());
        }
    }
}

#[test]
fn unknown_code_suggests_codes_by_meaning() {
    for (unknown, related) in [
        (
            "BALANCE_TOO_LOW",
            "related codes: INSUFFICIENT_BALANCE (balance); MERCHANT_BALANCE_NOT_ENOUGH (balance)",
        ),
        (
            "TOKEN_EXPIRED",
            "related codes: EXPIRED_ACCESS_TOKEN (token, expired); EXPIRED_REFRESH_TOKEN (token, \
             expired); EXPIRED_AGENT_TOKEN (token, expired)",
        ),
        (
            "not_enough_funds",
            "related codes: INSUFFICIENT_BALANCE (funds); MERCHANT_BALANCE_NOT_ENOUGH (enough); \
             IDENTITY_AGE_NOT_ENOUGH (enough)",
        ),
    ] {
        let err = stderr(&run(&["explain", unknown]));
        assert_eq!(err.lines().nth(1), Some(&*format!("  {related}")), "{err}");
        assert!(!err.contains("did you mean"), "{err}");
    }
    // A code near in spelling is suggested as such, and not again by meaning.
    let err = stderr(&run(&["explain", "ORDER_NOT_EXSIT"]));
    assert_eq!(
        err.lines().nth(1),
        Some("  did you mean ORDER_NOT_EXIST?"),
        "{err}"
    );
    let related = err.lines().nth(2).unwrap();
    assert!(related.starts_with("  related codes: "), "{err}");
    assert!(!related.contains("ORDER_NOT_EXIST"), "{err}");
}

#[test]
fn a_huge_unknown_code_is_echoed_once_with_no_suggestion() {
    // Under the 128 KiB a single argument may have.
    let huge = "TOKEN_EXPIRED_".repeat(9_000);
    let output = run(&["explain", &huge]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert_eq!(err.matches(&huge).count(), 1);
    assert!(!err.contains("related codes"));
    assert!(!err.contains("did you mean"));
    assert!(
        err.contains("(`errcat classify CODE --status S|F|U|A`):"),
        "{}",
        &err[err.len() - 800..]
    );
}

// The library's suggestions (`errcat_codegen::search`, which `explain` calls) over errcat's
// catalog.

/// errcat's own catalog as the library's model.
fn model() -> &'static errcat_codegen::Catalog {
    static MODEL: std::sync::OnceLock<errcat_codegen::Catalog> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| errcat_codegen::check_file(&common::catalog_path()).unwrap())
}

/// The codes suggested for `input`, as strings.
fn suggestions(input: &str) -> Vec<&'static str> {
    errcat_codegen::search::suggestions(model(), input)
        .iter()
        .map(|c| c.code.as_str())
        .collect()
}

/// The codes related to `input`, as strings, with the shared words.
fn related(input: &str) -> Vec<(&'static str, Vec<String>)> {
    errcat_codegen::search::related(model(), input)
        .into_iter()
        .map(|r| (r.code.code.as_str(), r.shared))
        .collect()
}

/// The longest input that gets suggestions: the longest code plus half of it.
fn longest_plausible() -> usize {
    let longest = model().codes.iter().map(|c| c.code.len()).max().unwrap();
    longest + longest / 2 + 1
}

/// Every code of errcat's catalog.
fn all_codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|c| c.as_str()).collect()
}

#[test]
fn every_code_suggests_itself_in_lowercase_and_with_a_typo() {
    for code in all_codes() {
        let lower = code.to_lowercase();
        assert_eq!(suggestions(&lower), vec![code], "{lower}");
        // Drop one character from the middle: still the nearest code (or tied with it).
        let s = code;
        let mid = s.len() / 2;
        let typo = format!("{}{}", &s[..mid], &s[mid + 1..]);
        assert!(suggestions(&typo).contains(&code), "{typo}");
    }
}

#[test]
fn nothing_for_inputs_longer_than_any_code_could_be_near() {
    let longest = all_codes().into_iter().max_by_key(|c| c.len()).unwrap();
    let bound = longest_plausible();
    // The longest code with a run of typos appended, up to the bound: still suggested.
    let near = format!("{longest}{}", "X".repeat(longest.len() / 3));
    assert!(near.len() <= bound);
    assert!(suggestions(&near).contains(&longest), "{near}");
    let at_bound = format!("{longest}{}", "X".repeat(bound - longest.len()));
    assert_eq!(at_bound.len(), bound);
    let over = format!("{at_bound}X");
    assert_eq!(suggestions(&over), Vec::<&str>::new());
    // 16 MB of a code is answered without reading it: nothing to suggest.
    let huge = longest.repeat(16_000_000 / longest.len());
    assert_eq!(suggestions(&huge), Vec::<&str>::new());
    let padded = format!("   {}   ", longest.to_lowercase());
    assert_eq!(suggestions(&padded).first(), Some(&longest));
}

#[test]
fn related_codes_share_words_of_meaning() {
    let first = |input: &str| {
        related(input)
            .first()
            .map(|(c, shared)| (*c, shared.clone()))
    };
    assert_eq!(
        first("BALANCE_NOT_ENOUGH"),
        Some((
            "MERCHANT_BALANCE_NOT_ENOUGH",
            vec!["balance".to_owned(), "enough".to_owned()]
        ))
    );
    assert_eq!(
        first("token-expired"),
        Some((
            "EXPIRED_ACCESS_TOKEN",
            vec!["token".to_owned(), "expired".to_owned()]
        ))
    );
    // A word in the description counts: "funds" is only in INSUFFICIENT_BALANCE's.
    assert_eq!(
        first("NO_FUNDS").map(|(c, _)| c),
        Some("INSUFFICIENT_BALANCE")
    );
    // A short ending is the same word; codes far below the best are left out.
    let expire: Vec<&str> = related("REFRESH_TOKEN_EXPIRE")
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(expire.first(), Some(&"EXPIRED_REFRESH_TOKEN"), "{expire:?}");
    assert!(!expire.contains(&"INSUFFICIENT_SCOPE"), "{expire:?}");
    assert!(related("NOT_THE_OR").is_empty(), "stop words mean nothing");
    assert!(related("").is_empty());
}

#[test]
fn related_is_bounded_by_input_length() {
    let over = format!("BALANCE_{}", "X".repeat(longest_plausible()));
    assert!(related(&over).is_empty());
    let huge = "TOKEN_".repeat(3_000_000);
    assert!(related(&huge).is_empty());
}

/// Nothing is suggested for an empty code, by `explain` or by `classify`.
#[test]
fn nothing_for_nonsense() {
    let output = run(&["explain", ""]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(!err.contains("did you mean"), "{err}");
    assert!(!err.contains("related codes"), "{err}");
    assert!(suggestions("").is_empty());
    let output = run(&["classify", ""]);
    assert_eq!(code(&output), 0);
    assert_eq!(stderr(&output), "");
}

/// Every code's policy is said in the library's words (`PolicyKind::describe`) of the policy
/// its entry names: the runtime's policy read back into the model's is the same.
#[test]
fn every_policy_is_said_in_the_librarys_words() {
    for def in &model().codes {
        let text = stdout(&run(&["explain", &def.code]));
        let expected = model().policy(def.retry).kind.describe();
        assert_eq!(common::field(&text, "retry"), expected, "{}", def.code);
    }
}
