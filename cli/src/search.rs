//! `errcat search WORDS`: the codes matching every word, best first; when no code matches
//! every word, the codes matching any of them, and a note that says so.

use errcat::Escaped;
use serde::Serialize;

use crate::commands::{Answer, Outcome, code_table};
use crate::model::{Entry, Model};
use crate::record::{Record, to_json};
use crate::style::Paint;

/// One element of `search --json`: the code's record and the query words it matches.
#[derive(Serialize)]
struct Hit<'a> {
    #[serde(flatten)]
    record: Record<'a>,
    /// The query words (lowercase, in query order) this code matches.
    matched: Vec<&'a str>,
}

/// Which words one code matches, and how well it matches them all (higher is better).
fn score(code: Entry<'_>, words: &[String], phrase: &str) -> (Vec<bool>, u32) {
    let code_text = code.as_str().to_lowercase();
    let description = code.description().to_lowercase();
    let resolution = code.resolution().to_lowercase();
    let messages: Vec<String> = code
        .messages()
        .iter()
        .map(|(_, m)| m.to_lowercase())
        .collect();
    let mut matched = Vec::with_capacity(words.len());
    let mut total = 0;
    for word in words {
        let as_code: String = word
            .chars()
            .map(|c| if c == '-' { '_' } else { c })
            .collect();
        let mut best = 0;
        if code_text == as_code {
            best = 1000;
        } else if code_text.split('_').any(|part| part == as_code) {
            best = 60;
        } else if code_text.contains(&as_code) {
            best = 40;
        }
        if description.contains(word.as_str()) {
            best = best.max(20);
        }
        if resolution.contains(word.as_str()) {
            best = best.max(10);
        }
        if messages.iter().any(|m| m.contains(word.as_str())) {
            best = best.max(5);
        }
        matched.push(best > 0);
        total += best;
    }
    if words.len() > 1 && (description.contains(phrase) || resolution.contains(phrase)) {
        total += 30;
    }
    (matched, total)
}

/// The query's words: split at white space, lowercase, each once, in order.
fn words_of(query: &[String]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in query.iter().flat_map(|q| q.split_whitespace()) {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// `errcat search WORDS`.
pub fn search(model: &Model, paint: Paint, query: &[String], json: bool) -> Outcome {
    let words = words_of(query);
    let phrase = words.join(" ");
    let mut hits: Vec<(usize, u32, usize, Entry<'_>, Vec<bool>)> = model
        .codes()
        .enumerate()
        .map(|(i, c)| {
            let (matched, total) = score(c, &words, &phrase);
            let count = matched.iter().filter(|&&m| m).count();
            (count, total, i, c, matched)
        })
        .filter(|&(count, ..)| count > 0)
        .collect();
    let every = hits.iter().any(|&(count, ..)| count == words.len());
    if every {
        hits.retain(|&(count, ..)| count == words.len());
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let shown = Escaped(&query.join(" ")).to_string();
    let mut notes = Vec::new();
    if hits.is_empty() {
        notes.push(format!("no catalogued code matches '{shown}'"));
    } else if !every {
        notes.push(format!(
            "no catalogued code matches every word of '{shown}'; these match some of them, \
             most words first"
        ));
    }
    let stdout = if json {
        let elements: Vec<Hit<'_>> = hits
            .iter()
            .map(|(.., code, matched)| Hit {
                record: Record::from_code(*code),
                matched: words
                    .iter()
                    .zip(matched)
                    .filter(|&(_, &m)| m)
                    .map(|(w, _)| w.as_str())
                    .collect(),
            })
            .collect();
        to_json(&elements)
    } else if hits.is_empty() {
        String::new()
    } else {
        let codes: Vec<Entry<'_>> = hits.iter().map(|&(.., code, _)| code).collect();
        code_table(paint, &codes, false)
    };
    Ok(Answer {
        stdout,
        notes,
        failed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> (Vec<String>, Vec<String>) {
        let query: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let model = Model::builtin().unwrap();
        let answer = search(&model, Paint { on: false }, &query, true).unwrap();
        let value: serde_json::Value = serde_json::from_str(&answer.stdout).unwrap();
        let codes = value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect();
        (codes, answer.notes)
    }

    #[test]
    fn every_word_must_match_when_some_code_matches_them_all() {
        let (codes, notes) = run(&["refund", "amount", "exceeds"]);
        assert_eq!(codes, ["REFUND_AMOUNT_EXCEED"]);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn any_word_with_a_note_when_no_code_matches_them_all() {
        let (codes, notes) = run(&["balance", "capture"]);
        assert!(
            codes.contains(&"INSUFFICIENT_BALANCE".to_owned()),
            "{codes:?}"
        );
        assert!(
            codes.contains(&"CAPTURE_IN_PROCESS".to_owned()),
            "{codes:?}"
        );
        assert_eq!(
            notes,
            [
                "no catalogued code matches every word of 'balance capture'; these match some of \
              them, most words first"
            ]
        );
    }

    #[test]
    fn words_are_split_lowercased_and_counted_once() {
        assert_eq!(
            words_of(&["Refund  EXCEEDS".to_owned(), "refund".to_owned()]),
            ["refund", "exceeds"]
        );
    }
}
