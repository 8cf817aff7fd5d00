//! One payment, from the first `pay` to a final answer, as a state machine without I/O
//! (feature `json`).
//!
//! [`PaymentFlow`] owns no socket, no clock and no runtime, in the way quinn-proto and rustls
//! are written: the caller sends what it is told to, feeds each response body back with the
//! time since the flow started (on the caller's clock), and gets the next [`Step`]. It follows
//! the platform's guidance and puts money first, and every answer it reads is one decision of
//! the catalog it runs over (errcat's by default, or a crate's own:
//! [`PaymentFlow::with_catalog`]):
//!
//! - a `pay` answered `retry` (`U`, or an `F` whose code resends, such as `F SYSTEM_BUSY`), or
//!   not answered at all, is resent with the **same** request id on the catalog's backoff (a
//!   token refresh first where the code says so). Once the attempts run out it ends `failed`
//!   only if every answer to that request id was an `F`; if any was a `U`, or a call got no
//!   answer, the payment may have been charged and the flow asks the inquiry API;
//! - a pending payment (A, `PAYMENT_IN_PROCESS`) is inquired at the poll interval until the
//!   poll window closes (the catalog's: 3 s for 60 s; or the flow's own,
//!   [`PaymentFlow::with_poll`]), counted from the answer that made it pending; then it is
//!   **cancelled**: it is failed only once the cancel succeeded, a cancel that answers U is
//!   repeated, and a cancel that fails ends as unknown with "reconcile";
//! - an `F` whose code says the order may already be paid or closed (`ORDER_IS_CLOSED`,
//!   marked `inquire_first` in `codes.toml`) or asks for a new request id
//!   (`REPEAT_REQ_INCONSISTENT`) reads `unknown`: the old request id is inquired first, and a
//!   new id is used (or the person paying asked) only once it is known not to be paid;
//! - a decline (`F INSUFFICIENT_BALANCE`, `F PROCESS_FAIL`, `F USER_AMOUNT_EXCEED_LIMIT`) ends
//!   `failed` at once, with no inquiry, asking the person paying where its policy says so;
//! - a notification ([`PaymentFlow::on_notification`], the platform's main channel) that says
//!   the payment succeeded or failed ends the flow at once, as an inquiry that said so would;
//!   one still pending changes nothing;
//! - the flow ends `succeeded` only where a body said so (a pay's S, an inquiry's or a
//!   notification's SUCCESS), and once a pay may have been charged it ends `failed` only
//!   through an answer that says so or a successful cancel;
//! - an answer that contradicts the flow (a FAIL after a paid end, a SUCCESS after a failed
//!   one, a paid notification for a request id the flow no longer runs) is a [`Conflict`]: the
//!   end becomes [`State::Unknown`] with [`Done::needs_reconcile`], never the contradicting
//!   state. An answer that agrees with the end is ignored.
//!
//! A flow serializes at any step (it implements `Serialize` and `Deserialize`), and a loaded
//! flow answers every later input exactly as the original would have: save it with the
//! payment, and a service that restarts mid-payment goes on where it was.
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

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Api, CATALOG, Catalog, Decision, Outcome, RetryPolicy, State, Status, telemetry};

/// A call the flow asks the caller to send. Serialized as `"pay"`, `"inquiry"`, `"cancel"`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// `"pay"`, `"inquiry"` or `"cancel"`.
    ///
    /// ```
    /// assert_eq!(errcat::flow::Call::Cancel.as_str(), "cancel");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Call::Pay => "pay",
            Call::Inquiry => "inquiry",
            Call::Cancel => "cancel",
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

/// How a flow ended, as it is kept and saved: the decision is the catalog's, from these.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
struct End {
    state: State,
    status: Status,
    code: Option<String>,
    reconcile: bool,
    request: u32,
}

/// How the flow ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Done {
    end: End,
    decision: Decision,
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
        self.end.state
    }

    /// The code that explains the end, exactly as sent (`None` for a payment cancelled at the
    /// end of its poll window, for calls that all went unanswered, and for an end a
    /// [`Conflict`] made unknown).
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
        self.end.code.as_deref()
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
    /// answer, an old request paid with other parameters, an answer that contradicted the
    /// flow): a person must reconcile it with the platform's records. The state is then
    /// [`State::Unknown`].
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
        self.end.reconcile
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
        self.end.request
    }
}

