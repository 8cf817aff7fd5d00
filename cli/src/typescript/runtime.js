// ---- Rules (errcat's, written once per language in errcat's cli/src/typescript/) ----

/** @typedef {import("./errcat.js").Status} Status */
/** @typedef {import("./errcat.js").RetryPolicy} RetryPolicy */
/** @typedef {import("./errcat.js").Messages} Messages */
/** @typedef {import("./errcat.js").Code} Code */
/** @typedef {import("./errcat.js").Alias} Alias */
/** @typedef {import("./errcat.js").Entry} Entry */
/** @typedef {import("./errcat.js").FallbackEntry} FallbackEntry */
/** @typedef {import("./errcat.js").Classification} Classification */
/** @typedef {import("./errcat.js").Api} Api */
/** @typedef {import("./errcat.js").OutcomeState} OutcomeState */
/** @typedef {import("./errcat.js").Outcome} Outcome */
/** @typedef {import("./errcat.js").Decision} Decision */
/** @typedef {import("./errcat.js").HandleOptions} HandleOptions */
/** @typedef {{ readonly [key: string]: unknown }} Json */
/** @typedef {{ readonly status: Status; readonly code: string }} ResultInfo */
/** @typedef {{ result: ResultInfo | null; status: string | null }} Transaction */
/**
 * @typedef {{
 *   result: ResultInfo | null;
 *   paymentStatus: string | null;
 *   paymentResultCode: string | null;
 *   refundStatus: string | null;
 *   refundResultCode: string | null;
 *   transactionStatus: string | null;
 *   paymentResult: ResultInfo | null;
 *   transactions: ({ readonly index: number; readonly entry: Transaction } | null)[];
 *   notifyType: string | null;
 * }} Body
 */
/**
 * @typedef {{
 *   readonly state: OutcomeState;
 *   readonly code: string | null;
 *   readonly status: Status;
 *   readonly field: string | null;
 *   readonly result: ResultInfo | null;
 * }} Reading
 */
/** @typedef {{ readonly reading: Reading; readonly api: Api; readonly result: ResultInfo | null; readonly callFailed: ResultInfo | null }} Read */
/** @type {readonly Status[]} */
const STATUSES = ["S", "F", "U", "A"];
/**
 * Every API name, as the platform writes it.
 *
 * @type {readonly Api[]}
 */
export const APIS = [
    "pay",
    "inquiryPayment",
    "cancel",
    "capture",
    "refund",
    "inquiryRefund",
    "notifyPayment",
    "notifyCapture",
    "notifyRefund",
];
/** @type {{ readonly [value: string]: "succeeded" | "failed" | "pending" | undefined }} */
const STATE_VALUES = STATES;
/**
 * @param {object} o
 * @param {string} key
 * @returns {boolean}
 */
function hasOwn(o, key) {
    return Object.prototype.hasOwnProperty.call(o, key);
}
/** @type {{ readonly [alias: string]: Code | undefined }} */
const ALIAS_CODES = ALIASES;
/**
 * The catalogued code that `x` names: the code itself, or the code of an alias (exactly,
 * case-sensitive); `null` for anything else.
 *
 * @param {string} x
 * @returns {Code | null}
 */
export function toCode(x) {
    if (hasOwn(CATALOG, x)) {
        return /** @type {Code} */ (x);
    }
    return hasOwn(ALIAS_CODES, x) ? (ALIAS_CODES[x] ?? null) : null;
}
/**
 * Whether `x` is a catalogued code or an alias of one (exactly, case-sensitive).
 *
 * @param {unknown} x
 * @returns {x is Code | Alias}
 */
export function isCode(x) {
    return typeof x === "string" && toCode(x) !== null;
}
/**
 * Whether `x` is exactly `"S"`, `"F"`, `"U"` or `"A"`.
 *
 * @param {unknown} x
 * @returns {x is Status}
 */
export function isStatus(x) {
    return typeof x === "string" && /** @type {readonly string[]} */ (STATUSES).includes(x);
}
/**
 * The status rule: whether, under the response status `status`, the entry of a code whose own
 * status is `codeStatus` and whose policy is `retry` decides. `S` lets an `S` code decide; `F` a
 * code that is not `S` and does not poll; `U` a code that backs off or polls; `A` a code that polls.
 *
 * @param {Status} status
 * @param {Status} codeStatus
 * @param {RetryPolicy} retry
 * @returns {boolean}
 */
