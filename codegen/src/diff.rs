//! Grading the changes between two catalogs: what `errcat diff OLD NEW` lists, for a CI job, a
//! build script or another tool that wants to know whether a catalog edit breaks its users.
//!
//! Codes are compared by their code string, categories by key, fallbacks by status, state
//! values by value, and retry policies by what they do (the resolved policy, never its name):
//! renaming a policy changes nothing a client sees. Each [`Change`] has a [`Kind`], worst
//! first:
//! - **breaking**: downstream builds or lookups break (a code removed instead of retired, a
//!   variant renamed, a category removed or renamed, an alias removed);
//! - **behavioural**: the same input now decides differently (a code's status, category or
//!   resolved retry policy, its `inquire_first` set or cleared, a category's or a fallback's
//!   policy, a policy no longer defined, a state value's outcome or its removal);
//! - **cosmetic**: words only (description, resolution, title, a message changed or its locale
//!   removed, the text of `deprecated`, `retired` or `inquire_first`, `since`, `source`);
//! - **additive**: something new (a code, alias, locale, category, policy, fallback, state
//!   value), and retiring or deprecating a code.
//!
//! Available with the `tooling` feature.
//!
//! ```
//! use errcat_codegen::diff::{self, Kind};
//!
//! # let catalog = |description: &str| format!(r#"
//! # [policies.never]
//! # kind = "never"
//! # [policies.backoff]
//! # kind = "backoff"
//! # initial_delay_ms = 100
//! # max_delay_ms = 1000
//! # max_attempts = 3
//! # [policies.poll]
//! # kind = "poll"
//! # interval_ms = 10
//! # timeout_ms = 100
//! # [categories.payment]
//! # title = "Payment"
//! # retry = "never"
//! # [fallback.S]
//! # retry = "never"
//! # description = "ok"
//! # resolution = "go on"
//! # message.en = "Done."
//! # [fallback.F]
//! # retry = "never"
//! # description = "failed"
//! # resolution = "stop"
//! # message.en = "Sorry."
//! # [fallback.U]
//! # retry = "backoff"
//! # description = "unknown"
//! # resolution = "retry"
//! # message.en = "Please wait."
//! # [fallback.A]
//! # retry = "poll"
//! # description = "accepted"
//! # resolution = "poll"
//! # message.en = "Please wait."
//! # [codes.INSUFFICIENT_BALANCE]
//! # status = "F"
//! # category = "payment"
//! # description = "{description}"
//! # resolution = "Inform customer"
//! # message.en = "Your balance is too low."
//! # "#);
//! # let old = errcat_codegen::check_str("old.toml", &catalog("Customer has insufficient funds")).unwrap();
//! # let new = errcat_codegen::check_str("new.toml", &catalog("Not enough funds")).unwrap();
//! // `old` and `new` are validated catalogs (`errcat_codegen::check_file`, `check_str`).
//! let changes = diff::changes(&old, &new)?;
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].kind, Kind::Cosmetic);
//! assert_eq!(
//!     changes[0].to_string(),
//!     r#"code INSUFFICIENT_BALANCE: description "Customer has insufficient funds" -> "Not enough funds""#
//! );
//! // Fail a CI job on anything worse than a change of words.
//! assert!(!changes.iter().any(|c| c.kind <= Kind::Behavioural));
//! assert_eq!(
//!     diff::Counts::of(&changes).to_string(),
//!     "0 breaking, 0 behavioural, 1 cosmetic, 0 additive"
//! );
//! # Ok::<(), diff::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use crate::json::Json;
use crate::text::escaped;
use crate::{Catalog, IncompleteCatalog, Message, PolicyKind, StateOutcome};

/// What a change does to the catalog's users, worst first: `Breaking < Behavioural < Cosmetic
/// < Additive`, so `kind <= Kind::Behavioural` means "behavioural or worse".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Downstream builds or lookups break.
    Breaking,
    /// The same input now decides differently.
    Behavioural,
    /// Words only: what people read changed.
    Cosmetic,
    /// Something new; retiring or deprecating a code.
    Additive,
}

impl Kind {
    /// Every kind, worst first.
    pub const ALL: [Kind; 4] = [
        Kind::Breaking,
        Kind::Behavioural,
        Kind::Cosmetic,
        Kind::Additive,
    ];

