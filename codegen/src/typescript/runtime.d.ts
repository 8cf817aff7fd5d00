/** Every API name, as the platform writes it. */
export declare const APIS: readonly Api[];
/**
 * The catalogued code that `x` names: the code itself, or the code of an alias (exactly,
 * case-sensitive); `null` for anything else.
 */
export declare function toCode(x: string): Code | null;
/** Whether `x` is a catalogued code or an alias of one (exactly, case-sensitive). */
export declare function isCode(x: unknown): x is Code | Alias;
/** Whether `x` is exactly `"S"`, `"F"`, `"U"` or `"A"`. */
export declare function isStatus(x: unknown): x is Status;
/**
 * The status rule: whether, under the response status `status`, the row of a code whose own
 * status is `codeStatus` and whose policy is `retry` may decide. `S` lets an `S` code decide;
 * `F` a code that is not `S` and does not poll; `U` a code that keeps asking (backs off, polls
 * or refreshes the token); `A` a code that polls.
 */
export declare function letsEntryDecide(status: Status, codeStatus: Status, retry: RetryPolicy): boolean;
/**
 * Classifies a code on its own: a result with the code under the code's own status (see
 * `classifyResult`); any string the catalog lacks gets the `F` fallback, which never retries.
 */
export declare function classify(code: string): Classification;
/**
 * Classifies a whole result, `resultStatus` and `resultCode`, read as an operation's own: the
 * status wins. The code's row decides only where the status agrees with it (see
 * `letsEntryDecide`), else the status's fallback does, and that row's policy gives the state:
 * `S` succeeded; `F` failed where final, retry where it resends (`SYSTEM_BUSY`,
 * `EXPIRED_ACCESS_TOKEN`), unknown (poll: inquire the old request id) where the code inquires
 * first; `U` pending where it polls, retry where it resends; `A` pending. Throws a `RangeError`
 * for a status that is not `S`, `F`, `U` or `A` (only possible from untyped code).
 */
export declare function classifyResult(status: Status, code: string): Classification;
/**
 * The message for the person paying, in `locale` (a BCP 47 tag, or an `Accept-Language` value
 * read by its first tag): case-insensitive, `_` for `-`, falling back by dropping subtags.
 * `zh`, `zh-Hans`, `zh-CN`, `zh-SG` get Simplified Chinese; Traditional Chinese (`zh-Hant`,
 * `zh-TW`, `zh-HK`, `zh-MO`) never does; anything else ends at English.
 */
export declare function userMessage(c: Classification, locale?: string): string;
/**
 * The longest body `outcome` and `handleAPIResponse` read, in bytes of UTF-8: 16 MiB, the Rust
 * crate's `MAX_BODY_BYTES` (and the `errcat` command's default `--max-response-bytes`). A longer
 * one is a `BodyError` of kind `tooLarge`.
 */
export declare const MAX_BODY_BYTES = 16777216;
/**
 * A body errcat cannot read: the Rust crate's `BodyError`, with its kind (`kind`: the crate's
 * variant) and its message, without line and column.
 */
export declare class BodyError extends Error {
    /** What is wrong, as the crate's variant: `malformed` is `Malformed`, and so on. */
    readonly kind: BodyErrorKind;
    constructor(kind: BodyErrorKind, message: string);
}
/**
 * The payment-level outcome of a response body (or notification), as the Rust crate's
 * `Outcome::from_json` and the command's JSON `outcome`. `body` is the body's text (a string:
 * read as the crate reads it, a key it depends on given twice included), its bytes (a
 * `Uint8Array` or `ArrayBuffer` of UTF-8), or a parsed value (read as the text `JSON.stringify`
 * makes of it: `JSON.parse` has already kept the last of a key given twice, and made a number
 * JavaScript's). `api` names the API the body answers (`null` infers it from the fields
 * present); the state, next action and message agree (see `classifyResult` and errcat's
 * docs/decision.md); the message is in `locale` (English without it). A pending outcome carries
 * what the person paying must do first (`userAction`: the body's `normalUrl`, `schemeUrl`,
 * `applinkUrl`, `redirectActionForm`, exactly as sent; `null` where it has none, and for any
 * other state). An object in which nothing decides (`{}`, `{"result": null}`) is `unknown`,
 * `from` `null`. Throws a `BodyError` where the crate's `from_json` is an error, of the same
 * kind (errcat's docs/bad-input.md): not JSON, not an object, longer than `MAX_BODY_BYTES`, a
 * field of the wrong type, a `resultStatus` other than exactly S, F, U or A, a result without
 * `resultStatus` or `resultCode`, a key the answer depends on given twice, both a `result` and
 * a top-level `resultStatus`/`resultCode`.
 */
export declare function outcome(api: Api | null, body: unknown, locale?: string): Outcome;
/**
 * What `handleAPIResponse` decides about one response: an `Answer` where the body could be
 * read (`error` is `null`), an `Unreadable` where it could not (`error` is the `BodyError`
 * `outcome` would throw, and there is no outcome). Look at `error` first:
 * `if (d.error === null) { d.outcome.state ... }`.
 */
export type Decision = Answer | Unreadable;
/** A response `handleAPIResponse` could read: its outcome, and what to do and say about it. */
export interface Answer {
    /** The status of the result described: the body's own `result`, else the nested result that decided, else what the deciding state means (`U` where nothing decided). */
    readonly status: Status;
    /** That result's `resultCode` exactly as sent ("" where no result was described). */
    readonly code: string;
    /** What to do about the payment: the outcome's next action (its `retry`, as a `RetryPolicy`). */
    readonly retry: RetryPolicy;
    /** The message to show about the payment, in the locale asked for (the outcome's row). */
    readonly userMessage: string;
    /** Whether the payment (refund, capture) is done, what to do next and what to say. */
    readonly outcome: Outcome;
    /** What the person paying must do first (the outcome's `userAction`): `null` unless the payment is pending and the body says where they go. */
    readonly userAction: UserAction | null;
    /** The API the body was read as: the one given, or the one inferred from its fields. */
    readonly api: Api;
    /** `null`: the body was read. */
    readonly error: null;
}
/**
 * A response `handleAPIResponse` could not read (where the crate's `from_json` is an error):
 * no status, code or outcome, only the error. `retry` and `userMessage` say what to do with it
 * meanwhile, as the crate's payment flow does with a body it cannot read (as with no answer):
 * the `U` fallback, the same request with the same request id after a wait, and "still
 * confirming".
 */
export interface Unreadable {
    readonly status: null;
    readonly code: null;
    /** The `U` fallback's policy: the same request, same request id, after a wait. */
    readonly retry: RetryPolicy;
    /** The `U` fallback's message, in the locale asked for. */
    readonly userMessage: string;
    readonly outcome: null;
    readonly userAction: null;
    readonly api: null;
    /** Why the body cannot be read: its kind (the crate's `BodyError` variant) and message. */
    readonly error: BodyError;
}
/**
 * A synchronous drop-in for the platform's `handleAPIResponse`: reads a response body (its
 * text, its bytes or a parsed value, as `outcome` does) and returns what to do, what to show and
 * whether the payment is done, instead of throwing: the outcome's decision, the same as
 * `outcome` gives (an `Answer`), or, where `outcome` throws a `BodyError`, that error (an
 * `Unreadable`). Never throws for any body.
 */
export declare function handleAPIResponse(response: unknown, options?: HandleOptions): Decision;
