//! errcat's own generated catalog (`$OUT_DIR/errcat_catalog.rs`, made from `codes.toml` by the
//! build script through `errcat_codegen::Builder`, the same path as a catalog that extends
//! errcat), and the parse errors of its `FromStr` impls.

use crate::rejected::Rejected;

crate::include_catalog!();

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
    pub(crate) code: Rejected,
}

impl ParseCodeError {
    /// The rejected code (its first 64 bytes, cut at a character boundary).
    pub fn code(&self) -> &str {
        self.code.as_str()
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
    pub(crate) key: Rejected,
}

impl ParseCategoryError {
    /// The rejected key (its first 64 bytes, cut at a character boundary).
    pub fn key(&self) -> &str {
        self.key.as_str()
    }
}
