//! The fuzz targets' properties (`fuzz/src/lib.rs`), on stable and without libFuzzer: every
//! committed seed of `fuzz/seeds/TARGET/` and every input a fuzzer once failed on, kept in
//! `fuzz/regressions/TARGET/`. An input that fails again fails here, named.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[path = "../../fuzz/src/lib.rs"]
mod checks;

/// Runs `check` on every committed input of `target`; fails naming each input that fails.
fn run(target: &str, check: fn(&[u8])) {
    let files = checks::committed_inputs(Path::new(env!("CARGO_MANIFEST_DIR")), target);
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
