//! A payment client written the way errcat means it: a thin loop around
//! [`errcat::flow::PaymentFlow`], which decides every step.
//!
//! The client owns the I/O and the clock; the flow owns the protocol. The loop:
//!
//! - `Step::Send { call, request, after }`: wait `after`, then send `call` (`pay`,
//!   `inquiryPayment`, `cancel`) for the flow's request number `request`. The client maps that
//!   number to its own `paymentRequestId` strings: 0 is the payment's first id, 1 a new one it
//!   makes up when the flow asks for it;
//! - `Step::RefreshToken { call, request }`: get a new access token, then send `call` at once;
//! - `Step::AskUser(done)` and `Step::Done(done)`: the flow is over.
//!
//! Every answer goes back to the flow as `Reply::Body(&bytes)`, whatever its HTTP status; a
//! transport error, a request timeout or a failed token refresh as `Reply::NoAnswer`. The
//! client never compares a result code: it reads each body with [`Outcome::from_json`] only to
//! say what the body means.
//!
//! A request timeout is optional ([`Client::with_request_timeout`]). The tests run the client
//! under a paused tokio clock, which jumps to the next pending timer whenever the runtime
//! waits, on a socket too: a request timeout would fire while the platform is still answering
//! in real time. For the same reason the connection pool keeps idle connections without a
//! timer (reqwest's default is a 90 s idle timer). The test
//! `the_flows_timers_are_the_only_timers` fails if either comes back unasked.

use std::fmt;

use errcat::flow::{Call, Done, PaymentFlow, Reply, Step};
use errcat::{Outcome, RetryPolicy, State};
use serde::Serialize;
use tokio::time::{Duration, Instant, sleep, timeout};

use super::api::{
    self, Amount, ApplyTokenRequest, Credentials, PayRequest, PaymentIds, PaymentRef, TokenResponse,
};

/// What to pay for.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Order {
    /// The merchant's order id (`referenceOrderId`).
    pub reference: String,
    /// What to charge.
    pub amount: Amount,
}

/// How a payment ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ended {
    /// The flow's end: its state, code, classification, and whether to reconcile.
    pub done: Done,
    /// The flow ended with `Step::AskUser`: the person paying must act.
    pub ask_user: bool,
    /// The `paymentRequestId`s used, by the flow's request number (0, then 1 for a new id).
    pub request_ids: Vec<String>,
    /// The platform's id for the payment the end is about, if an answer carried one.
    pub payment_id: Option<String>,
}

impl Ended {
    /// The `paymentRequestId` the end is about.
    pub fn request_id(&self) -> &str {
        usize::try_from(self.done.request())
            .ok()
            .and_then(|n| self.request_ids.get(n))
            .map_or("", String::as_str)
    }
}

/// Why the client stopped without an end from the flow.
#[derive(Debug)]
pub enum PayError {
    /// A step this client does not know (a newer errcat): nothing more was sent. The
    /// payment's fate is unknown; reconcile it.
    UnknownStep(Step),
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::UnknownStep(step) => write!(
                f,
                "the payment flow asked for a step this client does not know ({step:?}): \
                 stopped; reconcile the payment"
            ),
        }
    }
}

impl std::error::Error for PayError {}

