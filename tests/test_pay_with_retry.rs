//! The `pay_with_retry` example's client against its mock platform, under a paused tokio clock:
//! what the platform saw, checked against the policies read from errcat.
//!
//! Each test runs on a current-thread runtime whose clock starts paused, with the server in
//! the same runtime. The client has no request timeout, so the policy's timers are the only
//! timers: the clock jumps from one to the next, and a minute of polling takes no time. The
//! mock records the tokio `Instant` every request arrived at.

#[path = "../examples/pay_with_retry/api.rs"]
mod api;
#[path = "../examples/pay_with_retry/client.rs"]
mod client;
#[path = "../examples/pay_with_retry/mock.rs"]
mod mock;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client::{Client, Order, Paid, PayError, jitter_seed};
use errcat::{Code, RetryPolicy, classify_result};
use mock::{DEMO, Endpoint, MockPlatform, Script, Seen};

/// What one payment did: its outcome, what the platform saw, and what the client said.
struct Run {
    outcome: Result<Paid, PayError>,
    seen: Vec<Seen>,
    said: Vec<String>,
}

impl Run {
    /// The requests to `endpoint`, in order.
    fn at(&self, endpoint: Endpoint) -> Vec<&Seen> {
        self.seen
            .iter()
            .filter(|s| s.endpoint == endpoint)
            .collect()
    }

    /// The policy errcat gives the answer to the `n`-th request (from 0).
    fn policy_of_answer(&self, n: usize) -> RetryPolicy {
        let answer = self.seen[n].answer.as_ref().expect("a JSON answer");
        classify_result(answer.status, &answer.code).retry()
    }
}

fn order(reference: &str) -> Order {
    Order {
        reference: reference.to_owned(),
        amount: api::Amount {
            currency: "USD".to_owned(),
            value: "1999".to_owned(),
        },
    }
}

/// A client of `platform` that keeps what it says.
fn client(platform: &MockPlatform) -> (Client, Arc<Mutex<Vec<String>>>) {
    let said = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&said);
    let client = Client::new(
        platform.base_url(),
        platform.credentials(),
        "test",
        move |line: &str| log.lock().unwrap().push(line.to_owned()),
    )
    .expect("an HTTP client");
    (client, said)
}

/// Pays one order, scripted with `script`, on a fresh platform.
async fn pay(script: Script) -> Run {
    let platform = MockPlatform::start()
        .await
        .expect("the mock platform starts");
    let (mut client, said) = client(&platform);
    platform.script("ORDER-1", script);
    let outcome = client.pay(&order("ORDER-1")).await;
    let said = said.lock().unwrap().clone();
    Run {
        outcome,
        seen: platform.take_seen(),
        said,
    }
}

/// The example's scenario with this kind of script.
fn demo(matches: fn(&Script) -> bool) -> Script {
    DEMO.iter()
        .map(|s| s.script)
        .find(matches)
        .expect("the example has this scenario")
}

fn backoff_policy() -> RetryPolicy {
    let policy = Code::SystemBusy.retry();
    assert!(
        matches!(policy, RetryPolicy::Backoff { .. }),
        "SYSTEM_BUSY should back off, not {policy:?}"
    );
    policy
}

fn poll_policy() -> (RetryPolicy, Duration, Duration) {
    let policy = Code::PaymentInProcess.retry();
    let RetryPolicy::Poll { interval, timeout } = policy else {
        panic!("PAYMENT_IN_PROCESS should poll, not {policy:?}");
    };
    (policy, interval, timeout)
}

/// The waits between consecutive requests.
fn gaps(requests: &[&Seen]) -> Vec<Duration> {
    requests.windows(2).map(|w| w[1].at - w[0].at).collect()
}

/// Every request of `requests` carries `id`.
fn assert_all_with_id(requests: &[&Seen], id: &str) {
    for (n, s) in requests.iter().enumerate() {
        assert_eq!(
            s.request_id.as_deref(),
            Some(id),
            "{} request {n} of {requests:#?}",
            s.endpoint.name()
        );
    }
}

