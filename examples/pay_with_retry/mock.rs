//! A local stand-in for the payment platform: an axum server on 127.0.0.1, on a random port,
//! in the caller's tokio runtime.
//!
//! It plays the platform, so it names result codes, and it answers the way the platform's
//! documentation shows:
//!
//! - `pay` and `cancel` answer with their **own** `result` (`S`, `F`, `U`);
//! - `inquiryPayment` answers `result` `S`/`SUCCESS` whenever the query itself worked, and puts
//!   the payment's state in `paymentStatus` (`SUCCESS`, `FAIL` with `paymentResultCode` and
//!   `paymentResultMessage`, `PROCESSING`, `PENDING`, `CANCELLED`); a paid payment's answer
//!   lists its capture in `transactions[]`. It never puts the payment's own result in
//!   `result`;
//! - the platform sends notifications: `notifyPayment` (`notifyType` `PAYMENT_PENDING`, then
//!   `PAYMENT_RESULT`) and, for a paid payment it captured, `notifyCapture`
//!   (`CAPTURE_RESULT`). Each one is kept in an outbox, [`MockPlatform::take_notifications`],
//!   and delivered to the merchant's notification endpoint, which the client reads through
//!   [`MockPlatform::inbox`].
//!
//! It keeps the platform's rules: the access token must be the one it issued last;
//! `paymentRequestId` is the idempotency key (the same id with the same order and amount is
//! the same payment, with different ones `REPEAT_REQ_INCONSISTENT`); a payment can be inquired
//! and cancelled. A [`Script`] per order adds the trouble each scenario needs. Every request is
//! recorded with its answer and the tokio [`Instant`] it arrived at: see
//! [`MockPlatform::take_seen`].
//!
//! What the platform does by itself at a time ([`Script::SettlesAlone`]: a payment it settles
//! after a while, and the notification it sends then) is not a tokio timer running all along:
//! under a paused clock, a timer pending while the client waits on a socket makes the clock
//! jump (see [`Script::SlowAnswer`]). Such an event happens when the platform next looks at
//! the clock: at its next request, or while the merchant waits on its inbox
//! ([`Inbox::wait_until`], whose timer lives only as long as that wait). Its notification is
//! stamped with the time it was due.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use errcat::{Api, BodyError, Code, Outcome, ResultInfo};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::{Duration, Instant, sleep_until};

use super::api::{self, Amount, ApplyTokenRequest, Credentials, PayRequest, PaymentRef};
use super::client::Inbox;

/// After this many requests, the platform answers every request with an error page: a runaway
/// client then gets an error instead of running forever, and a test fails instead of hanging.
pub const REQUEST_LIMIT: usize = 500;

/// How long a [`Script::SlowAnswer`] answer takes, in real time.
pub const SLOW_ANSWER: std::time::Duration = std::time::Duration::from_millis(50);

/// The `paymentStatus` a payment shows while it is not final.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Waiting {
    /// `PROCESSING`: the platform is still working on it.
    Processing,
    /// `PENDING`: the shopper paid and the payment method has yet to confirm it. The platform
    /// also sends a `PAYMENT_PENDING` notification.
    Pending,
}

/// How a payment ends on the platform.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Final {
    /// Paid (and captured at once, as with an automatic capture).
    Success,
    /// Failed with this result code.
    Fail(&'static str),
}

/// What the platform does with a `cancel`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Cancel {
    /// Cancels a payment that is not final: `S`.
    Works,
    /// Answers its first `times` cancels `U UNKNOWN_EXCEPTION` (nothing done), then cancels.
    BusyFirst {
        /// How many cancels get no final answer.
        times: u32,
    },
    /// The payment completes as the cancel arrives: the cancel answers `F
    /// ORDER_STATUS_INVALID`, and the payment is paid.
    TooLate,
}

