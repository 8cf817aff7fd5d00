//! What generated catalogs call: not a public API. `errcat-codegen` writes code that names
//! these items by absolute path (`::errcat::__private::...`), for errcat's own catalog and for
//! the catalogs of crates that extend it, so that the status rule, the fallbacks and locale
//! matching live here once and are never copied into generated code. Anything here may change
//! in any release, together with the generator of the same version (the generator checks that
//! the two versions are equal before it writes anything).

use crate::rejected::Rejected;
use crate::{ParseCategoryError, ParseCodeError};

pub use phf;

/// The version of this runtime, which a generated file must have been generated for.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use crate::catalog::{CategoryRow, FallbackRow, Row};

/// The message for a BCP 47 `locale` among `(locale, text)` pairs whose first pair is English:
/// exact tag (ignoring ASCII case, `_` for `-`), then shorter prefixes, then the same Chinese
/// script, then English. A list such as an `Accept-Language` value is read by its first tag.
#[inline]
pub fn pick_message<'a>(messages: &[(&'a str, &'a str)], locale: &str) -> &'a str {
    crate::locale::pick(messages, locale)
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

/// How many codes the catalog lacks the `tracing` feature remembers, and the capacity of the
/// set that holds them: for the tests that check that memory stays bounded.
#[cfg(feature = "tracing")]
pub fn telemetry_remembered() -> (usize, usize) {
    crate::telemetry::seen::remembered()
}
