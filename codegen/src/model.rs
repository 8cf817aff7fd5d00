//! The validated catalog: what `codes.toml` says once every rule holds.

use std::fmt;

/// A result status as the platform sends it in `resultStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusLetter {
    /// `S`: the request succeeded.
    S,
    /// `F`: the request failed.
    F,
    /// `U`: the outcome is unknown.
    U,
    /// `A`: the request was accepted and runs asynchronously.
    A,
}

impl StatusLetter {
    /// The four statuses, in the order the runtime's `Status` discriminants use.
    pub const ALL: [StatusLetter; 4] = [Self::S, Self::F, Self::U, Self::A];

    /// Parses exactly `"S"`, `"F"`, `"U"` or `"A"`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "S" => Some(Self::S),
            "F" => Some(Self::F),
            "U" => Some(Self::U),
            "A" => Some(Self::A),
            _ => None,
        }
    }

    /// The letter as written in `codes.toml` and in responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::F => "F",
            Self::U => "U",
            Self::A => "A",
        }
    }

    /// The name of the runtime `Status` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Self::S => "Success",
            Self::F => "Failed",
            Self::U => "Unknown",
            Self::A => "Accepted",
        }
    }
}

impl StatusLetter {
    /// The status in one word: `success`, `failed`, `unknown`, `accepted`.
    pub fn word(self) -> &'static str {
        match self {
            Self::S => "success",
            Self::F => "failed",
            Self::U => "unknown",
            Self::A => "accepted",
        }
    }

    /// The status rule: whether, in a response of this status, a catalogued code's own entry
    /// decides (its retry policy and messages), for a code whose own status is `code_status`
    /// and whose policy is `retry`; where it does not, this status's fallback decides. `S`
    /// lets an `S` code decide; `F` a code that is not `S` and does not poll; `U` a code that
    /// keeps asking (backoff, poll, refresh_token); `A` a code that polls. The runtime's
    /// `errcat::Status::lets_entry_decide`, stated over the catalog's model (the rule looks at
    /// the policy's kind only).
    ///
    /// ```
    /// use errcat_codegen::{PolicyKind, StatusLetter};
    ///
    /// assert!(StatusLetter::F.lets_entry_decide(StatusLetter::F, &PolicyKind::AskUser));
    /// assert!(!StatusLetter::U.lets_entry_decide(StatusLetter::F, &PolicyKind::Never));
    /// assert!(StatusLetter::U.lets_entry_decide(StatusLetter::F, &PolicyKind::RefreshToken));
    /// ```
    pub fn lets_entry_decide(self, code_status: StatusLetter, retry: &PolicyKind) -> bool {
        let poll = matches!(retry, PolicyKind::Poll { .. });
        match self {
            Self::S => code_status == Self::S,
            Self::F => code_status != Self::S && !poll,
            Self::U => {
                poll || matches!(retry, PolicyKind::Backoff { .. } | PolicyKind::RefreshToken)
            }
            Self::A => poll,
        }
    }
}

impl fmt::Display for StatusLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a retry policy tells the caller to do, with its parameters in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Stop: the result is final.
    Never,
    /// Retry the same request (same request id) with exponential backoff.
    Backoff {
        /// Bound of the first wait.
        initial_delay_ms: u64,
        /// Bound of every later wait.
        max_delay_ms: u64,
        /// Every request counts, the first included.
        max_attempts: u32,
    },
    /// Query the operation's status until it is final or the timeout passes.
    Poll {
        /// Time between two queries.
        interval_ms: u64,
        /// Time after which polling stops.
        timeout_ms: u64,
    },
    /// Refresh the access token, then retry.
    RefreshToken,
    /// The user must authorize again.
    Reauthorize,
    /// The person paying must act; never start anything on their behalf.
    AskUser,
    /// Start over with a new request id.
    NewRequest,
}

