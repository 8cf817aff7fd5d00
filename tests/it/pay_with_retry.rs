//! The `pay_with_retry` example's client against its mock platform, under a paused tokio clock:
//! what the platform saw and how the flow ended, checked against errcat's policies.
//!
//! Each test runs on a current-thread runtime whose clock starts paused, with the server in
//! the same runtime. The client sets no request timeout unless a test asks for one, so the
//! flow's waits are the only timers: the clock jumps from one to the next, and a minute of
//! polling takes no time. The mock records the tokio `Instant` every request arrived at, and
//! the body it answered with. The client reads the merchant's inbox while it waits, so the
//! notifications it feeds the flow are part of what is checked.

#[path = "../../examples/pay_with_retry/api.rs"]
mod api;
#[path = "../../examples/pay_with_retry/client.rs"]
mod client;
#[path = "../../examples/pay_with_retry/mock.rs"]
mod mock;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client::{Client, Ended, Order, jitter_seed};
use errcat::flow::{Call, PaymentFlow, Reply, Step};
use errcat::{Api, Code, Field, Outcome, RetryPolicy, State, Status, classify_result};
use mock::{Cancel, DEMO, Endpoint, Final, MockPlatform, Notification, Scenario, Script, Seen};
use tokio::time::Instant;

/// One tokio timer tick: a sleep ends on the first tick at or after its deadline.
const TICK: Duration = Duration::from_millis(1);

/// What one payment did: how it ended, what the platform saw and sent, and what the client
/// said.
struct Run {
    ended: Ended,
    seen: Vec<Seen>,
    notifications: Vec<Notification>,
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

