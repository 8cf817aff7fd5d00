//! A payment client driven by errcat's payment flow, against a local mock of the platform that
//! answers the way the platform does.
//!
//! ```text
//! cargo run --example pay_with_retry               # simulated time: done in about a second
//! cargo run --example pay_with_retry -- --real-time
//! ```
//!
//! The example starts a mock platform (axum, on 127.0.0.1, a random port) and pays ten orders
//! with a real HTTP client (reqwest). The client (`pay_with_retry/client.rs`) is a thin loop
//! around `errcat::flow::PaymentFlow`: it sends what the flow says, waits what the flow says,
//! and feeds every answer back, and every notification the platform posts while it waits. The
//! platform (`pay_with_retry/mock.rs`) answers `pay` and `cancel` with their own `result`, and
//! `inquiryPayment` with `result` S plus the payment's `paymentStatus`. Each order meets
//! trouble:
//!
//! 1. `SYSTEM_BUSY` twice, then `SUCCESS`: the same request id is resent after backoff waits;
//! 2. `PAYMENT_IN_PROCESS`: inquiries at the poll interval say `PROCESSING`, then `SUCCESS`;
//! 3. an inquiry says `FAIL` with `INSUFFICIENT_BALANCE`: failed, with that code's message;
//! 4. every pay answer is `U`: once the backoff is spent the flow asks the inquiry, which finds
//!    the payment paid (it is never called failed on a `U`);
//! 5. `PENDING` for the whole poll window (60 s), with a `PAYMENT_PENDING` notification that
//!    changes nothing: the flow cancels; the cancel answers `U`, is sent again, then `S`:
//!    failed, nothing charged;
//! 6. `PROCESSING` for the whole window, and the cancel fails: unknown, reconcile;
//! 7. `EXPIRED_ACCESS_TOKEN`: one token refresh, then the same request;
//! 8. `REPEAT_REQ_INCONSISTENT`: the old request id is inquired (`FAIL`), then a new id pays;
//! 9. `PAYMENT_IN_PROCESS`, and the platform settles the payment by itself at 4 s: its
//!    `PAYMENT_RESULT` notification reaches the client while it waits for the next inquiry,
//!    and the flow ends succeeded at once, with no further inquiry;
//! 10. the service restarts mid-payment: after the first inquiry the payment in progress is
//!     saved as JSON, dropped and loaded back (`serde_json::from_str::<PaymentFlow>` inside),
//!     and it ends as scenario 2 does, with the same requests at the same times.
//!
//! After each payment it shows what the platform saw, and the notifications the platform sent
//! (`notifyPayment`, `notifyCapture`), read by errcat. The run fails (exit 1) if a payment does
//! not end as its scenario says.
//!
//! **Time.** By default the example runs on tokio's paused clock (a current-thread runtime
//! built with `start_paused(true)`, as `tests/it/pay_with_retry.rs` does): whenever the
//! client waits and nothing else can run, the clock jumps to the end of the wait, so the
//! flow's waits (backoff, 3 s polls, the 60 s window of scenarios 5 and 6) take no real time.
//! The whole run takes about a second after the build, and every time it prints is simulated
//! (a few minutes in all). With `--real-time` it waits on the real clock, as a service would,
//! and sets a 10 s request timeout; that run takes about three minutes. The paused run sets no
//! request timeout: a timer pending while the client waits on a socket would make the paused
//! clock jump (see `Script::SlowAnswer` in `mock.rs`).

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

use client::{Client, Ended, Order, secs};
use errcat::Outcome;
use mock::{DEMO, MockPlatform, Notification, Scenario, Seen};
use tokio::time::Instant;

const USAGE: &str = "usage: cargo run --example pay_with_retry [-- --real-time]";

fn main() -> ExitCode {
    let mut real_time = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--real-time" => real_time = true,
            "-h" | "--help" => {
                println!(
                    "{USAGE}\n\nPays ten orders against a local mock of the payment platform. By \
                     default on a simulated clock (done in about a second); --real-time waits \
                     on the real clock (about three minutes)."
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unexpected argument '{other}'\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(!real_time)
        .build();
    let outcome = match runtime {
        Ok(runtime) => runtime.block_on(run(real_time)),
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(real_time: bool) -> Result<(), Box<dyn std::error::Error>> {
    let wall = std::time::Instant::now();
    let platform = MockPlatform::start().await?;
    println!("Mock payment platform listening on {}", platform.base_url());
    println!(
        "Every decision below is errcat's payment flow: the client sends what it says and feeds \
         every answer and notification back; errcat's Outcome says what each one means."
    );
    if real_time {
        println!(
            "Clock: real time (--real-time), with a 10 s request timeout: about three minutes."
        );
    } else {
        println!(
            "Clock: simulated (tokio's paused clock): every wait is skipped, and the times shown \
             are simulated. --real-time waits for real."
        );
    }

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
    .with_inbox(platform.inbox());
    if real_time {
        client = client.with_request_timeout(Duration::from_secs(10));
    }

    let started = Instant::now();
    let mut unexpected = Vec::new();
    for (n, scenario) in (1..).zip(DEMO) {
        println!("\n{n}. {}", scenario.title);
        platform.script(scenario.order, scenario.script);
        let scenario_started = Instant::now();
        let ended = pay(&mut client, &scenario).await?;
        let done = &ended.done;
        println!(
            "   The end is about paymentRequestId {} (paymentId {}); it took {}.",
            ended.request_id(),
            ended.payment_id.as_deref().unwrap_or("none"),
            secs(ended.at - scenario_started),
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
        let seen = platform.take_seen();
        print_seen(&seen);
        print_notifications(&platform.take_notifications(), seen.first());
    }
    let clock = if real_time { "" } else { " of simulated time" };
    println!(
        "\nAll {} scenarios done in {}{clock}; the run took {} of real time.",
        DEMO.len(),
        secs(started.elapsed()),
        secs(wall.elapsed()),
    );
    if !unexpected.is_empty() {
        return Err(format!("unexpected ends: {}", unexpected.join("; ")).into());
    }
    Ok(())
}

/// Pays the scenario's order, restarting the service where the scenario says.
async fn pay(client: &mut Client, scenario: &Scenario) -> Result<Ended, client::PayError> {
    let order = Order {
        reference: scenario.order.to_owned(),
        amount: api::Amount {
            currency: "USD".to_owned(),
            value: "1999".to_owned(),
        },
    };
    match scenario.restart_after {
        Some(answers) => client.pay_restarting(&order, answers).await,
        None => client.pay(&order).await,
    }
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

/// The notifications the platform sent during a scenario, with times from its first request,
/// read by errcat without an API name.
fn print_notifications(sent: &[Notification], first: Option<&Seen>) {
    if sent.is_empty() {
        return;
    }
    println!("   Notifications the platform sent:");
    for n in sent {
        let at = first.map_or_else(String::new, |first| secs(n.at - first.at));
        let means = match Outcome::from_json(None, &n.body) {
            Ok(outcome) => format!("read as {}: {}", outcome.api(), describe(&outcome)),
            Err(e) => format!("unreadable: {e}"),
        };
        println!(
            "     +{at:>7}  {:<14}  {:<22}  {means}",
            n.api.as_str(),
            n.request_id
        );
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
