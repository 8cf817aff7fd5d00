//! `errcat export`: the catalog as JSON, Markdown or CSV, every value from the library; each
//! format also gives the four status fallbacks and the status rule (who decides under each
//! status), so a reader knows what happens to a code the catalog lacks.

use errcat::{RetryPolicy, Status};
use serde::Serialize;

use crate::model::{Entry, Model};
use crate::record::{Messages, Record, millis, to_json};
use crate::rule::{StatusRule, decides_under, one_of};
use crate::words::{policy_cell, status_word};

/// Every locale that has a message, English first, then in order of first appearance.
fn locales(model: &Model) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for code in model.codes() {
        for (locale, _) in code.messages() {
            if !out.contains(&locale) {
                out.push(locale);
            }
        }
    }
    out
}

/// The message of `messages` in exactly `locale`, or empty.
fn message_in<'a>(messages: &[(&'a str, &'a str)], locale: &str) -> &'a str {
    messages
        .iter()
        .find(|(l, _)| *l == locale)
        .map_or("", |(_, m)| m)
}

/// `export --format json`: the codes, then what each status does.
#[derive(Serialize)]
struct Export<'a> {
    /// Every code's record, in catalog order (the shape of `list --json`).
    codes: Vec<Record<'a>>,
    /// The rule and fallback of each status, `S`, `F`, `U`, `A`.
    statuses: Vec<StatusExport<'a>>,
}

/// One status in `export --format json`.
#[derive(Serialize)]
struct StatusExport<'a> {
    /// The response's status letter.
    status: &'static str,
    /// When a catalogued code's own entry decides under this status.
    entry_decides_when: Condition,
    /// What decides otherwise, and for any code the catalog lacks.
    fallback: Fallback<'a>,
}

/// The condition of the status rule: both lists hold.
#[derive(Serialize)]
struct Condition {
    /// The code's own status is one of these.
    code_status: Vec<&'static str>,
    /// The code's retry kind is one of these.
    retry_kind: Vec<&'static str>,
}

/// A status's fallback: the fields of a record that are not the code's.
#[derive(Serialize)]
struct Fallback<'a> {
    description: &'a str,
    resolution: &'a str,
    retry: RetryPolicy,
    messages: Messages<'a>,
}

/// `errcat export --format json`: an object with `codes` (an array of [`Record`]s, in catalog
/// order) and `statuses` (each status's rule and fallback).
pub fn json(model: &Model) -> String {
    let statuses = StatusRule::all()
        .into_iter()
        .map(|rule| {
            let c = model.fallback_row(rule.status);
            StatusExport {
                status: rule.status.as_str(),
                entry_decides_when: Condition {
                    code_status: rule.code_statuses.iter().map(|s| s.as_str()).collect(),
                    retry_kind: rule.retry_kinds.clone(),
                },
                fallback: Fallback {
                    description: c.description,
                    resolution: c.resolution,
                    retry: c.retry,
                    messages: Messages(c.messages.to_vec()),
                },
            }
        })
        .collect();
    to_json(&Export {
        codes: model.codes().map(Record::from_code).collect(),
        statuses,
    })
}