    fn endpoints(&self) -> Vec<Endpoint> {
        self.seen.iter().map(|s| s.endpoint).collect()
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

/// A client of `platform` that keeps what it says and reads the merchant's inbox.
fn client(platform: &MockPlatform) -> (Client, Arc<Mutex<Vec<String>>>) {
    let (client, said) = client_without_inbox(platform);
    (client.with_inbox(platform.inbox()), said)
}

/// A client of `platform` that keeps what it says and never reads a notification.
fn client_without_inbox(platform: &MockPlatform) -> (Client, Arc<Mutex<Vec<String>>>) {
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

/// How a test pays its one order.
#[derive(Copy, Clone, Default)]
struct Setup {
    /// The client's request timeout.
    request_timeout: Option<Duration>,
    /// The service restarts after this many answers.
    restart_after: Option<u32>,
    /// The client never reads its inbox.
    deaf: bool,
}

/// Pays one order, scripted with `script`, on a fresh platform, with an optional request
/// timeout; checks that the client did exactly what the flow said.
async fn pay_with(script: Script, request_timeout: Option<Duration>) -> Run {
    pay_set_up(
        script,
        Setup {
            request_timeout,
            ..Setup::default()
        },
    )
    .await
}

/// Pays one order, scripted with `script`, on a fresh platform, as `setup` says; checks that
/// the client did exactly what the flow said.
async fn pay_set_up(script: Script, setup: Setup) -> Run {
    let platform = MockPlatform::start()
        .await
        .expect("the mock platform starts");
    let (mut client, said) = if setup.deaf {
        client_without_inbox(&platform)
    } else {
        client(&platform)
    };
    if let Some(limit) = setup.request_timeout {
        client = client.with_request_timeout(limit);
    }
    platform.script("ORDER-1", script);
    let order = order("ORDER-1");
    let ended = match setup.restart_after {
        Some(answers) => client.pay_restarting(&order, answers).await,
        None => client.pay(&order).await,
    }
    .expect("the flow ends with a step the client knows");
    let said = said.lock().unwrap().clone();
    let run = Run {
        ended,
        seen: platform.take_seen(),
        notifications: platform.take_notifications(),
        said,
    };
    assert_the_client_follows_the_flow(&run, setup.request_timeout);
    run
}

async fn pay(script: Script) -> Run {
    pay_with(script, None).await
}

/// The example's scenario for `order`.
fn scenario(order: &str) -> Scenario {
    *DEMO
        .iter()
        .find(|s| s.order == order)
        .expect("the example has this scenario")
}

/// The end the scenario promises, checked.
fn assert_ends_as_promised(run: &Run, scenario: &Scenario) {
    let done = &run.ended.done;
    assert_eq!(
        (done.state(), done.needs_reconcile()),
        scenario.expect,
        "{}: {done:?}",
        scenario.title
    );
}

/// Replays what the platform saw, and the notifications the client heard, through a fresh
/// flow with the client's seed (and no restart): every request must be the step the flow gave
/// (call, request id, wait), and the end the flow's end.
fn assert_the_client_follows_the_flow(run: &Run, request_timeout: Option<Duration>) {
    let Some(first) = run.seen.first() else {
        panic!("the platform saw nothing");
    };
    let ids = &run.ended.request_ids;
    let mut flow = PaymentFlow::new(jitter_seed(&ids[0]));
    let mut step = flow.start();
    // When the previous answer came back (or a notification changed the step): the next wait
    // starts then.
    let mut answered = first.at;
    let mut heard = run.ended.heard.iter().peekable();
    // Feeds the notifications the client heard before it sent request number `n`.
    let mut hear = |flow: &mut PaymentFlow, step: &mut Step, answered: &mut Instant, n: usize| {
        while let Some(h) = heard.next_if(|h| h.after_requests <= n) {
            let next = flow.on_notification(h.at - first.at, h.request, &h.body);
            if next != *step {
                *answered = h.at;
                *step = next;
            }
        }
    };
    let mut n = 0;
    while let Some(seen) = run.seen.get(n) {
        hear(&mut flow, &mut step, &mut answered, n);
        let (call, request, after) = match step.clone() {
            Step::Send {
                call,
                request,
                after,
            } => (call, request, after),
            Step::RefreshToken { call, request } => {
                assert_eq!(seen.endpoint, Endpoint::ApplyToken, "{step:?}");
                answered = seen.at;
                let Some(next) = run.seen.get(n + 1) else {
                    panic!("nothing sent after the token refresh");
                };
                assert_eq!(next.at, seen.at, "sent at once after the refresh");
                check_request(next, call, &ids[request as usize]);
                step = feed(&mut flow, next, first, request_timeout, &mut answered);
                n += 2;
                continue;
            }
            other => panic!("the flow had ended ({other:?}) but {seen:?} was sent"),
        };
        check_request(seen, call, &ids[request as usize]);
        let gap = seen.at - answered;
        assert!(
            after <= gap && gap < after + TICK,
            "{} to {:?}: waited {gap:?}, the flow said {after:?}",
            seen.endpoint.name(),
            seen.request_id
        );
        step = feed(&mut flow, seen, first, request_timeout, &mut answered);
        n += 1;
    }
    hear(&mut flow, &mut step, &mut answered, n);
    assert!(
        heard.peek().is_none(),
        "a notification heard after the last request"
    );
    match step {
        Step::Done(done) => {
            assert!(!run.ended.ask_user);
            assert_eq!(done, run.ended.done);
        }
        Step::AskUser(done) => {
            assert!(run.ended.ask_user);
            assert_eq!(done, run.ended.done);
        }
        other => panic!("the client stopped before the flow's end: {other:?}"),
    }
}

fn check_request(seen: &Seen, call: Call, id: &str) {
    let endpoint = match call {
        Call::Pay => Endpoint::Pay,
        Call::Inquiry => Endpoint::Inquiry,
        Call::Cancel => Endpoint::Cancel,
    };
    assert_eq!(seen.endpoint, endpoint, "{seen:?}");
    assert_eq!(seen.request_id.as_deref(), Some(id), "{seen:?}");
}

/// Feeds the platform's answer to `seen` (none where it gave none, and then the client's
/// request timeout passed).
fn feed(
    flow: &mut PaymentFlow,
    seen: &Seen,
    first: &Seen,
    request_timeout: Option<Duration>,
    answered: &mut Instant,
) -> Step {
    match &seen.body {
        Some(body) => {
            *answered = seen.at;
            flow.on_reply(seen.at - first.at, Reply::Body(body))
        }
        None => {
            let limit = request_timeout.expect("an unanswered request needs a request timeout");
            *answered = seen.at + limit;
            flow.on_reply(*answered - first.at, Reply::NoAnswer)
        }
    }
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

/// Each wait is within the backoff's bound for its place in the schedule.
fn assert_backoff_waits(requests: &[&Seen], policy: RetryPolicy) {
    let bounds: Vec<Duration> = policy.delays().collect();
    for (k, gap) in gaps(requests).into_iter().enumerate() {
        assert!(
            gap <= bounds[k] + TICK,
            "wait {k}: {gap:?} over the bound {:?}",
            bounds[k]
        );
    }
}

fn outcome(seen: &Seen) -> Outcome {
    match seen.outcome() {
        Some(Ok(outcome)) => outcome,
        other => panic!("{} answered {other:?}", seen.endpoint.name()),
    }
}

fn notification_outcome(n: &Notification) -> Outcome {
    Outcome::from_json(None, &n.body).expect("a notification errcat reads")
}

fn backoff_of(status: Status, code: &str) -> RetryPolicy {
    let policy = classify_result(status, code).retry();
    assert!(
        matches!(policy, RetryPolicy::Backoff { .. }),
        "{code} should back off, not {policy:?}"
    );
    policy
}

fn poll_policy() -> (Duration, Duration) {
    match classify_result(Status::Unknown, "PAYMENT_IN_PROCESS").retry() {
        RetryPolicy::Poll { interval, timeout } => (interval, timeout),
        other => panic!("PAYMENT_IN_PROCESS should poll, not {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn busy_twice_then_success_resends_the_same_id_after_backoff_waits() {
    let scenario = scenario("ORDER-1001");
    let Script::Unanswered { code, times } = scenario.script else {
        panic!("{scenario:?}");
    };
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), times as usize + 1);
    assert_eq!(pays.len(), run.seen.len(), "only pay requests");
    assert_all_with_id(&pays, run.ended.request_id());
    for pay in &pays[..times as usize] {
        let o = outcome(pay);
        assert_eq!((o.state(), o.code()), (State::Retry, Some(code)));
    }
    assert_backoff_waits(&pays, backoff_of(Status::Unknown, code));
    assert!(gaps(&pays).iter().all(|gap| !gap.is_zero()));
    assert_eq!(run.ended.done.code(), None);
    assert!(run.ended.payment_id.is_some());
}

#[tokio::test(start_paused = true)]
async fn in_process_polls_at_the_interval_while_processing_until_success() {
    let scenario = scenario("ORDER-1002");
    let Script::InProcess {
        settles: Some((settles_at, Final::Success)),
        ..
    } = scenario.script
    else {
        panic!("{scenario:?}");
    };
    let (interval, _) = poll_policy();
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let pays = run.at(Endpoint::Pay);
    let inquiries = run.at(Endpoint::Inquiry);
    assert_eq!(pays.len(), 1, "a running payment is never paid again");
    assert_eq!(outcome(pays[0]).state(), State::Pending);
    assert_eq!(inquiries.len(), settles_at as usize);
    assert!(run.at(Endpoint::Cancel).is_empty());
    assert_all_with_id(&inquiries, run.ended.request_id());
    for (k, inquiry) in (1u32..).zip(&inquiries) {
        assert_eq!(inquiry.at - pays[0].at, interval * k, "inquiry {k}");
        // The query worked every time; the payment's state is elsewhere.
        assert_eq!(inquiry.result().map(|r| r.status), Some(Status::Success));
        let o = outcome(inquiry);
        assert_eq!(o.decided_by(), Some(Field::PaymentStatus));
        let expected = if k < settles_at {
            State::Pending
        } else {
            State::Succeeded
        };
        assert_eq!(o.state(), expected, "inquiry {k}");
    }
}

#[tokio::test(start_paused = true)]
async fn an_inquiry_that_says_fail_ends_failed_with_its_code_and_message() {
    let scenario = scenario("ORDER-1003");
    let Script::InProcess {
        settles: Some((_, Final::Fail(code))),
        ..
    } = scenario.script
    else {
        panic!("{scenario:?}");
    };
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let done = &run.ended.done;
    assert_eq!(done.code(), Some(code));
    let catalogued = Code::from_code(code).expect("a catalogued code");
    assert_eq!(done.decision().user_message(), catalogued.user_message());
    let last = run.seen.last().unwrap();
    assert_eq!(last.endpoint, Endpoint::Inquiry);
    assert_eq!(last.result().map(|r| r.status), Some(Status::Success));
    let o = outcome(last);
    assert_eq!((o.state(), o.code()), (State::Failed, Some(code)));
    assert!(run.at(Endpoint::Cancel).is_empty());
    let said = run.said.join("\n");
    assert!(said.contains(catalogued.user_message()), "{said}");
}

#[tokio::test(start_paused = true)]
async fn a_pay_that_stays_u_past_its_backoff_goes_to_the_inquiry_not_to_failed() {
    let scenario = scenario("ORDER-1004");
    let Script::Unanswered { code, .. } = scenario.script else {
        panic!("{scenario:?}");
    };
    let policy = backoff_of(Status::Unknown, code);
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), policy.max_attempts() as usize);
    assert_all_with_id(&pays, &run.ended.request_ids[0]);
    assert_backoff_waits(&pays, policy);
    let waited = pays[pays.len() - 1].at - pays[0].at;
    assert!(waited <= policy.max_total_wait() + TICK * pays.len() as u32);
    // Then the inquiry, at once, for the same id: it finds the payment paid.
    let after = &run.seen[pays.len()];
    assert_eq!(after.endpoint, Endpoint::Inquiry);
    assert_eq!(after.at, pays[pays.len() - 1].at);
    assert_eq!(run.ended.request_ids.len(), 1, "never a new id");
    assert_eq!(run.ended.done.state(), State::Succeeded);
}

#[tokio::test(start_paused = true)]
async fn pending_for_the_whole_window_cancels_and_fails_once_the_cancel_succeeds() {
    let scenario = scenario("ORDER-1005");
    let Script::InProcess {
        cancel: Cancel::BusyFirst { times },
        ..
    } = scenario.script
    else {
        panic!("{scenario:?}");
    };
    let (interval, timeout) = poll_policy();
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let pays = run.at(Endpoint::Pay);
    let inquiries = run.at(Endpoint::Inquiry);
    let cancels = run.at(Endpoint::Cancel);
    let start = pays[0].at;
    assert_eq!(pays.len(), 1);
    // Every interval of the window, each answering PENDING.
    assert_eq!(
        inquiries.len() as u128,
        timeout.as_nanos() / interval.as_nanos()
    );
    for (k, inquiry) in (1u32..).zip(&inquiries) {
        assert_eq!(inquiry.at - start, interval * k, "inquiry {k}");
        let o = outcome(inquiry);
        assert_eq!(
            (o.state(), o.decided_by()),
            (State::Pending, Some(Field::PaymentStatus))
        );
    }
    // The cancel once the 60 s are over, resent while it answers U, then S.
    assert_eq!(cancels.len(), times as usize + 1);
    assert_eq!(cancels[0].at - start, timeout);
    assert_all_with_id(&cancels, run.ended.request_id());
    assert_eq!(outcome(cancels[0]).state(), State::Retry);
    assert_eq!(outcome(cancels[times as usize]).state(), State::Succeeded);
    let first_cancel_code = cancels[0].result().expect("a result").code;
    assert_backoff_waits(&cancels, backoff_of(Status::Unknown, &first_cancel_code));
    assert_eq!(run.ended.done.code(), None);
    assert!(!run.ended.ask_user);
    // Pending, the platform said so to the merchant too.
    let pending: Vec<Outcome> = run.notifications.iter().map(notification_outcome).collect();
    assert_eq!(pending.len(), 1, "{:?}", run.notifications);
    assert_eq!(
        (
            pending[0].api(),
            pending[0].state(),
            pending[0].decided_by()
        ),
        (Api::NotifyPayment, State::Pending, Some(Field::NotifyType))
    );
}

#[tokio::test(start_paused = true)]
async fn a_cancel_that_fails_ends_unknown_and_says_reconcile() {
    let scenario = scenario("ORDER-1006");
    let (_, timeout) = poll_policy();
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let cancels = run.at(Endpoint::Cancel);
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].at - run.seen[0].at, timeout);
    let refusal = outcome(cancels[0]);
    assert_eq!(refusal.status(), Status::Failed);
    let done = &run.ended.done;
    assert_eq!(done.code(), refusal.code());
    // Unknown, not failed: the shopper hears "still confirming".
    assert_eq!(
        done.decision().user_message(),
        classify_result(Status::Unknown, "").user_message()
    );
    // And rightly so: the platform completed the payment as the cancel arrived.
    let paid = run
        .notifications
        .iter()
        .map(notification_outcome)
        .find(|o| o.api() == Api::NotifyPayment)
        .expect("a payment notification");
    assert_eq!(paid.state(), State::Succeeded);
    assert!(run.said.join("\n").contains("reconcile"));
}

