//! `errcat classify`: a code, a code with a status, and whole platform responses (tidy,
//! untidy and malformed).

use std::path::PathBuf;

use crate::common::{
    assert_classification, code, field, keys, run, run_json, run_with_stdin, stderr, stdout,
};
use errcat::{Code, Status, classify, classify_result};
use serde_json::Value;

#[test]
fn classify_json_matches_the_library_for_every_code() {
    for &c in Code::ALL {
        let value = run_json(&["classify", c.as_str(), "--json"]);
        assert_classification(&value, &classify(c.as_str()), c.as_str(), "en");
    }
}

#[test]
fn classify_json_has_the_documented_fields() {
    let value = run_json(&["classify", "SYSTEM_BUSY", "--json"]);
    assert_eq!(
        keys(&value),
        [
            "category",
            "code",
            "description",
            "messages",
            "raw_code",
            "resolution",
            "retry",
            "state",
            "status",
            "user_message"
        ]
    );
    let kind = value["retry"]["kind"].as_str().expect("retry.kind");
    assert!(
        [
            "never",
            "backoff",
            "poll",
            "refresh_token",
            "reauthorize",
            "ask_user",
            "new_request"
        ]
        .contains(&kind)
    );
}

#[test]
fn status_wins_with_classify_result() {
    for &c in Code::ALL {
        for status in Status::ALL {
            let value = run_json(&[
                "classify",
                c.as_str(),
                "--status",
                status.as_str(),
                "--json",
            ]);
            assert_classification(
                &value,
                &classify_result(status, c.as_str()),
                c.as_str(),
                "en",
            );
        }
    }
}

#[test]
fn a_status_f_that_resends_is_retry_with_the_codes_backoff() {
    // docs/decision.md: an operation's own F whose code resends is retry, never failed.
    let value = run_json(&["classify", "SYSTEM_BUSY", "--status", "F", "--json"]);
    assert_eq!(value["status"], "F");
    assert_eq!(value["state"], "retry");
    assert_eq!(value["retry"]["kind"], "backoff");
    assert_eq!(
        value["retry"],
        serde_json::to_value(Code::SystemBusy.retry()).unwrap()
    );
    assert_eq!(value["user_message"], Code::SystemBusy.user_message());
    let text = stdout(&run(&["classify", "SYSTEM_BUSY", "--status", "F"]));
    assert_eq!(field(&text, "state"), "retry", "{text}");
    assert_eq!(field(&text, "decided by"), "the code's own entry", "{text}");
}

#[test]
fn a_code_that_inquires_first_is_unknown_and_polls_with_the_u_fallbacks_message() {
    for code in ["ORDER_IS_CLOSED", "REPEAT_REQ_INCONSISTENT"] {
        let value = run_json(&["classify", code, "--status", "F", "--json"]);
        let fallback = classify_result(Status::Unknown, "NOT_A_CODE");
        assert_eq!(value["state"], "unknown", "{code}");
        assert_eq!(value["retry"]["kind"], "poll", "{code}");
        assert_eq!(value["user_message"], fallback.user_message(), "{code}");
        let text = stdout(&run(&["classify", code]));
        assert_eq!(field(&text, "state"), "unknown", "{text}");
        assert_eq!(
            field(&text, "decided by"),
            format!(
                "the A fallback (the state is unknown): an F with {code} is inquired first (the \
                 order may already be paid or closed); the message is the U fallback's"
            ),
            "{text}"
        );
    }
    // PROCESS_FAIL stops resending: failed, never.
    let value = run_json(&["classify", "PROCESS_FAIL", "--status", "F", "--json"]);
    assert_eq!(
        (&value["state"], &value["retry"]["kind"]),
        (&"failed".into(), &"never".into())
    );
}

#[test]
fn locale_picks_the_user_message() {
    let value = run_json(&[
        "classify",
        "INSUFFICIENT_BALANCE",
        "--status",
        "F",
        "--locale",
        "zh-CN",
        "--json",
    ]);
    let expected = classify_result(Status::Failed, "INSUFFICIENT_BALANCE").user_message_in("zh-CN");
    assert_eq!(value["user_message"], expected);
    assert_ne!(expected, Code::InsufficientBalance.user_message());

    let text = stdout(&run(&["classify", "INSUFFICIENT_BALANCE", "-l", "zh-CN"]));
    assert!(text.contains(expected), "{text}");
}

