//! One payment, from the first `pay` to a final answer, as a state machine without I/O
//! (feature `json`).
//!
//! [`PaymentFlow`] owns no socket, no clock and no runtime, in the way quinn-proto and rustls
//! are written: the caller sends what it is told to, feeds each response body back with the
//! time that has passed, and gets the next [`Step`]. It follows the platform's guidance and
//! puts money first, and every answer it reads is one decision of the catalog it runs over
//! (errcat's by default, or a crate's own: [`PaymentFlow::with_catalog`]):
//!
//! - a `pay` answered `retry` (`U`, or an `F` whose code resends, such as `F SYSTEM_BUSY`), or
//!   not answered at all, is resent with the **same** request id on the catalog's backoff (a
//!   token refresh first where the code says so). Once the attempts run out it ends `failed`
//!   only if every answer to that request id was an `F`; if any was a `U`, or a call got no
//!   answer, the payment may have been charged and the flow asks the inquiry API;
//! - a pending payment (A, `PAYMENT_IN_PROCESS`) is inquired at the catalog's poll interval
//!   until its timeout (3 s for 60 s), then **cancelled**; it is failed only once the cancel
//!   succeeded, a cancel that answers U is repeated, and a cancel that fails ends as unknown
//!   with "reconcile";
//! - an `F` whose code says the order may already be paid or closed (`ORDER_IS_CLOSED`,
//!   marked `inquire_first` in `codes.toml`) or asks for a new request id
//!   (`REPEAT_REQ_INCONSISTENT`) reads `unknown`: the old request id is inquired first, and a
//!   new id is used (or the person paying asked) only once it is known not to be paid;
//! - a decline (`F INSUFFICIENT_BALANCE`, `F PROCESS_FAIL`) ends `failed` at once, asking the
//!   person paying where its policy says so;
//! - the flow ends `succeeded` only where a body said so (a pay's S, an inquiry's SUCCESS), and
//!   once a pay may have been charged it ends `failed` only through an inquiry that says so or
//!   a successful cancel.
//!
//! ```
//! use std::time::Duration;
//! use errcat::State;
//! use errcat::flow::{Call, PaymentFlow, Reply, Step};
//!
//! let mut flow = PaymentFlow::new(7);
//! assert_eq!(flow.start(), Step::Send { call: Call::Pay, request: 0, after: Duration::ZERO });
//! // The pay answers "in process": poll the inquiry at the catalog's interval.
//! let pay = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}"#;
//! let step = flow.on_reply(Duration::from_millis(200), Reply::Body(pay));
//! assert_eq!(step, Step::Send { call: Call::Inquiry, request: 0, after: Duration::from_secs(3) });
//! // The inquiry's own call worked and the payment's state is SUCCESS: paid.
//! let inquiry = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"},"paymentStatus":"SUCCESS"}"#;
//! let Step::Done(done) = flow.on_reply(Duration::from_millis(3300), Reply::Body(inquiry)) else {
//!     panic!("an inquiry that says SUCCESS ends the flow");
//! };
//! assert_eq!(done.state(), State::Succeeded);
//! ```

use alloc::string::String;
use core::time::Duration;

use crate::{Api, CATALOG, Catalog, Decision, Outcome, RetryPolicy, State, Status, telemetry};

/// A call the flow asks the caller to send.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Call {
    /// The `pay` request itself.
    Pay,
    /// `inquiryPayment` for the payment request id.
    Inquiry,
    /// `cancel` for the payment request id.
    Cancel,
}

impl Call {
    /// The API whose body answers this call.
    ///
    /// ```
    /// use errcat::{flow::Call, Api};
    /// assert_eq!(Call::Inquiry.api(), Api::InquiryPayment);
    /// ```
    pub const fn api(self) -> Api {
        match self {
            Call::Pay => Api::Pay,
            Call::Inquiry => Api::InquiryPayment,
            Call::Cancel => Api::Cancel,
        }
    }
}

