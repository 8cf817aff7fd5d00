//! `errcat export`: the catalog as JSON, Markdown or CSV, every value from the library.

use errcat::{Category, Code, RetryPolicy, Status, classify_result};

use crate::record::{Record, millis, to_json};
use crate::words::{policy_cell, status_word};

/// Every locale that has a message, English first, then in order of first appearance.
fn locales() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for &code in Code::ALL {
        for &(locale, _) in code.messages() {
            if !out.contains(&locale) {
                out.push(locale);
            }
        }
    }
    out
}

/// The message of `messages` in exactly `locale`, or empty.
fn message_in(messages: &[(&'static str, &'static str)], locale: &str) -> &'static str {
    messages
        .iter()
        .find(|(l, _)| *l == locale)
        .map_or("", |(_, m)| m)
}

/// `errcat export --format json`: an array of [`Record`]s, in catalog order.
pub fn json() -> String {
    let records: Vec<Record> = Code::ALL.iter().map(|&c| Record::from_code(c)).collect();
    to_json(&records)
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
pub fn markdown() -> String {
    let locales = locales();
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
        Code::ALL.len(),
        Category::ALL.len()
    ));
    for &category in Category::ALL {
        let count = Code::ALL
            .iter()
            .filter(|c| c.category() == category)
            .count();
        out.push_str(&format!(
            "- [{}](#{}) ({count})\n",
            category.title(),
            anchor(category.title())
        ));
    }
    let fallback_title = "Codes outside the catalog";
    out.push_str(&format!(
        "- [{fallback_title}](#{})\n",
        anchor(fallback_title)
    ));
    let mut names: Vec<String> = ["Code", "Status", "Description", "Resolution", "Retry"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    names.extend(message_headers.iter().cloned());
    for &category in Category::ALL {
        out.push_str(&format!("\n## {}\n\n", category.title()));
        out.push_str(&format!(
            "Key `{}`. Codes without a retry policy of their own: {}.\n\n",
            category.as_str(),
            policy_cell(category.retry())
        ));
        let codes: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.category() == category)
            .collect();
        if codes.is_empty() {
            out.push_str("No codes.\n");
            continue;
        }
        out.push_str(&header(&names));
        for code in codes {
            let mut cells = vec![
                format!("`{}`", code.as_str()),
                format!("`{}`", code.status().as_str()),
                cell(code.description()),
                cell(code.resolution()),
                cell(&policy_cell(code.retry())),
            ];
            cells.extend(locales.iter().map(|l| cell(message_in(code.messages(), l))));
            out.push_str(&row(&cells));
        }
    }
    out.push_str(&format!("\n## {fallback_title}\n\n"));
    out.push_str(
        "A code the catalog does not know is answered by its status. The same answer applies \
         where a response's status overrides a catalogued code's entry (a `U` result with a code \
         whose entry would stop, say).\n\n",
    );
    let mut names: Vec<String> = ["Status", "Description", "Resolution", "Retry"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    names.extend(message_headers);
    out.push_str(&header(&names));
    for &status in &Status::ALL {
        // The empty string is never a catalogued code: this is the status's fallback.
        let c = classify_result(status, "");
        let mut cells = vec![
            format!("`{}`", status.as_str()),
            cell(c.description()),
            cell(c.resolution()),
            cell(&policy_cell(c.retry())),
        ];
        cells.extend(locales.iter().map(|l| cell(message_in(c.messages(), l))));
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

/// `errcat export --format csv`: a header row, then one row per code; the policy's parameters
/// in their own columns (empty where the kind has none), one message column per locale.
pub fn csv() -> String {
    let locales = locales();
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
    let mut out = String::new();
    let line: Vec<String> = names.iter().map(|n| csv_field(n)).collect();
    out.push_str(&line.join(","));
    out.push('\n');
    for &code in Code::ALL {
        let policy = code.retry();
        let (initial, max, attempts, interval, timeout) = match policy {
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                max_attempts,
            } => (
                millis(initial_delay).to_string(),
                millis(max_delay).to_string(),
                max_attempts.to_string(),
                String::new(),
                String::new(),
            ),
            RetryPolicy::Poll { interval, timeout } => (
                String::new(),
                String::new(),
                String::new(),
                millis(interval).to_string(),
                millis(timeout).to_string(),
            ),
            _ => Default::default(),
        };
        let mut fields = vec![
            code.as_str().to_owned(),
            code.status().as_str().to_owned(),
            code.category().as_str().to_owned(),
            code.description().to_owned(),
            code.resolution().to_owned(),
            policy.kind().to_owned(),
            initial,
            max,
            attempts,
            interval,
            timeout,
        ];
        fields.extend(
            locales
                .iter()
                .map(|l| message_in(code.messages(), l).to_owned()),
        );
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
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
        assert_eq!(locales().first(), Some(&"en"));
    }
}