#[test]
fn uncatalogued_code_is_an_answer_through_the_fallback() {
    let output = run(&["classify", "NEW_PLATFORM_CODE", "--json"]);
    assert_eq!(code(&output), 0);
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["code"], Value::Null);
    assert_eq!(value["category"], Value::Null);
    assert_eq!(value["raw_code"], "NEW_PLATFORM_CODE");
    assert_classification(
        &value,
        &classify("NEW_PLATFORM_CODE"),
        "NEW_PLATFORM_CODE",
        "en",
    );
}

#[test]
fn near_miss_gets_a_note_on_stderr_but_is_still_an_answer() {
    let output = run(&["classify", "INSUFICIENT_BALANCE", "--json"]);
    assert_eq!(code(&output), 0);
    assert!(stderr(&output).contains("did you mean INSUFFICIENT_BALANCE?"));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["raw_code"], "INSUFICIENT_BALANCE");
}

#[test]
fn human_output_says_what_decided() {
    let text = stdout(&run(&["classify", "INSUFFICIENT_BALANCE", "--status", "U"]));
    let c = classify_result(Status::Unknown, "INSUFFICIENT_BALANCE");
    assert!(text.starts_with("INSUFFICIENT_BALANCE\n"), "{text}");
    assert!(text.contains(c.user_message()), "{text}");
    assert!(text.contains(c.description()), "{text}");
    assert!(text.contains("U fallback"), "{text}");
}

