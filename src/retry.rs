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
///
/// The enum is `#[non_exhaustive]`: a later release may add a kind (as `AskUser` was added), so
/// a `match` needs a `_` arm. Treat an unknown kind as [`RetryPolicy::Never`]: stop and tell the
/// user; never resend on a guess.
///
/// Under the `serde` feature it serializes as the JSON object the `errcat` command prints:
/// `{"kind": "backoff", "initial_delay_ms": 1000, "max_delay_ms": 16000, "max_attempts": 5}`,
/// `{"kind": "poll", "interval_ms": 3000, "timeout_ms": 60000}`, or `{"kind": "never"}` (likewise
/// `refresh_token`, `reauthorize`, `ask_user`, `new_request`), and reads the same shape back.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
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
    /// The person paying must act (show a fresh QR code, authorize again, choose to pay again):
    /// never send anything on their behalf. An automatic new payment here can charge twice,
    /// because the old one may have completed (a closed order, a timed-out payment).
    AskUser,
    /// Start over with a new request id, by the client alone: the old id is spent (a repeat
    /// whose parameters differ). Only once the old request is known not to be paid: inquire
    /// it first (the payment flow does), since a request under the old id may have succeeded.
    NewRequest,
}

impl RetryPolicy {
    /// Every kind's name, in declaration order: the values [`kind`](Self::kind) returns.
    ///
    /// ```
    /// assert!(errcat::RetryPolicy::KINDS.contains(&"ask_user"));
    /// ```
    pub const KINDS: [&'static str; 7] = [
        "never",
        "backoff",
        "poll",
        "refresh_token",
        "reauthorize",
        "ask_user",
        "new_request",
    ];

    /// The policy's kind as a stable snake_case name: `never`, `backoff`, `poll`,
    /// `refresh_token`, `reauthorize`, `ask_user` or `new_request`.
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
            RetryPolicy::AskUser => "ask_user",
            RetryPolicy::NewRequest => "new_request",
        }
    }

    /// Whether the caller may send the same request again by itself (after a wait, a status
    /// query or a token refresh), without the user and without a new request id. A token
    /// refresh counts here; for "resend after a wait" alone (`Backoff` or `Poll`), which is
    /// what a retry crate can do unaided, see `backon::should_retry` (feature `backon`).
    ///
    /// ```
    /// use errcat::RetryPolicy;
    /// assert!(RetryPolicy::RefreshToken.is_retryable());
    /// assert!(!RetryPolicy::AskUser.is_retryable());
    /// assert!(!RetryPolicy::NewRequest.is_retryable());
    /// ```
    #[inline]
    pub const fn is_retryable(&self) -> bool {
        matches!(
            self,
            RetryPolicy::Backoff { .. } | RetryPolicy::Poll { .. } | RetryPolicy::RefreshToken
        )
    }

    /// How many requests the policy allows for one request id, the first included (for `Poll`,
    /// the status queries count; a `NewRequest` restart starts a new count): `max_attempts` for
    /// `Backoff`; for `Poll`, the first request plus one status query per interval that fits in
    /// the timeout; 2 for `RefreshToken` (the request, then once more with a fresh token); 1
    /// for the rest, which never send the same request again.
    ///
    /// ```
    /// use core::time::Duration;
    /// use errcat::RetryPolicy;
    ///
    /// let poll = RetryPolicy::Poll { interval: Duration::from_secs(3), timeout: Duration::from_secs(60) };
    /// assert_eq!(poll.max_attempts(), 21);
    /// assert_eq!(RetryPolicy::NewRequest.max_attempts(), 1);
    /// ```
    pub const fn max_attempts(&self) -> u32 {
        match *self {
            RetryPolicy::Backoff { max_attempts, .. } => max_attempts,
            RetryPolicy::Poll { interval, timeout } => {
                let polls = poll_count(interval, timeout);
                if polls >= u32::MAX as u64 {
                    u32::MAX
                } else {
                    polls as u32 + 1
                }
            }
            RetryPolicy::RefreshToken => 2,
            RetryPolicy::Never
            | RetryPolicy::Reauthorize
            | RetryPolicy::AskUser
            | RetryPolicy::NewRequest => 1,
        }
    }

    /// The waits before attempts 2 to [`max_attempts`](Self::max_attempts), as upper bounds.
    ///
    /// For `Backoff`, the k-th wait (k from 0) is `min(max_delay, initial_delay * 2^k)`:
    /// `max_attempts - 1` waits. For `Poll`, every wait is the full `interval`, as many as fit in
    /// `timeout` (`timeout / interval`, rounded down), so they never add up to more than the
    /// timeout. Nothing for the other policies (a token refresh is not a wait).
    ///
    /// ```
    /// use core::time::Duration;
    /// use errcat::RetryPolicy;
    ///
    /// let backoff = RetryPolicy::Backoff {
    ///     initial_delay: Duration::from_secs(1),
    ///     max_delay: Duration::from_secs(5),
    ///     max_attempts: 5,
    /// };
    /// let secs: Vec<u64> = backoff.delays().map(|d| d.as_secs()).collect();
    /// assert_eq!(secs, [1, 2, 4, 5]);
    /// ```
    pub fn delays(&self) -> Delays {
        let remaining = match *self {
            RetryPolicy::Backoff { max_attempts, .. } => u64::from(max_attempts.saturating_sub(1)),
            RetryPolicy::Poll { interval, timeout } => poll_count(interval, timeout),
            _ => 0,
        };
        Delays {
            policy: *self,
            next: 0,
            remaining,
        }
    }

    /// "Full jitter" waits: each uniform in `[0, bound]`, the bound being the matching item of
    /// [`delays`](Self::delays) (as in the AWS Architecture Blog's "Exponential Backoff and
    /// Jitter"). Reproducible for a seed; give each client its own seed (say, from its request
    /// id) so that a thousand clients do not retry in lockstep. `Poll` waits are not jittered:
    /// the platform's inquiry guidance is a query every interval.
    ///
    /// ```
    /// use errcat::Code;
    ///
    /// let policy = Code::SystemBusy.retry();
    /// let a: Vec<_> = policy.delays_with_jitter(42).collect();
    /// assert_eq!(a, policy.delays_with_jitter(42).collect::<Vec<_>>());
    /// assert!(a.iter().zip(policy.delays()).all(|(d, bound)| *d <= bound));
    /// ```
    pub fn delays_with_jitter(&self, seed: u64) -> JitteredDelays {
        JitteredDelays {
            delays: self.delays(),
            rng: seed,
        }
    }

    /// The sum of [`delays`](Self::delays): the longest the policy can make a caller wait,
    /// whatever the jitter. Saturates at `Duration::MAX`.
    ///
    /// ```
    /// use errcat::Code;
    ///
    /// let poll = Code::PaymentInProcess.retry();
    /// assert!(poll.max_total_wait() <= core::time::Duration::from_secs(60));
    /// ```
    pub fn max_total_wait(&self) -> Duration {
        match *self {
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                max_attempts,
            } => {
                let waits = u64::from(max_attempts.saturating_sub(1));
                let (initial, max) = (initial_delay.as_nanos(), max_delay.as_nanos());
                // Doubling until the cap, then the cap for every remaining wait. A zero initial
                // delay never doubles: every wait is zero (and the loop must not count them).
                let mut total: u128 = 0;
                let mut bound = initial;
                let mut k = 0;
                while k < waits && bound < max && bound != 0 {
                    total = total.saturating_add(bound);
                    bound = bound.saturating_mul(2);
                    k += 1;
                }
                total = total.saturating_add(u128::from(waits - k).saturating_mul(max.min(bound)));
                duration_from_nanos(total)
            }
            RetryPolicy::Poll { interval, timeout } => duration_from_nanos(
                u128::from(poll_count(interval, timeout)).saturating_mul(interval.as_nanos()),
            ),
            _ => Duration::ZERO,
        }
    }
}

