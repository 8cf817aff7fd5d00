//! Reading a platform response for `classify --response`, through the library's own reader
//! ([`Outcome::from_json_in`], with the model's runtime catalog): one parser and one set of
//! rules for the library and the command.
//!
//! Strict where the answer depends on it, lenient everywhere else (see [`errcat::BodyError`]
//! for what is an error): the command errs exactly where the library does, and reads the same
//! state where the library reads one (`docs/bad-input.md`). A body in which nothing decides
//! (`{}`, `{"result": null}`) is the library's unknown outcome, decided by nothing.

use errcat::{Api, BodyError, Decision, Outcome, Status};

use crate::model::Model;

/// A response as `classify` shows it: the outcome, and what its classic fields describe.
#[derive(Debug, Clone)]
pub struct Read {
    /// The payment-level outcome.
    pub outcome: Outcome,
    /// The decision the classic fields show: the body's own `result` read as an operation's
    /// own; without one, the nested result that decided; where only a state decided, the
    /// state with the status it means and no code.
    pub classification: Decision,
    /// The code the classic fields show as `raw_code`.
    pub raw_code: String,
    /// The server message of the result described, when it sent one: for logs only.
    pub server_message: Option<String>,
}

/// Reads a response with `model`'s runtime catalog; its results are classified with it too.
/// The error is the library's, whose message names the problem, without the source's name.
pub fn read(model: &Model, bytes: &[u8], api: Option<Api>) -> Result<Read, BodyError> {
    let outcome = Outcome::from_json_in(model.runtime_catalog(), api, bytes)?;
    let described = outcome.result().or(outcome.deciding_result()).cloned();
    let (classification, raw_code, server_message) = match described {
        Some(result) => (
            model.classify_result(result.status, &result.code),
            result.code,
            Some(result.message).filter(|m| !m.is_empty()),
        ),
        // Only a state decided, or nothing did (an unknown outcome, status U): no code.
        None => (
            model.fallback(outcome.state(), outcome.status()),
            String::new(),
            None,
        ),
    };
    Ok(Read {
        outcome,
        classification,
        raw_code,
        server_message,
    })
}

/// Whether nothing in the body decided and it has no `result` either (`{}`, `{"result":
/// null}`, only fields errcat does not read): an unknown outcome, which a note explains.
pub fn nothing_decides(outcome: &Outcome) -> bool {
    outcome.decided_by().is_none() && outcome.result().is_none()
}

/// Whether a body read without `--api` was taken for a `pay` with an `F` result: the same
/// body answering an inquiry would mean the query failed, not the payment.
pub fn inferred_pay_failure(outcome: &Outcome) -> bool {
    outcome.is_api_inferred()
        && outcome.api() == Api::Pay
        && outcome.result().is_some_and(|r| r.status == Status::Failed)
}
