//! Telemetry (features `metrics` and `tracing`): what is counted and logged for bodies with
//! catalogued codes, aliases, uncatalogued codes and no code, bodies that cannot be read, an
//! extending crate's own codes, and flows to each end; and that nothing private reaches a
//! label or an event. The thousands of distinct uncatalogued codes are in
//! `test_telemetry_codes.rs`, a process of their own (the codes remembered are per process).

use crate::capture;
use std::sync::OnceLock;
use std::time::Duration;

use crate::capture::{Recorded, assert_clean, body, result, run};
use errcat::__private::{CategoryRow, FallbackRow, Row};
use errcat::flow::{Call, PaymentFlow, Reply, Step};
use errcat::telemetry::{
    BODY_ERRORS_TOTAL, FLOW_CALLS_TOTAL, FLOW_SECONDS, FLOWS_TOTAL, OUTCOMES_TOTAL,
    UNCATALOGUED_TOTAL,
};
use errcat::{Api, CATALOG, Catalog, Outcome, RetryPolicy, State, Status};
use tracing::Level;

/// A label set of `errcat_outcomes_total`: api, status, state, code.
fn outcome_labels(r: &Recorded) -> Vec<(String, String, String, String, u64)> {
    let mut out: Vec<_> = r
        .named(OUTCOMES_TOTAL)
        .map(|m| {
            (
                m.label("api").to_string(),
                m.label("status").to_string(),
                m.label("state").to_string(),
                m.label("code").to_string(),
                m.count(),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(
    api: &str,
    status: &str,
    state: &str,
    code: &str,
    n: u64,
) -> (String, String, String, String, u64) {
    (api.into(), status.into(), state.into(), code.into(), n)
}

#[test]
fn every_outcome_is_counted_with_a_catalogued_code_other_or_none() {
    let pay = |status: &str, code: &str| body(&format!(r#""result":{}"#, result(status, code)));
    let inquiry = |payment_status: &str, code: &str| {
        body(&format!(
            r#""result":{},"paymentStatus":"{payment_status}","paymentResultCode":"{code}","paymentResultMessage":"{}""#,
            result("S", "SUCCESS"),
            capture::SECRETS[0]
        ))
    };
    let bodies: Vec<(Option<Api>, String)> = vec![
        (Some(Api::Pay), pay("S", "SUCCESS")),
        (Some(Api::Pay), pay("F", "INSUFFICIENT_BALANCE")),
        (Some(Api::Pay), pay("F", "INSUFFICIENT_BALANCE")),
        // An alias is counted as its code.
        (Some(Api::Pay), pay("F", "USER_BALANCE_NOT_ENOUGH")),
        (Some(Api::Pay), pay("U", "PAYMENT_IN_PROCESS")),
        (Some(Api::Pay), pay("F", "TELEMETRY_TEST_NEW_DECLINE")),
        (Some(Api::Pay), pay("F", "")),
        (
            Some(Api::InquiryPayment),
            inquiry("FAIL", "TELEMETRY_TEST_NEW_STATE_CODE"),
        ),
        (
            Some(Api::InquiryPayment),
            inquiry("PROCESSING", "PAYMENT_IN_PROCESS"),
        ),
        // The inquiry's own call failed: the code is the call's.
        (Some(Api::InquiryPayment), pay("F", "EXPIRED_ACCESS_TOKEN")),
        // Inferred as a pay from a bare S: nothing decides.
        (None, pay("S", "SUCCESS")),
        (None, body(r#""notifyType":"PAYMENT_PENDING""#)),
    ];
    let (outcomes, r) = run(|| {
        bodies
            .iter()
            .map(|(api, b)| Outcome::from_json(*api, b.as_bytes()).unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(outcomes[5].code(), Some("TELEMETRY_TEST_NEW_DECLINE"));
    let mut expected = vec![
        row("pay", "S", "succeeded", "none", 1),
        row("pay", "F", "failed", "INSUFFICIENT_BALANCE", 3),
        row("pay", "U", "pending", "PAYMENT_IN_PROCESS", 1),
        row("pay", "F", "failed", "_OTHER", 1),
        row("pay", "F", "failed", "none", 1),
        row("inquiryPayment", "F", "failed", "_OTHER", 1),
        row("inquiryPayment", "U", "pending", "PAYMENT_IN_PROCESS", 1),
        row("inquiryPayment", "F", "unknown", "EXPIRED_ACCESS_TOKEN", 1),
        row("pay", "none", "unknown", "none", 1),
        row("notifyPayment", "U", "pending", "none", 1),
    ];
    expected.sort();
    assert_eq!(outcome_labels(&r), expected);
    assert_eq!(r.sum(OUTCOMES_TOTAL, &[]), bodies.len() as u64);
    assert_eq!(r.sum(UNCATALOGUED_TOTAL, &[]), 2);
    assert_eq!(
        r.sum(UNCATALOGUED_TOTAL, &[("api", "pay"), ("status", "F")]),
        1
    );
    assert_eq!(
        r.sum(
            UNCATALOGUED_TOTAL,
            &[("api", "inquiryPayment"), ("status", "F")]
        ),
        1
    );
    for m in r.named(UNCATALOGUED_TOTAL) {
        assert_eq!(m.labels.len(), 2, "{m:?}");
    }

    // One debug event per outcome, with the metric's labels and the deciding field.
    let read: Vec<_> = r.events("outcome read").collect();
    assert_eq!(read.len(), bodies.len());
    for (event, outcome) in read.iter().zip(&outcomes) {
        assert_eq!(event.level, Level::DEBUG);
        assert_eq!(event.target, "errcat");
        assert_eq!(event.field("api"), outcome.api().as_str());
        assert_eq!(event.field("state"), outcome.state().as_str());
        let field = outcome
            .decided_by()
            .map_or("none".to_string(), |f| f.to_string());
        assert_eq!(event.field("field"), field);
    }
    assert_eq!(read[1].field("code"), "INSUFFICIENT_BALANCE");
    assert_eq!(read[3].field("code"), "INSUFFICIENT_BALANCE");
    assert_eq!(read[5].field("code"), "_OTHER");
    assert_eq!(read[7].field("field"), "paymentStatus");
    assert_eq!(read[10].field("status"), "none");

    // A warning for each of the two codes the catalog lacks, the code escaped.
    let warned: Vec<_> = r.events("code not in the catalog").collect();
    assert_eq!(warned.len(), 2);
    assert_eq!(warned[0].level, Level::WARN);
    assert_eq!(warned[0].field("code"), "TELEMETRY_TEST_NEW_DECLINE");
    assert_eq!(warned[0].field("api"), "pay");
    assert_eq!(warned[1].field("code"), "TELEMETRY_TEST_NEW_STATE_CODE");
    assert_eq!(warned[1].field("remembered"), "true");
    assert_eq!(warned[1].field("past_limit"), "0");
    assert_clean(&r);
}

#[test]
fn a_code_the_catalog_lacks_warns_once_escaped() {
    let hostile = "TELEMETRY_TEST_\u{1b}[2J\u{202e}KCOR\u{7}\n\u{200b}X";
    let b = body(&format!(r#""result":{}"#, result("F", hostile)));
    let ((), r) = run(|| {
        for _ in 0..5 {
            let outcome = Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap();
            assert_eq!(outcome.code(), Some(hostile));
        }
    });
    let warned: Vec<_> = r.events("code not in the catalog").collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(
        warned[0].field("code"),
        errcat::Escaped(hostile).to_string()
    );
    assert_eq!(warned[0].field("code_len"), hostile.len().to_string());
    assert_eq!(r.sum(UNCATALOGUED_TOTAL, &[]), 5);
    assert_eq!(r.sum(OUTCOMES_TOTAL, &[("code", "_OTHER")]), 5);
    assert_clean(&r);

    // A huge code is shown by its first 256 bytes (cut at a character boundary), and its length.
    let huge = format!("TELEMETRY_TEST_{}", "界".repeat(200));
    let b = body(&format!(r#""result":{}"#, result("F", &huge)));
    let (_, r) = run(|| Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap());
    let warned: Vec<_> = r.events("code not in the catalog").collect();
    assert_eq!(warned.len(), 1);
    let shown = warned[0].field("code");
    assert!(
        huge.starts_with(shown) && shown.len() <= 256 && shown.len() > 250,
        "{shown}"
    );
    assert_eq!(warned[0].field("code_len"), huge.len().to_string());
}

#[test]
fn a_body_that_cannot_be_read_is_counted_by_the_api_named() {
    let not_json = format!("{{{} not json", capture::private_fields());
    let bad_status = body(&format!(
        r#""result":{{"resultStatus":"{}","resultCode":"SUCCESS"}}"#,
        capture::SECRETS[5]
    ));
    let ((), r) = run(|| {
        assert!(Outcome::from_json(Some(Api::Pay), not_json.as_bytes()).is_err());
        assert!(Outcome::from_json(Some(Api::Pay), bad_status.as_bytes()).is_err());
        assert!(Outcome::from_json(None, not_json.as_bytes()).is_err());
        assert!(Outcome::from_json(Some(Api::NotifyRefund), b"[]").is_err());
    });
    assert_eq!(r.sum(BODY_ERRORS_TOTAL, &[("api", "pay")]), 2);
    assert_eq!(r.sum(BODY_ERRORS_TOTAL, &[("api", "none")]), 1);
    assert_eq!(r.sum(BODY_ERRORS_TOTAL, &[("api", "notifyRefund")]), 1);
    assert_eq!(r.sum(OUTCOMES_TOTAL, &[]), 0);
    let events: Vec<_> = r.events("body not read").collect();
    assert_eq!(events.len(), 4);
    assert!(
        events
            .iter()
            .all(|e| e.level == Level::DEBUG && e.fields.len() == 2)
    );
    assert_clean(&r);
}

/// A catalog that extends errcat's as a crate's `include_catalog!()` would give it: one code
/// of its own, `WALLET_TELEMETRY_LIMIT`, beside `SUCCESS`.
fn wallet_catalog() -> &'static Catalog {
    static ROWS: [Row; 2] = [
        Row::new(
            b'F',
            0,
            RetryPolicy::Never,
            "WALLET_TELEMETRY_LIMIT",
            "The wallet's limit",
            "Inform the customer",
            &[("en", "Over your wallet's limit.")],
        ),
        Row::new(
            b'S',
            0,
            RetryPolicy::Never,
            "SUCCESS",
            "Success",
            "None",
            &[("en", "Paid.")],
        ),
    ];
    static CATEGORIES: [CategoryRow; 1] = [CategoryRow {
        key: "wallet",
        title: "Wallet",
        retry: RetryPolicy::Never,
    }];
    static STATES: [(&str, State); 3] = [
        ("SUCCESS", State::Succeeded),
        ("FAIL", State::Failed),
        ("PROCESSING", State::Pending),
    ];
    static INDEX: [(&str, usize); 2] = [("SUCCESS", 1), ("WALLET_TELEMETRY_LIMIT", 0)];
    static CATALOG_OF_OUR_OWN: OnceLock<&'static Catalog> = OnceLock::new();
    CATALOG_OF_OUR_OWN.get_or_init(|| {
        let fallback = |status: Status| {
            let f = CATALOG.__fallback(status);
            FallbackRow {
                status,
                description: f.description,
                resolution: f.resolution,
                retry: f.retry,
                messages: f.messages,
            }
        };
        let fallbacks = Box::leak(Box::new(Status::ALL.map(fallback)));
        Box::leak(Box::new(Catalog::__built(
            &ROWS,
            fallbacks,
            &CATEGORIES,
            &STATES,
            &INDEX,
        )))
    })
}

#[test]
fn an_extending_crates_own_codes_are_catalogued() {
    let catalog = wallet_catalog();
    let b = body(&format!(
        r#""result":{}"#,
        result("F", "WALLET_TELEMETRY_LIMIT")
    ));
    let (outcome, r) =
        run(|| Outcome::from_json_in(catalog, Some(Api::Pay), b.as_bytes()).unwrap());
    assert_eq!(outcome.state(), State::Failed);
    assert_eq!(
        outcome_labels(&r),
        [row("pay", "F", "failed", "WALLET_TELEMETRY_LIMIT", 1)]
    );
    assert_eq!(r.sum(UNCATALOGUED_TOTAL, &[]), 0);
    assert_eq!(r.events("code not in the catalog").count(), 0);
    // The same code read with errcat's own catalog is one it lacks.
    let (_, r) = run(|| Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap());
    assert_eq!(r.sum(OUTCOMES_TOTAL, &[("code", "_OTHER")]), 1);
    assert_eq!(r.sum(UNCATALOGUED_TOTAL, &[]), 1);
    // And a flow over the extending catalog counts its code too.
    let (_, r) = run(|| {
        let mut flow = PaymentFlow::with_catalog(catalog, 3);
        flow.start();
        flow.on_reply(Duration::from_millis(1500), Reply::Body(b.as_bytes()))
    });
    assert_eq!(
        r.sum(OUTCOMES_TOTAL, &[("code", "WALLET_TELEMETRY_LIMIT")]),
        1
    );
    let ended: Vec<_> = r.events("payment flow ended").collect();
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].field("code"), "WALLET_TELEMETRY_LIMIT");
    assert_clean(&r);
}

/// Runs a flow: `answers` are fed in turn, one a second, each to the step before; then three
/// more answers after the end. Returns the end's step and the calls the flow asked for.
fn drive(flow: &mut PaymentFlow, answers: &[Reply<'_>]) -> (Step, [u32; 3]) {
    let mut calls = [0; 3];
    let mut count = |step: &Step| match step {
        Step::Send { call, .. } | Step::RefreshToken { call, .. } => calls[*call as usize] += 1,
        _ => {}
    };
    let mut step = flow.start();
    count(&step);
    for (i, answer) in answers.iter().enumerate() {
        assert!(
            matches!(step, Step::Send { .. } | Step::RefreshToken { .. }),
            "over before answer {i}: {step:?}"
        );
        step = flow.on_reply(Duration::from_secs(i as u64 + 1), *answer);
        count(&step);
    }
    assert!(matches!(step, Step::Done(_) | Step::AskUser(_)), "{step:?}");
    // Fed after the end: the same end, not counted again.
    for _ in 0..3 {
        assert_eq!(
            flow.on_reply(Duration::from_secs(999), Reply::NoAnswer),
            step
        );
    }
    assert_eq!(flow.start(), step);
    (step, calls)
}

#[test]
fn flows_to_each_end_are_counted_once_with_their_calls_and_times() {
    let pay = |status: &str, code: &str| body(&format!(r#""result":{}"#, result(status, code)));
    let success = pay("S", "SUCCESS");
    let decline = pay("F", "INSUFFICIENT_BALANCE");
    let ask = pay("F", "USER_AMOUNT_EXCEED_LIMIT");
    let expired = pay("F", "EXPIRED_ACCESS_TOKEN");
    let busy = pay("U", "SYSTEM_BUSY");
    let in_process = pay("U", "PAYMENT_IN_PROCESS");
    let cancel_refused = pay("F", "ORDER_STATUS_INVALID");
    let paid = body(&format!(
        r#""result":{},"paymentStatus":"SUCCESS""#,
        result("S", "SUCCESS")
    ));
    let mut flows: Vec<(&str, bool, Vec<Reply<'_>>)> = vec![
        ("succeeded", false, vec![Reply::Body(success.as_bytes())]),
        (
            "succeeded",
            false,
            vec![
                Reply::Body(expired.as_bytes()),
                Reply::Body(busy.as_bytes()),
                Reply::NoAnswer,
                Reply::Body(in_process.as_bytes()),
                Reply::Body(paid.as_bytes()),
            ],
        ),
        ("failed", false, vec![Reply::Body(decline.as_bytes())]),
        ("ask_user", false, vec![Reply::Body(ask.as_bytes())]),
        // Not a body: counted as no answer, and the pay is resent.
        (
            "succeeded",
            false,
            vec![Reply::Body(b"<html>"), Reply::Body(success.as_bytes())],
        ),
    ];
    // Pending, inquiries unanswered until the cancel, which is refused: reconcile.
    let mut unknown = vec![Reply::Body(in_process.as_bytes())];
    {
        let mut probe = PaymentFlow::new(9);
        probe.start();
        let mut step = probe.on_reply(Duration::from_secs(1), unknown[0]);
        let mut i = 1;
        while matches!(
            step,
            Step::Send {
                call: Call::Inquiry,
                ..
            }
        ) {
            unknown.push(Reply::NoAnswer);
            i += 1;
            step = probe.on_reply(Duration::from_secs(i), Reply::NoAnswer);
        }
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
    }
    unknown.push(Reply::Body(cancel_refused.as_bytes()));
    let unknown_answers = unknown.len();
    flows.push(("unknown", true, unknown));

    let (ran, r) = run(|| {
        flows
            .iter()
            .enumerate()
            .map(|(seed, (_, _, answers))| {
                let mut flow = PaymentFlow::new(seed as u64);
                let (step, calls) = drive(&mut flow, answers);
                // A copy of a finished flow (as a restored one would be) does not end again.
                let mut copy = flow.clone();
                assert_eq!(
                    copy.on_reply(Duration::from_secs(1000), Reply::NoAnswer),
                    step
                );
                (step, calls, answers.len())
            })
            .collect::<Vec<_>>()
    });
    for ((end, reconcile, _), (step, _, _)) in flows.iter().zip(&ran) {
        let done = match step {
            Step::AskUser(done) => {
                assert_eq!(*end, "ask_user");
                done
            }
            Step::Done(done) => {
                assert_eq!(done.state().as_str(), *end);
                done
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(done.needs_reconcile(), *reconcile);
    }

    // errcat_flows_total and errcat_flow_seconds: one per flow, by end.
    assert_eq!(r.sum(FLOWS_TOTAL, &[]), flows.len() as u64);
    for (end, reconcile, n) in [
        ("succeeded", "false", 3),
        ("failed", "false", 1),
        ("ask_user", "false", 1),
        ("unknown", "true", 1),
    ] {
        assert_eq!(
            r.sum(FLOWS_TOTAL, &[("end", end), ("reconcile", reconcile)]),
            n,
            "{end}"
        );
    }
    let mut seconds: Vec<(String, Vec<f64>)> = r
        .named(FLOW_SECONDS)
        .map(|m| match &m.value {
            capture::Value::Histogram(v) => (m.label("end").to_string(), v.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    seconds.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seconds,
        [
            ("ask_user".to_string(), vec![1.0]),
            ("failed".to_string(), vec![1.0]),
            ("succeeded".to_string(), vec![1.0, 5.0, 2.0]),
            ("unknown".to_string(), vec![unknown_answers as f64]),
        ]
    );

    // errcat_flow_calls_total: every Send and RefreshToken the flows gave.
    let mut total = [0u64; 3];
    for (_, calls, _) in &ran {
        for (t, c) in total.iter_mut().zip(calls) {
            *t += u64::from(*c);
        }
    }
    for (call, name) in [
        (Call::Pay, "pay"),
        (Call::Inquiry, "inquiry"),
        (Call::Cancel, "cancel"),
    ] {
        assert_eq!(
            r.sum(FLOW_CALLS_TOTAL, &[("call", name)]),
            total[call as usize],
            "{name}"
        );
    }
    assert!(total.iter().all(|&n| n > 0), "{total:?}");

    // Every answer that was a body was read and counted (the unreadable one as an error).
    let bodies: usize = flows
        .iter()
        .flat_map(|(_, _, a)| a)
        .filter(|a| matches!(a, Reply::Body(_)))
        .count();
    assert_eq!(
        r.sum(OUTCOMES_TOTAL, &[]) + r.sum(BODY_ERRORS_TOTAL, &[]),
        bodies as u64
    );
    assert_eq!(r.sum(BODY_ERRORS_TOTAL, &[("api", "pay")]), 1);

    // One info event per flow, with its end, duration and calls.
    let ended: Vec<_> = r.events("payment flow ended").collect();
    assert_eq!(ended.len(), flows.len());
    for (event, ((end, reconcile, _), (_, calls, answers))) in
        ended.iter().zip(flows.iter().zip(&ran))
    {
        assert_eq!(event.level, Level::INFO);
        assert_eq!(event.target, "errcat");
        assert_eq!(event.field("end"), *end);
        assert_eq!(event.field("reconcile"), reconcile.to_string());
        assert_eq!(event.field("seconds"), format!("{:?}", *answers as f64));
        assert_eq!(event.field("pay"), calls[0].to_string());
        assert_eq!(event.field("inquiry"), calls[1].to_string());
        assert_eq!(event.field("cancel"), calls[2].to_string());
    }
    assert_eq!(ended[2].field("code"), "INSUFFICIENT_BALANCE");
    assert_eq!(ended[0].field("code"), "none");
    // The token refresh of the second flow is a pay asked for.
    assert_eq!(ended[1].field("pay"), "4");
    assert_clean(&r);
}

#[test]
fn describe_gives_the_flow_seconds_their_unit() {
    let recorder = metrics_util::debugging::DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        errcat::telemetry::describe();
        let mut flow = PaymentFlow::new(0);
        flow.start();
        let b = body(&format!(r#""result":{}"#, result("S", "SUCCESS")));
        flow.on_reply(Duration::from_millis(250), Reply::Body(b.as_bytes()));
    });
    let snapshot = snapshotter.snapshot().into_vec();
    let (_, unit, description, _) = snapshot
        .iter()
        .find(|(key, ..)| key.key().name() == FLOW_SECONDS)
        .expect("the flow's time");
    assert_eq!(*unit, Some(metrics::Unit::Seconds));
    assert!(description.is_some());
    for (key, _, description, _) in &snapshot {
        assert!(description.is_some(), "{key:?}");
    }
}

#[test]
fn nothing_is_installed_nothing_is_recorded_and_reading_works() {
    // No recorder, no subscriber: the facade's no-op recorder; the answer is the same.
    let b = body(&format!(
        r#""result":{}"#,
        result("F", "TELEMETRY_TEST_UNSEEN")
    ));
    let outcome = Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap();
    assert_eq!(outcome.state(), State::Failed);
    let (again, r) = run(|| Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap());
    assert_eq!(again, outcome);
    // A code first seen with no subscriber is not remembered: it warns when one is there.
    assert_eq!(r.events("code not in the catalog").count(), 1);
}

#[test]
fn a_formatter_quotes_the_code_so_that_it_cannot_pass_for_other_fields() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);
    impl Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(Level::WARN)
        .with_writer(move || writer.clone())
        .finish();
    let forged = "TELEMETRY_TEST_FORGED\" api=\"refund\" remembered=false\u{1b}[0m";
    let b = body(&format!(r#""result":{}"#, result("F", forged)));
    tracing::subscriber::with_default(subscriber, || {
        Outcome::from_json(Some(Api::Pay), b.as_bytes()).unwrap();
    });
    let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains(
            r#"code="TELEMETRY_TEST_FORGED\" api=\"refund\" remembered=false\\u{1b}[0m""#
        ),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn a_saved_flow_keeps_its_counts_and_a_loaded_ended_one_does_not_end_again() {
    let pay = body(&format!(
        r#""result":{}"#,
        result("U", "PAYMENT_IN_PROCESS")
    ));
    let paid = body(&format!(
        r#""result":{},"paymentStatus":"SUCCESS""#,
        result("S", "SUCCESS")
    ));
    let ((), r) = run(|| {
        let mut flow = PaymentFlow::new(4);
        flow.start();
        flow.on_reply(Duration::from_secs(1), Reply::Body(pay.as_bytes()));
        // Saved while inquiring, loaded by a restarted service, which finishes it.
        let saved = serde_json::to_string(&flow).unwrap();
        drop(flow);
        let mut loaded: PaymentFlow = serde_json::from_str(&saved).unwrap();
        let Step::Done(done) =
            loaded.on_reply(Duration::from_secs(4), Reply::Body(paid.as_bytes()))
        else {
            panic!("paid");
        };
        assert_eq!(done.state(), State::Succeeded);
        // Saved after the end and loaded: fed again, it ends nothing.
        let saved = serde_json::to_string(&loaded).unwrap();
        let mut again: PaymentFlow = serde_json::from_str(&saved).unwrap();
        again.on_reply(Duration::from_secs(9), Reply::Body(paid.as_bytes()));
        again.on_notification(Duration::from_secs(9), 0, paid.as_bytes());
        // A save from before the counts existed loads with zeros.
        let mut old: serde_json::Value = serde_json::from_str(&saved).unwrap();
        old["flow"]
            .as_object_mut()
            .unwrap()
            .remove("calls")
            .unwrap();
        let old: PaymentFlow = serde_json::from_value(old).unwrap();
        assert_eq!(old.step(), again.step());
    });
    assert_eq!(r.sum(FLOWS_TOTAL, &[]), 1);
    assert_eq!(r.sum(FLOW_CALLS_TOTAL, &[("call", "pay")]), 1);
    assert_eq!(r.sum(FLOW_CALLS_TOTAL, &[("call", "inquiry")]), 1);
    let ended: Vec<_> = r.events("payment flow ended").collect();
    assert_eq!(ended.len(), 1);
    // The loaded flow's event counts the calls the original asked for.
    assert_eq!(
        (ended[0].field("pay"), ended[0].field("inquiry")),
        ("1", "1")
    );
    assert_eq!(ended[0].field("seconds"), "4.0");
    assert_clean(&r);
}

#[test]
fn a_notification_that_ends_the_flow_is_counted_and_a_conflict_after_the_end_is_not_an_end() {
    let pay = body(&format!(
        r#""result":{}"#,
        result("U", "PAYMENT_IN_PROCESS")
    ));
    let paid = body(&format!(
        r#""notifyType":"PAYMENT_RESULT","result":{}"#,
        result("S", "SUCCESS")
    ));
    let failed = body(&format!(
        r#""notifyType":"PAYMENT_RESULT","result":{}"#,
        result("F", "PROCESS_FAIL")
    ));
    let ((), r) = run(|| {
        let mut flow = PaymentFlow::new(5);
        flow.start();
        flow.on_reply(Duration::from_secs(1), Reply::Body(pay.as_bytes()));
        let Step::Done(done) = flow.on_notification(Duration::from_secs(3), 0, paid.as_bytes())
        else {
            panic!("paid");
        };
        assert_eq!(done.state(), State::Succeeded);
        // The platform then says it failed: a conflict, the end now unknown, counted once.
        let Step::Done(done) = flow.on_notification(Duration::from_secs(8), 0, failed.as_bytes())
        else {
            panic!("still over");
        };
        assert!(done.needs_reconcile());
        assert_eq!(flow.conflicts(), 1);
    });
    assert_eq!(r.sum(FLOWS_TOTAL, &[]), 1);
    assert_eq!(
        r.sum(FLOWS_TOTAL, &[("end", "succeeded"), ("reconcile", "false")]),
        1
    );
    assert_eq!(
        r.sum(OUTCOMES_TOTAL, &[("api", "notifyPayment")]),
        2,
        "both notifications are read"
    );
    assert_eq!(
        r.sum(
            OUTCOMES_TOTAL,
            &[("api", "notifyPayment"), ("code", "PROCESS_FAIL")]
        ),
        1
    );
    let ended: Vec<_> = r.events("payment flow ended").collect();
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].field("seconds"), "3.0");
    assert_clean(&r);
}

/// A replay reads each body once for the flow and once more for its timeline: only the flow's
/// reading is counted.
#[test]
fn a_replay_counts_each_body_once() {
    let file = format!(
        "{{\"at_ms\": 200, \"body\": {{\"result\":{}}}}}\n{{\"at_ms\": 900, \"body\": {{\"result\":{}}}}}\n",
        result("F", "SYSTEM_BUSY"),
        result("S", "SUCCESS")
    );
    let (entries, r) = run(|| {
        let lines = errcat::replay::read(&file).unwrap();
        errcat::replay::timeline(PaymentFlow::new(1), &lines).unwrap()
    });
    assert_eq!(entries.len(), 3);
    assert_eq!(r.sum(OUTCOMES_TOTAL, &[("api", "pay")]), 2);
    assert_eq!(r.sum(FLOWS_TOTAL, &[("end", "succeeded")]), 1);
}
