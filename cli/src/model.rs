//! The catalog the command answers from: errcat's own (built in), or the file `--catalog`
//! names, as the validated model of `errcat-codegen` ([`Catalog`]), and errcat's runtime
//! catalog built from it ([`Model::runtime_catalog`]).
//!
//! Nothing of errcat's rules is copied here: every decision (the status rule, which row
//! decides, the state, the next action and the message) is the runtime's, asked of the runtime
//! catalog built from the model, as a generated catalog's own `CATALOG` is asked;
//! `tests::agrees_with_errcat_for_every_code_alias_and_status` holds the two to each other for
//! the built-in catalog. What this module adds is the code entries the other commands explain,
//! list and search; what the library does with the validated catalog beyond deciding (grading
//! a diff, the exports, search) is `errcat_codegen`'s.

use std::path::Path;
use std::time::Duration;

use errcat::__private::{CategoryRow, FallbackRow, Row};
use errcat::{Decision, Escaped, RetryPolicy, State, Status};
use errcat_codegen::{Catalog, CategoryDef, CodeDef, PolicyKind, StateOutcome, StatusLetter};

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

/// Validates catalog text named `name` in messages; the one place a catalog the user gives
/// (`check FILE`, `diff OLD NEW`, `--catalog FILE`, `generate FILE`) becomes a model. The
/// problems come back as escaped `NAME:LINE:COL: message` lines, ready to print.
pub fn parse_catalog(name: &str, bytes: &[u8]) -> Result<Catalog, Vec<String>> {
    let checked = match std::str::from_utf8(bytes) {
        // `extends = "errcat"` inherits the catalog built into the command, which is the
        // errcat this command links: the same base a build script gets from its errcat.
        Ok(source) => errcat_codegen::check_str_extending(
            name,
            source,
            Some(errcat_codegen::BaseCatalog {
                name: "errcat",
                path: &format!(
                    "codes.toml (built into errcat {})",
                    env!("CARGO_PKG_VERSION")
                ),
                source: BUILTIN_SOURCE,
            }),
        ),
        // Not UTF-8: `check_bytes` reports the first bad byte at its position.
        Err(_) => errcat_codegen::check_bytes(name, bytes),
    };
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

/// The status of the runtime for a status letter of the model.
pub fn status_of(letter: StatusLetter) -> Status {
    match letter {
        StatusLetter::S => Status::Success,
        StatusLetter::F => Status::Failed,
        StatusLetter::U => Status::Unknown,
        StatusLetter::A => Status::Accepted,
    }
}

/// The runtime's retry policy for a policy of the model (parameters in milliseconds).
pub fn retry_of(kind: PolicyKind) -> RetryPolicy {
    match kind {
        PolicyKind::Never => RetryPolicy::Never,
        PolicyKind::Backoff {
            initial_delay_ms,
            max_delay_ms,
            max_attempts,
        } => RetryPolicy::Backoff {
            initial_delay: Duration::from_millis(initial_delay_ms),
            max_delay: Duration::from_millis(max_delay_ms),
            max_attempts,
        },
        PolicyKind::Poll {
            interval_ms,
            timeout_ms,
        } => RetryPolicy::Poll {
            interval: Duration::from_millis(interval_ms),
            timeout: Duration::from_millis(timeout_ms),
        },
        PolicyKind::RefreshToken => RetryPolicy::RefreshToken,
        PolicyKind::Reauthorize => RetryPolicy::Reauthorize,
        PolicyKind::AskUser => RetryPolicy::AskUser,
        PolicyKind::NewRequest => RetryPolicy::NewRequest,
    }
}

/// The model's policy for a retry policy of the runtime (parameters in milliseconds,
/// saturating): the inverse of [`retry_of`] for every policy a catalog has; `None` for a kind
/// newer than this command.
pub fn kind_of(policy: RetryPolicy) -> Option<PolicyKind> {
    let ms = crate::record::millis;
    Some(match policy {
        RetryPolicy::Never => PolicyKind::Never,
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => PolicyKind::Backoff {
            initial_delay_ms: ms(initial_delay),
            max_delay_ms: ms(max_delay),
            max_attempts,
        },
        RetryPolicy::Poll { interval, timeout } => PolicyKind::Poll {
            interval_ms: ms(interval),
            timeout_ms: ms(timeout),
        },
        RetryPolicy::RefreshToken => PolicyKind::RefreshToken,
        RetryPolicy::Reauthorize => PolicyKind::Reauthorize,
        RetryPolicy::AskUser => PolicyKind::AskUser,
        RetryPolicy::NewRequest => PolicyKind::NewRequest,
        _ => return None,
    })
}

/// The runtime's state for a `[states]` outcome of the model.
fn state_of(outcome: StateOutcome) -> State {
    match outcome {
        StateOutcome::Succeeded => State::Succeeded,
        StateOutcome::Failed => State::Failed,
        StateOutcome::Pending => State::Pending,
    }
}

/// The strings the runtime's rows point into: every `(locale, text)` message and every alias,
/// codes first, in catalog order.
struct Texts {
    messages: Vec<(&'static str, &'static str)>,
    aliases: Vec<&'static str>,
}

/// The tables of the runtime catalog, as `errcat::Catalog::__built` reads them.
struct Tables {
    rows: Vec<Row>,
    fallbacks: [FallbackRow; 4],
    categories: Vec<CategoryRow>,
    states: Vec<(&'static str, State)>,
    index: Vec<(&'static str, usize)>,
}

/// errcat's runtime catalog over the tables of `catalog`: a row per code in catalog order
/// (`category` its index in the categories), the fallbacks in `S F U A` order, the categories,
/// the `[states]` values, and every code and alias with its row, sorted. `None` when the
/// catalog does not have one fallback per status in that order ([`Model::new`] checks it
/// first).
///
/// The runtime reads `'static` tables (a generated catalog's are statics), so what they point
/// into is leaked, once per model: the strings of the model's messages and aliases, the tables,
/// and the catalog over them (the validated catalog itself is leaked by [`Model::new`]). The
/// command is a short-lived process that builds one model per run.
fn runtime_catalog(catalog: &'static Catalog) -> Option<&'static errcat::Catalog> {
    let texts: &'static Texts = Box::leak(Box::new(Texts {
        messages: catalog
            .codes
            .iter()
            .flat_map(|c| &c.messages)
            .chain(catalog.fallbacks.iter().flat_map(|f| &f.messages))
            .map(|m| (m.locale.as_str(), m.text.as_str()))
            .collect(),
        aliases: catalog
            .codes
            .iter()
            .flat_map(|c| &c.aliases)
            .map(String::as_str)
            .collect(),
    }));
    let mut messages = texts.messages.as_slice();
    let mut take_messages = |n: usize| {
        let (taken, rest) = messages.split_at(n);
        messages = rest;
        taken
    };
    let mut aliases = texts.aliases.as_slice();
    let policy = |index: usize| retry_of(catalog.policy(index).kind);
    let rows = catalog
        .codes
        .iter()
        .map(|c| {
            let (own, rest) = aliases.split_at(c.aliases.len());
            aliases = rest;
            Row {
                code: &c.code,
                status: status_of(c.status),
                category: c.category,
                description: &c.description,
                resolution: &c.resolution,
                retry: policy(c.retry),
                messages: take_messages(c.messages.len()),
                aliases: own,
                deprecated: c.deprecated.as_deref(),
                retired: c.retired.as_deref(),
                since: c.since.as_deref(),
                source: c.source.as_deref(),
                inquire_first: c.inquire_first.as_deref(),
            }
        })
        .collect();
    let fallbacks: Vec<FallbackRow> = catalog
        .fallbacks
        .iter()
        .map(|f| FallbackRow {
            status: status_of(f.status),
            description: &f.description,
            resolution: &f.resolution,
            retry: policy(f.retry),
            messages: take_messages(f.messages.len()),
        })
        .collect();
    let fallbacks = <[FallbackRow; 4]>::try_from(fallbacks).ok()?;
    if fallbacks
        .iter()
        .zip(Status::ALL)
        .any(|(f, s)| f.status != s)
    {
        return None;
    }
    let categories = catalog
        .categories
        .iter()
        .map(|c| CategoryRow {
            key: &c.key,
            title: &c.title,
            retry: policy(c.retry),
        })
        .collect();
    let states = catalog
        .states
        .iter()
        .map(|s| (s.value.as_str(), state_of(s.outcome)))
        .collect();
    let mut index: Vec<(&'static str, usize)> = catalog
        .codes
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            std::iter::once(c.code.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .map(move |name| (name, i))
        })
        .collect();
    // Validation makes codes and aliases unique; the first in catalog order wins regardless
    // (the sort is stable, and `dedup` keeps the first of equal keys).
    index.sort_by_key(|&(name, _)| name);
    index.dedup_by_key(|&mut (name, _)| name);
    let tables: &'static Tables = Box::leak(Box::new(Tables {
        rows,
        fallbacks,
        categories,
        states,
        index,
    }));
    Some(Box::leak(Box::new(errcat::Catalog::__built(
        &tables.rows,
        &tables.fallbacks,
        &tables.categories,
        &tables.states,
        &tables.index,
    ))))
}

