//! `errcat check` and `errcat export`.

use std::path::PathBuf;

use crate::common::{
    assert_code_record, assert_messages, assert_retry, catalog_path, code, errcat, repo_root, run,
    run_json, stderr, stdout,
};
use errcat::{Category, Code, State, Status, classify_result};
use serde_json::Value;

#[test]
fn check_accepts_the_real_catalog() {
    let path = catalog_path();
    let output = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains(": ok: "), "{text}");
    assert!(
        text.contains(&format!("{} codes", Code::ALL.len())),
        "{text}"
    );
}

#[test]
fn check_defaults_to_codes_toml_in_the_current_directory() {
    let output = errcat()
        .arg("check")
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("codes.toml: ok: "));
}

/// A copy of the catalog with the status of INSUFFICIENT_BALANCE set to `Q`; returns the
/// path and the 1-based line and column of the bad value.
fn broken_catalog() -> (PathBuf, usize, usize) {
    let source = std::fs::read_to_string(catalog_path()).unwrap();
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let table = format!("[codes.{}]", Code::InsufficientBalance.as_str());
    let start = lines
        .iter()
        .position(|l| l.trim() == table)
        .expect("the code's table");
    let offset = lines[start..]
        .iter()
        .position(|l| l.trim_start().starts_with("status"))
        .expect("its status");
    let index = start + offset;
    lines[index] = "status = \"Q\"".to_owned();
    let column = lines[index].find('"').unwrap() + 1;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-broken");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("codes.toml");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    (path, index + 1, column)
}

#[test]
fn check_reports_a_bad_status_with_its_position() {
    let (path, line, column) = broken_catalog();
    let shown = path.to_str().unwrap();
    let output = run(&["check", shown]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    let prefix = format!("{shown}:{line}:{column}: ");
    assert!(err.starts_with(&prefix), "expected {prefix:?} in {err}");
    assert!(err.contains("\"Q\""), "{err}");
    // The same lines as the build's validator.
    let report = errcat_codegen::check_file(&path).unwrap_err();
    assert_eq!(err, report.lines().join("\n") + "\n");
}

/// The one rule for every catalog (issue 20), standalone here: a `U` code that says `never`,
/// and an `F` code whose message is the `U` fallback's text, each at the code's line.
#[test]
fn check_rejects_a_u_code_that_stops_and_a_final_code_that_says_still_confirming() {
    let mut text = String::from(
        "[policies.never]\nkind = \"never\"\n[policies.backoff]\nkind = \"backoff\"\n\
         initial_delay_ms = 100\nmax_delay_ms = 800\nmax_attempts = 3\n[policies.poll]\n\
         kind = \"poll\"\ninterval_ms = 100\ntimeout_ms = 1000\n\
         [categories.system]\ntitle = \"System\"\nretry = \"never\"\n",
    );
    for (status, retry, message) in [
        ("S", "never", "Done."),
        ("F", "never", "Failed."),
        ("U", "backoff", "Still confirming."),
        ("A", "poll", "Accepted."),
    ] {
        text.push_str(&format!(
            "[fallback.{status}]\nretry = \"{retry}\"\ndescription = \"d\"\nresolution = \"r\"\n\
             message.en = \"{message}\"\n"
        ));
    }
    let u_line = text.lines().count() + 1;
    text.push_str(
        "[codes.ODD_U]\nstatus = \"U\"\ncategory = \"system\"\nretry = \"never\"\n\
         description = \"d\"\nresolution = \"r\"\nmessage.en = \"Odd.\"\n",
    );
    let f_line = text.lines().count() + 1;
    text.push_str(
        "[codes.ODD_F]\nstatus = \"F\"\ncategory = \"system\"\n\
         description = \"d\"\nresolution = \"r\"\nmessage.en = \"Still confirming.\"\n",
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-one-rule");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("codes.toml");
    std::fs::write(&path, &text).unwrap();
    let shown = path.to_str().unwrap();
    let output = run(&["check", shown]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with(&format!("{shown}:{u_line}:")), "{err}");
    assert!(
        lines[0].contains("\"ODD_U\"") && lines[0].contains("must keep asking"),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("{shown}:{}:", f_line + 5)),
        "{err}"
    );
    assert!(
        lines[1].contains("\"ODD_F\"") && lines[1].contains("\"U\" fallback"),
        "{err}"
    );
}

#[test]
fn check_reports_a_missing_file() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/codes.toml");
    let output = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("cannot read the catalog"));
}