impl PolicyKind {
    /// The kinds as written in `kind = "..."`.
    pub const NAMES: [&'static str; 7] = [
        "never",
        "backoff",
        "poll",
        "refresh_token",
        "reauthorize",
        "ask_user",
        "new_request",
    ];

    /// The kind's name as written in `codes.toml`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Backoff { .. } => "backoff",
            Self::Poll { .. } => "poll",
            Self::RefreshToken => "refresh_token",
            Self::Reauthorize => "reauthorize",
            Self::AskUser => "ask_user",
            Self::NewRequest => "new_request",
        }
    }

    /// Whether the policy is final: `never`, `ask_user` or `reauthorize`. Nothing is resent or
    /// waited for, and nothing starts over.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Never | Self::AskUser | Self::Reauthorize)
    }

    /// Whether the policy keeps asking about a result that is not final yet: `backoff` and
    /// `refresh_token` resend the same request, `poll` inquires. The policies a `U` code may
    /// have.
    pub fn keeps_asking(&self) -> bool {
        matches!(
            self,
            Self::Backoff { .. } | Self::Poll { .. } | Self::RefreshToken
        )
    }
}

impl PolicyKind {
    /// The policy in a sentence for a person, with its delays: `never: the result is final;
    /// show the user message`, `backoff: send the same request again (same request id) after
    /// a random wait of at most 1 s, the bound doubling up to 16 s; 5 attempts at most, the
    /// first included`, ...: what `errcat explain` says under `retry`.
    pub fn describe(&self) -> String {
        match *self {
            Self::Never => "never: the result is final; show the user message".to_owned(),
            Self::Backoff {
                initial_delay_ms,
                max_delay_ms,
                max_attempts,
            } => format!(
                "backoff: send the same request again (same request id) after a random wait of \
                 at most {}, the bound doubling up to {}; {} attempts at most, the first included",
                duration(initial_delay_ms),
                duration(max_delay_ms),
                max_attempts
            ),
            Self::Poll {
                interval_ms,
                timeout_ms,
            } => format!(
                "poll: query the status every {} until the result is final, for at most {}; \
                 then cancel",
                duration(interval_ms),
                duration(timeout_ms)
            ),
            Self::RefreshToken => {
                "refresh_token: refresh the access token, then send the request again".to_owned()
            }
            Self::Reauthorize => "reauthorize: the user must authorize the app again; retrying \
                                  without them cannot help"
                .to_owned(),
            Self::AskUser => "ask_user: the person paying must act (a fresh QR code, a new \
                              authorization, paying again); send nothing on their behalf"
                .to_owned(),
            Self::NewRequest => "new_request: start over with a new request id, once an inquiry \
                                 of the old one shows it unpaid"
                .to_owned(),
        }
    }

    /// The policy in a few characters, for a table: `never`, `backoff 1s..16s x5`,
    /// `poll 3s/60s`.
    pub fn short(&self) -> String {
        match *self {
            Self::Backoff {
                initial_delay_ms,
                max_delay_ms,
                max_attempts,
            } => format!(
                "{} {}..{} x{}",
                self.name(),
                duration_short(initial_delay_ms),
                duration_short(max_delay_ms),
                max_attempts
            ),
            Self::Poll {
                interval_ms,
                timeout_ms,
            } => format!(
                "{} {}/{}",
                self.name(),
                duration_short(interval_ms),
                duration_short(timeout_ms)
            ),
            _ => self.name().to_owned(),
        }
    }
}

/// `never`, `backoff (1 s to 16 s, 5 attempts)`, `poll (every 3 s for 1 min)`: the kind with its
/// parameters, as the Markdown export and `errcat diff` write a policy.
impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Backoff {
                initial_delay_ms,
                max_delay_ms,
                max_attempts,
            } => write!(
                f,
                "{} ({} to {}, {} attempts)",
                self.name(),
                duration(initial_delay_ms),
                duration(max_delay_ms),
                max_attempts
            ),
            Self::Poll {
                interval_ms,
                timeout_ms,
            } => write!(
                f,
                "{} (every {} for {})",
                self.name(),
                duration(interval_ms),
                duration(timeout_ms)
            ),
            _ => f.write_str(self.name()),
        }
    }
}

