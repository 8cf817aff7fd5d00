//! `errcat search WORDS`: the codes matching every word, best first, as
//! [`errcat_codegen::search::search`] finds them; when no code matches every word, the codes
//! matching any of them, and a note that says so.

use errcat::Escaped;
use errcat_codegen::CodeDef;
use serde::Serialize;

use crate::commands::{Answer, Outcome, code_table};
use crate::model::Model;
use crate::record::{Record, to_json};
use crate::style::Paint;

/// One element of `search --json`: the code's record and the query words it matches.
#[derive(Serialize)]
struct Hit<'a> {
    #[serde(flatten)]
    record: Record<'a>,
    /// The query words (lowercase, in query order) this code matches.
    matched: &'a [String],
}

/// `errcat search WORDS`.
pub fn search(model: &Model, paint: Paint, query: &[String], json: bool) -> Outcome {
    let found = errcat_codegen::search::search(model.catalog(), query);
    let shown = Escaped(&query.join(" ")).to_string();
    let mut notes = Vec::new();
    if found.hits.is_empty() {
        notes.push(format!("no catalogued code matches '{shown}'"));
    } else if !found.every_word {
        notes.push(format!(
            "no catalogued code matches every word of '{shown}'; these match some of them, \
             most words first"
        ));
    }
    let codes: Vec<&CodeDef> = found.hits.iter().map(|h| h.code).collect();
    let stdout = if json {
        let elements: Vec<Hit<'_>> = found
            .hits
            .iter()
            .zip(&codes)
            .map(|(hit, code)| Hit {
                record: Record::from_code(model, code),
                matched: &hit.matched,
            })
            .collect();
        to_json(&elements)
    } else if codes.is_empty() {
        String::new()
    } else {
        code_table(model, paint, &codes, false)
    };
    Ok(Answer {
        stdout,
        notes,
        failed: false,
    })
}
