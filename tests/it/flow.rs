//! The payment flow: the platform's protocol step by step, and its money-safety invariants as
//! properties over random answer sequences.

use std::time::Duration;

use errcat::flow::{Call, Done, PaymentFlow, Reply, Step};
use errcat::{RetryPolicy, State, Status, classify_result};
use proptest::prelude::*;

fn pay(status: &str, code: &str) -> String {
    format!(
        r#"{{"result":{{"resultStatus":"{status}","resultCode":"{code}","resultMessage":"m"}},"paymentRequestId":"r1"}}"#
    )
}

/// An inquiryPayment answer whose own call worked, with the payment's state.
fn inquiry(payment_status: &str, payment_code: Option<&str>) -> String {
    let code = payment_code
        .map(|c| format!(r#","paymentResultCode":"{c}","paymentResultMessage":"m""#))
        .unwrap_or_default();
    format!(
        r#"{{"result":{{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}},"paymentStatus":"{payment_status}"{code},"paymentRequestId":"r1"}}"#
    )
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn send(call: Call, request: u32, after: Duration) -> Step {
    Step::Send {
        call,
        request,
        after,
    }
}

fn done(step: Step) -> Done {
    match step {
        Step::Done(done) => done,
        other => panic!("expected the end, got {other:?}"),
    }
}

fn backoff_attempts() -> u32 {
    classify_result(Status::Unknown, "SYSTEM_BUSY")
        .retry()
        .max_attempts()
}

fn poll_policy() -> (Duration, Duration) {
    match classify_result(Status::Unknown, "PAYMENT_IN_PROCESS").retry() {
        RetryPolicy::Poll { interval, timeout } => (interval, timeout),
        other => panic!("PAYMENT_IN_PROCESS should poll, not {other:?}"),
    }
}

#[test]
fn a_pay_that_succeeds_is_paid() {
    let mut flow = PaymentFlow::new(1);
    assert_eq!(flow.start(), send(Call::Pay, 0, Duration::ZERO));
    let end = done(flow.on_reply(secs(1), Reply::Body(pay("S", "SUCCESS").as_bytes())));
    assert_eq!(end.state(), State::Succeeded);
    assert_eq!(end.code(), None);
    assert_eq!(end.request(), 0);
    assert!(!end.needs_reconcile());
    // Over: the same end again, whatever comes.
    assert_eq!(flow.on_reply(secs(2), Reply::NoAnswer), Step::Done(end));
}

#[test]
fn a_declined_pay_fails_with_its_code_and_message() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let body = pay("F", "INSUFFICIENT_BALANCE");
    let end = done(flow.on_reply(secs(1), Reply::Body(body.as_bytes())));
    assert_eq!(end.state(), State::Failed);
    assert_eq!(end.code(), Some("INSUFFICIENT_BALANCE"));
    assert_eq!(
        end.decision().user_message(),
        errcat::Code::InsufficientBalance.user_message()
    );
}

#[test]
fn in_process_polls_then_an_inquiry_that_says_fail_ends_failed_with_the_payments_code() {
    let (interval, _) = poll_policy();
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let step = flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
    );
    assert_eq!(step, send(Call::Inquiry, 0, interval));
    let step = flow.on_reply(
        secs(4),
        Reply::Body(inquiry("PROCESSING", Some("PAYMENT_IN_PROCESS")).as_bytes()),
    );
    assert_eq!(step, send(Call::Inquiry, 0, interval));
    let body = inquiry("FAIL", Some("INSUFFICIENT_BALANCE"));
    let end = done(flow.on_reply(secs(7), Reply::Body(body.as_bytes())));
    assert_eq!(end.state(), State::Failed);
    assert_eq!(end.code(), Some("INSUFFICIENT_BALANCE"));
    assert_eq!(end.decision().retry(), RetryPolicy::Never);
}

#[test]
fn an_inquiry_whose_own_call_worked_is_not_a_payment() {
    // result S with paymentStatus PROCESSING: keep polling, never "paid".
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(secs(1), Reply::Body(pay("A", "ACCEPT").as_bytes()));
    let step = flow.on_reply(secs(4), Reply::Body(inquiry("PROCESSING", None).as_bytes()));
    assert!(
        matches!(
            step,
            Step::Send {
                call: Call::Inquiry,
                ..
            }
        ),
        "{step:?}"
    );
}

#[test]
fn a_pay_that_stays_unknown_goes_to_the_inquiry_not_to_failed() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let busy = pay("U", "SYSTEM_BUSY");
    let mut now = Duration::ZERO;
    for n in 1..backoff_attempts() {
        let step = flow.on_reply(now, Reply::Body(busy.as_bytes()));
        let Step::Send {
            call: Call::Pay,
            request: 0,
            after,
        } = step
        else {
            panic!("resend {n}: {step:?}");
        };
        now += after;
    }
    // The last attempt also answers U: ask the platform, never call it failed.
    let step = flow.on_reply(now, Reply::Body(busy.as_bytes()));
    assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO));
}

#[test]
fn a_final_answer_after_an_unknown_one_is_confirmed_by_an_inquiry() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(secs(1), Reply::NoAnswer);
    let step = flow.on_reply(
        secs(3),
        Reply::Body(pay("F", "INSUFFICIENT_BALANCE").as_bytes()),
    );
    assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO));
}

