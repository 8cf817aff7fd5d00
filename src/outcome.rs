//! The payment-level outcome of a whole response body: is the operation done, failed, still
//! pending, worth repeating, or unknown.
//!
//! [`Classification`] answers for one `result` object (what to do about this call);
//! [`Outcome`] answers for the body (what happened to the payment, refund or capture the
//! body is about). An `inquiryPayment` whose call succeeded (`result` S) says nothing about
//! the payment: its `paymentStatus` does.

use core::fmt;
use core::str::FromStr;

use crate::rejected::Rejected;

#[cfg(feature = "json")]
mod body;

#[cfg(feature = "json")]
pub use self::json::{BodyError, Outcome};

/// A platform API whose response (or notification) a body answers.
///
/// ```
/// use errcat::Api;
///
/// let api: Api = "inquiryPayment".parse()?;
/// assert_eq!(api, Api::InquiryPayment);
/// assert_eq!(api.to_string(), "inquiryPayment");
/// assert!("InquiryPayment".parse::<Api>().is_err());
/// # Ok::<(), errcat::ParseApiError>(())
/// ```
#[non_exhaustive]
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Api {
    /// `pay`: its `result` is the payment's own.
    Pay,
    /// `inquiryPayment`: its `result` is the query's; `paymentStatus` is the payment's.
    InquiryPayment,
    /// `cancel`: its `result` is the cancel's own.
    Cancel,
    /// `capture`: its `result` is the capture's own.
    Capture,
    /// `refund`: its `result` is the refund's own.
    Refund,
    /// `inquiryRefund`: its `result` is the query's; `refundStatus` is the refund's.
    InquiryRefund,
    /// `notifyPayment`: a payment result notification (`notifyType` `PAYMENT_RESULT` or
    /// `PAYMENT_PENDING`).
    NotifyPayment,
    /// `notifyCapture`: a capture result notification.
    NotifyCapture,
    /// `notifyRefund`: a refund result notification.
    NotifyRefund,
}

/// How an API's body is read.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum ApiKind {
    /// The `result` is the operation's own.
    Operation,
    /// The `result` is the query's; a state field is the operation's.
    Inquiry,
    /// A notification: `notifyType`, then a state, then the `result`.
    Notification,
}

/// The operation an API is about.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Family {
    /// A payment: `paymentStatus`, `paymentResult`, `PAYMENT` and `CAPTURE` transactions.
    Payment,
    /// A cancel: its own `result` only.
    Cancel,
    /// A capture: `CAPTURE` transactions.
    Capture,
    /// A refund: `refundStatus`, `REFUND` transactions.
    Refund,
}

impl Api {
    /// Every API, in the order of the enum.
    pub const ALL: [Api; 9] = [
        Api::Pay,
        Api::InquiryPayment,
        Api::Cancel,
        Api::Capture,
        Api::Refund,
        Api::InquiryRefund,
        Api::NotifyPayment,
        Api::NotifyCapture,
        Api::NotifyRefund,
    ];

