//! `--catalog FILE` (errcat issue 11): explain, classify, list, search and export answer from
//! the catalog given, before or after the command; check and generate ignore it, and diff
//! uses it only as NEW when NEW is not given. A catalog that extends errcat's is merged onto
//! the built-in one everywhere. The
//! catalogs are written here, under `CARGO_TARGET_TMPDIR`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{catalog_path, code, errcat, field, run, stderr, stdout};
use serde_json::Value;

/// A standalone catalog (no `extends`): it defines everything itself and shares no code with
/// errcat's.
const WALLET: &str = r#"
[policies.never]
kind = "never"

[policies.retry_soon]
kind = "backoff"
initial_delay_ms = 250
max_delay_ms = 2000
max_attempts = 4

[policies.watch]
kind = "poll"
interval_ms = 1500
timeout_ms = 30000

[policies.token]
kind = "refresh_token"

[fallback.S]
retry = "never"
description = "The wallet call succeeded"
resolution = "Nothing to do"
message.en = "Done."

[fallback.F]
retry = "never"
description = "The wallet call failed"
resolution = "Read the wallet's logs"
message.en = "The wallet could not take this payment."

[fallback.U]
retry = "retry_soon"
description = "The wallet's answer is unknown"
resolution = "Send the same request again"
message.en = "Still checking with your wallet."

[fallback.A]
retry = "watch"
description = "The wallet accepted the request"
resolution = "Ask the wallet until it decides"
message.en = "Your wallet is working on this payment."

[categories.wallet]
title = "Wallet"
retry = "never"

[categories.wallet_auth]
title = "Wallet Sign-in"
retry = "token"

[codes.WALLET_OK]
status = "S"
category = "wallet"
description = "The wallet took the payment"
resolution = "Nothing to do"
message.en = "Paid."

[codes.WALLET_LIMIT_EXCEEDED]
status = "F"
category = "wallet"
description = "The wallet's payment limit is exceeded"
resolution = "Inform customer"
message.en = "This payment is over your wallet's limit. Please try another payment method."
message.th = "การชำระเงินนี้เกินวงเงินของกระเป๋าเงิน"
aliases = ["WALLET_OVER_LIMIT"]

[codes.WALLET_TOKEN_EXPIRED]
status = "F"
category = "wallet_auth"
description = "The wallet's sign-in expired"
resolution = "Refresh the wallet token"
message.en = "Please sign in to your wallet again."

[codes.WALLET_PENDING]
status = "U"
category = "wallet"
retry = "watch"
description = "The wallet has not decided yet"
resolution = "Ask the wallet until it decides"
message.en = "Your wallet is still deciding."
"#;

/// The codes of [`WALLET`], in file order.
const WALLET_CODES: [&str; 4] = [
    "WALLET_OK",
    "WALLET_LIMIT_EXCEEDED",
    "WALLET_TOKEN_EXPIRED",
    "WALLET_PENDING",
];

/// A code of errcat's catalog that [`WALLET`] lacks.
const BUILTIN_ONLY: &str = "INSUFFICIENT_BALANCE";

/// A directory of its own for a test.
fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("catalog")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `DIR/NAME` and returns the path as a string.
fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// [`WALLET`] written in a directory of its own.
fn wallet(test: &str) -> String {
    write(&dir(test), "wallet.toml", WALLET)
}

/// Runs `errcat --catalog CATALOG ARGS` and `errcat ARGS --catalog CATALOG`, asserts that
/// both give the same output and exit status, and returns it.
fn both(catalog: &str, args: &[&str]) -> Output {
    let mut before = vec!["--catalog", catalog];
    before.extend(args);
    let mut after = args.to_vec();
    after.extend(["--catalog", catalog]);
    let first = run(&before);
    let second = run(&after);
    assert_eq!(stdout(&first), stdout(&second), "{args:?}: stdout");
    assert_eq!(stderr(&first), stderr(&second), "{args:?}: stderr");
    assert_eq!(code(&first), code(&second), "{args:?}: exit status");
    first
}

/// [`both`], asserting exit status 0 and one JSON document on stdout.
fn both_json(catalog: &str, args: &[&str]) -> Value {
    let output = both(catalog, args);
    assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// The `code` of each record of a JSON array.
fn codes_of(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["code"].as_str().expect("a code"))
        .collect()
}

