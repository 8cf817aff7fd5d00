//! The shipped catalog against the platform's reference (a copy of its code tables is kept in
//! tests/data/reference-codes.tsv) and the policies the catalog issue asks for.

use std::collections::{HashMap, HashSet};

use errcat::{Code, RetryPolicy, Status, classify};

struct Row<'a> {
    code: &'a str,
    status: &'a str,
    description: &'a str,
    resolution: &'a str,
    section: &'a str,
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn reference() -> Vec<Row<'static>> {
    data_lines(include_str!("../data/reference-codes.tsv"))
        .map(|f| {
            assert_eq!(f.len(), 5, "{f:?}");
            Row {
                code: f[0],
                status: f[1],
                description: f[2],
                resolution: f[3],
                section: f[4],
            }
        })
        .collect()
}

fn expected_policies() -> HashMap<&'static str, &'static str> {
    data_lines(include_str!("../data/expected-policies.tsv"))
        .map(|f| (f[0], f[1]))
        .collect()
}

#[test]
fn every_reference_code_is_catalogued_verbatim() {
    for row in reference() {
        let code = Code::from_code(row.code)
            .unwrap_or_else(|| panic!("{} is missing from codes.toml", row.code));
        assert_eq!(code.as_str(), row.code);
        assert_eq!(code.status().as_str(), row.status, "{}", row.code);
        assert_eq!(code.description(), row.description, "{}", row.code);
        assert_eq!(code.resolution(), row.resolution, "{}", row.code);
        let c = classify(row.code);
        assert_eq!(c.code(), Some(code));
        assert_eq!(c.status().as_str(), row.status);
        assert_eq!(c.description(), row.description);
        assert_eq!(c.resolution(), row.resolution);
    }
}

/// The catalog is the reference's 47 codes plus entries that each name their `source`
/// (`SUCCESS`, the codes of the platform's API pages, and issue 21's).
#[test]
fn catalog_is_the_reference_plus_sourced_entries() {
    let on_page: HashSet<&str> = reference().iter().map(|r| r.code).collect();
    let extra: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !on_page.contains(c))
        .collect();
    assert_eq!(extra.len(), 44, "{extra:?}");
    assert!(extra.contains(&"SUCCESS"));
    for code in extra {
        let code = Code::from_code(code).unwrap();
        assert!(
            code.source().is_some_and(|s| !s.trim().is_empty()),
            "{code} is not on the reference page and has no source"
        );
    }
    for row in reference() {
        assert_eq!(
            Code::from_code(row.code).unwrap().source(),
            None,
            "{}",
            row.code
        );
    }
    assert_eq!(Code::ALL.len(), 91);
    let success = Code::from_code("SUCCESS").unwrap();
    assert_eq!(success.status(), Status::Success);
    assert_eq!(success.retry(), RetryPolicy::Never);
}

/// The aliases the platform's API pages use for catalogued codes look up as those codes, and
/// no alias is a code of its own.
#[test]
fn aliases_of_the_api_pages_classify_as_their_codes() {
    for (alias, code) in [
        ("USER_BALANCE_NOT_ENOUGH", Code::InsufficientBalance),
        (
            "CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT",
            Code::CaptureAmountExceed,
        ),
        ("AUTH_EXPIRED", Code::AuthorizationExpired),
        ("REFUND_NOT_SUPPORTED", Code::RefundNotAllowed),
        ("AMOUNT_EXCEED_LIMIT", Code::UserAmountExceedLimit),
    ] {
        assert_eq!(Code::from_code(alias), Some(code), "{alias}");
        assert_eq!(alias.parse::<Code>(), Ok(code), "{alias}");
        assert!(code.aliases().contains(&alias), "{alias}");
        assert_eq!(classify(alias).code(), Some(code), "{alias}");
        assert_eq!(classify(alias).retry(), code.retry(), "{alias}");
        let c = errcat::classify_result(Status::Failed, alias);
        assert_eq!(c.code(), Some(code), "{alias}");
    }
    let all: usize = Code::ALL.iter().map(|c| c.aliases().len()).sum();
    assert_eq!(all, 5);
    for &code in Code::ALL {
        for alias in code.aliases() {
            assert!(Code::ALL.iter().all(|c| c.as_str() != *alias), "{alias}");
        }
    }
}

#[test]
fn sections_map_one_to_one_onto_categories() {
    let mut by_section = HashMap::new();
    for row in reference() {
        let category = Code::from_code(row.code).unwrap().category();
        let previous = by_section.insert(row.section, category);
        assert!(
            previous.is_none_or(|p| p == category),
            "{} is not in the category of its section {}",
            row.code,
            row.section
        );
    }
    let categories: HashSet<_> = by_section.values().collect();
    assert_eq!(
        categories.len(),
        by_section.len(),
        "two sections share a category"
    );
}

#[test]
fn policies_follow_the_reference_resolutions() {
    let expected = expected_policies();
    for &code in Code::ALL {
        let want = expected.get(code.as_str()).copied().unwrap_or("never");
        assert_eq!(code.retry().kind(), want, "{code}");
        // Under its own status a code's row decides, except that an F which inquires first
        // (the order may be paid after all) polls the inquiry.
        let c = classify(code.as_str());
        if c.state() == errcat::State::Unknown {
            assert!(code.inquire_first().is_some() || code.retry().kind() == "new_request");
            assert_eq!(c.retry().kind(), "poll", "{code}");
        } else {
            assert_eq!(c.retry(), code.retry(), "{code}");
        }
    }
}

#[test]
fn shipped_poll_policy_is_the_platform_inquiry_guidance() {
    for &code in Code::ALL {
        if let RetryPolicy::Poll { interval, timeout } = code.retry() {
            assert_eq!(interval.as_secs(), 3, "{code}");
            assert_eq!(timeout.as_secs(), 60, "{code}");
        }
    }
}

#[test]
fn every_shipped_entry_and_fallback_speaks_english_and_simplified_chinese() {
    for &code in Code::ALL {
        let locales: Vec<&str> = code.messages().iter().map(|m| m.0).collect();
        assert_eq!(locales[0], "en", "{code}");
        assert!(locales.contains(&"zh-CN"), "{code}");
        assert_ne!(code.user_message_in("zh-CN"), code.user_message(), "{code}");
        // Messages are for people: no codes in them.
        for (_, text) in code.messages() {
            assert!(!text.contains(code.as_str()), "{code}: {text}");
            assert!(!text.contains('_'), "{code}: {text}");
        }
    }
    for status in Status::ALL {
        let c = errcat::classify_result(status, "NOT_IN_THE_CATALOG");
        let locales: Vec<&str> = c.messages().iter().map(|m| m.0).collect();
        assert_eq!(locales, ["en", "zh-CN"], "fallback {status}");
    }
}
