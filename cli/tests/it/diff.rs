//! `errcat diff OLD NEW`: the classification of every fixture pair under `data/diff/` (each
//! file there is `base.toml` with one kind of change), the text and JSON output, the exit
//! codes of `--fail-on`, `git:REV:PATH`, the errors, and the tidy rule: errcat's own catalog
//! has no breaking change since the one released in 0.1.0.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{code, errcat, repo_root, run, run_with_stdin, stderr, stdout};
use serde_json::Value;

/// A fixture of `cli/tests/data/diff/`.
fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/diff")
        .join(name)
        .display()
        .to_string()
}

/// One change as `(kind, what, name, field, old, new)`, `-` for null.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The changes of `diff --json` as rows, in the order printed.
fn rows(json: &Value) -> Vec<[String; 6]> {
    let text = |v: &Value| v.as_str().map_or("-".to_owned(), str::to_owned);
    json["changes"]
        .as_array()
        .expect("changes is an array")
        .iter()
        .map(|c| {
            let object = c.as_object().expect("a change is an object");
            assert_eq!(object.len(), 6, "{c}");
            ["kind", "what", "name", "field", "old", "new"].map(|k| text(&c[k]))
        })
        .collect()
}

fn diff_json(old: &str, new: &str) -> Value {
    // --fail-on additive would exit 1 on any change; the default exits 1 on breaking ones.
    let output = run(&["diff", old, new, "--json"]);
    assert!(
        [0, 1].contains(&code(&output)),
        "{old} {new}: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

const BACKOFF: &str = "backoff (1 s to 16 s, 5 attempts)";

#[test]
fn every_fixture_pair_is_classified_exactly() {
    let cases: Vec<(&str, Vec<Row>)> = vec![
        // breaking
        (
            "breaking-code-removed.toml",
            vec![(
                "breaking",
                "code",
                "REFUND_NOT_EXIST",
                "-",
                "RefundNotExist",
                "-",
            )],
        ),
        (
            "breaking-variant-renamed.toml",
            vec![(
                "breaking",
                "code",
                "SYSTEM_BUSY",
                "variant",
                "SystemBusy",
                "SystemBusyError",
            )],
        ),
        (
            "breaking-category-renamed.toml",
            vec![
                ("breaking", "category", "refund", "-", "Refund", "-"),
                (
                    "behavioural",
                    "code",
                    "REFUND_IN_PROCESS",
                    "category",
                    "refund",
                    "refunds",
                ),
                (
                    "behavioural",
                    "code",
                    "REFUND_NOT_EXIST",
                    "category",
                    "refund",
                    "refunds",
                ),
                ("additive", "category", "refunds", "-", "-", "Refunds"),
            ],
        ),
        (
            "breaking-category-removed.toml",
            vec![
                (
                    "breaking",
                    "category",
                    "authentication",
                    "-",
                    "Authentication",
                    "-",
                ),
                (
                    "behavioural",
                    "code",
                    "EXPIRED_ACCESS_TOKEN",
                    "category",
                    "authentication",
                    "system",
                ),
            ],
        ),
        // behavioural
        (
            "behavioural-status.toml",
            vec![(
                "behavioural",
                "code",
                "UNKNOWN_EXCEPTION",
                "status",
                "U",
                "F",
            )],
        ),
        (
            "behavioural-retry.toml",
            vec![(
                "behavioural",
                "code",
                "EXPIRED_ACCESS_TOKEN",
                "retry",
                "refresh_token",
                "never",
            )],
        ),
        (
            "behavioural-policy-params.toml",
            [
                "policy backoff",
                "category system",
                "fallback U",
                "code SYSTEM_BUSY",
                "code UNKNOWN_EXCEPTION",
            ]
            .map(|entry| {
                let (what, name) = entry.split_once(' ').unwrap();
                (
                    "behavioural",
                    what,
                    name,
                    "retry",
                    BACKOFF,
                    "backoff (1 s to 16 s, 3 attempts)",
                )
            })
            .to_vec(),
        ),
        (
            "behavioural-category-policy.toml",
            vec![
                (
                    "behavioural",
                    "category",
                    "refund",
                    "retry",
                    "never",
                    BACKOFF,
                ),
                (
                    "behavioural",
                    "code",
                    "REFUND_NOT_EXIST",
                    "retry",
                    "never",
                    BACKOFF,
                ),
            ],
        ),
        (
            "behavioural-fallback.toml",
            vec![
                (
                    "behavioural",
                    "fallback",
                    "U",
                    "retry",
                    BACKOFF,
                    "backoff (2 s to 32 s, 5 attempts)",
                ),
                (
                    "additive",
                    "policy",
                    "backoff_slow",
                    "-",
                    "-",
                    "backoff (2 s to 32 s, 5 attempts)",
                ),
            ],
        ),
        (
            "behavioural-state.toml",
            vec![
                ("behavioural", "state", "SUCCESS", "-", "succeeded", "-"),
                (
                    "behavioural",
                    "state",
                    "PROCESSING",
                    "outcome",
                    "pending",
                    "failed",
                ),
            ],
        ),
        // cosmetic
        (
            "cosmetic-texts.toml",
            vec![
                (
                    "cosmetic",
                    "category",
                    "system",
                    "title",
                    "System Errors",
                    "System",
                ),
                (
                    "cosmetic",
                    "fallback",
                    "F",
                    "message.en",
                    "Sorry, that did not work.",
                    "Sorry, we could not complete your request.",
                ),
                (
                    "cosmetic",
                    "code",
                    "SUCCESS",
                    "message.en",
                    "Done.",
                    "Done. Your request was completed.",
                ),
                (
                    "cosmetic",
                    "code",
                    "SYSTEM_BUSY",
                    "description",
                    "System overloaded",
                    "The system is overloaded",
                ),
                (
                    "cosmetic",
                    "code",
                    "SYSTEM_BUSY",
                    "message.zh-CN",
                    "系统繁忙，请稍候。",
                    "-",
                ),
                (
                    "cosmetic",
                    "code",
                    "REFUND_NOT_EXIST",
                    "resolution",
                    "Verify refund ID",
                    "Check the refund ID",
                ),
                (
                    "cosmetic",
                    "state",
                    "PROCESSING",
                    "description",
                    "Still being processed",
                    "The operation is still being processed",
                ),
            ],
        ),
        // additive
        (
            "additive.toml",
            vec![
                ("additive", "policy", "ask_user", "-", "-", "ask_user"),
                ("additive", "category", "void", "-", "-", "Void"),
                (
                    "additive",
                    "code",
                    "EXPIRED_ACCESS_TOKEN",
                    "message.zh-CN",
                    "-",
                    "会话已过期，请重试。",
                ),
                (
                    "additive",
                    "code",
                    "REFUND_AMOUNT_EXCEED",
                    "-",
                    "-",
                    "RefundAmountExceed",
                ),
                ("additive", "state", "FAIL", "-", "-", "failed"),
            ],
        ),
        // Policies are compared by what codes get: a renamed policy changes nothing.
        ("unchanged-policy-renamed.toml", vec![]),
        ("base.toml", vec![]),
    ];
    for (name, expected) in cases {
        let json = diff_json(&fixture("base.toml"), &fixture(name));
        let expected: Vec<[String; 6]> = expected
            .iter()
            .map(|&(a, b, c, d, e, f)| [a, b, c, d, e, f].map(str::to_owned))
            .collect();
        assert_eq!(rows(&json), expected, "base.toml -> {name}");
        // The counts agree with the list.
        for kind in ["breaking", "behavioural", "cosmetic", "additive"] {
            let n = expected.iter().filter(|r| r[0] == kind).count();
            assert_eq!(json["counts"][kind], n, "{name}: {kind}");
        }
        // The reverse of an addition is a removal, never silence.
        if !expected.is_empty() {
            let back = diff_json(&fixture(name), &fixture("base.toml"));
            assert!(!rows(&back).is_empty(), "{name} -> base.toml");
        }
    }
}

#[test]
fn reversed_additions_break() {
    let json = diff_json(&fixture("additive.toml"), &fixture("base.toml"));
    let kinds: Vec<(String, String, String)> = rows(&json)
        .into_iter()
        .map(|[kind, what, name, ..]| (kind, what, name))
        .collect();
    let owned = |k: &str, w: &str, n: &str| (k.to_owned(), w.to_owned(), n.to_owned());
    assert_eq!(
        kinds,
        [
            owned("breaking", "category", "void"),
            owned("breaking", "code", "REFUND_AMOUNT_EXCEED"),
            owned("behavioural", "policy", "ask_user"),
            owned("behavioural", "state", "FAIL"),
            owned("cosmetic", "code", "EXPIRED_ACCESS_TOKEN"),
        ]
    );
}

#[test]
fn text_output_groups_by_kind_worst_first_and_counts() {
    let output = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("breaking-category-renamed.toml"),
    ]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "breaking:\n\
         \x20 category refund: removed (variant Refund)\n\
         behavioural:\n\
         \x20 code REFUND_IN_PROCESS: category refund -> refunds\n\
         \x20 code REFUND_NOT_EXIST: category refund -> refunds\n\
         additive:\n\
         \x20 category refunds: added (variant Refunds)\n\
         1 breaking, 2 behavioural, 0 cosmetic, 1 additive\n"
    );
    assert_eq!(
        stderr(&output),
        "note: exit status 1: 1 change of kind breaking or worse (--fail-on breaking)\n"
    );

    let output = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("cosmetic-texts.toml"),
    ]);
    assert_eq!(code(&output), 0);
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout(&output),
        "cosmetic:\n\
         \x20 category system: title \"System Errors\" -> \"System\"\n\
         \x20 fallback F: message.en \"Sorry, that did not work.\" -> \"Sorry, we could not complete your request.\"\n\
         \x20 code SUCCESS: message.en \"Done.\" -> \"Done. Your request was completed.\"\n\
         \x20 code SYSTEM_BUSY: description \"System overloaded\" -> \"The system is overloaded\"\n\
         \x20 code SYSTEM_BUSY: message.zh-CN removed \"系统繁忙，请稍候。\"\n\
         \x20 code REFUND_NOT_EXIST: resolution \"Verify refund ID\" -> \"Check the refund ID\"\n\
         \x20 state PROCESSING: description \"Still being processed\" -> \"The operation is still being processed\"\n\
         0 breaking, 0 behavioural, 7 cosmetic, 0 additive\n"
    );

    let output = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("breaking-code-removed.toml"),
    ]);
    assert_eq!(
        stdout(&output),
        "breaking:\n\
         \x20 code REFUND_NOT_EXIST: removed (variant RefundNotExist); retire it instead\n\
         1 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );

    let output = run(&["diff", &fixture("base.toml"), &fixture("base.toml")]);
    assert_eq!(code(&output), 0);
    assert_eq!(
        stdout(&output),
        "0 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );
}

#[test]
fn catalog_text_is_escaped_in_text_and_exact_in_json() {
    let (old, new) = (fixture("base.toml"), fixture("cosmetic-hostile.toml"));
    let output = run(&["diff", &old, &new]);
    let text = stdout(&output);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(
        text.contains(
            "  code SYSTEM_BUSY: description \"System overloaded\" -> \"System \\u{1b}[2Joverloaded\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\"Busy \\u{202e}gnihtemos\\u{202c} now.\""),
        "{text}"
    );
    let json = diff_json(&old, &new);
    assert_eq!(
        json["changes"][0]["new"], "System \u{1b}[2Joverloaded",
        "{json}"
    );
}

#[test]
fn json_has_the_changes_and_the_counts() {
    let json = diff_json(&fixture("base.toml"), &fixture("behavioural-fallback.toml"));
    assert_eq!(
        json,
        serde_json::json!({
            "changes": [
                {
                    "kind": "behavioural",
                    "what": "fallback",
                    "name": "U",
                    "field": "retry",
                    "old": BACKOFF,
                    "new": "backoff (2 s to 32 s, 5 attempts)"
                },
                {
                    "kind": "additive",
                    "what": "policy",
                    "name": "backoff_slow",
                    "field": null,
                    "old": null,
                    "new": "backoff (2 s to 32 s, 5 attempts)"
                }
            ],
            "counts": { "breaking": 0, "behavioural": 1, "cosmetic": 0, "additive": 1 }
        })
    );
}

#[test]
fn fail_on_exits_1_for_that_kind_or_worse() {
    // The worst kind each fixture holds.
    let worst = [
        ("breaking-code-removed.toml", Some(0)),
        ("behavioural-status.toml", Some(1)),
        ("cosmetic-texts.toml", Some(2)),
        ("additive.toml", Some(3)),
        ("unchanged-policy-renamed.toml", None),
    ];
    let kinds = ["breaking", "behavioural", "cosmetic", "additive"];
    for (name, worst) in worst {
        for (level, fail_on) in kinds.iter().enumerate() {
            let args = [
                "diff",
                &fixture("base.toml"),
                &fixture(name),
                "--fail-on",
                fail_on,
            ];
            let expected = i32::from(worst.is_some_and(|w| w <= level));
            let output = run(&args);
            assert_eq!(code(&output), expected, "{name} --fail-on {fail_on}");
            // The changes are printed either way; the note says why the status is 1.
            assert!(stdout(&output).ends_with(" additive\n"), "{name}");
            assert_eq!(
                stderr(&output).contains(&format!("(--fail-on {fail_on})")),
                expected == 1,
                "{name} --fail-on {fail_on}: {}",
                stderr(&output)
            );
            let json = run(&[&args[..], &["--json"]].concat());
            assert_eq!(code(&json), expected, "{name} --fail-on {fail_on} --json");
        }
    }
    // The default is breaking.
    assert_eq!(
        code(&run(&[
            "diff",
            &fixture("base.toml"),
            &fixture("behavioural-status.toml")
        ])),
        0
    );
    let output = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("additive.toml"),
        "--fail-on",
        "cosmetic",
    ]);
    assert_eq!(code(&output), 0);
    // The American spelling is accepted.
    let output = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("behavioural-status.toml"),
        "--fail-on",
        "behavioral",
    ]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "note: exit status 1: 1 change of kind behavioural or worse (--fail-on behavioural)\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let base = fixture("base.toml");
    let output = run(&["diff", &base, &base, "--fail-on", "serious"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(
            "invalid value 'serious' for '--fail-on <KIND>'\n  [possible values: breaking, behavioural, cosmetic, additive]"
        ),
        "{}",
        stderr(&output)
    );
    let output = run(&["diff"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("<OLD>"), "{}", stderr(&output));
    for (spec, message) in [
        (
            "git:HEAD",
            "invalid value 'git:HEAD' for '<OLD>': expected git:REV:PATH, e.g. git:v0.1.0:codes.toml (a revision, a colon, a path)",
        ),
        (
            "git::codes.toml",
            "invalid value 'git::codes.toml' for '<OLD>': git:REV:PATH needs a revision before the path, e.g. git:HEAD:codes.toml",
        ),
        (
            "git:HEAD:",
            "invalid value 'git:HEAD:' for '<OLD>': git:REV:PATH needs a path after the revision, e.g. git:HEAD:codes.toml",
        ),
        (
            "git:--output=/tmp/x:y",
            "invalid value 'git:--output=/tmp/x:y' for '<OLD>': the revision of git:REV:PATH may not start with '-'",
        ),
    ] {
        let output = run(&["diff", spec, &base]);
        assert_eq!(code(&output), 2, "{spec}");
        assert!(
            stderr(&output).starts_with(&format!("error: {message}\n")),
            "{spec}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn unreadable_or_invalid_catalogs_are_errors() {
    let base = fixture("base.toml");
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/codes.toml");
    let missing = missing.to_str().unwrap();
    let output = run(&["diff", missing, &base]);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!("{missing}: cannot read the catalog: No such file or directory (os error 2)\n")
    );
    // A catalog with problems is reported as `errcat check` reports it.
    let dir = scratch("diff-invalid");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[codes.X]\nstatus = 'Q'\n").unwrap();
    let bad = bad.to_str().unwrap();
    let output = run(&["diff", &base, bad]);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), stderr(&run(&["check", bad])));
    assert!(
        stderr(&output).starts_with(&format!(
            "{bad}:1:1: missing the `[policies.…]`, `[categories.…]`, `[fallback.…]` tables: "
        )),
        "{}",
        stderr(&output)
    );
    // The read limit applies to each side.
    let output = run(&["diff", &base, &base, "--max-catalog-bytes", "100"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!(
            "{base}: cannot read the catalog: the catalog is larger than 100 bytes, the limit; \
             --max-catalog-bytes BYTES sets another\n"
        )
    );
}

#[test]
fn one_side_may_be_stdin() {
    let base = std::fs::read_to_string(fixture("base.toml")).unwrap();
    let output = run_with_stdin(&["diff", "-", &fixture("behavioural-status.toml")], &base);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("  code UNKNOWN_EXCEPTION: status U -> F\n"),
        "{}",
        stdout(&output)
    );
    let output = run_with_stdin(&["diff", "-", "-"], &base);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: only one of OLD and NEW can be read from stdin (-)\n"
    );
    let output = run_with_stdin(&["diff", &fixture("base.toml"), "-"], "[codes]\n");
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with("<stdin>:"),
        "{}",
        stderr(&output)
    );
}

