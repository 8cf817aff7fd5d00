//! Reads `codes.toml` into a [`Catalog`], collecting every problem with its position.
//!
//! The document is walked as a spanned TOML tree rather than deserialized into structs, so that
//! one pass can report every problem at once, each at the byte where it is.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::{
    Catalog, CategoryDef, CodeDef, Fallback, Message, Policy, PolicyKind, StatusLetter,
};
use crate::text::{
    MAX_SUGGESTED_CHARS, closest, is_bcp47, is_upper_camel_ident, is_valid_category_key,
    is_valid_code, is_valid_policy_name, upper_camel,
};

/// Associated items of the generated `Code` type that a variant name must not shadow.
const CODE_ASSOCIATED_ITEMS: &[&str] = &["ALL"];
/// The same for `Category`.
const CATEGORY_ASSOCIATED_ITEMS: &[&str] = &["ALL"];

const TOP_LEVEL: &[&str] = &["policies", "categories", "fallback", "codes", "states"];
const CODE_FIELDS: &[&str] = &[
    "status",
    "category",
    "description",
    "resolution",
    "retry",
    "message",
    "variant",
];
const FALLBACK_FIELDS: &[&str] = &["description", "resolution", "retry", "message"];
const CATEGORY_FIELDS: &[&str] = &["title", "retry"];
const STATUSES: &str = "\"S\" (success), \"F\" (failed), \"U\" (unknown), \"A\" (accepted)";

/// A problem at a byte offset of the source.
pub(crate) struct Problem {
    pub offset: Option<usize>,
    pub message: String,
}

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

fn syntax_problem(src: &str, e: &toml::de::Error) -> Problem {
    let span = e.span();
    let message = e.message().trim().replace('\n', " ");
    if message.starts_with("duplicate key") {
        if let Some(key) = span.clone().and_then(|s| src.get(s)) {
            let key = key.trim_matches(|c| c == '"' || c == '\'');
            return Problem {
                offset: span.map(|s| s.start),
                message: format!(
                    "duplicate key `{key}`: `{key}` is already defined earlier in the file; \
                     remove or rename one of the two entries"
                ),
            };
        }
    }
    Problem {
        offset: span.map(|s| s.start),
        message: format!("TOML syntax error: {message}"),
    }
}

/// Quotes a value for a one-line message: decoded, with control characters escaped.
fn quoted(s: &str) -> String {
    format!("{:?}", s)
}

/// A message lists the defined names when there are at most [`LIST_ALL_UP_TO`]; above that,
/// the first [`LISTED_NAMES`] and a count of the rest, so that a message stays short however
/// many names are defined.
const LIST_ALL_UP_TO: usize = 8;
/// See [`LIST_ALL_UP_TO`].
const LISTED_NAMES: usize = 5;
/// Among more defined names than this, a "did you mean" hint compares the word with this many
/// of them at most (see [`Known::hint`]).
const HINT_CANDIDATES: usize = 64;
/// Of those, the names next to the word in sorted order, on each side (and as many in the
/// order of reversed names).
const HINT_NEIGHBOURS: usize = 12;

/// `"a", "b", "c", "d", "e" and 3,995 more`.
fn list<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        return "none are defined".to_owned();
    }
    let shown = if names.len() <= LIST_ALL_UP_TO {
        names.len()
    } else {
        LISTED_NAMES
    };
    let mut out = names
        .iter()
        .take(shown)
        .map(|n| quoted(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        out.push_str(&format!(" and {} more", thousands(names.len() - shown)));
    }
    out
}

/// `3995` → `3,995`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Defined names (of policies, of categories): found by hash, listed briefly, and hinted at
/// without comparing a word with every name.
struct Known {
    names: Vec<String>,
    /// Each name's first index.
    index: HashMap<String, usize>,
    /// Indices by name length in characters; only for more than [`HINT_CANDIDATES`] names,
    /// as are the two below.
    by_len: HashMap<usize, Vec<usize>>,
    /// Names in byte order, with their indices.
    sorted: Vec<(String, usize)>,
    /// Reversed names in byte order, with their indices.
    reversed: Vec<(String, usize)>,
}

