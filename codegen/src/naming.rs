//! Rust naming for generated items: variant names from codes and category keys, and the
//! names a variant must not take. The validator asks these rules; the generator relies on them.

/// Associated items of the generated `Code` type that a variant name must not shadow.
pub(crate) const CODE_ASSOCIATED_ITEMS: &[&str] = &["ALL"];
/// The same for `Category`.
pub(crate) const CATEGORY_ASSOCIATED_ITEMS: &[&str] = &["ALL"];

/// A plausible variant name for a code whose own would not do: digits spelled out in front.
pub(crate) fn suggest_variant(code: &str) -> String {
    let camel = upper_camel(code);
    if camel == "Self" {
        return "SelfCode".to_owned();
    }
    let mut out = String::from("Code");
    out.push_str(&camel);
    out
}

/// `INSUFFICIENT_BALANCE` → `InsufficientBalance`, `payment_processing` → `PaymentProcessing`.
pub fn upper_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for part in key.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// An UpperCamelCase Rust identifier: an ASCII capital, then ASCII letters and digits, and not
/// the keyword `Self`.
pub fn is_upper_camel_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && name != "Self"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        assert_eq!(upper_camel("INSUFFICIENT_BALANCE"), "InsufficientBalance");
        assert_eq!(upper_camel("USER__NOT_EXIST"), "UserNotExist");
        assert_eq!(upper_camel("A1_B"), upper_camel("A_1_B"));
        assert_eq!(upper_camel("payment_processing"), "PaymentProcessing");
        assert!(!is_upper_camel_ident(&upper_camel("3DS_FAILED")));
        assert!(!is_upper_camel_ident(&upper_camel("SELF")));
        assert!(is_upper_camel_ident("ThreeDsFailed"));
        assert!(!is_upper_camel_ident("three_ds"));
        assert_eq!(suggest_variant("3DS_FAILED"), "Code3dsFailed");
        assert_eq!(suggest_variant("SELF"), "SelfCode");
    }
}
