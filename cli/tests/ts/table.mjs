// The table of docs/decision.md as a property of the TypeScript module and the JavaScript export
// (issue 20): bodies generated over the whole space of the module's own catalog, each read with
// `outcome` and `handleAPIResponse`, and every result with `classifyResult` and `classify`,
// checked against the table restated here from the document:
//
//   - the state is the one the document gives the body (an operation's own result by the row
//     that decides under the status rule; a state value by the catalog's [states]; a
//     notification's F failed, its U or A pending; an inquiry's own F unknown, its U or A retry; ...);
//   - the next action is one the state allows (succeeded: never; failed: never, ask_user,
//     reauthorize; pending: poll; retry: backoff, refresh_token; unknown: anything but ask_user
//     and new_request), and is the policy of the row the table names;
//   - the message is that row's (an unknown state's: the U fallback's), in English and in every
//     locale of the fallbacks;
//   - no message of a failed or succeeded outcome is also the message of a pending, retry or
//     unknown one;
//   - the same body with the fields that send the person paying somewhere (`normalUrl`,
//     `schemeUrl`, `applinkUrl`, `redirectActionForm`) reads to the same decision, and carries
//     them as `userAction`, exactly as sent, when its state is pending, and never otherwise.
//
// Run by scripts/ts-proof.sh: node table.mjs TS_MODULE.js JS_MODULE.js
// Prints a line per failed check (the first 40 of each module), then `N passed, M failed`; the
// exit status is 1 when M > 0.

import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error("usage: node table.mjs MODULE.js...");
  process.exit(2);
}

let passed = 0;
let failed = 0;
let shown = 0;

function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    return;
  }
  failed += 1;
  shown += 1;
  if (shown <= 40) console.log(`FAIL ${name}${detail === undefined ? "" : `\n  ${detail}`}`);
}

// ---- The document's table, restated ----

const STATUSES = ["S", "F", "U", "A"];
const FINAL = ["never", "ask_user", "reauthorize"];
const RESEND = ["backoff", "refresh_token"];
/** The next actions each state allows. */
const ALLOWED = {
  succeeded: ["never"],
  failed: FINAL,
  pending: ["poll"],
  retry: RESEND,
  unknown: ["never", "reauthorize", "backoff", "refresh_token", "poll"],
};
/** The fallback row of each state's status. */
const STATE_FALLBACK = { succeeded: "S", failed: "F", pending: "A", retry: "U", unknown: "U" };

/** The fields that send the person paying somewhere, and the `userAction` they read to. */
const ACTION_FIELDS = {
  normalUrl: "https://m.wallet.example/cashier?order=7",
  schemeUrl: "wallet://pay?order=7",
  applinkUrl: "https://wallet.example/app/pay?order=7",
  redirectActionForm: { redirectUrl: "https://wallet.example/pay?x=1", method: "POST", parameters: "{}" },
};
const ACTION = {
  normalUrl: ACTION_FIELDS.normalUrl,
  schemeUrl: ACTION_FIELDS.schemeUrl,
  applinkUrl: ACTION_FIELDS.applinkUrl,
  redirectActionForm: { redirectUrl: "https://wallet.example/pay?x=1", method: "POST" },
};

/** The module's snake_case JSON shape of a policy (the command's). */
function json(policy) {
  const names = {
    kind: "kind",
    initialDelayMs: "initial_delay_ms",
    maxDelayMs: "max_delay_ms",
    maxAttempts: "max_attempts",
    intervalMs: "interval_ms",
    timeoutMs: "timeout_ms",
  };
  return Object.fromEntries(Object.entries(policy).map(([k, v]) => [names[k] ?? `?${k}`, v]));
}

