//! `Outcome::from_json`: one test per rule of issue 10, with bodies shaped as in the
//! platform's documentation (Antom's inquiryPayment, capture, refund, inquiryRefund, cancel
//! and notifyPayment references; Alipay+'s inquiryPayment and notifyPayment with a nested
//! `paymentResult`), then the parse errors, then a fuzz.

use errcat::{Api, BodyError, Field, Outcome, RetryPolicy, State, Status};
use proptest::prelude::*;

/// The outcome of `body` read as `api`.
fn read(api: Option<Api>, body: &str) -> Outcome {
    Outcome::from_json(api, body.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{body}"))
}

/// (state, code, decided by) of a body: what each rule is about.
fn outcome(api: Option<Api>, body: &str) -> (State, Option<String>, Option<Field>) {
    let o = read(api, body);
    (o.state(), o.code().map(str::to_owned), o.decided_by())
}

fn err(api: Option<Api>, body: &str) -> BodyError {
    Outcome::from_json(api, body.as_bytes()).unwrap_err()
}

fn code(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// An Antom inquiryPayment response: the query's `result`, then the payment's state.
fn inquiry(result_status: &str, result_code: &str, state: &str) -> String {
    format!(
        r#"{{
  "result": {{"resultCode": "{result_code}", "resultStatus": "{result_status}", "resultMessage": "success."}},
  "paymentRequestId": "pay_1089760038715669_102775745070000",
  "paymentId": "20181129190741010007000000XXXX",
  "paymentAmount": {{"currency": "USD", "value": "1000"}},
  "paymentCreateTime": "2019-06-01T12:01:01+08:30",
  "paymentTime": "2019-06-01T12:01:01+08:30",
  {state}
}}"#
    )
}

/// An operation's response (pay, cancel, capture, refund): its own `result` and some ids.
fn own_result(status: &str, code: &str) -> String {
    format!(
        r#"{{"result": {{"resultCode": "{code}", "resultStatus": "{status}", "resultMessage": "m"}},
  "paymentRequestId": "pay_1", "paymentId": "2019", "paymentAmount": {{"currency": "USD", "value": "1000"}}}}"#
    )
}

// ---- operations: the result is the operation's own ----

#[test]
fn an_operations_s_is_succeeded_without_a_code() {
    for api in [Api::Pay, Api::Cancel, Api::Capture, Api::Refund] {
        let o = read(Some(api), &own_result("S", "SUCCESS"));
        assert_eq!((o.state(), o.code()), (State::Succeeded, None), "{api}");
        assert_eq!(
            (o.status(), o.decided_by()),
            (Status::Success, Some(Field::Result))
        );
        assert!(!o.is_api_inferred());
    }
}

#[test]
fn an_operations_f_is_failed_with_its_code() {
    let capture = r#"{"captureRequestId": "capture_1", "paymentId": "2019",
        "result": {"resultCode": "CAPTURE_AMOUNT_EXCEED", "resultStatus": "F", "resultMessage": "x"}}"#;
    assert_eq!(
        outcome(Some(Api::Capture), capture),
        (
            State::Failed,
            code("CAPTURE_AMOUNT_EXCEED"),
            Some(Field::Result)
        )
    );
    let o = read(Some(Api::Pay), &own_result("F", "INSUFFICIENT_BALANCE"));
    assert_eq!(o.decision().retry(), RetryPolicy::Never);
    assert_eq!(o.decision().status(), Status::Failed);
}

#[test]
fn an_operations_a_is_pending() {
    assert_eq!(
        outcome(Some(Api::Pay), &own_result("A", "ACCEPT")),
        (State::Pending, code("ACCEPT"), Some(Field::Result))
    );
}

#[test]
fn an_operations_u_is_pending_when_its_code_polls_and_retry_otherwise() {
    assert_eq!(
        outcome(Some(Api::Pay), &own_result("U", "PAYMENT_IN_PROCESS")).0,
        State::Pending
    );
    assert_eq!(
        outcome(Some(Api::Refund), &own_result("U", "REFUND_IN_PROCESS")).0,
        State::Pending
    );
    let o = read(Some(Api::Cancel), &own_result("U", "UNKNOWN_EXCEPTION"));
    assert_eq!(
        (o.state(), o.code()),
        (State::Retry, Some("UNKNOWN_EXCEPTION"))
    );
    assert!(matches!(o.decision().retry(), RetryPolicy::Backoff { .. }));
    // A code the catalog does not know polls nowhere: retry, and the code kept as sent.
    assert_eq!(
        outcome(Some(Api::Pay), &own_result("U", "NEW_CODE")),
        (State::Retry, code("NEW_CODE"), Some(Field::Result))
    );
}

// ---- inquiries: the state decides ----

#[test]
fn an_inquirys_s_lets_payment_status_decide_with_its_result_code() {
    let fail = inquiry(
        "S",
        "SUCCESS",
        r#""paymentStatus": "FAIL", "paymentResultCode": "INSUFFICIENT_BALANCE", "paymentResultMessage": "low""#,
    );
    let o = read(Some(Api::InquiryPayment), &fail);
    assert_eq!(
        (o.state(), o.code(), o.decided_by()),
        (
            State::Failed,
            Some("INSUFFICIENT_BALANCE"),
            Some(Field::PaymentStatus)
        )
    );
    assert_eq!(o.status(), Status::Failed);
    assert_eq!(o.decision().code(), Some("INSUFFICIENT_BALANCE"));
    // The call's own result is kept as sent, and never explains the payment's state.
    assert_eq!(o.result().unwrap().code, "SUCCESS");

    let table = [
        ("SUCCESS", State::Succeeded, Status::Success),
        ("FAIL", State::Failed, Status::Failed),
        ("CANCELLED", State::Failed, Status::Failed),
        ("PROCESSING", State::Pending, Status::Unknown),
        ("PENDING", State::Pending, Status::Unknown),
    ];
    for (value, state, status) in table {
        let o = read(
            Some(Api::InquiryPayment),
            &inquiry("S", "SUCCESS", &format!(r#""paymentStatus": "{value}""#)),
        );
        assert_eq!(
            (o.state(), o.status(), o.code()),
            (state, status, None),
            "{value}"
        );
    }
}

#[test]
fn an_inquirys_success_result_alone_is_not_a_paid_payment() {
    let body = own_result("S", "SUCCESS");
    assert_eq!(
        outcome(Some(Api::InquiryPayment), &body),
        (State::Unknown, None, None)
    );
}

#[test]
fn an_inquirys_u_is_retry_and_its_f_is_unknown_with_the_calls_classification() {
    let busy = inquiry(
        "U",
        "REQUEST_TRAFFIC_EXCEED_LIMIT",
        r#""paymentStatus": "SUCCESS""#,
    );
    assert_eq!(
        outcome(Some(Api::InquiryPayment), &busy),
        (
            State::Retry,
            code("REQUEST_TRAFFIC_EXCEED_LIMIT"),
            Some(Field::Result)
        )
    );
    let token = inquiry("F", "EXPIRED_ACCESS_TOKEN", r#""paymentStatus": "SUCCESS""#);
    let o = read(Some(Api::InquiryPayment), &token);
    assert_eq!(
        (o.state(), o.code(), o.decided_by()),
        (State::Unknown, None, Some(Field::Result))
    );
    assert_eq!(o.decision().retry(), RetryPolicy::RefreshToken);
    assert_eq!(o.status(), Status::Failed);
}

#[test]
fn inquiry_refund_reads_refund_status_with_refund_result_code() {
    let body = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "refundId": "2020", "refundRequestId": "refund_1", "refundAmount": {"value": "100", "currency": "USD"},
        "refundStatus": "FAIL", "refundResultCode": "REFUND_NOT_ALLOWED", "refundTime": "2020-01-01T00:00:00+08:00"}"#;
    assert_eq!(
        outcome(Some(Api::InquiryRefund), body),
        (
            State::Failed,
            code("REFUND_NOT_ALLOWED"),
            Some(Field::RefundStatus)
        )
    );
    let processing = body.replace(r#""FAIL""#, r#""PROCESSING""#);
    assert_eq!(outcome(None, &processing).0, State::Pending);
    assert_eq!(read(None, &processing).api(), Api::InquiryRefund);
}

#[test]
fn a_nested_payment_result_is_read_as_an_operations_own() {
    // Alipay+ inquiryPayment: `result` is the call's, `paymentResult` the payment's.
    let body = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "Success"},
        "paymentResult": {"resultCode": "USER_BALANCE_NOT_ENOUGH", "resultStatus": "F", "resultMessage": "balance"},
        "paymentId": "2019", "paymentTime": "2019-06-01T12:01:01+08:30"}"#;
    assert_eq!(
        outcome(Some(Api::InquiryPayment), body),
        (
            State::Failed,
            code("USER_BALANCE_NOT_ENOUGH"),
            Some(Field::PaymentResult)
        )
    );
    let in_process = body.replace(
        r#""USER_BALANCE_NOT_ENOUGH", "resultStatus": "F""#,
        r#""PAYMENT_IN_PROCESS", "resultStatus": "U""#,
    );
    assert_eq!(outcome(None, &in_process).0, State::Pending);
}

#[test]
fn a_body_without_a_result_is_answered_by_its_state() {
    // Alipay+ notifyPayment: no `result`, no `notifyType`, only the nested result.
    let body = r#"{"paymentResult": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentRequestId": "pay_1", "paymentId": "2019", "paymentAmount": {"value": "100", "currency": "JPY"}}"#;
    let o = read(None, body);
    assert_eq!(
        (o.state(), o.decided_by()),
        (State::Succeeded, Some(Field::PaymentResult))
    );
    assert!(o.result().is_none());
    assert_eq!(
        outcome(
            Some(Api::InquiryPayment),
            r#"{"paymentStatus": "PROCESSING"}"#
        ),
        (State::Pending, None, Some(Field::PaymentStatus))
    );
    assert_eq!(
        outcome(None, r#"{"transactionStatus": "SUCCESS"}"#),
        (State::Succeeded, None, Some(Field::TransactionStatus))
    );
}

// ---- transactions ----

/// An inquiryPayment body with no `paymentStatus`: only the captures in `transactions`.
fn with_transactions(entries: &str) -> String {
    format!(
        r#"{{"result": {{"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."}},
  "paymentId": "2019", "transactions": [{entries}]}}"#
    )
}

