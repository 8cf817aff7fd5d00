//! The generated tables against errcat-codegen's own reading of codes.toml: every code, in
//! file order, with every field, category and fallback; and the catalog built from that reading
//! at run time (`Catalog::from_codegen`, feature `runtime-catalog`) against the generated one.

use std::path::Path;
use std::time::Duration;

use errcat::{
    CATALOG, Catalog, Category, Code, Decision, Outcome, RetryPolicy, State, Status, classify,
    classify_result,
};
use errcat_codegen::{IncompleteCatalog, PolicyKind, StateOutcome, StatusLetter};

fn catalog() -> errcat_codegen::Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("codes.toml");
    errcat_codegen::check_file(&path).unwrap_or_else(|r| panic!("{r}"))
}

fn pairs(messages: &[errcat_codegen::Message]) -> Vec<(&str, &str)> {
    messages
        .iter()
        .map(|m| (m.locale.as_str(), m.text.as_str()))
        .collect()
}

#[test]
fn codes_match_codes_toml_in_file_order() {
    let catalog = catalog();
    assert_eq!(Code::ALL.len(), catalog.codes.len());
    for (&code, def) in Code::ALL.iter().zip(&catalog.codes) {
        assert_eq!(code.as_str(), def.code);
        assert_eq!(format!("{code:?}"), def.code);
        assert_eq!(code.to_string(), def.code);
        assert_eq!(code.as_ref(), def.code);
        assert_eq!(code.status().as_str(), def.status.as_str());
        assert_eq!(
            code.category().as_str(),
            catalog.categories[def.category].key
        );
        assert_eq!(code.description(), def.description);
        assert_eq!(code.resolution(), def.resolution);
        assert_eq!(
            code.retry(),
            RetryPolicy::from(catalog.policies[def.retry].kind)
        );
        assert_eq!(code.messages(), pairs(&def.messages).as_slice());
        assert_eq!(code.user_message(), def.messages[0].text);
    }
}

#[test]
fn categories_match_codes_toml() {
    let catalog = catalog();
    assert_eq!(Category::ALL.len(), catalog.categories.len());
    for (&category, def) in Category::ALL.iter().zip(&catalog.categories) {
        assert_eq!(category.as_str(), def.key);
        assert_eq!(category.to_string(), def.key);
        assert_eq!(category.title(), def.title);
        assert_eq!(
            category.retry(),
            RetryPolicy::from(catalog.policies[def.retry].kind)
        );
        assert_eq!(Category::from_key(&def.key), Some(category));
    }
}

#[test]
fn fallbacks_match_codes_toml() {
    let catalog = catalog();
    for (status, def) in Status::ALL.into_iter().zip(&catalog.fallbacks) {
        assert_eq!(status.as_str(), def.status.as_str());
        let c = classify_result(status, "NOT_A_CATALOGUED_CODE");
        assert_eq!(c.code(), None);
        assert_eq!(c.category(), None);
        assert_eq!(c.status(), status);
        assert_eq!(c.description(), def.description);
        assert_eq!(c.resolution(), def.resolution);
        assert_eq!(
            c.retry(),
            RetryPolicy::from(catalog.policies[def.retry].kind)
        );
        assert_eq!(c.messages(), pairs(&def.messages).as_slice());
        assert!(!c.decided_by_code());
    }
    // `classify` of an uncatalogued code is the F fallback.
    assert_eq!(
        classify("NOT_A_CATALOGUED_CODE"),
        classify_result(Status::Failed, "NOT_A_CATALOGUED_CODE")
    );
}

#[test]
fn every_code_round_trips_through_every_lookup() {
    for &code in Code::ALL {
        let s = code.as_str();
        assert_eq!(Code::from_code(s), Some(code));
        assert_eq!(s.parse::<Code>(), Ok(code));
        assert_eq!(Code::try_from(s), Ok(code));
        assert_eq!(errcat::CODES.get(s), Some(&code));
        assert_eq!(classify(s).code(), Some(code));
        // One map for every string a code is sent as: its own and its aliases.
        for alias in code.aliases() {
            assert_eq!(errcat::CODES.get(*alias), Some(&code), "{alias}");
        }
    }
    let aliases: usize = Code::ALL.iter().map(|c| c.aliases().len()).sum();
    assert!(
        aliases > 0,
        "errcat's catalog has aliases (USER_BALANCE_NOT_ENOUGH, ...)"
    );
    assert_eq!(errcat::CODES.len(), Code::ALL.len() + aliases);
}

