//! [`Catalog`]: the tables every rule reads, whichever catalog they come from: errcat's own
//! ([`CATALOG`](crate::CATALOG)), one that a crate generated with `errcat_codegen::Builder`
//! (its `include_catalog!()` defines its own `CATALOG`), or one built at run time from a
//! `codes.toml` a tool was given (`Catalog::from_codegen`, feature `runtime-catalog`).

use core::fmt;

use crate::{Decision, RetryPolicy, State, Status};

/// A catalog of result codes, as the rules read it: one row per code, a fallback row per
/// status, the categories and the payment-level state values.
///
/// There is one value per catalog, in a `static`: errcat's own is [`errcat::CATALOG`](crate::CATALOG);
/// a crate whose `codes.toml` extends errcat's gets its own `CATALOG` from
/// [`include_catalog!`](crate::include_catalog), and hands it to `Outcome::from_json_in` and
/// `flow::PaymentFlow::with_catalog` (feature `json`) so that its own codes decide. The rules themselves ([`docs/decision.md`](https://github.com/errcat/errcat/blob/main/docs/decision.md))
/// live in errcat's runtime once, over these tables.
///
/// ```
/// use errcat::{CATALOG, State, Status};
///
/// let d = CATALOG.classify_result(Status::Failed, "SYSTEM_BUSY");
/// assert_eq!(d.state(), State::Retry);
/// assert!(CATALOG.len() > 50);
/// ```
pub struct Catalog {
    rows: &'static [Row],
    fallbacks: &'static [FallbackRow; 4],
    categories: &'static [CategoryRow],
    states: &'static [(&'static str, State)],
    lookup: Lookup,
}

/// How a catalog finds the row of a code string (or alias).
#[derive(Copy, Clone)]
pub(crate) enum Lookup {
    /// A generated catalog: its `phf` map, through a generated function.
    Map(fn(&str) -> Option<usize>),
    /// A catalog built at run time: `(code or alias, row)` sorted by the string.
    Sorted(&'static [(&'static str, usize)]),
}

/// One row of a catalog: a code's entry.
#[doc(hidden)]
#[derive(PartialEq, Eq, Debug)]
pub struct Row {
    /// The code string.
    pub code: &'static str,
    /// The code's own status.
    pub status: Status,
    /// The code's category: its index in the catalog's categories.
    pub category: usize,
    /// What the code means.
    pub description: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
    /// The code's policy: its own, or its category's.
    pub retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub messages: &'static [(&'static str, &'static str)],
    /// Other strings the platform sends for the code.
    pub aliases: &'static [&'static str],
    /// Why the code is deprecated, and what to use instead.
    pub deprecated: Option<&'static str>,
    /// When and why the platform stopped sending the code.
    pub retired: Option<&'static str>,
    /// Since when the code exists (free text).
    pub since: Option<&'static str>,
    /// Where the entry comes from.
    pub source: Option<&'static str>,
    /// Why an operation's own `F` with this code may leave the order paid or closed: it is
    /// inquired before anything else.
    pub inquire_first: Option<&'static str>,
}

impl Row {
    /// A row without aliases, notes, source or `inquire_first` (the generated tables give
    /// those with struct update syntax over it): `status` is the letter, `b'S'`, `b'F'`,
    /// `b'U'` or `b'A'`. What generated tables call: short rows keep a 10,000-code catalog's
    /// generated file small enough to format and compile quickly.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        status: u8,
        category: usize,
        retry: RetryPolicy,
        code: &'static str,
        description: &'static str,
        resolution: &'static str,
        messages: &'static [(&'static str, &'static str)],
    ) -> Row {
        let status = match status {
            b'S' => Status::Success,
            b'F' => Status::Failed,
            b'U' => Status::Unknown,
            b'A' => Status::Accepted,
            // Evaluated at compile time: a wrong letter fails the build of the generated file.
            _ => panic!("a row's status is one of b'S', b'F', b'U', b'A'"),
        };
        Row {
            code,
            status,
            category,
            description,
            resolution,
            retry,
            messages,
            aliases: &[],
            deprecated: None,
            retired: None,
            since: None,
            source: None,
            inquire_first: None,
        }
    }

    /// Whether an operation's own `F` with this code is inquired before anything else: marked
    /// so, or a policy that starts over with a new request id (which only an inquiry that
    /// finds the old id unpaid may do).
    #[inline]
    pub const fn inquires_first(&self) -> bool {
        self.inquire_first.is_some() || matches!(self.retry, RetryPolicy::NewRequest)
    }
}