fn transaction(status: &str, result_status: &str, result_code: &str, time: &str) -> String {
    format!(
        r#"{{"transactionType": "CAPTURE", "transactionStatus": "{status}", "transactionRequestId": "capture_1",
    "transactionAmount": {{"currency": "USD", "value": "1000"}}, "transactionTime": "{time}", "transactionId": "2022",
    "transactionResult": {{"resultStatus": "{result_status}", "resultCode": "{result_code}", "resultMessage": "m"}}}}"#
    )
}

#[test]
fn the_only_transaction_decides_by_its_result() {
    let body = with_transactions(&transaction(
        "FAIL",
        "F",
        "AUTHORIZATION_EXPIRED",
        "2022-01-01T00:00:00Z",
    ));
    assert_eq!(
        outcome(Some(Api::InquiryPayment), &body),
        (
            State::Failed,
            code("AUTHORIZATION_EXPIRED"),
            Some(Field::TransactionResult { index: 0 })
        )
    );
    let pending = with_transactions(&transaction("PROCESSING", "U", "CAPTURE_IN_PROCESS", "t"));
    assert_eq!(outcome(None, &pending).0, State::Pending);
}

#[test]
fn of_several_transactions_the_last_decides_and_a_status_alone_can() {
    let two = format!(
        "{},{}",
        transaction("FAIL", "F", "PROCESS_FAIL", "2022-01-01T00:00:00Z"),
        transaction("SUCCESS", "S", "SUCCESS", "2022-01-02T00:00:00Z")
    );
    assert_eq!(
        outcome(None, &with_transactions(&two)),
        (
            State::Succeeded,
            None,
            Some(Field::TransactionResult { index: 1 })
        )
    );
    let status_only =
        with_transactions(r#"{"transactionType": "CAPTURE", "transactionStatus": "FAIL"}"#);
    assert_eq!(
        outcome(None, &status_only),
        (
            State::Failed,
            None,
            Some(Field::TransactionEntryStatus { index: 0 })
        )
    );
    // No top-level result at all.
    let bare = r#"{"transactions": [{"transactionResult": {"resultStatus": "S", "resultCode": "SUCCESS"}}]}"#;
    assert_eq!(outcome(None, bare).0, State::Succeeded);
    // An entry with neither is no answer.
    assert_eq!(
        outcome(
            None,
            &with_transactions(r#"{"transactionType": "CAPTURE"}"#)
        ),
        (State::Unknown, None, None)
    );
}

#[test]
fn payment_status_decides_over_transactions() {
    let body = inquiry(
        "S",
        "SUCCESS",
        &format!(
            r#""paymentStatus": "SUCCESS", "transactions": [{}]"#,
            transaction("FAIL", "F", "PROCESS_FAIL", "t")
        ),
    );
    assert_eq!(
        outcome(Some(Api::InquiryPayment), &body),
        (State::Succeeded, None, Some(Field::PaymentStatus))
    );
}

// ---- notifications ----

fn notification(notify_type: &str, status: &str, code: &str) -> String {
    format!(
        r#"{{"notifyType": "{notify_type}",
  "result": {{"resultCode": "{code}", "resultStatus": "{status}", "resultMessage": "m"}},
  "paymentRequestId": "pay_1", "paymentId": "2019", "paymentAmount": {{"value": "1000", "currency": "USD"}},
  "paymentCreateTime": "2019-06-01T12:01:01+08:30", "paymentTime": "2019-06-01T12:01:01+08:30"}}"#
    )
}

#[test]
fn a_pending_notify_type_with_s_is_pending() {
    let o = read(None, &notification("PAYMENT_PENDING", "S", "SUCCESS"));
    assert_eq!(
        (o.state(), o.code(), o.decided_by(), o.api()),
        (
            State::Pending,
            None,
            Some(Field::NotifyType),
            Api::NotifyPayment
        )
    );
    assert!(o.is_api_inferred());
    assert_eq!(
        outcome(None, &notification("payment_pending", "S", "SUCCESS")).0,
        State::Pending
    );
}

#[test]
fn a_notifications_result_is_its_own_otherwise() {
    assert_eq!(
        outcome(
            Some(Api::NotifyPayment),
            &notification("PAYMENT_RESULT", "S", "SUCCESS")
        ),
        (State::Succeeded, None, Some(Field::Result))
    );
    assert_eq!(
        outcome(
            None,
            &notification("PAYMENT_RESULT", "F", "USER_BALANCE_NOT_ENOUGH")
        ),
        (
            State::Failed,
            code("USER_BALANCE_NOT_ENOUGH"),
            Some(Field::Result)
        )
    );
    let capture = notification("CAPTURE_RESULT", "F", "AUTHORIZATION_EXPIRED");
    assert_eq!(read(None, &capture).api(), Api::NotifyCapture);
    assert_eq!(
        read(None, &notification("REFUND_RESULT", "S", "SUCCESS")).api(),
        Api::NotifyRefund
    );
}