#[test]
fn the_poll_timeout_cancels_and_a_cancel_that_answers_u_then_s_ends_failed() {
    let (interval, timeout) = poll_policy();
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let mut now = secs(1);
    let start = now;
    let mut step = flow.on_reply(now, Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()));
    let pending = inquiry("PENDING", None);
    let mut inquiries: u32 = 0;
    while let Step::Send {
        call: Call::Inquiry,
        after,
        ..
    } = step
    {
        assert_eq!(after, interval);
        now += after;
        inquiries += 1;
        step = flow.on_reply(now, Reply::Body(pending.as_bytes()));
    }
    assert_eq!(step, send(Call::Cancel, 0, Duration::ZERO));
    assert_eq!(
        u128::from(inquiries),
        timeout.as_nanos() / interval.as_nanos()
    );
    assert!(now - start >= timeout);
    let step = flow.on_reply(now, Reply::Body(pay("U", "SYSTEM_BUSY").as_bytes()));
    assert!(
        matches!(
            step,
            Step::Send {
                call: Call::Cancel,
                ..
            }
        ),
        "{step:?}"
    );
    let end = done(flow.on_reply(now + secs(2), Reply::Body(pay("S", "SUCCESS").as_bytes())));
    assert_eq!(end.state(), State::Failed);
    assert!(!end.needs_reconcile());
}

#[test]
fn a_cancel_that_fails_is_unknown_and_says_reconcile() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
    );
    // A frozen clock still ends: the inquiries are bounded by count as well.
    let mut step = flow.on_reply(secs(1), Reply::NoAnswer);
    let mut n = 0;
    while matches!(
        step,
        Step::Send {
            call: Call::Inquiry,
            ..
        }
    ) {
        step = flow.on_reply(secs(1), Reply::NoAnswer);
        n += 1;
        assert!(n < 100, "the inquiries never end");
    }
    assert_eq!(step, send(Call::Cancel, 0, Duration::ZERO));
    let body = pay("F", "ORDER_STATUS_INVALID");
    let end = done(flow.on_reply(secs(2), Reply::Body(body.as_bytes())));
    assert_eq!(end.state(), State::Unknown);
    assert!(end.needs_reconcile());
    assert_eq!(end.code(), Some("ORDER_STATUS_INVALID"));
    // The shopper is told the result is still being confirmed, not that it failed.
    assert_eq!(
        end.decision().user_message(),
        classify_result(Status::Unknown, "").user_message()
    );
}

#[test]
fn repeat_req_inconsistent_inquires_the_old_id_before_a_new_one() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let body = pay("F", "REPEAT_REQ_INCONSISTENT");
    let step = flow.on_reply(secs(1), Reply::Body(body.as_bytes()));
    assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO));
    let step = flow.on_reply(secs(2), Reply::Body(inquiry("FAIL", None).as_bytes()));
    assert_eq!(step, send(Call::Pay, 1, Duration::ZERO));
    let end = done(flow.on_reply(secs(3), Reply::Body(pay("S", "SUCCESS").as_bytes())));
    assert_eq!((end.state(), end.request()), (State::Succeeded, 1));
}

#[test]
fn repeat_req_inconsistent_whose_old_id_was_paid_needs_reconciling() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("F", "REPEAT_REQ_INCONSISTENT").as_bytes()),
    );
    let end = done(flow.on_reply(secs(2), Reply::Body(inquiry("SUCCESS", None).as_bytes())));
    assert_eq!(end.state(), State::Unknown);
    assert!(end.needs_reconcile());
}

#[test]
fn an_expired_token_is_refreshed_once() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let expired = pay("F", "EXPIRED_ACCESS_TOKEN");
    let step = flow.on_reply(secs(1), Reply::Body(expired.as_bytes()));
    assert_eq!(
        step,
        Step::RefreshToken {
            call: Call::Pay,
            request: 0
        }
    );
    let end = done(flow.on_reply(secs(2), Reply::Body(expired.as_bytes())));
    assert_eq!(end.state(), State::Failed);
    // A failed end never says to refresh and try again: the F fallback's final answer.
    assert_eq!(end.decision().retry(), RetryPolicy::Never);
    assert_eq!(
        end.decision().user_message(),
        classify_result(Status::Failed, "").user_message()
    );
}

#[test]
fn an_inquiry_with_an_expired_token_refreshes_and_asks_again() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(secs(1), Reply::Body(pay("A", "ACCEPT").as_bytes()));
    let step = flow.on_reply(
        secs(4),
        Reply::Body(pay("F", "EXPIRED_ACCESS_TOKEN").as_bytes()),
    );
    assert_eq!(
        step,
        Step::RefreshToken {
            call: Call::Inquiry,
            request: 0
        }
    );
}