/// What the caller does next.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Step {
    /// Wait `after` (zero: at once), then send `call` for payment request id number `request`
    /// (0 is the first id; 1 a new id the flow asked for, which the caller makes up), and feed
    /// its answer to [`PaymentFlow::on_reply`].
    Send {
        /// The call to send.
        call: Call,
        /// Which payment request id: 0 for the first, 1 for a new one.
        request: u32,
        /// How long to wait before sending.
        after: Duration,
    },
    /// Refresh the access token, then send `call` for id number `request` at once. If the
    /// refresh itself fails, feed [`Reply::TokenRefreshFailed`].
    RefreshToken {
        /// The call to send with the new token.
        call: Call,
        /// Which payment request id.
        request: u32,
    },
    /// The payment did not go through, and the person paying must act (show a fresh QR code,
    /// authorize again, choose to pay again): show them
    /// `done.decision().user_message_in(locale)` and send nothing on their behalf.
    /// The flow is over.
    AskUser(Done),
    /// The flow is over.
    Done(Done),
}

/// A response to the call of the last [`Step::Send`] or [`Step::RefreshToken`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Reply<'a> {
    /// The body of the HTTP response, whatever its HTTP status.
    Body(&'a [u8]),
    /// No body: a timeout, a dropped connection. For a `pay` this means it may have been
    /// charged.
    NoAnswer,
    /// The token refresh of a [`Step::RefreshToken`] failed, so the call was not sent.
    TokenRefreshFailed,
}

/// How the flow ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Done {
    state: State,
    code: Option<String>,
    decision: Decision,
    reconcile: bool,
    request: u32,
}

impl Done {
    /// [`State::Succeeded`] (paid), [`State::Failed`] (not paid: the platform said so, or a
    /// cancel succeeded) or [`State::Unknown`] (see [`needs_reconcile`](Self::needs_reconcile)).
    ///
    /// ```
    /// # use std::time::Duration;
    /// use errcat::{flow::{PaymentFlow, Reply, Step}, State};
    /// let mut flow = PaymentFlow::new(0);
    /// flow.start();
    /// let body = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":""}}"#;
    /// let Step::Done(done) = flow.on_reply(Duration::ZERO, Reply::Body(body)) else { panic!() };
    /// assert_eq!(done.state(), State::Failed);
    /// ```
    pub fn state(&self) -> State {
        self.state
    }

    /// The code that explains the end, exactly as sent (`None` for a success, and for a
    /// payment cancelled at the poll timeout).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use errcat::flow::{PaymentFlow, Reply, Step};
    /// # let mut flow = PaymentFlow::new(0);
    /// # flow.start();
    /// # let body = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":""}}"#;
    /// # let Step::Done(done) = flow.on_reply(Duration::ZERO, Reply::Body(body)) else { panic!() };
    /// assert_eq!(done.code(), Some("INSUFFICIENT_BALANCE"));
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The catalog's decision for the end: the user message to show, and the policy that ended
    /// it (for [`Step::AskUser`], [`RetryPolicy::AskUser`]), which agree with the state.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use errcat::flow::{PaymentFlow, Reply, Step};
    /// # let mut flow = PaymentFlow::new(0);
    /// # flow.start();
    /// # let body = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":""}}"#;
    /// # let Step::Done(done) = flow.on_reply(Duration::ZERO, Reply::Body(body)) else { panic!() };
    /// assert!(done.decision().user_message().contains("balance"));
    /// ```
    pub fn decision(&self) -> Decision {
        self.decision
    }

    /// True where nobody can say whether money moved (a cancel that failed or never got an
    /// answer, an old request paid with other parameters): a person must reconcile it with the
    /// platform's records. The state is then [`State::Unknown`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use errcat::flow::{PaymentFlow, Reply, Step};
    /// # let mut flow = PaymentFlow::new(0);
    /// # flow.start();
    /// # let body = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE","resultMessage":""}}"#;
    /// # let Step::Done(done) = flow.on_reply(Duration::ZERO, Reply::Body(body)) else { panic!() };
    /// assert!(!done.needs_reconcile());
    /// ```
    pub fn needs_reconcile(&self) -> bool {
        self.reconcile
    }

    /// The payment request id number the end is about (0 for the first id, 1 for a new one).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use errcat::flow::{PaymentFlow, Reply, Step};
    /// # let mut flow = PaymentFlow::new(0);
    /// # flow.start();
    /// # let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":""}}"#;
    /// # let Step::Done(done) = flow.on_reply(Duration::ZERO, Reply::Body(body)) else { panic!() };
    /// assert_eq!(done.request(), 0);
    /// ```
    pub fn request(&self) -> u32 {
        self.request
    }
}

