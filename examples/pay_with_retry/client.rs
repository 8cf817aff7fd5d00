//! A payment client that does what errcat's catalog says: what a user of errcat would write.
//!
//! The client never looks at a result code. Every answer is read as an [`errcat::ResultInfo`],
//! turned into `Result<ResultInfo, ApiError>` by [`ResultInfo::into_result`], and the error's
//! [`RetryPolicy`] decides what happens next:
//!
//! - `Backoff`: wait (full jitter, from `delays_with_jitter`), then resend the same request
//!   with the same request id; at most `max_attempts()` requests.
//! - `Poll`: ask for the payment's state every `interval`; once `timeout` has passed, cancel it.
//! - `RefreshToken`: get a new access token, then resend the same request; once per payment.
//! - `NewRequest`: start over with a new request id; once per payment.
//! - `Never`, `Reauthorize`: stop, the answer is final; tell the shopper the catalog's message.
//!
//! There is no request timeout, on purpose: the policy's timers are the only timers. That is
//! what lets a test run the client under a paused tokio clock, which jumps to the next pending
//! timer whenever the runtime waits, on a socket too: a request timeout would fire while the
//! platform is still answering. For the same reason the connection pool keeps idle
//! connections without a timer (reqwest's default is a 90 s idle timer). The test
//! `the_policy_s_timers_are_the_only_timers` fails if either comes back. A production client
//! sets a timeout, and treats a payment whose answer timed out like a `U` answer: same
//! request id, back off.

use std::fmt;

use errcat::{ApiError, ResultInfo, RetryPolicy};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::{Duration, Instant, sleep, sleep_until};

use super::api::{
    self, Amount, ApplyTokenRequest, Credentials, PayRequest, PaymentRef, PaymentResponse,
    TokenResponse,
};

/// What to pay for.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Order {
    /// The merchant's order id (`referenceOrderId`).
    pub reference: String,
    /// What to charge.
    pub amount: Amount,
}

/// A payment that went through.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Paid {
    /// The `paymentRequestId` it went through with.
    pub request_id: String,
    /// The platform's id for the payment, if it sent one.
    pub payment_id: Option<String>,
    /// The platform's `S` result.
    pub result: ResultInfo,
}

/// Why a payment did not go through.
#[derive(Debug)]
pub enum PayError {
    /// The platform's answer is final (errcat's policy is `Never` or `Reauthorize`), or it
    /// asks again for a step the client takes once per payment (a token refresh, a new request
    /// id).
    Failed(ApiError),
    /// The platform kept asking to back off, and the client sent as many requests as the
    /// policy's `max_attempts()`.
    GaveUp {
        /// The last answer.
        error: ApiError,
        /// Requests sent with the request id, the first included.
        attempts: usize,
    },
    /// The payment was still not final when the poll policy's timeout passed, so the client
    /// cancelled it, as the platform's inquiry guidance says. It is failed: nothing was charged.
    Cancelled {
        /// The cancelled payment's `paymentRequestId`.
        request_id: String,
    },
    /// The payment was still not final when the poll policy's timeout passed, and the
    /// cancellation did not go through either: its outcome is unknown, reconcile it later.
    CancelFailed {
        /// The payment's `paymentRequestId`.
        request_id: String,
        /// The platform's answer to the cancellation.
        error: ApiError,
    },
    /// The access token expired and the platform refused to issue a new one.
    RefreshFailed(ApiError),
    /// No answer: the request could not be sent or its response could not be read.
    Transport {
        /// The endpoint called.
        endpoint: &'static str,
        /// What went wrong.
        source: reqwest::Error,
    },
    /// An answer that is not the platform's JSON.
    Malformed {
        /// The endpoint called.
        endpoint: &'static str,
        /// What is wrong with it.
        detail: String,
    },
}

