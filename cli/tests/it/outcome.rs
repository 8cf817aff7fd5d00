//! `errcat classify --response FILE [--api NAME]`: the payment outcome of a whole body, in text
//! and in JSON, with the API given or inferred.

use crate::common;
use crate::common::{code, field, run_with_stdin, stderr, stdout};
use serde_json::{Value, json};

/// An Antom inquiryPayment body: the query succeeded, the payment failed.
const INQUIRY_FAIL: &str = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success."},
 "paymentStatus":"FAIL","paymentResultCode":"INSUFFICIENT_BALANCE","paymentResultMessage":"balance",
 "paymentRequestId":"pay_1","paymentId":"2019","paymentAmount":{"currency":"USD","value":"1000"}}"#;

fn json_of(body: &str, extra: &[&str]) -> Value {
    let mut value = full_json_of(body, extra);
    // The outcome's advice is checked where it matters (below); the rest compare its state.
    let outcome = value["outcome"].as_object_mut().expect("an outcome object");
    assert!(
        outcome
            .remove("retry")
            .is_some_and(|r| r["kind"].is_string())
    );
    assert!(
        outcome
            .remove("user_message")
            .is_some_and(|m| m.is_string())
    );
    // None of these bodies sends a URL for the person paying.
    assert_eq!(outcome.remove("user_action"), Some(Value::Null), "{body}");
    value
}

fn full_json_of(body: &str, extra: &[&str]) -> Value {
    let mut args = vec!["classify", "--response", "-", "--json"];
    args.extend_from_slice(extra);
    let output = run_with_stdin(&args, body);
    assert_eq!(code(&output), 0, "{body}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_outcome_advises_about_the_payment_not_the_query() {
    // The query worked (S, "Done"), the payment failed: the outcome's message is the failure's.
    let value = full_json_of(
        INQUIRY_FAIL,
        &["--api", "inquiryPayment", "--locale", "zh-CN"],
    );
    let failure = errcat::Code::InsufficientBalance;
    assert_eq!(
        value["outcome"]["user_message"],
        failure.user_message_in("zh-CN")
    );
    assert_eq!(value["outcome"]["retry"], json!({"kind": "never"}));
    assert_ne!(value["user_message"], value["outcome"]["user_message"]);
    // An inquiry whose own call failed advises what the call's code says: refresh the token.
    let expired = r#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#;
    let value = full_json_of(expired, &["--api", "inquiryPayment"]);
    assert_eq!(value["outcome"]["retry"], json!({"kind": "refresh_token"}));
    // Text output says it too.
    let output = run_with_stdin(
        &["classify", "--response", "-", "--api", "inquiryPayment"],
        INQUIRY_FAIL,
    );
    assert!(
        stdout(&output).contains(failure.user_message()),
        "{}",
        stdout(&output)
    );
}

#[test]
fn json_adds_api_and_outcome_and_keeps_the_results_fields() {
    let value = json_of(INQUIRY_FAIL, &["--api", "inquiryPayment"]);
    assert_eq!(value["api"], "inquiryPayment");
    assert_eq!(
        value["outcome"],
        json!({"state": "failed", "code": "INSUFFICIENT_BALANCE", "from": "paymentStatus"})
    );
    // The existing fields keep describing the body's own `result`.
    assert_eq!(
        (value["code"].clone(), value["status"].clone()),
        (json!("SUCCESS"), json!("S"))
    );
    assert_eq!(value["raw_code"], "SUCCESS");
}

#[test]
fn the_api_is_inferred_without_api_and_said_so() {
    let value = json_of(INQUIRY_FAIL, &[]);
    assert_eq!(value["api"], "inquiryPayment");
    let output = run_with_stdin(&["classify", "--response", "-"], INQUIRY_FAIL);
    let text = stdout(&output);
    assert!(
        field(&text, "outcome") == "failed INSUFFICIENT_BALANCE",
        "{text}"
    );
    assert!(field(&text, "outcome from") == "paymentStatus", "{text}");
    assert!(
        field(&text, "api").starts_with("inquiryPayment (inferred from the fields present"),
        "{text}"
    );
    let given = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "inquiryPayment"],
        INQUIRY_FAIL,
    ));
    assert!(field(&given, "api") == "inquiryPayment", "{given}");
}