    /// The API's name as the platform writes it: `"pay"`, `"inquiryPayment"`, `"cancel"`,
    /// `"capture"`, `"refund"`, `"inquiryRefund"`, `"notifyPayment"`, `"notifyCapture"`,
    /// `"notifyRefund"`.
    ///
    /// ```
    /// assert_eq!(errcat::Api::InquiryRefund.as_str(), "inquiryRefund");
    /// ```
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            Api::Pay => "pay",
            Api::InquiryPayment => "inquiryPayment",
            Api::Cancel => "cancel",
            Api::Capture => "capture",
            Api::Refund => "refund",
            Api::InquiryRefund => "inquiryRefund",
            Api::NotifyPayment => "notifyPayment",
            Api::NotifyCapture => "notifyCapture",
            Api::NotifyRefund => "notifyRefund",
        }
    }

    /// Which operation the API is about: a body's fields are read for that operation only.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) const fn family(self) -> Family {
        match self {
            Api::Pay | Api::InquiryPayment | Api::NotifyPayment => Family::Payment,
            Api::Cancel => Family::Cancel,
            Api::Capture | Api::NotifyCapture => Family::Capture,
            Api::Refund | Api::InquiryRefund | Api::NotifyRefund => Family::Refund,
        }
    }

    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) const fn kind(self) -> ApiKind {
        match self {
            Api::Pay | Api::Cancel | Api::Capture | Api::Refund => ApiKind::Operation,
            Api::InquiryPayment | Api::InquiryRefund => ApiKind::Inquiry,
            Api::NotifyPayment | Api::NotifyCapture | Api::NotifyRefund => ApiKind::Notification,
        }
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not an API name (names are exact: `inquiryPayment`, not
/// `InquiryPayment`).
///
/// ```
/// let err = "inquiry".parse::<errcat::Api>().unwrap_err();
/// assert_eq!(err.value(), "inquiry");
/// assert!(err.to_string().starts_with(r#"unknown API "inquiry": expected one of "pay", "inquiryPayment""#));
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error(
    "unknown API {value}: expected one of \"pay\", \"inquiryPayment\", \"cancel\", \"capture\", \
     \"refund\", \"inquiryRefund\", \"notifyPayment\", \"notifyCapture\", \"notifyRefund\""
)]
pub struct ParseApiError {
    value: Rejected,
}

impl ParseApiError {
    /// The rejected value (its first 64 bytes, cut at a character boundary).
    pub fn value(&self) -> &str {
        self.value.as_str()
    }
}

impl FromStr for Api {
    type Err = ParseApiError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Api::ALL
            .into_iter()
            .find(|api| api.as_str() == s)
            .ok_or_else(|| ParseApiError {
                value: Rejected::new(s),
            })
    }
}

impl TryFrom<&str> for Api {
    type Error = ParseApiError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The payment-level state a body reports for the operation it answers.
///
/// Exhaustive on purpose: a `match` over money states must name every one.
///
/// ```
/// use errcat::State;
///
/// fn next_step(state: State) -> &'static str {
///     match state {
///         State::Succeeded => "ship the order",
///         State::Failed => "tell the shopper it did not go through",
///         State::Pending => "wait for the notification or inquire",
///         State::Retry => "send the same request again, same request id",
///         State::Unknown => "do not decide: inquire or reconcile",
///     }
/// }
/// assert_eq!(next_step(State::Pending), "wait for the notification or inquire");
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum State {
    /// The operation is done: paid, captured, refunded, cancelled as asked.
    Succeeded,
    /// Final failure: nothing more will happen for this request.
    Failed,
    /// Not final yet: wait for the notification or poll the inquiry.
    Pending,
    /// The call itself has no answer: repeat the same call with the same request id.
    Retry,
    /// The body cannot say (an inquiry whose own call failed, a state value the catalog does
    /// not know, sources that disagree, a body with neither a result nor a state).
    Unknown,
}

impl State {
    /// `"succeeded"`, `"failed"`, `"pending"`, `"retry"` or `"unknown"`.
    ///
    /// ```
    /// assert_eq!(errcat::State::Retry.as_str(), "retry");
    /// ```
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            State::Succeeded => "succeeded",
            State::Failed => "failed",
            State::Pending => "pending",
            State::Retry => "retry",
            State::Unknown => "unknown",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The field of a body that decided its outcome.
///
/// ```
/// use errcat::Field;
/// assert_eq!(Field::PaymentStatus.to_string(), "paymentStatus");
/// assert_eq!(Field::TransactionResult { index: 2 }.to_string(), "transactions[2].transactionResult");
/// ```
#[non_exhaustive]
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Field {
    /// The body's own `result` (or the bare result object).
    Result,
    /// A nested `paymentResult: {resultStatus, resultCode, resultMessage}`.
    PaymentResult,
    /// `paymentStatus`, with `paymentResultCode`.
    PaymentStatus,
    /// `refundStatus`, with `refundResultCode`.
    RefundStatus,
    /// A top-level `transactionStatus`.
    TransactionStatus,
    /// `transactions[index].transactionResult`.
    TransactionResult {
        /// The entry's position in `transactions`.
        index: usize,
    },
    /// `transactions[index].transactionStatus`.
    TransactionEntryStatus {
        /// The entry's position in `transactions`.
        index: usize,
    },
    /// `notifyType` (`PAYMENT_PENDING` and the other `*_PENDING` types).
    NotifyType,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Result => f.write_str("result"),
            Field::PaymentResult => f.write_str("paymentResult"),
            Field::PaymentStatus => f.write_str("paymentStatus"),
            Field::RefundStatus => f.write_str("refundStatus"),
            Field::TransactionStatus => f.write_str("transactionStatus"),
            Field::TransactionResult { index } => {
                write!(f, "transactions[{index}].transactionResult")
            }
            Field::TransactionEntryStatus { index } => {
                write!(f, "transactions[{index}].transactionStatus")
            }
            Field::NotifyType => f.write_str("notifyType"),
        }
    }
}

