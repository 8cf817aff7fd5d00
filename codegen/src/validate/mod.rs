//! Reads `codes.toml` into a [`Catalog`], collecting every problem with its position.
//!
//! The document is walked as a spanned TOML tree rather than deserialized into structs, so that
//! one pass can report every problem at once, each at the byte where it is. By concern:
//! [`read`] reads the TOML structure (tables, typed fields, unknown fields), [`rules`] holds the
//! catalog's rules, [`hints`] the "did you mean" hints and short name lists, [`position`] byte
//! offsets as lines and columns; Rust naming lives with generation, in `crate::naming`.
//!
//! A file that says `extends = "NAME"` is checked against a base catalog validated first (see
//! [`Mode`]): the base's policies, categories and codes come first in the lists the rules look
//! names up in, and a `[codes.CODE]` table naming a base code amends it.

mod hints;
mod position;
mod read;
mod rules;

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::BaseCatalog;
use crate::model::{Catalog, CategoryDef, Inherited, Policy, PolicyKind};
use hints::{Known, hint, list};
use position::syntax_problem;
pub(crate) use position::{Lines, Problem};
use read::{in_file_order, quoted};

const TOP_LEVEL: &[&str] = &[
    "extends",
    "policies",
    "categories",
    "fallback",
    "codes",
    "states",
];
const CODE_FIELDS: &[&str] = &[
    "status",
    "category",
    "description",
    "resolution",
    "retry",
    "inquire_first",
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

/// Why a file is not a valid catalog.
pub(crate) enum Failure {
    /// The file's own problems, in source order.
    Here(Vec<Problem>),
    /// The problems of the base catalog it extends, as the base's report.
    Base(crate::Report),
}

/// Parses and validates `src`, merged onto `base` if it says `extends` (and a base is given).
pub(crate) fn validate(src: &str, base: Option<BaseCatalog<'_>>) -> Result<Catalog, Failure> {
    let root = match DeTable::parse(src) {
        Ok(root) => root,
        Err(e) => return Err(Failure::Here(vec![syntax_problem(src, &e)])),
    };
    let root = root.get_ref();
    let inherited;
    let mode = match base {
        Some(base) if root.contains_key("extends") => {
            inherited = parse_and_check(base.source, Mode::Base).map_err(|problems| {
                Failure::Base(crate::report(base.path, base.source, problems))
            })?;
            Mode::Extending(Base {
                name: base.name,
                catalog: &inherited,
            })
        }
        _ => Mode::Standalone,
    };
    check(src, root, mode).map_err(Failure::Here)
}

fn parse_and_check(src: &str, mode: Mode<'_>) -> Result<Catalog, Vec<Problem>> {
    match DeTable::parse(src) {
        Ok(root) => check(src, root.get_ref(), mode),
        Err(e) => Err(vec![syntax_problem(src, &e)]),
    }
}

/// Validates a parsed file. On failure, returns every problem found, in source order.
fn check(src: &str, root: &DeTable<'_>, mode: Mode<'_>) -> Result<Catalog, Vec<Problem>> {
    let mut v = Validator {
        lines: Lines::new(src),
        problems: Vec::new(),
        policy_names: Known::new(Vec::new()),
        mode,
    };
    let catalog = v.catalog(root);
    if v.problems.is_empty() {
        if let Some(catalog) = catalog {
            return Ok(catalog);
        }
    }
    let mut problems = v.problems;
    problems.sort_by_key(|p| p.offset);
    Err(problems)
}

/// What a file is checked as.
#[derive(Clone, Copy)]
enum Mode<'b> {
    /// A catalog on its own: `extends` is an error (no base was given).
    Standalone,
    /// The base another file extends: `extends` is an error (a base extends nothing).
    Base,
    /// A file that says `extends`, merged onto this base.
    Extending(Base<'b>),
}

/// The validated catalog a file extends.
#[derive(Clone, Copy)]
struct Base<'b> {
    /// Its name, as `extends` names it.
    name: &'b str,
    catalog: &'b Catalog,
}

impl Base<'_> {
    /// `errcat's catalog (extends = "errcat")`, for messages.
    fn catalog_named(&self) -> String {
        format!("{}'s catalog (extends = {})", self.name, quoted(self.name))
    }
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
    /// The names of `[policies]`, once read (the base's first, when extending).
    policy_names: Known,
    mode: Mode<'s>,
}

/// Where an entry is, for messages: `code "X"` and the span of its key.
struct Subject<'a> {
    what: &'a str,
    span: Range<usize>,
}

impl<'s> Validator<'s> {
    fn problem(&mut self, span: &Range<usize>, message: String) {
        self.problems.push(Problem {
            offset: Some(span.start),
            message,
        });
    }

