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
    use super::body::{Body, Transaction};
    use super::{Api, ApiKind, Field, State};
    use crate::catalog::state_of;
    use crate::{Classification, ResultInfo, RetryPolicy, Status, classify_result};

    /// The payment-level outcome of a whole response body: its [`State`], the code that
    /// explains it, its classification and which field decided.
    ///
    /// Read it with [`Outcome::from_json`]. Rules, from the platform's documentation:
    ///
    /// - `pay`, `cancel`, `capture`, `refund`: the `result` is the operation's own: `S`
    ///   succeeded; `F` failed with its `resultCode`; `A` pending; `U` pending when the code's
    ///   policy polls (`PAYMENT_IN_PROCESS`), otherwise retry.
    /// - `inquiryPayment`, `inquiryRefund`: `result` `S`, or no `result` at all: the state
    ///   decides (`paymentStatus` with `paymentResultCode`, `refundStatus` with
    ///   `refundResultCode`, `transactionStatus`, or a nested `paymentResult` read as an
    ///   operation's own result); `result` `U` (or `A`): retry; `result` `F`: unknown (the query
    ///   failed; [`classification`](Self::classification) is the call's).
    /// - `transactions[]`: where no state field or nested result decides, the last entry does
    ///   (by position: the platform documents no order, and a `transactionTime` may be
    ///   missing), by its `transactionResult` read as an operation's own result, or its
    ///   `transactionStatus` as a state.
    /// - notifications: `notifyType` `*_PENDING` with an `S` result is pending; otherwise a
    ///   state field or nested result decides where there is one, else the notification's
    ///   `result`, read as an operation's own.
    /// - Without an API name, it is inferred from the fields present (`notifyType`: a
    ///   notification; `refundStatus`: `inquiryRefund`; another state field, a nested result or
    ///   `transactions`: `inquiryPayment`; only a `result`: `pay`).
    /// - Two deciding fields that disagree, or a state value the catalog does not know, make
    ///   the outcome unknown, never a pick. State values and `notifyType` are matched ignoring
    ///   case; `resultStatus` is exactly `S`, `F`, `U` or `A`.
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
    }

    impl Reading {
        fn unknown(field: Option<Field>) -> Reading {
            Reading {
                state: State::Unknown,
                code: None,
                status: Status::Unknown,
                field,
                result: None,
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
            },
            Some(state @ State::Failed) => Reading {
                state,
                code: code.cloned(),
                status: Status::Failed,
                field: Some(field),
                result: None,
            },
            Some(state @ State::Pending) => Reading {
                state,
                code: code.cloned(),
                status: Status::Unknown,
                field: Some(field),
                result: None,
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

    impl Body {
        /// The top-level state fields and the nested `paymentResult`, in the order they are
        /// named by [`Outcome::decided_by`] when they agree.
        fn states(&self) -> Vec<Reading> {
            let mut out = Vec::new();
            if let Some(v) = &self.payment_status {
                out.push(state_field(
                    v,
                    self.payment_result_code.as_ref(),
                    Field::PaymentStatus,
                ));
            }
            if let Some(v) = &self.refund_status {
                out.push(state_field(
                    v,
                    self.refund_result_code.as_ref(),
                    Field::RefundStatus,
                ));
            }
            if let Some(v) = &self.transaction_status {
                out.push(state_field(v, None, Field::TransactionStatus));
            }
            if let Some(r) = &self.payment_result {
                out.push(own(r, Field::PaymentResult));
            }
            out
        }

        /// The last transaction entry's reading.
        fn transaction(&self) -> Option<Reading> {
            let (index, Transaction { result, status }) = self.last_transaction.as_ref()?;
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
            Some(agree(readings).unwrap_or(Reading::unknown(None)))
        }

        /// A state field or nested result, else the last transaction.
        fn state_or_transaction(&self) -> Option<Reading> {
            agree(self.states()).or_else(|| self.transaction())
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
                || self.last_transaction.is_some()
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
            let mut call_failed = None;
            let reading = match api.kind() {
                ApiKind::Operation => {
                    let mut readings = Vec::new();
                    readings.extend(result.map(|r| own(r, Field::Result)));
                    readings.extend(body.states());
                    agree(readings).or_else(|| body.transaction())
                }
                ApiKind::Inquiry => match result.map(|r| r.status) {
                    Some(Status::Failed) => {
                        call_failed = result;
                        Some(Reading {
                            state: State::Unknown,
                            code: None,
                            status: Status::Failed,
                            field: Some(Field::Result),
                            result: result.cloned(),
                        })
                    }
                    Some(status @ (Status::Unknown | Status::Accepted)) => Some(Reading {
                        state: State::Retry,
                        code: result.map(|r| r.code.clone()),
                        status,
                        field: Some(Field::Result),
                        result: result.cloned(),
                    }),
                    Some(Status::Success) | None => body.state_or_transaction(),
                },
                ApiKind::Notification => {
                    let pending = body.notify_type.as_deref().is_some_and(|t| {
                        t.len() >= 8
                            && t.get(t.len() - 8..)
                                .is_some_and(|tail| tail.eq_ignore_ascii_case("_PENDING"))
                    });
                    if pending && result.is_some_and(|r| r.status == Status::Success) {
                        Some(Reading {
                            state: State::Pending,
                            code: None,
                            status: Status::Unknown,
                            field: Some(Field::NotifyType),
                            result: None,
                        })
                    } else {
                        agree(body.states())
                            .or_else(|| result.map(|r| own(r, Field::Result)))
                            .or_else(|| body.transaction())
                    }
                }
            };
            let reading = reading.unwrap_or(Reading::unknown(None));
            let classification = match call_failed {
                Some(call) => call.classify(),
                None => classify_result(reading.status, reading.code.as_deref().unwrap_or("")),
            };
            Ok(Outcome {
                state: reading.state,
                code: reading.code,
                status: reading.status,
                classification,
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
