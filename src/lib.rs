//! errcat: the payment platform's result codes as a typed catalog, generated at build time
//! from `codes.toml`, and the rules that read a whole response into a payment's state.
//!
//! Every platform response carries `result: {resultStatus, resultCode, resultMessage}`. A
//! caller asks, in this order: is the payment paid; what to do next (a [`RetryPolicy`]); and
//! what to tell the person in front of the screen (a user message, in English or Simplified
//! Chinese).
//!
//! # Is it paid?
//!
//! A call's `result` is not the payment's state: an `inquiryPayment` answers `S` whenever the
//! query worked. With the `json` feature, [`Outcome::from_json`] reads the whole body
//! (`paymentStatus`, a nested `paymentResult`, `transactions[]`, `notifyType`) into a payment
//! [`State`] with one [`Decision`] (next action and message that agree with the state):
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use errcat::{Api, Outcome, State};
//!
//! let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"},
//!                 "paymentStatus":"FAIL","paymentResultCode":"INSUFFICIENT_BALANCE"}"#;
//! let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
//! assert_eq!(outcome.state(), State::Failed); // the query worked; the payment did not
//! assert_eq!(outcome.code(), Some("INSUFFICIENT_BALANCE"));
//! println!("{}", outcome.user_message_in("zh-CN"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`flow::PaymentFlow`] runs one payment to a final answer (resends, polling, cancel,
//! notifications, restarts) without I/O, and [`replay`] runs it over a payment's logged
//! answers. The rules are `docs/decision.md`; `docs/outcome.md` and `docs/flow.md` walk through them.
//!
//! # Classify a code
//!
//! ```
//! use errcat::{classify, RetryPolicy};
//!
//! let c = classify("SYSTEM_BUSY");
//! match c.retry() {
//!     RetryPolicy::Backoff { initial_delay, max_attempts, .. } => {
//!         // Same request, same request id, after a wait of at most `initial_delay`.
//!         assert!(max_attempts > 1 && !initial_delay.is_zero());
//!     }
//!     _ => unreachable!(),
//! }
//! assert_eq!(c.user_message(), "The service is busy right now. Please wait a moment.");
//! ```
//!
//! # Classify a whole result
//!
//! The response's status wins over the code: [`classify_result`] lets the code's row decide
//! only where the status agrees with it, and the result's [`State`], next action and message
//! come from that one row, so they agree (a [`Decision`]; the table is `docs/decision.md`).
//!
//! ```
//! use errcat::{classify_result, RetryPolicy, Status};
//!
//! // An accepted request polls, even if its code says success.
//! assert!(matches!(classify_result(Status::Accepted, "SUCCESS").retry(), RetryPolicy::Poll { .. }));
//! // A code the catalog has never seen still gets an answer from its status.
//! let c = classify_result(Status::Unknown, "NEW_PLATFORM_CODE");
//! assert_eq!(c.code(), None);
//! assert!(matches!(c.retry(), RetryPolicy::Backoff { .. }));
//! // A pay answered F SYSTEM_BUSY: the same request goes again; it has not failed.
//! assert_eq!(classify_result(Status::Failed, "SYSTEM_BUSY").state(), errcat::State::Retry);
//! ```
//!
//! # Match on codes
//!
//! [`Code`] has one variant per entry of `codes.toml`. It is `#[non_exhaustive]`, so a new
//! code never breaks a build; a `match` needs a `_` arm.
//!
//! ```
//! use errcat::Code;
//!
//! fn decline_reason(code: Code) -> &'static str {
//!     match code {
//!         Code::InsufficientBalance => "funds",
//!         Code::RiskReject => "risk",
//!         _ => "other",
//!     }
//! }
//! assert_eq!(decline_reason("RISK_REJECT".parse().unwrap()), "risk");
//! ```
//!
//! # Messages
//!
//! [`Classification::user_message_in`] and [`Code::user_message_in`] take a BCP 47 tag,
//! case-insensitively, `_` for `-`, falling back by dropping subtags. `zh`, `zh-Hans`,
//! `zh-CN` and `zh-SG` get Simplified Chinese; Traditional Chinese (`zh-Hant`, `zh-TW`,
//! `zh-HK`, `zh-MO`) never does. Anything else gets English. A list such as an
//! `Accept-Language` value is read by its first tag.
//!
//! # Debug and Display
//!
//! [`Code`], [`Category`] and [`Status`] print the same string with `{}` and `{:?}`: the one the
//! platform sends or `codes.toml` spells (`INSUFFICIENT_BALANCE`, `rate_limit`, `F`), which is
//! also what their `FromStr` reads back.
//!
//! # Responses and errors
//!
//! With the `serde` feature, [`ResultInfo`] reads the platform's `result` object;
//! [`ResultInfo::into_result`] turns anything but `S` into an [`ApiError`], so `?` works in a
//! call whose own result is all that matters (a token request, a refund query). It cannot say
//! whether a payment is paid: an inquiry whose `result` is `S` is `Ok` although its
//! `paymentStatus` may be `FAIL`, and a `U` or `A` (possibly charged) is an error. For that,
//! read the body into an `Outcome` ("Is it paid?" above).
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use errcat::ResultInfo;
//!
//! let body = r#"{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":"balance too low"}"#;
//! let result: ResultInfo = serde_json::from_str(body).unwrap();
//! let err = result.into_result().unwrap_err();
//! assert_eq!(err.raw_code(), "INSUFFICIENT_BALANCE");
//! println!("log: {err}; show: {}", err.user_message_in("zh-CN"));
//! # }
//! ```
//!
//! # Your own codes
//!
//! A crate can extend this catalog with codes of its own, without a fork: its `codes.toml`
//! says `extends = "errcat"` and adds or amends entries, its build script runs
//! `errcat_codegen::Builder::new().compile("codes.toml")`, and [`include_catalog!`] defines in
//! one of its modules the same `Code`, `Category`, `Classification`, `classify`,
//! `classify_result` and `CATALOG` (a [`Catalog`]) as errcat's, generated by the same generator;
//! every rule is this crate's, over those tables. [`Outcome::from_json_in`] and
//! [`flow::PaymentFlow::with_catalog`] read and run payments with it. See the README's
//! "Your own codes".
//!
//! # Features
//!
//! - `std` (default): enables `alloc`; the crate is `no_std` without it.
//! - `alloc`: [`ResultInfo`] and [`ApiError`].
//! - `serde`: `Serialize` and `Deserialize` for [`Code`], [`Status`], [`State`] and
//!   [`Category`] as their strings, and for [`ResultInfo`]. Deserializing a `Code` fails on a code the
//!   catalog does not know: read platform responses with `ResultInfo`, which keeps any code as
//!   sent (or read a `String` and call [`Code::from_code`]), not into a `Code` field.
//! - `json`: `Outcome::from_json`, the payment outcome of a whole response body,
//!   `errcat::flow::PaymentFlow`, the sans-IO payment flow built on it (which serializes, to
//!   be saved across restarts), and `errcat::replay`, the flow run over a payment's logged
//!   responses (serde_json without its default features); `UserAction` serializes as the
//!   platform names its fields; enables `serde`.
//! - `backon`: `RetryPolicy::backon_builder` and `backon::should_retry`, for the
//!   [backon](https://docs.rs/backon) retry crate (without its default features: no tokio).
//! - `metrics`: every outcome read, unreadable body, flow call and flow end counted through the
//!   [`metrics`](https://docs.rs/metrics) facade (0.24); `tracing`: `debug`, `warn` and `info`
//!   events through [`tracing`](https://docs.rs/tracing) (0.1). Both off by default, both
//!   need `std` and enable `json`; labels and fields come from fixed sets and the catalog,
//!   never from a body. See `telemetry` (present with either feature) and `docs/telemetry.md`.
//! - `runtime-catalog`: `Catalog::from_codegen`, a [`Catalog`] built while the program runs
//!   from a `codes.toml` that `errcat_codegen` validated (for a tool, as the `errcat` command
//!   answers from `--catalog FILE`; its tables are leaked, once per catalog built), and `From`
//!   conversions from `errcat_codegen`'s model to [`Status`], [`RetryPolicy`] and [`State`];
//!   depends on `errcat-codegen`; enables `alloc`.

