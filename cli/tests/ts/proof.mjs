// The generated TypeScript module (compiled by tsc) and the JavaScript export, against the Rust
// crate's own answers from the built `errcat` binary, field by field. Run by
// scripts/ts-proof.sh: node proof.mjs ERRCAT_BIN TS_MODULE.js JS_MODULE.js BODIES.json WORKDIR
//
// Every case prints nothing when equal, and a line naming the case and the field when not.
// The last line is `N passed, M failed`; the exit status is 1 when M > 0.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const [bin, tsPath, jsPath, bodiesPath, work] = process.argv.slice(2);
if (!work) {
  console.error("usage: node proof.mjs ERRCAT_BIN TS_MODULE.js JS_MODULE.js BODIES.json WORKDIR");
  process.exit(2);
}

let passed = 0;
let failed = 0;

function check(name, actual, expected) {
  if (isDeepStrictEqual(actual, expected)) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${name}\n  module: ${JSON.stringify(actual)}\n  crate:  ${JSON.stringify(expected)}`);
  }
}

/** Runs errcat; returns { code, json, stderr } whatever the exit status. */
function errcat(args) {
  try {
    const stdout = execFileSync(bin, args, {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { code: 0, json: JSON.parse(stdout), stderr: "" };
  } catch (e) {
    if (typeof e.status !== "number") throw e;
    return { code: e.status, json: null, stderr: String(e.stderr) };
  }
}

/** The crate's retry object, in the module's names. */
function retryOf(r) {
  const names = {
    kind: "kind",
    initial_delay_ms: "initialDelayMs",
    max_delay_ms: "maxDelayMs",
    max_attempts: "maxAttempts",
    interval_ms: "intervalMs",
    timeout_ms: "timeoutMs",
  };
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [names[k] ?? `?${k}`, v]));
}

/** The fields `classify --json` and a module's Classification share, in the crate's terms. */
function fromCrate(j) {
  return {
    state: j.state,
    code: j.code,
    status: j.status,
    category: j.category,
    description: j.description,
    resolution: j.resolution,
    retry: retryOf(j.retry),
    messages: Object.entries(j.messages),
    raw_code: j.raw_code,
  };
}

function fromModule(c) {
  return {
    state: c.state,
    code: c.code,
    status: c.status,
    category: c.category,
    description: c.description,
    resolution: c.resolution,
    retry: { ...c.retry },
    messages: Object.entries(c.messages),
    raw_code: c.rawCode,
  };
}

const STATUSES = ["S", "F", "U", "A"];
const UNKNOWN_CODES = [
  "",
  "success",
  "NOT_A_CODE",
  "INSUFFICIENT_BALANCE ",
  " SUCCESS",
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "\u017fUCCESS",
  "支付失败",
];
const LOCALES = [
  "en",
  "EN",
  "en-GB",
  "zh",
  "ZH",
  "zh-CN",
  "zh-Hans",
  "zh-Hans-CN",
  "zh_hans_sg",
  "zh-SG",
  "zh_cn",
  "ZH-cn",
  "zh-TW",
  "zh-Hant",
  "zh-Hant-TW",
  "zh-HK",
  "zh-MO",
  "zh_hant_hk",
  "zh-TW, en;q=0.8",
  "zh-TW,en",
  "zh-CN,en;q=0.8",
  "zh;q=0.9",
  " zh-CN",
  "zh-CN ",
  "\tzh-CN\n",
  "\u00a0zh-CN",
  "\u000bzh-CN",
  "de, zh-CN",
  ",zh-CN",
  "de-DE",
  "fr",
  "",
  "*",
  "-",
  "zh-",
  "x",
  "zz-zz-zz",
  "\u{1F600}",
  "\u212ah",
];

// ---- The crate's answers, asked once ----

const crate = { classify: new Map(), result: new Map(), locale: new Map(), bodies: [] };
const list = errcat(["list", "--json"]).json;
const codes = list.map((r) => r.code);
// Every alias of every code, with the code it names: each is classified under every status.
const aliasOf = new Map(list.flatMap((r) => (r.aliases ?? []).map((a) => [a, r.code])));
const aliases = [...aliasOf.keys()];
for (const code of [...codes, ...aliases, ...UNKNOWN_CODES]) {
  crate.classify.set(code, errcat(["classify", "--json", "--", code]).json);
  for (const s of STATUSES) {
    crate.result.set(`${s} ${code}`, errcat(["classify", "--json", "--status", s, "--", code]).json);
  }
}
const LOCALE_SUBJECTS = [
  { name: "classify(INSUFFICIENT_BALANCE)", args: ["INSUFFICIENT_BALANCE"], status: null, code: "INSUFFICIENT_BALANCE" },
  { name: "classifyResult(U, INSUFFICIENT_BALANCE)", args: ["--status", "U", "INSUFFICIENT_BALANCE"], status: "U", code: "INSUFFICIENT_BALANCE" },
  { name: "classifyResult(A, NOT_A_CODE)", args: ["--status", "A", "NOT_A_CODE"], status: "A", code: "NOT_A_CODE" },
  { name: "classify(SUCCESS)", args: ["SUCCESS"], status: null, code: "SUCCESS" },
];
for (const subject of LOCALE_SUBJECTS) {
  for (const locale of LOCALES) {
    const j = errcat(["classify", "--json", `--locale=${locale}`, ...subject.args]).json;
    crate.locale.set(`${subject.name} ${JSON.stringify(locale)}`, j.user_message);
  }
}
const bodies = JSON.parse(readFileSync(bodiesPath, "utf8")).cases;
bodies.forEach((c, i) => {
  const file = join(work, `body-${i}.json`);
  writeFileSync(file, JSON.stringify(c.body));
  const args = ["classify", "--response", file, "--json", "--locale", "zh-CN"];
  if (c.api !== null) args.push("--api", c.api);
  crate.bodies.push(errcat(args));
});

// ---- Each module against them ----

/** The bodies whose crate outcome carries a user action (each module must have read them all), by name. */
const withAction = new Set();

async function prove(label, path) {
  const m = await import(pathToFileURL(path).href);
  check(`${label}: the catalog has the crate's codes, in order`, Object.keys(m.CATALOG), codes);
  for (const code of codes) {
    check(`${label}: isCode(${JSON.stringify(code)})`, m.isCode(code), true);
    check(`${label}: toCode(${JSON.stringify(code)})`, m.toCode(code), code);
    const record = list.find((r) => r.code === code);
    check(`${label}: CATALOG[${JSON.stringify(code)}].aliases`, m.CATALOG[code].aliases ?? [], record.aliases ?? []);
    check(`${label}: CATALOG[${JSON.stringify(code)}].deprecated`, m.CATALOG[code].deprecated ?? null, record.deprecated ?? null);
    check(`${label}: CATALOG[${JSON.stringify(code)}].retired`, m.CATALOG[code].retired ?? null, record.retired ?? null);
  }
  check(`${label}: ALIASES has every alias, in order`, Object.keys(m.ALIASES), aliases);
  for (const alias of aliases) {
    const name = JSON.stringify(alias);
    check(`${label}: isCode(${name}) (an alias)`, m.isCode(alias), true);
    check(`${label}: toCode(${name})`, m.toCode(alias), aliasOf.get(alias));
    check(`${label}: ALIASES[${name}]`, m.ALIASES[alias], aliasOf.get(alias));
  }
  for (const code of UNKNOWN_CODES) {
    check(`${label}: toCode(${JSON.stringify(code)}) is null`, m.toCode(code), null);
  }
  for (const code of [...codes, ...aliases, ...UNKNOWN_CODES]) {
    const name = JSON.stringify(code);
    const j = crate.classify.get(code);
    const c = m.classify(code);
    check(`${label}: classify(${name})`, fromModule(c), fromCrate(j));
    check(`${label}: userMessage(classify(${name}))`, m.userMessage(c), j.user_message);
    if (!codes.includes(code) && !aliasOf.has(code)) {
      check(`${label}: isCode(${name}) is false`, m.isCode(code), false);
    }
    for (const s of STATUSES) {
      const jr = crate.result.get(`${s} ${code}`);
      const cr = m.classifyResult(s, code);
      check(`${label}: classifyResult(${s}, ${name})`, fromModule(cr), fromCrate(jr));
      check(`${label}: userMessage(classifyResult(${s}, ${name}))`, m.userMessage(cr, "en"), jr.user_message);
    }
  }
  for (const subject of LOCALE_SUBJECTS) {
    const c = subject.status === null ? m.classify(subject.code) : m.classifyResult(subject.status, subject.code);
    for (const locale of LOCALES) {
      const key = `${subject.name} ${JSON.stringify(locale)}`;
      check(`${label}: userMessage(${key})`, m.userMessage(c, locale), crate.locale.get(key));
    }
  }
  bodies.forEach((c, i) => {
    // Each body as the module takes it: parsed, and as its text (the file the command read).
    const text = JSON.stringify(c.body);
    const forms = typeof c.body === "string" ? [["text", text]] : [["parsed", c.body], ["text", text]];
    for (const [form, input] of forms) {
      proveBody(m, `${label}: body ${i} "${c.name}" (api ${c.api ?? "inferred"}, ${form})`, c, crate.bodies[i], input);
    }
  });
  return m;
}

