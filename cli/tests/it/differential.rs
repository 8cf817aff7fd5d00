//! The differential test (issue 25): generated response bodies read, as text, by the Rust crate
//! (`Outcome::from_json`) and by the JavaScript export under Node (`handleAPIResponse`, whose
//! outcome is `outcome`'s), with no API named and with every `Api`; both must give the same
//! answer (the API read as, the status and code described, the outcome's state, code, deciding
//! field, next action, message and user action) or refuse with the same error kind and message.
//!
//! One process per language: the bodies go to a file, `node cli/tests/ts/differential.mjs`
//! reads them all and writes all its answers, and this test compares them with the crate's.
//! Seeded: `ERRCAT_DIFF_SEED` (a number, or `random`) and `ERRCAT_DIFF_BODIES` (default 100,000)
//! replay a run; `ERRCAT_DIFF_KEEP=1` keeps the bodies and the module's answers under the target
//! directory; `ERRCAT_DIFF_NODE` names another node. Needs node (20 or later) and fails without
//! it; ignored by the fast suite, run by `.ci/run`:
//!
//! ```sh
//! cargo test -p errcat-cli --test it differential -- --ignored --nocapture
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use errcat::{Api, Outcome, RetryPolicy, Status, UserAction};

use crate::common::{body_error_kind, without_position};
use serde::Serialize;
use serde_json::Value;

const DEFAULT_SEED: u64 = 25;
const DEFAULT_BODIES: usize = 100_000;
/// Kinds of disagreement shown, each with its first bodies; the rest are counted.
const SHOWN: usize = 12;
const EXAMPLES: usize = 3;
const LOCALES: &[&str] = &["zh-CN", "zh-TW", "en-GB", "fr", "ZH_hant_HK", ""];

// ---- A small seeded generator (splitmix64) ----

struct Rng(u64);

impl Rng {
    /// Body `index` of run `seed`: each body has a generator of its own.
    fn for_body(seed: u64, index: usize) -> Rng {
        let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
}

// ---- What the generator says: the catalog's codes and state values, and odd values ----

/// The catalog's codes (with their status), aliases and state values, from `codes.toml`.
struct Vocab {
    codes: Vec<(String, char)>,
    /// The codes of each status letter.
    by_status: Vec<(char, Vec<String>)>,
    aliases: Vec<String>,
    states: Vec<String>,
}

fn vocab() -> Vocab {
    let text = fs::read_to_string(crate::common::catalog_path()).expect("codes.toml");
    let mut v = Vocab {
        codes: Vec::new(),
        by_status: Vec::new(),
        aliases: Vec::new(),
        states: Vec::new(),
    };
    let mut in_code = false;
    for line in text.lines() {
        let table = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(']'))
                .filter(|name| !name.contains('.'))
                .map(str::to_owned)
        };
        if line.starts_with('[') {
            in_code = false;
        }
        if let Some(code) = table("[codes.") {
            v.codes.push((code, '?'));
            in_code = true;
        } else if let Some(state) = table("[states.") {
            v.states.push(state);
        } else if let (true, Some(status)) = (in_code, line.strip_prefix("status = \"")) {
            if let Some(last) = v.codes.last_mut() {
                last.1 = status.chars().next().unwrap_or('?');
            }
        } else if let (true, Some(list)) = (in_code, line.strip_prefix("aliases = [")) {
            let list = list.split(']').next().unwrap_or("");
            v.aliases.extend(
                list.split(',')
                    .map(|a| a.trim().trim_matches('"').to_owned())
                    .filter(|a| !a.is_empty()),
            );
        }
    }
    for letter in ['S', 'F', 'U', 'A'] {
        let codes = v.codes.iter().filter(|(_, s)| *s == letter);
        let codes = codes.map(|(c, _)| c.clone()).collect();
        v.by_status.push((letter, codes));
    }
    assert!(
        v.codes.len() > 50,
        "codes.toml: {} codes read",
        v.codes.len()
    );
    assert!(v.states.len() >= 5, "codes.toml: {:?}", v.states);
    assert!(!v.aliases.is_empty(), "codes.toml: no aliases read");
    v
}

/// Numbers as JSON writes them (valid syntax): codes kept as their text, or values of the wrong
/// type; some out of a double's range (an error where the crate parses the value's type).
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "7",
    "-1",
    "42",
    "1.0e3",
    "1e5",
    "1E+5",
    "1e-7",
    "-1.5",
    "0.0",
    "123456789012345678901234567890",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "17976931348623157e292",
    "17976931348623159e292",
    "-1.7976931348623159e308",
    "1e309",
    "1e999",
    "-1e999",
    "0e999",
    "0.0e99999",
    "1e-400",
    "4.9e-324",
    "2.4703282292062328e-324",
    "1e99999999999999999999",
    "1e-99999999999999999999",
    "0.00000000000000000000000000000000000000001e350",
    "10000000000000000000000000000000000000000e270",
    "9.999999999999999e307",
];

/// Values that are not JSON, or not whole.
const BROKEN: &[&str] = &[
    "01",
    "1.",
    ".5",
    "-",
    "+1",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.e5",
    "--1",
    "tru",
    "nul",
    "nulll",
    "True",
    "'S'",
    "\"unterminated",
    "{",
    "[1,]",
    "{\"a\":1,}",
    "{,}",
    "[,1]",
    "{\"a\" 1}",
    "{\"a\":}",
    "{1:2}",
    "[",
    "]",
    "}",
    "",
    "\"\\x41\"",
    "\"\\u12G4\"",
    "\"\\u00\"",
    "\"a\tb\"",
    "\"\u{1}\"",
    "\"\\'\"",
    "undefined",
];

/// The content of JSON strings (already escaped) that trouble a reader: lone surrogates, half
/// pairs, pairs in either case, bad escapes.
const TROUBLE: &[&str] = &[
    "\\ud800",
    "\\udc00",
    "\\uDFFF",
    "\\ud800\\u0041",
    "\\ud800x",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "\\ud800\\ud800\\udc00",
    "\\ud800\\n",
    "\\udbff\\udfff",
    "\\u0000",
    "\\u001f",
    "\\u00e9",
    "\\uFEFF",
    "\\/",
    "\\b\\f\\n\\r\\t",
];