#[test]
fn the_shopper_is_asked_where_only_they_can_act_once_the_id_is_known_unpaid() {
    // A decline that only the person paying can act on ends at once: nothing to inquire.
    for code in [
        "PAYMENT_TIMEOUT",
        "INVALID_AUTH_CODE",
        "USER_AMOUNT_EXCEED_LIMIT",
    ] {
        let mut flow = PaymentFlow::new(1);
        flow.start();
        let step = flow.on_reply(secs(1), Reply::Body(pay("F", code).as_bytes()));
        let Step::AskUser(end) = step else {
            panic!("{code}: {step:?}");
        };
        assert_eq!(end.state(), State::Failed);
        assert_eq!(end.decision().retry(), RetryPolicy::AskUser);
        assert_eq!(end.code(), Some(code));
    }
    // "Already completed or cancelled" and the other codes marked `inquire_first`: this id may
    // be paid after all, so inquire first; the end stands once the inquiry says FAIL.
    let inquire_first: Vec<errcat::Code> = errcat::Code::ALL
        .iter()
        .copied()
        .filter(|c| c.inquire_first().is_some())
        .collect();
    assert!(inquire_first.contains(&errcat::Code::OrderIsClosed));
    for code in inquire_first {
        let code = code.as_str();
        let mut flow = PaymentFlow::new(1);
        flow.start();
        let step = flow.on_reply(secs(1), Reply::Body(pay("F", code).as_bytes()));
        assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO), "{code}");
        let step = flow.on_reply(secs(2), Reply::Body(inquiry("FAIL", None).as_bytes()));
        let asks = classify_result(Status::Failed, code)
            .decision()
            .catalog()
            .decide(State::Failed, Status::Failed, code)
            .retry()
            == RetryPolicy::AskUser;
        let end = match (step, asks) {
            (Step::AskUser(end), true) | (Step::Done(end), false) => end,
            (step, _) => panic!("{code}: {step:?}"),
        };
        assert_eq!(end.state(), State::Failed);
        assert!(end.decision().retry().is_final(), "{code}");
        assert_eq!(end.code(), Some(code));
    }
    // The inquiry says the order was paid under this id: paid, nobody is asked to pay again.
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(secs(1), Reply::Body(pay("F", "ORDER_IS_CLOSED").as_bytes()));
    let end = done(flow.on_reply(secs(2), Reply::Body(inquiry("SUCCESS", None).as_bytes())));
    assert_eq!(end.state(), State::Succeeded);
}

/// An inquiry body of a captured payment whose later refund failed, shaped as the platform's
/// `transactions[]` (each entry with its `transactionType`).
fn captured_then_refund_failed() -> String {
    let entry = |kind: &str, status: &str, result: &str, code: &str| {
        format!(
            r#"{{"transactionType":"{kind}","transactionStatus":"{status}","transactionRequestId":"t-{kind}",
                "transactionResult":{{"resultStatus":"{result}","resultCode":"{code}","resultMessage":"m"}}}}"#
        )
    };
    format!(
        r#"{{"result":{{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}},"paymentId":"2019","transactions":[{},{}]}}"#,
        entry("CAPTURE", "SUCCESS", "S", "SUCCESS"),
        entry("REFUND", "FAIL", "F", "REFUND_NOT_ALLOWED")
    )
}

#[test]
fn a_captured_payment_whose_refund_failed_is_paid_not_failed() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
    );
    let end = done(flow.on_reply(
        secs(4),
        Reply::Body(captured_then_refund_failed().as_bytes()),
    ));
    assert_eq!(end.state(), State::Succeeded);
    // Before a new request id too: the old id is paid, so no second charge.
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("F", "REPEAT_REQ_INCONSISTENT").as_bytes()),
    );
    let end = done(flow.on_reply(
        secs(2),
        Reply::Body(captured_then_refund_failed().as_bytes()),
    ));
    assert_eq!(end.state(), State::Unknown);
    assert!(end.needs_reconcile());
}

#[test]
fn a_failed_token_refresh_ends_an_unsent_pay_with_its_answer() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let step = flow.on_reply(
        secs(1),
        Reply::Body(pay("F", "EXPIRED_ACCESS_TOKEN").as_bytes()),
    );
    assert!(
        matches!(
            step,
            Step::RefreshToken {
                call: Call::Pay,
                ..
            }
        ),
        "{step:?}"
    );
    let end = done(flow.on_reply(secs(2), Reply::TokenRefreshFailed));
    assert_eq!(
        (end.state(), end.code()),
        (State::Failed, Some("EXPIRED_ACCESS_TOKEN"))
    );
    // Once the pay may have been charged, a failed refresh never ends it failed.
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(secs(1), Reply::NoAnswer);
    flow.on_reply(
        secs(2),
        Reply::Body(pay("F", "EXPIRED_ACCESS_TOKEN").as_bytes()),
    );
    let step = flow.on_reply(secs(3), Reply::TokenRefreshFailed);
    assert!(
        matches!(
            step,
            Step::Send {
                call: Call::Inquiry,
                ..
            }
        ),
        "{step:?}"
    );
}

#[test]
fn pay_sends_stay_within_the_backoff_attempts_a_refresh_included() {
    let mut flow = PaymentFlow::new(1);
    let mut sends = 1;
    flow.start();
    let mut step = flow.on_reply(
        secs(1),
        Reply::Body(pay("F", "EXPIRED_ACCESS_TOKEN").as_bytes()),
    );
    let mut t = 1;
    while let Step::Send {
        call: Call::Pay, ..
    }
    | Step::RefreshToken {
        call: Call::Pay, ..
    } = step
    {
        sends += 1;
        t += 1;
        step = flow.on_reply(secs(t), Reply::Body(pay("U", "SYSTEM_BUSY").as_bytes()));
    }
    assert_eq!(sends, backoff_attempts());
    assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO));
}

