//! Placeholder until the validator's `extends` lands (replaced at merge).
use crate::{Catalog, Report};

/// A catalog that `extends = "NAME"` can name.
#[derive(Debug, Clone, Copy)]
pub struct BaseCatalog<'a> {
    /// Name.
    pub name: &'a str,
    /// Path.
    pub path: &'a str,
    /// Text.
    pub source: &'a str,
}

/// Placeholder.
pub fn check_str_extending(
    path: &str,
    source: &str,
    _base: Option<BaseCatalog<'_>>,
) -> Result<Catalog, Report> {
    crate::check_str(path, source)
}
