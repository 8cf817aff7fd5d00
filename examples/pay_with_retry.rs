//! A payment client that retries the way errcat's catalog says, against a local mock of the
//! platform.
//!
//! ```text
//! cargo run --example pay_with_retry
//! ```
//!
//! The example starts a mock platform (axum, on 127.0.0.1, a random port) and pays four orders
//! with a real HTTP client (reqwest). The platform answers each with trouble:
//!
//! 1. `SYSTEM_BUSY` twice, then `SUCCESS`: the client backs off and resends the same request,
//!    with the same `paymentRequestId`, after waits drawn from the policy's full-jitter schedule;
//! 2. `PAYMENT_IN_PROCESS`: the client asks for the payment's state at the policy's interval
//!    until it is final (had the policy's timeout passed first, it would have cancelled it);
//! 3. `EXPIRED_ACCESS_TOKEN`: the client refreshes the token once, then resends the request;
//! 4. `REPEAT_REQ_INCONSISTENT`: the client starts over with a new `paymentRequestId`.
//!
//! The client (`pay_with_retry/client.rs`) never compares a result code: it reads the
//! platform's `result` as an `errcat::ResultInfo`, and the `RetryPolicy` of
//! `into_result()`'s error decides every step. `tests/test_pay_with_retry.rs` runs the same
//! client against the same mock under a paused clock, and checks what the platform saw.

// A crate root looks for its modules beside it: these live in `examples/pay_with_retry/`, which
// cargo does not take for examples of their own (it would only with a `main.rs` there).
#[path = "pay_with_retry/api.rs"]
mod api;
#[path = "pay_with_retry/client.rs"]
mod client;
#[path = "pay_with_retry/mock.rs"]
mod mock;

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use client::{Client, Order, secs};
use mock::{DEMO, MockPlatform, Seen};
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
        "Every decision below comes from errcat: the platform's `result` is read as a \
         ResultInfo, and its retry policy (from codes.toml) says what to do next."
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
    )?;

    let started = Instant::now();
    let mut failures = 0;
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
        match client.pay(&order).await {
            Ok(paid) => println!(
                "   => Paid: paymentRequestId {}, paymentId {}, in {}. Tell the shopper: \"{}\"",
                paid.request_id,
                paid.payment_id.as_deref().unwrap_or("(none)"),
                secs(scenario_started.elapsed()),
                paid.result.classify().user_message()
            ),
            Err(e) => {
                failures += 1;
                println!("   => Not paid: {e}");
                if let Some(error) = e.api_error() {
                    println!("      Tell the shopper: \"{}\"", error.user_message());
                }
            }
        }
        print_seen(&platform.take_seen());
    }
    println!(
        "\nAll {} scenarios done in {}.",
        DEMO.len(),
        secs(started.elapsed())
    );
    if failures > 0 {
        return Err(format!("{failures} of the scenarios did not end in a payment").into());
    }
    Ok(())
}

/// What the platform received during a scenario, with times from its first request.
fn print_seen(seen: &[Seen]) {
    let Some(first) = seen.first() else {
        return;
    };
    println!("   What the platform saw:");
    for s in seen {
        let answer = s.answer.as_ref().map_or_else(
            || "(not JSON)".to_owned(),
            |r| format!("{} {}", r.status, r.code),
        );
        println!(
            "     +{:>7}  {:<14}  {:<22}  {:<10}  -> {answer}",
            secs(s.at - first.at),
            s.endpoint.name(),
            s.request_id.as_deref().unwrap_or("-"),
            s.token.as_deref().unwrap_or("-"),
        );
    }
}
