//! "Did you mean …?" for a code the catalog does not know, from the codes spelled like it that
//! [`errcat_codegen::search::suggestions`] finds.

use errcat_codegen::CodeDef;

/// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`; `None` without
/// suggestions.
pub fn did_you_mean(codes: &[&CodeDef]) -> Option<String> {
    let names: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}