/** One body in one form against the crate's answer (the command's JSON, or its error). */
function proveBody(m, name, c, answer, input) {
  let outcome;
  let thrown = null;
  try {
    outcome = m.outcome(c.api, input, "zh-CN");
  } catch (e) {
    thrown = e;
  }
  const decision = m.handleAPIResponse(input, c.api === null ? { locale: "zh-CN" } : { api: c.api, locale: "zh-CN" });
  if (answer.code === 0) {
    const j = answer.json;
    // The crate's `outcome`: the state, the code, the field that decided, the next action in
    // the same JSON shape, the message (here in zh-CN) and what the person paying must do
    // first (the same shape: the platform's names, exactly as sent), field for field.
    const crateOutcome = {
      state: j.outcome.state,
      code: j.outcome.code,
      from: j.outcome.from,
      retry: j.outcome.retry,
      userMessage: j.outcome.user_message,
      userAction: j.outcome.user_action,
    };
    if (j.outcome.user_action !== null) withAction.add(c.name);
    const got = thrown === null ? { ...outcome, retry: { ...outcome.retry } } : `threw ${thrown}`;
    check(`${name}: outcome`, got, crateOutcome);
    check(
      `${name}: outcome's userAction`,
      thrown === null ? outcome.userAction : `threw ${thrown}`,
      j.outcome.user_action,
    );
    check(
      `${name}: handleAPIResponse`,
      decision.error === null
        ? {
            status: decision.status,
            code: decision.code,
            retry: { ...decision.retry },
            userMessage: decision.userMessage,
            outcome: { ...decision.outcome, retry: { ...decision.outcome.retry } },
            userAction: decision.userAction,
            api: decision.api,
            error: decision.error,
          }
        : `error ${decision.error}`,
      {
        status: j.status,
        code: j.raw_code,
        retry: retryOf(j.outcome.retry),
        userMessage: j.outcome.user_message,
        outcome: crateOutcome,
        userAction: j.outcome.user_action,
        api: j.api,
        error: null,
      },
    );
  } else {
    // The crate rejects the body: the module must too, with a BodyError saying the same
    // (the crate's message names the file first and the position last; the module's has none).
    const said = answer.stderr
      .trim()
      .replace(/^error: [^\n]*?body-\d+\.json: /, "")
      .replace(/ at line \d+ column \d+$/, "");
    check(
      `${name}: rejected`,
      thrown !== null && thrown.name === "BodyError" ? thrown.message : `answered ${JSON.stringify(outcome)}`,
      said,
    );
    // handleAPIResponse: the same error, no status, code or outcome; the U fallback meanwhile.
    check(
      `${name}: handleAPIResponse gives the error and no outcome`,
      [
        decision.error instanceof m.BodyError ? decision.error.message : `not a BodyError: ${decision.error}`,
        decision.error?.kind === thrown?.kind,
        decision.status,
        decision.code,
        decision.outcome,
        decision.userAction,
        decision.api,
        decision.retry.kind,
        decision.userMessage,
      ],
      [said, true, null, null, null, null, null, "backoff", m.userMessage(m.classifyResult("U", ""), "zh-CN")],
    );
  }
}

const ts = await prove("typescript", tsPath);
const js = await prove("javascript", jsPath);
// The action for the person paying was compared on bodies that carry one, not only on nulls.
check(`bodies whose outcome carries a user action (${withAction.size})`, withAction.size >= 8, true);
for (const table of ["CATALOG", "FALLBACKS", "CATEGORIES", "STATES", "APIS"]) {
  check(`javascript export: ${table} equals the TypeScript module's`, js[table], ts[table]);
}
check(
  "javascript export: the same functions as the TypeScript module",
  Object.keys(js).sort(),
  Object.keys(ts).sort(),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