/// What the platform does with the payments of one order.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Script {
    /// Takes the payment at the first pay request, but answers the first `times` pay requests
    /// `U` with `code` (`SYSTEM_BUSY`, `UNKNOWN_EXCEPTION`); later ones, with the same request
    /// id, get the payment's own answer (`S`). The platform's trouble holds the payment's
    /// notifications too: they go out with its first answer that is not a `U`.
    Unanswered {
        /// The `U` code.
        code: &'static str,
        /// How many pay requests get it (`u32::MAX`: all of them).
        times: u32,
    },
    /// The pay answers `U PAYMENT_IN_PROCESS`; inquiries show `waiting` until inquiry number
    /// `settles_at`, which finds the payment ended as `ends` (never, with `None`).
    InProcess {
        /// The `paymentStatus` while not final.
        waiting: Waiting,
        /// The inquiry that finds the payment final, and how it ended.
        settles: Option<(u32, Final)>,
        /// What a cancel does.
        cancel: Cancel,
    },
    /// The access token expires as the order's first pay request arrives (`F
    /// EXPIRED_ACCESS_TOKEN`); with `every_time`, every token expires as soon as it is used for
    /// this order.
    TokenExpires {
        /// Expire every token, refreshed or not.
        every_time: bool,
    },
    /// The order's first `times` request ids turn out to be taken by an earlier payment with
    /// other parameters, which ended as `earlier`: `F REPEAT_REQ_INCONSISTENT`.
    IdTaken {
        /// How many request ids are taken.
        times: u32,
        /// How the earlier payment under a taken id ended.
        earlier: Final,
    },
    /// Takes the payment at the first pay request, and leaves the first `times` pay requests
    /// unanswered (the connection stays open, as with a lost answer); later ones with the same
    /// id get `S`. As with [`Script::Unanswered`], the notifications wait for an answer.
    #[allow(dead_code, reason = "constructed by the integration test only")]
    NoAnswer {
        /// How many pay requests get no answer.
        times: u32,
    },
    /// The pay answers `U PAYMENT_IN_PROCESS`, inquiries show `waiting`, and the platform
    /// settles the payment by itself `after` the pay arrived, as `ends`: it sends the
    /// `PAYMENT_RESULT` notification then, and later inquiries show the end.
    SettlesAlone {
        /// The `paymentStatus` while not final.
        waiting: Waiting,
        /// How long after the pay the payment ends.
        after: Duration,
        /// How it ends.
        ends: Final,
    },
    /// Answers the order's pay requests with an HTML error page instead of the platform's JSON.
    #[allow(dead_code, reason = "constructed by the integration test only")]
    Garbage,
    /// Takes the payment, but answers each pay request only after [`SLOW_ANSWER`] of real
    /// time, waited for on a socket rather than a tokio timer: under a paused clock, the
    /// runtime sits waiting on I/O meanwhile, and any timer pending then (a request timeout,
    /// say) makes the clock jump.
    #[allow(dead_code, reason = "constructed by the integration test only")]
    SlowAnswer,
}

/// A scenario of the example: an order, what the platform does with it, and how the payment
/// must end.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Scenario {
    /// A headline for people.
    pub title: &'static str,
    /// The merchant's order id.
    pub order: &'static str,
    /// What the platform does.
    pub script: Script,
    /// The service restarts after this many answers to the payment's requests: the client
    /// saves the payment as JSON, drops it, loads it back and goes on
    /// ([`Client::pay_restarting`](super::client::Client::pay_restarting)).
    pub restart_after: Option<u32>,
    /// How the flow must end: the state, and whether a person must reconcile it.
    pub expect: (errcat::State, bool),
}

/// The example's scenarios, run by `cargo run --example pay_with_retry` and, under a paused
/// clock, by `tests/it/pay_with_retry.rs`.
pub const DEMO: [Scenario; 10] = [
    Scenario {
        title: "The platform is busy: SYSTEM_BUSY twice, then SUCCESS",
        order: "ORDER-1001",
        script: Script::Unanswered {
            code: "SYSTEM_BUSY",
            times: 2,
        },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "The payment takes a while: PAYMENT_IN_PROCESS, inquiries say PROCESSING, then SUCCESS",
        order: "ORDER-1002",
        script: Script::InProcess {
            waiting: Waiting::Processing,
            settles: Some((3, Final::Success)),
            cancel: Cancel::Works,
        },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "The shopper's balance is too low: an inquiry says FAIL with INSUFFICIENT_BALANCE",
        order: "ORDER-1003",
        script: Script::InProcess {
            waiting: Waiting::Processing,
            settles: Some((2, Final::Fail("INSUFFICIENT_BALANCE"))),
            cancel: Cancel::Works,
        },
        restart_after: None,
        expect: (errcat::State::Failed, false),
    },
    Scenario {
        title: "Every pay answer is lost: U past the backoff, then the inquiry finds it paid",
        order: "ORDER-1004",
        script: Script::Unanswered {
            code: "UNKNOWN_EXCEPTION",
            times: u32::MAX,
        },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "Never final: PENDING for the whole poll window, then a cancel that answers U, then S",
        order: "ORDER-1005",
        script: Script::InProcess {
            waiting: Waiting::Pending,
            settles: None,
            cancel: Cancel::BusyFirst { times: 1 },
        },
        restart_after: None,
        expect: (errcat::State::Failed, false),
    },
    Scenario {
        title: "Too late to cancel: PROCESSING for the whole poll window, then the cancel fails",
        order: "ORDER-1006",
        script: Script::InProcess {
            waiting: Waiting::Processing,
            settles: None,
            cancel: Cancel::TooLate,
        },
        restart_after: None,
        expect: (errcat::State::Unknown, true),
    },
    Scenario {
        title: "The access token expired: EXPIRED_ACCESS_TOKEN, one token refresh, then SUCCESS",
        order: "ORDER-1007",
        script: Script::TokenExpires { every_time: false },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "The request id is spent: REPEAT_REQ_INCONSISTENT, the old id inquired (FAIL), then a new id",
        order: "ORDER-1008",
        script: Script::IdTaken {
            times: 1,
            earlier: Final::Fail("RISK_REJECT"),
        },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "The platform says it first: PAYMENT_IN_PROCESS, PENDING, then at 4 s a PAYMENT_RESULT notification ends the flow with no further inquiry",
        order: "ORDER-1009",
        script: Script::SettlesAlone {
            waiting: Waiting::Pending,
            after: Duration::from_secs(4),
            ends: Final::Success,
        },
        restart_after: None,
        expect: (errcat::State::Succeeded, false),
    },
    Scenario {
        title: "The service restarts mid-payment: PAYMENT_IN_PROCESS, PROCESSING, the flow saved as JSON and loaded back, then SUCCESS as without the restart",
        order: "ORDER-1010",
        script: Script::InProcess {
            waiting: Waiting::Processing,
            settles: Some((3, Final::Success)),
            cancel: Cancel::Works,
        },
        restart_after: Some(2),
        expect: (errcat::State::Succeeded, false),
    },
];

