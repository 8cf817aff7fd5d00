//! Statuses and retry policies in words, for people: the library's words
//! ([`PolicyKind::describe`], [`PolicyKind::short`], and its `Display`) for a policy of the
//! runtime. Every value comes from the library.

use errcat::{RetryPolicy, Status};
use errcat_codegen::{PolicyKind, StatusLetter};

use crate::record::millis;

/// The status in one word: `success`, `failed`, `unknown`, `accepted`.
pub fn status_word(status: Status) -> &'static str {
    StatusLetter::parse(status.as_str()).map_or("unknown", StatusLetter::word)
}

/// The policy in a sentence, with its delays.
pub fn policy_words(policy: RetryPolicy) -> String {
    match kind_of(policy) {
        Some(kind) => kind.describe(),
        // A kind added after this command was written: say so, and advise the safe move.
        None => format!(
            "{}: stop; this kind is newer than this command",
            policy.kind()
        ),
    }
}

/// The policy in a few characters, for tables: `never`, `backoff 1s..16s x5`, `poll 3s/60s`.
pub fn policy_short(policy: RetryPolicy) -> String {
    kind_of(policy).map_or_else(|| policy.kind().to_owned(), |k| k.short())
}

/// The policy for a Markdown cell: `backoff (1 s to 16 s, 5 attempts)`.
pub fn policy_cell(policy: RetryPolicy) -> String {
    kind_of(policy).map_or_else(|| policy.kind().to_owned(), |k: PolicyKind| k.to_string())
}

/// The model's policy for a retry policy of the runtime (parameters in milliseconds,
/// saturating): the inverse of `RetryPolicy::from(PolicyKind)` for every policy a catalog has;
/// `None` for a kind newer than this command.
fn kind_of(policy: RetryPolicy) -> Option<PolicyKind> {
    Some(match policy {
        RetryPolicy::Never => PolicyKind::Never,
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => PolicyKind::Backoff {
            initial_delay_ms: millis(initial_delay),
            max_delay_ms: millis(max_delay),
            max_attempts,
        },
        RetryPolicy::Poll { interval, timeout } => PolicyKind::Poll {
            interval_ms: millis(interval),
            timeout_ms: millis(timeout),
        },
        RetryPolicy::RefreshToken => PolicyKind::RefreshToken,
        RetryPolicy::Reauthorize => PolicyKind::Reauthorize,
        RetryPolicy::AskUser => PolicyKind::AskUser,
        RetryPolicy::NewRequest => PolicyKind::NewRequest,
        _ => return None,
    })
}