impl Known {
    fn new(names: Vec<String>) -> Known {
        let mut index = HashMap::with_capacity(names.len());
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        let (mut sorted, mut reversed) = (Vec::new(), Vec::new());
        let many = names.len() > HINT_CANDIDATES;
        for (i, name) in names.iter().enumerate() {
            index.entry(name.clone()).or_insert(i);
            if many {
                by_len.entry(name.chars().count()).or_default().push(i);
                sorted.push((name.clone(), i));
                reversed.push((name.chars().rev().collect(), i));
            }
        }
        sorted.sort_unstable();
        reversed.sort_unstable();
        Known {
            names,
            index,
            by_len,
            sorted,
            reversed,
        }
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    fn list(&self) -> String {
        list(&self.names)
    }

    /// A ` (did you mean "x"?)` suffix, or nothing. Among few names, the closest of all.
    /// Among many, the closest of at most [`HINT_CANDIDATES`]: the [`HINT_NEIGHBOURS`] on
    /// each side of the word in the sorted names (a typo after a shared start) and in the
    /// sorted reversed names (a typo before a shared end), then names of the nearest lengths
    /// (a name further away in length than half the word is never close enough).
    fn hint(&self, word: &str) -> String {
        if self.names.len() <= HINT_CANDIDATES {
            let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
            return hint(word, &names);
        }
        let len = word.chars().take(MAX_SUGGESTED_CHARS + 1).count();
        if len > MAX_SUGGESTED_CHARS {
            return String::new();
        }
        let mut picked: Vec<usize> = Vec::new();
        let reversed: String = word.chars().rev().collect();
        for (order, key) in [(&self.sorted, word), (&self.reversed, reversed.as_str())] {
            let at = order.partition_point(|(name, _)| name.as_str() < key);
            let from = at.saturating_sub(HINT_NEIGHBOURS);
            let to = (at + HINT_NEIGHBOURS).min(order.len());
            picked.extend(order[from..to].iter().map(|&(_, i)| i));
        }
        for d in 0..=len / 2 + 1 {
            let lengths = [Some(len + d), len.checked_sub(d).filter(|_| d > 0)];
            for bucket in lengths
                .into_iter()
                .flatten()
                .filter_map(|l| self.by_len.get(&l))
            {
                let room = HINT_CANDIDATES.saturating_sub(picked.len());
                picked.extend(bucket.iter().take(room));
            }
            if picked.len() >= HINT_CANDIDATES {
                break;
            }
        }
        picked.sort_unstable();
        picked.dedup();
        let names: Vec<&str> = picked.iter().map(|&i| self.names[i].as_str()).collect();
        hint(word, &names)
    }
}

/// Entries of a table in file order (the parser's map is sorted by key).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
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
        })
    }

    /// Reports fields not in `known`, with the closest known field as a hint.
    fn unknown_fields(&mut self, subject: &Subject<'_>, table: &DeTable<'_>, known: &[&str]) {
        for (key, _) in in_file_order(table) {
            let name = key.get_ref().as_ref();
            if !known.contains(&name) {
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
    fn string(
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
    fn table<'a, 'i>(
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

    fn policies(&mut self, entries: &[Entry<'_, '_>]) -> Vec<PolicySlot> {
        let mut out = Vec::new();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("policy {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            if !is_valid_policy_name(&name) {
                self.problem(
                    &key.span(),
                    format!(
                        "{what}: a policy name must be ASCII letters, digits, '_' and '-' (it is \
                         written into the generated docs as it is)"
                    ),
                );
            }
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            let Some(kind) = self.string(&subject, table, "kind", true) else {
                self.unknown_fields(&subject, table, &["kind"]);
                out.push(PolicySlot { name, kind: None });
                continue;
            };
            let (fields, kind) = match kind.get_ref().as_str() {
                "never" => (&[][..], PolicyKind::Never),
                "refresh_token" => (&[][..], PolicyKind::RefreshToken),
                "reauthorize" => (&[][..], PolicyKind::Reauthorize),
                "ask_user" => (&[][..], PolicyKind::AskUser),
                "new_request" => (&[][..], PolicyKind::NewRequest),
                "backoff" => (
                    &["initial_delay_ms", "max_delay_ms", "max_attempts"][..],
                    self.backoff(&subject, table),
                ),
                "poll" => (
                    &["interval_ms", "timeout_ms"][..],
                    self.poll(&subject, table),
                ),
                other => {
                    let hint = hint(other, &PolicyKind::NAMES);
                    self.problem(
                        &kind.span(),
                        format!(
                            "{what}: kind {} is not a retry policy kind{hint}; expected one of {}",
                            quoted(other),
                            list(&PolicyKind::NAMES)
                        ),
                    );
                    out.push(PolicySlot { name, kind: None });
                    continue;
                }
            };
            let mut known = vec!["kind"];
            known.extend_from_slice(fields);
            self.unknown_fields(&subject, table, &known);
            out.push(PolicySlot {
                name,
                kind: Some(kind),
            });
        }
        out
    }

    fn integer(
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

    /// A backoff policy's parameters. Problems are reported; the kind comes back either way
    /// (with 0 for what is missing), so that the policy stays defined.
    fn backoff(&mut self, subject: &Subject<'_>, table: &DeTable<'_>) -> PolicyKind {
        let initial = self.integer(subject, table, "initial_delay_ms", u64::MAX);
        let max = self.integer(subject, table, "max_delay_ms", u64::MAX);
        let attempts = self.integer(subject, table, "max_attempts", u64::from(u32::MAX));
        if let Some(attempts) = attempts.as_ref().filter(|a| *a.get_ref() == 0) {
            self.problem(
                &attempts.span(),
                format!(
                    "{}: `max_attempts` is 0, but it counts every request, the first included; \
                     use 1 or more",
                    subject.what
                ),
            );
        }
        if let Some(initial) = initial.as_ref().filter(|i| *i.get_ref() == 0) {
            self.problem(
                &initial.span(),
                format!(
                    "{}: `initial_delay_ms` is 0, so the backoff never grows; use 1 or more",
                    subject.what
                ),
            );
        }
        if let (Some(initial), Some(max)) = (&initial, &max) {
            if max.get_ref() < initial.get_ref() {
                self.problem(
                    &max.span(),
                    format!(
                        "{}: `max_delay_ms` ({}) is below `initial_delay_ms` ({}); raise it to at \
                         least {}",
                        subject.what,
                        max.get_ref(),
                        initial.get_ref(),
                        initial.get_ref()
                    ),
                );
            }
        }
        PolicyKind::Backoff {
            initial_delay_ms: value(initial),
            max_delay_ms: value(max),
            max_attempts: u32::try_from(value(attempts)).unwrap_or(u32::MAX),
        }
    }

    /// A poll policy's parameters; see [`Self::backoff`].
    fn poll(&mut self, subject: &Subject<'_>, table: &DeTable<'_>) -> PolicyKind {
        let interval = self.integer(subject, table, "interval_ms", u64::MAX);
        let timeout = self.integer(subject, table, "timeout_ms", u64::MAX);
        if let Some(interval) = interval.as_ref().filter(|i| *i.get_ref() == 0) {
            self.problem(
                &interval.span(),
                format!(
                    "{}: `interval_ms` is 0, which would poll without pause; use 1 or more",
                    subject.what
                ),
            );
        }
        if let (Some(interval), Some(timeout)) = (&interval, &timeout) {
            if timeout.get_ref() < interval.get_ref() {
                self.problem(
                    &timeout.span(),
                    format!(
                        "{}: `timeout_ms` ({}) is shorter than `interval_ms` ({}), so no poll \
                         would ever run; raise it to at least {}",
                        subject.what,
                        timeout.get_ref(),
                        interval.get_ref(),
                        interval.get_ref()
                    ),
                );
            }
        }
        PolicyKind::Poll {
            interval_ms: value(interval),
            timeout_ms: value(timeout),
        }
    }

    /// Resolves `retry = "NAME"` to a policy index.
    fn retry(
        &mut self,
        subject: &Subject<'_>,
        table: &DeTable<'_>,
        policies: &[PolicySlot],
        required: bool,
    ) -> Option<usize> {
        let name = self.string(subject, table, "retry", required)?;
        let found = self.policy_names.find(name.get_ref());
        debug_assert!(found.is_none_or(|i| i < policies.len()));
        if found.is_none() {
            let hint = self.policy_names.hint(name.get_ref());
            let defined = self.policy_names.list();
            self.problem(
                &name.span(),
                format!(
                    "{}: retry policy {} is not defined{hint}; defined policies: {defined}",
                    subject.what,
                    quoted(name.get_ref()),
                ),
            );
        }
        found
    }

    fn categories(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
    ) -> Vec<CategorySlot> {
        let mut out: Vec<CategorySlot> = Vec::new();
        // variant name → index in `out` of the category that has it
        let mut variants: HashMap<String, usize> = HashMap::new();
        for (key, value) in entries {
            let name = key.get_ref().to_string();
            let what = format!("category {}", quoted(&name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            self.unknown_fields(&subject, table, CATEGORY_FIELDS);
            let title = self.string(&subject, table, "title", true);
            let retry = self.retry(&subject, table, policies, true);
            let mut variant = None;
            if !is_valid_category_key(&name) {
                self.problem(
                    &key.span(),
                    format!(
                        "{what}: a category key must be snake_case (lowercase ASCII letters, \
                         digits and underscores, starting with a letter)"
                    ),
                );
            } else {
                let camel = upper_camel(&name);
                let cannot = "so it cannot name a variant of `Category`; rename the category";
                let clash = if !is_upper_camel_ident(&camel) {
                    // `self` (the only snake_case key whose name is a keyword: `Self`).
                    Some(format!("is the keyword `{camel}`, {cannot}"))
                } else if CATEGORY_ASSOCIATED_ITEMS.contains(&camel.as_str()) {
                    Some(format!(
                        "`{camel}` clashes with the associated item `Category::{camel}`, {cannot}"
                    ))
                } else {
                    variants.get(&camel).map(|&other| {
                        format!(
                            "`{camel}` is the same as category {}'s; rename one of them",
                            quoted(&out[other].key)
                        )
                    })
                };
                match clash {
                    Some(why) => {
                        self.problem(&key.span(), format!("{what}: its variant name {why}"));
                    }
                    None => {
                        variants.insert(camel.clone(), out.len());
                        variant = Some(camel);
                    }
                }
            }
            out.push(CategorySlot {
                key: name,
                variant,
                title: title.map(Spanned::into_inner),
                retry,
            });
        }
        out
    }

    fn messages(&mut self, subject: &Subject<'_>, table: &DeTable<'_>) -> Option<Vec<Message>> {
        let Some(value) = table.get("message") else {
            self.problem(
                &subject.span,
                format!(
                    "{}: missing the English message; add `message.en = \"...\"`",
                    subject.what
                ),
            );
            return None;
        };
        let what = format!("{}: `message`", subject.what);
        let messages = self.table(&what, value)?;
        let mut out: Vec<Message> = Vec::new();
        // Tags seen, lowercased: tags are case-insensitive.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut ok = true;
        for (locale, text) in in_file_order(messages) {
            let tag = locale.get_ref().as_ref();
            if !is_bcp47(tag) {
                let fixed = tag.replace('_', "-");
                let hint = if fixed != tag && is_bcp47(&fixed) {
                    format!(" (did you mean \"{fixed}\"?)")
                } else {
                    String::new()
                };
                self.problem(
                    &locale.span(),
                    format!(
                        "{}: locale {} in `message` is not a well-formed BCP 47 language tag \
                         (like \"en\" or \"zh-CN\"){hint}",
                        subject.what,
                        quoted(tag)
                    ),
                );
                ok = false;
                continue;
            }
            if !seen.insert(tag.to_ascii_lowercase()) {
                self.problem(
                    &locale.span(),
                    format!(
                        "{}: locale {} appears twice in `message` (tags are case-insensitive)",
                        subject.what,
                        quoted(tag)
                    ),
                );
                ok = false;
                continue;
            }
            let field = format!("message.{tag}");
            match text.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    self.problem(
                        &text.span(),
                        format!(
                            "{}: field `{field}` is empty; give it a value",
                            subject.what
                        ),
                    );
                    ok = false;
                }
                DeValue::String(s) => out.push(Message {
                    locale: tag.to_owned(),
                    text: s.to_string(),
                }),
                other => {
                    self.problem(
                        &text.span(),
                        format!(
                            "{}: field `{field}` must be a string, found {}",
                            subject.what,
                            other.type_str()
                        ),
                    );
                    ok = false;
                }
            }
        }
        let Some(en) = out.iter().position(|m| m.locale == "en") else {
            if ok {
                self.problem(
                    &value.span(),
                    format!(
                        "{}: no English message; add `message.en = \"...\"` (every entry needs \
                         one: it is what any other locale falls back to)",
                        subject.what
                    ),
                );
            }
            return None;
        };
        let english = out.remove(en);
        out.insert(0, english);
        ok.then_some(out)
    }

    fn fallbacks(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
    ) -> Option<Vec<Fallback>> {
        let mut found: Vec<Option<Fallback>> = vec![None; 4];
        let mut all_ok = true;
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let Some(status) = StatusLetter::parse(name) else {
                self.problem(
                    &key.span(),
                    format!(
                        "fallback {} is not a result status; expected one of {STATUSES}",
                        quoted(name)
                    ),
                );
                all_ok = false;
                continue;
            };
            let what = format!("fallback {}", quoted(name));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                all_ok = false;
                continue;
            };
            self.unknown_fields(&subject, table, FALLBACK_FIELDS);
            let description = self.string(&subject, table, "description", true);
            let resolution = self.string(&subject, table, "resolution", true);
            let retry = self.retry(&subject, table, policies, true);
            let messages = self.messages(&subject, table);
            if let Some((retry, kind)) = retry.and_then(|r| Some((r, policies[r].kind?))) {
                let expected = match status {
                    StatusLetter::S | StatusLetter::F => "never",
                    StatusLetter::U => "backoff",
                    StatusLetter::A => "poll",
                };
                if kind.name() != expected {
                    let span = table.get("retry").map_or(key.span(), |v| v.span());
                    self.problem(
                        &span,
                        format!(
                            "{what}: its policy {} is of kind \"{}\", but the {status} fallback \
                             must use a \"{expected}\" policy (S and F never retry, U backs off, \
                             A polls)",
                            quoted(&policies[retry].name),
                            kind.name()
                        ),
                    );
                    all_ok = false;
                }
            }
            match (description, resolution, retry, messages) {
                (Some(d), Some(r), Some(retry), Some(messages)) => {
                    found[status as usize] = Some(Fallback {
                        status,
                        retry,
                        description: d.into_inner(),
                        resolution: r.into_inner(),
                        messages,
                    });
                }
                _ => all_ok = false,
            }
        }
        let header = entries.first().map_or(0, |(k, _)| k.span().start);
        for status in StatusLetter::ALL {
            let defined = entries
                .iter()
                .any(|(k, _)| k.get_ref().as_ref() == status.as_str());
            if !defined {
                self.problems.push(Problem {
                    offset: Some(header),
                    message: format!(
                        "status \"{status}\" has no fallback; add a `[fallback.{status}]` table \
                         (every status needs one: it answers for uncatalogued codes)"
                    ),
                });
                all_ok = false;
            }
        }
        if all_ok {
            found.into_iter().collect()
        } else {
            None
        }
    }

    fn codes(
        &mut self,
        entries: &[Entry<'_, '_>],
        policies: &[PolicySlot],
        categories: &[CategorySlot],
    ) -> Vec<CodeDef> {
        let mut out = Vec::new();
        // variant name → (code, span of its key)
        let mut variants: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let category_keys = Known::new(categories.iter().map(|c| c.key.clone()).collect());
        if entries.is_empty() {
            self.problems.push(Problem {
                offset: Some(0),
                message: "the catalog defines no codes; add at least one `[codes.CODE]` table"
                    .to_owned(),
            });
        }
        for (key, value) in entries {
            let code = key.get_ref().to_string();
            let what = format!("code {}", quoted(&code));
            let subject = Subject {
                what: &what,
                span: key.span(),
            };
            let Some(table) = self.table(&what, value) else {
                continue;
            };
            self.unknown_fields(&subject, table, CODE_FIELDS);
            let status = self.string(&subject, table, "status", true).and_then(|s| {
                let parsed = StatusLetter::parse(s.get_ref().trim());
                if parsed.is_none() {
                    let upper = s.get_ref().trim().to_ascii_uppercase();
                    let hint = match StatusLetter::parse(&upper) {
                        Some(l) => format!(" (did you mean \"{l}\"?)"),
                        None => String::new(),
                    };
                    self.problem(
                        &s.span(),
                        format!(
                            "{what}: status {} is not a result status{hint}; expected one of \
                             {STATUSES}",
                            quoted(s.get_ref())
                        ),
                    );
                } else if s.get_ref().trim() != s.get_ref() {
                    self.problem(
                        &s.span(),
                        format!(
                            "{what}: status {} has white space around it; write \"{}\"",
                            quoted(s.get_ref()),
                            s.get_ref().trim()
                        ),
                    );
                    return None;
                }
                parsed
            });
            let category = self
                .string(&subject, table, "category", true)
                .and_then(|c| {
                    let found = category_keys.find(c.get_ref());
                    if found.is_none() {
                        let hint = category_keys.hint(c.get_ref());
                        self.problem(
                            &c.span(),
                            format!(
                                "{what}: category {} is not defined{hint}; defined categories: {}",
                                quoted(c.get_ref()),
                                category_keys.list()
                            ),
                        );
                    }
                    found
                });
            let description = self.string(&subject, table, "description", true);
            let resolution = self.string(&subject, table, "resolution", true);
            let explicit_retry = if table.contains_key("retry") {
                let r = self.retry(&subject, table, policies, false);
                Some(r)
            } else {
                None
            };
            let messages = self.messages(&subject, table);
            let explicit_variant = self.string(&subject, table, "variant", false);

            let variant = self.variant(&subject, &code, explicit_variant.as_ref(), &mut variants);

            let retry = match explicit_retry {
                Some(r) => r,
                None => category.and_then(|c| categories[c].retry),
            };
            if let (Some(status), Some(retry)) = (status, retry) {
                let policy = &policies[retry];
                let kind = policy.kind.unwrap_or(PolicyKind::Never);
                if status == StatusLetter::S && kind != PolicyKind::Never {
                    let span = table.get("retry").map_or(key.span(), |v| v.span());
                    self.problem(
                        &span,
                        format!(
                            "{what}: status \"S\" means success, but its retry policy {} is of \
                             kind \"{}\"; a success never retries, so use a \"never\" policy",
                            quoted(&policy.name),
                            kind.name()
                        ),
                    );
                    continue;
                }
            }
            if let (
                Some(status),
                Some(category),
                Some(description),
                Some(resolution),
                Some(retry),
                Some(messages),
                Some(variant),
            ) = (
                status,
                category,
                description,
                resolution,
                retry,
                messages,
                variant,
            ) {
                out.push(CodeDef {
                    code,
                    variant,
                    status,
                    category,
                    description: description.into_inner(),
                    resolution: resolution.into_inner(),
                    retry,
                    messages,
                    line: self.lines.line_col(key.span().start).0,
                });
            }
        }
        out
    }

    /// Checks the code's spelling and works out its variant name, reporting collisions.
    fn variant(
        &mut self,
        subject: &Subject<'_>,
        code: &str,
        explicit: Option<&Spanned<String>>,
        seen: &mut HashMap<String, (String, Range<usize>)>,
    ) -> Option<String> {
        if !is_valid_code(code) {
            self.problem(
                &subject.span,
                format!(
                    "{}: a code must be uppercase ASCII letters, digits and underscores{}",
                    subject.what,
                    if is_valid_code(&code.to_ascii_uppercase().replace([' ', '-'], "_")) {
                        format!(
                            " (did you mean \"{}\"?)",
                            code.to_ascii_uppercase().replace([' ', '-'], "_")
                        )
                    } else {
                        String::new()
                    }
                ),
            );
            return None;
        }
        let explicit_set = explicit.is_some();
        let (variant, span) = match explicit {
            Some(v) => {
                let name = v.get_ref().clone();
                if !is_upper_camel_ident(&name) {
                    self.problem(
                        &v.span(),
                        format!(
                            "{}: variant {} is not an UpperCamelCase Rust identifier (an ASCII \
                             capital letter, then ASCII letters and digits, not `Self`)",
                            subject.what,
                            quoted(&name)
                        ),
                    );
                    return None;
                }
                (name, v.span())
            }
            None => {
                let name = upper_camel(code);
                if !is_upper_camel_ident(&name) {
                    let why = if name == "Self" {
                        "is the keyword `Self`".to_owned()
                    } else if name.is_empty() {
                        "is empty".to_owned()
                    } else {
                        format!("`{name}` does not start with a letter")
                    };
                    self.problem(
                        &subject.span,
                        format!(
                            "{}: its variant name {why}, so it is not a Rust identifier; name the \
                             variant with `variant = \"...\"` (e.g. `variant = \"{}\"`)",
                            subject.what,
                            suggest_variant(code)
                        ),
                    );
                    return None;
                }
                (name, subject.span.clone())
            }
        };
        if CODE_ASSOCIATED_ITEMS.contains(&variant.as_str()) {
            self.problem(
                &span,
                format!(
                    "{}: variant `{variant}` clashes with the associated item `Code::{variant}`; \
                     choose another name with `variant = \"...\"`",
                    subject.what
                ),
            );
            return None;
        }
        if let Some((other, other_span)) = seen.get(&variant) {
            let (line, _) = self.lines.line_col(other_span.start);
            self.problem(
                &span,
                format!(
                    "{}: its variant name `{variant}` collides with code {} at line {line}; {}",
                    subject.what,
                    quoted(other),
                    if explicit_set {
                        "choose another `variant`"
                    } else {
                        "set `variant = \"...\"` on one of them"
                    }
                ),
            );
            return None;
        }
        seen.insert(variant.clone(), (code.to_owned(), subject.span.clone()));
        Some(variant)
    }
}

/// Line starts of a source, so that a byte offset becomes a line and column without
/// rescanning the file (a 10,000-code catalog asks for one position per code).
pub(crate) struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { src, starts }
    }

    /// The 1-based line and column (in characters) of a byte offset. An offset inside a
    /// character counts as that character; one past the end is the end.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.src[line_start..offset].chars().count() + 1)
    }
}

/// A ` (did you mean "x"?)` suffix, or nothing.
fn hint(word: &str, known: &[&str]) -> String {
    match closest(word, known.iter().copied()) {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => String::new(),
    }
}

/// A plausible variant name for a code whose own would not do: digits spelled out in front.
fn suggest_variant(code: &str) -> String {
    let camel = upper_camel(code);
    if camel == "Self" {
        return "SelfCode".to_owned();
    }
    let mut out = String::from("Code");
    out.push_str(&camel);
    out
}

fn src_int(int: &toml::de::DeInteger<'_>) -> String {
    match int.radix() {
        16 => format!("0x{}", int.as_str()),
        8 => format!("0o{}", int.as_str()),
        2 => format!("0b{}", int.as_str()),
        _ => int.as_str().to_owned(),
    }
}

/// The value of an integer field that may be missing (reported already): 0 then.
fn value(field: Option<Spanned<u64>>) -> u64 {
    field.map_or(0, Spanned::into_inner)
}
