//! Reads the outcome benchmark's body `N` times (the first argument, 10,000 by default), for a
//! count of instructions that load on a shared machine cannot move:
//!
//! ```sh
//! cargo build --release -p errcat-bench --example outcome_loop [--features telemetry]
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/outcome_loop 20000
//! ```
//!
//! The difference between two counts (20,000 and 10,000 reads, say) over the difference in
//! reads is the cost of one read, start-up excluded. With `--features telemetry`, a second
//! argument `recorded` installs `metrics-util`'s debugging recorder and a `tracing-subscriber`
//! formatter at `debug` (writing to nowhere) first; without it nothing is installed.

use std::hint::black_box;

use errcat::{Api, Outcome};

use errcat_bench::INQUIRY_BODY;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(10_000, |a| a.parse().expect("a number of reads"));
    let recorded = args.next().as_deref() == Some("recorded");
    let read = || {
        for _ in 0..n {
            black_box(Outcome::from_json(
                Some(Api::InquiryPayment),
                black_box(INQUIRY_BODY.as_bytes()),
            ))
            .expect("the benchmark's body reads");
        }
    };
    if recorded {
        #[cfg(feature = "telemetry")]
        {
            let recorder = metrics_util::debugging::DebuggingRecorder::new();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_writer(std::io::sink)
                .finish();
            metrics::with_local_recorder(&recorder, || {
                tracing::subscriber::with_default(subscriber, read)
            });
            return;
        }
        #[cfg(not(feature = "telemetry"))]
        panic!("`recorded` needs --features telemetry");
    }
    read();
}