#[test]
fn a_cancel_answer_that_says_the_payment_succeeded_never_ends_failed() {
    let (interval, _) = poll_policy();
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let mut now = secs(1);
    let mut step = flow.on_reply(now, Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()));
    while matches!(
        step,
        Step::Send {
            call: Call::Inquiry,
            ..
        }
    ) {
        now += interval;
        step = flow.on_reply(now, Reply::Body(inquiry("PROCESSING", None).as_bytes()));
    }
    assert_eq!(step, send(Call::Cancel, 0, Duration::ZERO));
    // No result of its own, and the payment's state says SUCCESS: not a cancel that worked.
    let body = br#"{"paymentStatus":"SUCCESS","paymentId":"2019"}"#;
    let step = flow.on_reply(now + secs(1), Reply::Body(body));
    assert!(
        matches!(
            step,
            Step::Send {
                call: Call::Cancel,
                ..
            }
        ),
        "{step:?}"
    );
    let both =
        br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"SUCCESS"}"#;
    let step = flow.on_reply(now + secs(3), Reply::Body(both));
    if let Step::Done(end) = &step {
        assert_ne!(end.state(), State::Failed, "{end:?}");
    }
}

#[test]
fn an_unreadable_body_counts_as_no_answer() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let step = flow.on_reply(secs(1), Reply::Body(b"<html>502 Bad Gateway</html>"));
    assert!(
        matches!(
            step,
            Step::Send {
                call: Call::Pay,
                request: 0,
                ..
            }
        ),
        "{step:?}"
    );
}

// ---- Properties over random answer sequences --------------------------------------------

/// What one answer said, as far as the invariants care.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Said {
    /// A body said the operation (pay) or the payment (inquiry) succeeded.
    Paid,
    /// An inquiry said the payment failed, or a cancel succeeded.
    NotCharged,
    /// A pay answer that leaves the payment possibly charged: U, A, none, unreadable.
    MaybeCharged,
    Other,
}

const PAY_ANSWERS: &[(&str, &str)] = &[
    ("S", "SUCCESS"),
    ("F", "INSUFFICIENT_BALANCE"),
    ("F", "PAYMENT_TIMEOUT"),
    ("F", "REPEAT_REQ_INCONSISTENT"),
    ("F", "EXPIRED_ACCESS_TOKEN"),
    ("F", "PROCESS_FAIL"),
    ("F", "NOT_IN_THE_CATALOG"),
    ("U", "SYSTEM_BUSY"),
    ("U", "PAYMENT_IN_PROCESS"),
    ("U", "NOT_IN_THE_CATALOG"),
    ("A", "ACCEPT"),
];

const INQUIRY_STATES: &[&str] = &[
    "SUCCESS",
    "FAIL",
    "CANCELLED",
    "PROCESSING",
    "PENDING",
    "AUTH_SUCCESS",
];

/// The body for answer number `pick` to `call`, and what it says.
fn answer(call: Call, pick: u8) -> (Option<String>, Said) {
    let pick = usize::from(pick);
    match call {
        Call::Pay => {
            let n = PAY_ANSWERS.len();
            match pick % (n + 2) {
                i if i < n => {
                    let (status, code) = PAY_ANSWERS[i];
                    let said = match status {
                        "S" => Said::Paid,
                        "F" => Said::Other,
                        _ => Said::MaybeCharged,
                    };
                    (Some(pay(status, code)), said)
                }
                i if i == n => (None, Said::MaybeCharged),
                _ => (Some("{not json".to_owned()), Said::MaybeCharged),
            }
        }
        Call::Inquiry => {
            let n = INQUIRY_STATES.len();
            match pick % (n + 5) {
                i if i < n => {
                    let state = INQUIRY_STATES[i];
                    let said = match state {
                        "SUCCESS" => Said::Paid,
                        "FAIL" | "CANCELLED" => Said::NotCharged,
                        _ => Said::Other,
                    };
                    (Some(inquiry(state, Some("INSUFFICIENT_BALANCE"))), said)
                }
                i if i == n => (Some(pay("F", "EXPIRED_ACCESS_TOKEN")), Said::Other),
                i if i == n + 1 => (Some(pay("F", "ORDER_NOT_EXIST")), Said::Other),
                i if i == n + 2 => (Some(pay("U", "SYSTEM_BUSY")), Said::Other),
                i if i == n + 3 => (Some(pay("S", "SUCCESS")), Said::Other), // no state: not paid
                _ => (None, Said::Other),
            }
        }
        Call::Cancel => match pick % 6 {
            0 => (Some(pay("S", "SUCCESS")), Said::NotCharged),
            1 => (Some(pay("F", "ORDER_STATUS_INVALID")), Said::Other),
            2 => (Some(pay("F", "EXPIRED_ACCESS_TOKEN")), Said::Other),
            3 => (Some(pay("U", "SYSTEM_BUSY")), Said::Other),
            4 => (Some(pay("A", "ACCEPT")), Said::Other),
            _ => (None, Said::Other),
        },
    }
}

/// A `notifyPayment` body with `notifyType` and `result`.
fn notification(kind: &str, status: &str, code: &str) -> String {
    format!(
        r#"{{"notifyType":"{kind}","result":{{"resultStatus":"{status}","resultCode":"{code}","resultMessage":"m"}},"paymentRequestId":"r1","paymentId":"p1"}}"#
    )
}

/// Notification number `pick`, and what it says.
fn notice(pick: u8) -> (String, Said) {
    match pick % 5 {
        0 => (notification("PAYMENT_RESULT", "S", "SUCCESS"), Said::Paid),
        1 => (
            notification("PAYMENT_RESULT", "F", "PROCESS_FAIL"),
            Said::NotCharged,
        ),
        2 => (notification("PAYMENT_PENDING", "S", "SUCCESS"), Said::Other),
        3 => (
            notification("PAYMENT_RESULT", "U", "UNKNOWN_EXCEPTION"),
            Said::Other,
        ),
        _ => ("{\"notifyType\":".to_owned(), Said::Other),
    }
}