/// One fallback row: what a status means when no code's row decides.
#[doc(hidden)]
#[derive(PartialEq, Eq, Debug)]
pub struct FallbackRow {
    /// The status it answers for.
    pub status: Status,
    /// What the status means.
    pub description: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
    /// The status's policy.
    pub retry: RetryPolicy,
    /// `(locale, text)`, English first.
    pub messages: &'static [(&'static str, &'static str)],
}

/// One category row.
#[doc(hidden)]
#[derive(PartialEq, Eq, Debug)]
pub struct CategoryRow {
    /// The key in `codes.toml`.
    pub key: &'static str,
    /// The title.
    pub title: &'static str,
    /// The policy of the category's codes that set none.
    pub retry: RetryPolicy,
}

impl Catalog {
    /// A catalog over generated tables: `lookup` maps a code string or alias to its row (the
    /// generated `phf` map). What generated code calls; not a public API.
    #[doc(hidden)]
    pub const fn __generated(
        rows: &'static [Row],
        fallbacks: &'static [FallbackRow; 4],
        categories: &'static [CategoryRow],
        states: &'static [(&'static str, State)],
        lookup: fn(&str) -> Option<usize>,
    ) -> Catalog {
        Catalog::new(rows, fallbacks, categories, states, Lookup::Map(lookup))
    }

    /// A catalog over tables built at run time; `index` holds every code string and alias
    /// with its row, sorted by the string. What `Catalog::from_codegen` (feature
    /// `runtime-catalog`) calls; not a public API.
    #[doc(hidden)]
    pub const fn __built(
        rows: &'static [Row],
        fallbacks: &'static [FallbackRow; 4],
        categories: &'static [CategoryRow],
        states: &'static [(&'static str, State)],
        index: &'static [(&'static str, usize)],
    ) -> Catalog {
        Catalog::new(rows, fallbacks, categories, states, Lookup::Sorted(index))
    }

    const fn new(
        rows: &'static [Row],
        fallbacks: &'static [FallbackRow; 4],
        categories: &'static [CategoryRow],
        states: &'static [(&'static str, State)],
        lookup: Lookup,
    ) -> Catalog {
        Catalog {
            rows,
            fallbacks,
            categories,
            states,
            lookup,
        }
    }

    /// How many codes the catalog has.
    ///
    /// ```
    /// assert_eq!(errcat::CATALOG.len(), errcat::Code::ALL.len());
    /// ```
    #[inline]
    pub const fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the catalog has no code (only fallbacks).
    ///
    /// ```
    /// assert!(!errcat::CATALOG.is_empty());
    /// ```
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of a code string or alias, exactly as sent (case-sensitive); `None` for a code
    /// the catalog lacks.
    #[doc(hidden)]
    #[inline]
    pub fn __find(&self, code: &str) -> Option<usize> {
        match self.lookup {
            Lookup::Map(get) => get(code),
            Lookup::Sorted(index) => index
                .binary_search_by(|(key, _)| (*key).cmp(code))
                .ok()
                .map(|i| index[i].1),
        }
    }

    /// Row number `index`. Panics on an index out of range, which only a bug in generated
    /// code could give.
    #[doc(hidden)]
    #[inline]
    pub fn __row(&self, index: usize) -> &'static Row {
        &self.rows[index]
    }

    /// Every row, in catalog order.
    #[doc(hidden)]
    #[inline]
    pub fn __rows(&self) -> &'static [Row] {
        self.rows
    }

    /// The fallback row of `status`.
    #[doc(hidden)]
    #[inline]
    pub fn __fallback(&self, status: Status) -> &'static FallbackRow {
        &self.fallbacks[status as usize]
    }

    /// Category number `index`.
    #[doc(hidden)]
    #[inline]
    pub fn __category(&self, index: usize) -> &'static CategoryRow {
        &self.categories[index]
    }

    /// The catalogued code string of a code string or alias (an alias gives its code's own
    /// string); `None` for a code the catalog lacks.
    ///
    /// ```
    /// use errcat::CATALOG;
    /// assert_eq!(CATALOG.code_of("SYSTEM_BUSY"), Some("SYSTEM_BUSY"));
    /// assert_eq!(CATALOG.code_of("system_busy"), None);
    /// ```
    #[inline]
    pub fn code_of(&self, code: &str) -> Option<&'static str> {
        self.__find(code).map(|i| self.rows[i].code)
    }

    /// What a payment-level state value (`paymentStatus`, `refundStatus`,
    /// `transactionStatus`) means, from the catalog's `[states]`, matched ignoring ASCII
    /// case; `None` for a value the catalog does not know.
    ///
    /// ```
    /// use errcat::{CATALOG, State};
    /// assert_eq!(CATALOG.state_of("processing"), Some(State::Pending));
    /// assert_eq!(CATALOG.state_of("WHATEVER"), None);
    /// ```
    pub fn state_of(&self, value: &str) -> Option<State> {
        self.states
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(value))
            .map(|&(_, state)| state)
    }

    /// A code on its own, as an operation's own result under the code's own status (an
    /// uncatalogued code: under `F`, whose fallback never retries). Never panics, never
    /// allocates.
    ///
    /// ```
    /// use errcat::{CATALOG, RetryPolicy, State};
    /// let d = CATALOG.classify("NEW_PLATFORM_CODE");
    /// assert_eq!((d.state(), d.retry()), (State::Failed, RetryPolicy::Never));
    /// ```
    pub fn classify(&'static self, code: &str) -> Decision {
        self.__classify(self.__find(code))
    }

    /// [`classify`](Self::classify) of the code at row `found` (`None`: uncatalogued), for
    /// generated code that looked the code up itself.
    #[doc(hidden)]
    #[inline]
    pub fn __classify(&'static self, found: Option<usize>) -> Decision {
        let status = found.map_or(Status::Failed, |i| self.rows[i].status);
        Decision::own(self, status, found)
    }

    /// [`classify_result`](Self::classify_result) of the code at row `found`.
    #[doc(hidden)]
    #[inline]
    pub fn __classify_result(&'static self, status: Status, found: Option<usize>) -> Decision {
        Decision::own(self, status, found)
    }

    /// A whole result, `resultStatus` and `resultCode`, read as an operation's own result:
    /// the status wins, and the code's row decides only where the status rule lets it (see
    /// [`Decision`]).
    ///
    /// ```
    /// use errcat::{CATALOG, RetryPolicy, State, Status};
    /// // A pay answered F SYSTEM_BUSY: the same request goes again.
    /// let d = CATALOG.classify_result(Status::Failed, "SYSTEM_BUSY");
    /// assert_eq!(d.state(), State::Retry);
    /// assert!(matches!(d.retry(), RetryPolicy::Backoff { .. }));
    /// ```
    pub fn classify_result(&'static self, status: Status, code: &str) -> Decision {
        self.__classify_result(status, self.__find(code))
    }

    /// The decision for a state the body decided (a state field, a notification's type, an
    /// inquiry's own call), with the status and code that came with it: the next action and
    /// message from the row the table picks for that state.
    ///
    /// ```
    /// use errcat::{CATALOG, RetryPolicy, State, Status};
    /// // paymentStatus FAIL with paymentResultCode SYSTEM_BUSY: failed, and nothing is resent.
    /// let d = CATALOG.decide(State::Failed, Status::Failed, "SYSTEM_BUSY");
    /// assert_eq!(d.retry(), RetryPolicy::Never);
    /// assert!(!d.decided_by_code());
    /// ```
    pub fn decide(&'static self, state: State, status: Status, code: &str) -> Decision {
        Decision::new(self, state, status, self.__find(code))
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("codes", &self.rows.len())
            .field("categories", &self.categories.len())
            .field("states", &self.states.len())
            .finish_non_exhaustive()
    }
}