/// Milliseconds for prose (see [`duration_text`]).
fn duration(ms: u64) -> String {
    duration_text(std::time::Duration::from_millis(ms))
}

/// A duration for prose, as the words of a policy ([`PolicyKind::describe`]) write it: whole
/// minutes as `1 min`, whole seconds as `3 s`, less than a second as `500 ms`, else seconds to
/// the millisecond, `1.5 s`.
///
/// ```
/// use std::time::Duration;
/// use errcat_codegen::duration_text;
///
/// assert_eq!(duration_text(Duration::from_secs(120)), "2 min");
/// assert_eq!(duration_text(Duration::from_millis(1500)), "1.5 s");
/// ```
pub fn duration_text(d: std::time::Duration) -> String {
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
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

/// Milliseconds for a table cell: `500ms`, `3s`, `60s`.
fn duration_short(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// A named `[policies.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The table's name, referred to by `retry = "NAME"`.
    pub name: String,
    /// What the policy does.
    pub kind: PolicyKind,
}

/// A `[categories.KEY]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDef {
    /// The key, e.g. `payment_processing`.
    pub key: String,
    /// The generated variant name, e.g. `PaymentProcessing`.
    pub variant: String,
    /// The human title, e.g. `Payment Processing`.
    pub title: String,
    /// Index into [`Catalog::policies`] of the category's default policy.
    pub retry: usize,
}

/// A user-facing message in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The BCP 47 tag as written, e.g. `zh-CN`.
    pub locale: String,
    /// The message text.
    pub text: String,
}

/// A `[fallback.STATUS]` table: the answer for a status where no code's entry decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The status this fallback answers for.
    pub status: StatusLetter,
    /// Index into [`Catalog::policies`].
    pub retry: usize,
    /// What the status means.
    pub description: String,
    /// What to do.
    pub resolution: String,
    /// Messages, English first, then in file order.
    pub messages: Vec<Message>,
}

/// A `[codes.CODE]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeDef {
    /// The code as the platform sends it.
    pub code: String,
    /// The generated `Code` variant name.
    pub variant: String,
    /// The code's own status.
    pub status: StatusLetter,
    /// Index into [`Catalog::categories`].
    pub category: usize,
    /// The reference's description.
    pub description: String,
    /// The reference's resolution.
    pub resolution: String,
    /// Index into [`Catalog::policies`]: the entry's `retry`, or its category's default.
    pub retry: usize,
    /// Messages, English first, then in file order.
    pub messages: Vec<Message>,
    /// Other code strings the platform sends for the same meaning, in file order; each looks
    /// up as this code.
    pub aliases: Vec<String>,
    /// Why the code is deprecated and what to use instead, if it is.
    pub deprecated: Option<String>,
    /// When and why the platform stopped sending the code, if it did.
    pub retired: Option<String>,
    /// Since when the code exists (free text: a date or a version), if known.
    pub since: Option<String>,
    /// Where the entry comes from (a public doc page of the platform), if given.
    pub source: Option<String>,
    /// `inquire_first = "why"`: why this `F` code says the order may already be paid or
    /// closed, if it does. An operation's own `F` answer with such a code is read `unknown`,
    /// and the old request id is inquired before anything else (see
    /// [`Catalog::inquires_first`], which also holds for a `new_request` code). Only on an `F`
    /// code whose policy is not `new_request`.
    pub inquire_first: Option<String>,
    /// The 1-based line of the entry's key in `codes.toml`; for a code inherited with
    /// `extends` (amended or not), its line in the base's file.
    pub line: usize,
}

/// What a payment-level state value means: an `outcome` of a `[states.VALUE]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateOutcome {
    /// `succeeded`: the operation is done.
    Succeeded,
    /// `failed`: final failure, nothing was charged.
    Failed,
    /// `pending`: not final yet.
    Pending,
}

