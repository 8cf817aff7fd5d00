// One answer to bad input (issue 23, docs/bad-input.md), in the TypeScript module and the
// JavaScript export: every case of cli/tests/data/bad-inputs.json given as the body's text, its
// UTF-8 bytes (a Uint8Array and an ArrayBuffer) and, where JSON.parse reads it, the parsed value,
// to `outcome` and `handleAPIResponse`, against the answer the file gives (which
// cli/tests/it/outcome.rs checks in the Rust library and the command); then the bodies of
// cli/tests/data/outcome-bodies.json and this file, cut short and changed a character at a
// time, as text, against the built `errcat classify --response`: the same error message, or the
// same outcome. Run by scripts/ts-proof.sh:
//
//   node bad-input.mjs ERRCAT_BIN TS_MODULE.js JS_MODULE.js BAD_INPUTS.json OUTCOME_BODIES.json WORKDIR
//
// Prints a line per failed check (the first 40), then `N passed, M failed`; the exit status is 1
// when M > 0.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const [bin, tsPath, jsPath, badPath, bodiesPath, work] = process.argv.slice(2);
if (!work) {
  console.error("usage: node bad-input.mjs ERRCAT_BIN TS_MODULE.js JS_MODULE.js BAD_INPUTS.json OUTCOME_BODIES.json WORKDIR");
  process.exit(2);
}

let passed = 0;
let failed = 0;

function check(name, actual, expected) {
  if (isDeepStrictEqual(actual, expected)) {
    passed += 1;
    return;
  }
  failed += 1;
  if (failed <= 40) console.log(`FAIL ${name}\n  module: ${JSON.stringify(actual)}\n  expect: ${JSON.stringify(expected)}`);
}

const rows = JSON.parse(readFileSync(badPath, "utf8")).rows;

/** A case's bytes: its text or its hex, padded with spaces where it says. */
function bytesOf(row) {
  const raw = row.body_hex !== undefined ? Buffer.from(row.body_hex, "hex") : Buffer.from(row.body, "utf8");
  if (row.pad_to === undefined) return new Uint8Array(raw);
  const padded = new Uint8Array(row.pad_to).fill(0x20);
  padded.set(raw);
  return padded;
}

/** The forms the module is given a case in, each with the answer it must give. */
function formsOf(row) {
  if (row.typescript_only === "undefined") return [["undefined", undefined, row.expect]];
  const bytes = bytesOf(row);
  const forms = [
    ["bytes", bytes, row.expect],
    ["ArrayBuffer", bytes.slice().buffer, row.expect],
  ];
  if (row.body_hex !== undefined) return forms;
  const text = new TextDecoder().decode(bytes);
  forms.unshift(["text", text, row.expect]);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return forms;
  }
  // A string is a text to the module: the parsed value of `"x"` is given as its text again.
  if (typeof parsed !== "string") forms.push(["parsed", parsed, row.parsed ?? row.expect]);
  return forms;
}

/** What `outcome` answers: its error's kind and message, or the outcome's state, code and from. */
function outcomeAnswer(m, api, input) {
  try {
    const o = m.outcome(api, input);
    return { state: o.state, code: o.code, from: o.from };
  } catch (e) {
    if (!(e instanceof m.BodyError)) return { threw: String(e) };
    return { error: e.kind, message: e.message };
  }
}

/** The U fallback's policy kind and message: what an Unreadable says to do meanwhile. */
function uFallback(m) {
  const c = m.classifyResult("U", "");
  return { retry: c.retry, userMessage: m.userMessage(c) };
}

