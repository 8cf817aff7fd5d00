//! Generates the baseline the benchmarks compare errcat with: the `match` on `&str` a user
//! would write by hand, one arm per code of `../codes.toml` (the catalog errcat is built from),
//! into `$OUT_DIR/code_match.rs`. Nothing about individual codes is written by hand.
//!
//! It also compiles `codes.toml`, a catalog that extends errcat's, as a user's build script
//! does (`src/lib.rs` includes it as `extended`).

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    errcat_codegen::Builder::new().compile("codes.toml");
    println!("cargo::rerun-if-changed=../codes.toml");
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let catalog = match errcat_codegen::check_file(&manifest_dir.join("../codes.toml")) {
        Ok(catalog) => catalog,
        Err(report) => {
            for line in report.lines() {
                println!("cargo::error={line}");
            }
            std::process::exit(1);
        }
    };
    let mut src = String::from(
        "/// The compiler-generated `match` on `&str` over errcat's catalog: the baseline.\n\
         pub fn match_code(code: &str) -> Option<errcat::Code> {\n    match code {\n",
    );
    for c in &catalog.codes {
        writeln!(
            src,
            "        {:?} => Some(errcat::Code::{}),",
            c.code, c.variant
        )
        .unwrap();
    }
    src.push_str("        _ => None,\n    }\n}\n");
    std::fs::write(out_dir.join("code_match.rs"), src).expect("write code_match.rs");
}