    /// The kind's name, as `errcat diff --fail-on` and the JSON write it: `breaking`,
    /// `behavioural`, `cosmetic`, `additive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Behavioural => "behavioural",
            Kind::Cosmetic => "cosmetic",
            Kind::Additive => "additive",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a kind's (see [`Kind::from_str`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown kind of change '{}': expected breaking, behavioural, cosmetic or additive",
            escaped(&self.0)
        )
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for Kind {
    type Err = UnknownKind;

    /// Parses a kind's name exactly as [`Kind::as_str`] writes it; `behavioral` is
    /// `Behavioural` too.
    fn from_str(s: &str) -> Result<Kind, UnknownKind> {
        match s {
            "behavioral" => Ok(Kind::Behavioural),
            _ => Kind::ALL
                .into_iter()
                .find(|k| k.as_str() == s)
                .ok_or_else(|| UnknownKind(s.to_owned())),
        }
    }
}

/// What kind of entry changed (`non_exhaustive`: a table `codes.toml` gains later may be
/// compared too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum What {
    /// A `[codes.CODE]` entry, named by its code.
    Code,
    /// A `[categories.KEY]` table, named by its key.
    Category,
    /// A `[policies.NAME]` table, named by its name.
    Policy,
    /// A `[fallback.STATUS]` table, named by its status.
    Fallback,
    /// A `[states.VALUE]` table, named by its value.
    State,
}

impl What {
    /// The entry's kind as the text and the JSON write it: `code`, `category`, `policy`,
    /// `fallback`, `state`.
    pub fn as_str(self) -> &'static str {
        match self {
            What::Code => "code",
            What::Category => "category",
            What::Policy => "policy",
            What::Fallback => "fallback",
            What::State => "state",
        }
    }
}

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change. A whole entry added or removed has no `field`; its `old` or `new` says what it
/// was or is (a code's or category's variant, a policy, a fallback's policy, a state's
/// outcome).
///
/// Its [`Display`](fmt::Display) is the line `errcat diff` prints: `code X: status F -> U`,
/// `code X: added (variant X)`, `code X: description "a" -> "b"`, with every string from the
/// catalogs escaped (control characters, line breaks, bidi marks and other invisible
/// characters as `\n`, `\u{202e}`), so that a line is one line of safe terminal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How bad it is.
    pub kind: Kind,
    /// What kind of entry.
    pub what: What,
    /// The entry's code, key, name, status or value.
    pub name: String,
    /// The field that changed (`status`, `retry`, `message.zh-CN`, `alias`, ...), or none.
    pub field: Option<String>,
    /// The value before, or none when it was added.
    pub old: Option<String>,
    /// The value after, or none when it was removed.
    pub new: Option<String>,
    /// Whether the values are prose (a description, a message, ...) rather than a name, a
    /// status or a policy: the line quotes them.
    pub text: bool,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = |v: &str| {
            if self.text {
                format!("\"{}\"", escaped(v))
            } else {
                escaped(v)
            }
        };
        let head = format!("{} {}:", self.what.as_str(), escaped(&self.name));
        // What the value of a whole entry is.
        let label = match self.what {
            What::Code | What::Category => "variant ",
            What::Fallback => "retry ",
            What::State => "outcome ",
            What::Policy => "",
        };
        match (&self.field, &self.old, &self.new) {
            (None, Some(old), None) if self.what == What::Code => {
                write!(
                    f,
                    "{head} removed ({label}{}); retire it instead",
                    value(old)
                )
            }
            (None, Some(old), None) => write!(f, "{head} removed ({label}{})", value(old)),
            (None, _, Some(new)) => write!(f, "{head} added ({label}{})", value(new)),
            (None, None, None) => write!(f, "{head} changed"),
            (Some(field), old, new) => {
                let field = escaped(field);
                match (old, new) {
                    (Some(old), Some(new)) => {
                        write!(f, "{head} {field} {} -> {}", value(old), value(new))
                    }
                    (Some(old), None) => write!(f, "{head} {field} removed {}", value(old)),
                    (None, Some(new)) => write!(f, "{head} {field} added {}", value(new)),
                    (None, None) => write!(f, "{head} {field} changed"),
                }
            }
        }
    }
}

/// Changes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Behavioural changes.
    pub behavioural: usize,
    /// Cosmetic changes.
    pub cosmetic: usize,
    /// Additive changes.
    pub additive: usize,
}