export function letsEntryDecide(status, codeStatus, retry) {
    const poll = retry.kind === "poll";
    const backoff = retry.kind === "backoff";
    const success = codeStatus === "S";
    switch (status) {
        case "S":
            return success;
        case "F":
            return !success && !poll;
        case "U":
            return backoff || poll;
        case "A":
            return poll;
        default:
            return false;
    }
}
/**
 * @param {Code | null} code
 * @param {string} rawCode
 * @param {Status} status
 * @param {boolean} byCode
 * @returns {Classification}
 */
function classification(code, rawCode, status, byCode) {
    const fallback = FALLBACKS[status];
    const entry = code === null ? null : CATALOG[code];
    const info = entry ?? fallback;
    const decision = byCode && entry !== null ? entry : fallback;
    return {
        code,
        rawCode,
        status,
        category: code === null ? null : CATALOG[code].category,
        description: info.description,
        resolution: info.resolution,
        retry: decision.retry,
        messages: decision.messages,
        decidedByCode: byCode && entry !== null,
    };
}
/**
 * Classifies a code on its own: a catalogued code (or an alias of one) gets its entry; any other
 * string gets the `F` fallback, which never retries.
 *
 * @param {string} code
 * @returns {Classification}
 */
export function classify(code) {
    const found = toCode(code);
    if (found !== null) {
        return classification(found, code, CATALOG[found].status, true);
    }
    return classification(null, code, "F", false);
}
/**
 * Classifies a whole result, `resultStatus` and `resultCode`: the status wins. The code's entry
 * decides only where the status agrees with it (see `letsEntryDecide`); elsewhere the status's
 * fallback does: `S` and `F` never retry, `U` backs off, `A` polls. Throws a `RangeError` for a
 * status that is not `S`, `F`, `U` or `A` (only possible from untyped code).
 *
 * @param {Status} status
 * @param {string} code
 * @returns {Classification}
 */
export function classifyResult(status, code) {
    if (!isStatus(status)) {
        throw new RangeError(`invalid result status ${JSON.stringify(String(status))}: expected one of "S", "F", "U", "A"`);
    }
    const found = toCode(code);
    if (found === null) {
        return classification(null, code, status, false);
    }
    const entry = CATALOG[found];
    return classification(found, code, status, letsEntryDecide(status, entry.status, entry.retry));
}
// ---- Locales: case-insensitive (ASCII), `_` for `-`, falling back by dropping subtags ----
/**
 * @param {string} s
 * @returns {string}
 */
function asciiLower(s) {
    return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}
/**
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function tagEq(a, b) {
    return asciiLower(a).replace(/_/g, "-") === asciiLower(b).replace(/_/g, "-");
}
/**
 * Whether a tag is Chinese, and which script: `Hant`, `Hans`, or a region of Traditional use.
 *
 * @param {string} tag
 * @returns {"no" | "simplified" | "traditional"}
 */
function chinese(tag) {
    const parts = tag.split(/[-_]/);
    if (asciiLower(parts[0] ?? "") !== "zh") {
        return "no";
    }
    let regionTraditional = false;
    for (const part of parts.slice(1)) {
        const p = asciiLower(part);
        if (p === "hant") {
            return "traditional";
        }
        if (p === "hans") {
            return "simplified";
        }
        if (p === "tw" || p === "hk" || p === "mo") {
            regionTraditional = true;
        }
    }
    return regionTraditional ? "traditional" : "simplified";
}
/**
 * The first tag of a list (`zh-TW, en;q=0.8` is `zh-TW`), without ASCII white space around it.
 *
 * @param {string} requested
 * @returns {string}
 */
function firstTag(requested) {
    const head = requested.split(/[,;]/)[0] ?? "";
    return head.replace(/^[ \t\n\f\r]+/, "").replace(/[ \t\n\f\r]+$/, "");
}
/**
 * @param {Messages} messages
 * @param {string} requested
 * @returns {string}
 */