/// The waits between the requests are the policy's jittered schedule for `id`. tokio's timer
/// has millisecond ticks: a sleep ends on the first tick at or after its deadline.
fn assert_jittered_waits(requests: &[&Seen], policy: RetryPolicy, id: &str) {
    let expected: Vec<Duration> = policy.delays_with_jitter(jitter_seed(id)).collect();
    let bounds: Vec<Duration> = policy.delays().collect();
    let gaps = gaps(requests);
    assert!(gaps.len() <= expected.len());
    for (k, gap) in gaps.iter().enumerate() {
        assert!(
            expected[k] <= *gap && *gap < expected[k] + Duration::from_millis(1),
            "wait {k}: {gap:?}, expected {:?}",
            expected[k]
        );
        assert!(
            *gap <= bounds[k] + Duration::from_millis(1),
            "wait {k}: {gap:?} over the bound {:?}",
            bounds[k]
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_examples_scenarios_all_pay_and_name_every_code() {
    let platform = MockPlatform::start().await.unwrap();
    let (mut client, said) = client(&platform);
    for scenario in DEMO {
        platform.script(scenario.order, scenario.script);
        let outcome = client.pay(&order(scenario.order)).await;
        assert!(outcome.is_ok(), "{}: {outcome:?}", scenario.title);
    }
    let seen = platform.take_seen();
    let said = said.lock().unwrap().join("\n");
    let mut codes: Vec<&str> = seen
        .iter()
        .filter_map(|s| s.answer.as_ref())
        .map(|a| a.code.as_str())
        .collect();
    codes.dedup();
    assert!(codes.len() >= 5, "{codes:?}");
    for code in codes {
        assert!(said.contains(code), "{code} is never named in:\n{said}");
    }
}

#[tokio::test(start_paused = true)]
async fn backoff_resends_the_same_request_id_after_the_jittered_waits() {
    let script = demo(|s| matches!(s, Script::Busy { .. }));
    let Script::Busy { times } = script else {
        unreachable!()
    };
    let policy = backoff_policy();
    let run = pay(script).await;

    let paid = run
        .outcome
        .as_ref()
        .expect("paid after the platform stops being busy");
    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), times as usize + 1);
    assert!(pays.len() <= policy.max_attempts() as usize);
    assert_eq!(pays.len(), run.seen.len(), "only pay requests");
    assert_all_with_id(&pays, &paid.request_id);
    assert_eq!(run.policy_of_answer(0), policy);
    assert_jittered_waits(&pays, policy, &paid.request_id);
    // The waits are jittered, not the bounds themselves.
    let bounds: Vec<Duration> = policy.delays().take(gaps(&pays).len()).collect();
    assert_ne!(gaps(&pays), bounds);
}

#[tokio::test(start_paused = true)]
async fn backoff_never_sends_more_than_max_attempts() {
    let policy = backoff_policy();
    let run = pay(Script::Busy { times: u32::MAX }).await;

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), policy.max_attempts() as usize);
    assert_eq!(pays.len(), run.seen.len(), "only pay requests");
    let id = pays[0].request_id.clone().unwrap();
    assert_all_with_id(&pays, &id);
    assert_jittered_waits(&pays, policy, &id);
    let waited = pays[pays.len() - 1].at - pays[0].at;
    let ms = Duration::from_millis(1) * (pays.len() as u32);
    assert!(waited <= policy.max_total_wait() + ms, "{waited:?}");
    match run.outcome {
        Err(PayError::GaveUp { error, attempts }) => {
            assert_eq!(attempts, policy.max_attempts() as usize);
            assert_eq!(error.retry(), policy);
        }
        other => panic!("expected GaveUp, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn in_process_polls_at_the_interval_until_success() {
    let script = demo(|s| matches!(s, Script::InProcess { .. }));
    let Script::InProcess {
        succeeds_at_inquiry: Some(succeeds_at),
    } = script
    else {
        panic!("the example's payment should succeed: {script:?}")
    };
    let (policy, interval, _) = poll_policy();
    let run = pay(script).await;

    let paid = run.outcome.as_ref().expect("paid once the inquiry says so");
    let pays = run.at(Endpoint::Pay);
    let inquiries = run.at(Endpoint::Inquiry);
    assert_eq!(pays.len(), 1, "a running payment is never paid again");
    assert_eq!(run.policy_of_answer(0), policy);
    assert_eq!(inquiries.len(), succeeds_at as usize);
    let requests = pays.len() + inquiries.len();
    assert!(
        requests <= policy.max_attempts() as usize,
        "{requests} requests"
    );
    assert!(run.at(Endpoint::Cancel).is_empty());
    assert_all_with_id(&inquiries, &paid.request_id);
    for (k, inquiry) in (1u32..).zip(&inquiries) {
        assert_eq!(inquiry.at - pays[0].at, interval * k, "inquiry {k}");
    }
}

#[tokio::test(start_paused = true)]
async fn polling_stops_at_the_timeout_and_cancels() {
    let (policy, interval, timeout) = poll_policy();
    let run = pay(Script::InProcess {
        succeeds_at_inquiry: None,
    })
    .await;

    let pays = run.at(Endpoint::Pay);
    let inquiries = run.at(Endpoint::Inquiry);
    let cancels = run.at(Endpoint::Cancel);
    assert_eq!(pays.len(), 1);
    let id = pays[0].request_id.clone().unwrap();
    let start = pays[0].at;

    // Every interval that fits in the timeout, and none after it.
    assert_eq!(inquiries.len(), policy.delays().count());
    assert_eq!(
        inquiries.len() as u128,
        timeout.as_nanos() / interval.as_nanos()
    );
    assert_eq!(1 + inquiries.len(), policy.max_attempts() as usize);
    assert_all_with_id(&inquiries, &id);
    for (k, inquiry) in (1u32..).zip(&inquiries) {
        assert_eq!(inquiry.at - start, interval * k, "inquiry {k}");
        assert!(inquiry.at - start <= timeout);
    }

    // Then one cancellation, the last request.
    assert_eq!(cancels.len(), 1);
    assert_all_with_id(&cancels, &id);
    let last = run.seen.last().unwrap();
    assert_eq!(last.endpoint, Endpoint::Cancel);
    assert!(last.at - start <= timeout);
    assert!(last.at >= inquiries[inquiries.len() - 1].at);
    match &run.outcome {
        Err(PayError::Cancelled { request_id }) => assert_eq!(*request_id, id),
        other => panic!("expected Cancelled, got {other:?}"),
    }
    let said = run.said.join("\n");
    assert!(said.contains("cancel"), "{said}");
}

#[tokio::test(start_paused = true)]
async fn an_expired_token_is_refreshed_once_then_the_same_request_is_sent() {
    let script = demo(|s| matches!(s, Script::TokenExpires { .. }));
    let run = pay(script).await;

    let paid = run.outcome.as_ref().expect("paid with the new token");
    let endpoints: Vec<Endpoint> = run.seen.iter().map(|s| s.endpoint).collect();
    assert_eq!(
        endpoints,
        [Endpoint::Pay, Endpoint::ApplyToken, Endpoint::Pay]
    );
    assert_eq!(run.policy_of_answer(0), RetryPolicy::RefreshToken);
    let pays = run.at(Endpoint::Pay);
    assert_all_with_id(&pays, &paid.request_id);
    assert!(pays[0].token.is_some() && pays[1].token.is_some());
    assert_ne!(pays[0].token, pays[1].token, "the retry uses the new token");
}

#[tokio::test(start_paused = true)]
async fn the_token_is_refreshed_at_most_once() {
    let run = pay(Script::TokenExpires { every_time: true }).await;

    assert_eq!(run.at(Endpoint::ApplyToken).len(), 1);
    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), 2);
    let id = pays[0].request_id.clone().unwrap();
    assert_all_with_id(&pays, &id);
    match run.outcome {
        Err(PayError::Failed(error)) => assert_eq!(error.retry(), RetryPolicy::RefreshToken),
        other => panic!("expected the second expiry to be final, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_spent_request_id_is_replaced_by_a_new_one() {
    let script = demo(|s| matches!(s, Script::IdTaken { .. }));
    let run = pay(script).await;

    let paid = run.outcome.as_ref().expect("paid with a new request id");
    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), 2);
    assert_eq!(run.seen.len(), 2);
    assert_eq!(run.policy_of_answer(0), RetryPolicy::NewRequest);
    assert_ne!(pays[0].request_id, pays[1].request_id);
    assert_eq!(
        pays[1].request_id.as_deref(),
        Some(paid.request_id.as_str())
    );
    assert_eq!(pays[0].at, pays[1].at, "a new request needs no wait");
}