impl Counts {
    /// How many of `changes` are of each kind.
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            *match change.kind {
                Kind::Breaking => &mut counts.breaking,
                Kind::Behavioural => &mut counts.behavioural,
                Kind::Cosmetic => &mut counts.cosmetic,
                Kind::Additive => &mut counts.additive,
            } += 1;
        }
        counts
    }
}

impl fmt::Display for Counts {
    /// `1 breaking, 0 behavioural, 2 cosmetic, 0 additive`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaking, {} behavioural, {} cosmetic, {} additive",
            self.breaking, self.behavioural, self.cosmetic, self.additive
        )
    }
}

/// Why two catalogs cannot be compared: one of them is not complete (see
/// [`Catalog::check_complete`]). A catalog that `check_*` validated always is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The old catalog is not complete.
    Old(IncompleteCatalog),
    /// The new catalog is not complete.
    New(IncompleteCatalog),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Old(problem) => write!(f, "the old catalog: {problem}"),
            Error::New(problem) => write!(f, "the new catalog: {problem}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Old(problem) | Error::New(problem) => Some(problem),
        }
    }
}

/// The document `errcat diff --json` prints: `changes` (each with `kind`, `what`, `name`,
/// `field`, `old` and `new`, absent values `null`), then `counts` (one number per kind),
/// pretty-printed, with a final newline.
///
/// ```
/// use errcat_codegen::diff::{Change, Kind, What, to_json};
///
/// let added = Change {
///     kind: Kind::Additive,
///     what: What::Code,
///     name: "WALLET_SETTLING".into(),
///     field: None,
///     old: None,
///     new: Some("WalletSettling".into()),
///     text: false,
/// };
/// let json = to_json(&[added]);
/// assert!(json.starts_with("{\n  \"changes\": [\n    {\n      \"kind\": \"additive\",\n"));
/// assert!(json.ends_with("  \"counts\": {\n    \"breaking\": 0,\n    \"behavioural\": 0,\n    \"cosmetic\": 0,\n    \"additive\": 1\n  }\n}\n"));
/// ```
pub fn to_json(changes: &[Change]) -> String {
    let counts = Counts::of(changes);
    let changes = changes
        .iter()
        .map(|c| {
            Json::obj([
                ("kind", Json::str(c.kind.as_str())),
                ("what", Json::str(c.what.as_str())),
                ("name", Json::str(&c.name)),
                ("field", Json::opt(c.field.as_deref())),
                ("old", Json::opt(c.old.as_deref())),
                ("new", Json::opt(c.new.as_deref())),
            ])
        })
        .collect();
    let count = |n: usize| Json::Num(n as u64);
    Json::obj([
        ("changes", Json::Arr(changes)),
        (
            "counts",
            Json::obj([
                ("breaking", count(counts.breaking)),
                ("behavioural", count(counts.behavioural)),
                ("cosmetic", count(counts.cosmetic)),
                ("additive", count(counts.additive)),
            ]),
        ),
    ])
    .pretty()
}

/// A policy in words: `never`, `backoff (1 s to 16 s, 5 attempts)`, `poll (every 3 s for 1 min)`.
fn policy_text(kind: &PolicyKind) -> String {
    kind.to_string()
}

fn outcome_text(outcome: StateOutcome) -> &'static str {
    outcome.as_str()
}

/// Collects changes of one entry.
struct Entry<'a> {
    out: &'a mut Vec<Change>,
    what: What,
    name: &'a str,
}