#[test]
fn api_decides_how_an_f_result_is_read() {
    let body = r#"{"result":{"resultCode":"EXPIRED_ACCESS_TOKEN","resultStatus":"F","resultMessage":"expired"}}"#;
    let inquiry = json_of(body, &["--api", "inquiryPayment"]);
    assert_eq!(
        inquiry["outcome"],
        json!({"state": "unknown", "code": null, "from": "result"})
    );
    assert_eq!(inquiry["retry"]["kind"], "refresh_token");
    // A pay's own F whose code refreshes the token: the same request goes again once the
    // token is fresh (docs/decision.md), never "failed".
    let pay = full_json_of(body, &["--api", "pay"]);
    assert_eq!(pay["outcome"]["state"], "retry");
    assert_eq!(pay["outcome"]["retry"], json!({"kind": "refresh_token"}));
    assert_eq!(pay["state"], "retry");
    // Inferred, the same body reads as a pay, with a note that an inquiry would differ.
    let output = run_with_stdin(&["classify", "--response", "-"], body);
    assert_eq!(code(&output), 0);
    assert!(field(&stdout(&output), "api").starts_with("pay (inferred"));
    assert!(
        stderr(&output).contains(
            "note: read as a pay's own result (inferred: the body has only a `result`); if it \
             answers an inquiry, its F means the query failed, not the payment: pass --api \
             inquiryPayment"
        ),
        "{}",
        stderr(&output)
    );
    // A name the platform does not use is a usage error that lists the names.
    let bad = run_with_stdin(
        &["classify", "--response", "-", "--api", "InquiryPayment"],
        body,
    );
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("inquiryPayment"), "{}", stderr(&bad));
    let without_response = common::run(&["classify", "X", "--api", "pay"]);
    assert_eq!(code(&without_response), 2);
}

#[test]
fn a_body_without_a_result_is_an_answer() {
    // Alipay+ notifyPayment: only the nested result; the classic fields describe it.
    let nested = json_of(
        r#"{"paymentResult":{"resultCode":"USER_BALANCE_NOT_ENOUGH","resultStatus":"F","resultMessage":"x"},"paymentId":"1"}"#,
        &[],
    );
    assert_eq!(
        (nested["raw_code"].clone(), nested["status"].clone()),
        (json!("USER_BALANCE_NOT_ENOUGH"), json!("F"))
    );
    assert_eq!(nested["outcome"]["from"], "paymentResult");
    // Only a state: no code, and the status the state means.
    for (state, status, outcome) in [
        ("SUCCESS", "S", "succeeded"),
        ("CANCELLED", "F", "failed"),
        ("PROCESSING", "U", "pending"),
        ("AUTH_SUCCESS", "U", "unknown"),
    ] {
        let value = json_of(&format!(r#"{{"paymentStatus":"{state}"}}"#), &[]);
        assert_eq!(value["code"], Value::Null, "{state}");
        assert_eq!(value["raw_code"], "", "{state}");
        assert_eq!(value["status"], status, "{state}");
        assert_eq!(value["outcome"]["state"], outcome, "{state}");
    }
}

#[test]
fn every_outcome_exits_0() {
    let bodies = [
        (INQUIRY_FAIL.to_owned(), "failed"),
        (INQUIRY_FAIL.replace("\"FAIL\"", "\"SUCCESS\""), "succeeded"),
        (INQUIRY_FAIL.replace("\"FAIL\"", "\"PENDING\""), "pending"),
        (INQUIRY_FAIL.replace("\"S\"", "\"U\""), "retry"),
        (INQUIRY_FAIL.replace("\"FAIL\"", "\"WHATEVER\""), "unknown"),
    ];
    for (body, state) in bodies {
        assert_eq!(json_of(&body, &[])["outcome"]["state"], state, "{body}");
        let output = run_with_stdin(&["classify", "--response", "-"], &body);
        assert_eq!(code(&output), 0, "{body}");
    }
}

#[test]
fn transactions_and_notifications_name_their_field() {
    let capture = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success."},
      "transactions":[{"transactionType":"CAPTURE","transactionStatus":"FAIL",
      "transactionResult":{"resultStatus":"F","resultCode":"AUTHORIZATION_EXPIRED","resultMessage":"x"}}]}"#;
    assert_eq!(
        json_of(capture, &[])["outcome"],
        json!({"state": "failed", "code": "AUTHORIZATION_EXPIRED", "from": "transactions[0].transactionResult"})
    );
    let pending = r#"{"notifyType":"PAYMENT_PENDING","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
    let value = json_of(pending, &[]);
    assert_eq!(value["api"], "notifyPayment");
    assert_eq!(
        value["outcome"],
        json!({"state": "pending", "code": null, "from": "notifyType"})
    );
}

#[test]
fn ambiguous_bodies_exit_1() {
    let output = run_with_stdin(
        &["classify", "--response", "-"],
        r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"resultStatus":"F"}"#,
    );
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: <stdin>: the response has both a `result` object and a top-level `resultStatus`, \
         so the answer is ambiguous at line 1 column 68\n"
    );
}

