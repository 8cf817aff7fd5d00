//! Hostile input (errcat issue 15): nothing from outside reaches the terminal raw, a huge code
//! costs nothing to suggest for, and no input is read past its limit. Every file is generated
//! here, under `CARGO_TARGET_TMPDIR`.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{catalog_path, code, errcat, run, stderr, stdout};
use errcat::Code;
use serde_json::Value;

/// A payload, and what it must look like once escaped.
struct Payload {
    name: &'static str,
    raw: &'static str,
    escaped: &'static str,
}

/// The issue's reproducers: a right-to-left override that shows `RISK_REJECT`, an OSC window
/// title, a screen clear, a forged line.
const PAYLOADS: [Payload; 4] = [
    Payload {
        name: "bidi",
        raw: "RISK_\u{202e}TCEJER",
        escaped: r"RISK_\u{202e}TCEJER",
    },
    Payload {
        name: "osc",
        raw: "\u{1b}]0;pwned\u{7}",
        escaped: r"\u{1b}]0;pwned\u{7}",
    },
    Payload {
        name: "clear",
        raw: "\u{1b}[2J",
        escaped: r"\u{1b}[2J",
    },
    Payload {
        name: "newline",
        raw: "\nFORGED",
        escaped: r"\nFORGED",
    },
];

/// Characters that must never reach stdout or stderr in these tests (none is a terminal, so
/// errcat colors nothing and prints no escape of its own).
const RAW: [char; 5] = ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\u{2028}'];

/// Asserts that neither stream holds a raw control, bidi control or forged line, and that the
/// payload's escaped form is shown (somewhere in `want_in`).
fn assert_escaped(what: &str, output: &Output, payload: &Payload, want_in: &str) {
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    for (stream, text) in [("stdout", &out), ("stderr", &err)] {
        assert!(
            !text.contains(RAW),
            "{what} ({}): raw character on {stream}: {text:?}",
            payload.name
        );
        assert!(
            !text.contains("\nFORGED"),
            "{what} ({}): forged line on {stream}: {text:?}",
            payload.name
        );
    }
    let shown = match want_in {
        "stdout" => &out,
        "stderr" => &err,
        _ => unreachable!(),
    };
    assert!(
        shown.contains(payload.escaped),
        "{what} ({}): {:?} not on {want_in}: {shown:?}",
        payload.name,
        payload.escaped
    );
}