#[test]
fn near_misses_are_not_codes() {
    for &code in Code::ALL {
        let s = code.as_str();
        let lower = s.to_ascii_lowercase();
        let mut longer = s.to_owned();
        longer.push('_');
        let shorter = &s[..s.len() - 1];
        let mut swapped = s.as_bytes().to_vec();
        swapped[0] = if swapped[0] == b'X' { b'Y' } else { b'X' };
        let swapped = String::from_utf8(swapped).unwrap();
        for miss in [lower.as_str(), longer.as_str(), shorter, swapped.as_str()] {
            if Code::ALL.iter().any(|c| c.as_str() == miss) {
                continue;
            }
            assert_eq!(Code::from_code(miss), None, "{miss}");
            assert_eq!(errcat::CODES.get(miss), None, "{miss}");
        }
    }
}

#[test]
fn categories_parse_like_codes() {
    for &category in errcat::Category::ALL {
        assert_eq!(category.as_str().parse(), Ok(category));
        assert_eq!(errcat::Category::try_from(category.as_str()), Ok(category));
        // One rule for Debug and Display across Code, Category and Status.
        assert_eq!(format!("{category:?}"), category.as_str());
        assert_eq!(format!("{category}"), category.as_str());
    }
    let err = "Refund".parse::<errcat::Category>().unwrap_err();
    assert_eq!(err.key(), "Refund");
    assert_eq!(err.to_string(), r#"unknown category "Refund""#);
    for status in errcat::Status::ALL {
        assert_eq!(format!("{status:?}"), status.as_str());
    }
    assert_eq!(format!("{:?}", errcat::Code::RiskReject), "RISK_REJECT");
}

/// errcat's own catalog built at run time from errcat-codegen's reading of codes.toml.
fn built() -> &'static Catalog {
    static BUILT: std::sync::OnceLock<&'static Catalog> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| Catalog::from_codegen(&catalog()).unwrap())
}

/// Every field a decision answers, from the catalog built at run time and from errcat's.
fn assert_same(ours: Decision, theirs: Decision, what: &str) {
    assert_eq!(ours.code(), theirs.code(), "{what}: code");
    assert_eq!(ours.status(), theirs.status(), "{what}: status");
    assert_eq!(ours.state(), theirs.state(), "{what}: state");
    assert_eq!(ours.retry(), theirs.retry(), "{what}: retry");
    assert_eq!(ours.next_from(), theirs.next_from(), "{what}: next from");
    assert_eq!(
        ours.message_from(),
        theirs.message_from(),
        "{what}: message from"
    );
    assert_eq!(
        ours.decided_by_code(),
        theirs.decided_by_code(),
        "{what}: decided by code"
    );
    assert_eq!(ours.messages(), theirs.messages(), "{what}: messages");
    assert_eq!(
        ours.user_message(),
        theirs.user_message(),
        "{what}: message"
    );
    assert_eq!(
        ours.description(),
        theirs.description(),
        "{what}: description"
    );
    assert_eq!(ours.resolution(), theirs.resolution(), "{what}: resolution");
    for locale in ["en", "zh-CN", "zh-TW", "zh", "th-TH", "ja", "xx", ""] {
        assert_eq!(
            ours.user_message_in(locale),
            theirs.user_message_in(locale),
            "{what}: message in {locale}"
        );
    }
}

const STATES: [State; 5] = [
    State::Succeeded,
    State::Failed,
    State::Pending,
    State::Retry,
    State::Unknown,
];

