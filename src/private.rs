//! What generated catalogs call: not a public API. `errcat-codegen` writes code that names
//! these items by absolute path (`::errcat::__private::...`), for errcat's own catalog and for
//! the catalogs of crates that extend it, so that the status rule, the fallbacks and locale
//! matching live here once and are never copied into generated code. Anything here may change
//! in any release, together with the generator of the same version.

/// The message for a BCP 47 `locale` among `(locale, text)` pairs whose first pair is English:
/// exact tag (ignoring ASCII case, `_` for `-`), then shorter prefixes, then the same Chinese
/// script, then English. A list such as an `Accept-Language` value is read by its first tag.
#[inline]
pub fn pick_message<'a>(messages: &[(&'a str, &'a str)], locale: &str) -> &'a str {
    crate::locale::pick(messages, locale)
}
