//! A local stand-in for the payment platform: an axum server on 127.0.0.1, on a random port,
//! in the caller's tokio runtime.
//!
//! It plays the platform, so it names result codes. It keeps the platform's rules: the
//! access token must be the one it issued last; `paymentRequestId` is the idempotency key (the
//! same id with the same order and amount is the same payment, with different ones
//! `REPEAT_REQ_INCONSISTENT`); a payment can be inquired and cancelled. A [`Script`] per order
//! adds the trouble each scenario needs. Every request is recorded, with the tokio
//! [`Instant`] it arrived at: see [`MockPlatform::take_seen`].

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
use errcat::{ResultInfo, Status};
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::api::{
    self, Amount, ApplyTokenRequest, Credentials, PayRequest, PaymentRef, PaymentResponse,
    TokenResponse,
};

/// After this many requests, the platform answers every request with an error page: a runaway
/// client then gets an error instead of running forever, and a test fails instead of hanging.
pub const REQUEST_LIMIT: usize = 500;

/// How long a [`Script::SlowAnswer`] answer takes, in real time.
pub const SLOW_ANSWER: std::time::Duration = std::time::Duration::from_millis(50);

/// What the platform does with the payments of one order.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Script {
    /// Answers `U SYSTEM_BUSY` to the order's first `times` pay requests, then takes the payment.
    Busy {
        /// How many pay requests get `SYSTEM_BUSY` (`u32::MAX`: all of them).
        times: u32,
    },
    /// Answers `U PAYMENT_IN_PROCESS`: the payment runs in the background, and succeeds at the
    /// `succeeds_at_inquiry`-th inquiry (never if `None`).
    InProcess {
        /// The inquiry that finds the payment done.
        succeeds_at_inquiry: Option<u32>,
    },
    /// The access token expires as the order's first pay request arrives (`F
    /// EXPIRED_ACCESS_TOKEN`); with `every_time`, every token expires as soon as it is used for
    /// this order.
    TokenExpires {
        /// Expire every token, refreshed or not.
        every_time: bool,
    },
    /// The order's first `times` request ids turn out to be taken by an earlier payment with
    /// other parameters: `F REPEAT_REQ_INCONSISTENT`.
    IdTaken {
        /// How many request ids are taken.
        times: u32,
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

/// A scenario of the example: an order and what the platform does with it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Scenario {
    /// A headline for people.
    pub title: &'static str,
    /// The merchant's order id.
    pub order: &'static str,
    /// What the platform does.
    pub script: Script,
}

/// The example's four scenarios, run by `cargo run --example pay_with_retry` and, under a
/// paused clock, by `tests/test_pay_with_retry.rs`.
pub const DEMO: [Scenario; 4] = [
    Scenario {
        title: "The platform is busy: SYSTEM_BUSY twice, then SUCCESS",
        order: "ORDER-1001",
        script: Script::Busy { times: 2 },
    },
    Scenario {
        title: "The payment takes a while: PAYMENT_IN_PROCESS, then inquiries until SUCCESS",
        order: "ORDER-1002",
        script: Script::InProcess {
            succeeds_at_inquiry: Some(2),
        },
    },
    Scenario {
        title: "The access token expired: EXPIRED_ACCESS_TOKEN, one token refresh, then SUCCESS",
        order: "ORDER-1003",
        script: Script::TokenExpires { every_time: false },
    },
    Scenario {
        title: "The request id is spent: REPEAT_REQ_INCONSISTENT, then a new paymentRequestId",
        order: "ORDER-1004",
        script: Script::IdTaken { times: 1 },
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
    /// The `result` the platform answered with; `None` for a body that is not JSON.
    pub answer: Option<ResultInfo>,
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
        let state = Shared::default();
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
}

impl Drop for MockPlatform {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Clone, Default, Debug)]
struct Shared(Arc<Mutex<Platform>>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Platform> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug)]
struct Platform {
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
}

impl Default for Platform {
    fn default() -> Self {
        Platform {
            scripts: HashMap::new(),
            orders: HashMap::new(),
            payments: HashMap::new(),
            issued: vec!["access-1".to_owned()],
            token_valid: true,
            refresh_token: "refresh-1".to_owned(),
            requests: 0,
            seen: Vec::new(),
        }
    }
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
    order: String,
    amount: Amount,
    payment_id: String,
    state: PaymentState,
}