/// An endpoint of the platform.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Endpoint {
    /// [`api::PAY`].
    Pay,
    /// [`api::INQUIRY`].
    Inquiry,
    /// [`api::CANCEL`].
    Cancel,
    /// [`api::APPLY_TOKEN`].
    ApplyToken,
}

impl Endpoint {
    /// Its name in the platform's API.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Pay => "pay",
            Endpoint::Inquiry => "inquiryPayment",
            Endpoint::Cancel => "cancel",
            Endpoint::ApplyToken => "applyToken",
        }
    }

    /// The API whose body answers it, for errcat (`applyToken` answers no payment).
    pub fn api(self) -> Option<Api> {
        match self {
            Endpoint::Pay => Some(Api::Pay),
            Endpoint::Inquiry => Some(Api::InquiryPayment),
            Endpoint::Cancel => Some(Api::Cancel),
            Endpoint::ApplyToken => None,
        }
    }
}

/// One request the platform received, and its answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Seen {
    /// Where it went.
    pub endpoint: Endpoint,
    /// When it arrived, on the tokio clock (paused in the test).
    pub at: Instant,
    /// The order it concerns, when the platform could tell.
    pub order: Option<String>,
    /// Its `paymentRequestId`, if it had one.
    pub request_id: Option<String>,
    /// The credential it carried: the bearer access token, or for `applyToken` the refresh
    /// token.
    pub token: Option<String>,
    /// The body the platform answered with; `None` for a request it left unanswered.
    pub body: Option<Vec<u8>>,
}

impl Seen {
    /// The answer read by errcat as the endpoint's API.
    pub fn outcome(&self) -> Option<Result<Outcome, BodyError>> {
        Some(Outcome::from_json(
            self.endpoint.api(),
            self.body.as_deref()?,
        ))
    }

    /// The answer's own `result`, if it is the platform's JSON.
    pub fn result(&self) -> Option<ResultInfo> {
        #[derive(serde::Deserialize)]
        struct WithResult {
            result: ResultInfo,
        }
        let body = self.body.as_deref()?;
        serde_json::from_slice::<WithResult>(body)
            .ok()
            .map(|b| b.result)
    }
}

/// A notification the platform sent to the merchant's notification URL.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Notification {
    /// `notifyPayment` or `notifyCapture`.
    pub api: Api,
    /// The payment it is about.
    pub request_id: String,
    /// When the platform sent it, on the tokio clock.
    pub at: Instant,
    /// Its body, as the platform posts it.
    pub body: Vec<u8>,
}

/// The mock platform, serving until it is dropped.
#[derive(Debug)]
pub struct MockPlatform {
    addr: SocketAddr,
    state: Shared,
    server: JoinHandle<()>,
}