#[test]
fn a_catalog_built_at_run_time_agrees_with_errcats_for_every_code_alias_and_status() {
    let ours = built();
    assert_eq!(ours.len(), CATALOG.len());
    let mut inputs: Vec<&str> = Vec::new();
    for &code in Code::ALL {
        inputs.push(code.as_str());
        inputs.extend(code.aliases());
    }
    assert!(inputs.len() > Code::ALL.len(), "the catalog has aliases");
    // Strings the catalog lacks: empty, lowercase, spaced, a prefix, not ASCII.
    let lower = Code::ALL[0].as_str().to_lowercase();
    let spaced = format!(" {}", Code::ALL[0].as_str());
    let prefix = &Code::ALL[0].as_str()[..Code::ALL[0].as_str().len() - 1];
    inputs.extend([
        "",
        "NOT_A_CODE",
        &lower,
        &spaced,
        prefix,
        "支付失败",
        "\u{1b}[2J",
    ]);
    for input in inputs {
        assert_same(
            ours.classify(input),
            CATALOG.classify(input),
            &format!("classify({input:?})"),
        );
        for status in Status::ALL {
            assert_same(
                ours.classify_result(status, input),
                CATALOG.classify_result(status, input),
                &format!("classify_result({status}, {input:?})"),
            );
            for state in STATES {
                assert_same(
                    ours.decide(state, status, input),
                    CATALOG.decide(state, status, input),
                    &format!("decide({state}, {status}, {input:?})"),
                );
            }
        }
        assert_eq!(
            ours.code_of(input),
            Code::from_code(input).map(Code::as_str),
            "code_of({input:?})"
        );
    }
    for status in Status::ALL {
        for state in STATES {
            assert_same(
                ours.decide(state, status, ""),
                CATALOG.decide(state, status, "NOT_A_CODE"),
                &format!("decide({state}, {status}) without a code"),
            );
        }
    }
    for value in [
        "SUCCESS",
        "fail",
        "Processing",
        "PENDING",
        "CANCELLED",
        "NOPE",
    ] {
        assert_eq!(ours.state_of(value), CATALOG.state_of(value), "{value}");
    }
}

#[test]
fn the_tables_built_at_run_time_are_errcats_own() {
    let ours = built();
    assert_eq!(ours.__rows(), CATALOG.__rows());
    for status in Status::ALL {
        assert_eq!(
            ours.__fallback(status),
            CATALOG.__fallback(status),
            "{status}"
        );
    }
    for (i, &category) in Category::ALL.iter().enumerate() {
        assert_eq!(ours.__category(i), CATALOG.__category(i), "{category}");
    }
    // A decision names the catalog it was read with; each call builds a catalog of its own.
    assert!(std::ptr::eq(ours.classify("SUCCESS").catalog(), ours));
    assert!(!std::ptr::eq(CATALOG.classify("SUCCESS").catalog(), ours));
    assert!(!std::ptr::eq(
        Catalog::from_codegen(&catalog()).unwrap(),
        ours
    ));
}

#[test]
fn every_model_value_converts_to_the_runtime_value_of_its_name() {
    let kinds = [
        PolicyKind::Never,
        PolicyKind::Backoff {
            initial_delay_ms: 1500,
            max_delay_ms: 4000,
            max_attempts: 3,
        },
        PolicyKind::Poll {
            interval_ms: 3000,
            timeout_ms: 60_000,
        },
        PolicyKind::RefreshToken,
        PolicyKind::Reauthorize,
        PolicyKind::AskUser,
        PolicyKind::NewRequest,
    ];
    for kind in kinds {
        assert_eq!(RetryPolicy::from(kind).kind(), kind.name());
    }
    assert_eq!(
        RetryPolicy::from(kinds[1]),
        RetryPolicy::Backoff {
            initial_delay: Duration::from_millis(1500),
            max_delay: Duration::from_millis(4000),
            max_attempts: 3,
        }
    );
    assert_eq!(
        RetryPolicy::from(kinds[2]),
        RetryPolicy::Poll {
            interval: Duration::from_secs(3),
            timeout: Duration::from_secs(60),
        }
    );
    for (letter, status) in StatusLetter::ALL.into_iter().zip(Status::ALL) {
        assert_eq!(Status::from(letter), status);
        assert_eq!(status.as_str(), letter.as_str());
    }
    for name in StateOutcome::NAMES {
        let outcome = StateOutcome::parse(name).unwrap();
        assert_eq!(State::from(outcome).as_str(), name);
    }
}