#[cfg(feature = "json")]
mod json {
    use alloc::string::String;
    use alloc::vec::Vec;

    pub use super::body::BodyError;
    use super::body::{Body, Transaction, TxKind};
    use super::{Api, ApiKind, Family, Field, State};
    use crate::catalog::state_of;
    use crate::{Classification, ResultInfo, RetryPolicy, Status, classify_result};

    /// The payment-level outcome of a whole response body: its [`State`], the code that
    /// explains it, its classification and which field decided.
    ///
    /// Read it with [`Outcome::from_json`]. Rules, from the platform's documentation:
    ///
    /// - `pay`, `capture`, `refund`: the `result` is the operation's own: `S` succeeded; `F`
    ///   failed with its `resultCode`; `A` pending; `U` pending when the code's policy polls
    ///   (`PAYMENT_IN_PROCESS`), otherwise retry. State fields of the same operation must agree
    ///   with it; without a `result`, they decide, else the last transaction.
    /// - `cancel`: its own `result` only; an `S` beside a payment state that is not failed
    ///   (`paymentStatus` `SUCCESS`) is unknown.
    /// - `inquiryPayment`, `inquiryRefund`: `result` `S`, or no `result` at all: the state
    ///   decides (`paymentStatus` with `paymentResultCode`, `refundStatus` with
    ///   `refundResultCode`, `transactionStatus`, or a nested `paymentResult` read as an
    ///   operation's own result); `result` `U` (or `A`): retry; `result` `F`: unknown (the query
    ///   failed; [`classification`](Self::classification) is the call's).
    /// - `transactions[]`: where no state field or nested result decides, the last entry (by
    ///   position) of the operation asked about does: `transactionType` `PAYMENT` or `CAPTURE`
    ///   for a payment, `CAPTURE` for a capture, `REFUND` for a refund, `CANCEL` for a cancel,
    ///   or an entry without a type; by its `transactionResult` read as an operation's own
    ///   result, or its `transactionStatus` as a state. Entries of other types never decide.
    /// - notifications: `notifyType` `<OPERATION>_PENDING` is pending (an `F` result or a
    ///   state that says otherwise beside it: unknown); `<OPERATION>_RESULT` (or none): a state
    ///   field or nested result decides where there is one (a failed `result` beside a
    ///   successful state: unknown), else the notification's `result`, read as an operation's
    ///   own. A `notifyType` of another operation, or one errcat does not know, is unknown.
    /// - A field of another operation than the API's (`refundStatus` in a payment's body,
    ///   `paymentStatus` in a refund's, a `notifyType` in a non-notification) makes the
    ///   outcome unknown: the body does not answer the API named.
    /// - Without an API name, it is inferred from the fields present (`notifyType`: a
    ///   notification; `refundStatus`: `inquiryRefund`; another state field, a nested result or
    ///   `transactions`: `inquiryPayment`; only a `result`: `pay`). A bare `result` whose status
    ///   is `S` or `F` is then unknown: it could be any call's (a cancel's `S`, an inquiry's
    ///   `F`); name the API to read it.
    /// - Two deciding fields that disagree, or a state value the catalog does not know, make
    ///   the outcome unknown, never a pick. State values, `notifyType` and `transactionType`
    ///   are matched ignoring case; `resultStatus` is exactly `S`, `F`, `U` or `A`.
    ///
    /// ```
    /// use errcat::{Api, Field, Outcome, State};
    ///
    /// let body = br#"{
    ///     "result": {"resultStatus": "S", "resultCode": "SUCCESS", "resultMessage": "success."},
    ///     "paymentStatus": "FAIL",
    ///     "paymentResultCode": "INSUFFICIENT_BALANCE",
    ///     "paymentRequestId": "pay-1"
    /// }"#;
    /// let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
    /// assert_eq!(outcome.state(), State::Failed);
    /// assert_eq!(outcome.code(), Some("INSUFFICIENT_BALANCE"));
    /// assert_eq!(outcome.decided_by(), Some(Field::PaymentStatus));
    /// # Ok::<(), errcat::BodyError>(())
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Outcome {
        state: State,
        code: Option<String>,
        status: Status,
        classification: Classification,
        /// Whether `classification` is the call's own `result`'s (an inquiry whose query
        /// failed), not the deciding field's.
        classified_by_call: bool,
        /// Whether the state is pending or retry by the catalog's policy for the code (see
        /// `Reading::catalog_polls`).
        catalog_polls: bool,
        decided_by: Option<Field>,
        api: Api,
        api_inferred: bool,
        result: Option<ResultInfo>,
        deciding_result: Option<ResultInfo>,
    }

