//! Every export format of a catalog: [`json`], [`markdown`] and [`csv`] for people and other
//! languages, and [`typescript`] and [`javascript`], the catalog with errcat's rules as one ES
//! module; and [`code_json`] and [`codes_json`], some of its codes as `json` writes them. Each gives, besides the codes, the four status fallbacks and the status rule (who
//! decides under each status, [`StatusRule`]), so a reader knows what happens to a code the
//! catalog lacks. The bytes are those `errcat export --format FORMAT` writes.
//!
//! Every function takes a validated catalog ([`check_file`](crate::check_file),
//! [`check_str`](crate::check_str)) and fails only for a catalog that is not complete (see
//! [`Catalog::check_complete`]), which a validated one always is. Available with the `tooling`
//! feature.
//!
//! ```
//! use errcat_codegen::export;
//!
//! # let source = include_str!("example.toml");
//! let catalog = errcat_codegen::check_str("codes.toml", source).unwrap();
//! let page = export::markdown(&catalog)?;
//! assert!(page.starts_with("# Result codes\n"));
//! let sheet = export::csv(&catalog)?;
//! assert!(sheet.starts_with("code,status,category,description,resolution,retry_kind,"));
//! let module = export::typescript(&catalog, "codes.toml")?;
//! assert!(module.contains("export function handleAPIResponse("));
//! # Ok::<(), errcat_codegen::IncompleteCatalog>(())
//! ```

mod typescript;

pub use typescript::{JavaScript, javascript, typescript};

use crate::json::Json;
use crate::{Catalog, CodeDef, IncompleteCatalog, Message, PolicyKind, StatusLetter};

/// A policy of the kind named, for the status rule, which looks at the kind only (`never` for a
/// name that is not a kind's).
fn policy_of_kind(kind: &str) -> PolicyKind {
    match kind {
        "backoff" => PolicyKind::Backoff {
            initial_delay_ms: 1000,
            max_delay_ms: 1000,
            max_attempts: 2,
        },
        "poll" => PolicyKind::Poll {
            interval_ms: 1000,
            timeout_ms: 1000,
        },
        "refresh_token" => PolicyKind::RefreshToken,
        "reauthorize" => PolicyKind::Reauthorize,
        "ask_user" => PolicyKind::AskUser,
        "new_request" => PolicyKind::NewRequest,
        _ => PolicyKind::Never,
    }
}

/// Whether a code's own entry decides under `response`, for a code sent with `code_status`
/// whose retry policy is of kind `kind` ([`StatusLetter::lets_entry_decide`]).
fn entry_decides(response: StatusLetter, code_status: StatusLetter, kind: &str) -> bool {
    response.lets_entry_decide(code_status, &policy_of_kind(kind))
}

/// The status rule under one response status, as the exports state it: a catalogued code's
/// entry decides when its own status is one of `code_statuses` and its retry kind one of
/// `retry_kinds`; the status's fallback decides otherwise, and for every code the catalog
/// lacks. The two lists lose nothing of [`StatusLetter::lets_entry_decide`]: every pair of
/// them decides, no other does.
///
/// One thing the rule does not say, and the exports add: an `F` with a code that inquires
/// first ([`Catalog::inquires_first`]) is read unknown, and its entry's place is taken by the
/// `A` fallback's poll and the `U` fallback's message.
///
/// ```
/// use errcat_codegen::StatusLetter;
/// use errcat_codegen::export::StatusRule;
///
/// let rule = StatusRule::of(StatusLetter::A);
/// assert_eq!(rule.code_statuses.len(), 4);
/// assert_eq!(rule.retry_kinds, ["poll"]);
/// assert_eq!(rule.condition_words(), "whose retry is `poll`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRule {
    /// The response's status.
    pub status: StatusLetter,
    /// The codes' own statuses under which their entry may decide.
    pub code_statuses: Vec<StatusLetter>,
    /// The retry kinds ([`PolicyKind::name`]) under which a code's entry may decide.
    pub retry_kinds: Vec<&'static str>,
}