impl StateOutcome {
    /// The outcomes as written in `outcome = "..."`.
    pub const NAMES: [&'static str; 3] = ["succeeded", "failed", "pending"];

    /// Parses exactly `"succeeded"`, `"failed"` or `"pending"`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "succeeded" => Some(Self::Succeeded),
            "failed" => Some(Self::Failed),
            "pending" => Some(Self::Pending),
            _ => None,
        }
    }

    /// The outcome as written in `outcome = "..."`: `succeeded`, `failed`, `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Pending => "pending",
        }
    }

    /// The name of the runtime `State` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Pending => "Pending",
        }
    }
}

/// A `[states.VALUE]` table: the meaning of a `paymentStatus`, `refundStatus` or
/// `transactionStatus` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDef {
    /// The value as written (uppercase ASCII letters, digits, underscores); responses are
    /// matched against it case-insensitively.
    pub value: String,
    /// What the value means.
    pub outcome: StateOutcome,
    /// What the value says, in words.
    pub description: String,
}

/// A validated catalog, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// Retry policies.
    pub policies: Vec<Policy>,
    /// Categories.
    pub categories: Vec<CategoryDef>,
    /// One fallback per status, in [`StatusLetter::ALL`] order.
    pub fallbacks: Vec<Fallback>,
    /// Codes.
    pub codes: Vec<CodeDef>,
    /// Payment-level state values (`[states.VALUE]`), in file order; empty without a
    /// `[states]` table.
    pub states: Vec<StateDef>,
    /// What the catalog inherits with `extends = "NAME"`; `None` for a standalone catalog.
    pub base: Option<Inherited>,
}

/// What a catalog inherits with `extends`: the first `codes` codes, `categories` categories and
/// `policies` policies of the merged catalog are the base's, in the base's order, under the
/// base's variant names. The fallbacks and the states are all the base's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inherited {
    /// The base catalog's name, as `extends` names it (e.g. `errcat`).
    pub name: String,
    /// How many of [`Catalog::codes`] are the base's (amended or not): the first ones.
    pub codes: usize,
    /// How many of [`Catalog::categories`] are the base's: the first ones.
    pub categories: usize,
    /// How many of [`Catalog::policies`] are the base's: the first ones.
    pub policies: usize,
}

impl Catalog {
    /// The policy an entry refers to by index. Panics on an index the catalog does not have,
    /// which a validated catalog never gives (see [`Catalog::check_complete`]).
    pub fn policy(&self, index: usize) -> &Policy {
        &self.policies[index]
    }

    /// Whether every index of the catalog is in range and the fallbacks are one per status in
    /// [`StatusLetter::ALL`] order: what the generator, the exports and `diff` rely on. Always
    /// so for a catalog that `check_*` validated; a catalog built or edited by hand may not
    /// be.
    ///
    /// ```
    /// use errcat_codegen::IncompleteCatalog;
    ///
    /// # let mut catalog = errcat_codegen::check_str("t.toml", include_str!("example.toml")).unwrap();
    /// catalog.fallbacks.pop();
    /// assert_eq!(catalog.check_complete(), Err(IncompleteCatalog::Fallbacks));
    /// ```
    pub fn check_complete(&self) -> Result<(), IncompleteCatalog> {
        let in_order = self.fallbacks.len() == StatusLetter::ALL.len()
            && self
                .fallbacks
                .iter()
                .zip(StatusLetter::ALL)
                .all(|(f, s)| f.status == s);
        if !in_order {
            return Err(IncompleteCatalog::Fallbacks);
        }
        let policy = |entry: String, index: usize| {
            if index < self.policies.len() {
                Ok(())
            } else {
                Err(IncompleteCatalog::Policy { entry, index })
            }
        };
        for c in &self.categories {
            policy(format!("category {}", c.key), c.retry)?;
        }
        for f in &self.fallbacks {
            policy(format!("fallback {}", f.status), f.retry)?;
        }
        for c in &self.codes {
            policy(format!("code {}", c.code), c.retry)?;
            if c.category >= self.categories.len() {
                return Err(IncompleteCatalog::Category {
                    code: c.code.clone(),
                    index: c.category,
                });
            }
        }
        Ok(())
    }