/// `S`, `F U`: statuses as letters.
fn letters(statuses: &[Status]) -> String {
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
/// code as a table row, then what statuses mean for codes outside the catalog.
pub fn markdown(model: &Model) -> String {
    let locales = locales(model);
    let message_headers: Vec<String> = locales.iter().map(|l| format!("Message ({l})")).collect();
    let mut out = String::new();
    out.push_str("# Result codes\n\n");
    out.push_str(
        "<!-- Generated from codes.toml by `errcat export --format markdown`; do not edit. -->\n\n",
    );
    out.push_str("Every platform response carries `result.resultStatus`: ");
    let legend: Vec<String> = Status::ALL
        .iter()
        .map(|&s| format!("`{}` ({})", s.as_str(), status_word(s)))
        .collect();
    out.push_str(&legend.join(", "));
    out.push_str(
        ". The **Status** column is the status the platform sends with each code; **Retry** is \
         what the caller does next, and the messages are what the end user is shown.\n\n",
    );
    out.push_str(&format!(
        "{} codes in {} categories:\n\n",
        model.codes().len(),
        model.categories().len()
    ));
    for category in model.categories() {
        let count = model
            .codes()
            .filter(|c| c.category().key == category.key)
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
    for category in model.categories() {
        out.push_str(&format!("\n## {}\n\n", category.title));
        out.push_str(&format!(
            "Key `{}`. Codes without a retry policy of their own: {}.\n\n",
            category.key,
            policy_cell(model.policy(category.retry))
        ));
        let codes: Vec<Entry<'_>> = model
            .codes()
            .filter(|c| c.category().key == category.key)
            .collect();
        if codes.is_empty() {
            out.push_str("No codes.\n");
            continue;
        }
        out.push_str(&header(&names));
        let mut notes: Vec<String> = Vec::new();
        for &code in &codes {
            let name = format!("`{}`", code.as_str());
            let mut provenance = Vec::new();
            if !code.aliases().is_empty() {
                let aliases: Vec<String> =
                    code.aliases().iter().map(|a| format!("`{a}`")).collect();
                provenance.push(format!("also sent as {}", aliases.join(", ")));
            }
            let mut description = cell(code.description());
            if let Some(retired) = code.retired() {
                description = format!("**Retired** ({}). {description}", cell(retired));
            }
            if let Some(deprecated) = code.deprecated() {
                description = format!("**Deprecated** ({}). {description}", cell(deprecated));
            }
            if let Some(since) = code.since() {
                provenance.push(format!("since {}", cell(since)));
            }
            if let Some(source) = code.source() {
                provenance.push(format!("source: {}", cell(source)));
            }
            if !provenance.is_empty() {
                notes.push(format!(
                    "- `{}`: {}\n",
                    code.as_str(),
                    provenance.join("; ")
                ));
            }
            let mut cells = vec![
                name,
                format!("`{}`", code.status().as_str()),
                description,
                cell(code.resolution()),
                cell(&policy_cell(code.retry())),
                decides_under(code)
                    .iter()
                    .map(|s| format!("`{}`", s.as_str()))
                    .collect::<Vec<_>>()
                    .join(" "),
            ];
            let messages = code.messages();
            cells.extend(locales.iter().map(|l| cell(message_in(&messages, l))));
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
    let inquiring: Vec<String> = model
        .codes()
        .filter(Entry::inquires_first)
        .map(|code| format!("`{}`", code.as_str()))
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
            format!("`{}` ({})", s.as_str(), status_word(s)),
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
    for &status in &Status::ALL {
        let c = model.fallback_row(status);
        let mut cells = vec![
            format!("`{}`", status.as_str()),
            cell(c.description),
            cell(c.resolution),
            cell(&policy_cell(c.retry)),
        ];
        cells.extend(locales.iter().map(|l| cell(message_in(c.messages, l))));
        out.push_str(&row(&cells));
    }
    out
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
fn policy_fields(policy: RetryPolicy) -> [String; 5] {
    match policy {
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => [
            millis(initial_delay).to_string(),
            millis(max_delay).to_string(),
            max_attempts.to_string(),
            String::new(),
            String::new(),
        ],
        RetryPolicy::Poll { interval, timeout } => [
            String::new(),
            String::new(),
            String::new(),
            millis(interval).to_string(),
            millis(timeout).to_string(),
        ],
        _ => Default::default(),
    }
}

/// One CSV row of an entry: a code's (`code` and `category` set) or a fallback's (both empty).
struct CsvRow<'a> {
    code: &'a str,
    status: Status,
    category: &'a str,
    description: &'a str,
    resolution: &'a str,
    retry: RetryPolicy,
    messages: Vec<(&'a str, &'a str)>,
    decides_under: String,
    /// The code's aliases, deprecation, retirement, since and source; empty for a fallback.
    lineage: [String; 5],
}

/// A code's `aliases` (space-separated), `deprecated`, `retired`, `since` and `source`, as
/// CSV fields (empty where the entry sets none).
fn lineage_fields(code: Entry<'_>) -> [String; 5] {
    [
        code.aliases().join(" "),
        code.deprecated().unwrap_or_default().to_owned(),
        code.retired().unwrap_or_default().to_owned(),
        code.since().unwrap_or_default().to_owned(),
        code.source().unwrap_or_default().to_owned(),
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
            self.retry.kind().to_owned(),
        ];
        fields.extend(policy_fields(self.retry));
        fields.extend(
            locales
                .iter()
                .map(|l| message_in(&self.messages, l).to_owned()),
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
pub fn csv(model: &Model) -> String {
    let locales = locales(model);
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
    for code in model.codes() {
        let row = CsvRow {
            code: code.as_str(),
            status: code.status(),
            category: &code.category().key,
            description: code.description(),
            resolution: code.resolution(),
            retry: code.retry(),
            messages: code.messages(),
            decides_under: letters(&decides_under(code)),
            lineage: lineage_fields(code),
        };
        out.push_str(&row.line(&locales));
    }
    for status in Status::ALL {
        let c = model.fallback_row(status);
        let row = CsvRow {
            code: "",
            status,
            category: "",
            description: c.description,
            resolution: c.resolution,
            retry: c.retry,
            messages: c.messages.to_vec(),
            decides_under: String::new(),
            lineage: Default::default(),
        };
        out.push_str(&row.line(&locales));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let model = Model::builtin().unwrap();
        assert_eq!(locales(&model).first(), Some(&"en"));
    }
}
