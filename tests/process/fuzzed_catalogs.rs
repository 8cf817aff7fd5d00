//! What the `codes.toml` validator accepts, errcat's generator turns into Rust that compiles:
//! every committed input of the `catalog` fuzz target (`fuzz/seeds/catalog/`,
//! `fuzz/regressions/catalog/`) that the validator accepts with at most 40 codes, generated
//! and built in one crate, a module each. (The fuzz target checks that the generated code
//! parses, for every input it tries; a real build per input would stall it.)

use std::fs;
use std::path::Path;

use crate::common::{cargo, repo, scratch, text};

#[allow(dead_code)] // only `committed_inputs` and `checked_catalog` are used here
#[path = "../../fuzz/src/lib.rs"]
mod checks;

#[test]
#[ignore = "runs cargo inside cargo: .ci/run runs it with --ignored"]
fn every_small_catalog_the_validator_accepts_compiles() {
    let dir = scratch("fuzzed-catalogs");
    fs::create_dir_all(dir.join("src")).unwrap();
    let mut modules = String::new();
    let mut uses = String::new();
    let mut built = Vec::new();
    for path in checks::committed_inputs(&repo(), "catalog") {
        let data = fs::read(&path).unwrap();
        let Some(Ok(catalog)) = checks::checked_catalog(&data) else {
            continue;
        };
        if catalog.codes.len() > 40 {
            continue;
        }
        let source = errcat_codegen::generate(&catalog).expect("an accepted catalog generates");
        let n = built.len();
        fs::write(dir.join("src").join(format!("c{n}.rs")), source).unwrap();
        modules.push_str(&format!("mod c{n} {{\n    include!(\"c{n}.rs\");\n}}\n"));
        uses.push_str(&format!(
            "    println!(\"{{}}\", c{n}::CATALOG.classify(\"X\").user_message());\n"
        ));
        built.push(file_name(&path));
    }
    // The seeds hold several small catalogs (codegen's example, the diff fixtures): a test that
    // built none would prove nothing.
    assert!(
        built.len() >= 5,
        "only {} small accepted catalogs: {built:?}",
        built.len()
    );
    let errcat = repo().display().to_string().replace('\\', "/");
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fuzzed-catalogs\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nerrcat = {{ path = \"{errcat}\" }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    fs::write(
        dir.join("src/main.rs"),
        format!("{modules}\nfn main() {{\n{uses}}}\n"),
    )
    .unwrap();
    fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = cargo(&dir, &["run", "--quiet", "--offline"]);
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success(),
        "the catalogs {built:?} did not build:\n{stderr}"
    );
    assert_eq!(stdout.lines().count(), built.len());
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
