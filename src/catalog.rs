//! The generated catalog (`$OUT_DIR/catalog.rs`, made from `codes.toml` by the build script)
//! and the hand-written methods over its tables.

use core::fmt;
use core::str::FromStr;

use crate::locale;
use crate::rejected::Rejected;
use crate::{RetryPolicy, State, Status};

/// One row of the generated codes table: a code's entry.
#[derive(PartialEq, Eq, Debug)]
pub(crate) struct Entry {
    pub(crate) code: &'static str,
    pub(crate) status: Status,
    pub(crate) category: Category,
    pub(crate) description: &'static str,
    pub(crate) resolution: &'static str,
    pub(crate) retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub(crate) messages: &'static [(&'static str, &'static str)],
    /// Other strings the platform sends for the code.
    pub(crate) aliases: &'static [&'static str],
    /// Why the code is deprecated, and what to use instead.
    pub(crate) deprecated: Option<&'static str>,
    /// When and why the platform stopped sending the code.
    pub(crate) retired: Option<&'static str>,
    /// Since when the code exists (free text).
    pub(crate) since: Option<&'static str>,
    /// Where the entry comes from.
    pub(crate) source: Option<&'static str>,
}

/// One row of the generated fallbacks table: what a status means when no code's entry decides.
/// A row of its own type, so that nothing reads a code's fields (a category, aliases) from it.
#[derive(PartialEq, Eq, Debug)]
pub(crate) struct FallbackEntry {
    pub(crate) status: Status,
    pub(crate) description: &'static str,
    pub(crate) resolution: &'static str,
    pub(crate) retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub(crate) messages: &'static [(&'static str, &'static str)],
}

/// The English message of a row's messages (English is always first).
#[inline]
pub(crate) fn english(messages: &'static [(&'static str, &'static str)]) -> &'static str {
    messages.first().map_or("", |m| m.1)
}

/// One row of the generated categories table.
pub(crate) struct CategoryEntry {
    pub(crate) key: &'static str,
    pub(crate) title: &'static str,
    pub(crate) retry: RetryPolicy,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// What a payment-level state value (`paymentStatus`, `refundStatus`, `transactionStatus`)
/// means, from `codes.toml`'s `[states]`, matched ignoring ASCII case; `None` for a value the
/// catalog does not know.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn state_of(value: &str) -> Option<State> {
    STATES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(value))
        .map(|&(_, state)| state)
}

impl Code {
    #[inline]
    pub(crate) fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    /// Looks up a code string exactly as the platform sends it (case-sensitive): a code, or
    /// one of its [aliases](Code::aliases), which give the code's variant. `None` for anything
    /// not in the catalog; never panics, never allocates.
    ///
    /// ```
    /// use errcat::Code;
    /// assert_eq!(Code::from_code("SYSTEM_BUSY"), Some(Code::SystemBusy));
    /// assert_eq!(Code::from_code("system_busy"), None);
    /// // An alias: another string the platform sends for the same meaning.
    /// let code = Code::from_code("USER_BALANCE_NOT_ENOUGH");
    /// assert_eq!(code, Some(Code::InsufficientBalance));
    /// assert_eq!(code.map(Code::as_str), Some("INSUFFICIENT_BALANCE"));
    /// ```
    #[inline]
    pub fn from_code(code: &str) -> Option<Code> {
        let (key, found) = SLOTS[slot_of(code.as_bytes())];
        if key.as_bytes() == code.as_bytes() {
            found
        } else {
            None
        }
    }

    /// The code string, e.g. `"INSUFFICIENT_BALANCE"`: always the code's own, never an alias.
    ///
    /// ```
    /// assert_eq!(errcat::Code::InsufficientBalance.as_str(), "INSUFFICIENT_BALANCE");
    /// ```
    #[inline]
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The status the platform sends with this code.
    ///
    /// ```
    /// assert_eq!(errcat::Code::PaymentInProcess.status(), errcat::Status::Unknown);
    /// ```
    #[inline]
    pub fn status(self) -> Status {
        self.entry().status
    }

    /// The catalog section the code belongs to.
    ///
    /// ```
    /// assert_eq!(errcat::Code::RiskReject.category(), errcat::Category::PaymentProcessing);
    /// ```
    #[inline]
    pub fn category(self) -> Category {
        // Every code's entry has a category; fallbacks are the only rows without one.
        self.entry().category
    }

