//! Reading a response body into the fields an outcome depends on, in one pass: everything
//! else is skipped (`IgnoredAny`), no `serde_json::Value` is built, and a code that is a JSON
//! number keeps its exact text (`RawValue`).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::{ResultInfo, Status};

/// Why a body cannot be read. Every message names the field and, where the parser knows it,
/// the line and column (1-based).
///
/// The bad inputs and what the library, the command and the TypeScript module each answer
/// (they agree) are listed in errcat's `docs/bad-input.md`.
///
/// ```
/// use errcat::{BodyError, Outcome};
///
/// let err = Outcome::from_json(None, br#"{"result":{"resultStatus":"X","resultCode":"Y"}}"#).unwrap_err();
/// assert!(matches!(err, BodyError::BadStatus { .. }));
/// assert_eq!(
///     err.to_string(),
///     r#"`resultStatus` in `result`: invalid result status "X": expected one of "S", "F", "U", "A" at line 1 column 29"#
/// );
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The body is not JSON: a syntax error, or bytes that are not UTF-8 anywhere in the body
    /// (`invalid UTF-8 (byte 0xFF)`, at the first bad byte).
    #[error("malformed JSON: {message} at line {line} column {column}")]
    Malformed {
        /// The JSON parser's message.
        message: String,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
    },
    /// The body is JSON, but not an object.
    #[error(
        "expected a JSON object (a response body with a `result` object, or the `result` object \
         itself), found {found}"
    )]
    NotAnObject {
        /// The JSON type found: `an array`, `a string`, `null`, …
        found: &'static str,
    },
    /// A field the answer depends on has the wrong JSON type.
    #[error("`{field}` must be {expected}, found {found}{place} at line {line} column {column}")]
    WrongType {
        /// The field, e.g. `resultCode` or `transactions[0]`.
        field: String,
        /// The object it is in, as ` (in `result`)`; empty for the top level.
        place: String,
        /// What it must be.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
    },
    /// A `resultStatus` that is not exactly `S`, `F`, `U` or `A`. The message quotes the value
    /// with printable ASCII as sent and anything else escaped (`"\u{e9}"`, `"\t"`).
    #[error(
        "`resultStatus` {place}: invalid result status {}: expected one of \"S\", \"F\", \
         \"U\", \"A\" at line {line} column {column}",
        Quoted(.value)
    )]
    BadStatus {
        /// The value sent.
        value: String,
        /// Where: `in `result``, `in `paymentResult``, `in the result object`, …
        place: String,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
    },
    /// A result object without `resultStatus` or `resultCode` (or without both).
    #[error("missing {} {place}", missing_text(.fields))]
    MissingField {
        /// The missing fields, `resultStatus` first.
        fields: &'static [&'static str],
        /// Where: `in `result``, `in the result object`, …
        place: String,
    },
    /// A key the answer depends on, given twice in one object: a JSON reader would keep one
    /// of the two silently.
    #[error(
        "`{key}` appears twice in {place}, so the answer is ambiguous at line {line} column \
         {column}"
    )]
    DuplicateKey {
        /// The key.
        key: &'static str,
        /// The object: `the response`, `` `result` ``, `` `transactions[0]` ``, …
        place: String,
        /// Line of the second occurrence.
        line: usize,
        /// Column of the second occurrence.
        column: usize,
    },
    /// Both a top-level `resultStatus`/`resultCode` and a `result` object: two results.
    #[error(
        "the response has both a `result` object and a top-level `{key}`, so the answer is \
         ambiguous at line {line} column {column}"
    )]
    Ambiguous {
        /// The top-level key beside `result`: `resultStatus` or `resultCode`.
        key: &'static str,
        /// Line of the second of the two.
        line: usize,
        /// Column of the second of the two.
        column: usize,
    },
    /// A body longer than [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES) (16 MiB): refused before
    /// a byte of it is parsed.
    #[error(
        "the body is {len} bytes, more than errcat reads (16 MiB, {} bytes)",
        MAX_BODY_BYTES
    )]
    TooLarge {
        /// The body's length in bytes.
        len: usize,
    },
}

