//! Which field of a body decides its outcome, and what it says: the reading rules of
//! [`Outcome`](super::Outcome), over any [`Catalog`] (its `[states]` and its rows).

use alloc::string::String;
use alloc::vec::Vec;

use super::body::{Body, Transaction, TxKind};
use super::{Api, ApiKind, Family, Field, State};
use crate::{Catalog, ResultInfo, Status};

/// What a body says: the deciding field's reading, and the call's own failed `result` where
/// that is what the decision is about (an inquiry whose query failed).
pub(super) struct Read<'b> {
    pub(super) reading: Reading,
    pub(super) api: Api,
    pub(super) api_inferred: bool,
    pub(super) call_failed: Option<&'b ResultInfo>,
}

/// One deciding field, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Reading {
    pub(super) state: State,
    pub(super) code: Option<String>,
    pub(super) status: Status,
    pub(super) field: Option<Field>,
    /// The result object read, when the field is one.
    pub(super) result: Option<ResultInfo>,
}

impl Reading {
    fn unknown(field: Option<Field>) -> Reading {
        Reading {
            state: State::Unknown,
            code: None,
            status: Status::Unknown,
            field,
            result: None,
        }
    }
}

/// All readings must agree; otherwise unknown, never a pick.
fn agree(readings: Vec<Reading>) -> Option<Reading> {
    let mut readings = readings.into_iter();
    let first = readings.next()?;
    let mut all_same = true;
    for other in readings {
        all_same &= other.state == first.state;
    }
    Some(if all_same {
        first
    } else {
        Reading::unknown(first.field)
    })
}

/// What a `notifyType` says, for the operation a notification is about.
enum Notify {
    /// `<OPERATION>_RESULT`, or no `notifyType`: the result and state fields decide.
    Result,
    /// `<OPERATION>_PENDING`: not final yet.
    Pending,
    /// Another operation's type (`REFUND_RESULT` for a payment), or one errcat does not know:
    /// nothing can be read from the body.
    Other,
}

/// A body, read with a catalog, as the answer to a call or as a notification.
struct Reader<'b> {
    catalog: &'static Catalog,
    body: &'b Body,
    /// A report of the operation's state (a notification, or the results nested in an
    /// inquiry) answers no request of ours: its `F` is the operation's end, whatever the code's
    /// row says, and its `U` or `A` is pending (nothing to resend: wait or inquire).
    report: bool,
}

