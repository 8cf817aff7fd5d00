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

/// Where the test crates and their shared target directory live: `test-crates/` in cargo's
/// scratch directory for integration tests (`tmp/` in the target directory, wherever
/// `CARGO_TARGET_DIR` puts it).
pub fn test_crates() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-crates")
}

/// A fresh, empty directory `test-crates/NAME` (see [`test_crates`]).
pub fn scratch(name: &str) -> PathBuf {
    let dir = test_crates().join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
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

/// Copies the library crate (its manifest, build script, catalog, sources, README, tests and
/// the codegen crate) into a fresh `test-crates/NAME/NAME/` and returns that directory.
///
/// The copy is a member of its own workspace rooted at `test-crates/NAME/` (which gets
/// the lock file), not the root of it: cargo hashes a path package by its path relative to the
/// workspace root, so copies that were all roots would share one build-script directory and
/// one fingerprint in the shared target directory, and a build of one copy could make another
/// copy's edited `codes.toml` look already built.
pub fn copy_crate(name: &str) -> PathBuf {
    let root = repo();
    let workspace = scratch(name);
    let dir = workspace.join(name);
    fs::create_dir_all(&dir).unwrap();
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    for file in ["build.rs", "codes.toml", "README.md"] {
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
    // The `[workspace*]` tables move to the new root; the package keeps the rest, without
    // dev-dependencies (the copy's examples use errcat alone).
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let (mut package, mut workspace_manifest) = (String::new(), String::new());
    let mut section = "";
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.trim();
        }
        if section.starts_with("[workspace") {
            if line.starts_with("members = ") {
                workspace_manifest
                    .push_str(&format!("members = [\"{name}\", \"{name}/codegen\"]\n"));
            } else if !line.starts_with("default-members = ") {
                workspace_manifest.push_str(line);
                workspace_manifest.push('\n');
            }
        } else if section != "[dev-dependencies]" {
            package.push_str(line);
            package.push('\n');
        }
    }
    fs::write(workspace.join("Cargo.toml"), workspace_manifest).unwrap();
    fs::write(dir.join("Cargo.toml"), package).unwrap();
    dir
}

/// Runs cargo with `args` in `dir`, with the shared test target directory.
pub fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", test_crates().join("target"))
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

/// Whether cargo's verbose output (`cargo build -v`) shows a build script running whose line
/// names `package` (`""`: any build script).
pub fn ran_build_script(stderr: &str, package: &str) -> bool {
    stderr.lines().any(|l| {
        l.trim_start().starts_with("Running `")
            && l.contains(package)
            && l.contains("build-script-build`")
    })
}
