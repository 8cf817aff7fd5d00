//! What errcat tells a service about the payments it reads (features `metrics` and `tracing`,
//! both off by default): counters and a histogram through the [`metrics`](https://docs.rs/metrics)
//! facade, events through [`tracing`](https://docs.rs/tracing). errcat installs nothing: the service installs the recorder it exports
//! with (Prometheus, OpenTelemetry, ...) and the subscriber it logs with, and until it does,
//! the facade's no-op recorder and tracing's no-op dispatcher make every hook cheap.
//!
//! Every label and every event field comes from a fixed set or from the catalog, never from
//! the body as sent: however many distinct codes the platform sends, the number of label sets
//! stays bounded by the catalog's size. No label or field carries a body, a `resultMessage`,
//! a payment or request id, an amount, a user id or a token. The one value from outside is
//! the `code` of the `warn` event for a code the catalog lacks, escaped as
//! [`Escaped`](crate::Escaped) escapes it.
//!
//! # Metrics (feature `metrics`)
//!
//! | metric | kind | labels |
//! |---|---|---|
//! | `errcat_outcomes_total` | counter | `api`, `status`, `state`, `code` |
//! | `errcat_uncatalogued_total` | counter | `api`, `status` |
//! | `errcat_body_errors_total` | counter | `api` |
//! | `errcat_flow_calls_total` | counter | `call` |
//! | `errcat_flows_total` | counter | `end`, `reconcile` |
//! | `errcat_flow_seconds` | histogram | `end` |
//!
//! - `api`: the API the body was read as, as the platform spells it (`pay`, `inquiryPayment`,
//!   ... as [`Api::as_str`]); for a body that could not be read without an API named, `none`.
//! - `status`: `S`, `F`, `U` or `A`, the status the outcome's decision is about (the deciding
//!   field's, or an inquiry's own failed call's); `none` where no field decided.
//! - `state`: `succeeded`, `failed`, `pending`, `retry`, `unknown` ([`State::as_str`]).
//! - `code`: the code that explains the outcome (the deciding field's, or an inquiry's own
//!   failed call's) as the catalog spells it (an alias as its code), [`OTHER`] (`_OTHER`) for
//!   one the catalog lacks, or [`NONE`] (`none`) where there is none (a success, an unknown
//!   state, an empty code). A crate that reads with its own catalog (`Outcome::from_json_in`,
//!   `PaymentFlow::with_catalog`) gets its own codes as labels.
//! - `call`: `pay`, `inquiry`, `cancel`: each call a flow asks for (a resend after a token
//!   refresh included; the first `pay` when the flow is made).
//! - `end`: `succeeded`, `failed`, `unknown`, `ask_user`; `reconcile`: `true`, `false`
//!   (`Done::needs_reconcile`).
//!
//! `errcat_outcomes_total` counts every body read into an outcome, by `Outcome::from_json`,
//! `from_json_in` and every reading a flow makes; `errcat_uncatalogued_total` those whose code
//! is `_OTHER`; `errcat_body_errors_total` every body that could not be read.
//! `errcat_flow_seconds` is the time from a flow's start to its end on the caller's clock
//! (the `now` it fed last). A flow's end is counted once, when it first ends: not again for
//! what it is fed after, for a `Conflict` that makes the end unknown, or when a flow saved
//! after its end is loaded.
//! `describe()` gives the recorder each metric's description and unit.
//!
//! # Events (feature `tracing`)
//!
//! All under the target `errcat` (`TARGET`):
//!
//! - `debug` "outcome read", for each outcome read: `api`, `status`, `state`, `code` as in the
//!   metric, and `field`, the field that decided (`paymentStatus`,
//!   `transactions[0].transactionResult`, ... or `none`);
//! - `debug` "body not read", for each body that could not be read: `api` (the error itself
//!   is returned to the caller, not logged: it may quote the body);
//! - `warn` "code not in the catalog", the first time the process sees each code the catalog
//!   lacks: `api`, `status`, `code` as sent but escaped (its first 256 bytes), `code_len` (its
//!   length in bytes), `remembered` and `past_limit`. At most `REMEMBERED_CODES` (1,000) codes are
//!   remembered (by a 64-bit hash, in memory allocated once); past that, a code not remembered
//!   warns each time it is seen, with `remembered = false` and `past_limit` the number of such
//!   warnings so far, and memory does not grow;
//! - `info` "payment flow ended", at each flow's end: `end`, `reconcile` and `code` as in the
//!   metrics, `seconds` (its duration) and `pay`, `inquiry`, `cancel` (how many of each call it
//!   asked for).
//!
//! # Export
//!
//! ```
//! # #[cfg(all(feature = "metrics", feature = "tracing"))] {
//! use errcat::{Api, Outcome};
//!
//! // In a service: `metrics_exporter_prometheus::PrometheusBuilder::new().install()`, say, and
//! // `tracing_subscriber::fmt().init()`. Here, the facade's own no-op recorder: nothing is
//! // installed, and reading costs what it did.
//! errcat::telemetry::describe();
//! let body = br#"{"result":{"resultStatus":"F","resultCode":"NOT_IN_ANY_CATALOG"}}"#;
//! let outcome = Outcome::from_json(Some(Api::Pay), body)?;
//! assert_eq!(outcome.code(), Some("NOT_IN_ANY_CATALOG")); // counted with code="_OTHER"
//! # }
//! # Ok::<(), errcat::BodyError>(())
//! ```
//!
//! `examples/telemetry.rs` installs `metrics-util`'s debugging recorder and a
//! `tracing-subscriber` formatter, runs a few bodies and flows, and prints what was recorded;
//! `docs/telemetry.md` has the details.