#[test]
fn explain_finds_the_catalogs_codes_and_aliases_and_not_errcats() {
    let catalog = wallet("explain");
    let value = both_json(&catalog, &["explain", "WALLET_LIMIT_EXCEEDED", "--json"]);
    assert_eq!(value["code"], "WALLET_LIMIT_EXCEEDED");
    assert_eq!(value["status"], "F");
    assert_eq!(value["category"], "wallet");
    assert_eq!(
        value["description"],
        "The wallet's payment limit is exceeded"
    );
    assert_eq!(value["retry"], serde_json::json!({ "kind": "never" }));
    assert_eq!(value["messages"]["th"], "การชำระเงินนี้เกินวงเงินของกระเป๋าเงิน");
    assert_eq!(value["aliases"], serde_json::json!(["WALLET_OVER_LIMIT"]));

    let output = both(&catalog, &["explain", "WALLET_OVER_LIMIT"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.starts_with("WALLET_LIMIT_EXCEEDED\n"), "{text}");
    assert!(
        text.contains("asked for    WALLET_OVER_LIMIT (an alias of WALLET_LIMIT_EXCEEDED)"),
        "{text}"
    );
    assert!(text.contains("category     wallet (Wallet)"), "{text}");

    // errcat's own code is unknown here; the fallbacks shown are the catalog's.
    let output = both(&catalog, &["explain", BUILTIN_ONLY]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("error: unknown code '{BUILTIN_ONLY}'")),
        "{err}"
    );
    assert!(
        err.contains(
            "  F  retry    never\n       message  The wallet could not take this payment.\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("  U  retry    backoff (250 ms to 2 s, 4 attempts)\n"),
        "{err}"
    );
    // Suggestions come from the catalog too.
    let output = both(&catalog, &["explain", "wallet_limit_exceded"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("did you mean WALLET_LIMIT_EXCEEDED?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn classify_uses_the_catalogs_entries_and_fallbacks_under_errcats_rules() {
    let catalog = wallet("classify");
    let value = both_json(
        &catalog,
        &[
            "classify",
            "WALLET_LIMIT_EXCEEDED",
            "--json",
            "--locale",
            "th-TH",
        ],
    );
    assert_eq!(value["code"], "WALLET_LIMIT_EXCEEDED");
    assert_eq!(value["user_message"], "การชำระเงินนี้เกินวงเงินของกระเป๋าเงิน");

    // The status wins: U overrides a code that never retries, with the catalog's U fallback.
    let value = both_json(
        &catalog,
        &[
            "classify",
            "WALLET_LIMIT_EXCEEDED",
            "--status",
            "U",
            "--json",
        ],
    );
    assert_eq!(value["code"], "WALLET_LIMIT_EXCEEDED");
    assert_eq!(value["status"], "U");
    assert_eq!(
        value["retry"],
        serde_json::json!({
            "kind": "backoff", "initial_delay_ms": 250, "max_delay_ms": 2000, "max_attempts": 4
        })
    );
    assert_eq!(value["user_message"], "Still checking with your wallet.");
    assert_eq!(
        value["description"], "The wallet's payment limit is exceeded",
        "the code keeps its description"
    );

    // A and a code that polls: the code's entry decides.
    let value = both_json(
        &catalog,
        &["classify", "WALLET_PENDING", "--status", "A", "--json"],
    );
    assert_eq!(
        value["retry"],
        serde_json::json!({ "kind": "poll", "interval_ms": 1500, "timeout_ms": 30000 })
    );
    assert_eq!(value["user_message"], "Your wallet is still deciding.");

    // errcat's own code is uncatalogued here: the catalog's F fallback.
    let value = both_json(&catalog, &["classify", BUILTIN_ONLY, "--json"]);
    assert_eq!(value["code"], Value::Null);
    assert_eq!(value["category"], Value::Null);
    assert_eq!(value["description"], "The wallet call failed");
    assert_eq!(
        value["user_message"],
        "The wallet could not take this payment."
    );
    assert_eq!(value["raw_code"], BUILTIN_ONLY);

    let output = both(&catalog, &["classify", "WALLET_OVER_LIMIT"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.contains("sent as            WALLET_OVER_LIMIT (an alias of WALLET_LIMIT_EXCEEDED)"),
        "{text}"
    );
    assert!(
        text.contains("decided by         the code's own entry"),
        "{text}"
    );
}

#[test]
fn classify_response_reads_the_body_with_errcat_and_answers_from_the_catalog() {
    let dir = dir("response");
    let catalog = write(&dir, "wallet.toml", WALLET);
    let pay = write(
        &dir,
        "pay.json",
        r#"{"result":{"resultStatus":"F","resultCode":"WALLET_LIMIT_EXCEEDED","resultMessage":"over"}}"#,
    );
    let value = both_json(
        &catalog,
        &["classify", "--response", &pay, "--api", "pay", "--json"],
    );
    assert_eq!(value["code"], "WALLET_LIMIT_EXCEEDED");
    assert_eq!(value["outcome"]["state"], "failed");
    assert_eq!(value["outcome"]["code"], "WALLET_LIMIT_EXCEEDED");
    assert_eq!(
        value["outcome"]["user_message"],
        "This payment is over your wallet's limit. Please try another payment method."
    );
    let output = both(&catalog, &["classify", "--response", &pay, "--api", "pay"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "outcome message (en)  This payment is over your wallet's limit. Please try another \
             payment method."
        ),
        "{text}"
    );

    // An inquiry whose own call failed: the outcome is the call's classification, here the
    // catalog's code that refreshes its token.
    let inquiry = write(
        &dir,
        "inquiry.json",
        r#"{"result":{"resultStatus":"F","resultCode":"WALLET_TOKEN_EXPIRED"}}"#,
    );
    let value = both_json(
        &catalog,
        &[
            "classify",
            "--response",
            &inquiry,
            "--api",
            "inquiryPayment",
            "--json",
        ],
    );
    assert_eq!(value["outcome"]["state"], "unknown");
    assert_eq!(
        value["outcome"]["retry"],
        serde_json::json!({ "kind": "refresh_token" })
    );
    // The state is unknown: the person paying is told the catalog's "still confirming" (its
    // U fallback's message), whatever the code's own message says.
    assert_eq!(
        value["outcome"]["user_message"],
        "Still checking with your wallet."
    );

    // errcat's own code, unknown to the catalog: the catalog's F fallback, outcome included.
    let builtin = write(
        &dir,
        "builtin.json",
        format!(r#"{{"result":{{"resultStatus":"F","resultCode":"{BUILTIN_ONLY}"}}}}"#),
    );
    let value = both_json(
        &catalog,
        &["classify", "--response", &builtin, "--api", "pay", "--json"],
    );
    assert_eq!(value["code"], Value::Null);
    assert_eq!(value["description"], "The wallet call failed");
    assert_eq!(
        value["outcome"]["user_message"],
        "The wallet could not take this payment."
    );
}

#[test]
fn list_shows_the_catalogs_codes_and_checks_categories_against_it() {
    let catalog = wallet("list");
    let value = both_json(&catalog, &["list", "--json"]);
    assert_eq!(codes_of(&value), WALLET_CODES);
    let value = both_json(&catalog, &["list", "--category", "wallet_auth", "--json"]);
    assert_eq!(codes_of(&value), ["WALLET_TOKEN_EXPIRED"]);
    let value = both_json(&catalog, &["list", "--retry", "poll", "--json"]);
    assert_eq!(codes_of(&value), ["WALLET_PENDING"]);

    let output = both(&catalog, &["list"]);
    let text = stdout(&output);
    assert!(text.starts_with("CODE "), "{text}");
    assert_eq!(text.lines().count(), 1 + WALLET_CODES.len(), "{text}");
    assert!(!text.contains(BUILTIN_ONLY));

    // errcat's own category key is not this catalog's: a usage error naming the catalog's keys.
    let output = both(&catalog, &["list", "--category", "payment_processing"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: invalid value 'payment_processing' for '--category <KEY>'\n"),
        "{err}"
    );
    assert!(
        err.contains("[possible values: wallet, wallet_auth]"),
        "{err}"
    );
    // A near key gets clap's tip.
    let output = both(&catalog, &["list", "-c", "walet"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("a similar value exists: 'wallet'"),
        "{}",
        stderr(&output)
    );
    // And the catalog's key is refused without --catalog, as errcat's catalog lacks it.
    let output = run(&["list", "--category", "wallet_auth"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("possible values: success,"));
}

#[test]
fn search_looks_in_the_catalogs_codes_only() {
    let catalog = wallet("search");
    let value = both_json(&catalog, &["search", "wallet", "limit", "--json"]);
    assert_eq!(codes_of(&value).first(), Some(&"WALLET_LIMIT_EXCEEDED"));
    assert!(value[0]["matched"] == serde_json::json!(["wallet", "limit"]));

    let output = both(&catalog, &["search", BUILTIN_ONLY]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains(&format!("no catalogued code matches '{BUILTIN_ONLY}'")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn export_writes_the_catalog_given() {
    let catalog = wallet("export");
    let value = both_json(&catalog, &["export", "--format", "json"]);
    assert_eq!(codes_of(&value["codes"]), WALLET_CODES);
    let fallbacks: Vec<&str> = value["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["fallback"]["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        fallbacks,
        [
            "The wallet call succeeded",
            "The wallet call failed",
            "The wallet's answer is unknown",
            "The wallet accepted the request"
        ]
    );

    let markdown = stdout(&both(&catalog, &["export", "--format", "markdown"]));
    assert!(markdown.contains("4 codes in 2 categories:"), "{markdown}");
    assert!(markdown.contains("\n## Wallet Sign-in\n"), "{markdown}");
    assert!(!markdown.contains(BUILTIN_ONLY));

    let csv = stdout(&both(&catalog, &["export", "--format", "csv"]));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), WALLET_CODES.len() + 4, "{csv}");
    assert!(
        rows[1].starts_with("WALLET_LIMIT_EXCEEDED,F,wallet,"),
        "{csv}"
    );

    let ts = stdout(&both(&catalog, &["export", "--format", "typescript"]));
    assert!(
        ts.contains(&format!(
            "// Catalog: {catalog} (4 codes, 2 categories, 0 state values)."
        )),
        "{}",
        ts.lines().take(3).collect::<Vec<_>>().join("\n")
    );
    assert!(ts.contains("\"WALLET_TOKEN_EXPIRED\": {"));
    // (The module's header names errcat's codes in an example; no entry is errcat's.)
    assert!(!ts.contains(&format!("\"{BUILTIN_ONLY}\": {{")));
}

#[test]
fn errcats_catalog_given_as_a_file_answers_as_the_built_in_one() {
    let path = catalog_path();
    let catalog = path.to_str().unwrap();
    for args in [
        &["export", "--format", "json"][..],
        &["export", "--format", "markdown"],
        &["export", "--format", "csv"],
        &["list"],
        &["explain", BUILTIN_ONLY],
        &["classify", BUILTIN_ONLY, "--status", "U", "--json"],
        &["search", "balance"],
    ] {
        let built_in = run(args);
        let given = both(catalog, args);
        assert_eq!(stdout(&given), stdout(&built_in), "{args:?}");
        assert_eq!(code(&given), 0, "{args:?}");
    }
}

#[test]
fn diff_check_and_generate_ignore_the_catalog_option() {
    let dir = dir("ignored");
    let old = write(&dir, "old.toml", WALLET);
    let new = write(
        &dir,
        "new.toml",
        WALLET.replace("initial_delay_ms = 250", "initial_delay_ms = 500"),
    );
    // A broken --catalog, so that any use of it would fail.
    let broken = write(&dir, "broken.toml", "[codes.X]\nstatus = 'Q'\n");
    let plain = run(&["diff", &old, &new, "--json"]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    let value: Value = serde_json::from_slice(&plain.stdout).unwrap();
    // The policy, and the U fallback that uses it.
    assert_eq!(value["counts"]["behavioural"], 2, "{value}");
    let with = both(&broken, &["diff", &old, &new, "--json"]);
    assert_eq!(stdout(&with), stdout(&plain));
    assert_eq!(code(&with), code(&plain));

    let output = both(&broken, &["check", &old]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains(": ok: 4 codes in 2 categories"));

    let output = both(&broken, &["generate", &old]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("// @generated"));
}

#[test]
fn a_bad_catalog_file_is_reported_with_positions_and_exit_status_1() {
    let dir = dir("bad");
    let missing = dir.join("missing.toml").to_str().unwrap().to_owned();
    let invalid = write(
        &dir,
        "invalid.toml",
        WALLET.replace("status = \"U\"", "status = \"Q\""),
    );
    let syntax = write(&dir, "syntax.toml", "[codes.X\n");
    let not_utf8 = write(
        &dir,
        "latin1.toml",
        b"[codes.X]\ndescription = \"caf\xe9\"\n",
    );
    let commands: [&[&str]; 6] = [
        &["explain", "WALLET_OK"],
        &["classify", "WALLET_OK"],
        &["list"],
        &["search", "wallet"],
        &["export"],
        &["export", "--format", "typescript"],
    ];
    for args in commands {
        let output = both(&missing, args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(
            stderr(&output).starts_with(&format!("{missing}: cannot read the catalog: ")),
            "{args:?}: {}",
            stderr(&output)
        );

        let output = both(&invalid, args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        let line = WALLET.lines().position(|l| l == "status = \"U\"").unwrap() + 1;
        assert!(
            stderr(&output).starts_with(&format!("{invalid}:{line}:10: ")),
            "{args:?}: {}",
            stderr(&output)
        );

        let output = both(&syntax, args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(
            stderr(&output).starts_with(&format!("{syntax}:1:")),
            "{args:?}: {}",
            stderr(&output)
        );

        let output = both(&not_utf8, args);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(
            stderr(&output).starts_with(&format!(
                "{not_utf8}:2:19: the file is not valid UTF-8: byte 0xE9"
            )),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // The size limit holds for --catalog as for check.
    let good = write(&dir, "good.toml", WALLET);
    let output = both(&good, &["list", "--max-catalog-bytes", "100"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!(
            "{good}: cannot read the catalog: the catalog is larger than 100 bytes, the limit; \
             --max-catalog-bytes BYTES sets another\n"
        )
    );
}

#[test]
fn the_catalog_can_come_from_stdin_unless_the_response_does() {
    let output = errcat()
        .args(["--catalog", "-", "list", "--json"])
        .write_stdin(WALLET)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(codes_of(&value), WALLET_CODES);

    let output = errcat()
        .args(["--catalog", "-", "list"])
        .write_stdin("[codes.X\n")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with("<stdin>:1:"),
        "{}",
        stderr(&output)
    );

    let output = errcat()
        .args(["--catalog", "-", "classify", "--response", "-"])
        .write_stdin(WALLET)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: only one of --catalog and --response can be read from stdin (-)\n"
    );
}

#[test]
fn catalog_text_is_escaped_in_human_output() {
    let catalog = write(
        &dir("hostile"),
        "hostile.toml",
        WALLET
            .replace(
                "The wallet took the payment",
                "The wallet \\u001b]0;pwned\\u0007 took \\u202e it",
            )
            .replace("title = \"Wallet\"", "title = \"Wal\\u001b[2Jlet\""),
    );
    for args in [
        &["explain", "WALLET_OK"][..],
        &["classify", "WALLET_OK"],
        &["list"],
        &["search", "wallet"],
    ] {
        let output = both(&catalog, args);
        assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{args:?}: {text:?}"
        );
        assert!(
            text.contains(r"The wallet \u{1b}]0;pwned\u{7} took \u{202e} it"),
            "{args:?}: {text}"
        );
    }
    let text = stdout(&both(&catalog, &["explain", "WALLET_OK"]));
    assert!(text.contains(r"wallet (Wal\u{1b}[2Jlet)"), "{text}");
}

/// The README's catalog of a user's own: it extends errcat's.
const EXTENDS: &str = r#"extends = "errcat"

[categories.wallet]
title = "Wallet"
retry = "never"

[codes.WALLET_LIMIT_EXCEEDED]
status = "F"
category = "wallet"
description = "The wallet's payment limit is exceeded"
resolution = "Inform customer"
message.en = "This payment is over your wallet's limit. Please try another payment method."

[codes.INSUFFICIENT_BALANCE]
message.th = "ยอดเงินไม่เพียงพอ"
"#;

#[test]
fn a_catalog_that_extends_errcats_answers_with_both() {
    let dir = dir("extends");
    let ext = write(&dir, "codes.toml", EXTENDS);

    let own = both(&ext, &["explain", "WALLET_LIMIT_EXCEEDED"]);
    assert_eq!(code(&own), 0, "{}", stderr(&own));
    assert!(stdout(&own).contains("wallet (Wallet)"), "{}", stdout(&own));

    let amended = stdout(&both(&ext, &["explain", "INSUFFICIENT_BALANCE"]));
    assert!(amended.contains("th     ยอดเงินไม่เพียงพอ"), "{amended}");
    assert!(amended.contains("zh-CN  余额不足"), "{amended}");

    let alias = both_json(&ext, &["classify", "USER_BALANCE_NOT_ENOUGH", "--json"]);
    assert_eq!(alias["code"], "INSUFFICIENT_BALANCE", "{alias}");
    let listed = both_json(&ext, &["list", "--json"]);
    let codes = codes_of(&listed);
    assert_eq!(codes.len(), errcat::Code::ALL.len() + 1);
    assert_eq!(codes.last(), Some(&"WALLET_LIMIT_EXCEEDED"));

    let check = run(&["check", &ext]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(
        stdout(&check).contains(&format!(": ok: {} codes in ", errcat::Code::ALL.len() + 1)),
        "{}",
        stdout(&check)
    );

    assert!(
        stdout(&check).ends_with(": 1 code and 1 category of its own, the rest errcat's\n"),
        "{}",
        stdout(&check)
    );

    let generated = stdout(&run(&["generate", &ext]));
    assert!(
        generated.contains("impl ::core::convert::From<::errcat::Code> for Code"),
        "a catalog that extends errcat's converts from errcat's codes"
    );
}

/// A catalog of a user's own that extends errcat's with a `U` code that polls (shared
/// with the command's integration tests).
const EXTENDS_WITH_A_POLLING_U: &str = include_str!("../data/extends-polling-u.toml");

#[test]
fn a_catalogs_own_u_code_that_polls_reads_pending_and_polls() {
    let dir = dir("extends-polling-u");
    let ext = write(&dir, "codes.toml", EXTENDS_WITH_A_POLLING_U);
    let pay = write(
        &dir,
        "pay.json",
        r#"{"result":{"resultStatus":"U","resultCode":"WALLET_SETTLING","resultMessage":"settling"}}"#,
    );
    let args = ["classify", "--response", &pay, "--api", "pay", "--json"];
    let value = both_json(&ext, &args);
    assert_eq!(value["outcome"]["state"], "pending", "{value}");
    assert_eq!(
        value["outcome"]["retry"],
        serde_json::json!({"kind": "poll", "interval_ms": 3000, "timeout_ms": 60000}),
        "{value}"
    );
    assert_eq!(
        value["outcome"]["user_message"],
        "Your wallet is still confirming this payment."
    );
    assert_eq!(
        (&value["state"], &value["code"]),
        (&"pending".into(), &"WALLET_SETTLING".into())
    );
    let text = stdout(&both(
        &ext,
        &["classify", "--response", &pay, "--api", "pay"],
    ));
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("outcome decided by")
                && l.ends_with("the code's own entry")),
        "{text}"
    );
    // errcat's own catalog lacks the code: its U fallback resends the request.
    let output = run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["outcome"]["state"], "retry", "{value}");
    assert_eq!(value["outcome"]["retry"]["kind"], "backoff", "{value}");
}

#[test]
fn diff_compares_merged_catalogs_and_takes_new_from_the_catalog_option() {
    let dir = dir("extends-diff");
    let ext = write(&dir, "codes.toml", EXTENDS);
    let errcats = catalog_path().to_str().unwrap().to_owned();
    let expected = "additive:\n  category wallet: added (variant Wallet)\n  \
                    code INSUFFICIENT_BALANCE: message.th added \"ยอดเงินไม่เพียงพอ\"\n  \
                    code WALLET_LIMIT_EXCEEDED: added (variant WalletLimitExceeded)\n\
                    0 breaking, 0 behavioural, 0 cosmetic, 3 additive\n";
    let explicit = run(&["diff", &errcats, &ext]);
    assert_eq!(code(&explicit), 0, "{}", stderr(&explicit));
    assert_eq!(stdout(&explicit), expected);
    // NEW defaults to the --catalog file...
    let implied = both(&ext, &["diff", &errcats]);
    assert_eq!(stdout(&implied), expected);
    // ... else to errcat's own catalog.
    let builtin = run(&["diff", &errcats]);
    assert_eq!(code(&builtin), 0, "{}", stderr(&builtin));
    assert_eq!(
        stdout(&builtin),
        "0 breaking, 0 behavioural, 0 cosmetic, 0 additive\n"
    );
}

#[test]
fn a_broken_catalog_that_extends_errcats_is_reported_at_its_positions() {
    let dir = dir("extends-broken");
    let broken = EXTENDS
        .replacen("category = \"wallet\"", "category = \"walet\"", 1)
        .replacen("message.th", "variant = \"Funds\"\nmessage.th", 1);
    let path = write(&dir, "codes.toml", &broken);
    let line = |needle: &str| broken.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    for output in [run(&["check", &path]), both(&path, &["explain", "X"])] {
        assert_eq!(code(&output), 1);
        let err = stderr(&output);
        assert!(
            err.contains(&format!(
                "{path}:{}:12: code \"WALLET_LIMIT_EXCEEDED\": category \"walet\" is not defined (did you mean \"wallet\"?)",
                line("category = \"walet\"")
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "{path}:{}:11: code \"INSUFFICIENT_BALANCE\": the code is errcat's, and keeps its variant",
                line("variant = ")
            )),
            "{err}"
        );
    }
}

#[test]
fn check_and_generate_without_a_file_read_the_catalog_option() {
    let dir = dir("no-file");
    let broken = write(&dir, "broken.toml", "[codes.X]\nstatus = 'Q'\n");
    let output = both(&broken, &["check"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    assert!(
        stderr(&output).contains("broken.toml:1:1: "),
        "{}",
        stderr(&output)
    );

    let ext = write(&dir, "codes.toml", EXTENDS);
    let output = both(&ext, &["generate"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), stdout(&run(&["generate", &ext])));
    let check = run(&["check", &ext]);
    assert_eq!(stdout(&both(&ext, &["check"])), stdout(&check));
}

#[test]
fn generate_takes_the_builders_options() {
    let dir = dir("generate-options");
    let ext = write(&dir, "codes.toml", EXTENDS);
    let args = [
        "generate",
        &ext,
        "--code-attribute",
        "#[derive(Default)]",
        "--code-attribute",
        "#[repr(u16)]",
        "--category-attribute",
        "#[derive(Default)]",
        "--codes-map",
        "--errcat-path",
        "::pay",
    ];
    let output = run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("#[derive(Default)]\n#[repr(u16)]\npub enum Code"),
        "{text}"
    );
    assert!(
        text.contains("pub static CODES: ::pay::__private::phf::Map"),
        "{text}"
    );
    assert!(!text.contains("::errcat::"), "{text}");
    let bad = run(&["generate", &ext, "--code-attribute", "derive(X)"]);
    assert_eq!(code(&bad), 1);
    assert!(
        stderr(&bad).contains("Builder::code_attribute(\"derive(X)\") is not an outer attribute"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_failed_generate_check_repeats_the_options_in_its_hint() {
    let dir = dir("generate-hint");
    let ext = write(&dir, "codes.toml", EXTENDS);
    let out = dir.join("codes.rs");
    let _ = std::fs::remove_file(&out);
    let out = out.to_str().unwrap();
    let options = [
        "--code-attribute",
        "#[derive(Default)]",
        "--codes-map",
        "--errcat-path",
        "::pay",
    ];
    let mut args = vec!["generate", ext.as_str(), "-o", out, "--check"];
    args.extend(options);
    let output = run(&args);
    assert_eq!(code(&output), 1);
    let hint = format!(
        "run `errcat generate {ext} --code-attribute '#[derive(Default)]' --codes-map \
         --errcat-path ::pay -o {out}` to write it"
    );
    assert!(stderr(&output).contains(&hint), "{}", stderr(&output));
    // Running the hint's command makes the check pass.
    let mut write = vec!["generate", ext.as_str(), "-o", out];
    write.extend(options);
    assert_eq!(code(&run(&write)), 0);
    assert_eq!(code(&run(&args)), 0, "{}", stderr(&run(&args)));
}

/// An entry of [`WALLET`]'s `wallet` category, `F`, with `more` fields.
fn wallet_code(code: &str, more: &str) -> String {
    format!(
        "\n[codes.{code}]\nstatus = \"F\"\ncategory = \"wallet\"\ndescription = \"{code} is old\"\n\
         resolution = \"Use WALLET_LIMIT_EXCEEDED\"\nmessage.en = \"Old.\"\n{more}\n"
    )
}

/// `list` marks a retired code as retired (even if it is deprecated too), a deprecated one as
/// deprecated, and no other; `classify` says the same, with why.
#[test]
fn standing_marks_retired_before_deprecated() {
    let text = [
        WALLET.to_owned(),
        wallet_code(
            "WALLET_DEPRECATED",
            "deprecated = \"use WALLET_LIMIT_EXCEEDED\"",
        ),
        wallet_code("WALLET_RETIRED", "retired = \"2025-01\""),
        wallet_code(
            "WALLET_BOTH",
            "deprecated = \"use X\"\nretired = \"2025-01\"",
        ),
    ]
    .concat();
    let catalog = write(&dir("standing"), "wallet.toml", text);
    let list = stdout(&both(&catalog, &["list"]));
    let row = |code: &str| {
        let row = list.lines().find(|l| l.starts_with(&format!("{code} ")));
        row.unwrap_or_else(|| panic!("{code}: {list}")).to_owned()
    };
    assert!(row("WALLET_DEPRECATED").ends_with("  (deprecated) WALLET_DEPRECATED is old"));
    assert!(row("WALLET_RETIRED").ends_with("  (retired) WALLET_RETIRED is old"));
    assert!(row("WALLET_BOTH").ends_with("  (retired) WALLET_BOTH is old"));
    assert!(row("WALLET_OK").ends_with("  The wallet took the payment"));
    let standing = |code: &str| field(&stdout(&both(&catalog, &["classify", code])), "standing");
    assert_eq!(standing("WALLET_BOTH"), "retired (2025-01)");
    assert_eq!(standing("WALLET_RETIRED"), "retired (2025-01)");
    assert_eq!(
        standing("WALLET_DEPRECATED"),
        "deprecated (use WALLET_LIMIT_EXCEEDED)"
    );
    assert_eq!(standing("WALLET_OK"), "");
}

/// A text of several lines continues under its first line, labels and locales aligned.
#[test]
fn text_of_several_lines_continues_under_its_first_line() {
    let text = WALLET
        .replace(
            "description = \"The wallet took the payment\"",
            "description = \"\"\"The wallet took\nthe payment\"\"\"",
        )
        .replace(
            "message.en = \"Paid.\"",
            "message.en = \"Paid,\\nthank you.\"\nmessage.zh-CN = \"已付款\"",
        );
    let catalog = write(&dir("lines"), "wallet.toml", text);
    let output = both(&catalog, &["explain", "WALLET_OK"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        concat!(
            "WALLET_OK\n",
            "  status       S (success)\n",
            "  category     wallet (Wallet)\n",
            "  description  The wallet took\n",
            "               the payment\n",
            "  resolution   Nothing to do\n",
            "  retry        never: the result is final; show the user message\n",
            "  messages     en     Paid,\n",
            "                      thank you.\n",
            "               zh-CN  已付款\n",
        )
    );
}

/// A catalog that is not UTF-8 is one line, at the first bad byte; one that cannot be read,
/// one line saying why.
#[test]
fn a_catalog_that_cannot_be_read_or_is_not_utf8_is_one_positioned_line() {
    let dir = dir("one-line");
    let latin1 = write(&dir, "x.toml", b"[codes.A]\nstatus = \"\xff\"\n");
    let output = run(&["check", &latin1]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("{latin1}:2:11: the file is not valid UTF-8")),
        "{err}"
    );
    let missing = dir.join("no-such-file.toml").to_str().unwrap().to_owned();
    let output = run(&["check", &missing]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("{missing}: cannot read the catalog: ")),
        "{err}"
    );
}