    /// The platform reference's description of the code.
    ///
    /// ```
    /// assert_eq!(errcat::Code::InsufficientBalance.description(), "Customer has insufficient funds");
    /// ```
    #[inline]
    pub fn description(self) -> &'static str {
        self.entry().description
    }

    /// The platform reference's resolution: what the integrator should do.
    ///
    /// ```
    /// assert_eq!(errcat::Code::InsufficientBalance.resolution(), "Inform customer");
    /// ```
    #[inline]
    pub fn resolution(self) -> &'static str {
        self.entry().resolution
    }

    /// The code's retry policy: its own `retry` in `codes.toml`, or its category's.
    ///
    /// ```
    /// use errcat::{Code, RetryPolicy};
    /// assert_eq!(Code::ExpiredAccessToken.retry(), RetryPolicy::RefreshToken);
    /// ```
    #[inline]
    pub fn retry(self) -> RetryPolicy {
        self.entry().retry
    }

    /// The English message for the end user: plain words, no code, no blame.
    ///
    /// ```
    /// let msg = errcat::Code::InsufficientBalance.user_message();
    /// assert!(!msg.contains("INSUFFICIENT_BALANCE"));
    /// ```
    #[inline]
    pub fn user_message(self) -> &'static str {
        english(self.entry().messages)
    }

    /// The message for the end user in `locale` (a BCP 47 tag such as `zh-CN`; `_` works as
    /// `-`, case does not matter). Unknown locales get English; Traditional Chinese never gets
    /// Simplified (English unless the catalog has a `zh-Hant` message). A list such as an
    /// `Accept-Language` header is read by its first tag (`zh-TW, en;q=0.8` is `zh-TW`); weights
    /// are not compared.
    ///
    /// ```
    /// use errcat::Code;
    /// let code = Code::InsufficientBalance;
    /// assert_ne!(code.user_message_in("zh-Hans-CN"), code.user_message());
    /// assert_eq!(code.user_message_in("zh-TW"), code.user_message());
    /// assert_eq!(code.user_message_in("de-DE"), code.user_message());
    /// ```
    #[inline]
    pub fn user_message_in(self, locale: &str) -> &'static str {
        locale::pick(self.entry().messages, locale)
    }

    /// Every user message of the code as `(locale, text)` pairs, English first, then in
    /// `codes.toml` order.
    ///
    /// ```
    /// let messages = errcat::Code::SystemBusy.messages();
    /// assert_eq!(messages[0].0, "en");
    /// assert!(messages.iter().any(|(locale, _)| *locale == "zh-CN"));
    /// ```
    #[inline]
    pub fn messages(self) -> &'static [(&'static str, &'static str)] {
        self.entry().messages
    }

    /// Other strings the platform sends for the same meaning (`aliases` in `codes.toml`), in
    /// file order; [`Code::from_code`], `str::parse` and [`classify`](crate::classify) map each
    /// to this code. Empty for most codes.
    ///
    /// ```
    /// use errcat::Code;
    /// assert!(Code::InsufficientBalance.aliases().contains(&"USER_BALANCE_NOT_ENOUGH"));
    /// assert!(Code::SystemBusy.aliases().is_empty());
    /// ```
    #[inline]
    pub fn aliases(self) -> &'static [&'static str] {
        self.entry().aliases
    }

    /// Why the code is deprecated and what to use instead (`deprecated` in `codes.toml`); its
    /// variant is `#[deprecated]` too. `None` for a code in good standing.
    ///
    /// ```
    /// assert_eq!(errcat::Code::SystemBusy.deprecated(), None);
    /// ```
    #[inline]
    pub fn deprecated(self) -> Option<&'static str> {
        self.entry().deprecated
    }

    /// When and why the platform stopped sending the code (`retired` in `codes.toml`). A
    /// retired code keeps its variant, lookup and messages, so that one found in a log still
    /// explains itself; its variant is `#[deprecated]`. `None` for a code still sent.
    ///
    /// ```
    /// assert_eq!(errcat::Code::SystemBusy.retired(), None);
    /// ```
    #[inline]
    pub fn retired(self) -> Option<&'static str> {
        self.entry().retired
    }

    /// Since when the code exists (`since` in `codes.toml`: free text, a date or a version),
    /// if the catalog says.
    ///
    /// ```
    /// let since: Option<&str> = errcat::Code::SystemBusy.since();
    /// assert!(since.is_none_or(|s| !s.is_empty()));
    /// ```
    #[inline]
    pub fn since(self) -> Option<&'static str> {
        self.entry().since
    }

    /// Where the entry comes from (`source` in `codes.toml`: a public doc page of the
    /// platform), if given. The codes of the platform's error-code reference page have none.
    ///
    /// ```
    /// use errcat::Code;
    /// assert_eq!(Code::InsufficientBalance.source(), None);
    /// assert!(Code::SystemError.source().is_some_and(|s| s.contains("cancel")));
    /// ```
    #[inline]
    pub fn source(self) -> Option<&'static str> {
        self.entry().source
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A string that is not a catalogued code, from `str::parse::<Code>()`.
///
/// ```
/// let err = "NOPE".parse::<errcat::Code>().unwrap_err();
/// assert_eq!(err.code(), "NOPE");
/// assert_eq!(err.to_string(), r#"unknown result code "NOPE""#);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("unknown result code {code}")]
pub struct ParseCodeError {
    code: Rejected,
}