impl MockPlatform {
    /// Starts the platform on 127.0.0.1, on a port the system picks, in the current tokio
    /// runtime.
    pub async fn start() -> io::Result<MockPlatform> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let state = Shared(Arc::new(Mutex::new(Platform::new(Instant::now()))));
        let app = Router::new()
            .route(api::PAY, post(pay))
            .route(api::INQUIRY, post(inquiry))
            .route(api::CANCEL, post(cancel))
            .route(api::APPLY_TOKEN, post(apply_token))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                eprintln!("mock platform stopped: {e}");
            }
        });
        Ok(MockPlatform {
            addr,
            state,
            server,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The tokens the platform issued to the merchant before the example starts.
    pub fn credentials(&self) -> Credentials {
        let state = self.state.lock();
        Credentials {
            access_token: state.issued.last().cloned().unwrap_or_default(),
            refresh_token: state.refresh_token.clone(),
        }
    }

    /// Sets what the platform does with the payments of `order`; an order without a script
    /// is paid at once.
    pub fn script(&self, order: &str, script: Script) {
        self.state.lock().scripts.insert(order.to_owned(), script);
    }

    /// Every request received since the last call, oldest first.
    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut self.state.lock().seen)
    }

    /// Every notification sent since the last call, oldest first.
    pub fn take_notifications(&self) -> Vec<Notification> {
        std::mem::take(&mut self.state.lock().outbox)
    }

    /// The merchant's notification endpoint, for the client: every notification the platform
    /// sends is delivered there.
    pub fn inbox(&self) -> MerchantInbox {
        let arrived = Arc::clone(&self.state.lock().arrived);
        MerchantInbox {
            state: self.state.clone(),
            arrived,
        }
    }
}

/// The merchant's notification endpoint: the platform posts its notifications there, and the
/// client reads them ([`Inbox`]). `arrived` is signalled as each one is delivered.
#[derive(Clone, Debug)]
pub struct MerchantInbox {
    state: Shared,
    arrived: Arc<Notify>,
}

impl Inbox for MerchantInbox {
    /// The `notifyPayment` bodies delivered for `request_id`, oldest first; its other
    /// notifications (`notifyCapture`) are dropped, as this client has no use for them.
    fn take(&self, request_id: &str) -> Vec<Vec<u8>> {
        let mut platform = self.state.lock();
        let (taken, kept) = std::mem::take(&mut platform.delivered)
            .into_iter()
            .partition::<Vec<_>, _>(|n| n.request_id == request_id);
        platform.delivered = kept;
        taken
            .into_iter()
            .filter(|n| n.api == Api::NotifyPayment)
            .map(|n| n.body)
            .collect()
    }

    /// Until a notification is delivered, or `deadline`; what the platform had due by then
    /// happens on the way (see the module docs).
    fn wait_until(
        &self,
        deadline: Instant,
    ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            let next_due = self.state.lock().next_due();
            let wake = next_due.map_or(deadline, |due| due.min(deadline));
            tokio::select! {
                () = self.arrived.notified() => {}
                () = sleep_until(wake) => {}
            }
            self.state.lock().run_due(Instant::now());
        })
    }
}

impl Drop for MockPlatform {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Clone, Debug)]
struct Shared(Arc<Mutex<Platform>>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Platform> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug)]
struct Platform {
    /// When the platform started: its clock for the times it writes.
    started: Instant,
    scripts: HashMap<String, Script>,
    orders: HashMap<String, OrderLog>,
    /// By `paymentRequestId`.
    payments: HashMap<String, Payment>,
    /// Every access token issued, the valid one last.
    issued: Vec<String>,
    /// Whether the last one issued is still valid.
    token_valid: bool,
    refresh_token: String,
    /// Requests received, for [`REQUEST_LIMIT`].
    requests: usize,
    seen: Vec<Seen>,
    /// Every notification sent, for [`MockPlatform::take_notifications`].
    outbox: Vec<Notification>,
    /// The notifications delivered to the merchant and not yet read: [`MerchantInbox`].
    delivered: Vec<Notification>,
    arrived: Arc<Notify>,
}

/// What the platform remembers of an order's pay requests.
#[derive(Default, Debug)]
struct OrderLog {
    pay_requests: u32,
    request_ids: Vec<String>,
    token_expired: bool,
}

