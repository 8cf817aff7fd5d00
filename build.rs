//! Compiles `codes.toml` into `$OUT_DIR/errcat_catalog.rs` through `errcat_codegen::Builder`,
//! the same path as every crate whose catalog extends errcat's; a bad catalog fails the build
//! with one `cargo::error=codes.toml:LINE:COL: message` line per problem.
//!
//! It also hands `codes.toml` to the build scripts of crates that depend on errcat (cargo's
//! `links` metadata: `DEP_ERRCAT_CATALOG` and `DEP_ERRCAT_VERSION`), so that their
//! `extends = "errcat"` inherits exactly this file.

fn main() {
    errcat_codegen::Builder::new()
        .codes_map(true)
        .compile("codes.toml");
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let catalog = std::path::Path::new(&dir).join("codes.toml");
        println!("cargo::metadata=catalog={}", catalog.display());
    }
    println!("cargo::metadata=version={}", env!("CARGO_PKG_VERSION"));
}
