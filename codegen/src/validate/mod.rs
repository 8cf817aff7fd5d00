//! Reads `codes.toml` into a [`Catalog`], collecting every problem with its position.
//!
//! The document is walked as a spanned TOML tree rather than deserialized into structs, so that
//! one pass can report every problem at once, each at the byte where it is. By concern:
//! [`read`] reads the TOML structure (tables, typed fields, unknown fields), [`rules`] holds the
//! catalog's rules, [`hints`] the "did you mean" hints and short name lists, [`position`] byte
//! offsets as lines and columns; Rust naming lives with generation, in `crate::naming`.

mod hints;
mod position;
mod read;
mod rules;

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::{Catalog, CategoryDef, Policy, PolicyKind};
use hints::{Known, hint, list};
use position::syntax_problem;
pub(crate) use position::{Lines, Problem};
use read::{in_file_order, quoted};

const TOP_LEVEL: &[&str] = &["policies", "categories", "fallback", "codes", "states"];
const CODE_FIELDS: &[&str] = &[
    "status",
    "category",
    "description",
    "resolution",
    "retry",
    "message",
    "variant",
    "aliases",
    "deprecated",
    "retired",
    "since",
    "source",
];
const FALLBACK_FIELDS: &[&str] = &["description", "resolution", "retry", "message"];
const CATEGORY_FIELDS: &[&str] = &["title", "retry"];
const STATUSES: &str = "\"S\" (success), \"F\" (failed), \"U\" (unknown), \"A\" (accepted)";

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

/// Parses and validates `src`. On failure, returns every problem found, in source order.
pub(crate) fn validate(src: &str) -> Result<Catalog, Vec<Problem>> {
    let root = match DeTable::parse(src) {
        Ok(root) => root,
        Err(e) => return Err(vec![syntax_problem(src, &e)]),
    };
    let mut v = Validator {
        lines: Lines::new(src),
        problems: Vec::new(),
        policy_names: Known::new(Vec::new()),
    };
    let catalog = v.catalog(root.get_ref());
    if v.problems.is_empty() {
        if let Some(catalog) = catalog {
            return Ok(catalog);
        }
    }
    let mut problems = v.problems;
    problems.sort_by_key(|p| p.offset);
    Err(problems)
}

/// A policy as far as it could be read: `kind` is `None` when its kind is missing or unknown.
/// Broken entries stay defined, so references to them do not cascade into more errors.
struct PolicySlot {
    name: String,
    kind: Option<PolicyKind>,
}

/// A category as far as it could be read (see [`PolicySlot`]).
struct CategorySlot {
    key: String,
    variant: Option<String>,
    title: Option<String>,
    retry: Option<usize>,
}

struct Validator<'s> {
    lines: Lines<'s>,
    problems: Vec<Problem>,
    /// The names of `[policies]`, once read.
    policy_names: Known,
}

/// Where an entry is, for messages: `code "X"` and the span of its key.
struct Subject<'a> {
    what: &'a str,
    span: Range<usize>,
}

impl Validator<'_> {
    fn problem(&mut self, span: &Range<usize>, message: String) {
        self.problems.push(Problem {
            offset: Some(span.start),
            message,
        });
    }

    fn catalog(&mut self, root: &DeTable<'_>) -> Option<Catalog> {
        for (key, _) in in_file_order(root) {
            if !TOP_LEVEL.contains(&key.get_ref().as_ref()) {
                let hint = hint(key.get_ref(), TOP_LEVEL);
                self.problem(
                    &key.span(),
                    format!(
                        "unknown top-level table {}{hint}; expected {}",
                        quoted(key.get_ref()),
                        list(TOP_LEVEL)
                    ),
                );
            }
        }
        let section = |v: &mut Self, name: &str| -> Option<Vec<Entry<'_, '_>>> {
            match root.get(name) {
                None => {
                    v.problems.push(Problem {
                        offset: Some(0),
                        message: format!("missing the `[{name}.…]` tables"),
                    });
                    None
                }
                Some(value) => match value.get_ref() {
                    DeValue::Table(t) => Some(in_file_order(t)),
                    other => {
                        v.problem(
                            &value.span(),
                            format!("`{name}` must be a table, found {}", other.type_str()),
                        );
                        None
                    }
                },
            }
        };

        let policies = section(self, "policies").map(|e| self.policies(&e));
        if let Some(policies) = &policies {
            self.policy_names = Known::new(policies.iter().map(|p| p.name.clone()).collect());
        }
        let categories = match (section(self, "categories"), &policies) {
            (Some(e), Some(p)) => Some(self.categories(&e, p)),
            _ => None,
        };
        let fallbacks = match (section(self, "fallback"), &policies) {
            (Some(e), Some(p)) => Some(self.fallbacks(&e, p)),
            _ => None,
        };
        let codes = match (section(self, "codes"), &policies, &categories) {
            (Some(e), Some(p), Some(c)) => Some(self.codes(&e, p, c)),
            _ => None,
        };
        let (states, state_problems) = crate::states::states(root.get("states"));
        self.problems.extend(state_problems);
        let policies = policies?
            .into_iter()
            .map(|p| {
                Some(Policy {
                    name: p.name,
                    kind: p.kind?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let categories = categories?
            .into_iter()
            .map(|c| {
                Some(CategoryDef {
                    key: c.key,
                    variant: c.variant?,
                    title: c.title?,
                    retry: c.retry?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Catalog {
            policies,
            categories,
            fallbacks: fallbacks??,
            codes: codes?,
            states: states?,
            base: None,
        })
    }
}