function pick(messages, requested) {
    const wanted = firstTag(requested);
    const entries = Object.entries(messages);
    const english = entries[0]?.[1] ?? "";
    const script = chinese(wanted);
    let tag = wanted;
    for (;;) {
        // A bare `zh` is Simplified: a Traditional request must not fall back to it.
        if (!(script === "traditional" && tagEq(tag, "zh"))) {
            const found = entries.find(([locale]) => tagEq(locale, tag));
            if (found !== undefined) {
                return found[1];
            }
        }
        const cut = Math.max(tag.lastIndexOf("-"), tag.lastIndexOf("_"));
        if (cut < 0) {
            break;
        }
        tag = tag.slice(0, cut);
    }
    if (script !== "no") {
        const found = entries.find(([locale]) => chinese(locale) === script);
        if (found !== undefined) {
            return found[1];
        }
    }
    return english;
}
/**
 * The message for the person paying, in `locale` (a BCP 47 tag, or an `Accept-Language` value
 * read by its first tag): case-insensitive, `_` for `-`, falling back by dropping subtags.
 * `zh`, `zh-Hans`, `zh-CN`, `zh-SG` get Simplified Chinese; Traditional Chinese (`zh-Hant`,
 * `zh-TW`, `zh-HK`, `zh-MO`) never does; anything else ends at English.
 *
 * @param {Classification} c
 * @param {string} [locale]
 * @returns {string}
 */
export function userMessage(c, locale = "en") {
    return pick(c.messages, locale);
}
// ---- The payment outcome of a body ----
/** A body errcat cannot read (the Rust crate's `BodyError`, without line and column). */
export class BodyError extends Error {
    /** @param {string} message */
    constructor(message) {
        super(message);
        this.name = "BodyError";
    }
}
/**
 * @param {unknown} v
 * @returns {v is Json}
 */
function isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
/**
 * @param {unknown} v
 * @returns {string}
 */
function found(v) {
    if (v === null)
        return "null";
    if (Array.isArray(v))
        return "an array";
    switch (typeof v) {
        case "string":
            return "a string";
        case "number":
            return "a number";
        case "boolean":
            return "a boolean";
        case "object":
            return "an object";
        default:
            return "an unknown value";
    }
}
/**
 * @param {string} field
 * @param {string} place
 * @param {string} expected
 * @param {unknown} v
 * @returns {BodyError}
 */
function wrongType(field, place, expected, v) {
    return new BodyError(`\`${field}\` must be ${expected}, found ${found(v)}${place}`);
}
/**
 * A string field: `null` (or absent) is `null`, a number is its text, anything else an error.
 *
 * @param {unknown} v
 * @param {string} field
 * @returns {string | null}
 */
function textField(v, field) {
    if (typeof v === "string")
        return v;
    if (typeof v === "number")
        return String(v);
    if (v === null || v === undefined)
        return null;
    throw wrongType(field, "", "a string", v);
}
const STATUS_TEXT = 'a string (one of "S", "F", "U", "A")';
/**
 * A result object at `name` (`""` for the body's own top-level fields).
 *
 * @param {Json} o
 * @param {string} name
 * @returns {ResultInfo}
 */
function readResult(o, name) {
    const inPlace = name === "" ? "" : ` (in \`${name}\`)`;
    const where = name === "" ? "in the result object" : `in \`${name}\``;
    /** @type {Status | null} */
    let status = null;
    /** @type {string | null} */
    let code = null;
    for (const key of Object.keys(o)) {
        const v = o[key];
        if (v === undefined)
            continue;
        if (key === "resultStatus") {
            if (typeof v !== "string") {
                throw wrongType("resultStatus", inPlace, STATUS_TEXT, v);
            }
            if (!isStatus(v)) {
                throw new BodyError(`\`resultStatus\` ${where}: invalid result status ${JSON.stringify(v)}: expected one of "S", "F", "U", "A"`);
            }
            status = v;
        }
        else if (key === "resultCode") {
            if (typeof v === "string")
                code = v;
            else if (typeof v === "number")
                code = String(v);
            else
                throw wrongType("resultCode", inPlace, "a string", v);
        }
    }
    if (status === null || code === null) {
        const missing = [status === null ? "resultStatus" : null, code === null ? "resultCode" : null]
            .filter((m) => m !== null)
            .map((m) => `\`${m}\``);
        const what = missing.length === 1 ? `field ${missing[0]}` : `fields ${missing.join(" and ")}`;
        throw new BodyError(`missing ${what} ${where}`);
    }
    return { status, code };
}
/**
 * A nested result object: `null` is absent.
 *
 * @param {unknown} v
 * @param {string} name
 * @returns {ResultInfo | null}
 */
