//! The one JSON shape of the command: `classify --json`, each element of `list --json` and
//! `search --json` (which adds `matched`, the query words the code matches), and each of the
//! `codes` of `export --format json`.
//!
//! ```text
//! {
//!   "code": "CODE" | null,
//!   "status": "S" | "F" | "U" | "A",
//!   "state": "succeeded" | "failed" | "pending" | "retry" | "unknown",
//!   "category": "category_key" | null,
//!   "description": "…",
//!   "resolution": "…",
//!   "retry": { "kind": "backoff", "initial_delay_ms": …, "max_delay_ms": …, "max_attempts": … }
//!          | { "kind": "poll", "interval_ms": …, "timeout_ms": … }
//!          | { "kind": "never" | "refresh_token" | "reauthorize" | "ask_user" | "new_request" },
//!   "messages": { "en": "…", "LOCALE": "…" },
//!   "aliases": ["OTHER_CODE", …],
//!   "deprecated": "…", "retired": "…", "since": "…", "source": "…",
//!   "user_message": "…",
//!   "raw_code": "the code as given",
//!   "api": "inquiryPayment",
//!   "outcome": { "state": "succeeded" | "failed" | "pending" | "retry" | "unknown",
//!                "code": "CODE" | null, "from": "paymentStatus" | … | null,
//!                "retry": { … }, "user_message": "…",
//!                "user_action": null
//!                             | { "normalUrl": "…", "schemeUrl": "…", "applinkUrl": "…",
//!                                 "redirectActionForm": { "redirectUrl": "…", "method": "…" } } }
//! }
//! ```
//!
//! `aliases` appears for a catalogued code that has aliases, and `deprecated`, `retired`,
//! `since` and `source` for one whose entry sets them (each is omitted otherwise).
//! `state`, `user_message` and `raw_code` appear in `classify` output only (`state`: the result
//! read as an operation's own); `api` and `outcome` in `classify --response` output only (`api`
//! is the name given with `--api` or inferred, `from` the field that decided; the outcome's
//! `state`, `retry` and `user_message` are its one decision; `user_action` is what the person
//! paying must do first, `null` unless the outcome is pending and the body sends a URL, else
//! only the keys the body had, under the platform's names, exactly as sent: `method` only where
//! the form gives it). Every value comes from the
//! catalog answered from (errcat's own, or `--catalog FILE`), decided by the library's rules
//! over it; `retry` is the library's own `Serialize` of `RetryPolicy`. A catalog entry without
//! a classification (`explain --json`, `list --json`, `search --json`, the `codes` of `export
//! --format json`) is written by `errcat_codegen` (`export::code_json`, `export::codes_json`,
//! `search::Search::to_json`); [`Record`] is `classify`'s.

use errcat::{Decision, RetryPolicy};
use serde::Serialize;
use serde::ser::Serializer;

use crate::model::Model;

/// One classification as JSON.
#[derive(Serialize, Debug)]
pub struct Record<'a> {
    /// The catalogued code; `null` for a code the catalog does not know.
    pub code: Option<&'a str>,
    /// The status letter: `S`, `F`, `U` or `A`.
    pub status: &'static str,
    /// The state of the result read as an operation's own.
    pub state: &'static str,
    /// The category key; `null` for an uncatalogued code.
    pub category: Option<&'a str>,
    /// The reference's description (the status fallback's for an uncatalogued code).
    pub description: &'a str,
    /// The reference's resolution (the status fallback's for an uncatalogued code).
    pub resolution: &'a str,
    /// The retry policy: `kind` and its parameters in milliseconds (the library's serde shape).
    pub retry: RetryPolicy,
    /// The user messages keyed by locale, English first.
    pub messages: Messages<'a>,
    /// Other strings the platform sends for the code; omitted when there are none.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: &'a [String],
    /// Why the code is deprecated and what to use instead; omitted when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'a str>,
    /// When and why the platform stopped sending the code; omitted when it still does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired: Option<&'a str>,
    /// Since when the code exists (free text); omitted when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<&'a str>,
    /// Where the entry comes from; omitted when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    /// The user message chosen for `--locale`.
    pub user_message: &'a str,
    /// The code string exactly as given.
    pub raw_code: String,
    /// `classify --response` only: the API the body was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<&'static str>,
    /// `classify --response` only: the payment-level outcome of the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<OutcomeRecord<'a>>,
}

/// The outcome of a response body as JSON.
#[derive(Serialize, Debug)]
pub struct OutcomeRecord<'a> {
    /// `succeeded`, `failed`, `pending`, `retry` or `unknown`.
    pub state: &'static str,
    /// The code that explains the state, as sent; `null` where there is none.
    pub code: Option<String>,
    /// The field that decided (`result`, `paymentStatus`, `transactions[0].transactionResult`,
    /// …); `null` where nothing did.
    pub from: Option<String>,
    /// What to do about the payment: the next action of the outcome's decision, from the
    /// same row as its message.
    pub retry: RetryPolicy,
    /// What to tell the person paying about the payment, in the chosen locale.
    pub user_message: &'static str,
    /// What the person paying must do before a pending payment can finish, as errcat
    /// serializes it (the keys the body had, under the platform's names); `null` where there is
    /// nothing (always, unless the outcome is pending and the body sends a URL).
    pub user_action: Option<&'a errcat::UserAction>,
}

impl<'a> Record<'a> {
    /// A decision of `model` about `raw_code`, with the user message for `locale`.
    pub fn from_decision(
        model: &'a Model,
        c: &Decision,
        raw_code: &str,
        locale: &str,
    ) -> Record<'a> {
        let code = model.entry_of(c);
        Record {
            code: code.map(|e| e.code.as_str()),
            status: c.status().as_str(),
            state: c.state().as_str(),
            category: code.map(|e| model.category_of(e).key.as_str()),
            description: c.description(),
            resolution: c.resolution(),
            retry: c.retry(),
            messages: Messages(c.messages().to_vec()),
            aliases: code.map_or(&[], |e| &e.aliases),
            deprecated: code.and_then(|e| e.deprecated.as_deref()),
            retired: code.and_then(|e| e.retired.as_deref()),
            since: code.and_then(|e| e.since.as_deref()),
            source: code.and_then(|e| e.source.as_deref()),
            user_message: c.user_message_in(locale),
            raw_code: raw_code.to_owned(),
            api: None,
            outcome: None,
        }
    }

    /// Adds a response body's API and outcome: its state, next action and message are its one
    /// decision (read with the catalog answered from).
    pub fn with_outcome(mut self, outcome: &'a errcat::Outcome, locale: &str) -> Record<'a> {
        self.api = Some(outcome.api().as_str());
        let decision = outcome.decision();
        self.outcome = Some(OutcomeRecord {
            state: decision.state().as_str(),
            code: outcome.code().map(str::to_owned),
            from: outcome.decided_by().map(|f| f.to_string()),
            retry: decision.retry(),
            user_message: decision.user_message_in(locale),
            user_action: outcome.user_action(),
        });
        self
    }
}

/// `(locale, text)` pairs as a JSON object, in the catalog's order (English first).
#[derive(Debug, Clone)]
pub struct Messages<'a>(pub Vec<(&'a str, &'a str)>);

impl Serialize for Messages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(locale, text)| (locale, text)))
    }
}

/// Pretty JSON text of a value, with a final newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing these types into a String cannot fail: every key is a string.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("cannot serialize: {e}") }).to_string()
    });
    text.push('\n');
    text
}