/// The most steps and the longest total wait a flow may take, from the catalog's backoff and
/// the poll policy `poll`: for each of the two request ids, every pay resend, one polling to
/// the window's end or to its most inquiries, and every cancel resend; plus one token refresh.
fn bounds(poll: RetryPolicy) -> (usize, Duration) {
    let backoff = classify_result(Status::Unknown, "").retry();
    let RetryPolicy::Poll { interval, timeout } = poll else {
        panic!("a poll policy polls")
    };
    let per_id = 2 * backoff.max_attempts() as usize + poll.max_attempts() as usize;
    // Two pollings per id at most (one to settle, one before a new id).
    let steps = 2 * (per_id + poll.max_attempts() as usize) + 2;
    let wait_per_id = 2 * backoff.max_total_wait() + 2 * (timeout + interval);
    (steps, 2 * wait_per_id)
}

/// The flow saved to JSON and loaded back, as a service that restarts does.
fn restarted(flow: &PaymentFlow) -> PaymentFlow {
    let saved = serde_json::to_string(flow).expect("a flow serializes");
    serde_json::from_str(&saved).expect("a saved flow loads")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Random answers to every call, notifications (for the request id the flow runs, or the
    /// old one) and restarts between any two of them, with the catalog's poll policy or the
    /// flow's own. Beside the flow runs its twin, which never restarts: the two give the same
    /// step for every input. The money: succeeded only where the answer that ended it said
    /// paid; once possibly charged, failed only where it said not charged; a new id only once
    /// the old one is shown unpaid; a paid notification for the old id makes the end unknown,
    /// to reconcile. After the end, whatever arrives, the end stays or becomes unknown with
    /// reconcile.
    #[test]
    fn the_flow_never_calls_a_payment_paid_or_failed_before_the_platform_does(
        picks in prop::collection::vec(any::<u8>(), 1..300),
        latencies in prop::collection::vec(0u64..5_000, 300),
        extras in prop::collection::vec((0u8..10, any::<u8>()), 300),
        timing in prop::option::of((500u64..20_000, 0u64..120_000)),
        seed in any::<u64>(),
    ) {
        let mut flow = PaymentFlow::new(seed);
        let poll = match timing {
            Some((interval, window)) => {
                let (interval, window) = (Duration::from_millis(interval), Duration::from_millis(window));
                flow = flow.with_poll(interval, window);
                RetryPolicy::Poll { interval, timeout: window }
            }
            None => classify_result(Status::Accepted, "").retry(),
        };
        let (most_steps, most_wait) = bounds(poll);
        let mut twin = flow.clone();
        let mut step = flow.start();
        let mut now = Duration::ZERO;
        let mut waited = Duration::ZERO;
        let mut maybe_charged = false;
        let mut request = 0;
        let mut last = Said::Other;
        let mut old_id_paid = false;
        let mut steps = 0;
        let end = loop {
            let (call, after) = match &step {
                Step::Send { call, request: r, after } => {
                    if *r != request {
                        // A new id: only after the old one was shown unpaid.
                        prop_assert_eq!(last, Said::NotCharged, "new id without proof");
                        request = *r;
                        maybe_charged = false;
                    }
                    (*call, *after)
                }
                Step::RefreshToken { call, .. } => (*call, Duration::ZERO),
                Step::AskUser(end) | Step::Done(end) => break end.clone(),
                other => {
                    prop_assert!(false, "a step this test does not know: {:?}", other);
                    unreachable!()
                }
            };
            steps += 1;
            prop_assert!(steps <= most_steps, "{} steps", steps);
            waited += after;
            now += after + Duration::from_millis(latencies[steps % latencies.len()]);
            // Before the answer: perhaps a restart, perhaps a notification.
            let (extra, pick) = extras[steps % extras.len()];
            if extra < 2 {
                flow = restarted(&flow);
            } else if extra < 5 {
                let about = if extra == 4 && request > 0 { 0 } else { request };
                let (body, said) = notice(pick);
                let heard = flow.on_notification(now, about, body.as_bytes());
                prop_assert_eq!(&heard, &twin.on_notification(now, about, body.as_bytes()));
                if about == request {
                    if said != Said::Other {
                        last = said;
                    }
                } else if said == Said::Paid {
                    old_id_paid = true;
                }
                if heard != step {
                    step = heard;
                    continue;
                }
            }
            let pick = picks[steps % picks.len()];
            let (body, said) = answer(call, pick);
            if said == Said::MaybeCharged {
                maybe_charged = true;
            }
            last = said;
            let reply = match &body {
                Some(body) => Reply::Body(body.as_bytes()),
                None => Reply::NoAnswer,
            };
            step = flow.on_reply(now, reply);
            prop_assert_eq!(&step, &twin.on_reply(now, reply));
        };
        prop_assert!(waited <= most_wait, "waited {:?}", waited);
        match end.state() {
            State::Succeeded => prop_assert_eq!(last, Said::Paid),
            State::Failed if maybe_charged => prop_assert_eq!(last, Said::NotCharged),
            State::Failed | State::Unknown => {}
            other => prop_assert!(false, "a flow never ends {:?}", other),
        }
        if old_id_paid {
            prop_assert!(end.needs_reconcile(), "the old id was paid: {:?}", end);
        }
        if end.needs_reconcile() {
            prop_assert_eq!(end.state(), State::Unknown);
        }
        // The end is one decision: its next action fits its state, and an unknown end says
        // "still confirming", a failed one never that it retries or waits.
        let d = end.decision();
        prop_assert_eq!(d.state(), end.state());
        prop_assert!(d.retry().fits(end.state()), "{:?}", d);
        let unknown = classify_result(Status::Unknown, "").user_message();
        let pending = classify_result(Status::Accepted, "").user_message();
        match end.state() {
            State::Unknown => prop_assert_eq!(d.user_message(), unknown),
            _ => {
                prop_assert_ne!(d.user_message(), unknown);
                prop_assert_ne!(d.user_message(), pending);
            }
        }
        // After the end: answers, notifications for either id, restarts. The end stays as it
        // was, or becomes unknown with reconcile, and stays so.
        let mut now_end = step;
        for (i, &(extra, pick)) in extras.iter().enumerate().take(12) {
            now += Duration::from_millis(100);
            let next = match extra % 4 {
                0 => {
                    flow = restarted(&flow);
                    flow.step()
                }
                1 => {
                    let (body, _) = notice(pick);
                    flow.on_notification(now, u32::from(pick % 2), body.as_bytes())
                }
                _ => {
                    let call = [Call::Pay, Call::Inquiry, Call::Cancel][i % 3];
                    match answer(call, pick).0 {
                        Some(body) => flow.on_reply(now, Reply::Body(body.as_bytes())),
                        None => flow.on_reply(now, Reply::NoAnswer),
                    }
                }
            };
            let (Step::Done(before) | Step::AskUser(before)) = &now_end else { unreachable!() };
            let after = match &next {
                Step::Done(after) | Step::AskUser(after) => after.clone(),
                other => {
                    prop_assert!(false, "after the end, a step: {:?}", other);
                    unreachable!()
                }
            };
            if after != *before {
                prop_assert_eq!((after.state(), after.needs_reconcile()), (State::Unknown, true));
                prop_assert!(matches!(next, Step::Done(_)), "a conflict never asks the person paying");
            }
            now_end = next;
        }
    }
}

/// Drives a flow whose pay is in process through pending inquiries to the poll timeout, where
/// it cancels; returns the time then.
fn to_the_cancel(flow: &mut PaymentFlow) -> Duration {
    flow.start();
    let mut now = secs(1);
    let mut step = flow.on_reply(now, Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()));
    let pending = inquiry("PENDING", None);
    while let Step::Send {
        call: Call::Inquiry,
        after,
        ..
    } = step
    {
        now += after;
        step = flow.on_reply(now, Reply::Body(pending.as_bytes()));
    }
    assert_eq!(step, send(Call::Cancel, 0, Duration::ZERO));
    now
}

