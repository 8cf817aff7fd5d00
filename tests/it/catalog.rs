//! The generated tables against errcat-codegen's own reading of codes.toml: every code, in
//! file order, with every field, category and fallback.

use std::path::Path;
use std::time::Duration;

use errcat::{Category, Code, RetryPolicy, Status, classify, classify_result};
use errcat_codegen::{Catalog, PolicyKind};

fn catalog() -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("codes.toml");
    errcat_codegen::check_file(&path).unwrap_or_else(|r| panic!("{r}"))
}

fn policy(kind: &PolicyKind) -> RetryPolicy {
    match *kind {
        PolicyKind::Never => RetryPolicy::Never,
        PolicyKind::Backoff {
            initial_delay_ms,
            max_delay_ms,
            max_attempts,
        } => RetryPolicy::Backoff {
            initial_delay: Duration::from_millis(initial_delay_ms),
            max_delay: Duration::from_millis(max_delay_ms),
            max_attempts,
        },
        PolicyKind::Poll {
            interval_ms,
            timeout_ms,
        } => RetryPolicy::Poll {
            interval: Duration::from_millis(interval_ms),
            timeout: Duration::from_millis(timeout_ms),
        },
        PolicyKind::RefreshToken => RetryPolicy::RefreshToken,
        PolicyKind::Reauthorize => RetryPolicy::Reauthorize,
        PolicyKind::AskUser => RetryPolicy::AskUser,
        PolicyKind::NewRequest => RetryPolicy::NewRequest,
    }
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
        assert_eq!(code.retry(), policy(&catalog.policies[def.retry].kind));
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
        assert_eq!(category.retry(), policy(&catalog.policies[def.retry].kind));
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
        assert_eq!(c.retry(), policy(&catalog.policies[def.retry].kind));
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
