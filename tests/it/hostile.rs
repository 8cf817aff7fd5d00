//! Hostile input to the library (errcat issue 15): the reproducers that belong to the runtime,
//! and a seeded fuzz of everything that takes outside text.
//!
//! The fuzz runs 2,000 cases per property by default, from a fixed seed; `PROPTEST_CASES` and
//! `PROPTEST_RNG_SEED` override both (`PROPTEST_CASES=200000 cargo test -p errcat --test
//! test_hostile --release` for a long run).

use std::collections::HashSet;

use errcat::{
    ApiError, Classification, Code, Escaped, ResultInfo, Status, classify, classify_result,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// The default seed, so that a failure in CI can be rerun as it was.
const SEED: u64 = 0x15_e77ca7;

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 2_000;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config
}

/// Every user message the catalog holds, in every locale: the codes' and the fallbacks'.
fn catalog_messages() -> HashSet<&'static str> {
    let mut all = HashSet::new();
    for &code in Code::ALL {
        all.extend(code.messages().iter().map(|&(_, m)| m));
    }
    for status in Status::ALL {
        let c: Classification = classify_result(status, "");
        all.extend(c.messages().iter().map(|&(_, m)| m));
    }
    all
}

/// The characters a terminal acts on, and their neighbours.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\u{0}', '\u{1f}'),
        prop::char::range('\u{7f}', '\u{9f}'),
        Just('\u{61c}'),
        prop::char::range('\u{200b}', '\u{200f}'),
        prop::char::range('\u{2028}', '\u{202e}'),
        prop::char::range('\u{2060}', '\u{206f}'),
        Just('\u{feff}'),
    ]
}