impl StatusRule {
    /// The rule under `status`.
    pub fn of(status: StatusLetter) -> StatusRule {
        StatusRule {
            status,
            code_statuses: StatusLetter::ALL
                .into_iter()
                .filter(|&s| {
                    PolicyKind::NAMES
                        .iter()
                        .any(|k| entry_decides(status, s, k))
                })
                .collect(),
            retry_kinds: PolicyKind::NAMES
                .into_iter()
                .filter(|k| {
                    StatusLetter::ALL
                        .iter()
                        .any(|&s| entry_decides(status, s, k))
                })
                .collect(),
        }
    }

    /// The rules under `S`, `F`, `U` and `A`, in that order.
    pub fn all() -> Vec<StatusRule> {
        StatusLetter::ALL.into_iter().map(StatusRule::of).collect()
    }

    /// The condition in words, as the Markdown export writes it: "whose own status is `S`",
    /// "whose retry is `poll`", both joined by "and"; "whatever its status and retry" when
    /// there is no condition.
    pub fn condition_words(&self) -> String {
        let mut parts = Vec::new();
        if self.code_statuses.len() < StatusLetter::ALL.len() {
            let names: Vec<String> = self
                .code_statuses
                .iter()
                .map(|s| format!("`{}`", s.as_str()))
                .collect();
            parts.push(format!("whose own status is {}", one_of(&names)));
        }
        if self.retry_kinds.len() < PolicyKind::NAMES.len() {
            let missing: Vec<String> = PolicyKind::NAMES
                .iter()
                .filter(|k| !self.retry_kinds.contains(k))
                .map(|k| format!("`{k}`"))
                .collect();
            let present: Vec<String> = self.retry_kinds.iter().map(|k| format!("`{k}`")).collect();
            if missing.len() < present.len() {
                parts.push(format!("whose retry is not {}", one_of(&missing)));
            } else {
                parts.push(format!("whose retry is {}", one_of(&present)));
            }
        }
        if parts.is_empty() {
            "whatever its status and retry".to_owned()
        } else {
            parts.join(" and ")
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The response statuses under which a code's own entry decides, as the status rule says
/// ([`StatusLetter::lets_entry_decide`] with the code's status and resolved policy); empty
/// for a code whose policy the catalog does not have.
pub fn decides_under(catalog: &Catalog, code: &CodeDef) -> Vec<StatusLetter> {
    let Some(policy) = catalog.policies.get(code.retry) else {
        return Vec::new();
    };
    StatusLetter::ALL
        .into_iter()
        .filter(|&s| s.lets_entry_decide(code.status, &policy.kind))
        .collect()
}

/// Every locale that has a message, English first, then in order of first appearance.
fn locales(catalog: &Catalog) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for code in &catalog.codes {
        for m in &code.messages {
            if !out.contains(&m.locale.as_str()) {
                out.push(&m.locale);
            }
        }
    }
    out
}

/// The message of `messages` in exactly `locale`, or empty.
fn message_in<'a>(messages: &'a [Message], locale: &str) -> &'a str {
    messages
        .iter()
        .find(|m| m.locale == locale)
        .map_or("", |m| &m.text)
}

/// A retry policy as JSON: `kind` and its parameters in milliseconds (errcat's own
/// `Serialize` of `RetryPolicy`).
fn policy_json(kind: &PolicyKind) -> Json {
    let mut fields = vec![("kind", Json::str(kind.name()))];
    match *kind {
        PolicyKind::Backoff {
            initial_delay_ms,
            max_delay_ms,
            max_attempts,
        } => fields.extend([
            ("initial_delay_ms", Json::Num(initial_delay_ms)),
            ("max_delay_ms", Json::Num(max_delay_ms)),
            ("max_attempts", Json::Num(u64::from(max_attempts))),
        ]),
        PolicyKind::Poll {
            interval_ms,
            timeout_ms,
        } => fields.extend([
            ("interval_ms", Json::Num(interval_ms)),
            ("timeout_ms", Json::Num(timeout_ms)),
        ]),
        _ => {}
    }
    Json::obj(fields)
}

