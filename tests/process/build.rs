//! Real `cargo` builds: a downstream crate, regeneration when (and only when) codes.toml
//! changes, a broken codes.toml, and catalog text that tries to break the generated code.
//!
//! These build copies of the crate under `test-crates/` in the target directory's `tmp/`,
//! sharing one target directory; the first run compiles the dependencies once. They take
//! minutes, so `cargo test` skips them; `.ci/run` runs them in a step of their own
//! (`cargo test -p errcat --test process -- --ignored`).

use crate::common;
use std::fs;

use crate::common::{cargo, copy_crate, ran_build_script, repo, scratch, text};

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_downstream_crate_matches_on_codes_and_classifies() {
    let dir = scratch("downstream");
    let errcat = repo().display().to_string().replace('\\', "/");
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nerrcat = {{ path = \"{errcat}\" }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(
        dir.join("src/main.rs"),
        r#"use errcat::{classify, classify_result, Code, RetryPolicy, Status};

fn what(code: &str) -> &'static str {
    match classify(code).code() {
        Some(Code::InsufficientBalance) | Some(Code::RiskReject) => "declined",
        Some(Code::SystemBusy) => "busy",
        Some(_) => "other",
        None => "uncatalogued",
    }
}

fn main() {
    let c = classify_result(Status::Unknown, "PAYMENT_IN_PROCESS");
    let poll = matches!(c.retry(), RetryPolicy::Poll { .. });
    println!("{} {} {} {} {poll}", what("INSUFFICIENT_BALANCE"), what("SYSTEM_BUSY"), what("SUCCESS"), what("nope"));
}
"#,
    )
    .unwrap();
    fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = cargo(&dir, &["run", "--quiet", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "declined busy other uncatalogued true\n");
}

/// Uses a code that codes.toml does not have until the test appends it.
const PROBE: &str = r#"fn main() {
    let code = errcat::Code::ErrcatTestAppended;
    let c = errcat::classify("ERRCAT_TEST_APPENDED");
    assert_eq!(c.code(), Some(code));
    println!("{code} {} {} {:?} {}", code.status(), code.category(), code.retry(), code.user_message_in("zh-CN"));
}
"#;