    /// One deciding field, read.
    #[derive(Clone, Debug, PartialEq, Eq)]
    struct Reading {
        state: State,
        code: Option<String>,
        status: Status,
        field: Option<Field>,
        /// The result object read, when the field is one.
        result: Option<ResultInfo>,
        /// Whether the state is pending or retry because of what the catalog's policy for the
        /// code is (an operation's own `U` result), so that another catalog may read it the
        /// other way.
        catalog_polls: bool,
    }

    impl Reading {
        fn unknown(field: Option<Field>) -> Reading {
            Reading {
                state: State::Unknown,
                code: None,
                status: Status::Unknown,
                field,
                result: None,
                catalog_polls: false,
            }
        }
    }

    /// A result read as the operation's own.
    fn own(result: &ResultInfo, field: Field) -> Reading {
        let (state, code) = match result.status {
            Status::Success => (State::Succeeded, None),
            Status::Failed => (State::Failed, Some(result.code.clone())),
            Status::Accepted => (State::Pending, Some(result.code.clone())),
            Status::Unknown => {
                let polls = matches!(
                    classify_result(Status::Unknown, &result.code).retry(),
                    RetryPolicy::Poll { .. }
                );
                let state = if polls { State::Pending } else { State::Retry };
                (state, Some(result.code.clone()))
            }
        };
        Reading {
            state,
            code,
            status: result.status,
            field: Some(field),
            result: Some(result.clone()),
            catalog_polls: result.status == Status::Unknown,
        }
    }

    /// A state value with its companion code, read through the catalog's `[states]`.
    fn state_field(value: &str, code: Option<&String>, field: Field) -> Reading {
        match state_of(value) {
            Some(State::Succeeded) => Reading {
                state: State::Succeeded,
                code: None,
                status: Status::Success,
                field: Some(field),
                result: None,
                catalog_polls: false,
            },
            Some(state @ State::Failed) => Reading {
                state,
                code: code.cloned(),
                status: Status::Failed,
                field: Some(field),
                result: None,
                catalog_polls: false,
            },
            Some(state @ State::Pending) => Reading {
                state,
                code: code.cloned(),
                status: Status::Unknown,
                field: Some(field),
                result: None,
                catalog_polls: false,
            },
            // The catalog maps values to succeeded, failed or pending only.
            Some(State::Retry | State::Unknown) | None => Reading::unknown(Some(field)),
        }
    }

    /// All readings must agree; otherwise unknown, never a pick.
    fn agree(readings: Vec<Reading>) -> Option<Reading> {
        let mut readings = readings.into_iter();
        let first = readings.next()?;
        let mut all_same = true;
        for other in readings {
            all_same &= other.state == first.state;
        }
        Some(if all_same {
            first
        } else {
            Reading::unknown(first.field)
        })
    }

    /// What a `notifyType` says, for the operation a notification is about.
    enum Notify {
        /// `<OPERATION>_RESULT`, or no `notifyType`: the result and state fields decide.
        Result,
        /// `<OPERATION>_PENDING`: not final yet.
        Pending,
        /// Another operation's type (`REFUND_RESULT` for a payment), or one errcat does not
        /// know: nothing can be read from the body.
        Other,
    }