/// Why the flow is inquiring.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Purpose {
    /// The payment is pending or its pay had no final answer: poll until final, then cancel.
    Settle,
    /// The pay's answer asks for a new request id: find out first whether the old one is paid.
    BeforeNewId,
    /// The pay's answer says the order may already be paid or closed (`ORDER_IS_CLOSED`):
    /// find out first whether this request id is paid after all; if not, the held end stands.
    BeforeEnd,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Phase {
    Paying,
    Inquiring(Purpose),
    Cancelling(Purpose),
}

/// The payment flow for one payment: see the [module docs](self).
///
/// Bounded by the catalog: at most the backoff's `max_attempts` sends of each `pay` and each
/// `cancel` (a resend after a token refresh included), as many inquiries as the poll policy's
/// interval fits in its timeout (whatever the clock says), one token refresh, and one new
/// request id.
#[derive(Clone, Debug)]
pub struct PaymentFlow {
    catalog: &'static Catalog,
    phase: Phase,
    /// The payment request id number: 0, then 1 after a new id.
    request: u32,
    /// Sends of the current pay or cancel under its backoff.
    sent: u32,
    /// Inquiries of the current polling, when it started (the caller's clock), and its
    /// policy: interval, timeout and the most inquiries.
    inquiries: u32,
    poll_start: Duration,
    poll: (Duration, Duration, u32),
    /// A pay of this request id answered U, A or nothing: it may have been charged.
    maybe_charged: bool,
    refreshed: bool,
    /// The end to give if the token refresh of a pay fails (the pay was not sent), or, while
    /// inquiring before the end, the end to give.
    held: Option<Done>,
    done: Option<Step>,
    seed: u64,
    /// The calls asked for so far, by `Call as usize` (pay, inquiry, cancel): for telemetry.
    calls: [u32; 3],
}

impl PaymentFlow {
    /// A flow for one payment, over errcat's own catalog. `seed` spreads the backoff's jitter:
    /// give each payment its own (a hash of its request id, say), so that many clients do not
    /// retry in step.
    ///
    /// ```
    /// let flow = errcat::flow::PaymentFlow::new(42);
    /// # let _ = flow;
    /// ```
    pub fn new(seed: u64) -> PaymentFlow {
        PaymentFlow::with_catalog(&CATALOG, seed)
    }

    /// A flow for one payment over `catalog`: a crate whose `codes.toml` extends errcat's
    /// passes the `CATALOG` its `include_catalog!()` defines, so that its own codes decide
    /// (its `U` code that polls is inquired, never resent).
    ///
    /// ```
    /// let flow = errcat::flow::PaymentFlow::with_catalog(&errcat::CATALOG, 42);
    /// # let _ = flow;
    /// ```
    pub fn with_catalog(catalog: &'static Catalog, seed: u64) -> PaymentFlow {
        PaymentFlow {
            catalog,
            phase: Phase::Paying,
            request: 0,
            sent: 1,
            inquiries: 0,
            poll_start: Duration::ZERO,
            poll: poll_policy(catalog, None),
            maybe_charged: false,
            refreshed: false,
            held: None,
            done: None,
            seed,
            calls: [0; 3],
        }
    }

    /// The first step: send the `pay` (after the flow is over, its last step).
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::{Call, PaymentFlow, Step};
    /// let mut flow = PaymentFlow::new(0);
    /// assert_eq!(flow.start(), Step::Send { call: Call::Pay, request: 0, after: Duration::ZERO });
    /// ```
    pub fn start(&mut self) -> Step {
        match &self.done {
            Some(done) => done.clone(),
            None => self.send(self.call(), Duration::ZERO),
        }
    }