/// A validated catalog and errcat's runtime catalog built from it: what every command answers
/// from.
#[derive(Debug)]
pub struct Model {
    /// The validated catalog (leaked: the runtime catalog's strings are its own).
    catalog: &'static Catalog,
    /// The name of its source, as the exports give it.
    source: String,
    /// errcat's runtime catalog over the same codes: every decision is its.
    runtime: &'static errcat::Catalog,
}

impl Model {
    /// The model of `catalog`. Checks what the tables index by (a policy, a category, one
    /// fallback per status in `S F U A` order), so that no answer can fail afterwards; a
    /// catalog `errcat-codegen` validated always passes.
    pub fn new(catalog: Catalog, source: String) -> Result<Model, Vec<String>> {
        let incomplete = || {
            vec![format!(
                "{}: the validated catalog is not complete (a fallback per status, every \
                 index in range): a bug in errcat-codegen",
                Escaped(&source)
            )]
        };
        if catalog.check_complete().is_err() {
            return Err(incomplete());
        }
        let catalog: &'static Catalog = Box::leak(Box::new(catalog));
        let runtime = runtime_catalog(catalog).ok_or_else(incomplete)?;
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
        self.catalog
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

    /// Every code, in catalog order.
    pub fn codes(&self) -> impl ExactSizeIterator<Item = Entry<'_>> + Clone {
        self.catalog
            .codes
            .iter()
            .map(move |def| Entry { model: self, def })
    }

