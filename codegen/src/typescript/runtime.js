// ---- Rules (errcat's, written once in errcat's cli/src/typescript/runtime.ts; the JavaScript export's are tsc's output of it) ----
const STATUSES = ["S", "F", "U", "A"];
/** Every API name, as the platform writes it. */
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
const STATE_VALUES = STATES;
function hasOwn(o, key) {
    return Object.prototype.hasOwnProperty.call(o, key);
}
const ALIAS_CODES = ALIASES;
/**
 * The catalogued code that `x` names: the code itself, or the code of an alias (exactly,
 * case-sensitive); `null` for anything else.
 */
export function toCode(x) {
    if (hasOwn(CATALOG, x)) {
        return x;
    }
    return hasOwn(ALIAS_CODES, x) ? (ALIAS_CODES[x] ?? null) : null;
}
/** Whether `x` is a catalogued code or an alias of one (exactly, case-sensitive). */
export function isCode(x) {
    return typeof x === "string" && toCode(x) !== null;
}
/** Whether `x` is exactly `"S"`, `"F"`, `"U"` or `"A"`. */
export function isStatus(x) {
    return typeof x === "string" && STATUSES.includes(x);
}
/**
 * The status rule: whether, under the response status `status`, the row of a code whose own
 * status is `codeStatus` and whose policy is `retry` may decide. `S` lets an `S` code decide;
 * `F` a code that is not `S` and does not poll; `U` a code that keeps asking (backs off, polls
 * or refreshes the token); `A` a code that polls.
 */
export function letsEntryDecide(status, codeStatus, retry) {
    const poll = retry.kind === "poll";
    switch (status) {
        case "S":
            return codeStatus === "S";
        case "F":
            return codeStatus !== "S" && !poll;
        case "U":
            return poll || resends(retry);
        case "A":
            return poll;
        default:
            return false;
    }
}
// ---- The one decision (errcat's docs/decision.md): state, next action and message ----
/** Final: nothing is resent or waited for, nothing starts over. */
function isFinal(p) {
    return p.kind === "never" || p.kind === "ask_user" || p.kind === "reauthorize";
}
/** The same request, same request id, goes again. */
function resends(p) {
    return p.kind === "backoff" || p.kind === "refresh_token";
}
/** Whether `state` allows `p` as its next action. */
function fits(p, state) {
    switch (state) {
        case "succeeded":
            return p.kind === "never";
        case "failed":
            return isFinal(p);
        case "pending":
            return p.kind === "poll";
        case "retry":
            return resends(p);
        default:
            return p.kind !== "ask_user" && p.kind !== "new_request";
    }
}
/** Whether an `F` answer with this code may be for an order already paid or closed. */
function inquiresFirst(entry) {
    return entry.inquireFirst !== undefined || entry.retry.kind === "new_request";
}
/** The code's row where the status rule lets it decide under `status`, else `null`. */
function deciding(status, code) {
    if (code === null)
        return null;
    const entry = CATALOG[code];
    return letsEntryDecide(status, entry.status, entry.retry) ? entry : null;
}
/**
 * The table, written once: the decision for `state`, with the status and code (as sent) that
 * came with it. The next action comes from the code's row where the status rule lets it decide
 * and its policy fits the state, else from the fallback of the state's status (succeeded `S`,
 * failed `F`, pending `A`, retry and unknown `U`); an unknown state whose code inquires first
 * polls (the `A` fallback). The message comes from the same row, except that an unknown
 * state's is always the `U` fallback's.
 */
function decide(state, status, rawCode) {
    const code = rawCode === null ? null : toCode(rawCode);
    const entry = deciding(status, code);
    const fallback = state === "succeeded" ? "S" : state === "failed" ? "F" : state === "pending" ? "A" : "U";
    let next = fallback;
    if (entry !== null && state === "unknown" && inquiresFirst(entry)) {
        next = "A";
    }
    else if (entry !== null && fits(entry.retry, state)) {
        next = "code";
    }
    return {
        state,
        status,
        code,
        rawCode: rawCode ?? "",
        next,
        message: state === "unknown" ? "U" : next,
    };
}
/**
 * The state of a result read as an operation's own, from the row that decides under the status
 * rule: `S` succeeded; an `F` whose code inquires first unknown; otherwise that row's policy
 * says: `poll` pending, `backoff` and `refresh_token` retry, a final one failed.
 */