/// An answer that contradicted the flow: a payment state the platform gave that disagrees with
/// the flow's end (paid, then a FAIL notification; failed, then SUCCESS), or a paid
/// notification for a request id the flow no longer runs (both ids may be charged). The flow's
/// end, whenever it comes, is then [`State::Unknown`] with
/// [`needs_reconcile`](Done::needs_reconcile).
///
/// ```
/// use std::time::Duration;
/// use errcat::State;
/// use errcat::flow::{PaymentFlow, Reply, Step};
///
/// let mut flow = PaymentFlow::new(0);
/// flow.start();
/// let paid = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":""}}"#;
/// flow.on_reply(Duration::from_secs(1), Reply::Body(paid));
/// // The platform then notifies that the same payment failed: nobody can say which is true.
/// let failed = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"F","resultCode":"PROCESS_FAIL","resultMessage":""}}"#;
/// let Step::Done(done) = flow.on_notification(Duration::from_secs(9), 0, failed) else { panic!() };
/// assert_eq!((done.state(), done.needs_reconcile()), (State::Unknown, true));
/// let conflict = flow.last_conflict().unwrap();
/// assert_eq!((conflict.state(), conflict.code()), (State::Failed, Some("PROCESS_FAIL")));
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Conflict {
    state: State,
    code: Option<String>,
    request: u32,
}

impl Conflict {
    /// The payment's state the contradicting answer gave: [`State::Succeeded`] or
    /// [`State::Failed`].
    pub fn state(&self) -> State {
        self.state
    }

    /// The code that explains it, exactly as sent.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The payment request id number the answer was about.
    pub fn request(&self) -> u32 {
        self.request
    }
}

/// Why the flow is inquiring.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
enum Purpose {
    /// The payment is pending or its pay had no final answer: poll until final, then cancel.
    Settle,
    /// The pay's answer asks for a new request id: find out first whether the old one is paid.
    BeforeNewId,
    /// The pay's answer says the order may already be paid or closed (`ORDER_IS_CLOSED`):
    /// find out first whether this request id is paid after all; if not, the held end stands.
    BeforeEnd,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
enum Phase {
    Paying,
    Inquiring(Purpose),
    Cancelling(Purpose),
}

impl Phase {
    /// Why a final answer is awaited: a pay's own outcome settles the payment.
    fn purpose(self) -> Purpose {
        match self {
            Phase::Paying => Purpose::Settle,
            Phase::Inquiring(purpose) | Phase::Cancelling(purpose) => purpose,
        }
    }
}

/// The step the flow asks for now, as it is kept and saved.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
enum Last {
    Send {
        call: Call,
        request: u32,
        after: Duration,
    },
    RefreshToken {
        call: Call,
        request: u32,
    },
    /// The end, and whether the person paying is asked.
    End {
        end: End,
        ask: bool,
    },
}

/// Everything a flow knows but its catalog: what it saves.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
struct Run {
    phase: Phase,
    /// The payment request id number: 0, then 1 after a new id.
    request: u32,
    /// Sends of the current pay or cancel under its backoff.
    sent: u32,
    /// Inquiries of the current polling, when its window opened (the caller's clock), and its
    /// policy: interval, window and the most inquiries.
    inquiries: u32,
    poll_start: Duration,
    poll: (Duration, Duration, u32),
    /// The flow's own poll interval and window, over the catalog's.
    timing: Option<(Duration, Duration)>,
    /// A pay of this request id answered U, A or nothing: it may have been charged.
    maybe_charged: bool,
    refreshed: bool,
    /// The end to give if the token refresh of a pay fails (the pay was not sent), or, while
    /// inquiring before the end, the end to give.
    held: Option<End>,
    /// The step asked for now.
    last: Last,
    /// Answers that contradicted the flow, and the latest.
    conflicts: u32,
    conflict: Option<Conflict>,
    seed: u64,
    /// The calls asked for so far, by `Call as usize` (pay, inquiry, cancel): for telemetry.
    #[serde(default)]
    calls: [u32; 3],
}

/// The payment flow for one payment: see the [module docs](self).
///
/// Bounded: at most the backoff's `max_attempts` sends of each `pay` and each `cancel` (a
/// resend after a token refresh included), as many inquiries as the poll interval fits in the
/// poll window (whatever the clock says), one token refresh, and one new request id.
///
/// # Saving and loading
///
/// `Serialize` writes everything the flow knows but its catalog, under a format number;
/// `Deserialize` loads it over errcat's [`CATALOG`]. A flow that runs over a crate's own
/// catalog is loaded with [`PaymentFlow::deserialize_in`] and that catalog. A flow saved by one
/// version of a service and loaded by the next goes on under the catalog it is loaded with.
///
/// ```
/// use std::time::Duration;
/// use errcat::flow::{PaymentFlow, Reply};
///
/// let mut flow = PaymentFlow::new(7);
/// flow.start();
/// let pay = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}"#;
/// flow.on_reply(Duration::from_millis(200), Reply::Body(pay));
/// let saved = serde_json::to_string(&flow).unwrap();
/// // ... the service restarts ...
/// let mut loaded: PaymentFlow = serde_json::from_str(&saved).unwrap();
/// let inquiry = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":""},"paymentStatus":"PROCESSING"}"#;
/// let now = Duration::from_millis(3400);
/// assert_eq!(loaded.on_reply(now, Reply::Body(inquiry)), flow.on_reply(now, Reply::Body(inquiry)));
/// ```
#[derive(Clone, Debug)]
pub struct PaymentFlow {
    catalog: &'static Catalog,
    run: Run,
}

/// The saved form's format number: a flow saved with another is refused, not misread.
const FORMAT: u32 = 1;

#[derive(Serialize)]
struct SavedRef<'a> {
    errcat_flow: u32,
    flow: &'a Run,
}