#[tokio::test(start_paused = true)]
async fn an_expired_token_is_refreshed_once_then_the_same_request_is_sent() {
    let scenario = scenario("ORDER-1007");
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    assert_eq!(
        run.endpoints(),
        [Endpoint::Pay, Endpoint::ApplyToken, Endpoint::Pay]
    );
    assert_eq!(
        outcome(&run.seen[0]).decision().retry(),
        RetryPolicy::RefreshToken
    );
    let pays = run.at(Endpoint::Pay);
    assert_all_with_id(&pays, run.ended.request_id());
    assert!(pays[0].token.is_some() && pays[1].token.is_some());
    assert_ne!(
        pays[0].token, pays[1].token,
        "the resend uses the new token"
    );
}

#[tokio::test(start_paused = true)]
async fn the_token_is_refreshed_at_most_once() {
    let run = pay(Script::TokenExpires { every_time: true }).await;

    assert_eq!(
        run.endpoints(),
        [Endpoint::Pay, Endpoint::ApplyToken, Endpoint::Pay]
    );
    let done = &run.ended.done;
    assert_eq!(done.state(), State::Failed);
    // A failed end is final: nothing says to refresh and try again.
    assert_eq!(done.decision().retry(), RetryPolicy::Never);
}

#[tokio::test(start_paused = true)]
async fn repeat_req_inconsistent_inquires_the_old_id_before_a_new_one() {
    let scenario = scenario("ORDER-1008");
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    assert_eq!(
        run.endpoints(),
        [Endpoint::Pay, Endpoint::Inquiry, Endpoint::Pay]
    );
    let ids = &run.ended.request_ids;
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(run.seen[0].request_id.as_deref(), Some(ids[0].as_str()));
    // Read alone, the answer is unknown and inquires the old id: never a new id by itself.
    assert_eq!(outcome(&run.seen[0]).state(), State::Unknown);
    assert!(matches!(
        outcome(&run.seen[0]).decision().retry(),
        RetryPolicy::Poll { .. }
    ));
    // The old id, inquired at once: its payment failed, so a new id is safe.
    assert_eq!(run.seen[1].request_id.as_deref(), Some(ids[0].as_str()));
    assert_eq!(outcome(&run.seen[1]).state(), State::Failed);
    assert_eq!(run.seen[2].request_id.as_deref(), Some(ids[1].as_str()));
    assert_eq!(run.seen[0].at, run.seen[2].at, "no wait");
    assert_eq!(run.ended.done.request(), 1);
    assert_eq!(run.ended.request_id(), ids[1]);
}

