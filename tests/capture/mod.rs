//! What the telemetry tests run errcat under: `metrics-util`'s debugging recorder and a
//! `tracing` layer that keeps every event's fields as the subscriber received them (strings
//! as they are, display values as written), both installed for the current thread only.

#![allow(dead_code)] // each test file uses a subset

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use metrics_util::debugging::{DebugValue, DebuggingRecorder};
use tracing::field::{Field, Visit};
use tracing::{Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// One event as a subscriber received it.
#[derive(Clone, Debug)]
pub struct Event {
    pub level: Level,
    pub target: String,
    /// Every field, `message` included, by name.
    pub fields: BTreeMap<String, String>,
}

impl Event {
    pub fn message(&self) -> &str {
        self.field("message")
    }

    pub fn field(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .unwrap_or_else(|| panic!("no field {name} in {self:?}"))
    }
}

/// One metric's label set and value.
#[derive(Clone, Debug)]
pub struct Metric {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Counter(u64),
    Histogram(Vec<f64>),
}

impl Metric {
    pub fn label(&self, name: &str) -> &str {
        self.labels
            .get(name)
            .unwrap_or_else(|| panic!("no label {name} in {self:?}"))
    }

    pub fn count(&self) -> u64 {
        match self.value {
            Value::Counter(n) => n,
            Value::Histogram(ref v) => v.len() as u64,
        }
    }
}

/// What was recorded while [`run`]'s closure ran.
pub struct Recorded {
    pub metrics: Vec<Metric>,
    pub events: Vec<Event>,
}

impl Recorded {
    /// The metrics named `name`.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Metric> + 'a {
        self.metrics.iter().filter(move |m| m.name == name)
    }

    /// The sum of counter `name` over the label sets that have every `(label, value)`.
    pub fn sum(&self, name: &str, labels: &[(&str, &str)]) -> u64 {
        self.named(name)
            .filter(|m| {
                labels
                    .iter()
                    .all(|(k, v)| m.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(Metric::count)
            .sum()
    }

    /// The events whose message is `message`.
    pub fn events<'a>(&'a self, message: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.message() == message)
    }

    /// Every string a label or an event carries: names and values.
    pub fn all_text(&self) -> Vec<String> {
        let mut out = Vec::new();
        for m in &self.metrics {
            out.push(m.name.clone());
            for (k, v) in &m.labels {
                out.push(k.clone());
                out.push(v.clone());
            }
        }
        for e in &self.events {
            out.push(e.target.clone());
            for (k, v) in &e.fields {
                out.push(k.clone());
                out.push(v.clone());
            }
        }
        out
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Event>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        // A `%display` value's Debug is its Display: written as the subscriber would.
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Event {
            level: *event.metadata().level(),
            target: event.metadata().target().to_string(),
            fields,
        });
    }
}

/// Runs `f` on this thread with a debugging recorder and a capturing subscriber (every level)
/// installed, and returns what they got.
pub fn run<T>(f: impl FnOnce() -> T) -> (T, Recorded) {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let out = metrics::with_local_recorder(&recorder, || {
        tracing::subscriber::with_default(subscriber, f)
    });
    let metrics = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let key = key.key();
            Metric {
                name: key.name().to_string(),
                labels: key
                    .labels()
                    .map(|l| (l.key().to_string(), l.value().to_string()))
                    .collect(),
                value: match value {
                    DebugValue::Counter(n) => Value::Counter(n),
                    DebugValue::Histogram(v) => {
                        Value::Histogram(v.into_iter().map(|x| x.into_inner()).collect())
                    }
                    DebugValue::Gauge(g) => panic!("errcat records no gauge: {g}"),
                },
            }
        })
        .collect();
    let events = std::mem::take(&mut *capture.0.lock().unwrap());
    (out, Recorded { metrics, events })
}

/// The strings no label or event may carry: placed in every body the tests read.
pub const SECRETS: [&str; 6] = [
    "SECRET-MESSAGE-7f3a",
    "SECRET-PAYMENT-ID-51c2",
    "SECRET-REQUEST-ID-9e04",
    "SECRET-AMOUNT-4417",
    "SECRET-USER-ID-2b8d",
    "SECRET-TOKEN-c0de",
];

/// The private fields of a body, to splice into one after its first `{`.
pub fn private_fields() -> String {
    let [message, payment, request, amount, user, token] = SECRETS;
    format!(
        r#""paymentId":"{payment}","paymentRequestId":"{request}","paymentAmount":{{"currency":"USD","value":"{amount}"}},"userId":"{user}","accessToken":"{token}","resultMessage":"{message}","#
    )
}

/// A `result` object with the secret message.
pub fn result(status: &str, code: &str) -> String {
    format!(
        r#"{{"resultStatus":"{status}","resultCode":{},"resultMessage":"{}"}}"#,
        json_string(code),
        SECRETS[0]
    )
}

/// A body: the private fields, then `rest` (the fields that decide, without braces).
pub fn body(rest: &str) -> String {
    format!("{{{}{rest}}}", private_fields())
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every label and event string is free of secrets and of characters a terminal acts on.
pub fn assert_clean(recorded: &Recorded) {
    for text in recorded.all_text() {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked into {text:?}");
        }
        assert!(
            !text.chars().any(errcat::Escaped::escapes),
            "a raw control or bidi character in {text:?}"
        );
    }
}