#[test]
fn every_shared_body_reads_the_same_with_the_catalog_built_at_run_time() {
    let bodies = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/cli/tests/data/outcome-bodies.json"
    ))
    .unwrap();
    let bodies: serde_json::Value = serde_json::from_str(&bodies).unwrap();
    let mut read = 0;
    for case in bodies["cases"].as_array().unwrap() {
        let what = &case["name"];
        let api = case["api"]
            .as_str()
            .map(|a| a.parse::<errcat::Api>().unwrap());
        let body = match &case["body"] {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let theirs = Outcome::from_json(api, body.as_bytes());
        let ours = Outcome::from_json_in(built(), api, body.as_bytes());
        let expect = &case["expect"];
        let (Ok(ours), Ok(theirs)) = (ours, theirs.as_ref()) else {
            assert!(theirs.is_err(), "{what}");
            assert!(expect.is_null(), "{what}: rejected, but expected {expect}");
            continue;
        };
        read += 1;
        // What the shared file says the crate answers (docs/decision.md).
        let message = match ours.decision().message_from() {
            errcat::Source::Code => "code",
            errcat::Source::Fallback(status) => status.as_str(),
        };
        assert_eq!(
            (ours.state().as_str(), ours.retry().kind(), message),
            (
                expect["state"].as_str().unwrap_or("?"),
                expect["retry"].as_str().unwrap_or("?"),
                expect["message"].as_str().unwrap_or("?")
            ),
            "{what}: state, retry, message from"
        );
        assert_eq!(ours.state(), theirs.state(), "{what}");
        assert_eq!(ours.code(), theirs.code(), "{what}");
        assert_eq!(ours.status(), theirs.status(), "{what}");
        assert_eq!(ours.decided_by(), theirs.decided_by(), "{what}");
        assert_eq!(ours.api(), theirs.api(), "{what}");
        assert_eq!(ours.decision().state(), ours.state(), "{what}");
        assert_same(
            ours.decision(),
            theirs.decision(),
            &format!("{what}: decision"),
        );
    }
    assert!(read > 50, "{read} bodies read");
}

#[test]
fn a_catalogs_own_u_code_that_polls_is_pending_and_polled() {
    // A catalog of a user's own that extends errcat's with a `U` code that polls (shared with
    // the command's integration tests).
    let mine = include_str!("../../cli/tests/data/extends-polling-u.toml");
    let errcat_toml = include_str!("../../codes.toml");
    let base = errcat_codegen::BaseCatalog {
        name: "errcat",
        path: "codes.toml",
        source: errcat_toml,
    };
    let checked = errcat_codegen::check_str_extending("wallet.toml", mine, Some(base)).unwrap();
    let ours = Catalog::from_codegen(&checked).unwrap();
    let body =
        br#"{"result":{"resultStatus":"U","resultCode":"WALLET_SETTLING","resultMessage":""}}"#;
    let outcome = Outcome::from_json_in(ours, Some(errcat::Api::Pay), body).unwrap();
    assert_eq!(outcome.state(), State::Pending);
    assert!(outcome.retry().polls());
    assert_eq!(
        outcome.user_message_in("en"),
        "Your wallet is still confirming this payment."
    );
    let decision = ours.classify_result(Status::Unknown, "WALLET_SETTLING");
    assert_eq!(decision.state(), State::Pending);
    assert_eq!(decision.code(), Some("WALLET_SETTLING"));
    let def = checked.codes.last().unwrap();
    assert_eq!(
        (
            def.code.as_str(),
            checked.categories[def.category].key.as_str()
        ),
        ("WALLET_SETTLING", "wallet")
    );
    assert_eq!(ours.len(), CATALOG.len() + 1);
    // errcat's own catalog does not know the code: its U fallback resends.
    let errcats = Outcome::from_json(Some(errcat::Api::Pay), body).unwrap();
    assert_eq!(errcats.state(), State::Retry);
}

#[test]
fn a_catalog_needs_every_fallback_in_order_and_every_index_in_range() {
    let catalog = catalog();
    let mut missing = catalog.clone();
    missing.fallbacks.pop();
    assert_eq!(
        Catalog::from_codegen(&missing).unwrap_err(),
        IncompleteCatalog::Fallbacks
    );
    let mut swapped = catalog.clone();
    swapped.fallbacks.swap(0, 1);
    assert_eq!(
        Catalog::from_codegen(&swapped).unwrap_err(),
        IncompleteCatalog::Fallbacks
    );
    let mut dangling = catalog.clone();
    dangling.codes[0].category = dangling.categories.len();
    assert!(matches!(
        Catalog::from_codegen(&dangling),
        Err(IncompleteCatalog::Category { .. })
    ));
    let mut no_policy = catalog;
    no_policy.categories[0].retry = no_policy.policies.len();
    assert!(matches!(
        Catalog::from_codegen(&no_policy),
        Err(IncompleteCatalog::Policy { .. })
    ));
}