impl ParseCodeError {
    /// The rejected code (its first 64 bytes, cut at a character boundary).
    pub fn code(&self) -> &str {
        self.code.as_str()
    }
}

impl FromStr for Code {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, ParseCodeError> {
        Code::from_code(s).ok_or_else(|| ParseCodeError {
            code: Rejected::new(s),
        })
    }
}

impl TryFrom<&str> for Code {
    type Error = ParseCodeError;

    fn try_from(s: &str) -> Result<Self, ParseCodeError> {
        s.parse()
    }
}

impl Category {
    #[inline]
    fn entry(self) -> &'static CategoryEntry {
        &CATEGORY_ENTRIES[self as usize]
    }

    /// The category's key in `codes.toml`, e.g. `"payment_processing"`.
    ///
    /// ```
    /// assert_eq!(errcat::Category::PaymentProcessing.as_str(), "payment_processing");
    /// ```
    #[inline]
    pub fn as_str(self) -> &'static str {
        self.entry().key
    }

    /// The category's title, e.g. `"Payment Processing"`.
    ///
    /// ```
    /// assert_eq!(errcat::Category::RateLimit.title(), "Rate Limiting");
    /// ```
    #[inline]
    pub fn title(self) -> &'static str {
        self.entry().title
    }

    /// The policy of the category's codes that set none of their own.
    ///
    /// ```
    /// assert_eq!(errcat::Category::Validation.retry(), errcat::RetryPolicy::Never);
    /// ```
    #[inline]
    pub fn retry(self) -> RetryPolicy {
        self.entry().retry
    }

    /// Looks a category up by its key (case-sensitive); `None` for anything else. `str::parse`
    /// and `TryFrom<&str>` do the same with an error.
    ///
    /// ```
    /// use errcat::Category;
    /// assert_eq!(Category::from_key("refund"), Some(Category::Refund));
    /// assert_eq!(Category::from_key("Refund"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.as_str() == key)
    }
}

/// A string that is not a category key, from `str::parse::<Category>()`.
///
/// ```
/// let err = "Refund".parse::<errcat::Category>().unwrap_err();
/// assert_eq!(err.key(), "Refund");
/// assert_eq!(err.to_string(), r#"unknown category "Refund""#);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("unknown category {key}")]
pub struct ParseCategoryError {
    key: Rejected,
}

impl ParseCategoryError {
    /// The rejected key (its first 64 bytes, cut at a character boundary).
    pub fn key(&self) -> &str {
        self.key.as_str()
    }
}

impl FromStr for Category {
    type Err = ParseCategoryError;

    /// The category whose key is `s` exactly.
    ///
    /// ```
    /// assert_eq!("rate_limit".parse(), Ok(errcat::Category::RateLimit));
    /// ```
    fn from_str(s: &str) -> Result<Self, ParseCategoryError> {
        Category::from_key(s).ok_or_else(|| ParseCategoryError {
            key: Rejected::new(s),
        })
    }
}

impl TryFrom<&str> for Category {
    type Error = ParseCategoryError;

    /// As [`str::parse`].
    ///
    /// ```
    /// assert!(errcat::Category::try_from("nope").is_err());
    /// ```
    fn try_from(s: &str) -> Result<Self, ParseCategoryError> {
        s.parse()
    }
}

impl fmt::Debug for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Category {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The fallback entry of a status.
#[inline]
pub(crate) fn fallback(status: Status) -> &'static FallbackEntry {
    &FALLBACKS[status as usize]
}