#[tokio::test(start_paused = true)]
async fn a_final_notification_ends_the_flow_at_once_with_no_inquiry_after_it() {
    let scenario = scenario("ORDER-1009");
    let Script::SettlesAlone {
        after,
        ends: Final::Success,
        ..
    } = scenario.script
    else {
        panic!("{scenario:?}");
    };
    let (interval, _) = poll_policy();
    let run = pay(scenario.script).await;
    assert_ends_as_promised(&run, &scenario);

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), 1);
    assert_eq!(outcome(pays[0]).state(), State::Pending);
    let paid = run
        .notifications
        .iter()
        .find(|n| {
            n.api == Api::NotifyPayment && notification_outcome(n).state() == State::Succeeded
        })
        .expect("a PAYMENT_RESULT notification that says paid");
    assert_eq!(
        paid.at - pays[0].at,
        after,
        "sent as the platform settled it"
    );
    // The client heard it as it was sent, and the flow ended then, succeeded.
    let last = run.ended.heard.last().expect("notifications heard");
    assert_eq!(
        (last.at, &last.body, last.request),
        (paid.at, &paid.body, 0)
    );
    assert_eq!(run.ended.at, paid.at);
    assert_eq!(run.ended.done.state(), State::Succeeded);
    // No inquiry after it: only those the poll interval fits before it, each still pending.
    let inquiries = run.at(Endpoint::Inquiry);
    assert_eq!(
        inquiries.len() as u128,
        after.as_nanos() / interval.as_nanos()
    );
    assert!(
        inquiries
            .iter()
            .all(|i| outcome(i).state() == State::Pending)
    );
    assert!(run.seen.iter().all(|s| s.at < paid.at), "{:#?}", run.seen);
    assert!(run.at(Endpoint::Cancel).is_empty());
    // Before it, the PAYMENT_PENDING notification, which changed nothing.
    assert_eq!(run.ended.heard.len(), 2);
    let pending = Outcome::from_json(Some(Api::NotifyPayment), &run.ended.heard[0].body).unwrap();
    assert_eq!(pending.state(), State::Pending);
    let said = run.said.join("\n");
    assert!(said.contains("nothing changes"), "{said}");
    assert!(said.contains("the notification is final"), "{said}");
}

