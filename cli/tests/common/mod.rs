//! Helpers shared by the integration tests: run the built binary, and the JSON the library
//! says a code should have.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use errcat::{Classification, Code, RetryPolicy};
use serde_json::{Value, json};

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

/// The `retry` object for a policy, from the library.
pub fn retry_json(policy: RetryPolicy) -> Value {
    let ms = |d: std::time::Duration| d.as_millis() as u64;
    match policy {
        RetryPolicy::Backoff {
            initial_delay,
            max_delay,
            max_attempts,
        } => json!({
            "kind": policy.kind(),
            "initial_delay_ms": ms(initial_delay),
            "max_delay_ms": ms(max_delay),
            "max_attempts": max_attempts,
        }),
        RetryPolicy::Poll { interval, timeout } => json!({
            "kind": policy.kind(),
            "interval_ms": ms(interval),
            "timeout_ms": ms(timeout),
        }),
        other => json!({ "kind": other.kind() }),
    }
}

/// The `messages` object for `(locale, text)` pairs.
pub fn messages_json(messages: &[(&str, &str)]) -> Value {
    Value::Object(
        messages
            .iter()
            .map(|(l, t)| ((*l).to_owned(), Value::from(*t)))
            .collect(),
    )
}

/// The JSON record of a catalogued code, built from the library.
pub fn code_json(code: Code) -> Value {
    json!({
        "code": code.as_str(),
        "status": code.status().as_str(),
        "category": code.category().as_str(),
        "description": code.description(),
        "resolution": code.resolution(),
        "retry": retry_json(code.retry()),
        "messages": messages_json(code.messages()),
    })
}

/// The JSON record of a classification, built from the library.
pub fn classification_json(c: &Classification, raw_code: &str, locale: &str) -> Value {
    json!({
        "code": c.code().map(|k| k.as_str()),
        "status": c.status().as_str(),
        "category": c.category().map(|k| k.as_str()),
        "description": c.description(),
        "resolution": c.resolution(),
        "retry": retry_json(c.retry()),
        "messages": messages_json(c.messages()),
        "user_message": c.user_message_in(locale),
        "raw_code": raw_code,
    })
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
