//! A `#![no_std]` library that uses errcat with default features off. CI builds it alone
//! (`cargo build -p errcat-nostd-check`, and again with `--features serde`), so that
//! nothing else in the workspace turns errcat's `std` feature on.

#![no_std]
#![forbid(unsafe_code)]

use core::time::Duration;

use errcat::{Category, Classification, Code, RetryPolicy, Status, classify, classify_result};

/// What a terminal without an OS would do with a result: the policy, how long it may wait at
/// most, and the message for its screen. `None` for a status that is not `S`, `F`, `U` or `A`.
pub fn decide(
    status: &str,
    code: &str,
    locale: &str,
) -> Option<(RetryPolicy, Duration, &'static str)> {
    let status: Status = status.parse().ok()?;
    let c: Classification = classify_result(status, code);
    let policy = c.retry();
    Some((policy, policy.max_total_wait(), c.user_message_in(locale)))
}

/// The category of a catalogued code, by its string.
pub fn category_of(code: &str) -> Option<Category> {
    Code::from_code(code).map(Code::category)
}

/// The first jittered wait of a code's policy, if it waits at all.
pub fn first_wait(code: &str, seed: u64) -> Option<Duration> {
    classify(code).retry().delays_with_jitter(seed).next()
}

/// With the `serde` feature: errcat's serde impls and `ResultInfo` (which needs `alloc`)
/// exist without std. Returns how many of them were checked.
#[cfg(feature = "serde")]
pub fn serde_impls() -> usize {
    fn is_deserialize<'de, T: serde::Deserialize<'de>>() {}
    fn is_serialize<T: serde::Serialize>() {}
    is_deserialize::<Status>();
    is_deserialize::<Code>();
    is_deserialize::<Category>();
    is_deserialize::<errcat::ResultInfo>();
    is_serialize::<Status>();
    is_serialize::<Code>();
    is_serialize::<Category>();
    7
}
