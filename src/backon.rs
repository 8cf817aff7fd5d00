//! [backon](https://docs.rs/backon) builders from the catalog's policies (feature `backon`).
//!
//! ```
//! use errcat::{backon::should_retry, Code};
//!
//! // A `Backoff` policy becomes an exponential builder, a `Poll` policy a constant one.
//! let builder = Code::SystemBusy.retry().backon_builder().expect("SYSTEM_BUSY backs off");
//! # let _ = (builder, should_retry);
//! // With a sleeper of your choice (backon's `tokio-sleep` feature, say):
//! // let body = send.retry(builder).when(should_retry).await?;
//! ```
//!
//! One builder is one schedule. A `Backoff` error means "send the same request again"; a
//! `Poll` error means "the operation is still running: query its status" (the inquiry API),
//! not "send it again". So wrap the request itself with a `Backoff` policy's builder and
//! [`should_retry`], and when the answer is a `Poll` result, run the inquiry call under that
//! `Poll` policy's builder until it is final. [`should_retry`] is true for `Backoff` only, so a
//! `Poll` answer ends the request's loop instead of resending it. For a whole payment (backoff,
//! polling, the cancel at the timeout), `errcat::flow::PaymentFlow` (feature
//! `json`) decides every step, and `examples/pay_with_retry.rs` drives it over HTTP.
//!
//! Where backon differs from [`RetryPolicy::delays_with_jitter`]: backon's jitter adds a random
//! amount in `[0, delay)` *on top of* each exponential delay, so its waits lie in
//! `[delay, 2 * delay)`, may exceed `max_delay`, and add up to as much as twice
//! [`RetryPolicy::max_total_wait`]. errcat's own full jitter draws each wait uniformly in
//! `[0, delay]`, which spreads a crowd of clients further and never waits longer than the
//! bound. Use [`RetryPolicy::delays_with_jitter`] with your own loop where that matters.

use core::time::Duration;

use backon::{
    BackoffBuilder, ConstantBackoff, ConstantBuilder, ExponentialBackoff, ExponentialBuilder,
};

use crate::{ApiError, RetryPolicy};

/// A backon builder for a `Backoff` or `Poll` policy; see [`RetryPolicy::backon_builder`].
#[derive(Debug, Clone, Copy)]
pub enum Builder {
    /// For `Backoff`: doubling from `initial_delay` to `max_delay`, `max_attempts - 1` retries,
    /// with backon's jitter.
    Exponential(ExponentialBuilder),
    /// For `Poll`: the interval, as many times as fit in the timeout.
    Constant(ConstantBuilder),
}

/// The delays of a [`Builder`], as backon's `Backoff`.
#[derive(Debug)]
pub enum Backoff {
    /// From [`Builder::Exponential`].
    Exponential(ExponentialBackoff),
    /// From [`Builder::Constant`].
    Constant(ConstantBackoff),
}

impl Iterator for Backoff {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        match self {
            Backoff::Exponential(b) => b.next(),
            Backoff::Constant(b) => b.next(),
        }
    }
}

impl BackoffBuilder for Builder {
    type Backoff = Backoff;

    fn build(self) -> Backoff {
        match self {
            Builder::Exponential(b) => Backoff::Exponential(b.build()),
            Builder::Constant(b) => Backoff::Constant(b.build()),
        }
    }
}

impl RetryPolicy {
    /// A backon builder for this policy: exponential (with backon's jitter) for `Backoff`,
    /// constant for `Poll`; `None` for the policies that do not resend the same request after
    /// a wait. Backon counts retries, not attempts: `max_attempts - 1` of them.
    ///
    /// ```
    /// use errcat::{backon::Builder, Code};
    /// use backon::BackoffBuilder;
    ///
    /// let poll = Code::PaymentInProcess.retry().backon_builder().unwrap();
    /// assert!(matches!(poll, Builder::Constant(_)));
    /// assert_eq!(poll.build().count(), Code::PaymentInProcess.retry().delays().count());
    /// assert!(Code::RiskReject.retry().backon_builder().is_none());
    /// ```
    pub fn backon_builder(&self) -> Option<Builder> {
        let retries = usize::try_from(self.max_attempts().saturating_sub(1)).unwrap_or(usize::MAX);
        match *self {
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                ..
            } => Some(Builder::Exponential(
                ExponentialBuilder::new()
                    .with_min_delay(initial_delay)
                    .with_max_delay(max_delay)
                    .with_factor(2.0)
                    .with_max_times(retries)
                    .with_jitter(),
            )),
            RetryPolicy::Poll { interval, .. } => Some(Builder::Constant(
                ConstantBuilder::new()
                    .with_delay(interval)
                    .with_max_times(retries),
            )),
            _ => None,
        }
    }
}

/// backon's `when` predicate around a request: true only for an error whose policy is
/// `Backoff`, the one policy that means "send the same request again". A `Poll` error is not
/// a resend: the operation is running, so end the loop and query its status with the inquiry
/// API (under the `Poll` policy's own builder, see the [module docs](self)). A token refresh, the
/// user's action or a new request id is the caller's move, never a resend either.
///
/// ```
/// use errcat::{backon::should_retry, ApiError, ResultInfo, Status};
///
/// let busy = ApiError::new(ResultInfo::new(Status::Unknown, "SYSTEM_BUSY", ""));
/// let in_process = ApiError::new(ResultInfo::new(Status::Unknown, "PAYMENT_IN_PROCESS", ""));
/// let declined = ApiError::new(ResultInfo::new(Status::Failed, "INSUFFICIENT_BALANCE", ""));
/// assert!(should_retry(&busy));
/// assert!(!should_retry(&in_process));
/// assert!(!should_retry(&declined));
/// ```
pub fn should_retry(error: &ApiError) -> bool {
    matches!(error.retry(), RetryPolicy::Backoff { .. })
}