/// The seed of a payment's jitter: FNV-1a of its first request id. Every payment draws its
/// own waits, so that a crowd of clients does not retry in lockstep.
pub fn jitter_seed(request_id: &str) -> u64 {
    request_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// A client of the payment platform.
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    id_prefix: String,
    ids_issued: u64,
    request_timeout: Option<Duration>,
    narrate: Box<dyn Fn(&str) + Send + Sync>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("id_prefix", &self.id_prefix)
            .field("ids_issued", &self.ids_issued)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

/// What came back for one request.
struct Answer {
    /// The body, or why there is none.
    body: Result<Vec<u8>, String>,
    http_status: Option<u16>,
}

impl Client {
    /// A client of the platform at `base_url` (e.g. `http://127.0.0.1:8080`), without a
    /// request timeout.
    ///
    /// Request ids are `{id_prefix}-{n}`: the prefix must make them unique across every run of
    /// every client of the merchant (a real client would use a UUID). `narrate` receives a
    /// line for every step and the reason for it.
    pub fn new(
        base_url: impl Into<String>,
        credentials: Credentials,
        id_prefix: impl Into<String>,
        narrate: impl Fn(&str) + Send + Sync + 'static,
    ) -> Result<Client, reqwest::Error> {
        // No idle-connection timer: see the module docs.
        let http = reqwest::Client::builder().pool_idle_timeout(None).build()?;
        Ok(Client {
            http,
            base_url: base_url.into(),
            credentials,
            id_prefix: id_prefix.into(),
            ids_issued: 0,
            request_timeout: None,
            narrate: Box::new(narrate),
        })
    }

    /// Gives up on an answer after `limit`: the flow then hears `Reply::NoAnswer`, and for a
    /// `pay` that means it may have been charged.
    pub fn with_request_timeout(mut self, limit: Duration) -> Client {
        self.request_timeout = Some(limit);
        self
    }

    /// Pays for `order`: does what the flow says until it ends.
    pub async fn pay(&mut self, order: &Order) -> Result<Ended, PayError> {
        let mut request_ids = vec![self.new_request_id()];
        let mut flow = PaymentFlow::new(jitter_seed(&request_ids[0]));
        let started = Instant::now();
        let mut payment_id = None;
        let mut step = flow.start();
        loop {
            let (call, request) = match step {
                Step::Send {
                    call,
                    request,
                    after,
                } => {
                    if !after.is_zero() {
                        self.say(&format!("   waiting {}", secs(after)));
                        sleep(after).await;
                    }
                    (call, request)
                }
                Step::RefreshToken { call, request } => {
                    if let Err(why) = self.refresh_token().await {
                        self.say(&format!("<- applyToken: {why}: no new token"));
                        step = flow.on_reply(started.elapsed(), Reply::NoAnswer);
                        self.explain(None, &step);
                        continue;
                    }
                    (call, request)
                }
                Step::AskUser(done) => {
                    return Ok(self.end(done, true, request_ids, payment_id));
                }
                Step::Done(done) => {
                    return Ok(self.end(done, false, request_ids, payment_id));
                }
                other => {
                    self.say(&format!("   {}", PayError::UnknownStep(other.clone())));
                    return Err(PayError::UnknownStep(other));
                }
            };
            let id = self.request_id(&mut request_ids, request);
            let answer = self.send(call, &id, order).await;
            let now = started.elapsed();
            let (reply, outcome) = match &answer.body {
                Ok(body) => {
                    let outcome = Outcome::from_json(Some(call.api()), body);
                    if let Some(id) = serde_json::from_slice::<PaymentIds>(body)
                        .ok()
                        .and_then(|ids| ids.payment_id)
                    {
                        payment_id = Some(id);
                    }
                    self.say_answer(call, &answer, &outcome);
                    (Reply::Body(body), outcome.ok())
                }
                Err(why) => {
                    self.say(&format!("<- {}: no answer ({why})", call.api()));
                    (Reply::NoAnswer, None)
                }
            };
            step = flow.on_reply(now, reply);
            self.explain(Some((call, outcome.as_ref())), &step);
        }
    }

    /// The client's request id for the flow's request number `n`: a new one the first time
    /// the flow names a number.
    fn request_id(&mut self, ids: &mut Vec<String>, n: u32) -> String {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        while ids.len() <= n && ids.len() < 8 {
            let id = self.new_request_id();
            self.say(&format!("   a new paymentRequestId: {id}"));
            ids.push(id);
        }
        ids.get(n).or(ids.last()).cloned().unwrap_or_default()
    }

    async fn send(&self, call: Call, id: &str, order: &Order) -> Answer {
        let with = |what: &str| {
            self.say(&format!(
                "-> {} {what}paymentRequestId {id}",
                call.api().as_str()
            ));
        };
        match call {
            Call::Pay => {
                with(&format!("{} ", order.reference));
                let body = PayRequest {
                    payment_request_id: id.to_owned(),
                    reference_order_id: order.reference.clone(),
                    payment_amount: order.amount.clone(),
                };
                self.post(api::PAY, &body).await
            }
            Call::Inquiry | Call::Cancel => {
                with("");
                let body = PaymentRef {
                    payment_request_id: id.to_owned(),
                };
                let endpoint = if call == Call::Inquiry {
                    api::INQUIRY
                } else {
                    api::CANCEL
                };
                self.post(endpoint, &body).await
            }
        }
    }

    /// Exchanges the refresh token for a new access token.
    async fn refresh_token(&mut self) -> Result<(), String> {
        self.say("-> applyToken with the refresh token");
        let body = ApplyTokenRequest {
            grant_type: api::GRANT_REFRESH_TOKEN.to_owned(),
            refresh_token: self.credentials.refresh_token.clone(),
        };
        let bytes = self.post(api::APPLY_TOKEN, &body).await.body?;
        let response: TokenResponse =
            serde_json::from_slice(&bytes).map_err(|e| format!("not the platform's JSON: {e}"))?;
        match (response.result.into_result(), response.access_token) {
            (Ok(result), Some(token)) => {
                self.say(&format!(
                    "<- applyToken: {} {}: a new access token",
                    result.status, result.code
                ));
                self.credentials.access_token = token;
                Ok(())
            }
            (Ok(_), None) => Err("an S result without an accessToken".to_owned()),
            (Err(error), _) => Err(error.to_string()),
        }
    }

    /// Posts `body` to `endpoint` with the access token, and reads the answer's bytes.
    async fn post<B: Serialize>(&self, endpoint: &'static str, body: &B) -> Answer {
        let exchange = async {
            let response = self
                .http
                .post(format!("{}{endpoint}", self.base_url))
                .bearer_auth(&self.credentials.access_token)
                .json(body)
                .send()
                .await?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, bytes.to_vec()))
        };
        let answer = match self.request_timeout {
            Some(limit) => match timeout(limit, exchange).await {
                Ok(answer) => answer,
                Err(_) => {
                    return Answer {
                        body: Err(format!("nothing within the {} timeout", secs(limit))),
                        http_status: None,
                    };
                }
            },
            None => exchange.await,
        };
        match answer {
            Ok((status, body)) => Answer {
                body: Ok(body),
                http_status: Some(status),
            },
            Err(e) => Answer {
                body: Err(e.to_string()),
                http_status: None,
            },
        }
    }

    fn new_request_id(&mut self) -> String {
        self.ids_issued += 1;
        format!("{}-{}", self.id_prefix, self.ids_issued)
    }

    fn say(&self, line: &str) {
        (self.narrate)(line);
    }

    /// What a body says: its own `result`, and what errcat reads in it.
    fn say_answer(
        &self,
        call: Call,
        answer: &Answer,
        outcome: &Result<Outcome, errcat::BodyError>,
    ) {
        let http = answer
            .http_status
            .filter(|s| *s != 200)
            .map(|s| format!("HTTP {s}, "))
            .unwrap_or_default();
        let line = match outcome {
            Ok(outcome) => {
                let own = outcome.result().map_or_else(
                    || "no result".to_owned(),
                    |r| format!("result {} {}", r.status, r.code),
                );
                let code = outcome.code().map(|c| format!(" {c}")).unwrap_or_default();
                let from = outcome
                    .decided_by()
                    .map_or_else(|| "nothing".to_owned(), |f| f.to_string());
                format!(
                    "<- {}: {http}{own}: {}{code} (decided by {from}: {})",
                    call.api(),
                    outcome.state(),
                    outcome.decision().description()
                )
            }
            Err(e) => format!(
                "<- {}: {http}not the platform's JSON ({e}): no answer",
                call.api()
            ),
        };
        self.say(&line);
    }

    /// Says what the flow does next, and why.
    fn explain(&self, last: Option<(Call, Option<&Outcome>)>, step: &Step) {
        let last_call = last.map(|(call, _)| call);
        let state = last.and_then(|(_, outcome)| outcome.map(Outcome::state));
        let policy = last.and_then(|(_, outcome)| outcome.map(|o| o.decision().retry()));
        let why = match step {
            Step::Send {
                call: Call::Pay,
                after,
                ..
            } if last_call == Some(Call::Pay) => format!(
                "send the same pay again with the same paymentRequestId (so the platform \
                 cannot take it for a second payment), after a backoff wait of {}",
                secs(*after)
            ),
            Step::Send {
                call: Call::Pay, ..
            } => "the old request id is not paid: pay again under a new one".to_owned(),
            Step::Send {
                call: Call::Inquiry,
                after,
                ..
            } if last_call == Some(Call::Inquiry) => format!(
                "not final yet: inquire again in {} (until the poll timeout, then cancel)",
                secs(*after)
            ),
            Step::Send {
                call: Call::Inquiry,
                after,
                ..
            } => match state {
                Some(State::Failed) if policy == Some(RetryPolicy::NewRequest) => {
                    "a new request id is asked for: first find out whether the old one is paid"
                        .to_owned()
                }
                Some(State::Failed) => "an earlier answer left the payment possibly charged: \
                                        only an inquiry may call it failed"
                    .to_owned(),
                Some(State::Pending) => format!(
                    "the payment is running: never pay again, inquire in {}",
                    secs(*after)
                ),
                _ => "still no final answer after every resend: it may have been charged, so \
                      ask the platform (never call it failed)"
                    .to_owned(),
            },
            Step::Send {
                call: Call::Cancel,
                after,
                ..
            } if last_call == Some(Call::Cancel) => format!(
                "the cancel has no final answer: send it again after {}",
                secs(*after)
            ),
            Step::Send {
                call: Call::Cancel, ..
            } => "still not final at the poll timeout: cancel it, and call it failed only once \
                  the cancel succeeds"
                .to_owned(),
            Step::RefreshToken { call, .. } => format!(
                "refresh the access token, then send the same {} again",
                call.api()
            ),
            Step::AskUser(_) => "over: the person paying must act".to_owned(),
            Step::Done(_) => "over".to_owned(),
            other => format!("{other:?}"),
        };
        self.say(&format!("   flow: {why}"));
    }

    fn end(
        &self,
        done: Done,
        ask_user: bool,
        request_ids: Vec<String>,
        payment_id: Option<String>,
    ) -> Ended {
        let ended = Ended {
            done,
            ask_user,
            request_ids,
            payment_id,
        };
        let done = &ended.done;
        let code = done.code().map(|c| format!(" ({c})")).unwrap_or_default();
        let reconcile = if done.needs_reconcile() {
            ": reconcile it with the platform's records"
        } else {
            ""
        };
        self.say(&format!(
            "=> {}{code}{reconcile}. Tell the shopper: \"{}\"",
            done.state(),
            done.decision().user_message()
        ));
        ended
    }
}

/// A duration in seconds, for people: `1.25 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
