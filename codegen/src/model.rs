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
    /// The policy an entry refers to by index.
    pub fn policy(&self, index: usize) -> &Policy {
        &self.policies[index]
    }

    /// Whether an operation's own `F` answer with `code` is read `unknown` and the old request
    /// id inquired first: the code says the order may already be paid or closed
    /// (`inquire_first`), or its policy is `new_request` (a new request id only once the old one
    /// is known unpaid).
    pub fn inquires_first(&self, code: &CodeDef) -> bool {
        code.inquire_first.is_some() || self.policy(code.retry).kind == PolicyKind::NewRequest
    }
}