impl Entry<'_> {
    fn push(&mut self, kind: Kind, field: &str, old: Option<&str>, new: Option<&str>, text: bool) {
        self.out.push(Change {
            kind,
            what: self.what,
            name: self.name.to_owned(),
            field: Some(field.to_owned()),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            text,
        });
    }

    /// A field whose every difference is of one kind.
    fn field(&mut self, kind: Kind, field: &str, old: &str, new: &str, text: bool) {
        if old != new {
            self.push(kind, field, Some(old), Some(new), text);
        }
    }

    /// Messages by locale (tags compared ignoring case): a changed text or a removed locale
    /// is cosmetic, a new locale additive.
    /// What a code's entry and a fallback share: the resolved policy (behavioural), the
    /// description, resolution and messages (cosmetic).
    fn decision(
        &mut self,
        (old_policy, new_policy): (&str, &str),
        (old_description, new_description): (&str, &str),
        (old_resolution, new_resolution): (&str, &str),
        (old_messages, new_messages): (&[Message], &[Message]),
    ) {
        self.field(Kind::Behavioural, "retry", old_policy, new_policy, false);
        self.field(
            Kind::Cosmetic,
            "description",
            old_description,
            new_description,
            true,
        );
        self.field(
            Kind::Cosmetic,
            "resolution",
            old_resolution,
            new_resolution,
            true,
        );
        self.messages(old_messages, new_messages);
    }

    fn messages(&mut self, old: &[Message], new: &[Message]) {
        let find = |list: &'_ [Message], locale: &str| -> Option<usize> {
            list.iter()
                .position(|m| m.locale.eq_ignore_ascii_case(locale))
        };
        for o in old {
            let field = format!("message.{}", o.locale);
            match find(new, &o.locale) {
                Some(i) => self.field(Kind::Cosmetic, &field, &o.text, &new[i].text, true),
                None => self.push(Kind::Cosmetic, &field, Some(&o.text), None, true),
            }
        }
        for n in new {
            if find(old, &n.locale).is_none() {
                let field = format!("message.{}", n.locale);
                self.push(Kind::Additive, &field, None, Some(&n.text), true);
            }
        }
    }

    /// `deprecated` or `retired`: setting it is additive, changing or clearing it cosmetic.
    fn marker(&mut self, field: &str, old: Option<&str>, new: Option<&str>) {
        let kind = match (old, new) {
            (None, Some(_)) => Kind::Additive,
            (a, b) if a == b => return,
            _ => Kind::Cosmetic,
        };
        self.push(kind, field, old, new, true);
    }
}

fn whole(kind: Kind, what: What, name: &str, old: Option<&str>, new: Option<&str>) -> Change {
    Change {
        kind,
        what,
        name: name.to_owned(),
        field: None,
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
        text: false,
    }
}

/// Every change from `old` to `new`, worst kind first, then in file order: policies,
/// categories, fallbacks, codes, state values. An error only for a catalog that is not
/// complete (see [`Catalog::check_complete`]), never for one that `check_*` validated.
pub fn changes(old: &Catalog, new: &Catalog) -> Result<Vec<Change>, Error> {
    old.check_complete().map_err(Error::Old)?;
    new.check_complete().map_err(Error::New)?;
    let mut out = Vec::new();
    policies(&mut out, old, new);
    categories(&mut out, old, new);
    fallbacks(&mut out, old, new);
    codes(&mut out, old, new);
    states(&mut out, old, new);
    out.sort_by_key(|c| c.kind);
    Ok(out)
}

/// Policies by what they do: a policy whose kind and parameters another catalog also defines
/// (under any name) did not change.
fn policies(out: &mut Vec<Change>, old: &Catalog, new: &Catalog) {
    let old_kinds: Vec<PolicyKind> = old.policies.iter().map(|p| p.kind).collect();
    let new_kinds: Vec<PolicyKind> = new.policies.iter().map(|p| p.kind).collect();
    let mut seen = Vec::new();
    for n in &new.policies {
        if old_kinds.contains(&n.kind) || seen.contains(&n.kind) {
            continue;
        }
        seen.push(n.kind);
        let same_name = old
            .policies
            .iter()
            .find(|o| o.name == n.name && !new_kinds.contains(&o.kind));
        match same_name {
            Some(o) => Entry {
                out,
                what: What::Policy,
                name: &n.name,
            }
            .push(
                Kind::Behavioural,
                "retry",
                Some(&policy_text(&o.kind)),
                Some(&policy_text(&n.kind)),
                false,
            ),
            None => out.push(whole(
                Kind::Additive,
                What::Policy,
                &n.name,
                None,
                Some(&policy_text(&n.kind)),
            )),
        }
    }
    let mut seen = Vec::new();
    for o in &old.policies {
        if new_kinds.contains(&o.kind) || seen.contains(&o.kind) {
            continue;
        }
        seen.push(o.kind);
        let renamed_in_place = new
            .policies
            .iter()
            .any(|n| n.name == o.name && !old_kinds.contains(&n.kind));
        if !renamed_in_place {
            out.push(whole(
                Kind::Behavioural,
                What::Policy,
                &o.name,
                Some(&policy_text(&o.kind)),
                None,
            ));
        }
    }
}

