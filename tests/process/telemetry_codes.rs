//! Thousands of distinct codes the catalog lacks, control characters and bidi overrides among
//! them, in every place a body carries a code: the labels stay the catalog's (`_OTHER` for all
//! of them), each code warns once, escaped, while at most 1,000 are remembered, past that the
//! warnings go on counted without the memory growing, and nothing private reaches a label or
//! an event. One test in a process of its own: the codes remembered are per process.

use crate::capture;
use std::collections::BTreeSet;

use crate::capture::{assert_clean, body, json_string, result, run};
use errcat::telemetry::{OTHER, OUTCOMES_TOTAL, REMEMBERED_CODES, UNCATALOGUED_TOTAL};
use errcat::{Api, CATALOG, Escaped, Outcome, State};

/// Distinct codes: plain, with C0 and C1 controls, ESC sequences, bidi overrides and
/// isolates, zero-width characters, a BOM, newlines.
fn code(i: usize) -> String {
    let hostile = [
        "",
        "\u{1b}[31m",
        "\u{202e}",
        "\u{2066}",
        "\n",
        "\r\t",
        "\u{85}",
        "\u{200b}",
        "\u{feff}",
        "\u{7}\u{0}",
        "\u{9b}2J",
        "\u{2029}",
    ];
    format!("TELEMETRY_NEW_{i}{}_X", hostile[i % hostile.len()])
}

/// A body whose deciding code is `code`, in one of the places a code is carried.
fn body_with(i: usize, code: &str) -> (Api, String) {
    match i % 4 {
        0 => (
            Api::Pay,
            body(&format!(r#""result":{}"#, result("F", code))),
        ),
        1 => (
            Api::InquiryPayment,
            body(&format!(
                r#""result":{},"paymentStatus":"FAIL","paymentResultCode":{}"#,
                result("S", "SUCCESS"),
                json_string(code)
            )),
        ),
        2 => (
            Api::NotifyPayment,
            body(&format!(
                r#""notifyType":"PAYMENT_RESULT","result":{}"#,
                result("F", code)
            )),
        ),
        _ => (
            Api::InquiryPayment,
            body(&format!(
                r#""result":{},"transactions":[{{"transactionType":"PAYMENT","transactionResult":{}}}]"#,
                result("S", "SUCCESS"),
                result("F", code)
            )),
        ),
    }
}

const CODES: usize = 3_000;

#[test]
fn thousands_of_codes_the_catalog_lacks_stay_bounded_escaped_and_private() {
    assert_eq!(errcat::__private::telemetry_remembered().0, 0);
    let bodies: Vec<(Api, String)> = (0..CODES).map(|i| body_with(i, &code(i))).collect();
    let read = |range: std::ops::Range<usize>| {
        for (api, b) in &bodies[range] {
            let outcome = Outcome::from_json(Some(*api), b.as_bytes()).unwrap();
            assert_eq!(outcome.state(), State::Failed, "{b}");
        }
    };

    // The first 100: the label sets they make.
    let ((), first) = run(|| read(0..100));
    let label_sets = |r: &capture::Recorded| -> BTreeSet<Vec<(String, String)>> {
        r.metrics
            .iter()
            .map(|m| {
                let mut l: Vec<_> = m.labels.clone().into_iter().collect();
                l.insert(0, ("__name__".into(), m.name.clone()));
                l
            })
            .collect()
    };
    let first_sets = label_sets(&first);
    let (remembered, capacity) = errcat::__private::telemetry_remembered();
    assert_eq!(remembered, 100);
    assert!(capacity >= REMEMBERED_CODES);

    // All of them, twice: the same label sets, every code `_OTHER`.
    let ((), all) = run(|| {
        read(0..CODES);
        read(0..CODES);
    });
    assert_eq!(label_sets(&all), first_sets);
    for m in all.named(OUTCOMES_TOTAL) {
        let code = m.label("code");
        assert!(
            code == OTHER || code == "none" || CATALOG.code_of(code) == Some(code),
            "{code}"
        );
        assert_eq!(code, OTHER);
    }
    assert_eq!(all.sum(OUTCOMES_TOTAL, &[]), 2 * CODES as u64);
    assert_eq!(all.sum(UNCATALOGUED_TOTAL, &[]), 2 * CODES as u64);
    assert_eq!(
        all.named(UNCATALOGUED_TOTAL).count(),
        3,
        "pay, inquiryPayment, notifyPayment"
    );

    // Warnings: codes 100..1000 once each as they are first remembered; past the limit, each
    // of codes 1000..3000 every time it is read (twice), counted.
    let warned: Vec<_> = all.events("code not in the catalog").collect();
    let remembered_now: Vec<_> = warned
        .iter()
        .filter(|e| e.field("remembered") == "true")
        .collect();
    assert_eq!(remembered_now.len(), REMEMBERED_CODES - 100);
    for (event, i) in remembered_now.iter().zip(100..) {
        assert_eq!(event.field("code"), Escaped(&code(i)).to_string());
        assert_eq!(event.field("past_limit"), "0");
    }
    let past: Vec<_> = warned
        .iter()
        .filter(|e| e.field("remembered") == "false")
        .collect();
    assert_eq!(past.len(), 2 * (CODES - REMEMBERED_CODES));
    for (event, n) in past.iter().zip(1..) {
        assert_eq!(event.field("past_limit"), n.to_string());
    }
    assert_eq!(
        past[0].field("code"),
        Escaped(&code(REMEMBERED_CODES)).to_string()
    );
    assert_eq!(warned.len(), remembered_now.len() + past.len());

    // Memory: the set holds 1,000 codes in the capacity it was given at the start.
    assert_eq!(
        errcat::__private::telemetry_remembered(),
        (REMEMBERED_CODES, capacity)
    );

    // Nothing raw, nothing private, in any label or event of either run.
    assert_clean(&first);
    assert_clean(&all);
    assert!(
        all.events
            .iter()
            .flat_map(|e| e.fields.values())
            .any(|v| v.contains(r"\u{202e}")),
        "the bidi override is shown escaped"
    );
}