/// An empty folder under the target's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=errcat tests",
            "-c",
            "user.email=tests@errcat.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn git_rev_path_reads_a_committed_catalog() {
    let dir = scratch("diff-git");
    git(&dir, &["init", "-q"]);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(fixture("base.toml"), dir.join("codes.toml")).unwrap();
    git(&dir, &["add", "codes.toml"]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    git(&dir, &["tag", "v0.1.0"]);
    std::fs::copy(
        fixture("breaking-code-removed.toml"),
        dir.join("codes.toml"),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-am", "remove a code"]);

    let in_repo = |args: &[&str]| {
        errcat()
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("errcat runs")
    };
    let output = in_repo(&["diff", "git:v0.1.0:codes.toml", "git:HEAD:codes.toml"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "breaking:\n\
         \x20 code REFUND_NOT_EXIST: removed (variant RefundNotExist); retire it instead\n\
         1 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );
    // A git side against a file in the working tree; unchanged.
    let output = in_repo(&["diff", "git:HEAD:codes.toml", "codes.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "0 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );
    // PATH is from the repository's root, wherever the command runs in it.
    let output = errcat()
        .args([
            "diff",
            "git:HEAD~1:codes.toml",
            "git:HEAD:codes.toml",
            "--json",
        ])
        .current_dir(dir.join("sub"))
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));

    // A path the revision lacks, and a revision the repository lacks.
    let output = in_repo(&["diff", "git:v0.1.0:nope.toml", "codes.toml"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output), "");
    let said = stderr(&output);
    assert!(
        said.starts_with(
            "git:v0.1.0:nope.toml: cannot read the catalog: `git show v0.1.0:nope.toml` failed: fatal: "
        ) && said.contains("nope.toml")
            && said.ends_with('\n')
            && said.lines().count() == 1,
        "{said}"
    );
    let output = in_repo(&["diff", "git:v9:codes.toml", "codes.toml"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with(
            "git:v9:codes.toml: cannot read the catalog: `git show v9:codes.toml` failed: fatal: "
        ),
        "{}",
        stderr(&output)
    );
    // Outside a repository.
    let outside = scratch("diff-git-outside");
    let output = errcat()
        .args(["diff", "git:HEAD:codes.toml", &fixture("base.toml")])
        .current_dir(&outside)
        .env("GIT_CEILING_DIRECTORIES", outside.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with(
            "git:HEAD:codes.toml: cannot read the catalog: `git show HEAD:codes.toml` failed: fatal: "
        ),
        "{}",
        stderr(&output)
    );
    // A git side is bounded by the same read limit.
    let output = in_repo(&[
        "diff",
        "git:HEAD:codes.toml",
        "codes.toml",
        "--max-catalog-bytes",
        "64",
    ]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "git:HEAD:codes.toml: cannot read the catalog: the catalog is larger than 64 bytes, the \
         limit; --max-catalog-bytes BYTES sets another\n"
    );
}

/// The tidy rule: a code is retired, never deleted, and nothing else breaks either. The
/// catalog released in 0.1.0 (`tests/data/codes-0.1.0.toml`, byte for byte) against today's.
#[test]
fn no_breaking_change_since_0_1_0() {
    let output = errcat()
        .args(["diff", "tests/data/codes-0.1.0.toml", "codes.toml"])
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        0,
        "breaking changes to codes.toml since 0.1.0 (retire a code instead of removing it, \
         keep its variant and its aliases):\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output)
            .lines()
            .last()
            .unwrap()
            .starts_with("0 breaking, "),
        "{}",
        stdout(&output)
    );
}

/// The schema fields (aliases, deprecated, retired, since, source) through TOML.
#[test]
fn schema_fields_are_classified_exactly() {
    let json = diff_json(&fixture("schema-old.toml"), &fixture("schema-new.toml"));
    let expected: Vec<Row> = vec![
        ("breaking", "code", "SYSTEM_BUSY", "alias", "BUSY", "-"),
        (
            "cosmetic",
            "code",
            "SYSTEM_BUSY",
            "since",
            "2024-01",
            "2024-02",
        ),
        (
            "cosmetic",
            "code",
            "SYSTEM_BUSY",
            "source",
            "-",
            "Payment API reference: Result codes",
        ),
        (
            "cosmetic",
            "code",
            "UNKNOWN_EXCEPTION",
            "deprecated",
            "use SYSTEM_BUSY",
            "use SYSTEM_BUSY, which means the same",
        ),
        (
            "additive",
            "code",
            "EXPIRED_ACCESS_TOKEN",
            "deprecated",
            "-",
            "use INVALID_ACCESS_TOKEN",
        ),
        (
            "additive",
            "code",
            "SYSTEM_BUSY",
            "alias",
            "-",
            "SERVER_BUSY",
        ),
        (
            "additive",
            "code",
            "REFUND_NOT_EXIST",
            "retired",
            "-",
            "2026-06: the platform answers ORDER_NOT_EXIST instead",
        ),
    ];
    let expected: Vec<[String; 6]> = expected
        .iter()
        .map(|&(a, b, c, d, e, f)| [a, b, c, d, e, f].map(str::to_owned))
        .collect();
    assert_eq!(rows(&json), expected);
    // Retiring and deprecating are not breaking; the removed alias is.
    let output = run(&[
        "diff",
        &fixture("schema-old.toml"),
        &fixture("schema-new.toml"),
    ]);
    assert_eq!(code(&output), 1);
}

/// `--fail-on` takes each kind of `errcat_codegen::diff::Kind` by its own name, and
/// `behavioral` for `behavioural`.
#[test]
fn fail_on_values_parse_as_the_kinds_they_name() {
    use errcat_codegen::diff::Kind;
    let (base, additive) = (fixture("base.toml"), fixture("additive.toml"));
    for kind in Kind::ALL {
        let output = run(&["diff", &base, &additive, "--fail-on", kind.as_str()]);
        // The fixture's changes are all additive: only `--fail-on additive` reaches them.
        let fails = kind == Kind::Additive;
        assert_eq!(code(&output), i32::from(fails), "{}", kind.as_str());
        assert_eq!(
            stderr(&output).contains(&format!("(--fail-on {})", kind.as_str())),
            fails,
            "{}",
            stderr(&output)
        );
    }
    let behavioural = fixture("behavioural-retry.toml");
    for name in ["behavioural", "behavioral"] {
        let output = run(&["diff", &base, &behavioural, "--fail-on", name]);
        assert_eq!(code(&output), 1, "{name}");
        assert!(
            stderr(&output).ends_with("or worse (--fail-on behavioural)\n"),
            "{name}: {}",
            stderr(&output)
        );
    }
}

/// A side is `git:REV:PATH`, the revision ending at the first colon after `git:` (the path may
/// hold more), or else a path: `./git:x` names a file whose name starts with `git:`.
#[test]
fn sides() {
    let dir = scratch("diff-sides");
    git(&dir, &["init", "-q"]);
    std::fs::copy(fixture("base.toml"), dir.join("a:b")).unwrap();
    std::fs::copy(fixture("additive.toml"), dir.join("git:x")).unwrap();
    git(&dir, &["add", "a:b"]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    let in_dir = |args: &[&str]| errcat().args(args).current_dir(&dir).output().unwrap();
    let output = in_dir(&["diff", "git:HEAD:a:b", "a:b"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "0 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );
    let output = in_dir(&["diff", "a:b", "./git:x", "--json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let expected = run(&[
        "diff",
        &fixture("base.toml"),
        &fixture("additive.toml"),
        "--json",
    ]);
    assert_eq!(stdout(&output), stdout(&expected));
    let output = run(&["diff", "git:", &fixture("base.toml")]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output)
            .starts_with("error: invalid value 'git:' for '<OLD>': expected git:REV:PATH"),
        "{}",
        stderr(&output)
    );
}
