//! `serde` support: `Code`, `Status`, `State` and `Category` as their strings; `ResultInfo` read from
//! an object only; `RetryPolicy`; with `json`, `UserAction` as the platform names its fields.

use alloc::string::String;
use core::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::{ResultInfo, RetryPolicy, Status};

/// `Serialize` and `Deserialize` for a type as its string: `as_str` out, `$parse` in (an
/// unknown string is an `invalid_value` error saying what was expected). Generated catalogs
/// invoke it for their `Code` and `Category` (errcat's own included), through
/// `errcat::__private::serde_as_string!`, which expands to nothing without the `serde` feature.
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_serde_as_string {
    ($ty:ty, $expecting:expr, $parse:expr) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct V;
                impl $crate::__private::serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        v: &str,
                    ) -> ::core::result::Result<$ty, E> {
                        let parse: fn(&str) -> ::core::option::Option<$ty> = $parse;
                        parse(v).ok_or_else(|| {
                            E::invalid_value(
                                $crate::__private::serde::de::Unexpected::Str(v),
                                &self,
                            )
                        })
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

crate::__errcat_serde_as_string!(
    Status,
    r#"a result status: one of "S", "F", "U", "A""#,
    Status::from_letter
);

/// The fields of the `result` object, by name.
const RESULT_FIELDS: &[&str] = &["resultStatus", "resultCode", "resultMessage"];

/// A key of the `result` object: one of [`RESULT_FIELDS`], or one to skip.
enum ResultField {
    Status,
    Code,
    Message,
    Other,
}

impl<'de> Deserialize<'de> for ResultField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ResultField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ResultField, E> {
                self.visit_bytes(v.as_bytes())
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<ResultField, E> {
                Ok(match v {
                    b"resultStatus" => ResultField::Status,
                    b"resultCode" => ResultField::Code,
                    b"resultMessage" => ResultField::Message,
                    _ => ResultField::Other,
                })
            }
            // Formats that name fields by their index (as serde's derive accepts).
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ResultField, E> {
                Ok(match v {
                    0 => ResultField::Status,
                    1 => ResultField::Code,
                    2 => ResultField::Message,
                    _ => ResultField::Other,
                })
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

/// `ResultInfo` from a map only: a sequence (`["F", "CODE", "m"]`) is rejected, so no field is
/// ever read by its position.
impl<'de> Deserialize<'de> for ResultInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ResultInfo;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a result object {resultStatus, resultCode, resultMessage} (not an array)",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ResultInfo, A::Error> {
                let mut status = None;
                let mut code = None;
                let mut message: Option<Option<String>> = None;
                while let Some(key) = map.next_key::<ResultField>()? {
                    match key {
                        ResultField::Status if status.is_some() => {
                            return Err(de::Error::duplicate_field("resultStatus"));
                        }
                        ResultField::Status => status = Some(map.next_value::<Status>()?),
                        ResultField::Code if code.is_some() => {
                            return Err(de::Error::duplicate_field("resultCode"));
                        }
                        ResultField::Code => code = Some(map.next_value::<String>()?),
                        ResultField::Message if message.is_some() => {
                            return Err(de::Error::duplicate_field("resultMessage"));
                        }
                        ResultField::Message => {
                            message = Some(map.next_value::<Option<String>>()?);
                        }
                        ResultField::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(ResultInfo {
                    status: status.ok_or_else(|| de::Error::missing_field("resultStatus"))?,
                    code: code.ok_or_else(|| de::Error::missing_field("resultCode"))?,
                    message: message.flatten().unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("ResultInfo", RESULT_FIELDS, V)
    }
}

/// Milliseconds of a duration, saturating at `u64::MAX` (sub-millisecond parts are dropped:
/// the catalog's parameters are whole milliseconds).
fn millis(d: core::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `{"kind": ..., parameters in milliseconds}`: the shape `errcat classify --json` prints.
impl Serialize for RetryPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind())?;
        match *self {
            RetryPolicy::Backoff {
                initial_delay,
                max_delay,
                max_attempts,
            } => {
                map.serialize_entry("initial_delay_ms", &millis(initial_delay))?;
                map.serialize_entry("max_delay_ms", &millis(max_delay))?;
                map.serialize_entry("max_attempts", &max_attempts)?;
            }
            RetryPolicy::Poll { interval, timeout } => {
                map.serialize_entry("interval_ms", &millis(interval))?;
                map.serialize_entry("timeout_ms", &millis(timeout))?;
            }
            RetryPolicy::Never
            | RetryPolicy::RefreshToken
            | RetryPolicy::Reauthorize
            | RetryPolicy::AskUser
            | RetryPolicy::NewRequest => {}
        }
        map.end()
    }
}

/// What the person paying must do, as the TypeScript module's `userAction` gives it (and
/// `errcat classify --json` its `user_action`): the keys the body had, under the platform's
/// names, each exactly as sent: `normalUrl`, `schemeUrl`, `applinkUrl`, and
/// `redirectActionForm` with its `redirectUrl` and, where the form gives it, its `method`.
///
/// ```
/// use errcat::{Api, Outcome};
///
/// let body = br#"{"result":{"resultStatus":"A","resultCode":"ACCEPT"},"schemeUrl":"wallet://pay/1",
///     "redirectActionForm":{"redirectUrl":"https://wallet.example/pay?id=1"}}"#;
/// let outcome = Outcome::from_json(Some(Api::Pay), body)?;
/// let action = serde_json::to_string(outcome.user_action().unwrap()).unwrap();
/// assert_eq!(
///     action,
///     r#"{"schemeUrl":"wallet://pay/1","redirectActionForm":{"redirectUrl":"https://wallet.example/pay?id=1"}}"#
/// );
/// # Ok::<(), errcat::BodyError>(())
/// ```
#[cfg(feature = "json")]
impl Serialize for crate::UserAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        /// `redirectActionForm`.
        #[derive(Serialize)]
        struct Form<'a> {
            #[serde(rename = "redirectUrl")]
            redirect_url: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            method: Option<&'a str>,
        }

        let mut map = serializer.serialize_map(None)?;
        for (key, url) in [
            ("normalUrl", self.normal_url()),
            ("schemeUrl", self.scheme_url()),
            ("applinkUrl", self.applink_url()),
        ] {
            if let Some(url) = url {
                map.serialize_entry(key, url)?;
            }
        }
        if let Some(redirect_url) = self.redirect_url() {
            let method = self.redirect_method();
            map.serialize_entry(
                "redirectActionForm",
                &Form {
                    redirect_url,
                    method,
                },
            )?;
        }
        map.end()
    }
}