/// The longest body [`Outcome::from_json`](crate::Outcome::from_json) reads: 16 MiB
/// (16,777,216 bytes). A longer one is [`BodyError::TooLarge`], found from its length alone.
///
/// Payment responses and notifications are a few kilobytes; the bound keeps a body from
/// outside (a notification posted to your endpoint) from costing more than that much work. The
/// `errcat` command reads at most as much by default (`--max-response-bytes`), and the
/// TypeScript module refuses a longer text the same way.
///
/// ```
/// use errcat::{BodyError, Outcome, MAX_BODY_BYTES};
///
/// let mut body = br#"{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#.to_vec();
/// body.resize(MAX_BODY_BYTES, b' ');
/// assert!(Outcome::from_json(None, &body).is_ok());
/// body.push(b' ');
/// let err = Outcome::from_json(None, &body).unwrap_err();
/// assert_eq!(err, BodyError::TooLarge { len: MAX_BODY_BYTES + 1 });
/// ```
pub const MAX_BODY_BYTES: usize = 16 << 20;

/// A value from the body, quoted for a message: printable ASCII as it is, `"` and `\` escaped,
/// `\0`, `\t`, `\r` and `\n` as Rust writes them, and every other character as `\u{...}` (lowercase
/// hex). The same as Rust's `{:?}` for ASCII; unlike it, every character outside ASCII is escaped,
/// so that a message carries no control or invisible character and needs no Unicode table to
/// write (the TypeScript module writes the same).
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\0' => f.write_str("\\0")?,
                '\t' => f.write_str("\\t")?,
                '\r' => f.write_str("\\r")?,
                '\n' => f.write_str("\\n")?,
                ' '..='~' => f.write_char(c)?,
                c => write!(f, "\\u{{{:x}}}", u32::from(c))?,
            }
        }
        f.write_char('"')
    }
}

fn missing_text(fields: &[&str]) -> String {
    match fields {
        [one] => alloc::format!("field `{one}`"),
        many => {
            let names: Vec<String> = many.iter().map(|f| alloc::format!("`{f}`")).collect();
            alloc::format!("fields {}", names.join(" and "))
        }
    }
}

impl BodyError {
    /// Sets the position of an error raised inside the parse.
    fn at(mut self, l: usize, c: usize) -> BodyError {
        match &mut self {
            BodyError::Malformed { line, column, .. }
            | BodyError::WrongType { line, column, .. }
            | BodyError::BadStatus { line, column, .. }
            | BodyError::DuplicateKey { line, column, .. }
            | BodyError::Ambiguous { line, column, .. } => {
                *line = l;
                *column = c;
            }
            BodyError::NotAnObject { .. }
            | BodyError::MissingField { .. }
            | BodyError::TooLarge { .. } => {}
        }
        self
    }
}

/// An entry of `transactions`: its result and status.
#[derive(Debug, Default)]
pub(crate) struct Transaction {
    pub(crate) result: Option<ResultInfo>,
    pub(crate) status: Option<String>,
}

/// The kinds of `transactions` entry an outcome may read, by `transactionType`; an entry of any
/// other type (`AUTHORIZATION`, `VOID`, ...) is about another operation and never decides.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum TxKind {
    /// No `transactionType`.
    Untyped = 0,
    Payment = 1,
    Capture = 2,
    Refund = 3,
    Cancel = 4,
}

impl TxKind {
    fn of(transaction_type: Option<&str>) -> Option<TxKind> {
        let Some(t) = transaction_type else {
            return Some(TxKind::Untyped);
        };
        [
            ("PAYMENT", TxKind::Payment),
            ("CAPTURE", TxKind::Capture),
            ("REFUND", TxKind::Refund),
            ("CANCEL", TxKind::Cancel),
        ]
        .into_iter()
        .find(|(name, _)| t.eq_ignore_ascii_case(name))
        .map(|(_, kind)| kind)
    }
}

