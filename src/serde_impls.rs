//! `serde` support: `Code`, `Status` and `Category` as their strings; `ResultInfo` read from
//! an object only.

use alloc::string::String;
use core::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::{Category, Code, ResultInfo, Status};

macro_rules! as_string {
    ($ty:ty, $expecting:expr, $parse:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        let parse: fn(&str) -> Option<$ty> = $parse;
                        parse(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

as_string!(
    Status,
    r#"a result status: one of "S", "F", "U", "A""#,
    Status::from_letter
);
as_string!(Code, "a catalogued result code", Code::from_code);
as_string!(Category, "a catalog category key", Category::from_key);

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
