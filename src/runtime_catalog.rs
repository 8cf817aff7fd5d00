//! A [`Catalog`] built at run time from a catalog that `errcat-codegen` validated (feature
//! `runtime-catalog`): what a tool calls to answer from a `codes.toml` it reads while it runs,
//! as a crate's generated `CATALOG` answers from the `codes.toml` of its build.
//!
//! Nothing of the rules is copied: the tables built here are the ones a generated catalog
//! holds in statics, and every decision over them is the runtime's. The conversions from the
//! model's types ([`StatusLetter`], [`PolicyKind`], [`StateOutcome`]) to the runtime's are here
//! too, and the model's policy of a runtime policy.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use errcat_codegen::{IncompleteCatalog, PolicyKind, StateOutcome, StatusLetter};

use crate::catalog::{CategoryRow, FallbackRow, Row};
use crate::{Catalog, RetryPolicy, State, Status};

impl From<StatusLetter> for Status {
    /// The status of a letter of `codes.toml`.
    ///
    /// ```
    /// use errcat::Status;
    /// use errcat_codegen::StatusLetter;
    ///
    /// assert_eq!(Status::from(StatusLetter::U), Status::Unknown);
    /// ```
    fn from(letter: StatusLetter) -> Status {
        match letter {
            StatusLetter::S => Status::Success,
            StatusLetter::F => Status::Failed,
            StatusLetter::U => Status::Unknown,
            StatusLetter::A => Status::Accepted,
        }
    }
}

impl From<PolicyKind> for RetryPolicy {
    /// The retry policy of a `[policies.NAME]` table of `codes.toml` (its parameters in
    /// milliseconds).
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::RetryPolicy;
    /// use errcat_codegen::PolicyKind;
    ///
    /// let poll = PolicyKind::Poll { interval_ms: 3000, timeout_ms: 60_000 };
    /// assert_eq!(
    ///     RetryPolicy::from(poll),
    ///     RetryPolicy::Poll { interval: Duration::from_secs(3), timeout: Duration::from_secs(60) }
    /// );
    /// ```
    fn from(kind: PolicyKind) -> RetryPolicy {
        match kind {
            PolicyKind::Never => RetryPolicy::Never,
            PolicyKind::Backoff {
                initial_delay_ms,
                max_delay_ms,
                max_attempts,
            } => RetryPolicy::Backoff {
                initial_delay: Duration::from_millis(initial_delay_ms),
                max_delay: Duration::from_millis(max_delay_ms),
                max_attempts,
            },
            PolicyKind::Poll {
                interval_ms,
                timeout_ms,
            } => RetryPolicy::Poll {
                interval: Duration::from_millis(interval_ms),
                timeout: Duration::from_millis(timeout_ms),
            },
            PolicyKind::RefreshToken => RetryPolicy::RefreshToken,
            PolicyKind::Reauthorize => RetryPolicy::Reauthorize,
            PolicyKind::AskUser => RetryPolicy::AskUser,
            PolicyKind::NewRequest => RetryPolicy::NewRequest,
        }
    }
}

impl TryFrom<RetryPolicy> for PolicyKind {
    /// The policy itself, when one of its durations is not a whole number of milliseconds
    /// (or more milliseconds than a `u64` counts): no catalog's policy is.
    type Error = RetryPolicy;

    /// The model's policy of a retry policy (its parameters in milliseconds): the inverse of
    /// `RetryPolicy::from(PolicyKind)`, for a tool that says a decision's policy in
    /// errcat-codegen's words ([`PolicyKind::describe`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::RetryPolicy;
    /// use errcat_codegen::PolicyKind;
    ///
    /// let busy = errcat::classify("SYSTEM_BUSY").retry();
    /// let kind = PolicyKind::try_from(busy).unwrap();
    /// assert!(kind.describe().starts_with("backoff: send the same request again"));
    /// assert_eq!(RetryPolicy::from(kind), busy);
    /// let odd = RetryPolicy::Poll { interval: Duration::from_micros(1500), timeout: Duration::from_secs(1) };
    /// assert_eq!(PolicyKind::try_from(odd), Err(odd));
    /// ```
    fn try_from(policy: RetryPolicy) -> Result<PolicyKind, RetryPolicy> {
        let ms = |d: Duration| {
            let ms = u64::try_from(d.as_millis()).ok()?;
            (Duration::from_millis(ms) == d).then_some(ms)
        };
        let kind = match policy {
            RetryPolicy::Never => Some(PolicyKind::Never),
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                max_attempts,
            } => ms(initial_delay)
                .zip(ms(max_delay))
                .map(|(initial_delay_ms, max_delay_ms)| PolicyKind::Backoff {
                    initial_delay_ms,
                    max_delay_ms,
                    max_attempts,
                }),
            RetryPolicy::Poll { interval, timeout } => {
                ms(interval)
                    .zip(ms(timeout))
                    .map(|(interval_ms, timeout_ms)| PolicyKind::Poll {
                        interval_ms,
                        timeout_ms,
                    })
            }
            RetryPolicy::RefreshToken => Some(PolicyKind::RefreshToken),
            RetryPolicy::Reauthorize => Some(PolicyKind::Reauthorize),
            RetryPolicy::AskUser => Some(PolicyKind::AskUser),
            RetryPolicy::NewRequest => Some(PolicyKind::NewRequest),
        };
        kind.ok_or(policy)
    }
}

