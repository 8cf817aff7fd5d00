//! The status rule as a literal truth table, shared by the tests that check `classify_result`
//! against it (`test_classify.rs`, `test_properties.rs`).

#![allow(dead_code)] // each test file uses a subset

use errcat::{Code, Status};

/// Who decides under each response status, written as data: for a code's own status (an `S`
/// code or any other) and its policy kind, `C` where the code's entry decides and `-` where the
/// status's fallback does, in the order S, F, U, A.
pub const TRUTH_TABLE: &[(&str, &str, [char; 4])] = &[
    // own status, kind            S    F    U    A
    ("S", "never", ['C', '-', '-', '-']),
    ("F/U/A", "never", ['-', 'C', '-', '-']),
    ("F/U/A", "backoff", ['-', 'C', 'C', '-']),
    ("F/U/A", "poll", ['-', '-', 'C', 'C']),
    ("F/U/A", "refresh_token", ['-', 'C', 'C', '-']),
    ("F/U/A", "reauthorize", ['-', 'C', '-', '-']),
    ("F/U/A", "ask_user", ['-', 'C', '-', '-']),
    ("F/U/A", "new_request", ['-', 'C', '-', '-']),
];

pub fn code_decides(status: Status, code: Code) -> bool {
    let own = if code.status() == Status::Success {
        "S"
    } else {
        "F/U/A"
    };
    let kind = code.retry().kind();
    let row = TRUTH_TABLE
        .iter()
        .find(|(o, k, _)| *o == own && *k == kind)
        .unwrap_or_else(|| panic!("no truth-table row for {own} {kind} ({code})"));
    row.2[status as usize] == 'C'
}