// Without either feature this module only keeps the flow's counts and every hook is empty;
// with one of them, some arguments are the other's.
#![cfg_attr(
    not(all(feature = "metrics", feature = "tracing")),
    allow(unused_variables)
)]

use core::time::Duration;

use crate::flow::{Call, Step};
use crate::{Api, Decision, Field, State, Status};

/// The `code` label of a code the catalog lacks.
#[cfg(any(feature = "metrics", feature = "tracing"))]
pub const OTHER: &str = "_OTHER";

/// The value of a label (or event field) that has none: no status or code, no API named.
#[cfg(any(feature = "metrics", feature = "tracing"))]
pub const NONE: &str = "none";

/// `errcat_outcomes_total`: every body read into an outcome.
#[cfg(feature = "metrics")]
pub const OUTCOMES_TOTAL: &str = "errcat_outcomes_total";
/// `errcat_uncatalogued_total`: every body read whose code the catalog lacks.
#[cfg(feature = "metrics")]
pub const UNCATALOGUED_TOTAL: &str = "errcat_uncatalogued_total";
/// `errcat_body_errors_total`: every body that could not be read.
#[cfg(feature = "metrics")]
pub const BODY_ERRORS_TOTAL: &str = "errcat_body_errors_total";
/// `errcat_flow_calls_total`: every call a flow asks for.
#[cfg(feature = "metrics")]
pub const FLOW_CALLS_TOTAL: &str = "errcat_flow_calls_total";
/// `errcat_flows_total`: every flow's end.
#[cfg(feature = "metrics")]
pub const FLOWS_TOTAL: &str = "errcat_flows_total";
/// `errcat_flow_seconds`: the time from a flow's start to its end, in seconds.
#[cfg(feature = "metrics")]
pub const FLOW_SECONDS: &str = "errcat_flow_seconds";

/// The target of every event errcat emits.
#[cfg(feature = "tracing")]
pub const TARGET: &str = "errcat";

/// How many distinct codes the catalog lacks are remembered, so that each warns once.
#[cfg(feature = "tracing")]
pub const REMEMBERED_CODES: usize = 1_000;

