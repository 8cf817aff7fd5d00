//! errcat-codegen's integration tests, in one binary: a module per subject.

mod common;

mod extends;
mod generate;
mod states;
mod validate;
