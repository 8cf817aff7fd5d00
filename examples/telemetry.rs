//! Exports errcat's telemetry (features `metrics` and `tracing`): installs `metrics-util`'s
//! debugging recorder and a `tracing-subscriber` formatter, reads a few bodies and runs two
//! payment flows, then prints every metric recorded, one label set a line.
//!
//! ```text
//! cargo run --example telemetry
//! ```
//!
//! A service installs its exporter instead of the debugging recorder, e.g.
//! `metrics_exporter_prometheus::PrometheusBuilder::new().install()?`; errcat's metrics are
//! then on its `/metrics` page.

use std::time::Duration;

use errcat::flow::{PaymentFlow, Reply, Step};
use errcat::{Api, Outcome};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};

fn main() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    recorder.install().expect("no other recorder is installed");
    errcat::telemetry::describe();
    // Events to stderr, errcat's debug events included.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(std::io::stderr)
        .init();

    let bodies: [(Api, &[u8]); 4] = [
        (
            Api::Pay,
            br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":"not shown"}}"#,
        ),
        (
            Api::InquiryPayment,
            br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"FAIL","paymentResultCode":"NEW_PLATFORM_CODE\u001b[31m"}"#,
        ),
        (
            Api::Pay,
            br#"{"result":{"resultStatus":"F","resultCode":"NEW_PLATFORM_CODE\u001b[31m"}}"#,
        ),
        (Api::Pay, b"<html>502 Bad Gateway</html>"),
    ];
    for (api, body) in bodies {
        let _ = Outcome::from_json(Some(api), body);
    }

    // A pay that is pending, then paid; a pay that is declined.
    let in_process = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS"}}"#;
    let paid =
        br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"SUCCESS"}"#;
    let declined = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE"}}"#;
    for (seed, answers) in [
        (1, vec![&in_process[..], &paid[..]]),
        (2, vec![&declined[..]]),
    ] {
        let mut flow = PaymentFlow::new(seed);
        let mut step = flow.start();
        let mut now = Duration::ZERO;
        for answer in answers {
            now += Duration::from_millis(1200);
            step = flow.on_reply(now, Reply::Body(answer));
        }
        assert!(matches!(step, Step::Done(_) | Step::AskUser(_)));
    }

    for (key, unit, _, value) in snapshotter.snapshot().into_vec() {
        let key = key.key();
        let labels: Vec<String> = key
            .labels()
            .map(|l| format!("{}=\"{}\"", l.key(), l.value()))
            .collect();
        let value = match value {
            DebugValue::Counter(n) => n.to_string(),
            DebugValue::Gauge(g) => g.to_string(),
            DebugValue::Histogram(v) => format!("{v:?}"),
        };
        let unit = unit
            .map(|u| format!(" ({})", u.as_str()))
            .unwrap_or_default();
        println!("{}{{{}}} {value}{unit}", key.name(), labels.join(","));
    }
}
