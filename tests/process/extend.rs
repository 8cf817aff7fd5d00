//! A crate of a user's own that extends errcat's catalog, built with real cargo from what
//! `cargo package` makes of errcat and errcat-codegen (not from this workspace's paths): its
//! `codes.toml` says `extends = "errcat"`, its build script runs `errcat_codegen::Builder`, its
//! lib invokes `errcat::include_catalog!()`. It matches on its own and inherited variants,
//! classifies, converts between the two `Code` types, rebuilds when (and only when) its
//! `codes.toml` changes, reports a broken file at its positions, and names the versions to
//! align when errcat-codegen and errcat differ.
//!
//! Cargo inside cargo, and minutes of it: `cargo test` skips these; `.ci/run` runs them with
//! `--ignored`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{cargo, copy_dir, ran_build_script, repo, scratch, test_crates, text};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// errcat and errcat-codegen as `cargo package` makes them, unpacked once for every test:
/// the directories of the two packages.
fn packaged() -> &'static (PathBuf, PathBuf) {
    static PACKAGED: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PACKAGED.get_or_init(|| {
        let out = cargo(
            &repo(),
            &[
                "package",
                "-p",
                "errcat-codegen",
                "-p",
                "errcat",
                "--no-verify",
                "--allow-dirty",
                "--offline",
            ],
        );
        assert!(out.status.success(), "cargo package: {}", text(&out).1);
        let unpacked = scratch("packaged");
        for name in ["errcat-codegen", "errcat"] {
            let file = test_crates()
                .join("target/package")
                .join(format!("{name}-{VERSION}.crate"));
            // `m`: the files get the time of unpacking, not the fixed time `cargo package`
            // gives them, so that cargo sees a new package as changed in the shared target
            // directory.
            let status = Command::new("tar")
                .arg("xzmf")
                .arg(&file)
                .arg("-C")
                .arg(&unpacked)
                .status()
                .expect("tar runs");
            assert!(status.success(), "cannot unpack {}", file.display());
        }
        (
            unpacked.join(format!("errcat-{VERSION}")),
            unpacked.join(format!("errcat-codegen-{VERSION}")),
        )
    })
}