    /// The categories, in catalog order.
    pub fn categories(&self) -> &[CategoryDef] {
        &self.catalog.categories
    }

    /// The category with this key.
    pub fn category(&self, key: &str) -> Option<&CategoryDef> {
        self.catalog.categories.iter().find(|c| c.key == key)
    }

    /// The retry policy at `index` of the catalog's policies (indices are checked by
    /// [`Model::new`]).
    pub fn policy(&self, index: usize) -> RetryPolicy {
        retry_of(self.catalog.policy(index).kind)
    }

    /// The entry of row `index` (a row of the runtime catalog is the code of the same index).
    fn entry(&self, index: usize) -> Option<Entry<'_>> {
        let def = self.catalog.codes.get(index)?;
        Some(Entry { model: self, def })
    }

    /// The entry of a code of the model's catalog (as the library's `search` finds it).
    pub fn entry_for<'a>(&'a self, def: &'a CodeDef) -> Entry<'a> {
        Entry { model: self, def }
    }

    /// The entry of a code or alias, exactly as sent (case-sensitive), as the runtime finds it.
    pub fn lookup(&self, code: &str) -> Option<Entry<'_>> {
        self.entry(self.runtime.__find(code)?)
    }

    /// The entry of the code a decision of this model's runtime catalog is about; `None` for an
    /// uncatalogued code, or a decision read with another catalog.
    pub fn entry_of(&self, decision: &Decision) -> Option<Entry<'_>> {
        if !std::ptr::eq(decision.catalog(), self.runtime) {
            return None;
        }
        self.entry(decision.__code_index()?)
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

    /// The fallback row of a status: what the exports list.
    pub fn fallback_row(&self, status: Status) -> &'static FallbackRow {
        self.runtime.__fallback(status)
    }

    /// The longest catalogued code, in bytes.
    pub fn longest_code(&self) -> usize {
        self.codes().map(|c| c.as_str().len()).max().unwrap_or(0)
    }
}

