//! `errcat search WORDS`: the codes matching every word, best first, as
//! [`errcat_codegen::search::search`] finds them; when no code matches every word, the codes
//! matching any of them, and a note that says so.

use errcat::Escaped;
use errcat_codegen::CodeDef;

use crate::commands::{Answer, Outcome, code_table};
use crate::model::Model;
use crate::style::Paint;

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
        // Each code's record with the words it matched.
        found.to_json(model.catalog())?
    } else if codes.is_empty() {
        String::new()
    } else {
        code_table(model, paint, &codes)
    };
    Ok(Answer {
        stdout,
        notes,
        failed: false,
    })
}
