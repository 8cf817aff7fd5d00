//! The catalog the command answers from: errcat's own (built in), or the file `--catalog`
//! names, as the validated model of `errcat-codegen` ([`Catalog`]).
//!
//! Nothing of errcat's rules is copied here: under a response status, whether a code's entry
//! decides is [`Status::lets_entry_decide`], a user message for a locale is
//! [`errcat::__private::pick_message`], and the fallbacks are the catalog's own. What this
//! module adds is lookup (a code or an alias, exactly as sent) and the answers of
//! `errcat::classify` and `errcat::classify_result` over a model instead of errcat's compiled
//! tables; `tests::agrees_with_errcat_for_every_code_alias_and_status` holds them to each
//! other for the built-in catalog.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use errcat::{Escaped, RetryPolicy, Status};
use errcat_codegen::{Catalog, CategoryDef, CodeDef, Message, PolicyKind, StatusLetter};

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

/// `(locale, text)` pairs of messages, in their order (English first).
fn pairs(messages: &[Message]) -> Vec<(&str, &str)> {
    messages
        .iter()
        .map(|m| (m.locale.as_str(), m.text.as_str()))
        .collect()
}

/// A validated catalog with its lookup table: what every command answers from.
#[derive(Debug)]
pub struct Model {
    catalog: Catalog,
    /// The name of its source, as the exports give it.
    source: String,
    /// Every code and alias, to the index of its code in `catalog.codes`.
    index: HashMap<String, usize>,
}

impl Model {
    /// The model of `catalog`. Checks what the lookups index by (a policy, a category, one
    /// fallback per status in `S F U A` order), so that no answer can fail afterwards; a
    /// catalog `errcat-codegen` validated always passes.
    pub fn new(catalog: Catalog, source: String) -> Result<Model, Vec<String>> {
        let policies = catalog.policies.len();
        let fallbacks_in_order = catalog.fallbacks.len() == StatusLetter::ALL.len()
            && catalog
                .fallbacks
                .iter()
                .zip(StatusLetter::ALL)
                .all(|(f, s)| f.status == s && f.retry < policies);
        let indices_in_range = catalog.categories.iter().all(|c| c.retry < policies)
            && catalog
                .codes
                .iter()
                .all(|c| c.retry < policies && c.category < catalog.categories.len());
        if !fallbacks_in_order || !indices_in_range {
            return Err(vec![format!(
                "{}: the validated catalog is not complete (a fallback per status, every \
                 index in range): a bug in errcat-codegen",
                Escaped(&source)
            )]);
        }
        let mut index = HashMap::new();
        for (i, code) in catalog.codes.iter().enumerate() {
            for name in std::iter::once(&code.code).chain(&code.aliases) {
                // Validation makes codes and aliases unique; the first one wins regardless.
                index.entry(name.clone()).or_insert(i);
            }
        }
        Ok(Model {
            catalog,
            source,
            index,
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

    /// The entry of a code or alias, exactly as sent (case-sensitive).
    pub fn lookup(&self, code: &str) -> Option<Entry<'_>> {
        self.index.get(code).map(|&i| Entry {
            model: self,
            def: &self.catalog.codes[i],
        })
    }

    /// What `errcat::classify` answers: a catalogued code (or alias) gets its entry, with its
    /// own status; any other string the `F` fallback.
    pub fn classify(&self, code: &str) -> Decision<'_> {
        match self.lookup(code) {
            Some(entry) => Decision {
                model: self,
                code: Some(entry),
                status: entry.status(),
                by_code: true,
            },
            None => self.fallback(Status::Failed),
        }
    }

    /// What `errcat::classify_result` answers: the status wins; the code's entry decides
    /// where the status lets it ([`Status::lets_entry_decide`]), the status's fallback
    /// everywhere else.
    pub fn classify_result(&self, status: Status, code: &str) -> Decision<'_> {
        match self.lookup(code) {
            Some(entry) => Decision {
                model: self,
                code: Some(entry),
                status,
                by_code: status.lets_entry_decide(entry.status(), entry.retry()),
            },
            None => self.fallback(status),
        }
    }

    /// The answer for a code the catalog lacks, sent with `status`: the status's fallback.
    pub fn fallback(&self, status: Status) -> Decision<'_> {
        Decision {
            model: self,
            code: None,
            status,
            by_code: false,
        }
    }

    /// The fallback table of a status (in `S F U A` order, checked by [`Model::new`]).
    fn fallback_def(&self, status: Status) -> &errcat_codegen::Fallback {
        &self.catalog.fallbacks[status as usize]
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
        pairs(&self.def.messages)
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
}

impl std::fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The decision for one result, as `errcat::Classification` gives it, over a [`Model`].
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    model: &'a Model,
    code: Option<Entry<'a>>,
    status: Status,
    /// Whether the code's entry decides retry and messages; the status's fallback otherwise.
    by_code: bool,
}

