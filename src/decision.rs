//! The one decision: a state, a next action and a message that agree, from one row of a
//! catalog. The status rule and the table of `docs/decision.md` are written here once, over
//! any [`Catalog`]'s rows; everything that answers (classification, outcomes, the flow, the
//! command) asks this.

use core::fmt;
use core::hash::{Hash, Hasher};

use crate::{Catalog, RetryPolicy, State, Status};

impl Status {
    /// The status rule, the one place it is written: whether, under this response status, the
    /// row of a code whose own status is `code_status` and whose policy is `retry` may decide
    /// (its policy and messages), rather than this status's fallback. `S` lets an `S` code
    /// decide; `F` a code that is not `S` and does not poll; `U` a code that keeps asking
    /// (backs off, polls or refreshes the token); `A` a code that polls.
    ///
    /// ```
    /// use errcat::{RetryPolicy, Status};
    /// assert!(Status::Failed.lets_entry_decide(Status::Failed, RetryPolicy::AskUser));
    /// assert!(!Status::Unknown.lets_entry_decide(Status::Failed, RetryPolicy::Never));
    /// assert!(Status::Unknown.lets_entry_decide(Status::Failed, RetryPolicy::RefreshToken));
    /// ```
    pub const fn lets_entry_decide(self, code_status: Status, retry: RetryPolicy) -> bool {
        let poll = matches!(retry, RetryPolicy::Poll { .. });
        match self {
            Status::Success => matches!(code_status, Status::Success),
            Status::Failed => !matches!(code_status, Status::Success) && !poll,
            Status::Unknown => {
                poll || matches!(
                    retry,
                    RetryPolicy::Backoff { .. } | RetryPolicy::RefreshToken
                )
            }
            Status::Accepted => poll,
        }
    }
}

impl RetryPolicy {
    /// Whether the policy is final: nothing is resent or waited for, nothing starts over
    /// (`never`, `ask_user`, `reauthorize`). A failed outcome's next action is always final.
    ///
    /// ```
    /// use errcat::RetryPolicy;
    /// assert!(RetryPolicy::AskUser.is_final());
    /// assert!(!RetryPolicy::RefreshToken.is_final());
    /// ```
    #[inline]
    pub const fn is_final(&self) -> bool {
        matches!(
            self,
            RetryPolicy::Never | RetryPolicy::AskUser | RetryPolicy::Reauthorize
        )
    }

    /// Whether the policy sends the same request again, same request id (`backoff`,
    /// `refresh_token`): the next action of a `retry` outcome.
    ///
    /// ```
    /// use errcat::RetryPolicy;
    /// assert!(RetryPolicy::RefreshToken.resends());
    /// assert!(!RetryPolicy::NewRequest.resends());
    /// ```
    #[inline]
    pub const fn resends(&self) -> bool {
        matches!(
            self,
            RetryPolicy::Backoff { .. } | RetryPolicy::RefreshToken
        )
    }

    /// Whether the policy polls: the next action of a `pending` outcome.
    ///
    /// ```
    /// assert!(!errcat::RetryPolicy::Never.polls());
    /// ```
    #[inline]
    pub const fn polls(&self) -> bool {
        matches!(self, RetryPolicy::Poll { .. })
    }

    /// Whether `state` allows this policy as its next action: succeeded `never`; failed a
    /// final policy; pending `poll`; retry `backoff` or `refresh_token`; unknown anything but
    /// `ask_user` and `new_request` (nothing starts over while the old request may be
    /// charged).
    ///
    /// ```
    /// use errcat::{RetryPolicy, State};
    /// assert!(!RetryPolicy::AskUser.fits(State::Unknown));
    /// assert!(RetryPolicy::Never.fits(State::Failed));
    /// ```
    #[inline]
    pub const fn fits(&self, state: State) -> bool {
        match state {
            State::Succeeded => matches!(self, RetryPolicy::Never),
            State::Failed => self.is_final(),
            State::Pending => self.polls(),
            State::Retry => self.resends(),
            State::Unknown => !matches!(self, RetryPolicy::AskUser | RetryPolicy::NewRequest),
        }
    }
}

