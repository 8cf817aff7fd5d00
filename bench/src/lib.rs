//! Benchmarks live in `benches/`. The library holds `extended`, a catalog that extends
//! errcat's (`codes.toml`, compiled by `errcat_codegen::Builder` in `build.rs`), so that the
//! benchmarks can time a user's generated lookups beside errcat's own.

/// The body the outcome benchmark reads (`benches/outcome.rs`, `examples/outcome_loop.rs`):
/// an Antom-style inquiryPayment response: the query's result, the payment's state, amounts,
/// times, the card's details and one capture transaction.
pub const INQUIRY_BODY: &str = r#"{
  "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."},
  "paymentStatus": "FAIL",
  "paymentResultCode": "INSUFFICIENT_BALANCE",
  "paymentResultMessage": "The user balance is not enough for this payment.",
  "paymentRequestId": "pay_1089760038715669_102775745070000",
  "paymentId": "20181129190741010007000000XXXX",
  "paymentAmount": {"currency": "USD", "value": "1000"},
  "paymentCreateTime": "2019-06-01T12:01:01+08:30",
  "paymentTime": "2019-06-01T12:01:01+08:30",
  "paymentMethodType": "CARD",
  "paymentResultInfo": {"cardBrand": "VISA", "cardNo": "************1234", "funding": "CREDIT",
    "issuingCountry": "US", "networkTransactionId": "123456789012345", "avsResultRaw": "Y",
    "cvvResultRaw": "M", "threeDSResult": {"eci": "05", "threeDSVersion": "2.2.0"}},
  "transactions": [{
    "transactionType": "CAPTURE", "transactionStatus": "FAIL",
    "transactionRequestId": "capture_1089760038715669_102775745070000",
    "transactionAmount": {"currency": "USD", "value": "1000"},
    "transactionTime": "2019-06-01T12:02:01+08:30", "transactionId": "20181129190741010007000000ZZZZ",
    "transactionResult": {"resultStatus": "F", "resultCode": "PROCESS_FAIL", "resultMessage": "failed"}
  }]
}"#;

/// The catalog of `codes.toml`: errcat's codes and three wallet codes of its own.
pub mod extended {
    errcat::include_catalog!();
}

#[cfg(test)]
mod tests {
    use super::extended;
    use errcat::Status;

    /// Every inherited code and alias answers as errcat does, under every status, except for
    /// the one amendment (a Thai message).
    #[test]
    fn an_extended_catalog_answers_as_errcat_for_errcat_codes() {
        let strings = errcat::Code::ALL
            .iter()
            .flat_map(|c| std::iter::once(c.as_str()).chain(c.aliases().iter().copied()))
            .chain(["", "NOT_A_CODE", "insufficient_balance"]);
        for s in strings {
            let ours = extended::classify(s);
            let theirs = errcat::classify(s);
            assert_eq!(
                ours.code().map(|c| c.as_str()),
                theirs.code().map(|c| c.as_str()),
                "{s}"
            );
            assert_eq!(
                ours.code().map(errcat::Code::try_from),
                theirs.code().map(Ok),
                "{s}"
            );
            for status in Status::ALL {
                let ours = extended::classify_result(status, s);
                let theirs = errcat::classify_result(status, s);
                assert_eq!(ours.retry(), theirs.retry(), "{status} {s}");
                assert_eq!(
                    ours.decided_by_code(),
                    theirs.decided_by_code(),
                    "{status} {s}"
                );
                assert_eq!(ours.description(), theirs.description(), "{status} {s}");
                assert_eq!(ours.resolution(), theirs.resolution(), "{status} {s}");
                assert_eq!(
                    ours.user_message_in("zh-CN"),
                    theirs.user_message_in("zh-CN")
                );
                let amended = s == "INSUFFICIENT_BALANCE" || s == "USER_BALANCE_NOT_ENOUGH";
                if !amended || !ours.decided_by_code() {
                    assert_eq!(ours.messages(), theirs.messages(), "{status} {s}");
                }
            }
        }
        for code in errcat::Code::ALL {
            assert_eq!(extended::Code::from(*code).as_str(), code.as_str());
        }
    }

    #[test]
    fn its_own_codes_and_the_amendment() {
        let c = extended::classify("WALLET_BUSY");
        assert_eq!(c.code(), Some(extended::Code::WalletBusy));
        assert!(matches!(c.retry(), errcat::RetryPolicy::Backoff { .. }));
        assert_eq!(c.category().map(extended::Category::as_str), Some("wallet"));
        assert_eq!(
            extended::Code::InsufficientBalance.user_message_in("th"),
            "ยอดเงินไม่เพียงพอ"
        );
        assert_eq!(
            errcat::Code::try_from(extended::Code::WalletFrozen),
            Err(extended::Code::WalletFrozen)
        );
        assert_eq!(extended::Code::ALL.len(), errcat::Code::ALL.len() + 4);
    }

    /// As errcat's own: a code and a category serialize as their strings.
    #[test]
    fn its_codes_serialize_as_their_strings() {
        let json = serde_json::to_string(&extended::Code::WalletBusy).unwrap();
        assert_eq!(json, r#""WALLET_BUSY""#);
        let back: extended::Code = serde_json::from_str(&json).unwrap();
        assert_eq!(back, extended::Code::WalletBusy);
        assert!(serde_json::from_str::<extended::Code>(r#""NOPE""#).is_err());
        let json = serde_json::to_string(&extended::Category::Wallet).unwrap();
        assert_eq!(json, r#""wallet""#);
    }

    /// A `U` result with a code this catalog polls is pending here (errcat, which does not
    /// know the code, says retry); every body of the shared outcome fixtures reads to
    /// errcat's own state and classification for errcat's codes.
    #[test]
    fn outcomes_read_with_this_catalog() {
        use errcat::{Api, Outcome, RetryPolicy, State};
        let body = br#"{"result":{"resultStatus":"U","resultCode":"WALLET_PENDING"}}"#;
        let outcome = Outcome::from_json(Some(Api::Pay), body).unwrap();
        assert_eq!(outcome.state(), State::Retry);
        let ours = Outcome::from_json_in(&extended::CATALOG, Some(Api::Pay), body).unwrap();
        assert_eq!(ours.state(), State::Pending);
        assert_eq!(ours.decision().code(), Some("WALLET_PENDING"));
        assert!(matches!(ours.retry(), RetryPolicy::Poll { .. }));

        let bodies = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../cli/tests/data/outcome-bodies.json"
        ))
        .unwrap();
        let bodies: serde_json::Value = serde_json::from_str(&bodies).unwrap();
        let mut read = 0;
        for case in bodies["cases"].as_array().unwrap() {
            let api = case["api"].as_str().map(|a| a.parse::<Api>().unwrap());
            let body = match &case["body"] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let Ok(theirs) = Outcome::from_json(api, body.as_bytes()) else {
                continue;
            };
            read += 1;
            let name = &case["name"];
            let ours = Outcome::from_json_in(&extended::CATALOG, api, body.as_bytes()).unwrap();
            assert_eq!(ours.state(), theirs.state(), "{name}");
            let (ours, theirs) = (ours.decision(), theirs.decision());
            assert_eq!(ours.retry(), theirs.retry(), "{name}");
            assert_eq!(ours.code(), theirs.code(), "{name}");
            assert_eq!(ours.user_message(), theirs.user_message(), "{name}");
        }
        assert!(read > 100, "{read} bodies read");
    }
}