/// The longest catalogued code: with a payload appended it is still near enough for a "did
/// you mean" note.
fn longest_code() -> &'static str {
    Code::ALL
        .iter()
        .map(|c| c.as_str())
        .max_by_key(|c| c.len())
        .unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn write(name: &str, contents: &[u8]) -> PathBuf {
    let path = tmp(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run_os(args: &[&OsStr]) -> Output {
    errcat().args(args).output().expect("errcat runs")
}

/// A JSON string literal for `text` (so a payload travels inside a response exactly).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn explain_echoes_an_unknown_code_escaped() {
    for p in &PAYLOADS {
        let output = run(&["explain", p.raw]);
        assert_eq!(code(&output), 1);
        assert_escaped("explain", &output, p, "stderr");
        assert!(stderr(&output).starts_with(&format!("error: unknown code '{}'", p.escaped)));
        // With --json too: the error is the same.
        let output = run(&["explain", p.raw, "--json"]);
        assert_escaped("explain --json", &output, p, "stderr");
    }
}

#[test]
fn classify_prints_an_uncatalogued_code_escaped_in_its_title_and_note() {
    let longest = longest_code();
    for p in &PAYLOADS {
        // Close enough to a code for a "did you mean" note on stderr.
        let near = format!("{longest}{}", p.raw);
        let output = run(&["classify", &near, "--status", "F"]);
        assert_eq!(code(&output), 0);
        assert_escaped("classify title", &output, p, "stdout");
        assert_escaped("classify note", &output, p, "stderr");
        assert!(
            stdout(&output).starts_with(&format!("{longest}{} (not in the catalog)\n", p.escaped)),
            "{}",
            stdout(&output)
        );
        assert!(stderr(&output).contains(&format!("did you mean {longest}?")));
        let output = run(&["classify", p.raw]);
        assert_escaped("classify title", &output, p, "stdout");
    }
}

#[test]
fn classify_prints_the_locale_label_escaped() {
    for p in &PAYLOADS {
        let output = run(&["classify", "SYSTEM_BUSY", "--locale", p.raw]);
        assert_eq!(code(&output), 0);
        assert_escaped("--locale", &output, p, "stdout");
        assert!(stdout(&output).contains(&format!("user message ({})", p.escaped)));
    }
}

#[test]
fn classify_response_prints_code_and_server_message_escaped() {
    for p in &PAYLOADS {
        let near = format!("{}{}", longest_code(), p.raw);
        let body = format!(
            r#"{{"result":{{"resultStatus":"F","resultCode":{},"resultMessage":{}}}}}"#,
            json_string(&near),
            json_string(p.raw)
        );
        let path = write(&format!("response-{}.json", p.name), body.as_bytes());
        let output = run(&["classify", "--response", path.to_str().unwrap()]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert_escaped("response title", &output, p, "stdout");
        assert_escaped("response note", &output, p, "stderr");
        let out = stdout(&output);
        let line = out
            .lines()
            .find(|l| l.starts_with("  server message "))
            .unwrap_or_else(|| panic!("no server message line: {out}"));
        assert!(
            line.ends_with(&format!(
                " \"{}\" (for logs, never for the user)",
                p.escaped
            )),
            "{line}"
        );
    }
}

/// The action for the person paying (issue 21): every URL and the form's method are text from
/// the response, escaped in text like any other, and kept exactly in JSON.
#[test]
fn classify_response_prints_the_user_actions_urls_escaped() {
    for p in &PAYLOADS {
        let url = format!("https://wallet.example/{}", p.raw);
        let body = format!(
            r#"{{"result":{{"resultStatus":"A","resultCode":"ACCEPT"}},"normalUrl":{url},"schemeUrl":{url},"applinkUrl":{url},"redirectActionForm":{{"redirectUrl":{url},"method":{method}}}}}"#,
            url = json_string(&url),
            method = json_string(p.raw),
        );
        let path = write(&format!("action-{}.json", p.name), body.as_bytes());
        let output = run(&["classify", "--response", path.to_str().unwrap()]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert_escaped("user action", &output, p, "stdout");
        let out = stdout(&output);
        let shown = format!("https://wallet.example/{}", p.escaped);
        for line in [
            format!("open normalUrl: {shown}"),
            format!("open schemeUrl: {shown}"),
            format!("open applinkUrl: {shown}"),
            format!("submit redirectActionForm ({}): {shown}", p.escaped),
        ] {
            assert!(
                out.lines().any(|l| l.ends_with(&format!("  {line}"))),
                "{}: no line {line:?}: {out}",
                p.name
            );
        }
        let output = run(&["classify", "--response", path.to_str().unwrap(), "--json"]);
        let text = stdout(&output);
        assert!(!text.contains(['\u{1b}', '\u{7}']), "{text:?}");
        let value: Value = serde_json::from_str(&text).unwrap();
        let action = &value["outcome"]["user_action"];
        for key in ["normalUrl", "schemeUrl", "applinkUrl"] {
            assert_eq!(action[key], url.as_str(), "{}: {key}", p.name);
        }
        assert_eq!(
            action["redirectActionForm"],
            serde_json::json!({"redirectUrl": url, "method": p.raw}),
            "{}",
            p.name
        );
    }
}

#[test]
fn response_errors_quote_the_body_escaped() {
    for p in &PAYLOADS {
        let body = format!(
            r#"{{"resultStatus":{},"resultCode":"X"}}"#,
            json_string(p.raw)
        );
        let path = write(&format!("bad-status-{}.json", p.name), body.as_bytes());
        let output = run(&["classify", "-r", path.to_str().unwrap()]);
        assert_eq!(code(&output), 1);
        assert_escaped("bad status", &output, p, "stderr");
        assert!(stderr(&output).contains("invalid result status"));
    }
}

#[test]
fn file_names_are_printed_escaped() {
    for p in &PAYLOADS {
        // A malformed response in a file with a hostile name.
        let path = write(&format!("name-{}.json", p.raw), b"{");
        let output = run_os(&["classify".as_ref(), "-r".as_ref(), path.as_os_str()]);
        assert_eq!(code(&output), 1);
        assert_escaped("response file name", &output, p, "stderr");
        assert!(stderr(&output).contains("malformed JSON"));
        // A missing response and a missing catalog.
        let missing = tmp(&format!("missing-{}.json", p.raw));
        let output = run_os(&["classify".as_ref(), "-r".as_ref(), missing.as_os_str()]);
        assert_eq!(code(&output), 1);
        assert_escaped("missing response", &output, p, "stderr");
        assert!(stderr(&output).starts_with("error: cannot read "));
        let output = run_os(&["check".as_ref(), missing.as_os_str()]);
        assert_eq!(code(&output), 1);
        assert_escaped("missing catalog", &output, p, "stderr");
        assert!(stderr(&output).contains(": cannot read the catalog: "));
        // A good catalog under a hostile name: the "ok" line on stdout.
        let catalog = std::fs::read(catalog_path()).unwrap();
        let path = write(&format!("codes-{}.toml", p.raw), &catalog);
        let output = run_os(&["check".as_ref(), path.as_os_str()]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert_escaped("catalog name", &output, p, "stdout");
    }
}

#[test]
fn check_prints_the_catalogs_own_text_escaped() {
    let catalog = std::fs::read_to_string(catalog_path()).unwrap();
    for p in &PAYLOADS {
        // TOML escapes put the payload into a code name, a status and a field name.
        let toml_text = json_string(p.raw);
        let broken = format!(
            "{catalog}\n[codes.{toml_text}]\nstatus = {toml_text}\ncategory = \"system\"\n\
             description = \"d\"\nresolution = \"r\"\nmessage.en = \"m\"\n{toml_text} = 1\n"
        );
        let path = write(&format!("broken-{}.toml", p.name), broken.as_bytes());
        let output = run(&["check", path.to_str().unwrap()]);
        assert_eq!(code(&output), 1);
        assert_escaped("check report", &output, p, "stderr");
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn search_echoes_its_words_escaped() {
    for p in &PAYLOADS {
        let output = run(&["search", p.raw]);
        assert_eq!(code(&output), 0);
        assert_escaped("search", &output, p, "stderr");
        assert!(stderr(&output).contains("no catalogued code matches '"));
    }
}

#[test]
fn usage_errors_echo_arguments_escaped() {
    for p in &PAYLOADS {
        let output = run(&["list", "--category", p.raw]);
        assert_eq!(code(&output), 2);
        assert_escaped("usage error", &output, p, "stderr");
        assert!(
            stderr(&output).starts_with(&format!("error: invalid value '{}'", p.escaped)),
            "{}",
            stderr(&output)
        );
        let output = run(&["classify", "X", "--status", p.raw]);
        assert_eq!(code(&output), 2);
        assert_escaped("usage error", &output, p, "stderr");
    }
    // Not UTF-8 and hostile in one argument: the message is written escaped on one line.
    use std::os::unix::ffi::OsStrExt;
    let arg = OsStr::from_bytes(b"\xff\x1b[2J\nFORGED");
    let output = run_os(&["classify".as_ref(), arg]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(!err.contains(RAW) && !err.contains("\nFORGED"), "{err:?}");
    assert!(err.starts_with("error: invalid UTF-8"), "{err}");
}

/// `--json` is exact JSON: controls are JSON escapes (never raw), other text is as sent.
#[test]
fn json_output_keeps_every_code_exactly() {
    for p in &PAYLOADS {
        let output = run(&["classify", p.raw, "--json", "--locale", p.raw]);
        assert_eq!(code(&output), 0);
        let text = stdout(&output);
        assert!(!text.contains(['\u{1b}', '\u{7}']), "{text:?}");
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["raw_code"], p.raw, "{}", p.name);
    }
    // A bidi control is not a JSON escape: it stays as sent, for machines.
    let output = run(&["classify", "RISK_\u{202e}TCEJER", "--json"]);
    assert!(stdout(&output).contains("\"RISK_\u{202e}TCEJER\""));
}

/// A 16 MB code (inside a response under the 16 MiB limit) is answered at once, with no
/// suggestion: "did you mean" only looks at inputs of plausible length.
#[test]
fn a_huge_code_gets_no_suggestion() {
    let longest = longest_code();
    let huge = longest.repeat(16_000_000 / longest.len());
    let body = format!(r#"{{"resultStatus":"F","resultCode":"{huge}"}}"#);
    assert!(body.len() < 16 << 20);
    let path = write("huge-code.json", body.as_bytes());
    // `--api pay`: no note about an inferred API either, so stderr must be empty.
    let output = run(&["classify", "-r", path.to_str().unwrap(), "--api", "pay"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let out = stdout(&output);
    // The outcome first (the code as sent), then the call's own result.
    assert!(out.starts_with(&format!("failed {huge} (the payment's outcome")));
    assert!(out.contains(&format!(
        "\n{huge} (not in the catalog) (the call's own result)\n"
    )));
    assert!(out.contains("the F fallback: the code is not in the catalog"));
}

#[test]
fn dev_zero_is_refused_at_the_limit() {
    let output = run(&["classify", "--response", "/dev/zero"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: cannot read /dev/zero: the response is larger than 16 MiB (16777216 bytes), \
         the limit; --max-response-bytes BYTES sets another\n"
    );
    assert!(stdout(&output).is_empty());
    let output = run(&["check", "/dev/zero"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "/dev/zero: cannot read the catalog: the catalog is larger than 64 MiB (67108864 \
         bytes), the limit; --max-catalog-bytes BYTES sets another\n"
    );
    let output = run(&["check", "/dev/zero", "--max-catalog-bytes", "1KiB"]);
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("larger than 1 KiB (1024 bytes)"));
}

/// Runs errcat with an endless stdin (bytes written until errcat stops reading).
fn run_with_endless_stdin(args: &[&str]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin!("errcat");
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        // Ends when errcat closes its end (a broken pipe).
        while stdin.write_all(&chunk).is_ok() {}
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

#[test]
fn an_endless_stdin_is_refused_at_the_limit() {
    let output = run_with_endless_stdin(&["classify", "-r", "-"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: cannot read <stdin>: the response is larger than 16 MiB (16777216 bytes), \
         the limit; --max-response-bytes BYTES sets another\n"
    );
    let output = run_with_endless_stdin(&["check", "-", "--max-catalog-bytes", "3MiB"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "<stdin>: cannot read the catalog: the catalog is larger than 3 MiB (3145728 bytes), \
         the limit; --max-catalog-bytes BYTES sets another\n"
    );
}

/// A response padded with spaces to exactly `len` bytes.
fn padded_response(len: usize) -> Vec<u8> {
    let mut body = br#"{"resultStatus":"U","resultCode":"SYSTEM_BUSY"}"#.to_vec();
    assert!(body.len() <= len);
    body.resize(len, b' ');
    body
}

#[test]
fn a_file_at_the_limit_is_read_and_one_byte_more_is_not() {
    let at = write("at-limit.json", &padded_response(1000));
    let over = write("over-limit.json", &padded_response(1001));
    let args = |path: &Path| {
        vec![
            "classify".to_owned(),
            "-r".to_owned(),
            path.to_str().unwrap().to_owned(),
            "--max-response-bytes".to_owned(),
            "1000".to_owned(),
        ]
    };
    let output = errcat().args(args(&at)).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("retry SYSTEM_BUSY (the payment's outcome"));
    assert!(stdout(&output).contains("\nSYSTEM_BUSY (the call's own result)\n"));
    let output = errcat().args(args(&over)).output().unwrap();
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot read {}: the response is larger than 1000 bytes, the limit; \
             --max-response-bytes BYTES sets another\n",
            over.display()
        )
    );
    // The same on stdin.
    let output = errcat()
        .args(["classify", "-r", "-", "--max-response-bytes", "1000"])
        .write_stdin(padded_response(1000))
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = errcat()
        .args(["--max-response-bytes", "1000", "classify", "-r", "-"])
        .write_stdin(padded_response(1001))
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("larger than 1000 bytes"));

    // A catalog: the shipped one at its own size, then with a byte less allowed.
    let catalog = catalog_path();
    let size = std::fs::metadata(&catalog).unwrap().len().to_string();
    let path = catalog.to_str().unwrap();
    let output = run(&["check", path, "--max-catalog-bytes", &size]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let less = (size.parse::<u64>().unwrap() - 1).to_string();
    let output = run(&["check", path, "--max-catalog-bytes", &less]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains(&format!("the catalog is larger than {less} bytes")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_limit_is_a_usage_error() {
    let output = run(&["check", "--max-catalog-bytes", "16MB"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with(
            "error: invalid value '16MB' for '--max-catalog-bytes <BYTES>': expected a number \
             of bytes, optionally with KiB, MiB or GiB"
        ),
        "{}",
        stderr(&output)
    );
    let output = run(&["classify", "X", "--max-response-bytes", "99999999999GiB"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("too large"), "{}", stderr(&output));
}

/// The flags are documented in `--help`.
#[test]
fn help_documents_the_limits() {
    let help = stdout(&run(&["classify", "--help"]));
    assert!(help.contains("--max-response-bytes <BYTES>"), "{help}");
    assert!(help.contains("[default: 16MiB]"), "{help}");
    let help = stdout(&run(&["check", "--help"]));
    assert!(help.contains("--max-catalog-bytes <BYTES>"), "{help}");
    assert!(help.contains("[default: 64MiB]"), "{help}");
}

/// The edges of a limit: nothing fits a zero limit but nothing, one byte is said in the
/// singular, and the largest limit does not overflow.
#[test]
fn reads_up_to_the_limit_and_refuses_one_byte_more() {
    let limited = |limit: &str, stdin: &str| {
        errcat()
            .args(["check", "-", "--max-catalog-bytes", limit])
            .write_stdin(stdin)
            .output()
            .unwrap()
    };
    let refused = |shown: &str| {
        format!(
            "<stdin>: cannot read the catalog: the catalog is larger than {shown}, the limit; \
             --max-catalog-bytes BYTES sets another\n"
        )
    };
    // An empty catalog fits a zero limit (and is then validated: it lacks everything).
    let output = limited("0", "");
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).starts_with("<stdin>:"),
        "{}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("larger than"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&limited("0", "x")), refused("0 bytes"));
    assert_eq!(stderr(&limited("1", "xy")), refused("1 byte"));
    // An endless input stops at the limit.
    let output = run(&["check", "/dev/zero", "--max-catalog-bytes", "1MiB"]);
    assert_eq!(
        stderr(&output),
        refused("1 MiB (1048576 bytes)").replace("<stdin>", "/dev/zero")
    );
    let catalog = catalog_path();
    let output = run(&[
        "check",
        catalog.to_str().unwrap(),
        "--max-catalog-bytes",
        &u64::MAX.to_string(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

/// How a limit is read (a number of bytes, or with KiB, MiB or GiB, a space allowed before the
/// unit) and how messages write it back.
#[test]
fn sizes() {
    let catalog = catalog_path();
    let check = |limit: &str| {
        let flag = format!("--max-catalog-bytes={limit}");
        run(&["check", catalog.to_str().unwrap(), &flag])
    };
    for (limit, shown) in [
        ("0", "0 bytes"),
        ("100", "100 bytes"),
        ("100B", "100 bytes"),
        ("1000", "1000 bytes"),
        ("2KiB", "2 KiB (2048 bytes)"),
        ("3 KiB", "3 KiB (3072 bytes)"),
    ] {
        let output = check(limit);
        assert_eq!(code(&output), 1, "{limit}");
        assert!(
            stderr(&output).ends_with(&format!(
                ": the catalog is larger than {shown}, the limit; --max-catalog-bytes BYTES \
                 sets another\n"
            )),
            "{limit}: {}",
            stderr(&output)
        );
    }
    for limit in ["16MiB", "64 MiB", "1GiB", "2GiB", "104857600"] {
        let output = check(limit);
        assert_eq!(code(&output), 0, "{limit}: {}", stderr(&output));
    }
    // The largest limits read as one message says them: the defaults.
    let output = run(&["classify", "--response", "/dev/zero"]);
    assert!(stderr(&output).contains("larger than 16 MiB (16777216 bytes)"));
    let output = run(&["check", "/dev/zero"]);
    assert!(stderr(&output).contains("larger than 64 MiB (67108864 bytes)"));
    for bad in [
        "",
        "MiB",
        "16MB",
        "-1",
        "1.5MiB",
        "x",
        "99999999999999999999GiB",
    ] {
        let output = check(bad);
        assert_eq!(code(&output), 2, "{bad}");
        assert!(
            stderr(&output).contains(&format!(
                "invalid value '{bad}' for '--max-catalog-bytes <BYTES>': expected a number of \
                 bytes, optionally with KiB, MiB or GiB"
            )),
            "{bad}: {}",
            stderr(&output)
        );
    }
    let output = check("17179869184GiB");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(
            "invalid value '17179869184GiB' for '--max-catalog-bytes <BYTES>': too large"
        ),
        "{}",
        stderr(&output)
    );
}