impl Reader<'_> {
    /// A result read as the operation's own: its state is the one the catalog's row for it
    /// decides (see `docs/decision.md`), except in a report: `F` failed, `U` or `A` pending.
    fn own(&self, result: &ResultInfo, field: Field) -> Reading {
        let state = if self.report && result.status != Status::Success {
            // A report answers no request: an F is the end, a U or A is not final yet.
            if result.status == Status::Failed {
                State::Failed
            } else {
                State::Pending
            }
        } else {
            self.catalog
                .classify_result(result.status, &result.code)
                .state()
        };
        Reading {
            state,
            code: (state != State::Succeeded).then(|| result.code.clone()),
            status: result.status,
            field: Some(field),
            result: Some(result.clone()),
        }
    }

    /// A state value with its companion code, read through the catalog's `[states]`.
    fn state_field(&self, value: &str, code: Option<&String>, field: Field) -> Reading {
        let (state, status) = match self.catalog.state_of(value) {
            Some(State::Succeeded) => (State::Succeeded, Status::Success),
            Some(State::Failed) => (State::Failed, Status::Failed),
            Some(State::Pending) => (State::Pending, Status::Unknown),
            // The catalog maps values to succeeded, failed or pending only.
            Some(State::Retry | State::Unknown) | None => return Reading::unknown(Some(field)),
        };
        Reading {
            state,
            code: code.filter(|_| state != State::Succeeded).cloned(),
            status,
            field: Some(field),
            result: None,
        }
    }

    /// The state fields and nested result of `family`'s operation, in the order they are
    /// named by `Outcome::decided_by` when they agree. A cancel has none: only its own
    /// `result` says whether it succeeded.
    fn states(&self, family: Family) -> Vec<Reading> {
        let body = self.body;
        let mut out = Vec::new();
        if let (Family::Payment, Some(v)) = (family, &body.payment_status) {
            out.push(self.state_field(v, body.payment_result_code.as_ref(), Field::PaymentStatus));
        }
        if let (Family::Refund, Some(v)) = (family, &body.refund_status) {
            out.push(self.state_field(v, body.refund_result_code.as_ref(), Field::RefundStatus));
        }
        if let Some(v) = body
            .transaction_status
            .as_ref()
            .filter(|_| family != Family::Cancel)
        {
            out.push(self.state_field(v, None, Field::TransactionStatus));
        }
        if let (Family::Payment, Some(r)) = (family, &body.payment_result) {
            out.push(self.own(r, Field::PaymentResult));
        }
        out
    }

    /// The last `transactions` entry of each kind `family` reads (a payment's `PAYMENT` and
    /// `CAPTURE`, a refund's `REFUND`, ...; an entry without `transactionType` too), which must
    /// agree: an authorized payment whose capture failed is neither paid nor failed. An entry
    /// of another type never decides.
    fn transaction(&self, family: Family) -> Option<Reading> {
        let kinds: &[TxKind] = match family {
            Family::Payment => &[TxKind::Untyped, TxKind::Payment, TxKind::Capture],
            Family::Capture => &[TxKind::Untyped, TxKind::Capture],
            Family::Refund => &[TxKind::Untyped, TxKind::Refund],
            Family::Cancel => &[TxKind::Untyped, TxKind::Cancel],
        };
        let mut entries: Vec<&(usize, Transaction)> = kinds
            .iter()
            .filter_map(|k| self.body.transactions[*k as usize].as_ref())
            .collect();
        if entries.is_empty() {
            return None;
        }
        // The latest first, so that it names the outcome where they agree.
        entries.sort_by_key(|(index, _)| core::cmp::Reverse(*index));
        let readings = entries
            .into_iter()
            .map(|(index, Transaction { result, status })| {
                let index = *index;
                let mut readings = Vec::new();
                if let Some(r) = result {
                    readings.push(self.own(r, Field::TransactionResult { index }));
                }
                if let Some(s) = status {
                    readings.push(self.state_field(
                        s,
                        result.as_ref().map(|r| &r.code),
                        Field::TransactionEntryStatus { index },
                    ));
                }
                agree(readings).unwrap_or(Reading::unknown(None))
            })
            .collect();
        agree(readings)
    }

    /// `family`'s state fields or nested result, else its last transaction.
    fn state_or_transaction(&self, family: Family) -> Option<Reading> {
        agree(self.states(family)).or_else(|| self.transaction(family))
    }

    /// The body's `notifyType`, for a notification about `family`.
    fn notify(&self, family: Family) -> Notify {
        let Some(t) = &self.body.notify_type else {
            return Notify::Result;
        };
        let prefix = match family {
            Family::Payment => "PAYMENT",
            Family::Capture => "CAPTURE",
            Family::Refund => "REFUND",
            Family::Cancel => return Notify::Other,
        };
        let Some(rest) = t
            .get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .and_then(|_| t.get(prefix.len()..))
        else {
            return Notify::Other;
        };
        if rest.eq_ignore_ascii_case("_RESULT") {
            Notify::Result
        } else if rest.eq_ignore_ascii_case("_PENDING") {
            Notify::Pending
        } else {
            Notify::Other
        }
    }

    /// An operation's own result, with `family`'s state fields where the body has them (they
    /// must agree), else its last transaction. A cancel's `S` must be confirmed by any payment
    /// state the body carries: a cancelled payment did not go through.
    fn operation(&self, family: Family) -> Option<Reading> {
        let own_result = self
            .body
            .result
            .as_ref()
            .map(|r| self.own(r, Field::Result));
        if family == Family::Cancel {
            let cancel = own_result?;
            if cancel.state == State::Succeeded {
                let payment = self.states(Family::Payment);
                if let Some(other) = payment.iter().find(|r| r.state != State::Failed) {
                    return Some(Reading::unknown(other.field));
                }
            }
            return Some(cancel);
        }
        let mut readings = Vec::new();
        readings.extend(own_result);
        readings.extend(self.states(family));
        agree(readings).or_else(|| self.transaction(family))
    }

    /// A notification: `<OPERATION>_PENDING` is pending unless a failed result or a state
    /// disagrees; `<OPERATION>_RESULT` (or none) is decided by a state field where there is
    /// one, else by the notification's `result`.
    fn notification(&self, family: Family) -> Option<Reading> {
        let result = self.body.result.as_ref();
        match self.notify(family) {
            Notify::Other => Some(Reading::unknown(Some(Field::NotifyType))),
            Notify::Pending => {
                let mut readings = Vec::from([Reading {
                    state: State::Pending,
                    code: None,
                    status: Status::Unknown,
                    field: Some(Field::NotifyType),
                    result: None,
                }]);
                // A result (or nested `paymentResult`) under a pending type says how the
                // notification went, `S` included; only an `F` contradicts.
                if result.is_some_and(|r| r.status == Status::Failed) {
                    readings.extend(result.map(|r| self.own(r, Field::Result)));
                }
                readings.extend(
                    self.states(family).into_iter().filter(|r| {
                        r.field != Some(Field::PaymentResult) || r.state == State::Failed
                    }),
                );
                agree(readings)
            }
            // The state field decides where there is one (a refund's `result` S may only say
            // the refund was accepted; `refundStatus` is its end), else the `result`, read as
            // the operation's own. A failed `result` beside a successful state: unknown.
            Notify::Result => match agree(self.states(family)) {
                Some(r)
                    if r.state == State::Succeeded
                        && result.is_some_and(|x| x.status == Status::Failed) =>
                {
                    Some(Reading::unknown(r.field))
                }
                Some(r) => Some(r),
                None => self.operation(family),
            },
        }
    }
}