#[derive(Debug)]
struct Payment {
    request_id: String,
    order: String,
    amount: Amount,
    payment_id: String,
    created: Instant,
    state: PaymentState,
    inquiries: u32,
    cancels: u32,
    notified_pending: bool,
    notified_final: bool,
    /// When the platform settles it by itself, and how ([`Script::SettlesAlone`]).
    settles: Option<(Instant, Final)>,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum PaymentState {
    Waiting(Waiting),
    Succeeded { at: Instant },
    Failed(&'static str),
    Cancelled,
}

/// The platform's `result` object. The message is the catalog's description of the code:
/// the mock plays a platform whose texts the catalog copies.
fn result(status: &str, code: &str) -> Value {
    let message = Code::from_code(code).map_or("", Code::description);
    json!({ "resultCode": code, "resultStatus": status, "resultMessage": message })
}

fn success() -> Value {
    result("S", "SUCCESS")
}

/// The platform's answer to a request.
enum Answer {
    Json(Value),
    /// An error page instead of the platform's JSON.
    Garbage,
    /// No answer at all: the connection stays open.
    Nothing,
}

impl Answer {
    fn bytes(&self) -> Option<Vec<u8>> {
        match self {
            Answer::Json(body) => Some(body.to_string().into_bytes()),
            Answer::Garbage => Some(GARBAGE.as_bytes().to_vec()),
            Answer::Nothing => None,
        }
    }
}

const GARBAGE: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Json(body) => axum::Json(body).into_response(),
            Answer::Garbage | Answer::Nothing => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                GARBAGE,
            )
                .into_response(),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, Answer> {
    serde_json::from_slice(body)
        .map_err(|_| Answer::Json(json!({ "result": result("F", "PARAM_ILLEGAL") })))
}

impl Platform {
    fn new(started: Instant) -> Platform {
        Platform {
            started,
            scripts: HashMap::new(),
            orders: HashMap::new(),
            payments: HashMap::new(),
            issued: vec!["access-1".to_owned()],
            token_valid: true,
            refresh_token: "refresh-1".to_owned(),
            requests: 0,
            seen: Vec::new(),
            outbox: Vec::new(),
            delivered: Vec::new(),
            arrived: Arc::new(Notify::new()),
        }
    }

    /// An ISO 8601 time on the platform's clock (a fixed day; the time of day moves with the
    /// tokio clock, paused or not).
    fn time(&self, at: Instant) -> String {
        let s = (at - self.started).as_secs();
        format!(
            "2025-01-01T{:02}:{:02}:{:02}+08:00",
            12 + s / 3600,
            s / 60 % 60,
            s % 60
        )
    }

    /// Records a request and its answer.
    fn answer(
        &mut self,
        at: Instant,
        endpoint: Endpoint,
        order: Option<String>,
        request_id: Option<String>,
        token: Option<String>,
        answer: Answer,
    ) -> Answer {
        self.requests += 1;
        let answer = if self.requests > REQUEST_LIMIT {
            Answer::Garbage
        } else {
            answer
        };
        self.seen.push(Seen {
            endpoint,
            at,
            order,
            request_id,
            token,
            body: answer.bytes(),
        });
        answer
    }

    /// `None` if `token` is the valid access token, else the platform's refusal.
    fn refuse_token(&self, token: Option<&str>) -> Option<Answer> {
        let latest = self.issued.last().map(String::as_str);
        let code = match token {
            Some(token) if self.token_valid && latest == Some(token) => return None,
            Some(token) if self.issued.iter().any(|t| t == token) => "EXPIRED_ACCESS_TOKEN",
            _ => "INVALID_ACCESS_TOKEN",
        };
        Some(Answer::Json(json!({ "result": result("F", code) })))
    }

    fn pay(&mut self, at: Instant, token: Option<&str>, request: PayRequest) -> Answer {
        let order = request.reference_order_id.clone();
        let script = self.scripts.get(&order).copied();
        let log = self.orders.entry(order.clone()).or_default();
        log.pay_requests += 1;
        let pay_requests = log.pay_requests;
        if !log.request_ids.contains(&request.payment_request_id) {
            log.request_ids.push(request.payment_request_id.clone());
        }
        let ids_seen = log.request_ids.len();
        let expire_token = match script {
            Some(Script::TokenExpires { every_time }) => every_time || !log.token_expired,
            _ => false,
        };

        if let Some(refusal) = self.refuse_token(token) {
            return refusal;
        }
        if expire_token {
            if let Some(log) = self.orders.get_mut(&order) {
                log.token_expired = true;
            }
            self.token_valid = false;
            return Answer::Json(json!({ "result": result("F", "EXPIRED_ACCESS_TOKEN") }));
        }
        if script == Some(Script::Garbage) {
            return Answer::Garbage;
        }
        if let Some(Script::IdTaken { times, earlier }) = script {
            if ids_seen <= times as usize
                && !self.payments.contains_key(&request.payment_request_id)
            {
                // An earlier payment, for another order, already used this request id.
                let state = match earlier {
                    Final::Success => PaymentState::Succeeded { at },
                    Final::Fail(code) => PaymentState::Failed(code),
                };
                let earlier = Payment {
                    request_id: request.payment_request_id.clone(),
                    order: format!("{order}-EARLIER"),
                    amount: request.payment_amount.clone(),
                    payment_id: format!("PAY-EARLIER-{ids_seen}"),
                    created: at,
                    state,
                    inquiries: 0,
                    cancels: 0,
                    // Its notifications went out long ago, to the earlier order.
                    notified_pending: true,
                    notified_final: true,
                    settles: None,
                };
                self.payments
                    .insert(request.payment_request_id.clone(), earlier);
            }
        }

        // `paymentRequestId` is the idempotency key.
        if let Some(payment) = self.payments.get(&request.payment_request_id) {
            if payment.order != order || payment.amount != request.payment_amount {
                return Answer::Json(json!({ "result": result("F", "REPEAT_REQ_INCONSISTENT") }));
            }
        } else {
            let state = match script {
                Some(Script::InProcess { waiting, .. } | Script::SettlesAlone { waiting, .. }) => {
                    PaymentState::Waiting(waiting)
                }
                _ => PaymentState::Succeeded { at },
            };
            let settles = match script {
                Some(Script::SettlesAlone { after, ends, .. }) => Some((at + after, ends)),
                _ => None,
            };
            let payment = Payment {
                request_id: request.payment_request_id.clone(),
                order,
                amount: request.payment_amount,
                payment_id: format!("PAY-{}", self.payments.len() + 1),
                created: at,
                state,
                inquiries: 0,
                cancels: 0,
                notified_pending: false,
                notified_final: false,
                settles,
            };
            self.payments
                .insert(request.payment_request_id.clone(), payment);
        }
        match script {
            Some(Script::Unanswered { code, times }) if pay_requests <= times => {
                return Answer::Json(json!({ "result": result("U", code) }));
            }
            Some(Script::NoAnswer { times }) if pay_requests <= times => return Answer::Nothing,
            _ => {}
        }
        self.notify(at, &request.payment_request_id);
        match self.payments.get(&request.payment_request_id) {
            Some(payment) => Answer::Json(self.pay_answer(payment)),
            None => Answer::Json(json!({ "result": result("U", "UNKNOWN_EXCEPTION") })),
        }
    }

