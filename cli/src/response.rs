//! Reading a platform response for `classify --response`: the whole body with a `result`
//! object, or the bare `result` object.
//!
//! Strict where the answer depends on it (the document must be JSON; `resultStatus` must be
//! one of `S`, `F`, `U`, `A`; `resultCode` must be there), lenient everywhere else: extra
//! fields at any level are ignored, `resultMessage` may be missing, `null` or anything else,
//! and a code the catalog does not know (an `A` result with `ACCEPT`, a numeric string, even a
//! JSON number) is kept as sent. A key the answer depends on (`result`, `resultStatus`,
//! `resultCode`, `resultMessage`) given twice in one object is an error: a JSON reader keeps
//! one of the two silently, and which one decides between a failure and a success.

use std::collections::HashSet;
use std::fmt;

use errcat::Status;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The keys whose repetition makes a response ambiguous.
const ANSWER_KEYS: [&str; 4] = ["result", "resultStatus", "resultCode", "resultMessage"];

/// A pass over the document that fails on an [`ANSWER_KEYS`] key repeated in the top-level
/// object or in its `result` object. Everything else is skipped unread.
struct NoRepeatedAnswerKeys;

/// Visits the top-level object (`depth` 0) and the `result` object in it (`depth` 1).
struct Checker {
    depth: u8,
}

impl<'de> Deserialize<'de> for NoRepeatedAnswerKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Checker { depth: 0 })
    }
}

/// The `result` object's check, as a seed for its value.
impl<'de> de::DeserializeSeed<'de> for Checker {
    type Value = NoRepeatedAnswerKeys;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checker {
    type Value = NoRepeatedAnswerKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let answer = ANSWER_KEYS.contains(&key.as_str());
            if answer && !seen.insert(key.clone()) {
                let place = if self.depth == 0 {
                    "the response"
                } else {
                    "`result`"
                };
                return Err(de::Error::custom(format!(
                    "`{key}` appears twice in {place}, so the answer is ambiguous"
                )));
            }
            if self.depth == 0 && key == "result" {
                map.next_value_seed(Checker { depth: 1 })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(NoRepeatedAnswerKeys)
    }
}

/// The parts of a result the command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultFields {
    /// `resultStatus`.
    pub status: Status,
    /// `resultCode` as sent (a JSON number as its text).
    pub code: String,
    /// `resultMessage`, when it is a string: for logs, never for the end user.
    pub server_message: Option<String>,
}

/// The JSON type of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a response. The error names the problem, without the source's name.
pub fn parse(bytes: &[u8]) -> Result<ResultFields, String> {
    let document: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("malformed JSON: {e}"))?;
    serde_json::from_slice::<NoRepeatedAnswerKeys>(bytes).map_err(|e| e.to_string())?;
    let Value::Object(top) = document else {
        return Err(format!(
            "expected a JSON object (a response body with a `result` object, or the `result` \
             object itself), found {}",
            kind(&document)
        ));
    };
    let (result, place) = match top.get("result") {
        Some(Value::Object(result)) => (result, "in `result`"),
        Some(other) => {
            return Err(format!("`result` must be an object, found {}", kind(other)));
        }
        None if top.contains_key("resultStatus") || top.contains_key("resultCode") => {
            (&top, "in the result object")
        }
        None => {
            return Err(
                "not a platform response: no `result` object, and no `resultStatus` or \
                 `resultCode` field"
                    .to_owned(),
            );
        }
    };
    read_result(result, place)
}

