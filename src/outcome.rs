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
mod rules;

#[cfg(feature = "json")]
pub use self::json::{BodyError, MAX_BODY_BYTES, Outcome, UserAction};

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

    use super::body::{Action, Body};
    pub use super::body::{BodyError, MAX_BODY_BYTES};
    use super::rules::read;
    use super::{Api, Field, State};
    use crate::{CATALOG, Catalog, Decision, ResultInfo, RetryPolicy, Status, telemetry};

    /// What the person paying must do before a pending payment can finish, exactly as the
    /// body sent it: open a redirect wallet's page or app (`normalUrl`, `schemeUrl`,
    /// `applinkUrl`), or go where a mini-program pay's `redirectActionForm` says. errcat passes
    /// these on as text: it never fetches or parses them. Print them escaped
    /// ([`Escaped`](crate::Escaped)) like any text from a response.
    ///
    /// ```
    /// use errcat::{Api, Outcome, State};
    ///
    /// let body = br#"{"result":{"resultStatus":"A","resultCode":"ACCEPT"},
    ///     "redirectActionForm":{"redirectUrl":"https://wallet.example/pay?id=1","method":"POST"}}"#;
    /// let outcome = Outcome::from_json(Some(Api::Pay), body)?;
    /// assert_eq!(outcome.state(), State::Pending);
    /// let action = outcome.user_action().expect("a pending body with a form");
    /// assert_eq!(action.redirect_url(), Some("https://wallet.example/pay?id=1"));
    /// assert_eq!(action.redirect_method(), Some("POST"));
    /// # Ok::<(), errcat::BodyError>(())
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct UserAction(Action);

    impl UserAction {
        /// `normalUrl`: the wallet's page, for a browser.
        pub fn normal_url(&self) -> Option<&str> {
            self.0.normal_url.as_deref()
        }

        /// `schemeUrl`: the wallet app's URL scheme.
        pub fn scheme_url(&self) -> Option<&str> {
            self.0.scheme_url.as_deref()
        }

        /// `applinkUrl`: the wallet app's universal or app link.
        pub fn applink_url(&self) -> Option<&str> {
            self.0.applink_url.as_deref()
        }

        /// `redirectActionForm.redirectUrl`: where the mini-program pay continues.
        pub fn redirect_url(&self) -> Option<&str> {
            self.0.redirect_url.as_deref()
        }

        /// `redirectActionForm.method`, where the form gives it (`POST`, `GET`).
        pub fn redirect_method(&self) -> Option<&str> {
            self.0.redirect_method.as_deref()
        }
    }

    /// The payment-level outcome of a whole response body: its [`State`], the code that
    /// explains it, its [`Decision`] (next action and message, which agree with the state) and
    /// which field decided.
    ///
    /// Read it with [`Outcome::from_json`]. Rules, from the platform's documentation:
    ///
    /// - `pay`, `capture`, `refund`: the `result` is the operation's own: `S` succeeded; `F`
    ///   failed with its `resultCode`, retry where the code resends (`SYSTEM_BUSY`), unknown
    ///   where it inquires first (`ORDER_IS_CLOSED`); `A` pending; `U` pending when the code's
    ///   policy polls (`PAYMENT_IN_PROCESS`), otherwise retry. State fields of the same operation must agree
    ///   with it; without a `result`, they decide, else the last transaction.
    /// - `cancel`: its own `result` only; an `S` beside a payment state that is not failed
    ///   (`paymentStatus` `SUCCESS`) is unknown.
    /// - `inquiryPayment`, `inquiryRefund`: `result` `S`, or no `result` at all: the state
    ///   decides (`paymentStatus` with `paymentResultCode`, `refundStatus` with
    ///   `refundResultCode`, `transactionStatus`, or a nested `paymentResult` read as an
    ///   operation's own result); `result` `U` (or `A`): retry; `result` `F`: unknown (the query
    ///   failed; the [`decision`](Self::decision) is about the call).
    /// - `transactions[]`: where no state field or nested result decides, the last entry (by
    ///   position) of the operation asked about does: `transactionType` `PAYMENT` or `CAPTURE`
    ///   for a payment, `CAPTURE` for a capture, `REFUND` for a refund, `CANCEL` for a cancel,
    ///   or an entry without a type; by its `transactionResult` read as an operation's own
    ///   result, or its `transactionStatus` as a state. Entries of other types never decide.
    /// - notifications: `notifyType` `<OPERATION>_PENDING` is pending (an `F` result or a
    ///   state that says otherwise beside it: unknown); `<OPERATION>_RESULT` (or none): a state
    ///   field or nested result decides where there is one (a failed `result` beside a
    ///   successful state: unknown), else the notification's `result`, read as an operation's
    ///   own, except that its `F` is failed whatever the code says (a notification answers no
    ///   request: there is nothing to resend). A `notifyType` of another operation, or one errcat does not know, is unknown.
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
        decision: Decision,
        decided_by: Option<Field>,
        api: Api,
        api_inferred: bool,
        result: Option<ResultInfo>,
        deciding_result: Option<ResultInfo>,
        user_action: Option<UserAction>,
    }

    impl Outcome {
        /// Reads a response body (or a notification's body) and decides its outcome. `api`
        /// names the API the body answers; `None` infers it from the fields present (see
        /// [`is_api_inferred`](Self::is_api_inferred)).
        ///
        /// Lenient where the platform is: unknown fields are ignored, `resultMessage` may be
        /// missing or `null`, a code may be a JSON number (kept as its text), an optional
        /// field may be `null`. Strict where the answer depends on it: see [`BodyError`]. The
        /// body is at most [`MAX_BODY_BYTES`] (16 MiB) of UTF-8. A JSON object in which nothing
        /// decides (`{}`, `{"result": null}`, only fields errcat does not read) is no error:
        /// its state is [`State::Unknown`], decided by nothing.
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
            Outcome::from_json_in(&CATALOG, api, body)
        }

        /// [`from_json`](Self::from_json) with another catalog than errcat's own: a crate
        /// whose `codes.toml` extends errcat's passes the `CATALOG` that its
        /// `include_catalog!()` defines, so that its own codes decide (a `U` code of its own
        /// that polls reads pending, and its messages are shown).
        ///
        /// ```
        /// use errcat::{Api, Outcome, State, CATALOG};
        ///
        /// let body = br#"{"result":{"resultStatus":"F","resultCode":"SYSTEM_BUSY","resultMessage":""}}"#;
        /// let outcome = Outcome::from_json_in(&CATALOG, Some(Api::Pay), body)?;
        /// assert_eq!(outcome.state(), State::Retry);
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        pub fn from_json_in(
            catalog: &'static Catalog,
            api: Option<Api>,
            body: &[u8],
        ) -> Result<Outcome, BodyError> {
            Outcome::read_in(catalog, api, body, true)
        }

        /// [`from_json_in`](Self::from_json_in), counted by the telemetry only where `counted`
        /// (a replay's second reading of a body the flow has read is not counted).
        pub(crate) fn read_in(
            catalog: &'static Catalog,
            api: Option<Api>,
            body: &[u8],
            counted: bool,
        ) -> Result<Outcome, BodyError> {
            let body = Body::parse(body).inspect_err(|_| {
                if counted {
                    telemetry::body_error(api);
                }
            })?;
            let read = read(catalog, api, &body);
            let reading = read.reading;
            // The decision is about the deciding field, or about the call where an inquiry's
            // own query failed (so that `EXPIRED_ACCESS_TOKEN` says to refresh the token).
            let (status, code) = match read.call_failed {
                Some(call) => (call.status, call.code.as_str()),
                None => (reading.status, reading.code.as_deref().unwrap_or("")),
            };
            let decision = catalog.decide(reading.state, status, code);
            let decided = reading.field.is_some() || read.call_failed.is_some();
            if counted {
                telemetry::outcome(
                    read.api,
                    decided.then_some(status),
                    reading.state,
                    code,
                    &decision,
                    reading.field,
                );
            }
            // Only a payment still waiting for the person paying has something for them to do.
            let action = &body.action;
            let has_url = action.normal_url.is_some()
                || action.scheme_url.is_some()
                || action.applink_url.is_some()
                || action.redirect_url.is_some();
            let user_action = (reading.state == State::Pending && has_url).then(|| {
                // A method without a URL to go to is no action.
                let mut action = action.clone();
                if action.redirect_url.is_none() {
                    action.redirect_method = None;
                }
                UserAction(action)
            });
            Ok(Outcome {
                state: reading.state,
                code: reading.code,
                status: reading.status,
                decision,
                decided_by: reading.field,
                api: read.api,
                api_inferred: read.api_inferred,
                result: body.result,
                deciding_result: reading.result,
                user_action,
            })
        }

        /// What the person paying must do before the pending payment can finish (open the
        /// wallet's URL, follow the `redirectActionForm`), exactly as the body sent it; `None`
        /// where the body has none, and always for an outcome that is not pending.
        ///
        /// ```
        /// # use errcat::{Api, Outcome};
        /// let body = br#"{"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS"},"normalUrl":"https://wallet.example/c/1"}"#;
        /// let outcome = Outcome::from_json(Some(Api::Pay), body)?;
        /// assert_eq!(outcome.user_action().and_then(|a| a.normal_url()), Some("https://wallet.example/c/1"));
        /// let paid = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"normalUrl":"https://wallet.example/c/1"}"#;
        /// assert!(Outcome::from_json(Some(Api::Pay), paid)?.user_action().is_none());
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn user_action(&self) -> Option<&UserAction> {
            self.user_action.as_ref()
        }

        /// The decision: the state, the next action and the message for the person paying,
        /// from one row of the catalog (see [`Decision`]). For an inquiry whose own call
        /// failed, its code is the call's, so that `EXPIRED_ACCESS_TOKEN` says to refresh the
        /// token.
        ///
        /// ```
        /// # use errcat::{Api, Outcome, RetryPolicy, State};
        /// let body = br#"{"result":{"resultStatus":"F","resultCode":"EXPIRED_ACCESS_TOKEN"}}"#;
        /// let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
        /// assert_eq!(outcome.state(), State::Unknown);
        /// assert_eq!(outcome.decision().retry(), RetryPolicy::RefreshToken);
        /// assert_eq!(outcome.decision().code(), Some("EXPIRED_ACCESS_TOKEN"));
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn decision(&self) -> Decision {
            self.decision
        }

        /// What to do next: the decision's policy, one the state allows (a failed payment is
        /// never resent, a pending one is polled, never resent).
        ///
        /// ```
        /// # use errcat::{Api, Outcome, RetryPolicy};
        /// let body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"paymentStatus":"PROCESSING"}"#;
        /// let outcome = Outcome::from_json(Some(Api::InquiryPayment), body)?;
        /// assert!(matches!(outcome.retry(), RetryPolicy::Poll { .. }));
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn retry(&self) -> RetryPolicy {
            self.decision.retry()
        }

        /// The message for the person paying in `locale`, from the same row as the next
        /// action (for an unknown state, the `U` fallback's "still confirming").
        ///
        /// ```
        /// # use errcat::{Api, Outcome};
        /// let body = br#"{"result":{"resultStatus":"F","resultCode":"INSUFFICIENT_BALANCE"}}"#;
        /// let outcome = Outcome::from_json(Some(Api::Pay), body)?;
        /// assert!(outcome.user_message_in("en").contains("balance"));
        /// # Ok::<(), errcat::BodyError>(())
        /// ```
        #[inline]
        pub fn user_message_in(&self, locale: &str) -> &'static str {
            self.decision.user_message_in(locale)
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