impl From<StateOutcome> for State {
    /// The state a `[states.VALUE]` table's `outcome` means.
    ///
    /// ```
    /// use errcat::State;
    /// use errcat_codegen::StateOutcome;
    ///
    /// assert_eq!(State::from(StateOutcome::Pending), State::Pending);
    /// ```
    fn from(outcome: StateOutcome) -> State {
        match outcome {
            StateOutcome::Succeeded => State::Succeeded,
            StateOutcome::Failed => State::Failed,
            StateOutcome::Pending => State::Pending,
        }
    }
}

/// The tables of a catalog built at run time, as [`Catalog::__built`] reads them.
struct Tables {
    rows: Vec<Row>,
    fallbacks: [FallbackRow; 4],
    categories: Vec<CategoryRow>,
    states: Vec<(&'static str, State)>,
    index: Vec<(&'static str, usize)>,
    /// The validated catalog and the texts the rows point into, held here only so that every
    /// allocation the runtime catalog leaks stays reachable from it (a leak checker such as
    /// the fuzz targets' LeakSanitizer sees one catalog, not lost blocks).
    _leaked: (&'static errcat_codegen::Catalog, &'static Texts),
}

/// The strings the rows point into: every `(locale, text)` message and every alias, codes
/// first, in catalog order.
struct Texts {
    messages: Vec<(&'static str, &'static str)>,
    aliases: Vec<&'static str>,
}

impl Catalog {
    /// errcat's runtime catalog over a catalog that `errcat-codegen` validated: for a tool
    /// that answers from a `codes.toml` it reads at run time (as the `errcat` command does with
    /// `--catalog FILE`), where a crate would generate its `CATALOG` at build time. Feature
    /// `runtime-catalog`.
    ///
    /// Its codes, categories, fallbacks and `[states]` are `catalog`'s, in its order, and every
    /// answer is the runtime's, as a generated catalog's: [`classify`](Catalog::classify),
    /// [`classify_result`](Catalog::classify_result), [`decide`](Catalog::decide),
    /// [`state_of`](Catalog::state_of), and, with the feature `json`, `Outcome::from_json_in`
    /// and `flow::PaymentFlow::with_catalog`. A code is found exactly as sent (its aliases
    /// too); the first of equal codes or aliases in catalog order wins (validation allows
    /// none).
    ///
    /// # Memory: the tables are leaked
    ///
    /// A [`Decision`](crate::Decision), an `Outcome` and a `PaymentFlow` hold a
    /// `&'static Catalog`, so that they can be kept, sent and stored without a lifetime; a
    /// generated catalog is a `static`. A catalog built at run time must therefore live until
    /// the process ends: each call leaks a copy of `catalog` and the tables over it (about
    /// the size of the catalog in memory), never freed. Build one per catalog the process
    /// loads (at start-up, or once in a `std::sync::OnceLock`), not one per request.
    ///
    /// # Errors
    ///
    /// [`IncompleteCatalog`] when `catalog` does not have one fallback per status in `S F U A`
    /// order, or an entry names a policy or a category it does not have (see
    /// [`errcat_codegen::Catalog::check_complete`]): a catalog built or edited by hand,
    /// never one that `errcat_codegen::check_*` validated. Nothing is leaked then.
    ///
    /// ```
    /// use errcat::{Catalog, State, Status};
    ///
    /// // A catalog of your own, read while the program runs, that extends errcat's.
    /// let errcat_toml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/codes.toml"))?;
    /// let base = errcat_codegen::BaseCatalog { name: "errcat", path: "codes.toml", source: &errcat_toml };
    /// let mine = r#"
    /// extends = "errcat"
    ///
    /// [categories.wallet]
    /// title = "Wallet"
    /// retry = "never"
    ///
    /// [codes.WALLET_SETTLING]
    /// status = "U"
    /// category = "wallet"
    /// retry = "poll"
    /// description = "The wallet is still settling the payment"
    /// resolution = "Inquire the payment"
    /// message.en = "Your wallet is still confirming this payment."
    /// "#;
    /// let checked = errcat_codegen::check_str_extending("wallet.toml", mine, Some(base))?;
    /// let catalog: &'static Catalog = Catalog::from_codegen(&checked)?;
    ///
    /// let d = catalog.classify_result(Status::Unknown, "WALLET_SETTLING");
    /// assert_eq!(d.state(), State::Pending);
    /// assert_eq!(d.user_message(), "Your wallet is still confirming this payment.");
    /// // errcat's own codes answer as errcat's own catalog answers them.
    /// assert_eq!(catalog.classify("SYSTEM_BUSY").retry(), errcat::classify("SYSTEM_BUSY").retry());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_codegen(
        catalog: &errcat_codegen::Catalog,
    ) -> Result<&'static Catalog, IncompleteCatalog> {
        catalog.check_complete()?;
        let catalog: &'static errcat_codegen::Catalog = Box::leak(Box::new(catalog.clone()));
        let tables = tables(catalog).ok_or(IncompleteCatalog::Fallbacks)?;
        let tables: &'static Tables = Box::leak(Box::new(tables));
        Ok(Box::leak(Box::new(Catalog::__built(
            &tables.rows,
            &tables.fallbacks,
            &tables.categories,
            &tables.states,
            &tables.index,
        ))))
    }
}

