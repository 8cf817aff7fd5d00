//! The JSON the tooling writes (`export::json`, `diff::to_json`) and the string literals of the
//! TypeScript module, without a JSON library: values in the order given, pretty-printed as
//! serde_json's `to_string_pretty` prints them (two spaces a level, `": "`, `[]` and `{}` when
//! empty), with serde_json's string escapes, so that the `errcat` command's outputs keep their
//! bytes.

/// A JSON value; objects keep their keys in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    /// `null`.
    Null,
    /// A number (every number the tooling writes is a count or milliseconds).
    Num(u64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// A string.
    pub(crate) fn str(text: &str) -> Json {
        Json::Str(text.to_owned())
    }

    /// A string, or `null`.
    pub(crate) fn opt(text: Option<&str>) -> Json {
        text.map_or(Json::Null, Json::str)
    }

    /// An object of `(key, value)` pairs, in order.
    pub(crate) fn obj<'a>(fields: impl IntoIterator<Item = (&'a str, Json)>) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// The value pretty-printed, with a final newline.
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Num(n) => out.push_str(&n.to_string()),
            Json::Str(s) => out.push_str(&string(s)),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    pad(out, indent + 1);
                    item.write(out, indent + 1);
                }
                out.push('\n');
                pad(out, indent);
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    pad(out, indent + 1);
                    out.push_str(&string(key));
                    out.push_str(": ");
                    value.write(out, indent + 1);
                }
                out.push('\n');
                pad(out, indent);
                out.push('}');
            }
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// A string as a JSON string literal, escaped as serde_json escapes it: `"` and `\`, the
/// control characters below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, else `\u00XX` in lowercase
/// hex); everything else as it is.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_as_serde_json_prints_it() {
        let value = Json::obj([
            ("a", Json::Arr(vec![Json::Num(1), Json::str("x")])),
            ("empty", Json::Arr(Vec::new())),
            ("none", Json::Obj(Vec::new())),
            ("n", Json::Null),
            ("o", Json::obj([("k", Json::opt(Some("v")))])),
        ]);
        assert_eq!(
            value.pretty(),
            "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"empty\": [],\n  \"none\": {},\n  \
             \"n\": null,\n  \"o\": {\n    \"k\": \"v\"\n  }\n}\n"
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        assert_eq!(
            string("q\"b\\\u{8}\t\n\u{c}\r\u{1}\u{1f}\u{7f}é\u{2028}"),
            "\"q\\\"b\\\\\\b\\t\\n\\f\\r\\u0001\\u001f\u{7f}é\u{2028}\""
        );
    }
}
