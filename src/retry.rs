//! What to do after a result: the retry policies of the catalog.

use core::time::Duration;

/// What a caller should do next with a request that did not succeed.
///
/// Every catalogued code and every status fallback names one policy in `codes.toml`; the
/// parameters below come from there.
///
/// ```
/// use errcat::{Code, RetryPolicy};
///
/// match Code::SystemBusy.retry() {
///     RetryPolicy::Backoff { max_attempts, .. } => assert!(max_attempts > 1),
///     other => panic!("SYSTEM_BUSY should back off, not {other:?}"),
/// }
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum RetryPolicy {
    /// Stop: the result is final. Show the user message.
    Never,
    /// Send the same request again (same request id, so the platform treats it as the same
    /// request) after waiting, with exponential backoff and jitter.
    Backoff {
        /// Upper bound of the first wait.
        initial_delay: Duration,
        /// Upper bound of every wait: the bound doubles from `initial_delay` up to this.
        max_delay: Duration,
        /// How many requests at most, the first included.
        max_attempts: u32,
    },
    /// The operation is still running: query its status (the platform's inquiry API) every
    /// `interval` until the result is final or `timeout` has passed.
    ///
    /// The shipped catalog follows the platform's published inquiry guidance: a query every
    /// 3 s for 60 s. If the result is still not final then, the merchant cancels the payment,
    /// and treats it as failed only once the cancellation succeeds.
    Poll {
        /// Time between two status queries.
        interval: Duration,
        /// When to stop polling (and cancel).
        timeout: Duration,
    },
    /// The access token is invalid or expired: refresh it, then send the request again.
    RefreshToken,
    /// The user must authorize the app again; retrying without them cannot help.
    Reauthorize,
    /// Start over with a new request id: the old one is spent (closed order, timed-out
    /// payment, or a repeat whose parameters differ).
    NewRequest,
}

impl RetryPolicy {
    /// The policy's kind as a stable snake_case name: `never`, `backoff`, `poll`,
    /// `refresh_token`, `reauthorize` or `new_request`.
    ///
    /// ```
    /// assert_eq!(errcat::RetryPolicy::NewRequest.kind(), "new_request");
    /// ```
    #[inline]
    pub const fn kind(&self) -> &'static str {
        match self {
            RetryPolicy::Never => "never",
            RetryPolicy::Backoff { .. } => "backoff",
            RetryPolicy::Poll { .. } => "poll",
            RetryPolicy::RefreshToken => "refresh_token",
            RetryPolicy::Reauthorize => "reauthorize",
            RetryPolicy::NewRequest => "new_request",
        }
    }

    /// Whether the caller may send the same request again by itself (after a wait, a status
    /// query or a token refresh), without the user and without a new request id.
    ///
    /// ```
    /// use errcat::RetryPolicy;
    /// assert!(RetryPolicy::RefreshToken.is_retryable());
    /// assert!(!RetryPolicy::NewRequest.is_retryable());
    /// ```
    #[inline]
    pub const fn is_retryable(&self) -> bool {
        matches!(
            self,
            RetryPolicy::Backoff { .. } | RetryPolicy::Poll { .. } | RetryPolicy::RefreshToken
        )
    }
}
