//! The status rule, as the exports state it: under each response status, which code entries
//! decide, and which fallback answers everything else.
//!
//! The rule itself is the library's (`Status::lets_entry_decide`, which every decision of the
//! runtime applies: `S` lets an `S` code's entry decide; `F` a code that is not `S` and does not
//! poll; `U` a code that keeps asking, whose policy backs off, polls or refreshes the token;
//! `A` a code that polls); this module only lays it out per kind of policy for the exports. One
//! thing the rule does not say, and the exports add: an `F` with a code that inquires first
//! (`inquire_first`, or `new_request`) is read unknown, and its entry's place is taken by the
//! `A` fallback's poll and the `U` fallback's message.

use std::time::Duration;

use errcat::{RetryPolicy, Status};

use crate::model::Entry;

/// Whether a code's own entry decides under `response`, for a code sent with `code_status`
/// whose retry policy is of kind `kind`: the library's rule, asked with a policy of that kind
/// (the rule looks at the kind only, never at its parameters).
fn entry_decides(response: Status, code_status: Status, kind: &str) -> bool {
    response.lets_entry_decide(code_status, policy_of_kind(kind))
}

/// A policy of the kind named (`never` for a name the library does not have).
fn policy_of_kind(kind: &str) -> RetryPolicy {
    match kind {
        "backoff" => RetryPolicy::Backoff {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(1),
            max_attempts: 2,
        },
        "poll" => RetryPolicy::Poll {
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        },
        "refresh_token" => RetryPolicy::RefreshToken,
        "reauthorize" => RetryPolicy::Reauthorize,
        "ask_user" => RetryPolicy::AskUser,
        "new_request" => RetryPolicy::NewRequest,
        _ => RetryPolicy::Never,
    }
}

/// The rule under one response status: the code's entry decides when the code is catalogued,
/// its own status is one of `code_statuses` and its retry kind one of `retry_kinds`; the
/// status's fallback decides otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRule {
    /// The response's status.
    pub status: Status,
    /// The codes' own statuses under which their entry may decide.
    pub code_statuses: Vec<Status>,
    /// The retry kinds under which a code's entry may decide.
    pub retry_kinds: Vec<&'static str>,
}

impl StatusRule {
    /// The rule under `status`.
    pub fn of(status: Status) -> StatusRule {
        StatusRule {
            status,
            code_statuses: Status::ALL
                .into_iter()
                .filter(|&s| {
                    RetryPolicy::KINDS
                        .iter()
                        .any(|k| entry_decides(status, s, k))
                })
                .collect(),
            retry_kinds: RetryPolicy::KINDS
                .into_iter()
                .filter(|k| Status::ALL.iter().any(|&s| entry_decides(status, s, k)))
                .collect(),
        }
    }

    /// The rules under `S`, `F`, `U` and `A`, in that order.
    pub fn all() -> Vec<StatusRule> {
        Status::ALL.into_iter().map(StatusRule::of).collect()
    }