/// One code of a [`Model`].
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    model: &'a Model,
    def: &'a CodeDef,
}

impl PartialEq for Entry<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.def, other.def)
    }
}

impl Eq for Entry<'_> {}

impl<'a> Entry<'a> {
    /// The code as the platform sends it.
    pub fn as_str(&self) -> &'a str {
        &self.def.code
    }

    /// The code's own status.
    pub fn status(&self) -> Status {
        status_of(self.def.status)
    }

    /// The code's category.
    pub fn category(&self) -> &'a CategoryDef {
        &self.model.catalog.categories[self.def.category]
    }

    /// The reference's description.
    pub fn description(&self) -> &'a str {
        &self.def.description
    }

    /// The reference's resolution.
    pub fn resolution(&self) -> &'a str {
        &self.def.resolution
    }

    /// The retry policy: the entry's own, or its category's.
    pub fn retry(&self) -> RetryPolicy {
        self.model.policy(self.def.retry)
    }

    /// The user messages as `(locale, text)`, English first.
    pub fn messages(&self) -> Vec<(&'a str, &'a str)> {
        self.def
            .messages
            .iter()
            .map(|m| (m.locale.as_str(), m.text.as_str()))
            .collect()
    }

    /// Other strings the platform sends for the code.
    pub fn aliases(&self) -> &'a [String] {
        &self.def.aliases
    }

    /// Why the code is deprecated, if it is.
    pub fn deprecated(&self) -> Option<&'a str> {
        self.def.deprecated.as_deref()
    }

    /// When and why the platform stopped sending the code, if it did.
    pub fn retired(&self) -> Option<&'a str> {
        self.def.retired.as_deref()
    }

    /// Since when the code exists, if known.
    pub fn since(&self) -> Option<&'a str> {
        self.def.since.as_deref()
    }

    /// Where the entry comes from, if given.
    pub fn source(&self) -> Option<&'a str> {
        self.def.source.as_deref()
    }

    /// Why an operation's own `F` with the code may leave the order paid or closed, if the
    /// catalog says so (`inquire_first`).
    pub fn inquire_first(&self) -> Option<&'a str> {
        self.def.inquire_first.as_deref()
    }

    /// Whether an operation's own `F` with the code is read unknown and the old request id
    /// inquired first: marked `inquire_first`, or a `new_request` policy.
    pub fn inquires_first(&self) -> bool {
        self.model.catalog.inquires_first(self.def)
    }
}