/// Gives the installed recorder each metric's description (and `errcat_flow_seconds` its
/// unit), for the `# HELP` lines of an exporter. Call it once, after installing the recorder;
/// the metrics are recorded whether or not it was called.
///
/// ```
/// errcat::telemetry::describe();
/// ```
#[cfg(feature = "metrics")]
pub fn describe() {
    metrics::describe_counter!(
        OUTCOMES_TOTAL,
        "Response bodies errcat read into a payment outcome, by API, status, state and the \
         catalogued code that explains it (_OTHER: a code the catalog lacks)."
    );
    metrics::describe_counter!(
        UNCATALOGUED_TOTAL,
        "Response bodies whose code the catalog lacks, by API and status."
    );
    metrics::describe_counter!(
        BODY_ERRORS_TOTAL,
        "Response bodies errcat could not read, by API."
    );
    metrics::describe_counter!(
        FLOW_CALLS_TOTAL,
        "Calls the payment flows asked for: pay, inquiry, cancel."
    );
    metrics::describe_counter!(
        FLOWS_TOTAL,
        "Payment flows that ended, by end and whether a person must reconcile it."
    );
    metrics::describe_histogram!(
        FLOW_SECONDS,
        metrics::Unit::Seconds,
        "Time from a payment flow's start to its end, on the caller's clock."
    );
}

/// The `code` label: the catalog's spelling, `_OTHER` or `none`.
#[cfg(any(feature = "metrics", feature = "tracing"))]
#[inline]
fn code_label(code: &str, catalogued: Option<&'static str>) -> &'static str {
    match catalogued {
        Some(code) => code,
        None if code.is_empty() => NONE,
        None => OTHER,
    }
}

/// A body read into an outcome: `status` is `None` where no field decided; `code` is the
/// code the decision is about, as sent (empty: none); `decision` knows its catalogued code.
#[inline]
pub(crate) fn outcome(
    api: Api,
    status: Option<Status>,
    state: State,
    code: &str,
    decision: &Decision,
    field: Option<Field>,
) {
    #[cfg(any(feature = "metrics", feature = "tracing"))]
    {
        let api = api.as_str();
        let status = status.map_or(NONE, Status::as_str);
        let state = state.as_str();
        let catalogued = decision.code();
        let uncatalogued = catalogued.is_none() && !code.is_empty();
        let code_label = code_label(code, catalogued);
        #[cfg(feature = "metrics")]
        {
            metrics::counter!(
                OUTCOMES_TOTAL,
                "api" => api,
                "status" => status,
                "state" => state,
                "code" => code_label,
            )
            .increment(1);
            if uncatalogued {
                metrics::counter!(UNCATALOGUED_TOTAL, "api" => api, "status" => status)
                    .increment(1);
            }
        }
        #[cfg(feature = "tracing")]
        {
            tracing::debug!(
                target: TARGET,
                api,
                status,
                state,
                code = code_label,
                field = %FieldLabel(field),
                "outcome read"
            );
            if uncatalogued {
                uncatalogued_code(api, status, code);
            }
        }
    }
}

/// A body that could not be read, as the answer of `api` where one was named.
#[inline]
pub(crate) fn body_error(api: Option<Api>) {
    #[cfg(any(feature = "metrics", feature = "tracing"))]
    {
        let api = api.map_or(NONE, Api::as_str);
        #[cfg(feature = "metrics")]
        metrics::counter!(BODY_ERRORS_TOTAL, "api" => api).increment(1);
        #[cfg(feature = "tracing")]
        tracing::debug!(target: TARGET, api, "body not read");
    }
}

/// A flow asks for `call`: counted in the flow's own `calls` (indexed by `Call as usize`;
/// plain integers, kept whatever the features) and in `errcat_flow_calls_total`.
#[inline]
pub(crate) fn flow_call(calls: &mut [u32; 3], call: Call) {
    let n = &mut calls[call as usize];
    *n = n.saturating_add(1);
    #[cfg(feature = "metrics")]
    match call {
        Call::Pay => metrics::counter!("errcat_flow_calls_total", "call" => "pay").increment(1),
        Call::Inquiry => {
            metrics::counter!("errcat_flow_calls_total", "call" => "inquiry").increment(1)
        }
        Call::Cancel => {
            metrics::counter!("errcat_flow_calls_total", "call" => "cancel").increment(1)
        }
    }
}

/// A flow ends with `step` (a `Step::Done` or `Step::AskUser`; anything else is ignored) at
/// `now` on the caller's clock, having asked for `calls`. Called once per flow: where the
/// flow records its end.
#[inline]
pub(crate) fn flow_end(step: &Step, now: Duration, calls: [u32; 3]) {
    #[cfg(any(feature = "metrics", feature = "tracing"))]
    {
        let (end, done) = match step {
            Step::AskUser(done) => ("ask_user", done),
            Step::Done(done) => (done.state().as_str(), done),
            Step::Send { .. } | Step::RefreshToken { .. } => return,
        };
        let reconcile = done.needs_reconcile();
        let seconds = now.as_secs_f64();
        #[cfg(feature = "metrics")]
        {
            let reconcile = if reconcile { "true" } else { "false" };
            metrics::counter!(FLOWS_TOTAL, "end" => end, "reconcile" => reconcile).increment(1);
            metrics::histogram!(FLOW_SECONDS, "end" => end).record(seconds);
        }
        #[cfg(feature = "tracing")]
        tracing::info!(
            target: TARGET,
            end,
            reconcile,
            code = code_label(done.code().unwrap_or(""), done.decision().code()),
            seconds,
            pay = calls[Call::Pay as usize],
            inquiry = calls[Call::Inquiry as usize],
            cancel = calls[Call::Cancel as usize],
            "payment flow ended"
        );
    }
}

/// The deciding field as an event shows it: its name, or `none`.
#[cfg(feature = "tracing")]
struct FieldLabel(Option<Field>);

#[cfg(feature = "tracing")]
impl core::fmt::Display for FieldLabel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(field) => field.fmt(f),
            None => f.write_str(NONE),
        }
    }
}

