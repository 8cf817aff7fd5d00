//! `errcat diff OLD NEW`: every change between two catalogs, each with its kind.
//!
//! A side is a file (`-` for stdin) or `git:REV:PATH`, read with `git show REV:PATH` in the
//! current directory; both are read up to `--max-catalog-bytes` and validated with the build's
//! own rules. Codes are compared by their code string, categories by key, fallbacks by status,
//! state values by value, and retry policies by what they do (the resolved policy, never its
//! name): renaming a policy changes nothing a client sees.
//!
//! The kinds, worst first:
//! - **breaking**: downstream builds or lookups break (a code removed instead of retired, a
//!   variant renamed, a category removed or renamed, an alias removed);
//! - **behavioural**: the same input now decides differently (a code's status, category or
//!   resolved retry policy, its `inquire_first` set or cleared, a category's or a fallback's
//!   policy, a policy no longer defined, a state value's outcome or its removal);
//! - **cosmetic**: words only (description, resolution, title, a message changed or its locale
//!   removed, the text of `deprecated`, `retired` or `inquire_first`, `since`, `source`);
//! - **additive**: something new (a code, alias, locale, category, policy, fallback, state
//!   value), and retiring or deprecating a code.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::ValueEnum;
use errcat::Escaped;
use errcat_codegen::{Catalog, Message, PolicyKind, StateOutcome};
use serde::Serialize;

use crate::commands::{Answer, Failure, Outcome};
use crate::input::{self, InputError, Limit};
use crate::record::to_json;
use crate::style::Paint;
use crate::words::policy_cell;

/// What a change does to the catalog's users, worst first (the order of `--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Downstream builds or lookups break.
    Breaking,
    /// The same input now decides differently.
    #[value(alias = "behavioral")]
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

    /// The kind's name, as `--fail-on` and the JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Behavioural => "behavioural",
            Kind::Cosmetic => "cosmetic",
            Kind::Additive => "additive",
        }
    }
}

/// What kind of entry changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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
    fn as_str(self) -> &'static str {
        match self {
            What::Code => "code",
            What::Category => "category",
            What::Policy => "policy",
            What::Fallback => "fallback",
            What::State => "state",
        }
    }
}

/// One change. A whole entry added or removed has no `field`; its `old` or `new` says what it
/// was or is (a code's or category's variant, a policy, a fallback's policy, a state's
/// outcome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Whether the values are text, quoted in the text output.
    #[serde(skip)]
    text: bool,
}

/// Changes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
    fn of(changes: &[Change]) -> Counts {
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaking, {} behavioural, {} cosmetic, {} additive",
            self.breaking, self.behavioural, self.cosmetic, self.additive
        )
    }
}

/// One side of the comparison, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A file, or stdin for `-`.
    File(PathBuf),
    /// `git:REV:PATH`: the file at PATH (from the repository's root) in revision REV.
    Git {
        /// The revision, e.g. `v0.1.0`, `HEAD~1`, a commit.
        rev: String,
        /// The path in that revision.
        path: String,
    },
    /// The catalog built into the command (errcat's own `codes.toml`): NEW when neither NEW
    /// nor `--catalog` is given.
    Builtin,
}

