//! "Did you mean …?" for a code the catalog does not know: codes spelled like it, and codes
//! about the same things, as [`errcat_codegen::search`] finds them in the model's catalog.

use errcat_codegen::search;

use crate::model::{Entry, Model};

/// Whether an input is short enough to get suggestions ([`search::plausible`]).
pub fn plausible(model: &Model, input: &str) -> bool {
    search::plausible(model.catalog(), input)
}

/// The catalogued codes closest to `input` ([`search::suggestions`]).
pub fn suggestions<'a>(model: &'a Model, input: &str) -> Vec<Entry<'a>> {
    let found = search::suggestions(model.catalog(), input);
    found.into_iter().map(|c| model.entry_for(c)).collect()
}

/// Catalogued codes about the same things as `input`, each with the input's words it shares
/// ([`search::related`]).
pub fn related<'a>(model: &'a Model, input: &str) -> Vec<(Entry<'a>, Vec<String>)> {
    let found = search::related(model.catalog(), input);
    let entry = |r: search::Related<'a>| (model.entry_for(r.code), r.shared);
    found.into_iter().map(entry).collect()
}

/// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`; `None` without
/// suggestions.
pub fn did_you_mean(codes: &[Entry<'_>]) -> Option<String> {
    let names: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_for_nonsense() {
        let model = Model::builtin().unwrap();
        assert!(suggestions(&model, "").is_empty());
        assert_eq!(did_you_mean(&[]), None);
    }
}