/// The code blocks of the README's "Your own codes" section, in order: the dependencies,
/// `codes.toml`, `build.rs`, the `include_catalog!` line, the usage example, ...
fn readme_blocks() -> Vec<String> {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("\n## Your own codes\n")
        .expect("the README has the section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in section.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(block), true) => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// The README's dependency lines, with the clone beside the user's crate (`../errcat`) where
/// the packaged crates are.
fn readme_dependencies(block: &str, errcat: &Path, codegen: &Path) -> String {
    let path = |p: &Path| p.display().to_string().replace('\\', "/");
    assert!(
        block.contains("path = \"../errcat\"") && block.contains("path = \"../errcat/codegen\""),
        "the README's dependencies are path dependencies on a clone beside the crate:\n{block}"
    );
    block
        .replace("\"../errcat/codegen\"", &format!("\"{}\"", path(codegen)))
        .replace("\"../errcat\"", &format!("\"{}\"", path(errcat)))
}

/// The README's `codes.toml`, the issue's example.
fn codes() -> String {
    readme_blocks()[1].clone()
}

/// The user's lib: their own `use errcat::{...}` lines beside the generated items.
/// The user's lib around the README's `include_catalog!` line.
const LIB_RS: &str = r#"use errcat::{RetryPolicy, Status};

INCLUDE

/// A match on the user's own variant and on an inherited one.
pub fn kind(code: Code) -> &'static str {
    match code {
        Code::WalletLimitExceeded => "wallet",
        Code::InsufficientBalance => "funds",
        _ => "other",
    }
}

/// Whether a result of `status` with `code` is final: errcat's types, the user's catalog.
pub fn is_final(status: Status, code: &str) -> bool {
    matches!(classify_result(status, code).retry(), RetryPolicy::Never)
}
"#;

const MAIN_RS: &str = r#"use shop::{Category, Code, classify, classify_result, is_final, kind};

fn readme() {
    use shop::*;
README
}

fn main() {
    readme();
    let own = classify("WALLET_LIMIT_EXCEEDED");
    println!("own: {:?} {:?} {:?} {:?}", own.code(), own.status(), own.category(), own.retry());
    println!("own message: {}", own.user_message());
    println!("own zh-CN: {}", own.user_message_in("zh-CN"));
    let inherited = classify("INSUFFICIENT_BALANCE");
    println!("inherited th: {}", inherited.user_message_in("th-TH"));
    println!("inherited zh-CN: {}", inherited.user_message_in("zh-CN"));
    println!("inherited en: {}", inherited.user_message());
    println!("alias: {:?}", Code::from_code("USER_BALANCE_NOT_ENOUGH"));
    println!("kinds: {} {} {}", kind(Code::WalletLimitExceeded), kind(Code::InsufficientBalance), kind(Code::SystemBusy));
    println!("parse: {:?}", "WALLET_LIMIT_EXCEEDED".parse::<Code>());
    println!("unknown: {:?}", classify("NOT_A_CODE").code());
    println!("status wins: {:?} final={}", classify_result(errcat::Status::Unknown, "WALLET_LIMIT_EXCEEDED").retry(), is_final(errcat::Status::Failed, "WALLET_LIMIT_EXCEEDED"));
    let from: Code = errcat::Code::InsufficientBalance.into();
    println!("from errcat: {from:?}");
    println!("back: {:?}", errcat::Code::try_from(Code::InsufficientBalance));
    println!("own back: {:?}", errcat::Code::try_from(Code::WalletLimitExceeded));
    println!("category: {:?} {:?}", Category::from(errcat::Category::Refund), Category::from_key("wallet").map(Category::title));
    println!("all: {}", Code::ALL.len() == errcat::Code::ALL.len() + 2);
}
"#;

/// A fresh crate `test-crates/NAME` that extends errcat, depending on the packaged crates;
/// `codegen` is the errcat-codegen its build script uses (the packaged one unless given).
fn user_crate(name: &str, codes: &str, codegen: Option<&Path>) -> PathBuf {
    let (errcat, packaged_codegen) = packaged();
    let blocks = readme_blocks();
    // The crate is the member `NAME/NAME` of a workspace rooted at `NAME/`: cargo hashes a
    // path package by its path relative to the workspace root, so crates that were all roots
    // (all named `shop`) would share one build-script directory in the shared target
    // directory, and one test's generated file could stand in for another's.
    let root = scratch(name);
    let dir = root.join(name);
    fs::create_dir_all(&dir).unwrap();
    let path = |p: &Path| p.display().to_string().replace('\\', "/");
    let build_dep = match codegen {
        Some(other) => format!("{{ path = \"{}\" }}", path(other)),
        None => String::new(),
    };
    fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nmembers = [\"{name}\"]\nresolver = \"3\"\n\n\
             [patch.crates-io]\nerrcat = {{ path = \"{}\" }}\nerrcat-codegen = {{ path = \"{}\" }}\n",
            path(errcat),
            path(packaged_codegen),
        ),
    )
    .unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            // The binary is named after the test: tests run at once, and binaries of one name
            // would overwrite each other in the shared target directory.
            "[package]\nname = \"shop\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [[bin]]\nname = \"{name}\"\npath = \"src/main.rs\"\n\n{}",
            // The README's dependencies, as written (with another generator where asked): path
            // dependencies on a clone beside the crate, here the packaged crates.
            match codegen {
                None => readme_dependencies(&blocks[0], errcat, packaged_codegen),
                Some(_) => readme_dependencies(&blocks[0], errcat, packaged_codegen).replace(
                    &format!("errcat-codegen = {{ path = \"{}\" }}", path(packaged_codegen)),
                    &format!("errcat-codegen = {build_dep}")
                ),
            },
        ),
    )
    .unwrap();
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(dir.join("codes.toml"), codes).unwrap();
    fs::write(dir.join("build.rs"), &blocks[2]).unwrap();
    fs::write(
        dir.join("src/lib.rs"),
        LIB_RS.replace("INCLUDE", &blocks[3]),
    )
    .unwrap();
    let usage: String = blocks[4].lines().map(|l| format!("    {l}\n")).collect();
    fs::write(
        dir.join("src/main.rs"),
        MAIN_RS.replace("README", usage.trim_end()),
    )
    .unwrap();
    fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    dir
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_crate_of_its_own_extends_the_packaged_catalog() {
    let dir = user_crate("extend", &codes(), None);
    let out = cargo(&dir, &["run", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the user's crate builds without warnings:\n{stderr}"
    );
    let expected = [
        "own: Some(WALLET_LIMIT_EXCEEDED) F Some(wallet) Never",
        "own message: This payment is over your wallet's limit. Please try another payment method.",
        // No zh-CN message of its own: English.
        "own zh-CN: This payment is over your wallet's limit. Please try another payment method.",
        "inherited th: ยอดเงินไม่เพียงพอ",
        "inherited zh-CN: 余额不足，请更换其他支付方式。",
        "inherited en: Your balance is too low for this payment. Please try another payment method.",
        "alias: Some(INSUFFICIENT_BALANCE)",
        "kinds: wallet funds other",
        "parse: Ok(WALLET_LIMIT_EXCEEDED)",
        "unknown: None",
    ];
    let lines: Vec<&str> = stdout.lines().collect();
    for (line, want) in lines.iter().zip(expected) {
        assert_eq!(*line, want, "{stdout}");
    }
    let rest = &lines[expected.len()..];
    assert!(rest[0].starts_with("status wins: Backoff {"), "{stdout}");
    assert!(rest[0].ends_with("final=true"), "{stdout}");
    assert_eq!(
        &rest[1..],
        [
            "from errcat: INSUFFICIENT_BALANCE",
            "back: Ok(INSUFFICIENT_BALANCE)",
            "own back: Err(WALLET_LIMIT_EXCEEDED)",
            "category: refund Some(\"Wallet\")",
            "all: true",
        ],
        "{stdout}"
    );
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn the_crate_rebuilds_when_and_only_when_its_codes_toml_changes() {
    let dir = user_crate("extend-rebuild", &codes(), None);
    let out = cargo(&dir, &["build", "-v", "--offline"]);
    assert!(out.status.success(), "{}", text(&out).1);

    let out = cargo(&dir, &["build", "-v", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(
        !ran_build_script(&stderr, "shop"),
        "a no-op build ran the build script:\n{stderr}"
    );
    assert!(stderr.contains("Fresh shop v"), "{stderr}");

    let main = fs::read_to_string(dir.join("src/main.rs")).unwrap();
    fs::write(dir.join("src/main.rs"), format!("{main}\n// edited\n")).unwrap();
    let out = cargo(&dir, &["build", "-v", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !ran_build_script(&stderr, "shop"),
        "a source edit ran the build script:\n{stderr}"
    );

    let added = "\n[codes.WALLET_FROZEN]\nstatus = \"F\"\ncategory = \"wallet\"\n\
                 description = \"The wallet is frozen\"\nresolution = \"Inform customer\"\n\
                 message.en = \"Your wallet is frozen. Please contact your wallet provider.\"\n";
    fs::write(dir.join("codes.toml"), format!("{}{added}", codes())).unwrap();
    fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    println!(\"{:?} {}\", shop::Code::WalletFrozen, shop::classify(\"WALLET_FROZEN\").user_message());\n}\n",
    )
    .unwrap();
    let out = cargo(&dir, &["run", "-v", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(ran_build_script(&stderr, "shop"), "{stderr}");
    assert_eq!(
        stdout,
        "WALLET_FROZEN Your wallet is frozen. Please contact your wallet provider.\n"
    );
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_broken_catalog_of_its_own_fails_with_every_position_in_its_file() {
    let broken = codes()
        .replacen("category = \"wallet\"", "category = \"walet\"", 1)
        .replacen("[codes.INSUFFICIENT_BALANCE]", "[categories.refund]\ntitle = \"Refunds\"\nretry = \"never\"\n\n[codes.INSUFFICIENT_BALANCE]", 1)
        .replacen("message.th", "variant = \"Funds\"\nmessage.th", 1);
    let dir = user_crate("extend-broken", &broken, None);
    let out = cargo(&dir, &["build", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(
        !out.status.success(),
        "a broken codes.toml built:\n{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: shop@0.0.0: "))
        .collect();
    let line = |needle: &str| broken.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    assert_eq!(errors.len(), 3, "{stderr}");
    let at = |needle: &str, col: usize, says: &str| {
        let prefix = format!("codes.toml:{}:{col}: ", line(needle));
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&prefix) && e.contains(says)),
            "no error {prefix}...{says}...:\n{stderr}"
        );
    };
    at("[categories.refund]", 13, "refund");
    at("category = \"walet\"", 12, "did you mean \"wallet\"?");
    at(
        "variant = \"Funds\"",
        11,
        "keeps its variant `InsufficientBalance`",
    );
}

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn a_generator_of_another_version_names_the_versions_to_align() {
    let (_, codegen) = packaged();
    // The packaged generator, claiming another version.
    let other = scratch("codegen-other-version").join("errcat-codegen");
    copy_dir(codegen, &other);
    let manifest = fs::read_to_string(other.join("Cargo.toml")).unwrap();
    let manifest = manifest.replacen(
        &format!("version = \"{VERSION}\""),
        "version = \"0.99.0\"",
        1,
    );
    fs::write(other.join("Cargo.toml"), manifest).unwrap();

    let dir = user_crate("extend-mismatch", &codes(), Some(&other));
    let out = cargo(&dir, &["build", "--offline"]);
    let (_, stderr) = text(&out);
    assert!(!out.status.success(), "{stderr}");
    let expected = format!(
        "error: shop@0.0.0: errcat-codegen: errcat-codegen 0.99.0 cannot generate code for errcat {VERSION}"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains(&format!("`errcat = \"={VERSION}\"`")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("error[E"),
        "no compiler error follows it:\n{stderr}"
    );
}

/// The generated code in hostile modules: errcat renamed (`Builder::errcat_path`), glob
/// imports that shadow `Some`, `None`, `Ok` and `Err`, a module without the prelude, a
/// `no_std` crate that denies warnings and missing docs, and a catalog with no code of its own
/// (only an amendment).
#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn the_generated_code_names_everything_by_absolute_path() {
    let dir = user_crate("extend-hygiene", "", None);
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    // The README's errcat line, renamed and without default features.
    let manifest: String = manifest
        .lines()
        .map(|line| match line.starts_with("errcat = ") {
            true => "pay = { package = \"errcat\", version = \"0.2\", default-features = false }\n"
                .to_owned(),
            false => format!("{line}\n"),
        })
        .collect();
    assert!(manifest.contains("pay = "), "{manifest}");
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::write(
        dir.join("codes.toml"),
        "extends = \"errcat\"\n\n[codes.SYSTEM_BUSY]\nmessage.fr = \"Le service est occupé.\"\n",
    )
    .unwrap();
    fs::write(
        dir.join("build.rs"),
        "fn main() {\n    errcat_codegen::Builder::new().errcat_path(\"::pay\").compile(\"codes.toml\");\n}\n",
    )
    .unwrap();
    fs::write(
        dir.join("src/lib.rs"),
        r#"//! Hostile surroundings for the generated code.
#![no_std]
#![deny(warnings, missing_docs, unsafe_code)]

/// Glob imports that shadow the prelude's `Some`, `None`, `Ok` and `Err`.
pub mod shadowed {
    /// Shadows `Some` and `None`.
    pub enum Mode {
        /// None.
        None,
        /// Some.
        Some(u8),
    }
    /// Shadows `Ok` and `Err`.
    pub enum Outcome {
        /// Ok.
        Ok(u8),
        /// Err.
        Err(u8),
    }
    pub use Mode::*;
    pub use Outcome::*;

    pay::include_catalog!();
}

/// A module without the prelude.
#[no_implicit_prelude]
pub mod bare {
    ::pay::include_catalog!();
}

/// The French message, through both modules.
pub fn french() -> [&'static str; 2] {
    [
        shadowed::classify("SYSTEM_BUSY").user_message_in("fr"),
        bare::Code::SystemBusy.user_message_in("fr-FR"),
    ]
}
"#,
    )
    .unwrap();
    fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    let [a, b] = shop::french();\n    let back = pay::Code::try_from(shop::bare::Code::from(pay::Code::SystemBusy));\n    println!(\"{a} {b} {back:?}\");\n}\n",
    )
    .unwrap();
    let out = cargo(&dir, &["run", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        stdout,
        "Le service est occupé. Le service est occupé. Ok(SYSTEM_BUSY)\n"
    );
}
