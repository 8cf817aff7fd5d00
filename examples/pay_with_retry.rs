//! A payment client driven by errcat's payment flow, against a local mock of the platform that
//! answers the way the platform does.
//!
//! ```text
//! cargo run --example pay_with_retry
//! ```
//!
//! The example starts a mock platform (axum, on 127.0.0.1, a random port) and pays eight
//! orders with a real HTTP client (reqwest). The client (`pay_with_retry/client.rs`) is a thin
//! loop around `errcat::flow::PaymentFlow`: it sends what the flow says, waits what the flow
//! says, and feeds every answer back. The platform (`pay_with_retry/mock.rs`) answers `pay` and
//! `cancel` with their own `result`, and `inquiryPayment` with `result` S plus the payment's
//! `paymentStatus`. Each order meets trouble:
//!
//! 1. `SYSTEM_BUSY` twice, then `SUCCESS`: the same request id is resent after backoff waits;
//! 2. `PAYMENT_IN_PROCESS`: inquiries at the poll interval say `PROCESSING`, then `SUCCESS`;
//! 3. an inquiry says `FAIL` with `INSUFFICIENT_BALANCE`: failed, with that code's message;
//! 4. every pay answer is `U`: once the backoff is spent the flow asks the inquiry, which finds
//!    the payment paid (it is never called failed on a `U`);
//! 5. `PENDING` for the whole poll window (60 s): the flow cancels; the cancel answers `U`, is
//!    sent again, then `S`: failed, nothing charged;
//! 6. `PROCESSING` for the whole window, and the cancel fails: unknown, reconcile;
//! 7. `EXPIRED_ACCESS_TOKEN`: one token refresh, then the same request;
//! 8. `REPEAT_REQ_INCONSISTENT`: the old request id is inquired (`FAIL`), then a new id pays.
//!
//! After each payment it shows what the platform saw, and the notifications the platform sent
//! (`notifyPayment`, `notifyCapture`), read by errcat. The run fails (exit 1) if a payment does
//! not end as its scenario says. Polling is real time here: the whole run takes a few minutes
//! (scenarios 5 and 6 wait out the 60 s poll window); `tests/test_pay_with_retry.rs` runs the
//! same client against the same mock under a paused clock, in no time.

// A crate root looks for its modules beside it: these live in `examples/pay_with_retry/`, which
// cargo does not take for examples of their own (it would only with a `main.rs` there).
#[path = "pay_with_retry/api.rs"]
mod api;
#[path = "pay_with_retry/client.rs"]
mod client;
#[path = "pay_with_retry/mock.rs"]
mod mock;

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use client::{Client, Order, secs};
use errcat::Outcome;
use mock::{DEMO, MockPlatform, Notification, Seen};
use tokio::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let platform = MockPlatform::start().await?;
    println!("Mock payment platform listening on {}", platform.base_url());
    println!(
        "Every decision below is errcat's payment flow: the client sends what it says and feeds \
         every answer back; errcat's Outcome says what each answer means."
    );

    // Unique across runs, as request ids must be (a real client would use a UUID).
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut client = Client::new(
        platform.base_url(),
        platform.credentials(),
        format!("demo-{run_id:x}"),
        |line: &str| println!("   {line}"),
    )?
    .with_request_timeout(Duration::from_secs(10));

    let started = Instant::now();
    let mut unexpected = Vec::new();
    for (n, scenario) in (1..).zip(DEMO) {
        println!("\n{n}. {}", scenario.title);
        platform.script(scenario.order, scenario.script);
        let order = Order {
            reference: scenario.order.to_owned(),
            amount: api::Amount {
                currency: "USD".to_owned(),
                value: "1999".to_owned(),
            },
        };
        let scenario_started = Instant::now();
        let ended = client.pay(&order).await?;
        let done = &ended.done;
        println!(
            "   The end is about paymentRequestId {} (paymentId {}); it took {}.",
            ended.request_id(),
            ended.payment_id.as_deref().unwrap_or("none"),
            secs(scenario_started.elapsed()),
        );
        if (done.state(), done.needs_reconcile()) != scenario.expect {
            unexpected.push(format!(
                "{}: ended {} (reconcile: {}), expected {:?}",
                scenario.order,
                done.state(),
                done.needs_reconcile(),
                scenario.expect
            ));
        }
        print_seen(&platform.take_seen());
        print_notifications(&platform.take_notifications());
    }
    println!(
        "\nAll {} scenarios done in {}.",
        DEMO.len(),
        secs(started.elapsed())
    );
    if !unexpected.is_empty() {
        return Err(format!("unexpected ends: {}", unexpected.join("; ")).into());
    }
    Ok(())
}

/// What the platform received during a scenario, with times from its first request, and what
/// each answer means to errcat.
fn print_seen(seen: &[Seen]) {
    let Some(first) = seen.first() else {
        return;
    };
    println!("   What the platform saw:");
    for s in seen {
        let own = s
            .result()
            .map_or_else(|| "-".to_owned(), |r| format!("{} {}", r.status, r.code));
        let means = match s.outcome() {
            _ if s.endpoint.api().is_none() => String::new(),
            Some(Ok(outcome)) => format!("  ({})", describe(&outcome)),
            Some(Err(_)) => "  (not the platform's JSON)".to_owned(),
            None => "  (no answer)".to_owned(),
        };
        println!(
            "     +{:>7}  {:<14}  {:<22}  {:<9}  -> {own}{means}",
            secs(s.at - first.at),
            s.endpoint.name(),
            s.request_id.as_deref().unwrap_or("-"),
            s.token.as_deref().unwrap_or("-"),
        );
    }
}

/// The notifications the platform sent during a scenario, read by errcat without an API name.
fn print_notifications(sent: &[Notification]) {
    if sent.is_empty() {
        return;
    }
    println!("   Notifications the platform sent:");
    for n in sent {
        let means = match Outcome::from_json(None, &n.body) {
            Ok(outcome) => format!("read as {}: {}", outcome.api(), describe(&outcome)),
            Err(e) => format!("unreadable: {e}"),
        };
        println!("     {:<13}  {:<22}  {means}", n.api.as_str(), n.request_id);
    }
}

/// `failed INSUFFICIENT_BALANCE, from paymentStatus`.
fn describe(outcome: &Outcome) -> String {
    let code = outcome.code().map(|c| format!(" {c}")).unwrap_or_default();
    let from = outcome
        .decided_by()
        .map_or_else(|| "nothing".to_owned(), |f| f.to_string());
    format!("{}{code}, from {from}", outcome.state())
}