fn categories(out: &mut Vec<Change>, old: &Catalog, new: &Catalog) {
    let by_key: HashMap<&str, _> = new.categories.iter().map(|c| (c.key.as_str(), c)).collect();
    for o in &old.categories {
        let Some(n) = by_key.get(o.key.as_str()) else {
            out.push(whole(
                Kind::Breaking,
                What::Category,
                &o.key,
                Some(&o.variant),
                None,
            ));
            continue;
        };
        let mut entry = Entry {
            out,
            what: What::Category,
            name: &o.key,
        };
        entry.field(Kind::Breaking, "variant", &o.variant, &n.variant, false);
        entry.field(Kind::Cosmetic, "title", &o.title, &n.title, true);
        entry.field(
            Kind::Behavioural,
            "retry",
            &policy_text(&old.policy(o.retry).kind),
            &policy_text(&new.policy(n.retry).kind),
            false,
        );
    }
    let old_keys: HashSet<&str> = old.categories.iter().map(|c| c.key.as_str()).collect();
    for n in &new.categories {
        if !old_keys.contains(n.key.as_str()) {
            out.push(whole(
                Kind::Additive,
                What::Category,
                &n.key,
                None,
                Some(&n.variant),
            ));
        }
    }
}

fn fallbacks(out: &mut Vec<Change>, old: &Catalog, new: &Catalog) {
    for o in &old.fallbacks {
        let name = o.status.as_str();
        let Some(n) = new.fallbacks.iter().find(|n| n.status == o.status) else {
            out.push(whole(
                Kind::Behavioural,
                What::Fallback,
                name,
                Some(&policy_text(&old.policy(o.retry).kind)),
                None,
            ));
            continue;
        };
        let mut entry = Entry {
            out,
            what: What::Fallback,
            name,
        };
        entry.decision(
            (
                &policy_text(&old.policy(o.retry).kind),
                &policy_text(&new.policy(n.retry).kind),
            ),
            (&o.description, &n.description),
            (&o.resolution, &n.resolution),
            (&o.messages, &n.messages),
        );
    }
    for n in &new.fallbacks {
        if !old.fallbacks.iter().any(|o| o.status == n.status) {
            out.push(whole(
                Kind::Additive,
                What::Fallback,
                n.status.as_str(),
                None,
                Some(&policy_text(&new.policy(n.retry).kind)),
            ));
        }
    }
}

fn codes(out: &mut Vec<Change>, old: &Catalog, new: &Catalog) {
    let by_code: HashMap<&str, _> = new.codes.iter().map(|c| (c.code.as_str(), c)).collect();
    for o in &old.codes {
        let Some(n) = by_code.get(o.code.as_str()) else {
            out.push(whole(
                Kind::Breaking,
                What::Code,
                &o.code,
                Some(&o.variant),
                None,
            ));
            continue;
        };
        let mut entry = Entry {
            out,
            what: What::Code,
            name: &o.code,
        };
        entry.field(Kind::Breaking, "variant", &o.variant, &n.variant, false);
        entry.field(
            Kind::Behavioural,
            "status",
            o.status.as_str(),
            n.status.as_str(),
            false,
        );
        entry.field(
            Kind::Behavioural,
            "category",
            &old.categories[o.category].key,
            &new.categories[n.category].key,
            false,
        );
        // The resolved policy: the entry's own `retry` or its category's default.
        entry.decision(
            (
                &policy_text(&old.policy(o.retry).kind),
                &policy_text(&new.policy(n.retry).kind),
            ),
            (&o.description, &n.description),
            (&o.resolution, &n.resolution),
            (&o.messages, &n.messages),
        );
        for alias in &o.aliases {
            if !n.aliases.contains(alias) {
                entry.push(Kind::Breaking, "alias", Some(alias), None, false);
            }
        }
        for alias in &n.aliases {
            if !o.aliases.contains(alias) {
                entry.push(Kind::Additive, "alias", None, Some(alias), false);
            }
        }
        entry.marker(
            "deprecated",
            o.deprecated.as_deref(),
            n.deprecated.as_deref(),
        );
        entry.marker("retired", o.retired.as_deref(), n.retired.as_deref());
        // Set or cleared, `inquire_first` changes what an operation's own `F` with the code reads
        // (unknown and inquired first, or the code's own decision): behavioural; reworded, cosmetic.
        match (o.inquire_first.as_deref(), n.inquire_first.as_deref()) {
            (a, b) if a == b => {}
            (a @ Some(_), b @ Some(_)) => entry.push(Kind::Cosmetic, "inquire_first", a, b, true),
            (a, b) => entry.push(Kind::Behavioural, "inquire_first", a, b, true),
        }
        for (field, a, b) in [
            ("since", &o.since, &n.since),
            ("source", &o.source, &n.source),
        ] {
            if a != b {
                entry.push(Kind::Cosmetic, field, a.as_deref(), b.as_deref(), true);
            }
        }
    }
    let old_codes: HashSet<&str> = old.codes.iter().map(|c| c.code.as_str()).collect();
    for n in &new.codes {
        if !old_codes.contains(n.code.as_str()) {
            out.push(whole(
                Kind::Additive,
                What::Code,
                &n.code,
                None,
                Some(&n.variant),
            ));
        }
    }
}

