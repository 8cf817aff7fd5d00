//! `errcat replay`: the flow over a payment's JSON Lines file, as the issue's scenarios say it
//! must end; restarts anywhere change nothing; every bad line names itself.

use crate::common;
use crate::common::{run, run_with_stdin};
use serde_json::Value;

const DATA: &str = "../tests/data/replay";

fn path(name: &str) -> String {
    format!("{DATA}/{name}.jsonl")
}

/// `errcat replay FILE --json EXTRA...`: its JSON lines (exit 0 asserted).
fn replay_json(file: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["replay", file, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

fn steps(lines: &[Value]) -> Vec<(u64, String, String)> {
    lines
        .iter()
        .map(|l| {
            let what = l["call"].as_str().or(l["state"].as_str()).unwrap_or("");
            (
                l["at_ms"].as_u64().unwrap(),
                l["step"].as_str().unwrap().to_owned(),
                what.to_owned(),
            )
        })
        .collect()
}

fn sends(lines: &[Value], call: &str) -> usize {
    lines
        .iter()
        .filter(|l| l["step"] == "send" && l["call"] == call)
        .count()
}

fn end(lines: &[Value]) -> &Value {
    let end = lines.last().expect("at least the first step");
    assert!(
        matches!(end["step"].as_str(), Some("done" | "ask_user")),
        "{end}"
    );
    end
}

#[test]
fn system_busy_then_success_on_the_resend_is_paid() {
    let lines = replay_json(&path("busy-then-success"), &[]);
    assert_eq!(sends(&lines, "pay"), 2);
    assert!(lines[1]["after_ms"].as_u64().unwrap() > 0, "a backoff wait");
    assert_eq!(lines[1]["request"], 0, "the same request id");
    assert_eq!(end(&lines)["state"], "succeeded");
    assert_eq!(end(&lines)["reconcile"], false);
}

#[test]
fn process_fail_fails_at_once_without_a_resend() {
    let lines = replay_json(&path("process-fail"), &[]);
    assert_eq!(
        steps(&lines),
        [
            (0, "send".into(), "pay".into()),
            (150, "done".into(), "failed".into())
        ]
    );
    assert_eq!(end(&lines)["code"], "PROCESS_FAIL");
    assert_eq!(end(&lines)["retry"]["kind"], "never");
}

#[test]
fn a_pay_without_an_answer_is_never_failed_before_an_inquiry_says_so() {
    let lines = replay_json(&path("pay-no-answer"), &[]);
    let first_inquiry = lines.iter().position(|l| l["call"] == "inquiry").unwrap();
    assert!(
        lines[..first_inquiry]
            .iter()
            .all(|l| l["step"] == "send" && l["call"] == "pay" && l["request"] == 0),
        "only resends of the same pay before the inquiry"
    );
    assert_eq!(end(&lines)["state"], "failed");
    assert_eq!(end(&lines)["code"], "INSUFFICIENT_BALANCE");
    assert_eq!(
        end(&lines)["at_ms"],
        55400,
        "failed only at the inquiry that said so"
    );
}

#[test]
fn user_amount_exceed_limit_asks_the_person_paying_with_no_inquiry() {
    let lines = replay_json(&path("user-amount-exceed-limit"), &[]);
    assert_eq!(sends(&lines, "inquiry"), 0);
    let end = end(&lines);
    assert_eq!(
        (&end["step"], &end["state"]),
        (&"ask_user".into(), &"failed".into())
    );
    assert_eq!(end["code"], "USER_AMOUNT_EXCEED_LIMIT");
    assert_eq!(end["retry"]["kind"], "ask_user");
}

#[test]
fn order_is_closed_inquires_the_same_request_id_before_anything_else() {
    let lines = replay_json(&path("order-is-closed"), &[]);
    assert_eq!(lines[1]["step"], "send");
    assert_eq!(
        (&lines[1]["call"], &lines[1]["request"]),
        (&"inquiry".into(), &0.into())
    );
    assert_eq!(lines[1]["after_ms"], 0);
    assert_eq!(end(&lines)["state"], "failed");
}

#[test]
fn a_payment_result_notification_at_4_s_ends_it_paid_at_4_s() {
    let lines = replay_json(&path("in-process-notified"), &[]);
    assert_eq!(
        sends(&lines, "inquiry"),
        1,
        "only the one asked for before the notification"
    );
    assert_eq!(end(&lines)["state"], "succeeded");
    assert_eq!(end(&lines)["at_ms"], 4000);
}

#[test]
fn the_flows_own_poll_window_waits_past_the_catalogs() {
    let long = replay_json(&path("long-poll"), &["--poll-timeout", "5m"]);
    assert_eq!(sends(&long, "cancel"), 0);
    assert_eq!(end(&long)["state"], "succeeded");
    assert!(end(&long)["at_ms"].as_u64().unwrap() > 200_000);
    // With the catalog's 60 s, the same answers end with a cancel.
    let short = replay_json(&path("long-poll"), &[]);
    assert!(sends(&short, "cancel") > 0);
    let interval = replay_json(
        &path("long-poll"),
        &["--poll-timeout", "5m", "--poll-interval", "10s"],
    );
    assert_eq!(interval[2]["after_ms"], 10_000);
}

#[test]
fn a_fail_notification_after_a_paid_end_is_a_conflict_and_the_end_becomes_unknown() {
    let lines = replay_json(&path("paid-then-fail-notification"), &[]);
    let tail: Vec<_> = steps(&lines).into_iter().skip(1).collect();
    assert_eq!(
        tail,
        [
            (300, "done".into(), "succeeded".into()),
            (2000, "ignored".into(), String::new()),
            (9000, "conflict".into(), "failed".into()),
            (9000, "done".into(), "unknown".into()),
        ]
    );
    assert_eq!(lines[3]["code"], "PROCESS_FAIL");
    assert_eq!(lines[3]["reconcile"], true);
    assert_eq!(end(&lines)["reconcile"], true);
}

#[test]
fn a_success_notification_for_the_old_request_id_is_a_conflict_and_the_end_reconciles() {
    let lines = replay_json(&path("old-id-paid"), &[]);
    let conflict = lines.iter().find(|l| l["step"] == "conflict").unwrap();
    assert_eq!(
        (conflict["at_ms"].as_u64(), &conflict["state"]),
        (Some(700), &"succeeded".into())
    );
    // The flow goes on: the new id's pay answers, and the end says reconcile.
    assert_eq!(lines.iter().filter(|l| l["request"] == 1).count(), 1);
    assert_eq!(end(&lines)["reconcile"], true);
    assert_eq!(end(&lines)["state"], "unknown");
}

#[test]
fn a_restart_anywhere_changes_nothing() {
    for name in [
        "busy-then-success",
        "in-process-notified",
        "old-id-paid",
        "order-is-closed",
        "paid-then-fail-notification",
        "pay-no-answer",
        "token-refresh-failed",
        "user-amount-exceed-limit",
    ] {
        let file = std::fs::read_to_string(path(name)).unwrap();
        let want = run(&["replay", &path(name), "--json"]).stdout;
        let lines: Vec<&str> = file.lines().collect();
        for at in 0..=lines.len() {
            let mut with = lines.clone();
            with.insert(at, r#"{"restart": true}"#);
            let out = run_with_stdin(&["replay", "-", "--json"], &with.join("\n"));
            assert!(out.status.success());
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&want),
                "{name} with a restart before line {}",
                at + 1
            );
        }
    }
}

#[test]
fn every_input_shape_reads() {
    let file = concat!(
        r#"{"at_ms": 100, "body": {"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN","resultMessage":""}}}"#,
        "\n\n",
        r#"{"at_ms": 150, "body": {"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}}"#,
        "\n",
        r#"{"restart": true}"#,
        "\r\n",
        r#"{"at_ms": 3200, "no_answer": true}"#,
        "\n",
        r#"{"at_ms": 3300, "notification": {"notifyType":"PAYMENT_PENDING","result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":""}}}"#,
        "\n",
        r#"{"at_ms": 6300, "body": {"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN","resultMessage":""}}}"#,
        "\n",
        r#"{"at_ms": 6400, "token_refresh_failed": true}"#,
        "\n",
        r#"{"at_ms": 7000, "notification": {"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"PROCESS_FAIL","resultMessage":""}}, "request": 0}"#,
        "\n",
    );
    let out = run_with_stdin(&["replay", "-", "--json"], file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<_> = lines
        .iter()
        .map(|l| l["step"].as_str().unwrap().to_owned())
        .collect();
    // pay; refresh; (the pay) inquiry; inquiry again (no answer); the pending notification
    // prints nothing; an inquiry with an expired token is asked again, the refresh being
    // spent; the failed refresh counts as no answer; the FAIL notification ends it.
    assert_eq!(
        kinds,
        [
            "send",
            "refresh_token",
            "send",
            "send",
            "send",
            "send",
            "done"
        ],
        "{lines:?}"
    );
    assert_eq!(end(&lines)["state"], "failed");
    assert_eq!(end(&lines)["code"], "PROCESS_FAIL");
}

#[test]
fn the_text_timeline_says_why_each_step() {
    let out = run(&["replay", &path("in-process-notified")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("pay answered (request 0): pending PAYMENT_IN_PROCESS (from result)"),
        "{text}"
    );
    assert!(text.contains("→ send inquiry (request 0) in 3 s"), "{text}");
    assert!(
        text.contains("4000 ms  notification for request 0: succeeded (from result)"),
        "{text}"
    );
    assert!(text.contains("→ done: succeeded"), "{text}");
    let conflict =
        String::from_utf8(run(&["replay", &path("paid-then-fail-notification")]).stdout).unwrap();
    assert!(
        conflict.contains("✗ conflict: it says failed PROCESS_FAIL about request 0"),
        "{conflict}"
    );
    assert!(
        conflict.contains("→ done: unknown, reconcile"),
        "{conflict}"
    );
    assert!(
        conflict.contains("→ ignored: it agrees with the end"),
        "{conflict}"
    );
}

#[test]
fn a_catalogs_own_code_decides_with_catalog() {
    let file = concat!(
        r#"{"at_ms": 200, "body": {"result":{"resultStatus":"U","resultCode":"WALLET_SETTLING","resultMessage":""}}}"#,
        "\n",
        r#"{"at_ms": 3300, "body": {"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":""},"paymentStatus":"SUCCESS"}}"#,
        "\n",
    );
    let own = run_with_stdin(
        &[
            "replay",
            "-",
            "--json",
            "--catalog",
            "tests/data/extends-polling-u.toml",
        ],
        file,
    );
    assert!(
        own.status.success(),
        "{}",
        String::from_utf8_lossy(&own.stderr)
    );
    let own: Vec<Value> = String::from_utf8(own.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The catalog's own U code polls: the flow inquires; errcat's own catalog lacks it, and
    // its U fallback resends the pay.
    assert_eq!(
        (&own[1]["call"], own[1]["after_ms"].as_u64()),
        (&"inquiry".into(), Some(3000))
    );
    assert_eq!(end(&own)["state"], "succeeded");
    let errcat_own = run_with_stdin(&["replay", "-", "--json"], file);
    let errcat_own: Vec<Value> = String::from_utf8(errcat_own.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(errcat_own[1]["call"], "pay");
}

/// `errcat replay -` with `stdin`: exit 1 and its stderr.
fn refused(stdin: &str) -> String {
    let out = run_with_stdin(&["replay", "-"], stdin);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "nothing is decided before the error");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn every_bad_line_is_an_error_naming_its_line() {
    let good = r#"{"at_ms": 1, "no_answer": true}"#;
    for (bad, says) in [
        ("{not json", "not a replay line"),
        ("[1, 2]", "not a replay line"),
        ("42", "not a replay line"),
        (r#"{"at_ms": 5}"#, "says nothing that happened"),
        (
            r#"{"at_ms": 5, "no_answer": true, "restart": true}"#,
            "more than one thing",
        ),
        (
            r#"{"at_ms": 5, "body": {}, "notification": {}}"#,
            "more than one thing",
        ),
        (r#"{"no_answer": true}"#, "`at_ms` is missing"),
        (r#"{"at_ms": -5, "no_answer": true}"#, "not a replay line"),
        (r#"{"at_ms": "5", "no_answer": true}"#, "not a replay line"),
        (r#"{"at_ms": 5, "no_answer": false}"#, "can only be `true`"),
        (r#"{"at_ms": 5, "body": [1]}"#, "`body` must be an object"),
        (r#"{"at_ms": 5, "body": "{}"}"#, "`body` must be an object"),
        (r#"{"at_ms": 5, "notification": null}"#, "says nothing"),
        (
            r#"{"at_ms": 5, "no_answer": true, "request": 1}"#,
            "`request` names",
        ),
        (
            r#"{"at_ms": 5, "notification": {}, "request": -1}"#,
            "not a replay line",
        ),
        (
            r#"{"at_ms": 5, "no_answer": true, "extra": 1}"#,
            "unknown field `extra`",
        ),
        (
            r#"{"at_ms": 5, "at_ms": 6, "no_answer": true}"#,
            "duplicate field `at_ms`",
        ),
    ] {
        let err = refused(&format!("{good}\n\n{bad}\n{good}\n"));
        assert!(
            err.contains("<stdin>:3: ") || err.contains(":3: "),
            "{bad}: {err}"
        );
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn bad_files_and_options_are_errors() {
    let out = run(&["replay", "no/such/file.jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = run_with_stdin(&["replay", "-"], "\u{feff}");
    assert_eq!(out.status.code(), Some(1));
    let out = common::errcat()
        .args(["replay", "-"])
        .write_stdin(vec![0xff, 0xfe])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    for bad in ["3", "1.5s", "-1s", "3 days"] {
        let option = format!("--poll-timeout={bad}");
        let out = run(&["replay", &path("process-fail"), &option]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a duration"),
            "{bad}"
        );
    }
    let out = run_with_stdin(&["replay", "-", "--catalog", "-"], "");
    assert_eq!(out.status.code(), Some(1));
    // An empty file is the first step only.
    let out = run_with_stdin(&["replay", "-", "--json"], "\n\n");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// `--poll-interval` and `--poll-timeout` take a whole number and a unit: `ms`, `s`, `m`, `h`.
#[test]
fn durations_are_a_whole_number_and_a_unit() {
    for (interval, ms) in [
        ("250ms", 250),
        ("3s", 3_000),
        ("15m", 900_000),
        ("1h", 3_600_000),
    ] {
        let lines = replay_json(
            &path("long-poll"),
            &["--poll-interval", interval, "--poll-timeout", "2h"],
        );
        // The first inquiry waits one interval.
        assert_eq!(lines[2]["after_ms"], ms, "{interval}");
    }
    for bad in [
        "",
        "3",
        "s",
        "1.5s",
        "-3s",
        "3 s",
        "3sec",
        "99999999999999999999h",
    ] {
        for flag in ["--poll-interval", "--poll-timeout"] {
            let out = run(&["replay", &path("long-poll"), &format!("{flag}={bad}")]);
            assert_eq!(out.status.code(), Some(2), "{flag} {bad}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!(
                    "`{bad}` is not a duration: write a whole number and ms, s, m or h (250ms, \
                     3s, 15m)"
                )),
                "{flag} {bad}: {err}"
            );
        }
    }
}