#![cfg_attr(not(feature = "std"), no_std)]
// The crate docs link the `json` items, which only exist with that feature.
#![cfg_attr(not(feature = "json"), allow(rustdoc::broken_intra_doc_links))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

// The generated catalog names errcat's items as `::errcat::...`, in errcat itself as in a
// crate that extends it: one generated file, whichever crate includes it.
extern crate self as errcat;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
#[cfg(feature = "backon")]
pub mod backon;
mod catalog;
mod codes;
mod decision;
mod escape;
#[cfg(feature = "json")]
pub mod flow;
mod locale;
mod outcome;
mod rejected;
#[cfg(feature = "json")]
pub mod replay;
#[cfg(feature = "alloc")]
mod response;
mod retry;
#[cfg(feature = "runtime-catalog")]
mod runtime_catalog;
#[cfg(feature = "serde")]
mod serde_impls;
mod status;
#[cfg(any(feature = "metrics", feature = "tracing"))]
pub mod telemetry;
#[cfg(all(feature = "json", not(any(feature = "metrics", feature = "tracing"))))]
mod telemetry;

/// The README's Rust example, compiled as a doctest (its shell, JSON and TOML blocks are not
/// Rust; `cli/tests/it/readme.rs` runs its command tour).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The Rust examples of the pages under `docs/` the README links, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
#[doc = include_str!("../docs/outcome.md")]
#[doc = include_str!("../docs/flow.md")]
#[doc = include_str!("../docs/extending.md")]
pub struct DocsDoctests;