/// The message of a status's fallback in errcat's catalog (a code it lacks gets it).
fn fallback_message(status: errcat::Status) -> &'static str {
    errcat::classify_result(status, "NOT_A_CATALOGUED_CODE").user_message()
}

#[test]
fn an_inquiry_still_processing_is_pending_and_polled_with_the_a_fallbacks_message() {
    let body = INQUIRY_FAIL
        .replace("\"FAIL\"", "\"PROCESSING\"")
        .replace(r#""paymentResultCode":"INSUFFICIENT_BALANCE","#, "");
    let value = full_json_of(&body, &["--api", "inquiryPayment"]);
    let outcome = &value["outcome"];
    assert_eq!(outcome["state"], "pending", "{value}");
    assert_eq!(outcome["retry"]["kind"], "poll", "{value}");
    assert_eq!(
        outcome["user_message"],
        fallback_message(errcat::Status::Accepted),
        "{value}"
    );
    assert_ne!(
        outcome["user_message"],
        fallback_message(errcat::Status::Unknown)
    );
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "inquiryPayment"],
        &body,
    ));
    assert_eq!(field(&text, "outcome"), "pending", "{text}");
    assert!(field(&text, "outcome next").starts_with("poll: "), "{text}");
    assert!(!text.contains("send the same request again"), "{text}");
    assert_eq!(
        field(&text, "outcome decided by"),
        "the A fallback (the state is pending): no catalogued code",
        "{text}"
    );
}