/// An entry in exactly the shape the README and the catalog issue document.
const APPENDED: &str = r#"
[codes.ERRCAT_TEST_APPENDED]
status = "F"
category = "payment_processing"
description = "Customer has insufficient funds"
resolution = "Inform customer"
retry = "never"          # optional: the category's default otherwise
message.en = "Your balance is too low for this payment. Please try another payment method."
message.zh-CN = "余额不足，请更换其他支付方式。"
"#;

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn codes_toml_regenerates_the_catalog_and_nothing_else_does() {
    let dir = copy_crate("regen");
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::write(dir.join("examples/probe.rs"), PROBE).unwrap();

    let out = cargo(&dir, &["build", "-v", "--offline"]);
    assert!(out.status.success(), "{}", text(&out).1);

    let out = cargo(&dir, &["build", "-v", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(
        !ran_build_script(&stderr, ""),
        "a no-op build ran the build script:\n{stderr}"
    );
    assert!(stderr.contains("Fresh errcat v"), "{stderr}");

    fs::write(dir.join("README.md"), "# changed\n").unwrap();
    fs::write(dir.join("tests/added.rs"), "#[test]\nfn t() {}\n").unwrap();
    let out = cargo(&dir, &["build", "-v", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(
        !ran_build_script(&stderr, ""),
        "a README or test edit ran the build script:\n{stderr}"
    );

    // Before the code exists, the probe does not compile.
    let out = cargo(&dir, &["build", "--example", "probe", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("ErrcatTestAppended"), "{stderr}");

    let mut catalog = fs::read_to_string(dir.join("codes.toml")).unwrap();
    catalog.push_str(APPENDED);
    fs::write(dir.join("codes.toml"), catalog).unwrap();
    let out = cargo(&dir, &["run", "-v", "--example", "probe", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(ran_build_script(&stderr, ""), "{stderr}");
    assert_eq!(
        stdout,
        "ERRCAT_TEST_APPENDED F payment_processing Never 余额不足，请更换其他支付方式。\n"
    );

    // Touching codes.toml (same content) reruns it too.
    let file = fs::File::options()
        .append(true)
        .open(dir.join("codes.toml"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now()).unwrap();
    drop(file);
    let out = cargo(&dir, &["build", "-v", "--offline"]);
    assert!(ran_build_script(&text(&out).1, ""), "{}", text(&out).1);
}

fn broken_build(name: &str, catalog: &str) -> String {
    let dir = copy_crate(name);
    fs::write(dir.join("codes.toml"), catalog).unwrap();
    let out = cargo(&dir, &["build", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(
        !out.status.success(),
        "a broken codes.toml built:\n{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
    stderr
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_broken_codes_toml_fails_the_build_with_every_position() {
    let good = fs::read_to_string(repo().join("codes.toml")).unwrap();
    let bad = good
        .replacen(
            "[codes.RISK_REJECT]\nstatus = \"F\"",
            "[codes.RISK_REJECT]\nstatus = \"X\"",
            1,
        )
        .replacen("category = \"refund\"", "category = \"refunds\"", 1)
        .replacen(
            "resolution = \"Sync server clock\"",
            "resolutoin = \"Sync server clock\"",
            1,
        );
    let line = |needle: &str| bad.lines().position(|l| l == needle).unwrap() + 1;
    let status = line("status = \"X\"");
    let category = line("category = \"refunds\"");
    let field = line("resolutoin = \"Sync server clock\"");
    let stderr = broken_build("broken", &bad);
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: errcat@0.2.0: "))
        .collect();
    assert_eq!(errors.len(), 4, "{stderr}"); // the typo also leaves `resolution` missing
    assert!(
        errors.iter().any(|e| e.starts_with(&format!(
            "codes.toml:{status}:10: code \"RISK_REJECT\": status \"X\""
        ))),
        "{stderr}"
    );
    assert!(errors.iter().any(|e| e.starts_with(&format!("codes.toml:{category}:12: code \"REFUND_AMOUNT_EXCEED\": category \"refunds\" is not defined (did you mean \"refund\"?)"))), "{stderr}");
    assert!(errors.iter().any(|e| e.starts_with(&format!("codes.toml:{field}:1: code \"REQUEST_TIME_INVALID\": unknown field \"resolutoin\" (did you mean \"resolution\"?)"))), "{stderr}");

    let stderr = broken_build(
        "broken-syntax",
        &good.replacen("[codes.SYSTEM_BUSY]", "[codes.SYSTEM_BUSY", 1),
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: errcat@0.2.0: "))
        .collect();
    let header = good
        .lines()
        .position(|l| l == "[codes.SYSTEM_BUSY]")
        .unwrap()
        + 1;
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].starts_with(&format!("codes.toml:{header}:")),
        "{stderr}"
    );
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn catalog_text_survives_into_the_compiled_crate_byte_for_byte() {
    let fixture = repo().join("codegen/tests/fixtures/tricky.toml");
    let catalog = errcat_codegen::check_file(&fixture).unwrap();
    let dir = copy_crate("tricky");
    fs::copy(&fixture, dir.join("codes.toml")).unwrap();
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::write(
        dir.join("examples/dump.rs"),
        r#"fn main() {
    for code in errcat::Code::ALL {
        println!("{:?}", (code.as_str(), code.description(), code.resolution(), code.messages()));
    }
}
"#,
    )
    .unwrap();
    let out = cargo(&dir, &["run", "--quiet", "--example", "dump", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let expected: String = catalog
        .codes
        .iter()
        .map(|c| {
            let messages: Vec<(&str, &str)> = c
                .messages
                .iter()
                .map(|m| (m.locale.as_str(), m.text.as_str()))
                .collect();
            format!(
                "{:?}\n",
                (
                    c.code.as_str(),
                    c.description.as_str(),
                    c.resolution.as_str(),
                    messages.as_slice()
                )
            )
        })
        .collect();
    assert_eq!(stdout, expected);

    // rustdoc renders the catalog's text without a warning.
    let out = std::process::Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--offline", "-p", "errcat"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", common::test_crates().join("target"))
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
}

/// What TOML allows but rustc does not in a doc comment, or a reader would not see there:
/// bidi controls, CR, NUL, ESC, DEL, C1 controls, line separators, a byte-order mark, and
/// comment markers.
const HOSTILE: &[&str] = &[
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{200E}",
    "\u{200F}",
    "\u{061C}",
    "\r",
    "\r\n",
    "\0",
    "\u{1B}[2J",
    "\u{7F}",
    "\u{85}",
    "\u{9B}",
    "\u{2028}",
    "\u{2029}",
    "\u{FEFF}",
    "*/",
    "/*",
    "\"#",
    "\\",
    "\t",
];

/// A TOML basic string holding `s` exactly, every character outside printable ASCII escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A catalog with each hostile text in each field that holds text (descriptions, resolutions,
/// messages, category titles, fallbacks), plus 513 codes of the shape `PAY_ERR{X}_REGION{Y}`
/// that need the generator's fallback hash key.
fn hostile_catalog() -> String {
    let all: String = HOSTILE.concat();
    let text = |h: &str, field: &str| toml_string(&format!("{field} {h}end {h}"));
    let mut toml = String::from(
        "[policies.never]\nkind = \"never\"\n\
         [policies.backoff]\nkind = \"backoff\"\ninitial_delay_ms = 100\nmax_delay_ms = 800\nmax_attempts = 3\n\
         [policies.poll]\nkind = \"poll\"\ninterval_ms = 100\ntimeout_ms = 1000\n",
    );
    for (status, retry) in [
        ("S", "never"),
        ("F", "never"),
        ("U", "backoff"),
        ("A", "poll"),
    ] {
        toml.push_str(&format!(
            "[fallback.{status}]\nretry = \"{retry}\"\ndescription = {}\nresolution = {}\n\
             message.en = {}\nmessage.zh-CN = {}\n",
            text(&all, "d"),
            text(&all, "r"),
            text(&all, "en"),
            text(&all, "zh"),
        ));
    }
    for (i, h) in HOSTILE.iter().enumerate() {
        toml.push_str(&format!(
            "[categories.c{i}]\ntitle = {}\nretry = \"never\"\n\
             [codes.HOSTILE_{i}]\nstatus = \"F\"\ncategory = \"c{i}\"\ndescription = {}\n\
             resolution = {}\nmessage.en = {}\nmessage.zh-CN = {}\n",
            text(h, "title"),
            text(h, "d"),
            text(h, "r"),
            text(h, "en"),
            text(h, "zh"),
        ));
    }
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    for x in alphabet.chars() {
        for y in alphabet.chars() {
            toml.push_str(&format!(
                "[codes.PAY_ERR{x}_REGION{y}]\nstatus = \"F\"\ncategory = \"c0\"\n\
                 description = \"d\"\nresolution = \"r\"\nmessage.en = \"m\"\n"
            ));
        }
    }
    toml
}

/// `errcat check` passes it, so it builds: every hostile text survives exactly in the string
/// tables, the docs build without a warning, and every code (513 and more that need the
/// fallback hash key) is found.
#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_catalog_with_hostile_text_and_codes_builds_and_keeps_its_text() {
    let source = hostile_catalog();
    let catalog =
        errcat_codegen::check_str("codes.toml", &source).unwrap_or_else(|r| panic!("{r}"));
    assert!(catalog.codes.len() > 1300);
    let dir = copy_crate("hostile");
    fs::write(dir.join("codes.toml"), &source).unwrap();
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::write(
        dir.join("examples/dump.rs"),
        r#"use errcat::{classify_result, Code, Status};

fn main() {
    for &code in Code::ALL {
        assert_eq!(Code::from_code(code.as_str()), Some(code), "{}", code.as_str());
        let text = (code.description(), code.resolution(), code.messages(), code.category().title());
        println!("{} {text:?}", code.as_str());
    }
    for miss in ["PAY_ERRA_REGIONa", "PAY_ERRA_REGION", "PAY_ERRA_REGIONAA", "", "HOSTILE_"] {
        assert_eq!(Code::from_code(miss), None, "{miss}");
    }
    for status in Status::ALL {
        let c = classify_result(status, "NOT_IN_THE_CATALOG");
        println!("{} {:?}", status.as_str(), (c.description(), c.resolution(), c.messages()));
    }
}
"#,
    )
    .unwrap();
    let out = cargo(&dir, &["run", "--quiet", "--example", "dump", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let mut expected = String::new();
    for c in &catalog.codes {
        let messages: Vec<(&str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.locale.as_str(), m.text.as_str()))
            .collect();
        let title = catalog.categories[c.category].title.as_str();
        let text = (
            c.description.as_str(),
            c.resolution.as_str(),
            messages.as_slice(),
            title,
        );
        expected.push_str(&format!("{} {text:?}\n", c.code));
    }
    for f in &catalog.fallbacks {
        let messages: Vec<(&str, &str)> = f
            .messages
            .iter()
            .map(|m| (m.locale.as_str(), m.text.as_str()))
            .collect();
        let text = (
            f.description.as_str(),
            f.resolution.as_str(),
            messages.as_slice(),
        );
        expected.push_str(&format!("{} {text:?}\n", f.status));
    }
    assert_eq!(stdout, expected);
    // The texts arrived whole: a bidi control and a CR, decoded, in a description.
    assert!(catalog.codes[4].description.contains('\u{202E}'));
    assert!(catalog.codes[12].description.contains('\r'));

    let out = std::process::Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--offline", "-p", "errcat"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", common::test_crates().join("target"))
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
}

/// Codes for a catalog that changes: a deprecated one, a retired one (whose alias still looks
/// it up), appended to errcat's catalog.
const CHANGING: &str = r#"
[codes.ERRCAT_TEST_OLD]
status = "F"
category = "payment_processing"
description = "Customer has insufficient funds"
resolution = "Inform customer"
deprecated = "use INSUFFICIENT_BALANCE"
message.en = "Your balance is too low for this payment. Please try another payment method."

[codes.ERRCAT_TEST_GONE]
status = "F"
category = "payment_processing"
description = "Customer has insufficient funds"
resolution = "Inform customer"
aliases = ["ERRCAT_TEST_GONE_TOO"]
retired = "2025-01, merged into INSUFFICIENT_BALANCE"
message.en = "Your balance is too low for this payment. Please try another payment method."
"#;

/// A downstream `match` that names the variants.
const NAMES_DEPRECATED: &str = r#"use errcat::Code;

fn main() {
    let code = Code::from_code("ERRCAT_TEST_GONE_TOO");
    let word = match code {
        Some(Code::ErrcatTestOld) => "old",
        Some(Code::ErrcatTestGone) => "gone",
        _ => "other",
    };
    let gone = code.unwrap();
    println!("{word} {} {:?} {:?}", gone.as_str(), gone.retired(), gone.aliases());
}
"#;

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn deprecated_and_retired_variants_warn_downstream_and_nowhere_else() {
    let dir = copy_crate("deprecated");
    let mut catalog = fs::read_to_string(dir.join("codes.toml")).unwrap();
    catalog.push_str(CHANGING);
    fs::write(dir.join("codes.toml"), catalog).unwrap();
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::write(dir.join("examples/names_deprecated.rs"), NAMES_DEPRECATED).unwrap();

    // errcat's own build, with the generated code: no warning at all.
    let out = cargo(&dir, &["build", "--lib", "--offline", "--all-features"]);
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "errcat's own build warns:\n{stderr}"
    );

    // The crate that names the variants: a deprecation warning for each, and it runs.
    let out = cargo(&dir, &["run", "--example", "names_deprecated", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "use of deprecated unit variant `errcat::Code::ErrcatTestOld`: use INSUFFICIENT_BALANCE"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "use of deprecated unit variant `errcat::Code::ErrcatTestGone`: retired: the platform no \
             longer sends it (2025-01, merged into INSUFFICIENT_BALANCE)"
        ),
        "{stderr}"
    );
    assert_eq!(
        stdout,
        "gone ERRCAT_TEST_GONE Some(\"2025-01, merged into INSUFFICIENT_BALANCE\") [\"ERRCAT_TEST_GONE_TOO\"]\n"
    );
}