#[derive(Debug)]
enum PaymentState {
    Processing {
        inquiries: u32,
        succeeds_at_inquiry: Option<u32>,
    },
    Succeeded,
    Cancelled,
}

fn result(status: Status, code: &str, message: &str) -> ResultInfo {
    ResultInfo::new(status, code, message)
}

fn success() -> ResultInfo {
    result(Status::Success, "SUCCESS", "success")
}

/// The platform's answer to a request.
enum Answer {
    Payment(PaymentResponse),
    Token(TokenResponse),
    Garbage,
}

impl Answer {
    fn result(result: ResultInfo) -> Answer {
        Answer::Payment(PaymentResponse {
            result,
            payment_id: None,
        })
    }

    fn recorded(&self) -> Option<ResultInfo> {
        match self {
            Answer::Payment(r) => Some(r.result.clone()),
            Answer::Token(r) => Some(r.result.clone()),
            Answer::Garbage => None,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Payment(body) => axum::Json(body).into_response(),
            Answer::Token(body) => axum::Json(body).into_response(),
            Answer::Garbage => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response(),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ResultInfo> {
    serde_json::from_slice(body).map_err(|e| {
        result(
            Status::Failed,
            "PARAM_ILLEGAL",
            &format!("bad request body: {e}"),
        )
    })
}

impl Platform {
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
            answer: answer.recorded(),
        });
        answer
    }

    /// `None` if `token` is the valid access token, else the platform's refusal.
    fn refuse_token(&self, token: Option<&str>) -> Option<ResultInfo> {
        let Some(token) = token else {
            return Some(result(
                Status::Failed,
                "INVALID_ACCESS_TOKEN",
                "no access token",
            ));
        };
        let latest = self.issued.last().map(String::as_str);
        if self.token_valid && latest == Some(token) {
            None
        } else if self.issued.iter().any(|t| t == token) {
            Some(result(
                Status::Failed,
                "EXPIRED_ACCESS_TOKEN",
                "access token expired",
            ))
        } else {
            Some(result(
                Status::Failed,
                "INVALID_ACCESS_TOKEN",
                "unknown access token",
            ))
        }
    }

    fn pay(&mut self, token: Option<&str>, request: PayRequest) -> Answer {
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
            return Answer::result(refusal);
        }
        if expire_token {
            if let Some(log) = self.orders.get_mut(&order) {
                log.token_expired = true;
            }
            self.token_valid = false;
            return Answer::result(result(
                Status::Failed,
                "EXPIRED_ACCESS_TOKEN",
                "access token expired",
            ));
        }
        match script {
            Some(Script::Garbage) => return Answer::Garbage,
            Some(Script::Busy { times }) if pay_requests <= times => {
                return Answer::result(result(
                    Status::Unknown,
                    "SYSTEM_BUSY",
                    "system busy, try later",
                ));
            }
            Some(Script::IdTaken { times })
                if ids_seen <= times as usize
                    && !self.payments.contains_key(&request.payment_request_id) =>
            {
                // An earlier payment, for another order, already used this request id.
                let earlier = Payment {
                    order: format!("{order}-EARLIER"),
                    amount: request.payment_amount.clone(),
                    payment_id: format!("PAY-EARLIER-{ids_seen}"),
                    state: PaymentState::Succeeded,
                };
                self.payments
                    .insert(request.payment_request_id.clone(), earlier);
            }
            _ => {}
        }

