//! The examples that errcat 0.1's hand-written `Code`, `Category`, `Classification`,
//! `classify` and `classify_result` carried in their docs, kept as tests now that those items
//! are generated (by the same generator as a catalog that extends errcat's, whose docs cannot
//! name errcat's codes). Each test is one former doc example, unchanged.

#[test]
#[allow(deprecated)]
fn code_from_code() {
    use errcat::Code;
    assert_eq!(Code::from_code("SYSTEM_BUSY"), Some(Code::SystemBusy));
    assert_eq!(Code::from_code("system_busy"), None);
    // An alias: another string the platform sends for the same meaning.
    let code = Code::from_code("USER_BALANCE_NOT_ENOUGH");
    assert_eq!(code, Some(Code::InsufficientBalance));
    assert_eq!(code.map(Code::as_str), Some("INSUFFICIENT_BALANCE"));
}

#[test]
#[allow(deprecated)]
fn code_as_str() {
    assert_eq!(
        errcat::Code::InsufficientBalance.as_str(),
        "INSUFFICIENT_BALANCE"
    );
}

#[test]
#[allow(deprecated)]
fn code_status() {
    assert_eq!(
        errcat::Code::PaymentInProcess.status(),
        errcat::Status::Unknown
    );
}

#[test]
#[allow(deprecated)]
fn code_category() {
    assert_eq!(
        errcat::Code::RiskReject.category(),
        errcat::Category::PaymentProcessing
    );
}

#[test]
#[allow(deprecated)]
fn code_description() {
    assert_eq!(
        errcat::Code::InsufficientBalance.description(),
        "Customer has insufficient funds"
    );
}

#[test]
#[allow(deprecated)]
fn code_resolution() {
    assert_eq!(
        errcat::Code::InsufficientBalance.resolution(),
        "Inform customer"
    );
}

#[test]
#[allow(deprecated)]
fn code_retry() {
    use errcat::{Code, RetryPolicy};
    assert_eq!(Code::ExpiredAccessToken.retry(), RetryPolicy::RefreshToken);
}

#[test]
#[allow(deprecated)]
fn code_user_message() {
    let msg = errcat::Code::InsufficientBalance.user_message();
    assert!(!msg.contains("INSUFFICIENT_BALANCE"));
}

#[test]
#[allow(deprecated)]
fn code_user_message_in() {
    use errcat::Code;
    let code = Code::InsufficientBalance;
    assert_ne!(code.user_message_in("zh-Hans-CN"), code.user_message());
    assert_eq!(code.user_message_in("zh-TW"), code.user_message());
    assert_eq!(code.user_message_in("de-DE"), code.user_message());
}

#[test]
#[allow(deprecated)]
fn code_messages() {
    let messages = errcat::Code::SystemBusy.messages();
    assert_eq!(messages[0].0, "en");
    assert!(messages.iter().any(|(locale, _)| *locale == "zh-CN"));
}

#[test]
#[allow(deprecated)]
fn code_aliases() {
    use errcat::Code;
    assert!(
        Code::InsufficientBalance
            .aliases()
            .contains(&"USER_BALANCE_NOT_ENOUGH")
    );
    assert!(Code::SystemBusy.aliases().is_empty());
}

#[test]
#[allow(deprecated)]
fn code_deprecated() {
    assert_eq!(errcat::Code::SystemBusy.deprecated(), None);
}

#[test]
#[allow(deprecated)]
fn code_retired() {
    assert_eq!(errcat::Code::SystemBusy.retired(), None);
}

#[test]
#[allow(deprecated)]
fn code_since() {
    let since: Option<&str> = errcat::Code::SystemBusy.since();
    assert!(since.is_none_or(|s| !s.is_empty()));
}

#[test]
#[allow(deprecated)]
fn code_source() {
    use errcat::Code;
    assert_eq!(Code::InsufficientBalance.source(), None);
    assert!(
        Code::SystemError
            .source()
            .is_some_and(|s| s.contains("cancel"))
    );
}

#[test]
#[allow(deprecated)]
fn category_as_str() {
    assert_eq!(
        errcat::Category::PaymentProcessing.as_str(),
        "payment_processing"
    );
}

#[test]
#[allow(deprecated)]
fn category_title() {
    assert_eq!(errcat::Category::RateLimit.title(), "Rate Limiting");
}

#[test]
#[allow(deprecated)]
fn category_retry() {
    assert_eq!(
        errcat::Category::Validation.retry(),
        errcat::RetryPolicy::Never
    );
}