/// The last entry of `transactions` of each [`TxKind`], with its position.
pub(crate) type LastTransactions = [Option<(usize, Transaction)>; 5];

/// The fields of a body that an outcome depends on; `null` reads as absent.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) result: Option<ResultInfo>,
    pub(crate) payment_status: Option<String>,
    pub(crate) payment_result_code: Option<String>,
    pub(crate) refund_status: Option<String>,
    pub(crate) refund_result_code: Option<String>,
    pub(crate) transaction_status: Option<String>,
    pub(crate) payment_result: Option<ResultInfo>,
    /// The last entry of `transactions` of each kind, with its position.
    pub(crate) transactions: LastTransactions,
    pub(crate) notify_type: Option<String>,
    /// Where the person paying continues a pending payment, exactly as sent.
    pub(crate) action: Action,
}

/// The fields that tell what the person paying must do before a pending payment can finish:
/// the redirect wallet's URLs and the mini-program pay's `redirectActionForm`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Action {
    pub(crate) normal_url: Option<String>,
    pub(crate) scheme_url: Option<String>,
    pub(crate) applink_url: Option<String>,
    /// `redirectActionForm`'s `redirectUrl` and `method`.
    pub(crate) redirect_url: Option<String>,
    pub(crate) redirect_method: Option<String>,
}

impl Body {
    /// Reads a body: at most [`MAX_BODY_BYTES`], UTF-8 throughout (JSON text is; serde_json
    /// alone would let bad bytes through in the fields it skips), then parsed in one pass.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Body, BodyError> {
        if bytes.len() > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge { len: bytes.len() });
        }
        let text = core::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to()))?;
        let ctx = Ctx(Cell::new(None));
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = TopSeed(&ctx)
            .deserialize(&mut de)
            .and_then(|body| de.end().map(|()| body));
        parsed.map_err(|e| match ctx.0.take() {
            Some(typed) => typed.at(e.line(), e.column()),
            None => {
                let full = e.to_string();
                let suffix = alloc::format!(" at line {} column {}", e.line(), e.column());
                let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
                BodyError::Malformed {
                    message,
                    line: e.line(),
                    column: e.column(),
                }
            }
        })
    }
}

/// The error for a body whose first byte that is not UTF-8 is at `offset`: its line and column
/// (1-based, the column in bytes, as serde_json counts).
fn not_utf8(bytes: &[u8], offset: usize) -> BodyError {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    BodyError::Malformed {
        message: alloc::format!(
            "invalid UTF-8 (byte 0x{:02X})",
            bytes.get(offset).copied().unwrap_or_default()
        ),
        line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
        column: offset - line_start + 1,
    }
}

/// Carries a typed error out of serde, which only passes strings: the visitor stores the
/// error here and returns a placeholder, and `parse` adds the position serde_json knows.
struct Ctx(Cell<Option<BodyError>>);

impl Ctx {
    fn fail<E: de::Error>(&self, error: BodyError) -> E {
        self.0.set(Some(error));
        E::custom("errcat: see the typed error")
    }
}

/// A scalar field's value, classified from its raw JSON text.
enum Scalar {
    Text(String),
    Null,
    Other(&'static str),
}

fn scalar(raw: &RawValue) -> Scalar {
    let text = raw.get();
    match text.as_bytes().first() {
        // A string serde_json cannot decode is a lone surrogate escape (`"\ud800"`): not text.
        Some(b'"') => match serde_json::from_str::<String>(text) {
            Ok(s) => Scalar::Text(s),
            Err(_) => Scalar::Other("a string with a lone surrogate escape"),
        },
        // A number keeps its JSON text exactly (`1.0e3` stays `1.0e3`).
        Some(b'-' | b'0'..=b'9') => Scalar::Text(text.to_owned()),
        Some(b'n') => Scalar::Null,
        Some(b't' | b'f') => Scalar::Other("a boolean"),
        Some(b'[') => Scalar::Other("an array"),
        Some(b'{') => Scalar::Other("an object"),
        _ => Scalar::Other("an unknown value"),
    }
}

fn is_number(raw: &RawValue) -> bool {
    matches!(raw.get().as_bytes().first(), Some(b'-' | b'0'..=b'9'))
}

/// Identifies a key among `names`, without allocating (escaped keys included).
struct KeyOf(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyOf {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|k| *k == key))
    }
}

