//! `errcat replay FILE`: the library's replay ([`errcat::replay`]) of one payment's JSON Lines
//! file, printed as a timeline a support engineer reads top to bottom, or as JSON Lines
//! ([`replay::to_json_lines`], whose docs give their shape).

use std::path::Path;
use std::time::Duration;

use errcat::flow::{PaymentFlow, Step};
use errcat::replay::{self, Entry, Event, Heard};
use errcat::{Escaped, Outcome};

use crate::commands::{Answer, Failure};
use crate::input::{self, Limit};
use crate::model::Model;
use crate::style::Paint;
use crate::words::policy_words;

/// What `replay` is asked for.
pub struct Request<'a> {
    /// The file, `-` for stdin.
    pub path: &'a Path,
    /// The most bytes to read.
    pub limit: Limit,
    /// `--poll-interval`.
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
        "ms" => Some(1),
        "s" => Some(1_000),
        "m" => Some(60_000),
        "h" => Some(3_600_000),
        _ => None,
    };
    let ms = scale.and_then(|scale| number.parse::<u64>().ok()?.checked_mul(scale));
    ms.map(Duration::from_millis).ok_or_else(|| {
        format!(
            "`{text}` is not a duration: write a whole number and ms, s, m or h (250ms, 3s, 15m)"
        )
    })
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
        let (interval, timeout) = flow.poll();
        flow = flow.with_poll(
            request.interval.unwrap_or(interval),
            request.timeout.unwrap_or(timeout),
        );
    }
    let entries = replay::timeline(flow, &lines).map_err(fail)?;
    let stdout = if request.json {
        replay::to_json_lines(&entries, request.locale)
    } else {
        timeline_text(paint, &entries, request.locale)
    };
    Ok(Answer::text(stdout))
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
        let at = format!("{:>9}", format!("{} ms", entry.at.as_millis()));
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
