//! Compiles `codes.toml` into `$OUT_DIR/catalog.rs`. All the work is in `errcat-codegen`; a bad
//! catalog fails the build with one `cargo::error=codes.toml:LINE:COL: message` line per problem.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=codes.toml");
    let (Some(manifest_dir), Some(out_dir)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        println!(
            "cargo::error=errcat's build script must be run by cargo (CARGO_MANIFEST_DIR and OUT_DIR are not set)"
        );
        return ExitCode::FAILURE;
    };
    let input = PathBuf::from(manifest_dir).join("codes.toml");
    let output = PathBuf::from(out_dir).join("catalog.rs");
    match errcat_codegen::build(&input, "codes.toml", &output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            for line in error.lines() {
                println!("cargo::error={line}");
            }
            // Any `cargo::error` fails the build ("build script logged errors"); a failing exit
            // status would only make cargo print all of the above a second time.
            ExitCode::SUCCESS
        }
    }
}
