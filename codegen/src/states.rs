//! The `[states.VALUE]` tables: what a payment-level state value (`paymentStatus`,
//! `refundStatus`, `transactionStatus`) means. Optional in the schema; every problem is
//! reported at once, at its position, like the rest of the file.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::DeValue;

use crate::model::{StateDef, StateOutcome};
use crate::text::{closest, is_valid_code};
use crate::validate::Problem;

const STATE_FIELDS: &[&str] = &["outcome", "description"];

/// Reads the `states` table (`None` when the file has none). Returns the states when every
/// entry is valid, and the problems found.
pub(crate) fn states(
    value: Option<&Spanned<DeValue<'_>>>,
) -> (Option<Vec<StateDef>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(value) = value else {
        return (Some(Vec::new()), problems);
    };
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(problem(
            value.span().start,
            format!(
                "`states` must be a table, found {}",
                value.get_ref().type_str()
            ),
        ));
        return (None, problems);
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut out = Vec::new();
    let mut all_ok = true;
    // Uppercased value → the value as written, for values equal ignoring case.
    let mut seen: HashMap<String, String> = HashMap::new();
    for (key, value) in entries {
        let name = key.get_ref().as_ref();
        let at = key.span().start;
        let what = format!("state {name:?}");
        if !is_valid_code(name) {
            problems.push(problem(
                at,
                format!(
                    "{what}: a state value must be uppercase ASCII letters, digits and \
                     underscores, as the platform documents it (responses are matched \
                     case-insensitively); write {:?}",
                    name.to_ascii_uppercase()
                ),
            ));
            all_ok = false;
        }
        let upper = name.to_ascii_uppercase();
        if let Some(first) = seen.get(&upper) {
            problems.push(problem(
                at,
                format!(
                    "{what} is the same value as {first:?} ignoring case (responses are matched \
                     case-insensitively); keep one of the two"
                ),
            ));
            all_ok = false;
        } else {
            seen.insert(upper, name.to_owned());
        }
        let DeValue::Table(fields) = value.get_ref() else {
            problems.push(problem(
                value.span().start,
                format!(
                    "{what} must be a table, found {}",
                    value.get_ref().type_str()
                ),
            ));
            all_ok = false;
            continue;
        };
        for (field, _) in fields.iter() {
            let field_name = field.get_ref().as_ref();
            if !STATE_FIELDS.contains(&field_name) {
                let hint = closest(field_name, STATE_FIELDS.iter().copied())
                    .map(|b| format!(" (did you mean \"{b}\"?)"))
                    .unwrap_or_default();
                problems.push(problem(
                    field.span().start,
                    format!(
                        "{what}: unknown field {field_name:?}{hint}; known fields: {}",
                        STATE_FIELDS.join(", ")
                    ),
                ));
                all_ok = false;
            }
        }
        let outcome = match string(&what, at, fields.get("outcome"), "outcome", &mut problems) {
            Some((text, span)) => match StateOutcome::parse(&text) {
                Some(outcome) => Some(outcome),
                None => {
                    let hint = closest(&text, StateOutcome::NAMES.iter().copied())
                        .map(|b| format!(" (did you mean \"{b}\"?)"))
                        .unwrap_or_default();
                    problems.push(problem(
                        span,
                        format!(
                            "{what}: unknown outcome {text:?}{hint}; expected \"succeeded\", \
                             \"failed\" or \"pending\""
                        ),
                    ));
                    None
                }
            },
            None => None,
        };
        let description = string(
            &what,
            at,
            fields.get("description"),
            "description",
            &mut problems,
        );
        match (outcome, description) {
            (Some(outcome), Some((description, _))) => out.push(StateDef {
                value: name.to_owned(),
                outcome,
                description,
            }),
            _ => all_ok = false,
        }
    }
    (if all_ok { Some(out) } else { None }, problems)
}

fn problem(offset: usize, message: String) -> Problem {
    Problem {
        offset: Some(offset),
        message,
    }
}

/// A required, non-blank string field: its text and where its value starts.
fn string(
    what: &str,
    key_at: usize,
    value: Option<&Spanned<DeValue<'_>>>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<(String, usize)> {
    let Some(value) = value else {
        problems.push(problem(
            key_at,
            format!("{what}: missing required field `{field}`; add `{field} = \"...\"`"),
        ));
        return None;
    };
    match value.get_ref() {
        DeValue::String(s) if s.trim().is_empty() => {
            problems.push(problem(
                value.span().start,
                format!("{what}: field `{field}` is empty; give it a value"),
            ));
            None
        }
        DeValue::String(s) => Some((s.to_string(), value.span().start)),
        other => {
            problems.push(problem(
                value.span().start,
                format!(
                    "{what}: field `{field}` must be a string, found {}",
                    other.type_str()
                ),
            ));
            None
        }
    }
}