/// The wait of a `Send` of `call` for id number `request`.
fn wait_before(step: Step, call: Call, request: u32) -> Duration {
    match step {
        Step::Send {
            call: c,
            request: r,
            after,
        } if c == call && r == request => after,
        other => panic!("expected {call:?} for id {request}, got {other:?}"),
    }
}

#[test]
fn an_inquiry_that_says_success_ends_paid() {
    let (interval, _) = poll_policy();
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let step = flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
    );
    assert_eq!(step, send(Call::Inquiry, 0, interval));
    let end = done(flow.on_reply(secs(4), Reply::Body(inquiry("SUCCESS", None).as_bytes())));
    assert_eq!(
        (
            end.state(),
            end.code(),
            end.request(),
            end.needs_reconcile()
        ),
        (State::Succeeded, None, 0, false)
    );
}

/// An `F` whose code resends (`SYSTEM_BUSY`) is the same pay under the same id, on the code's
/// backoff, and failed once the attempts are spent, since every answer was an `F`; the end's
/// message is the `F` fallback's, never "please wait".
#[test]
fn a_failure_that_backs_off_resends_the_same_pay_then_fails() {
    let policy = classify_result(Status::Failed, "SYSTEM_BUSY").retry();
    let RetryPolicy::Backoff { max_attempts, .. } = policy else {
        panic!("SYSTEM_BUSY should back off, not {policy:?}");
    };
    let bounds: Vec<Duration> = policy.delays().collect();
    assert_eq!(bounds.len() as u32, max_attempts - 1);
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let body = pay("F", "SYSTEM_BUSY");
    for bound in bounds {
        let after = wait_before(
            flow.on_reply(secs(1), Reply::Body(body.as_bytes())),
            Call::Pay,
            0,
        );
        assert!(after <= bound, "{after:?} > {bound:?}");
    }
    let end = done(flow.on_reply(secs(1), Reply::Body(body.as_bytes())));
    assert_eq!(
        (end.state(), end.code(), end.request()),
        (State::Failed, Some("SYSTEM_BUSY"), 0)
    );
    assert_eq!(end.decision().retry(), RetryPolicy::Never);
    assert_eq!(
        end.decision().user_message(),
        classify_result(Status::Failed, "").user_message()
    );
}

/// The same resends, with one `U` among the answers: the pay may have been charged, so once
/// the attempts are spent the flow inquires instead of calling it failed.
#[test]
fn resends_that_met_a_u_inquire_when_spent() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "UNKNOWN_EXCEPTION").as_bytes()),
    );
    let busy = pay("F", "SYSTEM_BUSY");
    let mut step = flow.on_reply(secs(2), Reply::Body(busy.as_bytes()));
    let mut n = 0;
    while matches!(
        step,
        Step::Send {
            call: Call::Pay,
            ..
        }
    ) {
        step = flow.on_reply(secs(3), Reply::Body(busy.as_bytes()));
        n += 1;
        assert!(n < 100);
    }
    assert_eq!(step, send(Call::Inquiry, 0, Duration::ZERO));
}

