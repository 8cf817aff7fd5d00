//! Statuses and retry policies in words, for people: the library's words
//! ([`PolicyKind::describe`], [`PolicyKind::short`], and its `Display`) for a policy of the
//! runtime. Every value comes from the library.

use errcat::{RetryPolicy, Status};
use errcat_codegen::{PolicyKind, StatusLetter};

use crate::model::kind_of;

/// A duration for prose: `500 ms`, `3 s`, `1 min`, `1.5 s` (the library's words).
pub fn duration(d: core::time::Duration) -> String {
    errcat_codegen::duration_text(d)
}

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