        // `paymentRequestId` is the idempotency key.
        if let Some(payment) = self.payments.get(&request.payment_request_id) {
            if payment.order != order || payment.amount != request.payment_amount {
                return Answer::result(result(
                    Status::Failed,
                    "REPEAT_REQ_INCONSISTENT",
                    "paymentRequestId already used with different parameters",
                ));
            }
            return payment.answer();
        }
        let state = match script {
            Some(Script::InProcess {
                succeeds_at_inquiry,
            }) => PaymentState::Processing {
                inquiries: 0,
                succeeds_at_inquiry,
            },
            _ => PaymentState::Succeeded,
        };
        let payment = Payment {
            order,
            amount: request.payment_amount,
            payment_id: format!("PAY-{}", self.payments.len() + 1),
            state,
        };
        let answer = payment.answer();
        self.payments.insert(request.payment_request_id, payment);
        answer
    }

    fn inquiry(&mut self, token: Option<&str>, request_id: &str) -> Answer {
        if let Some(refusal) = self.refuse_token(token) {
            return Answer::result(refusal);
        }
        let Some(payment) = self.payments.get_mut(request_id) else {
            return Answer::result(result(Status::Failed, "ORDER_NOT_EXIST", "no such payment"));
        };
        if let PaymentState::Processing {
            inquiries,
            succeeds_at_inquiry,
        } = &mut payment.state
        {
            *inquiries += 1;
            if succeeds_at_inquiry.is_some_and(|n| *inquiries >= n) {
                payment.state = PaymentState::Succeeded;
            }
        }
        payment.answer()
    }

    fn cancel(&mut self, token: Option<&str>, request_id: &str) -> Answer {
        if let Some(refusal) = self.refuse_token(token) {
            return Answer::result(refusal);
        }
        let Some(payment) = self.payments.get_mut(request_id) else {
            return Answer::result(result(Status::Failed, "ORDER_NOT_EXIST", "no such payment"));
        };
        match payment.state {
            PaymentState::Processing { .. } | PaymentState::Cancelled => {
                payment.state = PaymentState::Cancelled;
                Answer::Payment(PaymentResponse {
                    result: success(),
                    payment_id: Some(payment.payment_id.clone()),
                })
            }
            PaymentState::Succeeded => Answer::result(result(
                Status::Failed,
                "ORDER_STATUS_INVALID",
                "payment succeeded: refund it instead",
            )),
        }
    }

    fn apply_token(&mut self, request: &ApplyTokenRequest) -> Answer {
        if request.grant_type != api::GRANT_REFRESH_TOKEN
            || request.refresh_token != self.refresh_token
        {
            return Answer::Token(TokenResponse {
                result: result(Status::Failed, "INVALID_REFRESH_TOKEN", "bad refresh token"),
                access_token: None,
            });
        }
        let token = format!("access-{}", self.issued.len() + 1);
        self.issued.push(token.clone());
        self.token_valid = true;
        Answer::Token(TokenResponse {
            result: success(),
            access_token: Some(token),
        })
    }
}

impl Payment {
    fn answer(&self) -> Answer {
        let result = match self.state {
            PaymentState::Processing { .. } => result(
                Status::Unknown,
                "PAYMENT_IN_PROCESS",
                "payment is being processed",
            ),
            PaymentState::Succeeded => success(),
            PaymentState::Cancelled => {
                result(Status::Failed, "ORDER_IS_CLOSED", "payment cancelled")
            }
        };
        Answer::Payment(PaymentResponse {
            result,
            payment_id: Some(self.payment_id.clone()),
        })
    }
}

async fn pay(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
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
    let mut platform = state.lock();
    match request {
        Ok(request) => {
            let (order, id) = (
                request.reference_order_id.clone(),
                request.payment_request_id.clone(),
            );
            let answer = platform.pay(token.as_deref(), request);
            platform.answer(at, Endpoint::Pay, Some(order), Some(id), token, answer)
        }
        Err(refusal) => platform.answer(
            at,
            Endpoint::Pay,
            None,
            None,
            token,
            Answer::result(refusal),
        ),
    }
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
    handle: fn(&mut Platform, Option<&str>, &str) -> Answer,
) -> Answer {
    let at = Instant::now();
    let mut platform = state.lock();
    let token = bearer(headers);
    match parse::<PaymentRef>(body) {
        Ok(PaymentRef { payment_request_id }) => {
            let order = platform
                .payments
                .get(&payment_request_id)
                .map(|p| p.order.clone());
            let answer = handle(&mut platform, token.as_deref(), &payment_request_id);
            platform.answer(at, endpoint, order, Some(payment_request_id), token, answer)
        }
        Err(refusal) => platform.answer(at, endpoint, None, None, token, Answer::result(refusal)),
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
        Err(refusal) => platform.answer(
            at,
            Endpoint::ApplyToken,
            None,
            None,
            None,
            Answer::Token(TokenResponse {
                result: refusal,
                access_token: None,
            }),
        ),
    }
}