    /// A pay's answer: its own result, and the payment's ids.
    fn pay_answer(&self, payment: &Payment) -> Value {
        let own = match payment.state {
            PaymentState::Waiting(_) => result("U", "PAYMENT_IN_PROCESS"),
            PaymentState::Succeeded { .. } => success(),
            PaymentState::Failed(code) => result("F", code),
            PaymentState::Cancelled => result("F", "ORDER_IS_CLOSED"),
        };
        let mut body = json!({
            "result": own,
            "paymentRequestId": payment.request_id,
            "paymentId": payment.payment_id,
            "paymentAmount": payment.amount,
            "paymentCreateTime": self.time(payment.created),
        });
        if let PaymentState::Succeeded { at } = payment.state {
            body["paymentTime"] = json!(self.time(at));
        }
        body
    }

    fn inquiry(&mut self, at: Instant, token: Option<&str>, request_id: &str) -> Answer {
        if let Some(refusal) = self.refuse_token(token) {
            return refusal;
        }
        let Some(payment) = self.payments.get_mut(request_id) else {
            return Answer::Json(json!({ "result": result("F", "ORDER_NOT_EXIST") }));
        };
        payment.inquiries += 1;
        let script = self.scripts.get(&payment.order).copied();
        if let PaymentState::Waiting(_) = payment.state {
            if let Some(Script::InProcess {
                settles: Some((n, ends)),
                ..
            }) = script
            {
                if payment.inquiries >= n {
                    payment.state = match ends {
                        Final::Success => PaymentState::Succeeded { at },
                        Final::Fail(code) => PaymentState::Failed(code),
                    };
                }
            }
        }
        let Some(payment) = self.payments.get(request_id) else {
            return Answer::Json(json!({ "result": result("F", "ORDER_NOT_EXIST") }));
        };
        let answer = self.inquiry_answer(payment);
        self.notify(at, request_id);
        Answer::Json(answer)
    }

    /// An inquiry's answer: the query worked (`result` S), and the payment's state is in
    /// `paymentStatus`, its reason in `paymentResultCode`/`paymentResultMessage`.
    fn inquiry_answer(&self, payment: &Payment) -> Value {
        let (status, code) = match payment.state {
            PaymentState::Waiting(Waiting::Processing) => ("PROCESSING", "PAYMENT_IN_PROCESS"),
            PaymentState::Waiting(Waiting::Pending) => ("PENDING", "PAYMENT_IN_PROCESS"),
            PaymentState::Succeeded { .. } => ("SUCCESS", "SUCCESS"),
            PaymentState::Failed(code) => ("FAIL", code),
            PaymentState::Cancelled => ("CANCELLED", "ORDER_IS_CLOSED"),
        };
        let message = Code::from_code(code).map_or("", Code::description);
        let mut body = json!({
            "result": success(),
            "paymentRequestId": payment.request_id,
            "paymentId": payment.payment_id,
            "paymentAmount": payment.amount,
            "paymentStatus": status,
            "paymentResultCode": code,
            "paymentResultMessage": message,
            "paymentCreateTime": self.time(payment.created),
        });
        if let PaymentState::Succeeded { at } = payment.state {
            body["paymentTime"] = json!(self.time(at));
            // Captured at once (an automatic capture): the capture is a transaction of the
            // payment.
            body["transactions"] = json!([{
                "transactionType": "CAPTURE",
                "transactionStatus": "SUCCESS",
                "transactionResult": success(),
                "transactionRequestId": format!("capture-{}", payment.request_id),
                "transactionId": format!("CAP-{}", payment.payment_id),
                "transactionAmount": payment.amount,
                "transactionTime": self.time(at),
            }]);
        }
        body
    }

