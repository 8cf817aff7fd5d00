//! The properties errcat's fuzz targets check, one function per target: each takes the
//! fuzzer's bytes and panics when a property fails. The targets in `fuzz_targets/` call them;
//! errcat's own tests (`tests/it/fuzzed.rs`) run them on every committed seed
//! (`fuzz/seeds/`) and every input a fuzzer once failed on (`fuzz/regressions/`), so that
//! those stay right without nightly or libFuzzer.
//!
//! - [`outcome`]: a response body or a notification, for every API and for none named.
//! - [`flow`]: a payment flow fed bodies, no-answers, failed token refreshes (asked for or
//!   not), notifications for either request id, restarts and clocks that go backwards, over
//!   errcat's catalog or one that extends it.
//! - [`catalog`]: the `codes.toml` validator on any text, standalone or extending errcat's,
//!   and the generator and exports on what it accepts.
//! - [`replay`]: the replay file reader, and the timeline of what it reads.

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::Duration;

use errcat::flow::{Call, Done, PaymentFlow, Reply, Step};
use errcat::{Api, CATALOG, Catalog, Field, Outcome, State, Status};

/// Every API a body can be read for, in the order the input's first byte names them (1..=9).
pub const APIS: [Api; 9] = Api::ALL;

/// errcat's own `codes.toml`: the base that an extending catalog names.
const ERRCAT_CODES: &str = include_str!("../../codes.toml");

/// A catalog of a user's own that extends errcat's (the benchmarks' `bench/codes.toml`),
/// built at run time once.
fn extended() -> &'static Catalog {
    static EXTENDED: OnceLock<&'static Catalog> = OnceLock::new();
    EXTENDED.get_or_init(|| {
        let source = include_str!("../../bench/codes.toml");
        let checked = errcat_codegen::check_str_extending("bench/codes.toml", source, Some(base()))
            .expect("bench/codes.toml is a valid catalog");
        Catalog::from_codegen(&checked).expect("a validated catalog is complete")
    })
}

fn base() -> errcat_codegen::BaseCatalog<'static> {
    errcat_codegen::BaseCatalog {
        name: "errcat",
        path: "errcat/codes.toml",
        source: ERRCAT_CODES,
    }
}

/// A small base (a few of errcat's codes, as the documentation's examples read them), also
/// named `errcat`: validated in a fraction of the time errcat's whole catalog takes, so that
/// the fuzzer tries many more extending files.
fn small_base() -> errcat_codegen::BaseCatalog<'static> {
    errcat_codegen::BaseCatalog {
        name: "errcat",
        path: "errcat/codes.toml",
        source: include_str!("../../codegen/src/example.toml"),
    }
}

