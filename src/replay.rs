//! What the flow would do with what happened to one payment (feature `json`): a support
//! engineer's question, "what did errcat decide here, and why?", asked of a payment's logged
//! responses. [`read`] takes a JSON Lines file of what happened, in order; [`timeline`] runs a
//! fresh [`PaymentFlow`] over it and gives each step the flow asked for, with the answer that
//! led to it. The `errcat replay` command prints this timeline; other tools can call it too.
//!
//! Each line of the file is one object:
//!
//! | line | meaning |
//! |---|---|
//! | `{"at_ms": N, "body": {...}}` | the answer to the call the flow last asked for, N ms after the flow started |
//! | `{"at_ms": N, "no_answer": true}` | that call got no answer (a timeout, a dropped connection) |
//! | `{"at_ms": N, "token_refresh_failed": true}` | the token refresh the flow asked for failed |
//! | `{"at_ms": N, "notification": {...}}` | a `notifyPayment` body arrived for the first payment request id; `"request": R` beside it names another (1: the new id) |
//! | `{"restart": true}` | the service restarted here: the flow is saved and loaded back before the next line |
//!
//! Blank lines are skipped; anything else is an error naming its line. [`to_json_lines`] writes
//! the timeline as JSON Lines (what `errcat replay --json` prints).
//!
//! ```
//! use errcat::flow::{Call, PaymentFlow, Step};
//! use errcat::replay::{self, Event};
//! use errcat::State;
//!
//! let file = r#"
//! {"at_ms": 250, "body": {"result":{"resultStatus":"U","resultCode":"PAYMENT_IN_PROCESS","resultMessage":""}}}
//! {"restart": true}
//! {"at_ms": 4000, "notification": {"notifyType":"PAYMENT_RESULT","result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}}}
//! "#;
//! let lines = replay::read(file)?;
//! let entries = replay::timeline(PaymentFlow::new(0), &lines)?;
//! // The pay, the inquiry the pending answer asked for, and the end the notification gave.
//! assert_eq!(entries.len(), 3);
//! assert!(matches!(entries[1].event, Event::Step(Step::Send { call: Call::Inquiry, .. })));
//! let Event::Step(Step::Done(done)) = &entries[2].event else { panic!() };
//! assert_eq!((done.state(), entries[2].at.as_millis()), (State::Succeeded, 4000));
//! # Ok::<(), errcat::replay::ReplayError>(())
//! ```

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::flow::{Call, Conflict, PaymentFlow, Reply, Step};
use crate::{Api, BodyError, Outcome, RetryPolicy};

/// One line of a replay file.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Line {
    /// Its number in the file, from 1.
    pub number: usize,
    /// `at_ms`: when it happened, since the flow started (`None` for a restart, which may
    /// omit it).
    pub at: Option<Duration>,
    /// What happened.
    pub input: Input,
}

/// What happened, on one line of a replay file.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Input {
    /// `body`: the answer to the call the flow last asked for, as its JSON text.
    Answer(String),
    /// `no_answer`: that call got no answer.
    NoAnswer,
    /// `token_refresh_failed`: the token refresh the flow asked for failed.
    TokenRefreshFailed,
    /// `notification`: a `notifyPayment` body, as its JSON text, for payment request id
    /// number `request` (`request`, 0 when absent).
    Notification {
        /// Which payment request id the notification is for.
        request: u32,
        /// The notification's body.
        body: String,
    },
    /// `restart`: the flow is saved and loaded back here.
    Restart,
}

/// A replay file that cannot be read, or a flow that could not be saved and loaded back: the
/// line, and what is wrong with it.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ReplayError {
    line: usize,
    message: String,
}

impl ReplayError {
    /// The line's number, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The keys a line may have.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object such as {\"at_ms\": 0, \"body\": {...}}"
)]
struct RawLine<'a> {
    at_ms: Option<u64>,
    #[serde(borrow)]
    body: Option<&'a RawValue>,
    no_answer: Option<bool>,
    token_refresh_failed: Option<bool>,
    #[serde(borrow)]
    notification: Option<&'a RawValue>,
    request: Option<u32>,
    restart: Option<bool>,
}

/// Reads a replay file: every line that is not blank, in order. The first line that is not
/// valid JSON or not one of the shapes in the [module docs](self) is an error naming it, and
/// nothing is read past it.
///
/// ```
/// let err = errcat::replay::read("{\"at_ms\": 5, \"no_answer\": true}\n\n{\"at_ms\": 9}").unwrap_err();
/// assert_eq!(err.line(), 3);
/// ```
pub fn read(text: &str) -> Result<Vec<Line>, ReplayError> {
    let mut lines = Vec::new();
    for (index, text) in text.split('\n').enumerate() {
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        lines.push(line(index + 1, text)?);
    }
    Ok(lines)
}