#[test]
fn a_notifications_state_field_decides_where_there_is_one() {
    let body = r#"{"notifyType": "REFUND_RESULT", "refundStatus": "FAIL", "refundResultCode": "REFUND_NOT_ALLOWED",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}"#;
    assert_eq!(
        outcome(Some(Api::NotifyRefund), body),
        (
            State::Failed,
            code("REFUND_NOT_ALLOWED"),
            Some(Field::RefundStatus)
        )
    );
}

// ---- inference ----

#[test]
fn the_api_is_inferred_from_the_fields_present() {
    let cases = [
        (own_result("S", "SUCCESS"), Api::Pay),
        (
            inquiry("S", "SUCCESS", r#""paymentStatus": "SUCCESS""#),
            Api::InquiryPayment,
        ),
        (
            r#"{"refundStatus": "SUCCESS"}"#.to_owned(),
            Api::InquiryRefund,
        ),
        (
            with_transactions(&transaction("SUCCESS", "S", "SUCCESS", "t")),
            Api::InquiryPayment,
        ),
        (
            notification("PAYMENT_RESULT", "S", "SUCCESS"),
            Api::NotifyPayment,
        ),
    ];
    for (body, api) in cases {
        let o = read(None, &body);
        assert_eq!(o.api(), api, "{body}");
        assert!(o.is_api_inferred());
    }
}

#[test]
fn an_inferred_inquiry_with_result_f_is_unknown() {
    let body = inquiry("F", "ORDER_NOT_EXIST", r#""paymentStatus": "FAIL""#);
    let o = read(None, &body);
    assert_eq!(
        (o.api(), o.state(), o.code()),
        (Api::InquiryPayment, State::Unknown, None)
    );
    // With only a result, an S or F could be any call's (an inquiry's F, a cancel's S): without
    // the API it is unknown, and its classification is the call's; `--api` tells them apart.
    let bare = read(None, &own_result("F", "ORDER_NOT_EXIST"));
    assert_eq!(
        (bare.api(), bare.state(), bare.code(), bare.decided_by()),
        (Api::Pay, State::Unknown, None, None)
    );
    assert_eq!(bare.decision().code(), Some("ORDER_NOT_EXIST"));
    let bare = read(None, &own_result("S", "SUCCESS"));
    assert_eq!((bare.state(), bare.decided_by()), (State::Unknown, None));
    // U and A are not final whichever call it was: read as the pay's own.
    let bare = read(None, &own_result("U", "PAYMENT_IN_PROCESS"));
    assert_eq!(bare.state(), State::Pending);
    let pay = read(Some(Api::Pay), &own_result("F", "ORDER_NOT_EXIST"));
    assert_eq!(pay.state(), State::Failed);
}

// ---- money safety ----

#[test]
fn sources_that_disagree_are_unknown_never_a_pick() {
    let body = inquiry(
        "S",
        "SUCCESS",
        r#""paymentStatus": "SUCCESS", "paymentResult": {"resultStatus": "F", "resultCode": "RISK_REJECT"}"#,
    );
    assert_eq!(outcome(Some(Api::InquiryPayment), &body).0, State::Unknown);
    assert_eq!(outcome(None, &body).0, State::Unknown);
    // Sources that agree decide together.
    let agree = inquiry(
        "S",
        "SUCCESS",
        r#""paymentStatus": "FAIL", "paymentResult": {"resultStatus": "F", "resultCode": "RISK_REJECT"}"#,
    );
    assert_eq!(outcome(None, &agree).0, State::Failed);
    // A transaction entry whose result and status disagree.
    let entry = with_transactions(&transaction("FAIL", "S", "SUCCESS", "t"));
    assert_eq!(outcome(None, &entry).0, State::Unknown);
    // An operation's own S beside a state that says otherwise.
    let pay =
        r#"{"result": {"resultStatus": "S", "resultCode": "SUCCESS"}, "paymentStatus": "FAIL"}"#;
    assert_eq!(outcome(Some(Api::Pay), pay).0, State::Unknown);
}

#[test]
fn a_state_value_the_catalog_does_not_know_is_unknown() {
    let body = inquiry("S", "SUCCESS", r#""paymentStatus": "AUTH_SUCCESS""#);
    assert_eq!(
        outcome(Some(Api::InquiryPayment), &body),
        (State::Unknown, None, Some(Field::PaymentStatus))
    );
    let number = inquiry("S", "SUCCESS", r#""paymentStatus": 1"#);
    assert_eq!(outcome(None, &number).0, State::Unknown);
}

#[test]
fn values_are_matched_ignoring_case_but_result_status_is_exact() {
    let body = inquiry("S", "SUCCESS", r#""paymentStatus": "Success""#);
    assert_eq!(outcome(None, &body).0, State::Succeeded);
    let lower = own_result("s", "SUCCESS");
    assert!(matches!(err(None, &lower), BodyError::BadStatus { .. }));
}

#[test]
fn nothing_to_decide_is_unknown() {
    let o = read(None, r#"{"paymentId": "1"}"#);
    assert_eq!(
        (o.state(), o.decided_by(), o.api()),
        (State::Unknown, None, Api::Pay)
    );
    assert_eq!(
        outcome(None, r#"{"paymentStatus": null, "result": null}"#).0,
        State::Unknown
    );
}

// ---- parsing ----

#[test]
fn parsing_is_lenient_where_the_platform_is() {
    // Unknown fields at any level, a missing or null message, a numeric code kept as its text.
    let body = r#"{"extra": [1, {"a": null}], "result": {"resultStatus": "F", "resultCode": 1.0e3, "x": {}}}"#;
    let o = read(Some(Api::Pay), body);
    assert_eq!(o.code(), Some("1.0e3"));
    assert_eq!(o.result().unwrap().message, "");
    let null_message =
        r#"{"result": {"resultStatus": "S", "resultCode": "SUCCESS", "resultMessage": null}}"#;
    assert_eq!(read(None, null_message).result().unwrap().message, "");
    // A message that is not a string is no message: a number is not kept as text, as a code is.
    for message in ["404", "-1.5", "true", "{}", "[\"m\"]"] {
        let body = format!(
            r#"{{"result": {{"resultStatus": "F", "resultCode": "X", "resultMessage": {message}}}}}"#
        );
        assert_eq!(read(None, &body).result().unwrap().message, "", "{message}");
    }
    // A bare result object is the body's result.
    let bare = r#"{"resultStatus": "F", "resultCode": "RISK_REJECT", "resultMessage": "m"}"#;
    let o = read(Some(Api::Pay), bare);
    assert_eq!(
        (o.state(), o.code(), o.decided_by()),
        (State::Failed, Some("RISK_REJECT"), Some(Field::Result))
    );
    assert_eq!(o.result().unwrap().message, "m");
    // Escaped keys and values are read like any other.
    let escaped = r#"{"res\u0075lt": {"resultStatus": "\u0046", "resultCode": "X\"Y"}}"#;
    assert_eq!(read(Some(Api::Pay), escaped).code(), Some("X\"Y"));
    // Repeats of keys the answer does not depend on are untidy, not ambiguous.
    let untidy = r#"{"paymentId": "1", "paymentId": "2", "result": {"resultStatus": "F", "resultCode": "X", "extra": 1, "extra": 2}}"#;
    assert_eq!(read(Some(Api::Pay), untidy).code(), Some("X"));
}

#[test]
fn every_body_error_has_a_message() {
    let cases: Vec<(&str, String)> = vec![
        ("{", "malformed JSON: EOF while parsing an object at line 1 column 1".into()),
        ("{} x", "malformed JSON: trailing characters at line 1 column 4".into()),
        (
            "[]",
            "expected a JSON object (a response body with a `result` object, or the `result` object \
             itself), found an array"
                .into(),
        ),
        (r#"{"result":"x"}"#, "`result` must be an object, found a string at line 1 column 13".into()),
        (r#"{"result":[]}"#, "`result` must be an object, found an array at line 1 column 12".into()),
        (
            r#"{"result":{"resultCode":"X"}}"#,
            "missing field `resultStatus` in `result`".into(),
        ),
        (r#"{"resultStatus":"F"}"#, "missing field `resultCode` in the result object".into()),
        (
            r#"{"paymentResult":{}}"#,
            "missing fields `resultStatus` and `resultCode` in `paymentResult`".into(),
        ),
        (
            r#"{"resultStatus":"Q","resultCode":"X"}"#,
            r#"`resultStatus` in the result object: invalid result status "Q": expected one of "S", "F", "U", "A" at line 1 column 19"#.into(),
        ),
        (
            r#"{"resultStatus":1,"resultCode":"X"}"#,
            r#"`resultStatus` must be a string (one of "S", "F", "U", "A"), found a number at line 1 column 17"#.into(),
        ),
        (
            r#"{"result":{"resultStatus":"F","resultCode":null}}"#,
            "`resultCode` must be a string, found null (in `result`) at line 1 column 48".into(),
        ),
        (
            r#"{"paymentStatus":["SUCCESS"]}"#,
            "`paymentStatus` must be a string, found an array at line 1 column 29".into(),
        ),
        (
            r#"{"transactions":{}}"#,
            "`transactions` must be an array, found an object at line 1 column 18".into(),
        ),
        (
            r#"{"transactions":[{},7]}"#,
            "`transactions[1]` must be an object, found a number at line 1 column 21".into(),
        ),
        (
            r#"{"transactions":[{"transactionResult":{"resultStatus":"W","resultCode":"X"}}]}"#,
            r#"`resultStatus` in `transactions[0].transactionResult`: invalid result status "W": expected one of "S", "F", "U", "A" at line 1 column 57"#.into(),
        ),
        (
            "{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"RISK_REJECT\"},\n  \"result\":{\"resultStatus\":\"S\",\"resultCode\":\"SUCCESS\"}}",
            "`result` appears twice in the response, so the answer is ambiguous at line 2 column 10".into(),
        ),
        (
            r#"{"result":{"resultStatus":"F","resultCode":"A","resultCode":"B"}}"#,
            "`resultCode` appears twice in `result`, so the answer is ambiguous at line 1 column 59".into(),
        ),
        (
            r#"{"paymentStatus":"FAIL","paymentStatus":"SUCCESS"}"#,
            "`paymentStatus` appears twice in the response, so the answer is ambiguous at line 1 column 39".into(),
        ),
        (
            r#"{"transactions":[{"transactionStatus":"FAIL","transactionStatus":"SUCCESS"}]}"#,
            "`transactionStatus` appears twice in `transactions[0]`, so the answer is ambiguous at line 1 column 64".into(),
        ),
        (
            r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"resultStatus":"F"}"#,
            "the response has both a `result` object and a top-level `resultStatus`, so the answer is ambiguous at line 1 column 68".into(),
        ),
        (
            r#"{"resultCode":"X","result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#,
            "the response has both a `result` object and a top-level `resultCode`, so the answer is ambiguous at line 1 column 26".into(),
        ),
        ("null", "expected a JSON object (a response body with a `result` object, or the `result` \
                  object itself), found null".into()),
        (
            r#"{"result":{"resultStatus":"F","resultCode":true}}"#,
            "`resultCode` must be a string, found a boolean (in `result`) at line 1 column 48".into(),
        ),
        (
            r#"{"result":{"resultStatus":"F","resultCode":{}}}"#,
            "`resultCode` must be a string, found an object (in `result`) at line 1 column 46".into(),
        ),
        (
            r#"{"transactions":[null]}"#,
            "`transactions[0]` must be an object, found null at line 1 column 21".into(),
        ),
        (
            r#"{"transactions":[{"transactionStatus":"SUCCESS"},[]]}"#,
            "`transactions[1]` must be an object, found an array at line 1 column 51".into(),
        ),
    ];
    for (body, message) in cases {
        assert_eq!(err(None, body).to_string(), message, "{body}");
    }
    let BodyError::Malformed { line, column, .. } = err(None, "{\n  \"a\": tru }") else {
        panic!("not malformed");
    };
    assert_eq!((line, column), (2, 11));
}

// ---- fuzz ----

/// Fragments a body is built from: every key the reader knows, values of every JSON type.
fn fragment() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "result",
        "resultStatus",
        "resultCode",
        "resultMessage",
        "paymentStatus",
        "paymentResultCode",
        "refundStatus",
        "refundResultCode",
        "transactionStatus",
        "paymentResult",
        "transactions",
        "notifyType",
        "transactionResult",
        "other",
    ]);
    let scalar = prop::sample::select(vec![
        r#""S""#,
        r#""F""#,
        r#""U""#,
        r#""A""#,
        r#""SUCCESS""#,
        r#""FAIL""#,
        r#""PROCESSING""#,
        r#""PAYMENT_PENDING""#,
        r#""PAYMENT_IN_PROCESS""#,
        r#""x""#,
        "1",
        "-1.5e3",
        "null",
        "true",
        "[]",
        "{}",
    ]);
    (key, scalar).prop_map(|(k, v)| format!(r#""{k}":{v}"#))
}

/// A JSON-ish body: objects nested to depth 3 from fragments, sometimes cut or mangled.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop::collection::vec(fragment(), 0..6).prop_map(|f| format!("{{{}}}", f.join(",")));
    let tree = leaf.prop_recursive(3, 24, 4, |inner| {
        (
            prop::collection::vec(fragment(), 0..4),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "result",
                        "paymentResult",
                        "transactions",
                        "transactionResult",
                    ]),
                    inner,
                ),
                0..3,
            ),
        )
            .prop_map(|(flat, nested)| {
                let mut parts = flat;
                for (k, v) in nested {
                    if k == "transactions" {
                        parts.push(format!(r#""{k}":[{v},{v}]"#));
                    } else {
                        parts.push(format!(r#""{k}":{v}"#));
                    }
                }
                format!("{{{}}}", parts.join(","))
            })
    });
    (tree, any::<u16>(), any::<u8>(), 0..4u8).prop_map(|(text, at, byte, how)| {
        let mut bytes = text.into_bytes();
        let at = usize::from(at) % (bytes.len() + 1);
        match how {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => bytes[at] = byte,
            2 => bytes.insert(at, byte),
            _ => {}
        }
        bytes
    })
}

/// Whether the bytes say success anywhere: an `S` result or a `SUCCESS`-like state.
fn says_success(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).to_ascii_uppercase();
    text.contains("\"S\"") || text.contains("SUCCESS")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(10),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any bytes: no panic, and never `Succeeded` unless the body said so.
    #[test]
    fn random_bodies_never_panic_or_invent_success(bytes in body(), api in prop::option::of(prop::sample::select(Api::ALL.to_vec()))) {
        if let Ok(o) = Outcome::from_json(api, &bytes) {
            if o.state() == State::Succeeded {
                prop_assert!(says_success(&bytes), "{}", String::from_utf8_lossy(&bytes));
                prop_assert_eq!(o.code(), None);
            }
            if o.state() == State::Unknown {
                prop_assert_eq!(o.code(), None);
            }
        }
    }

    /// Arbitrary bytes, not even JSON-shaped.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = Outcome::from_json(None, &bytes);
    }
}

// ---- names ----
#[test]
fn a_bad_api_name_is_kept_in_the_error() {
    let err = "InquiryPayment".parse::<Api>().unwrap_err();
    assert_eq!(err.value(), "InquiryPayment");
    assert_eq!(Api::try_from("").unwrap_err().value(), "");
}

#[test]
fn states_display_as_their_names() {
    let shown: Vec<String> = [
        State::Succeeded,
        State::Failed,
        State::Pending,
        State::Retry,
        State::Unknown,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        shown,
        ["succeeded", "failed", "pending", "retry", "unknown"]
    );
}

/// The result object that decided, as sent; none where a state field, `notifyType` or nothing
/// decided.
#[test]
fn the_deciding_result_is_the_result_object_that_decided() {
    let deciding = |api: Option<Api>, body: &str| {
        read(api, body)
            .deciding_result()
            .map(|r| (r.status, r.code.clone(), r.message.clone()))
    };
    let own =
        |status, code: &str, message: &str| Some((status, code.to_owned(), message.to_owned()));
    // An operation: its own result.
    assert_eq!(
        deciding(Some(Api::Pay), &own_result("F", "INSUFFICIENT_BALANCE")),
        own(Status::Failed, "INSUFFICIENT_BALANCE", "m")
    );
    // An inquiry whose call failed or asks to be repeated: its result.
    assert_eq!(
        deciding(
            Some(Api::InquiryPayment),
            &inquiry("F", "ACCESS_DENIED", r#""x": 1"#)
        ),
        own(Status::Failed, "ACCESS_DENIED", "success.")
    );
    assert_eq!(
        deciding(
            Some(Api::InquiryPayment),
            &inquiry("U", "UNKNOWN_EXCEPTION", r#""x": 1"#)
        ),
        own(Status::Unknown, "UNKNOWN_EXCEPTION", "success.")
    );
    // A state field decided: no result object did.
    assert_eq!(
        deciding(
            Some(Api::InquiryPayment),
            &inquiry("S", "SUCCESS", r#""paymentStatus": "FAIL""#)
        ),
        None
    );
    // A nested paymentResult, and a transaction's transactionResult.
    let nested =
        r#"{"paymentResult":{"resultStatus":"F","resultCode":"RISK_REJECT","resultMessage":"no"}}"#;
    assert_eq!(
        deciding(None, nested),
        own(Status::Failed, "RISK_REJECT", "no")
    );
    let transaction = r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"transactions":[{"transactionResult":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"ok"}}]}"#;
    assert_eq!(
        deciding(Some(Api::InquiryPayment), transaction),
        own(Status::Success, "SUCCESS", "ok")
    );
    // Two deciding fields that disagree: neither is the answer.
    let disagree =
        r#"{"result":{"resultStatus":"F","resultCode":"RISK_REJECT"},"paymentStatus":"SUCCESS"}"#;
    assert_eq!(read(Some(Api::Pay), disagree).state(), State::Unknown);
    assert_eq!(deciding(Some(Api::Pay), disagree), None);
    // notifyType decided a pending notification.
    let pending =
        r#"{"notifyType":"PAYMENT_PENDING","result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
    assert_eq!(deciding(None, pending), None);
}

#[test]
fn api_names_round_trip_exactly() {
    for api in Api::ALL {
        assert_eq!(api.as_str().parse::<Api>(), Ok(api));
        assert_eq!(Api::try_from(api.as_str()), Ok(api));
        assert_eq!(format!("{api}"), api.as_str());
        assert_eq!(format!("{api:?}"), api.as_str());
    }
    let err = "InquiryPayment".parse::<Api>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown API \"InquiryPayment\": expected one of \"pay\", \"inquiryPayment\", \"cancel\", \
         \"capture\", \"refund\", \"inquiryRefund\", \"notifyPayment\", \"notifyCapture\", \
         \"notifyRefund\""
    );
    let states = [
        State::Succeeded,
        State::Failed,
        State::Pending,
        State::Retry,
        State::Unknown,
    ];
    let names: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        ["succeeded", "failed", "pending", "retry", "unknown"]
    );
    assert_eq!(
        Field::TransactionEntryStatus { index: 3 }.to_string(),
        "transactions[3].transactionStatus"
    );
}

// ---- money safety: bodies a review found read wrongly ----

const S_RESULT: &str = r#"{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}"#;

fn entry(kind: &str, status: &str, result: &str, code: &str) -> String {
    format!(
        r#"{{"transactionType":"{kind}","transactionStatus":"{status}","transactionRequestId":"t-{kind}",
            "transactionResult":{{"resultStatus":"{result}","resultCode":"{code}","resultMessage":"m"}}}}"#
    )
}

#[test]
fn only_the_entries_of_the_operation_asked_about_decide() {
    // A captured payment whose later refund failed is paid: the refund's entry is the refund's.
    let body = format!(
        r#"{{"result":{S_RESULT},"paymentId":"2019","transactions":[{},{}]}}"#,
        entry("CAPTURE", "SUCCESS", "S", "SUCCESS"),
        entry("REFUND", "FAIL", "F", "REFUND_AMOUNT_EXCEED")
    );
    let o = read(Some(Api::InquiryPayment), &body);
    assert_eq!(
        (o.state(), o.decided_by()),
        (
            State::Succeeded,
            Some(Field::TransactionResult { index: 0 })
        )
    );
    // The same body about the refund: the refund failed.
    let o = read(Some(Api::InquiryRefund), &body);
    assert_eq!(
        (o.state(), o.code()),
        (State::Failed, Some("REFUND_AMOUNT_EXCEED"))
    );
    // A cancelled payment's only entry is the cancel's: it says nothing about a payment.
    let body = format!(
        r#"{{"result":{S_RESULT},"transactions":[{}]}}"#,
        entry("CANCEL", "SUCCESS", "S", "SUCCESS")
    );
    let o = read(Some(Api::InquiryPayment), &body);
    assert_eq!((o.state(), o.decided_by()), (State::Unknown, None));
    // An authorization is not a payment either.
    let body = format!(
        r#"{{"result":{S_RESULT},"transactions":[{}]}}"#,
        entry("AUTHORIZATION", "SUCCESS", "S", "SUCCESS")
    );
    assert_eq!(
        read(Some(Api::InquiryPayment), &body).state(),
        State::Unknown
    );
}

#[test]
fn a_pending_notification_is_pending_with_or_without_a_result() {
    let nested = format!(r#"{{"notifyType":"PAYMENT_PENDING","paymentResult":{S_RESULT}}}"#);
    assert_eq!(
        read(Some(Api::NotifyPayment), &nested).state(),
        State::Pending
    );
    let bare = r#"{"notifyType":"PAYMENT_PENDING"}"#;
    assert_eq!(
        read(Some(Api::NotifyPayment), bare).decided_by(),
        Some(Field::NotifyType)
    );
    // A pending notification beside a state that says it is done, or a failed result: unknown.
    let done = r#"{"notifyType":"PAYMENT_PENDING","paymentStatus":"SUCCESS"}"#;
    assert_eq!(read(Some(Api::NotifyPayment), done).state(), State::Unknown);
    let failed = r#"{"notifyType":"PAYMENT_PENDING","result":{"resultStatus":"F","resultCode":"RISK_REJECT"}}"#;
    assert_eq!(
        read(Some(Api::NotifyPayment), failed).state(),
        State::Unknown
    );
}

#[test]
fn a_failed_result_beside_a_successful_state_is_unknown() {
    let body = r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"RISK_REJECT","resultMessage":"m"},"paymentStatus":"SUCCESS"}"#;
    assert_eq!(read(Some(Api::NotifyPayment), body).state(), State::Unknown);
}

#[test]
fn a_body_about_another_operation_than_the_api_named_is_unknown() {
    let refund_notice = format!(r#"{{"notifyType":"REFUND_RESULT","result":{S_RESULT}}}"#);
    let o = read(Some(Api::NotifyPayment), &refund_notice);
    assert_eq!(
        (o.state(), o.decided_by()),
        (State::Unknown, Some(Field::NotifyType))
    );
    let odd_type = format!(r#"{{"notifyType":"PAYMENT_SOMETHING","result":{S_RESULT}}}"#);
    assert_eq!(
        read(Some(Api::NotifyPayment), &odd_type).state(),
        State::Unknown
    );
    let notice_as_pay = format!(r#"{{"notifyType":"PAYMENT_PENDING","result":{S_RESULT}}}"#);
    assert_eq!(read(Some(Api::Pay), &notice_as_pay).state(), State::Unknown);
    let refund_in_payment = format!(r#"{{"result":{S_RESULT},"refundStatus":"SUCCESS"}}"#);
    let o = read(Some(Api::InquiryPayment), &refund_in_payment);
    assert_eq!(
        (o.state(), o.decided_by()),
        (State::Unknown, Some(Field::RefundStatus))
    );
    let payment_in_refund = format!(r#"{{"result":{S_RESULT},"paymentStatus":"SUCCESS"}}"#);
    assert_eq!(
        read(Some(Api::InquiryRefund), &payment_in_refund).state(),
        State::Unknown
    );
}

#[test]
fn a_cancel_is_decided_by_its_own_result_confirmed_by_the_payment_state() {
    let cancelled = format!(r#"{{"result":{S_RESULT},"paymentStatus":"CANCELLED"}}"#);
    assert_eq!(
        read(Some(Api::Cancel), &cancelled).state(),
        State::Succeeded
    );
    // A cancel's S beside a paid payment is a contradiction.
    let paid = format!(r#"{{"result":{S_RESULT},"paymentStatus":"SUCCESS"}}"#);
    let o = read(Some(Api::Cancel), &paid);
    assert_eq!(
        (o.state(), o.decided_by()),
        (State::Unknown, Some(Field::PaymentStatus))
    );
    // The payment's state alone is not the cancel's answer.
    let no_result = r#"{"paymentStatus":"SUCCESS","paymentId":"2019"}"#;
    assert_eq!(read(Some(Api::Cancel), no_result).state(), State::Unknown);
}

#[test]
fn a_lone_surrogate_escape_is_an_error_not_an_empty_code() {
    let body =
        br#"{"result":{"resultStatus":"F","resultCode":"RISK_\ud800REJECT","resultMessage":"m"}}"#;
    let err = Outcome::from_json(Some(Api::Pay), body).unwrap_err();
    assert!(err.to_string().contains("lone surrogate"), "{err}");
}

#[test]
fn an_authorized_payment_whose_capture_failed_is_neither_paid_nor_failed() {
    let body = format!(
        r#"{{"result":{S_RESULT},"transactions":[{},{}]}}"#,
        entry("PAYMENT", "SUCCESS", "S", "SUCCESS"),
        entry("CAPTURE", "FAIL", "F", "CAPTURE_AMOUNT_EXCEED")
    );
    let o = read(Some(Api::InquiryPayment), &body);
    assert_eq!(o.state(), State::Unknown);
    // Both succeeded: paid, named by the latest entry.
    let body = format!(
        r#"{{"result":{S_RESULT},"transactions":[{},{}]}}"#,
        entry("PAYMENT", "SUCCESS", "S", "SUCCESS"),
        entry("CAPTURE", "SUCCESS", "S", "SUCCESS")
    );
    let o = read(Some(Api::InquiryPayment), &body);
    assert_eq!(
        (o.state(), o.decided_by()),
        (
            State::Succeeded,
            Some(Field::TransactionResult { index: 1 })
        )
    );
}

/// What an outcome's decision is about: the deciding field's status and code, or the call's own
/// failed `result` for an inquiry whose query failed; its state is the outcome's, and an
/// operation's own result decides as `classify_result` does.
#[test]
fn the_decision_is_about_the_deciding_field_or_the_failed_call() {
    use errcat::{CATALOG, classify_result};
    let failed_query = read(
        Some(Api::InquiryPayment),
        r#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#,
    );
    let d = failed_query.decision();
    assert_eq!(
        (d.status(), d.code(), d.state()),
        (Status::Failed, Some("EXPIRED_ACCESS_TOKEN"), State::Unknown)
    );
    let failed_payment = read(
        Some(Api::InquiryPayment),
        &inquiry(
            "S",
            "SUCCESS",
            r#""paymentStatus":"FAIL","paymentResultCode":"RISK_REJECT""#,
        ),
    );
    let d = failed_payment.decision();
    assert_eq!(
        (d.status(), d.code(), d.state()),
        (Status::Failed, Some("RISK_REJECT"), State::Failed)
    );
    let paid = read(Some(Api::Pay), &own_result("S", "SUCCESS"));
    assert_eq!(
        (paid.decision().status(), paid.decision().code()),
        (Status::Success, None)
    );
    let own = [
        ("U", "PAYMENT_IN_PROCESS"),
        ("U", "SYSTEM_BUSY"),
        ("A", "ACCEPTED_X"),
        ("F", "INSUFFICIENT_BALANCE"),
        ("F", "SYSTEM_BUSY"),
        ("F", "ORDER_IS_CLOSED"),
    ];
    for (status, code) in own {
        let outcome = read(Some(Api::Pay), &own_result(status, code));
        let status: Status = status.parse().unwrap();
        assert_eq!(
            outcome.decision(),
            classify_result(status, code).decision(),
            "{status} {code}"
        );
        assert_eq!(outcome.state(), outcome.decision().state());
    }
    for outcome in [&failed_query, &failed_payment, &paid] {
        assert_eq!(outcome.decision().state(), outcome.state());
        assert_eq!(
            outcome.decision(),
            CATALOG.decide(
                outcome.state(),
                outcome.decision().status(),
                outcome.decision().code().unwrap_or("")
            )
        );
    }
}

/// Every body of the space the decision table covers: every code and alias under every status
/// as a `pay`, `capture` and `refund` result; every `[states]` value of an inquiry with and
/// without a result code; every `notifyType` with every status and code; an inquiry's own `F`
/// and `U` with every code.
fn the_whole_space() -> Vec<(Api, String)> {
    let catalog = include_str!("../../codes.toml");
    let states: Vec<&str> = catalog
        .lines()
        .filter_map(|l| l.strip_prefix("[states.")?.strip_suffix(']'))
        .collect();
    assert!(states.len() >= 5, "{states:?}");
    let mut codes: Vec<&str> = vec!["", "NOT_A_CATALOGUED_CODE"];
    for &code in errcat::Code::ALL {
        codes.push(code.as_str());
        codes.extend(code.aliases());
    }
    let statuses = ["S", "F", "U", "A"];
    let mut bodies = Vec::new();
    for &code in &codes {
        for status in statuses {
            for api in [Api::Pay, Api::Capture, Api::Refund] {
                bodies.push((api, own_result(status, code)));
            }
            for notify in [
                "PAYMENT_RESULT",
                "PAYMENT_PENDING",
                "CAPTURE_RESULT",
                "REFUND_RESULT",
                "REFUND_PENDING",
                "SOMETHING_ELSE",
            ] {
                let api = match notify.split('_').next() {
                    Some("CAPTURE") => Api::NotifyCapture,
                    Some("REFUND") => Api::NotifyRefund,
                    _ => Api::NotifyPayment,
                };
                bodies.push((
                    api,
                    format!(
                        r#"{{"notifyType":"{notify}","result":{{"resultStatus":"{status}","resultCode":"{code}","resultMessage":""}}}}"#
                    ),
                ));
            }
        }
        for status in ["F", "U", "A"] {
            bodies.push((Api::InquiryPayment, own_result(status, code)));
        }
        for state in &states {
            bodies.push((
                Api::InquiryPayment,
                inquiry(
                    "S",
                    "SUCCESS",
                    &format!(r#""paymentStatus":"{state}","paymentResultCode":"{code}""#),
                ),
            ));
            bodies.push((
                Api::InquiryRefund,
                inquiry(
                    "S",
                    "SUCCESS",
                    &format!(r#""refundStatus":"{state}","refundResultCode":"{code}""#),
                ),
            ));
        }
    }
    for state in &states {
        bodies.push((
            Api::InquiryPayment,
            inquiry("S", "SUCCESS", &format!(r#""paymentStatus":"{state}""#)),
        ));
    }
    bodies
}

/// The table of `docs/decision.md` for one outcome: the state's next actions, and the row its
/// message comes from (the code's own, or the fallback of the state's status; an unknown state
/// always says "still confirming").
fn assert_one_decision(outcome: &Outcome, what: &str) {
    use errcat::{CATALOG, Source};
    let fallback_of = |state: State| match state {
        State::Succeeded => Status::Success,
        State::Failed => Status::Failed,
        State::Pending => Status::Accepted,
        State::Retry | State::Unknown => Status::Unknown,
    };
    let fallback_messages = |status: Status| {
        let state = match status {
            Status::Success => State::Succeeded,
            Status::Failed => State::Failed,
            Status::Unknown => State::Retry,
            Status::Accepted => State::Pending,
        };
        CATALOG.decide(state, status, "").messages()
    };
    let d = outcome.decision();
    let state = outcome.state();
    let what = format!("{what}: {d:?}");
    assert_eq!(d.state(), state, "{what}");
    let next = d.retry();
    let allowed = match state {
        State::Succeeded => matches!(next, RetryPolicy::Never),
        State::Failed => matches!(
            next,
            RetryPolicy::Never | RetryPolicy::AskUser | RetryPolicy::Reauthorize
        ),
        State::Pending => matches!(next, RetryPolicy::Poll { .. }),
        State::Retry => matches!(
            next,
            RetryPolicy::Backoff { .. } | RetryPolicy::RefreshToken
        ),
        State::Unknown => !matches!(next, RetryPolicy::AskUser | RetryPolicy::NewRequest),
    };
    assert!(allowed, "{what}");
    match d.message_from() {
        Source::Code => {
            assert_ne!(state, State::Unknown, "{what}");
            let code = errcat::Code::from_code(d.code().unwrap()).unwrap();
            assert_eq!(d.messages(), code.messages(), "{what}");
            assert_eq!(d.next_from(), Source::Code, "{what}");
        }
        Source::Fallback(status) => {
            assert_eq!(status, fallback_of(state), "{what}");
            assert_eq!(d.messages(), fallback_messages(status), "{what}");
        }
    }
    if state != State::Unknown {
        assert_eq!(d.message_from(), d.next_from(), "{what}");
    }
}

/// The decision table of `docs/decision.md`, over the whole space: the state's next actions,
/// the row each message comes from, and no message of a final outcome (succeeded, failed) that
/// is also the message of one that is not (pending, retry, unknown).
#[test]
fn every_outcome_is_one_decision() {
    use std::collections::{BTreeSet, HashMap};
    let mut final_messages = BTreeSet::new();
    let mut open_messages = BTreeSet::new();
    let mut seen: HashMap<State, usize> = HashMap::new();
    let bodies = the_whole_space();
    for (api, body) in &bodies {
        let outcome = read(Some(*api), body);
        let state = outcome.state();
        *seen.entry(state).or_default() += 1;
        assert_one_decision(&outcome, &format!("{api} {body}"));
        let messages = outcome.decision().messages().iter().map(|&(_, m)| m);
        match state {
            State::Succeeded | State::Failed => final_messages.extend(messages),
            State::Pending | State::Retry | State::Unknown => open_messages.extend(messages),
        }
    }
    let both: Vec<_> = final_messages.intersection(&open_messages).collect();
    assert!(
        both.is_empty(),
        "a final and an open outcome share {both:?}"
    );
    // The space reaches every state.
    for state in [
        State::Succeeded,
        State::Failed,
        State::Pending,
        State::Retry,
        State::Unknown,
    ] {
        assert!(
            seen.get(&state).is_some_and(|&n| n > 0),
            "{state}: {seen:?}"
        );
    }
    assert!(bodies.len() > 3_000, "{}", bodies.len());
}

/// The examples of `docs/decision.md`, as a literal table.
#[test]
fn the_decision_examples() {
    use errcat::{CATALOG, Source};
    let f = Source::Fallback;
    let cases: &[(Api, &str, State, &str, Source)] = &[
        (
            Api::Pay,
            &own_result("F", "PROCESS_FAIL"),
            State::Failed,
            "never",
            Source::Code,
        ),
        (
            Api::Pay,
            &own_result("F", "SYSTEM_BUSY"),
            State::Retry,
            "backoff",
            Source::Code,
        ),
        (
            Api::Pay,
            &own_result("F", "EXPIRED_ACCESS_TOKEN"),
            State::Retry,
            "refresh_token",
            Source::Code,
        ),
        (
            Api::Pay,
            &own_result("F", "ORDER_IS_CLOSED"),
            State::Unknown,
            "poll",
            f(Status::Unknown),
        ),
        (
            Api::Pay,
            &own_result("F", "REPEAT_REQ_INCONSISTENT"),
            State::Unknown,
            "poll",
            f(Status::Unknown),
        ),
        (
            Api::Pay,
            &own_result("U", "PAYMENT_IN_PROCESS"),
            State::Pending,
            "poll",
            Source::Code,
        ),
        (
            Api::InquiryPayment,
            &inquiry("S", "SUCCESS", r#""paymentStatus":"PROCESSING""#),
            State::Pending,
            "poll",
            f(Status::Accepted),
        ),
        (
            Api::InquiryPayment,
            &inquiry(
                "S",
                "SUCCESS",
                r#""paymentStatus":"FAIL","paymentResultCode":"SYSTEM_BUSY""#,
            ),
            State::Failed,
            "never",
            f(Status::Failed),
        ),
        (
            Api::NotifyPayment,
            r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"SYSTEM_BUSY"}}"#,
            State::Failed,
            "never",
            f(Status::Failed),
        ),
        (
            Api::NotifyPayment,
            r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"ORDER_IS_CLOSED"}}"#,
            State::Failed,
            "ask_user",
            Source::Code,
        ),
        (
            Api::InquiryPayment,
            r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"FAIL","paymentResult":{"resultStatus":"F","resultCode":"SYSTEM_BUSY"}}"#,
            State::Failed,
            "never",
            f(Status::Failed),
        ),
        (
            Api::NotifyPayment,
            r#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"U","resultCode":"SYSTEM_BUSY"}}"#,
            State::Pending,
            "poll",
            f(Status::Accepted),
        ),
        (
            Api::NotifyPayment,
            r#"{"notifyType":"PAYMENT_PENDING","result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#,
            State::Pending,
            "poll",
            f(Status::Accepted),
        ),
        (
            Api::InquiryPayment,
            r#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#,
            State::Unknown,
            "refresh_token",
            f(Status::Unknown),
        ),
    ];
    for (api, body, state, next, message_from) in cases {
        let o = read(Some(*api), body);
        assert_eq!(
            (o.state(), o.retry().kind(), o.decision().message_from()),
            (*state, *next, *message_from),
            "{api} {body}"
        );
    }
    // The unknown ones say "still confirming".
    let unknown = CATALOG
        .decide(State::Unknown, Status::Unknown, "")
        .user_message();
    assert!(unknown.contains("confirming"), "{unknown}");
}

fn pick<T: Copy + std::fmt::Debug + 'static>(items: &[T]) -> impl Strategy<Value = T> + use<T> {
    let items = items.to_vec();
    (0..items.len()).prop_map(move |i| items[i])
}

proptest! {
    /// The table as a property: bodies put together from the pieces a platform sends (a result
    /// of any status and code, a state field, a nested result, a transaction, a notifyType),
    /// read with the API named or inferred, are one decision whenever they read.
    #[test]
    fn any_body_that_reads_is_one_decision(
        api in prop::option::of(pick(&Api::ALL)),
        status in pick(&["S", "F", "U", "A"]),
        code in pick(&["SUCCESS", "SYSTEM_BUSY", "PROCESS_FAIL", "ORDER_IS_CLOSED",
            "REPEAT_REQ_INCONSISTENT", "PAYMENT_IN_PROCESS", "EXPIRED_ACCESS_TOKEN",
            "INSUFFICIENT_BALANCE", "USER_BALANCE_NOT_ENOUGH", "INSUFFICIENT_SCOPE", "NOPE", ""]),
        state in pick(&["SUCCESS", "FAIL", "PROCESSING", "PENDING", "CANCELLED", "WHATEVER"]),
        notify in pick(&["PAYMENT_RESULT", "PAYMENT_PENDING", "REFUND_RESULT", "OTHER"]),
        shape in 0..7usize,
    ) {
        let result = format!(r#"{{"resultStatus":"{status}","resultCode":"{code}"}}"#);
        let body = match shape {
            0 => format!(r#"{{"result":{result}}}"#),
            1 => format!(r#"{{"result":{result},"paymentStatus":"{state}","paymentResultCode":"{code}"}}"#),
            2 => format!(r#"{{"notifyType":"{notify}","result":{result}}}"#),
            3 => format!(r#"{{"notifyType":"{notify}","paymentStatus":"{state}","result":{result}}}"#),
            4 => format!(r#"{{"paymentResult":{result}}}"#),
            5 => format!(r#"{{"transactions":[{{"transactionType":"PAYMENT","transactionResult":{result}}}]}}"#),
            _ => format!(r#"{{"result":{result},"refundStatus":"{state}","refundResultCode":"{code}"}}"#),
        };
        if let Ok(outcome) = Outcome::from_json(api, body.as_bytes()) {
            assert_one_decision(&outcome, &format!("{api:?} {body}"));
        }
    }
}

/// Issue 21: a pending body carries what the person paying must do, exactly as sent; nothing
/// else does.
#[test]
fn a_pending_body_carries_the_action_for_the_person_paying() {
    // The mini-program pay: A ACCEPT with a redirectActionForm.
    let o = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"A","resultCode":"ACCEPT","resultMessage":"accepted"},
            "redirectActionForm":{"redirectUrl":"https://wallet.example/pay?id=1&x=%20","method":"POST","parameters":"{}"}}"#,
    );
    assert_eq!(o.state(), State::Pending);
    assert!(matches!(o.retry(), RetryPolicy::Poll { .. }));
    let a = o.user_action().expect("the form");
    assert_eq!(
        (a.redirect_url(), a.redirect_method(), a.normal_url()),
        (
            Some("https://wallet.example/pay?id=1&x=%20"),
            Some("POST"),
            None
        )
    );
    // A redirect wallet's pay: U PAYMENT_IN_PROCESS with its three URLs.
    let o = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""},
            "normalUrl":"https://m.wallet.example/cashier?order=7","schemeUrl":"wallet://pay?order=7",
            "applinkUrl":"https://wallet.example/app/pay?order=7"}"#,
    );
    assert_eq!(o.state(), State::Pending);
    let a = o.user_action().expect("the URLs");
    assert_eq!(
        (
            a.normal_url(),
            a.scheme_url(),
            a.applink_url(),
            a.redirect_url()
        ),
        (
            Some("https://m.wallet.example/cashier?order=7"),
            Some("wallet://pay?order=7"),
            Some("https://wallet.example/app/pay?order=7"),
            None
        )
    );
    // A card that needs 3-D Secure: failed, the person paying acts, and no URL is passed on
    // for a payment that is over.
    let o = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"F","resultCode":"AUTHENTICATION_REQUIRED","resultMessage":"3ds"},
            "normalUrl":"https://acs.example/3ds"}"#,
    );
    assert_eq!(
        (o.state(), o.retry(), o.user_action()),
        (State::Failed, RetryPolicy::AskUser, None)
    );
    // Paid, or a body without any: nothing to do.
    let paid = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"normalUrl":"https://x.example"}"#,
    );
    assert_eq!(paid.user_action(), None);
    let bare = read(Some(Api::Pay), &own_result("U", "PAYMENT_IN_PROCESS"));
    assert_eq!(bare.user_action(), None);
    let nulls = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"A","resultCode":"ACCEPT"},"normalUrl":null,"redirectActionForm":null}"#,
    );
    assert_eq!(nulls.user_action(), None);
    // A form's method without its URL is nothing to go to.
    let method_only = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"A","resultCode":"ACCEPT"},"redirectActionForm":{"method":"POST"}}"#,
    );
    assert_eq!(method_only.user_action(), None);
    let with_url = read(
        Some(Api::Pay),
        r#"{"result":{"resultStatus":"A","resultCode":"ACCEPT"},"normalUrl":"u","redirectActionForm":{"method":"POST"}}"#,
    );
    let a = with_url.user_action().unwrap();
    assert_eq!((a.normal_url(), a.redirect_method()), (Some("u"), None));
    // Text the terminal would act on is kept exactly: escaping is the printer's.
    let o = read(
        Some(Api::Pay),
        "{\"result\":{\"resultStatus\":\"A\",\"resultCode\":\"ACCEPT\"},\"normalUrl\":\"https://x.example/\\u001b[2J\\u202e\"}",
    );
    assert_eq!(
        o.user_action().and_then(|a| a.normal_url()),
        Some("https://x.example/\u{1b}[2J\u{202e}")
    );
}

