//! The commands, as functions from their arguments to an [`Answer`] or a [`Failure`]. Nothing
//! here prints: `main` writes the answer to stdout and failures to stderr.
//!
//! Every string from outside (a code, a server message, an argument, a file name, a catalog's
//! text) goes into human output through [`Escaped`], so it cannot act on a terminal; `--json`
//! output is JSON and needs no more.

use std::path::Path;

use errcat::Outcome as PaymentOutcome;
use errcat::{Api, Decision, Escaped, Field, Source, State, Status, UserAction};
use errcat_codegen::{CategoryDef, CodeDef, IncompleteCatalog, export, search};

use crate::input::Limit;
use crate::model::{self, Model};
use crate::record::{Record, to_json};
use crate::response;
use crate::style::{Cell, Fields, Paint, lines_escaped, message_lines, table};
use crate::words::{policy_cell, policy_short, policy_words, status_word};

/// What a command answers: text for stdout, and notes for stderr.
#[derive(Debug, Default)]
pub struct Answer {
    /// The answer itself.
    pub stdout: String,
    /// Remarks that are not the answer (`note: …` on stderr).
    pub notes: Vec<String>,
    /// Exit with status 1 once the answer is printed (`diff` found a change of the
    /// `--fail-on` kind).
    pub failed: bool,
}

impl Answer {
    /// An answer without notes.
    pub fn text(stdout: String) -> Answer {
        Answer {
            stdout,
            notes: Vec::new(),
            failed: false,
        }
    }
}

/// Why a command exits 1.
#[derive(Debug)]
pub enum Failure {
    /// `error: MESSAGE`, then each hint on its own line.
    Error {
        /// The problem.
        message: String,
        /// What may help.
        hints: Vec<String>,
    },
    /// Lines printed as they are (the validator's `PATH:LINE:COL: message` lines).
    Lines(Vec<String>),
    /// A usage error only the catalog could reveal (a category key it lacks): the arguments,
    /// parsed again with this stricter command, make clap report it (exit status 2).
    Usage(Box<clap::Command>),
}

impl Failure {
    /// A failure with one message and no hint.
    pub fn error(message: impl Into<String>) -> Failure {
        Failure::Error {
            message: message.into(),
            hints: Vec::new(),
        }
    }
}

/// The model's catalog is complete (`Model::new` has errcat check it): the library's tooling
/// failing over it is a bug in errcat-codegen.
impl From<IncompleteCatalog> for Failure {
    fn from(e: IncompleteCatalog) -> Failure {
        Failure::error(format!("errcat-codegen: {e}"))
    }
}

/// The result of a command.
pub type Outcome = Result<Answer, Failure>;

/// `S (success)`, colored.
fn status_text(paint: Paint, status: Status) -> String {
    format!(
        "{} ({})",
        paint.status(status, status.as_str()),
        status_word(status)
    )
}

/// `payment_processing (Payment Processing)`.
fn category_text(category: &CategoryDef) -> String {
    format!("{} ({})", category.key, Escaped(&category.title))
}

/// `errcat explain CODE`.
pub fn explain(model: &Model, paint: Paint, code: &str, json: bool) -> Outcome {
    let Some(found) = model.lookup(code) else {
        return Err(Failure::Error {
            message: format!("unknown code '{}'", Escaped(code)),
            hints: unknown_code_hints(model, code),
        });
    };
    if json {
        return Ok(Answer::text(export::code_json(model.catalog(), found)?));
    }
    let mut fields = Fields::new(paint);
    if found.code != code {
        fields.add("asked for", format!("{code} (an alias of {})", found.code));
    }
    fields.add("status", status_text(paint, found.status.into()));
    fields.add("category", category_text(model.category_of(found)));
    fields.add("description", lines_escaped(&found.description));
    fields.add("resolution", lines_escaped(&found.resolution));
    fields.add("retry", policy_words(model.retry(found)));
    fields.add_lines("messages", message_lines(&found.messages));
    add_lineage(&mut fields, found);
    Ok(Answer::text(format!(
        "{}\n{}",
        paint.bold(&found.code),
        fields.render()
    )))
}