/// Raw text for strings: non-ASCII, odd code points, a BOM, separators.
const UNICODE: &[&str] = &[
    "é",
    "支付失败",
    "😀",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{ffff}",
    "\u{fffd}",
    "\u{7f}",
    "\u{a0}",
    "ſ",
    "K",
    "ＳＵＣＣＥＳＳ",
    "𝐒",
    "\u{10ffff}",
];

const STATUS_TEXTS: &[&str] = &[
    "s", "f", "u", "a", "success", "Success", "SUCCESS", "", " S", "S ", "X", "SS", "\u{a0}S",
];

const STATE_ODD: &[&str] = &[
    "AUTH_SUCCESS",
    "INIT",
    "UNKNOWN",
    "",
    "SUCCESS ",
    " SUCCESS",
    "ſUCCESS",
    "SUCCES",
    "FAILED",
    "CANCELED",
    "S",
    "F",
    "U",
    "ＳＵＣＣＥＳＳ",
    "constructor",
    "__proto__",
    "toString",
];

const CODE_ODD: &[&str] = &[
    "",
    "NOT_A_CODE",
    "success",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "支付失败",
    " SUCCESS",
    "SUCCESS ",
    "\u{17f}UCCESS",
];

const NOTIFY_TYPES: &[&str] = &[
    "PAYMENT_RESULT",
    "PAYMENT_PENDING",
    "CAPTURE_RESULT",
    "CAPTURE_PENDING",
    "REFUND_RESULT",
    "REFUND_PENDING",
    "payment_result",
    "Payment_Pending",
    "refund_result",
    "capture_pending",
    "CANCEL_RESULT",
    "PAYMENT",
    "PAYMENT_",
    "PAYMENT_RESULT ",
    "PAYMENTRESULT",
    "REFUND",
    "CAPTURE",
    "",
    "X",
    "PAYMENT_FAIL",
    "DISPUTE_RESULT",
    "ＰＡＹＭＥＮＴ_RESULT",
    "PAYMENé_RESULT",
    "PAYMENT_RESULTé",
    "é",
];

const TX_TYPES: &[&str] = &[
    "PAYMENT",
    "CAPTURE",
    "REFUND",
    "CANCEL",
    "AUTHORIZATION",
    "VOID",
    "payment",
    "Capture",
    "refund",
    "cancel",
    "PAY",
    "",
    "PAYMENT ",
    "ＰＡＹＭＥＮＴ",
];

const URLS: &[&str] = &[
    "https://wallet.example/c/1",
    "https://wallet.example/pay?id=1&x=é",
    "wallet://pay/1",
    "",
    "javascript:alert(1)",
    "https://wallet.example/\"quoted\"",
    "ünïcödé 😀",
    "line\nbreak",
    "\u{1b}[31mred",
];

const METHODS: &[&str] = &["POST", "GET", "post", "", "PUT"];

const MESSAGES: &[&str] = &[
    "success.",
    "",
    "Payment failed 支付失败",
    "line\nbreak",
    "emoji 😀",
    "tab\tand \"quotes\" and \\",
    "\u{0}",
];

/// Keys errcat does not read, some of them near the ones it does.
const NOISE_KEYS: &[&str] = &[
    "paymentRequestId",
    "paymentId",
    "paymentAmount",
    "paymentTime",
    "extendInfo",
    "x",
    "Result",
    "resultstatus",
    "PaymentStatus",
    "notifytype",
    "result ",
    "transaction",
    "redirectactionform",
    "NormalUrl",
    "",
    "é",
    "__proto__",
    "constructor",
];

/// Pieces a mutation inserts.
const PIECES: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\\",
    "\\u",
    "\\ud800",
    "-",
    "0",
    "1e999",
    ".",
    "e",
    " ",
    "x",
    "null",
    "é",
    "\u{feff}",
    "\u{0}",
    "\t",
    "\u{c}",
    "\u{a0}",
    "\u{2028}",
    "\"resultStatus\":\"S\",",
    "\"paymentStatus\":\"FAIL\",",
    "\"result\":",
    "\"resultStatus\":",
    "}}",
    "]]",
];

/// The objects a duplicate key is put in, chosen once per body: the top level, `result` (and a
/// `transactionResult`), `paymentResult`, a `transactions` entry, `redirectActionForm`, or an
/// object errcat does not read.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Level {
    Top,
    Result,
    PaymentResult,
    Entry,
    Form,
    Noise,
}

const LEVELS: &[Level] = &[
    Level::Top,
    Level::Top,
    Level::Result,
    Level::Result,
    Level::PaymentResult,
    Level::PaymentResult,
    Level::Entry,
    Level::Entry,
    Level::Form,
    Level::Form,
    Level::Noise,
];

/// One body's generator.
struct Gen<'v> {
    rng: Rng,
    v: &'v Vocab,
    /// The object that gets a key twice, if any.
    dup_at: Option<Level>,
    /// The levels at which some object of the body has a key twice (bit `Level as u8`).
    dups: u8,
}

type Members = Vec<(String, String)>;