    /// Feeds the answer to the last call and gives the next step. `now` is the time since the
    /// flow started, on the caller's clock (it decides the poll timeout). A body that cannot be
    /// read counts as no answer. Once the flow is over it keeps giving its last step.
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::{Call, PaymentFlow, Reply, Step};
    /// let mut flow = PaymentFlow::new(0);
    /// flow.start();
    /// // No answer to a pay: it may have been charged, so it is resent with the same id.
    /// let Step::Send { call: Call::Pay, request: 0, .. } = flow.on_reply(Duration::from_secs(30), Reply::NoAnswer) else {
    ///     panic!("a pay without an answer is resent");
    /// };
    /// ```
    pub fn on_reply(&mut self, now: Duration, reply: Reply<'_>) -> Step {
        if let Some(done) = &self.done {
            return done.clone();
        }
        let call = self.call();
        let step = match reply {
            Reply::TokenRefreshFailed => self.on_refresh_failed(now),
            Reply::NoAnswer => self.on_answer(now, None),
            Reply::Body(body) => {
                let outcome = Outcome::from_json_in(self.catalog, Some(call.api()), body).ok();
                self.on_answer(now, outcome.as_ref())
            }
        };
        if matches!(step, Step::Done(_) | Step::AskUser(_)) {
            telemetry::flow_end(&step, now, self.calls);
            self.done = Some(step.clone());
        }
        step
    }

    /// An answer (or none) to the call of the current phase.
    fn on_answer(&mut self, now: Duration, outcome: Option<&Outcome>) -> Step {
        match self.phase {
            Phase::Paying => self.on_pay(now, outcome),
            Phase::Inquiring(purpose) => self.on_inquiry(now, purpose, outcome),
            Phase::Cancelling(purpose) => self.on_cancel(purpose, outcome),
        }
    }

    /// The token refresh failed, so the call was not sent. A pay's last answer stands, unless
    /// an earlier answer left it possibly charged: then only the inquiry may say. Any other
    /// call counts as not answered.
    fn on_refresh_failed(&mut self, now: Duration) -> Step {
        match (self.phase, self.held.take()) {
            (Phase::Paying, Some(end)) if !self.maybe_charged => self.give(end),
            (Phase::Paying, _) => {
                self.maybe_charged = true;
                self.settle_now(now)
            }
            _ => self.on_answer(now, None),
        }
    }

    /// The call the flow is waiting for an answer to.
    fn call(&self) -> Call {
        match self.phase {
            Phase::Paying => Call::Pay,
            Phase::Inquiring(_) => Call::Inquiry,
            Phase::Cancelling(_) => Call::Cancel,
        }
    }

    fn send(&mut self, call: Call, after: Duration) -> Step {
        telemetry::flow_call(&mut self.calls, call);
        Step::Send {
            call,
            request: self.request,
            after,
        }
    }

    fn on_pay(&mut self, now: Duration, outcome: Option<&Outcome>) -> Step {
        let Some(outcome) = outcome else {
            self.maybe_charged = true;
            return self.resend_or(None, |flow: &mut PaymentFlow| flow.settle_now(now));
        };
        self.held = None;
        let next = outcome.retry();
        match outcome.state() {
            State::Succeeded => Step::Done(self.end(State::Succeeded, outcome, false)),
            State::Pending => {
                self.maybe_charged = true;
                self.poll = poll_policy(self.catalog, Some(next));
                self.start_polling(now, Purpose::Settle, self.poll.0)
            }
            State::Retry => {
                // A U (or A) may have been charged; an F was not.
                if outcome.status() != Status::Failed {
                    self.maybe_charged = true;
                }
                // Spent: failed only if every answer to this id was an F (nothing charged).
                let spent = |flow: &mut PaymentFlow| {
                    if flow.maybe_charged {
                        flow.settle_now(now)
                    } else {
                        Step::Done(flow.end(State::Failed, outcome, false))
                    }
                };
                match next {
                    RetryPolicy::RefreshToken if !self.refreshed => {
                        self.held = Some(self.end(State::Failed, outcome, false));
                        self.refresh(Call::Pay)
                    }
                    // The token was refreshed and is refused again: resending cannot help.
                    RetryPolicy::RefreshToken => spent(self),
                    _ => self.resend_or(Some(next), spent),
                }
            }
            // The order may be paid after all (`ORDER_IS_CLOSED`), or the id is spent
            // (`REPEAT_REQ_INCONSISTENT`): ask the platform about this id before anything else.
            State::Unknown if next.polls() => {
                let new_id = outcome
                    .decision()
                    .__code_index()
                    .is_some_and(|i| self.catalog.__row(i).retry == RetryPolicy::NewRequest);
                if new_id && self.request == 0 {
                    return self.start_polling(now, Purpose::BeforeNewId, Duration::ZERO);
                }
                self.held = Some(self.end(State::Failed, outcome, false));
                self.start_polling(now, Purpose::BeforeEnd, Duration::ZERO)
            }
            State::Unknown => {
                self.maybe_charged = true;
                self.resend_or(None, |flow: &mut PaymentFlow| flow.settle_now(now))
            }
            State::Failed => {
                // The platform's F for this id is final, unless an earlier answer left it
                // possibly charged: then only an inquiry may call it failed.
                if self.maybe_charged {
                    return self.settle_now(now);
                }
                let end = self.end(State::Failed, outcome, false);
                self.give(end)
            }
        }
    }