/// How much of a code the `warn` event shows, in bytes (cut at a character boundary).
#[cfg(feature = "tracing")]
const SHOWN: usize = 256;

/// A code the catalog lacks: a `warn` the first time it is seen, where a subscriber wants it.
#[cfg(feature = "tracing")]
#[cold]
fn uncatalogued_code(api: &'static str, status: &'static str, code: &str) {
    if !tracing::enabled!(target: TARGET, tracing::Level::WARN) {
        return;
    }
    let Some((remembered, past_limit)) = seen::sight(code) else {
        return;
    };
    let mut end = code.len().min(SHOWN);
    while !code.is_char_boundary(end) {
        end -= 1;
    }
    // A string, not a display value: a formatter quotes it, so that a code cannot pass for
    // other fields of the line.
    let shown = crate::Escaped(&code[..end]).to_string();
    tracing::warn!(
        target: TARGET,
        api,
        status,
        code = shown.as_str(),
        code_len = code.len(),
        remembered,
        past_limit,
        "code not in the catalog"
    );
}

/// The codes the catalog lacks that the process has seen: at most `REMEMBERED_CODES`, by a
/// 64-bit hash, in a set allocated once.
#[cfg(feature = "tracing")]
pub(crate) mod seen {
    use std::collections::HashSet;
    use std::hash::{BuildHasher, RandomState};
    use std::sync::{Mutex, PoisonError};

    use super::REMEMBERED_CODES;

    struct Seen {
        hasher: RandomState,
        codes: HashSet<u64>,
        /// Warnings for codes that could not be remembered any more.
        past_limit: u64,
    }

    static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

    /// `None` if `code` was seen before; else whether it is remembered now, and how many
    /// warnings have come past the limit (this one included).
    pub(crate) fn sight(code: &str) -> Option<(bool, u64)> {
        let mut guard = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
        let seen = guard.get_or_insert_with(|| Seen {
            hasher: RandomState::new(),
            codes: HashSet::with_capacity(REMEMBERED_CODES),
            past_limit: 0,
        });
        let hash = seen.hasher.hash_one(code);
        if seen.codes.contains(&hash) {
            None
        } else if seen.codes.len() < REMEMBERED_CODES {
            seen.codes.insert(hash);
            Some((true, seen.past_limit))
        } else {
            seen.past_limit += 1;
            Some((false, seen.past_limit))
        }
    }

    /// How many codes are remembered, and the set's capacity.
    pub(crate) fn remembered() -> (usize, usize) {
        let guard = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
        guard
            .as_ref()
            .map_or((0, 0), |seen| (seen.codes.len(), seen.codes.capacity()))
    }
}
