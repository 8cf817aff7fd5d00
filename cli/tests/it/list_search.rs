//! `errcat list` and `errcat search`.

use crate::common;
use crate::common::{assert_code_record, code, run, run_json, stderr, stdout};
use errcat::{Category, Code, Status};
use serde_json::Value;

fn codes_of(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| r["code"].as_str().expect("a code").to_owned())
        .collect()
}

#[test]
fn list_json_is_every_code_in_catalog_order() {
    let value = run_json(&["list", "--json"]);
    let records = value.as_array().expect("an array");
    assert_eq!(records.len(), Code::ALL.len());
    for (record, &c) in records.iter().zip(Code::ALL) {
        assert_code_record(record, c);
    }
}

#[test]
fn list_table_is_aligned_and_complete() {
    let output = run(&["list"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), Code::ALL.len() + 1);
    assert!(lines[0].starts_with("CODE "));
    let status_col = lines[0].find("STATUS").unwrap();
    let description_col = lines[0].find("DESCRIPTION").unwrap();
    for (line, &c) in lines[1..].iter().zip(Code::ALL) {
        assert!(line.starts_with(c.as_str()), "{line}");
        assert_eq!(
            &line[status_col..status_col + 1],
            c.status().as_str(),
            "{line}"
        );
        assert_eq!(&line[description_col..], c.description(), "{line}");
    }
}

#[test]
fn list_filters() {
    for status in Status::ALL {
        let value = run_json(&["list", "--status", status.as_str(), "--json"]);
        let expected: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.status() == status)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(codes_of(&value), expected, "{status}");
    }
    for &category in Category::ALL {
        let value = run_json(&["list", "--category", category.as_str(), "--json"]);
        let expected: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.category() == category)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(codes_of(&value), expected, "{category}");
    }
    for kind in [
        "never",
        "backoff",
        "poll",
        "refresh_token",
        "reauthorize",
        "ask_user",
        "new_request",
    ] {
        let value = run_json(&["list", "--retry", kind, "--json"]);
        let expected: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.retry().kind() == kind)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(codes_of(&value), expected, "{kind}");
        for record in value.as_array().unwrap() {
            assert_eq!(record["retry"]["kind"], kind);
        }
    }
}

#[test]
fn list_filters_combine_and_may_match_nothing() {
    // An S code never polls.
    let output = run(&["list", "--status", "S", "--retry", "poll", "--json"]);
    assert_eq!(code(&output), 0);
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value, Value::Array(Vec::new()));
    let output = run(&["list", "--status", "S", "--retry", "poll"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("no catalogued code matches"));
}

#[test]
fn list_rejects_unknown_filter_values() {
    for args in [
        &["list", "--category", "no_such_category"][..],
        &["list", "--status", "X"],
        &["list", "--retry", "sometimes"],
    ] {
        let output = run(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stderr(&output).contains("possible values"), "{args:?}");
    }
}

#[test]
fn search_finds_a_code_by_its_own_words_best_first() {
    for &c in Code::ALL {
        // The code itself ranks first.
        let value = run_json(&["search", c.as_str(), "--json"]);
        assert_eq!(
            codes_of(&value).first().map(String::as_str),
            Some(c.as_str())
        );
    }
    let c = Code::InsufficientBalance;
    let value = run_json(&["search", &c.description().to_uppercase(), "--json"]);
    assert!(codes_of(&value).contains(&c.as_str().to_owned()));
    assert_code_record(&value.as_array().unwrap()[0], c);
}

#[test]
fn search_matches_resolution_and_messages() {
    let c = Code::InsufficientBalance;
    let message_words = c.user_message();
    let value = run_json(&["search", message_words, "--json"]);
    assert_eq!(codes_of(&value)[0], c.as_str());
    for &(_, message) in c.messages() {
        let value = run_json(&["search", message, "--json"]);
        assert!(
            codes_of(&value).contains(&c.as_str().to_owned()),
            "{message}"
        );
    }
    let value = run_json(&["search", c.resolution(), "--json"]);
    assert!(codes_of(&value).contains(&c.as_str().to_owned()));
}