fn read_result(result: &Map<String, Value>, place: &str) -> Result<ResultFields, String> {
    let status = result.get("resultStatus");
    let code = result.get("resultCode");
    let (status, code) = match (status, code) {
        (Some(s), Some(c)) => (s, c),
        (None, Some(_)) => return Err(format!("missing field `resultStatus` {place}")),
        (Some(_), None) => return Err(format!("missing field `resultCode` {place}")),
        (None, None) => {
            return Err(format!(
                "missing fields `resultStatus` and `resultCode` {place}"
            ));
        }
    };
    let status = match status {
        Value::String(s) => s
            .parse::<Status>()
            .map_err(|e| format!("`resultStatus` {place}: {e}"))?,
        other => {
            return Err(format!(
                "`resultStatus` must be a string (one of \"S\", \"F\", \"U\", \"A\"), found {}",
                kind(other)
            ));
        }
    };
    let code = match code {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(format!(
                "`resultCode` must be a string, found {}",
                kind(other)
            ));
        }
    };
    let server_message = match result.get("resultMessage") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(ResultFields {
        status,
        code,
        server_message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> ResultFields {
        parse(text.as_bytes()).unwrap()
    }

    fn err(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err()
    }

    #[test]
    fn whole_body_and_bare_result() {
        let whole =
            ok(r#"{"result":{"resultStatus":"F","resultCode":"X","resultMessage":"m"},"x":1}"#);
        let bare = ok(r#"{"resultStatus":"F","resultCode":"X","resultMessage":"m"}"#);
        assert_eq!(whole, bare);
        assert_eq!(whole.status, Status::Failed);
        assert_eq!(whole.server_message.as_deref(), Some("m"));
    }

    #[test]
    fn untidy_bodies_are_answers() {
        assert_eq!(ok(r#"{"resultStatus":"A","resultCode":1001}"#).code, "1001");
        let r = ok(
            r#"{"result":{"resultStatus":"U","resultCode":"9","resultMsg":"x","extra":{"a":[1]}}}"#,
        );
        assert_eq!((r.code.as_str(), r.server_message), ("9", None));
        assert_eq!(
            ok(r#"{"resultStatus":"S","resultCode":"","resultMessage":null}"#).code,
            ""
        );
    }

    #[test]
    fn problems_are_named() {
        assert!(err("{").starts_with("malformed JSON: "));
        assert!(err("[]").contains("found an array"));
        assert!(err(r#"{"result":"x"}"#).contains("`result` must be an object, found a string"));
        assert!(err(r#"{"data":{}}"#).starts_with("not a platform response"));
        assert_eq!(
            err(r#"{"result":{"resultCode":"X"}}"#),
            "missing field `resultStatus` in `result`"
        );
        assert_eq!(
            err(r#"{"resultStatus":"F"}"#),
            "missing field `resultCode` in the result object"
        );
        assert!(
            err(r#"{"resultStatus":"Q","resultCode":"X"}"#)
                .contains(r#"invalid result status "Q""#)
        );
        assert!(err(r#"{"resultStatus":1,"resultCode":"X"}"#).contains("found a number"));
        assert!(err(r#"{"resultStatus":"F","resultCode":null}"#).contains("found null"));
    }

    /// Two `result` objects (or two codes in one) would let the last one silently decide.
    #[test]
    fn repeated_answer_keys_are_errors_and_other_repeats_are_not() {
        let two_results = r#"{"result":{"resultStatus":"F","resultCode":"RISK_REJECT"},
            "result":{"resultStatus":"S","resultCode":"SUCCESS"}}"#;
        assert_eq!(
            err(two_results),
            "`result` appears twice in the response, so the answer is ambiguous at line 2 \
             column 20"
        );
        assert!(
            err(r#"{"result":{"resultStatus":"F","resultCode":"A","resultCode":"B"}}"#)
                .starts_with("`resultCode` appears twice in `result`")
        );
        assert!(
            err(r#"{"resultStatus":"F","resultStatus":"S","resultCode":"X"}"#)
                .starts_with("`resultStatus` appears twice in the response")
        );
        // Repeats elsewhere are untidy, not ambiguous.
        let untidy = r#"{"paymentId":"1","paymentId":"2","data":{"resultCode":1,"resultCode":2},
            "result":{"resultStatus":"F","resultCode":"X","extra":1,"extra":2}}"#;
        assert_eq!(ok(untidy).code, "X");
    }
}