/// How many whole intervals fit in the timeout (0 for a zero interval: no polling at all).
const fn poll_count(interval: Duration, timeout: Duration) -> u64 {
    let interval = interval.as_nanos();
    if interval == 0 {
        return 0;
    }
    let n = timeout.as_nanos() / interval;
    if n > u64::MAX as u128 {
        u64::MAX
    } else {
        n as u64
    }
}

fn duration_from_nanos(nanos: u128) -> Duration {
    const NANOS_PER_SEC: u128 = 1_000_000_000;
    let secs = nanos / NANOS_PER_SEC;
    if secs > u128::from(u64::MAX) {
        Duration::MAX
    } else {
        Duration::new(secs as u64, (nanos % NANOS_PER_SEC) as u32)
    }
}

/// The waits of a policy, as upper bounds: see [`RetryPolicy::delays`].
#[derive(Clone, Debug)]
pub struct Delays {
    policy: RetryPolicy,
    next: u32,
    remaining: u64,
}

impl Iterator for Delays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        match self.policy {
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                ..
            } => {
                let k = self.next;
                self.next = self.next.saturating_add(1);
                let factor = 1u128.checked_shl(k).unwrap_or(u128::MAX);
                let bound = initial_delay.as_nanos().saturating_mul(factor);
                Some(duration_from_nanos(bound.min(max_delay.as_nanos())))
            }
            RetryPolicy::Poll { interval, .. } => Some(interval),
            _ => None,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.remaining).unwrap_or(usize::MAX);
        (n, usize::try_from(self.remaining).ok())
    }
}

impl core::iter::FusedIterator for Delays {}

/// "Full jitter" waits: see [`RetryPolicy::delays_with_jitter`].
#[derive(Clone, Debug)]
pub struct JitteredDelays {
    delays: Delays,
    rng: u64,
}

impl JitteredDelays {
    /// splitmix64: small, fast, and good enough to spread retries; not for cryptography.
    fn next_u64(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Iterator for JitteredDelays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let bound = self.delays.next()?;
        if !matches!(self.delays.policy, RetryPolicy::Backoff { .. }) {
            return Some(bound);
        }
        // Uniform in [0, bound]: floor(span * draw / 2^64) over span = bound + 1 nanosecond
        // values, split in two so that no product overflows.
        let span = bound.as_nanos().saturating_add(1);
        let draw = u128::from(self.next_u64());
        let (high, low) = (span >> 64, span & u128::from(u64::MAX));
        let nanos = high * draw + ((low * draw) >> 64);
        Some(duration_from_nanos(nanos.min(bound.as_nanos())))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.delays.size_hint()
    }
}

impl core::iter::FusedIterator for JitteredDelays {}
