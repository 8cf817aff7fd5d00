//! Benchmarks live in `benches/`. The library holds `extended`, a catalog that extends
//! errcat's (`codes.toml`, compiled by `errcat_codegen::Builder` in `build.rs`), so that the
//! benchmarks can time a user's generated lookups beside errcat's own.

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
        assert_eq!(extended::Code::ALL.len(), errcat::Code::ALL.len() + 3);
    }
}
