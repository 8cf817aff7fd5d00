//! `classify` and `classify_result`: from a result to a decision.

use core::fmt;

use crate::catalog::{ENTRIES, Entry, english, fallback};
use crate::{Category, Code, RetryPolicy, Status};

/// The decision for one result: what to do next and what to tell the user.
///
/// `Copy`, three bytes, no lifetime, nothing allocated: it holds the code, the status and
/// which entry decided, and its accessors read the static catalog. For an
/// uncatalogued code, [`code`](Self::code) is `None` (the raw string is kept by
/// [`ResultInfo`](crate::ResultInfo) and [`ApiError`](crate::ApiError), not here).
///
/// ```
/// use errcat::{classify, Code, RetryPolicy};
///
/// let c = classify("INSUFFICIENT_BALANCE");
/// assert_eq!(c.code(), Some(Code::InsufficientBalance));
/// assert_eq!(c.retry(), RetryPolicy::Never);
/// println!("{}", c.user_message_in("zh-CN"));
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct Classification {
    code: Option<Code>,
    status: Status,
    /// Whether the code's own entry decides the policy and messages (never for `code: None`);
    /// otherwise the status's fallback does. Three bytes in all, returned in a register: the
    /// entries are found again from `code` and `status` when asked for.
    by_code: bool,
}

impl Classification {
    /// Retry policy and messages: whichever row decided, the code's entry or the status's
    /// fallback.
    #[inline]
    fn decision(&self) -> (RetryPolicy, &'static [(&'static str, &'static str)]) {
        match self.code {
            Some(c) if self.by_code => (c.entry().retry, c.entry().messages),
            _ => {
                let f = fallback(self.status);
                (f.retry, f.messages)
            }
        }
    }

    /// The catalogued code, or `None` for a code the catalog does not know.
    ///
    /// ```
    /// assert_eq!(errcat::classify("NOT_A_CODE").code(), None);
    /// ```
    #[inline]
    pub fn code(&self) -> Option<Code> {
        self.code
    }

    /// The status: the response's own for [`classify_result`], the code's for [`classify`]
    /// (`F` for an uncatalogued code).
    ///
    /// ```
    /// use errcat::{classify_result, Status};
    /// assert_eq!(classify_result(Status::Unknown, "INSUFFICIENT_BALANCE").status(), Status::Unknown);
    /// ```
    #[inline]
    pub fn status(&self) -> Status {
        self.status
    }

    /// The code's category, `None` for an uncatalogued code.
    ///
    /// ```
    /// assert_eq!(errcat::classify("SYSTEM_BUSY").category(), Some(errcat::Category::RateLimit));
    /// ```
    #[inline]
    pub fn category(&self) -> Option<Category> {
        self.code.map(Code::category)
    }

    /// What to do next.
    ///
    /// ```
    /// use errcat::{classify, RetryPolicy};
    /// assert!(matches!(classify("PAYMENT_IN_PROCESS").retry(), RetryPolicy::Poll { .. }));
    /// ```
    #[inline]
    pub fn retry(&self) -> RetryPolicy {
        self.decision().0
    }

    /// The English message for the end user, from the catalog (never from server text).
    ///
    /// ```
    /// assert!(!errcat::classify("RISK_REJECT").user_message().is_empty());
    /// ```
    #[inline]
    pub fn user_message(&self) -> &'static str {
        english(self.decision().1)
    }

    /// The message for the end user in `locale`; see [`Code::user_message_in`] for how tags
    /// are matched.
    ///
    /// ```
    /// let c = errcat::classify("RISK_REJECT");
    /// assert_ne!(c.user_message_in("zh-CN"), c.user_message());
    /// ```
    #[inline]
    pub fn user_message_in(&self, locale: &str) -> &'static str {
        crate::locale::pick(self.decision().1, locale)
    }

    /// Every message of the deciding entry as `(locale, text)` pairs, English first.
    ///
    /// ```
    /// let c = errcat::classify("NOT_A_CODE");
    /// assert_eq!(c.messages()[0], ("en", c.user_message()));
    /// ```
    #[inline]
    pub fn messages(&self) -> &'static [(&'static str, &'static str)] {
        self.decision().1
    }

    /// The code's description, or the status's for an uncatalogued code.
    ///
    /// ```
    /// assert_eq!(errcat::classify("RISK_REJECT").description(), "Rejected by risk system");
    /// ```
    #[inline]
    pub fn description(&self) -> &'static str {
        match self.code {
            Some(c) => c.description(),
            None => fallback(self.status).description,
        }
    }

    /// The code's resolution, or the status's for an uncatalogued code.
    ///
    /// ```
    /// assert_eq!(errcat::classify("RISK_REJECT").resolution(), "Contact support");
    /// ```
    #[inline]
    pub fn resolution(&self) -> &'static str {
        match self.code {
            Some(c) => c.resolution(),
            None => fallback(self.status).resolution,
        }
    }

    /// Whether the code's own entry decided the policy and message (`false` where the
    /// response's status overrode it, or the code is uncatalogued).
    ///
    /// ```
    /// use errcat::{classify_result, Status};
    /// assert!(classify_result(Status::Failed, "RISK_REJECT").decided_by_code());
    /// assert!(!classify_result(Status::Unknown, "RISK_REJECT").decided_by_code());
    /// ```
    #[inline]
    pub fn decided_by_code(&self) -> bool {
        self.by_code
    }
}