/// The row a decision's next action or message comes from.
///
/// ```
/// use errcat::{CATALOG, Source, State, Status};
/// let d = CATALOG.decide(State::Unknown, Status::Failed, "EXPIRED_ACCESS_TOKEN");
/// assert_eq!(d.next_from(), Source::Code);
/// assert_eq!(d.message_from(), Source::Fallback(Status::Unknown));
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Source {
    /// The code's own row.
    Code,
    /// The fallback row of a status.
    Fallback(Status),
}

/// One decision: the state of what a response says, the next action and the message for the
/// person paying, which agree by construction (see `docs/decision.md`):
///
/// | state | next action | row |
/// |---|---|---|
/// | succeeded | `never` | the code's (an `S` code), else the `S` fallback |
/// | failed | `never`, `ask_user` or `reauthorize` | the code's where its policy is final, else the `F` fallback |
/// | pending | `poll` | the code's where it polls, else the `A` fallback |
/// | retry | `backoff` or `refresh_token` | the code's where it resends, else the `U` fallback |
/// | unknown | anything but `ask_user` and `new_request` | message: the `U` fallback; next action: the code's where it fits, `poll` (the `A` fallback) where the code inquires first, else the `U` fallback |
///
/// The code's row is a candidate only where the status rule
/// ([`Status::lets_entry_decide`]) lets it decide. `Copy`, 16 bytes, nothing allocated: it
/// holds the catalog, the code's row number and which rows decided.
///
/// ```
/// use errcat::{CATALOG, RetryPolicy, State, Status};
///
/// // A pay answered F ORDER_IS_CLOSED: the order may be paid after all; inquire it first.
/// let d = CATALOG.classify_result(Status::Failed, "ORDER_IS_CLOSED");
/// assert_eq!(d.state(), State::Unknown);
/// assert!(matches!(d.retry(), RetryPolicy::Poll { .. }));
/// assert_eq!(d.user_message(), CATALOG.decide(State::Unknown, Status::Unknown, "").user_message());
/// ```
#[derive(Copy, Clone)]
pub struct Decision {
    catalog: &'static Catalog,
    /// The code's row, or [`NO_CODE`] (a `u32`, so that a decision fits in two registers).
    code: u32,
    status: Status,
    state: State,
    next: Source,
    message: Source,
}

/// The `code` of a decision without a catalogued code.
const NO_CODE: u32 = u32::MAX;

impl Decision {
    /// A result read as an operation's own: its state comes from the row that decides under
    /// the status rule, so the next action and message are that row's (the same rows
    /// [`Decision::new`] picks for that state, written out for `classify`'s speed).
    #[inline]
    pub(crate) fn own(catalog: &'static Catalog, status: Status, code: Option<usize>) -> Decision {
        let row = code
            .map(|i| catalog.__row(i))
            .filter(|row| status.lets_entry_decide(row.status, row.retry));
        let (state, next, message) = match row {
            // An F that says the order may be paid after all: inquire it first.
            Some(row) if status == Status::Failed && row.inquires_first() => (
                State::Unknown,
                Source::Fallback(Status::Accepted),
                Source::Fallback(Status::Unknown),
            ),
            Some(row) => (own_state(status, row.retry), Source::Code, Source::Code),
            None => {
                let fallback = Source::Fallback(status);
                let state = own_state(status, catalog.__fallback(status).retry);
                (state, fallback, fallback)
            }
        };
        Decision::from_rows(catalog, code, status, state, next, message)
    }