async function prove(label, path) {
  const m = await import(pathToFileURL(path).href);
  check(`${label}: MAX_BODY_BYTES`, m.MAX_BODY_BYTES, 16 * 1024 * 1024);
  for (const row of rows) {
    for (const [form, input, expect] of formsOf(row)) {
      const name = `${label}: ${row.row} (${row.case}) as ${form}`;
      const api = row.api ?? null;
      const o = outcomeAnswer(m, api, input);
      const d = m.handleAPIResponse(input, api === null ? {} : { api });
      if (expect.error !== undefined) {
        check(`${name}: outcome throws`, o, { error: expect.error, message: expect.message });
        check(
          `${name}: handleAPIResponse's error, and no outcome`,
          {
            error: d.error instanceof m.BodyError ? [d.error.kind, d.error.message] : d.error,
            status: d.status,
            code: d.code,
            outcome: d.outcome,
            userAction: d.userAction,
            api: d.api,
            retry: d.retry,
            userMessage: d.userMessage,
          },
          {
            error: [expect.error, expect.message],
            status: null,
            code: null,
            outcome: null,
            userAction: null,
            api: null,
            ...uFallback(m),
          },
        );
      } else {
        check(`${name}: outcome`, o, { state: expect.state, code: expect.code, from: expect.from });
        check(
          `${name}: handleAPIResponse`,
          {
            error: d.error,
            status: d.status,
            code: d.code,
            api: d.api,
            outcome: d.outcome === null ? null : { state: d.outcome.state, code: d.outcome.code, from: d.outcome.from },
          },
          {
            error: null,
            status: expect.status,
            code: expect.raw_code,
            api: expect.api,
            outcome: { state: expect.state, code: expect.code, from: expect.from },
          },
        );
      }
    }
  }

  // What only JavaScript can hand the module.
  const notJson = (what) => ({ error: "malformed", message: `malformed JSON: ${what}` });
  check(`${label}: a text with a lone surrogate`, outcomeAnswer(m, null, '{"x":"\ud800"}'), notJson("invalid UTF-8 (a lone surrogate, U+D800)"));
  const cyclic = { result: { resultStatus: "S", resultCode: "SUCCESS" } };
  cyclic.self = cyclic;
  check(`${label}: a cyclic value is not JSON`, outcomeAnswer(m, "pay", cyclic).error, "malformed");
  check(`${label}: a BigInt code is not JSON`, outcomeAnswer(m, "pay", { result: { resultStatus: "F", resultCode: 1n } }).error, "malformed");
  for (const [what, value, found] of [
    ["a function", () => 1, "a function"],
    ["a number", 7, "a number"],
    ["a boolean", false, "a boolean"],
  ]) {
    check(`${label}: ${what} is not an object`, outcomeAnswer(m, null, value), {
      error: "notAnObject",
      message: `expected a JSON object (a response body with a \`result\` object, or the \`result\` object itself), found ${found}`,
    });
  }
  check(`${label}: an unknown API name`, outcomeAnswer(m, "inquiry", "{}").error, "unknownApi");
  // Deep nesting in a field errcat does not read is skipped, as in the crate (no recursion).
  const deep = `{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"x":${"[".repeat(200000)}${"]".repeat(200000)}}`;
  check(`${label}: a field nested 200000 deep is skipped`, outcomeAnswer(m, "pay", deep), { state: "succeeded", code: null, from: "result" });
  return m;
}

await prove("typescript", tsPath);
const js = await prove("javascript", jsPath);

// ---- Bodies cut short or changed a character at a time: the module's text reader against the crate ----

/** A small seeded generator (mulberry32), so that every run tries the same texts. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(23);
const pick = (xs) => xs[Math.floor(next() * xs.length)];
const PIECES = ['"', "{", "}", "[", "]", ",", ":", "\\", "\\u", "\\ud800", "-", "0", "1e999", ".", "e", " ", "x", "null", "\u00e9", '"resultStatus":"S",', '"paymentStatus":"FAIL",'];
const bases = [
  ...rows.filter((r) => typeof r.body === "string" && r.pad_to === undefined).map((r) => [r.api ?? null, r.body]),
  ...JSON.parse(readFileSync(bodiesPath, "utf8")).cases.map((c) => [c.api, JSON.stringify(c.body)]),
];
const mutations = [];
for (const [api, text] of bases) {
  for (let k = 0; k < 3 && text.length > 0; k++) {
    const at = Math.floor(next() * (text.length + 1));
    const cut = Math.floor(next() * 3);
    const kind = Math.floor(next() * 3);
    const changed =
      kind === 0 ? text.slice(0, at) : kind === 1 ? text.slice(0, at) + pick(PIECES) + text.slice(at + cut) : text.slice(0, at) + text.slice(at + 1 + cut);
    mutations.push([api, changed]);
  }
}

/** The command's answer: its outcome, or its error message without the file and the position. */
function crateAnswer(api, text, i) {
  const file = join(work, `bad-input-${i}.json`);
  writeFileSync(file, text);
  const args = ["classify", "--response", file, "--json"];
  if (api !== null) args.push("--api", api);
  try {
    const out = JSON.parse(execFileSync(bin, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    return { state: out.outcome.state, code: out.outcome.code, from: out.outcome.from };
  } catch (e) {
    if (typeof e.status !== "number") throw e;
    const message = String(e.stderr)
      .trim()
      .replace(/^error: [^\n]*?bad-input-\d+\.json: /, "")
      .replace(/ at line \d+ column \d+$/, "");
    return { message };
  }
}

let errors = 0;
mutations.forEach(([api, text], i) => {
  const expected = crateAnswer(api, text, i);
  const got = outcomeAnswer(js, api, text);
  if (expected.message !== undefined) errors += 1;
  check(
    `changed body ${i} ${JSON.stringify(text).slice(0, 160)} (api ${api ?? "inferred"})`,
    got.error === undefined ? got : { message: got.message },
    expected,
  );
});
// The changes broke most bodies, and left some readable: both sides were compared.
check(`changed bodies the crate rejects (${errors} of ${mutations.length})`, errors > mutations.length / 3 && errors < mutations.length, true);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
