//! The catalog the command answers from: errcat's own (built in), or the file `--catalog`
//! names, as the validated model of `errcat-codegen` ([`Catalog`]), and errcat's runtime
//! catalog built from it (`errcat::Catalog::from_codegen`, feature `runtime-catalog`).
//!
//! Nothing of errcat's rules is copied here: every decision (the status rule, which row
//! decides, the state, the next action and the message) is the runtime's, asked of the runtime
//! catalog built from the model, as a generated catalog's own `CATALOG` is asked (errcat's
//! `tests/test_catalog.rs` holds the two to each other for the built-in catalog). What the
//! library does with the validated catalog beyond deciding (grading a diff, the exports,
//! search) is `errcat_codegen`'s.

use std::path::Path;

use errcat::{Decision, Escaped, RetryPolicy, State, Status};
use errcat_codegen::{Catalog, CategoryDef, CodeDef};

use crate::input::{self, Limit};

/// The text of the catalog built into the command: errcat's own `codes.toml`.
pub const BUILTIN_SOURCE: &str = include_str!("../../codes.toml");

/// How the exports name the built-in catalog's source.
fn builtin_name() -> String {
    format!(
        "codes.toml, built into errcat {}",
        env!("CARGO_PKG_VERSION")
    )
}

/// How messages name the built-in catalog's file (as a base, and as `diff`'s NEW).
pub fn builtin_path() -> String {
    format!(
        "codes.toml (built into errcat {})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Validates catalog text named `name` in messages; the one place a catalog the user gives
/// (`check FILE`, `diff OLD NEW`, `--catalog FILE`, `generate FILE`) becomes a model. The
/// problems come back as escaped `NAME:LINE:COL: message` lines, ready to print.
pub fn parse_catalog(name: &str, bytes: &[u8]) -> Result<Catalog, Vec<String>> {
    // `extends = "errcat"` inherits the catalog built into the command, which is the errcat
    // this command links: the same base a build script gets from its errcat.
    let base = errcat_codegen::BaseCatalog {
        name: "errcat",
        path: &builtin_path(),
        source: BUILTIN_SOURCE,
    };
    let checked = errcat_codegen::check_bytes_extending(name, bytes, Some(base));
    checked.map_err(|report| {
        report
            .lines()
            .iter()
            .map(|line| Escaped(line).to_string())
            .collect()
    })
}

/// Reads the catalog at `path` (stdin for `-`) up to `limit` and validates it (see
/// [`parse_catalog`]). Returns the model and the name messages and exports give it (the path,
/// `<stdin>`, not yet escaped); a file that cannot be read is one line,
/// `NAME: cannot read the catalog: why`.
pub fn load_catalog(path: &Path, limit: Limit) -> Result<(Catalog, String), Vec<String>> {
    let name = input::name(path);
    let bytes = input::read(path, limit)
        .map_err(|e| vec![format!("{}: cannot read the catalog: {e}", Escaped(&name))])?;
    let catalog = parse_catalog(&name, &bytes)?;
    Ok((catalog, name))
}

/// errcat's own catalog as a model, and the name the exports give its source.
pub fn builtin_catalog() -> Result<(Catalog, String), Vec<String>> {
    let catalog = errcat_codegen::check_str("codes.toml", BUILTIN_SOURCE).map_err(|r| r.lines())?;
    Ok((catalog, builtin_name()))
}

/// A validated catalog and errcat's runtime catalog built from it: what every command answers
/// from. The codes the commands explain, list and search are the model's [`CodeDef`]s.
#[derive(Debug)]
pub struct Model {
    /// The validated catalog.
    catalog: Catalog,
    /// The name of its source, as the exports give it.
    source: String,
    /// errcat's runtime catalog over the same codes (leaked, once per run): every decision is
    /// its.
    runtime: &'static errcat::Catalog,
}

impl Model {
    /// The model of `catalog`. errcat checks what its tables index by (a policy, a category,
    /// one fallback per status in `S F U A` order), so that no answer can fail afterwards; a
    /// catalog `errcat-codegen` validated always passes.
    pub fn new(catalog: Catalog, source: String) -> Result<Model, Vec<String>> {
        let runtime = errcat::Catalog::from_codegen(&catalog).map_err(|_| {
            vec![format!(
                "{}: the validated catalog is not complete (a fallback per status, every \
                 index in range): a bug in errcat-codegen",
                Escaped(&source)
            )]
        })?;
        Ok(Model {
            catalog,
            source,
            runtime,
        })
    }

    /// errcat's own catalog.
    pub fn builtin() -> Result<Model, Vec<String>> {
        let (catalog, source) = builtin_catalog()?;
        Model::new(catalog, source)
    }

    /// The validated catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// errcat's runtime catalog built from the model: what `Outcome::from_json_in` reads a
    /// response with, and what every decision of the command comes from.
    pub fn runtime_catalog(&self) -> &'static errcat::Catalog {
        self.runtime
    }

    /// The name of the catalog's source, as the exports give it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The category with this key.
    pub fn category(&self, key: &str) -> Option<&CategoryDef> {
        self.catalog.categories.iter().find(|c| c.key == key)
    }

    /// A code's category (indices are checked by [`Model::new`]).
    pub fn category_of(&self, code: &CodeDef) -> &CategoryDef {
        &self.catalog.categories[code.category]
    }

    /// A code's retry policy, as the runtime has it: the entry's own, or its category's.
    pub fn retry(&self, code: &CodeDef) -> RetryPolicy {
        self.catalog.policy(code.retry).kind.into()
    }

    /// The code of a catalogued code string.
    fn code(&self, code: &str) -> Option<&CodeDef> {
        self.catalog.codes.iter().find(|c| c.code == code)
    }

    /// The code of a code or alias, exactly as sent (case-sensitive), as the runtime finds it.
    pub fn lookup(&self, code: &str) -> Option<&CodeDef> {
        self.code(self.runtime.code_of(code)?)
    }

    /// The code a decision of this model's runtime catalog is about; `None` for an
    /// uncatalogued code, or a decision read with another catalog.
    pub fn entry_of(&self, decision: &Decision) -> Option<&CodeDef> {
        if !std::ptr::eq(decision.catalog(), self.runtime) {
            return None;
        }
        self.code(decision.code()?)
    }

    /// `errcat::classify` over the model: a code on its own, under its own status (an
    /// uncatalogued code: `F`).
    pub fn classify(&self, code: &str) -> Decision {
        self.runtime.classify(code)
    }

    /// `errcat::classify_result` over the model: a whole result read as an operation's own.
    pub fn classify_result(&self, status: Status, code: &str) -> Decision {
        self.runtime.classify_result(status, code)
    }

    /// The decision for a `state` a body gave with `status` and no code: the fallback row the
    /// table picks for the state.
    pub fn fallback(&self, state: State, status: Status) -> Decision {
        // No code is empty: codes and aliases are validated to start with a letter.
        self.runtime.decide(state, status, "")
    }
}
