//! Retry schedules: bounds, jitter range and reproducibility, totals; checked on the shipped
//! policies and on arbitrary ones.

use std::time::Duration;

use errcat::{Code, RetryPolicy, Status, classify_result};
use proptest::prelude::*;

fn backoff() -> impl Strategy<Value = RetryPolicy> {
    (0u64..=5_000, 0u64..=100_000, 0u32..=40).prop_map(|(initial, extra, attempts)| {
        RetryPolicy::Backoff {
            initial_delay: Duration::from_millis(initial),
            max_delay: Duration::from_millis(initial + extra),
            max_attempts: attempts,
        }
    })
}

fn poll() -> impl Strategy<Value = RetryPolicy> {
    (0u64..=10_000, 0u64..=200_000).prop_map(|(interval, timeout)| RetryPolicy::Poll {
        interval: Duration::from_millis(interval),
        timeout: Duration::from_millis(timeout),
    })
}

fn any_policy() -> impl Strategy<Value = RetryPolicy> {
    prop_oneof![
        backoff(),
        poll(),
        Just(RetryPolicy::Never),
        Just(RetryPolicy::RefreshToken),
        Just(RetryPolicy::Reauthorize),
        Just(RetryPolicy::AskUser),
        Just(RetryPolicy::NewRequest),
    ]
}

proptest! {
    #[test]
    fn backoff_waits_are_bounded(policy in backoff()) {
        let RetryPolicy::Backoff { initial_delay, max_delay, max_attempts } = policy else { unreachable!() };
        let delays: Vec<Duration> = policy.delays().collect();
        prop_assert_eq!(delays.len() as u32, max_attempts.saturating_sub(1));
        for (k, d) in delays.iter().enumerate() {
            let doubled = initial_delay.as_nanos().saturating_mul(1u128 << k.min(100));
            prop_assert!(d.as_nanos() <= doubled.min(max_delay.as_nanos()));
            prop_assert_eq!(d.as_nanos(), doubled.min(max_delay.as_nanos()));
        }
    }

    #[test]
    fn poll_waits_fit_in_the_timeout(policy in poll()) {
        let RetryPolicy::Poll { interval, timeout } = policy else { unreachable!() };
        let delays: Vec<Duration> = policy.delays().collect();
        let expected = if interval.is_zero() { 0 } else { timeout.as_nanos() / interval.as_nanos() };
        prop_assert_eq!(delays.len() as u128, expected);
        prop_assert!(delays.iter().all(|d| *d == interval));
        prop_assert!(delays.iter().sum::<Duration>() <= timeout);
    }

    #[test]
    fn counts_and_totals_agree(policy in any_policy()) {
        let delays: Vec<Duration> = policy.delays().collect();
        prop_assert_eq!(policy.delays().size_hint(), (delays.len(), Some(delays.len())));
        prop_assert_eq!(delays.iter().sum::<Duration>(), policy.max_total_wait());
        let expected_attempts = match policy {
            RetryPolicy::Backoff { max_attempts, .. } => max_attempts,
            RetryPolicy::Poll { .. } => delays.len() as u32 + 1,
            RetryPolicy::RefreshToken => 2,
            _ => 1,
        };
        prop_assert_eq!(policy.max_attempts(), expected_attempts);
        if !matches!(policy, RetryPolicy::Backoff { .. } | RetryPolicy::Poll { .. }) {
            prop_assert!(delays.is_empty());
        }
    }

    #[test]
    fn jitter_stays_in_range_and_is_reproducible(policy in any_policy(), seed in any::<u64>()) {
        let bounds: Vec<Duration> = policy.delays().collect();
        let a: Vec<Duration> = policy.delays_with_jitter(seed).collect();
        let b: Vec<Duration> = policy.delays_with_jitter(seed).collect();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.len(), bounds.len());
        for (d, bound) in a.iter().zip(&bounds) {
            prop_assert!(d <= bound);
            if matches!(policy, RetryPolicy::Poll { .. }) {
                prop_assert_eq!(d, bound);
            }
        }
        prop_assert!(a.iter().sum::<Duration>() <= policy.max_total_wait());
    }
}