function tableOf(m) {
  const entryOf = (code) => {
    if (code === null) return null;
    if (Object.hasOwn(m.CATALOG, code)) return m.CATALOG[code];
    return Object.hasOwn(m.ALIASES, code) ? m.CATALOG[m.ALIASES[code]] : null;
  };
  /** The status rule: the code's row may decide under `status`. */
  const mayDecide = (status, e) => {
    const k = e.retry.kind;
    switch (status) {
      case "S":
        return e.status === "S";
      case "F":
        return e.status !== "S" && k !== "poll";
      case "U":
        return k === "backoff" || k === "poll" || k === "refresh_token";
      default:
        return k === "poll";
    }
  };
  const inquiresFirst = (e) => e.inquireFirst !== undefined || e.retry.kind === "new_request";
  /** The code's row where the status rule lets it decide. */
  const row = (status, code) => {
    const e = entryOf(code);
    return e !== null && mayDecide(status, e) ? e : null;
  };
  /** "An operation's own result": the state, or null where the document gives none. */
  const ownState = (status, code) => {
    if (status === "S") return "succeeded";
    const r = row(status, code);
    const k = (r ?? m.FALLBACKS[status]).retry.kind;
    if (status === "F") {
      if (r !== null && inquiresFirst(r)) return "unknown";
      if (FINAL.includes(k)) return "failed";
      if (RESEND.includes(k)) return "retry";
      return null;
    }
    if (status === "U") {
      if (k === "poll") return "pending";
      if (RESEND.includes(k)) return "retry";
      return null;
    }
    return k === "poll" ? "pending" : null;
  };
  /** "The table": the rows of the next action and of the message, as [name, row]. */
  const rows = (state, status, code) => {
    const r = row(status, code);
    const fallback = (s) => [`the ${s} fallback`, m.FALLBACKS[s]];
    const own = r === null ? null : [`${code}'s row`, r];
    let next;
    switch (state) {
      case "succeeded":
        next = own !== null && r.status === "S" && r.retry.kind === "never" ? own : fallback("S");
        break;
      case "failed":
        next = own !== null && FINAL.includes(r.retry.kind) ? own : fallback("F");
        break;
      case "pending":
        next = own !== null && r.retry.kind === "poll" ? own : fallback("A");
        break;
      case "retry":
        next = own !== null && RESEND.includes(r.retry.kind) ? own : fallback("U");
        break;
      default:
        // Where the code inquires first, poll (the A fallback) before anything the code's row
        // says (docs/decision.md's own-result table: unknown, next action poll).
        next =
          own !== null && inquiresFirst(r)
            ? fallback("A")
            : own !== null && ALLOWED.unknown.includes(r.retry.kind)
              ? own
              : fallback("U");
    }
    return { next, message: state === "unknown" ? fallback("U") : next };
  };
  return { entryOf, ownState, rows };
}

// ---- The space of bodies ----

/** Each case: a body, the API it answers, the state the document gives it and the status and
 * code its decision is read with. */