fn line(number: usize, text: &str) -> Result<Line, ReplayError> {
    let error = |message: String| ReplayError {
        line: number,
        message,
    };
    let raw: RawLine<'_> = serde_json::from_str(text).map_err(|e| error(json_error(&e)))?;
    let object = |value: &RawValue, key: &str| {
        let text = value.get();
        if text.starts_with('{') {
            Ok(text.to_owned())
        } else {
            Err(error(alloc::format!(
                "`{key}` must be an object (a response body), not `{}`",
                first_chars(text)
            )))
        }
    };
    let mut inputs = Vec::new();
    if let Some(body) = raw.body {
        inputs.push(Input::Answer(object(body, "body")?));
    }
    if let Some(notification) = raw.notification {
        inputs.push(Input::Notification {
            request: raw.request.unwrap_or(0),
            body: object(notification, "notification")?,
        });
    } else if raw.request.is_some() {
        return Err(error(
            "`request` names the payment request id of a `notification`, and this line has none"
                .to_owned(),
        ));
    }
    for (flag, key, input) in [
        (raw.no_answer, "no_answer", Input::NoAnswer),
        (
            raw.token_refresh_failed,
            "token_refresh_failed",
            Input::TokenRefreshFailed,
        ),
        (raw.restart, "restart", Input::Restart),
    ] {
        match flag {
            Some(true) => inputs.push(input),
            Some(false) => {
                return Err(error(alloc::format!(
                    "`{key}` can only be `true` (leave the line out instead)"
                )));
            }
            None => {}
        }
    }
    let input = match inputs.len() {
        1 => inputs.remove(0),
        0 => {
            return Err(error(
                "says nothing that happened: expected one of `body`, `no_answer`, \
                 `token_refresh_failed`, `notification` or `restart`"
                    .to_owned(),
            ));
        }
        _ => {
            return Err(error(
                "says more than one thing: each line is one of `body`, `no_answer`, \
                 `token_refresh_failed`, `notification` or `restart`"
                    .to_owned(),
            ));
        }
    };
    let at = raw.at_ms.map(Duration::from_millis);
    if at.is_none() && input != Input::Restart {
        return Err(error(
            "`at_ms` is missing: when it happened, in milliseconds since the flow started"
                .to_owned(),
        ));
    }
    Ok(Line { number, at, input })
}

/// serde_json's message, without the position within the line (the line is one object).
fn json_error(e: &serde_json::Error) -> String {
    let text = alloc::format!("{e}");
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    alloc::format!("not a replay line: {text}")
}

/// The start of `text`, for an error message.
fn first_chars(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// One entry of the timeline: an input line and what the flow did with it.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Entry {
    /// The input line it came from (0 for the flow's first step).
    pub line: usize,
    /// The time of that line (zero for the first step).
    pub at: Duration,
    /// What the line brought, read as the flow read it.
    pub heard: Heard,
    /// What the flow did.
    pub event: Event,
}

/// What an input line brought to the flow.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Heard {
    /// Nothing: the flow's first step.
    Start,
    /// The answer to `call` for payment request id number `request`, and its outcome (or why
    /// it could not be read: the flow then counts it as no answer).
    Answer {
        /// The call it answered.
        call: Call,
        /// The payment request id number of the call.
        request: u32,
        /// The body read for the call's API.
        outcome: Result<Outcome, BodyError>,
    },
    /// No answer to `call`.
    NoAnswer {
        /// The call that got no answer.
        call: Call,
        /// The payment request id number of the call.
        request: u32,
    },
    /// The token refresh before `call` failed.
    TokenRefreshFailed {
        /// The call that was not sent.
        call: Call,
        /// The payment request id number of the call.
        request: u32,
    },
    /// A notification for payment request id number `request`, and its outcome.
    Notification {
        /// The payment request id number it names.
        request: u32,
        /// The body read as a `notifyPayment`.
        outcome: Result<Outcome, BodyError>,
    },
}

/// What the flow did with an input line.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Event {
    /// It asks for this step now (an end included).
    Step(Step),
    /// The line came after the end and agrees with it: nothing changes.
    Ignored,
    /// The line contradicted the flow: the state and code it gave. After the end, an entry with
    /// the end as it now stands follows.
    Conflict(Conflict),
}

