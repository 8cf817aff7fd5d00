//! errcat's integration tests, in one binary: a module per subject. The tests that need a
//! process of their own are in `tests/process/`.

#[path = "../capture/mod.rs"]
mod capture;
mod status_rule;

mod api_examples;
mod catalog;
mod classify;
mod flow;
mod fuzzed;
mod hostile;
mod no_alloc;
mod outcome;
mod pay_with_retry;
mod properties;
mod reference;
mod retry;
mod serialization;
mod telemetry;
