//! Property tests: nothing a caller or an editor of codes.toml can feed errcat makes it panic,
//! and the lookups and precedence rules hold for inputs nobody wrote down.

use crate::status_rule::code_decides;
use errcat::{Code, ResultInfo, Status, classify, classify_result};
use proptest::prelude::*;

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// A catalogued code, a near miss of one, or anything at all.
fn code_like() -> impl Strategy<Value = String> {
    let known = prop::sample::select(Code::ALL.to_vec()).prop_map(|c| c.as_str().to_owned());
    let mutated = (
        prop::sample::select(Code::ALL.to_vec()),
        any::<prop::sample::Index>(),
        any::<char>(),
    )
        .prop_map(|(c, i, ch)| {
            let mut s: Vec<char> = c.as_str().chars().collect();
            let at = i.index(s.len());
            s[at] = ch;
            s.into_iter().collect()
        });
    prop_oneof![known, mutated, "[A-Z_0-9]{0,40}", any::<String>()]
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![Just("S".to_owned()), Just("U".to_owned()), code_like()]
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("resultStatus".to_owned()),
                        Just("resultCode".to_owned()),
                        Just("resultMessage".to_owned()),
                        Just("result".to_owned()),
                        "[a-z]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn classify_never_panics_and_agrees_with_from_code(code in code_like()) {
        let c = classify(&code);
        let found = Code::from_code(&code);
        prop_assert_eq!(c.code(), found);
        prop_assert_eq!(found.map(Code::as_str), Code::ALL.iter().map(|c| c.as_str()).find(|s| *s == code));
        prop_assert_eq!(errcat::CODES.get(code.as_str()).copied(), found);
        prop_assert!(!c.user_message().is_empty());
        prop_assert_eq!(code.parse::<Code>().ok(), found);
    }

    #[test]
    fn classify_result_follows_the_precedence_rules(status in status(), code in code_like()) {
        let c = classify_result(status, &code);
        let fallback = classify_result(status, "");
        prop_assert_eq!(c.status(), status);
        match Code::from_code(&code) {
            None => prop_assert_eq!(c, fallback),
            Some(known) => {
                prop_assert_eq!(c.code(), Some(known));
                prop_assert_eq!(c.description(), known.description());
                let inquires_first = known.inquire_first().is_some()
                    || known.retry() == errcat::RetryPolicy::NewRequest;
                if code_decides(status, known) && status == Status::Failed && inquires_first {
                    // The order may be paid after all: inquire first, "still confirming".
                    prop_assert_eq!(c.state(), errcat::State::Unknown);
                    prop_assert_eq!(c.retry(), classify_result(Status::Accepted, "").retry());
                    prop_assert_eq!(c.messages(), classify_result(Status::Unknown, "").messages());
                } else if code_decides(status, known) {
                    prop_assert!(c.decided_by_code());
                    prop_assert_eq!(c.retry(), known.retry());
                    prop_assert_eq!(c.messages(), known.messages());
                } else {
                    prop_assert!(!c.decided_by_code());
                    prop_assert_eq!(c.retry(), fallback.retry());
                    prop_assert_eq!(c.messages(), fallback.messages());
                }
            }
        }
    }

    #[test]
    fn every_code_round_trips_whatever_the_locale(index in any::<prop::sample::Index>(), locale in any::<String>()) {
        let code = Code::ALL[index.index(Code::ALL.len())];
        prop_assert_eq!(Code::from_code(code.as_str()), Some(code));
        let message = code.user_message_in(&locale);
        prop_assert!(code.messages().iter().any(|(_, text)| *text == message));
    }

    #[test]
    fn result_info_never_panics_on_arbitrary_json(value in json()) {
        let text = value.to_string();
        let parsed = serde_json::from_str::<ResultInfo>(&text);
        if let Ok(result) = parsed {
            // Whatever parsed classifies.
            let c = result.classify();
            prop_assert_eq!(c.status(), result.status);
        }
        if let Some(inner) = value.get("result") {
            let _ = serde_json::from_value::<ResultInfo>(inner.clone());
        }
    }
}

const CATALOG: &str = include_str!("../../codes.toml");

#[derive(Debug, Clone)]
enum Edit {
    Delete {
        at: prop::sample::Index,
        len: usize,
    },
    Insert {
        at: prop::sample::Index,
        bytes: Vec<u8>,
    },
    Replace {
        at: prop::sample::Index,
        byte: u8,
    },
    DuplicateLine {
        at: prop::sample::Index,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        prop::collection::vec(any::<u8>(), 1..8),
        prop::sample::select(vec![
            "\"",
            "[",
            "]",
            "=",
            "\n",
            "#",
            "'''",
            "\"\"\"",
            "[codes.X]\n",
            "status = \"Q\"\n",
            "retry = \"nope\"\n",
            "message.zh_CN = \"x\"\n",
            "variant = \"ALL\"\n",
            "\u{feff}",
            "支付",
            "[codes.SUCCESS]\n",
            "max_attempts = 0\n",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), 1usize..64).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<prop::sample::Index>(), snippet).prop_map(|(at, bytes)| Edit::Insert { at, bytes }),
        (any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(at, byte)| Edit::Replace { at, byte }),
        any::<prop::sample::Index>().prop_map(|at| Edit::DuplicateLine { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    if bytes.is_empty() {
        return;
    }
    match edit {
        Edit::Delete { at, len } => {
            let start = at.index(bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Edit::Insert { at, bytes: b } => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, b.iter().copied());
        }
        Edit::Replace { at, byte } => {
            let at = at.index(bytes.len());
            bytes[at] = *byte;
        }
        Edit::DuplicateLine { at } => {
            let at = at.index(bytes.len());
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
}

fn check_report(bytes: &[u8]) -> Result<(), TestCaseError> {
    match errcat_codegen::check_bytes("codes.toml", bytes) {
        Ok(catalog) => {
            // What validates also generates.
            prop_assert!(errcat_codegen::generate(&catalog).is_ok());
        }
        Err(report) => {
            prop_assert!(!report.diagnostics.is_empty());
            for line in report.lines() {
                prop_assert!(line.starts_with("codes.toml:"), "{}", line);
                prop_assert!(!line.contains('\n'), "{}", line);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_validator_never_panics_on_edits_of_the_real_catalog(edits in prop::collection::vec(edit(), 1..4)) {
        let mut bytes = CATALOG.as_bytes().to_vec();
        for e in &edits {
            apply(&mut bytes, e);
        }
        check_report(&bytes)?;
    }

    #[test]
    fn the_validator_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_report(&bytes)?;
    }

    #[test]
    fn the_validator_never_panics_on_arbitrary_toml_like_text(text in "([a-z.\\[\\]\"= \n]|codes|status|message|retry|fallback|policies|categories|kind){0,80}") {
        check_report(text.as_bytes())?;
    }
}