#[test]
fn the_table_of_docs_decision_md_as_the_command_answers_it() {
    let result = |status: &str, code: &str| {
        format!(
            r#"{{"result":{{"resultStatus":"{status}","resultCode":"{code}","resultMessage":""}}}}"#
        )
    };
    let unknown = fallback_message(errcat::Status::Unknown);
    let failed = fallback_message(errcat::Status::Failed);
    let cases: Vec<(String, &str, &str, &str, String)> = vec![
        (
            result("F", "PROCESS_FAIL"),
            "pay",
            "failed",
            "never",
            errcat::Code::ProcessFail.user_message().to_owned(),
        ),
        (
            result("F", "SYSTEM_BUSY"),
            "pay",
            "retry",
            "backoff",
            errcat::Code::SystemBusy.user_message().to_owned(),
        ),
        (
            result("F", "ORDER_IS_CLOSED"),
            "pay",
            "unknown",
            "poll",
            unknown.to_owned(),
        ),
        (
            result("F", "REPEAT_REQ_INCONSISTENT"),
            "pay",
            "unknown",
            "poll",
            unknown.to_owned(),
        ),
        (
            result("U", "PAYMENT_IN_PROCESS"),
            "pay",
            "pending",
            "poll",
            errcat::Code::PaymentInProcess.user_message().to_owned(),
        ),
        (
            r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"SYSTEM_BUSY","resultMessage":""}}"#.to_owned(),
            "notifyPayment",
            "failed",
            "never",
            failed.to_owned(),
        ),
        (
            r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"FAIL","paymentResultCode":"SYSTEM_BUSY"}"#.to_owned(),
            "inquiryPayment",
            "failed",
            "never",
            failed.to_owned(),
        ),
    ];
    for (body, api, state, kind, message) in cases {
        let value = full_json_of(&body, &["--api", api]);
        let outcome = &value["outcome"];
        assert_eq!(outcome["state"], state, "{api} {body}");
        assert_eq!(outcome["retry"]["kind"], kind, "{api} {body}");
        assert_eq!(outcome["user_message"], message.as_str(), "{api} {body}");
    }
    // Which row decided, in words: the code's, or a fallback and why.
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        &result("F", "ORDER_IS_CLOSED"),
    ));
    assert_eq!(
        field(&text, "outcome decided by"),
        "the A fallback (the state is unknown): an F with ORDER_IS_CLOSED is inquired first \
         (the order may already be paid or closed); the message is the U fallback's",
        "{text}"
    );
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "notifyPayment"],
        r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"SYSTEM_BUSY"}}"#,
    ));
    assert_eq!(
        field(&text, "outcome decided by"),
        "the F fallback: the entry of SYSTEM_BUSY (backoff) does not fit a failed state",
        "{text}"
    );
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "inquiryPayment"],
        r#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#,
    ));
    assert_eq!(
        field(&text, "outcome decided by"),
        "the code's own entry; the message is the U fallback's",
        "{text}"
    );
}

#[test]
fn every_shared_body_answers_what_the_shared_file_expects() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/outcome-bodies.json"
    );
    let bodies: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut answered, mut with_action) = (0, 0);
    for case in bodies["cases"].as_array().unwrap() {
        let (name, expect) = (&case["name"], &case["expect"]);
        if expect.is_null() {
            continue;
        }
        let body = match &case["body"] {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let mut args = vec!["classify", "--response", "-", "--json"];
        if let Some(api) = case["api"].as_str() {
            args.extend(["--api", api]);
        }
        let output = run_with_stdin(&args, &body);
        // Every body the library reads is an answer, one in which nothing decides included.
        assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
        answered += 1;
        let value: Value = serde_json::from_slice(&output.stdout).unwrap();
        let outcome = &value["outcome"];
        assert_eq!(outcome["state"], expect["state"], "{name}");
        assert_eq!(outcome["retry"]["kind"], expect["retry"], "{name}");
        let message = match expect["message"].as_str().unwrap() {
            "code" => errcat::Code::from_code(outcome["code"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{name}: a catalogued code"))
                .user_message(),
            status => fallback_message(status.parse().unwrap()),
        };
        assert_eq!(outcome["user_message"], message, "{name}");
        // What the person paying must do first: null where the file gives none.
        let action = expect.get("user_action").unwrap_or(&Value::Null);
        assert_eq!(&outcome["user_action"], action, "{name}");
        with_action += usize::from(!action.is_null());
    }
    assert!(answered > 100, "{answered} bodies answered");
    assert!(with_action >= 8, "{with_action} bodies with an action");
}

/// Issue 21: a mini-program pay's answer, `A ACCEPT` with a `redirectActionForm`.
const ACCEPT_WITH_FORM: &str = r#"{"result":{"resultStatus":"A","resultCode":"ACCEPT","resultMessage":"accepted"},
 "redirectActionForm":{"redirectUrl":"https://wallet.example/pay?x=1","method":"POST","parameters":"{}"},
 "paymentId":"2019"}"#;

/// Issue 21: a redirect wallet's pay, `U PAYMENT_IN_PROCESS` with where to send the person paying.
const IN_PROCESS_WITH_URLS: &str = r#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":"in process"},
 "normalUrl":"https://m.wallet.example/cashier?order=7&lang=en","schemeUrl":"wallet://pay?order=7",
 "applinkUrl":"https://wallet.example/app/pay?order=7","paymentRequestId":"pay_1"}"#;

