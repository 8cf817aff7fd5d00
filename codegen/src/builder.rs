//! [`Builder`]: what a build script runs, errcat's own and every crate's that has a catalog.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::options::Options;
use crate::{Catalog, Diagnostic, Error, Report};

/// The file name [`Builder::compile`] writes in `OUT_DIR` unless told otherwise, and the one
/// `errcat::include_catalog!()` includes.
pub const DEFAULT_OUT_FILE: &str = "errcat_catalog.rs";

/// Compiles a `codes.toml` into Rust from a build script, as prost-build does for `.proto`
/// files: validates the catalog (every problem at once, at its line and column), generates
/// `Code`, `Category`, `Classification`, `classify` and `classify_result`, and writes them to
/// `OUT_DIR`, where `errcat::include_catalog!()` includes them.
///
/// A catalog that starts with `extends = "errcat"` inherits errcat's catalog (every code,
/// category, policy, fallback and state) from the errcat your crate depends on: errcat hands
/// its `codes.toml` to your build script through cargo's `links` metadata
/// (`DEP_ERRCAT_CATALOG`), so the inherited file is always the one of the errcat you link.
///
/// In `build.rs`:
///
/// ```no_run
/// errcat_codegen::Builder::new().compile("codes.toml");
/// ```
///
/// The generated code calls errcat's runtime, so errcat and errcat-codegen must be the same
/// version; [`compile`](Builder::compile) checks this before it writes anything.
#[derive(Clone, Debug)]
pub struct Builder {
    out_file: String,
    code_attributes: Vec<String>,
    category_attributes: Vec<String>,
    emit_rerun_if_changed: bool,
    codes_map: bool,
    errcat_path: String,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder with the defaults: output `errcat_catalog.rs`, no extra attributes,
    /// `cargo::rerun-if-changed` printed, no `CODES` map.
    pub fn new() -> Builder {
        Builder {
            out_file: DEFAULT_OUT_FILE.to_owned(),
            code_attributes: Vec::new(),
            category_attributes: Vec::new(),
            emit_rerun_if_changed: true,
            codes_map: false,
            errcat_path: "::errcat".to_owned(),
        }
    }

    /// The name of the generated file in `OUT_DIR` (default `errcat_catalog.rs`); include it
    /// with `errcat::include_catalog!("NAME")`. Use one name per catalog when a crate has
    /// several.
    ///
    /// ```
    /// let mut builder = errcat_codegen::Builder::new();
    /// builder.out_file("wallet_codes.rs");
    /// ```
    pub fn out_file(&mut self, name: impl Into<String>) -> &mut Self {
        self.out_file = name.into();
        self
    }

    /// An extra attribute on the generated `Code` enum, written as in Rust source, e.g.
    /// `#[derive(serde::Serialize)]` or `#[repr(u16)]`. An attribute that does not parse
    /// fails the build with a message naming it.
    ///
    /// ```
    /// let mut builder = errcat_codegen::Builder::new();
    /// builder.code_attribute("#[derive(strum::EnumIter)]");
    /// ```
    pub fn code_attribute(&mut self, attribute: impl Into<String>) -> &mut Self {
        self.code_attributes.push(attribute.into());
        self
    }

    /// An extra attribute on the generated `Category` enum (see
    /// [`code_attribute`](Builder::code_attribute)).
    pub fn category_attribute(&mut self, attribute: impl Into<String>) -> &mut Self {
        self.category_attributes.push(attribute.into());
        self
    }

    /// Whether [`compile`](Builder::compile) prints `cargo::rerun-if-changed` for the files it
    /// reads (the catalog, and errcat's when it extends errcat). Default `true`; turn it off
    /// when your build script prints its own.
    pub fn emit_rerun_if_changed(&mut self, emit: bool) -> &mut Self {
        self.emit_rerun_if_changed = emit;
        self
    }

    /// Whether to generate `pub static CODES: phf::Map<&'static str, Code>` too, every code's
    /// own string mapped to its variant (errcat's catalog has one). Default `false`:
    /// `Code::from_code` is faster, and knows the aliases.
    pub fn codes_map(&mut self, generate: bool) -> &mut Self {
        self.codes_map = generate;
        self
    }

