// Compile-time checks of the generated module's types, as a web team would use them:
// compiled by scripts/ts-proof.sh with `tsc --strict --noEmit` against the generated errcat.ts
// and against the JavaScript export's errcat.d.ts. A type that stops holding fails the build.

import {
  BodyError,
  CATALOG,
  MAX_BODY_BYTES,
  classify,
  classifyResult,
  handleAPIResponse,
  isCode,
  outcome,
  toCode,
  userMessage,
  type Alias,
  type BodyErrorKind,
  type Code,
  type Decision,
  type NextAction,
  type Outcome,
  type OutcomeState,
  type RetryPolicy,
  type Status,
  type UserAction,
} from "./errcat.js";

// `Code` is the union of the catalog's keys, and nothing else.
const known: Code = "INSUFFICIENT_BALANCE";
// @ts-expect-error: not a catalogued code
const unknown: Code = "INSUFFICIENT_BALANCES";

// Each entry keeps its literal types.
const status: "F" = CATALOG.INSUFFICIENT_BALANCE.status;
const kind: "poll" = CATALOG.PAYMENT_IN_PROCESS.retry.kind;

// `RetryPolicy` is a discriminated union: a switch over `kind` is exhaustive.
function next(policy: RetryPolicy): string {
  switch (policy.kind) {
    case "backoff":
      return `retry ${policy.maxAttempts} times from ${policy.initialDelayMs} ms up to ${policy.maxDelayMs} ms`;
    case "poll":
      return `poll every ${policy.intervalMs} ms for ${policy.timeoutMs} ms`;
    case "never":
    case "refresh_token":
    case "reauthorize":
    case "ask_user":
    case "new_request":
      return policy.kind;
    default: {
      const none: never = policy;
      return none;
    }
  }
}

// `isCode` narrows a string to a code or an alias of one; `toCode` gives the code.
function entryOf(x: string): string {
  if (isCode(x)) {
    const named: Code | Alias = x;
    const c: Code | null = toCode(named);
    return c === null ? "unreachable" : CATALOG[c].description;
  }
  return "uncatalogued";
}

// An alias is not a key of CATALOG.
// @ts-expect-error: "USER_BALANCE_NOT_ENOUGH" is an alias, not a code
const notAKey: Code = "USER_BALANCE_NOT_ENOUGH";

// @ts-expect-error: a status is S, F, U or A
classifyResult("X", "SUCCESS");

const s: Status = classify(known).status;
const message: string = userMessage(classifyResult("U", "INSUFFICIENT_BALANCE"), "zh-CN");
const state: OutcomeState = outcome("inquiryPayment", { paymentStatus: "SUCCESS" }).state;
// Every answer carries its state; an outcome its next action in the command's JSON shape and
// its message, in the locale asked for.
const classified: OutcomeState = classifyResult("F", "SYSTEM_BUSY").state;
const read: Outcome = outcome("pay", { result: { resultStatus: "U", resultCode: "PAYMENT_IN_PROCESS" } }, "zh-CN");
const shown: string = read.userMessage;
function wait(action: NextAction): number {
  switch (action.kind) {
    case "backoff":
      return action.initial_delay_ms;
    case "poll":
      return action.interval_ms;
    default:
      return 0;
  }
}
// @ts-expect-error: an outcome's next action has the command's snake_case names
read.retry.intervalMs;
// @ts-expect-error: not an API name
outcome("inquiry", {});
const decision: Decision = handleAPIResponse({ result: { resultStatus: "F", resultCode: "RISK_REJECT" } });
// The body's text (or bytes) is read as the crate reads it; a parsed value still works.
const fromText: Outcome = outcome("pay", '{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}');
const fromBytes: Decision = handleAPIResponse(new TextEncoder().encode("{}"), { api: "pay" });
// A body that cannot be read has an error and no outcome: `error` narrows the union.
// @ts-expect-error: the outcome is null where the body could not be read
const unnarrowed: OutcomeState = decision.outcome.state;
function paid(d: Decision): boolean {
  if (d.error !== null) {
    const kind: BodyErrorKind = d.error.kind;
    const none: null = d.outcome;
    return kind === "tooLarge" && none === null;
  }
  const s: Status = d.status;
  return s === "S" && d.outcome.state === "succeeded";
}
const thrown: BodyError | null = (() => {
  try {
    outcome("pay", "[]");
    return null;
  } catch (e) {
    return e instanceof BodyError ? e : null;
  }
})();
const limit: number = MAX_BODY_BYTES;

// What the person paying must do first: `null`, or the fields the body had, under the
// platform's names; the form's `redirectUrl` is always there, its `method` may not be.
const action: UserAction | null = read.userAction;
const sameAction: UserAction | null = decision.userAction;
const redirect: string | undefined = action?.redirectActionForm?.redirectUrl;
const method: string | undefined = action?.redirectActionForm?.method;
const opened: (string | undefined)[] = [action?.normalUrl, action?.schemeUrl, action?.applinkUrl];
// @ts-expect-error: the platform's names, not snake_case
action?.normal_url;
// @ts-expect-error: a form always has its redirectUrl
const formless: UserAction = { redirectActionForm: { method: "POST" } };

export const used = [
  unknown,
  status,
  kind,
  next,
  entryOf,
  notAKey,
  s,
  message,
  state,
  decision,
  classified,
  shown,
  wait,
  action,
  sameAction,
  redirect,
  method,
  opened,
  formless,
  fromText,
  fromBytes,
  unnarrowed,
  paid,
  thrown,
  limit,
];