/// Marks key `index` as seen; the second time, a duplicate-key error.
fn once<E: de::Error>(
    ctx: &Ctx,
    seen: &mut u32,
    index: usize,
    names: &[&'static str],
    place: impl FnOnce() -> String,
) -> Result<(), E> {
    let bit = 1 << index;
    if *seen & bit != 0 {
        return Err(ctx.fail(BodyError::DuplicateKey {
            key: names[index],
            place: place(),
            line: 0,
            column: 0,
        }));
    }
    *seen |= bit;
    Ok(())
}

fn wrong(field: String, expected: &'static str, found: &'static str) -> BodyError {
    in_place(field, String::new(), expected, found)
}

fn in_place(
    field: String,
    place: String,
    expected: &'static str,
    found: &'static str,
) -> BodyError {
    BodyError::WrongType {
        field,
        place,
        expected,
        found,
        line: 0,
        column: 0,
    }
}

/// A string field (a state value, `notifyType`, a companion code): `null` is absent, a
/// number is kept as its text.
fn text_field<E: de::Error>(
    ctx: &Ctx,
    raw: &RawValue,
    field: impl FnOnce() -> String,
) -> Result<Option<String>, E> {
    match scalar(raw) {
        Scalar::Text(t) => Ok(Some(t)),
        Scalar::Null => Ok(None),
        Scalar::Other(found) => Err(ctx.fail(wrong(field(), "a string", found))),
    }
}

/// The visit methods of a visitor that wants a map (or a sequence): any other JSON type is a
/// wrong-type error, `null` is absent.
macro_rules! only_containers {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(self.wrong("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(self.wrong("a string"))
        }
    };
}

const TOP_KEYS: &[&str] = &[
    "result",
    "resultStatus",
    "resultCode",
    "resultMessage",
    "paymentStatus",
    "paymentResultCode",
    "refundStatus",
    "refundResultCode",
    "transactionStatus",
    "paymentResult",
    "transactions",
    "notifyType",
    "normalUrl",
    "schemeUrl",
    "applinkUrl",
    "redirectActionForm",
];

/// The keys of a `redirectActionForm` that errcat reads.
const FORM_KEYS: &[&str] = &["redirectUrl", "method"];

/// A field that must be a string (or `null`, absent): a URL or method is passed on exactly as
/// sent, never a number's text.
fn string_field<E: de::Error>(
    ctx: &Ctx,
    raw: &RawValue,
    field: &str,
    place: &str,
) -> Result<Option<String>, E> {
    let found = match scalar(raw) {
        Scalar::Text(_) if is_number(raw) => "a number",
        Scalar::Text(t) => return Ok(Some(t)),
        Scalar::Null => return Ok(None),
        Scalar::Other(found) => found,
    };
    Err(ctx.fail(in_place(
        field.to_owned(),
        place.to_owned(),
        "a string",
        found,
    )))
}

/// `redirectActionForm`: its `redirectUrl` and `method`; `null` is absent, other keys are
/// skipped unread.
struct FormSeed<'c>(&'c Ctx);

impl<'de> DeserializeSeed<'de> for FormSeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl FormSeed<'_> {
    fn wrong<E: de::Error>(&self, found: &'static str) -> E {
        self.0
            .fail(wrong("redirectActionForm".to_owned(), "an object", found))
    }
}