impl fmt::Debug for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Classification")
            .field("code", &self.code)
            .field("status", &self.status)
            .field("category", &self.category())
            .field("retry", &self.retry())
            .field("decided_by_code", &self.decided_by_code())
            .finish()
    }
}

/// Classifies a code on its own: a catalogued code gets its entry; any other string (empty,
/// lowercase, huge, not ASCII) gets the `F` fallback, which never retries. Never panics, never
/// allocates.
///
/// ```
/// use errcat::{classify, RetryPolicy, Status};
///
/// let known = classify("SYSTEM_BUSY");
/// assert!(matches!(known.retry(), RetryPolicy::Backoff { .. }));
///
/// let unknown = classify("something else");
/// assert_eq!((unknown.code(), unknown.status(), unknown.retry()), (None, Status::Failed, RetryPolicy::Never));
/// ```
#[inline]
pub fn classify(code: &str) -> Classification {
    match Code::from_code(code) {
        Some(c) => Classification {
            code: Some(c),
            status: c.entry().status,
            by_code: true,
        },
        None => uncatalogued(Status::Failed),
    }
}

#[inline]
fn uncatalogued(status: Status) -> Classification {
    Classification {
        code: None,
        status,
        by_code: false,
    }
}

/// Classifies a whole result, `resultStatus` and `resultCode`: the status wins.
///
/// The code's entry decides (its policy and messages) only where the status agrees with it:
/// `S` with an `S` code; `F` with a code that is not an `S` code and does not poll (a final
/// failure has nothing left to poll); `U` with a code that backs off or polls; `A` with a code
/// that polls. Everywhere else the status's fallback decides: `S` and `F` never retry, `U`
/// backs off with the same request id, `A` polls. The code, category, description and
/// resolution stay the code's whatever decided.
///
/// ```
/// use errcat::{classify_result, Code, RetryPolicy, Status};
///
/// // The reference: PROCESS_FAIL comes with F and says "Retry the request".
/// assert!(matches!(classify_result(Status::Failed, "PROCESS_FAIL").retry(), RetryPolicy::Backoff { .. }));
/// // An unknown outcome must not tell the shopper their balance is too low.
/// let c = classify_result(Status::Unknown, "INSUFFICIENT_BALANCE");
/// assert_eq!(c.code(), Some(Code::InsufficientBalance));
/// assert!(matches!(c.retry(), RetryPolicy::Backoff { .. }));
/// assert_ne!(c.user_message(), Code::InsufficientBalance.user_message());
/// ```
#[inline]
pub fn classify_result(status: Status, code: &str) -> Classification {
    let Some(c) = Code::from_code(code) else {
        return uncatalogued(status);
    };
    // One bit per status, precomputed from `entry_decides` (a load instead of a branchy match).
    Classification {
        code: Some(c),
        status,
        by_code: AGREES[c as usize] & (1 << status as u8) != 0,
    }
}

/// Whether a code's entry decides under a response status: the status agrees with it.
const fn entry_decides(status: Status, entry: &Entry) -> bool {
    status.lets_entry_decide(entry.status, entry.retry)
}

impl Status {
    /// The status rule, the one place it is written: whether, under this response status, the
    /// entry of a code whose own status is `code_status` and whose policy is `retry` decides
    /// (its policy and messages), rather than this status's fallback. `S` lets an `S` code
    /// decide; `F` a code that is not `S` and does not poll; `U` a code that backs off or polls;
    /// `A` a code that polls. [`classify_result`] applies it.
    ///
    /// ```
    /// use errcat::{RetryPolicy, Status};
    /// assert!(Status::Failed.lets_entry_decide(Status::Failed, RetryPolicy::AskUser));
    /// assert!(!Status::Unknown.lets_entry_decide(Status::Failed, RetryPolicy::Never));
    /// ```
    pub const fn lets_entry_decide(self, code_status: Status, retry: RetryPolicy) -> bool {
        let poll = matches!(retry, RetryPolicy::Poll { .. });
        let backoff = matches!(retry, RetryPolicy::Backoff { .. });
        let success = matches!(code_status, Status::Success);
        match self {
            Status::Success => success,
            Status::Failed => !success && !poll,
            Status::Unknown => backoff || poll,
            Status::Accepted => poll,
        }
    }
}

/// Bit `s` of a code's byte is set where its entry decides under status `s`.
static AGREES: [u8; ENTRIES.len()] = {
    let mut bits = [0u8; ENTRIES.len()];
    let mut i = 0;
    while i < ENTRIES.len() {
        let mut s = 0;
        while s < Status::ALL.len() {
            if entry_decides(Status::ALL[s], &ENTRIES[i]) {
                bits[i] |= 1 << s;
            }
            s += 1;
        }
        i += 1;
    }
    bits
};
