// ---- Rules (errcat's, written once in errcat's cli/src/typescript/runtime.ts; the JavaScript export's are tsc's output of it) ----

const STATUSES: readonly Status[] = ["S", "F", "U", "A"];

/** Every API name, as the platform writes it. */
export const APIS: readonly Api[] = [
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

const STATE_VALUES: { readonly [value: string]: "succeeded" | "failed" | "pending" | undefined } =
  STATES;

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

const ALIAS_CODES: { readonly [alias: string]: Code | undefined } = ALIASES;

/**
 * The catalogued code that `x` names: the code itself, or the code of an alias (exactly,
 * case-sensitive); `null` for anything else.
 */
export function toCode(x: string): Code | null {
  if (hasOwn(CATALOG, x)) {
    return x as Code;
  }
  return hasOwn(ALIAS_CODES, x) ? (ALIAS_CODES[x] ?? null) : null;
}

/** Whether `x` is a catalogued code or an alias of one (exactly, case-sensitive). */
export function isCode(x: unknown): x is Code | Alias {
  return typeof x === "string" && toCode(x) !== null;
}

/** Whether `x` is exactly `"S"`, `"F"`, `"U"` or `"A"`. */
export function isStatus(x: unknown): x is Status {
  return typeof x === "string" && (STATUSES as readonly string[]).includes(x);
}

/**
 * The status rule: whether, under the response status `status`, the row of a code whose own
 * status is `codeStatus` and whose policy is `retry` may decide. `S` lets an `S` code decide;
 * `F` a code that is not `S` and does not poll; `U` a code that keeps asking (backs off, polls
 * or refreshes the token); `A` a code that polls.
 */
export function letsEntryDecide(status: Status, codeStatus: Status, retry: RetryPolicy): boolean {
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
function isFinal(p: RetryPolicy): boolean {
  return p.kind === "never" || p.kind === "ask_user" || p.kind === "reauthorize";
}

/** The same request, same request id, goes again. */
function resends(p: RetryPolicy): boolean {
  return p.kind === "backoff" || p.kind === "refresh_token";
}

/** Whether `state` allows `p` as its next action. */
function fits(p: RetryPolicy, state: OutcomeState): boolean {
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
function inquiresFirst(entry: Entry): boolean {
  return entry.inquireFirst !== undefined || entry.retry.kind === "new_request";
}

/** The row a next action or message comes from: the code's own, or a status's fallback. */
type Source = "code" | Status;

/** One decision: a state, and the rows its next action and its message come from. */
interface Ruling {
  readonly state: OutcomeState;
  readonly status: Status;
  readonly code: Code | null;
  readonly rawCode: string;
  readonly next: Source;
  readonly message: Source;
}

/** The code's row where the status rule lets it decide under `status`, else `null`. */
function deciding(status: Status, code: Code | null): Entry | null {
  if (code === null) return null;
  const entry: Entry = CATALOG[code];
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
function decide(state: OutcomeState, status: Status, rawCode: string | null): Ruling {
  const code = rawCode === null ? null : toCode(rawCode);
  const entry = deciding(status, code);
  const fallback: Status =
    state === "succeeded" ? "S" : state === "failed" ? "F" : state === "pending" ? "A" : "U";
  let next: Source = fallback;
  if (entry !== null && state === "unknown" && inquiresFirst(entry)) {
    next = "A";
  } else if (entry !== null && fits(entry.retry, state)) {
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
function ownState(status: Status, code: Code | null): OutcomeState {
  if (status === "S") return "succeeded";
  const entry = deciding(status, code);
  if (status === "F" && entry !== null && inquiresFirst(entry)) return "unknown";
  const policy = (entry ?? FALLBACKS[status]).retry;
  if (policy.kind === "poll") return "pending";
  if (resends(policy)) return "retry";
  return isFinal(policy) ? "failed" : "unknown";
}

/** The decision for a result read as an operation's own (`classifyResult`). */
function decideOwn(status: Status, rawCode: string): Ruling {
  return decide(ownState(status, toCode(rawCode)), status, rawCode);
}

function rowOf(r: Ruling, source: Source): Entry | FallbackEntry {
  return source === "code" && r.code !== null ? CATALOG[r.code] : FALLBACKS[source === "code" ? r.status : source];
}

function classification(r: Ruling): Classification {
  const info: Entry | FallbackEntry = r.code === null ? FALLBACKS[r.status] : CATALOG[r.code];
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
export function classify(code: string): Classification {
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
export function classifyResult(status: Status, code: string): Classification {
  if (!isStatus(status)) {
    throw new RangeError(
      `invalid result status ${JSON.stringify(String(status))}: expected one of "S", "F", "U", "A"`,
    );
  }
  return classification(decideOwn(status, code));
}

// ---- Locales: case-insensitive (ASCII), `_` for `-`, falling back by dropping subtags ----

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function tagEq(a: string, b: string): boolean {
  return asciiLower(a).replace(/_/g, "-") === asciiLower(b).replace(/_/g, "-");
}

type Script = "no" | "simplified" | "traditional";

/** Whether a tag is Chinese, and which script: `Hant`, `Hans`, or a region of Traditional use. */
function chinese(tag: string): Script {
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
function firstTag(requested: string): string {
  const head = requested.split(/[,;]/)[0] ?? "";
  return head.replace(/^[ \t\n\f\r]+/, "").replace(/[ \t\n\f\r]+$/, "");
}

function pick(messages: Messages, requested: string): string {
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
export function userMessage(c: Classification, locale: string = "en"): string {
  return pick(c.messages, locale);
}

// ---- The payment outcome of a body ----

/**
 * The longest body `outcome` and `handleAPIResponse` read, in bytes of UTF-8: 16 MiB, the Rust
 * crate's `MAX_BODY_BYTES` (and the `errcat` command's default `--max-response-bytes`). A longer
 * one is a `BodyError` of kind `tooLarge`.
 */
export const MAX_BODY_BYTES = 16777216;

/**
 * A body errcat cannot read: the Rust crate's `BodyError`, with its kind (`kind`: the crate's
 * variant) and its message, without line and column.
 */
export class BodyError extends Error {
  /** What is wrong, as the crate's variant: `malformed` is `Malformed`, and so on. */
  readonly kind: BodyErrorKind;

  constructor(kind: BodyErrorKind, message: string) {
    super(message);
    this.name = "BodyError";
    this.kind = kind;
  }
}

interface ResultInfo {
  readonly status: Status;
  readonly code: string;
}

interface Transaction {
  result: ResultInfo | null;
  status: string | null;
}

interface Body {
  result: ResultInfo | null;
  paymentStatus: string | null;
  paymentResultCode: string | null;
  refundStatus: string | null;
  refundResultCode: string | null;
  transactionStatus: string | null;
  paymentResult: ResultInfo | null;
  /** The last entry of `transactions` of each kind: untyped, PAYMENT, CAPTURE, REFUND, CANCEL. */
  transactions: ({ readonly index: number; readonly entry: Transaction } | null)[];
  notifyType: string | null;
  /** Where the person paying continues a pending payment, exactly as sent. */
  action: Action;
}

/** The redirect wallet's URLs and the mini-program pay's `redirectActionForm`, as sent. */
interface Action {
  normalUrl: string | null;
  schemeUrl: string | null;
  applinkUrl: string | null;
  /** `redirectActionForm.redirectUrl` and `redirectActionForm.method`. */
  redirectUrl: string | null;
  method: string | null;
}

function noAction(): Action {
  return { normalUrl: null, schemeUrl: null, applinkUrl: null, redirectUrl: null, method: null };
}

/**
 * What a field of a body says: a state, the code that explains it (as sent; `null` for
 * succeeded), the field, and the status and code (as sent) the decision is read with (`key`:
 * the field's code, or the call's where an inquiry's own call failed); `result` is the nested
 * result read, if any.
 */
interface Reading {
  readonly state: OutcomeState;
  readonly status: Status;
  readonly code: string | null;
  readonly key: string | null;
  readonly field: string | null;
  readonly result: ResultInfo | null;
}

// ---- Reading a body's text as the crate does: errcat's own JSON reader ----
//
// One pass over the text, in the order the crate's reader (serde_json, driven by errcat) takes:
// the fields an outcome depends on are read and checked as they come, so the first problem in
// the text is the one reported, as in the crate; a key they depend on given twice is an error;
// everything else is skipped (any depth, no recursion), checked only for JSON syntax. A parsed
// value is read as the text `JSON.stringify` makes of it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function isLeading(u: number): boolean {
  return u >= 0xd800 && u <= 0xdbff;
}

function isTrailing(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}

/** The length of `text` in bytes of UTF-8 (a lone surrogate counted as three, as WTF-8 does). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x80) n += 1;
    else if (u < 0x800) n += 2;
    else if (isLeading(u) && i + 1 < text.length && isTrailing(text.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The first lone surrogate of `text` (no UTF-8 can hold it), or -1. */
function loneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (isLeading(u) && i + 1 < text.length && isTrailing(text.charCodeAt(i + 1))) i++;
    else if (isLeading(u) || isTrailing(u)) return u;
  }
  return -1;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

/**
 * The text of UTF-8 bytes, decoded strictly (no overlong forms, no surrogates, nothing past
 * U+10FFFF); the first byte that does not start a valid character is an error, as in the crate.
 */
function fromUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let text = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let cp = -1;
    let size = 1;
    if (b < 0x80) {
      cp = b;
    } else {
      const b1 = bytes[i + 1] ?? 0;
      const b2 = bytes[i + 2] ?? 0;
      const b3 = bytes[i + 3] ?? 0;
      const cont = (x: number): boolean => (x & 0xc0) === 0x80;
      if (b >= 0xc2 && b <= 0xdf && cont(b1)) {
        cp = ((b & 0x1f) << 6) | (b1 & 0x3f);
        size = 2;
      } else if (b >= 0xe0 && b <= 0xef && cont(b1) && cont(b2)) {
        const c = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        if (c >= 0x800 && !(c >= 0xd800 && c <= 0xdfff)) {
          cp = c;
          size = 3;
        }
      } else if (b >= 0xf0 && b <= 0xf4 && cont(b1) && cont(b2) && cont(b3)) {
        const c = ((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
        if (c >= 0x10000 && c <= 0x10ffff) {
          cp = c;
          size = 4;
        }
      }
    }
    if (cp < 0) {
      throw new BodyError("malformed", `malformed JSON: invalid UTF-8 (byte 0x${hex2(b)})`);
    }
    if (cp < 0x10000) {
      units.push(cp);
    } else {
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
    if (units.length >= 8192) {
      text += String.fromCharCode(...units);
      units.length = 0;
    }
    i += size;
  }
  return text + String.fromCharCode(...units);
}

const U64_MAX = "18446744073709551615";

/**
 * Whether serde_json, as errcat's crate builds it (without serde_json's `float_roundtrip`),
 * reads a number (of valid JSON syntax) as a finite double. It keeps the digits in a u64 while
 * they fit (a digit that would pass u64::MAX, and every one after it, only counts in the
 * exponent before the point, or is dropped after it), then multiplies by a power of ten in
 * doubles: a few numbers at the edge of a double's range (`1.7976931348623158e308`) are out of
 * range there though `Number` rounds them to the largest double. An exponent past i32::MAX is
 * out of range unless the significand is zero or the exponent negative.
 */
function serdeFinite(text: string): boolean {
  let i = text.charCodeAt(0) === MINUS ? 1 : 0;
  // The significand's digits, without leading zeros ("" is zero).
  let significand = "";
  let exponent = 0;
  const digit = (): boolean => i < text.length && isDigit(text.charCodeAt(i));
  // significand * 10 + the digit at i, unless that passes u64::MAX.
  const push = (): boolean => {
    const next = significand === "" && text.charCodeAt(i) === 0x30 ? "" : significand + text.charAt(i);
    if (next.length > 20 || (next.length === 20 && next > U64_MAX)) return false;
    significand = next;
    return true;
  };
  let kept = true;
  for (; digit(); i++) {
    if (kept) kept = push();
    if (!kept) exponent++;
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    let keptFraction = true;
    for (; digit(); i++) {
      if (keptFraction) keptFraction = push();
      if (keptFraction) exponent--;
    }
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    let positive = true;
    if (text.charCodeAt(i) === 0x2b) i++;
    else if (text.charCodeAt(i) === MINUS) {
      positive = false;
      i++;
    }
    let n = text.charCodeAt(i) - 0x30;
    for (i++; digit(); i++) {
      const next = n * 10 + (text.charCodeAt(i) - 0x30);
      if (next > 2147483647) return significand === "" || !positive;
      n = next;
    }
    exponent = positive ? Math.min(exponent + n, 2147483647) : Math.max(exponent - n, -2147483648);
  }
  // A division by a power of ten never overflows; zero never does.
  if (exponent <= 0 || significand === "") return true;
  return exponent <= 308 && Number.isFinite(Number(significand) * Number(`1e${exponent}`));
}

/** A scalar field's value: text (a string, or a number's exact JSON text), `null`, or another JSON type. */
type Scalar =
  | { readonly kind: "text"; readonly text: string; readonly number: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "other"; readonly found: string };

/** How a value where a container is expected is read (the crate's visitors): each JSON type's handler, or `wrong`. */
interface Seed<T> {
  readonly map?: () => T;
  readonly seq?: () => T;
  readonly unit?: () => T;
  readonly wrong: (found: string) => BodyError;
}

/** A JSON text, read from the start, with serde_json's grammar and messages. */
class JsonText {
  readonly text: string;
  /** The position of the next character to read. */
  at = 0;
  /** A key was read and its `:` not yet: the value's reader reads it first (serde_json's order). */
  colon = false;

  constructor(text: string) {
    this.text = text;
  }

  fail(message: string): never {
    throw new BodyError("malformed", `malformed JSON: ${message}`);
  }

  /** The next character that is not white space, unread (its code; -1 at the end). */
  peek(): number {
    const s = this.text;
    let i = this.at;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.at = i;
    return i < s.length ? s.charCodeAt(i) : -1;
  }

  /** Nothing but white space is left. */
  end(): void {
    if (this.peek() !== -1) this.fail("trailing characters");
  }

  /** The rest of `null`, `true` or `false`, whose first letter was read. */
  ident(rest: string): void {
    for (let k = 0; k < rest.length; k++) {
      if (this.at >= this.text.length) this.fail("EOF while parsing a value");
      if (this.text.charCodeAt(this.at) !== rest.charCodeAt(k)) {
        this.at++;
        this.fail("expected ident");
      }
      this.at++;
    }
  }

  /**
   * A number at the current position, its JSON text. `strict`: read as a value whose type is
   * looked at (a number too large for a double is out of range); otherwise only its syntax.
   */
  number(strict: boolean): string {
    const s = this.text;
    const start = this.at;
    const digit = (): boolean => this.at < s.length && isDigit(s.charCodeAt(this.at));
    if (s.charCodeAt(this.at) === MINUS) this.at++;
    if (strict && this.at >= s.length) this.fail("EOF while parsing a value");
    const first = this.at < s.length ? s.charCodeAt(this.at) : -1;
    this.at++;
    if (first === 0x30) {
      if (digit()) this.fail("invalid number");
    } else if (isDigit(first)) {
      while (digit()) this.at++;
    } else {
      this.fail("invalid number");
    }
    // A fraction or an exponent without a digit: at the end of the text, a value's type cannot
    // be told yet.
    const noDigit = (): never =>
      this.fail(strict && this.at >= s.length ? "EOF while parsing a value" : "invalid number");
    if (s.charCodeAt(this.at) === 0x2e) {
      this.at++;
      if (!digit()) noDigit();
      while (digit()) this.at++;
    }
    const e = s.charCodeAt(this.at);
    if (e === 0x65 || e === 0x45) {
      this.at++;
      const sign = s.charCodeAt(this.at);
      if (sign === 0x2b || sign === MINUS) this.at++;
      if (!digit()) noDigit();
      while (digit()) this.at++;
    }
    const text = s.slice(start, this.at);
    if (strict && !serdeFinite(text)) this.fail("number out of range");
    return text;
  }

  /** Four hex digits of a `\u` escape. */
  hex4(): number {
    const s = this.text;
    if (this.at + 4 > s.length && utf8Length(s.slice(this.at)) < 4) {
      this.at = s.length;
      this.fail("EOF while parsing a string");
    }
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const h = hexValue(s.charCodeAt(this.at + k));
      if (h < 0) {
        this.at += 4;
        this.fail("invalid escape");
      }
      n = n * 16 + h;
    }
    this.at += 4;
    return n;
  }

  /**
   * The rest of a string whose opening quote was read, decoded. `strict` (a key, a value whose
   * type is looked at): a `\u` escape of half a surrogate pair is an error; otherwise (a field
   * read as it was sent, or skipped) only the escapes' syntax is checked, and a string that
   * holds such an escape is `null`.
   */
  string(strict: boolean): string | null {
    const s = this.text;
    let out = "";
    let start = this.at;
    for (;;) {
      if (this.at >= s.length) this.fail("EOF while parsing a string");
      const c = s.charCodeAt(this.at);
      if (c === QUOTE) {
        out += s.slice(start, this.at);
        this.at++;
        return !strict && loneSurrogate(out) >= 0 ? null : out;
      }
      if (c < 0x20) {
        this.at++;
        this.fail("control character (\\u0000-\\u001F) found while parsing a string");
      }
      if (c !== BACKSLASH) {
        this.at++;
        continue;
      }
      out += s.slice(start, this.at);
      this.at++;
      out += this.escape(strict);
      start = this.at;
    }
  }

  /** The text of an escape whose backslash was read. */
  escape(strict: boolean): string {
    const s = this.text;
    if (this.at >= s.length) this.fail("EOF while parsing a string");
    const c = s.charCodeAt(this.at);
    this.at++;
    switch (c) {
      case QUOTE:
        return '"';
      case BACKSLASH:
        return "\\";
      case 0x2f:
        return "/";
      case 0x62:
        return "\b";
      case 0x66:
        return "\f";
      case 0x6e:
        return "\n";
      case 0x72:
        return "\r";
      case 0x74:
        return "\t";
      case 0x75:
        break;
      default:
        this.fail("invalid escape");
    }
    const n = this.hex4();
    if (!strict) return String.fromCharCode(n);
    // A surrogate pair must be whole, as two escapes.
    if (isTrailing(n)) this.fail("lone leading surrogate in hex escape");
    if (!isLeading(n)) return String.fromCharCode(n);
    for (const next of [BACKSLASH, 0x75]) {
      if (this.at >= s.length) this.fail("EOF while parsing a string");
      if (s.charCodeAt(this.at) !== next) this.fail("unexpected end of hex escape");
      this.at++;
    }
    const low = this.hex4();
    if (!isTrailing(low)) this.fail("lone leading surrogate in hex escape");
    return String.fromCharCode(n, low);
  }

  /** The keys of the object whose `{` was read, decoded; each value is read before the next key. */
  *keys(): Generator<string, void, undefined> {
    let first = true;
    for (;;) {
      let c = this.peek();
      if (c === RBRACE) {
        this.at++;
        return;
      }
      if (c === COMMA && !first) {
        this.at++;
        c = this.peek();
      } else if (c === -1) {
        this.fail("EOF while parsing an object");
      } else if (first) {
        first = false;
      } else {
        this.fail("expected `,` or `}`");
      }
      if (c === RBRACE) this.fail("trailing comma");
      if (c === -1) this.fail("EOF while parsing a value");
      if (c !== QUOTE) this.fail("key must be a string");
      this.at++;
      const key = this.string(true) ?? "";
      this.colon = true;
      yield key;
      // Each value is read before the next key; one left unread is skipped.
      if (this.colon) this.skip();
    }
  }

  /** The `:` after a key, where one was read; the caller reads the value next. */
  afterKey(): void {
    if (!this.colon) return;
    this.colon = false;
    const c = this.peek();
    if (c === -1) this.fail("EOF while parsing an object");
    if (c !== COLON) this.fail("expected `:`");
    this.at++;
  }

  /** The items of the array whose `[` was read; each is read before the next. */
  *items(): Generator<void, void, undefined> {
    let first = true;
    for (;;) {
      let c = this.peek();
      if (c === RBRACKET) {
        this.at++;
        return;
      }
      if (c === COMMA && !first) {
        this.at++;
        c = this.peek();
      } else if (c === -1) {
        this.fail("EOF while parsing a list");
      } else if (first) {
        first = false;
      } else {
        this.fail("expected `,` or `]`");
      }
      if (c === RBRACKET) this.fail("trailing comma");
      if (c === -1) this.fail("EOF while parsing a value");
      yield;
    }
  }

  /**
   * A value where a container is expected: an object or an array goes to its handler as soon as
   * it opens; a scalar is read whole, then goes to its handler, or is the wrong type.
   */
  value<T>(seed: Seed<T>): T {
    this.afterKey();
    const c = this.peek();
    if (c === LBRACE || c === LBRACKET) {
      this.at++;
      const handler = c === LBRACE ? seed.map : seed.seq;
      if (handler === undefined) throw seed.wrong(c === LBRACE ? "an object" : "an array");
      return handler();
    }
    let found: string;
    if (c === 0x6e) {
      this.at++;
      this.ident("ull");
      if (seed.unit !== undefined) return seed.unit();
      found = "null";
    } else if (c === 0x74 || c === 0x66) {
      this.at++;
      this.ident(c === 0x74 ? "rue" : "alse");
      found = "a boolean";
    } else if (c === QUOTE) {
      this.at++;
      this.string(true);
      found = "a string";
    } else if (c === MINUS || isDigit(c)) {
      this.number(true);
      found = "a number";
    } else if (c === -1) {
      this.fail("EOF while parsing a value");
    } else {
      this.fail("expected value");
    }
    throw seed.wrong(found);
  }

  /** A scalar field's value, read whole as it was sent; an object or array is skipped. */
  scalar(): Scalar {
    this.afterKey();
    const c = this.peek();
    if (c === QUOTE) {
      this.at++;
      const text = this.string(false);
      return text === null
        ? { kind: "other", found: "a string with a lone surrogate escape" }
        : { kind: "text", text, number: false };
    }
    if (c === MINUS || isDigit(c)) return { kind: "text", text: this.number(false), number: true };
    if (c === 0x6e) {
      this.skip();
      return { kind: "null" };
    }
    if (c === 0x74 || c === 0x66) {
      this.skip();
      return { kind: "other", found: "a boolean" };
    }
    this.skip();
    return { kind: "other", found: c === LBRACKET ? "an array" : "an object" };
  }

  /** Skips one value of any depth, checking its syntax only (serde_json's `ignore_value`). */
  skip(): void {
    this.afterKey();
    // The containers still open around the value being skipped, outermost first.
    const open: number[] = [];
    for (;;) {
      const c = this.peek();
      let frame = -1;
      if (c === 0x6e || c === 0x74 || c === 0x66) {
        this.at++;
        this.ident(c === 0x6e ? "ull" : c === 0x74 ? "rue" : "alse");
      } else if (c === MINUS || isDigit(c)) {
        this.number(false);
      } else if (c === QUOTE) {
        this.at++;
        this.string(false);
      } else if (c === LBRACKET || c === LBRACE) {
        this.at++;
        frame = c;
      } else if (c === -1) {
        this.fail("EOF while parsing a value");
      } else {
        this.fail("expected value");
      }
      let acceptComma = false;
      if (frame === -1) {
        const enclosing = open.pop();
        if (enclosing === undefined) return;
        frame = enclosing;
        acceptComma = true;
      }
      for (;;) {
        const d = this.peek();
        if (d === COMMA && acceptComma) {
          this.at++;
          break;
        }
        if ((d === RBRACKET && frame === LBRACKET) || (d === RBRACE && frame === LBRACE)) {
          this.at++;
          const enclosing = open.pop();
          if (enclosing === undefined) return;
          frame = enclosing;
          acceptComma = true;
          continue;
        }
        if (d === -1) this.fail(frame === LBRACKET ? "EOF while parsing a list" : "EOF while parsing an object");
        if (acceptComma) this.fail(frame === LBRACKET ? "expected `,` or `]`" : "expected `,` or `}`");
        break;
      }
      if (frame === LBRACE) {
        const k = this.peek();
        if (k === -1) this.fail("EOF while parsing an object");
        if (k !== QUOTE) this.fail("key must be a string");
        this.at++;
        this.string(false);
        const colon = this.peek();
        if (colon === -1) this.fail("EOF while parsing an object");
        if (colon !== COLON) this.fail("expected `:`");
        this.at++;
      }
      open.push(frame);
    }
  }
}

// ---- The fields an outcome depends on, read from the text (the crate's `Body::parse`) ----

function wrongType(field: string, place: string, expected: string, found: string): BodyError {
  return new BodyError("wrongType", `\`${field}\` must be ${expected}, found ${found}${place}`);
}

function notAnObject(found: string): BodyError {
  return new BodyError(
    "notAnObject",
    "expected a JSON object (a response body with a `result` object, or the `result` object " +
      `itself), found ${found}`,
  );
}

/** Marks `key` as seen in an object; the second time, the answer would be ambiguous. */
function once(seen: Set<string>, key: string, place: string): void {
  if (seen.has(key)) {
    throw new BodyError("duplicateKey", `\`${key}\` appears twice in ${place}, so the answer is ambiguous`);
  }
  seen.add(key);
}

/** The JSON type of a value that is not a JSON text (for `found`). */
function found(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "string":
      return "a string";
    case "number":
    case "bigint":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    case "function":
      return "a function";
    default:
      return "a symbol";
  }
}

/** What a non-text `Scalar` is, for a wrong-type message. */
function foundOf(s: Scalar): string {
  return s.kind === "other" ? s.found : s.kind === "null" ? "null" : "a number";
}

/** A field that is text: a number keeps its JSON text; `null` is absent. */
function textField(s: Scalar, field: string): string | null {
  if (s.kind === "text") return s.text;
  if (s.kind === "null") return null;
  throw wrongType(field, "", "a string", s.found);
}

/** A field passed on exactly as sent (a URL, a method): a string; `null` is absent. */
function stringField(s: Scalar, field: string, place: string): string | null {
  if (s.kind === "text" && !s.number) return s.text;
  if (s.kind === "null") return null;
  throw wrongType(field, place, "a string", foundOf(s));
}

const STATUS_TEXT = 'a string (one of "S", "F", "U", "A")';

/** A result object's name (`""`: the body's own top-level fields), where messages place it. */
function inName(name: string): string {
  return name === "" ? "" : ` (in \`${name}\`)`;
}

function placeOf(name: string): string {
  return name === "" ? "in the result object" : `in \`${name}\``;
}

/**
 * A value from the body, quoted for a message as the crate quotes it: printable ASCII as it is,
 * `"` and `\` escaped, `\0`, `\t`, `\r` and `\n` as Rust writes them, every other character as
 * `\u{...}` (lowercase hex, by code point).
 */
function quoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === QUOTE) out += '\\"';
    else if (c === BACKSLASH) out += "\\\\";
    else if (c === 0) out += "\\0";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x0a) out += "\\n";
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += `\\u{${c.toString(16)}}`;
  }
  return out + '"';
}

function statusOf(s: Scalar, name: string): Status {
  if (s.kind === "text" && !s.number) {
    if (isStatus(s.text)) return s.text;
    throw new BodyError(
      "badStatus",
      `\`resultStatus\` ${placeOf(name)}: invalid result status ${quoted(s.text)}: expected one of "S", "F", "U", "A"`,
    );
  }
  throw wrongType("resultStatus", inName(name), STATUS_TEXT, foundOf(s));
}

function codeOf(s: Scalar, name: string): string {
  if (s.kind === "text") return s.text;
  throw wrongType("resultCode", inName(name), "a string", foundOf(s));
}

/** A result's `resultStatus` and `resultCode` as read so far. */
interface Fields {
  status: Status | null;
  code: string | null;
}

function finish(f: Fields, name: string): ResultInfo {
  if (f.status !== null && f.code !== null) return { status: f.status, code: f.code };
  const missing = [f.status === null ? "`resultStatus`" : null, f.code === null ? "`resultCode`" : null].filter(
    (m) => m !== null,
  );
  const what = missing.length === 1 ? `field ${missing[0]}` : `fields ${missing.join(" and ")}`;
  throw new BodyError("missingField", `missing ${what} ${placeOf(name)}`);
}

const RESULT_KEYS: readonly string[] = ["resultStatus", "resultCode", "resultMessage"];

/** A result object (`result`, `paymentResult`, a `transactionResult`) named `name`; `null` is absent. */
function resultAt(r: JsonText, name: string): ResultInfo | null {
  return r.value<ResultInfo | null>({
    map: () => {
      const seen = new Set<string>();
      const f: Fields = { status: null, code: null };
      for (const key of r.keys()) {
        if (!RESULT_KEYS.includes(key)) {
          r.skip();
          continue;
        }
        once(seen, key, `\`${name}\``);
        const s = r.scalar();
        if (key === "resultStatus") f.status = statusOf(s, name);
        else if (key === "resultCode") f.code = codeOf(s, name);
      }
      return finish(f, name);
    },
    unit: () => null,
    wrong: (f) => wrongType(name, "", "an object", f),
  });
}

/** The kinds of `transactions` entry an outcome may read, by `transactionType` (index 0: none). */
const TX_KINDS: readonly string[] = ["PAYMENT", "CAPTURE", "REFUND", "CANCEL"];

function txKind(type: string | null): number | null {
  if (type === null) return 0;
  const i = TX_KINDS.findIndex((k) => asciiLower(k) === asciiLower(type));
  return i < 0 ? null : i + 1;
}

const ENTRY_KEYS: readonly string[] = ["transactionResult", "transactionStatus", "transactionType"];

/** `transactions`: the last entry of each kind; `null` is absent, and so is an empty array. */
function transactionsAt(r: JsonText): Body["transactions"] {
  const last: Body["transactions"] = [null, null, null, null, null];
  return r.value<Body["transactions"]>({
    seq: () => {
      let index = 0;
      for (const _item of r.items()) {
        const at = index;
        const entry: Transaction = { result: null, status: null };
        const type = r.value<string | null>({
          map: () => {
            const seen = new Set<string>();
            let t: string | null = null;
            for (const key of r.keys()) {
              if (!ENTRY_KEYS.includes(key)) {
                r.skip();
                continue;
              }
              once(seen, key, `\`transactions[${at}]\``);
              if (key === "transactionResult") {
                entry.result = resultAt(r, `transactions[${at}].transactionResult`);
              } else if (key === "transactionStatus") {
                entry.status = textField(r.scalar(), `transactions[${at}].transactionStatus`);
              } else {
                t = textField(r.scalar(), `transactions[${at}].transactionType`);
              }
            }
            return t;
          },
          wrong: (f) => wrongType(`transactions[${at}]`, "", "an object", f),
        });
        const kind = txKind(type);
        if (kind !== null) last[kind] = { index: at, entry };
        index++;
      }
      return last;
    },
    unit: () => last,
    wrong: (f) => wrongType("transactions", "", "an array", f),
  });
}

/** `redirectActionForm`: its `redirectUrl` and `method`; `null` is absent, other keys unread. */
function formAt(r: JsonText, action: Action): void {
  r.value<null>({
    map: () => {
      const seen = new Set<string>();
      for (const key of r.keys()) {
        if (key !== "redirectUrl" && key !== "method") {
          r.skip();
          continue;
        }
        once(seen, key, "`redirectActionForm`");
        const value = stringField(r.scalar(), key, " (in `redirectActionForm`)");
        if (key === "redirectUrl") action.redirectUrl = value;
        else action.method = value;
      }
      return null;
    },
    unit: () => null,
    wrong: (f) => wrongType("redirectActionForm", "", "an object", f),
  });
}

const TOP_KEYS: readonly string[] = [
  "result",
  "resultStatus",
  "resultCode",
  "resultMessage",
  "paymentStatus",
  "paymentResultCode",
  "refundStatus",
  "refundResultCode",
  "transactionStatus",
  "paymentResult",
  "transactions",
  "notifyType",
  "normalUrl",
  "schemeUrl",
  "applinkUrl",
  "redirectActionForm",
];

/** A body's text, read: the fields an outcome depends on, checked in the order they come. */
function readText(text: string): Body {
  const length = utf8Length(text);
  if (length > MAX_BODY_BYTES) {
    throw new BodyError("tooLarge", `the body is ${length} bytes, more than errcat reads (16 MiB, ${MAX_BODY_BYTES} bytes)`);
  }
  const lone = loneSurrogate(text);
  if (lone >= 0) {
    throw new BodyError("malformed", `malformed JSON: invalid UTF-8 (a lone surrogate, U+${lone.toString(16).toUpperCase()})`);
  }
  const r = new JsonText(text);
  const body = r.value<Body>({
    map: () => {
      const b: Body = {
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
      const seen = new Set<string>();
      const bare: Fields = { status: null, code: null };
      for (const key of r.keys()) {
        if (!TOP_KEYS.includes(key)) {
          r.skip();
          continue;
        }
        once(seen, key, "the response");
        const resultKey = key === "result" || key === "resultStatus" || key === "resultCode";
        if (resultKey && seen.has("result") && (seen.has("resultStatus") || seen.has("resultCode"))) {
          const which = seen.has("resultStatus") ? "resultStatus" : "resultCode";
          throw new BodyError(
            "ambiguous",
            `the response has both a \`result\` object and a top-level \`${which}\`, so the answer is ambiguous`,
          );
        }
        switch (key) {
          case "result":
            b.result = resultAt(r, "result");
            break;
          case "resultStatus":
            bare.status = statusOf(r.scalar(), "");
            break;
          case "resultCode":
            bare.code = codeOf(r.scalar(), "");
            break;
          case "resultMessage":
            r.scalar();
            break;
          case "paymentResult":
            b.paymentResult = resultAt(r, "paymentResult");
            break;
          case "transactions":
            b.transactions = transactionsAt(r);
            break;
          case "normalUrl":
          case "schemeUrl":
          case "applinkUrl":
            b.action[key] = stringField(r.scalar(), key, "");
            break;
          case "redirectActionForm":
            formAt(r, b.action);
            break;
          case "paymentStatus":
          case "paymentResultCode":
          case "refundStatus":
          case "refundResultCode":
          case "transactionStatus":
          case "notifyType":
            b[key] = textField(r.scalar(), key);
            break;
          default:
            r.skip();
        }
      }
      if (seen.has("resultStatus") || seen.has("resultCode")) b.result = finish(bare, "");
      return b;
    },
    wrong: notAnObject,
  });
  r.end();
  return body;
}

/**
 * A body as given: its text (a string), its bytes (a `Uint8Array` or `ArrayBuffer`, UTF-8), or
 * a parsed value, read as the text `JSON.stringify` makes of it (which has no key twice, and
 * gives a number its JavaScript text).
 */
function bodyOf(value: unknown): Body {
  if (typeof value === "string") return readText(value);
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BodyError(
        "tooLarge",
        `the body is ${bytes.length} bytes, more than errcat reads (16 MiB, ${MAX_BODY_BYTES} bytes)`,
      );
    }
    return readText(fromUtf8(bytes));
  }
  // `undefined`, `null`, a number, a boolean, a function: not an object (nor a JSON text).
  if (typeof value !== "object" || value === null) throw notAnObject(found(value));
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new BodyError(
      "malformed",
      `malformed JSON: the value cannot be written as JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (text === undefined) throw notAnObject(found(value));
  return readText(text);
}

const UNKNOWN: Omit<Reading, "field"> = { state: "unknown", status: "U", code: null, key: null, result: null };

/**
 * A result read as the operation's own: its state from the row that decides. In a report of the
 * operation's state (`notice`: a notification, or an inquiry's nested results), an `F` is the
 * operation's end, failed whatever its code's row says, and a `U` or `A` is pending: it answers
 * no request of ours, so there is nothing to resend.
 */
function own(result: ResultInfo, field: string, notice: boolean): Reading {
  // A report answers no request: an F is the end, a U or A is not final yet.
  const state =
    notice && result.status !== "S"
      ? result.status === "F"
        ? "failed"
        : "pending"
      : ownState(result.status, toCode(result.code));
  const code = state === "succeeded" ? null : result.code;
  return { state, status: result.status, code, key: result.code, field, result };
}

/** The meaning of a state value in the catalog's `STATES`, ignoring ASCII case. */
function stateOf(value: string): "succeeded" | "failed" | "pending" | null {
  const upper = value.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
  return hasOwn(STATE_VALUES, upper) ? (STATE_VALUES[upper] ?? null) : null;
}

/** A state value with its companion code. */
function stateField(value: string, code: string | null, field: string): Reading {
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
function agree(readings: readonly Reading[]): Reading | null {
  const first = readings[0];
  if (first === undefined) return null;
  return readings.every((r) => r.state === first.state) ? first : { ...UNKNOWN, field: first.field };
}

/** The operation an API is about: a body's fields are read for that operation only. */
type Family = "payment" | "cancel" | "capture" | "refund";

function family(api: Api): Family {
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
function states(body: Body, fam: Family, notice: boolean): Reading[] {
  const out: Reading[] = [];
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
function foreign(body: Body, fam: Family): string | null {
  if (fam === "payment") return body.refundStatus !== null ? "refundStatus" : null;
  if (fam === "refund") {
    if (body.paymentStatus !== null) return "paymentStatus";
    if (body.paymentResult !== null) return "paymentResult";
  }
  return null;
}

/** The last `transactions` entry of each kind the family reads; they must agree. */
function transaction(body: Body, fam: Family, notice: boolean): Reading | null {
  const kinds = fam === "payment" ? [0, 1, 2] : fam === "capture" ? [0, 2] : fam === "refund" ? [0, 3] : [0, 4];
  const entries: { readonly index: number; readonly entry: Transaction }[] = [];
  for (const k of kinds) {
    const t = body.transactions[k] ?? null;
    if (t !== null) entries.push(t);
  }
  if (entries.length === 0) return null;
  // The latest first, so that it names the outcome where they agree.
  entries.sort((x, y) => y.index - x.index);
  return agree(
    entries.map(({ index, entry }) => {
      const readings: Reading[] = [];
      if (entry.result !== null) {
        readings.push(own(entry.result, `transactions[${index}].transactionResult`, notice));
      }
      if (entry.status !== null) {
        readings.push(
          stateField(entry.status, entry.result?.code ?? null, `transactions[${index}].transactionStatus`),
        );
      }
      return agree(readings) ?? { ...UNKNOWN, field: null };
    }),
  );
}

/** What the body's `notifyType` says for a notification about the family. */
function notify(body: Body, fam: Family): "result" | "pending" | "other" {
  const t = body.notifyType;
  if (t === null) return "result";
  const prefix = fam === "payment" ? "PAYMENT" : fam === "capture" ? "CAPTURE" : fam === "refund" ? "REFUND" : null;
  if (prefix === null || !startsWithAscii(t, prefix)) return "other";
  const rest = asciiLower(t.slice(prefix.length));
  return rest === "_result" ? "result" : rest === "_pending" ? "pending" : "other";
}

/** An operation's own result with the family's state fields (they must agree), else its
 * transaction; a cancel's S must be confirmed by any payment state the body carries. */
function operation(body: Body, fam: Family, notice: boolean): Reading | null {
  const ownResult = body.result === null ? null : own(body.result, "result", notice);
  if (fam === "cancel") {
    if (ownResult === null) return null;
    if (ownResult.state === "succeeded") {
      const other = states(body, "payment", notice).find((r) => r.state !== "failed");
      if (other !== undefined) return { ...UNKNOWN, field: other.field };
    }
    return ownResult;
  }
  return (
    agree([...(ownResult === null ? [] : [ownResult]), ...states(body, fam, notice)]) ??
    transaction(body, fam, notice)
  );
}

function startsWithAscii(text: string, prefix: string): boolean {
  return asciiLower(text.slice(0, prefix.length)) === asciiLower(prefix);
}

function inferApi(body: Body): Api {
  const t = body.notifyType;
  if (t !== null) {
    if (startsWithAscii(t, "CAPTURE")) return "notifyCapture";
    if (startsWithAscii(t, "REFUND")) return "notifyRefund";
    return "notifyPayment";
  }
  if (body.refundStatus !== null) return "inquiryRefund";
  if (
    body.paymentStatus !== null ||
    body.transactionStatus !== null ||
    body.paymentResult !== null ||
    body.transactions.some((t) => t !== null)
  ) {
    return "inquiryPayment";
  }
  return "pay";
}

interface Read {
  readonly reading: Reading;
  readonly api: Api;
  readonly result: ResultInfo | null;
  readonly action: Action;
}

function read(api: Api | null | undefined, value: unknown): Read {
  if (api !== null && api !== undefined && !APIS.includes(api)) {
    throw new BodyError(
      "unknownApi",
      `unknown API ${JSON.stringify(String(api))}: expected one of ${APIS.map((a) => JSON.stringify(a)).join(", ")}`,
    );
  }
  const body = bodyOf(value);
  const inferred = api === null || api === undefined;
  const chosen = api ?? inferApi(body);
  const fam = family(chosen);
  const result = body.result;
  const kind =
    chosen === "inquiryPayment" || chosen === "inquiryRefund"
      ? "inquiry"
      : chosen === "notifyPayment" || chosen === "notifyCapture" || chosen === "notifyRefund"
        ? "notification"
        : "operation";
  let reading: Reading | null;
  const foreignField = foreign(body, fam);
  if (foreignField !== null) {
    reading = { ...UNKNOWN, field: foreignField };
  } else if (body.notifyType !== null && kind !== "notification") {
    reading = { ...UNKNOWN, field: "notifyType" };
  } else if (kind === "operation") {
    // Inferred from a bare result: its S or F could be any call's (an F's code still says what
    // to do next).
    if (inferred && result !== null && (result.status === "S" || result.status === "F")) {
      reading = result.status === "F" ? { ...UNKNOWN, status: "F", key: result.code, field: null } : null;
    } else {
      reading = operation(body, fam, false);
    }
  } else if (kind === "inquiry") {
    if (result !== null && result.status === "F") {
      // The query itself failed: the payment's state is unknown; the call's code says what to
      // do next.
      reading = { state: "unknown", status: "F", code: null, key: result.code, field: "result", result };
    } else if (result !== null && (result.status === "U" || result.status === "A")) {
      // Inquire again.
      reading = {
        state: "retry",
        status: result.status,
        code: result.code,
        key: result.code,
        field: "result",
        result,
      };
    } else {
      // The payment's results nested in an inquiry report its state, as a notification does.
      reading = agree(states(body, fam, true)) ?? transaction(body, fam, true);
    }
  } else {
    switch (notify(body, fam)) {
      case "other":
        reading = { ...UNKNOWN, field: "notifyType" };
        break;
      case "pending": {
        const rs: Reading[] = [
          { state: "pending", status: "U", code: null, key: null, field: "notifyType", result: null },
        ];
        if (result !== null && result.status === "F") rs.push(own(result, "result", true));
        rs.push(...states(body, fam, true).filter((r) => r.field !== "paymentResult" || r.state === "failed"));
        reading = agree(rs);
        break;
      }
      default: {
        const r = agree(states(body, fam, true));
        if (r === null) {
          reading = operation(body, fam, true);
        } else if (r.state === "succeeded" && result !== null && result.status === "F") {
          reading = { ...UNKNOWN, field: r.field };
        } else {
          reading = r;
        }
      }
    }
  }
  return { reading: reading ?? { ...UNKNOWN, field: null }, api: chosen, result, action: body.action };
}

/** A policy in the command's JSON shape. */
function nextAction(p: RetryPolicy): NextAction {
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
function userActionOf(state: OutcomeState, a: Action): UserAction | null {
  if (state !== "pending") return null;
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
          redirectActionForm:
            a.method === null ? { redirectUrl: a.redirectUrl } : { redirectUrl: a.redirectUrl, method: a.method },
        }),
  };
}

/**
 * The outcome of a reading: the decision for its state, with its message in `locale`, and what
 * the person paying must do first where it is pending.
 */
function outcomeOf(
  reading: Reading,
  action: Action,
  locale: string,
): { readonly outcome: Outcome; readonly retry: RetryPolicy } {
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
export function outcome(api: Api | null, body: unknown, locale: string = "en"): Outcome {
  const r = read(api, body);
  return outcomeOf(r.reading, r.action, locale).outcome;
}

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
export function handleAPIResponse(response: unknown, options: HandleOptions = {}): Decision {
  const locale = options.locale ?? "en";
  let r: Read;
  try {
    r = read(options.api ?? null, response);
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    return unreadable(e, locale);
  }
  const { reading, api, result, action } = r;
  const described = result ?? reading.result;
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

/** A body that cannot be read: the error, and the `U` fallback's policy and message. */
function unreadable(error: BodyError, locale: string): Unreadable {
  const fallback = FALLBACKS.U;
  return {
    status: null,
    code: null,
    retry: fallback.retry,
    userMessage: pick(fallback.messages, locale),
    outcome: null,
    userAction: null,
    api: null,
    error,
  };
}