#[test]
#[allow(deprecated)]
fn category_from_key() {
    use errcat::Category;
    assert_eq!(Category::from_key("refund"), Some(Category::Refund));
    assert_eq!(Category::from_key("Refund"), None);
}

#[test]
#[allow(deprecated)]
fn category_from_str() {
    assert_eq!("rate_limit".parse(), Ok(errcat::Category::RateLimit));
}

#[test]
#[allow(deprecated)]
fn category_try_from() {
    assert!(errcat::Category::try_from("nope").is_err());
}

#[test]
#[allow(deprecated)]
fn classification() {
    use errcat::{Code, RetryPolicy, classify};

    let c = classify("INSUFFICIENT_BALANCE");
    assert_eq!(c.code(), Some(Code::InsufficientBalance));
    assert_eq!(c.retry(), RetryPolicy::Never);
    println!("{}", c.user_message_in("zh-CN"));
}

#[test]
#[allow(deprecated)]
fn classification_code() {
    assert_eq!(errcat::classify("NOT_A_CODE").code(), None);
}

#[test]
#[allow(deprecated)]
fn classification_status() {
    use errcat::{Status, classify_result};
    assert_eq!(
        classify_result(Status::Unknown, "INSUFFICIENT_BALANCE").status(),
        Status::Unknown
    );
}

#[test]
#[allow(deprecated)]
fn classification_category() {
    assert_eq!(
        errcat::classify("SYSTEM_BUSY").category(),
        Some(errcat::Category::RateLimit)
    );
}

#[test]
#[allow(deprecated)]
fn classification_retry() {
    use errcat::{RetryPolicy, classify};
    assert!(matches!(
        classify("PAYMENT_IN_PROCESS").retry(),
        RetryPolicy::Poll { .. }
    ));
}

#[test]
#[allow(deprecated)]
fn classification_user_message() {
    assert!(!errcat::classify("RISK_REJECT").user_message().is_empty());
}

#[test]
#[allow(deprecated)]
fn classification_user_message_in() {
    let c = errcat::classify("RISK_REJECT");
    assert_ne!(c.user_message_in("zh-CN"), c.user_message());
}

#[test]
#[allow(deprecated)]
fn classification_messages() {
    let c = errcat::classify("NOT_A_CODE");
    assert_eq!(c.messages()[0], ("en", c.user_message()));
}

#[test]
#[allow(deprecated)]
fn classification_description() {
    assert_eq!(
        errcat::classify("RISK_REJECT").description(),
        "Rejected by risk system"
    );
}

#[test]
#[allow(deprecated)]
fn classification_resolution() {
    assert_eq!(
        errcat::classify("RISK_REJECT").resolution(),
        "Contact support"
    );
}

#[test]
#[allow(deprecated)]
fn classification_decided_by_code() {
    use errcat::{Status, classify_result};
    assert!(classify_result(Status::Failed, "RISK_REJECT").decided_by_code());
    assert!(!classify_result(Status::Unknown, "RISK_REJECT").decided_by_code());
}

#[test]
#[allow(deprecated)]
fn classify() {
    use errcat::{RetryPolicy, Status, classify};

    let known = classify("SYSTEM_BUSY");
    assert!(matches!(known.retry(), RetryPolicy::Backoff { .. }));

    let unknown = classify("something else");
    assert_eq!(
        (unknown.code(), unknown.status(), unknown.retry()),
        (None, Status::Failed, RetryPolicy::Never)
    );
}

#[test]
#[allow(deprecated)]
fn classify_result() {
    use errcat::{Code, RetryPolicy, State, Status, classify_result};

    // PROCESS_FAIL: the reference's table says "Retry the request", but its handleAPIResponse
    // throws for it and the API pages say not to retry: a final failure.
    let c = classify_result(Status::Failed, "PROCESS_FAIL");
    assert_eq!((c.state(), c.retry()), (State::Failed, RetryPolicy::Never));
    // An F whose code resends is the same request again, not a failure.
    let c = classify_result(Status::Failed, "SYSTEM_BUSY");
    assert_eq!(c.state(), State::Retry);
    assert!(matches!(c.retry(), RetryPolicy::Backoff { .. }));
    // An unknown outcome must not tell the shopper their balance is too low.
    let c = classify_result(Status::Unknown, "INSUFFICIENT_BALANCE");
    assert_eq!(c.code(), Some(Code::InsufficientBalance));
    assert!(matches!(c.retry(), RetryPolicy::Backoff { .. }));
    assert_ne!(c.user_message(), Code::InsufficientBalance.user_message());
}
