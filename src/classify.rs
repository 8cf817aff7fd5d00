//! The status rule: when a code's own entry decides a result, and when its status's fallback
//! does. `classify`, `classify_result` and `Classification` are generated with the catalog (by
//! `errcat-codegen`, for errcat's catalog and for every catalog that extends it), and call this.

use crate::{RetryPolicy, Status};

impl Status {
    /// The status rule, the one place it is written: whether, under this response status, the
    /// entry of a code whose own status is `code_status` and whose policy is `retry` decides
    /// (its policy and messages), rather than this status's fallback. `S` lets an `S` code
    /// decide; `F` a code that is not `S` and does not poll; `U` a code that backs off or polls;
    /// `A` a code that polls. [`classify_result`](crate::classify_result) applies it.
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