/// Issue 21: a card pay that needs 3-D Secure, with a URL beside it that is not passed on.
const AUTHENTICATION_REQUIRED: &str = r#"{"result":{"resultStatus":"F","resultCode":"AUTHENTICATION_REQUIRED","resultMessage":"3ds"},
 "normalUrl":"https://acs.example/3ds?id=9"}"#;

/// The value lines of a field of the text answer: its first line and the lines that continue
/// under it; empty without the field.
fn field_lines(text: &str, label: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|line| {
        line.trim_start()
            .strip_prefix(label)
            .is_some_and(|rest| rest.starts_with("  "))
    }) else {
        return Vec::new();
    };
    let column = lines[at].len() - lines[at].trim_start().len() + label.len();
    let column = column + lines[at][column..].len() - lines[at][column..].trim_start().len();
    let mut values = vec![lines[at][column..].to_owned()];
    for line in &lines[at + 1..] {
        match line.get(..column) {
            Some(indent) if indent.trim().is_empty() && line.len() > column => {
                values.push(line[column..].to_owned());
            }
            _ => break,
        }
    }
    values
}

/// The labels of the text answer's fields, in order.
fn labels(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let line = line.strip_prefix("  ")?;
            let (label, _) = line.split_once("  ")?;
            (!label.trim().is_empty()).then(|| label.trim().to_owned())
        })
        .collect()
}

#[test]
fn a_mini_program_pays_accept_is_pending_with_its_redirect_action_form() {
    for api in [&["--api", "pay"][..], &[]] {
        let value = full_json_of(ACCEPT_WITH_FORM, api);
        let outcome = &value["outcome"];
        assert_eq!(
            (&outcome["state"], &outcome["code"], &outcome["from"]),
            (&json!("pending"), &json!("ACCEPT"), &json!("result")),
            "{value}"
        );
        assert_eq!(outcome["retry"]["kind"], "poll");
        assert_eq!(
            outcome["user_message"],
            errcat::Code::from_code("ACCEPT").unwrap().user_message()
        );
        // Only the form, with only the keys errcat reads, exactly as sent.
        assert_eq!(
            outcome["user_action"],
            json!({"redirectActionForm": {"redirectUrl": "https://wallet.example/pay?x=1", "method": "POST"}})
        );
    }
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        ACCEPT_WITH_FORM,
    ));
    assert_eq!(field(&text, "outcome"), "pending ACCEPT", "{text}");
    assert!(field(&text, "outcome next").starts_with("poll: "), "{text}");
    assert_eq!(
        field_lines(&text, "outcome action"),
        ["submit redirectActionForm (POST): https://wallet.example/pay?x=1"],
        "{text}"
    );
    // After what to tell the person paying, before the API.
    let labels = labels(&text);
    let at = labels.iter().position(|l| l == "outcome action").unwrap();
    assert_eq!(
        (labels[at - 1].as_str(), labels[at + 1].as_str()),
        ("outcome message (en)", "api"),
        "{text}"
    );
}

#[test]
fn a_redirect_wallets_payment_in_process_is_pending_with_its_urls() {
    let value = full_json_of(IN_PROCESS_WITH_URLS, &["--api", "pay"]);
    let outcome = &value["outcome"];
    assert_eq!(
        (&outcome["state"], &outcome["code"]),
        (&json!("pending"), &json!("PAYMENT_IN_PROCESS"))
    );
    assert_eq!(outcome["retry"]["kind"], "poll");
    assert_eq!(
        outcome["user_action"],
        json!({
            "normalUrl": "https://m.wallet.example/cashier?order=7&lang=en",
            "schemeUrl": "wallet://pay?order=7",
            "applinkUrl": "https://wallet.example/app/pay?order=7",
        })
    );
    // The keys in the platform's order, under its names.
    let raw = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay", "--json"],
        IN_PROCESS_WITH_URLS,
    ));
    let at = |key: &str| raw.find(&format!("\"{key}\":")).unwrap();
    assert!(at("user_action") < at("normalUrl"), "{raw}");
    assert!(at("normalUrl") < at("schemeUrl") && at("schemeUrl") < at("applinkUrl"));
    // Only normalUrl: only normalUrl.
    let only_normal = r#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS"},"normalUrl":"https://m.wallet.example/c"}"#;
    assert_eq!(
        full_json_of(only_normal, &["--api", "pay"])["outcome"]["user_action"],
        json!({"normalUrl": "https://m.wallet.example/c"})
    );
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        IN_PROCESS_WITH_URLS,
    ));
    assert_eq!(
        field(&text, "outcome"),
        "pending PAYMENT_IN_PROCESS",
        "{text}"
    );
    assert_eq!(
        field_lines(&text, "outcome action"),
        [
            "open normalUrl: https://m.wallet.example/cashier?order=7&lang=en",
            "open schemeUrl: wallet://pay?order=7",
            "open applinkUrl: https://wallet.example/app/pay?order=7",
        ],
        "{text}"
    );
}