    /// The decision for `state`, with the status and code that came with it: the table.
    pub(crate) fn new(
        catalog: &'static Catalog,
        state: State,
        status: Status,
        code: Option<usize>,
    ) -> Decision {
        let row = code
            .map(|i| catalog.__row(i))
            .filter(|row| status.lets_entry_decide(row.status, row.retry));
        let fallback = match state {
            State::Succeeded => Status::Success,
            State::Failed => Status::Failed,
            State::Pending => Status::Accepted,
            State::Retry | State::Unknown => Status::Unknown,
        };
        let next = match row {
            Some(row) if state == State::Unknown && row.inquires_first() => {
                Source::Fallback(Status::Accepted)
            }
            Some(row) if row.retry.fits(state) => Source::Code,
            _ => Source::Fallback(fallback),
        };
        let message = if state == State::Unknown {
            Source::Fallback(Status::Unknown)
        } else {
            next
        };
        Decision::from_rows(catalog, code, status, state, next, message)
    }

    /// The decision whose next action and message come from the rows `next` and `message`.
    #[inline]
    fn from_rows(
        catalog: &'static Catalog,
        code: Option<usize>,
        status: Status,
        state: State,
        next: Source,
        message: Source,
    ) -> Decision {
        Decision {
            catalog,
            // A catalog has far fewer than `u32::MAX` codes (the generator's scale is 10,000).
            code: code.and_then(|i| u32::try_from(i).ok()).unwrap_or(NO_CODE),
            status,
            state,
            next,
            message,
        }
    }

    /// The policy and messages of a row.
    fn row(&self, source: Source) -> (RetryPolicy, &'static [(&'static str, &'static str)]) {
        match (source, self.code_index()) {
            (Source::Code, Some(i)) => {
                let row = self.catalog.__row(i);
                (row.retry, row.messages)
            }
            // `Source::Code` always has a code; the status's fallback is the safe reading.
            (_, _) => {
                let status = match source {
                    Source::Fallback(status) => status,
                    Source::Code => self.status,
                };
                let row = self.catalog.__fallback(status);
                (row.retry, row.messages)
            }
        }
    }

    /// The state: succeeded, failed, pending, retry or unknown.
    ///
    /// ```
    /// use errcat::{CATALOG, State, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Failed, "PROCESS_FAIL").state(), State::Failed);
    /// ```
    #[inline]
    pub fn state(&self) -> State {
        self.state
    }