function cases(m, t) {
  const codes = Object.keys(m.CATALOG);
  const all = [...codes, ...Object.keys(m.ALIASES), "NOT_A_CODE"];
  const out = [];
  const result = (s, c) => ({ resultStatus: s, resultCode: c });
  const ok = result("S", "SUCCESS");

  // An operation's own result: every code and alias (and one the catalog lacks) under every
  // status, as a pay, capture and refund answer.
  for (const api of ["pay", "capture", "refund"]) {
    for (const c of all) {
      for (const s of STATUSES) {
        out.push({ api, body: { result: result(s, c) }, state: t.ownState(s, c), status: s, code: c });
      }
    }
  }
  // Every [states] value of an inquiry, with every result code and without one; and a value
  // the catalog lacks.
  const values = Object.keys(m.STATES);
  const STATUS_OF = { succeeded: "S", failed: "F", pending: "A" };
  for (const [api, field, codeField] of [
    ["inquiryPayment", "paymentStatus", "paymentResultCode"],
    ["inquiryRefund", "refundStatus", "refundResultCode"],
  ]) {
    for (const v of values) {
      const state = m.STATES[v];
      out.push({ api, body: { result: ok, [field]: v }, state, status: STATUS_OF[state], code: null });
      for (const c of all) {
        out.push({
          api,
          body: { result: ok, [field]: v, [codeField]: c },
          state,
          status: STATUS_OF[state],
          code: c,
        });
      }
    }
    out.push({ api, body: { result: ok, [field]: "NOT_A_STATE" }, state: "unknown", status: "U", code: null });
  }
  for (const v of values) {
    const state = m.STATES[v];
    out.push({
      api: "inquiryPayment",
      body: { result: ok, transactionStatus: v },
      state,
      status: STATUS_OF[state],
      code: null,
    });
  }
  // An inquiry's own call: F is unknown with the call's code, U and A inquire again (retry).
  for (const api of ["inquiryPayment", "inquiryRefund"]) {
    for (const c of all) {
      out.push({ api, body: { result: result("F", c) }, state: "unknown", status: "F", code: c });
      for (const s of ["U", "A"]) {
        out.push({ api, body: { result: result(s, c) }, state: "retry", status: s, code: c });
      }
    }
  }
  // Every notifyType: a *_RESULT with every result (an F is failed whatever its code's row
  // says, a U or A pending: a report answers no request), a *_PENDING (pending; unknown beside an F result, which disagrees), another type
  // (unknown), and a type about another operation (unknown).
  for (const [api, prefix] of [
    ["notifyPayment", "PAYMENT"],
    ["notifyCapture", "CAPTURE"],
    ["notifyRefund", "REFUND"],
  ]) {
    for (const c of all) {
      for (const s of STATUSES) {
        const body = { notifyType: `${prefix}_RESULT`, result: result(s, c) };
        const state = s === "F" ? "failed" : s === "S" ? "succeeded" : "pending";
        out.push({ api, body, state, status: s, code: c });
        const pending = { notifyType: `${prefix}_PENDING`, result: result(s, c) };
        out.push(
          s === "F"
            ? { api, body: pending, state: "unknown", status: "U", code: null }
            : { api, body: pending, state: "pending", status: "A", code: null },
        );
      }
    }
    out.push({ api, body: { notifyType: `${prefix}_OTHER`, result: ok }, state: "unknown", status: "U", code: null });
    const other = prefix === "REFUND" ? "PAYMENT_RESULT" : "REFUND_RESULT";
    out.push({ api, body: { notifyType: other, result: ok }, state: "unknown", status: "U", code: null });
  }
  return out;
}

// ---- The checks ----