    impl Body {
        /// The state fields and nested result of `family`'s operation, in the order they are
        /// named by [`Outcome::decided_by`] when they agree. A cancel has none: only its own
        /// `result` says whether it succeeded.
        fn states(&self, family: Family) -> Vec<Reading> {
            let mut out = Vec::new();
            if let (Family::Payment, Some(v)) = (family, &self.payment_status) {
                out.push(state_field(
                    v,
                    self.payment_result_code.as_ref(),
                    Field::PaymentStatus,
                ));
            }
            if let (Family::Refund, Some(v)) = (family, &self.refund_status) {
                out.push(state_field(
                    v,
                    self.refund_result_code.as_ref(),
                    Field::RefundStatus,
                ));
            }
            if let Some(v) = self
                .transaction_status
                .as_ref()
                .filter(|_| family != Family::Cancel)
            {
                out.push(state_field(v, None, Field::TransactionStatus));
            }
            if let (Family::Payment, Some(r)) = (family, &self.payment_result) {
                out.push(own(r, Field::PaymentResult));
            }
            out
        }

        /// A field about another operation than `family`'s: a refund's state in a payment's
        /// body, a payment's in a refund's. Such a body (or an API named wrongly) is unknown.
        fn foreign(&self, family: Family) -> Option<Field> {
            match family {
                Family::Payment => self.refund_status.as_ref().map(|_| Field::RefundStatus),
                Family::Refund => match (&self.payment_status, &self.payment_result) {
                    (Some(_), _) => Some(Field::PaymentStatus),
                    (None, Some(_)) => Some(Field::PaymentResult),
                    (None, None) => None,
                },
                Family::Capture | Family::Cancel => None,
            }
        }

        /// The last `transactions` entry of each kind `family` reads (a payment's `PAYMENT` and
        /// `CAPTURE`, a refund's `REFUND`, ...; an entry without `transactionType` too), which
        /// must agree: an authorized payment whose capture failed is neither paid nor failed.
        /// An entry of another type never decides.
        fn transaction(&self, family: Family) -> Option<Reading> {
            let kinds: &[TxKind] = match family {
                Family::Payment => &[TxKind::Untyped, TxKind::Payment, TxKind::Capture],
                Family::Capture => &[TxKind::Untyped, TxKind::Capture],
                Family::Refund => &[TxKind::Untyped, TxKind::Refund],
                Family::Cancel => &[TxKind::Untyped, TxKind::Cancel],
            };
            let mut entries: Vec<&(usize, Transaction)> = kinds
                .iter()
                .filter_map(|k| self.transactions[*k as usize].as_ref())
                .collect();
            if entries.is_empty() {
                return None;
            }
            // The latest first, so that it names the outcome where they agree.
            entries.sort_by_key(|(index, _)| core::cmp::Reverse(*index));
            let readings = entries
                .into_iter()
                .map(|(index, Transaction { result, status })| {
                    let index = *index;
                    let mut readings = Vec::new();
                    if let Some(r) = result {
                        readings.push(own(r, Field::TransactionResult { index }));
                    }
                    if let Some(s) = status {
                        readings.push(state_field(
                            s,
                            result.as_ref().map(|r| &r.code),
                            Field::TransactionEntryStatus { index },
                        ));
                    }
                    agree(readings).unwrap_or(Reading::unknown(None))
                })
                .collect();
            agree(readings)
        }

        /// `family`'s state fields or nested result, else its last transaction.
        fn state_or_transaction(&self, family: Family) -> Option<Reading> {
            agree(self.states(family)).or_else(|| self.transaction(family))
        }

        /// The body's `notifyType`, for a notification about `family`.
        fn notify(&self, family: Family) -> Notify {
            let Some(t) = &self.notify_type else {
                return Notify::Result;
            };
            let prefix = match family {
                Family::Payment => "PAYMENT",
                Family::Capture => "CAPTURE",
                Family::Refund => "REFUND",
                Family::Cancel => return Notify::Other,
            };
            let Some(rest) = t
                .get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .and_then(|_| t.get(prefix.len()..))
            else {
                return Notify::Other;
            };
            if rest.eq_ignore_ascii_case("_RESULT") {
                Notify::Result
            } else if rest.eq_ignore_ascii_case("_PENDING") {
                Notify::Pending
            } else {
                Notify::Other
            }
        }

