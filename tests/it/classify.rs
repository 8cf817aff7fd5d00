//! `classify` and `classify_result`: the status-precedence rules, uncatalogued and hostile
//! inputs, and the parse errors of `Status` and `Code`.

use crate::status_rule::{TRUTH_TABLE, code_decides};
use errcat::{Code, RetryPolicy, State, Status, classify, classify_result};

fn is_poll(p: RetryPolicy) -> bool {
    matches!(p, RetryPolicy::Poll { .. })
}

fn is_backoff(p: RetryPolicy) -> bool {
    matches!(p, RetryPolicy::Backoff { .. })
}

#[test]
fn the_truth_table_covers_every_kind() {
    for kind in errcat::RetryPolicy::KINDS {
        assert!(
            TRUTH_TABLE
                .iter()
                .any(|(o, k, _)| *o == "F/U/A" && *k == kind),
            "{kind}"
        );
    }
    assert_eq!(Status::ALL.map(|s| s as usize), [0, 1, 2, 3]);
}

#[test]
fn status_precedence_holds_for_every_status_and_code() {
    for status in Status::ALL {
        let fallback = classify_result(status, "");
        for &code in Code::ALL {
            let c = classify_result(status, code.as_str());
            assert_eq!(c.code(), Some(code));
            assert_eq!(c.status(), status);
            assert_eq!(c.category(), Some(code.category()));
            assert_eq!(c.description(), code.description());
            assert_eq!(c.resolution(), code.resolution());
            let inquires_first =
                code.inquire_first().is_some() || code.retry() == RetryPolicy::NewRequest;
            if status == Status::Failed && code_decides(status, code) && inquires_first {
                // The order may be paid after all: inquire it first, "still confirming".
                assert_eq!(c.state(), State::Unknown, "{code}");
                assert!(is_poll(c.retry()), "{code}");
                assert_eq!(c.retry(), classify_result(Status::Accepted, "").retry());
                assert_eq!(
                    c.messages(),
                    classify_result(Status::Unknown, "").messages()
                );
            } else if code_decides(status, code) {
                assert!(c.decided_by_code(), "{status} {code}");
                assert_eq!(c.retry(), code.retry(), "{status} {code}");
                assert_eq!(c.user_message(), code.user_message(), "{status} {code}");
            } else {
                assert!(!c.decided_by_code(), "{status} {code}");
                assert_eq!(c.retry(), fallback.retry(), "{status} {code}");
                assert_eq!(c.messages(), fallback.messages(), "{status} {code}");
            }
            // The status's own rules hold whoever decided.
            let retry = c.retry();
            match status {
                Status::Success => assert_eq!(retry, RetryPolicy::Never, "{code}"),
                Status::Failed => {
                    assert!(retry == RetryPolicy::Never || c.decided_by_code() || is_poll(retry))
                }
                Status::Unknown => assert!(
                    is_backoff(retry) || is_poll(retry) || retry == RetryPolicy::RefreshToken,
                    "{code}"
                ),
                Status::Accepted => assert!(is_poll(retry), "{code}"),
            }
        }
    }
}

#[test]
fn the_issue_examples() {
    let c = classify_result(Status::Failed, "PROCESS_FAIL");
    assert_eq!((c.state(), c.retry()), (State::Failed, RetryPolicy::Never));
    let c = classify_result(Status::Failed, "SYSTEM_BUSY");
    assert_eq!(c.state(), State::Retry);
    assert!(is_backoff(c.retry()));
    let c = classify_result(Status::Failed, "PAYMENT_IN_PROCESS");
    assert_eq!(c.retry(), RetryPolicy::Never);
    let c = classify_result(Status::Accepted, "SUCCESS");
    assert!(is_poll(c.retry()));
    let c = classify_result(Status::Success, "INSUFFICIENT_BALANCE");
    assert_eq!(c.retry(), RetryPolicy::Never);
    assert_eq!(
        c.user_message(),
        classify_result(Status::Success, "SUCCESS").user_message()
    );
    assert_eq!(c.code(), Some(Code::InsufficientBalance));
    let c = classify_result(Status::Unknown, "INSUFFICIENT_BALANCE");
    assert!(is_backoff(c.retry()));
    assert_ne!(c.user_message(), Code::InsufficientBalance.user_message());
    for locale in ["en", "zh-CN"] {
        assert_ne!(
            c.user_message_in(locale),
            Code::InsufficientBalance.user_message_in(locale)
        );
    }
}

#[test]
fn classify_uses_the_codes_own_status() {
    for &code in Code::ALL {
        let c = classify(code.as_str());
        assert_eq!(c.status(), code.status());
        // A code that inquires first is inquired (the A fallback's poll) under its own F.
        assert_eq!(c.decided_by_code(), c.state() != State::Unknown, "{code}");
        assert_eq!(c, classify_result(code.status(), code.as_str()), "{code}");
    }
}