impl Gen<'_> {
    fn ws(&mut self) -> &'static str {
        match self.rng.below(40) {
            0..=29 => "",
            30..=34 => " ",
            35 => "\n  ",
            36 => "\t",
            37 => "\r\n",
            38 => "  \n\t ",
            _ => {
                // White space JSON does not allow (a form feed, a no-break space) is rare.
                if self.rng.chance(20) {
                    self.rng.pick(&["\u{c}", "\u{a0}", "\u{feff}", "\u{b}"])
                } else {
                    " "
                }
            }
        }
    }

    /// A JSON string of `s`, escaped in one of several ways (`\u` escapes in either case,
    /// surrogate pairs, `\/`), rarely with a raw control character.
    fn string(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        let mode = self.rng.below(20);
        let upper = self.rng.chance(500);
        let hex = |out: &mut String, u: u32| {
            if upper {
                let _ = write!(out, "\\u{u:04X}");
            } else {
                let _ = write!(out, "\\u{u:04x}");
            }
        };
        for c in s.chars() {
            let escape = mode == 19 || (mode >= 16 && self.rng.chance(300));
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    if self.rng.chance(10) {
                        out.push(c);
                    } else {
                        match c {
                            '\n' if !escape => out.push_str("\\n"),
                            '\t' if !escape => out.push_str("\\t"),
                            '\r' if !escape => out.push_str("\\r"),
                            '\u{8}' if !escape => out.push_str("\\b"),
                            '\u{c}' if !escape => out.push_str("\\f"),
                            c => hex(&mut out, c as u32),
                        }
                    }
                }
                '/' if escape => out.push_str("\\/"),
                c if escape => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        hex(&mut out, u32::from(*u));
                    }
                }
                c => out.push(c),
            }
        }
        // Now and then, a piece of trouble inside the string.
        if self.rng.chance(8) {
            let at = out.len();
            let piece = self.rng.pick(TROUBLE);
            out.insert_str(at, piece);
        }
        out.push('"');
        out
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.below(10) as u8))
            .collect()
    }

    /// A number at the edge of a double's range (`1.7976931348623158e308`), or with more digits
    /// than a u64 holds: where the crate looks at a value's type, serde_json reads these its own
    /// way (a u64 significand, then a power of ten in doubles).
    fn edge_number(&mut self) -> String {
        let mut s = String::new();
        if self.rng.chance(200) {
            s.push('-');
        }
        let (a, b) = (self.rng.below(12), self.rng.below(25));
        let (int, fraction) = match self.rng.below(5) {
            0 => ("0".to_owned(), format!("17976931348623{}", self.digits(a))),
            1 | 2 => {
                // The largest double is 1.7976931348623157e308; the halfway point to the next
                // power of two, 1.797693134862315807...e308.
                let close = self.rng.pick(&["7", "8", "79", "80", "708", "807", "9"]);
                (
                    format!("1797693134862315{close}{}", self.digits(a % 5)),
                    self.digits(b % 8),
                )
            }
            3 => (
                format!("1844674407370955161{}", self.digits(a % 4)),
                self.digits(b % 6),
            ),
            _ => {
                let first = 1 + self.rng.below(9);
                (format!("{first}{}", self.digits(b)), self.digits(a * 2))
            }
        };
        s.push_str(&int);
        if !fraction.is_empty() {
            s.push('.');
            s.push_str(&fraction);
        }
        // The exponent that puts the value near 1.8e308, give or take one.
        let magnitude = if int == "0" { -1 } else { int.len() as i64 - 1 };
        let exponent = match self.rng.below(10) {
            0 => 999_999_999_999,
            1 => -(self.rng.below(400) as i64),
            _ => 308 - magnitude + self.rng.below(3) as i64 - 1,
        };
        if exponent != 0 || self.rng.chance(500) {
            s.push(if self.rng.chance(500) { 'e' } else { 'E' });
            if exponent >= 0 && self.rng.chance(300) {
                s.push('+');
            }
            s.push_str(&exponent.to_string());
        }
        s
    }

    fn number(&mut self) -> String {
        if self.rng.chance(150) {
            return self.edge_number();
        }
        if self.rng.chance(30) {
            // A long integer: hundreds of digits (beyond a double's range past 309).
            let n = 1 + self.rng.below(400);
            let mut s = String::from("1");
            s.extend(std::iter::repeat_n('0', n));
            if self.rng.chance(300) {
                s.push_str(".5");
            }
            return s;
        }
        (*self.rng.pick(NUMBERS)).to_owned()
    }

    /// A text with odd characters now and then.
    fn text(&mut self, base: &str) -> String {
        let mut s = base.to_owned();
        if self.rng.chance(100) {
            let piece = self.rng.pick(UNICODE);
            if self.rng.chance(500) {
                s.push_str(piece);
            } else {
                s.insert_str(0, piece);
            }
        }
        s
    }

    /// A value where a string or an object goes that is of another JSON type (or broken).
    fn odd(&mut self) -> String {
        match self.rng.below(14) {
            0 | 1 => self.number(),
            2 => "null".to_owned(),
            3 => "true".to_owned(),
            4 => "false".to_owned(),
            5 => "[]".to_owned(),
            6 => format!("[{},{}]", self.number(), self.string("x")),
            7 => "{}".to_owned(),
            8 => format!("{{\"a\":{}}}", self.number()),
            9 => self.deep(),
            10 => format!("\"{}\"", self.rng.pick(TROUBLE)),
            11 => (*self.rng.pick(BROKEN)).to_owned(),
            12 => self.noise(2),
            _ => {
                let s = self.text("x");
                self.string(&s)
            }
        }
    }

    /// Nesting up to 300 deep (arrays or objects), sometimes left open.
    fn deep(&mut self) -> String {
        let most = if self.rng.chance(300) { 300 } else { 140 };
        let depth = 1 + self.rng.below(most);
        let objects = self.rng.chance(400);
        let mut s = String::new();
        for _ in 0..depth {
            s.push_str(if objects { "{\"a\":" } else { "[" });
        }
        s.push_str(if objects { "1" } else { "" });
        let close = if self.rng.chance(50) {
            depth - 1
        } else {
            depth
        };
        for _ in 0..close {
            s.push(if objects { '}' } else { ']' });
        }
        s
    }

    /// Any JSON value errcat does not read.
    fn noise(&mut self, budget: usize) -> String {
        match self.rng.below(if budget == 0 { 5 } else { 9 }) {
            0 => self.number(),
            1 => {
                let s = self.text("pay_1");
                self.string(&s)
            }
            2 => (*self.rng.pick(&["null", "true", "false"])).to_owned(),
            3 => format!("\"{}\"", self.rng.pick(TROUBLE)),
            4 => self.string(""),
            5 => self.deep(),
            6 | 7 => {
                let n = self.rng.below(4);
                let members = (0..n)
                    .map(|_| {
                        let k = if self.rng.chance(500) {
                            (*self.rng.pick(&[
                                "currency",
                                "value",
                                "a",
                                "resultStatus",
                                "paymentStatus",
                            ]))
                            .to_owned()
                        } else {
                            self.text("k")
                        };
                        (k, self.noise(budget - 1))
                    })
                    .collect();
                self.object(members, Level::Noise)
            }
            _ => {
                let n = self.rng.below(4);
                let items: Vec<String> = (0..n).map(|_| self.noise(budget - 1)).collect();
                self.array(&items)
            }
        }
    }

    fn array(&mut self, items: &[String]) -> String {
        let mut s = String::from("[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(self.ws());
                s.push(',');
            }
            s.push_str(self.ws());
            s.push_str(item);
        }
        s.push_str(self.ws());
        s.push(']');
        s
    }

    /// An object of `members`, in order; at the body's chosen level, one of its keys twice.
    fn object(&mut self, mut members: Members, level: Level) -> String {
        if self.dup_at == Some(level) && !members.is_empty() {
            self.dup_at = None;
            let i = self.rng.below(members.len());
            let key = members[i].0.clone();
            let value = if self.rng.chance(400) {
                members[i].1.clone()
            } else {
                self.value_of(level, &key)
            };
            let at = self.rng.below(members.len() + 1);
            members.insert(at, (key, value));
        }
        let mut seen = HashSet::new();
        let mut s = String::from("{");
        for (i, (key, value)) in members.iter().enumerate() {
            if !seen.insert(key.as_str()) {
                self.dups |= 1 << level as u8;
            }
            if i > 0 {
                s.push_str(self.ws());
                s.push(',');
            }
            s.push_str(self.ws());
            let k = if self.rng.chance(30) {
                // Escaped all through: `"\u0072esult..."` is still `result`.
                let escaped = key.encode_utf16().fold(String::new(), |mut out, u| {
                    let _ = write!(out, "\\u{u:04x}");
                    out
                });
                format!("\"{escaped}\"")
            } else {
                self.string(key)
            };
            s.push_str(&k);
            s.push_str(self.ws());
            s.push(':');
            s.push_str(self.ws());
            s.push_str(value);
        }
        s.push_str(self.ws());
        s.push('}');
        s
    }

    /// A new value for a key of an object at `level` (for a key given twice).
    fn value_of(&mut self, level: Level, key: &str) -> String {
        match level {
            Level::Top => self.top_value(key),
            Level::Result | Level::PaymentResult => self.result_value(key, None),
            Level::Entry => self.entry_value(key),
            Level::Form => self.form_value(key),
            Level::Noise => self.noise(1),
        }
    }

    fn status_letter(&mut self) -> char {
        match self.rng.below(100) {
            0..=34 => 'S',
            35..=64 => 'F',
            65..=84 => 'U',
            _ => 'A',
        }
    }

    fn status_value(&mut self, letter: char) -> String {
        match self.rng.below(100) {
            0..=94 => self.string(letter.encode_utf8(&mut [0; 4])),
            95..=97 => {
                let s = self.rng.pick(STATUS_TEXTS);
                self.string(s)
            }
            _ => self.odd(),
        }
    }

    fn code_value(&mut self, letter: Option<char>) -> String {
        let v = self.v;
        match self.rng.below(100) {
            0..=59 => {
                // A code of the status sent with it, mostly.
                let of = |l: char| v.by_status.iter().find(|(s, _)| *s == l).map(|(_, c)| c);
                let code = match letter.and_then(of).filter(|c| !c.is_empty()) {
                    Some(codes) => codes[self.rng.below(codes.len())].clone(),
                    None => v.codes[self.rng.below(v.codes.len())].0.clone(),
                };
                self.string(&code)
            }
            60..=79 => {
                let code = v.codes[self.rng.below(v.codes.len())].0.clone();
                self.string(&code)
            }
            80..=84 => {
                let alias = v.aliases[self.rng.below(v.aliases.len())].clone();
                self.string(&alias)
            }
            85..=89 => {
                let code = v.codes[self.rng.below(v.codes.len())]
                    .0
                    .to_ascii_lowercase();
                let s = self.text(&code);
                self.string(&s)
            }
            90..=93 => {
                let s = self.rng.pick(CODE_ODD);
                self.string(s)
            }
            94..=96 => self.number(),
            _ => self.odd(),
        }
    }

    fn message_value(&mut self) -> String {
        match self.rng.below(100) {
            0..=74 => {
                let m = self.rng.pick(MESSAGES);
                let m = self.text(m);
                self.string(&m)
            }
            75..=89 => "null".to_owned(),
            _ => self.odd(),
        }
    }

    fn state_value(&mut self) -> String {
        match self.rng.below(100) {
            0..=69 => {
                let s = self.v.states[self.rng.below(self.v.states.len())].clone();
                self.string(&s)
            }
            70..=79 => {
                // The state in another case.
                let s = self.v.states[self.rng.below(self.v.states.len())].clone();
                let s = match self.rng.below(3) {
                    0 => s.to_ascii_lowercase(),
                    1 => s
                        .chars()
                        .enumerate()
                        .map(|(i, c)| if i == 0 { c } else { c.to_ascii_lowercase() })
                        .collect(),
                    _ => s
                        .chars()
                        .enumerate()
                        .map(|(i, c)| {
                            if i % 2 == 0 {
                                c
                            } else {
                                c.to_ascii_lowercase()
                            }
                        })
                        .collect(),
                };
                self.string(&s)
            }
            80..=89 => {
                let s = self.rng.pick(STATE_ODD);
                self.string(s)
            }
            90..=93 => "null".to_owned(),
            94..=96 => self.number(),
            _ => self.odd(),
        }
    }

    fn notify_value(&mut self) -> String {
        match self.rng.below(100) {
            0..=89 => {
                let t = self.rng.pick(NOTIFY_TYPES);
                self.string(t)
            }
            90..=93 => "null".to_owned(),
            94..=95 => self.number(),
            _ => self.odd(),
        }
    }

    fn url_value(&mut self) -> String {
        match self.rng.below(100) {
            0..=84 => {
                let u = self.rng.pick(URLS);
                let u = self.text(u);
                self.string(&u)
            }
            85..=93 => "null".to_owned(),
            94..=96 => self.number(),
            _ => self.odd(),
        }
    }

    /// A result object (`result`, `paymentResult`, `transactionResult`), or now and then a
    /// value of another type.
    fn result_object(&mut self, level: Level) -> String {
        match self.rng.below(100) {
            0..=3 => return "null".to_owned(),
            4..=6 => return self.odd(),
            _ => {}
        }
        let letter = self.status_letter();
        let mut members = Members::new();
        if self.rng.chance(980) {
            members.push(("resultStatus".into(), self.status_value(letter)));
        }
        if self.rng.chance(980) {
            members.push(("resultCode".into(), self.code_value(Some(letter))));
        }
        if self.rng.chance(700) {
            members.push(("resultMessage".into(), self.message_value()));
        }
        if self.rng.chance(150) {
            let key = self.rng.pick(NOISE_KEYS).to_owned();
            members.push((key, self.noise(2)));
        }
        self.shuffle_some(&mut members);
        self.object(members, level)
    }

    fn result_value(&mut self, key: &str, letter: Option<char>) -> String {
        let letter = letter.unwrap_or_else(|| self.status_letter());
        match key {
            "resultStatus" => self.status_value(letter),
            "resultCode" => self.code_value(Some(letter)),
            "resultMessage" => self.message_value(),
            _ => self.noise(1),
        }
    }

    fn transactions(&mut self) -> String {
        match self.rng.below(100) {
            0..=4 => return "null".to_owned(),
            5..=7 => return self.odd(),
            8..=12 => return "[]".to_owned(),
            _ => {}
        }
        let n = 1 + self.rng.below(5);
        let items: Vec<String> = (0..n)
            .map(|_| {
                if self.rng.chance(970) {
                    self.entry()
                } else {
                    self.odd()
                }
            })
            .collect();
        self.array(&items)
    }

    fn entry(&mut self) -> String {
        let mut members = Members::new();
        if self.rng.chance(800) {
            members.push((
                "transactionType".into(),
                self.entry_value("transactionType"),
            ));
        }
        if self.rng.chance(600) {
            members.push(("transactionStatus".into(), self.state_value()));
        }
        if self.rng.chance(550) {
            members.push((
                "transactionResult".into(),
                self.result_object(Level::Result),
            ));
        }
        if self.rng.chance(500) {
            members.push(("transactionId".into(), self.string("2022")));
        }
        if self.rng.chance(200) {
            members.push(("transactionAmount".into(), self.noise(2)));
        }
        self.shuffle_some(&mut members);
        self.object(members, Level::Entry)
    }

    fn entry_value(&mut self, key: &str) -> String {
        match key {
            "transactionType" => match self.rng.below(100) {
                0..=89 => {
                    let t = self.rng.pick(TX_TYPES);
                    self.string(t)
                }
                90..=94 => "null".to_owned(),
                95..=96 => self.number(),
                _ => self.odd(),
            },
            "transactionStatus" => self.state_value(),
            "transactionResult" => self.result_object(Level::Result),
            _ => self.noise(1),
        }
    }

    fn form(&mut self) -> String {
        match self.rng.below(100) {
            0..=4 => return "null".to_owned(),
            5..=7 => return self.odd(),
            _ => {}
        }
        let mut members = Members::new();
        if self.rng.chance(850) {
            members.push(("redirectUrl".into(), self.url_value()));
        }
        if self.rng.chance(600) {
            members.push(("method".into(), self.form_value("method")));
        }
        if self.rng.chance(300) {
            members.push(("parameters".into(), self.noise(2)));
        }
        if self.rng.chance(300) {
            members.push(("actionFormType".into(), self.string("RedirectActionForm")));
        }
        self.shuffle_some(&mut members);
        self.object(members, Level::Form)
    }

    fn form_value(&mut self, key: &str) -> String {
        match key {
            "redirectUrl" => self.url_value(),
            "method" => match self.rng.below(100) {
                0..=89 => {
                    let m = self.rng.pick(METHODS);
                    self.string(m)
                }
                90..=94 => "null".to_owned(),
                95..=96 => self.number(),
                _ => self.odd(),
            },
            _ => self.noise(1),
        }
    }

    fn top_value(&mut self, key: &str) -> String {
        match key {
            "result" => self.result_object(Level::Result),
            "paymentResult" => self.result_object(Level::PaymentResult),
            "resultStatus" | "resultCode" | "resultMessage" => self.result_value(key, None),
            "paymentStatus" | "refundStatus" | "transactionStatus" => self.state_value(),
            "paymentResultCode" | "refundResultCode" => {
                if self.rng.chance(100) {
                    "null".to_owned()
                } else {
                    self.code_value(None)
                }
            }
            "transactions" => self.transactions(),
            "notifyType" => self.notify_value(),
            "normalUrl" | "schemeUrl" | "applinkUrl" => self.url_value(),
            "redirectActionForm" => self.form(),
            _ => self.noise(3),
        }
    }

    /// Shuffles half the time (the order decides which problem is found first).
    fn shuffle_some(&mut self, members: &mut Members) {
        if self.rng.chance(500) {
            for i in (1..members.len()).rev() {
                let j = self.rng.below(i + 1);
                members.swap(i, j);
            }
        }
    }

    /// The top-level object, by one of a few shapes (operation, inquiry, refund inquiry,
    /// notification, bare result, transactions, waiting for the shopper, anything).
    fn top_object(&mut self) -> String {
        // Per mille, for each key read: operation, inquiry, refund inquiry, notification,
        // bare result, transactions, user action, chaos.
        const KEYS: &[(&str, [usize; 8])] = &[
            ("result", [960, 850, 850, 800, 80, 600, 900, 350]),
            ("resultStatus", [15, 5, 5, 5, 950, 10, 5, 120]),
            ("resultCode", [15, 5, 5, 5, 950, 10, 5, 120]),
            ("resultMessage", [10, 5, 5, 5, 500, 5, 5, 120]),
            ("paymentStatus", [80, 800, 50, 300, 50, 100, 50, 350]),
            ("paymentResultCode", [50, 600, 30, 200, 30, 50, 30, 350]),
            ("refundStatus", [30, 40, 800, 150, 30, 50, 20, 350]),
            ("refundResultCode", [20, 20, 600, 100, 20, 30, 20, 350]),
            ("transactionStatus", [40, 150, 100, 100, 30, 100, 30, 350]),
            ("paymentResult", [40, 250, 30, 300, 30, 50, 30, 350]),
            ("transactions", [80, 350, 250, 200, 50, 950, 50, 350]),
            ("notifyType", [30, 30, 30, 950, 30, 50, 30, 350]),
            ("normalUrl", [150, 40, 20, 40, 60, 40, 600, 350]),
            ("schemeUrl", [100, 30, 20, 30, 60, 30, 500, 350]),
            ("applinkUrl", [100, 30, 20, 30, 60, 30, 500, 350]),
            ("redirectActionForm", [100, 30, 20, 30, 60, 30, 600, 350]),
        ];
        let shape = self.rng.below(8);
        // The object that gets a key twice is there.
        let wanted = match self.dup_at {
            Some(Level::Result) => "result",
            Some(Level::PaymentResult) => "paymentResult",
            Some(Level::Entry) => "transactions",
            Some(Level::Form) => "redirectActionForm",
            _ => "",
        };
        let mut members = Members::new();
        for (key, odds) in KEYS {
            if *key == wanted || self.rng.chance(odds[shape]) {
                let value = self.top_value(key);
                members.push(((*key).to_owned(), value));
            }
        }
        for _ in 0..self.rng.below(4) {
            let key = self.rng.pick(NOISE_KEYS).to_owned();
            let value = self.noise(3);
            members.push((key, value));
        }
        self.shuffle_some(&mut members);
        self.object(members, Level::Top)
    }

    /// A body that is not an object (or not JSON at all).
    fn not_an_object(&mut self) -> String {
        match self.rng.below(13) {
            0 => "[]".to_owned(),
            1 => {
                let o = self.top_object();
                format!("[{o}]")
            }
            2 => self.string("x"),
            3 => self.number(),
            4 => (*self.rng.pick(&["null", "true", "false"])).to_owned(),
            5 => (*self.rng.pick(&["", "   ", "\n", "\u{feff}", "\u{feff}{}"])).to_owned(),
            6 => "<html>502 Bad Gateway</html>".to_owned(),
            7 => self.deep(),
            8 => format!("\"{}\"", self.rng.pick(TROUBLE)),
            9 => {
                // A number where an object goes, at the edge of a double's range.
                let n = self.edge_number();
                if self.rng.chance(500) {
                    n
                } else {
                    let key = self.rng.pick(&[
                        "result",
                        "paymentResult",
                        "transactions",
                        "redirectActionForm",
                    ]);
                    format!("{{\"{key}\":{n}}}")
                }
            }
            _ => (*self.rng.pick(BROKEN)).to_owned(),
        }
    }

    /// A body cut short, changed a character at a time, given trailing data.
    fn mutate(&mut self, text: String) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + self.rng.below(2) {
            let at = self.rng.below(chars.len() + 1);
            match self.rng.below(7) {
                0 => chars.truncate(at),
                1 => {
                    let end = (at + 1 + self.rng.below(3)).min(chars.len());
                    chars.drain(at.min(end)..end);
                }
                2 | 3 => {
                    let piece = self.rng.pick(PIECES);
                    chars.splice(at..at, piece.chars());
                }
                4 => {
                    // A slice of the body again, right after itself: keys given twice.
                    let end = (at + 1 + self.rng.below(40)).min(chars.len());
                    let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                    chars.splice(end..end, copy);
                }
                5 => {
                    let piece = self
                        .rng
                        .pick(&[" ", "x", "}", "{}", ",", "\n", "null", "\u{0}", "]"]);
                    chars.extend(piece.chars());
                }
                _ => {
                    if at < chars.len() {
                        let with = ['"', '{', '}', ',', ':', 'S', '0', ' ', 'é'];
                        chars[at] = with[self.rng.below(with.len())];
                    }
                }
            }
        }
        chars.into_iter().collect()
    }

    /// One body's text.
    fn body(&mut self) -> String {
        if self.rng.chance(250) {
            self.dup_at = Some(LEVELS[self.rng.below(LEVELS.len())]);
        }
        let mut text = if self.rng.chance(40) {
            self.not_an_object()
        } else {
            self.top_object()
        };
        if self.rng.chance(100) {
            text = self.mutate(text);
        }
        if self.rng.chance(5) {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

// ---- Each side's answer, in one JSON shape ----

/// What a reading answers: the outcome and what `handleAPIResponse` describes beside it, or the
/// error. Serialized the way `differential.mjs` writes the module's (the command's JSON names).
#[derive(Serialize)]
#[serde(untagged)]
enum Answer<'a> {
    Read {
        api: &'static str,
        status: &'static str,
        raw_code: &'a str,
        outcome: OutcomeAnswer<'a>,
    },
    Refused {
        error: &'static str,
        message: String,
    },
}

#[derive(Serialize)]
struct OutcomeAnswer<'a> {
    state: &'static str,
    code: Option<&'a str>,
    from: Option<String>,
    retry: RetryPolicy,
    user_message: &'static str,
    user_action: Option<&'a UserAction>,
}