/// Reads what [`Serialize`] writes: `kind` and exactly the parameters of that kind (in any
/// order). A missing parameter, a parameter of another kind, an unknown field or kind is an
/// error, and so are the parameters `codes.toml` rejects (zero attempts or delays, a max delay
/// below the initial one, a poll timeout below its interval).
impl<'de> Deserialize<'de> for RetryPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PolicyVisitor)
    }
}

const POLICY_FIELDS: &[&str] = &[
    "kind",
    "initial_delay_ms",
    "max_delay_ms",
    "max_attempts",
    "interval_ms",
    "timeout_ms",
];

struct PolicyVisitor;

impl<'de> Visitor<'de> for PolicyVisitor {
    type Value = RetryPolicy;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a retry policy object such as {"kind": "never"}"#)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RetryPolicy, A::Error> {
        use core::time::Duration;

        // kind, then the five parameters in POLICY_FIELDS order.
        let mut kind: Option<alloc::string::String> = None;
        let mut params: [Option<u64>; 5] = [None; 5];
        while let Some(key) = map.next_key::<alloc::string::String>()? {
            let Some(index) = POLICY_FIELDS.iter().position(|f| *f == key) else {
                return Err(de::Error::unknown_field(&key, POLICY_FIELDS));
            };
            if index == 0 {
                if kind.is_some() {
                    return Err(de::Error::duplicate_field("kind"));
                }
                kind = Some(map.next_value()?);
            } else {
                let slot = &mut params[index - 1];
                if slot.is_some() {
                    return Err(de::Error::duplicate_field(POLICY_FIELDS[index]));
                }
                *slot = Some(map.next_value()?);
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        if !RetryPolicy::KINDS.contains(&kind.as_str()) {
            return Err(de::Error::unknown_variant(&kind, &RetryPolicy::KINDS));
        }
        let takes: &[usize] = match kind.as_str() {
            "backoff" => &[0, 1, 2],
            "poll" => &[3, 4],
            _ => &[],
        };
        for (i, value) in params.iter().enumerate() {
            match (value.is_some(), takes.contains(&i)) {
                (true, false) => {
                    return Err(de::Error::custom(format_args!(
                        "`{}` is not a parameter of a `{kind}` policy",
                        POLICY_FIELDS[i + 1]
                    )));
                }
                (false, true) => return Err(de::Error::missing_field(POLICY_FIELDS[i + 1])),
                _ => {}
            }
        }
        // The catalog validator's rules: no policy that cannot be followed.
        let p = |i: usize| params[i].unwrap_or_default();
        let impossible = match kind.as_str() {
            "backoff" if p(2) == 0 => Some("`max_attempts` must be at least 1"),
            "backoff" if p(0) == 0 => Some("`initial_delay_ms` must be at least 1"),
            "backoff" if p(1) < p(0) => Some("`max_delay_ms` must not be below `initial_delay_ms`"),
            "poll" if p(3) == 0 => Some("`interval_ms` must be at least 1"),
            "poll" if p(4) < p(3) => Some("`timeout_ms` must not be below `interval_ms`"),
            _ => None,
        };
        if let Some(why) = impossible {
            return Err(de::Error::custom(format_args!(
                "an impossible `{kind}` policy: {why}"
            )));
        }
        let ms = |i: usize| Duration::from_millis(params[i].unwrap_or_default());
        Ok(match kind.as_str() {
            "never" => RetryPolicy::Never,
            "backoff" => RetryPolicy::Backoff {
                initial_delay: ms(0),
                max_delay: ms(1),
                max_attempts: u32::try_from(params[2].unwrap_or_default()).map_err(|_| {
                    de::Error::invalid_value(
                        Unexpected::Unsigned(params[2].unwrap_or_default()),
                        &"a number of attempts that fits in 32 bits",
                    )
                })?,
            },
            "poll" => RetryPolicy::Poll {
                interval: ms(3),
                timeout: ms(4),
            },
            "refresh_token" => RetryPolicy::RefreshToken,
            "reauthorize" => RetryPolicy::Reauthorize,
            "ask_user" => RetryPolicy::AskUser,
            _ => RetryPolicy::NewRequest,
        })
    }
}

crate::__errcat_serde_as_string!(
    crate::State,
    r#"a state: one of "succeeded", "failed", "pending", "retry", "unknown""#,
    |s| match s {
        "succeeded" => Some(crate::State::Succeeded),
        "failed" => Some(crate::State::Failed),
        "pending" => Some(crate::State::Pending),
        "retry" => Some(crate::State::Retry),
        "unknown" => Some(crate::State::Unknown),
        _ => None,
    }
);