function nestedResult(v, name) {
    if (v === null || v === undefined)
        return null;
    if (!isObject(v))
        throw wrongType(name, "", "an object", v);
    return readResult(v, name);
}
/** The kinds of `transactions` entry an outcome may read, by `transactionType` (index 0: none). */
/** @type {readonly string[]} */
const TX_KINDS = ["PAYMENT", "CAPTURE", "REFUND", "CANCEL"];
/**
 * @param {string | null} type
 * @returns {number | null}
 */
function txKind(type) {
    if (type === null)
        return 0;
    const i = TX_KINDS.findIndex((k) => asciiLower(k) === asciiLower(type));
    return i < 0 ? null : i + 1;
}
/**
 * @param {unknown} v
 * @returns {Body["transactions"]}
 */
function readTransactions(v) {
    /** @type {Body["transactions"]} */
    const last = [null, null, null, null, null];
    if (v === null || v === undefined)
        return last;
    if (!Array.isArray(v))
        throw wrongType("transactions", "", "an array", v);
    for (let index = 0; index < v.length; index++) {
        const item = v[index];
        if (!isObject(item))
            throw wrongType(`transactions[${index}]`, "", "an object", item);
        /** @type {Transaction} */
        const entry = { result: null, status: null };
        /** @type {string | null} */
        let type = null;
        for (const key of Object.keys(item)) {
            if (key === "transactionResult") {
                entry.result = nestedResult(item[key], `transactions[${index}].transactionResult`);
            }
            else if (key === "transactionStatus") {
                entry.status = textField(item[key], `transactions[${index}].transactionStatus`);
            }
            else if (key === "transactionType") {
                type = textField(item[key], `transactions[${index}].transactionType`);
            }
        }
        const kind = txKind(type);
        if (kind !== null)
            last[kind] = { index, entry };
    }
    return last;
}
/**
 * @param {unknown} value
 * @returns {Body}
 */
function readBody(value) {
    if (!isObject(value)) {
        throw new BodyError("expected a JSON object (a response body with a `result` object, or the `result` object " +
            `itself), found ${found(value)}`);
    }
    /** @type {Body} */
    const body = {
        result: null,
        paymentStatus: null,
        paymentResultCode: null,
        refundStatus: null,
        refundResultCode: null,
        transactionStatus: null,
        paymentResult: null,
        transactions: [null, null, null, null, null],
        notifyType: null,
    };
    /** @type {Set<string>} */
    const seen = new Set();
    for (const key of Object.keys(value)) {
        const v = value[key];
        if (v === undefined)
            continue;
        if (key === "result" || key === "resultStatus" || key === "resultCode") {
            seen.add(key);
            if (seen.has("result") && (seen.has("resultStatus") || seen.has("resultCode"))) {
                const bare = seen.has("resultStatus") ? "resultStatus" : "resultCode";
                throw new BodyError(`the response has both a \`result\` object and a top-level \`${bare}\`, so the answer is ambiguous`);
            }
        }
        switch (key) {
            case "result":
                body.result = nestedResult(v, "result");
                break;
            case "paymentResult":
                body.paymentResult = nestedResult(v, "paymentResult");
                break;
            case "transactions":
                body.transactions = readTransactions(v);
                break;
            case "paymentStatus":
            case "paymentResultCode":
            case "refundStatus":
            case "refundResultCode":
            case "transactionStatus":
            case "notifyType":
                body[key] = textField(v, key);
                break;
            default:
                break;
        }
    }
    if (seen.has("resultStatus") || seen.has("resultCode")) {
        body.result = readResult(value, "");
    }
    return body;
}
/** @type {Omit<Reading, "field">} */
const UNKNOWN = { state: "unknown", code: null, status: "U", result: null };
/**
 * A result read as the operation's own.
 *
 * @param {ResultInfo} result
 * @param {string} field
 * @returns {Reading}
 */
