//! `ResultInfo` from the platform's JSON, and `Code`, `Status`, `Category` as strings.

use errcat::{ApiError, Category, Code, ResultInfo, RetryPolicy, Status};
use serde::Deserialize;

fn parse(json: &str) -> Result<ResultInfo, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn reads_a_result_object() {
    let r =
        parse(r#"{"resultStatus":"F","resultCode":"RISK_REJECT","resultMessage":"no"}"#).unwrap();
    assert_eq!(r, ResultInfo::new(Status::Failed, "RISK_REJECT", "no"));
    assert_eq!(r.classify().code(), Some(Code::RiskReject));
}

#[test]
fn message_may_be_missing_or_null_and_extra_fields_are_ignored() {
    for json in [
        r#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY"}"#,
        r#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY","resultMessage":null}"#,
        r#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY","extra":{"a":[1,2]},"msg":"x"}"#,
    ] {
        let r = parse(json).unwrap();
        assert_eq!(r.message, "", "{json}");
        assert!(matches!(r.classify().retry(), RetryPolicy::Backoff { .. }));
    }
}

#[test]
fn uncatalogued_codes_are_kept_as_sent() {
    let r = parse(r#"{"resultStatus":"A","resultCode":"ACCEPTED"}"#).unwrap();
    assert_eq!(r.code, "ACCEPTED");
    assert_eq!(r.classify().code(), None);
    assert!(matches!(r.classify().retry(), RetryPolicy::Poll { .. }));
    let err = r.into_result().unwrap_err();
    assert_eq!(err.raw_code(), "ACCEPTED");
    assert_eq!(err.code(), None);
    let r = parse(r#"{"resultStatus":"F","resultCode":"1001"}"#).unwrap();
    assert_eq!(ApiError::new(r).raw_code(), "1001");
}

#[test]
fn bad_documents_are_errors_that_name_the_problem() {
    let cases = [
        (r#"{"resultCode":"X"}"#, "missing field `resultStatus`"),
        (r#"{"resultStatus":"F"}"#, "missing field `resultCode`"),
        (
            r#"{"resultStatus":"X","resultCode":"Y"}"#,
            r#"invalid value: string "X", expected a result status: one of "S", "F", "U", "A""#,
        ),
        (
            r#"{"resultStatus":"s","resultCode":"Y"}"#,
            r#"invalid value: string "s""#,
        ),
        (
            r#"{"resultStatus":1,"resultCode":"Y"}"#,
            "invalid type: integer `1`",
        ),
        (
            r#"{"resultStatus":"F","resultCode":7}"#,
            "invalid type: integer `7`, expected a string",
        ),
        (
            r#"{"resultStatus":"F","resultCode":null}"#,
            "invalid type: null, expected a string",
        ),
        (
            r#"{"resultStatus":"F","resultCode":"X","resultMessage":5}"#,
            "invalid type: integer `5`",
        ),
        (r#"{"resultStatus":"F","#, "EOF while parsing"),
        (
            r#"[]"#,
            "invalid type: sequence, expected a result object {resultStatus, resultCode, \
             resultMessage} (not an array)",
        ),
        (
            r#""F""#,
            "invalid type: string \"F\", expected a result object",
        ),
        (
            r#"{"resultStatus":"F","resultCode":"X","resultCode":"Y"}"#,
            "duplicate field `resultCode`",
        ),
        (
            r#"{"resultStatus":"F","resultStatus":"S","resultCode":"Y"}"#,
            "duplicate field `resultStatus`",
        ),
        (
            r#"{"resultStatus":"F","resultCode":"X","resultMessage":null,"resultMessage":"m"}"#,
            "duplicate field `resultMessage`",
        ),
    ];
    for (json, expected) in cases {
        let err = parse(json).unwrap_err();
        assert!(err.contains(expected), "{json}: {err}");
    }
}

#[test]
fn enums_serialize_as_their_strings() {
    assert_eq!(
        serde_json::to_string(&Code::InsufficientBalance).unwrap(),
        r#""INSUFFICIENT_BALANCE""#
    );
    assert_eq!(serde_json::to_string(&Status::Accepted).unwrap(), r#""A""#);
    assert_eq!(
        serde_json::to_string(&Category::RateLimit).unwrap(),
        r#""rate_limit""#
    );
    assert_eq!(
        serde_json::from_str::<Code>(r#""SYSTEM_BUSY""#).unwrap(),
        Code::SystemBusy
    );
    assert_eq!(
        serde_json::from_str::<Category>(r#""refund""#).unwrap(),
        Category::Refund
    );
    let err = serde_json::from_str::<Code>(r#""NOPE""#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(r#"invalid value: string "NOPE", expected a catalogued result code"#),
        "{err}"
    );
    let r = ResultInfo::new(Status::Failed, "X", "m");
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        json,
        r#"{"resultStatus":"F","resultCode":"X","resultMessage":"m"}"#
    );
    assert_eq!(parse(&json).unwrap(), r);
}

#[test]
fn into_result_splits_success_from_the_rest() {
    assert!(
        ResultInfo::new(Status::Success, "SUCCESS", "")
            .into_result()
            .is_ok()
    );
    for status in [Status::Failed, Status::Unknown, Status::Accepted] {
        let err = ResultInfo::new(status, "PAYMENT_IN_PROCESS", "m")
            .into_result()
            .unwrap_err();
        assert_eq!(err.status(), status);
        assert_eq!(err.server_message(), "m");
        assert_eq!(
            err.classification(),
            errcat::classify_result(status, "PAYMENT_IN_PROCESS")
        );
        assert_eq!(err.to_string(), format!("{status} PAYMENT_IN_PROCESS: m"));
    }
    let err = ApiError::new(ResultInfo::new(Status::Failed, "X", ""));
    assert_eq!(err.to_string(), "F X");
    let _: &dyn std::error::Error = &err;

    // A log line stays one line whatever the server sent; the accessors keep the text as sent.
    let sent = "line one\nline two\r\u{1b}[31mred\u{7f} 支付\t\u{2028}\u{202e}txet";
    let err = ApiError::new(ResultInfo::new(Status::Unknown, "NEW\nCODE", sent));
    assert_eq!(
        err.to_string(),
        "U NEW\\nCODE: line one\\nline two\\r\\u{1b}[31mred\\u{7f} 支付\\t\\u{2028}\\u{202e}txet"
    );
    assert!(
        !err.to_string()
            .contains(['\n', '\r', '\u{1b}', '\u{2028}', '\u{202e}'])
    );
    assert_eq!(err.server_message(), sent);
    assert_eq!(err.raw_code(), "NEW\nCODE");
}

#[test]
fn retry_policies_serialize_as_the_cli_prints_them_and_read_back() {
    use std::time::Duration;
    let cases = [
        (RetryPolicy::Never, r#"{"kind":"never"}"#),
        (
            RetryPolicy::Backoff {
                initial_delay: Duration::from_millis(1000),
                max_delay: Duration::from_millis(16000),
                max_attempts: 5,
            },
            r#"{"kind":"backoff","initial_delay_ms":1000,"max_delay_ms":16000,"max_attempts":5}"#,
        ),
        (
            RetryPolicy::Poll {
                interval: Duration::from_millis(3000),
                timeout: Duration::from_millis(60000),
            },
            r#"{"kind":"poll","interval_ms":3000,"timeout_ms":60000}"#,
        ),
        (RetryPolicy::RefreshToken, r#"{"kind":"refresh_token"}"#),
        (RetryPolicy::Reauthorize, r#"{"kind":"reauthorize"}"#),
        (RetryPolicy::AskUser, r#"{"kind":"ask_user"}"#),
        (RetryPolicy::NewRequest, r#"{"kind":"new_request"}"#),
    ];
    assert_eq!(cases.len(), RetryPolicy::KINDS.len());
    for (policy, json) in cases {
        assert_eq!(serde_json::to_string(&policy).unwrap(), json);
        assert_eq!(serde_json::from_str::<RetryPolicy>(json).unwrap(), policy);
    }
    // Field order does not matter on the way in.
    let reordered = r#"{"timeout_ms":60000,"interval_ms":3000,"kind":"poll"}"#;
    assert_eq!(
        serde_json::from_str::<RetryPolicy>(reordered).unwrap(),
        cases[2].0
    );
}

#[test]
fn bad_retry_policies_are_errors_that_name_the_problem() {
    let cases = [
        (r#"{"kind":"sometimes"}"#, "unknown variant `sometimes`"),
        (r#"{"interval_ms":3000}"#, "missing field `kind`"),
        (
            r#"{"kind":"poll","interval_ms":3000}"#,
            "missing field `timeout_ms`",
        ),
        (
            r#"{"kind":"never","interval_ms":3000}"#,
            "`interval_ms` is not a parameter of a `never` policy",
        ),
        (r#"{"kind":"never","wait":1}"#, "unknown field `wait`"),
        (
            r#"{"kind":"never","kind":"poll"}"#,
            "duplicate field `kind`",
        ),
        (
            r#"{"kind":"backoff","initial_delay_ms":1,"max_delay_ms":2,"max_attempts":4294967296}"#,
            "fits in 32 bits",
        ),
        (r#"["never"]"#, "a retry policy object"),
        (
            r#"{"kind":"backoff","initial_delay_ms":0,"max_delay_ms":0,"max_attempts":3}"#,
            "an impossible `backoff` policy: `initial_delay_ms` must be at least 1",
        ),
        (
            r#"{"kind":"backoff","initial_delay_ms":1,"max_delay_ms":1,"max_attempts":0}"#,
            "`max_attempts` must be at least 1",
        ),
        (
            r#"{"kind":"backoff","initial_delay_ms":5000,"max_delay_ms":1000,"max_attempts":3}"#,
            "`max_delay_ms` must not be below `initial_delay_ms`",
        ),
        (
            r#"{"kind":"poll","interval_ms":0,"timeout_ms":0}"#,
            "an impossible `poll` policy: `interval_ms` must be at least 1",
        ),
        (
            r#"{"kind":"poll","interval_ms":3000,"timeout_ms":1000}"#,
            "`timeout_ms` must not be below `interval_ms`",
        ),
    ];
    for (json, expected) in cases {
        let err = serde_json::from_str::<RetryPolicy>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{json}: {err}");
    }
}

/// The platform sends an object; a positional array would let a reordered or shortened array
/// be read as some other result, so it is rejected with a message that says why.
#[test]
fn result_info_is_an_object_never_an_array() {
    for json in [
        r#"["F","INSUFFICIENT_BALANCE","m"]"#,
        r#"["S","SUCCESS"]"#,
        r#"["F","INSUFFICIENT_BALANCE",null]"#,
        r#"[]"#,
    ] {
        let err = parse(json).unwrap_err();
        let (message, _position) = err.split_once(" at line 1 column").unwrap();
        assert_eq!(
            message,
            "invalid type: sequence, expected a result object {resultStatus, resultCode, \
             resultMessage} (not an array)",
            "{json}"
        );
    }
    // Inside a response body too.
    #[derive(serde::Deserialize, Debug)]
    struct Body {
        #[allow(dead_code)]
        result: ResultInfo,
    }
    let err = serde_json::from_str::<Body>(r#"{"result":["F","RISK_REJECT","m"]}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid type: sequence, expected a result object"),
        "{err}"
    );
    // Everything else is as before: the object form with a null message, unknown fields and
    // fields in any order.
    let r =
        parse(r#"{"x":[1],"resultMessage":null,"resultCode":"RISK_REJECT","resultStatus":"F"}"#)
            .unwrap();
    assert_eq!(r, ResultInfo::new(Status::Failed, "RISK_REJECT", ""));
}

/// Formats without field names (here a JSON-like map keyed by index, as serde's own derive
/// accepts) still reach the fields; bytes keys too.
#[test]
fn result_info_fields_by_index() {
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, MapDeserializer};
    let entries = vec![(0u64, "U"), (1u64, "SYSTEM_BUSY"), (7u64, "ignored")];
    let r = ResultInfo::deserialize(MapDeserializer::<_, Error>::new(
        entries
            .into_iter()
            .map(|(k, v)| (k.into_deserializer(), v.into_deserializer())),
    ))
    .unwrap();
    assert_eq!(r, ResultInfo::new(Status::Unknown, "SYSTEM_BUSY", ""));
}