/// Messages as a JSON object keyed by locale, in the catalog's order (English first).
fn messages_json(messages: &[Message]) -> Json {
    Json::Obj(
        messages
            .iter()
            .map(|m| (m.locale.clone(), Json::str(&m.text)))
            .collect(),
    )
}

/// The fields of one code as JSON, in order: the shape of `errcat list --json`'s elements.
/// [`IncompleteCatalog`] when the code names a category or a policy `catalog` does not have.
pub(crate) fn code_fields(
    catalog: &Catalog,
    c: &CodeDef,
) -> Result<Vec<(&'static str, Json)>, IncompleteCatalog> {
    let category =
        catalog
            .categories
            .get(c.category)
            .ok_or_else(|| IncompleteCatalog::Category {
                code: c.code.clone(),
                index: c.category,
            })?;
    let policy = catalog
        .policies
        .get(c.retry)
        .ok_or_else(|| IncompleteCatalog::Policy {
            entry: format!("code {}", c.code),
            index: c.retry,
        })?;
    let mut fields = vec![
        ("code", Json::str(&c.code)),
        ("status", Json::str(c.status.as_str())),
        ("category", Json::str(&category.key)),
        ("description", Json::str(&c.description)),
        ("resolution", Json::str(&c.resolution)),
        ("retry", policy_json(&policy.kind)),
        ("messages", messages_json(&c.messages)),
    ];
    if !c.aliases.is_empty() {
        let aliases = c.aliases.iter().map(|a| Json::str(a)).collect();
        fields.push(("aliases", Json::Arr(aliases)));
    }
    for (name, value) in [
        ("deprecated", &c.deprecated),
        ("retired", &c.retired),
        ("since", &c.since),
        ("source", &c.source),
    ] {
        if let Some(value) = value {
            fields.push((name, Json::str(value)));
        }
    }
    Ok(fields)
}

/// One code of `catalog` as [`json`] writes it under `codes`: `code`, `status`, `category`,
/// `description`, `resolution`, `retry`, `messages`, then `aliases`, `deprecated`, `retired`,
/// `since` and `source` where the entry gives them (what `errcat explain --json` prints).
/// Pretty-printed, with a final newline. [`IncompleteCatalog`] when the code names a category
/// or a policy `catalog` does not have (a code of another catalog).
///
/// ```
/// use errcat_codegen::export;
///
/// # let source = include_str!("example.toml");
/// let catalog = errcat_codegen::check_str("codes.toml", source).unwrap();
/// let text = export::code_json(&catalog, &catalog.codes[0])?;
/// assert!(text.starts_with("{\n  \"code\": \"SUCCESS\",\n  \"status\": \"S\",\n"));
/// let some = export::codes_json(&catalog, &catalog.codes[..2])?;
/// assert!(some.starts_with("[\n  {\n    \"code\": \"SUCCESS\","));
/// # Ok::<(), errcat_codegen::IncompleteCatalog>(())
/// ```
pub fn code_json(catalog: &Catalog, code: &CodeDef) -> Result<String, IncompleteCatalog> {
    Ok(Json::obj(code_fields(catalog, code)?).pretty())
}

/// Codes of `catalog`, in the order given, as a JSON array of [`code_json`]'s objects (what
/// `errcat list --json` prints). Pretty-printed, with a final newline.
pub fn codes_json<'a>(
    catalog: &Catalog,
    codes: impl IntoIterator<Item = &'a CodeDef>,
) -> Result<String, IncompleteCatalog> {
    let records = codes
        .into_iter()
        .map(|c| code_fields(catalog, c).map(Json::obj));
    Ok(Json::Arr(records.collect::<Result<_, _>>()?).pretty())
}