#[test]
fn huge_policies_neither_panic_nor_overflow() {
    let p = RetryPolicy::Backoff {
        initial_delay: Duration::MAX,
        max_delay: Duration::MAX,
        max_attempts: u32::MAX,
    };
    assert_eq!(p.max_total_wait(), Duration::MAX);
    assert_eq!(p.delays().next(), Some(Duration::MAX));
    assert!(
        p.delays_with_jitter(7)
            .take(1000)
            .all(|d| d <= Duration::MAX)
    );
    let p = RetryPolicy::Backoff {
        initial_delay: Duration::from_nanos(1),
        max_delay: Duration::MAX,
        max_attempts: 200,
    };
    assert_eq!(p.delays().last(), Some(Duration::MAX));
    let p = RetryPolicy::Poll {
        interval: Duration::from_nanos(1),
        timeout: Duration::MAX,
    };
    assert_eq!(p.max_attempts(), u32::MAX);
    // More one-nanosecond intervals than a u64 counts: u64::MAX of them, about 584 years.
    assert_eq!(p.max_total_wait(), Duration::from_nanos(u64::MAX));
}

/// A zero initial delay never doubles: every wait is zero, and so is the total. (This checks
/// the answer only; the fix that goes with it stopped `max_total_wait` from walking the
/// `u32::MAX` waits one by one, which took 43 s in a debug build but answered the same.)
#[test]
fn a_zero_initial_delay_waits_nothing_whatever_the_attempts() {
    let p = RetryPolicy::Backoff {
        initial_delay: Duration::ZERO,
        max_delay: Duration::from_secs(1),
        max_attempts: u32::MAX,
    };
    assert_eq!(p.max_total_wait(), Duration::ZERO);
    assert!(p.delays().take(1000).all(|d| d == Duration::ZERO));
}

#[test]
fn jitter_spreads_clients() {
    let policy = Code::SystemBusy.retry();
    let firsts: std::collections::HashSet<Duration> = (0..100)
        .map(|seed| policy.delays_with_jitter(seed).next().unwrap())
        .collect();
    assert!(
        firsts.len() > 90,
        "{} distinct first waits of 100",
        firsts.len()
    );
    let mean = firsts.iter().sum::<Duration>() / firsts.len() as u32;
    let bound = policy.delays().next().unwrap();
    assert!(
        mean > bound / 4 && mean < bound * 3 / 4,
        "{mean:?} vs {bound:?}"
    );
}

#[test]
fn shipped_policies_have_sane_schedules() {
    for &code in Code::ALL {
        let p = code.retry();
        let waits = p.delays().count() as u32;
        match p {
            RetryPolicy::Backoff { .. } | RetryPolicy::Poll { .. } => {
                assert_eq!(waits + 1, p.max_attempts(), "{code}");
            }
            _ => assert_eq!(waits, 0, "{code}"),
        }
    }
    let poll = Code::PaymentInProcess.retry();
    assert_eq!(poll.max_total_wait(), Duration::from_secs(60));
    assert_eq!(poll.max_attempts(), 21);
    let unknown = classify_result(Status::Unknown, "ANYTHING").retry();
    assert!(unknown.max_total_wait() < Duration::from_secs(60));
}

#[test]
fn backon_builders_follow_the_policy() {
    use backon::BackoffBuilder;
    let policy = Code::SystemBusy.retry();
    let RetryPolicy::Backoff {
        initial_delay,
        max_delay,
        max_attempts,
    } = policy
    else {
        panic!()
    };
    let waits: Vec<Duration> = policy.backon_builder().unwrap().build().collect();
    assert_eq!(waits.len() as u32, max_attempts - 1);
    // backon's jitter adds up to one more delay on top of each bound.
    for (w, bound) in waits.iter().zip(policy.delays()) {
        assert!(
            *w >= bound.min(max_delay) && *w <= bound * 2,
            "{w:?} {bound:?}"
        );
    }
    assert!(waits[0] >= initial_delay);
    let poll = Code::PaymentInProcess.retry();
    let waits: Vec<Duration> = poll.backon_builder().unwrap().build().collect();
    assert_eq!(waits, poll.delays().collect::<Vec<_>>());
    for policy in [
        RetryPolicy::Never,
        RetryPolicy::RefreshToken,
        RetryPolicy::Reauthorize,
        RetryPolicy::AskUser,
        RetryPolicy::NewRequest,
    ] {
        assert!(policy.backon_builder().is_none());
    }
}

#[test]
fn backon_retries_only_what_means_send_the_same_request_again() {
    use errcat::backon::should_retry;
    use errcat::{ApiError, ResultInfo, Status};
    // Every catalogued code under every status: true exactly where the decision is Backoff.
    for &code in Code::ALL {
        for status in Status::ALL {
            let error = ApiError::new(ResultInfo::new(status, code.as_str(), ""));
            let backoff = matches!(error.retry(), RetryPolicy::Backoff { .. });
            assert_eq!(should_retry(&error), backoff, "{status} {code}");
        }
    }
    let polls = ApiError::new(ResultInfo::new(Status::Unknown, "PAYMENT_IN_PROCESS", ""));
    assert!(matches!(polls.retry(), RetryPolicy::Poll { .. }));
    assert!(!should_retry(&polls));
    let ask = ApiError::new(ResultInfo::new(Status::Failed, "PAYMENT_TIMEOUT", ""));
    assert_eq!(ask.retry(), RetryPolicy::AskUser);
    assert!(!should_retry(&ask));
}