    /// The status that came with the code: the response's own.
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Accepted, "SUCCESS").status(), Status::Accepted);
    /// ```
    #[inline]
    pub fn status(&self) -> Status {
        self.status
    }

    /// What to do next: the policy of the row that decided it, which the state allows.
    ///
    /// ```
    /// use errcat::{CATALOG, RetryPolicy, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Failed, "EXPIRED_ACCESS_TOKEN").retry(), RetryPolicy::RefreshToken);
    /// ```
    #[inline]
    pub fn retry(&self) -> RetryPolicy {
        self.row(self.next).0
    }

    /// The catalogued code (its own string, for an alias too), or `None` for a code the
    /// catalog lacks.
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Failed, "NOPE").code(), None);
    /// ```
    #[inline]
    pub fn code(&self) -> Option<&'static str> {
        self.code_index().map(|i| self.catalog.__row(i).code)
    }

    #[inline]
    fn code_index(&self) -> Option<usize> {
        (self.code != NO_CODE).then_some(self.code as usize)
    }

    /// The catalogued code's row number (its place in the catalog's `Code::ALL`).
    #[doc(hidden)]
    #[inline]
    pub fn __code_index(&self) -> Option<usize> {
        self.code_index()
    }

    /// The catalog the decision was read with.
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert!(core::ptr::eq(CATALOG.classify("SUCCESS").catalog(), &CATALOG));
    /// ```
    #[inline]
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The row the next action comes from.
    ///
    /// ```
    /// use errcat::{CATALOG, Source, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Unknown, "NOPE").next_from(), Source::Fallback(Status::Unknown));
    /// ```
    #[inline]
    pub fn next_from(&self) -> Source {
        self.next
    }

    /// The row the message comes from: the same as [`next_from`](Self::next_from), except
    /// for an unknown state, whose message is always the `U` fallback's.
    ///
    /// ```
    /// use errcat::{CATALOG, Source, Status};
    /// assert_eq!(CATALOG.classify("INSUFFICIENT_BALANCE").message_from(), Source::Code);
    /// ```
    #[inline]
    pub fn message_from(&self) -> Source {
        self.message
    }

    /// Whether the code's own row decided the next action (`false` where the status or the
    /// state overrode it, or the code is uncatalogued).
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert!(!CATALOG.classify_result(Status::Accepted, "SUCCESS").decided_by_code());
    /// ```
    #[inline]
    pub fn decided_by_code(&self) -> bool {
        self.next == Source::Code
    }

    /// Every message of the row the message comes from, as `(locale, text)` pairs, English
    /// first.
    ///
    /// ```
    /// use errcat::CATALOG;
    /// assert_eq!(CATALOG.classify("SUCCESS").messages()[0].0, "en");
    /// ```
    #[inline]
    pub fn messages(&self) -> &'static [(&'static str, &'static str)] {
        self.row(self.message).1
    }

    /// The English message for the person paying, from the catalog (never from server text).
    ///
    /// ```
    /// use errcat::CATALOG;
    /// assert!(CATALOG.classify("INSUFFICIENT_BALANCE").user_message().contains("balance"));
    /// ```
    #[inline]
    pub fn user_message(&self) -> &'static str {
        self.messages().first().map_or("", |m| m.1)
    }

    /// The message for the person paying in `locale` (a BCP 47 tag; see the crate docs for
    /// how tags are matched).
    ///
    /// ```
    /// use errcat::CATALOG;
    /// assert_eq!(CATALOG.classify("SUCCESS").user_message_in("zh-CN"), "操作成功。");
    /// ```
    #[inline]
    pub fn user_message_in(&self, locale: &str) -> &'static str {
        crate::locale::pick(self.messages(), locale)
    }

    /// The code's description, or the status's fallback's for an uncatalogued code.
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert_eq!(CATALOG.classify_result(Status::Unknown, "NOPE").description(), "Result unknown, retry or poll for status");
    /// ```
    #[inline]
    pub fn description(&self) -> &'static str {
        match self.code_index() {
            Some(i) => self.catalog.__row(i).description,
            None => self.catalog.__fallback(self.status).description,
        }
    }

    /// The code's resolution, or the status's fallback's for an uncatalogued code.
    ///
    /// ```
    /// use errcat::{CATALOG, Status};
    /// assert_eq!(CATALOG.classify("INSUFFICIENT_BALANCE").resolution(), "Inform customer");
    /// ```
    #[inline]
    pub fn resolution(&self) -> &'static str {
        match self.code_index() {
            Some(i) => self.catalog.__row(i).resolution,
            None => self.catalog.__fallback(self.status).resolution,
        }
    }
}

/// The state of an operation's own result of `status` whose deciding row's policy is `policy`.
#[inline]
const fn own_state(status: Status, policy: RetryPolicy) -> State {
    if matches!(status, Status::Success) {
        State::Succeeded
    } else if policy.polls() {
        State::Pending
    } else if policy.resends() {
        State::Retry
    } else if policy.is_final() {
        State::Failed
    } else {
        // A validated catalog has no such row under the status rule (an F fallback that asks
        // for a new request id): nothing can be said.
        State::Unknown
    }
}

impl PartialEq for Decision {
    fn eq(&self, other: &Decision) -> bool {
        core::ptr::eq(self.catalog, other.catalog)
            && self.code == other.code
            && self.status == other.status
            && self.state == other.state
            && self.next == other.next
            && self.message == other.message
    }
}

impl Eq for Decision {}

impl Hash for Decision {
    fn hash<H: Hasher>(&self, state: &mut H) {
        core::ptr::hash(self.catalog, state);
        (self.code, self.status, self.state, self.next, self.message).hash(state);
    }
}

impl fmt::Debug for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decision")
            .field("code", &self.code())
            .field("status", &self.status)
            .field("state", &self.state)
            .field("retry", &self.retry())
            .field("next_from", &self.next)
            .field("message_from", &self.message)
            .finish()
    }
}