    fn on_inquiry(&mut self, now: Duration, purpose: Purpose, outcome: Option<&Outcome>) -> Step {
        let start = self.poll_start;
        if let Some(outcome) = outcome {
            match (outcome.state(), purpose) {
                (State::Succeeded, Purpose::Settle | Purpose::BeforeEnd) => {
                    return Step::Done(self.end(State::Succeeded, outcome, false));
                }
                // The old id was paid, with other parameters than the request that got
                // REPEAT_REQ_INCONSISTENT: not this payment as asked, and not unpaid either.
                (State::Succeeded, Purpose::BeforeNewId) => {
                    return Step::Done(self.end(State::Unknown, outcome, true));
                }
                (State::Failed, Purpose::Settle) => {
                    return Step::Done(self.end(State::Failed, outcome, false));
                }
                (State::Failed, Purpose::BeforeNewId) => return self.new_request_id(),
                (State::Failed, Purpose::BeforeEnd) => return self.give_held(outcome),
                (State::Unknown, _)
                    if outcome.retry() == RetryPolicy::RefreshToken && !self.refreshed =>
                {
                    return self.refresh(Call::Inquiry);
                }
                _ => {}
            }
        }
        // Pending, no answer, or nothing the flow can act on: ask again at the interval until
        // the timeout (or the most inquiries the policy allows, whatever the clock says).
        let (interval, timeout, most) = self.poll;
        self.inquiries += 1;
        if now.saturating_sub(start) >= timeout || self.inquiries >= most {
            self.phase = Phase::Cancelling(purpose);
            self.sent = 1;
            return self.send(Call::Cancel, Duration::ZERO);
        }
        self.send(Call::Inquiry, interval)
    }

    fn on_cancel(&mut self, purpose: Purpose, outcome: Option<&Outcome>) -> Step {
        let Some(outcome) = outcome else {
            return self.resend_or(None, reconcile_unanswered);
        };
        match outcome.state() {
            State::Retry if outcome.retry() == RetryPolicy::RefreshToken && !self.refreshed => {
                self.refresh(Call::Cancel)
            }
            // The cancel was refused (an F that does not resend, or a token refused after its
            // refresh): nobody can say whether money moved.
            _ if outcome.status() == Status::Failed
                && (outcome.state() != State::Retry
                    || outcome.retry() == RetryPolicy::RefreshToken) =>
            {
                Step::Done(self.end(State::Unknown, outcome, true))
            }
            // Cancelled: nothing was charged, so the payment failed (or, before a new id, the
            // old one is known unpaid).
            State::Succeeded => match purpose {
                Purpose::BeforeNewId => self.new_request_id(),
                Purpose::BeforeEnd => self.give_held(outcome),
                Purpose::Settle => Step::Done(Done {
                    state: State::Failed,
                    code: None,
                    decision: self.catalog.decide(State::Failed, Status::Failed, ""),
                    reconcile: false,
                    request: self.request,
                }),
            },
            State::Failed => Step::Done(self.end(State::Unknown, outcome, true)),
            State::Pending | State::Retry | State::Unknown => {
                self.resend_or(Some(outcome.retry()), reconcile_unanswered)
            }
        }
    }

    /// Resends the current pay or cancel with the same id after the backoff's next wait, or,
    /// once its attempts are spent, does `spent`.
    fn resend_or(
        &mut self,
        next: Option<RetryPolicy>,
        spent: impl FnOnce(&mut PaymentFlow) -> Step,
    ) -> Step {
        let policy = backoff_policy(self.catalog, next);
        let call = self.call();
        if self.sent >= policy.max_attempts() {
            return spent(self);
        }
        // The wait before send number `sent + 1` is the `sent`-th of the schedule.
        let salt = (u64::from(self.request) << 8) | call as u64;
        let wait = policy
            .delays_with_jitter(self.seed ^ salt)
            .nth(self.sent.saturating_sub(1) as usize)
            .unwrap_or_default();
        self.sent += 1;
        self.send(call, wait)
    }

