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
/** A body errcat cannot read (the Rust crate's `BodyError`, without line and column). */
export declare class BodyError extends Error {
    constructor(message: string);
}
/**
 * The payment-level outcome of a parsed response body (or notification), as the Rust crate's
 * `Outcome::from_json` and the command's JSON `outcome`: `api` names the API the body answers
 * (`null` infers it from the fields present); the state, next action and message agree (see
 * `classifyResult` and errcat's docs/decision.md); the message is in `locale` (English without
 * it). A pending outcome carries what the person paying must do first (`userAction`: the
 * body's `normalUrl`, `schemeUrl`, `applinkUrl`, `redirectActionForm`, exactly as sent; `null`
 * where it has none, and for any other state). Throws a `BodyError` for a body the crate rejects
 * (not an object, a field of the wrong type (a URL that is not a string, a `redirectActionForm`
 * that is not an object), a `resultStatus` other than exactly S, F, U or A, a result without
 * `resultStatus` or `resultCode`, both a `result` and a top-level `resultStatus`/`resultCode`).
 */
export declare function outcome(api: Api | null, body: unknown, locale?: string): Outcome;
/**
 * A synchronous drop-in for the platform's `handleAPIResponse`: reads a parsed response body and
 * returns what to do, what to show and whether the payment is done, instead of throwing: the
 * outcome's decision, the same as `outcome` gives.
 */
export declare function handleAPIResponse(response: unknown, options?: HandleOptions): Decision;