impl Side {
    /// The side as messages name it: the path, `<stdin>`, or `git:REV:PATH`.
    fn name(&self) -> String {
        match self {
            Side::File(path) => input::name(path),
            Side::Git { rev, path } => format!("git:{rev}:{path}"),
            Side::Builtin => format!(
                "codes.toml (built into errcat {})",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// Parses a side: `git:REV:PATH` (REV ends at the first `:` after `git:`), otherwise a path.
/// A file whose name starts with `git:` is given as `./git:...`.
pub fn parse_side(text: &str) -> Result<Side, String> {
    let Some(spec) = text.strip_prefix("git:") else {
        return Ok(Side::File(PathBuf::from(text)));
    };
    let Some((rev, path)) = spec.split_once(':') else {
        return Err(
            "expected git:REV:PATH, e.g. git:v0.1.0:codes.toml (a revision, a colon, a path)"
                .to_owned(),
        );
    };
    if rev.is_empty() {
        return Err(
            "git:REV:PATH needs a revision before the path, e.g. git:HEAD:codes.toml".to_owned(),
        );
    }
    if path.is_empty() {
        return Err(
            "git:REV:PATH needs a path after the revision, e.g. git:HEAD:codes.toml".to_owned(),
        );
    }
    if rev.starts_with('-') {
        return Err("the revision of git:REV:PATH may not start with '-'".to_owned());
    }
    Ok(Side::Git {
        rev: rev.to_owned(),
        path: path.to_owned(),
    })
}

/// The largest part of git's error output kept for a message.
const GIT_STDERR_BYTES: u64 = 4096;

/// Reads a side's bytes, or says why it cannot (`NAME: cannot read the catalog: ...`).
fn read_side(side: &Side, limit: Limit) -> Result<Vec<u8>, Failure> {
    let cannot = |why: String| {
        Failure::Lines(vec![format!(
            "{}: cannot read the catalog: {why}",
            Escaped(&side.name())
        )])
    };
    match side {
        Side::File(path) => input::read(path, limit).map_err(|e| cannot(e.to_string())),
        Side::Builtin => Ok(crate::model::BUILTIN_SOURCE.as_bytes().to_vec()),
        Side::Git { rev, path } => {
            let object = format!("{rev}:{path}");
            let mut child = Command::new("git")
                .arg("show")
                .arg(&object)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| cannot(format!("cannot run git: {}", Escaped(&e.to_string()))))?;
            let read = match child.stdout.take() {
                Some(stdout) => input::read_from(stdout, limit),
                None => Ok(Vec::new()),
            };
            if read.is_err() {
                // Stop git at the limit instead of letting it write the rest into a pipe.
                let _ = child.kill();
            }
            let mut errors = Vec::new();
            if let Some(stderr) = child.stderr.take() {
                let _ = stderr.take(GIT_STDERR_BYTES).read_to_end(&mut errors);
            }
            let status = child.wait();
            let bytes = read.map_err(|e: InputError| cannot(e.to_string()))?;
            match status {
                Ok(status) if status.success() => Ok(bytes),
                Ok(status) => {
                    let said = String::from_utf8_lossy(&errors);
                    let said: Vec<&str> = said
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let said = if said.is_empty() {
                        format!("it exited with {status}")
                    } else {
                        said.join("; ")
                    };
                    Err(cannot(format!(
                        "`git show {}` failed: {}",
                        Escaped(&object),
                        Escaped(&said)
                    )))
                }
                Err(e) => Err(cannot(format!("git: {}", Escaped(&e.to_string())))),
            }
        }
    }
}

/// Reads and validates a side; problems are reported as `errcat check` reports them.
fn load(side: &Side, limit: Limit) -> Result<Catalog, Failure> {
    let bytes = read_side(side, limit)?;
    crate::model::parse_catalog(&side.name(), &bytes).map_err(Failure::Lines)
}

/// `errcat diff OLD NEW`: the changes as text or JSON; the answer fails (exit status 1) when a
/// change of kind `fail_on` or worse is found.
pub fn diff(
    paint: Paint,
    old: &Side,
    new: &Side,
    fail_on: Kind,
    json: bool,
    limit: Limit,
) -> Outcome {
    if old == new && *old == Side::File(PathBuf::from("-")) {
        return Err(Failure::error(
            "only one of OLD and NEW can be read from stdin (-)",
        ));
    }
    let old = load(old, limit)?;
    let new = load(new, limit)?;
    let changes = changes(&old, &new);
    let counts = Counts::of(&changes);
    let worst = changes.iter().filter(|c| c.kind <= fail_on).count();
    let stdout = if json {
        to_json(&Json {
            changes: &changes,
            counts,
        })
    } else {
        text(paint, &changes, counts)
    };
    let mut answer = Answer::text(stdout);
    if worst > 0 {
        answer.failed = true;
        answer.notes.push(format!(
            "exit status 1: {worst} change{} of kind {} or worse (--fail-on {})",
            if worst == 1 { "" } else { "s" },
            fail_on.as_str(),
            fail_on.as_str()
        ));
    }
    Ok(answer)
}

/// The JSON document of `diff --json`.
#[derive(Serialize)]
struct Json<'a> {
    changes: &'a [Change],
    counts: Counts,
}

/// One line a change, grouped by kind (worst first), then the counts.
fn text(paint: Paint, changes: &[Change], counts: Counts) -> String {
    let mut out = String::new();
    for kind in Kind::ALL {
        let mut of_kind = changes.iter().filter(|c| c.kind == kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        out.push_str(&paint.bold(&format!("{}:", kind.as_str())));
        out.push('\n');
        for change in of_kind {
            out.push_str("  ");
            out.push_str(&line(change));
            out.push('\n');
        }
    }
    out.push_str(&format!("{counts}\n"));
    out
}

/// `code X: status F -> U`, `code X: added (variant X)`, `code X: description "a" -> "b"`.
/// Every string from the catalogs is escaped.
pub fn line(change: &Change) -> String {
    let value = |v: &str| {
        if change.text {
            format!("\"{}\"", Escaped(v))
        } else {
            Escaped(v).to_string()
        }
    };
    let head = format!("{} {}:", change.what.as_str(), Escaped(&change.name));
    // What the value of a whole entry is.
    let label = match change.what {
        What::Code | What::Category => "variant ",
        What::Fallback => "retry ",
        What::State => "outcome ",
        What::Policy => "",
    };
    match (&change.field, &change.old, &change.new) {
        (None, Some(old), None) if change.what == What::Code => {
            format!("{head} removed ({label}{}); retire it instead", value(old))
        }
        (None, Some(old), None) => format!("{head} removed ({label}{})", value(old)),
        (None, _, Some(new)) => format!("{head} added ({label}{})", value(new)),
        (None, None, None) => format!("{head} changed"),
        (Some(field), old, new) => {
            let field = Escaped(field);
            match (old, new) {
                (Some(old), Some(new)) => {
                    format!("{head} {field} {} -> {}", value(old), value(new))
                }
                (Some(old), None) => format!("{head} {field} removed {}", value(old)),
                (None, Some(new)) => format!("{head} {field} added {}", value(new)),
                (None, None) => format!("{head} {field} changed"),
            }
        }
    }
}

/// A policy in words: `never`, `backoff (1 s to 16 s, 5 attempts)`, `poll (every 3 s for 1 min)`.
fn policy_text(kind: &PolicyKind) -> String {
    let policy = crate::model::retry_of(*kind);
    policy_cell(policy)
}

fn outcome_text(outcome: StateOutcome) -> &'static str {
    match outcome {
        StateOutcome::Succeeded => "succeeded",
        StateOutcome::Failed => "failed",
        StateOutcome::Pending => "pending",
    }
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
/// categories, fallbacks, codes, state values.
pub fn changes(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    policies(&mut out, old, new);
    categories(&mut out, old, new);
    fallbacks(&mut out, old, new);
    codes(&mut out, old, new);
    states(&mut out, old, new);
    out.sort_by_key(|c| c.kind);
    out
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

    /// A small valid catalog: two codes of one category.
    fn catalog() -> Catalog {
        errcat_codegen::check_str(
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
    fn kinds_are_ordered_worst_first_and_parse_as_fail_on_values() {
        assert!(Kind::Breaking < Kind::Behavioural);
        assert!(Kind::Behavioural < Kind::Cosmetic);
        assert!(Kind::Cosmetic < Kind::Additive);
        for kind in Kind::ALL {
            assert_eq!(Kind::from_str(kind.as_str(), false), Ok(kind));
        }
        assert_eq!(Kind::from_str("behavioral", false), Ok(Kind::Behavioural));
    }

    #[test]
    fn sides() {
        assert_eq!(
            parse_side("codes.toml"),
            Ok(Side::File(PathBuf::from("codes.toml")))
        );
        assert_eq!(
            parse_side("./git:x"),
            Ok(Side::File(PathBuf::from("./git:x")))
        );
        assert_eq!(
            parse_side("git:v0.1.0:dir/codes.toml"),
            Ok(Side::Git {
                rev: "v0.1.0".into(),
                path: "dir/codes.toml".into()
            })
        );
        // The first colon ends the revision.
        assert_eq!(
            parse_side("git:HEAD:a:b"),
            Ok(Side::Git {
                rev: "HEAD".into(),
                path: "a:b".into()
            })
        );
        for bad in [
            "git:",
            "git:HEAD",
            "git::codes.toml",
            "git:HEAD:",
            "git:--output=x:y",
        ] {
            assert!(parse_side(bad).is_err(), "{bad}");
        }
    }
}