impl<'de> Visitor<'de> for FormSeed<'_> {
    type Value = (Option<String>, Option<String>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a redirectActionForm object")
    }

    only_containers!();

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((None, None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.0;
        let mut seen = 0u32;
        let (mut url, mut method) = (None, None);
        while let Some(key) = map.next_key_seed(KeyOf(FORM_KEYS))? {
            let Some(k) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(ctx, &mut seen, k, FORM_KEYS, || {
                "`redirectActionForm`".to_owned()
            })?;
            let raw: &RawValue = map.next_value()?;
            let value = string_field(ctx, raw, FORM_KEYS[k], " (in `redirectActionForm`)")?;
            match k {
                0 => url = value,
                _ => method = value,
            }
        }
        Ok((url, method))
    }
}

struct TopSeed<'c>(&'c Ctx);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Body;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Body, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl TopSeed<'_> {
    fn wrong<E: de::Error>(&self, found: &'static str) -> E {
        self.0.fail(BodyError::NotAnObject { found })
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Body;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    only_containers!();

    fn visit_unit<E: de::Error>(self) -> Result<Body, E> {
        Err(self.wrong("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Body, A::Error> {
        Err(self.wrong("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Body, A::Error> {
        let ctx = self.0;
        let mut body = Body::default();
        let mut seen = 0u32;
        let mut bare = BareResult::default();
        while let Some(key) = map.next_key_seed(KeyOf(TOP_KEYS))? {
            let Some(k) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(ctx, &mut seen, k, TOP_KEYS, || "the response".to_owned())?;
            // `result` beside a top-level resultStatus/resultCode: two results.
            let has_result = seen & 1 != 0;
            let has_bare = seen & 0b110 != 0;
            if has_result && has_bare && matches!(k, 0..=2) {
                let key = if seen & 0b10 != 0 {
                    "resultStatus"
                } else {
                    "resultCode"
                };
                return Err(ctx.fail(BodyError::Ambiguous {
                    key,
                    line: 0,
                    column: 0,
                }));
            }
            match k {
                0 => body.result = map.next_value_seed(ResultSeed(ctx, Loc::Result))?,
                1 => bare.status = Some(status_of(ctx, map.next_value()?, Loc::Bare)?),
                2 => bare.code = Some(code_of(ctx, map.next_value()?, Loc::Bare)?),
                3 => bare.message = message_of(map.next_value()?),
                9 => {
                    body.payment_result =
                        map.next_value_seed(ResultSeed(ctx, Loc::PaymentResult))?
                }
                10 => body.transactions = map.next_value_seed(TransactionsSeed(ctx))?,
                12..=14 => {
                    let raw: &RawValue = map.next_value()?;
                    let value = string_field(ctx, raw, TOP_KEYS[k], "")?;
                    let slot = match k {
                        12 => &mut body.action.normal_url,
                        13 => &mut body.action.scheme_url,
                        _ => &mut body.action.applink_url,
                    };
                    *slot = value;
                }
                15 => {
                    (body.action.redirect_url, body.action.redirect_method) =
                        map.next_value_seed(FormSeed(ctx))?;
                }
                _ => {
                    let raw: &RawValue = map.next_value()?;
                    let name = TOP_KEYS[k];
                    let value = text_field(ctx, raw, || name.to_owned())?;
                    let slot = match k {
                        4 => &mut body.payment_status,
                        5 => &mut body.payment_result_code,
                        6 => &mut body.refund_status,
                        7 => &mut body.refund_result_code,
                        8 => &mut body.transaction_status,
                        _ => &mut body.notify_type,
                    };
                    // A state value that is a number is no state the catalog knows.
                    *slot = value;
                }
            }
        }
        if seen & 0b110 != 0 {
            body.result = Some(bare.finish(ctx, Loc::Bare)?);
        }
        Ok(body)
    }
}

/// Where a result object is, for messages.
#[derive(Copy, Clone)]
enum Loc {
    /// Top-level `resultStatus`/`resultCode`.
    Bare,
    Result,
    PaymentResult,
    /// `transactions[i].transactionResult`.
    Transaction(usize),
}

const STATUS_TEXT: &str = "a string (one of \"S\", \"F\", \"U\", \"A\")";

impl Loc {
    /// The object itself, as a field path.
    fn name(self) -> String {
        match self {
            Loc::Bare => String::new(),
            Loc::Result => "result".to_owned(),
            Loc::PaymentResult => "paymentResult".to_owned(),
            Loc::Transaction(i) => alloc::format!("transactions[{i}].transactionResult"),
        }
    }

    /// A wrong-type error for a field of this object.
    fn wrong(self, field: &str, expected: &'static str, found: &'static str) -> BodyError {
        let place = match self {
            Loc::Bare => String::new(),
            other => alloc::format!(" (in `{}`)", other.name()),
        };
        in_place(field.to_owned(), place, expected, found)
    }

    /// `in `result``, for missing-field and bad-status messages.
    fn place(self) -> String {
        match self {
            Loc::Bare => "in the result object".to_owned(),
            other => alloc::format!("in `{}`", other.name()),
        }
    }

    /// The object, for duplicate-key messages.
    fn object(self) -> String {
        match self {
            Loc::Bare => "the response".to_owned(),
            other => alloc::format!("`{}`", other.name()),
        }
    }
}

fn status_of<E: de::Error>(ctx: &Ctx, raw: &RawValue, loc: Loc) -> Result<Status, E> {
    match scalar(raw) {
        Scalar::Text(s) if !is_number(raw) => Status::from_letter(&s).ok_or_else(|| {
            ctx.fail(BodyError::BadStatus {
                value: s,
                place: loc.place(),
                line: 0,
                column: 0,
            })
        }),
        Scalar::Text(_) => Err(ctx.fail(loc.wrong("resultStatus", STATUS_TEXT, "a number"))),
        Scalar::Null => Err(ctx.fail(loc.wrong("resultStatus", STATUS_TEXT, "null"))),
        Scalar::Other(found) => Err(ctx.fail(loc.wrong("resultStatus", STATUS_TEXT, found))),
    }
}

fn code_of<E: de::Error>(ctx: &Ctx, raw: &RawValue, loc: Loc) -> Result<String, E> {
    match scalar(raw) {
        Scalar::Text(s) => Ok(s),
        Scalar::Null => Err(ctx.fail(loc.wrong("resultCode", "a string", "null"))),
        Scalar::Other(found) => Err(ctx.fail(loc.wrong("resultCode", "a string", found))),
    }
}

/// `resultMessage` when it is a string; anything else is no message.
fn message_of(raw: &RawValue) -> Option<String> {
    match scalar(raw) {
        Scalar::Text(s) if !is_number(raw) => Some(s),
        _ => None,
    }
}

/// A result's fields as read so far.
#[derive(Default)]
struct BareResult {
    status: Option<Status>,
    code: Option<String>,
    message: Option<String>,
}

impl BareResult {
    fn finish<E: de::Error>(self, ctx: &Ctx, loc: Loc) -> Result<ResultInfo, E> {
        let missing: &'static [&'static str] = match (&self.status, &self.code) {
            (Some(_), Some(_)) => &[],
            (None, Some(_)) => &["resultStatus"],
            (Some(_), None) => &["resultCode"],
            (None, None) => &["resultStatus", "resultCode"],
        };
        match (self.status, self.code) {
            (Some(status), Some(code)) => Ok(ResultInfo {
                status,
                code,
                message: self.message.unwrap_or_default(),
            }),
            _ => Err(ctx.fail(BodyError::MissingField {
                fields: missing,
                place: loc.place(),
            })),
        }
    }
}

const RESULT_KEYS: &[&str] = &["resultStatus", "resultCode", "resultMessage"];

/// A result object (`result`, `paymentResult`, `transactionResult`); `null` is absent.
struct ResultSeed<'c>(&'c Ctx, Loc);

impl<'de> DeserializeSeed<'de> for ResultSeed<'_> {
    type Value = Option<ResultInfo>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ResultSeed<'_> {
    fn wrong<E: de::Error>(&self, found: &'static str) -> E {
        self.0.fail(wrong(self.1.name(), "an object", found))
    }
}

impl<'de> Visitor<'de> for ResultSeed<'_> {
    type Value = Option<ResultInfo>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a result object")
    }

    only_containers!();

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (ctx, loc) = (self.0, self.1);
        let mut seen = 0u32;
        let mut fields = BareResult::default();
        while let Some(key) = map.next_key_seed(KeyOf(RESULT_KEYS))? {
            let Some(k) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(ctx, &mut seen, k, RESULT_KEYS, || loc.object())?;
            let raw: &RawValue = map.next_value()?;
            match k {
                0 => fields.status = Some(status_of(ctx, raw, loc)?),
                1 => fields.code = Some(code_of(ctx, raw, loc)?),
                _ => fields.message = message_of(raw),
            }
        }
        fields.finish(ctx, loc).map(Some)
    }
}

