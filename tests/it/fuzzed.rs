//! The fuzz targets' properties (`fuzz/src/lib.rs`), on stable and without libFuzzer: every
//! committed seed of `fuzz/seeds/TARGET/` and every input a fuzzer once failed on, kept in
//! `fuzz/regressions/TARGET/`. An input that fails again fails here, named.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
mod checks;

/// The committed inputs of `target`: its seeds (`fuzz/seeds/TARGET/`) and its regressions
/// (`fuzz/regressions/TARGET/`, a folder that exists once a fuzzer has found something).
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let files = |dir: PathBuf, keep: fn(&str) -> bool| -> Vec<PathBuf> {
        match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .map(|entry| entry.expect("a directory entry").path())
                .filter(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(keep))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("{}: {e}", dir.display()),
        }
    };
    let mut found = files(root.join("seeds").join(target), |name| {
        name.starts_with("seed-")
    });
    found.extend(files(root.join("regressions").join(target), |name| {
        !name.starts_with('.')
    }));
    found.sort();
    found
}

/// Runs `check` on every committed input of `target`; fails naming each input that fails.
fn run(target: &str, check: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for {target}");
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).expect("an input reads");
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs fail: {failed:#?}",
        failed.len(),
        files.len()
    );
}

#[test]
fn outcome_seeds_and_regressions_hold_the_properties() {
    run("outcome", checks::outcome);
}

#[test]
fn flow_seeds_and_regressions_hold_the_money_invariants() {
    run("flow", checks::flow);
}

#[test]
fn catalog_seeds_and_regressions_hold_the_properties() {
    run("catalog", checks::catalog);
}

#[test]
fn replay_seeds_and_regressions_hold_the_properties() {
    run("replay", checks::replay);
}