    /// The path by which the generated code names errcat (default `::errcat`): set it when
    /// your crate renames the dependency (`pay = { package = "errcat", ... }` needs
    /// `errcat_path("::pay")`), and invoke the macro by that name too
    /// (`pay::include_catalog!()`). A path that is not one fails the build with a message
    /// naming it.
    ///
    /// ```
    /// let mut builder = errcat_codegen::Builder::new();
    /// builder.errcat_path("::pay");
    /// ```
    pub fn errcat_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.errcat_path = path.into();
        self
    }

    /// Compiles `path` (relative to the crate's manifest directory) from a build script. On
    /// success the generated file is in `OUT_DIR`, rewritten only when its content changed
    /// (cargo reruns the build script, and recompiles the crate, only when a file it reads
    /// changes: the catalog, or errcat's when it extends errcat's). On failure it prints one
    /// `cargo::error=FILE:LINE:COL: message` line per problem, which fails the build with
    /// every problem listed; it does not panic.
    pub fn compile(&self, path: impl AsRef<Path>) {
        if let Err(error) = self.try_compile(path) {
            for line in error.lines() {
                println!("cargo::error={line}");
            }
        }
    }

    /// As [`compile`](Builder::compile), but gives the error back instead of printing it:
    /// for a build script that reports errors its own way. Gives the path of the written (or
    /// unchanged) file.
    pub fn try_compile(&self, path: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let env = |name: &str| std::env::var_os(name);
        let (Some(manifest_dir), Some(out_dir)) = (env("CARGO_MANIFEST_DIR"), env("OUT_DIR"))
        else {
            return Err(Error::Setup(
                "errcat_codegen::Builder::compile runs in a build script, under cargo \
                 (CARGO_MANIFEST_DIR and OUT_DIR are not set); outside one, use `errcat \
                 generate`"
                    .to_owned(),
            ));
        };
        let input = PathBuf::from(manifest_dir).join(path);
        if self.emit_rerun_if_changed {
            println!("cargo::rerun-if-changed={}", input.display());
        }
        check_runtime_version()?;
        let bytes = std::fs::read(&input).map_err(|e| {
            Error::Invalid(Report {
                path: shown.clone(),
                diagnostics: vec![Diagnostic {
                    position: None,
                    message: format!("cannot read the catalog ({}): {e}", input.display()),
                }],
            })
        })?;
        let base = base_catalog()?;
        let catalog = load(&shown, &bytes, base.as_ref())?;
        if let (Some(_), Some((base_path, _))) = (&catalog.base, &base) {
            if self.emit_rerun_if_changed {
                println!("cargo::rerun-if-changed={base_path}");
            }
        }
        let source_name = path
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        let source = self.generate_named(&catalog, &source_name)?;
        let output = PathBuf::from(out_dir).join(&self.out_file);
        if std::fs::read(&output).is_ok_and(|old| old == source.as_bytes()) {
            return Ok(output);
        }
        std::fs::write(&output, source).map_err(|source| Error::Write {
            path: output.display().to_string(),
            source,
        })?;
        Ok(output)
    }

    /// The Rust source this builder writes for a validated catalog (the same bytes as
    /// [`compile`](Builder::compile) writes for a file named `codes.toml`): what `errcat
    /// generate` prints.
    pub fn generate(&self, catalog: &Catalog) -> Result<String, Error> {
        self.generate_named(catalog, "codes.toml")
    }

    /// The Rust source for a catalog read from a file named `source_name`.
    pub fn generate_named(&self, catalog: &Catalog, source_name: &str) -> Result<String, Error> {
        let mut problems = Vec::new();
        let plain_name = !self.out_file.is_empty()
            && !self.out_file.contains(['/', '\\'])
            && !matches!(self.out_file.as_str(), "." | "..");
        if !plain_name {
            problems.push(format!(
                "Builder::out_file({:?}) must be a file name in OUT_DIR, without a directory",
                self.out_file
            ));
        }
        let code_attributes = attributes(&self.code_attributes, "code_attribute", &mut problems);
        let category_attributes = attributes(
            &self.category_attributes,
            "category_attribute",
            &mut problems,
        );
        if syn::parse_str::<syn::Path>(&self.errcat_path).is_err() {
            problems.push(format!(
                "Builder::errcat_path({:?}) is not a Rust path such as `::errcat` or `::pay`",
                self.errcat_path
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Setup(problems.join("; ")));
        }
        let options = Options {
            source_name: source_name.to_owned(),
            code_attributes,
            category_attributes,
            codes_map: self.codes_map,
            errcat_path: self.errcat_path.clone(),
        };
        crate::generate::generate(catalog, &options).map_err(Error::Generate)
    }
}

/// Parses extra attributes; each one that does not parse is a problem naming it.
fn attributes(attributes: &[String], option: &str, problems: &mut Vec<String>) -> Vec<TokenStream> {
    let mut parsed = Vec::new();
    for a in attributes {
        let tokens: TokenStream = match a.parse() {
            Ok(tokens) => tokens,
            Err(e) => {
                problems.push(format!("Builder::{option}({a:?}) is not Rust: {e}"));
                continue;
            }
        };
        match syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens.clone()) {
            Ok(_) => parsed.push(tokens),
            Err(e) => problems.push(format!(
                "Builder::{option}({a:?}) is not an outer attribute such as `#[derive(Trait)]`: {e}"
            )),
        }
    }
    parsed
}