    /// The condition in words, for Markdown: "whose own status is `S`", "whose retry is
    /// `poll`", both joined by "and"; "whatever its status and retry" when there is no condition.
    pub fn condition_words(&self) -> String {
        let mut parts = Vec::new();
        if self.code_statuses.len() < Status::ALL.len() {
            let names: Vec<String> = self
                .code_statuses
                .iter()
                .map(|s| format!("`{}`", s.as_str()))
                .collect();
            parts.push(format!("whose own status is {}", one_of(&names)));
        }
        if self.retry_kinds.len() < RetryPolicy::KINDS.len() {
            let missing: Vec<String> = RetryPolicy::KINDS
                .iter()
                .filter(|k| !self.retry_kinds.contains(k))
                .map(|k| format!("`{k}`"))
                .collect();
            let present: Vec<String> = self.retry_kinds.iter().map(|k| format!("`{k}`")).collect();
            if missing.len() < present.len() {
                parts.push(format!("whose retry is not {}", one_of(&missing)));
            } else {
                parts.push(format!("whose retry is {}", one_of(&present)));
            }
        }
        if parts.is_empty() {
            "whatever its status and retry".to_owned()
        } else {
            parts.join(" and ")
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
pub fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The response statuses under which a code's own entry decides, as the library's rule
/// says.
pub fn decides_under(code: Entry<'_>) -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|&s| s.lets_entry_decide(code.status(), code.retry()))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_of_the_library_has_a_policy_here() {
        for kind in errcat::RetryPolicy::KINDS {
            assert_eq!(super::policy_of_kind(kind).kind(), kind);
        }
    }

    use super::*;
    use crate::model::Model;
    use errcat::{Code, State, classify_result};

    /// Whether errcat's own classification of `code` under `status` read the code's entry: its
    /// entry decided, or (under `F`) the code's entry said to inquire first, which is the one
    /// way an operation's own `F` reads unknown.
    fn entry_read(status: Status, code: &str) -> bool {
        let c = classify_result(status, code);
        c.decided_by_code() || (status == Status::Failed && c.state() == State::Unknown)
    }

    #[test]
    fn the_rule_is_the_librarys_for_every_code_and_status() {
        for &code in Code::ALL {
            for status in Status::ALL {
                let rule = StatusRule::of(status);
                let stated = rule.code_statuses.contains(&code.status())
                    && rule.retry_kinds.contains(&code.retry().kind());
                assert_eq!(
                    entry_read(status, code.as_str()),
                    stated,
                    "{code} under {status}"
                );
            }
        }
        // The codes that inquire first are the ones the entry reads but does not decide.
        let inquiring: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| !classify_result(Status::Failed, c.as_str()).decided_by_code())
            .filter(|c| entry_read(Status::Failed, c.as_str()))
            .map(|c| c.as_str())
            .collect();
        assert!(inquiring.contains(&"ORDER_IS_CLOSED"), "{inquiring:?}");
        assert!(
            inquiring.contains(&"REPEAT_REQ_INCONSISTENT"),
            "{inquiring:?}"
        );
    }

    #[test]
    fn codes_decide_under_their_agreeing_statuses() {
        use Status::{Accepted, Failed, Success, Unknown};
        let model = Model::builtin().unwrap();
        let under = |code: Code| decides_under(model.lookup(code.as_str()).unwrap());
        assert_eq!(under(Code::Success), [Success]);
        assert_eq!(under(Code::InsufficientBalance), [Failed]);
        assert_eq!(under(Code::ProcessFail), [Failed]);
        assert_eq!(under(Code::SystemBusy), [Failed, Unknown]);
        assert_eq!(under(Code::ExpiredAccessToken), [Failed, Unknown]);
        assert_eq!(under(Code::PaymentInProcess), [Unknown, Accepted]);
        for entry in model.codes() {
            let library: Vec<Status> = Status::ALL
                .into_iter()
                .filter(|&s| entry_read(s, entry.as_str()))
                .collect();
            assert_eq!(decides_under(entry), library, "{entry}");
        }
    }

    #[test]
    fn the_rule_is_a_product_of_statuses_and_kinds() {
        // Stating it as two lists loses nothing: every pair of the lists decides, no other does.
        for rule in StatusRule::all() {
            for s in Status::ALL {
                for k in RetryPolicy::KINDS {
                    assert_eq!(
                        entry_decides(rule.status, s, k),
                        rule.code_statuses.contains(&s) && rule.retry_kinds.contains(&k),
                        "{} {s} {k}",
                        rule.status
                    );
                }
            }
        }
    }

    #[test]
    fn the_rule_in_words() {
        let words: Vec<String> = StatusRule::all()
            .iter()
            .map(StatusRule::condition_words)
            .collect();
        assert_eq!(
            words,
            [
                "whose own status is `S`",
                "whose own status is `F`, `U` or `A` and whose retry is not `poll`",
                "whose retry is `backoff`, `poll` or `refresh_token`",
                "whose retry is `poll`",
            ]
        );
        assert_eq!(one_of(&[]), "");
    }
}