#[test]
fn a_card_needing_authentication_is_failed_and_asks_the_person_paying_with_no_action() {
    let value = full_json_of(AUTHENTICATION_REQUIRED, &["--api", "pay"]);
    let outcome = &value["outcome"];
    assert_eq!(
        (&outcome["state"], &outcome["code"]),
        (&json!("failed"), &json!("AUTHENTICATION_REQUIRED"))
    );
    assert_eq!(outcome["retry"], json!({"kind": "ask_user"}));
    assert_eq!(
        outcome["user_message"],
        errcat::Code::from_code("AUTHENTICATION_REQUIRED")
            .unwrap()
            .user_message()
    );
    // The payment is over: the URL beside it is not passed on.
    assert_eq!(outcome["user_action"], Value::Null);
    assert!(!value.to_string().contains("acs.example"), "{value}");
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        AUTHENTICATION_REQUIRED,
    ));
    assert_eq!(
        field(&text, "outcome"),
        "failed AUTHENTICATION_REQUIRED",
        "{text}"
    );
    assert!(
        field(&text, "outcome next").starts_with("ask_user"),
        "{text}"
    );
    assert!(field_lines(&text, "outcome action").is_empty(), "{text}");
    assert!(!text.contains("acs.example"), "{text}");
}

#[test]
fn no_action_on_an_outcome_that_is_not_pending_nor_without_a_url() {
    let urls = r#""normalUrl":"https://w.example/n","redirectActionForm":{"redirectUrl":"https://w.example/f"}"#;
    for (result, api, state) in [
        (
            r#"{"resultStatus":"S","resultCode":"SUCCESS"}"#,
            "pay",
            "succeeded",
        ),
        (
            r#"{"resultStatus":"F","resultCode":"RISK_REJECT"}"#,
            "pay",
            "failed",
        ),
        (
            r#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY"}"#,
            "pay",
            "retry",
        ),
        (
            r#"{"resultStatus":"F","resultCode":"ORDER_IS_CLOSED"}"#,
            "pay",
            "unknown",
        ),
        (
            r#"{"resultStatus":"A","resultCode":"ACCEPT"}"#,
            "inquiryPayment",
            "retry",
        ),
    ] {
        let body = format!(r#"{{"result":{result},{urls}}}"#);
        let value = full_json_of(&body, &["--api", api]);
        assert_eq!(value["outcome"]["state"], state, "{body}");
        assert_eq!(value["outcome"]["user_action"], Value::Null, "{body}");
        let text = stdout(&run_with_stdin(
            &["classify", "--response", "-", "--api", api],
            &body,
        ));
        assert!(!text.contains("w.example"), "{text}");
    }
    // Pending, but nothing to open: no URL, a null one, a form with a method alone.
    for extra in [
        "",
        r#","normalUrl":null,"redirectActionForm":null"#,
        r#","redirectActionForm":{"method":"POST"}"#,
        r#","redirectActionForm":{}"#,
    ] {
        let body = format!(r#"{{"result":{{"resultStatus":"A","resultCode":"ACCEPT"}}{extra}}}"#);
        let value = full_json_of(&body, &["--api", "pay"]);
        assert_eq!(value["outcome"]["state"], "pending", "{body}");
        assert_eq!(value["outcome"]["user_action"], Value::Null, "{body}");
        let text = stdout(&run_with_stdin(
            &["classify", "--response", "-", "--api", "pay"],
            &body,
        ));
        assert!(field_lines(&text, "outcome action").is_empty(), "{text}");
    }
}

#[test]
fn an_action_field_of_the_wrong_type_is_an_error_naming_it() {
    for (extra, said) in [
        (
            r#""normalUrl":1"#,
            "`normalUrl` must be a string, found a number",
        ),
        (
            r#""redirectActionForm":"x""#,
            "`redirectActionForm` must be an object, found a string",
        ),
        (
            r#""redirectActionForm":{"redirectUrl":"u","method":["POST"]}"#,
            "`method` must be a string, found an array (in `redirectActionForm`)",
        ),
    ] {
        let body = format!(r#"{{"result":{{"resultStatus":"A","resultCode":"ACCEPT"}},{extra}}}"#);
        let output = run_with_stdin(&["classify", "--response", "-", "--api", "pay"], &body);
        assert_eq!(code(&output), 1, "{body}");
        assert!(
            stderr(&output).starts_with(&format!("error: <stdin>: {said} at line 1 column ")),
            "{}",
            stderr(&output)
        );
    }
}

/// `classify --response` leads with the outcome: its first line is the payment's state and code,
/// and where the call's own result advises otherwise, a `follow` line says which to act on.
#[test]
fn a_response_leads_with_the_outcome_and_says_which_answer_to_follow() {
    let inquiry = r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success."},"paymentStatus":"FAIL","paymentResultCode":"INSUFFICIENT_BALANCE"}"#;
    let output = run_with_stdin(
        &["classify", "--response", "-", "--api", "inquiryPayment"],
        inquiry,
    );
    let text = stdout(&output);
    assert!(
        text.starts_with("failed INSUFFICIENT_BALANCE (the payment's outcome: act on this)\n"),
        "{text}"
    );
    let follow = field(&text, "follow");
    assert!(
        follow.starts_with("the outcome (failed), not the call's own result (succeeded)"),
        "{text}"
    );
    assert!(follow.contains("`paymentStatus`"), "{text}");
    let own = text
        .find("\nSUCCESS (the call's own result)\n")
        .expect("the call's result follows");
    assert!(text.find("outcome message").unwrap() < own, "{text}");
    // Where both advise the same, there is nothing to choose.
    let pay =
        r#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":""}}"#;
    let text = stdout(&run_with_stdin(
        &["classify", "--response", "-", "--api", "pay"],
        pay,
    ));
    assert!(
        text.starts_with("failed INSUFFICIENT_BALANCE (the payment's outcome"),
        "{text}"
    );
    assert_eq!(field(&text, "follow"), "", "{text}");
    // JSON keeps its shape: the classic fields, then `api` and `outcome`.
    let json = stdout(&run_with_stdin(
        &[
            "classify",
            "--response",
            "-",
            "--api",
            "inquiryPayment",
            "--json",
        ],
        inquiry,
    ));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&value["code"], &value["outcome"]["state"]),
        (&"SUCCESS".into(), &"failed".into())
    );
}

/// One answer to bad input (issue 23, `docs/bad-input.md`): every case of
/// `cli/tests/data/bad-inputs.json`, in the library and the command; `cli/tests/ts/bad-input.mjs`
/// checks the TypeScript module against the same file.
mod bad_input {
    use super::common::{body_error_kind, code, errcat, stderr, without_position};
    use errcat::{Api, Outcome};
    use serde_json::Value;

    fn rows() -> Vec<Value> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/bad-inputs.json");
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        file["rows"].as_array().unwrap().clone()
    }

    /// A case's bytes: its text or its hex, padded with spaces where it says.
    fn bytes_of(row: &Value) -> Vec<u8> {
        let mut bytes = match (row["body"].as_str(), row["body_hex"].as_str()) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(hex)) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
            (None, None) => panic!("{row}: no body"),
        };
        if let Some(len) = row["pad_to"].as_u64() {
            bytes.resize(usize::try_from(len).unwrap(), b' ');
        }
        bytes
    }

    fn name(row: &Value) -> String {
        format!("{} ({})", row["row"], row["case"])
    }

    fn api(row: &Value) -> Option<Api> {
        row["api"].as_str().map(|a| a.parse().unwrap())
    }

    #[test]
    fn the_library_gives_each_rows_answer() {
        let mut checked = 0;
        for row in rows().iter().filter(|r| r["typescript_only"].is_null()) {
            let name = name(row);
            let expect = &row["expect"];
            match Outcome::from_json(api(row), &bytes_of(row)) {
                Err(err) => {
                    assert_eq!(body_error_kind(&err), expect["error"], "{name}: {err}");
                    assert_eq!(
                        without_position(&err.to_string()),
                        expect["message"],
                        "{name}"
                    );
                }
                Ok(outcome) => {
                    assert!(expect["error"].is_null(), "{name}: read as {outcome:?}");
                    assert_eq!(outcome.state().as_str(), expect["state"], "{name}");
                    assert_eq!(outcome.code(), expect["code"].as_str(), "{name}");
                    assert_eq!(
                        outcome.decided_by().map(|f| f.to_string()).as_deref(),
                        expect["from"].as_str(),
                        "{name}"
                    );
                    assert_eq!(outcome.status().as_str(), expect["status"], "{name}");
                    assert_eq!(outcome.api().as_str(), expect["api"], "{name}");
                }
            }
            checked += 1;
        }
        assert!(checked >= 20, "{checked} cases");
    }

    #[test]
    fn the_command_gives_each_rows_answer() {
        for row in rows().iter().filter(|r| r["typescript_only"].is_null()) {
            let name = name(row);
            let expect = &row["expect"];
            let mut args = vec!["classify", "--response", "-", "--json"];
            if let Some(api) = row["api"].as_str() {
                args.extend(["--api", api]);
            }
            let output = errcat()
                .args(&args)
                .write_stdin(bytes_of(row))
                .output()
                .unwrap();
            if expect["error"].is_string() {
                assert_eq!(code(&output), 1, "{name}");
                assert!(output.stdout.is_empty(), "{name}");
                let message = row["command"]["message"]
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("<stdin>: {}", expect["message"].as_str().unwrap()));
                let err = stderr(&output);
                let said = err
                    .strip_prefix("error: ")
                    .and_then(|e| e.strip_suffix('\n'))
                    .unwrap_or_else(|| panic!("{name}: {err:?}"));
                assert_eq!(without_position(said), message, "{name}");
                continue;
            }
            // Every outcome exits 0, `unknown` included.
            assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
            let value: Value = serde_json::from_slice(&output.stdout).unwrap();
            for field in ["state", "code", "from"] {
                assert_eq!(value["outcome"][field], expect[field], "{name}: {field}");
            }
            for field in ["status", "raw_code", "api"] {
                assert_eq!(value[field], expect[field], "{name}: {field}");
            }
            // A body in which nothing decides says so on stderr.
            let nothing = expect["from"].is_null() && value["outcome"]["state"] == "unknown";
            assert_eq!(
                stderr(&output).contains("nothing in the body tells how the payment went"),
                nothing,
                "{name}: {}",
                stderr(&output)
            );
        }
    }

    /// The command reads at most `--max-response-bytes` (16 MiB by default, the library's
    /// bound); raised above it, the library's own bound answers.
    #[test]
    fn the_size_bound_is_the_librarys_past_a_raised_read_limit() {
        assert_eq!(errcat::MAX_BODY_BYTES, 16 << 20);
        let mut body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#.to_vec();
        body.resize(errcat::MAX_BODY_BYTES + 1, b' ');
        let output = errcat()
            .args(["classify", "-r", "-", "--max-response-bytes", "17MiB"])
            .write_stdin(body)
            .output()
            .unwrap();
        assert_eq!(code(&output), 1);
        assert_eq!(
            stderr(&output),
            "error: <stdin>: the body is 16777217 bytes, more than errcat reads (16 MiB, \
             16777216 bytes)\n"
        );
    }
}
