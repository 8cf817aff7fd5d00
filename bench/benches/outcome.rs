//! Reading a typical inquiryPayment body (about 1 KB, shaped as the platform's documentation
//! shows it) into an `Outcome`, against parsing the same body into a `serde_json::Value`, the
//! first step of a hand-written reader, in one criterion run.
//!
//! `cargo bench -p errcat-bench --bench outcome -- --warm-up-time 1 --measurement-time 3`
//!
//! With `--features telemetry` (errcat's `metrics` and `tracing`), `outcome_from_json` is timed
//! with nothing installed (the facade's no-op recorder, no subscriber), to compare with the same
//! benchmark built without the features (criterion's `--save-baseline` and `--baseline`), and
//! `outcome_from_json_recorded` beside it with `metrics-util`'s debugging recorder and a
//! `tracing-subscriber` formatter at `debug` (writing to nowhere) installed. BENCHMARKS.md
//! section 7 has the commands and the figures.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use errcat::{Api, Outcome, State};

use errcat_bench::INQUIRY_BODY as BODY;

fn read(c: &mut Criterion) {
    assert!((900..=1400).contains(&BODY.len()), "{} bytes", BODY.len());
    let outcome = Outcome::from_json(Some(Api::InquiryPayment), BODY.as_bytes()).unwrap();
    assert_eq!(outcome.state(), State::Failed);
    let mut group = c.benchmark_group("inquiry_body");
    group.throughput(Throughput::Bytes(BODY.len() as u64));
    group.bench_function("outcome_from_json", |b| {
        b.iter(|| Outcome::from_json(Some(Api::InquiryPayment), black_box(BODY.as_bytes())))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(BODY.as_bytes())))
    });
    #[cfg(feature = "telemetry")]
    {
        // Installed for this thread, where criterion runs the benchmark.
        let recorder = metrics_util::debugging::DebuggingRecorder::new();
        let _metrics = metrics::set_default_local_recorder(&recorder);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(std::io::sink)
            .finish();
        let _tracing = tracing::subscriber::set_default(subscriber);
        group.bench_function("outcome_from_json_recorded", |b| {
            b.iter(|| Outcome::from_json(Some(Api::InquiryPayment), black_box(BODY.as_bytes())))
        });
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
