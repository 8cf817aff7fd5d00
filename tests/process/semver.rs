//! What must not compile for a user: building a `Classification` by hand (trybuild), and an
//! exhaustive `match` on `Code` without a wildcard (a real build of a generated crate, since
//! the variant list comes from codes.toml). Both run the compiler from inside a test, so
//! `cargo test` skips them and `.ci/run` runs them with `--ignored`.

use std::fs;

use crate::common::{cargo, repo, scratch, text};

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn classification_cannot_be_built_by_hand() {
    trybuild::TestCases::new().compile_fail("tests/compile-fail/*.rs");
}

fn downstream(name: &str, arms: &str) -> std::process::Output {
    let dir = scratch(name);
    let errcat = repo().display().to_string();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nerrcat = {{ path = {errcat:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(
        dir.join("src/main.rs"),
        format!(
            "fn name(code: errcat::Code) -> &'static str {{\n    match code {{\n{arms}    }}\n}}\n\n\
             fn main() {{\n    println!(\"{{}}\", name(errcat::Code::ALL[0]));\n}}\n"
        ),
    )
    .unwrap();
    fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    cargo(&dir, &["build", "--offline"])
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn an_exhaustive_match_on_code_needs_a_wildcard() {
    let catalog = errcat_codegen::check_file(&repo().join("codes.toml")).unwrap();
    let arms: String = catalog
        .codes
        .iter()
        .map(|c| format!("        errcat::Code::{} => {:?},\n", c.variant, c.code))
        .collect();

    let out = downstream("exhaustive-match", &arms);
    let (_, stderr) = text(&out);
    assert!(!out.status.success(), "a match without `_` compiled");
    assert!(
        stderr.contains("error[E0004]: non-exhaustive patterns: `_` not covered"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Code` is marked as non-exhaustive"),
        "{stderr}"
    );

    let out = downstream("wildcard-match", &format!("{arms}        _ => \"new\",\n"));
    assert!(out.status.success(), "{}", text(&out).1);
}