/// Validates `bytes`, with errcat's catalog as the base `extends = "errcat"` may name.
fn load(shown: &str, bytes: &[u8], base: Option<&(String, String)>) -> Result<Catalog, Error> {
    let Ok(source) = std::str::from_utf8(bytes) else {
        // Reports the first byte that is not UTF-8, at its position.
        return crate::check_bytes(shown, bytes).map_err(Error::Invalid);
    };
    let base = base.map(|(path, source)| crate::BaseCatalog {
        name: "errcat",
        path,
        source,
    });
    crate::check_str_extending(shown, source, base).map_err(Error::Invalid)
}

/// errcat's catalog, as the errcat this crate depends on hands it over (`links` metadata):
/// its path and text. `None` in errcat's own build, and where errcat is not a dependency.
fn base_catalog() -> Result<Option<(String, String)>, Error> {
    let Some(path) = std::env::var_os("DEP_ERRCAT_CATALOG") else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Setup(format!(
            "cannot read errcat's catalog at {} (DEP_ERRCAT_CATALOG, from the errcat \
             dependency): {e}",
            path.display()
        ))
    })?;
    Ok(Some((path.display().to_string(), text)))
}

/// Fails unless the errcat this crate links is the version this generator writes code for.
fn check_runtime_version() -> Result<(), Error> {
    let ours = env!("CARGO_PKG_VERSION");
    let runtime = match std::env::var("DEP_ERRCAT_VERSION") {
        Ok(version) => version,
        // errcat's own build script: errcat is the package being built.
        Err(_) if std::env::var("CARGO_PKG_NAME").as_deref() == Ok("errcat") => {
            std::env::var("CARGO_PKG_VERSION").unwrap_or_default()
        }
        Err(_) => {
            return Err(Error::Setup(format!(
                "the generated code needs errcat: add `errcat = \"={ours}\"` to this crate's \
                 [dependencies] (errcat-codegen {ours} generates code for errcat {ours})"
            )));
        }
    };
    version_match(ours, &runtime)
}

/// The versions of the generator and the runtime must be equal.
pub(crate) fn version_match(generator: &str, runtime: &str) -> Result<(), Error> {
    if generator == runtime {
        return Ok(());
    }
    Err(Error::Setup(format!(
        "errcat-codegen {generator} cannot generate code for errcat {runtime}: the generated \
         code calls errcat's runtime, so both must be the same version. In Cargo.toml, use \
         `errcat = \"={runtime}\"` under [dependencies] and `errcat-codegen = \"={runtime}\"` \
         under [build-dependencies] (or both {generator})"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_must_be_equal() {
        assert!(version_match("0.2.0", "0.2.0").is_ok());
        let err = version_match("0.3.0", "0.2.0").unwrap_err().to_string();
        assert!(err.contains("errcat-codegen 0.3.0 cannot generate code for errcat 0.2.0"));
        assert!(err.contains("`errcat = \"=0.2.0\"`"), "{err}");
        assert!(err.contains("`errcat-codegen = \"=0.2.0\"`"), "{err}");
    }

    #[test]
    fn an_attribute_that_is_not_one_is_named() {
        let catalog = crate::check_str("codes.toml", crate::generate::tests::CATALOG).unwrap();
        let err = Builder::new()
            .code_attribute("derive(Foo)")
            .generate(&catalog)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Builder::code_attribute(\"derive(Foo)\")"),
            "{err}"
        );
        let err = Builder::new()
            .code_attribute("derive(Foo)")
            .category_attribute("#[derive(Foo")
            .errcat_path("not a path")
            .generate(&catalog)
            .unwrap_err()
            .to_string();
        // Every bad option at once.
        assert!(err.contains("Builder::code_attribute"), "{err}");
        assert!(err.contains("Builder::category_attribute"), "{err}");
        assert!(
            err.contains("Builder::errcat_path(\"not a path\")"),
            "{err}"
        );
        let renamed = Builder::new()
            .errcat_path("::pay")
            .codes_map(true)
            .generate(&catalog)
            .unwrap();
        assert!(!renamed.contains("::errcat::"), "{renamed}");
        assert!(renamed.contains("::pay::__private::phf::Map"), "{renamed}");
        let ok = Builder::new()
            .code_attribute("#[derive(Default)]")
            .generate(&catalog)
            .unwrap();
        assert!(ok.contains("#[derive(Default)]"), "{ok}");
    }

    #[test]
    fn outside_cargo_it_says_so() {
        // errcat-codegen has no build script: its tests run without OUT_DIR.
        assert!(std::env::var_os("OUT_DIR").is_none());
        let err = Builder::new().try_compile("codes.toml").unwrap_err();
        assert!(err.to_string().contains("errcat generate"), "{err}");
    }
}