#[tokio::test(start_paused = true)]
async fn without_reading_notifications_the_next_inquiry_finds_the_end() {
    let scenario = scenario("ORDER-1009");
    let Script::SettlesAlone { after, .. } = scenario.script else {
        panic!("{scenario:?}");
    };
    let (interval, _) = poll_policy();
    let run = pay_set_up(
        scenario.script,
        Setup {
            deaf: true,
            ..Setup::default()
        },
    )
    .await;
    assert_ends_as_promised(&run, &scenario);

    assert!(run.ended.heard.is_empty());
    // The platform settled the payment when it said, whoever listened; the first inquiry after
    // that finds it paid.
    let start = run.seen[0].at;
    let paid = run
        .notifications
        .iter()
        .find(|n| notification_outcome(n).state() == State::Succeeded)
        .expect("a notification that says paid");
    assert_eq!(paid.at - start, after);
    let last = run.seen.last().unwrap();
    assert_eq!(last.endpoint, Endpoint::Inquiry);
    assert_eq!(outcome(last).state(), State::Succeeded);
    let polls = after.as_nanos().div_ceil(interval.as_nanos());
    assert_eq!(
        u128::from((last.at - start).as_secs()),
        polls * u128::from(interval.as_secs())
    );
    assert_eq!(run.ended.at, last.at);
}

