//! The platform's wire format, as far as the example uses it: the endpoints and the request
//! bodies. Shared by the client and the mock platform, so that both speak the same API.
//!
//! Responses are not typed here on purpose: the client hands each body, as bytes, to
//! `errcat::flow::PaymentFlow` (and reads it with `errcat::Outcome` to say what it means), and
//! the mock writes them as the platform's documentation shows them.

use errcat::ResultInfo;
use serde::{Deserialize, Serialize};

/// Creates a payment.
pub const PAY: &str = "/v1/payments/pay";
/// Asks for the state of a payment.
pub const INQUIRY: &str = "/v1/payments/inquiryPayment";
/// Cancels a payment that is not final.
pub const CANCEL: &str = "/v1/payments/cancel";
/// Issues an access token for a refresh token.
pub const APPLY_TOKEN: &str = "/v1/authorizations/applyToken";

/// The `grantType` of a token refresh.
pub const GRANT_REFRESH_TOKEN: &str = "REFRESH_TOKEN";

/// An amount of money: an ISO 4217 currency and a value in minor units, as a string.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
pub struct Amount {
    /// `currency`, e.g. `USD`.
    pub currency: String,
    /// `value` in minor units, e.g. `1999` for 19.99.
    pub value: String,
}

/// The body of a [`PAY`] request.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub struct PayRequest {
    /// The merchant's id for this payment request: the platform's idempotency key.
    pub payment_request_id: String,
    /// The merchant's order.
    pub reference_order_id: String,
    /// What to charge.
    pub payment_amount: Amount,
}

/// The body of an [`INQUIRY`] or [`CANCEL`] request.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRef {
    /// The `paymentRequestId` of the payment.
    pub payment_request_id: String,
}

/// The body of an [`APPLY_TOKEN`] request.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ApplyTokenRequest {
    /// [`GRANT_REFRESH_TOKEN`].
    pub grant_type: String,
    /// The refresh token.
    pub refresh_token: String,
}

/// The response to [`APPLY_TOKEN`]. A token is not a payment: its `result` is the call's own.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// `{resultStatus, resultCode, resultMessage}`.
    pub result: ResultInfo,
    /// The new access token, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
}

/// The ids a payment's answers may carry, read for display only (unknown fields ignored).
#[derive(Deserialize, Clone, PartialEq, Eq, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct PaymentIds {
    /// The platform's id for the payment, once it has one.
    #[serde(default)]
    pub payment_id: Option<String>,
}

/// What a merchant holds to call the platform: sent as `Authorization: Bearer <access_token>`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Credentials {
    /// Sent with every request.
    pub access_token: String,
    /// Exchanged for a new access token when the platform says the old one expired.
    pub refresh_token: String,
}