    /// The counts `errcat check` reports: `91 codes in 13 categories, 7 retry policies, 4
    /// status fallbacks`, and for a catalog that extends another what it adds: `...: 1 code and
    /// 1 category of its own, the rest errcat's`.
    pub fn summary(&self) -> String {
        let summary = format!(
            "{} codes in {} categories, {} retry policies, {} status fallbacks",
            self.codes.len(),
            self.categories.len(),
            self.policies.len(),
            self.fallbacks.len()
        );
        let Some(base) = &self.base else {
            return summary;
        };
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{summary}: {} and {} of its own, the rest {}'s",
            plural(self.codes.len().saturating_sub(base.codes), "code", "codes"),
            plural(
                self.categories.len().saturating_sub(base.categories),
                "category",
                "categories"
            ),
            base.name,
        )
    }

    /// Whether an operation's own `F` answer with `code` is read `unknown` and the old request
    /// id inquired first: the code says the order may already be paid or closed
    /// (`inquire_first`), or its policy is `new_request` (a new request id only once the old one
    /// is known unpaid).
    pub fn inquires_first(&self, code: &CodeDef) -> bool {
        code.inquire_first.is_some() || self.policy(code.retry).kind == PolicyKind::NewRequest
    }
}

/// What is wrong with a catalog that is not complete (see [`Catalog::check_complete`]): a
/// catalog built or edited by hand, never one that `check_*` validated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IncompleteCatalog {
    /// The fallbacks are not one per status, in `S F U A` order.
    Fallbacks,
    /// An entry names a policy index that [`Catalog::policies`] does not have.
    Policy {
        /// The entry: `code CODE`, `category KEY` or `fallback STATUS`.
        entry: String,
        /// The index it names.
        index: usize,
    },
    /// A code names a category index that [`Catalog::categories`] does not have.
    Category {
        /// The code.
        code: String,
        /// The index it names.
        index: usize,
    },
}

impl fmt::Display for IncompleteCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the catalog is not complete: ")?;
        match self {
            Self::Fallbacks => f.write_str("the fallbacks are not one per status in S F U A order"),
            Self::Policy { entry, index } => {
                write!(
                    f,
                    "{entry} names policy {index}, which the catalog does not have"
                )
            }
            Self::Category { code, index } => write!(
                f,
                "code {code} names category {index}, which the catalog does not have"
            ),
        }
    }
}

impl std::error::Error for IncompleteCatalog {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(500), "500 ms");
        assert_eq!(duration(3000), "3 s");
        assert_eq!(duration(60_000), "1 min");
        assert_eq!(duration(1500), "1.5 s");
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration_short(1500), "1500ms");
        assert_eq!(duration_short(16_000), "16s");
    }

    #[test]
    fn every_policy_names_its_kind() {
        let policies = [
            PolicyKind::Never,
            PolicyKind::Backoff {
                initial_delay_ms: 1000,
                max_delay_ms: 16_000,
                max_attempts: 5,
            },
            PolicyKind::Poll {
                interval_ms: 3000,
                timeout_ms: 60_000,
            },
            PolicyKind::RefreshToken,
            PolicyKind::Reauthorize,
            PolicyKind::AskUser,
            PolicyKind::NewRequest,
        ];
        for p in policies {
            assert!(p.describe().starts_with(p.name()));
            assert!(p.short().starts_with(p.name()));
            assert!(p.to_string().starts_with(p.name()));
        }
        assert_eq!(policies[1].short(), "backoff 1s..16s x5");
        assert_eq!(policies[2].to_string(), "poll (every 3 s for 1 min)");
    }
}