/// `errcat export --format json`: an object with `codes` (one object per code, in catalog
/// order: `code`, `status`, `category`, `description`, `resolution`, `retry` (`kind` and its
/// parameters in milliseconds), `messages` (keyed by locale, English first), then `aliases`,
/// `deprecated`, `retired`, `since` and `source` where the entry gives them) and `statuses`
/// (per status `S`, `F`, `U`, `A`: `entry_decides_when`, the [`StatusRule`] as
/// `code_status` and `retry_kind` lists, and its `fallback`: `description`, `resolution`,
/// `retry`, `messages`). Pretty-printed, with a final newline.
pub fn json(catalog: &Catalog) -> Result<String, IncompleteCatalog> {
    catalog.check_complete()?;
    let statuses = catalog
        .fallbacks
        .iter()
        .map(|f| {
            let rule = StatusRule::of(f.status);
            let letters = rule.code_statuses.iter().map(|s| Json::str(s.as_str()));
            let kinds = rule.retry_kinds.iter().map(|k| Json::str(k));
            Json::obj([
                ("status", Json::str(f.status.as_str())),
                (
                    "entry_decides_when",
                    Json::obj([
                        ("code_status", Json::Arr(letters.collect())),
                        ("retry_kind", Json::Arr(kinds.collect())),
                    ]),
                ),
                (
                    "fallback",
                    Json::obj([
                        ("description", Json::str(&f.description)),
                        ("resolution", Json::str(&f.resolution)),
                        ("retry", policy_json(&catalog.policy(f.retry).kind)),
                        ("messages", messages_json(&f.messages)),
                    ]),
                ),
            ])
        })
        .collect();
    let codes = catalog
        .codes
        .iter()
        .map(|c| code_fields(catalog, c).map(Json::obj));
    Ok(Json::obj([
        ("codes", Json::Arr(codes.collect::<Result<_, _>>()?)),
        ("statuses", Json::Arr(statuses)),
    ])
    .pretty())
}

/// `S`, `F U`: statuses as letters.
fn letters(statuses: &[StatusLetter]) -> String {
    let letters: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    letters.join(" ")
}

/// Text for a Markdown table cell: `|` escaped, line breaks as spaces. Nothing else is
/// escaped, so codes and prose read as written.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A Markdown table row.
fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// The header and rule of a Markdown table.
fn header(names: &[String]) -> String {
    let rule: Vec<String> = names.iter().map(|_| "---".to_owned()).collect();
    format!("{}{}", row(names), row(&rule))
}