        /// An operation's own result, with `family`'s state fields where the body has them
        /// (they must agree), else its last transaction. A cancel's `S` must be confirmed by
        /// any payment state the body carries: a cancelled payment did not go through.
        fn operation(&self, family: Family) -> Option<Reading> {
            let own_result = self.result.as_ref().map(|r| own(r, Field::Result));
            if family == Family::Cancel {
                let cancel = own_result?;
                if cancel.state == State::Succeeded {
                    let payment = self.states(Family::Payment);
                    if let Some(other) = payment.iter().find(|r| r.state != State::Failed) {
                        return Some(Reading::unknown(other.field));
                    }
                }
                return Some(cancel);
            }
            let mut readings = Vec::new();
            readings.extend(own_result);
            readings.extend(self.states(family));
            agree(readings).or_else(|| self.transaction(family))
        }

        fn infer_api(&self) -> Api {
            if let Some(t) = &self.notify_type {
                let starts = |prefix: &str| {
                    t.get(..prefix.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
                };
                if starts("CAPTURE") {
                    Api::NotifyCapture
                } else if starts("REFUND") {
                    Api::NotifyRefund
                } else {
                    Api::NotifyPayment
                }
            } else if self.refund_status.is_some() {
                Api::InquiryRefund
            } else if self.payment_status.is_some()
                || self.transaction_status.is_some()
                || self.payment_result.is_some()
                || self.transactions.iter().any(Option::is_some)
            {
                Api::InquiryPayment
            } else {
                Api::Pay
            }
        }
    }

    impl Outcome {
        /// Reads a response body (or a notification's body) and decides its outcome. `api`
        /// names the API the body answers; `None` infers it from the fields present (see
        /// [`is_api_inferred`](Self::is_api_inferred)).
        ///
        /// Lenient where the platform is: unknown fields are ignored, `resultMessage` may be
        /// missing or `null`, a code may be a JSON number (kept as its text), an optional
        /// field may be `null`. Strict where the answer depends on it: see [`BodyError`].
        ///
        /// ```
        /// use errcat::{Outcome, State};
        ///
        /// let pay = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}"#;
        /// let outcome = Outcome::from_json(None, pay)?;
        /// assert_eq!(outcome.state(), State::Pending);
        /// assert!(outcome.is_api_inferred());
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        pub fn from_json(api: Option<Api>, body: &[u8]) -> Result<Outcome, BodyError> {
            let body = Body::parse(body)?;
            let (api, api_inferred) = match api {
                Some(api) => (api, false),
                None => (body.infer_api(), true),
            };
            let result = body.result.as_ref();
            let family = api.family();
            let mut call_failed = None;
            let reading = if let Some(field) = body.foreign(family) {
                Some(Reading::unknown(Some(field)))
            } else if body.notify_type.is_some() && api.kind() != ApiKind::Notification {
                // A notification's body given as another API's answer.
                Some(Reading::unknown(Some(Field::NotifyType)))
            } else {
                match api.kind() {
                    // Inferred from a bare `result`: its `S` or `F` could be any call's (a
                    // cancel's S, an inquiry's F), so it says nothing about the payment. `U` and
                    // `A` are not final whichever call it was.
                    ApiKind::Operation
                        if api_inferred
                            && result.is_some_and(|r| {
                                matches!(r.status, Status::Success | Status::Failed)
                            }) =>
                    {
                        call_failed = result.filter(|r| r.status == Status::Failed);
                        None
                    }
                    ApiKind::Operation => body.operation(family),
                    ApiKind::Inquiry => match result.map(|r| r.status) {
                        Some(Status::Failed) => {
                            call_failed = result;
                            Some(Reading {
                                state: State::Unknown,
                                code: None,
                                status: Status::Failed,
                                field: Some(Field::Result),
                                result: result.cloned(),
                                catalog_polls: false,
                            })
                        }
                        Some(status @ (Status::Unknown | Status::Accepted)) => Some(Reading {
                            state: State::Retry,
                            code: result.map(|r| r.code.clone()),
                            status,
                            field: Some(Field::Result),
                            result: result.cloned(),
                            catalog_polls: false,
                        }),
                        Some(Status::Success) | None => body.state_or_transaction(family),
                    },
                    ApiKind::Notification => match body.notify(family) {
                        Notify::Other => Some(Reading::unknown(Some(Field::NotifyType))),
                        // Pending whatever else the body says, except a failed result or a
                        // state that disagrees: then unknown.
                        Notify::Pending => {
                            let mut readings = Vec::from([Reading {
                                state: State::Pending,
                                code: None,
                                status: Status::Unknown,
                                field: Some(Field::NotifyType),
                                result: None,
                                catalog_polls: false,
                            }]);
                            // A result (or nested `paymentResult`) under a pending type says
                            // how the notification went, `S` included; only an `F` contradicts.
                            if result.is_some_and(|r| r.status == Status::Failed) {
                                readings.extend(result.map(|r| own(r, Field::Result)));
                            }
                            readings.extend(body.states(family).into_iter().filter(|r| {
                                r.field != Some(Field::PaymentResult) || r.state == State::Failed
                            }));
                            agree(readings)
                        }
                        // The notification's state field decides where there is one (a refund's
                        // `result` S may only say the refund was accepted; `refundStatus` is its
                        // end), else its `result`, read as the operation's own. A failed `result`
                        // beside a successful state is a contradiction: unknown.
                        Notify::Result => match agree(body.states(family)) {
                            Some(r)
                                if r.state == State::Succeeded
                                    && result.is_some_and(|x| x.status == Status::Failed) =>
                            {
                                Some(Reading::unknown(r.field))
                            }
                            Some(r) => Some(r),
                            None => body.operation(family),
                        },
                    },
                }
            };
            let reading = reading.unwrap_or(Reading::unknown(None));
            let classification = match call_failed {
                Some(call) => call.classify(),
                None => classify_result(reading.status, reading.code.as_deref().unwrap_or("")),
            };
            let classified_by_call = call_failed.is_some();
            Ok(Outcome {
                state: reading.state,
                code: reading.code,
                status: reading.status,
                classification,
                classified_by_call,
                catalog_polls: reading.catalog_polls,
                decided_by: reading.field,
                api,
                api_inferred,
                result: body.result,
                deciding_result: reading.result,
            })
        }