/// A catalogued code, one with hostile characters put in, or anything at all.
fn outside_text() -> impl Strategy<Value = String> {
    let known = prop::sample::select(Code::ALL.to_vec()).prop_map(|c| c.as_str().to_owned());
    let spiked = (
        prop::sample::select(Code::ALL.to_vec()),
        prop::collection::vec((any::<prop::sample::Index>(), hostile_char()), 1..4),
    )
        .prop_map(|(c, inserts)| {
            let mut s: Vec<char> = c.as_str().chars().collect();
            for (i, ch) in inserts {
                let at = i.index(s.len() + 1);
                s.insert(at, ch);
            }
            s.into_iter().collect()
        });
    let sequences = prop::collection::vec(
        prop_oneof![
            Just("\u{1b}[2J".to_owned()),
            Just("\u{1b}]0;title\u{7}".to_owned()),
            Just("\u{9b}31m".to_owned()),
            Just("\nFORGED".to_owned()),
            Just("RISK_\u{202e}TCEJER".to_owned()),
            "[A-Za-z_ -]{0,8}",
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![known, spiked, sequences, any::<String>()]
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// JSON-ish bytes: documents shaped like a result (objects and arrays), then cut or mutated,
/// and raw bytes.
fn outside_bytes() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("resultStatus".to_owned()),
        Just("resultCode".to_owned()),
        Just("resultMessage".to_owned()),
        "[a-z]{1,6}",
    ];
    let value = prop_oneof![
        Just("null".to_owned()),
        Just("1e400".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        prop_oneof![Just("F".to_owned()), Just("S".to_owned()), outside_text()]
            .prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    let object = prop::collection::vec((field, value.clone()), 0..5).prop_map(|fields| {
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap()))
            .collect();
        format!("{{{}}}", body.join(","))
    });
    let array =
        prop::collection::vec(value, 0..4).prop_map(|items| format!("[{}]", items.join(",")));
    let document = prop_oneof![object, array].prop_map(String::into_bytes);
    let mangled = (
        document.clone(),
        any::<prop::sample::Index>(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(|(mut bytes, i, b, cut)| {
            if !bytes.is_empty() {
                let at = i.index(bytes.len());
                if cut {
                    bytes.truncate(at);
                } else {
                    bytes[at] = b;
                }
            }
            bytes
        });
    prop_oneof![document, mangled, prop::collection::vec(any::<u8>(), 0..64)]
}

/// Whether `text` holds a character [`Escaped`] escapes.
fn has_hostile(text: &str) -> bool {
    text.chars().any(Escaped::escapes)
}

proptest! {
    #![proptest_config(config())]

    /// `classify`, `classify_result`, `Code::from_code` and `user_message_in` take anything:
    /// no panic, a message from the catalog only, never the input.
    #[test]
    fn outside_text_never_panics_or_reaches_a_user_message(
        code in outside_text(),
        locale in outside_text(),
        status in status(),
    ) {
        let messages = catalog_messages();
        let found = Code::from_code(&code);
        prop_assert_eq!(found.map(|c| c.as_str() == code), found.map(|_| true));
        for c in [classify(&code), classify_result(status, &code)] {
            prop_assert_eq!(c.code(), found);
            for message in [c.user_message(), c.user_message_in(&locale), c.user_message_in(&code)] {
                prop_assert!(messages.contains(message), "{message:?}");
                for input in [&code, &locale] {
                    if !input.is_empty() && !messages.iter().any(|m| m.contains(input.as_str())) {
                        prop_assert!(!message.contains(input.as_str()));
                    }
                }
            }
        }
        if let Some(c) = found {
            prop_assert!(messages.contains(c.user_message_in(&locale)));
        }
    }

    /// `ApiError`'s `Display` writes the code and the message through `Escaped`: one line, no
    /// character a terminal acts on.
    #[test]
    fn api_error_display_is_one_safe_line(
        code in outside_text(),
        message in outside_text(),
        status in status(),
    ) {
        let err = ApiError::new(ResultInfo::new(status, code.clone(), message.clone()));
        let shown = err.to_string();
        prop_assert!(!has_hostile(&shown), "{shown:?}");
        let head = format!("{status} {}", Escaped(&code));
        prop_assert!(shown.starts_with(&head), "{:?}", shown);
        if message.is_empty() {
            prop_assert_eq!(&shown, &head);
        } else {
            let tail = format!(": {}", Escaped(&message));
            prop_assert!(shown.ends_with(&tail), "{:?}", shown);
        }
        // The accessors keep the text as sent.
        prop_assert_eq!(err.raw_code(), code.as_str());
        prop_assert_eq!(err.server_message(), message.as_str());
    }

    /// `Escaped` leaves no character it escapes, changes nothing else, and is idempotent.
    #[test]
    fn escaped_text_is_safe_and_stable(text in outside_text()) {
        let once = Escaped(&text).to_string();
        prop_assert!(!has_hostile(&once));
        prop_assert_eq!(Escaped(&once).to_string(), once.clone());
        if !has_hostile(&text) {
            prop_assert_eq!(once, text);
        }
    }

    /// `ResultInfo` from any bytes: no panic; an array is never a result; what is read is
    /// kept exactly (it serializes back to the same fields).
    #[test]
    fn result_info_from_any_bytes(bytes in outside_bytes()) {
        let parsed = serde_json::from_slice::<ResultInfo>(&bytes);
        let value = serde_json::from_slice::<serde_json::Value>(&bytes);
        if let Ok(serde_json::Value::Array(_)) = value {
            prop_assert!(parsed.is_err());
        }
        if let Ok(result) = parsed {
            // `Value` refuses numbers out of range (`1e400`) that a skipped field may hold.
            match value {
                Ok(serde_json::Value::Object(fields)) => {
                    prop_assert_eq!(&fields["resultCode"], &serde_json::Value::from(result.code.clone()));
                    prop_assert_eq!(&fields["resultStatus"], &serde_json::Value::from(result.status.as_str()));
                }
                Ok(other) => return Err(TestCaseError::fail(format!("read a result from {other}"))),
                Err(e) => prop_assert!(e.to_string().contains("number out of range"), "{}", e),
            }
            let back: ResultInfo = serde_json::from_str(&serde_json::to_string(&result).unwrap()).unwrap();
            prop_assert_eq!(&back, &result);
            let c = result.classify();
            prop_assert!(catalog_messages().contains(c.user_message()));
        }
    }
}

/// Issue 15, item 6: the bidi marks U+200E, U+200F and U+061C were left raw by `ApiError`'s
/// `Display` although its docs said bidi controls are escaped.
#[test]
fn api_error_escapes_bidi_marks() {
    let err = ApiError::new(ResultInfo::new(
        Status::Failed,
        "RISK_\u{202e}TCEJER",
        "a\u{200e}b\u{200f}c\u{61c}d\u{2066}e\u{2069}\u{1b}]0;t\u{7}\u{85}",
    ));
    assert_eq!(
        err.to_string(),
        r"F RISK_\u{202e}TCEJER: a\u{200e}b\u{200f}c\u{61c}d\u{2066}e\u{2069}\u{1b}]0;t\u{7}\u{85}"
    );
}

/// Issue 15, item 6: `["F","INSUFFICIENT_BALANCE","m"]` was read as a result.
#[test]
fn an_array_is_not_a_result() {
    let err = serde_json::from_str::<ResultInfo>(r#"["F","INSUFFICIENT_BALANCE","m"]"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid type: sequence, expected a result object"),
        "{err}"
    );
}

/// A 16 MB code is classified (as uncatalogued) and kept as sent.
#[test]
fn a_huge_code_is_an_uncatalogued_code() {
    let huge = "A".repeat(16_000_000);
    assert_eq!(Code::from_code(&huge), None);
    let c = classify_result(Status::Unknown, &huge);
    assert_eq!(c.code(), None);
    let err = ApiError::new(ResultInfo::new(Status::Failed, huge.clone(), ""));
    assert_eq!(err.raw_code().len(), huge.len());
}