#[derive(Deserialize)]
struct Saved {
    errcat_flow: u32,
    flow: Run,
}

impl Serialize for PaymentFlow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SavedRef {
            errcat_flow: FORMAT,
            flow: &self.run,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PaymentFlow {
    /// Loads a saved flow over errcat's own [`CATALOG`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PaymentFlow::deserialize_in(&CATALOG, deserializer)
    }
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
        let mut flow = PaymentFlow {
            catalog,
            run: Run {
                phase: Phase::Paying,
                request: 0,
                sent: 1,
                inquiries: 0,
                poll_start: Duration::ZERO,
                poll: (Duration::ZERO, Duration::ZERO, 1),
                timing: None,
                maybe_charged: false,
                refreshed: false,
                held: None,
                last: Last::Send {
                    call: Call::Pay,
                    request: 0,
                    after: Duration::ZERO,
                },
                conflicts: 0,
                conflict: None,
                seed,
                calls: [0; 3],
            },
        };
        telemetry::flow_call(&mut flow.run.calls, Call::Pay);
        flow.run.poll = flow.poll_for(None);
        flow
    }

    /// This flow's own poll timing: a pending payment is inquired every `interval` until
    /// `window` has passed since the answer that made it pending, then cancelled. The
    /// catalog's poll policy (3 s for 60 s in errcat's) is the default; a redirect or QR
    /// payment that waits for the person paying can wait for its own expiry (up to the
    /// platform's 14 minutes, say). A zero `interval` inquires once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::{Call, PaymentFlow, Reply, Step};
    ///
    /// let mut flow = PaymentFlow::new(0).with_poll(Duration::from_secs(5), Duration::from_secs(14 * 60));
    /// flow.start();
    /// let pay = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}"#;
    /// let step = flow.on_reply(Duration::ZERO, Reply::Body(pay));
    /// assert_eq!(step, Step::Send { call: Call::Inquiry, request: 0, after: Duration::from_secs(5) });
    /// ```
    #[must_use]
    pub fn with_poll(mut self, interval: Duration, window: Duration) -> PaymentFlow {
        self.run.timing = Some((interval, window));
        self.run.poll = self.poll_for(None);
        self
    }

    /// The poll the flow runs for a pending payment whose answer does not say its own: the
    /// interval between inquiries and the window after which it cancels, [`with_poll`]'s, else
    /// the catalog's `A` fallback's (3 s for 60 s in errcat's). For a tool that changes one of
    /// the two and keeps the other.
    ///
    /// [`with_poll`]: PaymentFlow::with_poll
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::PaymentFlow;
    ///
    /// let flow = PaymentFlow::new(0);
    /// assert_eq!(flow.poll(), (Duration::from_secs(3), Duration::from_secs(60)));
    /// let (interval, _) = flow.poll();
    /// let longer = flow.with_poll(interval, Duration::from_secs(14 * 60));
    /// assert_eq!(longer.poll(), (Duration::from_secs(3), Duration::from_secs(840)));
    /// ```
    pub fn poll(&self) -> (Duration, Duration) {
        let (interval, window, _) = self.poll_for(None);
        (interval, window)
    }

    /// Loads a flow that `Serialize` saved, over `catalog`: the catalog it ran over (a crate's
    /// own `CATALOG`), or a later version of it. A saved form of another format, or one that is
    /// not a saved flow, is the deserializer's error.
    ///
    /// ```
    /// use errcat::flow::PaymentFlow;
    /// let saved = serde_json::to_string(&PaymentFlow::new(1)).unwrap();
    /// let mut de = serde_json::Deserializer::from_str(&saved);
    /// let flow = PaymentFlow::deserialize_in(&errcat::CATALOG, &mut de).unwrap();
    /// # let _ = flow;
    /// assert!(serde_json::from_str::<PaymentFlow>(r#"{"errcat_flow":9,"flow":{}}"#).is_err());
    /// ```
    pub fn deserialize_in<'de, D: Deserializer<'de>>(
        catalog: &'static Catalog,
        deserializer: D,
    ) -> Result<PaymentFlow, D::Error> {
        let saved = Saved::deserialize(deserializer)?;
        if saved.errcat_flow != FORMAT {
            return Err(D::Error::custom(format_args!(
                "a payment flow saved in format {}; this errcat reads format {FORMAT}",
                saved.errcat_flow
            )));
        }
        Ok(PaymentFlow {
            catalog,
            run: saved.flow,
        })
    }

    /// The first step: send the `pay`. Later, the same as [`step`](Self::step).
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::{Call, PaymentFlow, Step};
    /// let mut flow = PaymentFlow::new(0);
    /// assert_eq!(flow.start(), Step::Send { call: Call::Pay, request: 0, after: Duration::ZERO });
    /// ```
    pub fn start(&mut self) -> Step {
        self.step()
    }

    /// The step the flow asks for now: the one the last input gave (the first: send the
    /// `pay`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::flow::{Call, PaymentFlow, Step};
    /// let flow = PaymentFlow::new(0);
    /// assert_eq!(flow.step(), Step::Send { call: Call::Pay, request: 0, after: Duration::ZERO });
    /// ```
    pub fn step(&self) -> Step {
        match &self.run.last {
            Last::Send {
                call,
                request,
                after,
            } => Step::Send {
                call: *call,
                request: *request,
                after: *after,
            },
            Last::RefreshToken { call, request } => Step::RefreshToken {
                call: *call,
                request: *request,
            },
            Last::End { end, ask } => {
                let done = Done {
                    decision: self.catalog.decide(
                        end.state,
                        end.status,
                        end.code.as_deref().unwrap_or(""),
                    ),
                    end: end.clone(),
                };
                if *ask {
                    Step::AskUser(done)
                } else {
                    Step::Done(done)
                }
            }
        }
    }

    /// How many answers contradicted the flow (see [`Conflict`]).
    ///
    /// ```
    /// assert_eq!(errcat::flow::PaymentFlow::new(0).conflicts(), 0);
    /// ```
    pub fn conflicts(&self) -> u32 {
        self.run.conflicts
    }

    /// The latest answer that contradicted the flow, if any did.
    ///
    /// ```
    /// assert!(errcat::flow::PaymentFlow::new(0).last_conflict().is_none());
    /// ```
    pub fn last_conflict(&self) -> Option<&Conflict> {
        self.run.conflict.as_ref()
    }

    /// The catalog the flow reads answers with.
    ///
    /// ```
    /// let flow = errcat::flow::PaymentFlow::new(0);
    /// assert!(core::ptr::eq(flow.catalog(), &errcat::CATALOG));
    /// ```
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The call whose answer the flow waits for (after the end: the last one it asked for).
    ///
    /// ```
    /// use errcat::flow::{Call, PaymentFlow};
    /// assert_eq!(PaymentFlow::new(0).awaiting(), Call::Pay);
    /// ```
    pub fn awaiting(&self) -> Call {
        match self.run.phase {
            Phase::Paying => Call::Pay,
            Phase::Inquiring(_) => Call::Inquiry,
            Phase::Cancelling(_) => Call::Cancel,
        }
    }

    /// Feeds the answer to the last call and gives the next step. `now` is the time since the
    /// flow started, on the caller's clock (it decides the poll window). A body that cannot be
    /// read counts as no answer. An answer after the end is ignored where it agrees with the
    /// end, and is a [`Conflict`] where it contradicts it.
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
        let call = self.awaiting();
        let outcome = match reply {
            Reply::Body(body) => Outcome::from_json_in(self.catalog, Some(call.api()), body).ok(),
            Reply::NoAnswer | Reply::TokenRefreshFailed => None,
        };
        let last = if let Last::End { .. } = self.run.last {
            let said = outcome.as_ref().and_then(|o| payment_said(call, o));
            self.after_end(self.run.request, said)
        } else if reply == Reply::TokenRefreshFailed {
            self.on_refresh_failed(now)
        } else {
            match self.run.phase {
                Phase::Paying => self.on_pay(now, outcome.as_ref()),
                Phase::Inquiring(purpose) => self.on_inquiry(now, purpose, outcome.as_ref()),
                Phase::Cancelling(purpose) => self.on_cancel(purpose, outcome.as_ref()),
            }
        };
        self.record(now, last)
    }

    /// Feeds a notification (`notifyPayment`) that arrived for payment request id number
    /// `request` (0 for the first id, 1 for a new one), at any time, and gives the step the
    /// flow asks for now. For the request id the flow runs, a notification that says the
    /// payment succeeded or failed ends the flow at once, as an inquiry that said so would; one
    /// that is still pending, or cannot be read, changes nothing (the call the flow asked for
    /// stands). One for a request id the flow no longer runs never ends it: if it says paid,
    /// both ids may be charged, a [`Conflict`]; otherwise it is ignored. After the end, it is
    /// ignored where it agrees and a [`Conflict`] where it contradicts.
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::{State, flow::{PaymentFlow, Reply, Step}};
    ///
    /// let mut flow = PaymentFlow::new(0);
    /// flow.start();
    /// let pay = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}"#;
    /// flow.on_reply(Duration::from_millis(300), Reply::Body(pay));
    /// let notify = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}}"#;
    /// let Step::Done(done) = flow.on_notification(Duration::from_secs(4), 0, notify) else { panic!() };
    /// assert_eq!(done.state(), State::Succeeded);
    /// // The same notification again is harmless.
    /// assert_eq!(flow.on_notification(Duration::from_secs(5), 0, notify), Step::Done(done));
    /// ```
    pub fn on_notification(&mut self, now: Duration, request: u32, body: &[u8]) -> Step {
        let outcome = Outcome::from_json_in(self.catalog, Some(Api::NotifyPayment), body).ok();
        let said = outcome
            .as_ref()
            .filter(|o| matches!(o.state(), State::Succeeded | State::Failed));
        let last = match (&self.run.last, said) {
            (Last::End { .. }, _) => self.after_end(request, said.map(|o| (o.state(), o.code()))),
            (_, Some(outcome)) if request != self.run.request => {
                if outcome.state() == State::Succeeded {
                    self.conflict(State::Succeeded, outcome.code(), request);
                }
                self.run.last.clone()
            }
            (_, Some(outcome)) => match self.on_final(self.run.phase.purpose(), outcome) {
                Some(last) => last,
                None => self.run.last.clone(),
            },
            (_, None) => self.run.last.clone(),
        };
        self.record(now, last)
    }

    /// Keeps the step asked for now and gives it. An end after a [`Conflict`] is unknown, to
    /// reconcile.
    fn record(&mut self, now: Duration, mut last: Last) -> Step {
        if let Last::End { end, ask } = &mut last {
            if self.run.conflicts > 0 && !(end.state == State::Unknown && end.reconcile) {
                *end = self.unknown_end();
                *ask = false;
            }
        }
        let ends = matches!(last, Last::End { .. }) && !matches!(self.run.last, Last::End { .. });
        self.run.last = last;
        let step = self.step();
        if ends {
            telemetry::flow_end(&step, now, self.run.calls);
        }
        step
    }

    /// An answer after the end, about request id number `request`, that says the payment is
    /// `said` (paid or failed), with the code that explains it: a conflict where it
    /// contradicts the end, or says paid about another request id; ignored otherwise.
    fn after_end(&mut self, request: u32, said: Option<(State, Option<&str>)>) -> Last {
        let Last::End { end, .. } = &self.run.last else {
            return self.run.last.clone();
        };
        let Some((state, code)) = said else {
            return self.run.last.clone();
        };
        let contradicts = matches!(
            (end.state, state),
            (State::Succeeded, State::Failed) | (State::Failed, State::Succeeded)
        ) || (state == State::Succeeded && request != end.request);
        if contradicts {
            self.conflict(state, code, request);
            Last::End {
                end: self.unknown_end(),
                ask: false,
            }
        } else {
            self.run.last.clone()
        }
    }

    fn conflict(&mut self, state: State, code: Option<&str>, request: u32) {
        self.run.conflicts = self.run.conflicts.saturating_add(1);
        self.run.conflict = Some(Conflict {
            state,
            code: code.map(String::from),
            request,
        });
    }

    /// The token refresh failed, so the call was not sent. A pay's last answer stands, unless
    /// an earlier answer left it possibly charged: then only the inquiry may say. Any other
    /// call counts as not answered.
    fn on_refresh_failed(&mut self, now: Duration) -> Last {
        match (self.run.phase, self.run.held.take()) {
            (Phase::Paying, Some(end)) if !self.run.maybe_charged => self.give(end),
            (Phase::Paying, _) => {
                self.run.maybe_charged = true;
                self.settle_now(now)
            }
            (Phase::Inquiring(purpose), _) => self.on_inquiry(now, purpose, None),
            (Phase::Cancelling(purpose), _) => self.on_cancel(purpose, None),
        }
    }

    fn send(&mut self, call: Call, after: Duration) -> Last {
        telemetry::flow_call(&mut self.run.calls, call);
        Last::Send {
            call,
            request: self.run.request,
            after,
        }
    }

    fn on_pay(&mut self, now: Duration, outcome: Option<&Outcome>) -> Last {
        let Some(outcome) = outcome else {
            self.run.maybe_charged = true;
            return self.resend_or(None, |flow: &mut PaymentFlow| flow.settle_now(now));
        };
        self.run.held = None;
        let next = outcome.retry();
        match outcome.state() {
            State::Succeeded => self.ended(self.end(State::Succeeded, outcome, false)),
            State::Pending => {
                self.run.maybe_charged = true;
                self.run.poll = self.poll_for(Some(next));
                self.start_polling(now, Purpose::Settle, self.run.poll.0)
            }
            State::Retry => {
                // A U (or A) may have been charged; an F was not.
                if outcome.status() != Status::Failed {
                    self.run.maybe_charged = true;
                }
                // Spent: failed only if every answer to this id was an F (nothing charged).
                let spent = |flow: &mut PaymentFlow| {
                    if flow.run.maybe_charged {
                        flow.settle_now(now)
                    } else {
                        flow.ended(flow.end(State::Failed, outcome, false))
                    }
                };
                match next {
                    RetryPolicy::RefreshToken if !self.run.refreshed => {
                        self.run.held = Some(self.end(State::Failed, outcome, false));
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
                if new_id && self.run.request == 0 {
                    return self.start_polling(now, Purpose::BeforeNewId, Duration::ZERO);
                }
                self.run.held = Some(self.end(State::Failed, outcome, false));
                self.start_polling(now, Purpose::BeforeEnd, Duration::ZERO)
            }
            State::Unknown => {
                self.run.maybe_charged = true;
                self.resend_or(None, |flow: &mut PaymentFlow| flow.settle_now(now))
            }
            State::Failed => {
                // The platform's F for this id is final, unless an earlier answer left it
                // possibly charged: then only an inquiry may call it failed.
                if self.run.maybe_charged {
                    return self.settle_now(now);
                }
                let end = self.end(State::Failed, outcome, false);
                self.give(end)
            }
        }
    }

    /// An answer that says the payment succeeded or failed (an inquiry's, a notification's),
    /// while the flow waits for one for `purpose`; `None` for any other answer.
    fn on_final(&mut self, purpose: Purpose, outcome: &Outcome) -> Option<Last> {
        Some(match (outcome.state(), purpose) {
            (State::Succeeded, Purpose::Settle | Purpose::BeforeEnd) => {
                self.ended(self.end(State::Succeeded, outcome, false))
            }
            // The old id was paid, with other parameters than the request that got
            // REPEAT_REQ_INCONSISTENT: not this payment as asked, and not unpaid either.
            (State::Succeeded, Purpose::BeforeNewId) => {
                self.ended(self.end(State::Unknown, outcome, true))
            }
            (State::Failed, Purpose::Settle) => self.ended(self.end(State::Failed, outcome, false)),
            (State::Failed, Purpose::BeforeNewId) => self.new_request_id(),
            (State::Failed, Purpose::BeforeEnd) => self.give_held(outcome),
            _ => return None,
        })
    }

    fn on_inquiry(&mut self, now: Duration, purpose: Purpose, outcome: Option<&Outcome>) -> Last {
        if let Some(outcome) = outcome {
            if let Some(last) = self.on_final(purpose, outcome) {
                return last;
            }
            if outcome.state() == State::Unknown
                && outcome.retry() == RetryPolicy::RefreshToken
                && !self.run.refreshed
            {
                return self.refresh(Call::Inquiry);
            }
        }
        // Pending, no answer, or nothing the flow can act on: ask again at the interval until
        // the window closes (or the most inquiries the policy allows, whatever the clock says).
        let (interval, window, most) = self.run.poll;
        self.run.inquiries = self.run.inquiries.saturating_add(1);
        if now.saturating_sub(self.run.poll_start) >= window || self.run.inquiries >= most {
            self.run.phase = Phase::Cancelling(purpose);
            self.run.sent = 1;
            return self.send(Call::Cancel, Duration::ZERO);
        }
        self.send(Call::Inquiry, interval)
    }

    fn on_cancel(&mut self, purpose: Purpose, outcome: Option<&Outcome>) -> Last {
        let Some(outcome) = outcome else {
            return self.resend_or(None, reconcile_unanswered);
        };
        match outcome.state() {
            State::Retry if outcome.retry() == RetryPolicy::RefreshToken && !self.run.refreshed => {
                self.refresh(Call::Cancel)
            }
            // The cancel was refused (an F that does not resend, or a token refused after its
            // refresh): nobody can say whether money moved.
            _ if outcome.status() == Status::Failed
                && (outcome.state() != State::Retry
                    || outcome.retry() == RetryPolicy::RefreshToken) =>
            {
                self.ended(self.end(State::Unknown, outcome, true))
            }
            // Cancelled: nothing was charged, so the payment failed (or, before a new id, the
            // old one is known unpaid).
            State::Succeeded => match purpose {
                Purpose::BeforeNewId => self.new_request_id(),
                Purpose::BeforeEnd => self.give_held(outcome),
                Purpose::Settle => self.ended(End {
                    state: State::Failed,
                    status: Status::Failed,
                    code: None,
                    reconcile: false,
                    request: self.run.request,
                }),
            },
            State::Failed => self.ended(self.end(State::Unknown, outcome, true)),
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
        spent: impl FnOnce(&mut PaymentFlow) -> Last,
    ) -> Last {
        let policy = backoff_policy(self.catalog, next);
        let call = self.awaiting();
        if self.run.sent >= policy.max_attempts() {
            return spent(self);
        }
        // The wait before send number `sent + 1` is the `sent`-th of the schedule.
        let salt = (u64::from(self.run.request) << 8) | call as u64;
        let wait = policy
            .delays_with_jitter(self.run.seed ^ salt)
            .nth(self.run.sent.saturating_sub(1) as usize)
            .unwrap_or_default();
        self.run.sent = self.run.sent.saturating_add(1);
        self.send(call, wait)
    }

    /// The pay has no final answer and its resends are spent: ask the platform now.
    fn settle_now(&mut self, now: Duration) -> Last {
        self.start_polling(now, Purpose::Settle, Duration::ZERO)
    }

    /// Polling starts now: the window counts from this answer.
    fn start_polling(&mut self, now: Duration, purpose: Purpose, after: Duration) -> Last {
        self.run.phase = Phase::Inquiring(purpose);
        self.run.inquiries = 0;
        self.run.poll_start = now;
        self.send(Call::Inquiry, after)
    }

    /// An end, as is.
    fn ended(&self, end: End) -> Last {
        Last::End { end, ask: false }
    }

    /// A final end: the person paying is asked where its policy says so.
    fn give(&self, end: End) -> Last {
        let decision =
            self.catalog
                .decide(end.state, end.status, end.code.as_deref().unwrap_or(""));
        Last::End {
            ask: decision.retry() == RetryPolicy::AskUser,
            end,
        }
    }

    /// The answer that was held while this request id was inquired stands, now that the id is
    /// known not to be paid.
    fn give_held(&mut self, outcome: &Outcome) -> Last {
        let end = self
            .run
            .held
            .take()
            .unwrap_or_else(|| self.end(State::Failed, outcome, false));
        self.give(end)
    }

    /// The resend after a refresh counts as a send of the call (an inquiry as an inquiry).
    fn refresh(&mut self, call: Call) -> Last {
        self.run.refreshed = true;
        match call {
            Call::Inquiry => self.run.inquiries = self.run.inquiries.saturating_add(1),
            Call::Pay | Call::Cancel => self.run.sent = self.run.sent.saturating_add(1),
        }
        telemetry::flow_call(&mut self.run.calls, call);
        Last::RefreshToken {
            call,
            request: self.run.request,
        }
    }

    /// The end, from the answer that decided it: its code, and the status the catalog's
    /// decision for the end's state is read with (an unknown end says "still confirming",
    /// never a failure's message; a failed one never says that it retries).
    fn end(&self, state: State, outcome: &Outcome, reconcile: bool) -> End {
        End {
            state,
            status: outcome.status(),
            code: outcome.code().map(String::from),
            reconcile,
            request: self.run.request,
        }
    }

    /// The end where nobody knows whether money moved.
    fn unknown_end(&self) -> End {
        End {
            state: State::Unknown,
            status: Status::Unknown,
            code: None,
            reconcile: true,
            request: self.run.request,
        }
    }

    /// The old id is known unpaid: pay again under a new one, once.
    fn new_request_id(&mut self) -> Last {
        self.run.request = self.run.request.saturating_add(1);
        self.run.phase = Phase::Paying;
        self.run.sent = 1;
        self.run.maybe_charged = false;
        self.send(Call::Pay, Duration::ZERO)
    }

    /// The poll policy: the flow's own timing where it has one, else the answer's own decision
    /// where it polls (`PAYMENT_IN_PROCESS`), else the catalog's `A` fallback (which the
    /// validator requires to poll): interval, window, and the most inquiries.
    fn poll_for(&self, next: Option<RetryPolicy>) -> (Duration, Duration, u32) {
        let policy = match (self.run.timing, next) {
            (Some((interval, timeout)), _) => RetryPolicy::Poll { interval, timeout },
            (None, Some(policy @ RetryPolicy::Poll { .. })) => policy,
            (None, _) => self.catalog.__fallback(Status::Accepted).retry,
        };
        match policy {
            // `max_attempts` counts the request that got the pending answer: the inquiries are
            // the rest, as many as fit in the window.
            RetryPolicy::Poll { interval, timeout } => (
                interval,
                timeout,
                policy.max_attempts().saturating_sub(1).max(1),
            ),
            // Unreachable with a validated catalog; cancel at once rather than guess a schedule.
            _ => (Duration::ZERO, Duration::ZERO, 1),
        }
    }
}

/// What an answer to `call` says of the payment itself: paid or failed, with its code. A
/// cancel that succeeded says the payment failed (nothing charged); any other answer says
/// neither.
fn payment_said(call: Call, outcome: &Outcome) -> Option<(State, Option<&str>)> {
    match (call, outcome.state()) {
        (Call::Cancel, State::Succeeded) => Some((State::Failed, outcome.code())),
        (Call::Cancel, _) => None,
        (_, state @ (State::Succeeded | State::Failed)) => Some((state, outcome.code())),
        _ => None,
    }
}

/// A cancel whose resends all went unanswered: nobody knows whether money moved.
fn reconcile_unanswered(flow: &mut PaymentFlow) -> Last {
    flow.ended(flow.unknown_end())
}

/// The backoff of the answer's own decision where it backs off (`SYSTEM_BUSY`), else the
/// catalog's `U` fallback (which the validator requires to back off).
fn backoff_policy(catalog: &Catalog, next: Option<RetryPolicy>) -> RetryPolicy {
    match next {
        Some(policy @ RetryPolicy::Backoff { .. }) => policy,
        _ => catalog.__fallback(Status::Unknown).retry,
    }
}