function ownState(status, code) {
    if (status === "S")
        return "succeeded";
    const entry = deciding(status, code);
    if (status === "F" && entry !== null && inquiresFirst(entry))
        return "unknown";
    const policy = (entry ?? FALLBACKS[status]).retry;
    if (policy.kind === "poll")
        return "pending";
    if (resends(policy))
        return "retry";
    return isFinal(policy) ? "failed" : "unknown";
}
/** The decision for a result read as an operation's own (`classifyResult`). */
function decideOwn(status, rawCode) {
    return decide(ownState(status, toCode(rawCode)), status, rawCode);
}
function rowOf(r, source) {
    return source === "code" && r.code !== null ? CATALOG[r.code] : FALLBACKS[source === "code" ? r.status : source];
}
function classification(r) {
    const info = r.code === null ? FALLBACKS[r.status] : CATALOG[r.code];
    return {
        state: r.state,
        code: r.code,
        rawCode: r.rawCode,
        status: r.status,
        category: r.code === null ? null : CATALOG[r.code].category,
        description: info.description,
        resolution: info.resolution,
        retry: rowOf(r, r.next).retry,
        messages: rowOf(r, r.message).messages,
        decidedByCode: r.next === "code",
    };
}
/**
 * Classifies a code on its own: a result with the code under the code's own status (see
 * `classifyResult`); any string the catalog lacks gets the `F` fallback, which never retries.
 */
export function classify(code) {
    const found = toCode(code);
    return classification(decideOwn(found === null ? "F" : CATALOG[found].status, code));
}
/**
 * Classifies a whole result, `resultStatus` and `resultCode`, read as an operation's own: the
 * status wins. The code's row decides only where the status agrees with it (see
 * `letsEntryDecide`), else the status's fallback does, and that row's policy gives the state:
 * `S` succeeded; `F` failed where final, retry where it resends (`SYSTEM_BUSY`,
 * `EXPIRED_ACCESS_TOKEN`), unknown (poll: inquire the old request id) where the code inquires
 * first; `U` pending where it polls, retry where it resends; `A` pending. Throws a `RangeError`
 * for a status that is not `S`, `F`, `U` or `A` (only possible from untyped code).
 */
export function classifyResult(status, code) {
    if (!isStatus(status)) {
        throw new RangeError(`invalid result status ${JSON.stringify(String(status))}: expected one of "S", "F", "U", "A"`);
    }
    return classification(decideOwn(status, code));
}
// ---- Locales: case-insensitive (ASCII), `_` for `-`, falling back by dropping subtags ----
function asciiLower(s) {
    return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}
function tagEq(a, b) {
    return asciiLower(a).replace(/_/g, "-") === asciiLower(b).replace(/_/g, "-");
}
/** Whether a tag is Chinese, and which script: `Hant`, `Hans`, or a region of Traditional use. */
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
/** The first tag of a list (`zh-TW, en;q=0.8` is `zh-TW`), without ASCII white space around it. */
function firstTag(requested) {
    const head = requested.split(/[,;]/)[0] ?? "";
    return head.replace(/^[ \t\n\f\r]+/, "").replace(/[ \t\n\f\r]+$/, "");
}
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
 */
export function userMessage(c, locale = "en") {
    return pick(c.messages, locale);
}
// ---- The payment outcome of a body ----
/** A body errcat cannot read (the Rust crate's `BodyError`, without line and column). */
export class BodyError extends Error {
    constructor(message) {
        super(message);
        this.name = "BodyError";
    }
}
function noAction() {
    return { normalUrl: null, schemeUrl: null, applinkUrl: null, redirectUrl: null, method: null };
}
function isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
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
function wrongType(field, place, expected, v) {
    return new BodyError(`\`${field}\` must be ${expected}, found ${found(v)}${place}`);
}
/** A string field: `null` (or absent) is `null`, a number is its text, anything else an error. */
function textField(v, field) {
    if (typeof v === "string")
        return v;
    if (typeof v === "number")
        return String(v);
    if (v === null || v === undefined)
        return null;
    throw wrongType(field, "", "a string", v);
}
/**
 * A field passed on exactly as sent (a URL, a method): a string; `null` (or absent) is `null`;
 * anything else, a number too, an error.
 */
