//! Statuses and retry policies in words, for people. Only kinds and parameters are described
//! here; every value comes from the library.

use core::time::Duration;

use errcat::{RetryPolicy, Status};

use crate::record::millis;

/// The status in one word: `success`, `failed`, `unknown`, `accepted`.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Success => "success",
        Status::Failed => "failed",
        Status::Unknown => "unknown",
        Status::Accepted => "accepted",
    }
}

/// A duration for prose: `500 ms`, `3 s`, `1 min`, `1.5 s`.
pub fn duration(d: Duration) -> String {
    let ms = millis(d);
    if ms != 0 && ms % 60_000 == 0 {
        format!("{} min", ms / 60_000)
    } else if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else {
        let text = format!("{:.3}", d.as_secs_f64());
        format!("{} s", text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// A duration for a table cell: `500ms`, `3s`, `60s`.
pub fn duration_short(d: Duration) -> String {
    let ms = millis(d);
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// The policy in a sentence, with its delays.
pub fn policy_words(policy: RetryPolicy) -> String {
    match policy {
        RetryPolicy::Never => "never: the result is final; show the user message".to_owned(),
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => format!(
            "backoff: send the same request again (same request id) after a random wait of at \
             most {}, the bound doubling up to {}; {} attempts at most, the first included",
            duration(initial_delay),
            duration(max_delay),
            max_attempts
        ),
        RetryPolicy::Poll { interval, timeout } => format!(
            "poll: query the status every {} until the result is final, for at most {}; then \
             cancel",
            duration(interval),
            duration(timeout)
        ),
        RetryPolicy::RefreshToken => {
            "refresh_token: refresh the access token, then send the request again".to_owned()
        }
        RetryPolicy::Reauthorize => {
            "reauthorize: the user must authorize the app again; retrying without them cannot help"
                .to_owned()
        }
        RetryPolicy::AskUser => {
            "ask_user: the person paying must act (a fresh QR code, a new authorization, paying \
             again); send nothing on their behalf"
                .to_owned()
        }
        RetryPolicy::NewRequest => {
            "new_request: start over with a new request id, once an inquiry of the old one shows \
             it unpaid"
                .to_owned()
        }
        // A kind added after this command was written: say so, and advise the safe move.
        other => format!(
            "{}: stop; this kind is newer than this command",
            other.kind()
        ),
    }
}

/// The policy in a few characters, for tables: `never`, `backoff 1s..16s x5`, `poll 3s/60s`.
pub fn policy_short(policy: RetryPolicy) -> String {
    match policy {
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => format!(
            "{} {}..{} x{}",
            policy.kind(),
            duration_short(initial_delay),
            duration_short(max_delay),
            max_attempts
        ),
        RetryPolicy::Poll { interval, timeout } => format!(
            "{} {}/{}",
            policy.kind(),
            duration_short(interval),
            duration_short(timeout)
        ),
        other => other.kind().to_owned(),
    }
}

/// The policy for a Markdown cell: `backoff (1 s to 16 s, 5 attempts)`.
pub fn policy_cell(policy: RetryPolicy) -> String {
    match policy {
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => format!(
            "{} ({} to {}, {} attempts)",
            policy.kind(),
            duration(initial_delay),
            duration(max_delay),
            max_attempts
        ),
        RetryPolicy::Poll { interval, timeout } => format!(
            "{} (every {} for {})",
            policy.kind(),
            duration(interval),
            duration(timeout)
        ),
        other => other.kind().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(Duration::from_millis(500)), "500 ms");
        assert_eq!(duration(Duration::from_millis(3000)), "3 s");
        assert_eq!(duration(Duration::from_millis(60_000)), "1 min");
        assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(duration(Duration::ZERO), "0 s");
        assert_eq!(duration_short(Duration::from_millis(1500)), "1500ms");
        assert_eq!(duration_short(Duration::from_millis(16_000)), "16s");
    }

    #[test]
    fn every_policy_names_its_kind() {
        let policies = [
            RetryPolicy::Never,
            RetryPolicy::Backoff {
                initial_delay: Duration::from_secs(1),
                max_delay: Duration::from_secs(16),
                max_attempts: 5,
            },
            RetryPolicy::Poll {
                interval: Duration::from_secs(3),
                timeout: Duration::from_secs(60),
            },
            RetryPolicy::RefreshToken,
            RetryPolicy::Reauthorize,
            RetryPolicy::AskUser,
            RetryPolicy::NewRequest,
        ];
        for p in policies {
            assert!(policy_words(p).starts_with(p.kind()));
            assert!(policy_short(p).starts_with(p.kind()));
            assert!(policy_cell(p).starts_with(p.kind()));
        }
        assert_eq!(policy_short(policies[1]), "backoff 1s..16s x5");
        assert_eq!(policy_cell(policies[2]), "poll (every 3 s for 1 min)");
    }
}