/// `transactions`: keeps the last entry of each kind; `null` is absent, and so is an empty
/// array.
struct TransactionsSeed<'c>(&'c Ctx);

impl<'de> DeserializeSeed<'de> for TransactionsSeed<'_> {
    type Value = LastTransactions;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl TransactionsSeed<'_> {
    fn wrong<E: de::Error>(&self, found: &'static str) -> E {
        self.0
            .fail(wrong("transactions".to_owned(), "an array", found))
    }
}

impl<'de> Visitor<'de> for TransactionsSeed<'_> {
    type Value = LastTransactions;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of transactions")
    }

    only_containers!();

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(LastTransactions::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("an object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut last = LastTransactions::default();
        let mut index = 0;
        while let Some((kind, entry)) = seq.next_element_seed(EntrySeed(self.0, index))? {
            if let Some(kind) = kind {
                last[kind as usize] = Some((index, entry));
            }
            index += 1;
        }
        Ok(last)
    }
}

const ENTRY_KEYS: &[&str] = &["transactionResult", "transactionStatus", "transactionType"];

/// One entry of `transactions`.
struct EntrySeed<'c>(&'c Ctx, usize);

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = (Option<TxKind>, Transaction);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl EntrySeed<'_> {
    fn wrong<E: de::Error>(&self, found: &'static str) -> E {
        self.0.fail(wrong(
            alloc::format!("transactions[{}]", self.1),
            "an object",
            found,
        ))
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = (Option<TxKind>, Transaction);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transaction object")
    }

    only_containers!();

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(self.wrong("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (ctx, index) = (self.0, self.1);
        let mut seen = 0u32;
        let mut entry = Transaction::default();
        let mut transaction_type = None;
        while let Some(key) = map.next_key_seed(KeyOf(ENTRY_KEYS))? {
            let Some(k) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(ctx, &mut seen, k, ENTRY_KEYS, || {
                alloc::format!("`transactions[{index}]`")
            })?;
            if k == 0 {
                entry.result = map.next_value_seed(ResultSeed(ctx, Loc::Transaction(index)))?;
            } else if k == 1 {
                let raw: &RawValue = map.next_value()?;
                entry.status = text_field(ctx, raw, || {
                    alloc::format!("transactions[{index}].transactionStatus")
                })?;
            } else {
                let raw: &RawValue = map.next_value()?;
                transaction_type = text_field(ctx, raw, || {
                    alloc::format!("transactions[{index}].transactionType")
                })?;
            }
        }
        Ok((TxKind::of(transaction_type.as_deref()), entry))
    }
}