function own(result, field) {
    switch (result.status) {
        case "S":
            return { state: "succeeded", code: null, status: "S", field, result };
        case "F":
            return { state: "failed", code: result.code, status: "F", field, result };
        case "A":
            return { state: "pending", code: result.code, status: "A", field, result };
        default: {
            const polls = classifyResult("U", result.code).retry.kind === "poll";
            return { state: polls ? "pending" : "retry", code: result.code, status: "U", field, result };
        }
    }
}
/**
 * The meaning of a state value in the catalog's `STATES`, ignoring ASCII case.
 *
 * @param {string} value
 * @returns {"succeeded" | "failed" | "pending" | null}
 */
function stateOf(value) {
    const upper = value.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
    return hasOwn(STATE_VALUES, upper) ? (STATE_VALUES[upper] ?? null) : null;
}
/**
 * A state value with its companion code.
 *
 * @param {string} value
 * @param {string | null} code
 * @param {string} field
 * @returns {Reading}
 */
function stateField(value, code, field) {
    switch (stateOf(value)) {
        case "succeeded":
            return { state: "succeeded", code: null, status: "S", field, result: null };
        case "failed":
            return { state: "failed", code, status: "F", field, result: null };
        case "pending":
            return { state: "pending", code, status: "U", field, result: null };
        default:
            return { ...UNKNOWN, field };
    }
}
/**
 * All readings must agree; otherwise unknown, never a pick.
 *
 * @param {readonly Reading[]} readings
 * @returns {Reading | null}
 */
function agree(readings) {
    const first = readings[0];
    if (first === undefined)
        return null;
    return readings.every((r) => r.state === first.state) ? first : { ...UNKNOWN, field: first.field };
}
/** @typedef {"payment" | "cancel" | "capture" | "refund"} Family */
/**
 * The operation an API is about: a body's fields are read for that operation only.
 *
 * @param {Api} api
 * @returns {Family}
 */
function family(api) {
    switch (api) {
        case "pay":
        case "inquiryPayment":
        case "notifyPayment":
            return "payment";
        case "cancel":
            return "cancel";
        case "capture":
        case "notifyCapture":
            return "capture";
        default:
            return "refund";
    }
}
/**
 * The state fields and nested result of the family's operation (a cancel has none).
 *
 * @param {Body} body
 * @param {Family} fam
 * @returns {Reading[]}
 */
function states(body, fam) {
    /** @type {Reading[]} */
    const out = [];
    if (fam === "payment" && body.paymentStatus !== null) {
        out.push(stateField(body.paymentStatus, body.paymentResultCode, "paymentStatus"));
    }
    if (fam === "refund" && body.refundStatus !== null) {
        out.push(stateField(body.refundStatus, body.refundResultCode, "refundStatus"));
    }
    if (fam !== "cancel" && body.transactionStatus !== null) {
        out.push(stateField(body.transactionStatus, null, "transactionStatus"));
    }
    if (fam === "payment" && body.paymentResult !== null) {
        out.push(own(body.paymentResult, "paymentResult"));
    }
    return out;
}
/**
 * A field about another operation than the family's: the outcome is then unknown.
 *
 * @param {Body} body
 * @param {Family} fam
 * @returns {string | null}
 */
function foreign(body, fam) {
    if (fam === "payment")
        return body.refundStatus !== null ? "refundStatus" : null;
    if (fam === "refund") {
        if (body.paymentStatus !== null)
            return "paymentStatus";
        if (body.paymentResult !== null)
            return "paymentResult";
    }
    return null;
}
/**
 * The last `transactions` entry of each kind the family reads; they must agree.
 *
 * @param {Body} body
 * @param {Family} fam
 * @returns {Reading | null}
 */