/// What a disagreement is about: each side's error kind (or `read`), and which fields differ.
fn group_of(rust: &Value, module: &Value) -> String {
    let side = |v: &Value| {
        v["error"]
            .as_str()
            .unwrap_or(if v.is_null() { "not JSON" } else { "read" })
            .to_owned()
    };
    let mut group = format!("rust {}, module {}", side(rust), side(module));
    if rust["error"].is_string() && module["error"].is_string() {
        group.push_str(": the message differs");
    } else if !rust["error"].is_string() && !module["error"].is_string() {
        let mut fields = Vec::new();
        for key in ["api", "status", "raw_code"] {
            if rust[key] != module[key] {
                fields.push(key.to_owned());
            }
        }
        for key in [
            "state",
            "code",
            "from",
            "retry",
            "user_message",
            "user_action",
        ] {
            if rust["outcome"][key] != module["outcome"][key] {
                fields.push(format!("outcome.{key}"));
            }
        }
        let _ = write!(group, ": {} differ", fields.join(", "));
    }
    group
}

/// What the crate answered, for the summary: the error's kind, or the state and the deciding
/// field (without an index).
enum Said {
    Refused(&'static str),
    Read(&'static str, String),
}

/// The crate's answer for `body` read as `api` (inferred where `None`), its message in `locale`.
fn crate_answer(api: Option<Api>, body: &str, locale: &str) -> (String, Said) {
    match Outcome::from_json(api, body.as_bytes()) {
        Ok(outcome) => {
            // What `handleAPIResponse` (and the command) describe: the body's own result, else
            // the nested result that decided, else the deciding state's status.
            let described = outcome.result().or(outcome.deciding_result());
            let status: Status = described.map_or(outcome.status(), |r| r.status);
            let decision = outcome.decision();
            let from = outcome.decided_by().map(|f| f.to_string());
            let field = from
                .as_deref()
                .map_or("null", |f| f.split('[').next().unwrap_or(f))
                .to_owned();
            let answer = Answer::Read {
                api: outcome.api().as_str(),
                status: status.as_str(),
                raw_code: described.map_or("", |r| r.code.as_str()),
                outcome: OutcomeAnswer {
                    state: outcome.state().as_str(),
                    code: outcome.code(),
                    from,
                    retry: decision.retry(),
                    user_message: decision.user_message_in(locale),
                    user_action: outcome.user_action(),
                },
            };
            let said = Said::Read(outcome.state().as_str(), field);
            (serde_json::to_string(&answer).unwrap(), said)
        }
        Err(err) => {
            let answer = Answer::Refused {
                error: body_error_kind(&err),
                message: without_position(&err.to_string()).to_owned(),
            };
            (
                serde_json::to_string(&answer).unwrap(),
                Said::Refused(body_error_kind(&err)),
            )
        }
    }
}

// ---- The run ----

/// A number from the environment: decimal (`_` allowed) or `0x` hex.
fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim().replace('_', "");
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

/// `ERRCAT_DIFF_SEED`: a number, or `random` (from the clock; printed, to replay).
fn seed() -> u64 {
    if std::env::var("ERRCAT_DIFF_SEED").is_ok_and(|v| v == "random") {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        return (nanos as u64) ^ u64::from(std::process::id());
    }
    env_number("ERRCAT_DIFF_SEED").unwrap_or(DEFAULT_SEED)
}

/// `node`, checked: the test fails, never passes, without it.
fn node() -> String {
    let node = std::env::var("ERRCAT_DIFF_NODE").unwrap_or_else(|_| "node".to_owned());
    match Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                println!("0 passed, 1 failed");
                panic!(
                    "differential: {node} {version} is too old: the test needs node 20 or later"
                );
            }
            println!("differential: {node} {version}");
            node
        }
        _ => {
            println!("0 passed, 1 failed");
            panic!(
                "differential: `{node} --version` does not run: the test needs node (20 or later) on PATH"
            );
        }
    }
}