        /// The state: succeeded, failed, pending, retry or unknown.
        ///
        /// ```
        /// # use errcat::{Api, Outcome, State};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"PROCESSING"}"#;
        /// assert_eq!(Outcome::from_json(Some(Api::InquiryPayment), body)?.state(), State::Pending);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn state(&self) -> State {
            self.state
        }

        /// The code that explains a failed, pending or retry state, exactly as sent
        /// (catalogued or not): the deciding field's own (a result's `resultCode`, a state's
        /// `paymentResultCode` or `refundResultCode`, a transaction's `resultCode`). `None`
        /// for succeeded and unknown, and where the deciding field carries no code: the
        /// call's own `result` code never explains a payment's state.
        ///
        /// ```
        /// # use errcat::{Api, Outcome};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"FAIL"}"#;
        /// assert_eq!(Outcome::from_json(Some(Api::InquiryPayment), body)?.code(), None);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn code(&self) -> Option<&str> {
            self.code.as_deref()
        }

        /// The status that came with the deciding field: a result's `resultStatus`; for a
        /// state field `S` (succeeded), `F` (failed) or `U` (pending or unknown).
        ///
        /// ```
        /// # use errcat::{Api, Outcome, Status};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"CANCELLED"}"#;
        /// assert_eq!(Outcome::from_json(Some(Api::InquiryPayment), body)?.status(), Status::Failed);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn status(&self) -> Status {
            self.status
        }

        /// [`classify_result`] of [`status`](Self::status) and [`code`](Self::code) (`""`
        /// without a code). For an inquiry whose own call failed, the call's classification,
        /// so that `EXPIRED_ACCESS_TOKEN` says to refresh the token.
        ///
        /// ```
        /// # use errcat::{Api, Outcome, RetryPolicy, State};
        /// let body = br#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#;
        /// let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
        /// assert_eq!(outcome.state(), State::Unknown);
        /// assert_eq!(outcome.classification().retry(), RetryPolicy::RefreshToken);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn classification(&self) -> Classification {
            self.classification
        }

        /// The state as a catalog that extends errcat's reads the body: the same as
        /// [`state`](Self::state), except that an operation's own `U` result is pending where
        /// `polls(status, code)` says that catalog polls its code, and retry where it does not
        /// (errcat asks its own catalog the same question). Nothing else can change: never to
        /// or from succeeded or failed. Generated catalogs call it
        /// (`Classification::outcome_state`).
        #[doc(hidden)]
        pub fn __state_with(&self, polls: impl FnOnce(Status, &str) -> bool) -> State {
            match (&self.deciding_result, self.state) {
                (Some(r), State::Pending | State::Retry) if self.catalog_polls => {
                    if polls(r.status, &r.code) {
                        State::Pending
                    } else {
                        State::Retry
                    }
                }
                (_, state) => state,
            }
        }

        /// The status and code that [`classification`](Self::classification) classifies:
        /// [`status`](Self::status) and [`code`](Self::code) (`""` without a code), or, for
        /// an inquiry whose own call failed, the call's `resultStatus` and `resultCode`. A
        /// catalog that extends errcat's classifies the same pair with its own codes (its
        /// generated `Classification::of_outcome` does).
        ///
        /// ```
        /// # use errcat::{Api, Outcome, Status};
        /// let body = br#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#;
        /// let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
        /// assert_eq!(outcome.classification_key(), (Status::Failed, "EXPIRED_ACCESS_TOKEN"));
        /// let (status, code) = outcome.classification_key();
        /// assert_eq!(errcat::classify_result(status, code), outcome.classification());
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn classification_key(&self) -> (Status, &str) {
            match &self.result {
                Some(call) if self.classified_by_call => (call.status, call.code.as_str()),
                _ => (self.status, self.code.as_deref().unwrap_or("")),
            }
        }

        /// The field that decided; `None` when nothing did (no result and no state, an
        /// inquiry's `S` without a state, a last transaction entry without a result or
        /// status). Where deciding fields disagree, the first of them.
        ///
        /// ```
        /// # use errcat::{Api, Field, Outcome};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
        /// assert_eq!(Outcome::from_json(Some(Api::Pay), body)?.decided_by(), Some(Field::Result));
        /// assert_eq!(Outcome::from_json(Some(Api::InquiryPayment), body)?.decided_by(), None);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn decided_by(&self) -> Option<Field> {
            self.decided_by
        }

        /// The API the body was read as: the one given, or the one inferred.
        ///
        /// ```
        /// # use errcat::{Api, Outcome};
        /// let body = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
        /// assert_eq!(Outcome::from_json(None, body)?.api(), Api::NotifyPayment);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn api(&self) -> Api {
            self.api
        }

        /// Whether [`api`](Self::api) was inferred from the fields present rather than given.
        ///
        /// ```
        /// # use errcat::{Api, Outcome};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
        /// assert!(!Outcome::from_json(Some(Api::Pay), body)?.is_api_inferred());
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn is_api_inferred(&self) -> bool {
            self.api_inferred
        }

        /// The result object that decided, as sent: the body's own `result`, a nested
        /// `paymentResult` or a transaction's `transactionResult`. `None` where a state field
        /// or `notifyType` decided, where deciding fields disagree, or where nothing did (an inquiry whose own call failed or asks
        /// to be repeated is decided by its `result`, which is returned).
        ///
        /// ```
        /// # use errcat::{Outcome, Status};
        /// let body = br#"{"paymentResult":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
        /// let outcome = Outcome::from_json(None, body)?;
        /// assert!(outcome.result().is_none());
        /// assert_eq!(outcome.deciding_result().map(|r| r.code.as_str()), Some("SUCCESS"));
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn deciding_result(&self) -> Option<&ResultInfo> {
            self.deciding_result.as_ref()
        }

        /// The body's own top-level `result` (or the bare result object), as sent.
        ///
        /// ```
        /// # use errcat::{Outcome, Status};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"SUCCESS"}"#;
        /// assert_eq!(Outcome::from_json(None, body)?.result().map(|r| r.status), Some(Status::Success));
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn result(&self) -> Option<&ResultInfo> {
            self.result.as_ref()
        }
    }
}