function transaction(body, fam) {
    const kinds = fam === "payment" ? [0, 1, 2] : fam === "capture" ? [0, 2] : fam === "refund" ? [0, 3] : [0, 4];
    /** @type {{ readonly index: number; readonly entry: Transaction }[]} */
    const entries = [];
    for (const k of kinds) {
        const t = body.transactions[k] ?? null;
        if (t !== null)
            entries.push(t);
    }
    if (entries.length === 0)
        return null;
    // The latest first, so that it names the outcome where they agree.
    entries.sort((x, y) => y.index - x.index);
    return agree(entries.map(({ index, entry }) => {
        /** @type {Reading[]} */
        const readings = [];
        if (entry.result !== null) {
            readings.push(own(entry.result, `transactions[${index}].transactionResult`));
        }
        if (entry.status !== null) {
            readings.push(stateField(entry.status, entry.result?.code ?? null, `transactions[${index}].transactionStatus`));
        }
        return agree(readings) ?? { ...UNKNOWN, field: null };
    }));
}
/**
 * What the body's `notifyType` says for a notification about the family.
 *
 * @param {Body} body
 * @param {Family} fam
 * @returns {"result" | "pending" | "other"}
 */
function notify(body, fam) {
    const t = body.notifyType;
    if (t === null)
        return "result";
    const prefix = fam === "payment" ? "PAYMENT" : fam === "capture" ? "CAPTURE" : fam === "refund" ? "REFUND" : null;
    if (prefix === null || !startsWithAscii(t, prefix))
        return "other";
    const rest = asciiLower(t.slice(prefix.length));
    return rest === "_result" ? "result" : rest === "_pending" ? "pending" : "other";
}
/**
 * An operation's own result with the family's state fields (they must agree), else its
 * transaction; a cancel's S must be confirmed by any payment state the body carries.
 *
 * @param {Body} body
 * @param {Family} fam
 * @returns {Reading | null}
 */
function operation(body, fam) {
    const ownResult = body.result === null ? null : own(body.result, "result");
    if (fam === "cancel") {
        if (ownResult === null)
            return null;
        if (ownResult.state === "succeeded") {
            const other = states(body, "payment").find((r) => r.state !== "failed");
            if (other !== undefined)
                return { ...UNKNOWN, field: other.field };
        }
        return ownResult;
    }
    return agree([...(ownResult === null ? [] : [ownResult]), ...states(body, fam)]) ?? transaction(body, fam);
}
/**
 * @param {string} text
 * @param {string} prefix
 * @returns {boolean}
 */
function startsWithAscii(text, prefix) {
    return asciiLower(text.slice(0, prefix.length)) === asciiLower(prefix);
}
/**
 * @param {Body} body
 * @returns {Api}
 */
function inferApi(body) {
    const t = body.notifyType;
    if (t !== null) {
        if (startsWithAscii(t, "CAPTURE"))
            return "notifyCapture";
        if (startsWithAscii(t, "REFUND"))
            return "notifyRefund";
        return "notifyPayment";
    }
    if (body.refundStatus !== null)
        return "inquiryRefund";
    if (body.paymentStatus !== null ||
        body.transactionStatus !== null ||
        body.paymentResult !== null ||
        body.transactions.some((t) => t !== null)) {
        return "inquiryPayment";
    }
    return "pay";
}
/**
 * @param {Api | null | undefined} api
 * @param {unknown} value
 * @returns {Read}
 */
