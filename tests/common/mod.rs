//! Helpers for tests that run a real `cargo build` on a copy of the crate or on a crate that
//! depends on it. Builds share one target directory under `target/`, so only the first run
//! compiles the dependencies.

#![allow(dead_code)] // each test file uses a subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory `target/test-crates/NAME`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = repo().join("target").join("test-crates").join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the library crate (its manifest, lock file, build script, catalog, sources, README,
/// tests and the codegen crate) into `dir`, as a workspace of just those two packages.
pub fn copy_crate(dir: &Path) {
    let root = repo();
    for file in ["Cargo.lock", "build.rs", "codes.toml", "README.md"] {
        fs::copy(root.join(file), dir.join(file)).unwrap();
    }
    for sub in ["src", "codegen/src", "tests"] {
        copy_dir(&root.join(sub), &dir.join(sub));
    }
    fs::copy(
        root.join("codegen/Cargo.toml"),
        dir.join("codegen/Cargo.toml"),
    )
    .unwrap();
    // The copy builds the library and small examples of its own: no dev-dependencies (the
    // copy's examples use errcat alone), and no other workspace members.
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut in_dev_dependencies = false;
    let manifest: String = manifest
        .lines()
        .filter_map(|line| {
            if line.starts_with('[') {
                in_dev_dependencies = line.trim() == "[dev-dependencies]";
            }
            if in_dev_dependencies {
                None
            } else if line.starts_with("members = ") {
                Some(r#"members = [".", "codegen"]"#)
            } else if line.starts_with("default-members = ") {
                Some(r#"default-members = ["."]"#)
            } else {
                Some(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

/// Runs cargo with `args` in `dir`, with the shared test target directory.
pub fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target").join("test-crates").join("target"),
        )
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

/// stdout and stderr of a finished command, for assertions and failure messages.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