/// `PROCESS_FAIL`: the reference's table says "Retry the request", its own `handleAPIResponse`
/// throws for it, and the API pages say not to retry: failed at once, nothing resent.
#[test]
fn process_fail_ends_the_payment_at_once() {
    let mut flow = PaymentFlow::new(1);
    flow.start();
    let end = done(flow.on_reply(secs(1), Reply::Body(pay("F", "PROCESS_FAIL").as_bytes())));
    assert_eq!(
        (end.state(), end.code(), end.decision().retry()),
        (State::Failed, Some("PROCESS_FAIL"), RetryPolicy::Never)
    );
}

/// A cancel refused for an expired token gets one refresh and one more try; refused again,
/// nobody knows whether money moved.
#[test]
fn a_cancel_with_an_expired_token_refreshes_once_then_says_reconcile() {
    let mut flow = PaymentFlow::new(1);
    let now = to_the_cancel(&mut flow);
    let expired = pay("F", "EXPIRED_ACCESS_TOKEN");
    let step = flow.on_reply(now, Reply::Body(expired.as_bytes()));
    assert_eq!(
        step,
        Step::RefreshToken {
            call: Call::Cancel,
            request: 0
        }
    );
    let end = done(flow.on_reply(now + secs(1), Reply::Body(expired.as_bytes())));
    assert_eq!(end.state(), State::Unknown);
    assert!(end.needs_reconcile());
    assert_eq!(end.code(), Some("EXPIRED_ACCESS_TOKEN"));
}

/// Every stream of resends has its own jitter, so that they do not wait in step: two payments
/// with different seeds, and within one payment its pay, its cancel and its pay under a new id.
#[test]
fn every_resend_stream_has_its_own_jitter() {
    let first_pay_resend = |seed| {
        let mut flow = PaymentFlow::new(seed);
        flow.start();
        wait_before(flow.on_reply(secs(1), Reply::NoAnswer), Call::Pay, 0)
    };
    let first_cancel_resend = |seed| {
        let mut flow = PaymentFlow::new(seed);
        let now = to_the_cancel(&mut flow);
        wait_before(flow.on_reply(now, Reply::NoAnswer), Call::Cancel, 0)
    };
    let first_new_id_resend = |seed| {
        let mut flow = PaymentFlow::new(seed);
        flow.start();
        let body = pay("F", "REPEAT_REQ_INCONSISTENT");
        flow.on_reply(secs(1), Reply::Body(body.as_bytes()));
        let step = flow.on_reply(secs(2), Reply::Body(inquiry("FAIL", None).as_bytes()));
        assert_eq!(step, send(Call::Pay, 1, Duration::ZERO));
        wait_before(flow.on_reply(secs(3), Reply::NoAnswer), Call::Pay, 1)
    };
    let waits = [
        first_pay_resend(7),
        first_pay_resend(8),
        first_cancel_resend(7),
        first_new_id_resend(7),
    ];
    for (i, a) in waits.iter().enumerate() {
        for b in &waits[i + 1..] {
            assert_ne!(a, b, "{waits:?}");
        }
    }
}

/// An inquiry answer the flow cannot act on (a state value the catalog does not know, a query
/// refused for a reason other than the token) is asked again at the interval: no token refresh
/// for a token that did not expire.
#[test]
fn an_inquiry_answer_without_a_decision_is_asked_again_without_a_token_refresh() {
    let (interval, _) = poll_policy();
    let refused =
        r#"{"result":{"resultStatus":"F","resultCode":"ORDER_NOT_EXIST","resultMessage":"m"}}"#;
    for answer in [inquiry("SOMETHING_NEW", None), refused.to_owned()] {
        let mut flow = PaymentFlow::new(1);
        flow.start();
        flow.on_reply(
            secs(1),
            Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
        );
        let step = flow.on_reply(secs(4), Reply::Body(answer.as_bytes()));
        assert_eq!(step, send(Call::Inquiry, 0, interval), "{answer}");
    }
}

// ---- Notifications, the flow's own timing, saving and loading ------------------------------

#[test]
fn a_pending_notification_changes_nothing_and_a_final_one_ends_the_flow_at_once() {
    let mut flow = PaymentFlow::new(3);
    flow.start();
    let asked = flow.on_reply(
        secs(1),
        Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
    );
    let pending = notification("PAYMENT_PENDING", "S", "SUCCESS");
    assert_eq!(flow.on_notification(secs(2), 0, pending.as_bytes()), asked);
    assert_eq!(flow.on_notification(secs(2), 0, b"{not json"), asked);
    let failed = notification("PAYMENT_RESULT", "F", "USER_BALANCE_NOT_ENOUGH");
    let end = flow.on_notification(secs(3), 0, failed.as_bytes());
    let (Step::Done(end) | Step::AskUser(end)) = end else {
        panic!("a FAIL notification ends the flow: {end:?}")
    };
    assert_eq!(
        (end.state(), end.code()),
        (State::Failed, Some("USER_BALANCE_NOT_ENOUGH"))
    );
    // The inquiry the flow had asked for answers late, and agrees: nothing changes.
    let late = flow.on_reply(secs(4), Reply::Body(inquiry("FAIL", None).as_bytes()));
    assert_eq!(late.clone(), flow.step());
    assert_eq!(flow.conflicts(), 0);
}

