//! Reading the TOML structure: tables in file order, typed fields with their positions, and
//! unknown fields.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::hints::hint;
use super::{Entry, Subject, Validator};

/// Quotes a value for a one-line message: decoded, with control characters escaped.
pub(crate) fn quoted(s: &str) -> String {
    format!("{:?}", s)
}

/// Entries of a table in file order (the parser's map is sorted by key).
pub(super) fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

impl Validator<'_> {
    /// Reports fields not in `known`, with the closest known field as a hint.
    pub(super) fn unknown_fields(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        known: &[&str],
    ) {
        for (key, _) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            // A misplaced `extends` is reported once, by `misplaced_extends`.
            if !known.contains(&name) && name != "extends" {
                let hint = hint(name, known);
                self.problem(
                    &key.span(),
                    format!(
                        "{}: unknown field {}{hint}; known fields: {}",
                        subject.what,
                        quoted(name),
                        known.join(", ")
                    ),
                );
            }
        }
    }

    /// A required or optional string field; reports a missing, mistyped or blank value.
    pub(super) fn string(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        field: &str,
        required: bool,
    ) -> Option<Spanned<String>> {
        let Some(value) = table.get(field) else {
            if required {
                self.problem(
                    &subject.span,
                    format!(
                        "{}: missing required field `{field}`; add `{field} = \"...\"`",
                        subject.what
                    ),
                );
            }
            return None;
        };
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.problem(
                    &value.span(),
                    format!(
                        "{}: field `{field}` is empty; give it a value",
                        subject.what
                    ),
                );
                None
            }
            DeValue::String(s) => Some(Spanned::new(value.span(), s.to_string())),
            other => {
                self.problem(
                    &value.span(),
                    format!(
                        "{}: field `{field}` must be a string, found {}",
                        subject.what,
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    /// A subtable (`[x.NAME]`): reports any other kind of value.
    pub(super) fn table<'a, 'i>(
        &mut self,
        what: &str,
        value: &'a Spanned<DeValue<'i>>,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(
                    &value.span(),
                    format!("{what} must be a table, found {}", other.type_str()),
                );
                None
            }
        }
    }

    pub(super) fn integer(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        field: &str,
        max: u64,
    ) -> Option<Spanned<u64>> {
        let Some(value) = table.get(field) else {
            self.problem(
                &subject.span,
                format!(
                    "{}: missing required field `{field}`; add `{field} = <integer>`",
                    subject.what
                ),
            );
            return None;
        };
        let DeValue::Integer(int) = value.get_ref() else {
            self.problem(
                &value.span(),
                format!(
                    "{}: field `{field}` must be an integer, found {}",
                    subject.what,
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        match i128::from_str_radix(int.as_str(), int.radix()) {
            Ok(n) if (0..=i128::from(max)).contains(&n) => {
                Some(Spanned::new(value.span(), n as u64))
            }
            parsed => {
                // Every parameter must also be at least 1 (checked with the policy's rules).
                let why = if matches!(parsed, Ok(n) if n < 0) || int.as_str().starts_with('-') {
                    "negative"
                } else {
                    "too large"
                };
                self.problem(
                    &value.span(),
                    format!(
                        "{}: field `{field}` is {}, {why}; use a whole number from 1 to {max}",
                        subject.what,
                        &src_int(int)
                    ),
                );
                None
            }
        }
    }
}

pub(super) fn src_int(int: &toml::de::DeInteger<'_>) -> String {
    match int.radix() {
        16 => format!("0x{}", int.as_str()),
        8 => format!("0o{}", int.as_str()),
        2 => format!("0b{}", int.as_str()),
        _ => int.as_str().to_owned(),
    }
}

/// The value of an integer field that may be missing (reported already): 0 then.
pub(super) fn value(field: Option<Spanned<u64>>) -> u64 {
    field.map_or(0, Spanned::into_inner)
}
