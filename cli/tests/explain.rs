//! `errcat explain`: the entry in words and as JSON, and "did you mean" for unknown codes.

mod common;

use common::{code, code_json, errcat, run, run_json, stderr, stdout};
use errcat::Code;
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
    assert_eq!(value, code_json(Code::InsufficientBalance));
}

#[test]
fn unknown_code_exits_1_with_the_closest_code() {
    for typo in [
        "insufficient_balance",
        "INSUFICIENT_BALANCE",
        "Insufficient-Balance",
        "INSUFFICIENT_BALANSE",
        "BALANCE",
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
