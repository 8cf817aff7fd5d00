//! `errcat replay FILE`: the library's replay ([`errcat::replay`]) of one payment's JSON Lines
//! file, printed as a timeline a support engineer reads top to bottom, or as JSON Lines.
//!
//! The JSON Lines output, one object per entry, in order:
//!
//! ```text
//! {"at_ms": N, "step": "send", "call": "pay"|"inquiry"|"cancel", "request": R, "after_ms": D}
//! {"at_ms": N, "step": "refresh_token", "call": …, "request": R}
//! {"at_ms": N, "step": "done"|"ask_user", "state": "succeeded"|"failed"|"unknown",
//!  "code": CODE|null, "reconcile": BOOL, "retry": {…}, "user_message": "…"}
//! {"at_ms": N, "step": "ignored"}
//! {"at_ms": N, "step": "conflict", "state": …, "code": CODE|null, "reconcile": true}
//! ```

use std::path::Path;
use std::time::Duration;

use errcat::flow::{PaymentFlow, Step};
use errcat::replay::{self, Entry, Event, Heard};
use errcat::{Escaped, Outcome, RetryPolicy};
use errcat_codegen::StatusLetter;
use serde::Serialize;

use crate::commands::{Answer, Failure};
use crate::input::{self, Limit};
use crate::model::Model;
use crate::record::millis;
use crate::style::Paint;
use crate::words::policy_words;

/// What `replay` is asked for.
pub struct Request<'a> {
    /// The file, `-` for stdin.
    pub path: &'a Path,
    /// The most bytes to read.
    pub limit: Limit,
    /// `--poll-interval` and `--poll-timeout`.
    pub interval: Option<Duration>,
    /// `--poll-timeout`.
    pub timeout: Option<Duration>,
    /// `--seed`: the flow's backoff jitter.
    pub seed: u64,
    /// `--locale` of the user messages.
    pub locale: &'a str,
    /// `--json`.
    pub json: bool,
}

/// Parses a duration as `250ms`, `3s`, `15m` or `1h` (a whole number and its unit).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let scale = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => {
            return Err(format!(
                "`{text}` is not a duration: write a whole number and ms, s, m or h (250ms, 3s, 15m)"
            ));
        }
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .map(Duration::from_millis)
        .ok_or_else(|| format!("`{text}` is not a duration: write a whole number and ms, s, m or h (250ms, 3s, 15m)"))
}

/// `errcat replay`.
pub fn replay(model: &Model, paint: Paint, request: &Request<'_>) -> crate::commands::Outcome {
    let name = input::name(request.path);
    let bytes = input::read(request.path, request.limit)
        .map_err(|e| Failure::error(format!("cannot read {}: {e}", Escaped(&name))))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Failure::error(format!(
            "{}: not UTF-8 text (byte {})",
            Escaped(&name),
            e.valid_up_to()
        ))
    })?;
    let fail = |e: replay::ReplayError| {
        Failure::error(format!(
            "{}:{}: {}",
            Escaped(&name),
            e.line(),
            Escaped(e.message())
        ))
    };
    let lines = replay::read(text).map_err(fail)?;
    let catalog = model.runtime_catalog();
    let mut flow = PaymentFlow::with_catalog(catalog, request.seed);
    if request.interval.is_some() || request.timeout.is_some() {
        // The flow's own default: the poll of the catalog's `A` fallback.
        let accepted = model
            .catalog()
            .fallbacks
            .iter()
            .find(|f| f.status == StatusLetter::A);
        let policy = accepted.map(|f| RetryPolicy::from(model.catalog().policy(f.retry).kind));
        let (interval, timeout) = match policy {
            Some(RetryPolicy::Poll { interval, timeout }) => (interval, timeout),
            _ => (Duration::from_secs(3), Duration::from_secs(60)),
        };
        flow = flow.with_poll(
            request.interval.unwrap_or(interval),
            request.timeout.unwrap_or(timeout),
        );
    }
    let entries = replay::timeline(flow, &lines).map_err(fail)?;
    let stdout = if request.json {
        entries
            .iter()
            .map(|entry| compact(&json_line(entry, request.locale)) + "\n")
            .collect()
    } else {
        timeline_text(paint, &entries, request.locale)
    };
    Ok(Answer::text(stdout))
}

/// One JSON line.
fn compact(line: &JsonLine<'_>) -> String {
    serde_json::to_string(line).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// One line of the JSON output.
#[derive(Serialize)]
struct JsonLine<'a> {
    at_ms: u64,
    step: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    call: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
    /// Present (possibly `null`) for an end and a conflict.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reconcile: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry: Option<RetryPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_message: Option<&'static str>,
}