/// A code's aliases, standing and provenance, each where the catalog gives it.
fn add_lineage(fields: &mut Fields, code: &CodeDef) {
    if !code.aliases.is_empty() {
        fields.add(
            "aliases",
            format!("{} (sent for the same meaning)", code.aliases.join(", ")),
        );
    }
    if let Some(deprecated) = &code.deprecated {
        fields.add("deprecated", lines_escaped(deprecated));
    }
    if let Some(retired) = &code.retired {
        fields.add(
            "retired",
            format!(
                "{} (the platform no longer sends it)",
                lines_escaped(retired)
            ),
        );
    }
    if let Some(since) = &code.since {
        fields.add("since", lines_escaped(since));
    }
    if let Some(source) = &code.source {
        fields.add("source", lines_escaped(source));
    }
}

/// How `list` marks a code that should no longer be used: `retired` (the platform no longer
/// sends it) before `deprecated`; `None` for a code in good standing.
pub fn standing(code: &CodeDef) -> Option<&'static str> {
    match (&code.retired, &code.deprecated) {
        (Some(_), _) => Some("retired"),
        (None, Some(_)) => Some("deprecated"),
        (None, None) => None,
    }
}

/// What `explain` says of a code the catalog lacks: codes spelled like it, codes about the
/// same things, then what each status's fallback makes of it (its retry policy and user
/// message, a line each), as `classify CODE --status X` answers.
fn unknown_code_hints(model: &Model, code: &str) -> Vec<String> {
    let mut hints = Vec::new();
    let spelled = search::suggestions(model.catalog(), code);
    if let Some(hint) = did_you_mean(&spelled) {
        hints.push(hint);
    }
    let related: Vec<String> = search::related(model.catalog(), code)
        .into_iter()
        .filter(|r| !spelled.contains(&r.code))
        .map(|r| format!("{} ({})", r.code.code, r.shared.join(", ")))
        .collect();
    if !related.is_empty() {
        hints.push(format!("related codes: {}", related.join("; ")));
    }
    if hints.is_empty() {
        hints.push(
            "`errcat search WORDS` finds codes by their description, resolution or message; \
             `errcat list` shows them all"
                .to_owned(),
        );
    }
    // The code is echoed only where suggestions are offered too: a huge one is shown once.
    let shown = if search::plausible(model.catalog(), code) && !code.trim().is_empty() {
        Escaped(code).to_string()
    } else {
        "CODE".to_owned()
    };
    hints.push(format!(
        "a response carrying it gets its status's fallback (`errcat classify {shown} --status \
         S|F|U|A`):"
    ));
    for status in Status::ALL {
        let c = model.classify_result(status, code);
        hints.push(format!(
            "  {}  retry    {}",
            status.as_str(),
            policy_cell(c.retry())
        ));
        hints.push(format!("     message  {}", Escaped(c.user_message())));
    }
    hints
}

/// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`: the codes spelled like
/// one the catalog does not know ([`search::suggestions`]); `None` without suggestions.
fn did_you_mean(codes: &[&CodeDef]) -> Option<String> {
    let names: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

/// Where `classify` gets its result from.
pub enum ClassifyInput<'a> {
    /// A code, with the response's status if given.
    Code {
        /// The code as given.
        code: &'a str,
        /// `--status`.
        status: Option<Status>,
    },
    /// A response document: a path, `-` for stdin, read up to a limit.
    Response {
        /// The file, `-` for stdin.
        path: &'a Path,
        /// `--api`: the API the body answers; inferred from its fields without it.
        api: Option<Api>,
        /// The most bytes to read.
        limit: Limit,
    },
}