/// Runs `flow` (fresh, with the catalog and timing to replay with) over `lines`, and gives the
/// timeline: the first step, then for each line what it changed. A line that answers a call
/// gives the next step; a notification gives a step only where it changes the one asked for;
/// a restart gives nothing (the flow is saved to JSON and loaded back); a line after the end
/// is [`Event::Ignored`] or an [`Event::Conflict`] followed by the end as it now stands. The
/// error is a flow that could not be saved and loaded back at a restart.
///
/// ```
/// use errcat::{flow::PaymentFlow, replay};
/// let lines = replay::read(r#"{"at_ms": 120, "body": {"result":{"resultStatus":"F","resultCode":"PROCESS_FAIL","resultMessage":""}}}"#)?;
/// let entries = replay::timeline(PaymentFlow::new(0), &lines)?;
/// assert_eq!(entries.len(), 2); // send pay; failed
/// # Ok::<(), replay::ReplayError>(())
/// ```
pub fn timeline(mut flow: PaymentFlow, lines: &[Line]) -> Result<Vec<Entry>, ReplayError> {
    let mut entries = alloc::vec![Entry {
        line: 0,
        at: Duration::ZERO,
        heard: Heard::Start,
        event: Event::Step(flow.step()),
    }];
    for line in lines {
        let at = line.at.unwrap_or_default();
        let before = flow.step();
        let conflicts = flow.conflicts();
        let over = matches!(before, Step::Done(_) | Step::AskUser(_));
        let (call, request) = (flow.awaiting(), request_of(&before));
        let (heard, answers_a_call) = match &line.input {
            Input::Restart => {
                flow = reload(flow, line.number)?;
                continue;
            }
            Input::Answer(body) => {
                // The flow reads (and counts) the body; this reading is for the timeline only.
                let outcome =
                    Outcome::read_in(flow.catalog(), Some(call.api()), body.as_bytes(), false);
                flow.on_reply(at, Reply::Body(body.as_bytes()));
                let heard = Heard::Answer {
                    call,
                    request,
                    outcome,
                };
                (heard, true)
            }
            Input::NoAnswer => {
                flow.on_reply(at, Reply::NoAnswer);
                (Heard::NoAnswer { call, request }, true)
            }
            Input::TokenRefreshFailed => {
                flow.on_reply(at, Reply::TokenRefreshFailed);
                (Heard::TokenRefreshFailed { call, request }, true)
            }
            Input::Notification { request, body } => {
                let outcome = Outcome::read_in(
                    flow.catalog(),
                    Some(Api::NotifyPayment),
                    body.as_bytes(),
                    false,
                );
                flow.on_notification(at, *request, body.as_bytes());
                let heard = Heard::Notification {
                    request: *request,
                    outcome,
                };
                (heard, false)
            }
        };
        let step = flow.step();
        let mut push = |event| {
            entries.push(Entry {
                line: line.number,
                at,
                heard: heard.clone(),
                event,
            });
        };
        if flow.conflicts() != conflicts {
            if let Some(conflict) = flow.last_conflict() {
                push(Event::Conflict(conflict.clone()));
            }
            if over || step != before {
                push(Event::Step(step));
            }
        } else if over {
            push(Event::Ignored);
        } else if answers_a_call || step != before {
            push(Event::Step(step));
        }
    }
    Ok(entries)
}

/// One line of [`to_json_lines`].
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

/// Milliseconds of a duration, saturating at `u64::MAX`.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The timeline as JSON Lines: one object per entry, in order, each on its own line (what
/// `errcat replay --json` prints), the user messages in `locale` (a BCP 47 tag):
///
/// ```text
/// {"at_ms": N, "step": "send", "call": "pay"|"inquiry"|"cancel", "request": R, "after_ms": D}
/// {"at_ms": N, "step": "refresh_token", "call": …, "request": R}
/// {"at_ms": N, "step": "done"|"ask_user", "state": "succeeded"|"failed"|"unknown",
///  "code": CODE|null, "reconcile": BOOL, "retry": {…}, "user_message": "…"}
/// {"at_ms": N, "step": "ignored"}
/// {"at_ms": N, "step": "conflict", "state": …, "code": CODE|null, "reconcile": true}
/// ```
///
/// `at_ms` is the entry's time, `after_ms` the wait before the send, `retry` the end's next
/// action as [`RetryPolicy`] serializes it.
///
/// ```
/// use errcat::{flow::PaymentFlow, replay};
/// let lines = replay::read(r#"{"at_ms": 120, "body": {"result":{"resultStatus":"F","resultCode":"PROCESS_FAIL","resultMessage":""}}}"#)?;
/// let entries = replay::timeline(PaymentFlow::new(0), &lines)?;
/// let json = replay::to_json_lines(&entries, "en");
/// let mut json = json.lines();
/// assert_eq!(json.next(), Some(r#"{"at_ms":0,"step":"send","call":"pay","request":0,"after_ms":0}"#));
/// assert!(json.next().unwrap().starts_with(r#"{"at_ms":120,"step":"done","state":"failed","code":"PROCESS_FAIL","#));
/// # Ok::<(), replay::ReplayError>(())
/// ```
pub fn to_json_lines(entries: &[Entry], locale: &str) -> String {
    let mut out = String::new();
    for entry in entries {
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
            Event::Ignored => {}
        }
        // Every key is a string: writing the line cannot fail.
        let text = serde_json::to_string(&line)
            .unwrap_or_else(|e| alloc::format!("{{\"error\":\"{e}\"}}"));
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// The payment request id number a step is about.
fn request_of(step: &Step) -> u32 {
    match step {
        Step::Send { request, .. } | Step::RefreshToken { request, .. } => *request,
        Step::AskUser(done) | Step::Done(done) => done.request(),
    }
}

/// A restart: the flow saved to JSON and loaded back over its catalog.
fn reload(flow: PaymentFlow, line: usize) -> Result<PaymentFlow, ReplayError> {
    let error = |e: serde_json::Error| ReplayError {
        line,
        message: alloc::format!("the flow could not be saved and loaded back: {e}"),
    };
    let saved = serde_json::to_vec(&flow).map_err(error)?;
    let mut de = serde_json::Deserializer::from_slice(&saved);
    PaymentFlow::deserialize_in(flow.catalog(), &mut de).map_err(error)
}