    /// The pay has no final answer and its resends are spent: ask the platform now.
    fn settle_now(&mut self, now: Duration) -> Step {
        self.start_polling(now, Purpose::Settle, Duration::ZERO)
    }

    /// Polling starts now: the timeout counts from this answer.
    fn start_polling(&mut self, now: Duration, purpose: Purpose, after: Duration) -> Step {
        self.phase = Phase::Inquiring(purpose);
        self.inquiries = 0;
        self.poll_start = now;
        self.send(Call::Inquiry, after)
    }

    /// A final end: the person paying is asked where its policy says so.
    fn give(&self, end: Done) -> Step {
        if end.decision.retry() == RetryPolicy::AskUser {
            Step::AskUser(end)
        } else {
            Step::Done(end)
        }
    }

    /// The answer that was held while this request id was inquired stands, now that the id is
    /// known not to be paid.
    fn give_held(&mut self, outcome: &Outcome) -> Step {
        let end = self
            .held
            .take()
            .unwrap_or_else(|| self.end(State::Failed, outcome, false));
        self.give(end)
    }

    /// The resend after a refresh counts as a send of the call (an inquiry as an inquiry).
    fn refresh(&mut self, call: Call) -> Step {
        self.refreshed = true;
        match call {
            Call::Inquiry => self.inquiries += 1,
            Call::Pay | Call::Cancel => self.sent += 1,
        }
        telemetry::flow_call(&mut self.calls, call);
        Step::RefreshToken {
            call,
            request: self.request,
        }
    }

    /// The end, from the answer that decided it: its code, and the catalog's decision for the
    /// end's state (an unknown end says "still confirming", never a failure's message; a failed
    /// one never says that it retries).
    fn end(&self, state: State, outcome: &Outcome, reconcile: bool) -> Done {
        let code = outcome.code().unwrap_or("");
        Done {
            state,
            code: outcome.code().map(String::from),
            decision: self.catalog.decide(state, outcome.status(), code),
            reconcile,
            request: self.request,
        }
    }

    /// The old id is known unpaid: pay again under a new one, once.
    fn new_request_id(&mut self) -> Step {
        self.request += 1;
        self.phase = Phase::Paying;
        self.sent = 1;
        self.maybe_charged = false;
        self.send(Call::Pay, Duration::ZERO)
    }
}

/// A cancel whose resends all went unanswered: nobody knows whether money moved.
fn reconcile_unanswered(flow: &mut PaymentFlow) -> Step {
    Step::Done(Done {
        state: State::Unknown,
        code: None,
        decision: flow.catalog.decide(State::Unknown, Status::Unknown, ""),
        reconcile: true,
        request: flow.request,
    })
}

/// The backoff of the answer's own decision where it backs off (`SYSTEM_BUSY`), else the
/// catalog's `U` fallback (which the validator requires to back off).
fn backoff_policy(catalog: &Catalog, next: Option<RetryPolicy>) -> RetryPolicy {
    match next {
        Some(policy @ RetryPolicy::Backoff { .. }) => policy,
        _ => catalog.__fallback(Status::Unknown).retry,
    }
}

/// The poll policy of the answer's own decision where it polls (`PAYMENT_IN_PROCESS`), else
/// the catalog's `A` fallback (which the validator requires to poll): interval, timeout, and
/// the most inquiries.
fn poll_policy(catalog: &Catalog, next: Option<RetryPolicy>) -> (Duration, Duration, u32) {
    let policy = match next {
        Some(policy @ RetryPolicy::Poll { .. }) => policy,
        _ => catalog.__fallback(Status::Accepted).retry,
    };
    match policy {
        // `max_attempts` counts the request that got the pending answer: the inquiries are the
        // rest, as many as fit in the timeout.
        RetryPolicy::Poll { interval, timeout } => (
            interval,
            timeout,
            policy.max_attempts().saturating_sub(1).max(1),
        ),
        // Unreachable with a validated catalog; cancel at once rather than guess a schedule.
        _ => (Duration::ZERO, Duration::ZERO, 1),
    }
}