/// Which kinds the caller may send again by itself, kind by kind: a wait, a status query or a
/// token refresh, never the user's decision or a new request id.
#[test]
fn only_backoff_poll_and_a_token_refresh_are_retryable() {
    let backoff = RetryPolicy::Backoff {
        initial_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(2),
        max_attempts: 3,
    };
    let poll = RetryPolicy::Poll {
        interval: Duration::from_secs(3),
        timeout: Duration::from_secs(60),
    };
    let expected = [
        (RetryPolicy::Never, false),
        (backoff, true),
        (poll, true),
        (RetryPolicy::RefreshToken, true),
        (RetryPolicy::Reauthorize, false),
        (RetryPolicy::AskUser, false),
        (RetryPolicy::NewRequest, false),
    ];
    for (policy, retryable) in expected {
        assert_eq!(policy.is_retryable(), retryable, "{policy:?}");
    }
    let kinds: Vec<&str> = expected.iter().map(|(p, _)| p.kind()).collect();
    assert_eq!(kinds, RetryPolicy::KINDS, "one row per kind");
}

/// More whole intervals than a `u64` counts ((2^64 - 1) × 10^9 one-nanosecond intervals in
/// `u64::MAX` seconds): the count saturates at `u64::MAX` rather than wrapping.
#[test]
fn a_poll_count_beyond_u64_saturates() {
    let p = RetryPolicy::Poll {
        interval: Duration::from_nanos(1),
        timeout: Duration::from_secs(u64::MAX),
    };
    assert_eq!(p.max_total_wait(), Duration::from_nanos(u64::MAX));
    assert_eq!(p.max_attempts(), u32::MAX);
}

/// A wait of exactly `u64::MAX` whole seconds is the largest exact value, not
/// `Duration::MAX` (which has 999,999,999 more nanoseconds).
#[test]
fn a_wait_of_u64_max_whole_seconds_stays_exact() {
    let longest = Duration::from_secs(u64::MAX);
    let backoff = RetryPolicy::Backoff {
        initial_delay: longest,
        max_delay: longest,
        max_attempts: 2,
    };
    assert_eq!(backoff.delays().collect::<Vec<_>>(), [longest]);
    assert_eq!(backoff.max_total_wait(), longest);
    let poll = RetryPolicy::Poll {
        interval: longest,
        timeout: Duration::MAX,
    };
    assert_eq!(poll.max_total_wait(), longest);
}

/// The jitter of a seed is fixed: the draws are splitmix64's (whose published output for seed
/// 0 starts `0xe220a8397b1dcdaf`, `0x6e789e6aa1b965f4`, `0x06c45d188009454f`), scaled to
/// `[0, bound]`. With a bound of `u64::MAX` nanoseconds the scale is 1: each wait is a draw.
#[test]
fn the_jitter_of_a_seed_is_splitmix64_scaled_to_the_bound() {
    let bound = Duration::from_nanos(u64::MAX);
    let unscaled = RetryPolicy::Backoff {
        initial_delay: bound,
        max_delay: bound,
        max_attempts: 4,
    };
    let waits: Vec<Duration> = unscaled.delays_with_jitter(0).collect();
    assert_eq!(
        waits,
        [
            Duration::from_nanos(0xe220_a839_7b1d_cdaf),
            Duration::from_nanos(0x6e78_9e6a_a1b9_65f4),
            Duration::from_nanos(0x06c4_5d18_8009_454f),
        ]
    );
    // A bound of 1 s: floor((10^9 + 1) × draw / 2^64) nanoseconds.
    let second = RetryPolicy::Backoff {
        initial_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(1),
        max_attempts: 2,
    };
    assert_eq!(
        second.delays_with_jitter(0).collect::<Vec<_>>(),
        [Duration::from_nanos(883_310_809)]
    );
}

#[test]
fn jittered_waits_know_how_many_are_left() {
    let policy = RetryPolicy::Backoff {
        initial_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        max_attempts: 5,
    };
    let mut waits = policy.delays_with_jitter(9);
    assert_eq!(waits.size_hint(), (4, Some(4)));
    waits.next();
    assert_eq!(waits.size_hint(), (3, Some(3)));
    assert_eq!(waits.by_ref().count(), 3);
    assert_eq!(waits.size_hint(), (0, Some(0)));
    assert_eq!(
        RetryPolicy::Never.delays_with_jitter(9).size_hint(),
        (0, Some(0))
    );
}