    fn cancel(&mut self, at: Instant, token: Option<&str>, request_id: &str) -> Answer {
        if let Some(refusal) = self.refuse_token(token) {
            return refusal;
        }
        let Some(payment) = self.payments.get_mut(request_id) else {
            return Answer::Json(json!({ "result": result("F", "ORDER_NOT_EXIST") }));
        };
        payment.cancels += 1;
        let cancel = match self.scripts.get(&payment.order) {
            Some(Script::InProcess { cancel, .. }) => *cancel,
            _ => Cancel::Works,
        };
        let own = match (payment.state, cancel) {
            (PaymentState::Waiting(_), Cancel::BusyFirst { times }) if payment.cancels <= times => {
                result("U", "UNKNOWN_EXCEPTION")
            }
            (PaymentState::Waiting(_), Cancel::TooLate) => {
                payment.state = PaymentState::Succeeded { at };
                result("F", "ORDER_STATUS_INVALID")
            }
            (PaymentState::Waiting(_) | PaymentState::Cancelled, _) => {
                payment.state = PaymentState::Cancelled;
                success()
            }
            (PaymentState::Succeeded { .. } | PaymentState::Failed(_), _) => {
                result("F", "ORDER_STATUS_INVALID")
            }
        };
        let payment_id = payment.payment_id.clone();
        self.notify(at, request_id);
        let mut body = json!({
            "result": own,
            "paymentRequestId": request_id,
            "paymentId": payment_id,
        });
        if body["result"]["resultStatus"] == "S" {
            body["cancelTime"] = json!(self.time(at));
        }
        Answer::Json(body)
    }

    fn apply_token(&mut self, request: &ApplyTokenRequest) -> Answer {
        if request.grant_type != api::GRANT_REFRESH_TOKEN
            || request.refresh_token != self.refresh_token
        {
            return Answer::Json(json!({ "result": result("F", "INVALID_REFRESH_TOKEN") }));
        }
        let token = format!("access-{}", self.issued.len() + 1);
        self.issued.push(token.clone());
        self.token_valid = true;
        Answer::Json(json!({ "result": success(), "accessToken": token }))
    }

    /// The earliest time the platform has something to do by itself: a payment to settle.
    fn next_due(&self) -> Option<Instant> {
        self.payments
            .values()
            .filter(|p| matches!(p.state, PaymentState::Waiting(_)))
            .filter_map(|p| p.settles.map(|(due, _)| due))
            .min()
    }

    /// Does what was due by `now`: settles the payments whose time has come, each at its own
    /// time, and sends their notifications, stamped with that time.
    fn run_due(&mut self, now: Instant) {
        let mut due: Vec<(Instant, String)> = self
            .payments
            .values()
            .filter(|p| matches!(p.state, PaymentState::Waiting(_)))
            .filter_map(|p| match p.settles {
                Some((at, _)) if at <= now => Some((at, p.request_id.clone())),
                _ => None,
            })
            .collect();
        due.sort();
        for (at, request_id) in due {
            if let Some(payment) = self.payments.get_mut(&request_id) {
                payment.state = match payment.settles {
                    Some((_, Final::Success)) => PaymentState::Succeeded { at },
                    Some((_, Final::Fail(code))) => PaymentState::Failed(code),
                    None => continue,
                };
            }
            self.notify(at, &request_id);
        }
    }

