//! Helpers shared by the integration tests: run the built binary, compare its JSON with the
//! library's values field by field, and compare whole outputs with golden files.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use errcat::{BodyError, Classification, Code, RetryPolicy};
use serde_json::Value;

/// The value of a field line (`  LABEL   value`) of the text answer; "" without one.
pub fn field(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|line| {
            let rest = line.trim_start().strip_prefix(label)?;
            rest.starts_with("  ").then(|| rest.trim().to_owned())
        })
        .unwrap_or_default()
}

/// The built `errcat` binary, without `NO_COLOR` from the environment.
pub fn errcat() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("errcat");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `errcat ARGS` and returns its output, whatever the exit code.
pub fn run(args: &[&str]) -> Output {
    errcat().args(args).output().expect("errcat runs")
}

/// Runs `errcat ARGS` with `stdin` and returns its output.
pub fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    errcat()
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("errcat runs")
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The exit code.
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// Runs, asserts exit 0, parses stdout as one JSON document.
pub fn run_json(args: &[&str]) -> Value {
    let output = run(args);
    assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// The repository's `codes.toml`.
pub fn catalog_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codes.toml")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Asserts that a `messages` object holds exactly the library's messages.
pub fn assert_messages(value: &Value, messages: &[(&str, &str)], what: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{what}: messages: {value}"));
    assert_eq!(object.len(), messages.len(), "{what}: messages: {value}");
    for (locale, text) in messages {
        assert_eq!(
            object.get(*locale),
            Some(&Value::from(*text)),
            "{what}: {locale}"
        );
    }
}

/// Asserts that a `retry` object is the library's own serialization of `policy`.
pub fn assert_retry(value: &Value, policy: RetryPolicy, what: &str) {
    let expected = serde_json::to_value(policy).expect("RetryPolicy serializes");
    assert_eq!(value, &expected, "{what}: retry");
}

/// Asserts that a JSON record (of `explain`, `list`, `search` or `export`) holds the library's
/// values for `code`, field by field.
pub fn assert_code_record(record: &Value, code: Code) {
    let what = code.as_str();
    assert_eq!(record["code"], code.as_str(), "{what}: code");
    assert_eq!(record["status"], code.status().as_str(), "{what}: status");
    assert_eq!(
        record["category"],
        code.category().as_str(),
        "{what}: category"
    );
    assert_eq!(
        record["description"],
        code.description(),
        "{what}: description"
    );
    assert_eq!(
        record["resolution"],
        code.resolution(),
        "{what}: resolution"
    );
    assert_retry(&record["retry"], code.retry(), what);
    assert_messages(&record["messages"], code.messages(), what);
}

/// Asserts that `classify --json` output holds the library's values for the classification
/// `c` of `raw_code`, with the user message for `locale`, field by field.
pub fn assert_classification(value: &Value, c: &Classification, raw_code: &str, locale: &str) {
    let what = raw_code;
    assert_eq!(
        value["code"],
        c.code().map_or(Value::Null, |k| Value::from(k.as_str())),
        "{what}: code"
    );
    assert_eq!(value["status"], c.status().as_str(), "{what}: status");
    assert_eq!(value["state"], c.state().as_str(), "{what}: state");
    assert_eq!(
        value["category"],
        c.category()
            .map_or(Value::Null, |k| Value::from(k.as_str())),
        "{what}: category"
    );
    assert_eq!(value["description"], c.description(), "{what}: description");
    assert_eq!(value["resolution"], c.resolution(), "{what}: resolution");
    assert_retry(&value["retry"], c.retry(), what);
    assert_messages(&value["messages"], c.messages(), what);
    assert_eq!(
        value["user_message"],
        c.user_message_in(locale),
        "{what}: user_message"
    );
    assert_eq!(value["raw_code"], raw_code, "{what}: raw_code");
}

/// Compares `actual` with the golden file `cli/tests/golden/NAME`; with `UPDATE_GOLDEN=1` in
/// the environment, writes it instead. Returns a readable line diff on mismatch.
pub fn check_golden(name: &str, actual: &str) -> Result<(), String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty()) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}; run `UPDATE_GOLDEN=1 cargo test -p errcat-cli --test golden` to create it",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs (- golden, + actual); if the change is meant, run \
         `UPDATE_GOLDEN=1 cargo test -p errcat-cli --test golden` and review the diff\n{}",
        path.display(),
        line_diff(&expected, actual)
    ))
}

/// A line diff of two texts, `-` for lines only in `old`, `+` for lines only in `new`, with
/// two lines of context around each change and `@@ line N` where a hunk starts.
pub fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // Every line as (tag, old line number, text).
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i + 1, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i + 1, a[i]));
            i += 1;
        } else {
            ops.push(('+', i + 1, b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut last_shown: Option<usize> = None;
    for (k, &(tag, line, text)) in ops.iter().enumerate() {
        let near = changed
            .iter()
            .any(|&c| k + CONTEXT >= c && k <= c + CONTEXT);
        if !near {
            continue;
        }
        if last_shown.is_none_or(|l| l + 1 != k) {
            out.push_str(&format!("@@ line {line}\n"));
        }
        out.push(tag);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ no newline at end\n");
        }
        last_shown = Some(k);
    }
    out
}

/// The keys of a JSON object, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// The kind of a library error, as `cli/tests/data/bad-inputs.json` and the TypeScript module
/// name it.
pub fn body_error_kind(err: &BodyError) -> &'static str {
    match err {
        BodyError::Malformed { .. } => "malformed",
        BodyError::NotAnObject { .. } => "notAnObject",
        BodyError::WrongType { .. } => "wrongType",
        BodyError::BadStatus { .. } => "badStatus",
        BodyError::MissingField { .. } => "missingField",
        BodyError::DuplicateKey { .. } => "duplicateKey",
        BodyError::Ambiguous { .. } => "ambiguous",
        BodyError::TooLarge { .. } => "tooLarge",
        _ => "a kind neither the shared file nor the module names",
    }
}

/// A library error's message without the position the library adds (the module has none).
pub fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}
