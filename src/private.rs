//! What generated catalogs call: not a public API. `errcat-codegen` writes code that names
//! these items by absolute path (`::errcat::__private::...`), for errcat's own catalog and for
//! the catalogs of crates that extend it, so that the status rule, the fallbacks and locale
//! matching live here once and are never copied into generated code. Anything here may change
//! in any release, together with the generator of the same version (the generator checks that
//! the two versions are equal before it writes anything).

use crate::rejected::Rejected;
use crate::{ParseCategoryError, ParseCodeError, RetryPolicy, Status};

pub use phf;

/// The version of this runtime, which a generated file must have been generated for.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One row of a generated codes table: a code's entry. `C` is the catalog's `Category`.
#[derive(PartialEq, Eq, Debug)]
pub struct Entry<C: 'static> {
    /// The code string.
    pub code: &'static str,
    /// The code's own status.
    pub status: Status,
    /// The code's category.
    pub category: C,
    /// What the code means.
    pub description: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
    /// The code's policy: its own, or its category's.
    pub retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub messages: &'static [(&'static str, &'static str)],
    /// Other strings the platform sends for the code.
    pub aliases: &'static [&'static str],
    /// Why the code is deprecated, and what to use instead.
    pub deprecated: Option<&'static str>,
    /// When and why the platform stopped sending the code.
    pub retired: Option<&'static str>,
    /// Since when the code exists (free text).
    pub since: Option<&'static str>,
    /// Where the entry comes from.
    pub source: Option<&'static str>,
}

/// One row of a generated fallbacks table: what a status means when no code's entry decides.
#[derive(PartialEq, Eq, Debug)]
pub struct FallbackEntry {
    /// The status it answers for.
    pub status: Status,
    /// What the status means.
    pub description: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
    /// The status's policy.
    pub retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub messages: &'static [(&'static str, &'static str)],
}

/// One row of a generated categories table.
#[derive(PartialEq, Eq, Debug)]
pub struct CategoryEntry {
    /// The key in `codes.toml`.
    pub key: &'static str,
    /// The title.
    pub title: &'static str,
    /// The policy of the category's codes that set none.
    pub retry: RetryPolicy,
}

/// The English message of a row's messages (English is always first).
#[inline]
pub fn english(messages: &'static [(&'static str, &'static str)]) -> &'static str {
    messages.first().map_or("", |m| m.1)
}

/// The message for a BCP 47 `locale` among `(locale, text)` pairs whose first pair is English:
/// exact tag (ignoring ASCII case, `_` for `-`), then shorter prefixes, then the same Chinese
/// script, then English. A list such as an `Accept-Language` value is read by its first tag.
#[inline]
pub fn pick_message<'a>(messages: &[(&'a str, &'a str)], locale: &str) -> &'a str {
    crate::locale::pick(messages, locale)
}

/// The index of a status in a fallbacks table (`S`, `F`, `U`, `A`).
#[inline]
pub const fn status_index(status: Status) -> usize {
    status as usize
}

/// Bit `s` is set where the entry of a code with `code_status` and `retry` decides under
/// `Status::ALL[s]`: the status rule ([`Status::lets_entry_decide`]) for every status at once,
/// for a table computed at compile time.
pub const fn agrees(code_status: Status, retry: RetryPolicy) -> u8 {
    let mut bits = 0u8;
    let mut s = 0;
    while s < Status::ALL.len() {
        if Status::ALL[s].lets_entry_decide(code_status, retry) {
            bits |= 1 << s;
        }
        s += 1;
    }
    bits
}

/// Whether bit `status` of an [`agrees`] byte is set.
#[inline]
pub const fn decides(agrees: u8, status: Status) -> bool {
    agrees & (1 << status as u8) != 0
}

/// errcat's own fallback for `status`: what catalogs that extend errcat answer for a code that
/// is not theirs.
#[inline]
pub fn fallback(status: Status) -> &'static FallbackEntry {
    crate::Classification::__fallback(status)
}

/// The error of `str::parse::<Code>()` for `code`.
pub fn code_error(code: &str) -> ParseCodeError {
    ParseCodeError {
        code: Rejected::new(code),
    }
}

/// The error of `str::parse::<Category>()` for `key`.
pub fn category_error(key: &str) -> ParseCategoryError {
    ParseCategoryError {
        key: Rejected::new(key),
    }
}

/// Expands to its items where errcat has its `json` feature (`Outcome` exists), to nothing
/// elsewhere.
#[cfg(feature = "json")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_if_json {
    ($($item:item)*) => { $($item)* };
}

/// Expands to its items where errcat has its `json` feature (`Outcome` exists), to nothing
/// elsewhere.
#[cfg(not(feature = "json"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_if_json {
    ($($item:item)*) => {};
}

pub use crate::__errcat_if_json as if_json;

#[cfg(feature = "serde")]
pub use serde;

#[cfg(feature = "serde")]
pub use crate::__errcat_serde_as_string as serde_as_string;

/// Without errcat's `serde` feature, generated catalogs get no serde impls.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_no_serde {
    ($($anything:tt)*) => {};
}

#[cfg(not(feature = "serde"))]
pub use crate::__errcat_no_serde as serde_as_string;
