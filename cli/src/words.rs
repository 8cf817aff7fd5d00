//! Statuses and retry policies in words, for people: the library's words
//! ([`PolicyKind::describe`], [`PolicyKind::short`], and its `Display`) for a policy of the
//! runtime (`PolicyKind::try_from`, which fails only for a duration that is not whole
//! milliseconds, which no catalog has: then the policy's kind alone). Every value comes from
//! the library.

use errcat::{RetryPolicy, Status};
use errcat_codegen::{PolicyKind, StatusLetter};

/// The status in one word: `success`, `failed`, `unknown`, `accepted`.
pub fn status_word(status: Status) -> &'static str {
    StatusLetter::parse(status.as_str()).map_or("unknown", StatusLetter::word)
}

/// The policy in a sentence, with its delays.
pub fn policy_words(policy: RetryPolicy) -> String {
    PolicyKind::try_from(policy).map_or_else(|p| p.kind().to_owned(), |k| k.describe())
}

/// The policy in a few characters, for tables: `never`, `backoff 1s..16s x5`, `poll 3s/60s`.
pub fn policy_short(policy: RetryPolicy) -> String {
    PolicyKind::try_from(policy).map_or_else(|p| p.kind().to_owned(), |k| k.short())
}

/// The policy for a Markdown cell: `backoff (1 s to 16 s, 5 attempts)`.
pub fn policy_cell(policy: RetryPolicy) -> String {
    PolicyKind::try_from(policy).map_or_else(|p| p.kind().to_owned(), |k| k.to_string())
}