impl PayError {
    /// The platform's answer behind the error, if there is one: its
    /// [`user_message`](ApiError::user_message) is what to tell the shopper.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            PayError::Failed(error)
            | PayError::GaveUp { error, .. }
            | PayError::CancelFailed { error, .. }
            | PayError::RefreshFailed(error) => Some(error),
            PayError::Cancelled { .. }
            | PayError::Transport { .. }
            | PayError::Malformed { .. } => None,
        }
    }
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::Failed(error) => write!(f, "payment failed: {error}"),
            PayError::GaveUp { error, attempts } => {
                write!(f, "gave up after {attempts} attempts: {error}")
            }
            PayError::Cancelled { request_id } => write!(
                f,
                "payment {request_id} was not final before the poll timeout and was cancelled"
            ),
            PayError::CancelFailed { request_id, error } => write!(
                f,
                "payment {request_id} was not final before the poll timeout and could not be \
                 cancelled ({error}): its outcome is unknown"
            ),
            PayError::RefreshFailed(error) => write!(f, "token refresh failed: {error}"),
            PayError::Transport { endpoint, source } => write!(f, "{endpoint}: {source}"),
            PayError::Malformed { endpoint, detail } => {
                write!(f, "{endpoint}: not the platform's answer: {detail}")
            }
        }
    }
}

impl std::error::Error for PayError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PayError::Transport { source, .. } => Some(source),
            other => other.api_error().map(|e| e as _),
        }
    }
}

