// ---- Types ----

/** A result status as the platform sends it in `resultStatus`: success, failed, unknown, accepted. */
export type Status = "S" | "F" | "U" | "A";

/**
 * What to do next; times in milliseconds. `backoff`: send the same request (same request id)
 * again after a wait, `maxAttempts` counting the first; `poll`: query the operation's state
 * every `intervalMs` until `timeoutMs`; `refresh_token`: refresh the access token, then send the
 * same request; `reauthorize`: ask the user to authorize the app again; `ask_user`: the person
 * paying must act, send nothing for them; `new_request`: inquire the old request id and, only
 * once it is known unpaid, start over with a new one; `never`: the answer is final.
 * Treat a kind you do not know as `never`.
 */
export type RetryPolicy =
  | {
      readonly kind: "backoff";
      readonly initialDelayMs: number;
      readonly maxDelayMs: number;
      readonly maxAttempts: number;
    }
  | { readonly kind: "poll"; readonly intervalMs: number; readonly timeoutMs: number }
  | { readonly kind: "never" }
  | { readonly kind: "refresh_token" }
  | { readonly kind: "reauthorize" }
  | { readonly kind: "ask_user" }
  | { readonly kind: "new_request" };

/** User messages keyed by BCP 47 locale, English first. */
export type Messages = { readonly en: string; readonly [locale: string]: string };

/** A catalogued code (the keys of `CATALOG`). */
export type Code = keyof typeof CATALOG & string;

/** An alias: another string the platform sends for a catalogued code (the keys of `ALIASES`). */
export type Alias = keyof typeof ALIASES & string;

/** A category key of the catalog. */
export type Category = keyof typeof CATEGORIES & string;

/**
 * A code's entry in the catalog (its row). `aliases`, `deprecated`, `retired` and
 * `inquireFirst` appear only where the catalog gives them. `inquireFirst` says why an `F`
 * answer with this code may come for an order that is already paid or closed: an operation's
 * own `F` with it is `unknown`, and the old request id is inquired first (as for a code whose
 * policy is `new_request`).
 */
export interface Entry {
  readonly status: Status;
  readonly category: string;
  readonly description: string;
  readonly resolution: string;
  readonly retry: RetryPolicy;
  readonly messages: Messages;
  readonly aliases?: readonly string[];
  readonly deprecated?: string;
  readonly retired?: string;
  readonly inquireFirst?: string;
}

/** A status's fallback row: what answers where no code's own row fits the decision. */
export interface FallbackEntry {
  readonly description: string;
  readonly resolution: string;
  readonly retry: RetryPolicy;
  readonly messages: Messages;
}

/**
 * The decision for one result: its state, the next action (`retry`) and the messages for the
 * person paying, which agree (see errcat's docs/decision.md). `code` is `null` for a code the
 * catalog lacks (`rawCode` keeps it as sent). `description`, `resolution` and `category` are
 * the code's (its status's fallback's for an uncatalogued code). `retry` and `messages` come
 * from one row: the code's own where the status rule lets it decide and it fits the state
 * (`decidedByCode`), else the fallback of the state's status; an `unknown` state's messages
 * are always the `U` fallback's ("still confirming").
 */
export interface Classification {
  readonly state: OutcomeState;
  readonly code: Code | null;
  readonly rawCode: string;
  readonly status: Status;
  readonly category: Category | null;
  readonly description: string;
  readonly resolution: string;
  readonly retry: RetryPolicy;
  readonly messages: Messages;
  readonly decidedByCode: boolean;
}

/** A platform API whose response (or notification) a body answers. */
export type Api =
  | "pay"
  | "inquiryPayment"
  | "cancel"
  | "capture"
  | "refund"
  | "inquiryRefund"
  | "notifyPayment"
  | "notifyCapture"
  | "notifyRefund";

/** The payment-level state a body reports for the operation it answers. */
export type OutcomeState = "succeeded" | "failed" | "pending" | "retry" | "unknown";

/**
 * A next action as errcat's command prints it in JSON (`errcat classify --json`): a
 * `RetryPolicy` with its times under snake_case names.
 */
export type NextAction =
  | {
      readonly kind: "backoff";
      readonly initial_delay_ms: number;
      readonly max_delay_ms: number;
      readonly max_attempts: number;
    }
  | { readonly kind: "poll"; readonly interval_ms: number; readonly timeout_ms: number }
  | { readonly kind: "never" }
  | { readonly kind: "refresh_token" }
  | { readonly kind: "reauthorize" }
  | { readonly kind: "ask_user" }
  | { readonly kind: "new_request" };

/**
 * The payment-level outcome of a body, as the command's JSON `outcome`: its state, the code
 * that explains it exactly as sent (the deciding field's; `null` for succeeded, where fields
 * disagree or the field carries no code, and for an inquiry whose own call failed), the field
 * that decided
 * (`"paymentStatus"`, `"transactions[1].transactionResult"`, ...; `null` when nothing did),
 * the next action (`retry`, in the command's JSON shape) and the message for the person
 * paying, from the same row of the catalog.
 */
export interface Outcome {
  readonly state: OutcomeState;
  readonly code: string | null;
  readonly from: string | null;
  readonly retry: NextAction;
  readonly userMessage: string;
  /** What the person paying must do before a pending payment can finish; `null` where the body says nothing, and always unless the state is `pending`. */
  readonly userAction: UserAction | null;
}

/**
 * What the person paying must do before a pending payment can finish, as the command's JSON
 * `outcome.user_action`: only the fields the body had, under the platform's names, each exactly
 * as sent. A redirect wallet's `pay` (`U PAYMENT_IN_PROCESS`) sends a page to open
 * (`normalUrl`), the wallet app's URL scheme (`schemeUrl`) or its app link (`applinkUrl`); a
 * mini-program `pay` (`A ACCEPT`) a form to follow (`redirectActionForm`: its `redirectUrl`, and
 * its `method` where given). errcat passes them on as text: it never fetches or parses them.
 * Show or follow them as you would any text from a response (never as HTML).
 */
export interface UserAction {
  readonly normalUrl?: string;
  readonly schemeUrl?: string;
  readonly applinkUrl?: string;
  readonly redirectActionForm?: { readonly redirectUrl: string; readonly method?: string };
}

/**
 * What kind of problem a `BodyError` is: the Rust crate's `BodyError` variant of the same name
 * (`malformed`: not JSON, or not UTF-8; `notAnObject`; `wrongType`: a field of the wrong JSON
 * type; `badStatus`: a `resultStatus` other than exactly S, F, U or A; `missingField`;
 * `duplicateKey`: a key the answer depends on given twice; `ambiguous`: both a `result` and a
 * top-level `resultStatus`/`resultCode`; `tooLarge`: longer than `MAX_BODY_BYTES`), or
 * `unknownApi`: an API name that is not one of `APIS` (only possible from untyped code).
 */
export type BodyErrorKind =
  | "malformed"
  | "notAnObject"
  | "wrongType"
  | "badStatus"
  | "missingField"
  | "duplicateKey"
  | "ambiguous"
  | "tooLarge"
  | "unknownApi";

/** Options of `handleAPIResponse`. */
export interface HandleOptions {
  /** The API the response answers; inferred from its fields without it. */
  readonly api?: Api;
  /** The user message's locale: a BCP 47 tag or an Accept-Language value; `"en"` without it. */
  readonly locale?: string;
}