/// `errcat classify`.
pub fn classify_cmd(
    model: &Model,
    paint: Paint,
    input: ClassifyInput<'_>,
    locale: &str,
    json: bool,
) -> Outcome {
    let mut notes = Vec::new();
    let (raw_code, classification, server_message, outcome) = match input {
        ClassifyInput::Code { code, status } => {
            let c = match status {
                Some(status) => model.classify_result(status, code),
                None => model.classify(code),
            };
            (code.to_owned(), c, None, None)
        }
        ClassifyInput::Response { path, api, limit } => {
            let name = crate::input::name(path);
            let bytes = crate::input::read(path, limit)
                .map_err(|e| Failure::error(format!("cannot read {}: {e}", Escaped(&name))))?;
            let read = response::read(model, &bytes, api).map_err(|e| {
                Failure::error(format!("{}: {}", Escaped(&name), Escaped(&e.to_string())))
            })?;
            if response::nothing_decides(&read.outcome) {
                notes.push(
                    "nothing in the body tells how the payment went (no `result`, \
                     `resultStatus` or `resultCode`, state field, nested result or transaction \
                     that decides): its outcome is unknown"
                        .to_owned(),
                );
            }
            if response::inferred_pay_failure(&read.outcome) {
                notes.push(
                    "read as a pay's own result (inferred: the body has only a `result`); if \
                     it answers an inquiry, its F means the query failed, not the payment: pass \
                     --api inquiryPayment (or the API it answers)"
                        .to_owned(),
                );
            }
            (
                read.raw_code,
                read.classification,
                read.server_message,
                Some(read.outcome),
            )
        }
    };
    if classification.code().is_none() {
        if let Some(hint) = did_you_mean(&search::suggestions(model.catalog(), &raw_code)) {
            notes.push(format!(
                "'{}' is not in the catalog, so its status's fallback answers ({hint})",
                Escaped(&raw_code)
            ));
        }
    }
    let stdout = if json {
        let mut record = Record::from_decision(model, &classification, &raw_code, locale);
        if let Some(outcome) = &outcome {
            record = record.with_outcome(outcome, locale);
        }
        to_json(&record)
    } else {
        classification_text(
            model,
            paint,
            &classification,
            &raw_code,
            locale,
            server_message.as_deref(),
            outcome.as_ref(),
        )
    };
    Ok(Answer {
        stdout,
        notes,
        ..Answer::default()
    })
}

/// A response's outcome, first in the answer: state and code, the field that decided, what to
/// do and say and which row says it (the outcome's one decision), and the API (said to be
/// inferred when it was).
fn add_outcome(
    fields: &mut Fields,
    model: &Model,
    paint: Paint,
    outcome: &PaymentOutcome,
    locale: &str,
) {
    // What to do and say about the payment, which the body's own `result` (below) may not
    // tell: an inquiry's S with a failed payment.
    let decision = outcome.decision();
    let state = decision.state().as_str();
    let state = match outcome.code() {
        Some(code) => format!("{} {}", paint.bold(state), Escaped(code)),
        None => paint.bold(state),
    };
    fields.add("outcome", state);
    fields.add(
        "outcome from",
        outcome
            .decided_by()
            .map_or_else(|| "nothing: no field decides".to_owned(), |f| f.to_string()),
    );
    fields.add("outcome next", policy_words(decision.retry()));
    fields.add(
        "outcome decided by",
        decided_by(
            model,
            &decision,
            model.entry_of(&decision),
            outcome.code().unwrap_or(""),
        ),
    );
    fields.add(
        format!("outcome message ({})", Escaped(locale)),
        lines_escaped(decision.user_message_in(locale)),
    );
    let action = outcome.user_action().map(action_lines).unwrap_or_default();
    if !action.is_empty() {
        fields.add_lines("outcome action", action);
    }
    let api = if outcome.is_api_inferred() {
        format!(
            "{} (inferred from the fields present; pass --api NAME to name it)",
            outcome.api()
        )
    } else {
        outcome.api().to_string()
    };
    fields.add("api", api);
}

/// What the person paying must do first, one line per URL the body sent, each escaped (a URL
/// is text from the response, passed on, never fetched or parsed): `open normalUrl: URL`, …,
/// `submit redirectActionForm (METHOD): URL`.
fn action_lines(action: &UserAction) -> Vec<String> {
    let mut lines: Vec<String> = [
        ("normalUrl", action.normal_url()),
        ("schemeUrl", action.scheme_url()),
        ("applinkUrl", action.applink_url()),
    ]
    .into_iter()
    .filter_map(|(name, url)| Some(format!("open {name}: {}", Escaped(url?))))
    .collect();
    if let Some(url) = action.redirect_url() {
        let method = action
            .redirect_method()
            .map(|m| format!(" ({})", Escaped(m)))
            .unwrap_or_default();
        lines.push(format!(
            "submit redirectActionForm{method}: {}",
            Escaped(url)
        ));
    }
    lines
}

