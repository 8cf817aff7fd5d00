//! `errcat check` and `errcat export`.

mod common;

use std::path::PathBuf;

use common::{catalog_path, code, code_json, errcat, repo_root, run, run_json, stderr, stdout};
use errcat::{Category, Code};

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

#[test]
fn check_reports_a_missing_file() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/codes.toml");
    let output = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("cannot read the catalog"));
}

#[test]
fn json_export_contains_every_code() {
    let value = run_json(&["export", "--format", "json"]);
    let records = value.as_array().expect("an array");
    assert_eq!(records.len(), Code::ALL.len());
    for &c in Code::ALL {
        let record = records
            .iter()
            .find(|r| r["code"] == c.as_str())
            .unwrap_or_else(|| panic!("{c} missing"));
        assert_eq!(record["status"], c.status().as_str());
        assert_eq!(record["description"], c.description());
        assert_eq!(record["resolution"], c.resolution());
        assert_eq!(record, &code_json(c));
    }
    // The default format is JSON, the same as `list --json`.
    assert_eq!(run_json(&["export"]), value);
    assert_eq!(run_json(&["list", "--json"]), value);
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
        for (_, message) in c.messages() {
            assert!(row.contains(&markdown_cell(message)), "{row}");
        }
        // The row is in its category's section.
        let at = text.find(&prefix).unwrap();
        let section = text[..at].rfind("\n## ").unwrap();
        let heading = text[section + 4..].lines().next().unwrap();
        assert_eq!(heading, c.category().title(), "{c}");
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
    let rows: Vec<Vec<String>> = lines.map(csv_record).collect();
    assert_eq!(rows.len(), Code::ALL.len());
    for (row, &c) in rows.iter().zip(Code::ALL) {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[0], c.as_str());
        assert_eq!(row[1], c.status().as_str());
        assert_eq!(row[2], c.category().as_str());
        assert_eq!(row[3], c.description());
        assert_eq!(row[4], c.resolution());
        assert_eq!(row[5], c.retry().kind());
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
