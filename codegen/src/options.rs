//! What the generated code looks like beyond the catalog: the [`Builder`](crate::Builder)'s
//! options, as the generator reads them.

use proc_macro2::TokenStream;

/// Generation options.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// The catalog's file name, as the generated header and docs name it.
    pub(crate) source_name: String,
    /// Extra attributes on `Code`, parsed.
    pub(crate) code_attributes: Vec<TokenStream>,
    /// Extra attributes on `Category`, parsed.
    pub(crate) category_attributes: Vec<TokenStream>,
    /// Whether to generate `CODES`, a `phf::Map` of code strings.
    pub(crate) codes_map: bool,
    /// The path the generated code names errcat by (`::errcat` unless renamed).
    pub(crate) errcat_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            source_name: "codes.toml".to_owned(),
            code_attributes: Vec::new(),
            category_attributes: Vec::new(),
            codes_map: false,
            errcat_path: "::errcat".to_owned(),
        }
    }
}