#[test]
fn search_table_and_no_match() {
    let output = run(&["search", "insufficient"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.starts_with("CODE "), "{text}");
    assert!(text.contains("INSUFFICIENT_BALANCE"), "{text}");

    let output = run(&["search", "xyzzy-plugh"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("no catalogued code matches 'xyzzy-plugh'"));
    assert_eq!(
        run_json(&["search", "xyzzy-plugh", "--json"]),
        Value::Array(Vec::new())
    );

    assert_eq!(code(&run(&["search"])), 2);
}

/// The `matched` words of each element of `search --json`.
fn matched_of(value: &Value) -> Vec<Vec<String>> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| {
            r["matched"]
                .as_array()
                .expect("matched words")
                .iter()
                .map(|w| w.as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn search_matches_every_word_when_some_code_does() {
    // "refund" alone matches several codes; with "amount exceeds" only the one matching all.
    let refund = run_json(&["search", "refund", "--json"]);
    assert!(codes_of(&refund).len() > 1);
    let output = run(&["search", "Refund", "amount", "EXCEEDS", "--json"]);
    assert_eq!(code(&output), 0);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(codes_of(&value), ["REFUND_AMOUNT_EXCEED"]);
    assert_eq!(matched_of(&value), [["refund", "amount", "exceeds"]]);
    let text = stdout(&run(&["search", "refund", "amount", "exceeds"]));
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn search_says_when_it_falls_back_to_any_word() {
    let note = "note: no catalogued code matches every word of 'balance capture'; these match \
                some of them, most words first\n";
    for json in [false, true] {
        let mut args = vec!["search", "balance", "capture"];
        if json {
            args.push("--json");
        }
        let output = run(&args);
        assert_eq!(code(&output), 0);
        assert_eq!(stderr(&output), note, "{args:?}");
        assert!(stdout(&output).contains("INSUFFICIENT_BALANCE"));
        assert!(stdout(&output).contains("CAPTURE_IN_PROCESS"));
    }
    let value = run_json(&["search", "balance", "capture", "--json"]);
    let matched = matched_of(&value);
    assert!(matched.iter().all(|m| m.len() == 1), "{matched:?}");
    assert!(matched.contains(&vec!["balance".to_owned()]));
    assert!(matched.contains(&vec!["capture".to_owned()]));
}

#[test]
fn search_help_says_every_word() {
    let help = stdout(&run(&["search", "--help"]));
    assert!(help.contains("matching every word"), "{help}");
    assert!(help.contains("the codes matching any, with a"), "{help}");
}

// The library's search (`errcat_codegen::search::search`, which the command calls) over errcat's
// catalog.

/// The codes the library's search finds for `words` in errcat's catalog, and whether they match
/// every word.
fn library_search(words: &[&str]) -> (Vec<String>, bool) {
    let catalog = errcat_codegen::check_file(&common::catalog_path()).unwrap();
    let found = errcat_codegen::search::search(&catalog, words);
    let codes = found.hits.iter().map(|h| h.code.code.clone()).collect();
    (codes, found.every_word)
}

#[test]
fn every_word_must_match_when_some_code_matches_them_all() {
    let (codes, every_word) = library_search(&["refund", "amount", "exceeds"]);
    assert_eq!(codes, ["REFUND_AMOUNT_EXCEED"]);
    assert!(every_word);
}

#[test]
fn any_word_when_no_code_matches_them_all() {
    let (codes, every_word) = library_search(&["balance", "capture"]);
    assert!(
        codes.contains(&"INSUFFICIENT_BALANCE".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"CAPTURE_IN_PROCESS".to_owned()),
        "{codes:?}"
    );
    assert!(!every_word);
    let catalog = errcat_codegen::check_file(&common::catalog_path()).unwrap();
    let found = errcat_codegen::search::search(&catalog, &["balance capture"]);
    assert_eq!(found.words, ["balance", "capture"]);
    assert!(found.hits.iter().all(|h| !h.matched.is_empty()));
}

/// Every column of the table starts where its header does, two spaces after the widest cell
/// of the column before; the last is not padded.
#[test]
fn table_aligns_columns() {
    let text = stdout(&run(&["list"]));
    let lines: Vec<&str> = text.lines().collect();
    let header = lines[0];
    let starts: Vec<usize> = ["STATUS", "CATEGORY", "RETRY", "DESCRIPTION"]
        .iter()
        .map(|h| header.find(h).unwrap())
        .collect();
    let widest_code = Code::ALL.iter().map(|c| c.as_str().len()).max().unwrap();
    assert_eq!(starts[0], widest_code + 2, "{header}");
    for line in &lines {
        assert_eq!(line.trim_end(), *line, "trailing spaces: {line:?}");
        for &start in &starts {
            assert_eq!(&line[start - 2..start], "  ", "{line}");
            assert_ne!(&line[start..=start], " ", "{line}");
        }
    }
}

/// Each record of `list --json` holds its code's aliases, standing and provenance as errcat's
/// `Code` has them, omitted where the entry gives none.
#[test]
fn entries_agree_with_errcats_codes() {
    let value = run_json(&["list", "--json"]);
    let records = value.as_array().unwrap();
    assert_eq!(records.len(), Code::ALL.len());
    for (record, &c) in records.iter().zip(Code::ALL) {
        assert_code_record(record, c);
        let aliases: Vec<&str> = record["aliases"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(aliases, c.aliases(), "{c}");
        assert_eq!(record["deprecated"].as_str(), c.deprecated(), "{c}");
        assert_eq!(record["retired"].as_str(), c.retired(), "{c}");
        assert_eq!(record["since"].as_str(), c.since(), "{c}");
        assert_eq!(record["source"].as_str(), c.source(), "{c}");
    }
}