/// Whether the library reads the entry of `c` under `status`: the entry decides, or (under
/// `F`) it says to inquire first, the one way an operation's own `F` reads unknown (the `A`
/// fallback's poll and the `U` fallback's message then answer).
fn entry_read(status: Status, c: Code) -> bool {
    let decision = classify_result(status, c.as_str());
    decision.decided_by_code() || (status == Status::Failed && decision.state() == State::Unknown)
}

/// The statuses under which a code's own entry decides, from the library.
fn decides_under(c: Code) -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|&s| entry_read(s, c))
        .collect()
}

#[test]
fn json_export_contains_every_code() {
    let value = run_json(&["export", "--format", "json"]);
    let records = value["codes"].as_array().expect("an array of codes");
    assert_eq!(records.len(), Code::ALL.len());
    for (record, &c) in records.iter().zip(Code::ALL) {
        assert_code_record(record, c);
    }
    // The default format is JSON.
    assert_eq!(run_json(&["export"]), value);
}

#[test]
fn json_export_states_the_status_rule_and_the_fallbacks() {
    let value = run_json(&["export", "--format", "json"]);
    let statuses = value["statuses"].as_array().expect("an array of statuses");
    assert_eq!(statuses.len(), Status::ALL.len());
    for (entry, status) in statuses.iter().zip(Status::ALL) {
        assert_eq!(entry["status"], status.as_str());
        // The fallback is what a code the catalog lacks gets under this status.
        let c = classify_result(status, "NOT_A_CATALOGUED_CODE");
        let what = format!("fallback {status}");
        assert_eq!(entry["fallback"]["description"], c.description(), "{what}");
        assert_eq!(entry["fallback"]["resolution"], c.resolution(), "{what}");
        assert_retry(&entry["fallback"]["retry"], c.retry(), &what);
        assert_messages(&entry["fallback"]["messages"], c.messages(), &what);
        // The rule as data says, for every code, what the library does.
        let listed = |key: &str, item: &str| {
            entry["entry_decides_when"][key]
                .as_array()
                .unwrap_or_else(|| panic!("{key}: {entry}"))
                .contains(&Value::from(item))
        };
        for &code in Code::ALL {
            let stated = listed("code_status", code.status().as_str())
                && listed("retry_kind", code.retry().kind());
            assert_eq!(stated, entry_read(status, code), "{code} under {status}");
        }
    }
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[test]
fn markdown_export_has_a_section_per_category_and_every_code() {
    let output = run(&["export", "--format", "markdown"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(!text.contains("\\_"), "no escaped underscores");
    for &category in Category::ALL {
        assert!(
            text.lines()
                .any(|l| l == format!("## {}", category.title())),
            "section {category}"
        );
    }
    for &c in Code::ALL {
        let prefix = format!("| `{}` |", c.as_str());
        let row = text
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{c} has no row"));
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells[1], format!("`{}`", c.status().as_str()), "{row}");
        assert_eq!(cells[2], markdown_cell(c.description()), "{row}");
        assert_eq!(cells[3], markdown_cell(c.resolution()), "{row}");
        let under: Vec<String> = decides_under(c)
            .iter()
            .map(|s| format!("`{}`", s.as_str()))
            .collect();
        assert_eq!(cells[5], under.join(" "), "{row}");
        for (_, message) in c.messages() {
            assert!(row.contains(&markdown_cell(message)), "{row}");
        }
        // Its aliases and source follow its section's table.
        let note = text
            .lines()
            .find(|l| l.starts_with(&format!("- `{}`: ", c.as_str())));
        for alias in c.aliases() {
            assert!(
                note.is_some_and(|n| n.contains(&format!("`{alias}`"))),
                "{c}"
            );
        }
        if let Some(source) = c.source() {
            assert!(
                note.is_some_and(|n| n.contains(&markdown_cell(source))),
                "{c}"
            );
        }
        // The row is in its category's section.
        let at = text.find(&prefix).unwrap();
        let section = text[..at].rfind("\n## ").unwrap();
        let heading = text[section + 4..].lines().next().unwrap();
        assert_eq!(heading, c.category().title(), "{c}");
    }
    // The status rule in words, then each status's fallback.
    let outside = text
        .split_once("\n## Codes outside the catalog\n")
        .expect("the section on codes outside the catalog")
        .1;
    for status in Status::ALL {
        let s = status.as_str();
        let rule = outside
            .lines()
            .find(|l| l.starts_with(&format!("| `{s}` (")))
            .unwrap_or_else(|| panic!("no rule row for {s}"));
        assert!(rule.contains("a catalogued code whose"), "{rule}");
        assert!(rule.ends_with(&format!("| the `{s}` fallback |")), "{rule}");
        let c = classify_result(status, "");
        let fallback = outside
            .lines()
            .find(|l| l.starts_with(&format!("| `{s}` | ")))
            .unwrap_or_else(|| panic!("no fallback row for {s}"));
        for needle in [c.description(), c.resolution(), c.retry().kind()] {
            assert!(fallback.contains(&markdown_cell(needle)), "{fallback}");
        }
        for (_, message) in c.messages() {
            assert!(fallback.contains(&markdown_cell(message)), "{fallback}");
        }
    }
    assert_eq!(
        run(&["export", "--format", "md"]).stdout,
        output.stdout,
        "md is an alias"
    );
}

/// Splits one CSV record (RFC 4180 quoting, no line breaks inside fields).
fn csv_record(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn csv_export_has_a_row_per_code() {
    let output = run(&["export", "--format", "csv"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let mut lines = text.lines();
    let header = csv_record(lines.next().unwrap());
    assert_eq!(
        &header[..6],
        [
            "code",
            "status",
            "category",
            "description",
            "resolution",
            "retry_kind"
        ]
    );
    assert_eq!(
        &header[header.len() - 6..],
        [
            "entry_decides_under",
            "aliases",
            "deprecated",
            "retired",
            "since",
            "source"
        ]
    );
    let decides = header.len() - 6;
    let rows: Vec<Vec<String>> = lines.map(csv_record).collect();
    assert_eq!(rows.len(), Code::ALL.len() + Status::ALL.len());
    let (code_rows, fallback_rows) = rows.split_at(Code::ALL.len());
    for (row, status) in fallback_rows.iter().zip(Status::ALL) {
        let c = classify_result(status, "");
        assert_eq!(row.len(), header.len());
        assert_eq!((row[0].as_str(), row[2].as_str()), ("", ""), "{row:?}");
        assert_eq!(row[1], status.as_str());
        assert_eq!(row[3], c.description());
        assert_eq!(row[4], c.resolution());
        assert_eq!(row[5], c.retry().kind());
        assert_eq!(row[decides], "");
        assert!(row[decides + 1..].iter().all(String::is_empty), "{row:?}");
    }
    for (row, &c) in code_rows.iter().zip(Code::ALL) {
        let under: Vec<&str> = decides_under(c).iter().map(|s| s.as_str()).collect();
        assert_eq!(row[decides], under.join(" "), "{c}");
        assert_eq!(row.len(), header.len());
        assert_eq!(row[0], c.as_str());
        assert_eq!(row[1], c.status().as_str());
        assert_eq!(row[2], c.category().as_str());
        assert_eq!(row[3], c.description());
        assert_eq!(row[4], c.resolution());
        assert_eq!(row[5], c.retry().kind());
        assert_eq!(row[decides + 1], c.aliases().join(" "), "{c}");
        assert_eq!(row[decides + 2], c.deprecated().unwrap_or_default(), "{c}");
        assert_eq!(row[decides + 3], c.retired().unwrap_or_default(), "{c}");
        assert_eq!(row[decides + 4], c.since().unwrap_or_default(), "{c}");
        assert_eq!(row[decides + 5], c.source().unwrap_or_default(), "{c}");
        for (locale, message) in c.messages() {
            let column = header
                .iter()
                .position(|h| *h == format!("message_{locale}"))
                .expect("a message column");
            assert_eq!(row[column], *message);
        }
    }
}

#[test]
fn export_rejects_an_unknown_format() {
    let output = run(&["export", "--format", "yaml"]);
    assert_eq!(code(&output), 2);
}

// The library's exports (`errcat_codegen::export`) state the status rule over the catalog's
// model; these hold that statement to errcat's own rule, code by code.

/// errcat's own catalog as the library's model.
fn model() -> errcat_codegen::Catalog {
    errcat_codegen::check_file(&catalog_path()).unwrap()
}

/// The library's status letter of a runtime status.
fn letter(status: Status) -> errcat_codegen::StatusLetter {
    errcat_codegen::StatusLetter::parse(status.as_str()).unwrap()
}

#[test]
fn the_rule_is_the_librarys_for_every_code_and_status() {
    use errcat_codegen::export::StatusRule;
    for &code in Code::ALL {
        for status in Status::ALL {
            let rule = StatusRule::of(letter(status));
            let stated = rule.code_statuses.contains(&letter(code.status()))
                && rule.retry_kinds.contains(&code.retry().kind());
            assert_eq!(entry_read(status, code), stated, "{code} under {status}");
        }
    }
    // The codes that inquire first are the ones the entry reads but does not decide.
    let inquiring: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !classify_result(Status::Failed, c.as_str()).decided_by_code())
        .filter(|&&c| entry_read(Status::Failed, c))
        .map(|c| c.as_str())
        .collect();
    assert!(inquiring.contains(&"ORDER_IS_CLOSED"), "{inquiring:?}");
    assert!(
        inquiring.contains(&"REPEAT_REQ_INCONSISTENT"),
        "{inquiring:?}"
    );
}

#[test]
fn codes_decide_under_their_agreeing_statuses() {
    use errcat_codegen::StatusLetter::{A, F, S, U};
    let model = model();
    let under = |code: Code| {
        let def = model
            .codes
            .iter()
            .find(|c| c.code == code.as_str())
            .unwrap();
        errcat_codegen::export::decides_under(&model, def)
    };
    assert_eq!(under(Code::Success), [S]);
    assert_eq!(under(Code::InsufficientBalance), [F]);
    assert_eq!(under(Code::ProcessFail), [F]);
    assert_eq!(under(Code::SystemBusy), [F, U]);
    assert_eq!(under(Code::ExpiredAccessToken), [F, U]);
    assert_eq!(under(Code::PaymentInProcess), [U, A]);
    for def in &model.codes {
        let code = Code::from_code(&def.code).unwrap();
        let library: Vec<_> = decides_under(code).into_iter().map(letter).collect();
        assert_eq!(
            errcat_codegen::export::decides_under(&model, def),
            library,
            "{}",
            def.code
        );
    }
}

#[test]
fn the_models_rule_is_the_runtimes_for_every_status_and_kind() {
    use std::time::Duration;
    let policies = [
        errcat::RetryPolicy::Never,
        errcat::RetryPolicy::Backoff {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(2),
            max_attempts: 3,
        },
        errcat::RetryPolicy::Poll {
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(2),
        },
        errcat::RetryPolicy::RefreshToken,
        errcat::RetryPolicy::Reauthorize,
        errcat::RetryPolicy::AskUser,
        errcat::RetryPolicy::NewRequest,
    ];
    assert_eq!(
        policies.map(|p| p.kind()),
        errcat_codegen::PolicyKind::NAMES
    );
    for response in Status::ALL {
        for code_status in Status::ALL {
            for policy in policies {
                let kind = match policy {
                    errcat::RetryPolicy::Backoff { .. } => errcat_codegen::PolicyKind::Backoff {
                        initial_delay_ms: 1000,
                        max_delay_ms: 2000,
                        max_attempts: 3,
                    },
                    errcat::RetryPolicy::Poll { .. } => errcat_codegen::PolicyKind::Poll {
                        interval_ms: 1000,
                        timeout_ms: 2000,
                    },
                    errcat::RetryPolicy::Never => errcat_codegen::PolicyKind::Never,
                    errcat::RetryPolicy::RefreshToken => errcat_codegen::PolicyKind::RefreshToken,
                    errcat::RetryPolicy::Reauthorize => errcat_codegen::PolicyKind::Reauthorize,
                    errcat::RetryPolicy::AskUser => errcat_codegen::PolicyKind::AskUser,
                    _ => errcat_codegen::PolicyKind::NewRequest,
                };
                assert_eq!(
                    letter(response).lets_entry_decide(letter(code_status), &kind),
                    response.lets_entry_decide(code_status, policy),
                    "{response} {code_status} {}",
                    policy.kind()
                );
            }
        }
    }
}

#[test]
fn the_librarys_diff_lines_escape_as_errcat_escapes() {
    use errcat::Escaped;
    use errcat_codegen::diff::{Change, Kind, What};
    // Every character, a thousand to a line.
    let all: Vec<char> = (0..=0x10_ffff_u32).filter_map(char::from_u32).collect();
    for chunk in all.chunks(1000) {
        let name: String = chunk.iter().collect();
        let change = Change {
            kind: Kind::Cosmetic,
            what: What::Code,
            name: name.clone(),
            field: None,
            old: None,
            new: None,
            text: false,
        };
        assert_eq!(
            change.to_string(),
            format!("code {}: changed", Escaped(&name))
        );
    }
}

/// The catalog built into the command is errcat's own, and the exports name it so.
#[test]
fn the_builtin_catalog_parses() {
    let ts = stdout(&run(&["export", "--format", "typescript"]));
    let expected = format!(
        "// Catalog: codes.toml, built into errcat {} ({} codes, {} categories, ",
        env!("CARGO_PKG_VERSION"),
        Code::ALL.len(),
        Category::ALL.len()
    );
    let line = ts.lines().nth(1).unwrap_or_default();
    assert!(line.starts_with(&expected), "{line}");
    let json = run_json(&["export"]);
    assert_eq!(
        json["codes"].as_array().map(Vec::len),
        Some(Code::ALL.len())
    );
}