/// The tables over `catalog`: a row per code in catalog order (`category` its index in the
/// categories), the fallbacks in `S F U A` order, the categories, the `[states]` values, and
/// every code and alias with its row, sorted. `None` when the fallbacks are not one per status
/// in that order ([`Catalog::from_codegen`] checks it first); the other indices are checked
/// by `check_complete` too, which this relies on.
fn tables(catalog: &'static errcat_codegen::Catalog) -> Option<Tables> {
    let texts: &'static Texts = Box::leak(Box::new(Texts {
        messages: catalog
            .codes
            .iter()
            .flat_map(|c| &c.messages)
            .chain(catalog.fallbacks.iter().flat_map(|f| &f.messages))
            .map(|m| (m.locale.as_str(), m.text.as_str()))
            .collect(),
        aliases: catalog
            .codes
            .iter()
            .flat_map(|c| &c.aliases)
            .map(String::as_str)
            .collect(),
    }));
    let mut messages = texts.messages.as_slice();
    let mut take_messages = |n: usize| {
        let (taken, rest) = messages.split_at(n);
        messages = rest;
        taken
    };
    let mut aliases = texts.aliases.as_slice();
    let policy = |index: usize| RetryPolicy::from(catalog.policy(index).kind);
    let rows = catalog
        .codes
        .iter()
        .map(|c| {
            let (own, rest) = aliases.split_at(c.aliases.len());
            aliases = rest;
            Row {
                code: &c.code,
                status: c.status.into(),
                category: c.category,
                description: &c.description,
                resolution: &c.resolution,
                retry: policy(c.retry),
                messages: take_messages(c.messages.len()),
                aliases: own,
                deprecated: c.deprecated.as_deref(),
                retired: c.retired.as_deref(),
                since: c.since.as_deref(),
                source: c.source.as_deref(),
                inquire_first: c.inquire_first.as_deref(),
            }
        })
        .collect();
    let fallbacks: Vec<FallbackRow> = catalog
        .fallbacks
        .iter()
        .map(|f| FallbackRow {
            status: f.status.into(),
            description: &f.description,
            resolution: &f.resolution,
            retry: policy(f.retry),
            messages: take_messages(f.messages.len()),
        })
        .collect();
    let fallbacks = <[FallbackRow; 4]>::try_from(fallbacks).ok()?;
    if fallbacks
        .iter()
        .zip(Status::ALL)
        .any(|(f, s)| f.status != s)
    {
        return None;
    }
    let categories = catalog
        .categories
        .iter()
        .map(|c| CategoryRow {
            key: &c.key,
            title: &c.title,
            retry: policy(c.retry),
        })
        .collect();
    let states = catalog
        .states
        .iter()
        .map(|s| (s.value.as_str(), s.outcome.into()))
        .collect();
    let mut index: Vec<(&'static str, usize)> = catalog
        .codes
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            core::iter::once(c.code.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .map(move |name| (name, i))
        })
        .collect();
    // Validation makes codes and aliases unique; the first in catalog order wins regardless
    // (the sort is stable, and `dedup` keeps the first of equal keys).
    index.sort_by_key(|&(name, _)| name);
    index.dedup_by_key(|&mut (name, _)| name);
    Some(Tables {
        rows,
        fallbacks,
        categories,
        states,
        index,
        _leaked: (catalog, texts),
    })
}
