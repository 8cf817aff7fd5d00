//! The TypeScript and JavaScript exports: the catalog and errcat's decision rules as one
//! self-contained ES module for the browser or Node.
//!
//! The rules (the status rule, the one decision of `docs/decision.md`, locale matching, the
//! payment outcome of a body) are hand-written once, in `codegen/src/typescript/runtime.ts`,
//! and included as they are; the JavaScript flavour, `runtime.js`, and its declarations,
//! `runtime.d.ts`, are the TypeScript compiler's output of it (`scripts/build-runtime-js.sh`
//! writes them; `scripts/ts-proof.sh` fails when they are stale). Only the catalog data is
//! generated here, from the validated model ([`Catalog`]). `scripts/ts-proof.sh` compiles the
//! output and compares its answers with the crate's.
//!
//! The output is deterministic: it depends on the catalog, the source name and errcat's
//! version only (no date, no path of this machine), so the same catalog gives the same bytes.

use std::fmt::Write as _;

use crate::json;
use crate::text::escaped;
use crate::{Catalog, IncompleteCatalog, Message, PolicyKind, StateOutcome};

/// Types shared by the TypeScript module and the JavaScript export's `errcat.d.ts`.
const TYPES: &str = include_str!("../typescript/types.ts");
/// The rules, in TypeScript.
const RUNTIME_TS: &str = include_str!("../typescript/runtime.ts");
/// The same rules in JavaScript: tsc's output of `runtime.ts` (scripts/build-runtime-js.sh).
const RUNTIME_JS: &str = include_str!("../typescript/runtime.js");
/// The declarations of `runtime.js`'s exports, for `errcat.d.ts`: tsc's too.
const DECLARATIONS: &str = include_str!("../typescript/runtime.d.ts");
/// The module's documentation: what it is, and `handleAPIResponse` before and after.
const HEADER: &str = include_str!("../typescript/header.txt");

/// A value of the generated data: printed as a JavaScript literal, or as its TypeScript type
/// (`readonly` members, literal types) for a declaration file.
enum Lit {
    Str(String),
    Num(u64),
    Obj(Vec<(String, Lit)>),
    /// An array of strings (a code's aliases), on one line.
    Arr(Vec<String>),
}

/// How [`Lit`] is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An expression: `{ key: "value", }`.
    Value,
    /// A type: `{ readonly key: "value"; }`.
    Type,
}