/// Which row decided the next action, in words: the code's own entry, or a fallback and why;
/// and, where the message comes from another row (an unknown state's is the `U` fallback's),
/// that one. `raw` is the code as sent (empty for none).
fn decided_by(model: &Model, d: &Decision, entry: Option<&CodeDef>, raw: &str) -> String {
    let status = d.status();
    let mut words = match d.next_from() {
        Source::Code => "the code's own entry".to_owned(),
        Source::Fallback(fallback) => {
            let which = if fallback == status {
                format!("the {fallback} fallback")
            } else {
                format!("the {fallback} fallback (the state is {})", d.state())
            };
            let why = match entry {
                None if raw.is_empty() => "no catalogued code".to_owned(),
                None => "the code is not in the catalog".to_owned(),
                Some(code) if !status.lets_entry_decide(code.status.into(), model.retry(code)) => {
                    format!(
                        "status {status} overrides the entry of {} (whose own status is {})",
                        code.code, code.status
                    )
                }
                Some(code)
                    if d.state() == State::Unknown && model.catalog().inquires_first(code) =>
                {
                    format!(
                        "an F with {} is inquired first (the order may already be paid or \
                         closed)",
                        code.code
                    )
                }
                Some(code) => format!(
                    "the entry of {} ({}) does not fit a {} state",
                    code.code,
                    model.retry(code).kind(),
                    d.state()
                ),
            };
            format!("{which}: {why}")
        }
    };
    if let Source::Fallback(message) = d.message_from() {
        if d.message_from() != d.next_from() {
            words.push_str(&format!("; the message is the {message} fallback's"));
        }
    }
    words
}

/// The human answer of `classify`.
fn classification_text(
    model: &Model,
    paint: Paint,
    c: &Decision,
    raw_code: &str,
    locale: &str,
    server_message: Option<&str>,
    outcome: Option<&PaymentOutcome>,
) -> String {
    let only_a_state =
        outcome.is_some_and(|o| o.result().is_none() && o.deciding_result().is_none());
    let nothing = outcome.is_some_and(response::nothing_decides);
    let entry = model.entry_of(c);
    let title = match entry {
        Some(code) => paint.bold(&code.code),
        None if nothing => paint.dim("(no result object, and no field that decides)"),
        None if only_a_state => paint.dim("(no result object: a state field answers)"),
        None if raw_code.is_empty() => paint.dim("(empty code, not in the catalog)"),
        None => format!(
            "{} {}",
            paint.bold(&Escaped(raw_code).to_string()),
            paint.dim("(not in the catalog)")
        ),
    };
    // A response leads with its outcome, what to act on; the call's own result follows.
    let lead = outcome.map(|outcome| {
        let mut fields = Fields::new(paint);
        add_outcome(&mut fields, model, paint, outcome, locale);
        let decision = outcome.decision();
        if (decision.state(), decision.retry()) != (c.state(), c.retry()) {
            fields.add("follow", follow_words(outcome, c));
        }
        let code = outcome
            .code()
            .map(|code| format!(" {}", Escaped(code)))
            .unwrap_or_default();
        format!(
            "{}{code} {}\n{}\n",
            paint.bold(decision.state().as_str()),
            paint.dim("(the payment's outcome: act on this)"),
            fields.render()
        )
    });
    let title = match lead {
        Some(_) => format!("{title} {}", paint.dim("(the call's own result)")),
        None => title,
    };
    let mut fields = Fields::new(paint);
    if let Some(code) = entry.filter(|code| code.code != raw_code) {
        if code.aliases.iter().any(|a| a == raw_code) {
            fields.add("sent as", format!("{raw_code} (an alias of {})", code.code));
        }
    }
    if let Some(standing) = entry.and_then(|code| {
        let why = code.retired.as_ref().or(code.deprecated.as_ref())?;
        Some(format!("{} ({})", standing(code)?, lines_escaped(why)))
    }) {
        fields.add("standing", standing);
    }
    fields.add("status", status_text(paint, c.status()));
    fields.add(
        "category",
        entry.map_or_else(
            || "none".to_owned(),
            |e| category_text(model.category_of(e)),
        ),
    );
    fields.add("description", lines_escaped(c.description()));
    fields.add("resolution", lines_escaped(c.resolution()));
    fields.add("state", c.state().as_str());
    fields.add("retry", policy_words(c.retry()));
    fields.add("decided by", decided_by(model, c, entry, raw_code));
    fields.add(
        format!("user message ({})", Escaped(locale)),
        lines_escaped(c.user_message_in(locale)),
    );
    if let Some(message) = server_message {
        fields.add(
            "server message",
            format!("\"{}\" (for logs, never for the user)", Escaped(message)),
        );
    }
    format!("{}{title}\n{}", lead.unwrap_or_default(), fields.render())
}