/// `errcat export --format markdown`: a reference page, one section per category with every
/// code as a table row (status, description, resolution, retry, the statuses under which the
/// entry decides, one message column per locale), then what statuses mean for codes outside
/// the catalog: the status rule and the fallbacks.
pub fn markdown(catalog: &Catalog) -> Result<String, IncompleteCatalog> {
    catalog.check_complete()?;
    let locales = locales(catalog);
    let message_headers: Vec<String> = locales.iter().map(|l| format!("Message ({l})")).collect();
    let category_of = |c: &CodeDef| &catalog.categories[c.category].key;
    let mut out = String::new();
    out.push_str("# Result codes\n\n");
    out.push_str(
        "<!-- Generated from codes.toml by `errcat export --format markdown`; do not edit. -->\n\n",
    );
    out.push_str("Every platform response carries `result.resultStatus`: ");
    let legend: Vec<String> = StatusLetter::ALL
        .iter()
        .map(|&s| format!("`{}` ({})", s.as_str(), s.word()))
        .collect();
    out.push_str(&legend.join(", "));
    out.push_str(
        ". The **Status** column is the status the platform sends with each code; **Retry** is \
         what the caller does next, and the messages are what the end user is shown.\n\n",
    );
    out.push_str(&format!(
        "{} codes in {} categories:\n\n",
        catalog.codes.len(),
        catalog.categories.len()
    ));
    for category in &catalog.categories {
        let count = catalog
            .codes
            .iter()
            .filter(|&c| *category_of(c) == category.key)
            .count();
        out.push_str(&format!(
            "- [{}](#{}) ({count})\n",
            category.title,
            anchor(&category.title)
        ));
    }
    let fallback_title = "Codes outside the catalog";
    out.push_str(&format!(
        "- [{fallback_title}](#{})\n",
        anchor(fallback_title)
    ));
    let mut names: Vec<String> = [
        "Code",
        "Status",
        "Description",
        "Resolution",
        "Retry",
        "Decides under",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    names.extend(message_headers.iter().cloned());
    for category in &catalog.categories {
        out.push_str(&format!("\n## {}\n\n", category.title));
        out.push_str(&format!(
            "Key `{}`. Codes without a retry policy of their own: {}.\n\n",
            category.key,
            catalog.policy(category.retry).kind
        ));
        let codes: Vec<&CodeDef> = catalog
            .codes
            .iter()
            .filter(|&c| *category_of(c) == category.key)
            .collect();
        if codes.is_empty() {
            out.push_str("No codes.\n");
            continue;
        }
        out.push_str(&header(&names));
        let mut notes: Vec<String> = Vec::new();
        for &code in &codes {
            let name = format!("`{}`", code.code);
            let mut provenance = Vec::new();
            if !code.aliases.is_empty() {
                let aliases: Vec<String> = code.aliases.iter().map(|a| format!("`{a}`")).collect();
                provenance.push(format!("also sent as {}", aliases.join(", ")));
            }
            let mut description = cell(&code.description);
            if let Some(retired) = &code.retired {
                description = format!("**Retired** ({}). {description}", cell(retired));
            }
            if let Some(deprecated) = &code.deprecated {
                description = format!("**Deprecated** ({}). {description}", cell(deprecated));
            }
            if let Some(since) = &code.since {
                provenance.push(format!("since {}", cell(since)));
            }
            if let Some(source) = &code.source {
                provenance.push(format!("source: {}", cell(source)));
            }
            if !provenance.is_empty() {
                notes.push(format!("- `{}`: {}\n", code.code, provenance.join("; ")));
            }
            let mut cells = vec![
                name,
                format!("`{}`", code.status.as_str()),
                description,
                cell(&code.resolution),
                cell(&catalog.policy(code.retry).kind.to_string()),
                decides_under(catalog, code)
                    .iter()
                    .map(|s| format!("`{}`", s.as_str()))
                    .collect::<Vec<_>>()
                    .join(" "),
            ];
            cells.extend(locales.iter().map(|l| cell(message_in(&code.messages, l))));
            out.push_str(&row(&cells));
        }
        if !notes.is_empty() {
            out.push_str("\nAliases, and where the entries come from:\n\n");
            out.push_str(&notes.concat());
        }
    }
    out.push_str(&format!("\n## {fallback_title}\n\n"));
    out.push_str(
        "A response's status wins over its code. Under each status, a catalogued code's own \
         entry decides (its retry and messages) only where the status agrees with it; \
         everywhere else the status's fallback decides, and it answers every code the catalog \
         does not know. A catalogued code keeps its description and resolution either way. \
         The **Decides under** column above applies this rule to each code.\n\n",
    );
    let inquiring: Vec<String> = catalog
        .codes
        .iter()
        .filter(|c| catalog.inquires_first(c))
        .map(|code| format!("`{}`", code.code))
        .collect();
    if !inquiring.is_empty() {
        out.push_str(&format!(
            "Under `F`, a code that inquires first ({}) says the order may already be paid or \
             closed: the answer is unknown, the old request id is inquired (the `A` fallback's \
             retry) and the person paying sees the `U` fallback's message.\n\n",
            one_of(&inquiring)
        ));
    }
    out.push_str(&header(&[
        "Status".to_owned(),
        "The code's own entry decides for".to_owned(),
        "Otherwise".to_owned(),
    ]));
    for rule in StatusRule::all() {
        let s = rule.status;
        out.push_str(&row(&[
            format!("`{}` ({})", s.as_str(), s.word()),
            format!("a catalogued code {}", rule.condition_words()),
            format!("the `{}` fallback", s.as_str()),
        ]));
    }
    out.push_str("\nThe fallbacks:\n\n");
    let mut names: Vec<String> = ["Status", "Description", "Resolution", "Retry"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    names.extend(message_headers);
    out.push_str(&header(&names));
    for f in &catalog.fallbacks {
        let mut cells = vec![
            format!("`{}`", f.status.as_str()),
            cell(&f.description),
            cell(&f.resolution),
            cell(&catalog.policy(f.retry).kind.to_string()),
        ];
        cells.extend(locales.iter().map(|l| cell(message_in(&f.messages, l))));
        out.push_str(&row(&cells));
    }
    Ok(out)
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The policy's parameters as CSV fields: `initial_delay_ms`, `max_delay_ms`, `max_attempts`,
/// `interval_ms`, `timeout_ms`, empty where the kind has none.
fn policy_fields(kind: &PolicyKind) -> [String; 5] {
    match *kind {
        PolicyKind::Backoff {
            initial_delay_ms,
            max_delay_ms,
            max_attempts,
        } => [
            initial_delay_ms.to_string(),
            max_delay_ms.to_string(),
            max_attempts.to_string(),
            String::new(),
            String::new(),
        ],
        PolicyKind::Poll {
            interval_ms,
            timeout_ms,
        } => [
            String::new(),
            String::new(),
            String::new(),
            interval_ms.to_string(),
            timeout_ms.to_string(),
        ],
        _ => Default::default(),
    }
}

/// One CSV row of an entry: a code's (`code` and `category` set) or a fallback's (both empty).
struct CsvRow<'a> {
    code: &'a str,
    status: StatusLetter,
    category: &'a str,
    description: &'a str,
    resolution: &'a str,
    retry: &'a PolicyKind,
    messages: &'a [Message],
    decides_under: String,
    /// The code's aliases, deprecation, retirement, since and source; empty for a fallback.
    lineage: [String; 5],
}

/// A code's `aliases` (space-separated), `deprecated`, `retired`, `since` and `source`, as
/// CSV fields (empty where the entry sets none).
fn lineage_fields(code: &CodeDef) -> [String; 5] {
    [
        code.aliases.join(" "),
        code.deprecated.clone().unwrap_or_default(),
        code.retired.clone().unwrap_or_default(),
        code.since.clone().unwrap_or_default(),
        code.source.clone().unwrap_or_default(),
    ]
}

impl CsvRow<'_> {
    fn line(&self, locales: &[&str]) -> String {
        let mut fields = vec![
            self.code.to_owned(),
            self.status.as_str().to_owned(),
            self.category.to_owned(),
            self.description.to_owned(),
            self.resolution.to_owned(),
            self.retry.name().to_owned(),
        ];
        fields.extend(policy_fields(self.retry));
        fields.extend(
            locales
                .iter()
                .map(|l| message_in(self.messages, l).to_owned()),
        );
        fields.push(self.decides_under.clone());
        fields.extend(self.lineage.iter().cloned());
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        line.join(",") + "\n"
    }
}

/// `errcat export --format csv`: a header row, one row per code, then one row per status's
/// fallback (`code` and `category` empty). The policy's parameters are in their own columns
/// (empty where the kind has none), one message column per locale, and last
/// `entry_decides_under`: the statuses (`F U`) under which the code's own entry decides, empty
/// for a fallback row (the fallback decides under its status for everything else); then
/// `aliases` (space-separated), `deprecated`, `retired`, `since` and `source`, empty where the
/// entry sets none.
pub fn csv(catalog: &Catalog) -> Result<String, IncompleteCatalog> {
    catalog.check_complete()?;
    let locales = locales(catalog);
    let mut names: Vec<String> = [
        "code",
        "status",
        "category",
        "description",
        "resolution",
        "retry_kind",
        "initial_delay_ms",
        "max_delay_ms",
        "max_attempts",
        "interval_ms",
        "timeout_ms",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    names.extend(locales.iter().map(|l| format!("message_{l}")));
    names.push("entry_decides_under".to_owned());
    names.extend(["aliases", "deprecated", "retired", "since", "source"].map(str::to_owned));
    let mut out = String::new();
    let line: Vec<String> = names.iter().map(|n| csv_field(n)).collect();
    out.push_str(&line.join(","));
    out.push('\n');
    for code in &catalog.codes {
        let row = CsvRow {
            code: &code.code,
            status: code.status,
            category: &catalog.categories[code.category].key,
            description: &code.description,
            resolution: &code.resolution,
            retry: &catalog.policy(code.retry).kind,
            messages: &code.messages,
            decides_under: letters(&decides_under(catalog, code)),
            lineage: lineage_fields(code),
        };
        out.push_str(&row.line(&locales));
    }
    for f in &catalog.fallbacks {
        let row = CsvRow {
            code: "",
            status: f.status,
            category: "",
            description: &f.description,
            resolution: &f.resolution,
            retry: &catalog.policy(f.retry).kind,
            messages: &f.messages,
            decides_under: String::new(),
            lineage: Default::default(),
        };
        out.push_str(&row.line(&locales));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example catalog of the docs.
    fn builtin() -> Catalog {
        crate::check_str("example.toml", include_str!("example.toml")).unwrap()
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(anchor("Cats & Dogs"), "cats--dogs");
        assert_eq!(anchor("Two Words (2)"), "two-words-2");
    }

    #[test]
    fn cells_and_fields_escape_only_what_breaks_them() {
        assert_eq!(cell("a|b_c\nd"), "a\\|b_c d");
        assert_eq!(csv_field("plain_text"), "plain_text");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }

    #[test]
    fn english_comes_first() {
        assert_eq!(locales(&builtin()).first(), Some(&"en"));
    }

    #[test]
    fn the_rule_is_a_product_of_statuses_and_kinds() {
        // Stating it as two lists loses nothing: every pair of the lists decides, no other does.
        for rule in StatusRule::all() {
            for s in StatusLetter::ALL {
                for k in PolicyKind::NAMES {
                    assert_eq!(
                        entry_decides(rule.status, s, k),
                        rule.code_statuses.contains(&s) && rule.retry_kinds.contains(&k),
                        "{} {s} {k}",
                        rule.status
                    );
                }
            }
        }
    }

    #[test]
    fn the_rule_in_words() {
        let words: Vec<String> = StatusRule::all()
            .iter()
            .map(StatusRule::condition_words)
            .collect();
        assert_eq!(
            words,
            [
                "whose own status is `S`",
                "whose own status is `F`, `U` or `A` and whose retry is not `poll`",
                "whose retry is `backoff`, `poll` or `refresh_token`",
                "whose retry is `poll`",
            ]
        );
        assert_eq!(one_of(&[]), "");
    }

    #[test]
    fn every_kind_has_a_policy_here() {
        for kind in PolicyKind::NAMES {
            assert_eq!(policy_of_kind(kind).name(), kind);
        }
    }

    #[test]
    fn an_incomplete_catalog_is_an_error_in_every_format() {
        let mut catalog = builtin();
        catalog.codes[0].category = catalog.categories.len();
        let expected = Err(IncompleteCatalog::Category {
            code: catalog.codes[0].code.clone(),
            index: catalog.categories.len(),
        });
        assert_eq!(json(&catalog).map(|_| ()), expected);
        assert_eq!(markdown(&catalog).map(|_| ()), expected);
        assert_eq!(csv(&catalog).map(|_| ()), expected);
        assert_eq!(typescript(&catalog, "x").map(|_| ()), expected);
        assert_eq!(javascript(&catalog, "x").map(|_| ()), expected);
    }
}
