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

#[cfg(test)]
mod tests {
    use super::*;
    use errcat::State;

    fn model() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| Model::builtin().unwrap())
    }

    fn ok(text: &str) -> Read {
        read(model(), text.as_bytes(), None).unwrap()
    }

    fn err(text: &str) -> String {
        read(model(), text.as_bytes(), None)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn whole_body_and_bare_result() {
        let whole =
            ok(r#"{"result":{"resultStatus":"F","resultCode":"X","resultMessage":"m"},"x":1}"#);
        let bare = ok(r#"{"resultStatus":"F","resultCode":"X","resultMessage":"m"}"#);
        assert_eq!(whole.raw_code, bare.raw_code);
        assert_eq!(
            whole.classification.messages(),
            bare.classification.messages()
        );
        assert_eq!(whole.classification.status(), Status::Failed);
        assert_eq!(whole.server_message.as_deref(), Some("m"));
    }

    #[test]
    fn a_body_without_a_result_is_described_by_what_decided() {
        let nested = ok(r#"{"paymentResult":{"resultStatus":"S","resultCode":"SUCCESS"}}"#);
        assert_eq!(nested.raw_code, "SUCCESS");
        assert_eq!(nested.classification.status(), Status::Success);
        let state = ok(r#"{"paymentStatus":"FAIL","paymentResultCode":"RISK_REJECT"}"#);
        assert_eq!(
            (
                state.raw_code.as_str(),
                state.classification.code().is_some()
            ),
            ("", false)
        );
        assert_eq!(state.classification.status(), Status::Failed);
        assert_eq!(state.outcome.state(), State::Failed);
        assert_eq!(state.outcome.code(), Some("RISK_REJECT"));
    }

    #[test]
    fn problems_are_named() {
        assert!(err("{").starts_with("malformed JSON: "));
        assert!(err("[]").contains("found an array"));
        assert!(err(r#"{"result":"x"}"#).contains("`result` must be an object, found a string"));
        assert!(err("[1] x").contains("found an array"));
        assert_eq!(
            err(r#"{"result":{"resultCode":"X"}}"#),
            "missing field `resultStatus` in `result`"
        );
    }

    #[test]
    fn a_body_in_which_nothing_decides_is_unknown() {
        for body in [
            "{}",
            r#"{"result":null}"#,
            r#"{"data":{"resultStatus":"F"}}"#,
        ] {
            let read = ok(body);
            assert_eq!(read.outcome.state(), State::Unknown, "{body}");
            assert!(nothing_decides(&read.outcome), "{body}");
            assert_eq!(read.classification.status(), Status::Unknown, "{body}");
            assert_eq!(read.raw_code, "", "{body}");
        }
        let state = ok(r#"{"paymentStatus":"FAIL"}"#);
        assert!(!nothing_decides(&state.outcome));
        let inferred = ok(r#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#);
        assert!(!nothing_decides(&inferred.outcome));
    }

    #[test]
    fn an_inferred_pay_failure_is_flagged() {
        let f = ok(r#"{"result":{"resultStatus":"F","resultCode":"ORDER_NOT_EXIST"}}"#);
        assert!(inferred_pay_failure(&f.outcome));
        let given = read(
            model(),
            br#"{"result":{"resultStatus":"F","resultCode":"X"}}"#,
            Some(Api::Pay),
        )
        .unwrap();
        assert!(!inferred_pay_failure(&given.outcome));
    }
}