/// Which answer to follow where the outcome and the call's own result advise differently.
fn follow_words(outcome: &PaymentOutcome, own: &Decision) -> String {
    let state = outcome.decision().state();
    match outcome.decided_by() {
        Some(Field::Result) => format!(
            "the outcome ({state}), not the result's code read alone ({}): the outcome reads it \
             for the payment (see `outcome decided by`)",
            own.state()
        ),
        from => format!(
            "the outcome ({state}), not the call's own result ({}): the result says what the {} \
             call itself did, not the payment's state; {}",
            own.state(),
            outcome.api(),
            from.map_or_else(
                || "no field of the body tells it yet".to_owned(),
                |field| format!("that is in `{field}`")
            )
        ),
    }
}

/// The codes as an aligned table.
fn code_table(model: &Model, paint: Paint, codes: &[&CodeDef]) -> String {
    let rows: Vec<Vec<Cell>> = codes
        .iter()
        .map(|&code| {
            let status = Status::from(code.status);
            vec![
                Cell::styled(code.code.as_str(), move |t| paint.bold(t)),
                Cell::styled(status.as_str(), move |t| paint.status(status, t)),
                Cell::plain(model.category_of(code).key.as_str()),
                Cell::plain(policy_short(model.retry(code))),
                Cell::plain(match standing(code) {
                    Some(mark) => format!("({mark}) {}", Escaped(&code.description)),
                    None => Escaped(&code.description).to_string(),
                }),
            ]
        })
        .collect();
    table(
        paint,
        &["CODE", "STATUS", "CATEGORY", "RETRY", "DESCRIPTION"],
        &rows,
    )
}

/// `errcat list`: the codes its filters keep (a category key of the catalog, a status, a
/// policy kind), as a table or as JSON.
pub fn list(model: &Model, paint: Paint, args: &crate::ListArgs) -> Outcome {
    let keep = |code: &CodeDef| {
        args.category
            .as_deref()
            .is_none_or(|key| model.category_of(code).key == key)
            && args.status.is_none_or(|s| Status::from(code.status) == s)
            && args
                .retry
                .as_deref()
                .is_none_or(|kind| model.retry(code).kind() == kind)
    };
    let json = args.json;
    let codes: Vec<&CodeDef> = model.catalog().codes.iter().filter(|c| keep(c)).collect();
    let mut answer = Answer::text(if json {
        export::codes_json(model.catalog(), codes.iter().copied())?
    } else {
        code_table(model, paint, &codes)
    });
    if codes.is_empty() {
        answer
            .notes
            .push("no catalogued code matches these filters".to_owned());
        if !json {
            answer.stdout.clear();
        }
    }
    Ok(answer)
}

/// `errcat search WORDS`: the codes matching every word, best first, as [`search::search`]
/// finds them; when no code matches every word, the codes matching any of them, and a note
/// that says so.
pub fn search(model: &Model, paint: Paint, query: &[String], json: bool) -> Outcome {
    let found = search::search(model.catalog(), query);
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
        ..Answer::default()
    })
}

/// `errcat check [PATH]`: the file (stdin for `-`) read up to `limit`, then validated. Every
/// line of the report is escaped: it quotes the catalog's own text.
pub fn check(path: &Path, limit: Limit) -> Outcome {
    let (catalog, name) = model::load_catalog(path, limit).map_err(Failure::Lines)?;
    let summary = catalog.summary();
    Ok(Answer::text(format!("{}: ok: {summary}\n", Escaped(&name))))
}