#[tokio::test(start_paused = true)]
async fn a_new_request_id_is_tried_at_most_once() {
    let run = pay(Script::IdTaken { times: 2 }).await;

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), 2);
    assert_ne!(pays[0].request_id, pays[1].request_id);
    match run.outcome {
        Err(PayError::Failed(error)) => assert_eq!(error.retry(), RetryPolicy::NewRequest),
        other => panic!("expected the second spent id to be final, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_response_that_is_not_json_is_an_error() {
    let run = pay(Script::Garbage).await;

    assert_eq!(run.seen.len(), 1);
    assert_eq!(run.seen[0].answer, None);
    match run.outcome {
        Err(PayError::Malformed { endpoint, detail }) => {
            assert_eq!(endpoint, api::PAY);
            assert!(detail.contains("502"), "{detail}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn the_policy_s_timers_are_the_only_timers() {
    // While the platform takes its time (real time, on a socket), the runtime waits on I/O:
    // a paused clock would jump to any timer pending then, such as a request timeout, or the
    // connection pool's idle timer once a connection has been used (hence two payments).
    let start = tokio::time::Instant::now();
    let platform = MockPlatform::start().await.unwrap();
    let (mut client, _) = client(&platform);
    for reference in ["ORDER-1", "ORDER-2"] {
        platform.script(reference, Script::SlowAnswer);
        let outcome = client.pay(&order(reference)).await;
        assert!(outcome.is_ok(), "{outcome:?}");
    }

    assert_eq!(platform.take_seen().len(), 2);
    assert_eq!(
        tokio::time::Instant::now() - start,
        Duration::ZERO,
        "the clock moved while the client waited for an answer: something set a timer"
    );
}