/// Issue 21: the action's fields are read as strings; any other type is a typed error naming
/// the field, and a key given twice is ambiguous.
#[test]
fn the_actions_fields_are_strings_and_given_once() {
    let pending = r#""result":{"resultStatus":"A","resultCode":"ACCEPT"}"#;
    let cases = [
        (
            format!(r#"{{{pending},"normalUrl":1}}"#),
            "`normalUrl` must be a string, found a number",
        ),
        (
            format!(r#"{{{pending},"schemeUrl":true}}"#),
            "`schemeUrl` must be a string, found a boolean",
        ),
        (
            format!(r#"{{{pending},"redirectActionForm":"https://x"}}"#),
            "`redirectActionForm` must be an object, found a string",
        ),
        (
            format!(r#"{{{pending},"redirectActionForm":{{"redirectUrl":["x"]}}}}"#),
            "`redirectUrl` must be a string, found an array (in `redirectActionForm`)",
        ),
        (
            format!(r#"{{{pending},"applinkUrl":"a","applinkUrl":"b"}}"#),
            "`applinkUrl` appears twice in the response",
        ),
        (
            format!(r#"{{{pending},"redirectActionForm":{{"method":"GET","method":"POST"}}}}"#),
            "`method` appears twice in `redirectActionForm`",
        ),
    ];
    for (body, want) in cases {
        let message = err(Some(Api::Pay), &body).to_string();
        assert!(message.starts_with(want), "{body}: {message}");
    }
}
