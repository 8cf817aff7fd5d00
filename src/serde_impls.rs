//! `serde` support: `Code`, `Status` and `Category` as their strings.

use core::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::{Category, Code, Status};

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

/// `resultMessage`: a string, or `null` read as empty.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<alloc::string::String, D::Error> {
    Ok(Option::<alloc::string::String>::deserialize(deserializer)?.unwrap_or_default())
}