    /// Sends what the payment's state calls for, once each: `notifyPayment` with
    /// `PAYMENT_PENDING` while it is pending; at its end `notifyPayment` with `PAYMENT_RESULT`
    /// (the payment's own result) and, for a paid payment, `notifyCapture` with
    /// `CAPTURE_RESULT`. Each goes to the outbox and to the merchant's inbox.
    fn notify(&mut self, at: Instant, request_id: &str) {
        let Some(payment) = self.payments.get(request_id) else {
            return;
        };
        let payment_body = |notify_type: &str, own: Value| {
            json!({
                "notifyType": notify_type,
                "result": own,
                "paymentRequestId": payment.request_id,
                "paymentId": payment.payment_id,
                "paymentAmount": payment.amount,
                "paymentCreateTime": self.time(payment.created),
            })
        };
        let mut out = Vec::new();
        match payment.state {
            PaymentState::Waiting(Waiting::Pending) if !payment.notified_pending => {
                out.push((
                    Api::NotifyPayment,
                    payment_body("PAYMENT_PENDING", success()),
                ));
            }
            PaymentState::Succeeded { at: paid } if !payment.notified_final => {
                let mut body = payment_body("PAYMENT_RESULT", success());
                body["paymentTime"] = json!(self.time(paid));
                out.push((Api::NotifyPayment, body));
                let capture = json!({
                    "notifyType": "CAPTURE_RESULT",
                    "result": success(),
                    "captureRequestId": format!("capture-{}", payment.request_id),
                    "paymentId": payment.payment_id,
                    "captureId": format!("CAP-{}", payment.payment_id),
                    "captureAmount": payment.amount,
                    "captureTime": self.time(paid),
                });
                out.push((Api::NotifyCapture, capture));
            }
            PaymentState::Failed(code) if !payment.notified_final => {
                out.push((
                    Api::NotifyPayment,
                    payment_body("PAYMENT_RESULT", result("F", code)),
                ));
            }
            _ => return,
        }
        for (api, body) in out {
            let sent = Notification {
                api,
                request_id: request_id.to_owned(),
                at,
                body: body.to_string().into_bytes(),
            };
            self.outbox.push(sent.clone());
            self.delivered.push(sent);
            self.arrived.notify_one();
        }
        if let Some(payment) = self.payments.get_mut(request_id) {
            match payment.state {
                PaymentState::Waiting(_) => payment.notified_pending = true,
                _ => payment.notified_final = true,
            }
        }
    }
}

async fn pay(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let at = Instant::now();
    let token = bearer(&headers);
    let request = parse::<PayRequest>(&body);
    if let Ok(request) = &request {
        let script = state
            .lock()
            .scripts
            .get(&request.reference_order_id)
            .copied();
        if script == Some(Script::SlowAnswer) {
            if let Err(e) = wait_real_time(SLOW_ANSWER).await {
                eprintln!("mock platform: could not wait: {e}");
            }
        }
    }
    let answer = {
        let mut platform = state.lock();
        platform.run_due(at);
        match request {
            Ok(request) => {
                let (order, id) = (
                    request.reference_order_id.clone(),
                    request.payment_request_id.clone(),
                );
                let answer = platform.pay(at, token.as_deref(), request);
                platform.answer(at, Endpoint::Pay, Some(order), Some(id), token, answer)
            }
            Err(refusal) => platform.answer(at, Endpoint::Pay, None, None, token, refusal),
        }
    };
    if let Answer::Nothing = answer {
        // The answer is lost: the client's own timeout ends the wait.
        std::future::pending::<()>().await;
    }
    answer.into_response()
}

/// Waits `duration` of real time without a tokio timer: until an OS thread, once `duration`
/// has passed, connects to a socket this task listens on.
async fn wait_real_time(duration: std::time::Duration) -> io::Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        std::thread::sleep(duration);
        // If this fails, the accept below waits forever: say so.
        if let Err(e) = std::net::TcpStream::connect(addr) {
            eprintln!("mock platform: could not end a wait: {e}");
        }
    });
    listener.accept().await.map(drop)
}

async fn inquiry(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    by_request_id(
        &state,
        Endpoint::Inquiry,
        &headers,
        &body,
        Platform::inquiry,
    )
}

async fn cancel(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    by_request_id(&state, Endpoint::Cancel, &headers, &body, Platform::cancel)
}

/// An inquiry or a cancellation: a [`PaymentRef`] body.
fn by_request_id(
    state: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: &Bytes,
    handle: fn(&mut Platform, Instant, Option<&str>, &str) -> Answer,
) -> Answer {
    let at = Instant::now();
    let mut platform = state.lock();
    platform.run_due(at);
    let token = bearer(headers);
    match parse::<PaymentRef>(body) {
        Ok(PaymentRef { payment_request_id }) => {
            let order = platform
                .payments
                .get(&payment_request_id)
                .map(|p| p.order.clone());
            let answer = handle(&mut platform, at, token.as_deref(), &payment_request_id);
            platform.answer(at, endpoint, order, Some(payment_request_id), token, answer)
        }
        Err(refusal) => platform.answer(at, endpoint, None, None, token, refusal),
    }
}

async fn apply_token(State(state): State<Shared>, body: Bytes) -> Answer {
    let at = Instant::now();
    let mut platform = state.lock();
    match parse::<ApplyTokenRequest>(&body) {
        Ok(request) => {
            let answer = platform.apply_token(&request);
            let refresh_token = Some(request.refresh_token);
            platform.answer(at, Endpoint::ApplyToken, None, None, refresh_token, answer)
        }
        Err(refusal) => platform.answer(at, Endpoint::ApplyToken, None, None, None, refusal),
    }
}
