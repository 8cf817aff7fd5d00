//! A payment client written the way errcat means it: a thin loop around
//! [`errcat::flow::PaymentFlow`], which decides every step.
//!
//! The client owns the I/O and the clock; the flow owns the protocol. The loop:
//!
//! - `Step::Send { call, request, after }`: wait `after`, then send `call` (`pay`,
//!   `inquiryPayment`, `cancel`) for the flow's request number `request`. The client maps that
//!   number to its own `paymentRequestId` strings: 0 is the payment's first id, 1 a new one it
//!   makes up when the flow asks for it. While it waits, it reads its [`Inbox`]: every
//!   `notifyPayment` for one of the payment's ids goes to `PaymentFlow::on_notification` as it
//!   arrives, and if that changes the step (a final one ends the flow at once), the client
//!   follows the new step instead;
//! - `Step::RefreshToken { call, request }`: get a new access token, then send `call` at once;
//! - `Step::AskUser(done)` and `Step::Done(done)`: the flow is over.
//!
//! Every answer goes back to the flow as `Reply::Body(&bytes)`, whatever its HTTP status; a
//! transport error or a request timeout as `Reply::NoAnswer`, a failed token refresh as
//! `Reply::TokenRefreshFailed`. The client never compares a result code: it reads each body
//! with [`Outcome::from_json`] only to say what the body means.
//!
//! A payment in progress is one serde value (the flow, the request ids, the platform's payment
//! id): [`Client::pay_restarting`] plays a service restart by saving it as JSON, dropping it
//! and loading it back, and the payment goes on as if nothing happened.
//!
//! A request timeout is optional ([`Client::with_request_timeout`]). The tests run the client
//! under a paused tokio clock, which jumps to the next pending timer whenever the runtime
//! waits, on a socket too: a request timeout would fire while the platform is still answering
//! in real time. For the same reason the connection pool keeps idle connections without a
//! timer (reqwest's default is a 90 s idle timer). The test
//! `the_flows_timers_are_the_only_timers` fails if either comes back unasked.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use errcat::flow::{Call, Done, PaymentFlow, Reply, Step};
use errcat::{Api, Outcome, RetryPolicy, State};
use serde::{Deserialize, Serialize};
use tokio::time::{Duration, Instant, sleep_until, timeout};

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

/// Where the merchant's notification endpoint leaves what the platform posted to it, for the
/// client to read while it waits.
pub trait Inbox: Send + Sync {
    /// Drains the `notifyPayment` bodies received for `request_id`, oldest first.
    fn take(&self, request_id: &str) -> Vec<Vec<u8>>;

    /// Returns when a notification may have arrived, or at `deadline`, whichever is first
    /// (early returns are harmless: the client looks, and waits again).
    fn wait_until(&self, deadline: Instant) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// A notification the client fed to the flow.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Heard {
    /// When, on the tokio clock.
    pub at: Instant,
    /// The flow's request number it was for (0: the first id, 1: a new one).
    pub request: u32,
    /// Its body.
    pub body: Vec<u8>,
    /// How many requests of the payment the client had sent by then, token refreshes
    /// included: where it falls among them.
    pub after_requests: usize,
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
    /// The notifications fed to the flow, in order.
    pub heard: Vec<Heard>,
    /// How many times the service restarted during the payment.
    pub restarts: u32,
    /// When the flow ended, on the tokio clock.
    pub at: Instant,
}

/// What the service keeps of a payment in progress, and saves across a restart: the flow, the
/// request ids it made up, and the platform's id for the payment once an answer gave it.
#[derive(Serialize, Deserialize)]
struct InProgress {
    flow: PaymentFlow,
    request_ids: Vec<String>,
    payment_id: Option<String>,
}