impl<'a> Decision<'a> {
    /// The catalogued code, `None` for a code the catalog lacks.
    pub fn code(&self) -> Option<Entry<'a>> {
        self.code
    }

    /// The response's status, or the code's own for [`Model::classify`].
    pub fn status(&self) -> Status {
        self.status
    }

    /// The code's category, `None` for an uncatalogued code.
    pub fn category(&self) -> Option<&'a CategoryDef> {
        self.code.map(|c| c.category())
    }

    /// The entry that decided: the code's, or `None` for the status's fallback.
    fn deciding(&self) -> Option<Entry<'a>> {
        self.code.filter(|_| self.by_code)
    }

    /// What to do next.
    pub fn retry(&self) -> RetryPolicy {
        match self.deciding() {
            Some(entry) => entry.retry(),
            None => self
                .model
                .policy(self.model.fallback_def(self.status).retry),
        }
    }

    /// Every message of the deciding entry, English first.
    pub fn messages(&self) -> Vec<(&'a str, &'a str)> {
        match self.deciding() {
            Some(entry) => entry.messages(),
            None => pairs(&self.model.fallback_def(self.status).messages),
        }
    }

    /// The English user message (the first of the deciding entry's messages).
    pub fn user_message(&self) -> &'a str {
        self.messages().first().map_or("", |m| m.1)
    }

    /// The user message for `locale`, matched as errcat matches it.
    pub fn user_message_in(&self, locale: &str) -> &'a str {
        errcat::__private::pick_message(&self.messages(), locale)
    }

    /// The code's description, or the status fallback's for an uncatalogued code.
    pub fn description(&self) -> &'a str {
        match self.code {
            Some(entry) => entry.description(),
            None => &self.model.fallback_def(self.status).description,
        }
    }

    /// The code's resolution, or the status fallback's for an uncatalogued code.
    pub fn resolution(&self) -> &'a str {
        match self.code {
            Some(entry) => entry.resolution(),
            None => &self.model.fallback_def(self.status).resolution,
        }
    }

    /// Whether the code's own entry decided retry and messages.
    pub fn decided_by_code(&self) -> bool {
        self.by_code
    }
}

/// The status and code that a response's outcome classifies: what
/// [`errcat::Outcome::classification`] is the classification of, for a catalog of the user's
/// to classify again.
pub fn classification_key(outcome: &errcat::Outcome) -> (Status, &str) {
    outcome.classification_key()
}

/// The outcome's state as `model` reads it: errcat's, except that an operation's own `U`
/// result is pending where the model polls its code and retry where it does not (what a
/// generated `Classification::outcome_state` answers for the same catalog).
pub fn outcome_state(model: &Model, outcome: &errcat::Outcome) -> errcat::State {
    outcome.__state_with(|status, code| {
        matches!(
            model.classify_result(status, code).retry(),
            errcat::RetryPolicy::Poll { .. }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use errcat::{Classification, Code};

    fn builtin() -> Model {
        Model::builtin().unwrap()
    }

    /// Every field a classification answers, from the model and from errcat.
    fn assert_same(ours: Decision<'_>, theirs: Classification, what: &str) {
        assert_eq!(
            ours.code().map(|c| c.as_str()),
            theirs.code().map(Code::as_str),
            "{what}: code"
        );
        assert_eq!(ours.status(), theirs.status(), "{what}: status");
        assert_eq!(
            ours.category().map(|c| c.key.as_str()),
            theirs.category().map(|c| c.as_str()),
            "{what}: category"
        );
        assert_eq!(ours.retry(), theirs.retry(), "{what}: retry");
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
        assert_eq!(
            ours.decided_by_code(),
            theirs.decided_by_code(),
            "{what}: decided by code"
        );
        for locale in ["en", "zh-CN", "zh-TW", "zh", "th-TH", "ja", "xx", ""] {
            assert_eq!(
                ours.user_message_in(locale),
                theirs.user_message_in(locale),
                "{what}: message in {locale}"
            );
        }
    }

    #[test]
    fn agrees_with_errcat_for_every_code_alias_and_status() {
        let model = builtin();
        assert_eq!(model.codes().len(), Code::ALL.len());
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
                errcat::classify(input),
                &format!("classify({input:?})"),
            );
            for status in Status::ALL {
                assert_same(
                    model.classify_result(status, input),
                    errcat::classify_result(status, input),
                    &format!("classify_result({status}, {input:?})"),
                );
            }
            assert_eq!(
                model.lookup(input).map(|e| e.as_str()),
                Code::from_code(input).map(Code::as_str),
                "lookup({input:?})"
            );
        }
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
    fn the_classification_key_is_what_errcat_classified() {
        let model = builtin();
        let bodies = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/outcome-bodies.json"
        ))
        .unwrap();
        let bodies: serde_json::Value = serde_json::from_str(&bodies).unwrap();
        let mut read = 0;
        for case in bodies["cases"].as_array().unwrap() {
            let api = case["api"]
                .as_str()
                .map(|a| a.parse::<errcat::Api>().unwrap());
            let body = match &case["body"] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let Ok(outcome) = errcat::Outcome::from_json(api, body.as_bytes()) else {
                continue;
            };
            read += 1;
            // errcat's catalog as a model reads every body to errcat's own state.
            assert_eq!(
                outcome_state(&model, &outcome),
                outcome.state(),
                "{}",
                case["name"]
            );
            let (status, code) = classification_key(&outcome);
            assert_same(
                model.classify_result(status, code),
                outcome.classification(),
                &format!("{}", case["name"]),
            );
        }
        assert!(read > 50, "{read} bodies read");
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
