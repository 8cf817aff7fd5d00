//! Whole outputs of the command against golden files under `cli/tests/golden/`: the JSON
//! shapes, the exports and the texts a support engineer reads. A mismatch prints a line diff;
//! `UPDATE_GOLDEN=1 cargo test -p errcat-cli --test golden` rewrites the files (review the
//! diff before committing it).

use crate::common;
use crate::common::{check_golden, code, line_diff, run, stderr, stdout};

/// A golden file, the arguments that print it, the exit status, and which stream it is.
struct Case {
    file: &'static str,
    args: &'static [&'static str],
    exit: i32,
    stream: Stream,
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

const CASES: &[Case] = &[
    // classify --json: catalogued, uncatalogued, a status overriding the code, poll, backoff,
    // and a zh-CN user message.
    Case {
        file: "classify-catalogued.json",
        args: &["classify", "INSUFFICIENT_BALANCE", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "classify-uncatalogued.json",
        args: &["classify", "NEW_PLATFORM_CODE", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "classify-status-override.json",
        args: &[
            "classify",
            "INSUFFICIENT_BALANCE",
            "--status",
            "U",
            "--json",
        ],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "classify-poll.json",
        args: &["classify", "PAYMENT_IN_PROCESS", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "classify-backoff.json",
        args: &["classify", "SYSTEM_BUSY", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "classify-zh-cn.json",
        args: &[
            "classify",
            "INSUFFICIENT_BALANCE",
            "--status",
            "F",
            "--locale",
            "zh-CN",
            "--json",
        ],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "export.json",
        args: &["export", "--format", "json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "export.csv",
        args: &["export", "--format", "csv"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "export.md",
        args: &["export", "--format", "markdown"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "list-retry-poll.json",
        args: &["list", "--retry", "poll", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    // search: every word matches; no code matches every word (the elements say which they
    // matched).
    Case {
        file: "search-every-word.json",
        args: &["search", "refund", "amount", "exceeds", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    Case {
        file: "search-any-word.json",
        args: &["search", "balance", "capture", "--json"],
        exit: 0,
        stream: Stream::Stdout,
    },
    // explain of an uncatalogued code: related codes, then each status's fallback.
    Case {
        file: "explain-uncatalogued.txt",
        args: &["explain", "BALANCE_NOT_ENOUGH"],
        exit: 1,
        stream: Stream::Stderr,
    },
];

#[test]
fn outputs_match_their_golden_files() {
    let mut failures = Vec::new();
    for case in CASES {
        let output = common::errcat()
            .args(case.args)
            .env("NO_COLOR", "1")
            .output()
            .expect("errcat runs");
        assert_eq!(
            code(&output),
            case.exit,
            "errcat {}: {}",
            case.args.join(" "),
            stderr(&output)
        );
        let text = match case.stream {
            Stream::Stdout => stdout(&output),
            Stream::Stderr => stderr(&output),
        };
        if let Err(e) = check_golden(case.file, &text) {
            failures.push(format!("errcat {}: {e}", case.args.join(" ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn export_codes_are_what_list_prints() {
    // One golden file pins both: `export --format json` holds `list --json` as its `codes`.
    let export: serde_json::Value = serde_json::from_slice(&run(&["export"]).stdout).unwrap();
    let list: serde_json::Value = serde_json::from_slice(&run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(export["codes"], list);
}

#[test]
fn the_diff_shows_changed_lines_with_context() {
    let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    let new = "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\n";
    assert_eq!(
        line_diff(old, new),
        "@@ line 1\n 1\n 2\n-3\n+X\n 4\n 5\n@@ line 9\n 9\n 10\n+11\n"
    );
    assert_eq!(
        line_diff("x\n", "x"),
        "@@ line 1\n-x\n+x\n\\ no newline at end\n"
    );
    assert_eq!(line_diff("same\n", "same\n"), "");
}