/// The client's own account of a payment, for [`Ended`]: not part of what a restart keeps.
#[derive(Default)]
struct Account {
    heard: Vec<Heard>,
    requests: usize,
    answers: u32,
    restarts: u32,
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
    /// The payment could not be saved or loaded back across a restart.
    Restart(serde_json::Error),
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::UnknownStep(step) => write!(
                f,
                "the payment flow asked for a step this client does not know ({step:?}): \
                 stopped; reconcile the payment"
            ),
            PayError::Restart(e) => write!(
                f,
                "the payment in progress could not be saved and loaded back: {e}"
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
    inbox: Option<Box<dyn Inbox>>,
    narrate: Box<dyn Fn(&str) + Send + Sync>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("id_prefix", &self.id_prefix)
            .field("ids_issued", &self.ids_issued)
            .field("request_timeout", &self.request_timeout)
            .field("inbox", &self.inbox.is_some())
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
            inbox: None,
            narrate: Box::new(narrate),
        })
    }

    /// Gives up on an answer after `limit`: the flow then hears `Reply::NoAnswer`, and for a
    /// `pay` that means it may have been charged.
    pub fn with_request_timeout(mut self, limit: Duration) -> Client {
        self.request_timeout = Some(limit);
        self
    }

    /// Reads the merchant's notifications from `inbox` while it waits: without one, only the
    /// inquiry tells the client what became of a payment.
    pub fn with_inbox(mut self, inbox: impl Inbox + 'static) -> Client {
        self.inbox = Some(Box::new(inbox));
        self
    }

    /// Pays for `order`: does what the flow says until it ends.
    pub async fn pay(&mut self, order: &Order) -> Result<Ended, PayError> {
        self.run(order, None).await
    }

    /// Pays for `order` as [`pay`](Self::pay) does, but the service restarts after the
    /// payment's `answers`-th answer (if the flow has not ended by then): the payment in
    /// progress is saved as JSON, dropped, and loaded back, and the loaded flow says what to
    /// do next. When the payment started stays on the caller's clock, as the flow asks (a
    /// service that really restarts stores it with the payment; this restart takes no time).
    pub async fn pay_restarting(&mut self, order: &Order, answers: u32) -> Result<Ended, PayError> {
        self.run(order, Some(answers)).await
    }

    async fn run(&mut self, order: &Order, restart_after: Option<u32>) -> Result<Ended, PayError> {
        let first_id = self.new_request_id();
        let mut payment = InProgress {
            flow: PaymentFlow::new(jitter_seed(&first_id)),
            request_ids: vec![first_id],
            payment_id: None,
        };
        let started = Instant::now();
        let mut account = Account::default();
        let mut step = payment.flow.start();
        loop {
            let (call, request) = match step {
                Step::Send {
                    call,
                    request,
                    after,
                } => {
                    let heard = self
                        .wait_listening(&mut payment, &mut account, started, &step, after)
                        .await;
                    if let Some(next) = heard {
                        step = next;
                        continue;
                    }
                    (call, request)
                }
                Step::RefreshToken { call, request } => {
                    account.requests += 1;
                    if let Err(why) = self.refresh_token().await {
                        self.say(&format!("<- applyToken: {why}: no new token"));
                        step = payment
                            .flow
                            .on_reply(started.elapsed(), Reply::TokenRefreshFailed);
                        self.explain(None, &step);
                        continue;
                    }
                    (call, request)
                }
                Step::AskUser(done) => {
                    return Ok(self.end(done, true, payment, account));
                }
                Step::Done(done) => {
                    return Ok(self.end(done, false, payment, account));
                }
                other => {
                    self.say(&format!("   {}", PayError::UnknownStep(other.clone())));
                    return Err(PayError::UnknownStep(other));
                }
            };
            let id = self.request_id(&mut payment.request_ids, request);
            let answer = self.send(call, &id, order).await;
            account.requests += 1;
            let now = started.elapsed();
            let (reply, outcome) = match &answer.body {
                Ok(body) => {
                    let outcome = Outcome::from_json(Some(call.api()), body);
                    if let Some(id) = serde_json::from_slice::<PaymentIds>(body)
                        .ok()
                        .and_then(|ids| ids.payment_id)
                    {
                        payment.payment_id = Some(id);
                    }
                    self.say_answer(call, &answer, &outcome);
                    (Reply::Body(body), outcome.ok())
                }
                Err(why) => {
                    self.say(&format!("<- {}: no answer ({why})", call.api()));
                    (Reply::NoAnswer, None)
                }
            };
            step = payment.flow.on_reply(now, reply);
            self.explain(Some((call, outcome.as_ref())), &step);
            account.answers += 1;
            let over = matches!(step, Step::Done(_) | Step::AskUser(_));
            if restart_after == Some(account.answers) && !over {
                payment = self.restart(payment)?;
                account.restarts += 1;
                step = payment.flow.step();
            }
        }
    }

    /// Waits `after` before the flow's next send, feeding the flow each notification that
    /// arrives meanwhile for the payment's request ids. Gives the flow's new step if one
    /// changed it (a final one ends the flow), or `None` once the wait is over.
    async fn wait_listening(
        &self,
        payment: &mut InProgress,
        account: &mut Account,
        started: Instant,
        step: &Step,
        after: Duration,
    ) -> Option<Step> {
        let deadline = Instant::now() + after;
        if !after.is_zero() {
            self.say(&format!("   waiting {}", secs(after)));
        }
        loop {
            if let Some(inbox) = &self.inbox {
                for (request, id) in (0u32..).zip(&payment.request_ids) {
                    for body in inbox.take(id) {
                        let at = Instant::now();
                        self.say_notification(id, &body);
                        let next = payment.flow.on_notification(at - started, request, &body);
                        account.heard.push(Heard {
                            at,
                            request,
                            body,
                            after_requests: account.requests,
                        });
                        if next != *step {
                            if let Step::Done(_) | Step::AskUser(_) = next {
                                self.say(&format!(
                                    "   flow: the notification is final: over, and the {} it \
                                     waited to send is not sent",
                                    sends(step)
                                ));
                            } else {
                                self.explain(None, &next);
                            }
                            return Some(next);
                        }
                        self.say(&format!(
                            "   flow: not final: nothing changes ({} still goes out in {})",
                            sends(step),
                            secs(deadline.saturating_duration_since(at))
                        ));
                    }
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            match &self.inbox {
                Some(inbox) => inbox.wait_until(deadline).await,
                None => sleep_until(deadline).await,
            }
        }
    }

    /// The service restarts: the payment in progress is saved as JSON, dropped, and loaded
    /// back from the JSON.
    fn restart(&self, payment: InProgress) -> Result<InProgress, PayError> {
        let saved = serde_json::to_string(&payment).map_err(PayError::Restart)?;
        drop(payment);
        self.say(&format!(
            "   ~~ the service restarts: it saved the payment ({} bytes of JSON), and loads it \
             back:",
            saved.len()
        ));
        self.say(&format!("      {saved}"));
        let loaded: InProgress = serde_json::from_str(&saved).map_err(PayError::Restart)?;
        let step = loaded.flow.step();
        self.say(&format!(
            "   flow (loaded): {}",
            match &step {
                Step::Send {
                    call,
                    request,
                    after,
                } => format!(
                    "send {} for request {request} in {}, as before the restart",
                    call.api(),
                    secs(*after)
                ),
                other => format!("{other:?}"),
            }
        ));
        Ok(loaded)
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
            Ok(outcome) => format!("<- {}: {http}{}", call.api(), reading(outcome)),
            Err(e) => format!(
                "<- {}: {http}not the platform's JSON ({e}): no answer",
                call.api()
            ),
        };
        self.say(&line);
    }

    /// What a notification says, as the flow reads it.
    fn say_notification(&self, request_id: &str, body: &[u8]) {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Kind {
            notify_type: Option<String>,
        }
        let kind = serde_json::from_slice::<Kind>(body)
            .ok()
            .and_then(|k| k.notify_type)
            .unwrap_or_else(|| "no notifyType".to_owned());
        let says = match Outcome::from_json(Some(Api::NotifyPayment), body) {
            Ok(outcome) => reading(&outcome),
            Err(e) => format!("not the platform's JSON ({e})"),
        };
        self.say(&format!(
            "<- notifyPayment {kind} for {request_id}, while waiting: {says}"
        ));
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

    fn end(&self, done: Done, ask_user: bool, payment: InProgress, account: Account) -> Ended {
        let ended = Ended {
            done,
            ask_user,
            request_ids: payment.request_ids,
            payment_id: payment.payment_id,
            heard: account.heard,
            restarts: account.restarts,
            at: Instant::now(),
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

/// `inquiryPayment`: the call the flow's step sends, for narration.
fn sends(step: &Step) -> &'static str {
    match step {
        Step::Send { call, .. } | Step::RefreshToken { call, .. } => call.api().as_str(),
        _ => "nothing",
    }
}

/// `result U PAYMENT_IN_PROCESS: pending PAYMENT_IN_PROCESS (decided by result: ...)`: an
/// answer's own `result`, and what errcat reads in the whole body.
fn reading(outcome: &Outcome) -> String {
    let own = outcome.result().map_or_else(
        || "no result".to_owned(),
        |r| format!("result {} {}", r.status, r.code),
    );
    let code = outcome.code().map(|c| format!(" {c}")).unwrap_or_default();
    let from = outcome
        .decided_by()
        .map_or_else(|| "nothing".to_owned(), |f| f.to_string());
    format!(
        "{own}: {}{code} (decided by {from}: {})",
        outcome.state(),
        outcome.decision().description()
    )
}

/// A duration in seconds, for people: `1.25 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