/// Classifies a response given on stdin with `extra` arguments; asserts exit 0 and returns
/// the whole JSON.
fn response_full(body: &str, extra: &[&str]) -> Value {
    let mut args = vec!["classify", "--response", "-", "--json"];
    args.extend_from_slice(extra);
    let output = run_with_stdin(&args, body);
    assert_eq!(code(&output), 0, "{body}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

/// The fields every `classify --json` has: a response's `api` and `outcome` taken out (after
/// checking they are there), so the rest compares with a code's classification.
fn classic(mut value: Value) -> Value {
    let object = value.as_object_mut().unwrap();
    assert!(object.remove("api").is_some_and(|a| a.is_string()));
    let outcome = object.remove("outcome").unwrap();
    assert_eq!(
        keys(&outcome),
        [
            "code",
            "from",
            "retry",
            "state",
            "user_action",
            "user_message"
        ]
    );
    value
}

/// Classifies a response given on stdin; asserts exit 0 and returns the classic fields.
fn response_json(body: &str) -> Value {
    classic(response_full(body, &[]))
}

#[test]
fn whole_body_and_bare_result_give_the_same_answer() {
    let bare = r#"{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":"balance too low"}"#;
    let whole = format!(r#"{{"result":{bare},"paymentId":"2024"}}"#);
    let expected = classify_result(Status::Failed, "INSUFFICIENT_BALANCE");
    let from_bare = response_json(bare);
    assert_classification(&from_bare, &expected, "INSUFFICIENT_BALANCE", "en");
    assert_eq!(response_json(&whole), from_bare);
}

#[test]
fn response_from_a_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("classify-response");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("response.json");
    std::fs::write(
        &path,
        r#"{"result":{"resultStatus":"U","resultCode":"SYSTEM_BUSY","resultMessage":"busy"}}"#,
    )
    .unwrap();
    let value = run_json(&["classify", "--response", path.to_str().unwrap(), "--json"]);
    assert_classification(
        &value,
        &classify_result(Status::Unknown, "SYSTEM_BUSY"),
        "SYSTEM_BUSY",
        "en",
    );
    let text = stdout(&run(&["classify", "-r", path.to_str().unwrap()]));
    assert!(
        text.contains("\"busy\""),
        "the server message is shown for logs: {text}"
    );
}

#[test]
fn untidy_responses_are_answers() {
    let cases: &[(&str, Status, &str)] = &[
        // An accepted result whose code is not in the catalog.
        (
            r#"{"result":{"resultStatus":"A","resultCode":"ACCEPTED","resultMessage":"accept"}}"#,
            Status::Accepted,
            "ACCEPTED",
        ),
        // A numeric string code.
        (
            r#"{"result":{"resultStatus":"F","resultCode":"1001"}}"#,
            Status::Failed,
            "1001",
        ),
        // A numeric code.
        (
            r#"{"resultStatus":"U","resultCode":20001}"#,
            Status::Unknown,
            "20001",
        ),
        // Extra fields at every level, no resultMessage.
        (
            r#"{"traceId":"t","result":{"resultStatus":"S","resultCode":"SUCCESS","extra":{"a":[1,2]}},"data":{"nested":{"x":null}}}"#,
            Status::Success,
            "SUCCESS",
        ),
        // The message under another name, and a null resultMessage.
        (
            r#"{"result":{"resultStatus":"F","resultCode":"RISK_REJECT","resultMsg":"risk","resultMessage":null}}"#,
            Status::Failed,
            "RISK_REJECT",
        ),
        // A message that is not a string.
        (
            r#"{"resultStatus":"F","resultCode":"RISK_REJECT","resultMessage":{"text":"risk"}}"#,
            Status::Failed,
            "RISK_REJECT",
        ),
        // An empty code.
        (
            r#"{"resultStatus":"F","resultCode":""}"#,
            Status::Failed,
            "",
        ),
    ];
    for &(body, status, raw) in cases {
        let value = response_json(body);
        assert_classification(&value, &classify_result(status, raw), raw, "en");
    }
    let accept = response_json(cases[0].0);
    assert_eq!(accept["code"], Value::Null);
    assert_eq!(accept["status"], "A");
    assert_eq!(accept["retry"]["kind"], "poll");
}

#[test]
fn failed_result_is_an_answer() {
    let output = run_with_stdin(
        &["classify", "--response", "-"],
        r#"{"result":{"resultStatus":"F","resultCode":"RISK_REJECT"}}"#,
    );
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains(Code::RiskReject.description()));
}

#[test]
fn malformed_responses_exit_1_naming_the_problem() {
    let cases: &[(&str, &str)] = &[
        (
            "{\"result\": {",
            "<stdin>: malformed JSON: EOF while parsing",
        ),
        (
            "<html>502 Bad Gateway</html>",
            "<stdin>: malformed JSON: expected value at line 1 column 1",
        ),
        ("", "<stdin>: malformed JSON: EOF while parsing a value"),
        (
            "[1, 2]",
            "<stdin>: expected a JSON object (a response body with a `result` object, or the \
             `result` object itself), found an array",
        ),
        (
            r#"{"result":"F"}"#,
            "<stdin>: `result` must be an object, found a string",
        ),
        (
            r#"{"result":{"resultCode":"RISK_REJECT"}}"#,
            "<stdin>: missing field `resultStatus` in `result`",
        ),
        (
            r#"{"result":{"resultStatus":"F"}}"#,
            "<stdin>: missing field `resultCode` in `result`",
        ),
        (
            r#"{"result":{"resultMessage":"x"}}"#,
            "<stdin>: missing fields `resultStatus` and `resultCode` in `result`",
        ),
        (
            r#"{"resultStatus":"F","resultMessage":"x"}"#,
            "<stdin>: missing field `resultCode` in the result object",
        ),
        (
            r#"{"result":{"resultStatus":"X","resultCode":"RISK_REJECT"}}"#,
            r#"<stdin>: `resultStatus` in `result`: invalid result status "X": expected one of "S", "F", "U", "A""#,
        ),
        (
            r#"{"result":{"resultStatus":"f","resultCode":"RISK_REJECT"}}"#,
            r#"invalid result status "f""#,
        ),
        (
            r#"{"result":{"resultStatus":"FAILED","resultCode":"RISK_REJECT"}}"#,
            r#"invalid result status "FAILED""#,
        ),
        (
            r#"{"result":{"resultStatus":1,"resultCode":"RISK_REJECT"}}"#,
            r#"<stdin>: `resultStatus` must be a string (one of "S", "F", "U", "A"), found a number"#,
        ),
        (
            r#"{"result":{"resultStatus":"F","resultCode":null}}"#,
            "<stdin>: `resultCode` must be a string, found null",
        ),
        (
            r#"{"result":{"resultStatus":"F","resultCode":["X"]}}"#,
            "<stdin>: `resultCode` must be a string, found an array",
        ),
    ];
    for &(body, message) in cases {
        let output = run_with_stdin(&["classify", "--response", "-", "--json"], body);
        assert_eq!(code(&output), 1, "{body}");
        assert!(stdout(&output).is_empty(), "{body}");
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{err}");
        assert!(
            err.contains(message),
            "{body}: expected {message:?} in {err:?}"
        );
    }
}

#[test]
fn unreadable_response_file_exits_1() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-response.json");
    let output = run(&["classify", "--response", missing.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(
        err.contains(&format!("cannot read {}", missing.display())),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["classify"][..],
        &["classify", "X", "--status", "Q"],
        &["classify", "X", "--status", "f"],
        &["classify", "X", "--response", "-"],
        &["classify", "--response", "-", "--status", "F"],
    ] {
        let output = run(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stdout(&output).is_empty());
        assert!(stderr(&output).contains("error:"));
    }
}

/// Labels are aligned by their width on a terminal: a wide character counts twice.
#[test]
fn widths_count_wide_characters_twice() {
    let text = stdout(&run(&["classify", "SYSTEM_BUSY", "--locale", "余额"]));
    // The longest label, `user message (余额)`, is 19 columns wide (17 characters).
    assert!(
        text.contains("\n  status               U (unknown)\n"),
        "{text}"
    );
    assert!(text.contains("\n  user message (余额)  "), "{text}");
}

/// How `classify --response` reads a body (once unit tests of the command's reader): a whole
/// body and its bare result answer alike; a body without a result is described by what decided;
/// one in which nothing decides is unknown; problems are named; an F read as an inferred pay
/// says so.
#[test]
fn the_response_reader_describes_what_decided() {
    let whole = response_full(
        r#"{"result":{"resultStatus":"F","resultCode":"X","resultMessage":"m"},"x":1}"#,
        &[],
    );
    let bare = response_full(
        r#"{"resultStatus":"F","resultCode":"X","resultMessage":"m"}"#,
        &[],
    );
    assert_eq!(classic(whole.clone()), classic(bare));
    assert_eq!(whole["status"], "F");
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-"],
        r#"{"result":{"resultStatus":"F","resultCode":"X","resultMessage":"m"}}"#,
    ));
    assert!(
        text.contains("\"m\" (for logs, never for the user)"),
        "{text}"
    );
    let nested = response_full(
        r#"{"paymentResult":{"resultStatus":"S","resultCode":"SUCCESS"}}"#,
        &[],
    );
    assert_eq!(
        (&nested["raw_code"], &nested["status"]),
        (&"SUCCESS".into(), &"S".into())
    );
    let state = response_full(
        r#"{"paymentStatus":"FAIL","paymentResultCode":"RISK_REJECT"}"#,
        &[],
    );
    assert_eq!(
        (&state["raw_code"], &state["code"], &state["status"]),
        (&"".into(), &Value::Null, &"F".into())
    );
    assert_eq!(
        (&state["outcome"]["state"], &state["outcome"]["code"]),
        (&"failed".into(), &"RISK_REJECT".into())
    );
    for body in [
        "{}",
        r#"{"result":null}"#,
        r#"{"data":{"resultStatus":"F"}}"#,
    ] {
        let read = response_full(body, &[]);
        assert_eq!(
            (
                &read["outcome"]["state"],
                &read["status"],
                &read["raw_code"]
            ),
            (&"unknown".into(), &"U".into(), &"".into()),
            "{body}"
        );
        assert_eq!(read["outcome"]["from"], Value::Null, "{body}");
    }
    for (body, says) in [
        ("{", "malformed JSON: "),
        ("[]", "found an array"),
        (
            r#"{"result":"x"}"#,
            "`result` must be an object, found a string",
        ),
        (
            r#"{"result":{"resultCode":"X"}}"#,
            "missing field `resultStatus` in `result`",
        ),
    ] {
        let out = run_with_stdin(&["classify", "--response", "-"], body);
        assert_eq!(code(&out), 1, "{body}");
        assert!(stderr(&out).contains(says), "{body}: {}", stderr(&out));
    }
    let inferred = run_with_stdin(
        &["classify", "--response", "-"],
        r#"{"result":{"resultStatus":"F","resultCode":"ORDER_NOT_EXIST"}}"#,
    );
    assert!(stderr(&inferred).contains("read as a pay's own result (inferred"));
    let given = run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        r#"{"result":{"resultStatus":"F","resultCode":"ORDER_NOT_EXIST"}}"#,
    );
    assert!(!stderr(&given).contains("inferred"));
}