fn states(out: &mut Vec<Change>, old: &Catalog, new: &Catalog) {
    for o in &old.states {
        let Some(n) = new.states.iter().find(|n| n.value == o.value) else {
            out.push(whole(
                Kind::Behavioural,
                What::State,
                &o.value,
                Some(outcome_text(o.outcome)),
                None,
            ));
            continue;
        };
        let mut entry = Entry {
            out,
            what: What::State,
            name: &o.value,
        };
        entry.field(
            Kind::Behavioural,
            "outcome",
            outcome_text(o.outcome),
            outcome_text(n.outcome),
            false,
        );
        entry.field(
            Kind::Cosmetic,
            "description",
            &o.description,
            &n.description,
            true,
        );
    }
    for n in &new.states {
        if !old.states.iter().any(|o| o.value == n.value) {
            out.push(whole(
                Kind::Additive,
                What::State,
                &n.value,
                None,
                Some(outcome_text(n.outcome)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The changes of two complete catalogs.
    fn changes(old: &Catalog, new: &Catalog) -> Vec<Change> {
        super::changes(old, new).unwrap()
    }

    /// The line `errcat diff` prints for a change.
    fn line(change: &Change) -> String {
        change.to_string()
    }

    /// A small valid catalog: two codes of one category.
    fn catalog() -> Catalog {
        crate::check_str(
            "t.toml",
            r#"
[policies.never]
kind = "never"
[policies.backoff]
kind = "backoff"
initial_delay_ms = 1000
max_delay_ms = 16000
max_attempts = 5
[policies.poll]
kind = "poll"
interval_ms = 3000
timeout_ms = 60000
[fallback.S]
retry = "never"
description = "d"
resolution = "r"
message.en = "m"
[fallback.F]
retry = "never"
description = "d"
resolution = "r"
message.en = "m"
[fallback.U]
retry = "backoff"
description = "d"
resolution = "r"
message.en = "m"
[fallback.A]
retry = "poll"
description = "d"
resolution = "r"
message.en = "m"
[categories.system]
title = "System"
retry = "backoff"
[codes.SYSTEM_BUSY]
status = "U"
category = "system"
description = "busy"
resolution = "wait"
message.en = "Busy."
[codes.UNKNOWN_EXCEPTION]
status = "U"
category = "system"
description = "unknown"
resolution = "retry"
message.en = "Unknown."
"#,
        )
        .unwrap()
    }

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{} {}", c.kind.as_str(), line(c)))
            .collect()
    }

    #[test]
    fn an_identical_catalog_has_no_changes() {
        assert!(changes(&catalog(), &catalog()).is_empty());
    }

    #[test]
    fn a_removed_alias_breaks_and_a_new_one_adds() {
        let mut old = catalog();
        old.codes[0].aliases = vec!["BUSY".into(), "OVERLOADED".into()];
        let mut new = catalog();
        new.codes[0].aliases = vec!["OVERLOADED".into(), "SERVER_BUSY".into()];
        let found = changes(&old, &new);
        assert_eq!(
            summary(&found),
            [
                "breaking code SYSTEM_BUSY: alias removed BUSY",
                "additive code SYSTEM_BUSY: alias added SERVER_BUSY",
            ]
        );
        assert_eq!(found[0].field.as_deref(), Some("alias"));
        assert_eq!(found[0].old.as_deref(), Some("BUSY"));
        assert_eq!(found[0].new, None);
    }

    #[test]
    fn deprecating_or_retiring_adds_and_rewording_is_cosmetic() {
        let old = catalog();
        let mut new = catalog();
        new.codes[0].deprecated = Some("use UNKNOWN_EXCEPTION".into());
        new.codes[1].retired = Some("2026: no longer sent".into());
        assert_eq!(
            summary(&changes(&old, &new)),
            [
                "additive code SYSTEM_BUSY: deprecated added \"use UNKNOWN_EXCEPTION\"",
                "additive code UNKNOWN_EXCEPTION: retired added \"2026: no longer sent\"",
            ]
        );
        let mut newer = new.clone();
        newer.codes[0].deprecated = Some("use X".into());
        newer.codes[1].retired = None;
        assert_eq!(
            summary(&changes(&new, &newer)),
            [
                "cosmetic code SYSTEM_BUSY: deprecated \"use UNKNOWN_EXCEPTION\" -> \"use X\"",
                "cosmetic code UNKNOWN_EXCEPTION: retired removed \"2026: no longer sent\"",
            ]
        );
    }

    #[test]
    fn inquiring_first_decides_differently_and_rewording_it_is_cosmetic() {
        let old = catalog();
        let mut new = catalog();
        new.codes[1].inquire_first = Some("the order may be paid".into());
        assert_eq!(
            summary(&changes(&old, &new)),
            ["behavioural code UNKNOWN_EXCEPTION: inquire_first added \"the order may be paid\""]
        );
        let mut newer = new.clone();
        newer.codes[1].inquire_first = Some("the order may be closed".into());
        assert_eq!(
            summary(&changes(&new, &newer)),
            [
                "cosmetic code UNKNOWN_EXCEPTION: inquire_first \"the order may be paid\" -> \
                 \"the order may be closed\""
            ]
        );
        assert_eq!(
            summary(&changes(&new, &old)),
            [
                "behavioural code UNKNOWN_EXCEPTION: inquire_first removed \"the order may be \
                 paid\""
            ]
        );
    }

    #[test]
    fn since_and_source_are_cosmetic() {
        let mut old = catalog();
        old.codes[0].since = Some("0.1.0".into());
        let mut new = catalog();
        new.codes[0].since = Some("0.2.0".into());
        new.codes[1].source = Some("Refund API".into());
        assert_eq!(
            summary(&changes(&old, &new)),
            [
                "cosmetic code SYSTEM_BUSY: since \"0.1.0\" -> \"0.2.0\"",
                "cosmetic code UNKNOWN_EXCEPTION: source added \"Refund API\"",
            ]
        );
    }

    #[test]
    fn a_retired_code_then_removed_still_breaks() {
        let mut old = catalog();
        old.codes[1].retired = Some("gone".into());
        let mut new = catalog();
        new.codes.truncate(1);
        assert_eq!(
            summary(&changes(&old, &new)),
            [
                "breaking code UNKNOWN_EXCEPTION: removed (variant UnknownException); retire it instead"
            ]
        );
    }

    #[test]
    fn an_incomplete_catalog_is_an_error_naming_its_side() {
        let mut broken = catalog();
        broken.codes[1].retry = broken.policies.len();
        let problem = IncompleteCatalog::Policy {
            entry: "code UNKNOWN_EXCEPTION".into(),
            index: 3,
        };
        assert_eq!(
            super::changes(&broken, &catalog()),
            Err(Error::Old(problem.clone()))
        );
        assert_eq!(
            super::changes(&catalog(), &broken).unwrap_err().to_string(),
            "the new catalog: the catalog is not complete: code UNKNOWN_EXCEPTION names policy \
             3, which the catalog does not have"
        );
        broken.fallbacks.swap(0, 1);
        assert_eq!(
            super::changes(&catalog(), &broken),
            Err(Error::New(IncompleteCatalog::Fallbacks))
        );
    }

    #[test]
    fn kinds_are_ordered_worst_first_and_parse_as_fail_on_values() {
        assert!(Kind::Breaking < Kind::Behavioural);
        assert!(Kind::Behavioural < Kind::Cosmetic);
        assert!(Kind::Cosmetic < Kind::Additive);
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
        assert_eq!("behavioral".parse::<Kind>(), Ok(Kind::Behavioural));
        assert_eq!(
            "Breaking".parse::<Kind>().unwrap_err().to_string(),
            "unknown kind of change 'Breaking': expected breaking, behavioural, cosmetic or \
             additive"
        );
    }
}
