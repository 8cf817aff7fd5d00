//! The platform's `result` object, and a failed result as an error.

use alloc::string::String;
use core::fmt;

use crate::{Classification, Code, Escaped, RetryPolicy, Status, classify_result};

/// The `result` object of a platform response: `{resultStatus, resultCode, resultMessage}`.
///
/// Under the `serde` feature it deserializes from the platform's JSON object (never from an
/// array: the platform sends an object, and fields read by position could be misread).
/// `resultStatus` and `resultCode` are required and may appear once; `resultMessage` may be
/// missing or `null` (read as empty); other fields are ignored. A code the catalog does not
/// know is kept as sent.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use errcat::{ResultInfo, RetryPolicy, Status};
///
/// let json = r#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY","resultMessage":"busy"}"#;
/// let result: ResultInfo = serde_json::from_str(json).unwrap();
/// assert_eq!(result.status, Status::Unknown);
/// assert!(matches!(result.classify().retry(), RetryPolicy::Backoff { .. }));
/// # }
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ResultInfo {
    /// `resultStatus`.
    #[cfg_attr(feature = "serde", serde(rename = "resultStatus"))]
    pub status: Status,
    /// `resultCode`, exactly as sent (catalogued or not).
    #[cfg_attr(feature = "serde", serde(rename = "resultCode"))]
    pub code: String,
    /// `resultMessage`: server text for logs, never for the end user. Empty when absent.
    #[cfg_attr(feature = "serde", serde(rename = "resultMessage"))]
    pub message: String,
}