/// A string as a JavaScript string literal (JSON's escapes, plus U+2028 and U+2029, which
/// older parsers do not accept raw in a string).
fn js_string(text: &str) -> String {
    json::string(text)
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The field names of the generated entries, written bare; every data key (a code, a status,
/// a locale, a category, a state value) is quoted, so they all read alike.
const FIELDS: &[&str] = &[
    "status",
    "category",
    "description",
    "resolution",
    "retry",
    "messages",
    "aliases",
    "deprecated",
    "retired",
    "inquireFirst",
    "title",
    "kind",
    "initialDelayMs",
    "maxDelayMs",
    "maxAttempts",
    "intervalMs",
    "timeoutMs",
];

/// An object key: a field name bare, anything else quoted.
fn key(name: &str) -> String {
    if FIELDS.contains(&name) {
        name.to_owned()
    } else {
        js_string(name)
    }
}

impl Lit {
    fn str(text: &str) -> Lit {
        Lit::Str(text.to_owned())
    }

    fn print(&self, out: &mut String, mode: Mode, indent: usize) {
        match self {
            Lit::Str(s) => out.push_str(&js_string(s)),
            Lit::Num(n) => {
                let _ = write!(out, "{n}");
            }
            Lit::Arr(items) => {
                if mode == Mode::Type {
                    out.push_str("readonly ");
                }
                let items: Vec<String> = items.iter().map(|i| js_string(i)).collect();
                let _ = write!(out, "[{}]", items.join(", "));
            }
            Lit::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            Lit::Obj(fields) => {
                // A retry policy stays on one line; every other object has a field per line.
                let inline = fields.first().is_some_and(|(k, _)| k == "kind");
                let (readonly, sep) = match mode {
                    Mode::Value => ("", ","),
                    Mode::Type => ("readonly ", ";"),
                };
                if inline {
                    out.push_str("{ ");
                    for (i, (k, v)) in fields.iter().enumerate() {
                        if i > 0 {
                            out.push_str(if mode == Mode::Value { ", " } else { "; " });
                        }
                        let _ = write!(out, "{readonly}{}: ", key(k));
                        v.print(out, mode, indent);
                    }
                    out.push_str(" }");
                    return;
                }
                out.push_str("{\n");
                let pad = "  ".repeat(indent + 1);
                for (k, v) in fields {
                    let _ = write!(out, "{pad}{readonly}{}: ", key(k));
                    v.print(out, mode, indent + 1);
                    out.push_str(sep);
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(indent));
                out.push('}');
            }
        }
    }
}

/// A retry policy as the module's `RetryPolicy`: `kind` plus its parameters in milliseconds.
fn policy(kind: &PolicyKind) -> Lit {
    let mut fields = vec![("kind".to_owned(), Lit::str(kind.name()))];
    match *kind {
        PolicyKind::Backoff {
            initial_delay_ms,
            max_delay_ms,
            max_attempts,
        } => {
            fields.push(("initialDelayMs".to_owned(), Lit::Num(initial_delay_ms)));
            fields.push(("maxDelayMs".to_owned(), Lit::Num(max_delay_ms)));
            fields.push(("maxAttempts".to_owned(), Lit::Num(u64::from(max_attempts))));
        }
        PolicyKind::Poll {
            interval_ms,
            timeout_ms,
        } => {
            fields.push(("intervalMs".to_owned(), Lit::Num(interval_ms)));
            fields.push(("timeoutMs".to_owned(), Lit::Num(timeout_ms)));
        }
        PolicyKind::Never
        | PolicyKind::RefreshToken
        | PolicyKind::Reauthorize
        | PolicyKind::AskUser
        | PolicyKind::NewRequest => {}
    }
    Lit::Obj(fields)
}

/// Messages keyed by locale, English first (the model's order).
fn messages(messages: &[Message]) -> Lit {
    Lit::Obj(
        messages
            .iter()
            .map(|m| (m.locale.clone(), Lit::str(&m.text)))
            .collect(),
    )
}

/// The `outcome` name of a `[states]` value.
fn state_name(outcome: StateOutcome) -> &'static str {
    outcome.as_str()
}

/// The five data tables: `CATALOG` (keyed by code), `ALIASES` (each alias's code),
/// `FALLBACKS` (keyed by status), `CATEGORIES` (keyed by category key) and `STATES` (keyed by
/// state value).
fn tables(catalog: &Catalog) -> [(&'static str, &'static str, &'static str, Lit); 5] {
    let codes = catalog
        .codes
        .iter()
        .map(|c| {
            // `aliases`, `deprecated`, `retired` and `inquireFirst` follow `messages`, only for
            // a code that has them.
            let mut fields = vec![
                ("status".to_owned(), Lit::str(c.status.as_str())),
                (
                    "category".to_owned(),
                    Lit::str(&catalog.categories[c.category].key),
                ),
                ("description".to_owned(), Lit::str(&c.description)),
                ("resolution".to_owned(), Lit::str(&c.resolution)),
                ("retry".to_owned(), policy(&catalog.policy(c.retry).kind)),
                ("messages".to_owned(), messages(&c.messages)),
            ];
            if !c.aliases.is_empty() {
                fields.push(("aliases".to_owned(), Lit::Arr(c.aliases.clone())));
            }
            if let Some(deprecated) = &c.deprecated {
                fields.push(("deprecated".to_owned(), Lit::str(deprecated)));
            }
            if let Some(retired) = &c.retired {
                fields.push(("retired".to_owned(), Lit::str(retired)));
            }
            // Why an `F` answer with the code is read unknown and inquired first; the runtime
            // also inquires first for a `new_request` code (`Catalog::inquires_first`).
            if let Some(reason) = &c.inquire_first {
                fields.push(("inquireFirst".to_owned(), Lit::str(reason)));
            }
            (c.code.clone(), Lit::Obj(fields))
        })
        .collect();
    let fallbacks = catalog
        .fallbacks
        .iter()
        .map(|f| {
            let fields = vec![
                ("description".to_owned(), Lit::str(&f.description)),
                ("resolution".to_owned(), Lit::str(&f.resolution)),
                ("retry".to_owned(), policy(&catalog.policy(f.retry).kind)),
                ("messages".to_owned(), messages(&f.messages)),
            ];
            (f.status.as_str().to_owned(), Lit::Obj(fields))
        })
        .collect();
    let categories = catalog
        .categories
        .iter()
        .map(|c| {
            let fields = vec![
                ("title".to_owned(), Lit::str(&c.title)),
                ("retry".to_owned(), policy(&catalog.policy(c.retry).kind)),
            ];
            (c.key.clone(), Lit::Obj(fields))
        })
        .collect();
    let aliases = catalog
        .codes
        .iter()
        .flat_map(|c| c.aliases.iter().map(|a| (a.clone(), Lit::str(&c.code))))
        .collect();
    let states = catalog
        .states
        .iter()
        .map(|s| (s.value.clone(), Lit::str(state_name(s.outcome))))
        .collect();
    [
        (
            "CATALOG",
            "{ readonly [code: string]: Entry }",
            "Every catalogued code: its entry, keyed by the code exactly as the platform sends it.",
            Lit::Obj(codes),
        ),
        (
            "ALIASES",
            "{ readonly [alias: string]: Code }",
            "Other strings the platform sends for a catalogued code, each mapped to that code (`toCode`, `classify` and `classifyResult` read them).",
            Lit::Obj(aliases),
        ),
        (
            "FALLBACKS",
            "{ readonly [S in Status]: FallbackEntry }",
            "What each response status answers where no code's own entry decides (and for any code the catalog lacks).",
            Lit::Obj(fallbacks),
        ),
        (
            "CATEGORIES",
            "{ readonly [key: string]: { readonly title: string; readonly retry: RetryPolicy } }",
            "The catalog's categories (the sections of the platform's reference) and their default retry policy.",
            Lit::Obj(categories),
        ),
        (
            "STATES",
            "{ readonly [value: string]: \"succeeded\" | \"failed\" | \"pending\" }",
            "What a `paymentStatus`, `refundStatus` or `transactionStatus` value means (matched ignoring ASCII case); any other value is unknown.",
            Lit::Obj(states),
        ),
    ]
}

/// The data as `export const NAME = {...} as const;` (TypeScript), `export const NAME =
/// /** @type {const} */ ({...});` (JavaScript) or `export declare const NAME: {...};`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    TypeScript,
    JavaScript,
    Declarations,
}

fn data(catalog: &Catalog, flavor: Flavor) -> String {
    let mut out = String::new();
    for (name, shape, doc, lit) in tables(catalog) {
        let _ = writeln!(out, "/** {doc} */");
        match flavor {
            Flavor::TypeScript => {
                let _ = write!(out, "export const {name} = ");
                lit.print(&mut out, Mode::Value, 0);
                let _ = write!(out, " as const satisfies {shape};\n\n");
            }
            Flavor::JavaScript => {
                let _ = write!(out, "export const {name} = /** @type {{const}} */ (");
                lit.print(&mut out, Mode::Value, 0);
                out.push_str(");\n\n");
            }
            Flavor::Declarations => {
                let _ = write!(out, "export declare const {name}: ");
                lit.print(&mut out, Mode::Type, 0);
                out.push_str(";\n\n");
            }
        }
    }
    out
}

/// The header comment: generated by which errcat, from which catalog, and the module's
/// documentation. `//` comments, so no catalog name can end the comment early.
fn header(catalog: &Catalog, source: &str, file: &str, format: &str) -> String {
    let mut out = String::new();
    // errcat-codegen's version is errcat's: the two are released together.
    let _ = writeln!(
        out,
        "// {file}: generated by errcat {} (`errcat export --format {format}`); do not edit.",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "// Catalog: {} ({} codes, {} categories, {} state values).",
        escaped(source),
        catalog.codes.len(),
        catalog.categories.len(),
        catalog.states.len()
    );
    out.push_str("//\n");
    out.push_str(HEADER);
    out.push('\n');
    out
}

/// The TypeScript module (`errcat.ts`): the catalog `as const` (`CATALOG`, `ALIASES`,
/// `FALLBACKS`, `CATEGORIES`, `STATES`), the `Code` type, and errcat's rules (`classify`,
/// `classifyResult`, `userMessage`, `outcome`, `handleAPIResponse`), as one self-contained ES
/// module; `source` names the catalog in the header (escaped to one line). The bytes of
/// `errcat export --format typescript`. An error only for a catalog that is not complete (see
/// [`Catalog::check_complete`]).
pub fn typescript(catalog: &Catalog, source: &str) -> Result<String, IncompleteCatalog> {
    catalog.check_complete()?;
    let mut out = header(catalog, source, "errcat.ts", "typescript");
    out.push_str(&data(catalog, Flavor::TypeScript));
    out.push_str(TYPES);
    out.push('\n');
    out.push_str(RUNTIME_TS);
    Ok(out)
}

/// The same module as plain ES module JavaScript with its declarations: what `errcat export
/// --format javascript -o DIR` writes as `DIR/errcat.js` and `DIR/errcat.d.ts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaScript {
    /// `errcat.js`: the data and the rules (the TypeScript compiler's output of the
    /// TypeScript module's rules).
    pub js: String,
    /// `errcat.d.ts`: its declarations, for TypeScript users of `errcat.js`.
    pub dts: String,
}