#[test]
fn a_notification_while_the_pay_is_unanswered_ends_it_and_the_late_pay_answer_may_conflict() {
    let mut flow = PaymentFlow::new(3);
    flow.start();
    let paid = notification("PAYMENT_RESULT", "S", "SUCCESS");
    assert_eq!(
        done(flow.on_notification(secs(1), 0, paid.as_bytes())).state(),
        State::Succeeded
    );
    // The pay's own answer, late: a decline contradicts the paid end.
    let end = done(flow.on_reply(
        secs(2),
        Reply::Body(pay("F", "INSUFFICIENT_BALANCE").as_bytes()),
    ));
    assert_eq!(
        (end.state(), end.needs_reconcile(), end.code()),
        (State::Unknown, true, None)
    );
    assert_eq!(
        flow.last_conflict().unwrap().code(),
        Some("INSUFFICIENT_BALANCE")
    );
}

#[test]
fn a_cancel_that_succeeds_after_a_paid_notification_is_a_conflict() {
    let mut flow = PaymentFlow::new(3);
    let at = to_the_cancel(&mut flow);
    let paid = notification("PAYMENT_RESULT", "S", "SUCCESS");
    assert_eq!(
        done(flow.on_notification(at, 0, paid.as_bytes())).state(),
        State::Succeeded
    );
    // The cancel answers S: the payment was cancelled after all, against the paid end.
    let end = done(flow.on_reply(at + secs(1), Reply::Body(pay("S", "SUCCESS").as_bytes())));
    assert_eq!((end.state(), end.needs_reconcile()), (State::Unknown, true));
    assert_eq!(flow.last_conflict().unwrap().state(), State::Failed);
}

#[test]
fn a_notification_for_the_old_id_that_is_not_paid_is_ignored() {
    let mut flow = PaymentFlow::new(3);
    flow.start();
    flow.on_reply(
        secs(1),
        Reply::Body(pay("F", "REPEAT_REQ_INCONSISTENT").as_bytes()),
    );
    let step = flow.on_reply(secs(2), Reply::Body(inquiry("FAIL", None).as_bytes()));
    assert_eq!(step, send(Call::Pay, 1, Duration::ZERO));
    let failed = notification("PAYMENT_RESULT", "F", "PROCESS_FAIL");
    assert_eq!(flow.on_notification(secs(3), 0, failed.as_bytes()), step);
    assert_eq!(flow.conflicts(), 0);
    let end = done(flow.on_reply(secs(4), Reply::Body(pay("S", "SUCCESS").as_bytes())));
    assert_eq!(
        (end.state(), end.request(), end.needs_reconcile()),
        (State::Succeeded, 1, false)
    );
}

#[test]
fn the_flows_own_window_is_counted_from_the_pending_answer() {
    let mut flow = PaymentFlow::new(3).with_poll(secs(10), secs(30));
    flow.start();
    let processing = inquiry("PROCESSING", None);
    let mut now = secs(5);
    let mut step = flow.on_reply(now, Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()));
    let mut inquiries = 0;
    while let Step::Send {
        call: Call::Inquiry,
        after,
        ..
    } = step
    {
        assert_eq!(after, secs(10));
        inquiries += 1;
        now += after;
        step = flow.on_reply(now, Reply::Body(processing.as_bytes()));
    }
    assert_eq!(step, send(Call::Cancel, 0, Duration::ZERO));
    assert_eq!((inquiries, now), (3, secs(35)));
}

#[test]
fn a_flow_saved_in_another_format_or_not_a_flow_is_refused() {
    let saved = serde_json::to_value(PaymentFlow::new(1)).unwrap();
    assert_eq!(saved["errcat_flow"], 1);
    let mut later = saved.clone();
    later["errcat_flow"] = 2.into();
    let err = serde_json::from_value::<PaymentFlow>(later).unwrap_err();
    assert!(err.to_string().contains("format 2"), "{err}");
    for bad in [
        "{}",
        "[]",
        "null",
        r#"{"errcat_flow":1,"flow":{"phase":"Nowhere"}}"#,
    ] {
        assert!(serde_json::from_str::<PaymentFlow>(bad).is_err(), "{bad}");
    }
    // A flow loaded with deserialize_in runs over the catalog it is given.
    let mut de = serde_json::Deserializer::from_str("");
    assert!(PaymentFlow::deserialize_in(&errcat::CATALOG, &mut de).is_err());
}

#[test]
fn the_library_replay_matches_the_flow_fed_by_hand() {
    use errcat::replay::{self, Event};
    let file = format!(
        "{{\"at_ms\": 1000, \"body\": {}}}\n{{\"restart\": true}}\n{{\"at_ms\": 4000, \"notification\": {}}}\n",
        pay("U", "PAYMENT_IN_PROCESS"),
        notification("PAYMENT_RESULT", "S", "SUCCESS")
    );
    let entries = replay::timeline(PaymentFlow::new(9), &replay::read(&file).unwrap()).unwrap();
    let mut flow = PaymentFlow::new(9);
    let by_hand = [
        flow.start(),
        flow.on_reply(
            secs(1),
            Reply::Body(pay("U", "PAYMENT_IN_PROCESS").as_bytes()),
        ),
        flow.on_notification(
            secs(4),
            0,
            notification("PAYMENT_RESULT", "S", "SUCCESS").as_bytes(),
        ),
    ];
    let replayed: Vec<_> = entries
        .iter()
        .map(|e| match &e.event {
            Event::Step(step) => step.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(replayed, by_hand);
    assert_eq!(
        entries.iter().map(|e| e.line).collect::<Vec<_>>(),
        [0, 1, 3]
    );
}