    /// The base, when the file extends one.
    fn base(&self) -> Option<Base<'s>> {
        match self.mode {
            Mode::Extending(base) => Some(base),
            Mode::Standalone | Mode::Base => None,
        }
    }

    /// An `extends` key inside a table (written after a table header, TOML makes it a field
    /// of that table): reported where it is, with the fix.
    fn misplaced_extends(&mut self, root: &DeTable<'_>) {
        for (_, section) in in_file_order(root) {
            let DeValue::Table(section) = section.get_ref() else {
                continue;
            };
            for (key, entry) in in_file_order(section) {
                let found = if key.get_ref() == "extends" {
                    Some(key.span())
                } else if let DeValue::Table(entry) = entry.get_ref() {
                    entry
                        .iter()
                        .find(|(k, _)| k.get_ref() == "extends")
                        .map(|(k, _)| k.span())
                } else {
                    None
                };
                if let Some(span) = found {
                    self.problem(
                        &span,
                        "`extends` is a top-level key, but here it belongs to the table above \
                         it; move it to the top of the file, above the first `[table]` header"
                            .to_owned(),
                    );
                }
            }
        }
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
        self.misplaced_extends(root);
        if let Some(extends) = root.get("extends") {
            if !self.extends(extends) {
                return None;
            }
        }
        let base = self.base();
        if base.is_none() {
            let missing: Vec<String> = ["policies", "categories", "fallback", "codes"]
                .into_iter()
                .filter(|name| root.get(*name).is_none())
                .map(|name| format!("`[{name}.…]`"))
                .collect();
            if !missing.is_empty() {
                self.problems.push(Problem {
                    offset: Some(0),
                    message: format!(
                        "missing the {} tables: a catalog that stands alone defines its own \
                         policies, categories, codes and a fallback for each status (S, F, U \
                         and A); to add to errcat's catalog instead, start the file with \
                         `extends = \"errcat\"`",
                        missing.join(", ")
                    ),
                });
            }
        }
        let section = |v: &mut Self, name: &str| -> Option<Vec<Entry<'_, '_>>> {
            match root.get(name) {
                // Under `extends`, every section is optional.
                None if base.is_some() => Some(Vec::new()),
                // Reported once for all the sections missing, below.
                None => None,
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
        let fallbacks = match base {
            Some(base) => {
                self.not_under_extends(root, "fallback", base);
                Some(Some(base.catalog.fallbacks.clone()))
            }
            None => match (section(self, "fallback"), &policies) {
                (Some(e), Some(p)) => Some(self.fallbacks(&e, p)),
                _ => None,
            },
        };
        let codes = match (section(self, "codes"), &policies, &categories) {
            (Some(e), Some(p), Some(c)) => {
                // Without valid fallbacks (reported), a code's messages are not compared with
                // them.
                let fallbacks = fallbacks.as_ref().and_then(|f| f.as_deref());
                Some(self.codes(&e, p, c, fallbacks))
            }
            _ => None,
        };
        let states = match base {
            Some(base) => {
                self.not_under_extends(root, "states", base);
                Some(base.catalog.states.clone())
            }
            None => {
                let (states, state_problems) = crate::states::states(root.get("states"));
                self.problems.extend(state_problems);
                states
            }
        };
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
            base: base.map(|base| Inherited {
                name: base.name.to_owned(),
                codes: base.catalog.codes.len(),
                categories: base.catalog.categories.len(),
                policies: base.catalog.policies.len(),
            }),
        })
    }

    /// Checks `extends = "NAME"`. Returns whether the rest of the file can be checked: only
    /// against a base (otherwise nothing it refers to can be resolved).
    fn extends(&mut self, value: &Spanned<DeValue<'_>>) -> bool {
        let name = match value.get_ref() {
            DeValue::String(name) => name,
            other => {
                self.problem(
                    &value.span(),
                    format!(
                        "`extends` must be a string naming the catalog to extend (`extends = \
                         \"errcat\"`), found {}",
                        other.type_str()
                    ),
                );
                return self.base().is_some();
            }
        };
        match self.mode {
            Mode::Extending(base) => {
                if name.as_ref() != base.name {
                    let hint = hint(name, &[base.name]);
                    self.problem(
                        &value.span(),
                        format!(
                            "`extends`: there is no catalog named {}{hint}; the catalogs that \
                             can be extended: {}",
                            quoted(name),
                            list(&[base.name])
                        ),
                    );
                }
                true
            }
            Mode::Standalone => {
                self.problem(
                    &value.span(),
                    format!(
                        "`extends = {}`: no base catalog was given to extend; build the file \
                         with `errcat_codegen::Builder` in a build script (it gets errcat's \
                         catalog from the errcat dependency), or check it with `errcat check` \
                         (errcat's catalog is built in)",
                        quoted(name)
                    ),
                );
                false
            }
            Mode::Base => {
                self.problem(
                    &value.span(),
                    format!(
                        "`extends = {}`: this catalog is the base another catalog extends, and a \
                         base cannot extend a catalog itself; remove `extends`",
                        quoted(name)
                    ),
                );
                false
            }
        }
    }

    /// Reports the `[NAME.*]` tables (`fallback`, `states`) that a file extending `base` cannot
    /// define: they are the base's.
    fn not_under_extends(&mut self, root: &DeTable<'_>, name: &str, base: Base<'_>) {
        let Some(value) = root.get(name) else {
            return;
        };
        let (what, why) = match name {
            "fallback" => (
                "fallbacks",
                format!(
                    "classify answers uncatalogued codes with {}'s fallbacks",
                    base.name
                ),
            ),
            _ => (
                "states",
                format!("the outcome reader is {}'s, with its states", base.name),
            ),
        };
        let message = |entry: &str| {
            format!(
                "`[{name}{entry}]`: a catalog that extends {}'s cannot define {what} ({why}); \
                 remove the table",
                base.name
            )
        };
        let entries = match value.get_ref() {
            DeValue::Table(t) => in_file_order(t),
            _ => Vec::new(),
        };
        if entries.is_empty() {
            self.problem(&value.span(), message(""));
        }
        for (key, _) in entries {
            self.problem(&key.span(), message(&format!(".{}", key.get_ref())));
        }
    }
}