impl Body {
    /// A field about another operation than `family`'s: a refund's state in a payment's body,
    /// a payment's in a refund's. Such a body (or an API named wrongly) is unknown.
    fn foreign(&self, family: Family) -> Option<Field> {
        match family {
            Family::Payment => self.refund_status.as_ref().map(|_| Field::RefundStatus),
            Family::Refund => match (&self.payment_status, &self.payment_result) {
                (Some(_), _) => Some(Field::PaymentStatus),
                (None, Some(_)) => Some(Field::PaymentResult),
                (None, None) => None,
            },
            Family::Capture | Family::Cancel => None,
        }
    }

    fn infer_api(&self) -> Api {
        if let Some(t) = &self.notify_type {
            let starts = |prefix: &str| {
                t.get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
            };
            if starts("CAPTURE") {
                Api::NotifyCapture
            } else if starts("REFUND") {
                Api::NotifyRefund
            } else {
                Api::NotifyPayment
            }
        } else if self.refund_status.is_some() {
            Api::InquiryRefund
        } else if self.payment_status.is_some()
            || self.transaction_status.is_some()
            || self.payment_result.is_some()
            || self.transactions.iter().any(Option::is_some)
        {
            Api::InquiryPayment
        } else {
            Api::Pay
        }
    }
}

/// Reads a parsed body as the answer of `api` (inferred where `None`) with `catalog`.
pub(super) fn read<'b>(catalog: &'static Catalog, api: Option<Api>, body: &'b Body) -> Read<'b> {
    let (api, api_inferred) = match api {
        Some(api) => (api, false),
        None => (body.infer_api(), true),
    };
    let reader = Reader {
        catalog,
        body,
        report: api.kind() != ApiKind::Operation,
    };
    let result = body.result.as_ref();
    let family = api.family();
    let mut call_failed = None;
    let reading = if let Some(field) = body.foreign(family) {
        Some(Reading::unknown(Some(field)))
    } else if body.notify_type.is_some() && api.kind() != ApiKind::Notification {
        // A notification's body given as another API's answer.
        Some(Reading::unknown(Some(Field::NotifyType)))
    } else {
        match api.kind() {
            // Inferred from a bare `result`: its `S` or `F` could be any call's (a cancel's S,
            // an inquiry's F), so it says nothing about the payment. `U` and `A` are not final
            // whichever call it was.
            ApiKind::Operation
                if api_inferred
                    && result
                        .is_some_and(|r| matches!(r.status, Status::Success | Status::Failed)) =>
            {
                call_failed = result.filter(|r| r.status == Status::Failed);
                None
            }
            ApiKind::Operation => reader.operation(family),
            ApiKind::Inquiry => match result.map(|r| r.status) {
                // The query failed: nothing is known of the payment; the decision is about
                // the call (refresh the token, say).
                Some(Status::Failed) => {
                    call_failed = result;
                    Some(Reading {
                        state: State::Unknown,
                        code: None,
                        status: Status::Failed,
                        field: Some(Field::Result),
                        result: result.cloned(),
                    })
                }
                Some(status @ (Status::Unknown | Status::Accepted)) => Some(Reading {
                    state: State::Retry,
                    code: result.map(|r| r.code.clone()),
                    status,
                    field: Some(Field::Result),
                    result: result.cloned(),
                }),
                Some(Status::Success) | None => reader.state_or_transaction(family),
            },
            ApiKind::Notification => reader.notification(family),
        }
    };
    Read {
        reading: reading.unwrap_or(Reading::unknown(None)),
        api,
        api_inferred,
        call_failed,
    }
}