/// The seed of a request's jitter: FNV-1a of its request id. Every payment draws its own
/// waits (so a crowd of clients does not retry in lockstep), and the same id always draws the
/// same ones (so a test can recompute them).
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
    narrate: Box<dyn Fn(&str) + Send + Sync>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("id_prefix", &self.id_prefix)
            .field("ids_issued", &self.ids_issued)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client of the platform at `base_url` (e.g. `http://127.0.0.1:8080`).
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
        // No request timeout and no idle-connection timer: see the module docs.
        let http = reqwest::Client::builder().pool_idle_timeout(None).build()?;
        Ok(Client {
            http,
            base_url: base_url.into(),
            credentials,
            id_prefix: id_prefix.into(),
            ids_issued: 0,
            narrate: Box::new(narrate),
        })
    }

    /// Pays for `order`, following errcat's policy for every answer that is not `S`.
    ///
    /// With one request id, the client sends at most the backoff policy's `max_attempts()`
    /// requests while the platform says to back off, plus one after a token refresh. It
    /// refreshes the token at most once and starts over with a new request id at most once,
    /// so it always stops.
    pub async fn pay(&mut self, order: &Order) -> Result<Paid, PayError> {
        let mut request_id = self.new_request_id();
        let mut sent = 0; // requests sent with `request_id`
        let mut refreshed = false;
        let mut renewed = false;
        loop {
            sent += 1;
            self.say(&format!(
                "-> pay {} with paymentRequestId {request_id} (request {sent} with this id)",
                order.reference
            ));
            let body = PayRequest {
                payment_request_id: request_id.clone(),
                reference_order_id: order.reference.clone(),
                payment_amount: order.amount.clone(),
            };
            let response: PaymentResponse = self.post(api::PAY, &body).await?;
            let error = match response.result.into_result() {
                Ok(result) => {
                    self.say(&format!("<- {}: paid", describe(&result)));
                    let payment_id = response.payment_id;
                    return Ok(Paid {
                        request_id,
                        payment_id,
                        result,
                    });
                }
                Err(error) => error,
            };
            self.say(&format!("<- {}", describe(error.result())));
            let policy = error.retry();
            match policy {
                RetryPolicy::Backoff { .. } => {
                    // One wait before each request after the first: `max_attempts() - 1` waits.
                    let waits = policy.delays_with_jitter(jitter_seed(&request_id));
                    let Some((wait, bound)) = waits.zip(policy.delays()).nth(sent - 1) else {
                        self.explain(&error, Step::GiveUp { sent });
                        return Err(PayError::GaveUp {
                            error,
                            attempts: sent,
                        });
                    };
                    self.explain(&error, Step::Resend { sent, wait, bound });
                    sleep(wait).await;
                }
                RetryPolicy::Poll { timeout, .. } => {
                    self.explain(&error, Step::Poll);
                    return self.poll(request_id, policy, timeout).await;
                }
                RetryPolicy::RefreshToken if !refreshed => {
                    self.explain(&error, Step::Refresh);
                    refreshed = true;
                    self.refresh_token().await?;
                }
                RetryPolicy::NewRequest if !renewed => {
                    renewed = true;
                    request_id = self.new_request_id();
                    sent = 0;
                    self.explain(&error, Step::NewRequest(&request_id));
                }
                RetryPolicy::RefreshToken | RetryPolicy::NewRequest => {
                    self.explain(&error, Step::AlreadyDone);
                    return Err(PayError::Failed(error));
                }
                // Never, Reauthorize, AskUser and any kind newer than this client: stop.
                _ => {
                    self.explain(&error, Step::Stop);
                    return Err(PayError::Failed(error));
                }
            }
        }
    }

    /// Asks for the state of payment `request_id` at the poll policy's schedule until it is
    /// final; cancels it if `timeout` passes first.
    async fn poll(
        &mut self,
        request_id: String,
        policy: RetryPolicy,
        timeout: Duration,
    ) -> Result<Paid, PayError> {
        let start = Instant::now();
        let deadline = start + timeout;
        // Anchored at the start, so that slow answers do not push the inquiries past the
        // timeout: the waits of `delays()` never add up to more than the timeout.
        let mut next = start;
        for (n, wait) in (1..).zip(policy.delays()) {
            next += wait;
            sleep_until(next).await;
            if Instant::now() > deadline {
                break; // a slow answer ate the time left
            }
            self.say(&format!(
                "-> inquiry {n} for paymentRequestId {request_id}, {} after the first answer",
                secs(next - start)
            ));
            let body = PaymentRef {
                payment_request_id: request_id.clone(),
            };
            let response: PaymentResponse = self.post(api::INQUIRY, &body).await?;
            match response.result.into_result() {
                Ok(result) => {
                    self.say(&format!("<- {}: paid", describe(&result)));
                    let payment_id = response.payment_id;
                    return Ok(Paid {
                        request_id,
                        payment_id,
                        result,
                    });
                }
                // Still running (or the platform is busy): ask again at the next interval.
                Err(error)
                    if matches!(
                        error.retry(),
                        RetryPolicy::Backoff { .. } | RetryPolicy::Poll { .. }
                    ) =>
                {
                    self.say(&format!("<- {}", describe(error.result())));
                    self.explain(&error, Step::AskAgain);
                }
                // A final answer (a production client would also refresh an expired token here).
                Err(error) => {
                    self.say(&format!("<- {}", describe(error.result())));
                    self.explain(&error, Step::Stop);
                    return Err(PayError::Failed(error));
                }
            }
        }
        self.say(&format!(
            "   {} passed and the payment is still not final. The platform's guidance: cancel \
             it, and treat it as failed once the cancellation succeeds",
            secs(timeout)
        ));
        self.say(&format!("-> cancel paymentRequestId {request_id}"));
        let body = PaymentRef {
            payment_request_id: request_id.clone(),
        };
        let response: PaymentResponse = self.post(api::CANCEL, &body).await?;
        match response.result.into_result() {
            Ok(result) => {
                self.say(&format!(
                    "<- {}: cancelled; the payment failed and nothing was charged",
                    describe(&result)
                ));
                Err(PayError::Cancelled { request_id })
            }
            Err(error) => {
                self.say(&format!(
                    "<- {}: the cancellation failed too; the outcome is unknown, reconcile it \
                     later",
                    describe(error.result())
                ));
                Err(PayError::CancelFailed { request_id, error })
            }
        }
    }

    /// Exchanges the refresh token for a new access token.
    async fn refresh_token(&mut self) -> Result<(), PayError> {
        self.say("-> applyToken with the refresh token");
        let body = ApplyTokenRequest {
            grant_type: api::GRANT_REFRESH_TOKEN.to_owned(),
            refresh_token: self.credentials.refresh_token.clone(),
        };
        let response: TokenResponse = self.post(api::APPLY_TOKEN, &body).await?;
        match (response.result.into_result(), response.access_token) {
            (Ok(result), Some(token)) => {
                self.say(&format!("<- {}: new access token", describe(&result)));
                self.credentials.access_token = token;
                Ok(())
            }
            (Ok(_), None) => Err(PayError::Malformed {
                endpoint: api::APPLY_TOKEN,
                detail: "an S result without an accessToken".to_owned(),
            }),
            (Err(error), _) => {
                self.say(&format!("<- {}: no new token", describe(error.result())));
                self.explain(&error, Step::Stop);
                Err(PayError::RefreshFailed(error))
            }
        }
    }

    /// Posts `body` to `endpoint` with the access token, and reads the JSON answer.
    async fn post<B: Serialize, R: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        body: &B,
    ) -> Result<R, PayError> {
        let transport = |source| PayError::Transport { endpoint, source };
        let response = self
            .http
            .post(format!("{}{endpoint}", self.base_url))
            .bearer_auth(&self.credentials.access_token)
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        let http_status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport)?;
        serde_json::from_slice(&bytes).map_err(|e| PayError::Malformed {
            endpoint,
            detail: format!("HTTP {http_status}: {e}"),
        })
    }

    fn new_request_id(&mut self) -> String {
        self.ids_issued += 1;
        format!("{}-{}", self.id_prefix, self.ids_issued)
    }

    fn say(&self, line: &str) {
        (self.narrate)(line);
    }

    /// Says what errcat's policy for `error` is, and what the client does about it.
    fn explain(&self, error: &ApiError, step: Step<'_>) {
        let policy = error.retry();
        let what = match step {
            Step::Resend { sent, wait, bound } => format!(
                "send the very same request again, same paymentRequestId, so that the platform \
                 cannot take it for a second payment. Request {sent} of at most {}; waiting {} \
                 (a random wait of up to {}, so that clients do not all come back at once)",
                policy.max_attempts(),
                secs(wait),
                secs(bound)
            ),
            Step::GiveUp { sent } => format!(
                "but that was request {sent} of the {} the policy allows: giving up",
                policy.max_attempts()
            ),
            Step::Poll => match policy {
                RetryPolicy::Poll { interval, timeout } => format!(
                    "the payment is running: do not pay again, ask for its state every {} for \
                     at most {}",
                    secs(interval),
                    secs(timeout)
                ),
                _ => "ask for the payment's state".to_owned(),
            },
            Step::AskAgain => "not final yet: ask again at the next interval".to_owned(),
            Step::Refresh => "get a new access token, then send the same request again, same \
                              paymentRequestId"
                .to_owned(),
            Step::NewRequest(id) => {
                format!("this paymentRequestId is spent: start over with a new one, {id}")
            }
            Step::AlreadyDone => "but this payment already did that once: stopping".to_owned(),
            Step::Stop => "final: stopping".to_owned(),
        };
        self.say(&format!(
            "   errcat: {} -> {}: {what}",
            error.raw_code(),
            policy.kind()
        ));
        if matches!(step, Step::GiveUp { .. } | Step::AlreadyDone | Step::Stop) {
            self.say(&format!(
                "   Tell the shopper: \"{}\"",
                error.user_message()
            ));
        }
    }
}

/// `U SYSTEM_BUSY: System under heavy load`: the status and code as sent, and the catalog's
/// description of the code (its status's, for a code the catalog does not know).
fn describe(result: &ResultInfo) -> String {
    let c = result.classify();
    let known = if c.code().is_some() {
        ""
    } else {
        " (a code not in the catalog)"
    };
    format!(
        "{} {}: {}{known}",
        result.status,
        result.code,
        c.description()
    )
}

/// A step of [`Client::pay`], for [`Client::explain`].
enum Step<'a> {
    /// Back off: wait, then resend.
    Resend {
        sent: usize,
        wait: Duration,
        bound: Duration,
    },
    /// Back off, but every attempt is used.
    GiveUp { sent: usize },
    /// Start polling.
    Poll,
    /// Keep polling.
    AskAgain,
    /// Refresh the token.
    Refresh,
    /// Start over with this request id.
    NewRequest(&'a str),
    /// A token refresh or a new request id, asked for a second time.
    AlreadyDone,
    /// A final answer.
    Stop,
}

/// A duration in seconds, for people: `1.25 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
