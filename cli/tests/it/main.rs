//! The `errcat` command's integration tests, in one binary: a module per command or subject,
//! each running the built binary.

mod common;

mod catalog;
mod check_export;
mod classify;
mod diff;
mod differential;
mod explain;
mod generate;
mod golden;
mod hostile;
mod list_search;
mod misc;
mod outcome;
mod readme;
mod replay;
mod typescript;