fn json_line<'a>(entry: &'a Entry, locale: &str) -> JsonLine<'a> {
    let mut line = JsonLine {
        at_ms: millis(entry.at),
        step: "ignored",
        call: None,
        request: None,
        after_ms: None,
        state: None,
        code: None,
        reconcile: None,
        retry: None,
        user_message: None,
    };
    match &entry.event {
        Event::Step(Step::Send {
            call,
            request,
            after,
        }) => {
            line.step = "send";
            (line.call, line.request) = (Some(call.as_str()), Some(*request));
            line.after_ms = Some(millis(*after));
        }
        Event::Step(Step::RefreshToken { call, request }) => {
            line.step = "refresh_token";
            (line.call, line.request) = (Some(call.as_str()), Some(*request));
        }
        Event::Step(step @ (Step::Done(done) | Step::AskUser(done))) => {
            line.step = match step {
                Step::AskUser(_) => "ask_user",
                _ => "done",
            };
            line.state = Some(done.state().as_str());
            line.code = Some(done.code());
            line.reconcile = Some(done.needs_reconcile());
            line.retry = Some(done.decision().retry());
            line.user_message = Some(done.decision().user_message_in(locale));
        }
        Event::Conflict(conflict) => {
            line.step = "conflict";
            line.state = Some(conflict.state().as_str());
            line.code = Some(conflict.code());
            line.reconcile = Some(true);
        }
        // An ignored line, and any later kind of step: the line only.
        _ => {}
    }
    line
}

/// The timeline: each entry's time, what the line brought and why it reads so, and what the
/// flow does.
fn timeline_text(paint: Paint, entries: &[Entry], locale: &str) -> String {
    let mut out = String::new();
    let mut previous = None;
    for entry in entries {
        // Entries of one line (a conflict, then the end) share its time and what it brought.
        let heading = (Some(entry.line) != previous).then(|| heard(paint, &entry.heard));
        previous = Some(entry.line);
        let at = format!("{:>9}", format!("{} ms", millis(entry.at)));
        if let Some(heading) = heading {
            out.push_str(&format!("{}  {heading}\n", paint.dim(&at)));
        }
        for line in event(paint, &entry.event, locale) {
            out.push_str(&format!("{:>9}  {line}\n", ""));
        }
    }
    out
}

/// What an input line brought, and which field of it decided.
fn heard(paint: Paint, heard: &Heard) -> String {
    match heard {
        Heard::Start => "start".to_owned(),
        Heard::Answer {
            call,
            request,
            outcome,
        } => format!(
            "{} answered (request {request}): {}",
            call.as_str(),
            read(
                paint,
                outcome.as_ref().map_err(|e| e.to_string()),
                "counted as no answer"
            )
        ),
        Heard::NoAnswer { call, request } => {
            format!("{} (request {request}): no answer", call.as_str())
        }
        Heard::TokenRefreshFailed { call, request } => format!(
            "the token refresh before the {} (request {request}) failed",
            call.as_str()
        ),
        Heard::Notification { request, outcome } => format!(
            "notification for request {request}: {}",
            read(
                paint,
                outcome.as_ref().map_err(|e| e.to_string()),
                "ignored"
            )
        ),
        _ => "an input".to_owned(),
    }
}

/// A body's outcome in words: state, code, the field that decided.
fn read(paint: Paint, outcome: Result<&Outcome, String>, unread: &str) -> String {
    match outcome {
        Ok(o) => {
            let code = o
                .code()
                .map(|c| format!(" {}", Escaped(c)))
                .unwrap_or_default();
            let from = o
                .decided_by()
                .map_or_else(|| "no field decides".to_owned(), |f| format!("from {f}"));
            format!("{}{code} ({from})", paint.bold(o.state().as_str()))
        }
        Err(e) => format!("unreadable ({}), {unread}", Escaped(&e)),
    }
}

/// What the flow does, in one or more lines.
fn event(paint: Paint, event: &Event, locale: &str) -> Vec<String> {
    match event {
        Event::Step(Step::Send {
            call,
            request,
            after,
        }) => {
            let when = if after.is_zero() {
                "now".to_owned()
            } else {
                format!("in {}", errcat_codegen::duration_text(*after))
            };
            vec![format!(
                "→ send {} (request {request}) {when}",
                paint.bold(call.as_str())
            )]
        }
        Event::Step(Step::RefreshToken { call, request }) => vec![format!(
            "→ refresh the access token, then send {} (request {request})",
            paint.bold(call.as_str())
        )],
        Event::Step(step @ (Step::Done(done) | Step::AskUser(done))) => {
            let what = match step {
                Step::AskUser(_) => "→ ask the person paying: ",
                _ => "→ done: ",
            };
            let code = done
                .code()
                .map(|c| format!(" {}", Escaped(c)))
                .unwrap_or_default();
            let reconcile = if done.needs_reconcile() {
                ", reconcile with the platform's records"
            } else {
                ""
            };
            let d = done.decision();
            vec![
                format!(
                    "{what}{}{code}{reconcile}",
                    paint.bold(done.state().as_str())
                ),
                if done.needs_reconcile() {
                    "  next: nothing the flow can send; a person reconciles it with the \
                     platform's records"
                        .to_owned()
                } else {
                    format!("  next: {}", policy_words(d.retry()))
                },
                format!(
                    "  message ({}): {}",
                    Escaped(locale),
                    Escaped(d.user_message_in(locale))
                ),
            ]
        }
        Event::Ignored => vec!["→ ignored: it agrees with the end".to_owned()],
        Event::Conflict(conflict) => {
            let code = conflict
                .code()
                .map(|c| format!(" {}", Escaped(c)))
                .unwrap_or_default();
            vec![format!(
                "{} it says {}{code} about request {}, which contradicts the flow: the payment \
                 needs reconciling",
                paint.bold("✗ conflict:"),
                conflict.state().as_str(),
                conflict.request()
            )]
        }
        _ => vec!["→ a step this command does not know".to_owned()],
    }
}