/// What the platform saw and sent during a run, with times from its first request.
type PlatformLog = (
    Vec<(
        Endpoint,
        Duration,
        Option<String>,
        Option<String>,
        Option<Vec<u8>>,
    )>,
    Vec<(Api, Duration, String, Vec<u8>)>,
);

fn platform_log(run: &Run) -> PlatformLog {
    let start = run.seen[0].at;
    let seen = run
        .seen
        .iter()
        .map(|s| {
            (
                s.endpoint,
                s.at - start,
                s.request_id.clone(),
                s.token.clone(),
                s.body.clone(),
            )
        })
        .collect();
    let sent = run
        .notifications
        .iter()
        .map(|n| (n.api, n.at - start, n.request_id.clone(), n.body.clone()))
        .collect();
    (seen, sent)
}

#[tokio::test(start_paused = true)]
async fn a_restart_mid_payment_leaves_what_the_platform_sees_unchanged() {
    let scenario = scenario("ORDER-1010");
    let Some(answers) = scenario.restart_after else {
        panic!("{scenario:?}");
    };
    let restarted = pay_set_up(
        scenario.script,
        Setup {
            restart_after: Some(answers),
            ..Setup::default()
        },
    )
    .await;
    let plain = pay(scenario.script).await;
    assert_ends_as_promised(&restarted, &scenario);

    assert_eq!((restarted.ended.restarts, plain.ended.restarts), (1, 0));
    assert!(
        restarted.seen.len() > answers as usize,
        "restarted mid-payment"
    );
    assert_eq!(platform_log(&restarted), platform_log(&plain));
    assert_eq!(restarted.ended.done, plain.ended.done);
    assert_eq!(restarted.ended.request_ids, plain.ended.request_ids);
    assert_eq!(
        restarted.ended.at - restarted.seen[0].at,
        plain.ended.at - plain.seen[0].at
    );
    let said = restarted.said.join("\n");
    assert!(said.contains("the service restarts"), "{said}");
    assert!(
        said.contains(r#""errcat_flow":1"#),
        "the saved JSON is shown: {said}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_restart_after_any_answer_of_any_scenario_changes_nothing() {
    for scenario in DEMO {
        let plain = pay(scenario.script).await;
        let answers = plain.seen.len() - plain.at(Endpoint::ApplyToken).len();
        for k in 1..answers {
            let restarted = pay_set_up(
                scenario.script,
                Setup {
                    restart_after: Some(k as u32),
                    ..Setup::default()
                },
            )
            .await;
            let at = format!("{}, restarted after answer {k}", scenario.order);
            assert_eq!(restarted.ended.restarts, 1, "{at}");
            assert_eq!(platform_log(&restarted), platform_log(&plain), "{at}");
            assert_eq!(restarted.ended.done, plain.ended.done, "{at}");
            assert_eq!(restarted.ended.heard.len(), plain.ended.heard.len(), "{at}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn an_old_id_that_was_paid_is_not_paid_again() {
    let run = pay(Script::IdTaken {
        times: 1,
        earlier: Final::Success,
    })
    .await;

    assert_eq!(run.endpoints(), [Endpoint::Pay, Endpoint::Inquiry]);
    let done = &run.ended.done;
    assert_eq!(
        (done.state(), done.needs_reconcile()),
        (State::Unknown, true)
    );
    assert_eq!(run.ended.request_ids.len(), 1, "no new id");
}

#[tokio::test(start_paused = true)]
async fn a_new_request_id_is_used_at_most_once() {
    let run = pay(Script::IdTaken {
        times: 2,
        earlier: Final::Fail("RISK_REJECT"),
    })
    .await;

    // The new id is refused too: it is inquired before the payment is called failed, and no
    // third id is made.
    assert_eq!(
        run.endpoints(),
        [
            Endpoint::Pay,
            Endpoint::Inquiry,
            Endpoint::Pay,
            Endpoint::Inquiry
        ]
    );
    assert_eq!(run.ended.request_ids.len(), 2);
    let done = &run.ended.done;
    assert_eq!(done.state(), State::Failed);
    assert_eq!(done.request(), 1);
    assert_eq!(done.decision().retry(), RetryPolicy::Never);
}

#[tokio::test(start_paused = true)]
async fn a_request_timeout_is_no_answer_and_the_same_id_is_resent() {
    let limit = Duration::from_secs(10);
    let run = pay_with(Script::NoAnswer { times: 1 }, Some(limit)).await;

    let pays = run.at(Endpoint::Pay);
    assert_eq!(pays.len(), 2);
    assert_all_with_id(&pays, &run.ended.request_ids[0]);
    assert_eq!(pays[0].body, None, "the platform never answered the first");
    let bound = backoff_of(Status::Unknown, "").delays().next().unwrap();
    let gap = pays[1].at - pays[0].at;
    assert!(limit <= gap && gap <= limit + bound + TICK, "{gap:?}");
    assert_eq!(run.ended.done.state(), State::Succeeded);
    assert!(run.said.join("\n").contains("no answer"));
}

#[tokio::test(start_paused = true)]
async fn a_body_that_is_not_json_is_never_called_failed() {
    let run = pay(Script::Garbage).await;

    // Resent with the same id until the backoff is spent, then inquired, then cancelled: the
    // platform never said the payment failed, so nobody can say it did.
    let pays = run.at(Endpoint::Pay);
    assert_eq!(
        pays.len() as u32,
        backoff_of(Status::Unknown, "").max_attempts()
    );
    assert!(pays.iter().all(|p| matches!(p.outcome(), Some(Err(_)))));
    assert_all_with_id(
        &run.seen.iter().collect::<Vec<_>>(),
        &run.ended.request_ids[0],
    );
    assert!(!run.at(Endpoint::Inquiry).is_empty());
    assert_eq!(run.seen.last().unwrap().endpoint, Endpoint::Cancel);
    let done = &run.ended.done;
    assert_eq!(
        (done.state(), done.needs_reconcile()),
        (State::Unknown, true)
    );
    let said = run.said.join("\n");
    assert!(said.contains("not the platform's JSON"), "{said}");
}

#[tokio::test(start_paused = true)]
async fn the_examples_scenarios_end_as_they_say_and_name_every_code() {
    let platform = MockPlatform::start().await.unwrap();
    let (mut client, said) = client(&platform);
    let mut codes = Vec::new();
    for scenario in DEMO {
        platform.script(scenario.order, scenario.script);
        let order = order(scenario.order);
        let ended = match scenario.restart_after {
            Some(answers) => client.pay_restarting(&order, answers).await,
            None => client.pay(&order).await,
        }
        .unwrap();
        assert_eq!(ended.restarts, u32::from(scenario.restart_after.is_some()));
        let run = Run {
            ended,
            seen: platform.take_seen(),
            notifications: platform.take_notifications(),
            said: Vec::new(),
        };
        assert_ends_as_promised(&run, &scenario);
        assert_the_client_follows_the_flow(&run, None);
        for seen in &run.seen {
            if let Some(Ok(o)) = seen.outcome() {
                codes.extend(o.result().map(|r| r.code.clone()));
                codes.extend(o.code().map(str::to_owned));
            }
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() >= 8, "{codes:?}");
    let said = said.lock().unwrap().join("\n");
    for code in codes {
        assert!(said.contains(&code), "{code} is never named in:\n{said}");
    }
}

#[tokio::test(start_paused = true)]
async fn notifications_read_as_the_platform_means_them() {
    let paid = pay(scenario("ORDER-1002").script).await;
    let declined = pay(scenario("ORDER-1003").script).await;

    let outcomes: Vec<Outcome> = paid
        .notifications
        .iter()
        .map(notification_outcome)
        .collect();
    let apis: Vec<Api> = outcomes.iter().map(Outcome::api).collect();
    assert_eq!(apis, [Api::NotifyPayment, Api::NotifyCapture]);
    for (n, o) in paid.notifications.iter().zip(&outcomes) {
        assert_eq!(n.api, o.api(), "inferred from notifyType");
        assert!(o.is_api_inferred());
        assert_eq!(
            (o.state(), o.decided_by()),
            (State::Succeeded, Some(Field::Result))
        );
        assert_eq!(n.request_id, paid.ended.request_id());
    }

    let failed: Vec<Outcome> = declined
        .notifications
        .iter()
        .map(notification_outcome)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].api(), failed[0].state(), failed[0].code()),
        (
            Api::NotifyPayment,
            State::Failed,
            declined.ended.done.code()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn a_paid_payments_capture_is_listed_in_transactions() {
    let run = pay(scenario("ORDER-1002").script).await;
    let last = run.at(Endpoint::Inquiry).pop().expect("an inquiry");
    let body: serde_json::Value = serde_json::from_slice(last.body.as_deref().unwrap()).unwrap();
    let capture = &body["transactions"][0];
    assert_eq!(capture["transactionType"], "CAPTURE");

    // With the payment's state, paymentStatus decides; without it, the capture entry does,
    // read as the capture's own result.
    assert_eq!(outcome(last).decided_by(), Some(Field::PaymentStatus));
    let mut without_state = body.clone();
    let fields = without_state.as_object_mut().unwrap();
    fields.remove("paymentStatus");
    fields.remove("paymentResultCode");
    fields.remove("paymentResultMessage");
    let bytes = serde_json::to_vec(&without_state).unwrap();
    let o = Outcome::from_json(Some(Api::InquiryPayment), &bytes).unwrap();
    assert_eq!(
        (o.state(), o.decided_by()),
        (
            State::Succeeded,
            Some(Field::TransactionResult { index: 0 })
        )
    );
}

#[tokio::test(start_paused = true)]
async fn the_flows_timers_are_the_only_timers() {
    // While the platform takes its time (real time, on a socket), the runtime waits on I/O:
    // a paused clock would jump to any timer pending then, such as a request timeout, or the
    // connection pool's idle timer once a connection has been used (hence two payments).
    let start = Instant::now();
    let platform = MockPlatform::start().await.unwrap();
    let (mut client, _) = client(&platform);
    for reference in ["ORDER-1", "ORDER-2"] {
        platform.script(reference, Script::SlowAnswer);
        let ended = client.pay(&order(reference)).await.unwrap();
        assert_eq!(ended.done.state(), State::Succeeded);
    }

    assert_eq!(platform.take_seen().len(), 2);
    assert_eq!(
        Instant::now() - start,
        Duration::ZERO,
        "the clock moved while the client waited for an answer: something set a timer"
    );
}
