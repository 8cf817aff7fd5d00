//! `resultStatus`: the four outcomes the platform reports.

use core::fmt;
use core::str::FromStr;

use crate::rejected::Rejected;

/// The `resultStatus` of a platform response.
///
/// ```
/// use errcat::Status;
///
/// let status: Status = "U".parse()?;
/// assert_eq!(status, Status::Unknown);
/// assert_eq!(status.as_str(), "U");
/// assert!("u".parse::<Status>().is_err());
/// # Ok::<(), errcat::ParseStatusError>(())
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// `S`: the request completed successfully.
    Success,
    /// `F`: the request failed; `resultCode` says why.
    Failed,
    /// `U`: the result is unknown; retry or poll for the final state.
    Unknown,
    /// `A`: the request was accepted and is processed asynchronously.
    Accepted,
}

impl Status {
    /// The four statuses, in the order `S`, `F`, `U`, `A`.
    pub const ALL: [Status; 4] = [
        Status::Success,
        Status::Failed,
        Status::Unknown,
        Status::Accepted,
    ];

    /// The status letter the platform sends: `"S"`, `"F"`, `"U"` or `"A"`.
    ///
    /// ```
    /// assert_eq!(errcat::Status::Accepted.as_str(), "A");
    /// ```
    #[inline]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Success => "S",
            Status::Failed => "F",
            Status::Unknown => "U",
            Status::Accepted => "A",
        }
    }

    /// Parses exactly `"S"`, `"F"`, `"U"` or `"A"`; anything else is `None`.
    ///
    /// ```
    /// use errcat::Status;
    /// assert_eq!(Status::from_letter("F"), Some(Status::Failed));
    /// assert_eq!(Status::from_letter("FAILED"), None);
    /// ```
    #[inline]
    pub const fn from_letter(s: &str) -> Option<Status> {
        match s.as_bytes() {
            b"S" => Some(Status::Success),
            b"F" => Some(Status::Failed),
            b"U" => Some(Status::Unknown),
            b"A" => Some(Status::Accepted),
            _ => None,
        }
    }

    /// Whether the result is final: `S` and `F` are, `U` and `A` are not.
    ///
    /// ```
    /// assert!(!errcat::Status::Unknown.is_final());
    /// ```
    #[inline]
    pub const fn is_final(self) -> bool {
        matches!(self, Status::Success | Status::Failed)
    }
}

/// The letter, as `Display` prints it (`F`): see the crate docs' rule for `Debug`.
impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Status {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A `resultStatus` that is not one of `S`, `F`, `U`, `A`.
///
/// ```
/// let err = "X".parse::<errcat::Status>().unwrap_err();
/// assert_eq!(err.value(), "X");
/// assert_eq!(err.to_string(), r#"invalid result status "X": expected one of "S", "F", "U", "A""#);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error(r#"invalid result status {value}: expected one of "S", "F", "U", "A""#)]
pub struct ParseStatusError {
    value: Rejected,
}

impl ParseStatusError {
    /// The rejected value (its first 64 bytes, cut at a character boundary).
    pub fn value(&self) -> &str {
        self.value.as_str()
    }
}

impl FromStr for Status {
    type Err = ParseStatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::from_letter(s).ok_or_else(|| ParseStatusError {
            value: Rejected::new(s),
        })
    }
}

impl TryFrom<&str> for Status {
    type Error = ParseStatusError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}