function stringField(v, field, place) {
    if (typeof v === "string")
        return v;
    if (v === null || v === undefined)
        return null;
    throw wrongType(field, place, "a string", v);
}
/** `redirectActionForm`: its `redirectUrl` and `method`; `null` is absent, other keys unread. */
function readForm(v, action) {
    action.redirectUrl = null;
    action.method = null;
    if (v === null || v === undefined)
        return;
    if (!isObject(v))
        throw wrongType("redirectActionForm", "", "an object", v);
    for (const key of Object.keys(v)) {
        if (key === "redirectUrl") {
            action.redirectUrl = stringField(v[key], "redirectUrl", " (in `redirectActionForm`)");
        }
        else if (key === "method") {
            action.method = stringField(v[key], "method", " (in `redirectActionForm`)");
        }
    }
}
const STATUS_TEXT = 'a string (one of "S", "F", "U", "A")';
/** A result object at `name` (`""` for the body's own top-level fields). */
function readResult(o, name) {
    const inPlace = name === "" ? "" : ` (in \`${name}\`)`;
    const where = name === "" ? "in the result object" : `in \`${name}\``;
    let status = null;
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
/** A nested result object: `null` is absent. */
function nestedResult(v, name) {
    if (v === null || v === undefined)
        return null;
    if (!isObject(v))
        throw wrongType(name, "", "an object", v);
    return readResult(v, name);
}
/** The kinds of `transactions` entry an outcome may read, by `transactionType` (index 0: none). */
const TX_KINDS = ["PAYMENT", "CAPTURE", "REFUND", "CANCEL"];
function txKind(type) {
    if (type === null)
        return 0;
    const i = TX_KINDS.findIndex((k) => asciiLower(k) === asciiLower(type));
    return i < 0 ? null : i + 1;
}
function readTransactions(v) {
    const last = [null, null, null, null, null];
    if (v === null || v === undefined)
        return last;
    if (!Array.isArray(v))
        throw wrongType("transactions", "", "an array", v);
    for (let index = 0; index < v.length; index++) {
        const item = v[index];
        if (!isObject(item))
            throw wrongType(`transactions[${index}]`, "", "an object", item);
        const entry = { result: null, status: null };
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
function readBody(value) {
    if (!isObject(value)) {
        throw new BodyError("expected a JSON object (a response body with a `result` object, or the `result` object " +
            `itself), found ${found(value)}`);
    }
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
        action: noAction(),
    };
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
            case "normalUrl":
            case "schemeUrl":
            case "applinkUrl":
                body.action[key] = stringField(v, key, "");
                break;
            case "redirectActionForm":
                readForm(v, body.action);
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
const UNKNOWN = { state: "unknown", status: "U", code: null, key: null, result: null };
/**
 * A result read as the operation's own: its state from the row that decides. In a report of the
 * operation's state (`notice`: a notification, or an inquiry's nested results), an `F` is the
 * operation's end, failed whatever its code's row says, and a `U` or `A` is pending: it answers
 * no request of ours, so there is nothing to resend.
 */
function own(result, field, notice) {
    // A report answers no request: an F is the end, a U or A is not final yet.
    const state = notice && result.status !== "S"
        ? result.status === "F"
            ? "failed"
            : "pending"
        : ownState(result.status, toCode(result.code));
    const code = state === "succeeded" ? null : result.code;
    return { state, status: result.status, code, key: result.code, field, result };
}
/** The meaning of a state value in the catalog's `STATES`, ignoring ASCII case. */
function stateOf(value) {
    const upper = value.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
    return hasOwn(STATE_VALUES, upper) ? (STATE_VALUES[upper] ?? null) : null;
}
/** A state value with its companion code. */
function stateField(value, code, field) {
    switch (stateOf(value)) {
        case "succeeded":
            return { state: "succeeded", status: "S", code: null, key: code, field, result: null };
        case "failed":
            return { state: "failed", status: "F", code, key: code, field, result: null };
        case "pending":
            return { state: "pending", status: "U", code, key: code, field, result: null };
        default:
            return { ...UNKNOWN, field };
    }
}
/** All readings must agree; otherwise unknown, never a pick. */
function agree(readings) {
    const first = readings[0];
    if (first === undefined)
        return null;
    return readings.every((r) => r.state === first.state) ? first : { ...UNKNOWN, field: first.field };
}
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
/** The state fields and nested result of the family's operation (a cancel has none). */
function states(body, fam, notice) {
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
        out.push(own(body.paymentResult, "paymentResult", notice));
    }
    return out;
}
/** A field about another operation than the family's: the outcome is then unknown. */
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
/** The last `transactions` entry of each kind the family reads; they must agree. */
function transaction(body, fam, notice) {
    const kinds = fam === "payment" ? [0, 1, 2] : fam === "capture" ? [0, 2] : fam === "refund" ? [0, 3] : [0, 4];
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
        const readings = [];
        if (entry.result !== null) {
            readings.push(own(entry.result, `transactions[${index}].transactionResult`, notice));
        }
        if (entry.status !== null) {
            readings.push(stateField(entry.status, entry.result?.code ?? null, `transactions[${index}].transactionStatus`));
        }
        return agree(readings) ?? { ...UNKNOWN, field: null };
    }));
}
/** What the body's `notifyType` says for a notification about the family. */
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
/** An operation's own result with the family's state fields (they must agree), else its
 * transaction; a cancel's S must be confirmed by any payment state the body carries. */