impl std::fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use errcat::{CATALOG, Code, Outcome};

    fn builtin() -> Model {
        Model::builtin().unwrap()
    }

    /// Every field a decision answers, from the model's runtime catalog and from errcat's.
    fn assert_same(ours: Decision, theirs: Decision, what: &str) {
        assert_eq!(ours.code(), theirs.code(), "{what}: code");
        assert_eq!(ours.status(), theirs.status(), "{what}: status");
        assert_eq!(ours.state(), theirs.state(), "{what}: state");
        assert_eq!(ours.retry(), theirs.retry(), "{what}: retry");
        assert_eq!(ours.next_from(), theirs.next_from(), "{what}: next from");
        assert_eq!(
            ours.message_from(),
            theirs.message_from(),
            "{what}: message from"
        );
        assert_eq!(
            ours.decided_by_code(),
            theirs.decided_by_code(),
            "{what}: decided by code"
        );
        assert_eq!(ours.messages(), theirs.messages(), "{what}: messages");
        assert_eq!(
            ours.user_message(),
            theirs.user_message(),
            "{what}: message"
        );
        assert_eq!(
            ours.description(),
            theirs.description(),
            "{what}: description"
        );
        assert_eq!(ours.resolution(), theirs.resolution(), "{what}: resolution");
        for locale in ["en", "zh-CN", "zh-TW", "zh", "th-TH", "ja", "xx", ""] {
            assert_eq!(
                ours.user_message_in(locale),
                theirs.user_message_in(locale),
                "{what}: message in {locale}"
            );
        }
    }

    const STATES: [State; 5] = [
        State::Succeeded,
        State::Failed,
        State::Pending,
        State::Retry,
        State::Unknown,
    ];

    #[test]
    fn agrees_with_errcat_for_every_code_alias_and_status() {
        let model = builtin();
        let ours = model.runtime_catalog();
        assert_eq!(model.codes().len(), Code::ALL.len());
        assert_eq!(ours.len(), CATALOG.len());
        let mut inputs: Vec<&str> = Vec::new();
        for &code in Code::ALL {
            inputs.push(code.as_str());
            inputs.extend(code.aliases());
        }
        assert!(inputs.len() > Code::ALL.len(), "the catalog has aliases");
        // Strings the catalog lacks: empty, lowercase, spaced, a prefix, not ASCII.
        let lower = Code::ALL[0].as_str().to_lowercase();
        let spaced = format!(" {}", Code::ALL[0].as_str());
        let prefix = &Code::ALL[0].as_str()[..Code::ALL[0].as_str().len() - 1];
        inputs.extend([
            "",
            "NOT_A_CODE",
            &lower,
            &spaced,
            prefix,
            "支付失败",
            "\u{1b}[2J",
        ]);
        for input in inputs {
            assert_same(
                model.classify(input),
                CATALOG.classify(input),
                &format!("classify({input:?})"),
            );
            for status in Status::ALL {
                assert_same(
                    model.classify_result(status, input),
                    CATALOG.classify_result(status, input),
                    &format!("classify_result({status}, {input:?})"),
                );
                for state in STATES {
                    assert_same(
                        ours.decide(state, status, input),
                        CATALOG.decide(state, status, input),
                        &format!("decide({state}, {status}, {input:?})"),
                    );
                }
            }
            assert_eq!(
                model.lookup(input).map(|e| e.as_str()),
                Code::from_code(input).map(Code::as_str),
                "lookup({input:?})"
            );
            let decision = model.classify(input);
            assert_eq!(
                model.entry_of(&decision).map(|e| e.as_str()),
                decision.code(),
                "entry_of({input:?})"
            );
        }
        for status in Status::ALL {
            for state in STATES {
                assert_same(
                    model.fallback(state, status),
                    CATALOG.decide(state, status, "NOT_A_CODE"),
                    &format!("fallback({state}, {status})"),
                );
            }
        }
        for value in [
            "SUCCESS",
            "fail",
            "Processing",
            "PENDING",
            "CANCELLED",
            "NOPE",
        ] {
            assert_eq!(ours.state_of(value), CATALOG.state_of(value), "{value}");
        }
    }

    #[test]
    fn the_builtin_catalog_parses() {
        let (catalog, name) = builtin_catalog().unwrap();
        assert_eq!(catalog.codes.len(), errcat::Code::ALL.len());
        assert!(name.starts_with("codes.toml, built into errcat "));
    }

    #[test]
    fn the_runtime_tables_are_errcats_own() {
        let model = builtin();
        let ours = model.runtime_catalog();
        assert_eq!(ours.__rows(), CATALOG.__rows());
        for status in Status::ALL {
            assert_eq!(
                ours.__fallback(status),
                CATALOG.__fallback(status),
                "{status}"
            );
            assert_eq!(model.fallback_row(status), CATALOG.__fallback(status));
        }
        for (i, &category) in errcat::Category::ALL.iter().enumerate() {
            assert_eq!(ours.__category(i), CATALOG.__category(i), "{category}");
        }
        // A decision of another catalog has no entry in this one.
        assert_eq!(model.entry_of(&CATALOG.classify("SUCCESS")), None);
    }

    #[test]
    fn entries_agree_with_errcats_codes() {
        let model = builtin();
        for (entry, &code) in model.codes().zip(Code::ALL) {
            assert_eq!(entry.as_str(), code.as_str());
            assert_eq!(entry.status(), code.status(), "{code}");
            assert_eq!(entry.category().key, code.category().as_str(), "{code}");
            assert_eq!(entry.category().title, code.category().title(), "{code}");
            assert_eq!(entry.retry(), code.retry(), "{code}");
            assert_eq!(entry.messages(), code.messages(), "{code}");
            assert_eq!(entry.aliases(), code.aliases(), "{code}");
            assert_eq!(entry.deprecated(), code.deprecated(), "{code}");
            assert_eq!(entry.retired(), code.retired(), "{code}");
            assert_eq!(entry.since(), code.since(), "{code}");
            assert_eq!(entry.source(), code.source(), "{code}");
            assert_eq!(entry.inquire_first(), code.inquire_first(), "{code}");
        }
        for (def, &category) in model.categories().iter().zip(errcat::Category::ALL) {
            assert_eq!(def.key, category.as_str());
            assert_eq!(model.policy(def.retry), category.retry(), "{category}");
        }
        assert_eq!(model.categories().len(), errcat::Category::ALL.len());
    }

    #[test]
    fn every_policy_kind_converts_to_the_runtime_kind_of_its_name() {
        let kinds = [
            PolicyKind::Never,
            PolicyKind::Backoff {
                initial_delay_ms: 1500,
                max_delay_ms: 4000,
                max_attempts: 3,
            },
            PolicyKind::Poll {
                interval_ms: 3000,
                timeout_ms: 60_000,
            },
            PolicyKind::RefreshToken,
            PolicyKind::Reauthorize,
            PolicyKind::AskUser,
            PolicyKind::NewRequest,
        ];
        for kind in kinds {
            assert_eq!(retry_of(kind).kind(), kind.name());
            assert_eq!(kind_of(retry_of(kind)), Some(kind));
        }
        assert_eq!(
            retry_of(kinds[1]),
            RetryPolicy::Backoff {
                initial_delay: Duration::from_millis(1500),
                max_delay: Duration::from_millis(4000),
                max_attempts: 3,
            }
        );
        assert_eq!(
            retry_of(kinds[2]),
            RetryPolicy::Poll {
                interval: Duration::from_secs(3),
                timeout: Duration::from_secs(60),
            }
        );
        for letter in StatusLetter::ALL {
            assert_eq!(status_of(letter).as_str(), letter.as_str());
        }
    }

    #[test]
    fn every_shared_body_reads_the_same_with_the_models_catalog() {
        let model = builtin();
        let bodies = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/outcome-bodies.json"
        ))
        .unwrap();
        let bodies: serde_json::Value = serde_json::from_str(&bodies).unwrap();
        let mut read = 0;
        for case in bodies["cases"].as_array().unwrap() {
            let what = &case["name"];
            let api = case["api"]
                .as_str()
                .map(|a| a.parse::<errcat::Api>().unwrap());
            let body = match &case["body"] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let theirs = Outcome::from_json(api, body.as_bytes());
            let ours = Outcome::from_json_in(model.runtime_catalog(), api, body.as_bytes());
            let expect = &case["expect"];
            let (Ok(ours), Ok(theirs)) = (ours, theirs.as_ref()) else {
                assert!(theirs.is_err(), "{what}");
                assert!(expect.is_null(), "{what}: rejected, but expected {expect}");
                continue;
            };
            read += 1;
            // What the shared file says the crate answers (docs/decision.md).
            let message = match ours.decision().message_from() {
                errcat::Source::Code => "code",
                errcat::Source::Fallback(status) => status.as_str(),
            };
            assert_eq!(
                (ours.state().as_str(), ours.retry().kind(), message),
                (
                    expect["state"].as_str().unwrap_or("?"),
                    expect["retry"].as_str().unwrap_or("?"),
                    expect["message"].as_str().unwrap_or("?")
                ),
                "{what}: state, retry, message from"
            );
            assert_eq!(ours.state(), theirs.state(), "{what}");
            assert_eq!(ours.code(), theirs.code(), "{what}");
            assert_eq!(ours.status(), theirs.status(), "{what}");
            assert_eq!(ours.decided_by(), theirs.decided_by(), "{what}");
            assert_eq!(ours.api(), theirs.api(), "{what}");
            assert_eq!(ours.decision().state(), ours.state(), "{what}");
            assert_same(
                ours.decision(),
                theirs.decision(),
                &format!("{what}: decision"),
            );
        }
        assert!(read > 50, "{read} bodies read");
    }

    /// A catalog of a user's own that extends errcat's with a `U` code that polls (shared
    /// with the command's integration tests).
    const EXTENDS_WITH_A_POLLING_U: &str = include_str!("../tests/data/extends-polling-u.toml");

    #[test]
    fn a_catalogs_own_u_code_that_polls_is_pending_and_polled() {
        let catalog = parse_catalog("wallet.toml", EXTENDS_WITH_A_POLLING_U.as_bytes()).unwrap();
        let model = Model::new(catalog, "wallet.toml".into()).unwrap();
        let body =
            br#"{"result":{"resultStatus":"U","resultCode":"WALLET_SETTLING","resultMessage":""}}"#;
        let outcome =
            Outcome::from_json_in(model.runtime_catalog(), Some(errcat::Api::Pay), body).unwrap();
        assert_eq!(outcome.state(), State::Pending);
        assert!(outcome.retry().polls());
        assert_eq!(
            outcome.user_message_in("en"),
            "Your wallet is still confirming this payment."
        );
        let decision = model.classify_result(Status::Unknown, "WALLET_SETTLING");
        assert_eq!(decision.state(), State::Pending);
        assert_eq!(
            model.entry_of(&decision).map(|e| e.category().key.as_str()),
            Some("wallet")
        );
        // errcat's own catalog does not know the code: its U fallback resends.
        let errcats = Outcome::from_json(Some(errcat::Api::Pay), body).unwrap();
        assert_eq!(errcats.state(), State::Retry);
    }

    #[test]
    fn a_model_needs_every_fallback_in_order_and_every_index_in_range() {
        let (catalog, _) = builtin_catalog().unwrap();
        let expected = vec![
            "x.toml: the validated catalog is not complete (a fallback per status, every index \
             in range): a bug in errcat-codegen"
                .to_owned(),
        ];
        let mut missing = catalog.clone();
        missing.fallbacks.pop();
        assert_eq!(Model::new(missing, "x.toml".into()).unwrap_err(), expected);
        let mut swapped = catalog.clone();
        swapped.fallbacks.swap(0, 1);
        assert_eq!(Model::new(swapped, "x.toml".into()).unwrap_err(), expected);
        let mut dangling = catalog.clone();
        dangling.codes[0].category = dangling.categories.len();
        assert_eq!(Model::new(dangling, "x.toml".into()).unwrap_err(), expected);
        let mut no_policy = catalog;
        no_policy.categories[0].retry = no_policy.policies.len();
        assert_eq!(
            Model::new(no_policy, "x.toml".into()).unwrap_err(),
            expected
        );
    }

    #[test]
    fn a_catalog_that_cannot_be_read_or_is_not_utf8_is_one_positioned_line() {
        let lines = parse_catalog("x.toml", b"[codes.A]\nstatus = \"\xff\"\n").unwrap_err();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("x.toml:2:11: the file is not valid UTF-8"),
            "{lines:?}"
        );
        let lines =
            load_catalog(Path::new("/no/such/file.toml"), Limit::catalog(1 << 20)).unwrap_err();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("/no/such/file.toml: cannot read the catalog: "),
            "{lines:?}"
        );
    }
}