#[test]
fn anything_else_gets_the_failed_fallback() {
    let huge = "A".repeat(10 * 1024 * 1024);
    let inputs = [
        "",
        " ",
        "insufficient_balance",
        "INSUFFICIENT_BALANCE ",
        " SUCCESS",
        "SUCCESS\0",
        "支付失败",
        "🙂",
        "1001",
        "ACCEPTED",
        huge.as_str(),
    ];
    let f = classify_result(Status::Failed, "");
    for input in inputs {
        let c = classify(input);
        assert_eq!(c.code(), None, "{input:?}");
        assert_eq!(c.status(), Status::Failed);
        assert_eq!(c.retry(), RetryPolicy::Never);
        assert_eq!(c.category(), None);
        assert_eq!(c, f);
        assert!(!c.user_message().is_empty());
        for status in Status::ALL {
            let r = classify_result(status, input);
            assert_eq!((r.code(), r.status()), (None, status));
        }
    }
    assert!(is_backoff(
        classify_result(Status::Unknown, "ACCEPTED").retry()
    ));
    assert!(is_poll(
        classify_result(Status::Accepted, "ACCEPTED").retry()
    ));
}

#[test]
fn status_parses_exactly_four_letters() {
    for status in Status::ALL {
        assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        assert_eq!(Status::try_from(status.as_str()), Ok(status));
        assert_eq!(status.to_string(), status.as_str());
    }
    for bad in ["", "s", "SUCCESS", "S ", "X", "Ｓ"] {
        let err = bad.parse::<Status>().unwrap_err();
        assert_eq!(err.value(), bad);
        assert_eq!(
            err.to_string(),
            format!(r#"invalid result status {bad:?}: expected one of "S", "F", "U", "A""#)
        );
    }
    let long = "x".repeat(1000);
    let err = long.parse::<Status>().unwrap_err();
    assert_eq!(err.value().len(), 64);
    assert!(err.to_string().contains('…'));
    let _: &dyn std::error::Error = &err;
}

#[test]
fn only_s_and_f_are_final() {
    let finals: Vec<(&str, bool)> = Status::ALL
        .iter()
        .map(|s| (s.as_str(), s.is_final()))
        .collect();
    assert_eq!(
        finals,
        [("S", true), ("F", true), ("U", false), ("A", false)]
    );
}

#[test]
fn a_status_as_a_str_reference_is_its_letter() {
    fn letter(s: impl AsRef<str>) -> String {
        s.as_ref().to_owned()
    }
    let letters: Vec<String> = Status::ALL.into_iter().map(letter).collect();
    assert_eq!(letters, ["S", "F", "U", "A"]);
}

#[test]
fn code_parse_error_names_the_code() {
    let err = "NOT_A_CODE".parse::<Code>().unwrap_err();
    assert_eq!(err.code(), "NOT_A_CODE");
    assert_eq!(err.to_string(), r#"unknown result code "NOT_A_CODE""#);
    let _: &dyn std::error::Error = &err;
}

#[test]
fn classification_is_small_and_copy() {
    fn assert_copy<T: Copy + Send + Sync + std::hash::Hash + 'static>() {}
    assert_copy::<errcat::Classification>();
    // A reference to the catalog and the decision: returned in two registers (see
    // BENCHMARKS.md).
    assert!(std::mem::size_of::<errcat::Classification>() <= 2 * std::mem::size_of::<u64>());
    let c = classify("SYSTEM_BUSY");
    let debug = format!("{c:?}");
    assert!(
        debug.contains("SYSTEM_BUSY") && debug.contains("Backoff"),
        "{debug}"
    );
}

/// `classify_result` reads a result as an operation's own: its decision is the table's for the
/// state it reads (the rows `CATALOG.decide` picks), for every code, alias and status.
#[test]
fn classify_result_is_the_tables_decision_for_its_state() {
    use errcat::CATALOG;
    let mut codes: Vec<&str> = vec!["", "NOT_A_CODE"];
    for &code in Code::ALL {
        codes.push(code.as_str());
        codes.extend(code.aliases());
    }
    for status in Status::ALL {
        for &code in &codes {
            let own = classify_result(status, code).decision();
            assert_eq!(
                own,
                CATALOG.classify_result(status, code),
                "{status} {code}"
            );
            assert_eq!(
                own,
                CATALOG.decide(own.state(), status, code),
                "{status} {code}"
            );
        }
    }
    for &code in &codes {
        assert_eq!(classify(code).decision(), CATALOG.classify(code), "{code}");
    }
}