/// The JavaScript export (see [`JavaScript`]); `source` as for [`typescript`]. An error only
/// for a catalog that is not complete.
pub fn javascript(catalog: &Catalog, source: &str) -> Result<JavaScript, IncompleteCatalog> {
    catalog.check_complete()?;
    let mut js = header(catalog, source, "errcat.js", "javascript");
    js.push_str("// Types: errcat.d.ts, beside this file.\n\n");
    js.push_str(&data(catalog, Flavor::JavaScript));
    js.push_str(RUNTIME_JS);
    let mut dts = header(catalog, source, "errcat.d.ts", "javascript");
    dts.push_str(&data(catalog, Flavor::Declarations));
    dts.push_str(TYPES);
    dts.push('\n');
    dts.push_str(DECLARATIONS);
    Ok(JavaScript { js, dts })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: &str = r#"
[policies.never]
kind = "never"
[policies.backoff]
kind = "backoff"
initial_delay_ms = 100
max_delay_ms = 200
max_attempts = 3
[policies.poll]
kind = "poll"
interval_ms = 10
timeout_ms = 20
[categories.odd_text]
title = "Odd */ text"
retry = "never"
[fallback.S]
retry = "never"
description = "s"
resolution = "s"
message.en = "s"
[fallback.F]
retry = "never"
description = "f"
resolution = "f"
message.en = "f"
[fallback.U]
retry = "backoff"
description = "u"
resolution = "u"
message.en = "u"
[fallback.A]
retry = "poll"
description = "a"
resolution = "a"
message.en = "a"
[codes.QUOTE_CODE]
status = "F"
category = "odd_text"
description = "a \"quote\", a \\ backslash, a line\nbreak, \u2028 and ${template} `tick`"
resolution = "</script> */"
message.en = "支付 💳"
message.zh-Hant = "繁體"
inquire_first = "the order may be \"paid\" already"
[codes.3DS_FAILED]
variant = "ThreeDsFailed"
status = "F"
category = "odd_text"
description = "d"
resolution = "r"
message.en = "m"
"#;

    /// The TypeScript module of a complete catalog.
    fn typescript(catalog: &Catalog, source: &str) -> String {
        super::typescript(catalog, source).unwrap()
    }

    /// `errcat.js` and `errcat.d.ts` of a complete catalog.
    fn javascript(catalog: &Catalog, source: &str) -> (String, String) {
        let files = super::javascript(catalog, source).unwrap();
        (files.js, files.dts)
    }

    fn tricky() -> Catalog {
        crate::check_str("tricky.toml", TRICKY).unwrap()
    }

    #[test]
    fn text_survives_as_string_literals() {
        let ts = typescript(&tricky(), "tricky.toml");
        assert!(ts.contains(
            r#"description: "a \"quote\", a \\ backslash, a line\nbreak, \u2028 and ${template} `tick`","#
        ));
        assert!(ts.contains(r#"resolution: "</script> */","#));
        assert!(ts.contains(r#""en": "支付 💳","#));
        assert!(ts.contains(r#""zh-Hant": "繁體","#));
        // A code that is not an identifier is a quoted key like every other.
        assert!(ts.contains("  \"3DS_FAILED\": {\n"));
        assert!(ts.contains("  \"QUOTE_CODE\": {\n"));
        assert!(!ts.contains('\u{2028}'));
    }

    #[test]
    fn declarations_are_types_of_the_same_data() {
        let (js, dts) = javascript(&tricky(), "tricky.toml");
        assert!(js.contains("export const CATALOG = /** @type {const} */ ({\n"));
        assert!(dts.contains("export declare const CATALOG: {\n"));
        assert!(dts.contains("    readonly status: \"F\";\n"));
        assert!(dts.contains(
            "readonly retry: { readonly kind: \"backoff\"; readonly initialDelayMs: 100; readonly maxDelayMs: 200; readonly maxAttempts: 3 };"
        ));
        assert!(js.contains(
            "retry: { kind: \"backoff\", initialDelayMs: 100, maxDelayMs: 200, maxAttempts: 3 },"
        ));
    }

    #[test]
    fn a_code_that_inquires_first_says_why() {
        let ts = typescript(&tricky(), "tricky.toml");
        // After the messages, last in the entry.
        assert!(ts.contains(
            "      \"zh-Hant\": \"繁體\",\n    },\n    inquireFirst: \"the order may be \\\"paid\\\" already\",\n  },\n"
        ));
        assert_eq!(ts.matches("inquireFirst: ").count(), 1);
        let (js, dts) = javascript(&tricky(), "tricky.toml");
        assert!(js.contains("    inquireFirst: \"the order may be \\\"paid\\\" already\",\n"));
        assert!(
            dts.contains("    readonly inquireFirst: \"the order may be \\\"paid\\\" already\";\n")
        );
    }

    #[test]
    fn a_catalog_name_cannot_break_the_header() {
        let ts = typescript(&tricky(), "evil\nexport const x = 1; \u{202e}");
        let second = ts.lines().nth(1).unwrap();
        assert!(second.starts_with("// Catalog: evil\\nexport const x = 1; \\u{202e} ("));
        assert!(ts.lines().all(|l| !l.starts_with("export const x")));
    }

    #[test]
    fn keys_are_bare_only_for_field_names() {
        assert_eq!(key("status"), "status");
        assert_eq!(key("initialDelayMs"), "initialDelayMs");
        assert_eq!(key("SUCCESS"), "\"SUCCESS\"");
        assert_eq!(key("S"), "\"S\"");
        assert_eq!(key("zh-CN"), "\"zh-CN\"");
        assert_eq!(key("en"), "\"en\"");
        assert_eq!(key("success"), "\"success\"");
    }
}