/// The committed inputs of `target` under the repository at `root`, sorted: every file of its
/// seeds (`fuzz/seeds/TARGET/`) and of its regressions (`fuzz/regressions/TARGET/`, a folder
/// that exists once a fuzzer has found something). What errcat's tests run the properties on.
pub fn committed_inputs(root: &std::path::Path, target: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for folder in ["seeds", "regressions"] {
        let dir = root.join("fuzz").join(folder).join(target);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("{}: {e}", dir.display()),
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The fuzzer's bytes, taken a piece at a time; zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0, |n, _| (n << 8) | u64::from(self.byte()))
    }

    /// As many bytes as the next two say (big-endian), or as many as there are.
    fn chunk(&mut self) -> &'a [u8] {
        let n = (usize::from(self.byte()) << 8 | usize::from(self.byte())).min(self.0.len());
        let (chunk, rest) = self.0.split_at(n);
        self.0 = rest;
        chunk
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// ---- outcome ---------------------------------------------------------------------------------

/// The first byte names the API (or none), the rest is the body. A body that reads is read the
/// same twice and by the catalog-taking reader; its answers agree with each other (the
/// decision's state is the outcome's, its next action fits that state); a state is
/// `succeeded` only where the field that decided says success (a `resultStatus` of `S`, or a
/// state value the catalog's `[states]` call succeeded), and a code is one the body carries.
pub fn outcome(data: &[u8]) {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let api = api_of(which);
    let first = Outcome::from_json(api, body);
    assert_eq!(
        first,
        Outcome::from_json(api, body),
        "read twice, two answers"
    );
    assert_eq!(first, Outcome::from_json_in(&CATALOG, api, body));
    if let Ok(outcome) = &first {
        check_outcome(&CATALOG, body, outcome);
    }
    // The same body under a catalog that extends errcat's: the same rules hold.
    if let Ok(outcome) = Outcome::from_json_in(extended(), api, body) {
        check_outcome(extended(), body, &outcome);
    }
}

fn api_of(which: u8) -> Option<Api> {
    match usize::from(which) % (APIS.len() + 1) {
        0 => None,
        n => Some(APIS[n - 1]),
    }
}

/// The properties of one outcome read from `body` (which read as JSON).
pub fn check_outcome(catalog: &'static Catalog, body: &[u8], outcome: &Outcome) {
    let decision = outcome.decision();
    assert_eq!(decision.state(), outcome.state(), "{outcome:?}");
    assert!(
        outcome.retry().fits(outcome.state()),
        "the next action does not fit the state: {outcome:?}"
    );
    // An inferred API reads the body as that API named would, or more carefully (`unknown`: a
    // bare result might be another API's).
    if outcome.is_api_inferred() {
        let named = Outcome::from_json_in(catalog, Some(outcome.api()), body).expect("read once");
        assert!(
            outcome.state() == State::Unknown
                || (named.state(), named.code(), named.decided_by())
                    == (outcome.state(), outcome.code(), outcome.decided_by()),
            "inferred {outcome:?}, named {named:?}"
        );
    }
    // The body read on its own, as an independent witness of what it says.
    let value: Json = match serde_json::from_slice(body) {
        Ok(value) => value,
        // Where serde_json makes no string or number of a field that errcat skips unread (as
        // serde_json itself skips it): a number past f64 (`1e400`), a surrogate escape without
        // its pair (`"\uDDDE"`, `"\uDADD8888"`). The witness cannot speak for such a body.
        Err(e)
            if [
                "number out of range",
                "surrogate",
                "hex escape",
                "unicode code point",
            ]
            .iter()
            .any(|m| e.to_string().contains(m)) =>
        {
            return;
        }
        Err(e) => panic!("errcat read it, serde_json did not: {e}"),
    };
    if outcome.state() == State::Succeeded {
        let field = outcome
            .decided_by()
            .unwrap_or_else(|| panic!("succeeded, decided by no field: {outcome:?}"));
        assert!(
            says_success(catalog, &value, field),
            "succeeded, but {field} does not say success: {outcome:?} in {value:?}"
        );
    }
    if let Some(code) = outcome.code() {
        assert!(
            value.carries(code),
            "the code {code:?} is nowhere in the body {value:?}"
        );
    }
}

/// A JSON document as the witness reads it: a tree of its own, because `serde_json::Value`
/// gives one key a meaning of its own (`$serde_json::private::RawValue`, which the `outcome`
/// target found: errcat builds no `Value`, so a body with that key reads as any other).
#[derive(Debug)]
enum Json {
    Scalar,
    Number,
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key`, if this is an object that has it.
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Entry `index`, if this is an array that long.
    fn at(&self, index: usize) -> Option<&Json> {
        match self {
            Json::Array(items) => items.get(index),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether `code` is a string in the document; a code that is a number's text passes
    /// where the document has a number (errcat keeps the number's exact text, which the
    /// witness does not).
    fn carries(&self, code: &str) -> bool {
        match self {
            Json::String(s) => s == code,
            Json::Number => code.parse::<f64>().is_ok(),
            Json::Array(items) => items.iter().any(|v| v.carries(code)),
            Json::Object(fields) => fields.iter().any(|(_, v)| v.carries(code)),
            Json::Scalar => false,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct Tree;
        impl<'de> serde::de::Visitor<'de> for Tree {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::String(s.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry::<String, Json>()? {
                    fields.push(field);
                }
                Ok(Json::Object(fields))
            }
        }
        deserializer.deserialize_any(Tree)
    }
}

/// Whether `field` of the body says success.
fn says_success(catalog: &Catalog, body: &Json, field: Field) -> bool {
    let status_s = |result: &Json| result.get("resultStatus").and_then(Json::as_str) == Some("S");
    let state_says = |v: Option<&Json>| match v.and_then(Json::as_str) {
        Some(value) => catalog.state_of(value) == Some(State::Succeeded),
        None => false,
    };
    let entry = |index: usize| body.get("transactions").and_then(|t| t.at(index));
    match field {
        // The body's `result`, or the body itself when it is a bare result object.
        Field::Result => body.get("result").is_some_and(status_s) || status_s(body),
        Field::PaymentResult => body.get("paymentResult").is_some_and(status_s),
        Field::PaymentStatus => state_says(body.get("paymentStatus")),
        Field::RefundStatus => state_says(body.get("refundStatus")),
        Field::TransactionStatus => state_says(body.get("transactionStatus")),
        Field::TransactionResult { index } => entry(index)
            .and_then(|e| e.get("transactionResult"))
            .is_some_and(status_s),
        Field::TransactionEntryStatus { index } => {
            state_says(entry(index).and_then(|e| e.get("transactionStatus")))
        }
        // A notifyType says pending, never success.
        _ => false,
    }
}

// ---- flow ------------------------------------------------------------------------------------

/// What an input said about the payment, as far as the money invariants care.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Said {
    /// The pay succeeded, or the payment did (an inquiry, a notification).
    Paid,
    /// The payment failed (an inquiry, a notification), or a cancel succeeded.
    NotCharged,
    /// A pay answer that leaves the payment possibly charged.
    MaybeCharged,
    Other,
}

/// Codes a flow meets, errcat's and the extending catalog's, and one no catalog has.
const CODES: &[&str] = &[
    "SUCCESS",
    "ACCEPT",
    "PAYMENT_IN_PROCESS",
    "SYSTEM_BUSY",
    "UNKNOWN_EXCEPTION",
    "REQUEST_TRAFFIC_EXCEED_LIMIT",
    "INSUFFICIENT_BALANCE",
    "ORDER_NOT_EXIST",
    "ORDER_IS_CLOSED",
    "ORDER_STATUS_INVALID",
    "EXPIRED_ACCESS_TOKEN",
    "INVALID_ACCESS_TOKEN",
    "USER_AMOUNT_EXCEED_LIMIT",
    "REPEAT_REQ_INCONSISTENT",
    "PROCESS_FAIL",
    "PAYMENT_TIMEOUT",
    "EXPIRED_CODE",
    "AUTHENTICATION_REQUIRED",
    "WALLET_FROZEN",
    "WALLET_LIMIT_EXCEEDED",
    "NOT_IN_ANY_CATALOG",
];

const STATUSES: &[&str] = &["S", "F", "U", "A", "s", "X"];

const STATES: &[&str] = &[
    "SUCCESS",
    "FAIL",
    "CANCELLED",
    "PROCESSING",
    "PENDING",
    "AUTH_SUCCESS",
    "success",
    "WHATEVER",
];

const NOTIFY_TYPES: &[&str] = &[
    "PAYMENT_RESULT",
    "PAYMENT_PENDING",
    "CAPTURE_RESULT",
    "REFUND_RESULT",
    "payment_result",
    "OTHER",
];

/// A body the next bytes describe: most often the platform's shapes (a result, a payment
/// state, a nested result, transactions, a notify type, a user action), sometimes raw bytes.
fn body(bytes: &mut Bytes<'_>) -> Vec<u8> {
    let shape = bytes.byte();
    if shape % 8 == 0 {
        return bytes.chunk().to_vec();
    }
    let mut fields = Vec::new();
    let result = |bytes: &mut Bytes<'_>| {
        format!(
            r#"{{"resultStatus":"{}","resultCode":"{}","resultMessage":"m"}}"#,
            bytes.pick(STATUSES),
            bytes.pick(CODES)
        )
    };
    if shape & 0x02 != 0 {
        fields.push(format!(r#""result":{}"#, result(bytes)));
    }
    if shape & 0x04 != 0 {
        fields.push(format!(r#""paymentStatus":"{}""#, bytes.pick(STATES)));
        if bytes.byte() % 2 == 0 {
            fields.push(format!(r#""paymentResultCode":"{}""#, bytes.pick(CODES)));
        }
    }
    if shape & 0x08 != 0 {
        fields.push(format!(r#""paymentResult":{}"#, result(bytes)));
    }
    if shape & 0x10 != 0 {
        let mut entries = String::new();
        for i in 0..bytes.below(3) + 1 {
            if i > 0 {
                entries.push(',');
            }
            let _ = write!(
                entries,
                r#"{{"transactionType":"{}","transactionStatus":"{}","transactionResult":{}}}"#,
                bytes.pick(&["PAYMENT", "CAPTURE", "REFUND", "CANCEL"]),
                bytes.pick(STATES),
                result(bytes)
            );
        }
        fields.push(format!(r#""transactions":[{entries}]"#));
    }
    if shape & 0x20 != 0 {
        fields.push(format!(r#""notifyType":"{}""#, bytes.pick(NOTIFY_TYPES)));
    }
    if shape & 0x40 != 0 {
        fields.push(r#""normalUrl":"https://wallet.example/pay""#.to_owned());
    }
    if shape & 0x80 != 0 {
        // A payment state that says success: alone, it decides (where the API reads it); beside
        // the `paymentStatus` above, a key given twice, and the body is refused.
        fields.push(r#""paymentStatus":"SUCCESS""#.to_owned());
    }
    fields.push(r#""paymentRequestId":"r1""#.to_owned());
    format!("{{{}}}", fields.join(",")).into_bytes()
}

/// What an answer to `call` says.
fn said_by_reply(catalog: &'static Catalog, call: Call, body: Option<&[u8]>) -> Said {
    let read = body.map(|b| {
        Outcome::from_json_in(catalog, Some(call.api()), b).map(|o| (o.state(), o.status()))
    });
    match (call, read) {
        (Call::Pay, Some(Ok((State::Succeeded, _)))) => Said::Paid,
        // Refused (an `F` to resend after a fix, such as a token refresh, included): this
        // call charged nothing, but it proves nothing of an earlier one either.
        (Call::Pay, Some(Ok((State::Failed, _) | (State::Retry, Status::Failed)))) => Said::Other,
        (Call::Pay, _) => Said::MaybeCharged,
        (Call::Inquiry, Some(Ok((State::Succeeded, _)))) => Said::Paid,
        (Call::Inquiry, Some(Ok((State::Failed, _)))) => Said::NotCharged,
        (Call::Cancel, Some(Ok((State::Succeeded, _)))) => Said::NotCharged,
        _ => Said::Other,
    }
}

/// What a notification says of the payment.
fn said_by_notification(catalog: &'static Catalog, body: &[u8]) -> Said {
    match Outcome::from_json_in(catalog, Some(Api::NotifyPayment), body).map(|o| o.state()) {
        Ok(State::Succeeded) => Said::Paid,
        Ok(State::Failed) => Said::NotCharged,
        _ => Said::Other,
    }
}

/// The flow saved as JSON and loaded back, as a service that restarts does; saved again, the
/// same text.
fn restarted(flow: &PaymentFlow) -> PaymentFlow {
    let saved = serde_json::to_string(flow).expect("a flow saves");
    let mut de = serde_json::Deserializer::from_str(&saved);
    let loaded = PaymentFlow::deserialize_in(flow.catalog(), &mut de).expect("a saved flow loads");
    assert_eq!(serde_json::to_string(&loaded).expect("saves"), saved);
    loaded
}

/// The end a step is, if it is one.
fn end_of(step: &Step) -> Option<&Done> {
    match step {
        Step::AskUser(done) | Step::Done(done) => Some(done),
        _ => None,
    }
}

/// A flow (errcat's catalog or one that extends it; the catalog's polling or the flow's own)
/// fed what the bytes say until it ends, then a few inputs more. Beside it, a twin that never
/// restarts gets every input: the two give the same step each time. The money: succeeded only
/// where the last word on the request said paid; once possibly charged, failed only where the
/// last word said not charged; a new request id only once the old one is shown unpaid; a paid
/// notification for the old id ends in a reconcile; a reconcile end is unknown; the end's
/// decision fits its state. After the end, the end stays, or becomes unknown with a reconcile.
pub fn flow(data: &[u8]) {
    let mut bytes = Bytes(data);
    let setup = bytes.byte();
    let catalog = if setup & 1 == 0 { &CATALOG } else { extended() };
    let mut flow = PaymentFlow::with_catalog(catalog, bytes.u64());
    if setup & 2 != 0 {
        let interval = Duration::from_millis(u64::from(bytes.byte()) * 100 + 1);
        let window = Duration::from_millis(u64::from(bytes.byte()) * 1_000);
        flow = flow.with_poll(interval, window);
    }
    let mut twin = flow.clone();
    let mut step = flow.start();
    assert_eq!(step, twin.start());
    let mut now = Duration::ZERO;
    let mut request = 0;
    let mut last = Said::Other;
    let mut maybe_charged = false;
    let mut old_id_paid = false;
    let mut after_end = 0;
    while !bytes.is_empty() && after_end < 16 {
        let op = bytes.byte();
        // Time goes on, mostly forward; a clock that goes back must not break the flow.
        let tick = Duration::from_millis(u64::from(bytes.byte()) * 37);
        now = if op & 0x80 != 0 {
            now.saturating_sub(tick)
        } else {
            now + tick
        };
        let ended = end_of(&step).cloned();
        let call = match &step {
            Step::Send { call, .. } | Step::RefreshToken { call, .. } => Some(*call),
            _ => None,
        };
        if std::env::var_os("ERRCAT_FUZZ_TRACE").is_some() {
            eprintln!("{now:?} step {step:?}, op {}", op % 8);
        }
        let next = match op % 8 {
            0 => {
                flow = restarted(&flow);
                let step = flow.step();
                assert_eq!(step, twin.step(), "the step after a restart");
                step
            }
            1 | 2 => {
                let for_id = if op % 8 == 2 && request > 0 {
                    0
                } else {
                    request
                };
                let notice = body(&mut bytes);
                let heard = flow.on_notification(now, for_id, &notice);
                assert_eq!(heard, twin.on_notification(now, for_id, &notice));
                let said = said_by_notification(catalog, &notice);
                if ended.is_none() {
                    if for_id == request {
                        if said != Said::Other {
                            last = said;
                        }
                    } else if said == Said::Paid {
                        old_id_paid = true;
                    }
                }
                heard
            }
            _ => {
                let answer = match op % 8 {
                    3 => None,
                    // A failed refresh where the flow asked for one, and now and then where it
                    // did not (a caller's mistake the flow must survive).
                    4 if matches!(step, Step::RefreshToken { .. }) || op & 0x40 != 0 => Some(None),
                    _ => Some(Some(body(&mut bytes))),
                };
                let reply = match &answer {
                    None => Reply::NoAnswer,
                    Some(None) => Reply::TokenRefreshFailed,
                    Some(Some(body)) => Reply::Body(body),
                };
                let next = flow.on_reply(now, reply);
                assert_eq!(next, twin.on_reply(now, reply));
                if let (None, Some(call)) = (&ended, call) {
                    // A failed refresh sent nothing: it says nothing of the payment.
                    if !matches!(reply, Reply::TokenRefreshFailed) {
                        let said = said_by_reply(
                            catalog,
                            call,
                            answer.as_ref().and_then(|b| b.as_deref()),
                        );
                        if said == Said::MaybeCharged {
                            maybe_charged = true;
                        }
                        last = said;
                    }
                }
                next
            }
        };
        match (&ended, end_of(&next)) {
            (Some(before), Some(after)) => {
                after_end += 1;
                if after != before {
                    assert_eq!(
                        (after.state(), after.needs_reconcile()),
                        (State::Unknown, true),
                        "after the end {before:?}, another end"
                    );
                    assert!(
                        matches!(next, Step::Done(_)),
                        "a conflict never asks the person paying"
                    );
                }
            }
            (Some(before), None) => panic!("after the end {before:?}, a step: {next:?}"),
            (None, Some(end)) => check_end(catalog, end, last, maybe_charged, old_id_paid),
            (None, None) => {
                if let Step::Send { request: r, .. } | Step::RefreshToken { request: r, .. } = next
                {
                    if r != request {
                        assert_eq!(last, Said::NotCharged, "a new request id without proof");
                        request = r;
                        maybe_charged = false;
                    }
                }
            }
        }
        step = next;
    }
}

/// The money invariants of an end, and its decision's agreement with it.
fn check_end(
    catalog: &'static Catalog,
    end: &Done,
    last: Said,
    maybe_charged: bool,
    old_id_paid: bool,
) {
    match end.state() {
        State::Succeeded => assert_eq!(last, Said::Paid, "succeeded without a word that said paid"),
        State::Failed if maybe_charged => {
            assert_eq!(
                last,
                Said::NotCharged,
                "failed while it may have been charged"
            )
        }
        State::Failed | State::Unknown => {}
        other => panic!("a flow ends {other:?}"),
    }
    if old_id_paid {
        assert!(end.needs_reconcile(), "the old id was paid: {end:?}");
    }
    if end.needs_reconcile() {
        assert_eq!(end.state(), State::Unknown);
    }
    let d = end.decision();
    assert_eq!(d.state(), end.state());
    assert!(d.retry().fits(end.state()), "{d:?}");
    let unknown = catalog.classify_result(Status::Unknown, "").user_message();
    let pending = catalog.classify_result(Status::Accepted, "").user_message();
    if end.state() == State::Unknown {
        assert_eq!(d.user_message(), unknown);
    } else {
        assert_ne!(d.user_message(), unknown);
        assert_ne!(d.user_message(), pending);
    }
}

// ---- catalog ---------------------------------------------------------------------------------

/// The first byte: standalone (an even byte), or with a base `extends` may name (odd: errcat's
/// catalog where bit 1 is set, a small one otherwise); the rest is the `codes.toml` text.
/// Checked twice, one answer. A report names a position inside the text for each problem, one
/// line each. An accepted catalog is complete; a small one (up to 40 codes) generates Rust
/// that parses, with one `Code` variant per code and no two alike, and exports to every
/// format. (That the generated Rust compiles is checked by `tests/process/fuzzed_catalogs.rs`
/// for every committed input: a build per input would stall the fuzzer.)
pub fn catalog(data: &[u8]) {
    let Some(first) = checked_catalog(data) else {
        return;
    };
    assert_eq!(
        Some(&first),
        checked_catalog(data).as_ref(),
        "checked twice, two answers"
    );
    match first {
        Err(report) => check_report(&data[1..], &report),
        Ok(catalog) => check_catalog(&catalog),
    }
}

/// What the validator says of an input of the catalog target (`None` for an empty one).
pub fn checked_catalog(
    data: &[u8],
) -> Option<Result<errcat_codegen::Catalog, errcat_codegen::Report>> {
    let (&mode, text) = data.split_first()?;
    let base = match mode & 3 {
        1 => Some(small_base()),
        3 => Some(base()),
        _ => None,
    };
    Some(errcat_codegen::check_bytes_extending(
        "codes.toml",
        text,
        base,
    ))
}

fn check_report(text: &[u8], report: &errcat_codegen::Report) {
    assert!(!report.diagnostics.is_empty(), "a report without a problem");
    // The base is errcat's own, always valid: every problem is the file's.
    assert_eq!(report.path, "codes.toml", "{report}");
    let lossy = String::from_utf8_lossy(text);
    let lines: Vec<&str> = lossy.split('\n').collect();
    for d in &report.diagnostics {
        assert!(!d.message.is_empty() && !d.message.contains('\n'), "{d:?}");
        if let Some((line, col)) = d.position {
            assert!(
                (1..=lines.len()).contains(&line),
                "line {line} of {}: {d:?}",
                lines.len()
            );
            let chars = lines[line - 1].chars().count();
            assert!(
                (1..=chars + 1).contains(&col),
                "column {col} of {chars}: {d:?}"
            );
        }
    }
}

fn check_catalog(catalog: &errcat_codegen::Catalog) {
    catalog
        .check_complete()
        .expect("an accepted catalog is complete");
    if catalog.codes.len() > 40 {
        return;
    }
    let source = errcat_codegen::generate(catalog).expect("an accepted catalog generates");
    let file = syn::parse_file(&source).expect("the generated code parses as Rust");
    let variants: Vec<String> = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "Code" => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .expect("the generated code has a Code enum");
    let mut unique = variants.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        variants.len(),
        "two variants alike: {variants:?}"
    );
    assert_eq!(variants.len(), catalog.codes.len());
    use errcat_codegen::export;
    export::json(catalog).expect("exports as JSON");
    export::markdown(catalog).expect("exports as Markdown");
    export::csv(catalog).expect("exports as CSV");
    export::typescript(catalog, "codes.toml").expect("exports as TypeScript");
    export::javascript(catalog, "codes.toml").expect("exports as JavaScript");
}

// ---- replay ----------------------------------------------------------------------------------

/// A replay file: read twice, one answer; an error names a line of the file. What reads
/// replays (through a flow over errcat's catalog) the same twice, its entries in the file's
/// order, and its JSON Lines are JSON, one per entry.
pub fn replay(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = errcat::replay::read(text);
    assert_eq!(read, errcat::replay::read(text), "read twice, two answers");
    let lines = match read {
        Ok(lines) => lines,
        Err(e) => {
            let count = text.split('\n').count();
            assert!(
                (1..=count).contains(&e.line()),
                "line {} of {count}",
                e.line()
            );
            return;
        }
    };
    let timeline = errcat::replay::timeline(PaymentFlow::new(7), &lines);
    assert_eq!(
        timeline,
        errcat::replay::timeline(PaymentFlow::new(7), &lines)
    );
    let Ok(entries) = timeline else {
        return;
    };
    // The start, then at most a conflict and a step per line, in the file's order.
    assert!(entries.len() <= 1 + 2 * lines.len());
    assert!(entries.windows(2).all(|w| w[0].line <= w[1].line));
    assert!(
        entries
            .iter()
            .skip(1)
            .all(|e| lines.iter().any(|l| l.number == e.line))
    );
    let json = errcat::replay::to_json_lines(&entries, "en");
    let mut count = 0;
    for line in json.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        count += 1;
    }
    assert_eq!(count, entries.len(), "a JSON line per entry");
}