pub use catalog::Catalog;
pub use codes::{
    CATALOG, CODES, Category, Classification, Code, ParseCategoryError, ParseCodeError, classify,
    classify_result,
};
pub use decision::{Decision, Source};
pub use escape::Escaped;
pub use outcome::{Api, Field, ParseApiError, State};
#[cfg(feature = "json")]
pub use outcome::{BodyError, MAX_BODY_BYTES, Outcome, UserAction};
#[cfg(feature = "alloc")]
pub use response::{ApiError, ResultInfo};
pub use retry::{Delays, JitteredDelays, RetryPolicy};
pub use status::{ParseStatusError, Status};

/// Includes the Rust source that `errcat_codegen::Builder` wrote to `OUT_DIR` from your
/// `codes.toml`: `Code`, `Category`, `Classification`, `classify`, `classify_result` and
/// `CATALOG` (your [`Catalog`], for `Outcome::from_json_in` and `PaymentFlow::with_catalog`),
/// defined in the module where the macro is invoked (and `CODES` where the Builder was asked
/// for it). The generated code names errcat's own items by
/// absolute path and imports nothing into the module, so your `use errcat::{...}` lines never
/// clash with it (as long as they import none of the names it defines).
///
/// With no argument it includes `errcat_catalog.rs`, the Builder's default file name; give the
/// name set with `Builder::out_file` otherwise: `errcat::include_catalog!("wallet_codes.rs");`.
///
/// ```ignore
/// // build.rs: errcat_codegen::Builder::new().compile("codes.toml");
/// errcat::include_catalog!();
///
/// let c = classify("WALLET_LIMIT_EXCEEDED");
/// assert_eq!(c.code(), Some(Code::WalletLimitExceeded));
/// ```
#[macro_export]
macro_rules! include_catalog {
    () => {
        include!(concat!(
            env!(
                "OUT_DIR",
                "errcat::include_catalog!() includes what a build script generated: add a build.rs \
                 that runs errcat_codegen::Builder::new().compile(\"codes.toml\")"
            ),
            "/errcat_catalog.rs"
        ));
    };
    ($file:literal) => {
        include!(concat!(
            env!(
                "OUT_DIR",
                "errcat::include_catalog!() includes what a build script generated: add a build.rs \
                 that runs errcat_codegen::Builder"
            ),
            "/",
            $file
        ));
    };
}