async function prove(label, path) {
  const m = await import(pathToFileURL(path).href);
  const t = tableOf(m);
  const locales = [...new Set(Object.values(m.FALLBACKS).flatMap((f) => Object.keys(f.messages)))];
  /** Messages (every locale) of final outcomes and of open ones, each with an example. */
  const closed = new Map();
  const open = new Map();
  const note = (state, messages, example) => {
    const into = state === "succeeded" || state === "failed" ? closed : open;
    for (const text of Object.values(messages)) {
      if (!into.has(text)) into.set(text, example);
    }
  };

  for (const c of cases(m, t)) {
    const name = `${label}: ${c.api} ${JSON.stringify(c.body)}`;
    check(`${name}: the document gives it a state`, c.state !== null);
    if (c.state === null) continue;
    const { next, message } = t.rows(c.state, c.status, c.code);
    const o = m.outcome(c.api, c.body);
    check(`${name}: state`, o.state === c.state, `module: ${o.state}, table: ${c.state}`);
    check(
      `${name}: next action allowed in ${o.state}`,
      ALLOWED[o.state]?.includes(o.retry.kind) === true,
      `module: ${o.retry.kind}`,
    );
    check(
      `${name}: next action from ${next[0]}`,
      isDeepStrictEqual(o.retry, json(next[1].retry)),
      `module: ${JSON.stringify(o.retry)}, table: ${JSON.stringify(json(next[1].retry))}`,
    );
    check(
      `${name}: message from ${message[0]}`,
      o.userMessage === message[1].messages.en,
      `module: ${JSON.stringify(o.userMessage)}, table: ${JSON.stringify(message[1].messages.en)}`,
    );
    for (const locale of locales) {
      const text = message[1].messages[locale];
      if (text === undefined) continue;
      check(`${name}: message in ${locale} from ${message[0]}`, m.outcome(c.api, c.body, locale).userMessage === text);
    }
    const d = m.handleAPIResponse(c.body, { api: c.api });
    check(
      `${name}: handleAPIResponse gives the outcome's decision`,
      isDeepStrictEqual([d.outcome, json(d.retry), d.userMessage, d.error], [o, o.retry, o.userMessage, null]),
      `handleAPIResponse: ${JSON.stringify(d)}`,
    );
    // What the person paying must do first: only on a pending outcome, and it changes nothing
    // else.
    check(`${name}: no action without the fields`, o.userAction === null, JSON.stringify(o.userAction));
    const withAction = m.outcome(c.api, { ...c.body, ...ACTION_FIELDS });
    check(
      `${name}: with the action's fields, the same decision`,
      isDeepStrictEqual({ ...withAction, userAction: null }, o),
      `module: ${JSON.stringify(withAction)}`,
    );
    check(
      `${name}: with the action's fields, an action only when pending`,
      isDeepStrictEqual(withAction.userAction, o.state === "pending" ? ACTION : null),
      `module: ${JSON.stringify(withAction.userAction)} (${o.state})`,
    );
    const dAction = m.handleAPIResponse({ ...c.body, ...ACTION_FIELDS }, { api: c.api });
    check(
      `${name}: handleAPIResponse gives the outcome's action`,
      isDeepStrictEqual([dAction.userAction, dAction.outcome], [withAction.userAction, withAction]),
      `handleAPIResponse: ${JSON.stringify(dAction)}`,
    );
    note(o.state, message[1].messages, name);
  }

  // classifyResult and classify: the same table, for a result read as an operation's own.
  const all = [...Object.keys(m.CATALOG), ...Object.keys(m.ALIASES), "NOT_A_CODE"];
  const subjects = [];
  for (const code of all) {
    for (const s of STATUSES) subjects.push({ name: `classifyResult(${s}, ${code})`, c: m.classifyResult(s, code), s, code });
    const own = t.entryOf(code)?.status ?? "F";
    subjects.push({ name: `classify(${code})`, c: m.classify(code), s: own, code });
  }
  for (const { name, c, s, code } of subjects) {
    const state = t.ownState(s, code);
    check(`${label}: ${name}: state`, c.state === state, `module: ${c.state}, table: ${state}`);
    if (state === null) continue;
    const { next, message } = t.rows(state, s, code);
    check(`${label}: ${name}: next action allowed`, ALLOWED[c.state]?.includes(c.retry.kind) === true, c.retry.kind);
    check(`${label}: ${name}: next action from ${next[0]}`, isDeepStrictEqual(c.retry, next[1].retry));
    check(`${label}: ${name}: messages from ${message[0]}`, isDeepStrictEqual(c.messages, message[1].messages));
    check(`${label}: ${name}: decided by the code`, c.decidedByCode === next[0].endsWith("'s row"));
    note(c.state, message[1].messages, `${label}: ${name}`);
  }

  // No message of a failed or succeeded outcome is the message of a pending, retry or unknown one.
  for (const [text, example] of closed) {
    const also = open.get(text);
    check(
      `${label}: the message ${JSON.stringify(text)} is only ever final`,
      also === undefined,
      `final in ${example}\n  open in ${also}`,
    );
  }
}

// The first module is the TypeScript module compiled, the second the JavaScript export.
for (const [i, path] of paths.entries()) {
  await prove(["typescript", "javascript"][i] ?? path, path);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