function operation(body, fam, notice) {
    const ownResult = body.result === null ? null : own(body.result, "result", notice);
    if (fam === "cancel") {
        if (ownResult === null)
            return null;
        if (ownResult.state === "succeeded") {
            const other = states(body, "payment", notice).find((r) => r.state !== "failed");
            if (other !== undefined)
                return { ...UNKNOWN, field: other.field };
        }
        return ownResult;
    }
    return (agree([...(ownResult === null ? [] : [ownResult]), ...states(body, fam, notice)]) ??
        transaction(body, fam, notice));
}
function startsWithAscii(text, prefix) {
    return asciiLower(text.slice(0, prefix.length)) === asciiLower(prefix);
}
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
function read(api, value) {
    if (api !== null && api !== undefined && !APIS.includes(api)) {
        throw new BodyError(`unknown API ${JSON.stringify(String(api))}: expected one of ${APIS.map((a) => JSON.stringify(a)).join(", ")}`);
    }
    const body = readBody(value);
    const inferred = api === null || api === undefined;
    const chosen = api ?? inferApi(body);
    const fam = family(chosen);
    const result = body.result;
    const kind = chosen === "inquiryPayment" || chosen === "inquiryRefund"
        ? "inquiry"
        : chosen === "notifyPayment" || chosen === "notifyCapture" || chosen === "notifyRefund"
            ? "notification"
            : "operation";
    let reading;
    const foreignField = foreign(body, fam);
    if (foreignField !== null) {
        reading = { ...UNKNOWN, field: foreignField };
    }
    else if (body.notifyType !== null && kind !== "notification") {
        reading = { ...UNKNOWN, field: "notifyType" };
    }
    else if (kind === "operation") {
        // Inferred from a bare result: its S or F could be any call's (an F's code still says what
        // to do next).
        if (inferred && result !== null && (result.status === "S" || result.status === "F")) {
            reading = result.status === "F" ? { ...UNKNOWN, status: "F", key: result.code, field: null } : null;
        }
        else {
            reading = operation(body, fam, false);
        }
    }
    else if (kind === "inquiry") {
        if (result !== null && result.status === "F") {
            // The query itself failed: the payment's state is unknown; the call's code says what to
            // do next.
            reading = { state: "unknown", status: "F", code: null, key: result.code, field: "result", result };
        }
        else if (result !== null && (result.status === "U" || result.status === "A")) {
            // Inquire again.
            reading = {
                state: "retry",
                status: result.status,
                code: result.code,
                key: result.code,
                field: "result",
                result,
            };
        }
        else {
            // The payment's results nested in an inquiry report its state, as a notification does.
            reading = agree(states(body, fam, true)) ?? transaction(body, fam, true);
        }
    }
    else {
        switch (notify(body, fam)) {
            case "other":
                reading = { ...UNKNOWN, field: "notifyType" };
                break;
            case "pending": {
                const rs = [
                    { state: "pending", status: "U", code: null, key: null, field: "notifyType", result: null },
                ];
                if (result !== null && result.status === "F")
                    rs.push(own(result, "result", true));
                rs.push(...states(body, fam, true).filter((r) => r.field !== "paymentResult" || r.state === "failed"));
                reading = agree(rs);
                break;
            }
            default: {
                const r = agree(states(body, fam, true));
                if (r === null) {
                    reading = operation(body, fam, true);
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
    return { reading: reading ?? { ...UNKNOWN, field: null }, api: chosen, result, action: body.action };
}
/** A policy in the command's JSON shape. */
function nextAction(p) {
    switch (p.kind) {
        case "backoff":
            return {
                kind: "backoff",
                initial_delay_ms: p.initialDelayMs,
                max_delay_ms: p.maxDelayMs,
                max_attempts: p.maxAttempts,
            };
        case "poll":
            return { kind: "poll", interval_ms: p.intervalMs, timeout_ms: p.timeoutMs };
        default:
            return { kind: p.kind };
    }
}
/**
 * What the person paying must do first: only for a pending outcome, and only where the body
 * sends a URL (a `redirectActionForm` counts with its `redirectUrl`); the fields it had, as sent.
 */
function userActionOf(state, a) {
    if (state !== "pending")
        return null;
    if (a.normalUrl === null && a.schemeUrl === null && a.applinkUrl === null && a.redirectUrl === null) {
        return null;
    }
    return {
        ...(a.normalUrl === null ? {} : { normalUrl: a.normalUrl }),
        ...(a.schemeUrl === null ? {} : { schemeUrl: a.schemeUrl }),
        ...(a.applinkUrl === null ? {} : { applinkUrl: a.applinkUrl }),
        ...(a.redirectUrl === null
            ? {}
            : {
                redirectActionForm: a.method === null ? { redirectUrl: a.redirectUrl } : { redirectUrl: a.redirectUrl, method: a.method },
            }),
    };
}
/**
 * The outcome of a reading: the decision for its state, with its message in `locale`, and what
 * the person paying must do first where it is pending.
 */
function outcomeOf(reading, action, locale) {
    const r = decide(reading.state, reading.status, reading.key);
    const retry = rowOf(r, r.next).retry;
    return {
        outcome: {
            state: reading.state,
            code: reading.code,
            from: reading.field,
            retry: nextAction(retry),
            userMessage: pick(rowOf(r, r.message).messages, locale),
            userAction: userActionOf(reading.state, action),
        },
        retry,
    };
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
export function outcome(api, body, locale = "en") {
    const r = read(api, body);
    return outcomeOf(r.reading, r.action, locale).outcome;
}
/**
 * A synchronous drop-in for the platform's `handleAPIResponse`: reads a parsed response body and
 * returns what to do, what to show and whether the payment is done, instead of throwing: the
 * outcome's decision, the same as `outcome` gives.
 */
export function handleAPIResponse(response, options = {}) {
    const locale = options.locale ?? "en";
    let r;
    try {
        r = read(options.api ?? null, response);
    }
    catch (e) {
        return unreadable(e instanceof Error ? e.message : String(e), locale);
    }
    const { reading, api, result, action } = r;
    const described = result ?? reading.result;
    if (described === null && reading.field === null) {
        return unreadable("not a platform response: no `result` object, and no `resultStatus` or `resultCode` " +
            "field; nor a field that tells a state (`paymentStatus`, `refundStatus`, " +
            "`transactionStatus`, `paymentResult`, `transactions`)", locale);
    }
    // What to do and say about the payment is the outcome's decision, not the body's `result`,
    // which on an inquiry only says that the query worked.
    const { outcome, retry } = outcomeOf(reading, action, locale);
    return {
        status: described?.status ?? reading.status,
        code: described?.code ?? "",
        retry,
        userMessage: outcome.userMessage,
        outcome,
        userAction: outcome.userAction,
        api,
        error: null,
    };
}
/** A body that cannot be read: unknown, the `U` fallback (same request id, after a wait). */
function unreadable(error, locale) {
    const { outcome, retry } = outcomeOf({ ...UNKNOWN, field: null }, noAction(), locale);
    return {
        status: "U",
        code: "",
        retry,
        userMessage: outcome.userMessage,
        outcome,
        userAction: null,
        api: null,
        error,
    };
}