/// The JavaScript export of the built binary, in `dir`, as an ES module Node reads.
fn export_module(dir: &Path) -> PathBuf {
    let status = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["export", "--format", "javascript", "-o"])
        .arg(dir)
        .status()
        .expect("errcat runs");
    assert!(status.success(), "errcat export --format javascript failed");
    fs::write(dir.join("package.json"), "{\"type\": \"module\"}\n").unwrap();
    dir.join("errcat.js")
}

#[test]
#[ignore = "needs node (20 or later) and takes a while: .ci/run runs it"]
fn differential_rust_against_javascript() {
    let started = Instant::now();
    let seed = seed();
    let count =
        env_number("ERRCAT_DIFF_BODIES").map_or(DEFAULT_BODIES, |n| usize::try_from(n).unwrap());
    println!(
        "differential: seed {seed} ({count} bodies; replay with ERRCAT_DIFF_SEED={seed} ERRCAT_DIFF_BODIES={count})"
    );
    let node = node();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("differential-{seed}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let module = export_module(&dir);

    // The bodies, and the locale each is read in.
    let v = vocab();
    let mut apis: Vec<Option<Api>> = vec![None];
    apis.extend(Api::ALL.map(Some));
    let mut bodies = Vec::with_capacity(count);
    // Bodies with a key twice in an object errcat reads, and by object (in `Level` order).
    let mut with_dup = 0usize;
    let mut dup_at = [0usize; 6];
    for index in 0..count {
        let mut g = Gen {
            rng: Rng::for_body(seed, index),
            v: &v,
            dup_at: None,
            dups: 0,
        };
        let text = g.body();
        let locale = if g.rng.chance(850) {
            "en"
        } else {
            g.rng.pick(LOCALES)
        };
        // A key given twice in an object the generator wrote (a mutation's copies not counted),
        // by the object it is in.
        if g.dups & !(1 << Level::Noise as u8) != 0 {
            with_dup += 1;
        }
        for (i, n) in dup_at.iter_mut().enumerate() {
            *n += usize::from(g.dups & (1 << i) != 0);
        }
        bodies.push((locale, text));
    }
    let bodies_path = dir.join("bodies.jsonl");
    {
        let mut w = BufWriter::new(fs::File::create(&bodies_path).unwrap());
        let names: Vec<Option<&str>> = apis.iter().map(|a| a.map(Api::as_str)).collect();
        serde_json::to_writer(&mut w, &serde_json::json!({ "apis": names })).unwrap();
        w.write_all(b"\n").unwrap();
        for (locale, text) in &bodies {
            serde_json::to_writer(&mut w, &(locale, text)).unwrap();
            w.write_all(b"\n").unwrap();
        }
        w.flush().unwrap();
    }
    let generated = started.elapsed();

    // The module's answers: one Node process for all of them, running while the crate reads.
    let answers_path = dir.join("answers.jsonl");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ts/differential.mjs");
    let js_started = Instant::now();
    let child = Command::new(&node)
        .arg(script)
        .arg(&module)
        .arg(&bodies_path)
        .arg(&answers_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");

    // The crate's answers, each kept once (most readings repeat an answer).
    let rust_started = Instant::now();
    let mut distinct: HashMap<String, u32> = HashMap::new();
    let mut texts: Vec<String> = Vec::new();
    let mut expected: Vec<u32> = Vec::with_capacity(count * apis.len());
    let mut refused = 0usize;
    let mut duplicate_key = 0usize;
    // What the crate answered: bodies refused by kind, readings by state and deciding field.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    let mut froms: BTreeMap<String, usize> = BTreeMap::new();
    for (locale, text) in &bodies {
        let mut body_refused = None;
        for api in &apis {
            let (answer, said) = crate_answer(*api, text, locale);
            match said {
                Said::Refused(kind) => body_refused = body_refused.or(Some(kind)),
                Said::Read(state, from) => {
                    *states.entry(state.to_owned()).or_default() += 1;
                    *froms.entry(from).or_default() += 1;
                }
            }
            let id = match distinct.get(&answer) {
                Some(id) => *id,
                None => {
                    let id = u32::try_from(texts.len()).unwrap();
                    distinct.insert(answer.clone(), id);
                    texts.push(answer);
                    id
                }
            };
            expected.push(id);
        }
        if let Some(kind) = body_refused {
            refused += 1;
            if kind == "duplicateKey" {
                duplicate_key += 1;
            }
            *kinds.entry(kind.to_owned()).or_default() += 1;
        }
    }
    drop(distinct);
    let rust_time = rust_started.elapsed();

    let out = child.wait_with_output().expect("node runs");
    let js_time = js_started.elapsed();
    assert!(
        out.status.success(),
        "differential.mjs failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let answers = fs::read_to_string(&answers_path).unwrap();
    let mut answers = answers.lines();

    // Compared reading by reading. Disagreements are grouped by what differs (each side's
    // error kind or `read`, and the fields that differ): the first body of each group is shown
    // with every API it disagrees under.
    let (mut passed, mut failed) = (0usize, 0usize);
    // Each kind of disagreement: how many readings, and its first bodies, each with the APIs
    // it disagrees under and both answers.
    let mut groups: Vec<(String, usize, Vec<String>)> = Vec::new();
    let mut expected = expected.into_iter();
    for (index, (locale, text)) in bodies.iter().enumerate() {
        let mut here: Vec<(String, Vec<&str>, &str, &str)> = Vec::new();
        for api in &apis {
            let expected = texts[expected.next().unwrap() as usize].as_str();
            let got = answers
                .next()
                .unwrap_or("<no answer: the module's answers ended>");
            if got == expected {
                passed += 1;
                continue;
            }
            let (a, b) = (
                serde_json::from_str::<Value>(expected).unwrap_or(Value::Null),
                serde_json::from_str::<Value>(got).unwrap_or(Value::Null),
            );
            if a == b && !a.is_null() {
                passed += 1;
                continue;
            }
            failed += 1;
            let name = api.map_or("(inferred)", Api::as_str);
            let group = group_of(&a, &b);
            match here
                .iter_mut()
                .find(|(_, _, e, m)| *e == expected && *m == got)
            {
                Some((_, names, ..)) => names.push(name),
                None => here.push((group, vec![name], expected, got)),
            }
        }
        let mut kinds_here: Vec<&String> = here.iter().map(|(g, ..)| g).collect();
        kinds_here.sort();
        kinds_here.dedup();
        for group in kinds_here {
            let n = here
                .iter()
                .filter(|(g, ..)| g == group)
                .map(|(_, names, ..)| names.len())
                .sum::<usize>();
            let at = match groups.iter().position(|(g, ..)| g == group) {
                Some(at) => at,
                None => {
                    groups.push((group.clone(), 0, Vec::new()));
                    groups.len() - 1
                }
            };
            groups[at].1 += n;
            if groups[at].2.len() == EXAMPLES {
                continue;
            }
            let mut example = format!(
                "  seed {seed} body #{index} locale {locale:?}\n  body:   {}\n",
                serde_json::to_string(text).unwrap()
            );
            for (_, names, expected, got) in here.iter().filter(|(g, ..)| g == group) {
                let _ = write!(
                    example,
                    "  api {}:\n    rust:   {expected}\n    module: {got}\n",
                    names.join(", ")
                );
            }
            groups[at].2.push(example);
        }
    }
    assert!(
        answers.next().is_none(),
        "the module wrote more answers than readings"
    );
    for (i, (group, n, examples)) in groups.iter().enumerate() {
        if i == SHOWN {
            println!(
                "... and {} more kinds of disagreement",
                groups.len() - SHOWN
            );
            break;
        }
        println!("DISAGREE ({n} readings): {group}\n{}", examples.join(""));
    }
    let readings = passed + failed;
    println!(
        "differential: {count} bodies, {with_dup} with a key given twice in an object errcat reads \
         (top level {}, result or transactionResult {}, paymentResult {}, transactions entry {}, \
         redirectActionForm {}; and {} in an object it skips), {duplicate_key} refused for it; \
         {refused} refused in all",
        dup_at[0], dup_at[1], dup_at[2], dup_at[3], dup_at[4], dup_at[5]
    );
    println!(
        "differential: {readings} readings compared ({} APIs and none, per body): generated in \
         {generated:.1?}, the crate's answers in {rust_time:.1?}, node's (alongside) done after \
         {js_time:.1?}, compared, total {:.1?}",
        apis.len() - 1,
        started.elapsed()
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let list = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("differential: bodies refused: {}", list(&kinds));
    println!("differential: readings by state: {}", list(&states));
    println!("differential: readings by deciding field: {}", list(&froms));
    println!("{passed} passed, {failed} failed");
    if failed == 0 && std::env::var_os("ERRCAT_DIFF_KEEP").is_none() {
        let _ = fs::remove_dir_all(&dir);
    } else {
        println!(
            "differential: the bodies are kept in {}",
            bodies_path.display()
        );
    }
    assert_eq!(
        failed, 0,
        "the crate and the JavaScript module disagree (seed {seed})"
    );
    // The corpus is what it claims: keys given twice are a good share of it.
    assert!(
        count < 10_000 || with_dup * 10 >= count,
        "only {with_dup} of {count} bodies have a key given twice"
    );
}