impl ResultInfo {
    /// A result from its three fields.
    ///
    /// ```
    /// let r = errcat::ResultInfo::new(errcat::Status::Success, "SUCCESS", "");
    /// assert!(r.classify().code().is_some());
    /// ```
    pub fn new(status: Status, code: impl Into<String>, message: impl Into<String>) -> Self {
        ResultInfo {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// The decision for this result: [`classify_result`] of its status and code.
    ///
    /// ```
    /// use errcat::{ResultInfo, Status};
    /// let r = ResultInfo::new(Status::Failed, "RISK_REJECT", "risk");
    /// assert_eq!(r.classify().resolution(), "Contact support");
    /// ```
    #[inline]
    pub fn classify(&self) -> Classification {
        classify_result(self.status, &self.code)
    }

    /// `Ok(self)` for `S`; for `F`, `U` and `A` an [`ApiError`] that carries the result and
    /// its classification, so `?` works in a client. `U` and `A` are not final: the error's
    /// [`retry`](ApiError::retry) says how to go on.
    ///
    /// This is about the call, never the payment: an `inquiryPayment` whose `result` is `S` is
    /// `Ok` although its `paymentStatus` may be `FAIL`, and a `pay` answered `U` or `A` may
    /// have been charged. Whether a payment is paid is the body's outcome (`Outcome::from_json`,
    /// feature `json`): the crate docs' "Is it paid?" shows it.
    ///
    /// ```
    /// use errcat::{ResultInfo, RetryPolicy, Status};
    ///
    /// let ok = ResultInfo::new(Status::Success, "SUCCESS", "").into_result();
    /// assert!(ok.is_ok());
    ///
    /// let err = ResultInfo::new(Status::Unknown, "SYSTEM_BUSY", "busy").into_result().unwrap_err();
    /// assert!(matches!(err.retry(), RetryPolicy::Backoff { .. }));
    /// ```
    pub fn into_result(self) -> Result<ResultInfo, ApiError> {
        match self.status {
            Status::Success => Ok(self),
            _ => Err(ApiError::new(self)),
        }
    }
}

/// A result that is not a success (`F`, `U` or `A`), as an error.
///
/// Its `Display` is for logs: status, code and server message, on one line, the code and the
/// message written through [`Escaped`] (a control character, line separator or bidirectional
/// control the server sent is written escaped: `\n`, `\u{2028}`). What to show a person
/// comes from the catalog only: [`user_message`](Self::user_message).
///
/// ```
/// use errcat::{ApiError, ResultInfo, Status};
///
/// let err: ApiError = ResultInfo::new(Status::Failed, "INSUFFICIENT_BALANCE", "balance 0.00 < 10.00")
///     .into_result()
///     .unwrap_err();
/// assert_eq!(err.to_string(), "F INSUFFICIENT_BALANCE: balance 0.00 < 10.00");
/// assert!(!err.user_message().contains("0.00"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug, thiserror::Error)]
#[error("{} {}{}", .result.status, Escaped(&.result.code), ServerDetail(&.result.message))]
pub struct ApiError {
    result: ResultInfo,
    classification: Classification,
}

impl ApiError {
    /// An error for a result. Prefer [`ResultInfo::into_result`], which keeps `S` out: `new`
    /// takes the result as it is, so an `S` result makes an "error" classified as a success.
    ///
    /// ```
    /// use errcat::{ApiError, ResultInfo, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "X", ""));
    /// assert_eq!(err.raw_code(), "X");
    /// ```
    pub fn new(result: ResultInfo) -> Self {
        let classification = result.classify();
        ApiError {
            result,
            classification,
        }
    }

    /// `resultStatus`.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// assert_eq!(ApiError::new(ResultInfo::new(Status::Accepted, "X", "")).status(), Status::Accepted);
    /// ```
    #[inline]
    pub fn status(&self) -> Status {
        self.result.status
    }

    /// The catalogued code, `None` for a code the catalog does not know.
    ///
    /// ```
    /// # use errcat::{ApiError, Code, ResultInfo, Status};
    /// assert_eq!(ApiError::new(ResultInfo::new(Status::Failed, "RISK_REJECT", "")).code(), Some(Code::RiskReject));
    /// ```
    #[inline]
    pub fn code(&self) -> Option<Code> {
        self.classification.code()
    }

    /// `resultCode` exactly as the server sent it, catalogued or not.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// assert_eq!(ApiError::new(ResultInfo::new(Status::Failed, "1001", "")).raw_code(), "1001");
    /// ```
    #[inline]
    pub fn raw_code(&self) -> &str {
        &self.result.code
    }

    /// `resultMessage`, for logs. Never show it to the end user.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// assert_eq!(ApiError::new(ResultInfo::new(Status::Failed, "X", "detail")).server_message(), "detail");
    /// ```
    #[inline]
    pub fn server_message(&self) -> &str {
        &self.result.message
    }

    /// The decision for the result.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "RISK_REJECT", ""));
    /// assert_eq!(err.classification().resolution(), "Contact support");
    /// ```
    #[inline]
    pub fn classification(&self) -> Classification {
        self.classification
    }

    /// What to do next.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, RetryPolicy, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "EXPIRED_ACCESS_TOKEN", ""));
    /// assert_eq!(err.retry(), RetryPolicy::RefreshToken);
    /// ```
    #[inline]
    pub fn retry(&self) -> RetryPolicy {
        self.classification.retry()
    }

    /// The English message for the end user, from the catalog only.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "X", "internal detail"));
    /// assert!(!err.user_message().contains("internal detail"));
    /// ```
    #[inline]
    pub fn user_message(&self) -> &'static str {
        self.classification.user_message()
    }

    /// The message for the end user in `locale`, from the catalog only.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "RISK_REJECT", ""));
    /// assert_ne!(err.user_message_in("zh-CN"), err.user_message());
    /// ```
    #[inline]
    pub fn user_message_in(&self, locale: &str) -> &'static str {
        self.classification.user_message_in(locale)
    }

    /// The result the error was made from.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// let err = ApiError::new(ResultInfo::new(Status::Failed, "X", ""));
    /// assert_eq!(err.result().code, "X");
    /// ```
    #[inline]
    pub fn result(&self) -> &ResultInfo {
        &self.result
    }

    /// Gives the result back.
    ///
    /// ```
    /// # use errcat::{ApiError, ResultInfo, Status};
    /// let r = ResultInfo::new(Status::Failed, "X", "");
    /// assert_eq!(ApiError::new(r.clone()).into_result_info(), r);
    /// ```
    pub fn into_result_info(self) -> ResultInfo {
        self.result
    }
}

/// `: message` after the code in `ApiError`'s `Display`, or nothing when the server sent none.
struct ServerDetail<'a>(&'a str);

impl fmt::Display for ServerDetail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, ": {}", Escaped(self.0))
        }
    }
}