function read(api, value) {
    if (api !== null && api !== undefined && !APIS.includes(api)) {
        throw new BodyError(`unknown API ${JSON.stringify(String(api))}: expected one of ${APIS.map((a) => JSON.stringify(a)).join(", ")}`);
    }
    const body = readBody(value);
    const inferred = api === null || api === undefined;
    const chosen = api ?? inferApi(body);
    const fam = family(chosen);
    const result = body.result;
    /** @type {ResultInfo | null} */
    let callFailed = null;
    const kind = chosen === "inquiryPayment" || chosen === "inquiryRefund"
        ? "inquiry"
        : chosen === "notifyPayment" || chosen === "notifyCapture" || chosen === "notifyRefund"
            ? "notification"
            : "operation";
    /** @type {Reading | null} */
    let reading;
    const foreignField = foreign(body, fam);
    if (foreignField !== null) {
        reading = { ...UNKNOWN, field: foreignField };
    }
    else if (body.notifyType !== null && kind !== "notification") {
        reading = { ...UNKNOWN, field: "notifyType" };
    }
    else if (kind === "operation") {
        // Inferred from a bare result: its S or F could be any call's.
        if (inferred && result !== null && (result.status === "S" || result.status === "F")) {
            reading = null;
            if (result.status === "F")
                callFailed = result;
        }
        else {
            reading = operation(body, fam);
        }
    }
    else if (kind === "inquiry") {
        if (result !== null && result.status === "F") {
            callFailed = result;
            reading = { state: "unknown", code: null, status: "F", field: "result", result };
        }
        else if (result !== null && (result.status === "U" || result.status === "A")) {
            reading = { state: "retry", code: result.code, status: result.status, field: "result", result };
        }
        else {
            reading = agree(states(body, fam)) ?? transaction(body, fam);
        }
    }
    else {
        switch (notify(body, fam)) {
            case "other":
                reading = { ...UNKNOWN, field: "notifyType" };
                break;
            case "pending": {
                /** @type {Reading[]} */
                const rs = [{ state: "pending", code: null, status: "U", field: "notifyType", result: null }];
                if (result !== null && result.status === "F")
                    rs.push(own(result, "result"));
                rs.push(...states(body, fam).filter((r) => r.field !== "paymentResult" || r.state === "failed"));
                reading = agree(rs);
                break;
            }
            default: {
                const r = agree(states(body, fam));
                if (r === null) {
                    reading = operation(body, fam);
                }
                else if (r.state === "succeeded" && result !== null && result.status === "F") {
                    reading = { ...UNKNOWN, field: r.field };
                }
                else {
                    reading = r;
                }
            }
        }
    }
    return { reading: reading ?? { ...UNKNOWN, field: null }, api: chosen, result, callFailed };
}
/**
 * The payment-level outcome of a parsed response body (or notification), as the Rust crate's
 * `Outcome::from_json`: `api` names the API the body answers (`null` infers it from the fields
 * present). Throws a `BodyError` for a body the crate rejects (not an object, a field of the
 * wrong type, a `resultStatus` other than exactly S, F, U or A, a result without `resultStatus`
 * or `resultCode`, both a `result` and a top-level `resultStatus`/`resultCode`).
 *
 * @param {Api | null} api
 * @param {unknown} body
 * @returns {Outcome}
 */
export function outcome(api, body) {
    const { reading } = read(api, body);
    return { state: reading.state, code: reading.code, from: reading.field };
}
/**
 * A synchronous drop-in for the platform's `handleAPIResponse`: reads a parsed response body and
 * returns what to do, what to show and whether the payment is done, instead of throwing.
 *
 * @param {unknown} response
 * @param {HandleOptions} [options]
 * @returns {Decision}
 */
export function handleAPIResponse(response, options = {}) {
    const locale = options.locale ?? "en";
    /** @type {Read} */
    let r;
    try {
        r = read(options.api ?? null, response);
    }
    catch (e) {
        return unreadable(e instanceof Error ? e.message : String(e), locale);
    }
    const { reading, api, result, callFailed } = r;
    const described = result ?? reading.result;
    /** @type {Classification} */
    let c;
    if (described !== null) {
        c = classifyResult(described.status, described.code);
    }
    else if (reading.field !== null) {
        c = classifyResult(reading.status, "");
    }
    else {
        return unreadable("not a platform response: no `result` object, and no `resultStatus` or `resultCode` " +
            "field; nor a field that tells a state (`paymentStatus`, `refundStatus`, " +
            "`transactionStatus`, `paymentResult`, `transactions`)", locale);
    }
    // What to do and say about the payment: the outcome's own classification (a failed
    // payment's code; the call's where its query failed), not the body's `result`, which on an
    // inquiry only says that the query worked.
    const advice = callFailed !== null
        ? classifyResult(callFailed.status, callFailed.code)
        : classifyResult(reading.status, reading.code ?? "");
    return {
        status: c.status,
        code: c.rawCode,
        retry: advice.retry,
        userMessage: userMessage(advice, locale),
        outcome: { state: reading.state, code: reading.code, from: reading.field },
        api,
        error: null,
    };
}
/**
 * A body that cannot be read: the `U` fallback (same request id, after a wait), outcome unknown.
 *
 * @param {string} error
 * @param {string} locale
 * @returns {Decision}
 */
function unreadable(error, locale) {
    const c = classifyResult("U", "");
    return {
        status: "U",
        code: "",
        retry: c.retry,
        userMessage: userMessage(c, locale),
        outcome: { state: "unknown", code: null, from: null },
        api: null,
        error,
    };
}
