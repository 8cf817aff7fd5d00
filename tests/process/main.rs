//! errcat's tests that need a process of their own, in one binary: the ones that run cargo
//! inside cargo (a downstream crate, a broken catalog, what must not compile, a packaged
//! release), ignored by default and run by `.ci/run` with
//! `cargo test -p errcat --test process -- --ignored`; and the telemetry test that counts the
//! codes a process remembers, which runs by default (no other test here reads a body).

#[path = "../capture/mod.rs"]
mod capture;
mod common;

mod build;
mod extend;
mod fuzzed_catalogs;
mod semver;
mod telemetry_codes;
